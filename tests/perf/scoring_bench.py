"""Benchmark workload of scoring in the Items table (bench.py runs it): one key pressed on a
row of every item sorted by score, eight pages held as if scrolled, until the row shows the
new score in its place. The time covers the core operation (score, review mark, history)
and the table reading the rows it holds again by key (ItemsTableModel.reread)."""

from __future__ import annotations

import argparse
import time

PAGES_HELD = 8
"""As many pages as the items table keeps: the most it reads again after a change."""


def work_items_score(args: argparse.Namespace) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from curator.core import operations as ops
    from curator.core.store import Library
    from curator.gui.review.items_model import RELEVANCY_COLUMN, ItemsTableModel
    from curator.gui.widgets.page_cache import PAGE_SIZE

    app = QApplication.instance() or QApplication(["bench"])
    assert app is not None
    times = []
    with Library(args.library) as library:
        model = ItemsTableModel(library)
        model.sort(RELEVANCY_COLUMN, Qt.SortOrder.DescendingOrder)
        rows = model.rowCount()
        for page in range(PAGES_HELD):  # scrolled through: every page the cache keeps
            model.data(model.index(min(page * PAGE_SIZE, rows - 1), 0))
        row = min(PAGE_SIZE // 2, rows - 1)
        key = model.row_key(row)
        assert key is not None
        held = len(list(model._pages.cached()))
        for run in range(args.runs + 1):  # the first is a warm-up
            value = 1 if run % 2 == 0 else 5
            start = time.perf_counter()
            ops.set_score(library, key, value)
            model.reread()
            shown = model.data(model.index(row, RELEVANCY_COLUMN))
            if run:
                times.append(time.perf_counter() - start)
            if shown != value or model.row_key(row) != key:
                raise SystemExit("the scored row moved or did not show its new score")
    return {"times": times, "items": rows, "rows_held": held}


WORKERS = {"items-score": work_items_score}
