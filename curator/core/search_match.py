"""Where a search's words occur in entry text, folded as the library's full-text index folds."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

Span = tuple[int, int]
"""A run of characters in a text: [begin, end)."""


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


def match_spans(text: str, words: Sequence[str]) -> list[Span]:
    """Where in `text` a word starts a token, case- and accent-insensitively (FTS prefix).

    The spans are sorted and do not overlap: overlapping or touching matches are merged.
    """
    if not words or not text:
        return []
    folded: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        piece = _fold(ch)
        folded.append(piece)
        origin.extend([index] * len(piece))
    haystack = "".join(folded)
    spans: list[Span] = []
    for word in words:
        start = haystack.find(word)
        while start != -1:
            if start == 0 or not _is_token_char(haystack[start - 1]):
                spans.append((origin[start], origin[start + len(word) - 1] + 1))
            start = haystack.find(word, start + 1)
    merged: list[Span] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged
