"""The pairs an analyst marked "not duplicates", listed so that they can be unmarked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core import operations as ops
from ...core.store import Library
from ...core.store.duplicates import NotDuplicates
from ..widgets.highlight import plain_label

Run = Callable[..., object]


def pair_text(pair: NotDuplicates) -> str:
    first = pair.first_title if pair.first_title is not None else "(no longer in the library)"
    second = pair.second_title if pair.second_title is not None else \
        "(no longer in the library)"
    return f"{pair.first_id} {first}  ≠  {pair.second_id} {second}  (marked {pair.marked_at})"


class NotDuplicatesDialog(QDialog):
    """Lists the marked pairs, most recent first; the selected ones can be unmarked (one
    undo step), after which the finder may group them again."""

    def __init__(self, parent: QWidget | None, library: Library, run: Run) -> None:
        super().__init__(parent)
        self.setWindowTitle("Not duplicates")
        self.resize(760, 420)
        self._library = library
        self._run = run
        self.list = QListWidget()
        self.list.setAccessibleName("Pairs marked not duplicates")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._update)
        self.unmark_button = QPushButton("Unmark")
        self.unmark_button.setToolTip("The finder may group these entries again (can be undone)")
        self.unmark_button.clicked.connect(self.unmark_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.unmark_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Pairs of entries you said are not one story; the "
                                     "finder never groups them.", selectable=False))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for pair in self._library.duplicates.not_duplicate_pairs():
            item = QListWidgetItem(pair_text(pair))
            item.setData(Qt.ItemDataRole.UserRole, pair.pair)
            self.list.addItem(item)
        if not self.list.count():
            self.list.addItem(QListWidgetItem("No pairs are marked."))
        self._update()

    def unmark_selected(self) -> bool:
        pairs = [pair for pair in map(_pair, self.list.selectedItems()) if pair]
        if not pairs:
            return False
        done = self._run("Cannot unmark", ops.unmark_not_duplicates, pairs) is not None
        self.reload()
        return done

    def _update(self) -> None:
        self.unmark_button.setEnabled(
            not self._library.read_only and any(map(_pair, self.list.selectedItems())))


def _pair(item: QListWidgetItem) -> tuple[str, str] | None:
    return item.data(Qt.ItemDataRole.UserRole)


def show_not_duplicates(parent: QWidget, library: Library, run: Run) -> None:
    """Open the list of marked pairs (modal). Tests build the dialog instead."""
    dialog = NotDuplicatesDialog(parent, library, run)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
