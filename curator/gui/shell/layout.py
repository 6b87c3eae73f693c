"""How the window shares its room among the tasks: where the entry pane sits for each main view
(beside it, below it, or hidden; remembered per view), the width the edit view gets, and a first
window size that fits the screen it opens on."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import QObject, QRect, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .panes import EntryPane


class PanePlace(StrEnum):
    """Where the entry pane sits beside a main view."""

    BESIDE = "beside"
    BELOW = "below"
    HIDDEN = "hidden"


PLACE_TEXT = {
    PanePlace.BESIDE: "Entry pane &beside the view",
    PanePlace.BELOW: "Entry pane &below the view",
    PanePlace.HIDDEN: "&Hide the entry pane",
}
DEFAULT_PLACES = {"Entries": PanePlace.BESIDE}
"""The entry pane follows the entry list; the other views show other things (items, charts,
groups) and need the width for their own text columns, so they start without it."""
PLACE_KEY = "layout/pane/"
LIST_KEY = "layout/list_while_editing"
LIST_SHARE = 0.25
"""The entry list's share of the window's width beside the editor, when kept..."""
LIST_MOST = 1 / 3
"""...but wide enough for the main views' tabs, and at most this share: at 1366 px the editor
keeps about a thousand pixels, room for its forms and tables."""
EDIT_SHARE = 0.78
"""In a view laid out below, the edit view takes this much of the height; the list keeps the
rest, enough to see where one is."""
DEFAULT_SIZE = (1400, 860)
"""The first window size on a screen with room for it."""
FRAME_ROOM = (16, 40)
"""What a window manager's frame and title bar may add around the window (width, height)."""


def _slot() -> QWidget:
    slot = QWidget()
    column = QVBoxLayout(slot)
    column.setContentsMargins(0, 0, 0, 0)
    return slot


class PaneLayout(QObject):
    """Puts the entry pane beside, below or away from the main views as each view's place
    says, and gives the edit view the work area's width while an edit is open.

    `splitter` holds the sidebar, the `column` (the `center` above the place below) and the
    place beside; the pane moves between the two places, and a place without it is hidden.
    """

    def __init__(self, window: QMainWindow, *, splitter: QSplitter, center: QStackedWidget,
                 views: QTabWidget, pane: EntryPane, names: Sequence[str]) -> None:
        super().__init__(window)
        self._splitter, self._center, self._views, self._pane = splitter, center, views, pane
        self._names = list(names)
        self.beside, self.below = _slot(), _slot()
        self.column = QSplitter(Qt.Orientation.Vertical)
        self.column.setObjectName("workColumn")
        # Moving the centre out of the window takes the focus from the list or the search
        # field in it (painted first, already in use): `take_place` gives it back.
        self._focused = QApplication.focusWidget()
        self.column.addWidget(center)
        self.column.addWidget(self.below)
        self.column.setStretchFactor(0, 3)
        self.column.setStretchFactor(1, 2)
        self.column.setChildrenCollapsible(False)
        self._before_edit: tuple[list[int], list[int]] | None = None
        self._edit_place: PanePlace | None = None
        self.actions = QActionGroup(self)
        self.place_actions: dict[PanePlace, QAction] = {}
        for place, text in PLACE_TEXT.items():
            action = QAction(text, window)
            action.setCheckable(True)
            action.setStatusTip("Where the entry pane sits in this view (remembered per view)")
            action.triggered.connect(lambda _=False, p=place: self.set_place(p))
            self.actions.addAction(action)
            self.place_actions[place] = action
        self.list_action = QAction("Keep the entry &list beside the editor", window)
        self.list_action.setCheckable(True)
        # Kept by default: an analyst editing one entry after another moves through the list;
        # the facets only filter it, so while editing the list takes their place instead.
        self.list_action.setChecked(QSettings().value(LIST_KEY, True, type=bool))
        self.list_action.setStatusTip("While editing, show the entry list in place of the facets "
                                      "(else the editor takes its width; its edge drags it back)")
        self.list_action.toggled.connect(self._list_toggled)
        self.menu = QMenu("Entry &pane", window)
        self.menu.addActions(list(self.place_actions.values()))
        self.menu.addSeparator()
        self.menu.addAction(self.list_action)
        self.view_button = self._menu_button("Entry pane ▾", "Show, move or hide the entry pane")
        self.view_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        views.setCornerWidget(self.view_button, Qt.Corner.TopRightCorner)
        self.pane_button = self._menu_button("Move or hide ▾",
                                             "Put the entry pane below this view, or hide it")
        pane.setCornerWidget(self.pane_button, Qt.Corner.TopRightCorner)
        views.currentChanged.connect(lambda _: self.apply())
        center.currentChanged.connect(lambda _: self.apply())
        pane.entry_stack.currentChanged.connect(lambda _: self._edit_changed())

    def take_place(self, sidebar: QWidget, view_menu: QMenu, sizes: list[int]) -> None:
        """Put the sidebar, the work column and the place beside into the splitter, over
        the blank panes the first paint showed, at the sizes they had; and this menu in the
        View menu."""
        view_menu.addMenu(self.menu)
        splitter = self._splitter
        splitter.insertWidget(1, self.column)  # where the centre was before the column took it
        for index, pane, stretch in ((0, sidebar, 0), (1, self.column, 3),
                                     (2, self.beside, 2)):
            if splitter.widget(index) is not pane:
                splitter.replaceWidget(index, pane).deleteLater()
            splitter.setStretchFactor(index, stretch)
        splitter.setSizes(sizes)
        state = QSettings().value("window/column")
        if state:
            self.column.restoreState(state)
        if self._focused is not None and QApplication.focusWidget() is None:
            self._focused.setFocus()

    def _menu_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setMenu(self.menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # As a toolbar's buttons: View → Entry pane is the keyboard's way, and the window's
        # first focus must go to the entry list, not to this corner.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The text ends in its own arrow: the style's small one was cut at the tab bar's edge.
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        return button

    # -- the place of each view --------------------------------------------------------

    def current_name(self) -> str:
        return self._names[max(0, self._views.currentIndex())]

    def place(self, name: str | None = None) -> PanePlace:
        """The place chosen for a view (the current one by default)."""
        name = name or self.current_name()
        stored = QSettings().value(PLACE_KEY + name)
        try:
            return PanePlace(stored)
        except ValueError:
            return DEFAULT_PLACES.get(name, PanePlace.HIDDEN)

    def set_place(self, place: PanePlace, name: str | None = None) -> None:
        """Put the entry pane in `place` for a view (the current one), and remember it."""
        QSettings().setValue(PLACE_KEY + (name or self.current_name()), place.value)
        if self._edit_place is not None and (name is None or name == self.current_name()):
            self._edit_place = place  # the analyst's choice outlasts the edit
        self.apply()

    def shown_place(self) -> PanePlace:
        """Where the pane is now: an open edit shows it even where the view hides it, and
        review mode (in place of the views) has its own."""
        if self._center.currentWidget() is not self._views:
            return PanePlace.HIDDEN
        if self._edit_place is not None:
            return self._edit_place
        return self.place()

    def apply(self) -> None:
        """Lay the pane out for the current view; the focus stays where it was."""
        window = self._splitter.window()
        focused = window.focusWidget() if window is not None else None
        place = self.shown_place()
        self.place_actions[self.place()].setChecked(True)
        target = self.below if place is PanePlace.BELOW else self.beside
        if self._pane.parentWidget() is not target:
            target.layout().addWidget(self._pane)
        self.beside.setVisible(place is PanePlace.BESIDE)
        self.below.setVisible(place is PanePlace.BELOW)
        # One control at a time: the pane's own while it shows, the views' to bring it back.
        self.view_button.setVisible(place is PanePlace.HIDDEN)
        if focused is not None and focused.isVisibleTo(window) and \
                window.focusWidget() is not focused:
            focused.setFocus()  # moving the pane would hand the keys to a widget in it

    # -- editing ------------------------------------------------------------------------

    def _edit_changed(self) -> None:
        """The edit view opened or closed: give it the work area, then give the room back."""
        editing = self._pane.entry_stack.currentWidget() is self._pane.editor
        if editing and self._before_edit is None:
            self._before_edit = (self._splitter.sizes(), self.column.sizes())
            place = self.place()
            self._edit_place = PanePlace.BESIDE if place is PanePlace.HIDDEN else place
            self.apply()
            self._widen_editor()
        elif not editing and self._before_edit is not None:
            outer, column = self._before_edit
            self._before_edit, self._edit_place = None, None
            self.apply()
            self._splitter.setSizes(outer)
            self.column.setSizes(column)

    def _widen_editor(self) -> None:
        """Beside: the editor takes the facets' width and most of the list's, which stays
        as a narrow column to move through (or, not kept, collapses; each edge drags its
        pane back). Below: the editor takes most of the height."""
        if self._edit_place is PanePlace.BELOW:
            total = sum(self.column.sizes())
            self.column.setSizes([int(total * (1 - EDIT_SHARE)), int(total * EDIT_SHARE)])
            return
        sidebar, center, beside = self._splitter.sizes()
        if not self.list_action.isChecked():
            self._splitter.setSizes([sidebar, 0, center + beside])
            return
        total = sidebar + center + beside
        tabs = self._views.tabBar().sizeHint().width() + 8  # and the frame around them
        kept = min(max(tabs, int(total * LIST_SHARE)), int(total * LIST_MOST))
        self._splitter.setSizes([0, kept, total - kept])

    def _list_toggled(self, keep: bool) -> None:
        QSettings().setValue(LIST_KEY, keep)
        if self._before_edit is not None:
            self._widen_editor()

    def editing(self) -> bool:
        return self._before_edit is not None


def fit_to_screen(window: QMainWindow, geometry: object = None) -> None:
    """Restore a remembered geometry, or take the default size, and keep the window within
    the available area of the screen it opens on (never larger, never off its edges)."""
    if not (geometry and window.restoreGeometry(geometry)):
        window.resize(*DEFAULT_SIZE)
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return  # the window system fits those to the screen itself
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width = min(window.width(), area.width() - FRAME_ROOM[0])
    height = min(window.height(), area.height() - FRAME_ROOM[1])
    window.resize(max(width, 1), max(height, 1))
    frame = QRect(window.pos(), window.size())
    left = min(max(frame.left(), area.left()), area.right() - width - FRAME_ROOM[0] + 1)
    top = min(max(frame.top(), area.top()), area.bottom() - height - FRAME_ROOM[1] + 1)
    window.move(max(left, area.left()), max(top, area.top()))
