"""Case folding for matching, in Python and as an SQL function on each connection."""

from __future__ import annotations

import sqlite3

FOLD = "curator_fold"
"""The SQL name of fold(): SQLite's own lower() folds only ASCII letters."""


FOLDS_TO_ASCII = ("\xdf\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
                  "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
"""Every character beyond ASCII whose case folding holds an ASCII letter (ß: ss, K: k, ﬁ: fi...).

Text without them folds to ASCII only where it is ASCII, so SQLite's own case-insensitive
LIKE and NOCASE (C code, ASCII only) find an ASCII value exactly; only text that holds one
of these, or a value beyond ASCII, needs the Python function (slow over millions of rows).
"""


def fold(text: str) -> str:
    """Text as matching compares it: case folded in every script (`Ä` and `ä` are equal)."""
    return text.casefold()


def folding_into(value: str, *, whole: bool = False) -> str:
    """The characters of FOLDS_TO_ASCII whose folding shares a character with a folded ASCII
    value: text that SQLite's ASCII-only LIKE finds no value in can hold it once folded only
    if it holds one of these (`ß` and `ſ` for a value with an s; none for `qxz`).

    `whole`: for text that must equal the value once folded, where a character can only
    stand for part of the value (`ß` for an `ss` in it), never for a letter and a mark.
    """
    if whole:
        return "".join(c for c in FOLDS_TO_ASCII if fold(c).isascii() and fold(c) in value)
    present = set(value)
    return "".join(c for c in FOLDS_TO_ASCII if present & set(fold(c)))


def _fold_sql(text: object) -> str | None:
    return None if text is None else str(text).casefold()


def register(conn: sqlite3.Connection) -> None:
    """Make the folding function the compiled SQL calls available on a connection."""
    conn.create_function(FOLD, 1, _fold_sql, deterministic=True)
