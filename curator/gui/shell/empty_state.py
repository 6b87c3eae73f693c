"""What an empty library shows instead of an empty table: the two ways to fill it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    import_requested = Signal()
    samples_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        heading = QLabel("This library is empty")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        hint = QLabel("Drop seed files or folders anywhere on this window, or:")
        self.import_button = QPushButton("Import seed files…")
        self.import_button.setDefault(True)
        self.samples_button = QPushButton("Open the sample library")
        self.import_button.clicked.connect(self.import_requested)
        self.samples_button.clicked.connect(self.samples_requested)
        for widget in (heading, hint, self.import_button, self.samples_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
