"""One background job at a time on a thread of its own: started, cancelled, stopped."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal, Slot

from .library_job import LibraryJob


class JobRunner(QObject):
    """Runs a `LibraryJob` (a work function over the library) on a thread it owns, and passes
    on how the job ended, in the thread the runner lives in (the GUI thread).

    One job at a time: starting another first stops the one running, which reports nothing
    more. Each job ends in exactly one of `finished`, `cancelled` and `failed`, sent once its
    thread has stopped (so `running` is False by then), or, after `stop()`, in none of them.
    The owner calls `stop()` when its window closes: a QThread destroyed while it runs aborts
    the program.
    """

    progress = Signal(int, int, str)
    """(done, total, stage), as the job reports it."""
    finished = Signal(object)
    """What the work returned."""
    cancelled = Signal()
    failed = Signal(str)
    """A message for the analyst."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._thread: QThread | None = None
        self._job: LibraryJob | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def cancelling(self) -> bool:
        """A job runs and was asked to stop."""
        return self._job is not None and self._job.is_cancelled()

    def start(self, job: LibraryJob) -> None:
        """Run `job` on a new thread, named after the runner (for the error reports)."""
        self.stop()
        self._job = job
        self._thread = QThread(self)
        self._thread.setObjectName(self._name)
        job.moveToThread(self._thread)
        self._thread.started.connect(job.run)
        # Slots of this object, which lives in the GUI thread: the calls are queued to it.
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.cancelled.connect(self._on_cancelled)
        job.failed.connect(self._on_failed)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop soon; it ends with `cancelled` (or with what came first)."""
        if self._job is not None:
            self._job.cancel()

    def stop(self) -> None:
        """Cancel the job, if one runs, and wait for its thread; nothing more is reported."""
        if self._job is None:
            return
        self._job.cancel()
        self._end()
        # What the job sent before it stopped is still queued to this object: dropped.
        QCoreApplication.removePostedEvents(self, QEvent.Type.MetaCall)

    def _end(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        # The job's thread has ended, so dropping the job from here is safe.
        self._thread = None
        self._job = None

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, stage: str) -> None:
        self.progress.emit(done, total, stage)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self._end()
        self.finished.emit(result)

    @Slot()
    def _on_cancelled(self) -> None:
        self._end()
        self.cancelled.emit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)
