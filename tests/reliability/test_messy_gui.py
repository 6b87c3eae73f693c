"""The GUI's drop import reports messy files exactly as `curator import` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QPlainTextEdit

from curator.core.importer import import_paths, report_sections
from curator.core.store import Library
from curator.gui.shell.main_window import MainWindow
from curator.gui.transfer.import_report import KEEP_FIRST, TAKE_FILES
from tests.conftest import DATA
from tests.gui.conftest import _qt_settings  # noqa: F401 - the same isolated settings
from tests.reliability.messy import BASE, write

pytestmark = pytest.mark.gui


def test_drop_import_reports_like_the_command(qtbot, tmp_path: Path, tried) -> None:
    folder = tmp_path / "drop"
    for sub in ("variants", "rejects"):
        shutil.copytree(DATA / sub, folder / sub)
    write(folder, "notes.txt", "Meeting notes\n\nNothing to import.")
    write(folder, "003_3333333333333333.txt", BASE)
    write(folder, "004_3333333333333333.txt", BASE.replace("Three", "Four"))
    with Library(tmp_path / "core.db") as library:
        expected = report_sections(import_paths(library, [folder]))

    window = MainWindow(tmp_path / "gui.db")
    qtbot.addWidget(window)
    window.show()
    window.transfers.import_paths([str(folder)])
    qtbot.waitUntil(lambda: window.transfers.report_dialog is not None
                    and window.transfers.report_dialog.isVisible(), timeout=30000)
    dialog = window.transfers.report_dialog
    assert report_sections(dialog.report) == expected
    boxes = {box.objectName(): box.toPlainText().splitlines()
             for box in dialog.findChildren(QPlainTextEdit)}
    by_heading = {heading.split(" (")[0]: lines for heading, lines in expected}
    assert boxes["not_seeds"] == by_heading["Not seed files, skipped"]
    assert boxes["failures"] == by_heading["Failed"]
    assert boxes["warnings"] == by_heading["Warnings"]
    assert all(":" in line.split(" warning: ")[0] for line in boxes["warnings"])
    [combo] = dialog.findChildren(QComboBox)  # the one conflict: two files with one id
    assert [combo.itemText(i) for i in range(combo.count())] == [KEEP_FIRST, TAKE_FILES]
    dialog.reject()
    window.close()
    tried("a folder of every tests/data file, a note and two files with one id, dropped on "
          "the window", 1, "the report lists the same failures, not-seed files, conflicts "
          "and warnings (file:line) as curator import")
