"""CURATOR_REPORT_SHOWN: the line a timing harness waits for comes once, after the first paint
(the benchmark of the packaged app relies on it; no time is checked here)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from PySide6.QtWidgets import QVBoxLayout, QWidget

from curator.gui.shell.first_paint import after_first_paint, print_shown
from tests.conftest import REPO

RUN_TIMEOUT_S = 60


class Painted(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(200, 100)
        self.paints: list[float] = []

    def paintEvent(self, event) -> None:  # noqa: N802
        self.paints.append(time.monotonic())
        super().paintEvent(event)


def test_the_line_comes_once_after_the_window_and_its_children_painted(qtbot, capsys) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    child = Painted()
    QVBoxLayout(window).addWidget(child)
    after_first_paint(window, print_shown)
    out: list[str] = []

    def printed() -> str:
        out.append(capsys.readouterr().out)
        return "".join(out)

    assert printed() == ""  # nothing before the window is shown
    window.show()
    qtbot.waitUntil(lambda: "SHOWN" in printed())
    [line] = printed().splitlines()
    word, at = line.split()
    assert word == "SHOWN" and child.paints and float(at) >= child.paints[0]
    window.repaint()
    qtbot.waitUntil(lambda: len(child.paints) > 1)
    assert printed().splitlines() == [line]  # once only


def test_the_program_prints_it_when_asked(tmp_path) -> None:
    """`curator gui` with CURATOR_REPORT_SHOWN set, as the benchmark starts it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update(QT_QPA_PLATFORM="offscreen", CURATOR_REPORT_SHOWN="1", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.Popen([sys.executable, "-m", "curator", "gui", "--db",
                             str(tmp_path / "library.db")], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    watchdog = threading.Timer(RUN_TIMEOUT_S, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()
    assert first.split()[0] == "SHOWN" and float(first.split()[1]) > 0, first
