"""Messy and hostile files: two files with one id, look-alike titles, hostile JSON, names
that are not UTF-8, seed export names, and the permissions of what Curator writes."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import tracemalloc
from pathlib import Path

import pytest

from curator.cli import main
from curator.core.errors import ExchangeError
from curator.core.exchange import check_json, export_json, export_seed_folder, read_json
from curator.core.importer import SAME_ID, import_paths, report_text
from curator.core.reader import read_seed
from curator.core.store import Filter, Library
from tests.conftest import DATA, SEEDS, SHARED_SEEDS
from tests.older_schema import as_version_2
from tests.reliability.conftest import assert_no_traceback, curator
from tests.reliability.messy import BASE, assert_same_everywhere, edited, run_three_ways, write

ID = "3333333333333333"


# -- same id, two files -----------------------------------------------------------------------

def _other_version() -> str:
    return edited("Three coastal towns", "Four coastal towns")


@pytest.mark.parametrize(("first", "second"), [
    (f"003_{ID}.txt", f"004_{ID}.txt"),
    (f"{ID}.txt", f"copy_{ID}.txt"),
    (f"a/{ID}.txt", f"b/{ID}.txt"),
], ids=["numbered", "copy", "two folders"])
def test_two_files_with_one_id_are_a_conflict(tmp_path: Path, capsys, first: str, second: str,
                                              tried) -> None:
    folder = tmp_path / "drop"
    write(folder / Path(first).parent, Path(first).name, BASE)
    write(folder / Path(second).parent, Path(second).name, _other_version())
    result = run_three_ways(tmp_path, [folder], capsys)
    report = result.report
    assert (report.imported, report.updated, len(report.conflicts)) == (1, 0, 1)
    [conflict] = report.conflicts
    assert conflict.kind == SAME_ID and conflict.entry_id == ID
    assert conflict.path.endswith(second) and (conflict.other_path or "").endswith(first)
    assert any("already imported from" in line for line in result.cli_import)
    assert "already imported from" in report_text(report)
    with Library(tmp_path / "core.db") as library:
        assert library.entries.get(ID).summary.startswith("Three")  # the first file's
        # "Take the file's" in the report re-imports the second with the id forced.
        again = import_paths(library, [conflict.path], overwrite=frozenset({ID}))
        assert again.updated == 1 and library.entries.get(ID).summary.startswith("Four")
    if first.startswith("003"):
        tried("two different files carrying one id in one import (numbered names, a copy, two "
              "folders; seed and JSON)", 4, "a conflict naming both files; the first kept; "
              "'Take the file's' takes the second")


def test_the_same_file_twice_is_no_conflict(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "drop"
    write(folder, f"003_{ID}.txt", BASE)
    write(folder, f"004_{ID}.txt", BASE.replace("\n", "\r\n"))  # same entry, other bytes
    report = run_three_ways(tmp_path, [folder], capsys).report
    assert (report.imported, report.unchanged, report.conflicts) == (1, 1, [])


def test_a_json_entry_with_a_seed_files_id_is_a_conflict(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    write(folder, f"a_{ID}.txt", BASE)
    entry = read_seed(_other_version().encode(), f"{ID}.txt").entry
    with Library(tmp_path / "src.db") as source:
        source.imports.store([(entry, None)])
        export_json(source, Filter(), folder / "b.json")
    with Library(tmp_path / "lib.db") as library:
        report = import_paths(library, [folder])
        assert [c.kind for c in report.conflicts] == [SAME_ID]
        assert library.entries.get(ID).summary.startswith("Three")


# -- look-alike titles and links --------------------------------------------------------------

LOOK_ALIKE = {
    "composed and decomposed é": ("Caf\u00e9 policy", "Cafe\u0301 policy"),
    "German sharp s": ("Stra\u00dfe closures", "STRASSE CLOSURES"),
    "Greek case": ("\u039f\u03a3\u039f\u03a3 plan", "\u03bf\u03c3\u03bf\u03c2 plan"),
    "full-width letters": ("\uff34\uff45\uff53\uff54 title", "Test title"),
    "white space": ("Two  spaces\u00a0here", "two spaces here"),
}


@pytest.mark.parametrize(("a", "b"), LOOK_ALIKE.values(), ids=LOOK_ALIKE.keys())
def test_look_alike_titles_are_possible_duplicates(library: Library, a: str, b: str,
                                                   tried) -> None:
    first = read_seed(edited("Coastal Towns Pilot Voluntary Buyouts Ahead of Sea-Level Rise", a)
                      .encode(), "1111111111111111.txt").entry
    second = read_seed(edited("Coastal Towns Pilot Voluntary Buyouts Ahead of Sea-Level Rise", b)
                       .replace("https://example.org/coast/buyouts", "https://example.org/x")
                       .encode(), "2222222222222222.txt").entry
    library.imports.store([(first, None)])
    [stored] = library.imports.store([(second, None)])
    assert stored.duplicate_of == (first.id, first.title)
    if a.startswith("Caf"):
        tried("look-alike titles (composed/decomposed accents, ß/SS, Greek final sigma, "
              "full-width letters, white space) and links (http/https, www., trailing slash)",
              len(LOOK_ALIKE) + 3, "flagged as possible duplicates, through indexed keys")


@pytest.mark.parametrize("link", ["http://example.org/coast/buyouts/",
                                  "https://www.example.org/coast/buyouts",
                                  "HTTPS://Example.org/coast/buyouts"])
def test_look_alike_links_are_possible_duplicates(library: Library, link: str) -> None:
    first = read_seed(BASE.encode(), "1111111111111111.txt").entry
    second = read_seed(edited("Coastal Towns", "Other Towns")
                       .replace("https://example.org/coast/buyouts", link).encode(),
                       "2222222222222222.txt").entry
    library.imports.store([(first, None)])
    assert library.imports.store([(second, None)])[0].duplicate_of == (first.id, first.title)


# -- hostile JSON -----------------------------------------------------------------------------

def _export(library: Library, tmp_path: Path) -> str:
    library.imports.store([(read_seed(BASE.encode(), f"{ID}.txt").entry, None)])
    export_json(library, Filter(), tmp_path / "base.json")
    return (tmp_path / "base.json").read_text(encoding="utf-8")


HOSTILE = {
    "nested 100,000 deep": lambda t: "[" * 100_000 + "]" * 100_000,
    "nested deep in an entry": lambda t: t.replace('"notes": ""', '"notes": ' + "[" * 5_000
                                                    + "]" * 5_000),
    "5,000-digit integer": lambda t: t.replace('"relevancy": 4', '"relevancy": ' + "9" * 5_000),
    "huge float": lambda t: t.replace('"relevancy": 4', '"relevancy": 1e999'),
    "NaN": lambda t: t.replace('"relevancy": 4', '"relevancy": NaN'),
    "Infinity": lambda t: t.replace('"relevancy": 4', '"relevancy": -Infinity'),
    "duplicate key in an entry": lambda t: t.replace('"notes": ""', '"notes": "", "notes": "x"'),
    "duplicate envelope key": lambda t: t.replace('"version": 1', '"version": 1, "version": 1'),
    "NUL in the id": lambda t: t.replace(f'"id": "{ID}"', '"id": "33333333\\u000033333"'),
    "path in the id": lambda t: t.replace(f'"id": "{ID}"', '"id": "../../etc/passwd"'),
    "NUL in the source file": lambda t: t.replace(f'"file": "{ID}.txt"', '"file": "a\\u0000.txt"'),
    "not UTF-8": lambda t: t.replace("Three", "Thr\udce9e"),
    "trailing garbage": lambda t: t + "x",
    "empty": lambda t: "",
    "an array": lambda t: "[]",
    "entries before format": lambda t: '{"entries": [], "format": "other", "version": 1}',
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_json_is_refused_in_one_line(library: Library, tmp_path: Path, capsys,
                                             make) -> None:
    bad = write(tmp_path / "in", "bad.json",
                make(_export(library, tmp_path)).encode("utf-8", "surrogateescape"))
    good = write(tmp_path / "in", f"z_{ID}.txt", _other_version())
    with pytest.raises(ExchangeError) as caught:
        check_json(io.BytesIO(bad.read_bytes()))
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 200
    result = run_three_ways(tmp_path, [bad, good], capsys)
    assert_same_everywhere(result)
    assert result.import_code == 1 and result.report.imported == 1  # the other file imported
    error = caught.value
    assert [line for line in result.cli_import if "bad.json" in line] == [
        f"{bad}:{error.line}: {error.message}" if error.line else f"{bad}: {error.message}"]


def test_hostile_json_through_the_command(tmp_path: Path, tried) -> None:
    deep = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    big = write(tmp_path, "big.json", '{"format": "curator-entries", "version": 1, "count": '
                + "9" * 5_000 + ', "entries": []}')
    seed = write(tmp_path, f"a_{ID}.txt", BASE)
    for command in (["validate"], ["import", "--db", str(tmp_path / "lib.db")]):
        result = curator(*command, str(deep), str(big), str(seed))
        assert result.returncode == 1
        assert_no_traceback(result.stderr)
    with Library(tmp_path / "lib.db") as library:
        assert library.entries.total() == 1
    tried("hostile JSON: nested 100,000 deep (and 5,000 deep inside an entry), a 5,000-digit "
          "integer, 1e999, NaN, -Infinity, duplicate keys, NUL or a path in an id, NUL in a "
          "source file name, not UTF-8, trailing garbage, empty, an array",
          len(HOSTILE) + 2, "refused in one line, exit code 1, no traceback; the other files "
          "of the same command imported or checked")


def test_json_import_memory_stays_near_one_entry(library: Library, tmp_path: Path,
                                                 tried) -> None:
    entry = read_seed(BASE.encode(), f"{ID}.txt").entry
    library.imports.store([(entry.model_copy(update={"id": f"{n:016x}"}), None)
                            for n in range(1_500)])
    export_json(library, Filter(), tmp_path / "many.json")
    size = (tmp_path / "many.json").stat().st_size
    tracemalloc.start()
    try:
        with (tmp_path / "many.json").open("rb") as stream:
            assert check_json(stream) == 1_500
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < size / 4
    tried("validating a JSON export of 1,500 entries", 1,
          f"peak memory {peak / size:.2f} times the file size ({size // 2**20} MB; was 7.5 "
          "times): entries parsed one at a time")


# -- names that are not UTF-8, names written --------------------------------------------------

def test_a_file_name_that_is_not_utf8_never_stops_the_others(tmp_path: Path, capsys,
                                                             tried) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    bad_name = os.fsdecode(b"caf\xe9_notes.txt")
    (folder / bad_name).write_bytes(BASE.encode())
    write(folder, "b.txt", edited("Coastal Towns", "Other Towns"))
    write(folder, os.fsdecode(b"z\xff.txt"), "hello")
    result = run_three_ways(tmp_path, [folder], capsys)
    assert result.report.imported == 2
    assert any("caf\\xe9_notes.txt" in w and "not UTF-8" in w for w in result.report.warnings)
    assert [str(f) for f in result.report.not_seeds] == [
        f"{folder}/z\\xff.txt: " + result.report.not_seeds[0].message]
    with Library(tmp_path / "core.db") as library:
        files = {library.entries.get(i).source.file for i in library.entries.ids(Filter())}
    assert "caf\\xe9_notes.txt" in files
    tried("file names that are not UTF-8 in a dropped folder", 2, "imported with the name "
          "stored as \\xNN and a warning, or refused with a message; the other files imported; "
          "no traceback from validate or import")


def test_seed_export_gives_every_entry_its_own_file(library: Library, tmp_path: Path,
                                                    tried) -> None:
    base = read_seed(BASE.encode(), "same.txt").entry
    clash = [base.model_copy(update={"id": f"{n:016x}", "title": f"T{n}"}) for n in range(3)]
    by_id = base.model_copy(update={"id": "a" * 16, "title": "Named after an id",
                                    "source": base.source.model_copy(
                                        update={"file": f"{'0' * 16}.txt"})})
    odd = base.model_copy(update={"id": "b" * 16, "title": "Odd name", "source":
                                  base.source.model_copy(update={"file": "a:b?.txt"})})
    library.imports.store([(e, None) for e in [*clash, by_id, odd]])
    count = export_seed_folder(library, Filter(), tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert count == len(names) == 5
    assert "same.txt" in names and f"{'b' * 16}.txt" in names
    again = Library(tmp_path / "again.db")
    with again:
        report = import_paths(again, [tmp_path / "out"])
        assert report.imported == 5 and report.conflicts == []
    tried("seed export of entries whose source names clash, name another's id, or hold "
          "characters a file name cannot", 5, "one file each (the id added on a clash); "
          "the count printed is the count written; all re-import")


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_written_files_follow_the_umask(library: Library, tmp_path: Path, mask: int,
                                        tried) -> None:
    library.imports.store([(read_seed(BASE.encode(), f"{ID}.txt").entry, None)])
    old = os.umask(mask)
    try:
        export_json(library, Filter(), tmp_path / "out.json")
        export_seed_folder(library, Filter(), tmp_path / "seeds")
        assert main(["backup", "--db", str(library.path), "--output",
                     str(tmp_path / "copy.db")]) == 0
    finally:
        os.umask(old)
    expected = 0o666 & ~mask
    for path in (tmp_path / "out.json", tmp_path / "seeds" / f"{ID}.txt", tmp_path / "copy.db"):
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    if mask == 0o002:
        tried("exports and backups under umask 022, 027, 002, and over a file of mode 0600", 4,
              "new files get 0666 less the umask; a file written over keeps its mode")


def test_a_file_written_over_keeps_its_mode(library: Library, tmp_path: Path) -> None:
    library.imports.store([(read_seed(BASE.encode(), f"{ID}.txt").entry, None)])
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o600)
    export_json(library, Filter(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert read_json(target.read_bytes())[0].id == ID


# -- every data file the three ways, and back byte-identical ----------------------------------

ALL_FILES = sorted((DATA / "variants").glob("*.txt")) + sorted((DATA / "rejects").glob("*.txt"))


def test_validate_import_and_core_agree_on_every_data_file(tmp_path: Path, capsys,
                                                           tried) -> None:
    result = run_three_ways(tmp_path, ALL_FILES, capsys)
    assert_same_everywhere(result)
    assert result.report.failed == len(list((DATA / "rejects").glob("*.txt")))
    tried(f"every file of tests/data ({len(ALL_FILES)} variants and rejects)", len(ALL_FILES),
          "curator validate, curator import and the core import (the GUI's) give the same "
          "failures and warnings, each as file:line")


def test_unedited_utf8_entries_export_back_byte_identical(tmp_path: Path, tried) -> None:
    sources = [p for folder in (SEEDS, DATA / "variants", SHARED_SEEDS) if folder.is_dir()
               for p in sorted(folder.glob("*.txt"))]
    with Library(tmp_path / "lib.db") as library:
        import_paths(library, sources)
        identical = differing = 0
        for path in sources:
            data = path.read_bytes()
            result = read_seed(data, path.name)
            stored = library.entries.seed_text(result.entry.id)
            assert stored == result.text  # the file's text, line endings made LF
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                assert result.warnings  # the warning says what differs from the bytes
                differing += 1
                continue
            if b"\r" not in data and not data.startswith(b"\xef\xbb\xbf"):
                assert stored.encode("utf-8") == data, path.name
                identical += 1
    assert identical >= 20
    tried("seed text of every sample, shared seed and tests/data variant, imported and "
          "exported unedited", len(sources), f"{identical} UTF-8 files byte-identical; the "
          f"other {len(sources) - identical} equal to the decoded text (CRLF, BOM) or with a "
          "warning naming what differs (legacy or stray bytes)")


def test_an_older_library_gets_the_keys_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Library(path) as library:
        library.imports.store([(read_seed(edited("Coastal Towns", "Caf\u00e9 Towns").encode(),
                                           f"{ID}.txt").entry, None)])
    conn = sqlite3.connect(path)  # made as version 1 made it: no key columns
    as_version_2(conn)
    for statement in ("DROP INDEX entries_by_title_key", "DROP INDEX entries_by_url_key",
                      "ALTER TABLE entries DROP COLUMN title_key",
                      "ALTER TABLE entries DROP COLUMN url_key", "DROP TABLE not_duplicates",
                      "PRAGMA user_version = 1"):
        conn.execute(statement)
    conn.commit()
    conn.close()
    twin = read_seed(edited("Coastal Towns", "Cafe\u0301 Towns").replace(
        "example.org", "example.net").encode(), "4444444444444444.txt").entry
    with Library(path) as library:
        assert library.backup_path is not None and library.backup_path.exists()
        [stored] = library.imports.store([(twin, None)])
        assert stored.duplicate_of is not None and stored.duplicate_of[0] == ID
