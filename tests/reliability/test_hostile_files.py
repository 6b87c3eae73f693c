"""Hostile input files: mutated seeds, huge files, many files, special files, bad JSON exports."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from curator.cli import main
from curator.core.exchange import export_json
from curator.core.importer import import_paths
from curator.core.reader import read_seed
from curator.core.store import Filter, Library
from tests.conftest import SEEDS
from tests.reliability.conftest import assert_no_traceback, curator
from tests.reliability.fuzz_reader import fuzz
from tests.reliability.many_files import summary_counts, tiny_seed, write_tiny_seeds

FUZZ_INPUTS = 2_000
MANY = 2_000


def test_mutated_seeds_give_an_entry_or_a_parse_error(tried) -> None:
    result = fuzz(FUZZ_INPUTS, seed=7, huge_every=300)
    assert result.escaped == [], result.escaped[0]
    assert result.entries and result.parse_errors and result.huge
    tried("seed reader under mutation (deleted, duplicated, swapped, truncated lines; flipped "
          "bytes; NULs; 5 MB lines; mixed encodings; stray non-UTF-8 bytes in UTF-8; BOMs; "
          "control characters; \\x1c-\\x1f and other space-like characters at line edges)",
          f"{FUZZ_INPUTS:,}",
          f"only ParseError with a line number in range escaped ({result.parse_errors:,} errors, "
          f"{result.entries:,} entries, {result.huge} with a 5 MB line)")


@pytest.fixture
def no_reading(monkeypatch):
    """Fail the test if a file named big.* is read into memory."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        assert not self.name.startswith("big."), f"{self} was read whole"
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize(("name", "size"), [("big.txt", 200 * 2**20), ("big.json", 600 * 2**20)])
def test_huge_file_is_refused_without_reading_it(tmp_path: Path, name: str, size: int, capsys,
                                                 no_reading, tried) -> None:
    big = tmp_path / name
    with big.open("wb") as handle:
        handle.truncate(size)  # sparse: no disk used, but stat says 200 MB
    db = tmp_path / "lib.db"
    assert main(["import", "--db", str(db), str(big), str(sorted(SEEDS.glob("*.txt"))[0])]) == 1
    err = capsys.readouterr().err
    assert f"{big}: the file is too large ({size // 2**20} MB" in err
    assert main(["validate", str(big)]) == 1
    assert "the file is too large" in capsys.readouterr().err
    with Library(db) as library:
        assert library.entries.total() == 1
    tried(f"a {size // 2**20} MB `{Path(name).suffix}` file (sparse) to `curator import` and "
          "`curator validate`", 1, "refused by its size before it is read (`read_bytes` never "
          "called), with its name and the limit; the other file imported")


def test_a_folder_of_many_files_is_imported(tmp_path: Path, tried) -> None:
    write_tiny_seeds(tmp_path / "many", MANY)
    db = tmp_path / "lib.db"
    first = curator("import", "--db", str(db), str(tmp_path / "many"), timeout=300)
    assert first.returncode == 0 and summary_counts(first.stderr)["imported"] == MANY
    again = curator("import", "--db", str(db), str(tmp_path / "many"), timeout=300)
    assert summary_counts(again.stderr)["unchanged"] == MANY
    tried(f"a folder of {MANY:,} tiny seed files (`many_files.py` does 100,000)", 1,
          "all imported, then all reported unchanged")


def _store_cost(library: Library, number: int) -> int:
    """SQLite VM steps (in tens) to store one new tiny entry."""
    result = read_seed(tiny_seed(number).encode(), f"{number:06d}_{number:016x}.txt")
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    library.conn.set_progress_handler(count, 10)
    library.imports.store([(result.entry, result.text)])
    library.conn.set_progress_handler(None, 0)
    return steps[0]


def test_storing_an_entry_costs_the_same_in_a_larger_library(tmp_path: Path, tried) -> None:
    tried("cost of storing one entry in a library of 300 and of 3,000 entries", 2,
          "must not grow with the library (an indexed duplicate check)")
    costs = []
    for size in (300, 3_000):
        with Library(tmp_path / f"{size}.db") as library:
            offered = []
            for number in range(size):
                result = read_seed(tiny_seed(number).encode(), f"{number:06d}_{number:016x}.txt")
                offered.append((result.entry, result.text))
            library.imports.store(offered)
            costs.append(_store_cost(library, 10**6))
    assert costs[1] < 2 * costs[0], f"VM steps per stored entry: {costs}"


@pytest.mark.timeout(60)
def test_special_files_in_a_folder_are_reported_and_skipped(tmp_path: Path, tried) -> None:
    """Tests run as root, for whom chmod 000 does not stop reading: the unreadable files here
    are a dangling link, a pipe (opening it would wait forever for a writer), a link to
    /proc/self/mem (reading it fails with EIO, even for root), and a link loop."""
    folder = tmp_path / "dropped"
    nested = folder / "nested.txt"  # a folder where a file is expected: searched like a folder
    nested.mkdir(parents=True)
    samples = sorted(SEEDS.glob("*.txt"))
    (folder / samples[0].name).write_bytes(samples[0].read_bytes())
    (nested / samples[1].name).write_bytes(samples[1].read_bytes())
    (folder / "linked.txt").symlink_to(samples[2])
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "linked-pipe.txt").symlink_to(folder / "pipe.txt")
    if Path("/proc/self/mem").exists():
        (folder / "mem.txt").symlink_to("/proc/self/mem")
    (nested / "loop").symlink_to(folder)
    db = tmp_path / "lib.db"
    result = curator("import", "--db", str(db), str(folder), str(folder / "pipe.txt"), timeout=50)
    assert_no_traceback(result.stderr)
    assert result.returncode == 1
    assert summary_counts(result.stderr)["imported"] == 3
    lines = result.stderr.splitlines()
    expected = {
        "dangling.txt": "broken symbolic link",
        "pipe.txt": "not a regular file",
        "linked-pipe.txt": "not a regular file",
        "loop": "already read",
    }
    if (folder / "mem.txt").exists():
        expected["mem.txt"] = "cannot read: Input/output error"
    for name, message in expected.items():
        assert any(f"/{name}:" in line and message in line for line in lines), (name, lines)
    assert sum("pipe.txt:" in line and "linked" not in line for line in lines) == 2
    tried("a dropped folder with a dangling link, a pipe, a link to a pipe, a link to "
          "/proc/self/mem, a link loop and a folder named like a file", len(expected) + 1,
          "each reported with its reason, the pipe never opened, the 3 good files imported")


# -- JSON exports --------------------------------------------------------------------------


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, dict]:
    db = tmp_path / "lib.db"
    with Library(db) as library:
        import_paths(library, [SEEDS])
        export_json(library, Filter(), tmp_path / "all.json")
    return db, json.loads((tmp_path / "all.json").read_text())


def _first_signal(d: dict) -> dict:
    return next(e for e in d["entries"] if e["signals"])["signals"][0]


SIGNAL_1 = "Signal 1 'Mandatory Reflective Roofing': relevancy must be a whole number from 1 to 5"
JSON_CASES = {
    "malformed JSON": (lambda d: None, "not valid JSON"),
    "another format": (lambda d: d.update(format="zotero"), "not a Curator export"),
    "a newer version": (lambda d: d.update(version=2), "export version 2 is not supported"),
    "no entries list": (lambda d: d.pop("entries") and d.pop("count"), "no \"entries\" list"),
    "a missing key": (lambda d: d["entries"][2].pop("themes"), "entry 3 (", ),
    "an extra key": (lambda d: d["entries"][4].update(colour="red"), "entry 5 ("),
    "a wrong type": (lambda d: d["entries"][1].update(keywords={"a": 1}), "entry 2 ("),
    "relevancy 9": (lambda d: _first_signal(d).update(relevancy=9), SIGNAL_1),
    "relevancy \"3\"": (lambda d: _first_signal(d).update(relevancy="3"), SIGNAL_1),
    "relevancy true": (lambda d: _first_signal(d).update(relevancy=True), SIGNAL_1),
    "a javascript: url": (lambda d: d["entries"][0].update(url="javascript:alert(1)"),
                          ": Link must start with http:// or https://"),
    "a duplicated id": (lambda d: d["entries"].append(dict(d["entries"][0])) or d.update(
        count=len(d["entries"])), "the id appears twice"),
    "a wrong count": (lambda d: d.update(count=3), "says it holds 3"),
}
FIELDS = {"a missing key": "missing key 'themes'", "an extra key": "colour",
          "a wrong type": "Keywords must be a list"}


@pytest.mark.parametrize("kind", list(JSON_CASES))
def test_bad_json_import_names_entry_and_field_and_stores_nothing(exported, tmp_path: Path,
                                                                  kind: str, capsys,
                                                                  tried) -> None:
    db, document = exported
    mutate, message = JSON_CASES[kind]
    # A valid change in the same file: refused along with the rest, the file is all or nothing.
    document["entries"][0]["title"] = "Changed by the bad file"
    mutate(document)
    text = json.dumps(document)
    bad = tmp_path / "bad.json"
    bad.write_text(text[:-40] if kind == "malformed JSON" else text)
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT count(*), (SELECT count(*) FROM history), group_concat(title) "
                          "FROM entries").fetchone()
    assert main(["import", "-q", "--db", str(db), str(bad)]) == 1  # -q: the problem alone
    err = capsys.readouterr().err
    assert err.startswith((f"{bad}: ", f"{bad}:1: ")) and err.count("\n") == 1, err
    assert message in err and FIELDS.get(kind, "") in err, err
    assert conn.execute("SELECT count(*), (SELECT count(*) FROM history), group_concat(title) "
                        "FROM entries").fetchone() == before
    conn.close()
    tried(f"JSON import with {kind}", 1, f"exit 1, \"{message}\" names it, nothing stored")
