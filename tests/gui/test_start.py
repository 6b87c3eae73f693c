"""Start-up paints the Entries page first and builds the rest behind it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from curator.core.model import SECTIONS
from curator.gui.shell.app import start_window
from curator.gui.shell.main_window import MainWindow

HEAVY = ("pydantic", "sqlite_utils", "PySide6.QtCharts", "rapidfuzz", "curator.core.query")
"""What the first paint must not import: each costs milliseconds (the search language, needed
once something is typed) to tens of them before anything shows."""

FIRST_PAINT = """
import json, sys
from pathlib import Path
from curator.gui.shell.app import make_application
from curator.gui.shell.main_window import MainWindow
app = make_application([sys.argv[0]])
window = MainWindow(Path(sys.argv[1]), paint_first=True)
window.show()
app.processEvents()
painted = {"rows": window.model.rowCount(), "title": window.model.data(window.model.index(0, 0)),
           "loaded": [name for name in json.loads(sys.argv[2]) if name in sys.modules]}
list(window.build_rest())
painted["after"] = [name for name in json.loads(sys.argv[2]) if name in sys.modules]
print(json.dumps(painted))
"""


def test_the_first_paint_imports_none_of_the_heavy_modules(seeded, tmp_path: Path) -> None:
    # A fresh interpreter: this one has imported everything already.
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(seeded.path), json.dumps(HEAVY)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    painted = json.loads(done.stdout.strip().splitlines()[-1])
    assert painted["rows"] == seeded.entries.total() > 0
    assert painted["title"]  # the list's first row was read, in plain SQL
    assert painted["loaded"] == []
    # The rest of the window does need the models: the check above would see them.
    assert "pydantic" in painted["after"]


def test_start_builds_the_rest_behind_the_painted_list(qtbot, seeded) -> None:
    done: list[bool] = []
    window = start_window(seeded.path, built=lambda: done.append(True))
    qtbot.addWidget(window)
    assert window.model.rowCount() == seeded.entries.total()
    assert not hasattr(window, "sidebar")  # not yet: the list and the search field come first
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    total = seeded.entries.total()
    assert window.count_label.text() == f"{total:,} of {total:,} entries"
    first = window.model.entry_id(window.list_view.currentIndex().row())
    assert first is not None and window.detail.entry is not None
    assert window.detail.entry.id == first
    entry = seeded.entries.get(first)
    tables = [section for section in SECTIONS if entry.items(section)]
    assert tables and list(window.detail.tables) == tables  # each added a step after its text
    assert window.sidebar.isVisible() and window.windowTitle().startswith(seeded.path.name)
    assert window.user_actions.edit_action.isEnabled()
    # The panes took the painted window's places at their sizes: the list keeps its width.
    sidebar, column, beside = window.splitter.sizes()
    assert column > max(sidebar, 300) and beside > 0
    assert window.list_view.width() > 300


def test_what_is_typed_before_the_rest_is_built_is_searched(qtbot, seeded) -> None:
    done: list[bool] = []
    window = start_window(seeded.path, built=lambda: done.append(True))
    qtbot.addWidget(window)
    qtbot.keyClicks(window.search_field, "type:nonesuch")
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert window.search_field.text() == "type:nonesuch"
    assert window.model.filter.query == "type:nonesuch"
    assert window.model.rowCount() == 0


def _active(window: MainWindow, qtbot) -> None:
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_the_search_field_keeps_the_keys_while_the_rest_is_built(qtbot, seeded) -> None:
    done: list[bool] = []
    window = start_window(seeded.path, built=lambda: done.append(True))
    qtbot.addWidget(window)
    _active(window, qtbot)
    window.user_actions.find_action.trigger()  # Ctrl+F answers from the first paint
    assert window.search_field.hasFocus() and not done
    qtbot.keyClicks(window.search_field, "ener")
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert window.search_field.hasFocus()  # the panes moving in around it kept its focus
    qtbot.keyClicks(window.search_field, "gy")
    assert window.search_field.text() == "energy"


def test_the_list_keeps_the_focus_while_the_rest_is_built(qtbot, seeded) -> None:
    done: list[bool] = []
    window = start_window(seeded.path, built=lambda: done.append(True))
    qtbot.addWidget(window)
    _active(window, qtbot)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert window.list_view.hasFocus()
    row = window.list_view.currentIndex().row()
    qtbot.keyClick(window.list_view, Qt.Key.Key_Down)
    assert window.list_view.currentIndex().row() == row + 1


def test_an_empty_library_started_shows_what_to_do_first(qtbot, tmp_path: Path) -> None:
    done: list[bool] = []
    window = start_window(tmp_path / "new.db", built=lambda: done.append(True))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert window.entries_page.stack.currentWidget() is window.empty_state
    assert window.count_label.text() == "0 of 0 entries"


def test_closing_before_the_rest_is_built_closes_cleanly(qtbot, seeded) -> None:
    window = start_window(seeded.path)
    qtbot.addWidget(window)
    assert window.close()
    assert window.library is None  # closed as ever: the rest was built first, then torn down
    assert not window.isVisible()


def test_a_window_built_at_once_is_whole(qtbot, seeded) -> None:
    window = MainWindow(seeded.path)
    qtbot.addWidget(window)
    assert window.sidebar is not None and window.editing is not None
    row = window.model.index(0, 0)
    assert window.model.data(row, Qt.ItemDataRole.DisplayRole)
    assert window.detail.entry is not None


def test_the_error_log_opens_after_the_paint_or_at_the_first_report(qapp, monkeypatch) -> None:
    import threading

    from curator.gui.shell.error_dialog import LOG_NAME, install_excepthook, log_folder

    passed_on: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", passed_on.append)  # in the program: stderr
    reporter = install_excepthook(qapp, log_now=False)  # as the program starts
    try:
        assert reporter.log_path is None and reporter.log_problem == ""
        reporter.reported.disconnect()  # the dialog is another test's; here, only the log
        try:
            raise RuntimeError("boom before the log was opened")
        except RuntimeError as error:
            args = threading.ExceptHookArgs([RuntimeError, error, error.__traceback__, None])
        worker = threading.Thread(target=reporter.thread_excepthook, args=(args,))
        worker.start()
        worker.join()
        assert reporter.log_path == log_folder() / LOG_NAME
        assert "boom before the log was opened" in reporter.log_path.read_text(encoding="utf-8")
        assert [str(args.exc_value) for args in passed_on] == ["boom before the log was opened"]
    finally:
        reporter.uninstall()
