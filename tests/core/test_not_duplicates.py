"""Not-duplicates marks, and the migration of a version-1 library that brings their table."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from curator.core.duplicates import mark_not_duplicates, not_duplicates, unmark_not_duplicates
from curator.core.model import Entry
from curator.core.store import Filter, Library
from curator.core.store.schema import SCHEMA_VERSION

A, B, C = "00000000000000aa", "00000000000000bb", "00000000000000cc"
V1_LIBRARY = Path(__file__).resolve().parents[1] / "data" / "library-v1.db"


@pytest.fixture
def library(tmp_path: Path):
    with Library(tmp_path / "lib.db") as library:
        library.imports.store([
            (Entry.model_validate({"id": entry_id, "title": title}), None)
            for entry_id, title in ((A, "First"), (B, "Second"), (C, "Third"))
        ])
        yield library


def test_marking_a_group_marks_every_pair_and_says_which(library: Library) -> None:
    assert mark_not_duplicates(library, [C, A, B]) == [
        (A, B), (A, C), (B, C)]
    assert library.duplicates.marked_pairs() == {(A, B), (A, C), (B, C)}
    # Marked already: nothing new, so undoing this second mark would unmark nothing.
    assert mark_not_duplicates(library, [B, A]) == []


def test_unmarking_says_what_it_took_off_and_undoes_a_mark(library: Library) -> None:
    changed = mark_not_duplicates(library, [A, B])
    assert unmark_not_duplicates(library, [(B, A), (A, C)]) == [
        (A, B)]
    assert library.duplicates.marked_pairs() == set()
    assert mark_not_duplicates(library, changed[0]) == changed  # redo


def test_marks_are_listed_with_titles_even_after_a_delete(library: Library) -> None:
    mark_not_duplicates(library, [A, B])
    library.edits.delete_entries([B])
    [mark] = not_duplicates(library)
    assert (mark.pair, mark.first_title, mark.second_title) == ((A, B), "First", None)
    assert mark.marked_at


def test_marking_needs_two_entries(library: Library) -> None:
    with pytest.raises(ValueError):
        mark_not_duplicates(library, [A, A])


def test_marks_are_kept_in_the_library_file(tmp_path: Path, library: Library) -> None:
    mark_not_duplicates(library, [A, C])
    with Library(library.path, read_only=True) as again:
        assert again.duplicates.marked_pairs() == {(A, C)}


def _rows(conn: sqlite3.Connection, table: str, columns: str = "*") -> list[tuple]:
    return conn.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()


def _columns(conn: sqlite3.Connection, table: str) -> str:
    return ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))


def test_a_version_1_library_is_migrated_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    shutil.copy(V1_LIBRARY, path)
    old = path.read_bytes()
    assert int.from_bytes(old[60:64], "big") == 1  # user_version, read without opening it
    with Library(path) as library:
        assert library.backup_path == tmp_path / "lib.db.v1.bak"
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert library.duplicates.marked_pairs() == set()
        ids = library.entries.ids(Filter())
        mark_not_duplicates(library, ids[:2])
        assert len(library.duplicates.marked_pairs()) == 1
        assert library.saved_views.all()  # the saved view came through
    assert (tmp_path / "lib.db.v1.bak").read_bytes() == old
    # Every row of every table of version 1 is there as it was (entries gains key columns).
    before = sqlite3.connect(tmp_path / "lib.db.v1.bak")
    after = sqlite3.connect(path)
    try:
        for table in ("meta", "imports", "entries", "items", "keywords", "themes", "history",
                      "views"):
            columns = _columns(before, table)
            assert _rows(after, table, columns) == _rows(before, table, columns), table
        assert len(_rows(after, "entries")) == 8
    finally:
        before.close()
        after.close()


def test_a_second_migration_attempt_keeps_the_first_backup(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    shutil.copy(V1_LIBRARY, path)
    earlier = tmp_path / "lib.db.v1.bak"
    earlier.write_bytes(b"an earlier copy")
    with Library(path) as library:
        assert library.backup_path == tmp_path / "lib.db.v1.2.bak"
    assert earlier.read_bytes() == b"an earlier copy"


def test_a_library_another_program_migrated_meanwhile_is_left_alone(tmp_path: Path) -> None:
    from curator.core.store import schema

    path = tmp_path / "lib.db"
    shutil.copy(V1_LIBRARY, path)
    with Library(path):
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # Told version 1 (as read before the other program's upgrade), it finds 2 under lock.
        assert schema.migrate(conn, path, 1) is None
    finally:
        conn.close()
    assert not (tmp_path / "lib.db.v1.2.bak").exists()
