"""Matching looks for case folding beyond ASCII only where it can matter, and misses nothing."""

from __future__ import annotations

import itertools
import sqlite3

from curator.core.folding import FOLDS_TO_ASCII, fold, folding_into, register
from curator.core.query.compiler import contains, equals

PIECES = ("s", "S", "ss", "st", "fi", "k", "K", "h", "t", "a", "x", *FOLDS_TO_ASCII, "é")
VALUES = ("ss", "s", "st", "fi", "ffi", "k", "kx", "sts", "h", "t", "a", "x", "xyz", "fish")


def _texts() -> list[str]:
    return ["".join(p) for n in (1, 2) for p in itertools.product(PIECES, repeat=n)]


def test_the_characters_looked_for_are_those_whose_folding_can_match() -> None:
    assert folding_into("quiz") == "İﬁﬃ" and folding_into("qxz") == ""
    assert set("ßſẞﬅﬆ") <= set(folding_into("s")) and folding_into("k") == "\u212a"
    # Equal once folded: only a character that folds to ASCII within the value counts.
    assert folding_into("s", whole=True) == "ſ" and folding_into("quiz", whole=True) == ""
    assert set(folding_into("strasse", whole=True)) == set("ßſẞﬅﬆ")
    assert "ẖ" in folding_into("h") and folding_into("h", whole=True) == ""


def test_sql_matching_finds_what_python_folding_finds() -> None:
    conn = sqlite3.connect(":memory:")
    register(conn)
    conn.execute("CREATE TABLE t (v TEXT)")
    texts = _texts()
    conn.executemany("INSERT INTO t VALUES (?)", [(t,) for t in texts])
    for value in VALUES:
        for build, holds in ((contains, lambda t, v: v in fold(t)),
                             (equals, lambda t, v: fold(t) == v)):
            sql, params = build("v", value)
            found = sorted(r[0] for r in conn.execute(f"SELECT v FROM t WHERE {sql}", params))
            assert found == sorted(t for t in texts if holds(t, value)), (build, value)
