"""The Summary tab: the entry's summary as paragraphs of plain text."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from ...core.model import Entry
from .marks import MessageLabel, set_invalid
from .tab import EditTab, hint_label
from .validation import FieldError


class SummaryTab(EditTab):
    """A plain text editor; a blank line separates paragraphs, as in the seed file."""

    title = "Summary"
    keys = ("summary",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Summary")
        self.editor.setPlaceholderText("What the source says, in a few paragraphs")
        self.editor.setTabChangesFocus(True)
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(4)
        layout.addWidget(hint_label("A blank line starts a new paragraph."))
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.message)
        self.editor.textChanged.connect(self.changed)

    def load(self, entry: Entry) -> None:
        self.editor.setPlainText(entry.summary)

    def values(self) -> dict[str, Any]:
        return {"summary": self.editor.toPlainText()}

    def show_errors(self, errors: list[FieldError]) -> dict[str, str]:
        message = next((e.message for e in errors if e.loc[:1] == ("summary",)), "")
        set_invalid(self.editor, message)
        self.message.show_message(message)
        return {"summary": message} if message else {}

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
