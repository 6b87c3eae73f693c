"""The entry list view keeps its current entry and its selection across resets of its model."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from curator.core.store import Filter
from curator.gui.browse import entry_list
from curator.gui.browse.entry_list import EntryListView, ListReset
from curator.gui.browse.entry_model import EntryTableModel


def _view(qtbot, library) -> tuple[EntryListView, EntryTableModel]:
    model = EntryTableModel(library)
    view = EntryListView(model)
    qtbot.addWidget(view)
    view.model_ref = model  # the view does not own the model: keep it alive with the view
    return view, model


def _select(view: EntryListView, model: EntryTableModel, rows: list[int]) -> None:
    selection = QItemSelection()
    for row in rows:
        selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_the_current_entry_stays_current_through_a_new_filter(qtbot, seeded) -> None:
    view, model = _view(qtbot, seeded)
    last = model.rowCount() - 1
    view.setCurrentIndex(model.index(last, 0))
    entry_id = view.current_entry_id()
    search = seeded.entries.get(entry_id).title.split()[0]
    with qtbot.waitSignal(view.list_reset) as blocker:
        model.set_filter(Filter(search=search))
    reset = blocker.args[0]
    assert isinstance(reset, ListReset)
    assert view.current_entry_id() == entry_id == reset.entry_id
    assert reset.row == model.row_of(entry_id)
    assert reset.let_go == 0


def test_a_deleted_entry_is_replaced_by_the_one_in_its_place(qtbot, seeded) -> None:
    view, model = _view(qtbot, seeded)
    view.setCurrentIndex(model.index(1, 0))
    gone, after = model.entry_id(1), model.entry_id(2)
    seeded.edits.delete_entries([gone])
    with qtbot.waitSignal(view.list_reset) as blocker:
        model.refresh()
    assert view.current_entry_id() == after
    assert blocker.args[0].row == 1 and blocker.args[0].entry_id == after


def test_a_new_filter_without_the_entry_makes_the_first_current(qtbot, seeded) -> None:
    view, model = _view(qtbot, seeded)
    view.setCurrentIndex(model.index(model.rowCount() - 1, 0))
    model.set_filter(Filter(ids=frozenset({model.entry_id(0)})))
    assert view.currentIndex().row() == 0


def test_a_selection_of_some_rows_survives_a_refresh(qtbot, seeded) -> None:
    view, model = _view(qtbot, seeded)
    _select(view, model, [0, 2])
    chosen = view.selected_ids()
    model.refresh()
    assert sorted(view.selected_ids()) == sorted(chosen)
    assert view.selected_count() == 2


def test_a_selection_too_large_to_keep_is_let_go_and_said(qtbot, seeded, monkeypatch) -> None:
    monkeypatch.setattr(entry_list, "MAX_KEPT_SELECTION", 2)
    view, model = _view(qtbot, seeded)
    _select(view, model, [0, 1, 2])
    with qtbot.waitSignal(view.list_reset) as blocker:
        model.refresh()
    assert blocker.args[0].let_go == 3
    assert view.selected_count() == 1  # only the current row, selected as it became current


def test_every_row_selected_stays_every_row(qtbot, seeded, monkeypatch) -> None:
    monkeypatch.setattr(entry_list, "MAX_KEPT_SELECTION", 2)  # even beyond the kept limit
    view, model = _view(qtbot, seeded)
    view.selectAll()
    with qtbot.waitSignal(view.list_reset) as blocker:
        model.refresh()
    assert view.selected_count() == model.rowCount() > 2
    assert blocker.args[0].let_go == 0
    assert view.selected_ids() == seeded.entries.ids(Filter())
