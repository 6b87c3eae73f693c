"""The export dialog, the background export task and the closing message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox

from curator.core.exchange import read_json
from curator.core.store import Filter
from curator.gui.transfer import export_dialog
from curator.gui.transfer.export_task import (
    ExportDialog,
    ExportRequest,
    ExportTask,
    show_export_done,
    show_export_failed,
)


@pytest.fixture
def ids(seeded) -> list[str]:
    return seeded.entries.ids(Filter())


@pytest.fixture
def tasks():
    """Tasks made by a test; every thread must be finished when it ends."""
    made: list[ExportTask] = []
    yield made
    for task in made:
        task.shutdown()
        assert task.worker_thread.isFinished()


@pytest.fixture
def run_export(qtbot, seeded, tasks):
    def run(flt: Filter, request: ExportRequest, signal: str = "finished"):
        task = ExportTask(None, seeded.path, flt, request)
        tasks.append(task)
        with qtbot.waitSignal(getattr(task, signal), timeout=20000) as blocker:
            task.start()
        assert task.worker_thread.isFinished()
        return blocker.args

    return run


# -- the dialog ---------------------------------------------------------------

def make_dialog(qtbot, seeded, tmp_path, current=Filter(), selected=frozenset()):
    dialog = ExportDialog(None, current, frozenset(selected), seeded.entries.count, tmp_path)
    qtbot.addWidget(dialog)
    return dialog


def count_text(dialog) -> str:
    return dialog.count_label.text()


def test_dialog_offers_the_filter_description_and_selection(qtbot, seeded, ids, tmp_path):
    current = Filter(search="energy")
    dialog = make_dialog(qtbot, seeded, tmp_path, current, ids[:3])
    assert dialog.scope_filter.text() == 'Current filter and search (search "energy")'
    assert dialog.scope_filter.isChecked()
    assert dialog.scope_selected.text() == "Selected entries (3)"
    assert dialog.scope_selected.isEnabled()


def test_search_with_ampersand_shows_as_typed(qtbot, seeded, tmp_path):
    dialog = make_dialog(qtbot, seeded, tmp_path, Filter(search="R&D"))
    assert dialog.scope_filter.text() == 'Current filter and search (search "R&&D")'


def test_the_search_in_the_tooltip_is_text_not_markup(qtbot, seeded, tmp_path):
    dialog = make_dialog(qtbot, seeded, tmp_path, Filter(search="<b>gene</b>"))
    tip = QTextDocument()
    tip.setHtml(dialog.scope_filter.toolTip())
    assert tip.toPlainText() == 'search "<b>gene</b>"'


def test_selected_scope_disabled_without_selection(qtbot, seeded, tmp_path):
    dialog = make_dialog(qtbot, seeded, tmp_path)
    assert not dialog.scope_selected.isEnabled()
    assert dialog.scope_all.isChecked()


def test_count_follows_scope_and_status(qtbot, seeded, ids, tmp_path):
    seeded.edits.set_status(ids[:2], "approved")
    seeded.edits.set_status(ids[2:5], "reviewed")
    current = Filter(search="energy")
    dialog = make_dialog(qtbot, seeded, tmp_path, current, ids[:3])
    total, in_filter = seeded.entries.total(), seeded.entries.count(current)
    assert count_text(dialog) == f"{in_filter} entries will be exported"

    dialog.scope_all.setChecked(True)
    assert count_text(dialog) == f"{total} entries will be exported"
    dialog.status_boxes["approved"].setChecked(True)
    assert count_text(dialog) == "2 entries will be exported"
    dialog.status_boxes["reviewed"].setChecked(True)
    assert count_text(dialog) == "5 entries will be exported"
    dialog.scope_selected.setChecked(True)
    assert count_text(dialog) == "3 entries will be exported"
    dialog.status_boxes["reviewed"].setChecked(False)
    assert count_text(dialog) == "2 entries will be exported"
    dialog.status_boxes["approved"].setChecked(False)
    dialog.status_boxes["rejected"].setChecked(True)
    assert dialog.count == 0
    assert "nothing to export" in count_text(dialog)
    assert dialog.request() == ExportRequest(
        scope="selected", statuses=frozenset({"rejected"}), format="json", destination=Path()
    )


def test_export_button_needs_a_destination_and_entries(qtbot, seeded, tmp_path):
    dialog = make_dialog(qtbot, seeded, tmp_path)
    assert dialog.count == seeded.entries.total()
    assert not dialog.export_button.isEnabled()
    assert dialog.export_button.text() == "Export"

    dialog.destination_edit.setText(str(tmp_path / "out.json"))
    assert dialog.export_button.isEnabled()
    dialog.status_boxes["rejected"].setChecked(True)  # no entry is rejected
    assert not dialog.export_button.isEnabled()
    dialog.status_boxes["rejected"].setChecked(False)
    dialog.destination_edit.setText("   ")
    assert not dialog.export_button.isEnabled()


def test_export_button_refuses_impossible_destinations(qtbot, seeded, tmp_path):
    dialog = make_dialog(qtbot, seeded, tmp_path)
    dialog.destination_edit.setText(str(tmp_path))  # a folder, for a JSON file
    assert not dialog.export_button.isEnabled()
    assert "is a folder" in dialog.destination_hint.text()
    dialog.destination_edit.setText(str(tmp_path / "missing" / "out.json"))
    assert not dialog.export_button.isEnabled()
    assert "does not exist" in dialog.destination_hint.text()


def test_a_name_saying_another_format_is_refused_with_the_way_out(qtbot, seeded, tmp_path):
    dialog = make_dialog(qtbot, seeded, tmp_path)  # JSON, as it opens
    dialog.destination_edit.setText(str(tmp_path / "filtered.xlsx"))
    assert not dialog.export_button.isEnabled()  # no JSON text under an .xlsx name
    hint = dialog.destination_hint.text()
    assert ".xlsx" in hint and "Excel workbook" in hint and ".json" in hint
    dialog.destination_edit.setText(str(tmp_path / "filtered.json"))
    assert dialog.export_button.isEnabled() and dialog.destination_hint.text() == ""
    dialog.destination_edit.setText(str(tmp_path / "filtered.txt"))  # no format's name
    assert dialog.export_button.isEnabled()


def test_browse_asks_for_a_json_file_then_a_folder(qtbot, seeded, tmp_path, monkeypatch):
    asked: list[tuple[str, Path]] = []

    def json_file(parent, start):
        asked.append(("json", start))
        return str(tmp_path / "chosen")

    def seed_folder(parent, start):
        asked.append(("seed", start))
        return str(tmp_path / "seeds-out")

    monkeypatch.setattr(export_dialog, "choose_json_file", json_file)
    monkeypatch.setattr(export_dialog, "choose_seed_folder", seed_folder)
    dialog = make_dialog(qtbot, seeded, tmp_path)

    dialog.browse_button.click()
    assert asked[-1] == ("json", tmp_path / "curator-export.json")
    assert dialog.request().destination == tmp_path / "chosen.json"
    assert dialog.export_button.isEnabled()

    dialog.format_seed.setChecked(True)
    assert dialog.destination_edit.text() == ""  # a file name is not a folder
    assert not dialog.export_button.isEnabled()
    dialog.browse_button.click()
    assert asked[-1] == ("seed", tmp_path)
    assert dialog.request() == ExportRequest(
        scope="all", format="seed", destination=tmp_path / "seeds-out"
    )

    dialog.format_json.setChecked(True)
    assert dialog.request().destination == tmp_path / "chosen.json"


def test_browse_cancelled_keeps_the_destination(qtbot, seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(export_dialog, "choose_json_file", lambda parent, start: "")
    dialog = make_dialog(qtbot, seeded, tmp_path)
    dialog.destination_edit.setText(str(tmp_path / "keep.json"))
    dialog.browse_button.click()
    assert dialog.destination_edit.text() == str(tmp_path / "keep.json")


# -- the task -------------------------------------------------------------------

def exported_ids(path: Path) -> list[str]:
    return [entry.id for entry in read_json(path.read_bytes())]


def test_exports_only_approved_entries(run_export, seeded, ids, tmp_path):
    seeded.edits.set_status(ids[:2], "approved")
    target = tmp_path / "out" / "approved.json"
    target.parent.mkdir()
    request = ExportRequest(scope="all", statuses=frozenset({"approved"}), destination=target)
    count, path = run_export(request.to_filter(Filter(search="x"), frozenset()), request)
    assert (count, path) == (2, str(target))
    assert sorted(exported_ids(target)) == sorted(ids[:2])
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["filter"]["include"] == [["status", "approved"]]
    assert [p.name for p in target.parent.iterdir()] == ["approved.json"]


def test_exports_the_current_search(run_export, seeded, tmp_path):
    current = Filter(search="energy")
    target = tmp_path / "energy.json"
    request = ExportRequest(scope="filter", destination=target)
    count, _ = run_export(request.to_filter(current, frozenset()), request)
    expected = seeded.entries.ids(current)
    assert count == len(expected) and 0 < count < seeded.entries.total()
    assert sorted(exported_ids(target)) == sorted(expected)


def test_exports_a_folder_of_seed_files(run_export, seeded, ids, tmp_path):
    target = tmp_path / "seed-export"
    request = ExportRequest(scope="selected", format="seed", destination=target)
    count, path = run_export(request.to_filter(Filter(), frozenset(ids[:3])), request)
    assert (count, path) == (3, str(target))
    files = sorted(target.iterdir())
    assert len(files) == 3 and all(f.suffix == ".txt" for f in files)


@pytest.mark.parametrize("where", ["missing folder", "parent is a file"])
def test_unwritable_destination_fails_and_writes_nothing(run_export, tmp_path, where):
    blocker = tmp_path / "blocker"
    if where == "parent is a file":
        blocker.write_text("not a folder")
        target = blocker / "out.json"
    else:
        target = tmp_path / "missing" / "out.json"
    before = sorted(tmp_path.rglob("*"))
    request = ExportRequest(destination=target)
    (message,) = run_export(Filter(), request, signal="failed")
    assert str(target) in message and "No file was written" in message
    assert sorted(tmp_path.rglob("*")) == before


def test_seed_folder_under_a_file_fails(run_export, tmp_path):
    (tmp_path / "blocker").write_text("not a folder")
    request = ExportRequest(format="seed", destination=tmp_path / "blocker" / "seeds")
    (message,) = run_export(Filter(), request, signal="failed")
    assert "Could not write" in message
    assert (tmp_path / "blocker").read_text() == "not a folder"


def test_cancelled_export_leaves_no_file(qtbot, seeded, tmp_path, tasks):
    target = tmp_path / "out.json"
    task = ExportTask(None, seeded.path, Filter(), ExportRequest(destination=target))
    tasks.append(task)
    task.cancel()  # before the first entry is written
    with qtbot.waitSignal(task.cancelled, timeout=20000):
        task.start()
    assert list(tmp_path.glob("out.json*")) == []
    assert list(tmp_path.glob(".out.json*")) == []


def test_shutdown_before_start_is_harmless(seeded, tmp_path, tasks):
    task = ExportTask(None, seeded.path, Filter(), ExportRequest(destination=tmp_path / "x"))
    task.shutdown()
    assert not task.worker_thread.isRunning()


# -- closing messages ---------------------------------------------------------------

def test_done_message_opens_the_folder_of_a_json_file(qtbot, tmp_path):
    opened: list[QUrl] = []
    target = tmp_path / "curator-export.json"
    target.write_text("{}")
    box = show_export_done(None, 2, str(target), open_folder=opened.append)
    qtbot.addWidget(box)
    assert box.isVisible()
    assert f"Exported 2 entries to\n{target}" == box.text()
    box.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


def test_done_message_opens_a_seed_folder_itself(qtbot, tmp_path):
    opened: list[QUrl] = []
    box = show_export_done(None, 1, str(tmp_path), open_folder=opened.append)
    qtbot.addWidget(box)
    assert box.text().startswith("Exported 1 entry to")
    [button] = [b for b in box.buttons() if b.text() == "Open folder"]
    button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


def test_failed_message_says_why(qtbot):
    box = show_export_failed(None, "Could not write to /x: No space left on device.")
    qtbot.addWidget(box)
    assert box.isVisible()
    assert box.icon() == QMessageBox.Icon.Warning
    assert "No space left" in box.text()
