"""Benchmark workloads of the spreadsheet and report exports, and their floors (bench.py runs
them): CSV and XLSX of the whole library beside the same rows written with the bare library
(csv, XlsxWriter) straight from SQL; a report of the first REPORT_ENTRIES entries to HTML and
to PDF, timed (a report has no bare-library equivalent to compare with)."""

from __future__ import annotations

import argparse
import csv
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

REPORT_ENTRIES = 1_000

ENTRY_SQL = (
    "SELECT e.id, e.title, coalesce(e.page, ''), coalesce(e.url, ''), e.status, e.category, "
    "e.type, (SELECT group_concat(keyword, '; ') FROM keywords k WHERE k.entry_pk = e.pk), "
    "(SELECT group_concat(theme, '; ') FROM themes t WHERE t.entry_pk = e.pk), e.summary, "
    "e.notes, " + ", ".join(
        f"(SELECT count(*) FROM items i WHERE i.entry_pk = e.pk AND i.section = '{s}')"
        for s in ("signals", "concerns", "behaviors", "technologies", "issues"))
    + " FROM entries e ORDER BY e.pk"
)
ITEM_SQL = (
    "SELECT e.id, e.title, i.section, i.position + 1, coalesce(i.name, ''), "
    "coalesce(i.description, ''), coalesce(i.change, ''), coalesce(i.ten_year, ''), "
    "coalesce(i.driving_force, ''), coalesce(i.src, ''), i.relevancy, i.relevancy_imported, "
    "i.reviewed, (SELECT h.reason FROM history h WHERE h.entry_id = e.id AND h.field = "
    "i.section || '.' || i.position || '.relevancy' AND h.reason IS NOT NULL "
    "ORDER BY h.pk DESC LIMIT 1) "
    "FROM items i JOIN entries e ON e.pk = i.entry_pk ORDER BY i.entry_pk, i.section, i.position"
)


def _timed(runs: int, job: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return times


def work_csv(args: argparse.Namespace) -> dict:
    from curator.core.spreadsheets import export_csv
    from curator.core.store import Filter, Library

    target = Path(args.workdir) / "export-csv"
    with Library(args.library) as library:
        times = _timed(args.runs, lambda: export_csv(library, Filter(), target))
    size = sum(p.stat().st_size for p in target.iterdir())
    shutil.rmtree(target)
    return {"times": times, "bytes": size}


def floor_csv(args: argparse.Namespace) -> dict:
    """The same two files' rows, straight from SQL through csv.writer."""
    target = Path(args.workdir) / "export-csv-floor"
    target.mkdir(exist_ok=True)
    conn = sqlite3.connect(args.library)

    def job() -> None:
        for name, sql in (("entries.csv", ENTRY_SQL), ("items.csv", ITEM_SQL)):
            with (target / name).open("w", encoding="utf-8", newline="") as out:
                csv.writer(out).writerows(conn.execute(sql))

    times = _timed(args.runs, job)
    conn.close()
    shutil.rmtree(target)
    return {"times": times}


def work_xlsx(args: argparse.Namespace) -> dict:
    from curator.core.spreadsheets import export_xlsx
    from curator.core.store import Filter, Library

    target = Path(args.workdir) / "export.xlsx"
    with Library(args.library) as library:
        times = _timed(args.runs, lambda: export_xlsx(library, Filter(), target))
    size = target.stat().st_size
    target.unlink()
    return {"times": times, "bytes": size}


def floor_xlsx(args: argparse.Namespace) -> dict:
    """The same rows with XlsxWriter's constant-memory mode, each value written with the
    generic write_row (no formats, links, widths or filters)."""
    import xlsxwriter

    target = Path(args.workdir) / "export-floor.xlsx"
    conn = sqlite3.connect(args.library)

    def job() -> None:
        book = xlsxwriter.Workbook(str(target), {"constant_memory": True,
                                                 "strings_to_formulas": False,
                                                 "strings_to_urls": False})
        entries = book.add_worksheet("Entries")
        for row, values in enumerate(conn.execute(ENTRY_SQL)):
            entries.write_row(row, 0, values)
        sheets = {s: [book.add_worksheet(s.capitalize()), 0] for s in
                  ("signals", "concerns", "behaviors", "technologies", "issues")}
        for values in conn.execute(ITEM_SQL):
            sheet = sheets[values[2]]
            sheet[0].write_row(sheet[1], 0, values)
            sheet[1] += 1
        book.close()

    times = _timed(args.runs, job)
    conn.close()
    target.unlink()
    return {"times": times}


def _report_filter(library):  # -> Filter of the first REPORT_ENTRIES entries
    from curator.core.store import Filter

    ids = [row[0] for row in library.conn.execute(
        "SELECT id FROM entries ORDER BY pk LIMIT ?", [REPORT_ENTRIES])]
    return Filter(ids=frozenset(ids))


def work_report_html(args: argparse.Namespace) -> dict:
    from curator.core.report import export_html
    from curator.core.store import Library

    target = Path(args.workdir) / "report.html"
    with Library(args.library) as library:
        flt = _report_filter(library)
        times = _timed(args.runs, lambda: export_html(library, flt, target))
    size = target.stat().st_size
    target.unlink()
    return {"times": times, "bytes": size, "entries": len(flt.ids or ())}


def work_report_pdf(args: argparse.Namespace) -> dict:
    from PySide6.QtGui import QGuiApplication

    from curator.core.store import Library
    from curator.gui.transfer.report_print import export_pdf

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - Qt prints with it
    target = Path(args.workdir) / "report.pdf"
    with Library(args.library) as library:
        flt = _report_filter(library)
        times = _timed(args.runs, lambda: export_pdf(library, flt, target))
    size = target.stat().st_size
    target.unlink()
    return {"times": times, "bytes": size, "entries": len(flt.ids or ())}


WORKERS = {
    "csv": work_csv, "csv-floor": floor_csv,
    "xlsx": work_xlsx, "xlsx-floor": floor_xlsx,
    "report-html": work_report_html, "report-pdf": work_report_pdf,
}
