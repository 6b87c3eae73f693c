"""`curator duplicates`: groups as paragraphs or JSON, the threshold, and bad input."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from curator.cli import _parser, main
from curator.core.duplicates import DEFAULT_THRESHOLD, mark_not_duplicates
from curator.core.model import Entry
from curator.core.store import Library

SUMMARY = ("Acme Energy said on Monday that it will open a battery plant in Leipzig. The "
           "project will create 450 jobs and cost 120 million euros.")
RETOLD = ("Acme Energy stated on Monday that it would open a battery factory in Leipzig, "
          "creating 450 jobs at a cost of 120 million euros.")
IDS = ("00000000000000a1", "00000000000000a2", "00000000000000b1", "00000000000000b2",
       "00000000000000c1")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    rows = [
        (IDS[0], "Acme Energy opens battery plant in Leipzig", "https://ex.org/acme", SUMMARY),
        (IDS[1], "Acme Energy opens battery factory in Leipzig", None, RETOLD),
        (IDS[2], "Borex sells its wind farms", "https://www.ex.org/borex/", ""),
        (IDS[3], "Offshore assets change hands", "http://ex.org/borex?utm_source=feed", ""),
        (IDS[4], "Ocean heat records", None, ""),
    ]
    with Library(path) as library:
        library.imports.store([(Entry.model_validate(
            {"id": i, "title": t, "url": u, "summary": s}), None) for i, t, u, s in rows])
    return path


def test_groups_one_paragraph_each_with_reason_ids_and_titles(db: Path, capsys) -> None:
    assert main(["duplicates", "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    paragraphs = out.strip().split("\n\n")
    assert paragraphs[0].splitlines() == [
        "same link (similarity 100)",
        f"  {IDS[2]}  Borex sells its wind farms",
        f"  {IDS[3]}  Offshore assets change hands",
    ]
    lines = paragraphs[1].splitlines()
    assert lines[0].startswith("similar title and summary (similarity ")
    assert lines[1:] == [f"  {IDS[0]}  Acme Energy opens battery plant in Leipzig",
                         f"  {IDS[1]}  Acme Energy opens battery factory in Leipzig"]
    assert len(paragraphs) == 2
    assert "2 groups of 4 entries" in err


def test_json_is_an_array_of_ids_reason_and_similarity(db: Path, capsys) -> None:
    assert main(["duplicates", "--db", str(db), "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)
    assert groups[0] == {"ids": [IDS[2], IDS[3]], "reason": "same link", "similarity": 100}
    assert groups[1]["ids"] == [IDS[0], IDS[1]]
    assert groups[1]["reason"] == "similar title and summary"
    assert DEFAULT_THRESHOLD <= groups[1]["similarity"] < 100


def test_the_threshold_moves_what_counts_as_similar(db: Path, capsys) -> None:
    main(["duplicates", "--db", str(db), "--json"])
    similarity = json.loads(capsys.readouterr().out)[1]["similarity"]
    assert main(["duplicates", "--db", str(db), "--json", "--threshold",
                 str(similarity + 1)]) == 0
    groups = json.loads(capsys.readouterr().out)
    assert [g["reason"] for g in groups] == ["same link"]


def test_marked_pairs_are_not_listed(db: Path, capsys) -> None:
    with Library(db) as library:
        mark_not_duplicates(library, [IDS[2], IDS[3]])
    main(["duplicates", "--db", str(db), "--json"])
    assert [g["ids"] for g in json.loads(capsys.readouterr().out)] == [[IDS[0], IDS[1]]]


def test_no_groups_prints_an_empty_array(tmp_path: Path, capsys) -> None:
    assert main(["duplicates", "--db", str(tmp_path / "new.db"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("value", ["120", "-1", "high"])
def test_a_bad_threshold_is_refused(db: Path, value: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["duplicates", "--db", str(db), "--threshold", value])
    assert exit_.value.code == 2
    assert "is not a similarity from 0 to 100" in capsys.readouterr().err


def test_the_help_names_the_default_threshold() -> None:
    text = _parser()._subparsers._group_actions[0].choices["duplicates"].format_help()
    assert f"(default {DEFAULT_THRESHOLD:g})" in " ".join(text.split())


# -- curator merge ------------------------------------------------------------------------

def test_merge_keeps_the_first_id_and_says_what_it_did(db: Path, capsys) -> None:
    assert main(["merge", "--db", str(db), IDS[2], IDS[3]]) == 0
    out, err = capsys.readouterr()
    assert out == ""  # what it did is a message: standard error, as every command's summary
    assert err.startswith(f"merged {IDS[3]} into {IDS[2]} Borex sells its wind farms\n")
    with Library(db) as library:
        assert not library.entries.has(IDS[3]) and library.duplicates.merged_into(IDS[3]) == IDS[2]
        assert library.entries.get(IDS[2]).title == "Borex sells its wind farms"


def test_merge_of_an_unknown_id_exits_1_and_changes_nothing(db: Path, capsys) -> None:
    assert main(["merge", "--db", str(db), IDS[0], "00000000000000ff"]) == 1
    assert "no entry 00000000000000ff" in capsys.readouterr().err
    with Library(db) as library:
        assert library.entries.has(IDS[0]) and library.duplicates.merged_into(IDS[0]) is None


def test_a_reader_that_stops_early_is_no_error(db: Path, monkeypatch) -> None:
    """`curator duplicates | head`: the pipe closes; the command ends quietly, exit 1."""
    def closed(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("builtins.print", closed)
    saved = os.dup(sys.stdout.fileno())
    try:
        assert main(["duplicates", "--db", str(db)]) == 1
    finally:
        os.dup2(saved, sys.stdout.fileno())
        os.close(saved)
