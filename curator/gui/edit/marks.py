"""How the edit view marks a problem: item roles, colours, invalid fields and message lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

ERROR_ROLE = Qt.ItemDataRole.UserRole + 20
"""A cell's validation message (str), or None when the cell is valid."""
WARNING_ROLE = Qt.ItemDataRole.UserRole + 21
"""A cell's warning (a duplicate keyword): shown, but it does not stop a save."""

ERROR_FILL = QColor(220, 50, 47, 56)
WARNING_FILL = QColor(245, 166, 35, 64)
"""Translucent, so the row's own base shows through on a light or a dark palette."""

TAB_MARK = " ⚠"


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def error_colour(palette: QPalette) -> QColor:
    """A red that reads as text on the palette's background."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#c5221f")


def warning_colour(palette: QPalette) -> QColor:
    return QColor("#ffd27a") if is_dark(palette) else QColor("#8a5a00")


def set_invalid(widget: QWidget, message: str | None) -> None:
    """Mark a field (red border and tint) while `message` says what is wrong with it."""
    invalid = bool(message)
    if widget.property("invalid") == invalid:
        widget.setAccessibleDescription(message or "")
        return
    widget.setProperty("invalid", invalid)
    widget.setAccessibleDescription(message or "")
    if invalid:
        red = error_colour(widget.palette()).name()
        kind = type(widget).__name__
        widget.setStyleSheet(
            f"{kind} {{ border: 1px solid {red}; border-radius: 3px; padding: 2px;"
            f" background: rgba(220, 50, 47, 28); }}"
        )
    else:
        widget.setStyleSheet("")


class MessageLabel(QLabel):
    """A line of plain text under a field or a grid: an error, a warning, or nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        """Show `text` as an "error", a "warning" or a "note"; an empty text hides the line."""
        self.kind = kind if text else ""
        self.setText(text)
        # An empty palette inherits everything; only the text colour is ours.
        palette = QPalette()
        if kind in ("error", "warning"):
            palette = self.palette()
            colour = error_colour(palette) if kind == "error" else warning_colour(palette)
            palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.setPalette(palette)
        self.setVisible(bool(text))
