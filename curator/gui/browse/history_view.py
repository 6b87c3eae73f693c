"""The change history of one entry: when, what, old → new, by what, and a way to set one back."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.store import HistoryRow
from ..widgets.highlight import tooltip_html
from .entry_model import time_label

MAX_VALUE_CHARS = 120

BY_LABELS = {"import": "import", "edit": "edit", "bulk": "bulk action", "review": "review",
             "revert": "revert", "merge": "merge", "undo": "undo", "redo": "redo"}


def value_text(value: Any) -> str:
    """A stored value as one short line of plain text."""
    if value is None:
        return "—"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = ", ".join(value)  # keywords and themes read as a list, not as JSON
    else:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def field_text(path: str) -> str:
    """`signals.2.relevancy` reads as `Signals 3: relevancy`."""
    parts = path.split(".")
    if len(parts) >= 2 and parts[1].isdigit():
        rest = ".".join(parts[2:])
        return f"{parts[0].capitalize()} {int(parts[1]) + 1}" + (f": {rest}" if rest else "")
    return path.replace("_", " ").capitalize()


class HistoryView(QWidget):
    """Lists an entry's recorded changes, newest first; one can be reverted."""

    revert_requested = Signal(int)
    """The history row's key; the window reverts it through the core and refreshes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[HistoryRow] = []
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Change history")
        self.tree.setHeaderLabels(["When", "Field", "Old", "New", "By"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        # Old and New share what is left, so the By column never falls off the right edge.
        header.setStretchLastSection(False)
        modes = (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Interactive,
                 QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch,
                 QHeaderView.ResizeMode.ResizeToContents)
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(1, 140)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.empty_label = QLabel("No changes recorded yet.")
        self.revert_button = QPushButton("Revert this change")
        self.revert_button.setToolTip("Set the field back to its old value (can be undone)")
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self._revert_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_label)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self.read_only = False

    def show_history(self, rows: list[HistoryRow]) -> None:
        self.rows = rows
        self.tree.clear()
        for row in rows:
            item = QTreeWidgetItem([
                time_label(row.at), field_text(row.field), value_text(row.old),
                value_text(row.new), BY_LABELS.get(row.by, row.by),
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, row.pk)
            tooltip = f"{row.field}\nold: {value_text(row.old)}\nnew: {value_text(row.new)}"
            if row.reason:
                tooltip += f"\nreason: {row.reason}"
                item.setText(4, f"{item.text(4)} — {row.reason}")
            for column in range(5):
                item.setToolTip(column, tooltip_html(tooltip))
            self.tree.addTopLevelItem(item)
        self.empty_label.setVisible(not rows)
        self._selection_changed()

    def selected_pk(self) -> int | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _selection_changed(self) -> None:
        pk = self.selected_pk()
        row = next((r for r in self.rows if r.pk == pk), None)
        self.revert_button.setEnabled(row is not None and row.field != "entry"
                                      and not self.read_only)

    def _revert_clicked(self) -> None:
        pk = self.selected_pk()
        if pk is not None:
            self.revert_requested.emit(pk)
