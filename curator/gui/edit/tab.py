"""What every part of the edit view does: load, give back its values, show its problems."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Entry
from ..widgets.highlight import plain_label
from .marks import MessageLabel
from .validation import FieldError


class EditTab(QWidget):
    """One tab of the edit view, owning some of the entry's fields (`keys`)."""

    changed = Signal()
    """The analyst changed something here; the view checks the entry again shortly."""

    title = ""
    keys: tuple[str, ...] = ()

    def load(self, entry: Entry) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        """The owned fields as the entry model takes them."""
        raise NotImplementedError

    def snapshot(self) -> Any:  # noqa: ANN401
        """What the analyst sees, to tell whether anything changed since loading."""
        return self.values()

    def problems(self) -> list[FieldError]:
        """What is wrong that the entry model cannot see (the dict it gets hides it)."""
        return []

    def show_errors(self, errors: list[FieldError]) -> dict[str, str]:
        """Mark each problem where it is; the error map (path → message) it showed."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        """Write an open cell editor's text into its grid."""

    def take_focus(self) -> None:
        """Focus the tab's first field; a grid at its current cell (the first one when none).
        Chosen by keyboard, a section is for typing in: its row buttons and the area that
        scrolls it are passed over."""
        widget: QWidget | None = self.nextInFocusChain()
        while widget is not None and widget is not self and self.isAncestorOf(widget):
            if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled()
                    and not isinstance(widget, (QAbstractButton, QScrollArea))):
                if isinstance(widget, QTableView) and not widget.currentIndex().isValid():
                    if widget.model().rowCount() > 0:
                        widget.setCurrentIndex(widget.model().index(0, 0))
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()


def field_with_message(field: QWidget) -> tuple[QWidget, MessageLabel]:
    """The field with a message line under it, as one widget for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    message = MessageLabel()
    layout.addWidget(message)
    return box, message


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless area that scrolls up and down, never sideways."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


def hint_label(text: str) -> QLabel:
    """A quiet line of help (our own words, shown as plain text all the same)."""
    label = plain_label(text, selectable=False)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
