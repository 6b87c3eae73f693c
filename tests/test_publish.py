"""`curator publish`: a snapshot and metadata that Datasette serves as a working site."""

from __future__ import annotations

import importlib.util
import json
import socket
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from curator.cli import main
from curator.core.publish import HIDDEN, QUERIES
from curator.core.store import Filter, Library
from tests.conftest import SEEDS

WAL, ROLLBACK = 2, 1
"""The file format bytes (18 and 19) of an SQLite file in and out of WAL mode."""


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    """A library of the samples, one entry approved, one score changed; and its publication."""
    folder = tmp_path_factory.mktemp("published")
    db = folder / "lib.db"
    assert main(["import", "-q", "--db", str(db), str(SEEDS)]) == 0
    with Library(db) as library:
        first = library.entries.ids(Filter())[0]
        library.edits.set_status([first], "approved")
    assert main(["publish", "-q", "--db", str(db), "--output", str(folder / "site")]) == 0
    return db, folder / "site"


def test_the_snapshot_holds_every_entry_and_is_not_in_wal_mode(published) -> None:
    db, site = published
    header = (site / "curator.db").read_bytes()[:100]
    assert (header[18], header[19]) == (ROLLBACK, ROLLBACK)
    assert (Path(str(db)).read_bytes()[18]) == WAL  # the library itself stays in WAL mode
    conn = sqlite3.connect(site / "curator.db")
    try:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == len(
            list(SEEDS.glob("*.txt")))
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_the_metadata_names_real_tables_and_columns(published) -> None:
    _, site = published
    metadata = json.loads((site / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["title"] and metadata["description"]
    database = metadata["databases"]["curator"]
    conn = sqlite3.connect(site / "curator.db")
    try:
        for table, meta in database["tables"].items():
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
            assert columns, table
            assert set(meta.get("columns", {})) <= columns, table
            for facet in meta.get("facets", []):
                assert (facet["array"] if isinstance(facet, dict) else facet) in columns
            if "fts_table" in meta:
                assert (meta["fts_table"], meta["fts_pk"]) == ("entries_fts", "pk")
        for name, query in database["queries"].items():
            conn.execute(query["sql"]).fetchall()  # each canned query runs on the snapshot
        for table, columns in database["json_columns"].items():
            for column in columns:
                for (value,) in conn.execute(f"SELECT {column} FROM {table} "
                                             f"WHERE {column} IS NOT NULL"):
                    json.loads(value)
    finally:
        conn.close()
    assert all(database["tables"][name]["hidden"] for name in HIDDEN)
    assert {"status", "category", "type"} <= set(database["tables"]["entries"]["facets"])


def test_publishing_again_replaces_the_snapshot(published, tmp_path: Path, capsys) -> None:
    db, _ = published
    site = tmp_path / "site"
    assert main(["publish", "--db", str(db), "--output", str(site)]) == 0
    first = (site / "curator.db").stat().st_mtime_ns
    assert main(["publish", "--db", str(db), "--output", str(site)]) == 0
    assert (site / "curator.db").stat().st_mtime_ns >= first
    assert sorted(p.name for p in site.iterdir()) == ["curator.db", "metadata.json"]
    err = capsys.readouterr().err
    assert f"datasette serve -i {site / 'curator.db'} --metadata {site / 'metadata.json'}" in err


def test_publishing_into_a_file_is_refused_clearly(published, tmp_path: Path, capsys) -> None:
    db, _ = published
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["publish", "--db", str(db), "--output", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"curator: could not publish to {blocker}") and "Traceback" not in err
    assert blocker.read_text() == "not a folder"


# -- served by Datasette, checked over HTTP ---------------------------------------------

needs_datasette = pytest.mark.skipif(importlib.util.find_spec("datasette") is None,
                                     reason="Datasette is not installed (pip install .[publish])")


@pytest.fixture(scope="module")
def site(published) -> Iterator[str]:
    """The README's command, serving the publication on a free port; its base URL."""
    _, folder = published
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", "-i", str(folder / "curator.db"),
         "--metadata", str(folder / "metadata.json"), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # Uvicorn says when it listens; reading its lines waits for that (pytest-timeout
        # ends a server that never starts).
        for line in server.stderr:  # type: ignore[union-attr]
            if "Uvicorn running on" in line:
                break
        else:
            pytest.fail(f"Datasette did not start (exit {server.wait()})")
        yield f"http://127.0.0.1:{port}/curator"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str) -> dict | list:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


@needs_datasette
@pytest.mark.timeout(120)
def test_search_finds_only_the_matching_entries(site: str, published) -> None:
    db, _ = published
    with Library(db, read_only=True) as library:
        total = library.entries.total()
        for word in ("battery", "energy", "zzzznothing"):
            expected = sorted(library.entries.ids(Filter(query=f'"{word}"')))
            for table in ("entries", "entries_view"):
                rows = _get(f"{site}/{table}.json?_search={word}&_shape=array&_col=id")
                assert sorted(row["id"] for row in rows) == expected, (table, word)
        assert 0 < len(library.entries.ids(Filter(query='"energy"'))) < total


@needs_datasette
@pytest.mark.timeout(120)
def test_keyword_facet_counts_equal_curators(site: str, published) -> None:
    db, _ = published
    with Library(db, read_only=True) as library:
        expected = dict(library.entries.facet_counts(Filter(), "keyword"))
        statuses = dict(library.entries.facet_counts(Filter(), "status"))
    data = _get(f"{site}/entries_view.json?_size=0&_facet_size=max")
    facets = data["facet_results"]  # type: ignore[call-overload]
    counted = {r["value"]: r["count"] for r in facets["keyword_list"]["results"]}
    assert counted == expected and len(expected) > 5
    assert {r["value"]: r["count"] for r in facets["status"]["results"]} == statuses
    assert statuses.get("approved") == 1


@needs_datasette
@pytest.mark.timeout(120)
def test_an_entrys_items_are_reached_by_its_foreign_key_link(site: str, published) -> None:
    db, _ = published
    with Library(db, read_only=True) as library:
        entry_id = library.entries.ids(Filter())[1]
        entry = library.entries.get(entry_id)
        pk = library.conn.execute("SELECT pk FROM entries WHERE id = ?", [entry_id]).fetchone()[0]
    row = _get(f"{site}/entries/{pk}.json?_extras=foreign_key_tables")
    [link] = [t for t in row["foreign_key_tables"] if t["other_table"] == "items"]  # type: ignore[call-overload]
    path = urllib.parse.urlsplit(link["link"]).path.removeprefix("/curator")
    items = _get(f"{site}{path}.json?entry_pk={pk}&_shape=array&_size=max&_labels=on")
    count = sum(len(entry.items(section))
                for section in ("signals", "concerns", "behaviors", "technologies", "issues"))
    assert len(items) == link["count"] == count > 0
    assert all(item["entry_pk"]["label"] == entry.title for item in items)  # type: ignore[index]


@needs_datasette
@pytest.mark.timeout(120)
def test_the_canned_queries_run(site: str, published) -> None:
    db, _ = published
    with Library(db, read_only=True) as library:
        waiting = sorted(library.entries.ids(Filter(query="status:new")))
    rows = _get(f"{site}/awaiting_review.json?_shape=array")
    assert sorted(row["id"] for row in rows) == waiting  # type: ignore[index]
    for name in QUERIES:
        assert isinstance(_get(f"{site}/{name}.json?_shape=array"), list)
    signals = _get(f"{site}/top_signals.json?_shape=array")
    assert signals and all(row["relevancy"] >= 4 for row in signals)  # type: ignore[index]


def test_scores_changed_lists_an_entrys_sections_in_the_files_order(tmp_path) -> None:
    db = tmp_path / "lib.db"
    assert main(["import", "-q", "--db", str(db), str(SEEDS)]) == 0
    with Library(db) as library:
        entry = next(e for e in map(library.entries.get, library.entries.ids(Filter()))
                     if e.signals and e.behaviors and e.issues)
        for section in ("issues", "behaviors", "signals"):
            item = entry.items(section)[0]
            value = 1 if item.relevancy >= 3 else 5
            library.edits.set_relevancy(entry.id, section, 0, value)
            with library.transaction():  # the same change in each: only the section sorts
                library.conn.execute(
                    "UPDATE items SET relevancy_imported = 3 WHERE section = ? AND position = 0 "
                    "AND entry_pk = (SELECT pk FROM entries WHERE id = ?)", [section, entry.id])
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(QUERIES["scores_changed"]["sql"]).fetchall()
    finally:
        conn.close()
    sections = [row[2] for row in rows if row[0] == entry.id]
    assert sections == [s for s in ("signals", "behaviors", "issues") if s in sections]
    assert len(sections) == 3
