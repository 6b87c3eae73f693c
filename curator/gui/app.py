"""Start the Qt application and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from .. import __version__


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("Curator")
    app.setApplicationName("Curator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("curator")
    return app


def run(db: str | None = None) -> int:
    """Open the main window on a library and run until it closes."""
    from .main_window import MainWindow

    app = make_application()
    window = MainWindow(Path(db) if db else None)
    window.show()
    return app.exec()
