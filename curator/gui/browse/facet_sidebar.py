"""The left sidebar: saved views and facet values with counts, clicked to narrow the entry list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import operations as ops
from ...core.facets import (
    ALL_TERMS,
    TERM_FACETS,
    TOP_TERMS,
    Counts,
    SavedViews,
    choice_counts,
    count_facets,
    facet_list,
)
from ...core.store import FACETS, Filter, Library
from ..widgets import background_read
from ..widgets.background_read import NewestRead
from .facet_tree import FACET, KIND, VALUE, FacetRow, FacetTree, item_key

HINT = "Click to include, click again to exclude, a third time to clear."

_TITLES = {"views": "Saved views", "status": "Status", "category": "Category",
           "type": "Type", "keyword": "Keywords", "theme": "Themes"}
_SINGULAR = {"status": "status", "category": "category", "type": "type",
             "keyword": "keyword", "theme": "theme"}

AskViewName = Callable[[QWidget], "str | None"]
Confirm = Callable[[QWidget, str, str], bool]
Run = Callable[..., "ops.Change | None"]
"""`run(title, operation, *args)`: runs a core operation as one undo step (the window's
`ops.run`), which refreshes the views (this one with them) from its change."""


def default_ask_view_name(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(parent, "Save view", "Name for this view:")
    return (text.strip() or None) if ok else None


def default_confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class FacetSidebar(QWidget):
    """Saved views and facet values with counts; emits the filter the user clicks to.

    The sidebar shows the filter it emits at once; the owner may pass that same filter
    back to `set_filter` without a second recount. Call `refresh` after the data changes
    (saving or deleting a view, through `run`, is such a change).
    """

    filter_changed = Signal(object)

    def __init__(
        self,
        run: Run,
        parent: QWidget | None = None,
        ask_view_name: AskViewName | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self._run = run
        self._ask_view_name = ask_view_name or default_ask_view_name
        self._confirm = confirm or default_confirm
        self._library: Library | None = None
        self._counter: NewestRead | None = None
        self._filter = Filter()
        self._emitted: Filter | None = None
        self._counts: Counts = {facet: [] for facet in FACETS}
        self._views: SavedViews = []
        self._show_all = {facet: False for facet in TERM_FACETS}

        self.save_button = QToolButton()
        self.save_button.setText("Save view…")
        self.save_button.setToolTip("Save the current search and facet choices under a name")
        self.save_button.clicked.connect(self.save_current_view)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear all")
        self.clear_button.setToolTip(
            "Clear every facet choice and the search text, to show all entries")
        self.clear_button.clicked.connect(self.clear_all)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)

        self.tree = FacetTree()
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_context_menu)
        self.tree.itemClicked.connect(self._on_triggered)
        self.tree.triggered.connect(self._on_triggered)
        self.tree.delete_requested.connect(self._on_delete_key)

        self._sections: dict[str, QTreeWidgetItem] = {}
        self.find_fields: dict[str, QLineEdit] = {}
        for key in ("views", *FACETS):
            self._sections[key] = self._add_section(key)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addWidget(self.tree)
        self.setMinimumWidth(200)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        self.refresh()

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(260, 600)

    # -- public -------------------------------------------------------------------

    @property
    def filter(self) -> Filter:
        return self._filter

    def set_library(self, library: Library | None) -> None:
        self._counter = background_read.reader_for(library, count_facets, self._on_counted,
                                                   self, self._counter)
        self._library = library
        self._filter = Filter()
        self._show_all = {facet: False for facet in TERM_FACETS}
        for field in self.find_fields.values():
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self.refresh()

    def set_filter(self, flt: Filter) -> None:
        """Show a filter's choices and recount every facet under it."""
        if flt is self._emitted and flt == self._filter:
            return  # the filter this sidebar just emitted and already shows
        self._emitted = None
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Count every facet again under the current filter, and reread the saved views."""
        library = self._library
        if library is None:
            self._counts = {facet: [] for facet in FACETS}
            self._views = []
        elif self._counter is not None:
            # The choices show at once; the counts follow from the worker.
            self._counter.read(self._filter)
        else:
            self._counts, self._views = count_facets(library, self._filter)
        self._render()

    @property
    def counting(self) -> bool:
        """Counts for the current filter are still being taken (a large library)."""
        return self._counter is not None and self._counter.busy

    def _on_counted(self, result: tuple[Counts, SavedViews]) -> None:
        self._counts, self._views = result
        self._render()

    def clear_all(self) -> None:
        """Drop every facet choice and the search: all entries."""
        self._choose(Filter())

    def save_current_view(self) -> None:
        library = self._library
        if library is None or library.read_only:
            return
        name = self._ask_view_name(self)
        name = (name or "").strip()
        if not name:
            return
        if any(existing == name for existing, _ in self._views) and not self._confirm(
            self, "Replace view",
            f"A view named “{name}” already exists. Replace it with the current filter?",
        ):
            return
        self._run("Cannot save the view", ops.save_view, name, self._filter)

    def delete_view(self, name: str) -> None:
        """Delete a saved view after the user confirms."""
        library = self._library
        if library is None or library.read_only:
            return
        if not self._confirm(self, "Delete view",
                             f"Delete the saved view “{name}”? Its entries are not affected."):
            return
        self._run("Cannot delete the view", ops.delete_view, name)

    # -- user actions ---------------------------------------------------------------

    def _choose(self, flt: Filter) -> None:
        self._filter = flt
        self.refresh()
        self._emitted = flt
        self.filter_changed.emit(flt)

    def _on_triggered(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind = item.data(0, KIND)
        facet = item.data(0, FACET)
        value = item.data(0, VALUE)
        if kind == "section":
            item.setExpanded(not item.isExpanded())
        elif kind == "value":
            self._choose(self._filter.cycled(facet, value))
        elif kind == "view":
            chosen = next((flt for name, flt in self._views if name == value), None)
            if chosen is not None:
                self._choose(chosen)
        elif kind == "more":
            self._show_all[facet] = not self._show_all[facet]
            self._render()
        elif kind == "find":
            self.find_fields[facet].setFocus()

    def _on_delete_key(self, item: QTreeWidgetItem) -> None:
        if item.data(0, KIND) == "view":
            self.delete_view(item.data(0, VALUE))

    def _view_menu(self, item: QTreeWidgetItem | None) -> QMenu | None:
        if item is None or item.data(0, KIND) != "view":
            return None
        name = item.data(0, VALUE)
        menu = QMenu(self)
        menu.addAction("Show this view", lambda: self._on_triggered(item))
        delete = menu.addAction("Delete view…", lambda: self.delete_view(name))
        delete.setEnabled(self._library is not None and not self._library.read_only)
        return menu

    def _show_context_menu(self, pos: QPoint) -> None:
        menu = self._view_menu(self.tree.itemAt(pos))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            menu.deleteLater()

    # -- building the tree ----------------------------------------------------------

    def _add_section(self, key: str) -> QTreeWidgetItem:
        section = QTreeWidgetItem(self.tree, [_TITLES[key]])
        section.setData(0, KIND, "section")
        section.setData(0, FACET, key)
        section.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.tree.font())
        font.setBold(True)
        section.setFont(0, font)
        section.setFirstColumnSpanned(True)
        section.setExpanded(True)
        if key in TERM_FACETS:
            find = QTreeWidgetItem(section)
            find.setData(0, KIND, "find")
            find.setData(0, FACET, key)
            find.setFlags(Qt.ItemFlag.ItemIsEnabled)
            find.setFirstColumnSpanned(True)
            field = QLineEdit()
            field.setPlaceholderText(f"Find a {_SINGULAR[key]}…")
            field.setClearButtonEnabled(True)
            field.setToolTip(f"Show only {_TITLES[key].lower()} containing this text")
            field.textChanged.connect(self._render)
            self.tree.setItemWidget(find, 0, field)
            self.find_fields[key] = field
        return section

    def _render(self) -> None:
        """Put the counted values into the tree, keeping the current line and the scroll."""
        current = self.tree.currentItem()
        current_key = None
        if current is not None:
            current_key = item_key(current)
        scroll = self.tree.verticalScrollBar().value()

        # The count column fits its contents: measured after every item changed, that made
        # filling hundreds of values take seconds. So it is measured once, at the end.
        header = self.tree.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.fill(self._sections["views"], self._view_rows())
            for facet in FACETS:
                self.tree.fill(self._sections[facet], self._facet_rows(facet))
        finally:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            self.tree.setUpdatesEnabled(True)
        self._update_section_titles()

        if current_key is not None:
            found = self._find_item(current_key)
            if found is not None:
                self.tree.setCurrentItem(found)
        self.tree.verticalScrollBar().setValue(scroll)
        writable = self._library is not None and not self._library.read_only
        self.save_button.setEnabled(writable)
        self.save_button.setToolTip(
            "Save the current search and facet choices under a name" if writable
            else "The library is read-only: views cannot be saved" if self._library
            else "Open a library to save views")
        self.clear_button.setEnabled(not self._filter.is_empty)

    def _view_rows(self) -> list[FacetRow]:
        if not self._views:
            return [FacetRow("note", text="No saved views yet",
                         tooltip="“Save view…” keeps the current search and facet choices.")]
        return [
            FacetRow("view", "views", name, name,
                 state="current" if flt == self._filter else None,
                 tooltip=f"{name}: {flt.describe()}\nClick to show it.")
            for name, flt in self._views
        ]

    def _facet_rows(self, facet: str) -> list[FacetRow]:
        find = self.find_fields[facet].text() if facet in TERM_FACETS else ""
        shown = facet_list(facet, self._counts[facet], self._filter, find=find,
                           show_all=self._show_all.get(facet, False))
        if shown.found_nothing:
            return [FacetRow("note", facet, text=f"No {_SINGULAR[facet]} contains “{find}”")]
        if not shown.values:
            return [FacetRow("note", facet, text="None among these entries")]
        rows = [self._value_row(facet, value, count) for value, count in shown.values]
        plural = _TITLES[facet].lower()
        if shown.more == "top":
            rows.append(FacetRow("more", facet, text=f"Show the top {TOP_TERMS} only",
                             tooltip=f"Show only the {TOP_TERMS} most used {plural}"))
        elif shown.more == "all":
            label = (f"Show all {shown.counted} {plural}…" if shown.counted < ALL_TERMS
                     else f"Show the {shown.counted} most used {plural}…")
            rows.append(FacetRow("more", facet, text=label,
                             tooltip="Or type in the find field above to look for one"))
        return rows

    def _value_row(self, facet: str, value: str, count: int) -> FacetRow:
        state = self._filter.state(facet, value)
        shown = value or "(none)"
        entries = "entry" if count == 1 else "entries"
        doing = {"include": f"Included: only entries with this {_SINGULAR[facet]} are shown.\n",
                 "exclude": f"Excluded: entries with this {_SINGULAR[facet]} are hidden.\n",
                 None: ""}[state]
        tooltip = f"{_TITLES[facet]}: {shown} — {count} {entries}\n{doing}{HINT}"
        return FacetRow("value", facet, value, shown, count, state, tooltip)

    def _update_section_titles(self) -> None:
        for facet in FACETS:
            included, excluded = choice_counts(self._filter, facet)
            marks = " ".join(part for part in (
                f"+{included}" if included else "", f"−{excluded}" if excluded else "") if part)
            section = self._sections[facet]
            section.setText(0, f"{_TITLES[facet]}  {marks}" if marks else _TITLES[facet])
            section.setToolTip(0, f"{_TITLES[facet]}: {included} included, {excluded} excluded"
                               if marks else _TITLES[facet])

    def _find_item(self, key: tuple[str, str, str]) -> QTreeWidgetItem | None:
        kind, facet, value = key
        if kind == "section":
            return self._sections.get(facet)
        for section in self._sections.values():
            for index in range(section.childCount()):
                child = section.child(index)
                if item_key(child) == key:
                    return child
        return None
