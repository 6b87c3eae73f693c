"""The one way entry text reaches a label: literal, in its own direction, long words breakable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from curator.gui.widgets.highlight import plain_label, set_label_text, tooltip_html

HOSTILE = "<b>Gene</b> drives & <a href='x'>more</a>"


def test_plain_label_shows_markup_as_text(qtbot):
    label = plain_label(HOSTILE)
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == HOSTILE
    label.setText("<i>later</i>")  # a later setText stays plain too
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_a_wrapping_label_breaks_long_words_a_single_line_does_not(qtbot):
    word = "x" * 45
    wrapping = plain_label(word)
    one_line = plain_label(word, wrap=False)
    qtbot.addWidget(wrapping)
    qtbot.addWidget(one_line)
    assert "\u200b" in wrapping.text() and wrapping.text().replace("\u200b", "") == word
    assert one_line.text() == word


def test_right_to_left_text_is_laid_out_right_to_left(qtbot):
    label = plain_label("الطاقة الشمسية")
    qtbot.addWidget(label)
    assert label.layoutDirection() == Qt.LayoutDirection.RightToLeft
    set_label_text(label, "solar")
    assert label.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_marked_matches_keep_the_rest_escaped(qtbot):
    label = plain_label()
    qtbot.addWidget(label)
    set_label_text(label, HOSTILE, ["gene"])
    assert label.textFormat() == Qt.TextFormat.RichText
    shown = QTextDocument()
    shown.setHtml(label.text())
    assert shown.toPlainText() == HOSTILE


def test_tooltip_shows_its_text_literally():
    tip = QTextDocument()
    tip.setHtml(tooltip_html(HOSTILE + "\nsecond line"))
    assert tip.toPlainText() == HOSTILE + "\nsecond line"
