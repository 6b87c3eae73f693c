"""`curator --self-test`: prove that an installed or packaged Curator works, with no one watching.

It runs offscreen through the same window, background tasks and files the analyst uses:
a temporary library, one bundled sample seed imported on a worker thread, exported to JSON
on another, and the export read back. Exit status 0 when all of it worked, 1 with a message
otherwise; nothing outside a temporary folder is read or written (settings included).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

STEP_TIMEOUT_MS = 60_000
"""The longest one step (import, export) may take before the self-test gives up."""

OFFSCREEN_NOTES = ("This plugin does not support",)
"""What the offscreen platform says of any window or popup: not a problem, not printed."""


class SelfTestFailed(Exception):
    """A check did not hold; the message says which, in plain words."""


def run_self_test() -> int:
    """Run the checks; print what happened; 0 when everything worked, else 1."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    slot_errors: list[str] = []
    previous_hook = sys.excepthook

    def record(kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
        # An exception in a slot does not stop the event loop: keep it to fail the test.
        slot_errors.append("".join(traceback.format_exception(kind, value, tb)))

    sys.excepthook = record
    try:
        with tempfile.TemporaryDirectory(prefix="curator-self-test-") as scratch:
            summary = _run_checks(Path(scratch), slot_errors)
    except SelfTestFailed as failure:
        print(f"curator self-test failed: {failure}", file=sys.stderr)
        return 1
    except Exception:  # noqa: BLE001 - any error at all is a failed self-test, with its report
        print("curator self-test failed with an unexpected error:\n" + traceback.format_exc(),
              file=sys.stderr)
        return 1
    finally:
        sys.excepthook = previous_hook
    print(f"curator self-test passed: {summary}")
    return 0


def _run_checks(scratch: Path, slot_errors: list[str]) -> str:
    # Imported here: `curator --version` and `--help` should not load Qt.
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings, qInstallMessageHandler
    from PySide6.QtGui import QIcon

    from ... import __version__
    from ...core.identity import entry_id_for
    from ...core.paths import resources_folder, samples_folder
    from ...core.store import Filter
    from ..transfer.export_task import ExportRequest, ExportTask
    from ..transfer.import_task import ImportTask
    from .app import make_application, start_window

    def print_qt_message(_kind, _context, message: str) -> None:
        if not message.startswith(OFFSCREEN_NOTES):
            print(f"qt: {message}", file=sys.stderr)

    qInstallMessageHandler(print_qt_message)
    app = make_application()
    # The user's window state and recent libraries are neither read nor changed.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "qt"))

    icon_file = resources_folder() / "curator.svg"
    _require(icon_file.is_file(), f"the icon {icon_file} is missing")
    # Drawing the SVG needs Qt's SVG icon plugin: a bundle without it shows no icon.
    _require(not QIcon(str(icon_file)).pixmap(64, 64).isNull(),
             f"the icon {icon_file} cannot be drawn (no SVG support)")
    seeds = sorted(samples_folder().glob("*.txt"))
    _require(bool(seeds), f"no sample seeds in {samples_folder()}")
    seed = seeds[0]
    expected_id = entry_id_for(seed.name, seed.read_bytes())

    db_path = scratch / "self-test.db"
    # As the program starts: the list painted first, the rest built behind it.
    built: list[bool] = []
    window = start_window(db_path, built=lambda: built.append(True))
    try:
        deadline = time.monotonic() + 60
        while not built and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.002)
        _require(bool(built), "the window was not built within a minute")
        _require(window.library is not None, f"the library {db_path} did not open")
        _require(window.library.entries.total() == 0, "a new library is not empty")

        importer = ImportTask(window, db_path, [str(seed)])
        report = _wait_for(importer.finished, importer.failed, importer.start,
                           f"importing {seed.name}")[0]
        _require(not report.failures, f"importing {seed.name} failed: "
                 + "; ".join(str(f) for f in report.failures))
        _require(report.imported == 1, f"importing {seed.name}: {report.summary()}")
        window.refresh()
        _require(window.model.rowCount() == 1,
                 f"the list shows {window.model.rowCount()} entries after the import, not 1")
        _require(window.model.entry_id(0) == expected_id,
                 f"the list shows entry {window.model.entry_id(0)}, not {expected_id}")
        window.list_view.setCurrentIndex(window.model.index(0, 0))
        app.processEvents()
        _require(not window.grab().isNull(), "the window could not be drawn")

        output = scratch / "export.json"
        exporter = ExportTask(window, db_path, Filter(),
                              ExportRequest(format="json", destination=output), total=1)
        count = _wait_for(exporter.finished, exporter.failed, exporter.start,
                          f"exporting to {output.name}")[0]
        _require(count == 1, f"the export wrote {count} entries, not 1")
        _check_export(output, expected_id)
        _require(not slot_errors,
                 "an error was raised in the event loop:\n" + "\n".join(slot_errors))
    finally:
        window.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qInstallMessageHandler(None)
    return (f"Curator {__version__}: imported {seed.name} and exported entry {expected_id} "
            "to JSON")


def _check_export(path: Path, expected_id: str) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SelfTestFailed(f"the export {path.name} cannot be read back: {error}") from error
    _require(data.get("format") == "curator-entries",
             f"the export's format is {data.get('format')!r}")
    _require(data.get("count") == 1, f"the export's count is {data.get('count')!r}, not 1")
    ids = [entry.get("id") for entry in data.get("entries", [])]
    _require(ids == [expected_id], f"the export holds entries {ids}, not [{expected_id!r}]")


def _wait_for(done, failed, start: Callable[[], None], what: str) -> tuple:
    """Start a task and run the event loop until it sends `done` (its arguments) or `failed`."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    outcome: dict[str, tuple] = {}

    def finish(key: str, *args: object) -> None:
        outcome.setdefault(key, args)
        loop.quit()

    done.connect(lambda *args: finish("done", *args))
    failed.connect(lambda message: finish("failed", message))
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: finish("timeout"))
    timer.start(STEP_TIMEOUT_MS)
    start()
    if not outcome:
        loop.exec()
    timer.stop()
    if "failed" in outcome:
        raise SelfTestFailed(f"{what} failed: {outcome['failed'][0]}")
    if "done" not in outcome:
        raise SelfTestFailed(f"{what} did not finish within {STEP_TIMEOUT_MS // 1000} s")
    return outcome["done"]


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailed(message)
