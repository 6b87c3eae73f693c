"""The small parts review mode is built of: its labels and buttons, large pips, the reason
question."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton, QSizePolicy, QWidget

from ..widgets.cell_delegates import draw_pips, relevancy_colour
from ..widgets.highlight import plain_label

AskReason = Callable[[QWidget], "str | None"]
"""Asks the reason kept with the next score; None when none was given."""

SCORE_BUTTON_STYLE = """
QPushButton#scoreButton {
    border: 1px solid palette(mid); border-radius: 4px; background: palette(button);
}
QPushButton#scoreButton:hover { border-color: palette(highlight); }
QPushButton#scoreButton:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
"""
"""The current score's button stands out on any palette (a native checked button barely does)."""


def ask_reason_dialog(parent: QWidget) -> str | None:
    """The default question for R: one line, attached to the next score given."""
    text, ok = QInputDialog.getText(parent, "Reason",
                                    "Why the new score? It is kept with the change.")
    text = " ".join(text.split())
    return text if ok and text else None


def review_label(text: str = "", *, scale: float = 1.0, bold: bool = False,
                 muted: bool = False, name: str = "") -> QLabel:
    """A label of review mode: plain text, never taking the keys, larger or muted."""
    label = plain_label(text)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the review
    if name:
        label.setObjectName(name)
    font = label.font()
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def review_button(text: str, tip: str) -> QPushButton:
    """A button of review mode: clicked, never focused (the keys stay the review's)."""
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space must keep, not press a button
    return button


class Pips(QWidget):
    """A score as five pips, drawn like the tables' (relevancy_colour), only larger."""

    def __init__(self, size: int = 16, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: int | None = None
        self._size = size
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_value(self, value: int | None) -> None:
        self._value = value
        self.setAccessibleName("no score" if value is None else f"{value} of 5")
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(5 * self._size + 4 * (self._size // 2) + 2, self._size + 2)

    def paintEvent(self, event: object) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        empty = QColor(palette.color(QPalette.ColorRole.Text))
        empty.setAlpha(110)
        value = self._value or 0
        fill = relevancy_colour(palette, value) if value else empty
        edge = relevancy_colour(palette, 5)
        draw_pips(painter, 1, 1, self._size, self._size // 2, value, fill, edge, empty, 1.2)
        painter.end()
