"""A layout that places widgets left to right and wraps them like words in a paragraph."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to new lines like words in a paragraph."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._height_for: dict[int, int] = {}
        """heightForWidth by width, until the layout changes: each pass of an enclosing
        layout asks again (a detail view of many parts asked some 100 times at start)."""
        self.setContentsMargins(0, 0, 0, 0)

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        placed: list[tuple[QLayoutItem, QRect, int]] = []  # item, place, its line's top
        heights: dict[int, int] = {}
        bound = QSize(max(area.width(), 1), 10**6)
        for item in self._items:
            size = item.sizeHint().boundedTo(bound)
            if x > area.x() and x + size.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            placed.append((item, QRect(x, y, size.width(), size.height()), y))
            x += size.width() + self._gap
            line = max(line, size.height())
            heights[y] = line
        if apply:
            # Centred in their line: a label beside a taller field reads on its text's line.
            for item, place, top in placed:
                item.setGeometry(place.translated(0, (heights[top] - place.height()) // 2))
        return y + line - rect.y() + margins.bottom()

    # Qt layout interface

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width not in self._height_for:
            self._height_for[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return self._height_for[width]

    def invalidate(self) -> None:
        self._height_for.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())
