"""Importing in the background, cancelling it, and the report dialog's choices."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QToolButton,
    QWidget,
)

from curator.core.importer import ImportReport, import_paths
from curator.core.model import SECTIONS
from curator.core.operations import ReportChoices
from curator.core.operations import apply_report_choices as apply_choices
from curator.core.reader import read_seed
from curator.core.store import Filter, Library
from curator.gui.transfer import import_task
from curator.gui.transfer.import_report import ImportReportDialog, report_text
from curator.gui.transfer.import_task import ImportTask
from tests.conftest import DATA, SEEDS

TIMEOUT_MS = 20000
SAMPLES = sorted(SEEDS.glob("*.txt"))


def _id(path: Path) -> str:
    return path.stem.rsplit("_", 1)[-1]


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def make_task(window):
    """Builds ImportTasks on the window; afterwards every thread they started has stopped."""
    made: list[ImportTask] = []

    def make(db_path: Path, paths: list[Path], overwrite: bool | frozenset[str] = False):
        task = ImportTask(window, db_path, [str(p) for p in paths], overwrite)
        made.append(task)
        return task

    yield make
    for task in made:
        task.shutdown()
        assert not task.running
        assert all(thread.isFinished() for thread in task.findChildren(QThread))


@pytest.fixture
def scan(tmp_path: Path, library: Library) -> Path:
    """Good seeds, a bad one, a duplicate, and a seed the analyst edited that its file changed."""
    folder = tmp_path / "scan"
    folder.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, folder / sample.name)
    shutil.copy(DATA / "rejects" / "relevancy_six.txt", folder)
    shutil.copy(SAMPLES[1], folder / "copy.txt")
    edited = folder / SAMPLES[0].name
    import_paths(library, [edited])
    entry = library.entries.get(_id(edited))
    library.edits.save_entry(entry.model_copy(update={"summary": entry.summary + "\n\nMy note."}),
                       library.entries.version(entry.id))
    text = edited.read_text(encoding="utf-8")
    assert "Critics" in text
    edited.write_text(text.replace("Critics", "Opponents"), encoding="utf-8")
    return folder


@pytest.fixture
def scan_report(scan: Path, library: Library) -> ImportReport:
    return import_paths(library, [scan])


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """300 seed files under distinct ids: long enough an import to cancel midway."""
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(300):
        data = SAMPLES[number % len(SAMPLES)].read_bytes()
        (folder / f"{number:03d}_{number + 1:016x}.txt").write_bytes(data)
    return folder


def _assert_complete(library: Library, folder: Path) -> None:
    """Every stored entry holds all its file gives: nothing was stored half-way."""
    files = {_id(path): path for path in folder.glob("*.txt")}
    for entry_id in library.entries.ids(Filter()):
        path = files[entry_id]
        expected = read_seed(path.read_bytes(), path.name).entry
        stored = library.entries.get(entry_id)
        for section in SECTIONS:
            assert len(stored.items(section)) == len(expected.items(section)), (entry_id, section)
        assert stored.keywords == expected.keywords and stored.themes == expected.themes


def _progress_dialog(window: QWidget) -> QProgressDialog:
    return window.findChild(QProgressDialog)


# -- the task --------------------------------------------------------------


def test_import_reports_every_outcome(qtbot, make_task, library: Library, scan: Path) -> None:
    task = make_task(library.path, [scan])
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS) as blocker:
        task.start()
        assert task.running
    report = blocker.args[0]
    assert not task.running
    assert (report.files, report.imported, report.updated, report.unchanged) == (10, 8, 0, 0)
    assert [c.entry_id for c in report.conflicts] == [_id(SAMPLES[0])]
    assert [(d.path, d.existing_id) for d in report.duplicates] == [
        (str(scan / "copy.txt"), _id(SAMPLES[1]))]
    assert [Path(f.path).name for f in report.failures] == ["relevancy_six.txt"]
    assert library.entries.total() == 9
    assert "My note." in library.entries.get(_id(SAMPLES[0])).summary


def test_progress_counts_up_and_names_the_file(qtbot, make_task, window, library, scan) -> None:
    task = make_task(library.path, [scan])
    seen: list[tuple[int, int, str, str]] = []

    def record(done: int, total: int, name: str) -> None:
        label = _progress_dialog(window).findChild(QLabel)
        seen.append((done, total, name, label.text()))

    task.progress.connect(record)
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS):
        task.start()
    dones = [done for done, *_ in seen]
    assert dones == sorted(set(dones)) and dones[0] == 0 and dones[-1] == 10
    assert seen[0][3] == f"File 1 of 10: {SAMPLES[0].name}"
    assert all(total == 10 for _, total, _, _ in seen)


def test_cancel_keeps_only_whole_entries(qtbot, make_task, window, library, many) -> None:
    task = make_task(library.path, [many])
    with qtbot.waitSignal(task.progress, timeout=TIMEOUT_MS):
        task.start()
    # The dialog's own Cancel button, as the analyst would press it.
    cancel = _progress_dialog(window).findChild(QPushButton)
    assert cancel.text() == "Cancel"
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS) as blocker:
        cancel.click()
    report = blocker.args[0]
    assert report.cancelled and 0 < report.imported < 300
    assert library.entries.total() == report.imported
    _assert_complete(library, many)


def test_shutdown_stops_the_thread_and_drops_the_report(qtbot, make_task, library, many) -> None:
    task = make_task(library.path, [many])
    with qtbot.waitSignal(task.progress, timeout=TIMEOUT_MS):
        task.start()
    with qtbot.assertNotEmitted(task.finished, wait=100):
        task.shutdown()
    assert not task.running
    assert all(thread.isFinished() for thread in task.findChildren(QThread))
    assert library.entries.total() < 300
    _assert_complete(library, many)


def test_a_library_that_cannot_open_fails_in_words(qtbot, make_task, tmp_path, scan) -> None:
    bad = tmp_path / "not_a_library.db"
    bad.write_bytes(b"this is not a database" * 10)
    task = make_task(bad, [scan])
    with qtbot.waitSignal(task.failed, timeout=TIMEOUT_MS) as blocker:
        task.start()
    assert "not an SQLite database" in blocker.args[0]
    assert not task.running


def test_a_short_import_shows_no_dialog(qtbot, make_task, window, library) -> None:
    task = make_task(library.path, [SAMPLES[0]])
    visible: list[bool] = []
    task.progress.connect(lambda *_: visible.append(_progress_dialog(window).isVisible()))
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS):
        task.start()
    assert visible == [False, False]


def test_a_long_import_shows_a_modal_dialog(qtbot, make_task, window, library, many,
                                           monkeypatch) -> None:
    # A short delay, so that even a fast machine is still importing when it passes.
    monkeypatch.setattr(import_task, "SHOW_AFTER_MS", 20)
    task = make_task(library.path, [many])
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS):
        task.start()
        assert not _progress_dialog(window).isVisible()
        qtbot.waitUntil(lambda: _progress_dialog(window).isVisible(), timeout=TIMEOUT_MS)
        assert _progress_dialog(window).windowModality() == Qt.WindowModality.WindowModal
        assert _progress_dialog(window).windowTitle() == "Importing"
    assert _progress_dialog(window) is None or not _progress_dialog(window).isVisible()


def test_the_task_report_drives_the_dialog(qtbot, make_task, library, scan) -> None:
    task = make_task(library.path, [scan])
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS) as blocker:
        task.start()
    dialog = _dialog(qtbot, blocker.args[0])
    _remove_box(dialog, 0).setChecked(True)
    dialog.accept()
    apply_choices(library, dialog.choices())
    assert not library.entries.has(blocker.args[0].duplicates[0].entry_id)


# -- the report dialog -------------------------------------------------------


def _dialog(qtbot, report: ImportReport) -> ImportReportDialog:
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _number(dialog: QDialog, name: str) -> str:
    return dialog.findChild(QWidget, f"count_{name}").findChild(QLabel, "number").text()


def _remove_box(dialog: QDialog, row: int) -> QCheckBox:
    return dialog.findChild(QTableWidget, "duplicates").cellWidget(row, 5).findChild(QCheckBox)


def _take_combo(dialog: QDialog, row: int) -> QComboBox:
    return dialog.findChild(QTableWidget, "conflicts").cellWidget(row, 3).findChild(QComboBox)


def _button(dialog: QDialog, text: str) -> QPushButton:
    found = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, text
    return found[0]


def test_dialog_shows_the_numbers(qtbot, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    shown = {name: _number(dialog, name) for name in
             ("imported", "updated", "unchanged", "conflicts", "duplicates", "failed")}
    assert shown == {"imported": "8", "updated": "0", "unchanged": "0", "conflicts": "1",
                     "duplicates": "1", "failed": "1"}


def test_failures_are_listed_file_line_message(qtbot, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    failures = dialog.findChild(QPlainTextEdit, "failures")
    assert failures.isReadOnly()
    assert "relevancy_six.txt:68:" in failures.toPlainText()


def test_a_bad_score_names_its_section_and_item(qtbot, scan_report) -> None:
    failures = _dialog(qtbot, scan_report).findChild(QPlainTextEdit, "failures").toPlainText()
    assert ("relevancy_six.txt:68: Concern 2 'Shrinking Tax Base': relevancy must be a whole "
            "number from 1 to 5, not '6'") in failures


def test_a_binary_file_is_listed_without_a_line(qtbot, library, tmp_path: Path) -> None:
    shutil.copy(DATA / "rejects" / "binary.bin.txt", tmp_path)
    dialog = _dialog(qtbot, import_paths(library, [tmp_path]))
    failures = dialog.findChild(QPlainTextEdit, "failures").toPlainText()
    assert failures == (f"{tmp_path / 'binary.bin.txt'}: the file is binary, not seed text (it "
                        "holds NUL bytes)")


def test_the_files_of_each_outcome_are_listed(qtbot, library, scan, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    toggle = dialog.findChild(QToolButton, "files_imported_toggle")
    files = dialog.findChild(QPlainTextEdit, "files_imported")
    assert toggle.text() == "Imported (8 files)" and not files.isVisible()
    toggle.click()
    assert files.isVisible()
    listed = files.toPlainText().split("\n")
    assert f"{scan / SAMPLES[2].name}: imported" in listed and len(listed) == 8
    again = _dialog(qtbot, import_paths(library, [scan / SAMPLES[2].name]))
    assert again.findChild(QToolButton, "files_unchanged_toggle").text() == (
        "Unchanged, already in the library (1 file)")
    assert again.findChild(QToolButton, "files_imported_toggle") is None


def test_entry_text_is_never_rich_text(qtbot, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    assert all(label.textFormat() == Qt.TextFormat.PlainText
               for label in dialog.findChildren(QLabel))


def test_defaults_change_nothing(qtbot, library, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    assert dialog.duplicates_to_remove() == [] and dialog.conflicts_to_take() == {}
    assert not _button(dialog, "Apply").isEnabled()
    dialog.accept()
    before = library.entries.total()
    assert apply_choices(library, dialog.choices())[0] is None
    assert library.entries.total() == before


def test_removing_the_new_duplicate(qtbot, library, scan, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    new_id = scan_report.duplicates[0].entry_id
    _remove_box(dialog, 0).setChecked(True)
    assert dialog.duplicates_to_remove() == [new_id]
    _button(dialog, "Apply").click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert apply_choices(library, dialog.choices())[0] is None
    assert not library.entries.has(new_id) and library.entries.has(_id(SAMPLES[1]))


def test_taking_the_files_version(qtbot, library, scan, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    _take_combo(dialog, 0).setCurrentText("Take the file's")
    path = str(scan / SAMPLES[0].name)
    assert dialog.conflicts_to_take() == {path: [_id(SAMPLES[0])]}
    dialog.accept()
    again = apply_choices(library, dialog.choices())[0]
    assert again is not None and again.updated == 1 and not again.conflicts
    summary = library.entries.get(_id(SAMPLES[0])).summary
    assert "Opponents" in summary and "My note." not in summary


def test_choices_can_be_applied_without_the_dialog(library, scan, scan_report) -> None:
    choices = ReportChoices(remove=[scan_report.duplicates[0].entry_id])
    apply_choices(library, choices)
    assert not library.entries.has(scan_report.duplicates[0].entry_id)


def test_copy_puts_the_whole_report_on_the_clipboard(qtbot, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    _button(dialog, "Copy report").click()
    copied = QApplication.clipboard().text()
    assert copied == report_text(scan_report)
    assert "relevancy_six.txt:68:" in copied and scan_report.summary() in copied
    assert "copy.txt" in copied


def test_show_imported_entries_sends_the_batch(qtbot, scan_report) -> None:
    dialog = _dialog(qtbot, scan_report)
    with qtbot.waitSignal(dialog.show_batch) as blocker:
        _button(dialog, "Show imported entries").click()
    assert blocker.args == [scan_report.batch]
    assert not dialog.isVisible()


def test_show_imported_entries_needs_something_imported(qtbot) -> None:
    dialog = _dialog(qtbot, ImportReport(batch=4, files=2, unchanged=2))
    assert not _button(dialog, "Show imported entries").isEnabled()
    assert not _button(dialog, "Apply").isVisible()
