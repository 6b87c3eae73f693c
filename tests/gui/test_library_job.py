"""The background job the Calibration and Duplicates views run: each ending becomes one signal."""

from __future__ import annotations

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
