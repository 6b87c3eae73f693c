"""Entry text on screen: always literal, its search matches marked, its long words breakable."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

HIGHLIGHT_BACKGROUND = QColor("#ffe066")
HIGHLIGHT_FOREGROUND = QColor("#1a1a1a")
"""Search matches: a marker yellow with dark text, readable on light and dark palettes."""

LONG_WORD = 30
"""Words this long get break opportunities, so a label never forces the view wider."""


def _is_token_char(ch: str) -> bool:
    # What SQLite's unicode61 tokenizer keeps in a token: letters, numbers, marks, private use.
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def _fold(ch: str) -> str:
    # unicode61 with remove_diacritics folds accents off Latin-like letters only; marks of
    # other scripts (Devanagari vowel signs, Arabic harakat) stay part of the word.
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) > 1 and ord(decomposed[0]) < 0x0250:
        return decomposed[0].casefold()
    return ch.casefold()


def search_words(search: str) -> list[str]:
    """The folded words of a search, as the library's FTS query sees them.

    Whitespace separates words (as in `fts_query`); quotes and other punctuation inside a
    word separate its tokens, as the tokenizer does, so each token is matched as a prefix.
    """
    words: list[str] = []
    for raw in search.replace("\x00", " ").split():
        token = ""
        for ch in raw:
            if _is_token_char(ch):
                token += _fold(ch)
            elif token:
                words.append(token)
                token = ""
        if token:
            words.append(token)
    return list(dict.fromkeys(words))


def match_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where in `text` a word starts a token, case- and accent-insensitively (FTS prefix)."""
    if not words or not text:
        return []
    folded: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        piece = _fold(ch)
        folded.append(piece)
        origin.extend([index] * len(piece))
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = haystack.find(word)
        while start != -1:
            if start == 0 or not _is_token_char(haystack[start - 1]):
                spans.append((origin[start], origin[start + len(word) - 1] + 1))
            start = haystack.find(word, start + 1)
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def highlighted_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` as HTML, every character escaped, with the spans marked."""
    style = (
        f"background-color:{HIGHLIGHT_BACKGROUND.name()};"
        f"color:{HIGHLIGHT_FOREGROUND.name()}"
    )
    parts: list[str] = []
    last = 0
    for begin, end in spans:
        parts.append(html.escape(text[last:begin]))
        parts.append(f'<span style="{style}">{html.escape(text[begin:end])}</span>')
        last = end
    parts.append(html.escape(text[last:]))
    return "".join(parts).replace("\n", "<br>")


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


def set_label_text(label: QLabel, text: str, words: Sequence[str] = ()) -> None:
    """Show entry text literally; rich text (fully escaped) only to mark search matches."""
    shown = breakable(text)
    spans = match_spans(shown, words)
    if spans:
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setText(f'<div style="white-space:pre-wrap">{highlighted_html(shown, spans)}</div>')
    else:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(shown)
    label.setLayoutDirection(text_direction(text))
