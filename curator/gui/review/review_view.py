"""Review mode: one item at a time, large, with its entry beside it; keys score and move on."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import CuratorError
from ...core.labels import page_label
from ...core.model import COLUMN_FIELDS, SECTION_COLUMNS, Entry, Item
from ...core.review import ReviewSession
from ...core.store import ItemKey, ItemRow, Library
from ..widgets.highlight import set_label_text
from .items_model import section_label
from .review_parts import (
    SCORE_BUTTON_STYLE,
    AskReason,
    Pips,
    ask_reason_dialog,
    review_button,
    review_label,
)
from .review_summary import ReviewSummary

SetRelevancy = Callable[[ItemKey, int, "str | None"], bool]
MarkReviewed = Callable[[ItemKey], None]

FIELD_LABELS = {"name": "Name", "description": "Description", "change": "Change",
                "10-year": "In ten years", "driving-force": "Driving force", "src": "Source"}
"""The item fields shown, by seed column, with the words an analyst reads them by."""

_SCORE_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4,
               Qt.Key.Key_5: 5}
_BACK_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Left)
_KEEP_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class ReviewView(QWidget):
    """Review mode over a list of items; Esc shows what was done, then leaves.

    Keys: 1–5 score and go on, Enter or Space keep and go on (both mark reviewed), S skips
    (not marked), Backspace or Left goes back, R asks a reason for the next score, Esc ends.
    """

    finished = Signal()
    show_items = Signal(object)
    """The keys of the items the review changed, to list them in the Items view."""

    def __init__(self, set_relevancy: SetRelevancy, mark_reviewed: MarkReviewed,
                 parent: QWidget | None = None, ask_reason: AskReason | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._set_relevancy = set_relevancy
        self._mark_reviewed = mark_reviewed
        self._ask_reason = ask_reason or ask_reason_dialog
        self._library: Library | None = None
        self.session: ReviewSession | None = None
        self.pending_reason: str | None = None
        self._acted = False
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_review())
        self.summary = ReviewSummary()
        self.summary.show_changed_button.clicked.connect(self._show_changed)
        self.summary.back_to_items_button.clicked.connect(self.back)
        self.summary.close_button.clicked.connect(self.finished)
        self.pages.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    # -- building --------------------------------------------------------------------

    def _build_review(self) -> QWidget:
        page = QWidget()
        self.position_label = review_label(bold=True, name="reviewPosition")
        self.position_label.setWordWrap(False)  # "Item 8 of 4,529,643" on one line
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.counts_label = review_label(muted=True, name="reviewCounts")
        self.counts_label.setWordWrap(False)
        top = QHBoxLayout()
        top.addWidget(self.position_label)
        top.addWidget(self.progress, 1)
        top.addWidget(self.counts_label)

        # The item, large: what the reviewer judges.
        self.section_label = review_label(muted=True, bold=True, name="reviewSection")
        self.name_label = review_label(scale=1.6, bold=True, name="reviewName")
        self.fields = QGridLayout()
        self.fields.setHorizontalSpacing(12)
        self.fields.setVerticalSpacing(10)
        self.fields.setColumnStretch(1, 1)
        item_box = QVBoxLayout()
        item_box.setSpacing(8)
        item_box.addWidget(self.section_label)
        item_box.addWidget(self.name_label)
        item_box.addLayout(self.fields)
        item_box.addStretch(1)
        item_widget = QWidget()
        item_widget.setLayout(item_box)

        # The entry it comes from: context, smaller and to the side.
        self.entry_heading = review_label("From the entry", muted=True, bold=True)
        self.entry_title = review_label(scale=1.15, bold=True, name="reviewEntryTitle")
        self.entry_page = review_label(muted=True, name="reviewEntryPage")
        self.entry_summary = review_label(name="reviewEntrySummary")
        context_box = QVBoxLayout()
        context_box.setSpacing(6)
        for widget in (self.entry_heading, self.entry_title, self.entry_page,
                       self.entry_summary):
            context_box.addWidget(widget)
        context_box.addStretch(1)
        context = QFrame()
        context.setObjectName("reviewContext")
        context.setFrameShape(QFrame.Shape.StyledPanel)
        context.setLayout(context_box)
        context.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        context.setAutoFillBackground(True)

        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setSpacing(16)
        columns.addWidget(item_widget, 3)
        columns.addWidget(context, 2)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # The score: imported beside the current one, then the latest reason.
        self.imported_pips = Pips(14)
        self.imported_label = review_label(name="reviewImported")
        self.imported_label.setWordWrap(False)
        self.current_pips = Pips(22)
        self.current_label = review_label(scale=1.3, bold=True, name="reviewCurrent")
        self.current_label.setWordWrap(False)
        self.reviewed_label = review_label(muted=True, name="reviewMark")
        self.reviewed_label.setWordWrap(False)
        scores = QHBoxLayout()
        scores.setSpacing(10)
        scores.addWidget(review_label("Now", muted=True, bold=True))
        scores.addWidget(self.current_pips, 0, Qt.AlignmentFlag.AlignVCenter)
        scores.addWidget(self.current_label)
        scores.addSpacing(24)
        scores.addWidget(review_label("Imported", muted=True, bold=True))
        scores.addWidget(self.imported_pips, 0, Qt.AlignmentFlag.AlignVCenter)
        scores.addWidget(self.imported_label)
        scores.addStretch(1)
        scores.addWidget(self.reviewed_label)
        self.reason_label = review_label(name="reviewReason")
        self.pending_label = review_label(name="reviewPending")
        self.message_label = review_label(name="reviewMessage")

        self.score_buttons: list[QPushButton] = []
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for value in range(1, 6):
            button = review_button(str(value), f"Score {value} and go on (key {value})")
            button.setCheckable(True)
            button.setObjectName("scoreButton")
            button.setStyleSheet(SCORE_BUTTON_STYLE)
            button.setMinimumSize(48, 40)
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setBold(True)
            button.setFont(font)
            button.clicked.connect(lambda _=False, v=value: self.score(v))
            self.score_buttons.append(button)
            buttons.addWidget(button)
        buttons.addSpacing(16)
        self.keep_button = review_button("Keep  ⏎", "The score is right: go on (Enter or Space)")
        self.back_button = review_button("Back  ⌫", "The previous item (Backspace or Left)")
        self.skip_button = review_button("Skip  S", "Go on without marking it reviewed (S)")
        self.reason_button = review_button(
            "Reason…  R", "Give a reason, kept with the next score you give (R)")
        self.end_button = review_button("End  Esc", "Stop the review and see what was done (Esc)")
        for button, slot in ((self.keep_button, self.keep), (self.back_button, self.back),
                             (self.skip_button, self.skip), (self.reason_button, self.ask_reason),
                             (self.end_button, self.end)):
            button.setMinimumHeight(40)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)

        bottom = QFrame()
        bottom.setObjectName("reviewScore")
        bottom.setFrameShape(QFrame.Shape.StyledPanel)
        bottom_box = QVBoxLayout(bottom)
        bottom_box.setSpacing(8)
        bottom_box.addLayout(scores)
        bottom_box.addWidget(self.reason_label)
        bottom_box.addWidget(self.pending_label)
        bottom_box.addLayout(buttons)
        bottom_box.addWidget(self.message_label)

        column = QVBoxLayout(page)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(12)
        column.addLayout(top)
        column.addWidget(scroll, 1)
        column.addWidget(bottom)
        return page

    # -- our interface ---------------------------------------------------------------

    def start(self, library: Library, keys: Sequence[ItemKey]) -> None:
        """Begin a review of these items, in this order."""
        self._library = library

        def score_of(key: ItemKey) -> int | None:
            row = library.items.get(key)
            return row.relevancy if row else None

        self.session = ReviewSession(keys, set_relevancy=self._set_relevancy,
                                     mark_reviewed=self._mark_reviewed, score_of=score_of)
        self.pending_reason = None
        self._acted = False
        self._show()
        self.setFocus()

    def refresh(self) -> None:
        """Show the current item again (after an undo, or a change from elsewhere)."""
        if self.session is not None:
            self._show()

    @property
    def on_summary(self) -> bool:
        return self.pages.currentIndex() == 1

    def score(self, value: int) -> None:
        if self.session is None or self.on_summary:
            return
        reason = self.pending_reason
        if not self.session.score(value, reason):
            self._set_message("The score could not be changed; the item stays.")
            return
        self._moved()

    def keep(self) -> None:
        if self.session is not None and not self.on_summary and self.session.keep():
            self._moved()

    def skip(self) -> None:
        if self.session is not None and not self.on_summary and self.session.skip():
            self._moved()

    def back(self) -> None:
        if self.session is not None and self.session.back():
            self.pending_reason = None
            self.pages.setCurrentIndex(0)
            self._show()

    def ask_reason(self) -> None:
        if self.session is None or self.on_summary or self.session.current() is None:
            return
        reason = self._ask_reason(self)
        if reason:
            self.pending_reason = reason
            self._show_pending()
        self.setFocus()

    def end(self) -> None:
        """Esc: show what was done; with nothing done yet, leave at once."""
        if self.session is None or not self._acted:
            self.finished.emit()
            return
        self._show_summary(ended=True)

    # -- Qt interface ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.setFocus()  # the keys are the way to work here: no click needed first

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        modifiers = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                          | Qt.KeyboardModifier.ShiftModifier)
        if modifiers != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
            return
        if self.on_summary:
            if key == Qt.Key.Key_Escape or key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.finished.emit()
            elif key in _BACK_KEYS:
                self.back()
            else:
                super().keyPressEvent(event)
            return
        if key in _SCORE_KEYS:
            self.score(_SCORE_KEYS[key])
        elif key in _KEEP_KEYS:
            self.keep()
        elif key in _BACK_KEYS:
            self.back()
        elif key == Qt.Key.Key_S:
            self.skip()
        elif key == Qt.Key.Key_R:
            self.ask_reason()
        elif key == Qt.Key.Key_Escape:
            self.end()
        else:
            super().keyPressEvent(event)

    # -- showing -------------------------------------------------------------------------

    def _moved(self) -> None:
        self._acted = True
        self.pending_reason = None
        self._set_message("")
        if self.session is not None and self.session.finished:
            self._show_summary(ended=False)
        else:
            self._show()

    def _set_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _show(self) -> None:
        session = self.session
        if session is None or self._library is None:
            return
        if session.finished:
            self._show_summary(ended=False)
            return
        self.pages.setCurrentIndex(0)
        key = session.current()
        assert key is not None
        self._update_counts()
        row = self._library.items.get(key)
        entry: Entry | None = None
        if row is not None:
            try:
                entry = self._library.entries.get(row.entry_id)
            except CuratorError:
                entry = None
        if row is None or entry is None:
            self._show_missing()
            return
        session.original_score(key)  # remembered before any change
        item = entry.items(row.section)[row.position]
        self._show_item(row, item, len(entry.items(row.section)))
        self._show_entry(entry)
        self._show_score(row)
        self._show_pending()
        self.back_button.setEnabled(session.position > 0)

    def _update_counts(self) -> None:
        session = self.session
        assert session is not None
        summary = session.summary()
        total = summary["total"]
        self.position_label.setText(f"Item {min(session.position + 1, total):,} of {total:,}")
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(total - summary["left"])
        parts = [f"{summary['reviewed']:,} reviewed", f"{summary['changed']:,} changed"]
        if summary["skipped"]:
            parts.append(f"{summary['skipped']:,} skipped")
        parts.append(f"{summary['left']:,} left")
        self.counts_label.setText(" · ".join(parts))

    def _show_missing(self) -> None:
        self.section_label.setText("")
        self.name_label.setText("This item is no longer in the library.")
        self._clear_fields()
        for label in (self.entry_title, self.entry_page, self.entry_summary, self.reason_label):
            label.setText("")
        self.current_pips.set_value(None)
        self.imported_pips.set_value(None)
        self.current_label.setText("")
        self.imported_label.setText("")
        self.reviewed_label.setText("")
        self._set_message("Press S to skip it.")

    def _clear_fields(self) -> None:
        while self.fields.count():
            widget = self.fields.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # deleted later; until then it would still be drawn
                widget.deleteLater()

    def _show_item(self, row: ItemRow, item: Item, count: int) -> None:
        self.section_label.setText(
            f"{section_label(row.section).upper()}  {row.position + 1} of {count} in this entry")
        set_label_text(self.name_label, row.label or "(no name)")
        self._clear_fields()
        line = 0
        for column in SECTION_COLUMNS[row.section]:
            if column == "relevancy":
                continue
            value = str(getattr(item, COLUMN_FIELDS[column], "") or "")
            # The heading already shows the name (or, for technologies, the description).
            if not value or value == row.label:
                continue
            self._add_field(FIELD_LABELS.get(column, column), value, line)
            line += 1
        for name, value in item.extra.items():
            if value:
                self._add_field(name, value, line)
                line += 1

    def _add_field(self, name: str, value: str, line: int) -> None:
        title = review_label(name, muted=True, bold=True)
        title.setWordWrap(False)
        title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        text = review_label(scale=1.2)
        set_label_text(text, value)
        self.fields.addWidget(title, line, 0, Qt.AlignmentFlag.AlignTop)
        self.fields.addWidget(text, line, 1)

    def _show_entry(self, entry: Entry) -> None:
        set_label_text(self.entry_title, entry.title)
        page = page_label(entry.page)
        self.entry_page.setText(f"Page {page}" if page else "")
        self.entry_page.setVisible(bool(page))
        set_label_text(self.entry_summary, entry.summary or "(no summary)")

    def _show_score(self, row: ItemRow) -> None:
        assert self._library is not None
        self.current_pips.set_value(row.relevancy)
        self.current_label.setText(str(row.relevancy))
        imported = row.relevancy_imported
        self.imported_pips.set_value(imported)
        if imported is None:
            self.imported_label.setText("none")
        elif imported == row.relevancy:
            self.imported_label.setText(f"{imported}  (unchanged)")
        else:
            way = "raised" if row.relevancy > imported else "lowered"
            self.imported_label.setText(f"{imported}  ({way} since)")
        for value, button in enumerate(self.score_buttons, start=1):
            button.setChecked(value == row.relevancy)
        self.reviewed_label.setText("✓ Reviewed" if row.reviewed else "Not reviewed yet")
        reason = self._library.items.reasons(row.entry_id).get(row.path)
        self.reason_label.setText(f"Last reason: “{reason}”" if reason else "")
        self.reason_label.setVisible(bool(reason))

    def _show_pending(self) -> None:
        reason = self.pending_reason
        self.pending_label.setText(
            f"Reason for the score you give next: “{reason}” — press 1–5" if reason else "")
        self.pending_label.setVisible(bool(reason))

    def _show_summary(self, *, ended: bool) -> None:
        assert self.session is not None
        self.summary.show_summary(self.session.summary(), ended=ended,
                                  can_go_back=self.session.position > 0)
        self.pages.setCurrentIndex(1)
        self.setFocus()

    def _show_changed(self) -> None:
        if self.session is not None:
            self.show_items.emit(self.session.changed_keys())
