"""The `curator` command: exit codes, messages and what each subcommand does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from curator.cli import main
from curator.core.store import Library
from tests.conftest import DATA, SEEDS


def test_import_reports_and_exits_1_on_failures(tmp_path: Path, capsys) -> None:
    db = tmp_path / "lib.db"
    code = main(["import", "--db", str(db), str(SEEDS),
                 str(DATA / "rejects" / "relevancy_six.txt")])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""  # the report is messages: all on standard error
    assert f"imported {len(list(SEEDS.glob('*.txt')))}," in err and "failed 1" in err
    first = sorted(SEEDS.glob("*.txt"))[0]
    assert f"{first}: imported\n" in err  # each file, not only the counts
    assert (f"{DATA / 'rejects' / 'relevancy_six.txt'}:68: Concern 2 'Shrinking Tax Base': "
            "relevancy must be a whole number from 1 to 5, not '6'") in err
    with Library(db) as lib:
        assert lib.entries.total() == len(list(SEEDS.glob("*.txt")))


def test_import_of_good_files_exits_0(tmp_path: Path, capsys) -> None:
    assert main(["import", "--db", str(tmp_path / "lib.db"), str(SEEDS)]) == 0


def test_db_comes_from_the_environment(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CURATOR_DB", str(tmp_path / "env.db"))
    assert main(["import", str(SEEDS)]) == 0
    assert (tmp_path / "env.db").exists()


def test_export_by_status_and_search(tmp_path: Path, capsys) -> None:
    db = tmp_path / "lib.db"
    main(["import", "--db", str(db), str(SEEDS)])
    with Library(db) as lib:
        from curator.core.store import Filter

        approved = lib.entries.ids(Filter())[:2]
        lib.edits.set_status(approved, "approved")
    out = tmp_path / "approved.json"
    assert main(["export", "--db", str(db), "--output", str(out), "--status", "approved"]) == 0
    document = json.loads(out.read_text())
    assert sorted(e["id"] for e in document["entries"]) == sorted(approved)
    folder = tmp_path / "seeds"
    assert main(["export", "--db", str(db), "--output", str(folder), "--format", "seed"]) == 0
    assert len(list(folder.glob("*.txt"))) == len(list(SEEDS.glob("*.txt")))


def test_validate_prints_file_line_message(capsys) -> None:
    code = main(["validate", str(DATA / "rejects" / "cell_count.txt"), str(SEEDS)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{DATA / 'rejects' / 'cell_count.txt'}:43: Signal 2 'Marsh Restoration on Bought Land': "
        "the row has 5 cells but the header has 6",
        f"{len(list(SEEDS.glob('*.txt')))} valid, 1 invalid"]
    assert main(["validate", str(SEEDS)]) == 0


def test_a_bad_library_is_a_clear_message(tmp_path: Path, capsys) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello")
    assert main(["import", "--db", str(bogus), str(SEEDS)]) == 2
    assert "not an SQLite database" in capsys.readouterr().err
    assert bogus.read_text() == "hello"


def test_schema_and_version(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "Entry" in schema["$defs"]
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("curator ")


def test_backup_copies_the_library(tmp_path: Path, capsys) -> None:
    db = tmp_path / "lib.db"
    main(["import", "--db", str(db), str(SEEDS)])
    assert main(["backup", "--db", str(db), "--output", str(tmp_path / "copy.db")]) == 0
    with Library(tmp_path / "copy.db") as copy:
        assert copy.entries.total() == len(list(SEEDS.glob("*.txt")))


def test_installed_command_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "curator", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("curator ")
