"""The Statistics view: its charts hold the library's numbers, counted here another way."""

from __future__ import annotations

import html
from collections import Counter

import pytest
from PySide6.QtCharts import QBarSet, QChart
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from curator.core.model import SECTIONS
from curator.core.store import Filter
from curator.gui.review.stats_view import StatsView
from curator.gui.widgets import background_read


@pytest.fixture
def view(qtbot, seeded):
    widget = StatsView()
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    widget.refresh()
    return widget


def _sets(chart: QChart) -> dict[str, list[int]]:
    [series] = chart.series()
    return {s.label(): [int(s.at(i)) for i in range(s.count())] for s in series.barSets()}


def _bars(chart: QChart) -> dict[str, int]:
    """Axis label → bar value of a horizontal bar chart."""
    [series] = chart.series()
    [bar_set] = series.barSets()
    [axis] = chart.axes(Qt.Orientation.Vertical)
    names = [html.unescape(name) for name in axis.categories()]
    return {name: int(bar_set.at(i)) for i, name in enumerate(names)}


def _expected(library, flt: Filter = Filter()):
    scores = {s: {"current": Counter(), "imported": Counter()} for s in SECTIONS}
    facets = {f: Counter() for f in ("status", "category", "type", "keyword", "theme")}
    for entry_id in library.entries.ids(flt):
        entry = library.entries.get(entry_id)
        for section in SECTIONS:
            for item in getattr(entry, section):
                scores[section]["current"][item.relevancy] += 1
                scores[section]["imported"][item.relevancy_imported] += 1
        facets["status"][entry.status.value] += 1
        facets["category"][entry.category or ""] += 1
        facets["type"][entry.type or ""] += 1
        facets["keyword"].update(set(entry.keywords))
        facets["theme"].update(set(entry.themes))
    return scores, facets


def test_relevancy_charts_hold_the_scores_per_section(view, seeded) -> None:
    scores, _ = _expected(seeded)
    for section in SECTIONS:
        sets = _sets(view.charts[section])
        assert sets["Current"] == [scores[section]["current"][n] for n in range(1, 6)]
        assert sets["Imported"] == [scores[section]["imported"][n] for n in range(1, 6)]
    every = _sets(view.charts["all"])
    assert every["Current"] == [sum(scores[s]["current"][n] for s in SECTIONS)
                                for n in range(1, 6)]


def test_facet_charts_hold_the_entry_counts(view, seeded) -> None:
    _, facets = _expected(seeded)
    for facet in ("category", "type"):
        assert _bars(view.charts[facet]) == {k or "(none)": n for k, n in facets[facet].items()}
    statuses = _bars(view.charts["status"])
    assert statuses == {s: facets["status"][s] for s in ("new", "reviewed", "approved", "rejected")}


def test_top_keywords_and_themes(view, seeded) -> None:
    _, facets = _expected(seeded)
    for facet in ("keyword", "theme"):
        shown = _bars(view.charts[facet])
        assert len(shown) == min(15, len(facets[facet]))
        # Every value shown has its count, and none left out was used more.
        for name, count in shown.items():
            assert facets[facet][name] == count
        assert min(shown.values()) >= max(
            (n for k, n in facets[facet].items() if k not in shown), default=0)


def test_the_filter_narrows_every_chart(view, seeded) -> None:
    some = frozenset(seeded.entries.ids(Filter())[:3])
    flt = Filter(ids=some, exclude=frozenset({("status", "rejected")}))
    view.set_filter(flt)
    view.refresh()
    scores, facets = _expected(seeded, flt)
    assert _sets(view.charts["signals"])["Current"] == [
        scores["signals"]["current"][n] for n in range(1, 6)]
    assert _bars(view.charts["category"]) == dict(facets["category"])
    assert "3 entries" in view.summary.text()


def test_a_changed_score_shows_as_imported_against_current(view, seeded) -> None:
    before = _sets(view.charts["concerns"])
    assert before["Imported"] == before["Current"]
    entry = seeded.entries.get(seeded.entries.ids(Filter())[0])
    old = entry.concerns[0].relevancy
    new = 1 if old != 1 else 5
    seeded.edits.set_relevancy(entry.id, "concerns", 0, new)
    view.mark_stale()
    assert view.stale  # hidden: nothing recomputed yet
    view.refresh()
    after = _sets(view.charts["concerns"])
    assert after["Imported"] == before["Imported"]
    difference = [a - b for a, b in zip(after["Current"], after["Imported"])]
    expected = [0] * 5
    expected[new - 1], expected[old - 1] = 1, -1
    assert difference == expected
    assert "1 score changed" in view.summary.text()


def test_showing_a_stale_view_recomputes(qtbot, seeded) -> None:
    widget = StatsView()
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    assert widget.stale
    widget.show()
    qtbot.waitExposed(widget)
    assert not widget.stale
    assert sum(_sets(widget.charts["all"])["Current"]) > 0
    widget.set_filter(Filter(ids=frozenset()))  # shown: recomputed at once
    assert not widget.stale
    assert sum(_sets(widget.charts["all"])["Current"]) == 0


def test_clicking_a_bar_names_its_section_and_score(view, qtbot) -> None:
    [series] = view.charts["technologies"].series()
    current: QBarSet = next(s for s in series.barSets() if s.label() == "Current")
    with qtbot.waitSignal(view.bar_clicked) as blocker:
        current.clicked.emit(3)
    assert blocker.args == ["technologies", 4]
    [series] = view.charts["all"].series()
    current = next(s for s in series.barSets() if s.label() == "Current")
    with qtbot.waitSignal(view.bar_clicked) as blocker:
        current.clicked.emit(0)
    assert blocker.args == ["", 1]


def test_save_as_png_writes_a_picture(qtbot, seeded, tmp_path) -> None:
    target = tmp_path / "chart.png"
    asked = []

    def save_path(parent, suggested):
        asked.append(suggested)
        return str(target)

    widget = StatsView(save_path=save_path)
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    widget.resize(900, 700)
    widget.show()
    assert widget.save_png()
    assert asked == ["statistics-relevancy.png"]
    assert target.stat().st_size > 0
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 100


def test_save_as_png_cancelled_writes_nothing(qtbot, seeded) -> None:
    widget = StatsView(save_path=lambda parent, suggested: None)
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    assert not widget.save_png()


def test_entry_text_on_axes_is_shown_as_text(qtbot, seeded) -> None:
    entry = seeded.entries.get(seeded.entries.ids(Filter())[0])
    odd = "<b>bold</b> & co"
    seeded.edits.set_terms("keyword", {entry.id: [odd] * 1})
    widget = StatsView()
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    widget.set_filter(Filter(ids=frozenset({entry.id})))
    widget.refresh()
    [axis] = widget.charts["keyword"].axes(Qt.Orientation.Vertical)
    assert axis.categories() == [html.escape(odd)]


def test_no_library_shows_empty_charts(qtbot) -> None:
    widget = StatsView()
    qtbot.addWidget(widget)
    widget.refresh()
    assert _sets(widget.charts["signals"])["Current"] == [0] * 5
    assert "No library" in widget.summary.text()


def test_hovering_bars_shows_tips_without_error(qtbot, view) -> None:
    from PySide6.QtWidgets import QToolTip

    [series] = view.charts["signals"].series()
    current = _sets(view.charts["signals"])["Current"]
    series.barSets()[-1].hovered.emit(True, 2)
    tip = html.unescape(QToolTip.text())
    assert "score 3" in tip and f"{current[2]:,} now" in tip
    series.barSets()[-1].hovered.emit(False, 2)
    [series] = view.charts["keyword"].series()
    series.barSets()[0].hovered.emit(True, 99)  # past the last bar: no tip, no error
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)


@pytest.mark.parametrize("width, columns", [(1200, 3), (560, 2), (300, 1)])
def test_charts_take_as_many_columns_as_fit_and_none_is_cut_off(qtbot, seeded, width,
                                                                  columns) -> None:
    widget = StatsView()
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    widget.resize(width, 700)
    widget.show()
    qtbot.waitExposed(widget)
    grid = widget.tabs.currentWidget()
    assert grid.columns == columns
    views = [widget.charts[name].scene().views()[0] for name in (*SECTIONS, "all")]
    # Every chart whole, side to side, once the layout has settled.
    qtbot.waitUntil(lambda: all(view.geometry().right() < grid.viewport().width()
                                for view in views), timeout=2000)


def test_a_large_librarys_numbers_arrive_from_a_worker(qtbot, seeded, monkeypatch) -> None:
    monkeypatch.setattr(background_read, "BACKGROUND_FROM", 0)  # as if it were large
    widget = StatsView()
    qtbot.addWidget(widget)
    widget.set_library(seeded)
    widget.resize(900, 700)
    widget.show()
    try:
        assert widget.reading  # asked for, not waited for
        qtbot.waitUntil(lambda: not widget.reading, timeout=10_000)
        scores, facets = _expected(seeded)
        for section in SECTIONS:
            assert _sets(widget.charts[section])["Current"] == [
                scores[section]["current"][n] for n in range(1, 6)]
        category = next(iter(facets["category"]))
        flt = Filter(include=frozenset({("category", category)}))
        widget.set_filter(flt)
        qtbot.waitUntil(lambda: not widget.reading, timeout=10_000)
        _, narrowed = _expected(seeded, flt)
        assert _bars(widget.charts["type"]) == {k or "(none)": n
                                                for k, n in narrowed["type"].items()}
    finally:
        widget.set_library(None)  # stops the worker thread
