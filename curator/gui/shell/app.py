"""Start the Qt application and the main window."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from ... import __version__

if TYPE_CHECKING:
    from .main_window import MainWindow

REST_MODULES = ("curator.gui.shell.editing", "curator.gui.shell.reviewing",
                "curator.gui.shell.transferring", "curator.gui.shell.actions",
                "curator.gui.browse.facet_sidebar", "curator.gui.shell.panes",
                "curator.gui.browse.detail_view", "curator.gui.browse.history_view",
                "curator.gui.edit")
"""What the window imports after its first paint (and with them pydantic and the models)."""
WAIT_MS = 10
"""How often start-up looks whether those imports are done, then the pace of its steps."""


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("Curator")
    app.setApplicationName("Curator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("curator")
    return app


def no_display() -> str | None:
    """Why no window can be shown here, if so: Qt would abort with a less helpful message."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("curator: no display to show the window on. Run it on a desktop, or on a "
            "virtual screen: xvfb-run -a curator")


def run(db: str | None = None) -> int:
    """Open the main window on a library and run until it closes."""
    problem = no_display()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from .error_dialog import install_excepthook
    from .first_paint import after_first_paint, print_shown

    app = make_application()
    reporter = install_excepthook(app, log_now=False)
    window = start_window(Path(db) if db else None)
    after_first_paint(window, reporter.open_log)  # its file and imports: some 20 ms
    if os.environ.get("CURATOR_REPORT_SHOWN"):  # for the benchmark of the packaged app
        after_first_paint(window, print_shown)
    return app.exec()


def start_window(db: Path | None, built: Callable[[], None] | None = None) -> MainWindow:
    """Show the window as soon as its Entries page can be painted, then build the rest behind
    it: the modules the rest needs are imported on a thread after the first paint, so the list
    scrolls and the search field takes keys meanwhile, then the rest is built a step at a time
    (and `built` is called)."""
    from .main_window import MainWindow

    window = MainWindow(db, paint_first=True)
    window.show()
    steps = window.build_rest()
    importing = threading.Thread(target=_import_rest, name="curator-start", daemon=True)
    # Armed anew after each step, not repeating: a step that runs long must not be followed
    # at once by the next (an overdue repeating timer fires again before input is read).
    pace = QTimer(window, interval=WAIT_MS, singleShot=True)
    finish = _FinishBeforeClosing(window, steps)

    def step() -> None:
        if not importing.ident:  # the first tick comes after the first paint
            importing.start()
        if importing.is_alive():
            pace.start()
            return
        # One step a tick: between them the window paints and reads input.
        if next(steps, True) is not True:
            pace.start()
            return
        window.removeEventFilter(finish)  # every event of the window went through it
        if built is not None:
            built()

    pace.timeout.connect(step)
    pace.start()
    window.installEventFilter(finish)
    return window


class _FinishBeforeClosing(QObject):
    """Closing needs the whole window (an edit to leave, settings to save): what is left of it
    is built first, should the window close that soon."""

    def __init__(self, parent: QObject, steps: Iterator[None]) -> None:
        super().__init__(parent)
        self._steps = steps

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Close:
            for _ in self._steps:
                pass
        return False


def _import_rest() -> None:
    for name in REST_MODULES:
        try:
            import_module(name)
        except Exception:  # noqa: BLE001 - build_rest imports it again and reports it there
            return
