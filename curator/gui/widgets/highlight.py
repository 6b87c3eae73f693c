"""Entry text on screen: always literal, its search matches marked, its long words breakable.

The one way the GUI puts text into a label or a tooltip: `plain_label` makes a label,
`set_label_text` fills one, `tooltip_html` wraps a tooltip. Qt guesses whether a string is
markup (`Qt.AutoText`), so an entry titled "<b>Gene drives</b>" would lose its tags anywhere
else.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from ...core.search_match import match_spans

HIGHLIGHT_BACKGROUND = QColor("#ffe066")
HIGHLIGHT_FOREGROUND = QColor("#1a1a1a")
"""Search matches in a light palette: a marker yellow with dark text."""
DARK_HIGHLIGHT_BACKGROUND = QColor("#806000")
DARK_HIGHLIGHT_FOREGROUND = QColor("#fff6d5")
"""Search matches in a dark palette: a deep amber with light text, so a match does not glare
out of a dark page."""


def highlight_colours(palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """The background and text colours of a search match in `palette` (the application's)."""
    palette = palette or QGuiApplication.palette()
    if palette.color(QPalette.ColorRole.Base).lightness() < 128:
        return DARK_HIGHLIGHT_BACKGROUND, DARK_HIGHLIGHT_FOREGROUND
    return HIGHLIGHT_BACKGROUND, HIGHLIGHT_FOREGROUND

LONG_WORD = 30
"""Words this long get break opportunities, so a label never forces the view wider."""


def marked_html(text: str, spans: Sequence[tuple[int, int]], style: str) -> str:
    """`text` as HTML, every character escaped, the spans marked in `style`."""
    parts: list[str] = []
    last = 0
    for begin, end in spans:
        parts.append(html.escape(text[last:begin]))
        parts.append(f'<span style="{style}">{html.escape(text[begin:end])}</span>')
        last = end
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def highlighted_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` as HTML, every character escaped, with the spans marked as search matches."""
    background, foreground = highlight_colours()
    style = f"background-color:{background.name()};color:{foreground.name()}"
    return marked_html(text, spans, style).replace("\n", "<br>")


def tooltip_html(text: str) -> str:
    """A tooltip that shows `text` literally: QToolTip renders anything that looks like HTML."""
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'


def breakable(text: str) -> str:
    """`text` with invisible break opportunities inside very long words (a hash, a path).

    Labels wrap only between words; without these such a word would force the view wider
    than the window.
    """

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return "\u200b".join(word[i : i + 20] for i in range(0, len(word), 20))

    return re.sub(r"\S{%d,}" % LONG_WORD, split, text)


def text_direction(text: str) -> Qt.LayoutDirection:
    """The direction of the first strong character, as the Unicode bidi algorithm picks it."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def plain_label(text: str = "", *, wrap: bool = True, selectable: bool = True,
                parent: QWidget | None = None) -> QLabel:
    """A label whose text is shown as it is, now and after any later `setText`."""
    label = QLabel(parent)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    set_label_text(label, text)
    return label


def set_label_text(label: QLabel, text: str, words: Sequence[str] = ()) -> None:
    """Show text literally, written in its own direction; rich text (fully escaped) only to
    mark search matches. A wrapping label gets break opportunities in very long words."""
    shown = breakable(text) if label.wordWrap() else text
    spans = match_spans(shown, words)
    if spans:
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setText(f'<div style="white-space:pre-wrap">{highlighted_html(shown, spans)}</div>')
    else:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(shown)
    label.setLayoutDirection(text_direction(text))
