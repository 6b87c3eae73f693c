"""How the edit grids draw and edit cells: wrapped text in a multi-line editor, and pips."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen, QValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QPlainTextEdit,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from ...core.messages import bad_relevancy
from ..widgets.cell_delegates import TextDelegate, relevancy_colour
from .grid_model import Index
from .item_model import IMPORTED_VALUE_ROLE, RELEVANCY_VALUE_ROLE
from .marks import ERROR_ROLE, WARNING_ROLE, error_colour, warning_colour

MAX_CELL_LINES = 4
CURRENT_CELL_LINES = 40
"""The current row's cells grow to show this many lines: a whole item's text."""
"""A row grows to show this many lines of its longest cell; the editor shows the rest."""
EDITOR_LINES = 4


def _draw_mark(painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
    # The fill alone can vanish under the selection: a border says it on any background.
    if index.data(ERROR_ROLE):
        colour = error_colour(option.palette)
    elif index.data(WARNING_ROLE):
        colour = warning_colour(option.palette)
    else:
        return
    painter.save()
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(option.rect).adjusted(1, 1, -1.5, -1.5))
    painter.restore()


class TextCellDelegate(TextDelegate):
    """Cells drawn as in the detail view (wrapped, elided, right-to-left where the text is);
    edited in a word-wrapping editor taller than the row, where Enter commits.

    Cells are one line in the entry, so the model turns line breaks into spaces; Enter
    therefore commits rather than starting a new line (Tab moves on, Escape cancels).
    """

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        editor.setTabChangesFocus(True)
        editor.setFrameShape(QPlainTextEdit.Shape.Box)
        editor.document().setDocumentMargin(2)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setPlainText("" if value is None else str(value))  # type: ignore[attr-defined]
        editor.selectAll()  # type: ignore[attr-defined]  # typing over a cell replaces it

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        rect = QRect(option.rect)
        line = option.fontMetrics.lineSpacing()
        rect.setHeight(max(rect.height(), EDITOR_LINES * line + 10))
        rect.setWidth(max(rect.width(), 180))
        area = editor.parentWidget().rect() if editor.parentWidget() else rect
        # Keep the taller editor inside the grid: shift it up or left rather than clip it.
        if rect.bottom() > area.bottom():
            rect.moveBottom(max(area.bottom(), rect.top() + option.rect.height() - 1))
        if rect.right() > area.right():
            rect.moveRight(max(area.right(), rect.left()))
        rect.moveTop(max(rect.top(), area.top()))
        rect.moveLeft(max(rect.left(), area.left()))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                return True
        return super().eventFilter(editor, event)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        _draw_mark(painter, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        line = option.fontMetrics.lineSpacing()
        low, high = line + 2 * self.PAD_Y + 2, MAX_CELL_LINES * line + 2 * self.PAD_Y
        view = option.widget
        if isinstance(view, QAbstractItemView) and view.currentIndex().row() == index.row():
            high = CURRENT_CELL_LINES * line + 2 * self.PAD_Y  # the row being worked on, whole
        return QSize(hint.width(), max(low, min(hint.height(), high)))


def refuse_relevancy(widget: QWidget, at: QPoint, typed: str) -> str:
    """Say why a typed relevancy is refused, in a tooltip at `at` (widget coordinates)
    instead of letting the value snap back without a word; the message said."""
    message = bad_relevancy("", typed)
    QToolTip.showText(widget.mapToGlobal(at), message, widget)
    return message


class RelevancyEditor(QSpinBox):
    """The 1–5 spin box of a relevancy cell, which says why it refuses what was typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(1, 5)
        self.setAccessibleName("Relevancy")
        self.setToolTip("A whole number from 1 to 5")
        self.refusal = ""
        """The last refusal said (empty while the text is acceptable)."""

    def validate(self, text: str, pos: int) -> object:
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid and text.strip():
            self.refusal = refuse_relevancy(self, QPoint(0, self.height()), text.strip())
        elif state == QValidator.State.Acceptable:
            self.refusal = ""
        return result


class RelevancyDelegate(QStyledItemDelegate):
    """Relevancy as five pips (click one to set it), the imported value beside a changed
    one, and a 1–5 spin box to edit it from the keyboard."""

    PIP = 10
    GAP = 4
    MARGIN = 6

    NUMBER_ROOM = 18
    """The score as a number beside the pips (easier to read than counting them)."""

    def pips_width(self) -> int:
        """The pips and the number beside them."""
        return self.MARGIN + 5 * self.PIP + 4 * self.GAP + self.NUMBER_ROOM

    def pip_at(self, rect: QRect, x: float) -> int | None:
        """The score (1–5) of the pip under `x`, or None."""
        offset = x - rect.left() - self.MARGIN + self.GAP / 2
        if offset < 0:
            return None
        pip = int(offset // (self.PIP + self.GAP))
        return pip + 1 if pip < 5 else None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        value: Any = index.data(RELEVANCY_VALUE_ROLE)
        was = index.data(IMPORTED_VALUE_ROLE)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ink = opt.palette.color(role)
        line = opt.fontMetrics.height()
        text_rect = QRect(opt.rect.left() + self.MARGIN, opt.rect.top() + 2,
                          opt.rect.width() - self.MARGIN, line)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(opt.font)
        if isinstance(value, int) and 1 <= value <= 5:
            self._draw_pips(painter, opt, value, ink, selected)
            painter.setPen(ink)
            painter.drawText(text_rect.adjusted(self.pips_width() - self.NUMBER_ROOM + 2, 0, 0, 0),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             str(value))
            if was is not None and was != value:
                faint = QPalette(opt.palette).color(QPalette.ColorRole.PlaceholderText)
                painter.setPen(ink if selected else faint)
                painter.drawText(
                    text_rect.adjusted(self.pips_width(), 0, 0, 0),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    f"was {was}",
                )
        else:
            # Out of range, stray text or not set yet: say so in words, not pips.
            shown = "choose 1–5" if value is None else index.data(Qt.ItemDataRole.DisplayRole)
            painter.setPen(ink if selected else error_colour(opt.palette))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             shown)
        painter.restore()
        _draw_mark(painter, option, index)

    def _draw_pips(self, painter: QPainter, opt: QStyleOptionViewItem, value: int, ink: QColor,
                   selected: bool) -> None:
        empty = QColor(ink)
        empty.setAlpha(130)
        fill = ink if selected else relevancy_colour(opt.palette, value)
        edge = ink if selected else relevancy_colour(opt.palette, 5)
        top = opt.rect.top() + 2 + max(0, (opt.fontMetrics.height() - self.PIP) / 2)
        for pip in range(5):
            x = opt.rect.left() + self.MARGIN + pip * (self.PIP + self.GAP)
            circle = QRectF(x + 0.5, top + 0.5, self.PIP - 1, self.PIP - 1)
            painter.setPen(QPen(edge if pip < value else empty, 1))
            painter.setBrush(fill if pip < value else Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        was = option.fontMetrics.horizontalAdvance(" was 5 ")
        return QSize(self.pips_width() + was + self.MARGIN, option.fontMetrics.height() + 6)

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: Index) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and index.flags() & Qt.ItemFlag.ItemIsEditable
        ):
            pip = self.pip_at(option.rect, event.position().x())
            pips_bottom = option.rect.top() + option.fontMetrics.height() + 6
            if pip is not None and event.position().y() < pips_bottom:
                model.setData(index, pip, Qt.ItemDataRole.EditRole)
                return True
        return super().editorEvent(event, model, option, index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return RelevancyEditor(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(RELEVANCY_VALUE_ROLE)
        editor.setValue(value if isinstance(value, int) and 1 <= value <= 5 else 3)  # type: ignore[attr-defined]
        editor.selectAll()  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        editor.interpretText()  # type: ignore[attr-defined]
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        rect = QRect(option.rect)
        rect.setHeight(max(rect.height(), editor.sizeHint().height()))
        editor.setGeometry(rect)
