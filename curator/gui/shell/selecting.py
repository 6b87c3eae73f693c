"""The selection's controller: Edit → Copy of the selected entries or items (as text for a
spreadsheet and as JSON), the right-click menus of the entry list and the Items tab, and the
actions those menus add (export the selection, open an item's entry, score, review)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget

from ...core.copying import check_size, copy_entries, copy_items
from ...core.errors import CuratorError
from ..browse.entry_list import EntryListView
from ..browse.entry_model import EntryTableModel
from ..widgets import ask
from ..widgets.busy import busy
from ..widgets.clipboard import put_on_clipboard
from ..widgets.lazy_view import LazyView
from .actions import WindowActions

if TYPE_CHECKING:
    from ..review.items_view import ItemsView
class SelectionController:
    """Copies and menus over the entry list (`list_view`) and the Items tab (`items_tab`, one
    of the `views`); the library is the one the list shows."""

    def __init__(self, parent: QMainWindow, actions: WindowActions, *, list_view: EntryListView,
                 views: QTabWidget, items_tab: LazyView, targets: Callable[[], list[str]],
                 export: Callable[[bool], None]) -> None:
        self._parent = parent
        self._actions = actions
        self._list = list_view
        self._model = cast(EntryTableModel, list_view.model())
        self._items_tab = items_tab
        self._status_bar = parent.statusBar()
        self._targets = targets
        """The selected entries, else the current one."""
        self._items_ready = False
        actions.copy_action.triggered.connect(self.copy)
        actions.export_selected_action.triggered.connect(lambda: export(True))
        actions.open_item_action.triggered.connect(lambda: self._items().open_current())
        for value, action in enumerate(actions.item_score_actions, start=1):
            action.triggered.connect(lambda _=False, v=value: self._items().score_current(v))
        actions.review_items_action.triggered.connect(lambda: self._items().review_selected())
        list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        list_view.customContextMenuRequested.connect(self._entry_menu)
        # The Items tab is built when first shown: its table is joined then.
        views.currentChanged.connect(lambda _: self._join_items())

    # -- copy --------------------------------------------------------------------------

    def items_shown(self) -> bool:
        """The Items tab is in front (not another tab, nor review mode)."""
        return self._items_tab.isVisible()

    def copy(self) -> None:
        """The Items tab's selected items when it is shown, else the selected entries."""
        library = self._model.library
        if library is None:
            return
        try:
            with busy():  # 100,000 entries take about a second
                if self.items_shown():
                    view = self._items()
                    # Counted from the selection's ranges first: reading the keys of all
                    # 4.5 million items only to refuse them would take long.
                    check_size(sum(r.height() for r in view.table.selectionModel().selection()))
                    sort, descending = view.model.sort_key
                    copied = copy_items(library, view.selected_keys(), sort=sort,
                                        descending=descending)
                    noun = "item"
                else:
                    sort, descending = self._model.sort_key
                    copied = copy_entries(library, self._targets(), sort=sort,
                                          descending=descending)
                    noun = "entry"
        except CuratorError as error:
            ask.show_error(self._parent, "Cannot copy", str(error))
            return
        if not copied:
            self._status_bar.showMessage(f"No {noun} is selected: nothing was copied.", 5000)
            return
        put_on_clipboard(copied)
        plural = noun if len(copied) == 1 else ("entries" if noun == "entry" else "items")
        self._status_bar.showMessage(
            f"Copied {len(copied):,} {plural}, with a header row (paste into a spreadsheet) "
            "and as JSON.", 8000)

    # -- right-click menus ---------------------------------------------------------------

    def _entry_menu(self, position: QPoint) -> None:
        if self._list.indexAt(position).isValid():
            show_menu(self._actions.entry_menu(self._list),
                      self._list.viewport().mapToGlobal(position))

    def _item_menu(self, position: QPoint) -> None:
        table = self._items().table
        if table.indexAt(position).isValid():
            show_menu(self._actions.item_menu(table), table.viewport().mapToGlobal(position))

    def _items(self) -> ItemsView:
        view: ItemsView = self._items_tab.view()
        self._join_items()
        return view

    def _join_items(self) -> None:
        """Give the built Items table the copy key and its right-click menu (once)."""
        if self._items_ready or not self._items_tab.built:
            return
        self._items_ready = True
        table = self._items_tab.view().table
        table.addAction(self._actions.copy_action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._item_menu)


def show_menu(menu: QMenu, position: QPoint) -> None:
    """Show a right-click menu until it closes (tests patch this, as they patch `ask`)."""
    menu.exec(position)
