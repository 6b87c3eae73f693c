"""The edit view's header: the entry's title, what state the edit is in, and its buttons."""

from __future__ import annotations

from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ..widgets.highlight import plain_label, set_label_text
from .marks import MessageLabel

UNTITLED = "Untitled entry"
DONE_KEYS = "Ctrl+W"
"""Done's shortcut, as a document is closed; Esc leaves the editor too. Not Ctrl+Return:
the edit view's tables add a row with it, and one key for two things fires neither."""


class EditHeader(QWidget):
    """Title on top; below it a status line on the left and Discard changes, Done, Save.

    Each button's words say what it does: with unsaved changes, "Revert" beside "Cancel" left
    the analyst guessing which one drops the edits and which one leaves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.state = MessageLabel()
        self.state.setWordWrap(False)  # a few words of ours; wrapping would squeeze them
        self.state.setToolTip("Tabs marked ⚠ hold what has to be fixed before saving")
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save the changes (Ctrl+S)")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("Discard changes")
        self.revert_button.setToolTip("Drop every change since the entry was opened or saved, "
                                      "and stay in the editor")
        self.close_button = QPushButton("Done")

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.state)
        buttons.addStretch(1)  # keeps the buttons at their size while the state line is hidden
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(buttons)

    def set_title(self, text: str) -> None:
        shown = text.strip() or UNTITLED
        set_label_text(self.title, shown)

    def set_state(self, *, loaded: bool, dirty: bool, problems: int, read_only: bool) -> None:
        """Enable the buttons and say in a line what the analyst can do now."""
        editable = loaded and not read_only
        self.save_button.setEnabled(editable and dirty and problems == 0)
        self.revert_button.setEnabled(editable and dirty)
        self.close_button.setEnabled(loaded)
        keys = QKeySequence(DONE_KEYS).toString(QKeySequence.SequenceFormat.NativeText)
        self.close_button.setToolTip(
            ("Close the editor; you will be asked about unsaved changes" if dirty
             else "Close the editor") + f" (Esc or {keys})"
        )
        if not loaded:
            self.state.show_message("")
        elif read_only:
            self.state.show_message("Read-only library: nothing here can be changed.", "warning")
        elif problems:
            noun = "problem" if problems == 1 else "problems"
            self.state.show_message(f"{problems} {noun} to fix", "error")
        elif dirty:
            self.state.show_message("Unsaved changes", "note")
        else:
            self.state.show_message("")
