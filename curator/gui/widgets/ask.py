"""Every question the main window asks through a standard dialog, in one place tests can patch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

CONFIRM_ABOVE = 20
"""An undoable change of more entries than this is confirmed first; a smaller one runs at once
and says in the status bar how to undo it."""
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


def confirm(parent: QWidget, title: str, text: str, action: str = "OK") -> bool:
    """Ask before a change that touches many entries (more than CONFIRM_ABOVE) or cannot be
    undone; the default button is Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def text(parent: QWidget, title: str, label: str) -> str | None:
    value, ok = QInputDialog.getText(parent, title, label)
    value = value.strip()
    return value if ok and value else None


def unsaved_changes(parent: QWidget, title: str) -> str:
    """'save', 'discard' or 'cancel' for an entry with unsaved edits."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                      f"“{title}” has changes that are not saved.", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("Save them before leaving the entry?")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard"}.get(
        QMessageBox.StandardButton(answer), "cancel")


def version_conflict(parent: QWidget, title: str) -> str:
    """'reload', 'overwrite' or 'keep' when another window saved the entry first."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed elsewhere",
                      f"“{title}” was changed in another window or program since you "
                      "started editing it.", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("Load their version (your edits are lost), overwrite it with "
                           "yours, or keep editing?")
    reload_button = box.addButton("Load theirs", QMessageBox.ButtonRole.DestructiveRole)
    overwrite = box.addButton("Overwrite with mine", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return "reload" if clicked is reload_button else "overwrite" if clicked is overwrite else "keep"
