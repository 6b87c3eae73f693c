"""Benchmark workloads of the program's start (bench.py runs them): a library opened in a
worker (`open`), and a fresh process from its spawn to the main window shown (`start`),
each beside a plain-Qt window making the same queries."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from harness import application, count_entries, run_worker, spawn


def work_open(args: argparse.Namespace) -> dict:
    """One run per process, as the program opens its library at start: QApplication, the
    window shown with the list's first rows painted (`start_window`), the rest built behind.
    Curator's modules are imported before the clock starts: the start row times those."""
    from PySide6.QtWidgets import QApplication

    from curator.gui.shell.app import REST_MODULES, start_window

    for name in REST_MODULES:
        __import__(name)
    start = time.perf_counter()
    app = application()
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
    start, stdout, _ = spawn([sys.executable, "-c", script.replace("{peak}", "")],
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


def run_start(script: str, args: argparse.Namespace,
              phases: dict[str, list[float]] | None = None) -> tuple[float, float]:
    """A fresh `python -c` process: seconds from its spawn to its window shown, peak MB.

    With `phases`, each PHASE line's time since the one before (from the spawn) is added
    to the list under its name: where the start-up time goes.
    """
    start, stdout, _ = spawn([sys.executable, "-c", script.replace("{peak}", PEAK_SCRIPT)],
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


def measure_start(args: argparse.Namespace, work_runs: int,
                  floor_runs: int) -> tuple[list[float], list[float], list[float], dict]:
    """Program start, from spawn to the window shown, on the small start library."""
    # The floor is the plain-Qt reference window making the same queries, run in turn
    # with Curator (the machine's load then weighs on both alike); a bare window is shown
    # for context: no window that shows a library can come near it.
    times, peaks, floor_times = [], [], []
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
    for name, library in (("the " + f"{count_entries(Path(args.library)):,}-entry library",
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
    return times, peaks, floor_times, extra


def measure_open(args: argparse.Namespace, work_runs: int,
                 floor_runs: int) -> tuple[list[float], list[float], list[float], dict]:
    """The library opened, one fresh worker process per run, beside the plain-Qt window."""
    times, peaks, floor_times = [], [], []
    parts: dict[str, list[float]] = {}
    bare = []
    for _ in range(work_runs):
        result, peak = run_worker("open", args, 1)
        times += result["times"]
        peaks.append(peak)
        for name in ("facets", "detail"):
            parts.setdefault(name, []).append(result[name])
        floor_times.append(run_plain_window(Path(args.library), args)[1])
    for _ in range(floor_runs):
        bare += run_worker("open-floor", args, 1)[0]["times"]
    extra = {"explain": (
        "floor: a plain-Qt window making the same queries in line (list, facet counts, "
        f"first entry); a bare window and one count: {statistics.median(bare) * 1000:.1f} "
        f"ms. Facet counts in the sidebar {statistics.median(parts['facets']) * 1000:.0f} "
        "ms from the start (on a worker thread from 20,000 entries); the first entry's "
        f"detail, timed again, {statistics.median(parts['detail']) * 1000:.0f} ms"),
        "bare_window_seconds": statistics.median(bare)}
    return times, peaks, floor_times, extra


WORKERS = {"open": work_open, "open-floor": floor_open}
