"""An entry's history as a change log: what changed by name, the changed words marked, undo
and redo folded into the change they acted on, filterable by field; one change can be set back.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyleOptionViewItem,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.diff import excerpt
from ...core.history_log import ARROW, BY_LABELS, ENTRY_KIND, LogLine, change_log, kinds
from ...core.store import HistoryRow
from ..widgets.cell_delegates import AnyIndex, TextDelegate
from ..widgets.highlight import marked_html, tooltip_html
from .entry_model import time_label
from .section_model import HIGHLIGHT_ROLE

ALL = "All fields"
WHEN, CHANGE, OLD, NEW, BY = range(5)
WIDE = 720
"""Narrower than this, the rows leave out the old and new text (the pane below shows them):
in the window's right pane at 1366 px, five columns would break every word."""
EXCERPT = 70
"""Characters of old and new text a row shows around the first change (all of it below)."""
REMOVED_STYLE = "background-color:#f4c7c3;color:#1a1a1a;text-decoration:line-through"
ADDED_STYLE = "background-color:#c6e9c9;color:#1a1a1a"
"""Marked words: dark text on a light red or green, readable on light and dark palettes."""


class _WrappingDelegate(TextDelegate):
    """Wrapped cells whose rows grow to fit: a tree does not say the column's width when it
    asks a row's height, so the delegate takes it from the header."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        tree = self.parent()
        if isinstance(tree, QTreeWidget):
            option = QStyleOptionViewItem(option)
            width = tree.header().sectionSize(index.column())
            if index.column() == 0:
                width -= tree.indentation() * (1 + _depth(index))
            option.rect.setWidth(max(width, 1))
        return super().sizeHint(option, index)


def _depth(index: AnyIndex) -> int:
    depth = 0
    while index.parent().isValid():
        index = index.parent()
        depth += 1
    return depth


class HistoryView(QWidget):
    """Lists an entry's recorded changes, newest first; one can be reverted."""

    revert_requested = Signal(int)
    """The history row's key; the window reverts it through the core and refreshes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[LogLine] = []
        self.read_only = False

        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("history_filter")
        self.filter_combo.setAccessibleName("Show the changes of")
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_combo.currentIndexChanged.connect(self._fill)
        show = QLabel("&Show:")
        show.setBuddy(self.filter_combo)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(show)
        bar.addWidget(self.filter_combo)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Change history")
        self.tree.setHeaderLabels(["When", "Change", "Old", "New", "By"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        self.tree.setIndentation(14)
        header = self.tree.header()
        # The change and its texts share what is left, so By never falls off the right edge.
        header.setStretchLastSection(False)
        modes = (QHeaderView.ResizeMode.Fixed, QHeaderView.ResizeMode.Stretch,
                 QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch,
                 QHeaderView.ResizeMode.Fixed)
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        # When and By hold short known texts: sized to them once, never wrapped.
        metrics = self.tree.fontMetrics()
        pad = 2 * TextDelegate.PAD_X + 12
        header.resizeSection(WHEN, metrics.horizontalAdvance("2026-12-05 18:41") + pad
                             + self.tree.indentation())
        header.resizeSection(BY, max(metrics.horizontalAdvance(text) for text in
                                     ("bulk action", "review", "By")) + pad)
        # Rows wrap to their columns' widths: measure them again when the widths change.
        header.sectionResized.connect(lambda *_: self.tree.scheduleDelayedItemsLayout())
        self.tree.itemSelectionChanged.connect(self._selection_changed)

        self.detail = QTextBrowser()
        self.detail.setObjectName("history_detail")
        self.detail.setAccessibleName("The whole old and new text of the selected change")
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

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
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def show_history(self, rows: list[HistoryRow]) -> None:
        """Show the rows of one entry (each names its item as it was when changed)."""
        self.lines = change_log(rows)
        chosen = self.filter_combo.currentText()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(ALL)
        self.filter_combo.addItems(kinds(self.lines))
        found = self.filter_combo.findText(chosen)
        self.filter_combo.setCurrentIndex(max(found, 0))
        self.filter_combo.blockSignals(False)
        self._fill()

    def shown_lines(self) -> list[LogLine]:
        kind = self.filter_combo.currentText()
        return [line for line in self.lines if kind in (ALL, "", line.kind)]

    def _fill(self) -> None:
        self.tree.clear()
        shown = self.shown_lines()
        for line in shown:
            self.tree.addTopLevelItem(self._item(line))
        self.empty_label.setVisible(not self.lines)
        total = len(self.lines)
        self.count_label.setText(
            f"{len(shown)} of {total} changes" if len(shown) != total
            else f"{total} change{'' if total == 1 else 's'}")
        self._selection_changed()

    def _item(self, line: LogLine) -> QTreeWidgetItem:
        # An entry's import or deletion has no words to compare.
        removed, added = line.marks() if line.kind != ENTRY_KIND else ([], [])
        old, old_spans = excerpt(line.old, removed, EXCERPT)
        new, new_spans = excerpt(line.new, added, EXCERPT)
        change = line.summary + (f" ({line.state})" if line.state else "")
        item = QTreeWidgetItem([time_label(line.at), change, old, new, line.by_text])
        item.setData(WHEN, Qt.ItemDataRole.UserRole, line.pk)
        item.setData(OLD, HIGHLIGHT_ROLE, old_spans)
        item.setData(NEW, HIGHLIGHT_ROLE, new_spans)
        tip = tooltip_html(f"{line.summary}\n\nOld: {line.old}\nNew: {line.new}"
                           + (f"\nReason: {line.reason}" if line.reason else "")
                           + (f"\n\nThis change is {line.state}." if line.state else ""))
        for column in range(5):
            item.setToolTip(column, tip)
        if line.undone:
            # Undone: it no longer holds, so it steps back (and says so in By).
            font = QFont(self.tree.font())
            font.setItalic(True)
            dim = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            for column in range(5):
                item.setFont(column, font)
                item.setForeground(column, dim)
        for event in line.events:
            child = QTreeWidgetItem(["", f"{event.kind.capitalize()} {time_label(event.at)}",
                                     "", "", BY_LABELS[event.kind]])
            child.setData(WHEN, Qt.ItemDataRole.UserRole, None)
            item.addChild(child)
        return item

    def selected_line(self) -> LogLine | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0].parent() or items[0]
        pk = item.data(WHEN, Qt.ItemDataRole.UserRole)
        return next((line for line in self.lines if line.pk == pk), None)

    def selected_pk(self) -> int | None:
        line = self.selected_line()
        return line.pk if line else None

    def _selection_changed(self) -> None:
        line = self.selected_line()
        self.revert_button.setEnabled(
            line is not None and line.kind != ENTRY_KIND and not line.undone
            and not self.read_only)
        self.detail.setHtml(self._detail_html(line))

    def _detail_html(self, line: LogLine | None) -> str:
        if line is None:
            hint = "Select a change to read its whole old and new text." if self.lines else ""
            return f"<p>{html.escape(hint)}</p>"
        removed, added = line.marks()
        state = f" ({html.escape(line.state)})" if line.state else ""
        return (f"<p><b>{html.escape(line.summary)}</b>{state}<br>"
                f"{html.escape(time_label(line.at))}, by {html.escape(line.by_text)}</p>"
                f'<p><b>Old</b><br><span style="white-space:pre-wrap">'
                f"{marked_html(line.old, removed, REMOVED_STYLE)}</span></p>"
                f'<p><b>New</b> {ARROW}<br><span style="white-space:pre-wrap">'
                f"{marked_html(line.new, added, ADDED_STYLE)}</span></p>")

    @property
    def shows_texts(self) -> bool:
        """Whether the rows show the old and new text (or leave them to the pane below)."""
        return not self.tree.isColumnHidden(OLD)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        narrow = event.size().width() < WIDE
        if narrow != self.tree.isColumnHidden(OLD):
            self.tree.setColumnHidden(OLD, narrow)
            self.tree.setColumnHidden(NEW, narrow)
            self.tree.scheduleDelayedItemsLayout()

    def _revert_clicked(self) -> None:
        pk = self.selected_pk()
        if pk is not None:
            self.revert_requested.emit(pk)
