"""The Statistics view: how the entries of the current filter score, and what they are."""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ...core.model import SECTION_TITLES, SECTIONS
from ...core.statistics import Numbers, count_text, no_numbers, read_numbers, top_values
from ...core.store import Filter, Library
from ..widgets import ask, background_read
from ..widgets.background_read import NewestRead
from ..widgets.cell_delegates import relevancy_colour
from ..widgets.highlight import plain_label, tooltip_html
from .chart_grid import ChartGrid

SavePath = Callable[[QWidget, str], "str | None"]
"""Asked for a file name to save a picture as, given a suggested name; None: cancelled."""

LABEL_CHARS = 28
"""Longer names are shortened on the axis; the tooltip has them whole."""

ALL_SECTIONS = ""
"""The section `bar_clicked` names for a bar of the all-sections chart."""

FACET_TITLES = {"status": "Status", "category": "Category", "type": "Type",
                "keyword": "Keywords", "theme": "Themes"}


def default_save_path(parent: QWidget, suggested: str) -> str | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Save chart as PNG",
                                          str(Path.home() / suggested), "PNG images (*.png)")
    if name and not name.lower().endswith(".png"):
        name += ".png"
    return name or None


class StatsView(QWidget):
    """Charts over the entries of a filter: scores per section as imported and now,
    entries per status, category and type, and the most used keywords and themes.

    Reads only through Library methods. Recomputes when shown after a change of filter or
    library (`set_filter` and `set_library` only mark it stale while hidden); `refresh()`
    recomputes at once.
    """

    bar_clicked = Signal(str, int)
    """(section, score) of a clicked bar of current scores; section "" for all sections."""

    def __init__(self, parent: QWidget | None = None,
                 save_path: SavePath | None = None) -> None:
        super().__init__(parent)
        self._library: Library | None = None
        self._reader: NewestRead | None = None
        self._filter = Filter()
        self._stale = True
        self._save_path = save_path or default_save_path
        self.charts: dict[str, QChart] = {}
        """By name: each section, "all", and each facet ("status", …, "theme")."""
        self._facet_names: dict[str, list[str]] = {}

        self.summary = plain_label(selectable=False)
        self.save_button = QPushButton("Save as PNG…")
        self.save_button.setToolTip("Save the charts of this tab as a picture")
        self.save_button.clicked.connect(self.save_png)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.save_button)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._relevancy_page(), "Relevancy")
        self.tabs.addTab(self._facet_page(("status", "category", "type")),
                         "Status, category, type")
        self.tabs.addTab(self._facet_page(("keyword", "theme")), "Keywords and themes")

        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.tabs, 1)

    # -- building ----------------------------------------------------------------

    def _chart_view(self, name: str) -> QChartView:
        chart = QChart()
        chart.setObjectName(name)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setBackgroundRoundness(3)
        self.charts[name] = chart
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        return view

    def _relevancy_page(self) -> ChartGrid:
        return ChartGrid([(self._chart_view(name), 1) for name in (*SECTIONS, "all")], 3)

    def _facet_page(self, facets: tuple[str, ...]) -> ChartGrid:
        # Status has four values at most: it needs less room than the others.
        return ChartGrid([(self._chart_view(facet), 2 if facet == "status" else 3)
                          for facet in facets], len(facets))

    # -- public ------------------------------------------------------------------

    def set_library(self, library: Library | None) -> None:
        self._reader = background_read.reader_for(library, read_numbers, self._show, self,
                                                  self._reader)
        self._library = library
        self._changed()

    def set_filter(self, flt: Filter) -> None:
        if flt != self._filter:
            self._filter = flt
            self._changed()

    def mark_stale(self) -> None:
        """The library's data changed: recompute now if shown, else when next shown."""
        self._changed()

    @property
    def stale(self) -> bool:
        return self._stale

    def refresh(self) -> None:
        """Read the numbers again and redraw every chart (a large library's follow from a
        worker thread)."""
        self._stale = False
        if self._library is None:
            self._show(no_numbers())
            self.summary.setText("No library is open.")
            return
        if self._reader is not None:
            self._reader.read(self._filter)
            return
        self._show(read_numbers(self._library, self._filter))

    @property
    def reading(self) -> bool:
        """The numbers for the current filter are still being read (a large library)."""
        return self._reader is not None and self._reader.busy

    def _show(self, numbers: Numbers) -> None:
        for section in SECTIONS:
            counts = numbers.distribution[section]
            self._fill_relevancy(section, counts["imported"], counts["current"])
        totals = numbers.totals
        self._fill_relevancy("all", totals["imported"], totals["current"])
        for facet, (values, total) in numbers.facets.items():
            self._fill_facet(facet, values, total)
        self.summary.setText(
            f"{numbers.summary()} Click a bar of current scores to list those items.")

    def save_png(self) -> bool:
        """Save the charts of the current tab as a PNG file, where the analyst chooses."""
        page = self.tabs.currentWidget().page
        name = self.tabs.tabText(self.tabs.currentIndex()).lower()
        suggested = "statistics-" + "-".join(name.replace(",", "").split()) + ".png"
        path = self._save_path(self, suggested)
        if not path:
            return False
        if (self._stale or self.reading) and self._library is not None:
            self._stale = False
            self._show(read_numbers(self._library, self._filter))  # the picture needs them now
        if not page.grab().save(path, "PNG"):
            ask.show_error(self, "Cannot save picture", f"{path} could not be written.")
            return False
        return True

    # -- Qt overrides --------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The chart theme follows the window's palette (light or dark).
            self._changed()

    # -- filling charts --------------------------------------------------------------

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _fill_relevancy(self, name: str, imported: list[int], current: list[int]) -> None:
        chart = self.charts[name]
        _clear(chart)
        self._theme(chart)
        palette = self.palette()
        title = "All sections" if name == "all" else SECTION_TITLES[name]
        chart.setTitle(html.escape(f"{title}: {count_text(sum(current), 'item', 'items')}"))
        series = QBarSeries()
        before = QBarSet("Imported")
        before.append([float(v) for v in imported])
        before.setColor(_imported_colour(palette))
        before.setBorderColor(_imported_colour(palette))
        now = QBarSet("Current")
        now.append([float(v) for v in current])
        now.setColor(relevancy_colour(palette, 4))
        now.setBorderColor(relevancy_colour(palette, 4))
        for bar_set in (before, now):
            bar_set.setLabelColor(palette.color(QPalette.ColorRole.Text))
            series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        top = max([*imported, *current, 1])
        # Big counts side by side would run into each other: upright, they stand apart.
        upright = top >= 1000
        series.setLabelsAngle(-90 if upright else 0)
        series.setLabelsPrecision(12)  # whole numbers in full, never 1.25553e+06
        series.setBarWidth(0.8)
        section = ALL_SECTIONS if name == "all" else name
        now.clicked.connect(lambda index, s=section: self._on_bar_clicked(s, index))
        now.hovered.connect(lambda on, index, s=section, t=title:
                            self._hover_score(on, s, t, index, imported, current))
        before.hovered.connect(lambda on, index, s=section, t=title:
                               self._hover_score(on, s, t, index, imported, current))
        chart.addSeries(series)
        scores = QBarCategoryAxis()
        scores.append([str(score) for score in range(1, 6)])
        scores.setTitleText("score")
        counts = QValueAxis()
        _nice_range(counts, top, headroom=1.4 if upright else 1.15)
        self._attach(chart, series, scores, Qt.AlignmentFlag.AlignBottom, counts,
                     Qt.AlignmentFlag.AlignLeft)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)

    def _fill_facet(self, facet: str, values: list[tuple[str, int]], total: int) -> None:
        chart = self.charts[facet]
        _clear(chart)
        self._theme(chart)
        palette = self.palette()
        shown, which = top_values(facet, values, total)
        self._facet_names[facet] = [name for name, _ in shown]
        title = f"{FACET_TITLES[facet]}: {which}" if which else FACET_TITLES[facet]
        chart.setTitle(html.escape(title))
        series = QHorizontalBarSeries()
        bar_set = QBarSet("Entries")
        # Horizontal bars are drawn from the bottom up: the most used goes last, on top.
        bar_set.append([float(count) for _, count in reversed(shown)])
        bar_set.setColor(relevancy_colour(palette, 3))
        bar_set.setBorderColor(relevancy_colour(palette, 3))
        bar_set.setLabelColor(palette.color(QPalette.ColorRole.Text))
        bar_set.hovered.connect(lambda on, index, f=facet: self._hover_facet(on, f, index))
        series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsPrecision(9)
        series.setBarWidth(0.7 if len(shown) > 5 else 0.5)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append(_axis_labels([name for name, _ in reversed(shown)]))
        counts = QValueAxis()
        counts.setTitleText("entries")
        top = max([count for _, count in shown] + [1])
        # Long tick labels along a narrow axis get cut ("5000…"): fewer of them, and none at
        # all past 10,000 (each bar is labelled with its count).
        _nice_range(counts, top, ticks=6 if top < 1000 else 3)
        counts.setLabelsVisible(top < 10_000)
        self._attach(chart, series, counts, Qt.AlignmentFlag.AlignBottom, names,
                     Qt.AlignmentFlag.AlignLeft)
        chart.legend().setVisible(False)

    def _attach(self, chart: QChart, series: QAbstractBarSeries, x_axis, x_side, y_axis,
                y_side) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        grid = palette.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        for axis, side in ((x_axis, x_side), (y_axis, y_side)):
            chart.addAxis(axis, side)
            series.attachAxis(axis)
            axis.setLabelsColor(text)
            axis.setTitleBrush(text)
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)

    def _theme(self, chart: QChart) -> None:
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        theme = QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        if chart.theme() != theme:
            chart.setTheme(theme)
        chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        chart.setBackgroundPen(palette.color(QPalette.ColorRole.Mid))
        chart.setTitleBrush(palette.color(QPalette.ColorRole.Text))
        chart.legend().setLabelColor(palette.color(QPalette.ColorRole.Text))

    # -- interaction ---------------------------------------------------------------

    def _on_bar_clicked(self, section: str, index: int) -> None:
        if 0 <= index < 5:
            self.bar_clicked.emit(section, index + 1)

    def _hover_score(self, on: bool, section: str, title: str, index: int,
                     imported: list[int], current: list[int]) -> None:
        if not on:
            QToolTip.hideText()
            return
        score = index + 1
        where = "items" if section == ALL_SECTIONS else title.lower()
        text = (f"{title}, score {score}: {current[index]:,} now, "
                f"{imported[index]:,} as imported.\nClick to list these {where}.")
        QToolTip.showText(QCursor.pos(), tooltip_html(text), self)

    def _hover_facet(self, on: bool, facet: str, index: int) -> None:
        names = self._facet_names.get(facet, [])
        if not on or not 0 <= index < len(names):
            QToolTip.hideText()
            return
        chart = self.charts[facet]
        bar_set = chart.series()[0].barSets()[0]
        name = names[len(names) - 1 - index] or "(none)"
        count = int(bar_set.at(index))
        QToolTip.showText(QCursor.pos(),
                          tooltip_html(f"{name}: {count_text(count, 'entry', 'entries')}"), self)


def _clear(chart: QChart) -> None:
    for axis in chart.axes():
        chart.removeAxis(axis)
        axis.deleteLater()
    for series in chart.series():
        chart.removeSeries(series)
        series.deleteLater()


def _axis_labels(names: list[str]) -> list[str]:
    """Axis text for entry values: shortened, unique (the axis drops repeats), and escaped,
    because chart axes read their labels as HTML."""
    seen: set[str] = set()
    labels = []
    for name in names:
        text = " ".join(name.split()) or "(none)"
        if len(text) > LABEL_CHARS:
            text = text[: LABEL_CHARS - 1] + "…"
        base, number = text, 2
        while text in seen:
            text = f"{base} ({number})"
            number += 1
        seen.add(text)
        labels.append(html.escape(text))
    return labels


def _nice_range(axis: QValueAxis, top: int, *, headroom: float = 1.15, ticks: int = 6) -> None:
    """Whole-number ticks, at most `ticks` steps, with room above the tallest bar for its
    label."""
    room = top * headroom + 0.5
    magnitude = 10 ** max(0, int(math.log10(max(room, 1))) - 1)
    step = next(s * magnitude for s in (1, 2, 5, 10, 20, 50, 100)
                if room / (s * magnitude) <= ticks)
    upper = step * math.ceil(room / step)
    axis.setRange(0, upper)
    axis.setTickCount(int(upper // step) + 1)
    axis.setLabelFormat("%d")


def _imported_colour(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    # A grey between text and background: present but quieter than the current scores.
    return QColor((text.red() + 2 * base.red()) // 3, (text.green() + 2 * base.green()) // 3,
                  (text.blue() + 2 * base.blue()) // 3)

