"""The item bits kept on each entry agree with its items after imports, edits and migration."""

from __future__ import annotations

import shutil
from pathlib import Path

from curator.core.model import SECTIONS, Entry
from curator.core.store import Filter, Library
from curator.core.store.item_bits import BEYOND_ASCII, FOLDS_TO_ASCII

TEXT_BITS = BEYOND_ASCII | FOLDS_TO_ASCII
FOLDING = "ßİŉſǰẖẗẘẙẚẞ\u212aﬀﬁﬂﬃﬄﬅﬆ"

V1_LIBRARY = Path(__file__).resolve().parents[1] / "data" / "library-v1.db"
CELLS = ("name", "description", "change", "ten_year", "driving_force", "src")


def _expected(entry: Entry) -> tuple[int, bool, bool]:
    """(score, changed and reviewed bits, whether a cell holds text beyond ASCII, whether one
    holds a character that folds to ASCII), from the layout's definition in item_bits.py."""
    bits, beyond, folding = 0, False, False
    for number, section in enumerate(SECTIONS):
        for item in entry.items(section):
            bits |= 1 << (number * 5 + item.relevancy - 1)
            if item.relevancy_imported is not None:
                bits |= 1 << (25 + number * 5 + item.relevancy_imported - 1)
                if item.relevancy_imported != item.relevancy:
                    bits |= 1 << 50
            bits |= 1 << (51 if item.reviewed else 52)
            cells = [str(getattr(item, c, "") or "") for c in CELLS]
            beyond |= any(not cell.isascii() for cell in cells)
            folding |= any(character in FOLDING for cell in cells for character in cell)
    return bits, beyond, folding


def _check(library: Library) -> int:
    """Compare every entry's stored bits with its items; return how many entries there are."""
    stored = dict(library.conn.execute("SELECT id, item_bits FROM entries").fetchall())
    for entry_id, bits in stored.items():
        expected, beyond, folding = _expected(library.entries.get(entry_id))
        assert bits & ~TEXT_BITS == expected, entry_id
        if beyond:
            assert bits & BEYOND_ASCII, entry_id
        if folding:
            assert bits & FOLDS_TO_ASCII, entry_id
    return len(stored)


def _found(library: Library, query: str) -> set[str]:
    return set(library.entries.ids(Filter(query=query)))


def test_imported_entries_hold_the_bits_of_their_items(seeded: Library) -> None:
    assert _check(seeded) == 8
    # The sample seeds are plain ASCII but for some: those entries, and only they, are marked.
    marks = dict(seeded.conn.execute("SELECT id, item_bits & ? != 0 FROM entries",
                                     [BEYOND_ASCII]).fetchall())
    texts = dict(seeded.conn.execute("SELECT id, items_text FROM entries").fetchall())
    assert marks == {entry_id: int(not text.isascii()) for entry_id, text in texts.items()}


def test_score_changes_and_review_marks_keep_the_bits(seeded: Library) -> None:
    first, second = seeded.entries.ids(Filter())[:2]
    assert _found(seeded, "changed:yes") == set()
    old = seeded.entries.get(first).concerns[0].relevancy
    new = 1 if old != 1 else 2
    seeded.edits.set_relevancy(first, "concerns", 0, new)
    _check(seeded)
    assert _found(seeded, "changed:yes") == {first}
    assert first in _found(seeded, f"concern.relevancy:{new}")
    assert _found(seeded, "reviewed:yes") == set()
    seeded.items.set_reviewed([(second, "signals", 0)])
    _check(seeded)
    assert _found(seeded, "reviewed:yes") == {second}
    seeded.items.set_reviewed([(second, "signals", 0)], reviewed=False)
    seeded.edits.set_relevancy(first, "concerns", 0, old)
    _check(seeded)
    assert _found(seeded, "changed:yes") == _found(seeded, "reviewed:yes") == set()


def test_a_saved_entry_gets_the_bits_of_its_new_items(seeded: Library) -> None:
    entry_id = seeded.entries.ids(Filter())[0]
    entry = seeded.entries.get(entry_id)
    signal = entry.signals[0].model_copy(update={"name": "Straße der Pumpen", "relevancy": 1,
                                                 "relevancy_imported": 5})
    seeded.edits.save_entry(entry.model_copy(update={"signals": [signal]}),
                            seeded.entries.version(entry_id))
    _check(seeded)
    assert seeded.conn.execute("SELECT item_bits & ? FROM entries WHERE id = ?",
                               [FOLDS_TO_ASCII, entry_id]).fetchone()[0]
    assert entry_id in _found(seeded, "signal:strasse") & _found(seeded, "changed:yes")
    assert entry_id in _found(seeded, "signal.relevancy:1 signal.imported:5")


def test_a_version_1_library_gets_the_bits_of_its_items(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    shutil.copy(V1_LIBRARY, path)
    with Library(path) as library:
        assert library.backup_path is not None
        assert _check(library) == 8
        # Made with one score changed and no item reviewed (tests/data/README.md).
        assert len(_found(library, "changed:yes")) == 1
        assert _found(library, "reviewed:no") == set(library.entries.ids(Filter()))
