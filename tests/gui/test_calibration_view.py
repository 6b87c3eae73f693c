"""The Calibration view: grouping in the background, showing groups, scoring a whole group."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from curator.core.calibration import Group
from curator.core.model import Entry
from curator.core.store import Filter, ItemFilter
from curator.gui.review import calibration_dialog, calibration_view
from curator.gui.review.calibration_models import GroupModel, MemberModel
from curator.gui.review.calibration_view import CalibrationView
from curator.gui.shell import reviewing
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask

TIMEOUT_MS = 20_000


def _entry(number: int, title: str, signals: list[tuple[str, int]]) -> Entry:
    return Entry.model_validate({
        "id": f"{number:016x}",
        "title": title,
        "signals": [{"name": name, "description": "d", "relevancy": score}
                    for name, score in signals],
    })


@pytest.fixture
def similar(library):
    """Two entries that name one signal nearly alike, scored 1 and 4, and unrelated items."""
    library.imports.store([
        (_entry(1, "Heat in cities", [("Cool roofs mandated", 1), ("Heat maps", 3)]), None),
        (_entry(2, "<b>Roof</b> & rules", [("Cool-roofs Mandated!", 4), ("Grid storage", 2)]),
         None),
        (_entry(3, "Unrelated", [("Vaccine logistics", 5)]), None),
    ])
    return library


class Calls:
    def __init__(self, result: bool = True) -> None:
        self.result = result
        self.scores: list[tuple[list, int]] = []
        self.opened: list[str] = []

    def set_group_score(self, keys: list, value: int) -> bool:
        self.scores.append((keys, value))
        return self.result

    def open_entry(self, entry_id: str) -> None:
        self.opened.append(entry_id)


@pytest.fixture
def calls():
    return Calls()


@pytest.fixture
def view(qtbot, similar, calls):
    widget = CalibrationView(calls.set_group_score, calls.open_entry)
    qtbot.addWidget(widget)
    widget.set_library(similar)
    widget.set_filter(Filter())
    yield widget
    widget.shutdown()
    assert not widget.running


def _run(qtbot, view) -> None:
    with qtbot.waitSignal(view.finished, timeout=TIMEOUT_MS):
        view.run()


def test_near_identical_items_are_grouped_and_flagged(qtbot, view) -> None:
    _run(qtbot, view)
    assert view.group_model.rowCount() == 1
    [group] = view.group_model.groups
    assert group.flagged and group.spread == 3
    assert sorted(group.keys) == [("0000000000000001", "signals", 0),
                                  ("0000000000000002", "signals", 0)]
    assert view.group_model.index(0, 3).data() == 3
    # The group's items are shown side by side, with their entries' titles as text.
    members = view.member_model
    rows = [[members.index(r, c).data() for c in range(4)] for r in range(members.rowCount())]
    assert rows == [["<b>Roof</b> & rules", "Signals", "Cool-roofs Mandated!", 4],
                    ["Heat in cities", "Signals", "Cool roofs mandated", 1]]
    assert view.status.text().startswith("1 group of similar items (2 of 5 items); 1 scored")


def test_set_score_for_the_group_calls_the_window_with_every_key(qtbot, view, calls,
                                                                 monkeypatch) -> None:
    _run(qtbot, view)
    monkeypatch.setattr(calibration_view, "choose_score", lambda parent, group: 3)
    view.set_score_button.click()
    [(keys, value)] = calls.scores
    assert sorted(keys) == [("0000000000000001", "signals", 0),
                            ("0000000000000002", "signals", 0)]
    assert value == 3
    # Shown with its new scores, no longer flagged.
    [group] = view.group_model.groups
    assert group.scores == [3, 3] and not group.flagged


def test_a_refused_or_cancelled_score_changes_nothing(qtbot, view, calls, monkeypatch) -> None:
    _run(qtbot, view)
    monkeypatch.setattr(calibration_view, "choose_score", lambda parent, group: None)
    assert not view.set_score_for_group()
    assert calls.scores == []
    calls.result = False
    assert not view.set_score_for_group(5)
    assert view.group_model.groups[0].flagged


def test_open_entry_of_an_item(qtbot, view, calls) -> None:
    _run(qtbot, view)
    view.members_view.setCurrentIndex(view.member_model.index(1, 0))
    view.open_button.click()
    assert calls.opened == ["0000000000000001"]


def test_the_filter_limits_the_items_grouped(qtbot, view) -> None:
    view.set_filter(Filter(ids=frozenset({"0000000000000001", "0000000000000003"})))
    _run(qtbot, view)
    assert view.group_model.rowCount() == 0
    assert view.status.text().startswith("No groups: no two of the 3 items are 85 % alike")
    assert "Lower the similarity" in view.status.text()
    view.threshold.setValue(view.threshold.minimum())
    _run(qtbot, view)  # as loose as it goes: nothing to suggest
    assert view.status.text() == "No groups: no two of the 3 items are 60 % alike or more."


def test_cancel_and_shutdown_stop_the_thread(qtbot, view) -> None:
    view.run()
    assert view.running
    view.shutdown()
    assert not view.running
    _run(qtbot, view)  # and it runs again afterwards
    assert view.group_model.rowCount() == 1


def test_flagged_only(qtbot, library, calls) -> None:
    library.imports.store([
        (_entry(1, "A", [("Cool roofs", 1), ("Heat maps", 3)]), None),
        (_entry(2, "B", [("Cool roofs", 4), ("Heat maps", 3)]), None),
    ])
    widget = CalibrationView(calls.set_group_score, calls.open_entry)
    qtbot.addWidget(widget)
    widget.set_library(library)
    _run(qtbot, widget)
    assert widget.group_model.rowCount() == 2
    widget.flagged_only.setChecked(True)
    assert [g.label for g in widget.group_model.groups] == ["Cool roofs"]
    widget.shutdown()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, view) -> None:
    _run(qtbot, view)
    qtmodeltester.check(view.group_model)
    qtmodeltester.check(view.member_model)
    qtmodeltester.check(GroupModel())
    qtmodeltester.check(MemberModel())


def test_score_dialog_offers_the_most_common_score(qtbot) -> None:
    key = ("0000000000000001", "signals", 0)
    group = Group("<i>Cool</i> roofs", [(key, "a", 4), (key, "b", 4), (key, "c", 1)])
    dialog = calibration_dialog.ScoreDialog(None, group)
    qtbot.addWidget(dialog)
    assert dialog.value() == 4
    label = dialog.findChild(QLabel)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert "<i>Cool</i> roofs" in label.text()


def test_each_stage_of_the_work_is_named_on_the_progress_bar(view) -> None:
    view._on_progress(900, 0, "reading")
    assert view.progress.format() == "Reading items… 900"  # a busy bar: no total yet
    shown = []
    for done, total, stage in ((2, 5, "preparing"), (50, 200, "comparing")):
        view._on_progress(done, total, stage)
        shown.append(view.progress.text())
    assert shown == ["Finding labels to compare… 40%", "Comparing labels… 25%"]


@pytest.fixture
def window(qtbot, similar, monkeypatch):
    monkeypatch.setattr(ask, "show_error", lambda *args: pytest.fail(f"error shown: {args}"))
    window = MainWindow(similar.path)
    qtbot.addWidget(window)
    window.show()
    window.user_actions.view_actions[3].trigger()  # the Calibration tab
    with qtbot.waitSignal(window.reviewing.calibration_view.finished, timeout=TIMEOUT_MS):
        window.reviewing.calibration_view.run()
    yield window
    window.close()


def _scores(view) -> tuple[list[int], list[int]]:
    members = view.member_model
    return (sorted(view.group_model.groups[0].scores),
            sorted(members.index(r, 3).data() for r in range(members.rowCount())))


def test_undo_and_redo_show_the_groups_scores_as_they_are(window) -> None:
    view = window.reviewing.calibration_view
    assert _scores(view) == ([1, 4], [1, 4])
    assert view.set_score_for_group(3)
    assert _scores(view) == ([3, 3], [3, 3])
    window.user_actions.undo_action.trigger()
    assert _scores(view) == ([1, 4], [1, 4])  # as the library has them again
    assert view.group_model.groups[0].flagged
    window.user_actions.redo_action.trigger()
    assert _scores(view) == ([3, 3], [3, 3])


def test_a_large_group_is_scored_only_once_confirmed(window, monkeypatch) -> None:
    asked = []
    monkeypatch.setattr(reviewing, "CONFIRM_GROUP_ITEMS", 1)
    monkeypatch.setattr(ask, "confirm", lambda parent, title, text, action="OK":
                        asked.append(text) or False)
    view = window.reviewing.calibration_view
    assert not view.set_score_for_group(5)
    assert asked == ["Give all 2 items of this group, in 2 entries, the score 5? "
                     "Edit → Undo takes it back."]
    assert _scores(view) == ([1, 4], [1, 4])
    assert sorted(r.relevancy for r in window.library.items.page(
        ItemFilter(keys=frozenset(view.group_model.groups[0].keys)))) == [1, 4]
