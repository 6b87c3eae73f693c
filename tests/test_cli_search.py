"""`curator search` and `curator export --query`: output, order, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.cli import main
from curator.core.store import Filter, Library
from tests.conftest import SEEDS


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "lib.db"
    assert main(["import", "--db", str(path), str(SEEDS)]) == 0
    capsys.readouterr()
    return path


def _expected(db: Path, query: str) -> list[tuple[str, str]]:
    with Library(db) as lib:
        rows = lib.entries.page(Filter(query=query), limit=10_000)
    return [(row.id, row.title) for row in rows]


def test_search_prints_id_tab_title_by_title(db: Path, capsys) -> None:
    assert main(["search", "--db", str(db), "relevancy:>=4 -status:rejected"]) == 0
    out, err = capsys.readouterr()
    lines = [tuple(line.split("\t")) for line in out.splitlines()]
    assert lines and lines == _expected(db, "relevancy:>=4 -status:rejected")
    titles = [title for _, title in lines]
    assert titles == sorted(titles, key=str.casefold)
    assert err == ""


def test_search_json(db: Path, capsys) -> None:
    assert main(["search", "--db", str(db), "--json", "category:=technology"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(e["id"], e["title"]) for e in found] == _expected(db, "category:=technology")
    assert found and set(found[0]) == {"id", "title"}


def test_search_finding_nothing_exits_0(db: Path, capsys) -> None:
    assert main(["search", "--db", str(db), "title:zzzyzzy"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["search", "--db", str(db), "--json", "title:zzzyzzy"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(("query", "message"), [
    ("relevancy:>>3", "curator: query: column 12: relevancy:> is followed by another "
                      "comparison"),
    ("title:(", "curator: query: column 7: title: needs a value"),
    ('"heat', "curator: query: column 1: this quote is never closed"),
    ("colour:red", "curator: query: column 1: unknown field colour"),
])
def test_invalid_query_exits_2_with_its_column(db: Path, capsys, query: str,
                                               message: str) -> None:
    assert main(["search", "--db", str(db), query]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(message) and "Traceback" not in err


def test_export_query_exports_what_search_finds(db: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "out.json"
    query = "changed:no relevancy:5"
    assert main(["export", "--db", str(db), "--output", str(target), "--query", query,
                 "--search", "the"]) == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    with Library(db) as lib:
        expected = set(lib.entries.ids(Filter(query=query, search="the")))
    assert expected and {e["id"] for e in document["entries"]} == expected
    assert document["filter"]["query"] == query
    # The description is for people: the query in words, its text is in "query".
    assert document["filter"]["description"] == (
        'search "the"; no score changed and some item scored 5')


def test_export_with_invalid_query_writes_nothing(db: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "out.json"
    assert main(["export", "--db", str(db), "--output", str(target), "--query", "status:"]) == 2
    assert not target.exists()
    assert "query: column 8" in capsys.readouterr().err


def test_search_help_lists_the_fields(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert "signal.relevancy:" in out and "other.KEY:" in out
