"""The question calibration asks before scoring a whole group: which one score."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ...core.calibration import Group
from ..widgets.highlight import plain_label


class ScoreDialog(QDialog):
    """Asks for the one score every item of a group should get."""

    def __init__(self, parent: QWidget | None, group: Group) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set score for the whole group")
        question = plain_label(f"Give all {len(group.members)} items like “{group.label}” "
                               "the same score (they are marked reviewed too):",
                               selectable=False)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Score")
        self.choice.addItems([str(score) for score in range(1, 6)])
        # Offer the score most of the group already has (the higher one on a tie).
        counts = Counter(group.scores)
        self.choice.setCurrentIndex(max(counts, key=lambda s: (counts[s], s)) - 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set score")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.choice)
        layout.addWidget(buttons)

    def value(self) -> int:
        return self.choice.currentIndex() + 1


def choose_score(parent: QWidget, group: Group) -> int | None:
    """The score chosen for a group, or None if cancelled. Tests patch this."""
    dialog = ScoreDialog(parent, group)
    try:
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
