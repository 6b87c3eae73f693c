"""The Calibration view: items that say nearly the same thing, side by side with their scores."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.calibration import DEFAULT_SIMILARITY, Group, rescored
from ...core.store import Filter, ItemKey, Library
from ..widgets.highlight import plain_label
from ..widgets.job_runner import JobRunner
from .calibration_dialog import choose_score
from .calibration_models import GroupModel, MemberModel, score_range
from .calibration_worker import CalibrationResult, CalibrationWorker

DEFAULT_THRESHOLD = DEFAULT_SIMILARITY

SetGroupScore = Callable[[list[ItemKey], int], bool]
"""Sets every item named to a score, as one undo step; False if it could not."""

OpenEntry = Callable[[str], None]


class CalibrationView(QWidget):
    """Finds items across entries that say nearly the same thing and shows their scores
    side by side, so that the analyst can make them agree.

    The grouping runs in a thread of its own, over the items of the current filter.
    Call `shutdown()` before the window closes: a running QThread destroyed aborts.
    """

    finished = Signal()
    """Groups were found and are shown."""

    def __init__(self, set_group_score: SetGroupScore, open_entry: OpenEntry,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._set_group_score = set_group_score
        self._open_entry = open_entry
        self._db_path: Path | None = None
        self._filter = Filter()
        self._result: CalibrationResult | None = None
        self._runner = JobRunner("calibration", self)
        self._runner.progress.connect(self._on_progress)
        self._runner.finished.connect(self._on_finished)
        self._runner.cancelled.connect(self._on_cancelled)
        self._runner.failed.connect(self._on_failed)

        self.run_button = QPushButton("Group similar items")
        self.run_button.setToolTip("Find items of the listed entries that say nearly the "
                                   "same thing, and compare their scores")
        self.run_button.clicked.connect(self.run)
        self.threshold = QSpinBox()
        self.threshold.setRange(60, 100)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.threshold.setSuffix(" %")
        self.threshold.setAccessibleName("Similarity")
        self.threshold.setToolTip("How alike two labels must be to group them (100: the "
                                  "same words; lower finds more, and more loosely)")
        similarity = QLabel("Similarity at least")
        similarity.setBuddy(self.threshold)
        self.flagged_only = QCheckBox("Only groups scored 2 or more apart")
        self.flagged_only.toggled.connect(self._show_groups)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.status = plain_label("Group the items of the listed entries to compare the "
                                  "scores of items that say nearly the same thing.",
                                  selectable=False)

        controls = QHBoxLayout()
        controls.addWidget(self.run_button)
        controls.addWidget(similarity)
        controls.addWidget(self.threshold)
        controls.addSpacing(12)
        controls.addWidget(self.flagged_only)
        controls.addStretch(1)
        controls.addWidget(self.progress)
        controls.addWidget(self.cancel_button)

        self.group_model = GroupModel(self)
        self.groups_view = QTableView()
        self.groups_view.setAccessibleName("Groups of similar items")
        self.groups_view.setModel(self.group_model)
        self._setup_table(self.groups_view, stretch=0)
        self.groups_view.selectionModel().currentRowChanged.connect(self._group_changed)
        self.groups_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.groups_view.customContextMenuRequested.connect(self._group_menu)

        self.member_model = MemberModel(self)
        self.members_view = QTableView()
        self.members_view.setAccessibleName("Items of the group")
        self.members_view.setModel(self.member_model)
        self._setup_table(self.members_view, stretch=2)
        self.members_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.group_title = plain_label(selectable=False)
        self.members_view.doubleClicked.connect(lambda index: self.open_entry(index.row()))
        self.members_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.members_view.customContextMenuRequested.connect(self._member_menu)
        self.members_view.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.set_score_button = QPushButton("Set score for the whole group…")
        self.set_score_button.clicked.connect(lambda: self.set_score_for_group())
        self.open_button = QPushButton("Open entry")
        self.open_button.clicked.connect(lambda: self.open_entry())
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_score_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.group_title)
        right_column.addWidget(self.members_view, 1)
        right_column.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.groups_view)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([450, 550])

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        self._update_buttons()

    @staticmethod
    def _setup_table(view: QTableView, stretch: int) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setAlternatingRowColors(True)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)

    # -- public ------------------------------------------------------------------

    def set_library(self, library: Library | None) -> None:
        """Take the library's file for the worker (which opens its own connection)."""
        self.shutdown()
        self._db_path = library.path if library is not None else None
        self._result = None
        self._show_groups()
        self.status.setText("Group the items of the listed entries to compare the scores "
                            "of items that say nearly the same thing."
                            if library is not None else "No library is open.")

    def set_filter(self, flt: Filter) -> None:
        self._filter = flt
        self._update_status()

    def keys_in(self, entry_ids: Iterable[str]) -> frozenset[ItemKey]:
        """The grouped items of these entries: those whose scores a change may have moved."""
        ids = set(entry_ids)
        if self._result is None or not ids:
            return frozenset()
        return frozenset(key for group in self._result.groups for key, _, _ in group.members
                         if key[0] in ids)

    def show_scores(self, scores: dict[ItemKey, int]) -> None:
        """Items' scores as they are now (after an edit, a review or an undo), without
        grouping again."""
        if self._result is None or not scores:
            return
        renewed = {id(group): rescored(group, scores) for group in self._result.groups
                   if any(key in scores for key, _, _ in group.members)}
        if not renewed:
            return
        self._result.groups = [renewed.get(id(group), group) for group in self._result.groups]
        for row, group in enumerate(self.group_model.groups):
            if id(group) in renewed:
                self.group_model.replace(row, renewed[id(group)])
        row = self._current_group_row()
        if row is not None:
            self._show_members(self.group_model.groups[row])
        self._update_status()

    @property
    def running(self) -> bool:
        return self._runner.running

    def run(self) -> None:
        """Group the items of the current filter in the background (again, if running)."""
        if self._db_path is None:
            self.status.setText("No library is open.")
            return
        self._runner.start(CalibrationWorker(self._db_path, self._filter, self.threshold.value()))
        self.progress.setRange(0, 0)
        self.progress.setFormat("Reading items…")
        self.progress.show()
        self.cancel_button.show()
        self.run_button.setEnabled(False)
        self.status.setText("Looking for items that say nearly the same thing…")

    def cancel(self) -> None:
        if self._runner.running:
            self._runner.cancel()
            self.progress.setFormat("Cancelling…")

    def shutdown(self) -> None:
        """Stop the grouping, if running, and wait for its thread; nothing is reported."""
        self._runner.stop()
        self._idle()

    def set_score_for_group(self, value: int | None = None) -> bool:
        """Give every item of the current group one score (asked for when not given)."""
        row = self._current_group_row()
        if row is None:
            return False
        group = self.group_model.groups[row]
        if value is None:
            value = choose_score(self, group)
            if value is None:
                return False
        if not self._set_group_score(group.keys, value):
            return False
        self.show_scores(dict.fromkeys(group.keys, value))
        self.status.setText(f"Set {len(group.members)} items like “{group.label}” to {value}.")
        return True

    def open_entry(self, row: int | None = None) -> None:
        """Open the entry of an item of the group (the current one when not given)."""
        if row is None:
            current = self.members_view.currentIndex()
            row = current.row() if current.isValid() else None
        key = self.member_model.key(row) if row is not None else None
        if key is not None:
            self._open_entry(key[0])

    # -- the worker's reports ------------------------------------------------------------

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, stage: str) -> None:
        if stage == "reading":
            self.progress.setRange(0, 0)
            self.progress.setFormat(f"Reading items… {done:,}")
        elif stage == "preparing":
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.progress.setFormat("Finding labels to compare… %p%")
        else:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.progress.setFormat("Comparing labels… %p%")

    @Slot(object)
    def _on_finished(self, result: CalibrationResult) -> None:
        had_focus = self.isAncestorOf(QApplication.focusWidget())
        self._idle()
        self._result = result
        self._show_groups()
        self._update_status()
        if had_focus:
            # The Group button was disabled while it ran; the results are what comes next.
            self.groups_view.setFocus()
        self.finished.emit()

    @Slot()
    def _on_cancelled(self) -> None:
        self._idle()
        self.status.setText("Grouping cancelled.")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._idle()
        self.status.setText(message)

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.run_button.setEnabled(True)

    # -- showing --------------------------------------------------------------------

    def _shown_groups(self) -> list[Group]:
        if self._result is None:
            return []
        if self.flagged_only.isChecked():
            return [g for g in self._result.groups if g.flagged]
        return self._result.groups

    def _show_groups(self) -> None:
        self.group_model.set_groups(self._shown_groups())
        if self.group_model.rowCount():
            self.groups_view.setCurrentIndex(self.group_model.index(0, 0))
        else:
            self._clear_members()
        self._update_buttons()

    def _update_status(self) -> None:
        result = self._result
        if result is None or self.running:
            return
        flagged = sum(g.flagged for g in result.groups)
        grouped = sum(len(g.members) for g in result.groups)
        if not result.groups:
            text = (f"No groups: no two of the {_count(result.items, 'item')} are "
                    f"{result.threshold:g} % alike or more.")
            if result.items > 1 and result.threshold > self.threshold.minimum():
                text += " Lower the similarity to find looser matches."
        else:
            text = (f"{_count(len(result.groups), 'group')} of similar items ({grouped:,} of "
                    f"{_count(result.items, 'item')}); {flagged:,} scored 2 or more apart"
                    f"{', listed first' if flagged else ''}.")
        if result.filter != self._filter:
            text += " The listed entries have changed since: group again to include them."
        self.status.setText(text)

    def _current_group_row(self) -> int | None:
        index = self.groups_view.currentIndex()
        return index.row() if index.isValid() else None

    def _group_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_members(self.group_model.groups[current.row()])
        else:
            self._clear_members()
        self._update_buttons()

    def _clear_members(self) -> None:
        self.member_model.set_members([], {})
        self.group_title.clear()

    def _show_members(self, group: Group) -> None:
        titles = self._result.titles if self._result is not None else {}
        self.member_model.set_members(group.members, titles)
        self.members_view.setCurrentIndex(self.member_model.index(0, 0))
        scores = score_range(group)
        self.group_title.setText(
            f"“{' '.join(group.label.split())}”: {_count(len(group.members), 'item')}, "
            + (f"all scored {scores}." if group.spread == 0
               else f"scored {scores} ({group.spread} points apart)."))

    def _update_buttons(self, *_args: object) -> None:
        self.set_score_button.setEnabled(self._current_group_row() is not None)
        self.open_button.setEnabled(self.members_view.currentIndex().isValid())

    def _group_menu(self, pos: QPoint) -> None:
        index = self.groups_view.indexAt(pos)
        if not index.isValid():
            return
        self.groups_view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("Set score for the whole group…", lambda: self.set_score_for_group())
        menu.popup(self.groups_view.viewport().mapToGlobal(pos))

    def _member_menu(self, pos: QPoint) -> None:
        index = self.members_view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction("Open entry", lambda row=index.row(): self.open_entry(row))
        menu.addAction("Set score for the whole group…", lambda: self.set_score_for_group())
        menu.popup(self.members_view.viewport().mapToGlobal(pos))


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
