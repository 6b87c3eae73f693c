"""The edit view: every field of one entry in tabs, checked by the entry model as it changes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ...core.model import SECTIONS, Entry
from .extra_tab import ExtraSectionsTab
from .general_tab import GeneralTab
from .header import DONE_KEYS, EditHeader
from .items_tab import ItemsTab
from .marks import TAB_MARK
from .summary_tab import SummaryTab
from .tab import EditTab
from .terms_tab import TermsTab
from .validation import validate

VALIDATE_DELAY_MS = 150
"""How long typing may pause before the entry is checked again."""


def tab_text(title: str) -> str:
    return title.replace("&", "&&")  # a lone "&" would underline the next letter


class EditView(QWidget):
    """Edit one entry: General, Keywords & Themes, Summary, the five tables, and any
    sections Curator does not know. Discard changes, Done and Save sit in the
    header.

    The view never writes anything itself: it emits `save_requested(entry, version)` with
    the validated entry and the version it was loaded at, and `close_requested()`; the main
    window saves (and reloads the saved entry with `load`) or asks about unsaved changes.
    """

    dirty_changed = Signal(bool)
    save_requested = Signal(object, int)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entry: Entry | None = None
        self._version = 0
        self._loaded_state: dict[str, Any] = {}
        self._current: Entry | None = None
        self._errors: dict[str, str] = {}
        self._dirty = False
        self._read_only = False
        self._loading = False

        self.header = EditHeader()
        self.general = GeneralTab()
        self.terms = TermsTab()
        self.summary = SummaryTab()
        self.items = {section: ItemsTab(section) for section in SECTIONS}
        self.extra = ExtraSectionsTab()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        for tab in self._fixed_tabs():
            self.tabs.addTab(tab, tab_text(tab.title))
            tab.changed.connect(self._on_changed)
        self.extra.changed.connect(self._on_changed)
        self._owner = {key: tab for tab in self._all_tabs() for key in tab.keys}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.setMinimumWidth(360)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(self._check)
        self.header.save_button.clicked.connect(self.save)
        self.header.revert_button.clicked.connect(self.revert)
        self.header.close_button.clicked.connect(self.close_requested)
        self.general.title_edit.textChanged.connect(self.header.set_title)
        self._shortcut(QKeySequence.StandardKey.Save, "Save the entry", self.save)
        # Esc leaves as Done does. A shortcut on the view, not a keyPressEvent: the focused
        # field gets the key first. An open cell editor claims Esc first (its delegate
        # accepts the shortcut override), so there Esc only cancels that cell's edit.
        self._shortcut(QKeySequence(Qt.Key.Key_Escape), "Leave the editor (as Done)",
                       self.close_requested.emit)
        self._shortcut(QKeySequence(DONE_KEYS), "Leave the editor (Done)",
                       self.close_requested.emit)
        # The tab widget switches on these keys only when they reach it; a grid takes
        # Ctrl+PgDown (a page down) and Ctrl+Tab (the next cell) for itself.
        for keys, name, step in ((("Ctrl+PgDown", "Ctrl+Tab"), "Next section tab", 1),
                                 (("Ctrl+PgUp", "Ctrl+Shift+Tab"), "Previous section tab", -1)):
            self._shortcut(QKeySequence(keys[0]), name, partial(self.step_tab, step)).setKeys(
                [QKeySequence(k) for k in keys])
        self.tabs.setEnabled(False)
        self._show_state()

    def _shortcut(self, keys: QKeySequence | QKeySequence.StandardKey, name: str,
                  slot: Callable[[], object]) -> QShortcut:
        shortcut = QShortcut(keys, self)
        shortcut.setWhatsThis(name)  # names it in Help → Keyboard shortcuts
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _fixed_tabs(self) -> list[EditTab]:
        return [self.general, self.terms, self.summary, *self.items.values()]

    def _all_tabs(self) -> list[EditTab]:
        return [*self._fixed_tabs(), self.extra]

    def _shown_tabs(self) -> list[EditTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]

    # --- the public side ----------------------------------------------------------------

    def step_tab(self, step: int) -> None:
        """Show the next (1) or previous (-1) section tab, wrapping around, and focus it."""
        if not self.tabs.isEnabled() or self.tabs.count() == 0:
            return
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        tab = self.tabs.currentWidget()
        if isinstance(tab, EditTab):
            tab.take_focus()

    @property
    def entry_id(self) -> str | None:
        return self._entry.id if self._entry else None

    @property
    def version(self) -> int:
        return self._version

    def load(self, entry: Entry, version: int) -> None:
        """Fill the forms from `entry`, as stored at `version`; nothing is changed yet."""
        self._timer.stop()
        self._entry, self._version = entry, version
        self._loading = True
        try:
            for tab in self._all_tabs():
                tab.load(entry)
        finally:
            self._loading = False
        has_extra = bool(entry.extra_sections)
        at = self.tabs.indexOf(self.extra)
        if has_extra and at < 0:
            self.tabs.addTab(self.extra, tab_text(self.extra.title))
        elif not has_extra and at >= 0:
            self.tabs.removeTab(at)
        self.tabs.setEnabled(True)
        self.header.set_title(entry.title)
        self._loaded_state = self._state()
        self._check()

    def is_dirty(self) -> bool:
        self._flush()
        return self._dirty

    def current_entry(self) -> Entry | None:
        """The entry the forms make, checked by the model; None while anything is wrong."""
        self._flush()
        return self._current

    def errors(self) -> dict[str, str]:
        """Field path (`signals.2.relevancy`, `title`, `keywords.0`, `other`) → message."""
        self._flush()
        return dict(self._errors)

    def set_read_only(self, read_only: bool) -> None:
        """Show the entry without letting anything be changed (a read-only library)."""
        self._read_only = read_only
        for tab in self._all_tabs():
            tab.set_read_only(read_only)
        self._show_state()

    def save(self) -> bool:
        """Ask for the entry to be saved (Save, Ctrl+S); False when there is nothing to
        save or something is still wrong."""
        for tab in self._shown_tabs():
            tab.commit()
        self._flush()
        if self._entry is None or self._read_only or not self._dirty or self._current is None:
            return False
        self.save_requested.emit(self._current, self._version)
        return True

    def revert(self) -> None:
        """Put the entry back as it was loaded, dropping every change."""
        if self._entry is not None:
            current = self.tabs.currentIndex()
            self.load(self._entry, self._version)
            self.tabs.setCurrentIndex(min(current, self.tabs.count() - 1))

    # --- checking -----------------------------------------------------------------------

    def _on_changed(self) -> None:
        if not self._loading and self._entry is not None:
            self._timer.start()

    def _flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._check()

    def _state(self) -> dict[str, Any]:
        return {tab.title: tab.snapshot() for tab in self._all_tabs()}

    def _data(self) -> dict[str, Any]:
        assert self._entry is not None
        # Start from the stored entry, so what no tab shows (source, updated_at) stays.
        data = self._entry.model_dump()
        for tab in self._all_tabs():
            data.update(tab.values())
        return data

    def _check(self) -> None:
        if self._entry is None:
            return
        entry, errors = validate(self._data())
        for tab in self._all_tabs():
            errors += tab.problems()
        self._current = entry if not errors else None
        shown: dict[str, str] = {}
        for tab in self._all_tabs():
            mine = [e for e in errors if e.loc and e.loc[0] in tab.keys]
            marked = tab.show_errors(mine)
            shown.update(marked)
            at = self.tabs.indexOf(tab)
            if at >= 0:
                self.tabs.setTabText(at, tab_text(tab.title) + (TAB_MARK if marked else ""))
                count = len(marked)
                tip = f"{count} problem{'s' if count != 1 else ''} here" if count else ""
                self.tabs.setTabToolTip(at, tip)
        for error in errors:
            if not error.loc or error.loc[0] not in self._owner:
                shown.setdefault(error.path, error.message)
        self._errors = shown
        self._set_dirty(self._state() != self._loaded_state)
        self._show_state()

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _show_state(self) -> None:
        self.header.set_state(
            loaded=self._entry is not None,
            dirty=self._dirty,
            problems=len(self._errors),
            read_only=self._read_only,
        )

