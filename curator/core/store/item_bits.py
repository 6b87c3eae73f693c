"""What an entry's items hold, as the bits of one integer kept on the entry (`item_bits`).

The search language's score, changed and reviewed terms ask whether *some* item of an entry
has a property. Looking through every entry's items costs a pass over millions of rows on a
large library (0.3 to 2 s on 100,000 entries); these bits answer the same question from one
indexed column of the entry (about 20 ms). They are kept where the items are written: from
the entry on import and save (rows.entry_columns), and in SQL where a score or a review mark
changes (refresh), and filled once by the schema-4 migration (fill).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..folding import FOLDS_TO_ASCII as _FOLDING
from ..vocabulary import SECTIONS

if TYPE_CHECKING:
    from ..model import Entry

SCORES = range(1, 6)
IMPORTED_SHIFT = 25
"""Bit (section number) * 5 + score - 1 says some item of that section is scored so; the same
25 bits above this shift for the imported score."""
CHANGED = 1 << 50
"""Some item's score differs from its imported score."""
REVIEWED = 1 << 51
"""Some item has been reviewed."""
UNREVIEWED = 1 << 52
"""Some item has not been reviewed."""
FOLDS_TO_ASCII = 1 << 53
"""The items' text (`items_text`: every cell, extra cells too) holds a character whose case
folding holds an ASCII letter (`ß`, `ﬁ`, the Kelvin sign: folding.FOLDS_TO_ASCII). Only then
can an ASCII value be in an item once folded where SQLite's LIKE (ASCII only) misses it."""
BEYOND_ASCII = 1 << 54
"""The items' text holds a character beyond ASCII (or a NUL): only then can it hold a value
that is not ASCII."""


def score_mask(section: str | None, *, imported: bool, scores: Iterable[int]) -> int:
    """The bits of `scores` in one section (None: any), current or imported."""
    sections = range(len(SECTIONS)) if section is None else (SECTIONS.index(section),)
    shift = IMPORTED_SHIFT if imported else 0
    mask = 0
    for number in sections:
        for score in scores:
            if score in SCORES:
                mask |= 1 << (shift + number * 5 + score - 1)
    return mask


_FOLDING_CHARACTER = re.compile(f"[{_FOLDING}]")


def text_bits(text: str) -> int:
    """The bits of the items' text: whether it may need folding beyond SQLite's own."""
    if text.isascii() and "\x00" not in text:
        return 0
    return BEYOND_ASCII | (FOLDS_TO_ASCII if _FOLDING_CHARACTER.search(text) else 0)


def entry_bits(entry: Entry, items_text: str) -> int:
    """The bits of an entry, from the model (what `fill` and `refresh` compute in SQL)."""
    bits = text_bits(items_text)
    for number, section in enumerate(SECTIONS):
        base = number * 5 - 1
        for item in entry.items(section):
            fields = item.__dict__  # as rows.item_rows: no pydantic attribute look-up
            score = fields["relevancy"]
            bits |= 1 << (base + score)
            imported = fields["relevancy_imported"]
            if imported is not None:
                bits |= 1 << (IMPORTED_SHIFT + base + imported)
                if imported != score:
                    bits |= CHANGED
            bits |= REVIEWED if fields["reviewed"] else UNREVIEWED
    return bits


_SECTION_NUMBER = ("CASE i.section " + " ".join(
    f"WHEN '{section}' THEN {number}" for number, section in enumerate(SECTIONS)) + " END")
ITEMS_BITS = (
    # Each sum(DISTINCT) adds distinct powers of two: a bitwise OR over the items.
    f"coalesce(sum(DISTINCT 1 << ({_SECTION_NUMBER} * 5 + i.relevancy - 1)), 0) "
    f"+ coalesce(sum(DISTINCT 1 << ({IMPORTED_SHIFT} + {_SECTION_NUMBER} * 5 "
    "+ i.relevancy_imported - 1)), 0) "
    f"+ coalesce(max(CASE WHEN i.relevancy_imported != i.relevancy THEN {CHANGED} END), 0) "
    f"+ coalesce(max(CASE WHEN i.reviewed THEN {REVIEWED} END), 0) "
    f"+ coalesce(max(CASE WHEN NOT i.reviewed THEN {UNREVIEWED} END), 0)"
)
"""The item bits of the items `i` of one group (one entry), as an SQL aggregate."""


def fill(conn: sqlite3.Connection) -> None:
    """Compute every entry's bits (the schema-4 migration; inside its transaction).

    The items are read in one grouped pass and the items' text entry by entry (a regular
    expression finds the folding characters in it far quicker than SQLite's GLOB does),
    kept by entry in a temporary table; then each entry is written once: a row of `entries`
    is large, so each pass that writes them all costs about 10 s on 100,000 entries.
    """
    conn.execute("CREATE TEMP TABLE item_bits_of (pk INTEGER PRIMARY KEY, bits INTEGER)")
    try:
        conn.execute(f"INSERT INTO temp.item_bits_of SELECT i.entry_pk, {ITEMS_BITS} "
                     "FROM items i GROUP BY i.entry_pk")
        texts = conn.execute("SELECT pk, items_text FROM entries")
        conn.executemany(
            "INSERT INTO temp.item_bits_of (pk, bits) VALUES (?, ?) "
            "ON CONFLICT (pk) DO UPDATE SET bits = bits | excluded.bits",
            ((pk, bits) for pk, bits in ((pk, text_bits(text or "")) for pk, text in texts)
             if bits))
        conn.execute("UPDATE entries SET item_bits = coalesce((SELECT b.bits FROM "
                     "temp.item_bits_of b WHERE b.pk = entries.pk), 0)")
    finally:
        conn.execute("DROP TABLE temp.item_bits_of")


def refresh(conn: sqlite3.Connection, entry_pks: Iterable[int]) -> None:
    """Compute again the bits of entries whose items' scores or review marks changed."""
    conn.executemany(
        f"UPDATE entries SET item_bits = (item_bits & {FOLDS_TO_ASCII | BEYOND_ASCII}) "
        f"+ (SELECT {ITEMS_BITS} FROM items i WHERE i.entry_pk = entries.pk) WHERE pk = ?",
        [(pk,) for pk in entry_pks])
