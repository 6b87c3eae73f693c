"""Screenshots of the tabs the README did not show yet (Items, Calibration) and of the window at
150 % scale, rendered on a 1920x1080 screen of its own (a second Qt, offscreen, in a
subprocess: the scale is fixed when Qt starts).

Run alone: `python -m curator.gui.shell.layout_shots scaled OUTPUT.png FOLDER`
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ...core import operations as ops
from ...core.paths import samples_folder
from ...core.store import By, Filter, ItemKey, Library

SCALED_SCREEN = {"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080,
                 "logicalDpi": 96, "dpr": 1}
SCALE = "1.5"
WAIT_MS = 30_000


def _window(folder: Path, name: str, size: tuple[int, int] | None = (1366, 768), *,
            retold: bool = False):
    """A window over a fresh copy of the sample library, a few scores already lowered (and,
    if `retold`, one story told again with its items scored otherwise), the first entry
    current; `size` None keeps the size the window chose itself."""
    from ..review.shots import add_planted_duplicates
    from .main_window import MainWindow

    path = folder / f"{name}.db"
    with Library(path) as library:
        ops.import_files(library, [samples_folder()])
        for entry_id in library.entries.ids(Filter())[:2]:
            ops.set_score(library, ItemKey(entry_id, "signals", 0), 2, by=By.EDIT)
        if retold:
            add_planted_duplicates(library)
    window = MainWindow(path)
    if size:
        window.resize(*size)
    window.show()
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    return window


def _save(window, output: Path) -> None:  # noqa: ANN001 (a MainWindow)
    for _ in range(4):  # fitted grids and wrapped bars settle over a few passes
        QApplication.processEvents()
    window.grab().save(str(output))


def items_shot(folder: Path, output: Path) -> None:
    """The Items tab at a laptop's size: the entry pane hidden, whole words in every column,
    one item scored in place (its row kept where it was)."""
    window = _window(folder, "items")
    window.show_view(1)
    items = window.reviewing.items_view
    QApplication.processEvents()
    items.table.setCurrentIndex(items.model.index(2, 0))
    items.table.setFocus()
    items.table.keyPressEvent(
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_2, Qt.KeyboardModifier.NoModifier))
    _save(window, output)
    window.close()


def calibration_shot(folder: Path, output: Path) -> None:
    """The Calibration tab: similar items grouped (a story told twice, scored otherwise), the
    first group's items side by side."""
    window = _window(folder, "calibration", retold=True)
    window.show_view(3)
    view = window.calibration_tab.view()
    loop = QEventLoop()
    view.finished.connect(loop.quit)
    QTimer.singleShot(WAIT_MS, loop.quit)
    view.run_button.click()
    loop.exec()  # grouped on a worker thread
    view.groups_view.setCurrentIndex(view.group_model.index(0, 0))
    _save(window, output)
    window.close()


def scaled_shot(folder: Path, output: Path) -> None:
    """The main window as it first opens at 150 % on a 1920x1080 screen (1280x720 logical)."""
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [SCALED_SCREEN]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": SCALE}
    subprocess.run([sys.executable, "-m", __name__, "scaled", str(output), str(folder)],
                   env=env, check=True, capture_output=True, timeout=300)


def _render_scaled(output: Path, folder: Path) -> None:
    from .app import make_application

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(folder / "scaled-settings"))
    window = _window(folder, "scaled", size=None)  # the size it picks for this screen
    _save(window, output)
    window.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["scaled"]:
        _render_scaled(Path(sys.argv[2]), Path(sys.argv[3]))
