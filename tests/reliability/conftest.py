"""Helpers for the fault and hostile-input tests: running the CLI, checking a library whole.

Each test states what it tried through the `tried` fixture; with CURATOR_RELIABILITY_REPORT
set to a file name, the run writes those lines, with each test's outcome, as the README's
"Reliability" table.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

_TRIED: dict[str, list[tuple[str, str, str]]] = {}
_OUTCOMES: dict[str, str] = {}


@pytest.fixture
def tried(request: pytest.FixtureRequest):
    """Record (fault, cases, what was checked) for the Reliability table."""

    def record(fault: str, cases: int | str, checked: str) -> None:
        _TRIED.setdefault(request.node.nodeid, []).append((fault, str(cases), checked))

    return record


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        if hasattr(report, "wasxfail"):
            _OUTCOMES[item.nodeid] = f"known defect (xfail): {report.wasxfail}"
        else:
            _OUTCOMES[item.nodeid] = {"passed": "passed", "failed": "FAILED",
                                      "skipped": "skipped"}[report.outcome]


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("CURATOR_RELIABILITY_REPORT")
    if not target or not _TRIED:
        return
    lines = ["| fault or hostile input | cases | checked | outcome |", "| --- | --- | --- | --- |"]
    for nodeid, rows in _TRIED.items():
        for fault, cases, checked in rows:
            lines.append(f"| {fault} | {cases} | {checked} | {_OUTCOMES.get(nodeid, '?')} |")
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")


def cli_env(**extra: str) -> dict[str, str]:
    """The environment a `curator` child process runs in: this checkout, offscreen Qt."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def curator(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run `python -m curator ARGS` in a child process and wait for it."""
    return subprocess.run([sys.executable, "-m", "curator", *args], cwd=REPO, env=cli_env(),
                          capture_output=True, text=True, timeout=timeout, **kwargs)


def start_curator(*args: str, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "curator", *args], cwd=REPO, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def start_python(code: str, *args: str, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "database is locked" not in stderr, stderr


def read_only(db: Path) -> sqlite3.Connection:
    """A separate read-only connection, as another program would open the library."""
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30, isolation_level=None)


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@dataclass(frozen=True)
class Shape:
    """What an entry must hold once stored: its items per section, keywords and themes."""

    items: tuple[tuple[str, int], ...]
    keywords: tuple[str, ...]
    themes: tuple[str, ...]


def shape_of_entry(entry) -> Shape:  # noqa: ANN001
    from curator.core.model import SECTIONS

    return Shape(tuple((s, len(entry.items(s))) for s in SECTIONS if entry.items(s)),
                 tuple(entry.keywords), tuple(entry.themes))


def stored_shapes(db: Path) -> dict[str, Shape]:
    """Every entry of a library as stored, read straight from its tables."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        ids = dict(conn.execute("SELECT pk, id FROM entries"))
        items: dict[int, Counter] = {pk: Counter() for pk in ids}
        for pk, section, n in conn.execute(
                "SELECT entry_pk, section, count(*) FROM items GROUP BY entry_pk, section"):
            items[pk][section] = n
        terms: dict[str, dict[int, list[str]]] = {}
        for table, column in (("keywords", "keyword"), ("themes", "theme")):
            terms[table] = {pk: [] for pk in ids}
            for pk, term in conn.execute(
                    f"SELECT entry_pk, {column} FROM {table} ORDER BY entry_pk, position"):
                terms[table][pk].append(term)
        from curator.core.model import SECTIONS

        return {
            entry_id: Shape(tuple((s, items[pk][s]) for s in SECTIONS if items[pk][s]),
                            tuple(terms["keywords"][pk]), tuple(terms["themes"][pk]))
            for pk, entry_id in ids.items()
        }
    finally:
        conn.close()


def assert_library_whole(db: Path, expected: dict[str, Shape]) -> int:
    """Integrity ok; every stored entry complete, indexed and with its history; return count."""
    assert integrity(db) == "ok"
    shapes = stored_shapes(db)
    for entry_id, shape in shapes.items():
        assert entry_id in expected, f"unexpected entry {entry_id}"
        assert shape == expected[entry_id], f"entry {entry_id} is stored incompletely"
    conn = sqlite3.connect(db, timeout=30)
    try:
        with_history = {r[0] for r in conn.execute(
            "SELECT DISTINCT entry_id FROM history WHERE field = 'entry' AND by = 'import'")}
        assert with_history >= set(shapes), "an entry has no history row"
        fts = conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0]
        assert fts == len(shapes), "the search index and the entries differ"
        counts = conn.execute(
            "SELECT count(*) FROM entries e WHERE n_items != "
            "(SELECT count(*) FROM items i WHERE i.entry_pk = e.pk)").fetchone()[0]
        assert counts == 0, "an entry's item count disagrees with its items"
    finally:
        conn.close()
    return len(shapes)
