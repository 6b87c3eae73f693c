"""The facet sidebar's tree: how each line (a value, a saved view, a note) looks."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeyEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ...core.facets import TERM_FACETS
from ..widgets.highlight import tooltip_html

KIND = Qt.ItemDataRole.UserRole
"""What a line is: section, find, value, view, more or note."""
FACET = Qt.ItemDataRole.UserRole + 1
VALUE = Qt.ItemDataRole.UserRole + 2


def item_key(item: QTreeWidgetItem) -> tuple[str, str, str]:
    """(kind, facet, value): what a line stands for, kept across refills."""
    return (item.data(0, KIND), item.data(0, FACET), item.data(0, VALUE))


@dataclass(frozen=True)
class FacetRow:
    """One child line of a section, described before it is put into an item."""

    kind: str  # value | view | more | note
    facet: str = ""
    value: str = ""
    text: str = ""
    count: int | None = None
    state: str | None = None  # include | exclude | None; for a view: "current"
    tooltip: str = ""


class FacetTree(QTreeWidget):
    """The sidebar's tree: one section per facet, one line per value; Space and Enter do
    what a click does, Delete asks to delete a saved view."""

    triggered = Signal(QTreeWidgetItem)
    delete_requested = Signal(QTreeWidgetItem)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetTree")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setIndentation(14)
        self.setExpandsOnDoubleClick(False)
        # Clicks change filters, not a selection: a highlighted row would look like a filter.
        self.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setIconSize(QSize(14, 14))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._soften_selection()
        self._icons = self._make_icons()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return,
                                                Qt.Key.Key_Enter):
            self.triggered.emit(item)
            event.accept()
            return
        if item is not None and event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit(item)
            event.accept()
            return
        super().keyPressEvent(event)

    def fill(self, section: QTreeWidgetItem, rows: list[FacetRow]) -> None:
        """Reuse the section's child items (a clicked item must outlive its click)."""
        first = 1 if section.data(0, FACET) in TERM_FACETS else 0
        added: list[QTreeWidgetItem] = []
        for index, row in enumerate(rows, start=first):
            item = section.child(index) if index < section.childCount() else None
            if item is None:
                item = QTreeWidgetItem()
                added.append(item)
            self.apply(item, row)
        # Added in one go: inserted one by one, hundreds of values took most of a second.
        section.addChildren(added)
        while section.childCount() > first + len(rows):
            section.removeChild(section.child(section.childCount() - 1))

    def apply(self, item: QTreeWidgetItem, row: FacetRow) -> None:
        """Put a row into an item: its text, count, tooltip, and the look of its state."""
        item.setData(0, KIND, row.kind)
        item.setData(0, FACET, row.facet)
        item.setData(0, VALUE, row.value)
        item.setText(0, row.text)
        item.setText(1, "" if row.count is None else QLocale().toString(row.count))
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Values and view names are the user's text: never let Qt read them as markup.
        tip = tooltip_html(row.tooltip) if row.tooltip else ""
        item.setToolTip(0, tip)
        item.setToolTip(1, tip)
        font = QFont(self.font())
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.Text)
        count_color = palette.color(QPalette.ColorRole.PlaceholderText)
        icon = self._icons[None]
        selectable = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags = selectable
        accessible = row.text
        if row.kind == "value":
            if row.value == "":
                font.setItalic(True)
            if row.state == "include":
                font.setBold(True)
                text_color = count_color = self._include_color
                icon = self._icons["include"]
                accessible += ", included"
            elif row.state == "exclude":
                font.setStrikeOut(True)
                text_color = count_color = self._exclude_color
                icon = self._icons["exclude"]
                accessible += ", excluded"
            accessible += f", {row.count}"
        elif row.kind == "view":
            if row.state == "current":
                font.setBold(True)
                icon = self._icons["view"]
                accessible += ", shown now"
        elif row.kind == "more":
            text_color = palette.color(QPalette.ColorRole.Link)
        elif row.kind == "note":
            text_color = count_color
            font.setItalic(True)
            flags = Qt.ItemFlag.ItemIsEnabled
        item.setFlags(flags)
        item.setIcon(0, icon)
        item.setFont(0, font)
        count_font = QFont(self.font())
        count_font.setBold(row.state == "include")
        item.setFont(1, count_font)
        item.setForeground(0, QBrush(text_color))
        item.setForeground(1, QBrush(count_color))
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, accessible)

    def _soften_selection(self) -> None:
        """A pale selection, so the include and exclude colours stay readable on it."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        pale = QColor(
            *(round(b * 0.75 + h * 0.25) for b, h in
              zip(base.getRgb()[:3], highlight.getRgb()[:3], strict=True)))
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, pale)
            palette.setColor(group, QPalette.ColorRole.HighlightedText,
                             palette.color(QPalette.ColorRole.Text))
        self.setPalette(palette)
        self._accent = highlight
        dark = base.lightness() < 128
        self._include_color = QColor("#6fcf87" if dark else "#1b6e34")
        self._exclude_color = QColor("#ff8a80" if dark else "#b3261e")

    def _make_icons(self) -> dict[str | None, QIcon]:
        def draw(color: QColor | None, sign: str) -> QIcon:
            ratio = 2
            pixmap = QPixmap(14 * ratio, 14 * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            if color is not None:
                painter = QPainter(pixmap)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                painter.drawRoundedRect(1, 1, 12, 12, 3, 3)
                pen = QPen(QColor("white"), 2)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                if sign in "+−":
                    painter.drawLine(QPointF(4, 7), QPointF(10, 7))
                if sign == "+":
                    painter.drawLine(QPointF(7, 4), QPointF(7, 10))
                if sign == "•":
                    painter.setBrush(QColor("white"))
                    painter.drawEllipse(QPointF(7, 7), 1.5, 1.5)
                painter.end()
            return QIcon(pixmap)

        return {
            "include": draw(self._include_color, "+"),
            "exclude": draw(self._exclude_color, "−"),
            "view": draw(self._accent, "•"),
            None: draw(None, ""),
        }
