"""The full-text index by sqlite-utils' conventions: found by `sqlite-utils search`, kept in
step with the entries by triggers, and brought to a library of version 1 by migration."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from curator.core.model import Entry
from curator.core.operations import import_files
from curator.core.store import Filter, Library
from curator.core.store.schema import SCHEMA_VERSION
from tests.conftest import REPO

V1_LIBRARY = Path(__file__).resolve().parents[1] / "data" / "library-v1.db"
SEEDS = REPO / "seeds"
WORDS = ("energy", "hydrogen", "battery", "AI", "the", "policy", "heat pump", "ärzte")


def _search(path: Path, word: str) -> list[str]:
    """The ids `sqlite-utils search` finds, as its command line finds them."""
    db = Database(path)
    try:
        table = db["entries"]
        assert table.detect_fts() == "entries_fts"
        return sorted(row["id"] for row in table.search(word, columns=["id"]))
    finally:
        db.close()


def _curator(library: Library, text: str) -> list[str]:
    return sorted(library.entries.ids(Filter(search=text)))


def _integrity(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        # FTS5 compares its index with the content of `entries`, row by row.
        conn.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


@pytest.fixture
def made(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    with Library(path) as library:
        import_files(library, [SEEDS])
    return path


def test_sqlite_utils_finds_what_curator_finds_in_a_library_it_made(made: Path) -> None:
    found_any = False
    with Library(made, read_only=True) as library:
        for word in ("energy", "hydrogen", "battery", "policy"):
            ours = _curator(library, word)
            found_any |= bool(ours)
            assert _search(made, f"{word}*") == ours, word
        assert _search(made, "zzzznothing") == []
    assert found_any
    _integrity(made)


def test_edits_keep_the_index_in_step(made: Path) -> None:
    with Library(made) as library:
        first, second = library.entries.ids(Filter())[:2]
        library.edits.set_terms("keyword", {first: ["zeppelinwort"]})
        assert _search(made, "zeppelinwort") == [first]
        entry = library.entries.get(second)
        library.edits.save_entry(entry.model_copy(update={"title": "Quokkas on parade"}),
                           library.entries.version(second))
        assert _search(made, "quokkas") == [second]
        library.edits.delete_entries([first])
        assert _search(made, "zeppelinwort") == []
    _integrity(made)


def test_a_version_1_library_migrates_to_an_index_sqlite_utils_finds(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    with Library(fresh) as library:
        import_files(library, [SEEDS])
        expected = {word: _curator(library, word) for word in WORDS}
    path = tmp_path / "lib.db"
    shutil.copy(V1_LIBRARY, path)
    with Library(path) as library:
        assert library.backup_path == tmp_path / "lib.db.v1.bak"
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        # The library of version 1 holds the same sample seeds: the same words find the same.
        assert {word: _curator(library, word) for word in WORDS} == expected
        assert any(expected.values())
    _integrity(path)
    assert _search(path, "hydrogen*") == expected["hydrogen"]
    # The views read in any tool: one row per entry, and per item, with the entry's title.
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM entries_view").fetchone()[0] == 8
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM items_view WHERE entry_title <> ''"
                            ).fetchone()[0] == items > 0
    finally:
        conn.close()


def test_the_views_join_keywords_and_titles(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    entry = Entry.model_validate({"id": "00000000000000aa", "title": "Tidal kites",
                                  "keywords": ["ocean", "kite \"power\""],
                                  "themes": ["energy"]})
    with Library(path) as library:
        library.imports.store([(entry, None)])
        library.edits.set_terms("theme", {entry.id: ["energy", "marine"]})
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT keywords, themes, keyword_list, theme_list FROM entries_view"
                           ).fetchone()
        assert row == ('ocean; kite "power"', "energy; marine",
                       '["ocean","kite \\"power\\""]', '["energy","marine"]')
        history = conn.execute("SELECT entry_title, field FROM history_view").fetchall()
        assert ("Tidal kites", "themes") in history
    finally:
        conn.close()
