"""Help → About (version, library, Qt and Python) and Help → Keyboard shortcuts.

The shortcut table is read from the window's own QActions and QShortcuts each time it
opens, so it lists exactly the keys the program answers to and cannot go stale.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...core.paths import resources_folder
from .actions import SHORTCUT_NAME

MENU_SEPARATOR = " › "

# Where a shortcut that is in no menu works, named after the window's part holding it.
# Checked in this order; an unknown part is "main window", so a new shortcut still shows.
_PLACES = (
    ("list_view", "entry list"),
    ("editor", "edit view"),
    ("history", "History tab"),
    ("detail", "entry view"),
    ("sidebar", "facet sidebar"),
    ("search_field", "search field"),
)


@dataclass(frozen=True)
class Shortcut:
    """One row of the table: what a key does, and where it works."""

    name: str
    keys: str
    where: str

    def matches(self, words: list[str]) -> bool:
        text = f"{self.name} {self.keys} {self.where}".casefold()
        return all(word in text for word in words)


def keyboard_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every shortcut the window and its children answer to: menu order first, then the rest."""
    menus = _menu_places(window)
    found: list[tuple[int, Shortcut]] = []
    order = {action: number for number, action in enumerate(menus)}
    for action in window.findChildren(QAction):
        keys = _keys_text(action.shortcuts())
        if not keys:
            continue
        focus = [w for w in _widgets_of(action) if w is not window]
        # A key bound to one part of the window (Delete in the list) says where it works.
        focused = bool(focus) and action.shortcutContext() != Qt.ShortcutContext.WindowShortcut
        place = f"in {_place(window, focus[0])}" if focused else "main window"
        where = f"{menus[action]}, {place}" if focused and action in menus else (
            menus.get(action) or place)
        name = action.property(SHORTCUT_NAME) or _plain(action.text())
        found.append((order.get(action, len(order)), Shortcut(name, keys, where)))
    for shortcut in window.findChildren(QShortcut):
        keys = _keys_text(shortcut.keys())
        if not keys:
            continue
        parent = shortcut.parent()
        where = ("main window" if parent is window or not isinstance(parent, QWidget)
                 or shortcut.context() == Qt.ShortcutContext.WindowShortcut
                 else f"in {_place(window, parent)}")
        name = (shortcut.whatsThis() or shortcut.objectName()
                or _standard_name(shortcut.keys()) or "(no description)")
        found.append((len(order), Shortcut(name, keys, where)))
    rows: list[Shortcut] = []
    # Menu order; then by place, each place's keys in the order they were made (Add, Insert…).
    ranked = sorted(enumerate(found), key=lambda item: (item[1][0], item[1][1].where, item[0]))
    for _, (_, row) in ranked:
        if row not in rows:  # the same keys on each of several tables: one row
            rows.append(row)
    return rows


def _standard_name(sequences: list[QKeySequence]) -> str:
    """"Save" for the platform's standard Save keys, and so on; "" if they are not standard."""
    if not sequences:
        return ""
    for key in QKeySequence.StandardKey:
        if key.value and QKeySequence.keyBindings(key) == sequences:
            return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key.name).capitalize()
    return ""


def _menu_places(window: QMainWindow) -> dict[QAction, str]:
    """Each action in the menu bar, in menu order, with its menu's path ("Edit › Set status")."""
    places: dict[QAction, str] = {}

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), path + MENU_SEPARATOR + _plain(action.text()))
            elif not action.isSeparator():
                places.setdefault(action, f"{path} menu" if MENU_SEPARATOR not in path else path)

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.text()))
    return places


def _widgets_of(action: QAction) -> list[QWidget]:
    """The widgets an action was added to, menus left out."""
    return [o for o in action.associatedObjects()
            if isinstance(o, QWidget) and not isinstance(o, QMenu)]


def _place(window: QMainWindow, widget: QObject) -> str:
    """The part of the window a widget belongs to: "the entry list", "a table of the edit view"."""
    for attribute, label in _PLACES:
        part = getattr(window, attribute, None)
        if not isinstance(part, QWidget) or not isinstance(widget, QWidget):
            continue
        if widget is part:
            return f"the {label}"
        if part.isAncestorOf(widget):
            return (f"a table of the {label}" if isinstance(widget, QAbstractItemView)
                    else f"the {label}")
    return "the main window"


def _keys_text(sequences: list[QKeySequence]) -> str:
    texts: list[str] = []
    for sequence in sequences:
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in texts:
            texts.append(text)
    return ", ".join(texts)


def _plain(text: str) -> str:
    """A menu text without its mnemonic marks: "&Edit entry" → "Edit entry", "&&" → "&"."""
    return re.sub(r"&(.)", r"\1", text)


class ShortcutModel(QAbstractTableModel):
    """The shortcuts, narrowed to those matching every word of a search."""

    HEADERS = ("Action", "Shortcut", "Where")

    def __init__(self, shortcuts: list[Shortcut], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all = list(shortcuts)
        self._shown = list(shortcuts)

    def set_search(self, text: str) -> None:
        words = text.casefold().split()
        self.beginResetModel()
        self._shown = [s for s in self._all if s.matches(words)]
        self.endResetModel()

    def shortcut(self, row: int) -> Shortcut:
        return self._shown[row]

    # Qt model interface

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._shown[index.row()]
        return (row.name, row.keys, row.where)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class ShortcutsDialog(QDialog):
    """A searchable table of every keyboard shortcut of the window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts — Curator")
        self.model = ShortcutModel(keyboard_shortcuts(window), self)
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search actions, keys and places")
        self.search_field.setAccessibleName("Search shortcuts")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self.model.set_search)
        self.table = QTableView()
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        # One line a row: the default section height leaves rows half empty.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_field)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)


def home_relative(path: Path) -> str:
    """A path as a user reads it: under the home folder, from "~" (the details are also
    copied into bug reports, where the user's own name is better left out)."""
    try:
        inside = Path(path).resolve().relative_to(Path.home().resolve())
    except (ValueError, OSError, RuntimeError):  # elsewhere, or no home folder to be found
        return str(path)
    return str(Path("~") / inside)


class AboutDialog(QDialog):
    """The version of Curator and of what it runs on, and the open library: copyable."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("About Curator")
        import platform  # read when the dialog opens, not at start

        library = getattr(window, "library", None)
        if library is None:
            library_text = "none open"
        else:
            library_text = home_relative(library.path) + (
                " (read-only)" if library.read_only else "")
        self.facts: list[tuple[str, str]] = [
            ("Version", __version__),
            ("Library", library_text),
            ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
            ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
            ("System", f"{platform.system()} {platform.release()} {platform.machine()}".strip()),
        ]
        if getattr(sys, "frozen", False):
            self.facts.append(("Build", "standalone app"))

        icon = QLabel()
        icon.setPixmap(QIcon(str(resources_folder() / "curator.svg")).pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"Curator {__version__}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel("Curate horizon-scanning entries: import seed files, review, score "
                       "and export them.")
        blurb.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.value_labels: dict[str, QLabel] = {}
        for row, (name, value) in enumerate(self.facts):
            grid.addWidget(QLabel(f"{name}:"), row, 0, Qt.AlignmentFlag.AlignTop)
            label = QLabel(value)
            label.setTextFormat(Qt.TextFormat.PlainText)  # a path is never markup
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label, row, 1)
            self.value_labels[name] = label
        if library is not None:
            self.value_labels["Library"].setToolTip(str(library.path))
        grid.setColumnStretch(1, 1)

        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        text.addSpacing(8)
        text.addLayout(grid)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setToolTip("Copy these lines, for a bug report")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def details(self) -> str:
        """The facts as plain lines, as "Copy details" puts them on the clipboard."""
        return "\n".join([f"Curator {__version__}", *(f"{n}: {v}" for n, v in self.facts[1:])])

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())


def show_about(window: QMainWindow) -> AboutDialog:
    """Open (or raise) the About dialog; not modal."""
    return _show(window, AboutDialog)


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    """Open (or raise) the keyboard shortcuts table; not modal, so it can stay open."""
    return _show(window, ShortcutsDialog)


def _show(window: QMainWindow, kind: type[QDialog]) -> Any:
    dialog = next((d for d in window.findChildren(kind) if d.isVisible()), None)
    if dialog is None:
        dialog = kind(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
