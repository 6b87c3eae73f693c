"""Benchmark workloads over the library and their floors (bench.py runs them): parse, import,
search, sort, facets, export, scroll, the items table, calibration and duplicates."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from harness import application, fresh

SCREENFUL = 40
"""Rows of the entry list one screen shows; their data() is read after a search or sort."""
SEARCH_WORDS = ("climate", "hydrogen", "wärme", "robot", "電力", "privacy", "drought")
SORT_COLUMNS = ("category", "max_relevancy", "updated_at", "page", "n_items", "mean_relevancy")
FACET_FILTER = {"include": [["category", "technology"]], "exclude": [], "search": ""}


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



def work_import(args: argparse.Namespace) -> dict:
    from curator.core.importer import import_paths
    from curator.core.store import Library

    target = Path(args.workdir) / "import-target.db"
    times = []
    for _ in range(args.runs):
        fresh(target)
        start = time.perf_counter()
        with Library(target) as library:
            report = import_paths(library, [args.seeds])
        times.append(time.perf_counter() - start)
        if report.failed or report.imported != len(_seed_files(args)):
            raise SystemExit(f"import went wrong: {report.summary()}")
    fresh(target)
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
        fresh(target)
        db = Database(target)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        schema.create(db.conn)
        start = time.perf_counter()
        for table, table_rows in tables.items():
            db[table].insert_all(table_rows)
        times.append(read_split + time.perf_counter() - start)
        db.close()
    fresh(target)
    return {"times": times, "rows": {t: len(r) for t, r in tables.items()}}



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

    app = application()
    assert app is not None  # kept alive while the model is used
    counts = []
    with Library(args.library) as library:
        model = EntryTableModel(library)

        def job(run: int) -> None:
            model.set_filter(Filter(search=SEARCH_WORDS[run % len(SEARCH_WORDS)]))
            _read_screen(model)
            counts.append(model.rowCount())

        times = _timed(args.runs, job, warmup=True)
        model.set_library(None)  # stops its worker thread: a running one aborts the exit
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

    app = application()
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
        model.set_library(None)  # as in work_search
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

    app = application()
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
        model.set_library(None)  # as in work_search
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

    app = application()
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



WORKERS: dict[str, Callable[[argparse.Namespace], dict]] = {
    "parse": work_parse, "parse-floor": floor_parse,
    "import": work_import, "import-floor": floor_import,
    "search": work_search, "search-floor": floor_search,
    "sort": work_sort, "sort-floor": floor_sort,
    "facets": work_facets, "facets-floor": floor_facets,
    "export": work_export, "export-floor": floor_export,
    "scroll": work_scroll,
    "items": work_items, "items-floor": floor_items,
    "calibration": work_calibration,
    "duplicates": work_duplicates,
}
