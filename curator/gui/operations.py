"""The one undo command, and the helper that runs a core operation from the window.

Every user action is a core operation returning a `Change` (curator.core.operations); the
window runs it through `Operations.run`, which shows a refusal in plain words, pushes one
`ChangeCommand` when the change can be undone, and hands the change to the window's refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from ..core.errors import CuratorError
from ..core.operations import By, Change
from ..core.store import Library
from .widgets import ask
from .widgets.busy import busy

Changed = Callable[[Change], None]
"""Told what an action, an undo or a redo changed, so the views refresh."""

Failed = Callable[[str], None]
"""Told when an undo or redo could not be applied (another window changed the entry)."""

Said = Callable[[str], None]
"""Told what an undo or redo did ("Undone: Set status"), for the status bar."""

SAID_MS = 5000
"""How long the status bar says what an undo or redo did."""


class ChangeCommand(QUndoCommand):
    """Undo applies the change's inverse; redo applies the inverse of what undo made.

    The action itself already ran (the window reported any error before pushing), so the
    first redo, which Qt makes on push, does nothing.
    """

    def __init__(self, library: Library, change: Change, changed: Changed,
                 failed: Failed, said: Said | None = None) -> None:
        super().__init__(change.text)
        self.library = library
        self._last = change
        self._changed = changed
        self._failed = failed
        self._said = said
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._step(By.REDO)

    def undo(self) -> None:
        self._step(By.UNDO)

    def _step(self, by: By) -> None:
        inverse = self._last.inverse
        if inverse is None:
            self.setObsolete(True)
            return
        with busy():  # undoing a bulk change takes as long as making it
            try:
                change = inverse(self.library, by)
            except CuratorError as error:
                failure = error
            else:
                self._last = change
                self._changed(change)
                # Said after the refresh, which may clear the status bar (a selection).
                if self._said is not None:
                    done = "Undone" if by is By.UNDO else "Redone"
                    self._said(f"{done}: {self.text()}")
                return
        # The library moved on (another window, an import): this step no longer applies.
        self.setObsolete(True)
        self._failed(f"Could not {self.actionText().lower()}: {failure}")


class Operations:
    """Runs core operations for one window: errors shown, undo pushed, views refreshed."""

    def __init__(self, parent: QWidget, stack: QUndoStack, library: Callable[[], Library | None],
                 changed: Changed, said: Said | None = None) -> None:
        """`said`, when given, is told what each undo and redo did (the window's status bar);
        without it they are silent."""
        self._parent = parent
        self._stack = stack
        self._library = library
        self._changed = changed
        self._said = said

    def run(self, title: str, op: Callable[..., Change], *args: Any, refresh: bool = True,
            **kwargs: Any) -> Change | None:
        """`op(library, *args, **kwargs)`; None when it was refused (the reason shown under
        `title`). Without `refresh` the views are not told (review mode reads them later)."""
        library = self._library()
        if library is None:
            return None
        with busy():  # a bulk change of 100,000 entries takes seconds
            try:
                change = op(library, *args, **kwargs)
            except CuratorError as error:
                failure = error
            else:
                self.done(change, refresh=refresh)
                return change
        ask.show_error(self._parent, title, str(failure))
        return None

    def done(self, change: Change, *, refresh: bool = True) -> None:
        """An operation ran (here or in a task): make it one undo step and refresh."""
        library = self._library()
        if change.undoable and library is not None:
            self._stack.push(ChangeCommand(library, change, self._changed, self.failed,
                                           self._said))
        if refresh:
            self._changed(change)

    def failed(self, message: str) -> None:
        ask.show_error(self._parent, "Undo", message)
