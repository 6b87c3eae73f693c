"""Uncaught errors: logged to the user's log folder and shown in a copyable report.

How these tests meet pytest-qt: it fails a test whose event loop saw an exception, by
putting its own sys.excepthook in place. The tests install Curator's hook *inside*
`qtbot.captureExceptions()`, so Curator's hook is the one Qt calls (the real path: an
exception escaping a slot run by a QTimer), and the hook it passes the exception on to, as it
does to the default hook in the program, is the capturing one. So each test sees both what
the analyst sees (the dialog, the log) and that the exception really went through
sys.excepthook, and nothing is left for pytest-qt to fail the test on.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from curator import __version__
from curator.gui.shell.error_dialog import (
    LOG_NAME,
    ErrorDialog,
    ErrorReporter,
    install_excepthook,
    log_folder,
)


@pytest.fixture(autouse=True)
def _log_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The log folder inside the test's own folder (platformdirs follows XDG_STATE_HOME)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    # Whatever happens in a test, the process's own hooks come back.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


@pytest.fixture
def installed(qapp):
    """Install the hook; the test runs inside qtbot.captureExceptions() (see the docstring)."""
    reporters: list[ErrorReporter] = []

    def install() -> ErrorReporter:
        reporters.append(install_excepthook(qapp))
        return reporters[-1]

    yield install
    for reporter in reporters:
        reporter.uninstall()
        if reporter.dialog is not None:
            reporter.dialog.close()
            reporter.dialog.deleteLater()


def broken_slot() -> None:
    raise RuntimeError("boom in a slot")


def dialog_shown(reporter: ErrorReporter) -> bool:
    return reporter.dialog is not None and reporter.dialog.isVisible()


def log_text() -> str:
    return (log_folder() / LOG_NAME).read_text(encoding="utf-8")


def test_the_log_folder_is_the_users_log_folder(tmp_path: Path) -> None:
    assert log_folder() == Path(platformdirs.user_log_dir("Curator", appauthor=False))
    if sys.platform.startswith("linux"):
        assert log_folder().is_relative_to(tmp_path)


def test_an_error_in_a_slot_shows_a_report_and_logs_it(qtbot, installed) -> None:
    with qtbot.captureExceptions() as passed_on:
        reporter = installed()
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: dialog_shown(reporter))
        reporter.uninstall()
    # Passed on to the hook before Curator's: in the program, standard error.
    assert [str(value) for _, value, _ in passed_on] == ["boom in a slot"]

    dialog = reporter.dialog
    report = dialog.report_text()
    assert "Traceback (most recent call last)" in report
    assert "in broken_slot" in report and "RuntimeError: boom in a slot" in report
    assert f"Curator {__version__}" in report
    assert dialog.report.isReadOnly()
    assert str(log_folder() / LOG_NAME) in dialog.message.text()
    assert "RuntimeError: boom in a slot" in log_text()
    assert "in broken_slot" in log_text()

    dialog.copy_button.click()
    assert QApplication.clipboard().text() == report
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_an_error_in_a_thread_is_shown_by_the_gui_thread(qtbot, installed, monkeypatch) -> None:
    passed_on: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", passed_on.append)
    reporter = installed()

    def work() -> None:
        raise ValueError("boom in a worker")

    thread = threading.Thread(target=work, name="worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: dialog_shown(reporter))
    report = reporter.dialog.report_text()
    assert "unexpected error in thread worker" in report
    assert "ValueError: boom in a worker" in report
    assert "ValueError: boom in a worker" in log_text()
    assert [str(args.exc_value) for args in passed_on] == ["boom in a worker"]


def test_errors_while_the_dialog_is_open_join_it(qtbot, installed) -> None:
    def other_slot() -> None:
        raise KeyError("second")

    with qtbot.captureExceptions() as passed_on:
        reporter = installed()
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: dialog_shown(reporter))
        first = reporter.dialog
        QTimer.singleShot(0, other_slot)
        QTimer.singleShot(0, broken_slot)  # the same error again: not repeated
        qtbot.waitUntil(lambda: len(passed_on) == 3)
        reporter.uninstall()
    assert reporter.dialog is first
    report = first.report_text()
    assert "KeyError: 'second'" in report
    assert report.count("RuntimeError: boom in a slot") == 1
    assert "2 unexpected errors" in first.message.text()
    assert log_text().count("RuntimeError: boom in a slot") == 1


def test_an_error_outside_the_event_loop_waits_for_the_analyst(qtbot, installed) -> None:
    """Before the window opens no event loop runs: the dialog is modal, or the program
    would end before anyone read it."""
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ErrorDialog)
        seen.append(dialog.report_text())
        dialog.close_button.click()

    with qtbot.captureExceptions() as passed_on:
        reporter = installed()
        QTimer.singleShot(0, close_it)
        try:
            raise OSError("cannot start")
        except OSError:
            sys.excepthook(*sys.exc_info())  # as the interpreter does for an uncaught error
        reporter.uninstall()
    assert len(passed_on) == 1
    assert len(seen) == 1 and "OSError: cannot start" in seen[0]
    assert not reporter.dialog.isVisible()


def test_keyboard_interrupt_is_not_a_bug(qtbot, installed) -> None:
    with qtbot.captureExceptions() as passed_on:
        reporter = installed()
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
        reporter.uninstall()
    assert reporter.dialog is None and len(passed_on) == 1


def test_an_unwritable_log_folder_is_said_in_the_dialog(qtbot, installed, tmp_path,
                                                         monkeypatch) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    with qtbot.captureExceptions():
        reporter = installed()
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: dialog_shown(reporter))
        reporter.uninstall()
    assert reporter.log_path is None
    assert "could not be saved to the log" in reporter.dialog.message.text()
    assert "RuntimeError: boom in a slot" in reporter.dialog.report_text()
