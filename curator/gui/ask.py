"""Every question the main window asks through a standard dialog, in one place tests can patch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

LIBRARY_FILTER = "Curator libraries (*.db *.sqlite *.curator);;All files (*)"


def open_library_path(parent: QWidget, folder: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open library", folder, LIBRARY_FILTER)
    return Path(name) if name else None


def new_library_path(parent: QWidget, folder: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "New library", str(Path(folder) / "library.db"), LIBRARY_FILTER
    )
    return Path(name) if name else None


def import_files(parent: QWidget, folder: str) -> list[str]:
    names, _ = QFileDialog.getOpenFileNames(
        parent, "Import seed files", folder,
        "Seed files and exports (*.txt *.json);;All files (*)",
    )
    return names


def import_folder(parent: QWidget, folder: str) -> list[str]:
    name = QFileDialog.getExistingDirectory(parent, "Import a folder of seed files", folder)
    return [name] if name else []


def show_error(parent: QWidget, title: str, text: str) -> None:
    """A warning in plain words; the text is never read as markup."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
