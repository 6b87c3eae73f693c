"""The background job the Calibration and Duplicates views run: each ending becomes one signal."""

from __future__ import annotations

import sqlite3

import pytest

from curator.core.calibration import GroupingCancelled
from curator.core.errors import CuratorError
from curator.core.store import Library
from curator.gui.widgets.library_job import LibraryJob


def _run(path, work) -> list[tuple]:
    job = LibraryJob(path, work, "Testing")
    seen: list[tuple] = []
    job.progress.connect(lambda *a: seen.append(("progress", *a)))
    job.finished.connect(lambda result: seen.append(("finished", result)))
    job.cancelled.connect(lambda: seen.append(("cancelled",)))
    job.failed.connect(lambda message: seen.append(("failed", message)))
    job.run()  # in this thread: the signals arrive at once
    return seen


def test_the_result_and_the_first_and_last_progress_arrive(qapp, seeded: Library) -> None:
    def work(library, progress, cancelled):
        for done in range(1001):
            progress(done, 1000, "counting")  # throttled: most are dropped
        return library.entries.total()

    seen = _run(seeded.path, work)
    assert seen[-1] == ("finished", seeded.entries.total())
    progress = [s for s in seen if s[0] == "progress"]
    assert progress[0] == ("progress", 0, 1000, "counting")
    assert progress[-1] == ("progress", 1000, 1000, "counting") and len(progress) < 1001


@pytest.mark.parametrize("error, expected", [
    (GroupingCancelled(), ("cancelled",)),
    (CuratorError("The filter is not valid."), ("failed", "The filter is not valid.")),
])
def test_a_stop_or_a_refusal_is_its_own_signal(qapp, seeded: Library, error, expected) -> None:
    def work(library, progress, cancelled):
        raise error

    assert _run(seeded.path, work) == [expected]


def test_a_bug_is_reported_with_its_traceback(qapp, seeded: Library) -> None:
    def work(library, progress, cancelled):
        raise ValueError("boom")

    [(kind, message)] = _run(seeded.path, work)
    assert kind == "failed" and message.startswith("Testing stopped on an unexpected error")
    assert "ValueError: boom" in message


def test_a_short_job_reports_every_step_and_the_end_at_once(qapp, seeded: Library) -> None:
    def work(library, progress, cancelled):
        for done in range(11):
            progress(done, 10, f"file {done}")
        progress(7, 10, "")  # cancelled after seven: the end is said even so
        return "done"

    job = LibraryJob(seeded.path, work, "Importing", every_step_up_to=10)
    seen: list[tuple] = []
    job.progress.connect(lambda *a: seen.append(a))
    job.run()
    assert [s[0] for s in seen] == [*range(11), 7] and seen[-1] == (7, 10, "")


@pytest.mark.parametrize("writes, expected", [(False, "read"), (True, "written")])
def test_a_storage_error_says_what_could_not_be_done(qapp, seeded: Library, writes,
                                                     expected) -> None:
    def work(library, progress, cancelled):
        raise sqlite3.OperationalError("disk I/O error")

    job = LibraryJob(seeded.path, work, "Working", writes=writes)
    failed: list[str] = []
    job.failed.connect(failed.append)
    job.run()
    assert failed == [f"The library {seeded.path} could not be {expected}: disk I/O error."]
