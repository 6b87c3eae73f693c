"""Library files Curator cannot use, through `curator import --db`: a clear message, bytes kept.

tests/core/test_store.py checks the same refusals on `Library` itself, and tests/test_cli.py
a text file through the CLI; here every kind goes through the command, and the migration of
an older library keeps a backup.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from curator.cli import main
from curator.core.errors import LibraryError
from curator.core.importer import import_paths
from curator.core.store import Filter, Library, schema
from tests.conftest import SEEDS

SAMPLE = sorted(SEEDS.glob("*.txt"))[0]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "good.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    return path


def _copy(good: Path, folder: Path) -> Path:
    path = folder / "lib.db"
    shutil.copy(good, path)
    return path


def _foreign(good: Path, folder: Path) -> Path:
    path = folder / "lib.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    return path


def _newer(good: Path, folder: Path) -> Path:
    path = _copy(good, folder)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return path


def _read_only(good: Path, folder: Path) -> Path:
    path = _copy(good, folder)
    path.chmod(0o444)
    return path


def _lookalike(good: Path, folder: Path) -> Path:
    """Another program's file that happens to have tables named as Curator's, version 0."""
    path = folder / "lib.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('app', 'inventory')")
    conn.execute("CREATE TABLE entries (pk INTEGER PRIMARY KEY, id TEXT, title TEXT)")
    conn.commit()
    conn.close()
    return path


def _bytes(transform):  # noqa: ANN001, ANN202
    def make(good: Path, folder: Path) -> Path:
        path = folder / "lib.db"
        path.write_bytes(transform(good.read_bytes()))
        return path
    return make


def _garble(data: bytes) -> bytes:
    damaged = bytearray(data)
    for offset in range(4096 * 3, len(damaged), 997):
        damaged[offset] = 0x55
    return bytes(damaged)


def _folder(good: Path, folder: Path) -> Path:
    path = folder / "lib.db"
    path.mkdir()
    return path


CASES = {
    "not SQLite (a PDF)": (_bytes(lambda d: b"%PDF-1.7\n" + d[:2000]), "not an SQLite database"),
    "SQLite header only": (_bytes(lambda d: d[:100]), "damaged or not a database"),
    "truncated to a third": (_bytes(lambda d: d[: len(d) // 3]), "damaged or not a database"),
    "schema garbled": (_bytes(_garble), "damaged or not a database"),
    "another program's SQLite": (_foreign, "another program"),
    "another program's SQLite with a meta and an entries table, unstamped": (
        _lookalike, "another program"),
    "newer schema": (_newer, "made by a newer Curator"),
    "read-only file": (_read_only, "is read-only: nothing was imported"),
    "a folder": (_folder, "is a folder"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_unusable_library_is_a_clear_message_and_untouched(good: Path, tmp_path: Path, kind: str,
                                                           capsys, tried) -> None:
    make, message = CASES[kind]
    path = make(good, tmp_path)
    before = path.read_bytes() if path.is_file() else None
    code = main(["import", "--db", str(path), str(SAMPLE)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("curator: ") and err.count("\n") == 1 and message in err, err
    if before is not None:
        assert path.read_bytes() == before
    left = sorted(p.name for p in tmp_path.iterdir())
    # A read-only connection to a WAL library makes its -wal and -shm files (SQLite's doing).
    assert left == ["lib.db"] or kind == "read-only file", f"files were left beside it: {left}"
    tried(f"library file: {kind}", 1,
          f"`curator import --db` exit 2, \"{message}\", bytes unchanged")


def test_library_in_a_missing_folder_is_refused(tmp_path: Path, capsys, tried) -> None:
    code = main(["import", "--db", str(tmp_path / "nowhere" / "lib.db"), str(SAMPLE)])
    assert code == 2 and "The folder" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()
    tried("library file in a missing folder", 1, "exit 2, \"The folder … does not exist\", "
          "no folder created")


def _damage_pages(good: Path, folder: Path) -> Path:
    """Damage the entries table itself, past the schema that opening the library reads."""
    path = _copy(good, folder)
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * 4096: root * 4096] = b"\x55" * 4096
    path.write_bytes(bytes(data))
    return path


def test_damage_past_the_schema_is_a_clear_message(good: Path, tmp_path: Path, capsys,
                                                   tried) -> None:
    path = _damage_pages(good, tmp_path)
    code = main(["import", "--db", str(path), str(SAMPLE)])
    out, err = capsys.readouterr()
    assert code in (1, 2)
    assert "Traceback" not in err and "is damaged" in err and "nothing was changed" in err, err
    tried("library file with its entries table damaged (schema intact)", 1,
          f"exit {code}, refused as damaged before the import starts, no traceback")


def test_damage_past_the_schema_leaves_the_file_untouched(good: Path, tmp_path: Path,
                                                          capsys, tried) -> None:
    tried("library file with its entries table damaged: file left as it was", 1,
          "bytes unchanged after the refused import")
    path = _damage_pages(good, tmp_path)
    before = path.read_bytes()
    main(["import", "--db", str(path), str(SAMPLE)])
    assert path.read_bytes() == before


# -- migration from an older schema ---------------------------------------------------------
# There is no older schema yet (SCHEMA_VERSION 1, no MIGRATIONS): these tests pretend the
# current one is old by raising SCHEMA_VERSION with a migration step, in this process only.


def _old_library(good: Path, folder: Path) -> tuple[Path, bytes]:
    path = _copy(good, folder)
    return path, path.read_bytes()


def test_migration_keeps_a_backup_of_the_old_file(good: Path, tmp_path: Path, monkeypatch,
                                                  tried) -> None:
    path, old = _old_library(good, tmp_path)
    version = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", version + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {version: [
        "ALTER TABLE entries ADD COLUMN reviewer TEXT",
        "CREATE INDEX entries_by_reviewer ON entries(reviewer, pk)"]})
    with Library(path) as library:
        assert library.backup_path == path.with_name(f"lib.db.v{version}.bak")
        assert library.backup_path.read_bytes() == old
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == version + 1
        assert library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        columns = {row[1] for row in library.conn.execute("PRAGMA table_info(entries)")}
        assert "reviewer" in columns
        ids = library.entries.ids(Filter())
        entries = [library.entries.get(i) for i in ids]
    monkeypatch.undo()
    with Library(good, read_only=True) as original:
        assert [original.entries.get(i) for i in ids] == entries
    with Library(path.with_name(f"lib.db.v{version}.bak"), read_only=True) as backup:
        assert backup.entries.total() == len(entries)
    tried("migration of an older library (simulated: SCHEMA_VERSION raised in-process)", 1,
          "backup `lib.db.vN.bak` equals the old bytes; every entry the same after migrating")


def test_failed_migration_changes_nothing(good: Path, tmp_path: Path, monkeypatch, tried) -> None:
    path, old = _old_library(good, tmp_path)
    version = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", version + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {version: [
        "ALTER TABLE entries ADD COLUMN reviewer TEXT", "CREATE TABLE meta (clash TEXT)"]})
    with pytest.raises(LibraryError):
        Library(path)
    monkeypatch.undo()
    assert path.with_name(f"lib.db.v{version}.bak").read_bytes() == old
    with Library(path) as library:
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == version
        columns = {row[1] for row in library.conn.execute("PRAGMA table_info(entries)")}
        assert "reviewer" not in columns
        assert library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    tried("migration step that fails half-way (simulated)", 1,
          "LibraryError; the first step rolled back, version unchanged, backup kept")


V1_LIBRARY = Path(__file__).resolve().parents[1] / "data" / "library-v1.db"


def test_a_real_version_1_library_migrates_while_another_program_reads_it(
        tmp_path: Path, tried) -> None:
    path = tmp_path / "lib.db"
    shutil.copy(V1_LIBRARY, path)
    old = path.read_bytes()
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        titles = reader.execute("SELECT id, title FROM entries ORDER BY pk").fetchall()
        with Library(path) as library:  # the upgrade, while the reader holds its snapshot
            version = library.conn.execute("PRAGMA user_version").fetchone()[0]
            assert version == schema.SCHEMA_VERSION == 5
            assert library.duplicates.marked_pairs() == set()
        # The reader still reads the library as it was, undisturbed.
        assert reader.execute("SELECT id, title FROM entries ORDER BY pk").fetchall() == titles
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert (tmp_path / "lib.db.v1.bak").read_bytes() == old
    main(["import", "--db", str(path), str(SEEDS)])  # and it is a working library
    with Library(path) as library:
        assert [(i, library.entries.get(i).title) for i, _ in titles] == titles
    tried("migration of a real version-1 library while another program reads it", 1,
          "a backup equal to the old file; the reader undisturbed; every entry the same")


def _unstamped(path: Path) -> None:
    """As a library comes back from an SQL dump (.dump, then read into a new file): whole,
    but with PRAGMA user_version 0, which a dump does not carry."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()


def test_an_unstamped_curator_library_is_recognised_and_stamped(good: Path,
                                                               tmp_path: Path) -> None:
    path = _copy(good, tmp_path)
    _unstamped(path)
    with Library(path) as library:
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert library.backup_path is None  # its layout is the current one: nothing to move
        assert library.entries.total() == len(list(SEEDS.glob("*.txt")))
        library.entries.history(library.entries.ids(Filter())[0])  # the history reads


def test_an_unstamped_older_curator_library_is_migrated_from_its_layout(good: Path,
                                                                       tmp_path: Path) -> None:
    from tests.older_schema import as_version_2

    path = _copy(good, tmp_path)
    conn = sqlite3.connect(path)
    as_version_2(conn)
    conn.commit()
    conn.close()
    _unstamped(path)
    with Library(path) as library:
        assert library.backup_path == tmp_path / "lib.db.v2.bak"
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert library.entries.total() == len(list(SEEDS.glob("*.txt")))
        assert library.entries.ids(Filter(search="superblocks"))  # the search index rebuilt


def test_each_migration_leaves_a_mark_an_unstamped_library_is_known_by() -> None:
    assert schema.LAYOUT_MARKS[0][0] == schema.SCHEMA_VERSION
    assert [version for version, _, _ in schema.LAYOUT_MARKS] == list(
        range(schema.SCHEMA_VERSION, 1, -1))
