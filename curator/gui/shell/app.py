"""Start the Qt application and the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ... import __version__


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
    from .main_window import MainWindow

    problem = no_display()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from .error_dialog import install_excepthook

    app = make_application()
    install_excepthook(app)
    window = MainWindow(Path(db) if db else None)
    window.show()
    return app.exec()
