"""Charts in as many columns as the width allows, scrolling down when they do not all fit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QWidget

CHART_WIDTH = 220
"""Narrower than this, a chart's labels overlap: the grid takes fewer columns instead."""
CHART_HEIGHT = 180
SPACING = 6


class ChartGrid(QScrollArea):
    """Lays its charts out in up to `max_columns` columns, fewer when the pane is narrow.

    A fixed grid either clipped its right-hand charts or made the whole window wider; this
    one moves them to a new row and scrolls down instead.
    """

    def __init__(self, charts: list[tuple[QWidget, int]], max_columns: int,
                 parent: QWidget | None = None) -> None:
        """`charts` as (chart, stretch): its share of a row's width when all share one row."""
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page = QWidget()
        """What the charts sit on: what a picture of them is taken from."""
        self._grid = QGridLayout(self.page)
        self._grid.setContentsMargins(0, 4, 0, 0)
        self._grid.setSpacing(SPACING)
        self._charts = charts
        self._max_columns = max_columns
        self.columns = 0
        for chart, _ in charts:
            chart.setMinimumSize(CHART_WIDTH, CHART_HEIGHT)
        self.setWidget(self.page)
        self._arrange(max_columns)

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        for chart, _ in self._charts:
            self._grid.removeWidget(chart)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 0)
        for index, (chart, stretch) in enumerate(self._charts):
            self._grid.addWidget(chart, index // columns, index % columns)
            self._grid.setColumnStretch(index % columns,
                                        stretch if columns >= len(self._charts) else 1)
        self.columns = columns

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        fits = (event.size().width() + SPACING) // (CHART_WIDTH + SPACING)
        self._arrange(max(1, min(self._max_columns, fits)))
        super().resizeEvent(event)
