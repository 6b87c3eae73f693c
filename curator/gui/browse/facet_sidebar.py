"""The left sidebar: saved views and facet values with counts, clicked to narrow the entry list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QLocale, QPoint, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeyEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import CuratorError
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
from ..widgets import ask, background_read
from ..widgets.background_read import NewestRead
from ..widgets.highlight import tooltip_html

HINT = "Click to include, click again to exclude, a third time to clear."

_TITLES = {"views": "Saved views", "status": "Status", "category": "Category",
           "type": "Type", "keyword": "Keywords", "theme": "Themes"}
_SINGULAR = {"status": "status", "category": "category", "type": "type",
             "keyword": "keyword", "theme": "theme"}
_TERM_FACETS = TERM_FACETS

_KIND = Qt.ItemDataRole.UserRole
_FACET = Qt.ItemDataRole.UserRole + 1
_VALUE = Qt.ItemDataRole.UserRole + 2

AskViewName = Callable[[QWidget], "str | None"]
Confirm = Callable[[QWidget, str, str], bool]


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


@dataclass(frozen=True)
class _Row:
    """One child line of a section, described before it is put into an item."""

    kind: str  # value | view | more | note
    facet: str = ""
    value: str = ""
    text: str = ""
    count: int | None = None
    state: str | None = None  # include | exclude | None; for a view: "current"
    tooltip: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.facet, self.value)


class _FacetTree(QTreeWidget):
    """The tree, with Space and Enter doing what a click does."""

    triggered = Signal(QTreeWidgetItem)
    delete_requested = Signal(QTreeWidgetItem)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return,
                                                Qt.Key.Key_Enter):
            self.triggered.emit(item)
            event.accept()
            return
        if item is not None and event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit(item)
            event.accept()
            return
        super().keyPressEvent(event)


class FacetSidebar(QWidget):
    """Saved views and facet values with counts; emits the filter the user clicks to.

    The sidebar shows the filter it emits at once; the owner may pass that same filter
    back to `set_filter` without a second recount. Call `refresh` after the data changes.
    """

    filter_changed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        ask_view_name: AskViewName | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self._ask_view_name = ask_view_name or default_ask_view_name
        self._confirm = confirm or default_confirm
        self._library: Library | None = None
        self._counter: NewestRead | None = None
        self._filter = Filter()
        self._emitted: Filter | None = None
        self._counts: Counts = {facet: [] for facet in FACETS}
        self._views: SavedViews = []
        self._show_all = {facet: False for facet in _TERM_FACETS}

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

        self.tree = _FacetTree()
        self.tree.setObjectName("facetTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setIndentation(14)
        self.tree.setExpandsOnDoubleClick(False)
        # Clicks change filters, not a selection: a highlighted row would look like a filter.
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setIconSize(QSize(14, 14))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_context_menu)
        self.tree.itemClicked.connect(self._on_triggered)
        self.tree.triggered.connect(self._on_triggered)
        self.tree.delete_requested.connect(self._on_delete_key)
        self._soften_selection()

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

        self._icons = self._make_icons()
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
        self._show_all = {facet: False for facet in _TERM_FACETS}
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
        try:
            library.save_view(name, self._filter)
        except CuratorError as error:
            ask.show_error(self, "Cannot save the view", str(error))
        self.refresh()

    def delete_view(self, name: str) -> None:
        """Delete a saved view after the user confirms."""
        library = self._library
        if library is None or library.read_only:
            return
        if not self._confirm(self, "Delete view",
                             f"Delete the saved view “{name}”? Its entries are not affected."):
            return
        try:
            library.delete_view(name)
        except CuratorError as error:
            ask.show_error(self, "Cannot delete the view", str(error))
        self.refresh()

    # -- user actions ---------------------------------------------------------------

    def _choose(self, flt: Filter) -> None:
        self._filter = flt
        self.refresh()
        self._emitted = flt
        self.filter_changed.emit(flt)

    def _on_triggered(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind = item.data(0, _KIND)
        facet = item.data(0, _FACET)
        value = item.data(0, _VALUE)
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
        if item.data(0, _KIND) == "view":
            self.delete_view(item.data(0, _VALUE))

    def _view_menu(self, item: QTreeWidgetItem | None) -> QMenu | None:
        if item is None or item.data(0, _KIND) != "view":
            return None
        name = item.data(0, _VALUE)
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
        section.setData(0, _KIND, "section")
        section.setData(0, _FACET, key)
        section.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.tree.font())
        font.setBold(True)
        section.setFont(0, font)
        section.setFirstColumnSpanned(True)
        section.setExpanded(True)
        if key in _TERM_FACETS:
            find = QTreeWidgetItem(section)
            find.setData(0, _KIND, "find")
            find.setData(0, _FACET, key)
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
            current_key = (current.data(0, _KIND), current.data(0, _FACET),
                           current.data(0, _VALUE))
        scroll = self.tree.verticalScrollBar().value()

        # The count column fits its contents: measured after every item changed, that made
        # filling hundreds of values take seconds. So it is measured once, at the end.
        header = self.tree.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.setUpdatesEnabled(False)
        try:
            self._fill(self._sections["views"], self._view_rows())
            for facet in FACETS:
                self._fill(self._sections[facet], self._facet_rows(facet))
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

    def _view_rows(self) -> list[_Row]:
        if not self._views:
            return [_Row("note", text="No saved views yet",
                         tooltip="“Save view…” keeps the current search and facet choices.")]
        return [
            _Row("view", "views", name, name,
                 state="current" if flt == self._filter else None,
                 tooltip=f"{name}: {flt.describe()}\nClick to show it.")
            for name, flt in self._views
        ]

    def _facet_rows(self, facet: str) -> list[_Row]:
        find = self.find_fields[facet].text() if facet in _TERM_FACETS else ""
        shown = facet_list(facet, self._counts[facet], self._filter, find=find,
                           show_all=self._show_all.get(facet, False))
        if shown.found_nothing:
            return [_Row("note", facet, text=f"No {_SINGULAR[facet]} contains “{find}”")]
        if not shown.values:
            return [_Row("note", facet, text="None among these entries")]
        rows = [self._value_row(facet, value, count) for value, count in shown.values]
        plural = _TITLES[facet].lower()
        if shown.more == "top":
            rows.append(_Row("more", facet, text=f"Show the top {TOP_TERMS} only",
                             tooltip=f"Show only the {TOP_TERMS} most used {plural}"))
        elif shown.more == "all":
            label = (f"Show all {shown.counted} {plural}…" if shown.counted < ALL_TERMS
                     else f"Show the {shown.counted} most used {plural}…")
            rows.append(_Row("more", facet, text=label,
                             tooltip="Or type in the find field above to look for one"))
        return rows

    def _value_row(self, facet: str, value: str, count: int) -> _Row:
        state = self._filter.state(facet, value)
        shown = value or "(none)"
        entries = "entry" if count == 1 else "entries"
        doing = {"include": f"Included: only entries with this {_SINGULAR[facet]} are shown.\n",
                 "exclude": f"Excluded: entries with this {_SINGULAR[facet]} are hidden.\n",
                 None: ""}[state]
        tooltip = f"{_TITLES[facet]}: {shown} — {count} {entries}\n{doing}{HINT}"
        return _Row("value", facet, value, shown, count, state, tooltip)

    def _fill(self, section: QTreeWidgetItem, rows: list[_Row]) -> None:
        """Reuse the section's child items (a clicked item must outlive its click)."""
        first = 1 if section.data(0, _FACET) in _TERM_FACETS else 0
        added: list[QTreeWidgetItem] = []
        for index, row in enumerate(rows, start=first):
            item = section.child(index) if index < section.childCount() else None
            if item is None:
                item = QTreeWidgetItem()
                added.append(item)
            self._apply(item, row)
        # Added in one go: inserted one by one, hundreds of values took most of a second.
        section.addChildren(added)
        while section.childCount() > first + len(rows):
            section.removeChild(section.child(section.childCount() - 1))

    def _apply(self, item: QTreeWidgetItem, row: _Row) -> None:
        item.setData(0, _KIND, row.kind)
        item.setData(0, _FACET, row.facet)
        item.setData(0, _VALUE, row.value)
        item.setText(0, row.text)
        item.setText(1, "" if row.count is None else QLocale().toString(row.count))
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Values and view names are the user's text: never let Qt read them as markup.
        tip = tooltip_html(row.tooltip) if row.tooltip else ""
        item.setToolTip(0, tip)
        item.setToolTip(1, tip)
        font = QFont(self.tree.font())
        palette = self.tree.palette()
        text_color = palette.color(QPalette.ColorRole.Text)
        count_color = palette.color(QPalette.ColorRole.PlaceholderText)
        icon = self._icons[None]
        selectable = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags = selectable
        accessible = row.text
        if row.kind == "value":
            if row.value == "":
                font.setItalic(True)
            if row.state == "include":
                font.setBold(True)
                text_color = count_color = self._include_color
                icon = self._icons["include"]
                accessible += ", included"
            elif row.state == "exclude":
                font.setStrikeOut(True)
                text_color = count_color = self._exclude_color
                icon = self._icons["exclude"]
                accessible += ", excluded"
            accessible += f", {row.count}"
        elif row.kind == "view":
            if row.state == "current":
                font.setBold(True)
                icon = self._icons["view"]
                accessible += ", shown now"
        elif row.kind == "more":
            text_color = palette.color(QPalette.ColorRole.Link)
        elif row.kind == "note":
            text_color = count_color
            font.setItalic(True)
            flags = Qt.ItemFlag.ItemIsEnabled
        item.setFlags(flags)
        item.setIcon(0, icon)
        item.setFont(0, font)
        count_font = QFont(self.tree.font())
        count_font.setBold(row.state == "include")
        item.setFont(1, count_font)
        item.setForeground(0, QBrush(text_color))
        item.setForeground(1, QBrush(count_color))
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, accessible)

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
                if (child.data(0, _KIND), child.data(0, _FACET), child.data(0, _VALUE)) == key:
                    return child
        return None

    # -- looks ---------------------------------------------------------------------

    def _soften_selection(self) -> None:
        """A pale selection, so the include and exclude colours stay readable on it."""
        palette = self.tree.palette()
        base = palette.color(QPalette.ColorRole.Base)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        pale = QColor(
            *(round(b * 0.75 + h * 0.25) for b, h in
              zip(base.getRgb()[:3], highlight.getRgb()[:3], strict=True)))
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, pale)
            palette.setColor(group, QPalette.ColorRole.HighlightedText,
                             palette.color(QPalette.ColorRole.Text))
        self.tree.setPalette(palette)
        self._accent = highlight
        dark = base.lightness() < 128
        self._include_color = QColor("#6fcf87" if dark else "#1b6e34")
        self._exclude_color = QColor("#ff8a80" if dark else "#b3261e")

    def _make_icons(self) -> dict[str | None, QIcon]:
        def draw(color: QColor | None, sign: str) -> QIcon:
            ratio = 2
            pixmap = QPixmap(14 * ratio, 14 * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            if color is not None:
                painter = QPainter(pixmap)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                painter.drawRoundedRect(1, 1, 12, 12, 3, 3)
                pen = QPen(QColor("white"), 2)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                if sign in "+−":
                    painter.drawLine(QPointF(4, 7), QPointF(10, 7))
                if sign == "+":
                    painter.drawLine(QPointF(7, 4), QPointF(7, 10))
                if sign == "•":
                    painter.setBrush(QColor("white"))
                    painter.drawEllipse(QPointF(7, 7), 1.5, 1.5)
                painter.end()
            return QIcon(pixmap)

        return {
            "include": draw(self._include_color, "+"),
            "exclude": draw(self._exclude_color, "−"),
            "view": draw(self._accent, "•"),
            None: draw(None, ""),
        }
