"""Where the window's library comes from: a file chosen, a new file, the sample library, or a
path; each failure is said in a message and the library open stays open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...core.errors import CuratorError
from ...core.store import Library


class LibraryChooser:
    """Finds a library file and hands its path to `open_library`; `current` is the open one."""

    def __init__(self, parent: QWidget, open_library: Callable[[Path], bool],
                 current: Callable[[], Library | None]) -> None:
        self._parent = parent
        self._open_library = open_library
        self._current = current

    def load(self, path: Path) -> Library | None:
        """The library at `path`, or None after saying why it cannot be opened."""
        try:
            return Library(path)
        except CuratorError as error:
            # The dialogs are imported when used: the window's first paint opens a library.
            from ..widgets import ask

            ask.show_error(self._parent, "Cannot open library", str(error))
            return None

    def choose(self) -> None:
        from ..widgets import ask

        path = ask.open_library_path(self._parent, self._folder())
        if path:
            self._open_library(path)

    def new(self) -> None:
        from ..widgets import ask

        path = ask.new_library_path(self._parent, self._folder())
        if path is None:
            return
        if path.exists():
            ask.show_error(self._parent, "Cannot create library",
                           f"{path} already exists. Choose a new name, or open it instead.")
            return
        self._open_library(path)

    def open_sample(self) -> None:
        from ...core.samples import ensure_sample_library  # it imports the importer: only now
        from ..widgets import ask

        try:
            path = ensure_sample_library()
        except CuratorError as error:
            ask.show_error(self._parent, "Cannot open the sample library", str(error))
            return
        self._open_library(path)

    def _folder(self) -> str:
        library = self._current()
        return str(library.path.parent) if library else str(Path.home())
