"""The merge view: a group's entries side by side, field by field, with a choice where they
differ (which entry keeps, each field's version, each matched item's score)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.duplicates import FIELDS, MergeChoices, MergePlan, plan_merge
from ...core.duplicates.merge import FIELD_LABELS
from ...core.model import SECTION_TITLES, SECTIONS, Entry
from ...core.store.duplicates import Curation
from ..widgets.highlight import plain_label

MAX_SHOWN_CHARS = 600
"""A version longer than this is cut in its cell (the whole text is in its tooltip)."""


class _Choice(QWidget):
    """A version of a field: a radio button with the value beside it, wrapped; clicking the
    text chooses it too."""

    def __init__(self, value: str, group: QButtonGroup, entry_id: str) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.radio = QRadioButton()
        self.radio.setAccessibleName(f"Keep the version of {entry_id}")
        group.addButton(self.radio)
        shown = value if len(value) <= MAX_SHOWN_CHARS else value[: MAX_SHOWN_CHARS - 1] + "…"
        self.label = plain_label(shown or "(none)", selectable=False)
        if not value:
            self.label.setEnabled(False)
        if shown != value:
            self.label.setToolTip(value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1, Qt.AlignmentFlag.AlignTop)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.radio.setChecked(True)
        super().mousePressEvent(event)


class MergeView(QWidget):
    """Shows entries to merge side by side and gathers the analyst's choices.

    The kept entry's versions are chosen at first; choosing another entry to keep starts
    the choices again from its versions.
    """

    keeper_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.curation: dict[str, Curation] = {}
        self.plan: MergePlan | None = None
        self._keep_group = QButtonGroup(self)
        self._field_groups: dict[str, QButtonGroup] = {}
        self._item_groups: dict[tuple[str, int], QButtonGroup] = {}
        self.heading = plain_label("Choose a group to compare its entries.", selectable=False)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(8)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.grid_host)
        self.united = plain_label(selectable=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.united)

    # -- public ------------------------------------------------------------------

    def set_entries(self, entries: Sequence[Entry], keep_id: str | None,
                    curation: Mapping[str, Curation]) -> None:
        """Show these entries (oldest first), `keep_id` chosen to keep."""
        self.entries = list(entries)
        self.curation = dict(curation)
        if not self.entries:
            self.plan = None
            self._clear()
            self.heading.setText("Choose a group to compare its entries.")
            self.united.clear()
            return
        self._show(keep_id or self.entries[0].id)

    @property
    def keep_id(self) -> str | None:
        return self.plan.keep_id if self.plan is not None else None

    @property
    def other_ids(self) -> list[str]:
        return list(self.plan.other_ids) if self.plan is not None else []

    def set_keeper(self, entry_id: str) -> None:
        if self.plan is not None and entry_id != self.plan.keep_id:
            self._show(entry_id)
            self.keeper_changed.emit(entry_id)

    def choose(self, field: str, entry_id: str) -> None:
        """Keep this entry's version of a field (as the plan names it)."""
        self._check(self._field_groups[field], entry_id)

    def choose_item(self, section: str, position: int, entry_id: str) -> None:
        """Keep this entry's item (and its score) for a matched item of the merged entry."""
        self._check(self._item_groups[(section, position)], entry_id)

    def choices(self) -> MergeChoices:
        """What is chosen now, as the merge operation takes it."""
        return MergeChoices(
            fields={name: self._chosen(group) for name, group in self._field_groups.items()},
            items={key: self._chosen(group) for key, group in self._item_groups.items()})

    # -- building ------------------------------------------------------------------

    def _show(self, keep_id: str) -> None:
        self.plan = plan_merge(self.entries, keep_id)
        self._clear()
        ordered = [e for e in self.entries if e.id == keep_id] + [
            e for e in self.entries if e.id != keep_id]
        self.heading.setText(
            f"{len(ordered)} entries; the kept entry stays, the others are merged into it and "
            "removed (Undo brings them back). Where they differ, choose the version to keep.")
        row = 0
        self._keep_group = QButtonGroup(self)
        for column, entry in enumerate(ordered, start=1):
            keep = QRadioButton("Keep this entry")
            keep.setChecked(entry.id == keep_id)
            keep.toggled.connect(lambda on, i=entry.id: on and self.set_keeper(i))
            self._keep_group.addButton(keep)
            box = QWidget()
            head = QVBoxLayout(box)
            head.setContentsMargins(0, 0, 0, 0)
            title = QLabel(f"<b>{entry.id}</b>")
            title.setTextFormat(Qt.TextFormat.RichText)
            head.addWidget(title)
            head.addWidget(plain_label(entry.title, selectable=False))
            head.addWidget(plain_label(self._curation_text(entry), selectable=False))
            head.addWidget(keep)
            self.grid.addWidget(box, row, column, Qt.AlignmentFlag.AlignTop)
            self.grid.setColumnStretch(column, 1)
        row += 1
        assert self.plan is not None
        differing = {d.field: d for d in self.plan.differences}
        same = [FIELD_LABELS[name] for name in FIELDS if name not in differing]
        for version in self.plan.differences:
            row = self._field_row(row, version.field, version.label, version.values, ordered)
        for match in self.plan.matches:
            if match.kept_score == match.other_score:
                continue
            values = {match.kept_id: str(match.kept_score), match.other_id: str(match.other_score)}
            key = (match.section, match.position)
            label = f"{SECTION_TITLES[match.section].rstrip('s')}: {match.label}"
            if key in self._item_groups:  # a third entry matched the same item
                self._add_choice(self._item_groups[key], row - 1, ordered, match.other_id,
                                 str(match.other_score))
                continue
            group = QButtonGroup(self)
            self._item_groups[key] = group
            self._row_label(row, label, "score")
            for entry_id, value in values.items():
                self._add_choice(group, row, ordered, entry_id, value)
            self._check(group, keep_id if keep_id in values else match.kept_id)
            row += 1
        self.grid.setRowStretch(row, 1)
        self.united.setText(self._united_text(ordered, same))
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Wrapped text is as tall as its width makes it, which a scroll area does not ask:
        # without this the rows would be squeezed over each other rather than scrolled.
        self.grid.activate()
        width = self.scroll.viewport().width()
        height = self.grid.heightForWidth(width) if self.grid.hasHeightForWidth() else -1
        self.grid_host.setMinimumHeight(max(height, self.grid.minimumSize().height()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_height()

    def _field_row(self, row: int, field: str, label: str, values: Mapping[str, Any],
                   ordered: list[Entry]) -> int:
        group = QButtonGroup(self)
        self._field_groups[field] = group
        self._row_label(row, label, "differs")
        for entry in ordered:
            value = values.get(entry.id)
            self._add_choice(group, row, ordered, entry.id, "" if value is None else str(value))
        self._check(group, ordered[0].id)
        return row + 1

    def _row_label(self, row: int, text: str, mark: str) -> None:
        label = plain_label(f"{text} ({mark})", selectable=False)
        label.setStyleSheet("font-weight: bold")
        label.setMaximumWidth(220)
        self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)

    def _add_choice(self, group: QButtonGroup, row: int, ordered: list[Entry], entry_id: str,
                    value: str) -> None:
        column = 1 + [e.id for e in ordered].index(entry_id)
        self.grid.addWidget(_Choice(value, group, entry_id), row, column, Qt.AlignmentFlag.AlignTop)

    def _curation_text(self, entry: Entry) -> str:
        work = self.curation.get(entry.id)
        items = sum(len(entry.items(s)) for s in SECTIONS)
        text = f"{entry.status.value}, {items} items"
        if work is not None:
            text += f", {work.edits} edits, {work.reviewed} reviewed"
        return text

    def _united_text(self, ordered: list[Entry], same: list[str]) -> str:
        plan = self.plan
        assert plan is not None
        matched = len(plan.matches)
        added = sum(len(e.items(s)) for e in ordered[1:] for s in SECTIONS) - matched
        parts = [f"Same in all: {', '.join(same)}." if same else "",
                 "United: keywords, themes and Other's pairs; notes joined; "
                 f"{added} items added, {matched} matched to the kept entry's."]
        return " ".join(part for part in parts if part)

    def _clear(self) -> None:
        self._field_groups.clear()
        self._item_groups.clear()
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once: deletion waits for the event loop
                widget.deleteLater()
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)

    @staticmethod
    def _check(group: QButtonGroup, entry_id: str) -> None:
        for button in group.buttons():
            choice = button.parent()
            if isinstance(choice, _Choice) and choice.entry_id == entry_id:
                button.setChecked(True)
                return
        raise KeyError(entry_id)

    @staticmethod
    def _chosen(group: QButtonGroup) -> str:
        button = group.checkedButton()
        choice = button.parent() if button is not None else None
        assert isinstance(choice, _Choice)
        return choice.entry_id
