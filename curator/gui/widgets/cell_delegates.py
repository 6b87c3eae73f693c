"""How the detail view's table cells are drawn: wrapped, marked text, and relevancy pips."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..browse.section_model import HIGHLIGHT_ROLE, LABEL_ROLE
from .highlight import highlight_colours, text_direction

AnyIndex = QModelIndex | QPersistentModelIndex
"""What Qt hands a delegate as the cell's index."""


def _utf16(text: str, index: int) -> int:
    # Qt counts text positions in UTF-16 units; an emoji is two of them but one Python char.
    return len(text[:index].encode("utf-16-le")) // 2


def _after_utf16(text: str, position: int) -> str:
    return text.encode("utf-16-le")[2 * position :].decode("utf-16-le", errors="ignore")


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    """`a` moved a fraction `t` of the way to `b`."""
    return QColor.fromRgbF(*(x + (y - x) * t
                             for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


def _painted_text(opt: QStyleOptionViewItem) -> QColor:
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    return opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)


class TextDelegate(QStyledItemDelegate):
    """Cell text wrapped between words (inside a word only when it is wider than the
    column), search matches marked, labels ("Change:") dimmed, right-to-left text laid out
    as such, and the last line that fits elided when a cell holds more (its tooltip has it
    all)."""

    PAD_X = 4
    PAD_Y = 2

    @staticmethod
    def _formats(text: str, index: AnyIndex, label_colour: QColor | None = None,
                 palette: QPalette | None = None) -> list[QTextLayout.FormatRange]:
        label = QTextCharFormat()
        label.setFontWeight(QFont.Weight.DemiBold)
        if label_colour is not None:
            label.setForeground(label_colour)
        marked = QTextCharFormat()
        background, foreground = highlight_colours(palette)
        marked.setBackground(background)
        marked.setForeground(foreground)
        ranges = []
        for spans, char_format in ((index.data(LABEL_ROLE), label),
                                   (index.data(HIGHLIGHT_ROLE), marked)):
            for begin, end in spans or ():
                format_range = QTextLayout.FormatRange()
                format_range.start = _utf16(text, begin)
                format_range.length = _utf16(text, end) - format_range.start
                format_range.format = char_format
                ranges.append(format_range)
        return ranges

    @staticmethod
    def _layout(text: str, font: QFont, width: float,
                formats: Sequence[QTextLayout.FormatRange] = ()) -> QTextLayout:
        # QTextLayout starts a new line at a line separator only, not at "\n".
        layout = QTextLayout(text.replace("\n", "\u2028"), font)
        direction = text_direction(text)
        # QTextLayout does not mirror a leading alignment by itself: say which edge.
        edge = (Qt.AlignmentFlag.AlignRight if direction == Qt.LayoutDirection.RightToLeft
                else Qt.AlignmentFlag.AlignLeft)
        option = QTextOption(edge | Qt.AlignmentFlag.AlignAbsolute)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTextDirection(direction)
        layout.setTextOption(option)
        layout.setFormats(list(formats))
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        area = QRectF(opt.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y))
        ink = _painted_text(opt)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ground = opt.palette.color(QPalette.ColorRole.Highlight if selected
                                   else QPalette.ColorRole.Base)
        formats = self._formats(text, index, _blend(ink, ground, 0.4), opt.palette)
        layout = self._layout(text, opt.font, area.width(), formats)
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setPen(ink)
        origin = area.topLeft()
        count = layout.lineCount()

        def bottom(number: int) -> float:
            line = layout.lineAt(number)
            return line.y() + line.height()

        for number in range(count):
            line = layout.lineAt(number)
            if number + 1 == count or bottom(number + 1) <= area.height() + 0.5:
                line.draw(painter, origin)
                continue
            # The last line with room while more text follows: the rest, elided.
            rest = _after_utf16(text, line.textStart()).replace("\n", " ")
            rest = opt.fontMetrics.elidedText(rest, Qt.TextElideMode.ElideRight, int(area.width()))
            self._layout(rest, opt.font, area.width() + 2).draw(
                painter, origin + QPointF(0, line.y()))
            break
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        width = option.rect.width() - 2 * self.PAD_X
        if not isinstance(text, str) or not text or width <= 0:
            return hint
        layout = self._layout(text, option.font, width, self._formats(text, index))
        height = sum(layout.lineAt(n).height() for n in range(layout.lineCount()))
        return QSize(hint.width(), int(height + 0.999) + 2 * self.PAD_Y)


def relevancy_colour(palette: QPalette, value: int) -> QColor:
    """The fill of a score's pips: one hue, from faint at 1 to strongest at 5.

    The palette's highlight at 3, blended toward the background below it and toward the
    text above it, so a higher score stands out more on a light or a dark palette alike
    (and no score reads as a warning, as a red 5 did).
    """
    base = palette.color(QPalette.ColorRole.Base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    ink = palette.color(QPalette.ColorRole.Text)
    step = min(max(value, 1), 5) - 3
    if step <= 0:
        return _blend(accent, base, -step * 0.25)
    return _blend(accent, ink, step * 0.25)


class RelevancyDelegate(QStyledItemDelegate):
    """Relevancy at a glance: five pips, as many filled as the score, stronger as it rises,
    and the score as a number beside them (pips alone are hard to count at a glance, and
    the number is what the keys 1–5 type)."""

    PIP = 10
    GAP = 4
    MARGIN = 6
    NUMBER_GAP = 8
    WIDTH = 2 * MARGIN + 5 * PIP + 4 * GAP + NUMBER_GAP + 8
    """The column width at the usual font; `width_for` measures it for another font."""

    @classmethod
    def width_for(cls, metrics: QFontMetrics) -> int:
        """The width of pips and number in a font: a column never cuts the number off."""
        return 2 * cls.MARGIN + 5 * cls.PIP + 4 * cls.GAP + cls.NUMBER_GAP + \
            metrics.horizontalAdvance("5")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        value = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(value, int):
            return
        ink = _painted_text(opt)
        empty = QColor(ink)
        empty.setAlpha(130)
        if opt.state & QStyle.StateFlag.State_Selected:
            # On the highlight, the highlight's own hue would vanish: the count alone tells.
            fill = edge = ink
        else:
            fill = relevancy_colour(opt.palette, value)
            edge = relevancy_colour(opt.palette, 5)
        line = opt.fontMetrics.height()
        top = opt.rect.top() + 3 + max(0, (line - self.PIP) / 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        right = draw_pips(painter, opt.rect.left() + self.MARGIN, top, self.PIP, self.GAP,
                          value, fill, edge, empty, 1)
        painter.setPen(ink)
        painter.setFont(opt.font)
        painter.drawText(QRectF(right + self.NUMBER_GAP, opt.rect.top() + 3,
                                opt.rect.right() - right - self.NUMBER_GAP, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(value))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(self.width_for(option.fontMetrics), self.PIP + 8)


def draw_pips(painter: QPainter, left: float, top: float, size: int, gap: int, value: int,
              fill: QColor, edge: QColor, empty: QColor, pen: float) -> float:
    """Five circles in a row, the first `value` of them filled: a score at a glance.
    Returns the x where they end."""
    for pip in range(5):
        x = left + pip * (size + gap)
        circle = QRectF(x + 0.5, top + 0.5, size - 1, size - 1)
        if pip < value:
            painter.setPen(QPen(edge, pen))
            painter.setBrush(fill)
        else:
            painter.setPen(QPen(empty, pen))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(circle)
    return left + 5 * size + 4 * gap
