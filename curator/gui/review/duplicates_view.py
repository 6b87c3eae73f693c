"""The Duplicates view: groups of entries that are probably one story, found on a worker
thread, and the merge view beside them to merge a group or mark it "not duplicates"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import operations as ops
from ...core.duplicates import (
    DEFAULT_THRESHOLD,
    SAME_LINK,
    SAME_TITLE,
    choose_keeper,
    sure_groups,
)
from ...core.operations import Change
from ...core.store import Filter, Library
from ..widgets import ask
from ..widgets.highlight import plain_label
from ..widgets.job_runner import JobRunner
from .duplicates_groups import GroupModel
from .duplicates_worker import DuplicatesResult, DuplicatesWorker
from .merge_view import MergeView
from .not_duplicates_dialog import show_not_duplicates

STAGES = {"reading": "Reading entries…", "comparing": "Comparing titles… %p%",
          "scoring": "Comparing summaries… %p%"}

Run = Callable[..., "Change | None"]
"""`run(title, operation, *args)`: runs a core operation as one undo step (the window's
`ops.run`); None when it was refused (the reason shown under `title`)."""
OpenEntry = Callable[[str], None]


class DuplicatesView(QWidget):
    """Finds groups of probable duplicates and merges them, one at a time or in a batch.

    Call `shutdown()` before the window closes: a running QThread destroyed aborts.
    """

    finished = Signal()
    """Groups were found and are shown."""

    def __init__(self, run: Run, open_entry: OpenEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._open_entry = open_entry
        self._library: Library | None = None
        self._filter = Filter()
        self._result: DuplicatesResult | None = None
        self._runner = JobRunner("duplicates", self)
        self._runner.progress.connect(self._on_progress)
        self._runner.finished.connect(self._on_finished)
        self._runner.cancelled.connect(self._on_cancelled)
        self._runner.failed.connect(self._on_failed)

        self.run_button = QPushButton("Find duplicates")
        self.run_button.clicked.connect(self.run)
        self.scope = QComboBox()
        self.scope.addItems(["Listed entries", "Whole library"])
        self.scope.setAccessibleName("Look among")
        self.threshold = QSpinBox()
        self.threshold.setRange(50, 100)
        self.threshold.setValue(int(DEFAULT_THRESHOLD))
        self.threshold.setSuffix(" %")
        self.threshold.setAccessibleName("Similarity")
        self.threshold.setToolTip("How alike title and summary must be to group entries "
                                  "(same link and same title always group)")
        similarity = QLabel("Similarity at least")
        similarity.setBuddy(self.threshold)
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.marks_button = QPushButton("Not duplicates…")
        self.marks_button.setToolTip("The pairs marked as not duplicates, to unmark")
        self.marks_button.clicked.connect(self.show_marks)
        controls = QHBoxLayout()
        for widget in (self.run_button, self.scope, similarity, self.threshold):
            controls.addWidget(widget)
        controls.addStretch(1)
        for widget in (self.progress, self.cancel_button, self.marks_button):
            controls.addWidget(widget)
        self.status = plain_label("Find entries that are probably one story: the same link, "
                                  "the same title, or a similar title and summary.",
                                  selectable=False)

        self.model = GroupModel(self)
        self.groups_view = QTableView()
        self.groups_view.setAccessibleName("Groups of duplicates")
        self.groups_view.setModel(self.model)
        self.groups_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.groups_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.groups_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.groups_view.setWordWrap(False)
        self.groups_view.verticalHeader().hide()
        self.groups_view.setAlternatingRowColors(True)
        header = self.groups_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.groups_view.selectionModel().currentRowChanged.connect(self._group_changed)
        self.batch_link = QPushButton("Merge all same-link groups…")
        self.batch_link.clicked.connect(lambda: self.merge_batch(SAME_LINK))
        self.batch_title = QPushButton("Merge all same-title groups…")
        self.batch_title.clicked.connect(lambda: self.merge_batch(SAME_TITLE))
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.groups_view, 1)
        batch = QHBoxLayout()
        batch.addWidget(self.batch_link)
        batch.addWidget(self.batch_title)
        batch.addStretch(1)
        left_column.addLayout(batch)

        self.merge_view = MergeView()
        self.merge_button = QPushButton("Merge into the kept entry")
        self.merge_button.setDefault(True)
        self.merge_button.clicked.connect(lambda: self.merge_current())
        self.not_duplicates_button = QPushButton("Not duplicates")
        self.not_duplicates_button.setToolTip("Never group these entries again (can be undone)")
        self.not_duplicates_button.clicked.connect(lambda: self.mark_current())
        self.open_button = QPushButton("Open kept entry")
        self.open_button.clicked.connect(self._open_kept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.not_duplicates_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.merge_view, 1)
        right_column.addLayout(buttons)

        # Above and below, not side by side: the merge view needs the width for its
        # columns, one per entry, and the groups' titles read best on one long line.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([220, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        self._update_buttons()

    # -- public ------------------------------------------------------------------

    def set_library(self, library: Library | None) -> None:
        self.shutdown()
        self._library = library
        self._result = None
        self.model.set_groups([], {})
        self.merge_view.set_entries([], None, {})
        self.status.setText("Find entries that are probably one story: the same link, the "
                            "same title, or a similar title and summary."
                            if library is not None else "No library is open.")
        self._update_buttons()

    def set_filter(self, flt: Filter) -> None:
        self._filter = flt

    def refresh(self) -> None:
        """The library changed (an edit, an undo, an import): drop groups of entries that
        are gone, and show the current group's entries as they are now."""
        if self._library is None or not self.model.groups:
            return
        present = self._library.duplicates.titles(i for g in self.model.groups for i in g.ids)
        self.model.titles.update(present)
        gone = {row for row, group in enumerate(self.model.groups)
                if sum(i in present for i in group.ids) < 2}
        current = self._current_row()
        self.model.remove(gone)
        if current is not None and current not in gone:
            self._show_group(self._current_row())
        self._update_buttons()

    @property
    def running(self) -> bool:
        return self._runner.running

    def run(self) -> None:
        """Find the groups in the background (again, if running)."""
        if self._library is None:
            self.status.setText("No library is open.")
            return
        flt = self._filter if self.scope.currentIndex() == 0 else None
        self._runner.start(
            DuplicatesWorker(self._library.path, flt, float(self.threshold.value())))
        self.progress.setRange(0, 0)
        self.progress.setFormat(STAGES["reading"])
        self.progress.show()
        self.cancel_button.show()
        self.run_button.setEnabled(False)
        self.status.setText("Looking for entries that are one story…")

    def cancel(self) -> None:
        if self._runner.running:
            self._runner.cancel()
            self.progress.setFormat("Cancelling…")

    def shutdown(self) -> None:
        """Stop the finder, if running, and wait for its thread; nothing is reported."""
        self._runner.stop()
        self._idle()

    def merge_current(self) -> bool:
        """Merge the current group as chosen in the merge view (one undo step)."""
        keep, others = self.merge_view.keep_id, self.merge_view.other_ids
        if keep is None or not others:
            return False
        change = self._run("Cannot merge", ops.merge, keep, others, self.merge_view.choices())
        if change is None:
            return False
        self.status.setText(f"Merged {len(others)} entries into {keep} (Undo brings them "
                            "back).")
        self.refresh()
        return True

    def mark_current(self) -> bool:
        """Mark the current group's entries as not duplicates: never grouped again."""
        row = self._current_row()
        if row is None:
            return False
        group = self.model.groups[row]
        if self._run("Cannot mark", ops.mark_not_duplicates, group.ids) is None:
            return False
        self.model.remove({row})
        self._show_group(self._current_row())
        self.status.setText(f"Marked {len(group.ids)} entries as not duplicates.")
        return True

    def merge_batch(self, reason: str) -> bool:
        """Merge every group joined by `reason` alone into its most curated entry, after a
        confirmation; one undo step."""
        sure = sure_groups(self.model.groups, reason)
        if not sure:
            self.status.setText(f"No group is joined by the {reason} alone.")
            return False
        entries = sum(len(g.ids) for g in sure)
        if not ask.confirm(self, "Merge groups",
                           f"Merge {_count(len(sure), 'group')} with the {reason} "
                           f"({entries:,} entries) "
                           "into one entry each? Each keeps its most curated entry (most "
                           "edits, reviewed items and status, then the oldest). "
                           "Undo brings them all back.", "Merge"):
            return False
        if self._run("Cannot merge", ops.merge_groups, [g.ids for g in sure]) is None:
            return False
        self.status.setText(f"Merged {_count(len(sure), 'group')} ({entries:,} entries).")
        self.refresh()
        return True

    def show_marks(self) -> None:
        if self._library is not None:
            show_not_duplicates(self, self._library, self._run)

    # -- the worker's reports ------------------------------------------------------------

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, stage: str) -> None:
        if stage == "reading" or not total:
            self.progress.setRange(0, 0)
            self.progress.setFormat(f"Reading entries… {done:,}")
        else:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(STAGES.get(stage, "%p%"))

    @Slot(object)
    def _on_finished(self, result: DuplicatesResult) -> None:
        self._idle()
        self._result = result
        self.model.set_groups(result.groups, result.titles)
        grouped = sum(len(g.ids) for g in result.groups)
        where = "the whole library" if result.filter is None else "the listed entries"
        self.status.setText(
            f"{_count(len(result.groups), 'group')} of probable duplicates ({grouped:,} of "
            f"{result.entries:,} entries in {where})." if result.groups else
            f"No duplicates among the {result.entries:,} entries of {where}.")
        if result.groups:
            self.groups_view.setCurrentIndex(self.model.index(0, 0))
        self._update_buttons()
        self.finished.emit()

    @Slot()
    def _on_cancelled(self) -> None:
        self._idle()
        self.status.setText("Finding duplicates cancelled.")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._idle()
        self.status.setText(message)

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.run_button.setEnabled(True)

    # -- showing --------------------------------------------------------------------

    def _current_row(self) -> int | None:
        index = self.groups_view.currentIndex()
        return index.row() if index.isValid() else None

    def _group_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_group(current.row() if current.isValid() else None)

    def _show_group(self, row: int | None) -> None:
        library = self._library
        if row is None or library is None or row >= len(self.model.groups):
            self.merge_view.set_entries([], None, {})
        else:
            ids = [i for i in self.model.groups[row].ids if library.entries.has(i)]
            curation = library.duplicates.curation(ids)
            keep = choose_keeper(curation) if curation else None
            self.merge_view.set_entries([library.entries.get(i) for i in ids], keep, curation)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_group = self.merge_view.keep_id is not None
        writable = self._library is not None and not self._library.read_only
        self.merge_button.setEnabled(has_group and writable)
        self.not_duplicates_button.setEnabled(has_group and writable)
        self.open_button.setEnabled(has_group)
        self.batch_link.setEnabled(bool(self.model.groups) and writable)
        self.batch_title.setEnabled(bool(self.model.groups) and writable)

    def _open_kept(self) -> None:
        if self.merge_view.keep_id is not None:
            self._open_entry(self.merge_view.keep_id)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
