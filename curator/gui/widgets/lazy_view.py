"""A tab that builds its view, and imports the view's module, the first time it is needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

View = TypeVar("View", bound=QWidget)


class LazyView(QWidget, Generic[View]):
    """Holds the place of a view in a tab widget; `view()` builds it on first use.

    The Items, Statistics and Calibration tabs cost about 40 ms of start-up between their
    imports (QtCharts, rapidfuzz) and their widgets, yet many sessions never open them.
    """

    def __init__(self, build: Callable[[], View], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._view: View | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._view is not None

    def view(self) -> View:
        if self._view is None:
            self._view = self._build()
            self.layout().addWidget(self._view)
            if self.isVisible():
                self._view.show()
        return self._view

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self.view()
        super().showEvent(event)
