"""Review mode's last page: what the review did (reviewed, changed, skipped, left)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .review_parts import review_button, review_label

ROWS = (("reviewed", "Reviewed"), ("changed", "Score changed"),
        ("unchanged", "Kept as it was"), ("skipped", "Skipped"), ("left", "Not reached"))
"""The counts shown, by the key of ReviewSession.summary(), with their words."""


class ReviewSummary(QWidget):
    """The counts of a review session, and the ways on: the changed items, back, close.

    The review view connects the buttons; this page only shows.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = review_label(scale=1.6, bold=True, name="summaryHeading")
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        for number, (key, text) in enumerate(ROWS):
            value = review_label(scale=1.3, bold=True, name=f"summary_{key}")
            value.setWordWrap(False)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.values[key] = value
            grid.addWidget(value, number, 0)
            name = review_label(text, scale=1.3)
            name.setWordWrap(False)
            grid.addWidget(name, number, 1)
        self.direction = review_label(scale=1.3, muted=True, name="summaryDirection")
        self.direction.setWordWrap(False)
        grid.addWidget(self.direction, 1, 2)
        grid.setColumnStretch(3, 1)
        self.hint = review_label(muted=True)
        self.show_changed_button = review_button("Show the changed items",
                                                 "List them in the Items view")
        self.back_to_items_button = review_button("Back to the last item", "Backspace")
        self.close_button = review_button("Close  Esc", "Leave review mode (Esc or Enter)")
        buttons = QHBoxLayout()
        for button in (self.show_changed_button, self.back_to_items_button, self.close_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 32, 32, 32)
        column.setSpacing(16)
        column.addWidget(self.heading)
        column.addLayout(grid)
        column.addWidget(self.hint)
        column.addLayout(buttons)
        column.addStretch(1)

    def show_summary(self, summary: dict[str, Any], *, ended: bool, can_go_back: bool) -> None:
        """Show a ReviewSession.summary(); `ended`: the analyst stopped it (Esc)."""
        if not summary["total"]:
            heading = "Nothing to review"
        elif ended and summary["left"]:
            heading = "Review stopped"
        else:
            heading = "Review finished"
        self.heading.setText(heading)
        for key, label in self.values.items():
            label.setText(f"{summary[key]:,}")
        self.direction.setText(
            f"({summary['raised']:,} raised, {summary['lowered']:,} lowered)"
            if summary["changed"] else "")
        self.hint.setText(
            "Items skipped or not reached stay unreviewed: “Review these…” with “Leave out "
            "reviewed items” ticked picks up where you left off." if summary["left"]
            or summary["skipped"] else "")
        self.hint.setVisible(bool(self.hint.text()))
        self.show_changed_button.setEnabled(bool(summary["changed"]))
        self.back_to_items_button.setEnabled(can_go_back)
