"""GUI test fixtures: isolated settings, a flushed event queue, and sample libraries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QCoreApplication, QEvent, QSettings  # noqa: E402

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder needs a QApplication: `-m "not gui"` leaves them out."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _qt_settings(tmp_path: Path, qapp) -> None:
    """Each test gets its own settings file, so no test sees another's window state."""
    qapp.setOrganizationName("CuratorTests")
    qapp.setApplicationName("Curator")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))
    yield
    # Deleted widgets are only freed by this; left over, they crash the interpreter at exit.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
