"""File → Print report… and Print preview…: the report of the chosen entries, printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog

from curator.core.importer import import_paths
from curator.core.store import Filter, Library
from curator.gui.shell.main_window import MainWindow
from curator.gui.transfer import report_print
from curator.gui.transfer.export_dialog import ExportDialog
from tests.conftest import SEEDS

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path: Path):
    path = tmp_path / "samples.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
    shown = MainWindow(path)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.close()


def _open_dialog(window, action) -> ExportDialog:
    action.trigger()
    (dialog,) = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    return dialog


def _words(path: Path) -> set[str]:
    return set(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_print_menu_prints_the_chosen_entries(qtbot, window, tmp_path, monkeypatch) -> None:
    target = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> bool:
        dialog.printer().setOutputFileName(str(target))
        return True

    monkeypatch.setattr(report_print, "run_print_dialog", accept)
    assert window.user_actions.print_action in window.menuBar().actions()[0].menu().actions()
    dialog = _open_dialog(window, window.user_actions.print_action)
    assert dialog.windowTitle() == "Print Report" and dialog.export_button.text() == "Print…"
    assert not dialog.destination_edit.isVisible()
    dialog.scope_all.setChecked(True)
    dialog.section_boxes["signals"].setChecked(False)
    dialog.export_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    words = _words(target)
    assert {"Roof", "Mandates"} <= words and "Signals" not in words


def test_preview_menu_paints_the_report(qtbot, window, tmp_path, monkeypatch) -> None:
    target = tmp_path / "preview.pdf"

    def run(dialog: QPrintPreviewDialog) -> None:
        dialog.printer().setOutputFileName(str(target))
        dialog.paintRequested.emit(dialog.printer())

    monkeypatch.setattr(report_print, "run_preview_dialog", run)
    window.set_filter(Filter(search="Roof"))
    dialog = _open_dialog(window, window.user_actions.preview_action)
    assert dialog.scope_filter.isChecked() and dialog.count == 1
    assert dialog.count_label.text() == "1 entry in the report"
    dialog.export_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    assert {"Roof", "Mandates"} <= _words(target)
    assert "Made from search" in " ".join(PdfReader(target).pages[0].extract_text().split())
