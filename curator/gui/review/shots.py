"""Screenshots of the Duplicates tab and its merge view, for the README."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from ...core import operations as ops
from ...core.store import Filter, Library
from ...core.writer import write_seed
from .duplicates_view import DuplicatesView


def add_planted_duplicates(library: Library) -> None:
    """Two more tellings of the first sample story: the same article from another feed
    (title retyped, link with `www.` and a tracking parameter, one score moved) and a copy
    under another id with a note of its own."""
    first = library.entries.get(library.entries.ids(Filter())[0])
    retold = first.model_copy(update={
        "title": first.title.upper().replace(" AS ", " as ") + "!",
        "url": "https://www.example.org/cool-roofs/?utm_source=feed",
        "signals": [item.model_copy(update={"relevancy": max(1, item.relevancy - 2)})
                    for item in first.signals],
        "keywords": [*first.keywords, "reflective paint"],
    })
    original = first.model_copy(update={"url": "https://example.org/cool-roofs"})
    with tempfile.TemporaryDirectory() as folder:
        for number, (entry_id, entry) in enumerate(
                [(first.id, original), ("c0ffee0000000001", retold)]):
            (Path(folder) / f"{number:03}_{entry_id}.txt").write_text(
                write_seed(entry), encoding="utf-8")
        ops.import_files(library, [folder], overwrite=True)


def duplicates_shot(view: DuplicatesView, output: Path, window: QWidget) -> None:
    """The Duplicates tab with its groups found and the first group in the merge view."""
    loop = QEventLoop()
    view.finished.connect(loop.quit)
    view.run_button.click()
    loop.exec()  # the groups are found on a worker thread
    view.groups_view.setCurrentIndex(view.model.index(0, 0))
    QApplication.processEvents()
    window.grab().save(str(output))
