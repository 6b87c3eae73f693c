"""The runner of background jobs: each ending arrives once, in the GUI thread, after the job's
thread has stopped; a stopped job reports nothing more, even what it had already sent."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, Qt, QThread

from curator.core.calibration import GroupingCancelled
from curator.core.errors import CuratorError
from curator.core.store import Library
from curator.gui.review import calibration_worker
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets.job_runner import JobRunner
from curator.gui.widgets.library_job import LibraryJob

TIMEOUT_MS = 20_000


class Endings:
    """What a runner reported, with whether its thread was still there at each ending."""

    def __init__(self, runner: JobRunner) -> None:
        self.runner = runner
        self.seen: list[tuple] = []
        self.threads_at_end: list[bool] = []
        self.gui_thread = QThread.currentThread()
        runner.progress.connect(lambda *args: self.seen.append(("progress", *args)))
        runner.finished.connect(lambda result: self._end("finished", result))
        runner.cancelled.connect(lambda: self._end("cancelled"))
        runner.failed.connect(lambda message: self._end("failed", message))

    def _end(self, *ending: object) -> None:
        assert QThread.currentThread() is self.gui_thread
        self.threads_at_end.append(self.runner.running or _threads_alive(self.runner))
        self.seen.append(ending)

    def endings(self) -> list[tuple]:
        return [s for s in self.seen if s[0] != "progress"]


def _threads_alive(owner: QObject) -> bool:
    return any(not thread.isFinished() for thread in owner.findChildren(QThread))


def _until_cancelled(library, progress, cancelled):
    """Work that runs until it is asked to stop, as a long grouping does."""
    progress(0, 1, "waiting")
    stop = threading.Event()
    while not cancelled():
        stop.wait(0.005)  # the worker's own pace, not the test's: the test waits on signals
    raise GroupingCancelled


@pytest.fixture
def runner(qtbot):
    owner = QObject()
    made = JobRunner("testing", owner)
    yield made
    made.stop()
    assert not _threads_alive(made)


def test_a_result_arrives_once_after_the_thread_has_stopped(qtbot, runner, seeded: Library):
    endings = Endings(runner)

    def work(library, progress, cancelled):
        progress(0, 2, "counting")
        progress(2, 2, "counting")
        return library.entries.total()

    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        runner.start(LibraryJob(seeded.path, work, "Counting"))
        assert runner.running
    assert endings.seen == [("progress", 0, 2, "counting"), ("progress", 2, 2, "counting"),
                            ("finished", seeded.entries.total())]
    assert endings.threads_at_end == [False]
    assert not runner.running


def test_a_failure_arrives_as_a_message(qtbot, runner, seeded: Library) -> None:
    endings = Endings(runner)

    def work(library, progress, cancelled):
        raise CuratorError("The filter is not valid.")

    with qtbot.waitSignal(runner.failed, timeout=TIMEOUT_MS):
        runner.start(LibraryJob(seeded.path, work, "Testing"))
    assert endings.endings() == [("failed", "The filter is not valid.")]
    assert endings.threads_at_end == [False] and not runner.running


def test_a_library_that_cannot_be_read_fails_in_words(qtbot, runner, tmp_path) -> None:
    bad = tmp_path / "not_a_library.db"
    bad.write_bytes(b"this is not a database" * 10)
    endings = Endings(runner)
    with qtbot.waitSignal(runner.failed, timeout=TIMEOUT_MS):
        runner.start(LibraryJob(bad, lambda *args: None, "Testing"))
    [(kind, message)] = endings.endings()
    assert kind == "failed" and "not an SQLite database" in message


def test_cancel_ends_the_job_as_cancelled(qtbot, runner, seeded: Library) -> None:
    endings = Endings(runner)
    with qtbot.waitSignal(runner.progress, timeout=TIMEOUT_MS):
        runner.start(LibraryJob(seeded.path, _until_cancelled, "Waiting"))
    assert runner.running and not runner.cancelling
    with qtbot.waitSignal(runner.cancelled, timeout=TIMEOUT_MS):
        runner.cancel()
        assert runner.cancelling
    assert endings.endings() == [("cancelled",)]
    assert endings.threads_at_end == [False]
    assert not runner.running and not runner.cancelling


def test_stop_waits_for_the_thread_and_reports_nothing(qtbot, runner, seeded) -> None:
    endings = Endings(runner)
    with qtbot.waitSignal(runner.progress, timeout=TIMEOUT_MS):
        runner.start(LibraryJob(seeded.path, _until_cancelled, "Waiting"))
    runner.stop()
    assert not runner.running and not _threads_alive(runner)
    with qtbot.assertNotEmitted(runner.cancelled, wait=100):
        pass
    assert endings.endings() == []


def test_what_a_stopped_job_had_already_sent_is_dropped(qtbot, runner, seeded) -> None:
    """The job ended (its result queued to the GUI thread) before stop: still not reported."""
    endings = Endings(runner)
    job = LibraryJob(seeded.path, lambda *args: "done", "Quick")
    sent = threading.Event()
    # Called in the job's thread as it sends its result, before the runner's queued call.
    job.finished.connect(lambda result: sent.set(), Qt.ConnectionType.DirectConnection)
    runner.start(job)
    assert sent.wait(TIMEOUT_MS / 1000)
    runner.stop()  # once the thread has stopped, the result waits in the event queue
    with qtbot.assertNotEmitted(runner.finished, wait=100):
        pass
    assert endings.endings() == []


def test_starting_again_stops_the_job_running(qtbot, runner, seeded: Library) -> None:
    endings = Endings(runner)
    with qtbot.waitSignal(runner.progress, timeout=TIMEOUT_MS):
        runner.start(LibraryJob(seeded.path, _until_cancelled, "Waiting"))
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        runner.start(LibraryJob(seeded.path, lambda *args: "second", "Quick"))
    assert endings.endings() == [("finished", "second")]  # the first one's cancel unreported
    assert not _threads_alive(runner)


def test_closing_the_window_while_a_job_runs_stops_it_unreported(qtbot, seeded, monkeypatch):
    """The Calibration tab grouping when the window closes: its thread ends with the window
    (a QThread destroyed while running would abort the program), and nothing is shown."""
    started = threading.Event()

    def slow_grouping(items, *, progress=None, cancelled=None, **options):
        for _ in items:
            pass
        started.set()
        while not cancelled():
            started.wait(0.005)
        raise GroupingCancelled

    monkeypatch.setattr(calibration_worker, "group_items", slow_grouping)
    window = MainWindow(seeded.path)
    qtbot.addWidget(window)
    window.show()
    view = window.reviewing.calibration_view
    runner = view.findChild(JobRunner)
    endings = Endings(runner)
    view.run()
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT_MS)
    assert view.running
    window.close()
    assert not runner.running and not _threads_alive(view)
    with qtbot.assertNotEmitted(runner.cancelled, wait=100):
        pass
    assert endings.endings() == []
    assert view.status.text() != "Grouping cancelled."
