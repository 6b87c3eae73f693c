"""Curator's performance benchmark (issue 6): every workload beside its floor, in one run.

    python tests/perf/bench.py                 # N = 10,000 seed files, a 100,000-entry library
    python tests/perf/bench.py --quick         # 200 files, 2,000 entries
    python tests/perf/bench.py --tiny          # 200 files, 300 entries (the smoke test)
    python tests/perf/bench.py --json out.json # also write the rows as JSON

Each workload runs in its own subprocess and its floor in another, so that the peak memory
of a row is that of the workload alone: the peak resident set size of the workload's
subprocess, read by that subprocess from /proc/self/status (VmHWM) when it ends. It includes
the interpreter and the imported libraries. (getrusage(RUSAGE_CHILDREN).ru_maxrss is no use
here: on Linux a child's ru_maxrss starts at its parent's RSS at fork time, so every row
would show at least the parent's size.) Times are medians of several runs (fewer for the
slow workloads).

The generated seed files and libraries are cached under --workdir (default: a folder in
the system temp dir), so reruns do not regenerate them; a half-built library is resumed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

SIZES = {"full": (10_000, 100_000), "quick": (200, 2_000), "tiny": (200, 300)}
START_LIBRARY = 300
"""Entries of the small library the program-start workload opens."""
SCREENFUL = 40
"""Rows of the entry list one screen shows; their data() is read after a search or sort."""
SEARCH_WORDS = ("climate", "hydrogen", "wärme", "robot", "電力", "privacy", "drought")
SORT_COLUMNS = ("category", "max_relevancy", "updated_at", "page", "n_items", "mean_relevancy")
FACET_FILTER = {"include": [["category", "technology"]], "exclude": [], "search": ""}
RESULT = "BENCH-RESULT "


# --------------------------------------------------------------------------------------
# Workloads: each runs inside a worker subprocess (`bench.py --worker NAME`) and returns
# a list of seconds, one per run (plus extra facts for the report).
# --------------------------------------------------------------------------------------


def peak_mb() -> float:
    """This process's peak resident set size (VmHWM: its own, not inherited at fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _seed_files(args: argparse.Namespace) -> list[Path]:
    return sorted(Path(args.seeds).glob("*.txt"))


def _timed(runs: int, job: Callable[[int], object], warmup: bool = False) -> list[float]:
    if warmup:
        job(-1)
    times = []
    for run in range(runs):
        start = time.perf_counter()
        job(run)
        times.append(time.perf_counter() - start)
    return times


def work_parse(args: argparse.Namespace) -> dict:
    from curator.core.reader import read_seed

    files = _seed_files(args)

    def job(_: int) -> None:
        for path in files:
            read_seed(path.read_bytes(), path.name)

    return {"times": _timed(args.runs, job), "files": len(files)}


def floor_parse(args: argparse.Namespace) -> dict:
    files = _seed_files(args)

    def job(_: int) -> None:
        for path in files:
            path.read_text(encoding="utf-8").splitlines()

    return {"times": _timed(args.runs, job), "files": len(files)}


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def work_import(args: argparse.Namespace) -> dict:
    from curator.core.importer import import_paths
    from curator.core.store import Library

    target = Path(args.workdir) / "import-target.db"
    times = []
    for _ in range(args.runs):
        _fresh(target)
        start = time.perf_counter()
        with Library(target) as library:
            report = import_paths(library, [args.seeds])
        times.append(time.perf_counter() - start)
        if report.failed or report.imported != len(_seed_files(args)):
            raise SystemExit(f"import went wrong: {report.summary()}")
    _fresh(target)
    return {"times": times, "imported": report.imported}


def floor_import(args: argparse.Namespace) -> dict:
    """Reading and splitting the files, plus sqlite-utils insert_all of the rows the store
    writes (entries, items, keywords, themes), built beforehand from the parsed entries."""
    from sqlite_utils import Database

    from curator.core.reader import read_seed
    from curator.core.store import rows, schema
    from curator.core.writer import write_seed

    files = _seed_files(args)
    now = rows.now()
    tables: dict[str, list[dict]] = {"entries": [], "items": [], "keywords": [], "themes": []}
    for pk, path in enumerate(files, start=1):  # not timed: the rows as the store builds them
        result = read_seed(path.read_bytes(), path.name)
        entry = result.entry
        canonical = write_seed(entry)
        columns = rows.entry_columns(entry)
        columns.update(pk=pk, content_hash=rows.content_hash(canonical),
                       source_text=result.text if result.text != canonical else None,
                       import_batch=None, version=1, edited=0, updated_at=now, imported_at=now)
        tables["entries"].append(columns)
        tables["items"] += rows.item_rows(pk, entry)
        tables["keywords"] += [{"entry_pk": pk, "position": i, "keyword": k}
                               for i, k in enumerate(entry.keywords)]
        tables["themes"] += [{"entry_pk": pk, "position": i, "theme": t}
                             for i, t in enumerate(entry.themes)]
    target = Path(args.workdir) / "floor-target.db"
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for path in files:
            path.read_text(encoding="utf-8").splitlines()
        read_split = time.perf_counter() - start
        _fresh(target)
        db = Database(target)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        schema.create(db.conn)
        start = time.perf_counter()
        for table, table_rows in tables.items():
            db[table].insert_all(table_rows)
        times.append(read_split + time.perf_counter() - start)
        db.close()
    _fresh(target)
    return {"times": times, "rows": {t: len(r) for t, r in tables.items()}}


def _application():
    from curator.gui.shell.app import make_application

    return make_application([sys.argv[0]])


def work_open(args: argparse.Namespace) -> dict:
    """One run per process, as the program opens its library at start: QApplication, the
    window shown with the list's first rows painted (`start_window`), the rest built behind.
    Curator's modules are imported before the clock starts: the start row times those."""
    from PySide6.QtWidgets import QApplication

    from curator.gui.shell.app import REST_MODULES, start_window

    for name in REST_MODULES:
        __import__(name)
    start = time.perf_counter()
    app = _application()
    built: list[float] = []
    window = start_window(Path(args.library), built=lambda: built.append(time.perf_counter()))
    model = window.model
    while True:
        app.processEvents()
        if model.rowCount() and model.data(model.index(0, 0)) is not None:
            break
    seconds = time.perf_counter() - start
    rows = model.rowCount()
    # The facet counts come after the rest is built (from a worker thread on a large library).
    while not built or window.sidebar.counting:
        app.processEvents()
        time.sleep(0.001)
    facets = time.perf_counter() - start
    # The entry shown first, timed again.
    start = time.perf_counter()
    window.detail.show_entry(window.library.entries.get(model.entry_id(0)))
    detail = time.perf_counter() - start
    window.close()
    QApplication.processEvents()
    return {"times": [seconds], "rows": rows, "facets": facets, "detail": detail}


def floor_open(args: argparse.Namespace) -> dict:
    """A bare window shown, and the library's entries counted in plain sqlite3."""
    import sqlite3

    from PySide6.QtWidgets import QApplication, QMainWindow

    start = time.perf_counter()
    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    conn = sqlite3.connect(args.library)
    count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    seconds = time.perf_counter() - start
    conn.close()
    return {"times": [seconds], "rows": count}


def _read_screen(model, first: int = 0) -> None:
    from PySide6.QtCore import Qt

    for row in range(first, min(first + SCREENFUL, model.rowCount())):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            model.data(index, Qt.ItemDataRole.DisplayRole)
            model.data(index, Qt.ItemDataRole.TextAlignmentRole)


def _list_sql(where: str, order: str) -> str:
    return ("SELECT e.pk, e.id, e.title, e.page, e.category, e.type, e.status, e.n_signals, "
            "e.n_items, e.max_relevancy, e.mean_relevancy, e.updated_at FROM entries e "
            f"WHERE {where} ORDER BY {order} LIMIT 200")


def work_search(args: argparse.Namespace) -> dict:
    from curator.core.store import Filter, Library
    from curator.gui.browse.entry_model import EntryTableModel

    app = _application()
    assert app is not None  # kept alive while the model is used
    counts = []
    with Library(args.library) as library:
        model = EntryTableModel(library)

        def job(run: int) -> None:
            model.set_filter(Filter(search=SEARCH_WORDS[run % len(SEARCH_WORDS)]))
            _read_screen(model)
            counts.append(model.rowCount())

        times = _timed(args.runs, job, warmup=True)
    return {"times": times, "matches": counts[1:]}


def floor_search(args: argparse.Namespace) -> dict:
    """The same FTS5 MATCH in plain sqlite3: the count of matches and the first page."""
    import sqlite3

    from curator.core.store import fts_query

    conn = sqlite3.connect(args.library)
    counts = []

    def job(run: int) -> None:
        query = fts_query(SEARCH_WORDS[run % len(SEARCH_WORDS)])
        counts.append(conn.execute(
            "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?", [query]).fetchone()[0])
        conn.execute(_list_sql(
            "e.pk IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)",
            "e.title COLLATE NOCASE, e.pk"), [query]).fetchall()

    times = _timed(args.runs, job, warmup=True)
    conn.close()
    return {"times": times, "matches": counts[1:]}


def work_sort(args: argparse.Namespace) -> dict:
    """The list model sorted by another column, until its first page is available (row 0
    read); a screenful of cells read through the model after it is timed apart, as the
    Python loop that reads them costs more than the query (see `screen_ms`)."""
    from PySide6.QtCore import Qt

    from curator.core.store import Library
    from curator.gui.browse.entry_model import COLUMNS, EntryTableModel

    app = _application()
    assert app is not None  # kept alive while the model is used
    keys = [key for key, _ in COLUMNS]
    screen: list[float] = []
    with Library(args.library) as library:
        model = EntryTableModel(library)
        _read_screen(model)

        def job(run: int) -> None:
            column = keys.index(SORT_COLUMNS[run % len(SORT_COLUMNS)]) if run >= 0 else 0
            order = Qt.SortOrder.DescendingOrder if run < 0 else Qt.SortOrder.AscendingOrder
            model.sort(column, order)
            model.data(model.index(0, 0))

        job(-1)  # warm-up
        times = []
        for run in range(args.runs):
            start = time.perf_counter()
            job(run)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            _read_screen(model)
            screen.append(time.perf_counter() - start)
    screen_ms = statistics.median(screen) * 1000
    return {"times": times, "columns": [SORT_COLUMNS[r % len(SORT_COLUMNS)]
                                         for r in range(args.runs)],
            "explain": f"reading a screenful of cells through the model after the sort, "
                       f"not in the time: {screen_ms:.1f} ms"}


def floor_sort(args: argparse.Namespace) -> dict:
    import sqlite3

    conn = sqlite3.connect(args.library)

    def job(run: int) -> None:
        order = ("e.title COLLATE NOCASE DESC, e.pk DESC" if run < 0 else
                 f"e.{SORT_COLUMNS[run % len(SORT_COLUMNS)]} ASC, e.pk ASC")
        conn.execute(_list_sql("1", order)).fetchall()

    times = _timed(args.runs, job, warmup=True)
    conn.close()
    return {"times": times}


def work_facets(args: argparse.Namespace) -> dict:
    """What the sidebar does for a filter: every facet counted (limits as the sidebar's)."""
    from curator.core.store import FACETS, Filter, Library

    flt = Filter.from_json(FACET_FILTER)
    with Library(args.library) as library:
        def job(_: int) -> None:
            with library.snapshot():
                for facet in FACETS:
                    library.entries.facet_counts(
                        flt, facet, limit=2000 if facet in ("keyword", "theme") else 200)

        times = _timed(args.runs, job, warmup=True)
    return {"times": times}


FACET_SQL = [
    ("SELECT e.status, count(*) FROM entries e WHERE e.category IN (?) "
     "GROUP BY e.status ORDER BY count(*) DESC, e.status LIMIT ?", ["technology", 200]),
    ("SELECT e.category, count(*) FROM entries e "
     "GROUP BY e.category ORDER BY count(*) DESC, e.category LIMIT ?", [200]),
    ("SELECT e.type, count(*) FROM entries e WHERE e.category IN (?) "
     "GROUP BY e.type ORDER BY count(*) DESC, e.type LIMIT ?", ["technology", 200]),
    ("SELECT t.keyword, count(DISTINCT t.entry_pk) FROM keywords t JOIN entries e "
     "ON e.pk = t.entry_pk WHERE e.category IN (?) GROUP BY t.keyword "
     "ORDER BY 2 DESC, t.keyword LIMIT ?", ["technology", 2000]),
    ("SELECT t.theme, count(DISTINCT t.entry_pk) FROM themes t JOIN entries e "
     "ON e.pk = t.entry_pk WHERE e.category IN (?) GROUP BY t.theme "
     "ORDER BY 2 DESC, t.theme LIMIT ?", ["technology", 2000]),
]


def floor_facets(args: argparse.Namespace) -> dict:
    import sqlite3

    conn = sqlite3.connect(args.library)

    def job(_: int) -> None:
        for sql, params in FACET_SQL:
            conn.execute(sql, params).fetchall()

    times = _timed(args.runs, job, warmup=True)
    conn.close()
    return {"times": times}


def work_export(args: argparse.Namespace) -> dict:
    from curator.core.exchange import export_json
    from curator.core.store import Filter, Library

    target = Path(args.workdir) / "export.json"
    with Library(args.library) as library:
        def job(_: int) -> None:
            export_json(library, Filter(), target)

        times = _timed(args.runs, job)
    size = target.stat().st_size
    target.unlink()
    return {"times": times, "bytes": size}


def floor_export(args: argparse.Namespace) -> dict:
    """SELECT the rows an export holds (entries, items, keywords, themes), json.dump them
    (one compact json.dumps per row, streamed to the file)."""
    import sqlite3

    target = Path(args.workdir) / "export-floor.json"
    conn = sqlite3.connect(args.library)
    conn.row_factory = sqlite3.Row
    queries = [
        "SELECT pk, id, title, page, url, other, summary, extra_sections, status, notes, "
        "source_file, source_sha256, imported_at, updated_at FROM entries ORDER BY pk",
        "SELECT * FROM items ORDER BY entry_pk, section, position",
        "SELECT entry_pk, keyword FROM keywords ORDER BY entry_pk, position",
        "SELECT entry_pk, theme FROM themes ORDER BY entry_pk, position",
    ]

    def job(_: int) -> None:
        with target.open("w", encoding="utf-8") as out:
            out.write("[")
            for sql in queries:
                for row in conn.execute(sql):
                    out.write(json.dumps(dict(row), ensure_ascii=False))
                    out.write(",\n")
            out.write("null]\n")

    times = _timed(args.runs, job)
    conn.close()
    target.unlink()
    return {"times": times}


def work_scroll(args: argparse.Namespace) -> dict:
    """The entry list shown, scrolled a page at a time from top to bottom, each page painted."""
    from curator.core.store import Library
    from curator.gui.browse.entry_list import EntryListView
    from curator.gui.browse.entry_model import EntryTableModel

    app = _application()
    fetched: list[int] = []
    with Library(args.library) as library:
        page = library.entries.page

        def counting_page(*a, **k):  # once per page of 200 rows read: cheap to count
            fetched.append(k.get("offset", 0))
            return page(*a, **k)

        library.entries.page = counting_page
        model = EntryTableModel(library)
        view = EntryListView(model)
        view.resize(1100, 800)
        view.show()
        app.processEvents()
        bar = view.verticalScrollBar()
        start = time.perf_counter()
        steps = 0
        while True:
            view.viewport().repaint()  # paints the visible rows: data() of each of their cells
            if bar.value() >= bar.maximum():
                break
            bar.setValue(bar.value() + bar.pageStep())
            app.processEvents()
            steps += 1
        seconds = time.perf_counter() - start
        rows = model.rowCount()
        view.close()
    if rows and max(fetched, default=-1) + 200 < rows:
        read = max(fetched, default=0) + 200
        raise SystemExit(f"scrolling read rows only up to {read} of {rows}")
    return {"times": [seconds], "steps": steps, "pages_read": len(fetched), "rows": rows}


def work_items(args: argparse.Namespace) -> dict:
    """The items table: ItemsTableModel over every item counted and its first page
    available, then sorted by relevancy (descending) and its first page available again.
    As for sort, the screenfuls of cells read after each are timed apart (`explain`)."""
    from PySide6.QtCore import Qt

    from curator.core.store import ItemFilter, Library
    from curator.gui.review.items_model import RELEVANCY_COLUMN, ItemsTableModel

    app = _application()
    assert app is not None  # kept alive while the model is used
    counts: list[int] = []
    screen: list[float] = []
    with Library(args.library) as library:
        def read_screen() -> None:
            start = time.perf_counter()
            _read_screen(model)
            screen.append(time.perf_counter() - start)

        times = []
        for run in range(args.runs + 1):  # the first is a warm-up
            start = time.perf_counter()
            model = ItemsTableModel(library)
            model.set_filter(ItemFilter())
            counts.append(model.rowCount())
            model.data(model.index(0, 0))
            first = time.perf_counter() - start
            read_screen()
            start = time.perf_counter()
            model.sort(RELEVANCY_COLUMN, Qt.SortOrder.DescendingOrder)
            model.data(model.index(0, 0))
            if run:
                times.append(first + time.perf_counter() - start)
            read_screen()
    screen_ms = statistics.median(screen) * 1000
    return {"times": times, "items": counts[-1],
            "explain": f"reading a screenful of cells through the model after each page, "
                       f"not in the time: {screen_ms:.1f} ms"}


def floor_items(args: argparse.Namespace) -> dict:
    """The same first page in plain sqlite3 (twice, as the model reads it twice), and a
    plain count of the items."""
    import sqlite3

    from curator.core.store.items import _ITEM_COLUMNS

    conn = sqlite3.connect(args.library)
    sql = (f"SELECT {_ITEM_COLUMNS} FROM items i JOIN entries e ON e.pk = i.entry_pk "
           "ORDER BY i.relevancy DESC, i.pk DESC LIMIT 200")
    counts = []

    def job(_: int) -> None:
        counts.append(conn.execute("SELECT count(*) FROM items").fetchone()[0])
        conn.execute(sql).fetchall()
        conn.execute(sql).fetchall()

    times = _timed(args.runs, job, warmup=True)
    conn.close()
    return {"times": times, "items": counts[-1]}


CALIBRATION_ENTRIES = 10_000
"""Entries (the first by pk) whose items the calibration workload groups."""


def work_calibration(args: argparse.Namespace) -> dict:
    """Calibration's grouping of the items of the first 10,000 entries (the ids not timed)."""
    from curator.core.calibration import group_items
    from curator.core.store import Filter, ItemFilter, Library

    with Library(args.library) as library:
        ids = frozenset(row[0] for row in library.conn.execute(
            "SELECT id FROM entries ORDER BY pk LIMIT ?", [CALIBRATION_ENTRIES]))
        flt = ItemFilter(entries=Filter(ids=ids))
        groups: list[int] = []

        def job(_: int) -> None:
            groups.append(len(group_items(library.items.iter_labels(flt))))

        times = _timed(args.runs, job)
    return {"times": times, "entries": len(ids), "groups": groups[-1]}


def work_duplicates(args: argparse.Namespace) -> dict:
    """Duplicate finding over the whole library, as the Duplicates view and the CLI run it."""
    from curator.core.duplicates import find_in_library
    from curator.core.store import Library

    with Library(args.library) as library:
        groups: list[int] = []
        stages: dict[str, int] = {}

        def job(_: int) -> None:
            found = find_in_library(
                library, progress=lambda done, total, stage: stages.__setitem__(stage, done))
            groups.append(len(found))

        times = _timed(args.runs, job)
        entries = library.entries.total()
    return {"times": times, "entries": entries, "groups": groups[-1],
            "title_comparisons": stages.get("comparing", 0),
            "pairs_scored": stages.get("scoring", 0)}


START_SCRIPT = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
print("PHASE qt", time.monotonic(), flush=True)
from curator.gui.shell.app import make_application, start_window
print("PHASE imports", time.monotonic(), flush=True)
app = make_application([sys.argv[0]])
built = []
window = start_window(Path({library!r}), built=lambda: built.append(time.monotonic()))
print("PHASE window", time.monotonic(), flush=True)
app.processEvents()
shown = time.monotonic()
print("SHOWN", shown, window.isVisible(), flush=True)
# The rest is built behind the painted window: the longest the event loop went without
# turning (a 10 ms timer's longest gap, less its 10 ms) is how long input would wait.
from PySide6.QtCore import QTimer
ticks = [shown]
def tick():
    ticks.append(time.monotonic())
    if built and ticks[-1] - built[0] > 0.2:
        app.quit()
timer = QTimer(interval=10, timeout=tick)
timer.start()
app.exec()
stall = max(b - a for a, b in zip(ticks, ticks[1:])) - 0.010
print("REST", built[0] - shown, max(stall, 0.0), flush=True)
{peak}
import os; os._exit(0)
"""
PLAIN_WINDOW_SCRIPT = """
import sqlite3, sys, time
from PySide6.QtWidgets import (QApplication, QLineEdit, QMainWindow, QSplitter, QTabWidget,
    QTableWidget, QTableWidgetItem, QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget)
start = time.perf_counter()
app = QApplication([sys.argv[0]])
window = QMainWindow()
window.resize(1400, 860)
conn = sqlite3.connect({library!r})
total = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
rows = conn.execute("SELECT title, page, category, type, status, n_signals, n_items, "
                    "max_relevancy, mean_relevancy, updated_at FROM entries "
                    "ORDER BY title COLLATE NOCASE, pk LIMIT 200").fetchall()
table = QTableWidget(total, 10)
for r, row in enumerate(rows[:40]):
    for c, value in enumerate(row):
        table.setItem(r, c, QTableWidgetItem(str(value)))
tree = QTreeWidget()
tree.setColumnCount(2)
for facet in ("status", "category", "type"):
    top = QTreeWidgetItem(tree, [facet])
    for value, n in conn.execute(f"SELECT {{facet}}, count(*) FROM entries GROUP BY 1 "
                                 "ORDER BY 2 DESC LIMIT 200"):
        QTreeWidgetItem(top, [str(value), str(n)])
for name, column in (("keywords", "keyword"), ("themes", "theme")):
    top = QTreeWidgetItem(tree, [name])
    for value, n in conn.execute(f"SELECT {{column}}, count(DISTINCT entry_pk) FROM {{name}} "
                                 "GROUP BY 1 ORDER BY 2 DESC LIMIT 5000").fetchall()[:12]:
        QTreeWidgetItem(top, [str(value), str(n)])
tree.expandAll()
title, summary = conn.execute("SELECT title, summary FROM entries "
                              "ORDER BY title COLLATE NOCASE, pk LIMIT 1").fetchone() or ("", "")
detail = QTextBrowser()
detail.setPlainText(title + "\\n\\n" + (summary or ""))
entries = QWidget()
column = QVBoxLayout(entries)
column.addWidget(QLineEdit())
column.addWidget(table)
tabs = QTabWidget()
tabs.addTab(entries, "Entries")
splitter = QSplitter()
for part in (tree, tabs, detail):
    splitter.addWidget(part)
window.setCentralWidget(splitter)
for menu_name in ("File", "Edit", "Review", "View", "Help"):
    menu = window.menuBar().addMenu(menu_name)
    for n in range(10):
        menu.addAction(f"{{menu_name}} action {{n}}")
window.show()
app.processEvents()
print("BUILT", time.perf_counter() - start, flush=True)
print("SHOWN", time.monotonic(), window.isVisible(), flush=True)
{peak}
import os; os._exit(0)
"""
"""A reference, not a floor: the same kind of window (list, facet tree, detail, menus) and
the same queries in plain Qt, without Curator's code: what any such window costs."""


def _start_script(library: Path) -> str:
    return START_SCRIPT.replace("{library!r}", repr(str(library)))


def run_plain_window(library: Path, args: argparse.Namespace) -> tuple[float, float]:
    """(seconds from spawn to shown, seconds from QApplication to shown) of the reference."""
    script = PLAIN_WINDOW_SCRIPT.replace("{library!r}", repr(str(library)))
    script = script.replace("{{", "{").replace("}}", "}")
    start, stdout, _ = _spawn([sys.executable, "-c", script.replace("{peak}", "")],
                              args.workdir)
    lines = {line.split()[0]: line.split() for line in stdout.splitlines() if line.strip()}
    return float(lines["SHOWN"][1]) - start, float(lines["BUILT"][1])


START_FLOOR_SCRIPT = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([sys.argv[0]])
window = QMainWindow()
window.resize(1400, 860)
window.show()
app.processEvents()
print("SHOWN", time.monotonic(), window.isVisible(), flush=True)
{peak}
import os; os._exit(0)
"""
PEAK_SCRIPT = """
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print("PEAK", int(line.split()[1]) / 1024, flush=True)
"""

from outputs_bench import REPORT_ENTRIES  # noqa: E402 - beside this file
from outputs_bench import WORKERS as OUTPUT_WORKERS  # noqa: E402
from query_bench import INDEXED as QUERY_INDEXED  # noqa: E402
from query_bench import QUERIES  # noqa: E402
from query_bench import WORKERS as QUERY_WORKERS  # noqa: E402
from scoring_bench import WORKERS as SCORING_WORKERS  # noqa: E402

WORKERS: dict[str, Callable[[argparse.Namespace], dict]] = {
    "parse": work_parse, "parse-floor": floor_parse,
    "import": work_import, "import-floor": floor_import,
    "open": work_open, "open-floor": floor_open,
    "search": work_search, "search-floor": floor_search,
    "sort": work_sort, "sort-floor": floor_sort,
    "facets": work_facets, "facets-floor": floor_facets,
    "export": work_export, "export-floor": floor_export,
    "scroll": work_scroll,
    "items": work_items, "items-floor": floor_items,
    "calibration": work_calibration,
    "duplicates": work_duplicates,
    **OUTPUT_WORKERS,
    **SCORING_WORKERS,
    **QUERY_WORKERS,
}


# --------------------------------------------------------------------------------------
# The parent: prepares the corpus, runs each worker in a subprocess, prints the table.
# --------------------------------------------------------------------------------------


@dataclass
class Spec:
    key: str
    label: str
    target_ratio: float | None = None
    max_seconds: float | None = None
    max_mb: float | None = None
    floor: bool = True
    runs: tuple[int, int] = (5, 5)
    """Runs of the workload and of its floor at full size (quick and tiny sizes use fewer)."""
    fresh_process_per_run: bool = False
    built: bool = True
    target: str | None = None
    """The target as the table shows it, when it is not just the limits above."""

    def target_text(self) -> str:
        if self.target is not None:
            return self.target
        parts = []
        if self.target_ratio is not None:
            parts.append(f"<= {self.target_ratio:g}x")
        if self.max_seconds is not None:
            parts.append(f"< {_fmt_seconds(self.max_seconds)}")
        if self.max_mb is not None:
            parts.append(f"< {self.max_mb:g} MB")
        return ", ".join(parts) or "-"


def specs(files: int, entries: int, items: int | None = None) -> list[Spec]:
    n, m = f"{files:,}", f"{entries:,}"
    i = "?" if items is None else f"{items:,}"
    c = f"{min(CALIBRATION_ENTRIES, entries):,}"
    r = f"{min(REPORT_ENTRIES, entries):,}"
    return [
        Spec("parse", f"parse {n} seed files", 4, runs=(3, 5)),
        Spec("import", f"import {n} seed files into a new library", 2, runs=(2, 2)),
        Spec("open", f"open a {m}-entry library to the first rows shown", 1.5, 1.0,
             runs=(5, 5), fresh_process_per_run=True),
        Spec("search", f"one search keystroke over {m} entries (list refreshed)", 3, 0.05,
             runs=(7, 7)),
        *(Spec(key, f"search {m} entries with {label}, first page shown", 2,
               0.05 if key in QUERY_INDEXED else 0.2, runs=(5, 5))
          for key, (label, _, _) in QUERIES.items()),
        Spec("sort", f"sort {m} entries by another column", 2, runs=(6, 6)),
        Spec("facets", "facet counts for a filter (category = technology)", 2, runs=(5, 5)),
        Spec("export", f"export {m} entries to JSON", 2, max_mb=300, runs=(1, 2)),
        Spec("csv", f"export {m} entries to CSV (entries.csv, items.csv)", 2, max_mb=300,
             runs=(1, 2)),
        Spec("xlsx", f"export {m} entries to XLSX", 2, max_mb=300, runs=(1, 1)),
        Spec("report-html", f"report of {r} entries to HTML", floor=False, runs=(3, 0),
             target="timed (README)"),
        Spec("report-pdf", f"report of {r} entries to PDF", floor=False, runs=(2, 0),
             target="timed (README)"),
        Spec("scroll", f"scroll the whole {m}-entry list", max_mb=300, floor=False,
             runs=(1, 0)),
        Spec("items", f"items table ({i} items): first page, then sorted by relevancy", 2,
             runs=(5, 5)),
        Spec("items-score", f"score a row of the items table ({i} items, sorted by score): "
             "the row shows it in place", max_seconds=0.1, floor=False, runs=(7, 0),
             target="under 0.1 s (a keystroke)"),
        Spec("calibration", f"calibration grouping of the items of {c} entries",
             max_seconds=10, floor=False, runs=(3, 0), target="under 10 s, off the GUI thread"),
        Spec("duplicates", f"duplicate groups over {m} entries", max_seconds=20, floor=False,
             runs=(3, 0), target="under 20 s, off the GUI thread"),
        Spec("start", "program start to main window shown", 1.5, runs=(5, 5),
             fresh_process_per_run=True),
    ]


def _fmt_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _environment(workdir: Path, settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # QSettings (window geometry, recent libraries) kept apart from the user's and per run.
    env["XDG_CONFIG_HOME"] = settings
    env["CURATOR_DB"] = str(workdir / "unused-default.db")
    # Timed as installed: pip compiles a package's bytecode when it installs it, so the
    # children read Curator's compiled modules (kept under the workdir) instead of compiling
    # every module again at each start, as they would if Python may not write bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def _spawn(argv: list[str], workdir: Path) -> tuple[float, str, float]:
    """Run a child to its end; return (monotonic time of its spawn, its stdout, and its
    ru_maxrss in MB, which on Linux counts the parent's RSS at fork: not used for rows)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.TemporaryDirectory(prefix="settings-", dir=workdir) as settings:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err,
                                env=_environment(workdir, settings), cwd=workdir)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} … failed ({proc.returncode}):\n{stderr[-3000:]}")
    return start, stdout, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def run_worker(name: str, args: argparse.Namespace, runs: int) -> tuple[dict, float]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--worker", name,
            "--workdir", str(args.workdir), "--seeds", str(args.seeds),
            "--library", str(args.library), "--runs", str(runs)]
    _, stdout, _ = _spawn(argv, args.workdir)
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT)]
    if not lines:
        raise RuntimeError(f"worker {name} printed no result:\n{stdout[-2000:]}")
    result = json.loads(lines[-1][len(RESULT):])
    return result, result.pop("peak_mb")


def run_start(script: str, args: argparse.Namespace,
              phases: dict[str, list[float]] | None = None) -> tuple[float, float]:
    """A fresh `python -c` process: seconds from its spawn to its window shown, peak MB.

    With `phases`, each PHASE line's time since the one before (from the spawn) is added
    to the list under its name: where the start-up time goes.
    """
    start, stdout, _ = _spawn([sys.executable, "-c", script.replace("{peak}", PEAK_SCRIPT)],
                              args.workdir)
    shown = [line.split() for line in stdout.splitlines() if line.startswith("SHOWN")]
    if not shown or shown[-1][2] != "True":
        raise RuntimeError(f"the window was not shown:\n{stdout[-2000:]}")
    peaks = [float(line.split()[1]) for line in stdout.splitlines() if line.startswith("PEAK")]
    if phases is not None:
        before = start
        for name, at in [line.split()[1:3] for line in stdout.splitlines()
                         if line.startswith("PHASE")] + [("show", shown[-1][1])]:
            phases.setdefault(name, []).append(float(at) - before)
            before = float(at)
        for line in stdout.splitlines():  # after the paint: the rest built, and the stall
            if line.startswith("REST"):
                built, stall = map(float, line.split()[1:3])
                phases.setdefault("rest", []).append(built)
                phases.setdefault("stall", []).append(stall)
    return float(shown[-1][1]) - start, peaks[-1]


def measure(spec: Spec, args: argparse.Namespace) -> dict:
    work_runs, floor_runs = spec.runs if args.size == "full" else (
        (min(spec.runs[0], 3), min(spec.runs[1], 3)) if args.size == "quick" else (1, 1))
    if args.runs:
        work_runs = floor_runs = args.runs
    extra: dict = {}
    floor_times: list[float] = []
    if spec.key == "start":
        # The floor is the plain-Qt reference window making the same queries, run in turn
        # with Curator (the machine's load then weighs on both alike); a bare window is shown
        # for context: no window that shows a library can come near it.
        times, peaks = [], []
        phases: dict[str, list[float]] = {}
        bare: list[float] = []
        for _ in range(work_runs):
            seconds, peak = run_start(_start_script(args.start_library), args, phases)
            times.append(seconds)
            peaks.append(peak)
            floor_times.append(run_plain_window(args.start_library, args)[0])
        for _ in range(floor_runs):
            bare.append(run_start(START_FLOOR_SCRIPT, args)[0])
        rest, stall = phases.pop("rest", [0.0]), phases.pop("stall", [0.0])
        others = []
        for name, library in (("the " + f"{_count_entries(Path(args.library)):,}-entry library",
                               Path(args.library)), ("an empty library", args.empty_library)):
            mine, plain, theirs = [], [], {}
            for _ in range(max(1, min(work_runs, 3))):
                mine.append(run_start(_start_script(library), args, theirs)[0])
                plain.append(run_plain_window(library, args)[0])
            stall += theirs.get("stall", [])
            others.append(f"on {name} {statistics.median(mine) * 1000:.0f} ms against "
                          f"{statistics.median(plain) * 1000:.0f} ms "
                          f"({statistics.median(mine) / statistics.median(plain):.2f}x)")
        extra = {"explain": "from spawn: " + ", ".join(
            f"{name} {statistics.median(values) * 1000:.0f} ms"
            for name, values in phases.items() if name != "rest")
            + f" (floor: the plain-Qt reference window; a bare window: "
            f"{statistics.median(bare) * 1000:.0f} ms). Started "
            + "; ".join(others)
            + f". After the paint, the rest of the window is built in "
            f"{statistics.median(rest) * 1000:.0f} ms; the longest event-loop stall meanwhile, "
            f"over all runs: {max(stall) * 1000:.0f} ms",
            "stall_seconds": max(stall), "bare_window_seconds": statistics.median(bare)}
    elif spec.key == "open":
        times, peaks = [], []
        parts: dict[str, list[float]] = {}
        bare = []
        for _ in range(work_runs):
            result, peak = run_worker(spec.key, args, 1)
            times += result["times"]
            peaks.append(peak)
            for name in ("facets", "detail"):
                parts.setdefault(name, []).append(result[name])
            floor_times.append(run_plain_window(Path(args.library), args)[1])
        for _ in range(floor_runs):
            bare += run_worker(f"{spec.key}-floor", args, 1)[0]["times"]
        extra = {"explain": (
            "floor: a plain-Qt window making the same queries in line (list, facet counts, "
            f"first entry); a bare window and one count: {statistics.median(bare) * 1000:.1f} "
            f"ms. Facet counts in the sidebar {statistics.median(parts['facets']) * 1000:.0f} "
            "ms from the start (on a worker thread from 20,000 entries); the first entry's "
            f"detail, timed again, {statistics.median(parts['detail']) * 1000:.0f} ms"),
            "bare_window_seconds": statistics.median(bare)}
    else:
        result, peak = run_worker(spec.key, args, work_runs)
        times, peaks = result.pop("times"), [peak]
        extra = result
        if spec.floor:
            floor_times = run_worker(f"{spec.key}-floor", args, floor_runs)[0]["times"]
    seconds = statistics.median(times)
    floor = statistics.median(floor_times) if floor_times else None
    ratio = seconds / floor if floor else None
    peak_mb = max(peaks)
    met = True
    if spec.target_ratio is not None:
        met = met and ratio is not None and ratio <= spec.target_ratio
    if spec.max_seconds is not None:
        met = met and seconds < spec.max_seconds
    if spec.max_mb is not None:
        met = met and peak_mb < spec.max_mb
    return {
        "workload": spec.label,
        "seconds": round(seconds, 6),
        "floor_seconds": None if floor is None else round(floor, 6),
        "ratio": None if ratio is None else round(ratio, 3),
        "target_ratio": spec.target_ratio,
        "peak_mb": round(peak_mb, 1),
        "met": met,
        "key": spec.key,
        "target": spec.target_text(),
        "runs": len(times),
        "floor_runs": len(floor_times),
        "all_seconds": [round(t, 6) for t in times],
        "all_floor_seconds": [round(t, 6) for t in floor_times],
        "extra": extra,
    }


def not_built(spec: Spec) -> dict:
    return {"workload": spec.label, "seconds": None, "floor_seconds": None, "ratio": None,
            "target_ratio": None, "peak_mb": None, "met": None, "key": spec.key,
            "target": "-", "note": "not built yet"}


def table(rows: list[dict], header: str) -> str:
    head = ("workload", "time", "floor", "ratio", "target", "peak MB", "met")
    lines = []
    for row in rows:
        if row.get("note") == "not built yet":
            lines.append((row["workload"], "not built yet", "", "", "", "", ""))
            continue
        lines.append((
            row["workload"],
            _fmt_seconds(row["seconds"]),
            _fmt_seconds(row["floor_seconds"]),
            "-" if row["ratio"] is None else f"{row['ratio']:.2f}x",
            row["target"],
            f"{row['peak_mb']:.0f}",
            "yes" if row["met"] else "NO",
        ))
    widths = [max(len(str(r[i])) for r in [head, *lines]) for i in range(len(head))]
    out = [header, ""]
    fmt = lambda r: " | ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    out.append(fmt(head))
    out.append("-+-".join("-" * w for w in widths))
    out += [fmt(r) for r in lines]
    explained = [f"{row['key']}: {row['extra']['explain']}" for row in rows
                 if row.get("extra", {}).get("explain")]
    if explained:
        out += ["", *explained]
    out += ["", "time: median of the runs (runs/floor runs per row in the JSON); peak MB: peak RSS",
            "of the workload's own subprocess (its /proc/self/status VmHWM), interpreter and "
            "imports included.",
            "open and start: a fresh process per run; start is timed from spawn to "
            "the window shown."]
    return "\n".join(out)


# -- preparing the corpus -----------------------------------------------------------------


def _count_entries(path: Path) -> int:
    import sqlite3

    if not path.exists():
        return 0
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    except sqlite3.Error:
        return -1
    finally:
        conn.close()


def ensure_seeds(folder: Path, count: int) -> None:
    from corpus import write_seeds

    done = folder / ".complete"  # collect_files skips dot files
    if done.exists() and done.read_text() == str(count):
        return
    print(f"writing {count:,} seed files to {folder} …", file=sys.stderr, flush=True)
    write_seeds(folder, count)
    done.write_text(str(count))


def ensure_library(path: Path, count: int) -> None:
    from corpus import build_library_parallel

    have = _count_entries(path)
    if have == count:
        return
    if have < 0 or have > count:
        _fresh(path)
    print(f"building a {count:,}-entry library at {path} (resuming at {max(have, 0):,}) …",
          file=sys.stderr, flush=True)
    build_library_parallel(path, count, quiet=count < 5000)
    if _count_entries(path) != count:
        raise RuntimeError(f"{path} does not hold {count} entries")


def ensure_indexes(path: Path) -> tuple[int, list[str]]:
    """Give a cached library built by an older Curator every index and table a new library
    has, so that it is measured as the program would use it now; return its number of items
    and the indexes made now."""
    import sqlite3

    from curator.core.store import schema

    fresh = sqlite3.connect(":memory:")
    schema.create(fresh)
    wanted = dict(fresh.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    fresh.close()
    conn = sqlite3.connect(path)
    try:
        # A generated cache needs no backup: bring it to the current schema here, so that no
        # timed workload pays for a migration (and a copy of the whole file) on first open;
        # first, as a later index may be over a column that a migration adds.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, schema.SCHEMA_VERSION):
            print(f"migrating {path} from schema {step} …", file=sys.stderr, flush=True)
            began = time.perf_counter()
            for statement in schema.MIGRATIONS[step]:
                statement(conn) if callable(statement) else conn.execute(statement)
            # The time a user's first opening of such a library takes (plus its copy).
            print(f"migrated from schema {step} to {step + 1} in "
                  f"{time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
        if version < schema.SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        made = [name for name in wanted if name not in have]
        for name in made:
            print(f"creating the index {name} in {path} (built before it existed) …",
                  file=sys.stderr, flush=True)
            conn.execute(wanted[name])
        for name in schema.DROPPED_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.commit()
        return conn.execute("SELECT count(*) FROM items").fetchone()[0], made
    finally:
        conn.close()


def _revision() -> str:
    """The commit measured, marked when curator/ has uncommitted changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "curator"], cwd=REPO,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "commit unknown"
    return f"commit {commit or 'unknown'}{' + changes in curator/' if dirty else ''}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_const", dest="size", const="quick",
                      help="200 seed files and a 2,000-entry library")
    size.add_argument("--tiny", action="store_const", dest="size", const="tiny",
                      help="200 seed files and a 300-entry library (smoke test)")
    parser.set_defaults(size="full")
    parser.add_argument("--files", type=int, help="number of seed files (overrides the size)")
    parser.add_argument("--entries", type=int, help="library entries (overrides the size)")
    parser.add_argument("--runs", type=int, help="runs of every workload and floor")
    parser.add_argument("--only", help="comma-separated workload keys "
                        "(parse,import,open,search,query-field,query-score,query-item-text,"
                        "query-changed,query-combined,sort,facets,export,csv,xlsx,report-html,"
                        "report-pdf,scroll,items,calibration,duplicates,start)")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    parser.add_argument("--table", type=Path, help="also write the table to this text file")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "curator-bench",
                        help="where the generated corpus and libraries are cached")
    # Internal: run one workload inside a worker subprocess.
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--seeds", help=argparse.SUPPRESS)
    parser.add_argument("--library", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        args.workdir = Path(args.workdir)
        result = WORKERS[args.worker](args)
        result["peak_mb"] = peak_mb()
        print(RESULT + json.dumps(result), flush=True)
        return 0

    files, entries = SIZES[args.size]
    files, entries = args.files or files, args.entries or entries
    args.workdir = args.workdir.absolute()
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.seeds = args.workdir / f"seeds-{files}"
    args.library = args.workdir / f"library-{entries}.db"
    args.start_library = args.workdir / f"library-{START_LIBRARY}.db"
    args.empty_library = args.workdir / "library-empty.db"
    ensure_seeds(args.seeds, files)
    ensure_library(args.library, entries)
    ensure_library(args.start_library, START_LIBRARY)
    if not args.empty_library.exists():
        _spawn([sys.executable, "-c", "import sys; from curator.core.store import Library; "
                f"Library({str(args.empty_library)!r}).close()"], args.workdir)
    chosen = set(args.only.split(",")) if args.only else None
    items, indexes_made = ensure_indexes(args.library)
    ensure_indexes(args.start_library)
    _spawn([sys.executable, "-m", "compileall", "-q", str(REPO / "curator")], args.workdir)

    rows = []
    started = time.monotonic()
    for spec in specs(files, entries, items):
        if chosen is not None and spec.key not in chosen:
            continue
        if not spec.built:
            rows.append(not_built(spec))
            continue
        print(f"[{time.monotonic() - started:7.1f} s] {spec.label} …", file=sys.stderr, flush=True)
        row = measure(spec, args)
        rows.append(row)
        print(f"           {_fmt_seconds(row['seconds'])} vs floor "
              f"{_fmt_seconds(row['floor_seconds'])}, {row['peak_mb']:.0f} MB, "
              f"met: {row['met']}", file=sys.stderr, flush=True)
    header = (f"Curator benchmark: {files:,} seed files, {entries:,}-entry library "
              f"({args.size}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; "
              f"{_revision()}; {time.strftime('%Y-%m-%d %H:%M')})")
    text = table(rows, header)
    if indexes_made:
        text += (f"\n{args.library.name} was built before the indexes {', '.join(indexes_made)} "
                 "existed: they were made before measuring.")
    print(text)
    if args.table:
        args.table.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
