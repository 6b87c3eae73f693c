"""The export dialog's spreadsheet and report formats, and the task writing them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from curator.core.outputs import OutputOptions
from curator.core.store import Filter
from curator.gui.transfer import export_dialog
from curator.gui.transfer.export_dialog import ExportDialog, ExportRequest
from curator.gui.transfer.export_task import ExportTask

pytestmark = pytest.mark.gui


def make_dialog(qtbot, library, folder: Path) -> ExportDialog:
    dialog = ExportDialog(None, Filter(), frozenset(), library.entries.count, folder)
    qtbot.addWidget(dialog)
    return dialog


def test_options_follow_the_format(qtbot, seeded, tmp_path) -> None:
    dialog = make_dialog(qtbot, seeded, tmp_path)
    assert not dialog.options_box.isEnabled()  # JSON takes no options
    dialog.format_buttons["csv"].setChecked(True)
    assert dialog.options_box.isEnabled() and dialog.bom_box.isEnabled()
    assert not dialog.group_by.isEnabled()
    dialog.format_buttons["html"].setChecked(True)
    assert dialog.group_by.isEnabled() and not dialog.bom_box.isEnabled()
    dialog.min_relevancy.setValue(4)
    dialog.section_boxes["issues"].setChecked(False)
    dialog.group_by.setCurrentIndex(dialog.group_by.findData("theme"))
    dialog.title_edit.setText("Weekly")
    dialog.destination_edit.setText(str(tmp_path / "r.html"))
    assert dialog.request() == ExportRequest(
        format="html", destination=tmp_path / "r.html",
        options=OutputOptions(min_relevancy=4, group_by="theme", title="Weekly",
                              sections=("signals", "concerns", "behaviors", "technologies")),
    )
    assert dialog.export_button.isEnabled()


def test_no_section_ticked_blocks_the_export(qtbot, seeded, tmp_path) -> None:
    dialog = make_dialog(qtbot, seeded, tmp_path)
    dialog.format_buttons["xlsx"].setChecked(True)
    dialog.destination_edit.setText(str(tmp_path / "out.xlsx"))
    assert dialog.export_button.isEnabled()
    for box in dialog.section_boxes.values():
        box.setChecked(False)
    assert not dialog.export_button.isEnabled()
    assert dialog.count_label.text() == "Tick at least one section"


def test_each_format_keeps_its_destination_and_suffix(qtbot, seeded, tmp_path,
                                                      monkeypatch) -> None:
    asked: list[tuple[str, Path, str]] = []

    def file(parent, title, start, file_filter):
        asked.append((title, start, file_filter))
        return str(tmp_path / "chosen")

    monkeypatch.setattr(export_dialog, "choose_file", file)
    monkeypatch.setattr(export_dialog, "choose_folder",
                        lambda parent, title, start: str(tmp_path / "sheets"))
    dialog = make_dialog(qtbot, seeded, tmp_path)
    for fmt, suffix in (("xlsx", ".xlsx"), ("pdf", ".pdf"), ("html", ".html")):
        dialog.format_buttons[fmt].setChecked(True)
        dialog.browse_button.click()
        assert asked[-1][1] == tmp_path / f"curator-export{suffix}"
        assert dialog.request().destination == tmp_path / f"chosen{suffix}"
    dialog.format_buttons["csv"].setChecked(True)
    assert dialog.destination_edit.text() == ""
    dialog.browse_button.click()
    assert dialog.request().destination == tmp_path / "sheets"
    dialog.format_buttons["pdf"].setChecked(True)
    assert dialog.request().destination == tmp_path / "chosen.pdf"


@pytest.fixture
def run_task(qtbot, seeded):
    made: list[ExportTask] = []

    def run(request: ExportRequest, signal: str = "finished"):
        task = ExportTask(None, seeded.path, Filter(), request)
        made.append(task)
        with qtbot.waitSignal(getattr(task, signal), timeout=60000) as blocker:
            task.start()
        return blocker.args

    yield run
    for task in made:
        task.shutdown()
        assert task.worker_thread.isFinished()


def test_task_writes_every_new_format(run_task, seeded, tmp_path) -> None:
    total = seeded.entries.total()
    options = OutputOptions(min_relevancy=3)
    for fmt, name in (("csv", "sheets"), ("xlsx", "out.xlsx"), ("html", "out.html"),
                      ("pdf", "out.pdf")):
        count, path = run_task(ExportRequest(format=fmt, destination=tmp_path / name,
                                             options=options))
        assert (count, path) == (total, str(tmp_path / name))
    with (tmp_path / "sheets" / "items.csv").open(encoding="utf-8", newline="") as handle:
        assert min(int(row["relevancy"]) for row in csv.DictReader(handle)) == 3
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    assert len(list(book["Entries"].iter_rows())) == total + 1
    book.close()
    assert (tmp_path / "out.html").read_text(encoding="utf-8").count('class="entry"') == total
    assert "Overview" in PdfReader(tmp_path / "out.pdf").pages[0].extract_text()


def test_cancelled_task_leaves_no_file(run_task, tmp_path, monkeypatch) -> None:
    from curator.gui.transfer import export_task

    target = tmp_path / "out.xlsx"
    original = export_task.run_export

    def cancel_at_once(library, flt, request, *, progress=None, cancelled=None):
        return original(library, flt, request, progress=progress, cancelled=lambda: True)

    monkeypatch.setattr(export_task, "run_export", cancel_at_once)
    (message,) = run_task(ExportRequest(format="xlsx", destination=target), signal="cancelled")
    assert "cancelled" in message
    assert [p.name for p in tmp_path.iterdir() if "out.xlsx" in p.name] == []
