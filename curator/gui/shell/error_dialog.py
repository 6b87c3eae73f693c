"""Errors no code caught (bugs): write them to the log and show them in a copyable report.

`install_excepthook(app)` routes sys.excepthook and threading.excepthook here. Qt calls
sys.excepthook for an exception escaping a slot or a Qt-called method, and the interpreter
for one that ends the program before the window opens: either way the analyst sees a dialog
and the report is on disk, instead of a silent exit or a line on a terminal nobody reads.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...core.paths import APP_NAME

LOG_NAME = "curator.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 2

log = logging.getLogger("curator.errors")


def log_folder() -> Path:
    """The user's log folder for Curator (e.g. ~/.local/state/Curator/log on Linux)."""
    import platformdirs  # imported when the log is opened: after the window's first paint

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def format_report(kind: type[BaseException], value: BaseException,
                  tb: TracebackType | None, thread: str | None = None) -> str:
    """What a developer needs: versions, when, where, and the traceback."""
    import platform  # read when there is something to report

    where = f" in thread {thread}" if thread else ""
    head = (f"Curator {__version__}, Qt {qVersion()}, Python {platform.python_version()}, "
            f"{platform.platform()}\n"
            f"{datetime.now().astimezone().isoformat(timespec='seconds')}: "
            f"unexpected error{where}\n")
    return head + "".join(traceback.format_exception(kind, value, tb))


class ErrorDialog(QDialog):
    """A short message, the report in a read-only text box, "Copy report" and "Close"."""

    def __init__(self, parent: QWidget | None, report: str, log_path: Path | None,
                 log_problem: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Unexpected error — Curator")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a path is never markup
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Error report")
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton("Copy report")
        self.copy_button.clicked.connect(self.copy_report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self._log_path = log_path
        self._log_problem = log_problem
        self._count = 0
        self.add_report(report)

    def add_report(self, report: str) -> None:
        """Another error while the dialog is open: appended, not a second dialog."""
        self._count += 1
        if self._count > 1:
            self.report.appendPlainText("\n" + "-" * 60 + "\n")
        self.report.appendPlainText(report.rstrip("\n"))
        self.report.verticalScrollBar().setValue(0)
        what = ("Curator ran into an unexpected error" if self._count == 1
                else f"Curator ran into {self._count} unexpected errors")
        if self._log_path is not None:
            saved = f"The report below was also saved to {self._log_path}."
        else:
            saved = f"The report could not be saved to the log ({self._log_problem}): copy it."
        self.message.setText(
            f"{what} (a bug in Curator). What you saved is in the library; if something looks "
            f"wrong, close any edit and restart Curator.\n\n{saved} Please send it to the "
            "developers with a line on what you were doing.")

    def report_text(self) -> str:
        return self.report.toPlainText()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())


class ErrorReporter(QObject):
    """Lives in the GUI thread; the hooks hand it reports from any thread."""

    reported = Signal(str)
    """A report to show; emitted from the thread that failed, shown in the GUI thread."""

    def __init__(self, app: QApplication, log_now: bool = True) -> None:
        super().__init__(app)
        self.dialog: ErrorDialog | None = None
        self.log_path: Path | None = None
        self.log_problem = ""
        self._handler: logging.Handler | None = None
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self.reported.connect(self.show_report)  # queued when emitted from another thread
        self._log_opened = False
        if log_now:
            self.open_log()

    def open_log(self) -> None:
        """Log to the user's log folder from now on (once; a failure is kept to be said)."""
        with self._lock:  # a worker's report may open it while the GUI thread does
            if self._log_opened:
                return
            self._log_opened = True
        import logging.handlers  # some 10 ms of imports: not before the window is painted

        try:
            folder = log_folder()
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                folder / LOG_NAME, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                encoding="utf-8")
        except OSError as error:
            self.log_problem = error.strerror or str(error)
            return
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        # On "curator", so errors the workers log themselves (log.exception) land here too.
        logging.getLogger("curator").addHandler(handler)
        self._handler = handler
        self.log_path = Path(handler.baseFilename)

    # -- the hooks ---------------------------------------------------------------

    def excepthook(self, kind: type[BaseException], value: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, value, tb)
            return
        # A QThread's worker slot fails here too, in its own thread: named as Qt names it.
        thread = None if _in_gui_thread() else (
            QThread.currentThread().objectName() or threading.current_thread().name)
        self._report(format_report(kind, value, tb, thread), thread is None)
        self._previous_hook(kind, value, tb)  # still on standard error, for a terminal

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        self._report(format_report(args.exc_type, args.exc_value, args.exc_traceback, name),
                     False)
        self._previous_thread_hook(args)

    def _report(self, report: str, in_gui_thread: bool) -> None:
        # The same bug over and over (an error in paint) is logged and shown once.
        body = report.split("\n", 2)[-1]
        with self._lock:
            first = body not in self._seen
            self._seen.add(body)
        if not first:
            return
        self.open_log()  # if start-up had not opened it yet
        if self._handler is not None:  # without a log file, the previous hook prints it
            log.error("%s", report.rstrip("\n"))
            self._handler.flush()
        if in_gui_thread:
            self.show_report(report)
        else:
            self.reported.emit(report)

    @Slot(str)
    def show_report(self, report: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_report(report)
            return
        parent = QApplication.activeWindow()
        self.dialog = ErrorDialog(parent, report, self.log_path, self.log_problem)
        if QThread.currentThread().loopLevel() > 0:
            self.dialog.show()  # the program goes on; the dialog stays until closed
            self.dialog.raise_()
        else:
            # No event loop runs (an error before or after the window's life): wait for the
            # analyst to read it, or the program would end with no word.
            self.dialog.exec()

    def uninstall(self) -> None:
        """Put the previous hooks back and close the log (tests; a second application)."""
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous_thread_hook
        if self._handler is not None:
            logging.getLogger("curator").removeHandler(self._handler)
            self._handler.close()
            self._handler = None


def _in_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def install_excepthook(app: QApplication, log_now: bool = True) -> ErrorReporter:
    """Send every uncaught exception, in any thread, to the log and an error dialog; without
    `log_now`, the log is opened by `open_log` (or by the first report)."""
    reporter = ErrorReporter(app, log_now)
    sys.excepthook = reporter.excepthook
    threading.excepthook = reporter.thread_excepthook
    return reporter
