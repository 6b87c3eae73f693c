"""Benchmark workloads of the search language (bench.py runs them): a query typed in the search
field until the entry list's first page is available and a screenful read, each beside its
floor, the same question written by hand in SQL and run in bare sqlite3 (a count and the
first page, as the list reads them). As for the sort and items rows, the time ends when the
first page is available; reading a screenful of cells through the model is timed apart. A
query over a large library that takes longer to count than the list waits for is shown from
its first page and counted on a worker thread: that count is waited for after each run, and
its time printed apart."""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Callable

SCREENFUL = 40
PAGE = ("SELECT e.pk, e.id, e.title, e.page, e.category, e.type, e.status, e.n_signals, "
        "e.n_items, e.max_relevancy, e.mean_relevancy, e.updated_at FROM entries e "
        "WHERE {where} ORDER BY e.title COLLATE NOCASE, e.pk LIMIT 200")
# An entry's items through their entry index, as anyone who read the query plan would write
# it: left to itself SQLite walks items_by_score for every entry (seconds, not milliseconds).
_ITEM = "SELECT 1 FROM items i INDEXED BY items_by_entry WHERE i.entry_pk = e.pk"
_SIGNAL = f"{_ITEM} AND i.section = 'signals'"

QUERIES: dict[str, tuple[str, str, str]] = {
    # key: (label, query, the same question by hand)
    "query-field": (
        'a field query (keyword:="hydrogen carbon")', 'keyword:="hydrogen carbon"',
        "e.pk IN (SELECT entry_pk FROM keywords WHERE keyword = 'hydrogen carbon')"),
    "query-score": (
        "a score query (signal.relevancy:5)", "signal.relevancy:5",
        f"EXISTS ({_SIGNAL} AND i.relevancy = 5)"),
    "query-item-text": (
        "an item text query (signal:drought)", "signal:drought",
        f"EXISTS ({_SIGNAL} AND (i.name LIKE '%drought%' OR i.description LIKE '%drought%' "
        "OR i.change LIKE '%drought%' OR i.ten_year LIKE '%drought%' "
        "OR i.driving_force LIKE '%drought%' OR i.src LIKE '%drought%'))"),
    "query-changed": (
        "changed:yes", "changed:yes",
        f"EXISTS ({_ITEM} AND i.relevancy != i.relevancy_imported)"),
    "query-combined": (
        "a combined query (category:=technology signal.relevancy:>=4 battery "
        "-status:approved)", "category:=technology signal.relevancy:>=4 battery -status:approved",
        "e.pk IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'battery*') "
        f"AND e.category = 'technology' AND EXISTS ({_SIGNAL} AND i.relevancy >= 4) "
        "AND e.status != 'approved'"),
}
INDEXED = ("query-field", "query-score")
"""Queries on indexed fields: under 50 ms; the others under 200 ms."""


def _timed(runs: int, job: Callable[[], object]) -> list[float]:
    job()  # a warm-up: the first run reads the pages from disk
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return times


def _work(key: str) -> Callable[[argparse.Namespace], dict]:
    def work(args: argparse.Namespace) -> dict:
        from PySide6.QtCore import QEventLoop, Qt
        from PySide6.QtWidgets import QApplication

        from curator.core.query import compile_entries
        from curator.core.store import Filter, Library
        from curator.gui.browse.entry_model import EntryTableModel

        app = QApplication.instance() or QApplication([])
        assert app is not None  # kept alive while the model is used
        query = QUERIES[key][1]
        counts: list[int] = []
        with Library(args.library) as library:
            model = EntryTableModel(library)

            def counted() -> float:
                """Wait (untimed) for a count that follows the first page; its time."""
                start = time.perf_counter()
                if model.counting:
                    loop = QEventLoop()
                    model.counted.connect(loop.quit)
                    loop.exec()
                    model.counted.disconnect(loop.quit)
                return time.perf_counter() - start

            def job() -> tuple[float, float, float | None]:
                compile_entries.cache_clear()  # typed anew: parsed and compiled each time
                model.set_filter(Filter())
                start = time.perf_counter()
                model.set_filter(Filter(query=query))
                model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole)
                first = time.perf_counter() - start
                start = time.perf_counter()
                for row in range(min(SCREENFUL, model.rowCount())):
                    for column in range(model.columnCount()):
                        model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
                screen = time.perf_counter() - start
                # Measured apart and waited for, so that no run overlaps the one before.
                follows = model.counting
                count = first + screen + counted()
                counts.append(model.rowCount())
                return first, screen, count if follows else None

            job()
            runs = [job() for _ in range(args.runs)]
            model.set_library(None)  # stops its worker thread
        screen = statistics.median(r[1] for r in runs) * 1000
        explain = (f"reading a screenful of cells through the model after the first page, "
                   f"not in the time: {screen:.1f} ms")
        followed = [r[2] for r in runs if r[2] is not None]
        if followed:
            count = statistics.median(followed) * 1000
            explain += f"; the count came from a worker thread {count:.0f} ms after the query"
        return {"times": [r[0] for r in runs], "matches": counts[-1], "explain": explain}

    return work


def _floor(key: str) -> Callable[[argparse.Namespace], dict]:
    def floor(args: argparse.Namespace) -> dict:
        where = QUERIES[key][2]
        conn = sqlite3.connect(args.library)
        counts: list[int] = []

        def job() -> None:
            counts.append(conn.execute(
                f"SELECT count(*) FROM entries e WHERE {where}").fetchone()[0])
            conn.execute(PAGE.format(where=where)).fetchall()

        times = _timed(args.runs, job)
        conn.close()
        return {"times": times, "matches": counts[-1]}

    return floor


WORKERS: dict[str, Callable[[argparse.Namespace], dict]] = {}
for _key in QUERIES:
    WORKERS[_key] = _work(_key)
    WORKERS[f"{_key}-floor"] = _floor(_key)
