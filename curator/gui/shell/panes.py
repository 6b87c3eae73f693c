"""The window's panes, laid out but not wired: the Entries page (a read-only notice, the search
field, and the list or, for an empty library, what to do first) and the entry pane (the entry,
shown or edited, and its history)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from ..browse.entry_list import EntryListView
from ..browse.search_field import SearchField
from .empty_state import EmptyState


class EntriesPage(QWidget):
    """The Entries tab of the main views."""

    def __init__(self, list_view: EntryListView, empty_state: EmptyState) -> None:
        super().__init__()
        self.list_view = list_view
        self.empty_state = empty_state
        self.stack = QStackedWidget()
        self.stack.addWidget(list_view)
        self.stack.addWidget(empty_state)
        self.read_only_banner = QLabel(
            "This library is read-only: you can browse, search and export, but not change it."
        )
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        # The palette's note colours (those of a tooltip), so a dark palette darkens it too.
        self.read_only_banner.setAutoFillBackground(True)
        self.read_only_banner.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.read_only_banner.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.read_only_banner.setMargin(6)
        self.read_only_banner.hide()
        self.search_field = SearchField()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.search_field)
        column.addWidget(self.search_field.error_label)
        column.addWidget(self.stack)
        self.search_field.down_pressed.connect(self.enter_list)

    def enter_list(self) -> None:
        """Focus the list at its current row (the first when none), from the search field."""
        if self.stack.currentWidget() is not self.list_view:
            return
        model = self.list_view.model()
        if not self.list_view.currentIndex().isValid() and model.rowCount() > 0:
            self.list_view.setCurrentIndex(model.index(0, 0))
        self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_empty(self, empty: bool) -> None:
        """The empty state in place of the list (a library without entries), or the list."""
        self.stack.setCurrentWidget(self.empty_state if empty else self.list_view)


class EntryPane(QTabWidget):
    """The Entry tab (the detail view, or the edit view in its place) and the History tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # Imported here: the window paints its Entries page before these are needed.
        from ..browse.detail_view import DetailView
        from ..browse.history_view import HistoryView
        from ..edit import EditView

        super().__init__(parent)
        self.setObjectName("entryTabs")
        self.detail = DetailView(self)
        self.editor = EditView(self)
        self.entry_stack = QStackedWidget()
        self.entry_stack.addWidget(self.detail)
        self.entry_stack.addWidget(self.editor)
        self.history = HistoryView(self)
        self.addTab(self.entry_stack, "Entry")
        self.addTab(self.history, "History")
