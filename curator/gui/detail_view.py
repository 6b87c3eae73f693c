"""The read-only detail view of one entry: its text, terms, link and scored tables."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.model import SECTION_COLUMNS, SECTION_TITLES, SECTIONS, Entry, ExtraSection, Item, is_web_url

PLACEHOLDER = "Select an entry to read it"
EDIT_TOOLTIP = "Edit (Ctrl+E)"

HIGHLIGHT_BACKGROUND = QColor("#ffe066")
HIGHLIGHT_FOREGROUND = QColor("#1a1a1a")
"""Search matches: a marker yellow with dark text, readable on light and dark palettes."""

PIP_COLOURS = {1: "#9aa0a6", 2: "#4a90d9", 3: "#2bb673", 4: "#f5a623", 5: "#e8543b"}
"""Relevancy 1 (grey, barely) to 5 (warm red, most): a colour per score, legible on both
light and dark backgrounds."""

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
IMPORTED_ROLE = Qt.ItemDataRole.UserRole + 2
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 3
"""The (start, end) spans of a cell's text that match the search."""

MAX_FITTED_ROWS = 15
"""Tables grow to show this many rows; longer ones scroll inside."""
WRAP_ROW_LIMIT = 200
"""Above this many rows, rows keep one line (elided) instead of being measured one by one."""
MAX_ROW_LINES = 8
MAX_CHIP_CHARS = 60
LONG_WORD = 30

_COLUMN_TITLES = {
    "name": "Name",
    "description": "Description",
    "change": "Change",
    "10-year": "10-year",
    "driving-force": "Driving force",
    "relevancy": "Relevancy",
    "src": "Source",
}
_FIELD_OF_COLUMN = {"10-year": "ten_year", "driving-force": "driving_force"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- Search words and highlighting -------------------------------------------------------


def _is_token_char(ch: str) -> bool:
    # What SQLite's unicode61 tokenizer keeps in a token: letters, numbers, marks, private use.
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def _fold(ch: str) -> str:
    # unicode61 with remove_diacritics folds accents off Latin-like letters only; marks of
    # other scripts (Devanagari vowel signs, Arabic harakat) stay part of the word.
    decomposed = unicodedata.normalize("NFD", ch)
    if len(decomposed) > 1 and ord(decomposed[0]) < 0x0250:
        return decomposed[0].casefold()
    return ch.casefold()


def search_words(search: str) -> list[str]:
    """The folded words of a search, as the library's FTS query sees them.

    Whitespace separates words (as in `fts_query`); quotes and other punctuation inside a
    word separate its tokens, as the tokenizer does, so each token is matched as a prefix.
    """
    words: list[str] = []
    for raw in search.replace("\x00", " ").split():
        token = ""
        for ch in raw:
            if _is_token_char(ch):
                token += _fold(ch)
            elif token:
                words.append(token)
                token = ""
        if token:
            words.append(token)
    return list(dict.fromkeys(words))


def match_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where in `text` a word starts a token, case- and accent-insensitively (FTS prefix)."""
    if not words or not text:
        return []
    folded: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        piece = _fold(ch)
        folded.append(piece)
        origin.extend([index] * len(piece))
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = haystack.find(word)
        while start != -1:
            if start == 0 or not _is_token_char(haystack[start - 1]):
                spans.append((origin[start], origin[start + len(word) - 1] + 1))
            start = haystack.find(word, start + 1)
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def highlighted_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` as HTML, every character escaped, with the spans marked."""
    style = (
        f"background-color:{HIGHLIGHT_BACKGROUND.name()};"
        f"color:{HIGHLIGHT_FOREGROUND.name()}"
    )
    parts: list[str] = []
    last = 0
    for begin, end in spans:
        parts.append(html.escape(text[last:begin]))
        parts.append(f'<span style="{style}">{html.escape(text[begin:end])}</span>')
        last = end
    parts.append(html.escape(text[last:]))
    return "".join(parts).replace("\n", "<br>")


def tooltip_html(text: str) -> str:
    """A tooltip that shows `text` literally: QToolTip renders anything that looks like HTML."""
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'


def _breakable(text: str) -> str:
    # A very long word (a hash, a pasted path) would force the view wider than the window:
    # give it invisible break opportunities.
    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return "\u200b".join(word[i : i + 20] for i in range(0, len(word), 20))

    return re.sub(r"\S{%d,}" % LONG_WORD, split, text)


def text_direction(text: str) -> Qt.LayoutDirection:
    """The direction of the first strong character, as the Unicode bidi algorithm picks it."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def set_label_text(label: QLabel, text: str, words: Sequence[str] = ()) -> None:
    """Show entry text literally; rich text (fully escaped) only to mark search matches."""
    shown = _breakable(text)
    spans = match_spans(shown, words)
    if spans:
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setText(f'<div style="white-space:pre-wrap">{highlighted_html(shown, spans)}</div>')
    else:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(shown)
    label.setLayoutDirection(text_direction(text))


def page_text(page: str) -> str:
    """A scan page as a date ("17 Dec 2022") when it is a valid YYYYMMDD, else as it is."""
    if len(page) == 8 and page.isascii() and page.isdigit():
        try:
            day = date(int(page[:4]), int(page[4:6]), int(page[6:]))
        except ValueError:
            return page
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return page


# --- Tables ------------------------------------------------------------------------------


class SectionTableModel(QAbstractTableModel):
    """The rows of one table of the entry on screen.

    Unlike the library's entry list this model holds its rows: they are one entry's items
    (at most a few thousand), read-only here, and rebuilt whenever another entry is shown.
    """

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str | int]],
        *,
        relevancy_column: int | None = None,
        imported: Sequence[int | None] = (),
        words: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows = [list(row) for row in rows]
        self.relevancy_column = relevancy_column
        self.imported = list(imported) or [None] * len(self.rows)
        self.highlights: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                spans = match_spans(cell, words) if isinstance(cell, str) else []
                if spans:
                    self.highlights[r, c] = spans

    def relevancy_tooltip(self, row: int) -> str:
        value = self.rows[row][self.relevancy_column]  # type: ignore[index]
        text = f"Relevancy {value} of 5"
        imported = self.imported[row]
        if imported is not None and imported != value:
            text += f" (imported: {imported})"
        return text

    # Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        cell = self.rows[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell
        if role == SORT_ROLE:
            return cell if isinstance(cell, int) else cell.casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.relevancy_column:
                return self.relevancy_tooltip(row)
            return tooltip_html(cell) if cell else None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.relevancy_column:
            return self.relevancy_tooltip(row)
        if role == IMPORTED_ROLE and column == self.relevancy_column:
            return self.imported[row]
        if role == HIGHLIGHT_ROLE:
            return self.highlights.get((row, column))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:  # extra column names come from the file
                return tooltip_html(self.headers[section])
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def section_model(
    section: str, items: Sequence[Item], words: Sequence[str] = (), parent: QWidget | None = None
) -> SectionTableModel:
    """A table of one of the five scored sections: its known columns, relevancy, extras."""
    columns = [c for c in SECTION_COLUMNS[section] if c not in ("relevancy", "src")]
    columns.append("relevancy")
    columns += [c for c in SECTION_COLUMNS[section] if c == "src"]
    extra: dict[str, None] = {}
    for item in items:
        extra.update(dict.fromkeys(item.extra))
    rows: list[list[str | int]] = []
    for item in items:
        row: list[str | int] = [
            getattr(item, _FIELD_OF_COLUMN.get(column, column)) for column in columns
        ]
        rows.append(row + [item.extra.get(name, "") for name in extra])
    return SectionTableModel(
        [_COLUMN_TITLES[c] for c in columns] + list(extra),
        rows,
        relevancy_column=columns.index("relevancy"),
        imported=[item.relevancy_imported for item in items],
        words=words,
        parent=parent,
    )


def extra_section_model(
    section: ExtraSection, words: Sequence[str] = (), parent: QWidget | None = None
) -> SectionTableModel:
    """A section Curator does not know, as a plain table (a bullet list has one column)."""
    headers = section.columns or [section.name]
    return SectionTableModel(headers, section.rows, words=words, parent=parent)


class TextDelegate(QStyledItemDelegate):
    """Cell text wrapped (breaking long words rather than hiding them), search matches
    marked word by word, right-to-left text laid out as such, and the last line that fits
    elided when a cell holds more (its tooltip has it all)."""

    PAD_X = 4
    PAD_Y = 2

    def _layout(self, text: str, font: QFont, width: float, spans: Sequence[tuple[int, int]] = ()) -> QTextLayout:
        layout = QTextLayout(text, font)
        direction = text_direction(text)
        # QTextLayout does not mirror a leading alignment by itself: say which edge.
        edge = Qt.AlignmentFlag.AlignRight if direction == Qt.LayoutDirection.RightToLeft else Qt.AlignmentFlag.AlignLeft
        option = QTextOption(edge | Qt.AlignmentFlag.AlignAbsolute)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTextDirection(direction)
        layout.setTextOption(option)
        if spans:
            marked = QTextCharFormat()
            marked.setBackground(HIGHLIGHT_BACKGROUND)
            marked.setForeground(HIGHLIGHT_FOREGROUND)
            ranges = []
            for begin, end in spans:
                format_range = QTextLayout.FormatRange()
                format_range.start, format_range.length, format_range.format = begin, end - begin, marked
                ranges.append(format_range)
            layout.setFormats(ranges)
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

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        area = QRectF(opt.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y))
        spans = index.data(HIGHLIGHT_ROLE) or ()
        layout = self._layout(text, opt.font, area.width(), spans)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setPen(opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ))
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
            rest = opt.fontMetrics.elidedText(
                text[line.textStart():], Qt.TextElideMode.ElideRight, int(area.width())
            )
            self._layout(rest, opt.font, area.width() + 2).draw(painter, origin + QPointF(0, line.y()))
            break
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        width = option.rect.width() - 2 * self.PAD_X
        if not isinstance(text, str) or not text or width <= 0:
            return hint
        layout = self._layout(text, option.font, width)
        height = sum(layout.lineAt(n).height() for n in range(layout.lineCount()))
        return QSize(hint.width(), int(height + 0.999) + 2 * self.PAD_Y)


class RelevancyDelegate(QStyledItemDelegate):
    """Relevancy at a glance: five pips, as many filled as the score, coloured by it."""

    PIP = 10
    GAP = 4
    MARGIN = 6

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        value = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(value, int):
            return
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        empty = QColor(opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ))
        empty.setAlpha(130)
        colour = QColor(PIP_COLOURS.get(value, PIP_COLOURS[1]))
        rect: QRect = opt.rect
        line = opt.fontMetrics.height()
        top = rect.top() + 3 + max(0, (line - self.PIP) / 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for pip in range(5):
            x = rect.left() + self.MARGIN + pip * (self.PIP + self.GAP)
            circle = QRectF(x + 0.5, top + 0.5, self.PIP - 1, self.PIP - 1)
            if pip < value:
                painter.setPen(QPen(colour.darker(130), 1))
                painter.setBrush(colour)
            else:
                painter.setPen(QPen(empty, 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(2 * self.MARGIN + 5 * self.PIP + 4 * self.GAP, self.PIP + 8)


class SectionTable(QTableView):
    """A table as tall as its rows (up to MAX_FITTED_ROWS), columns sharing the width."""

    def __init__(self, model: SectionTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = model
        model.setParent(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setItemDelegate(TextDelegate(self))
        if model.relevancy_column is not None:
            self.setItemDelegateForColumn(model.relevancy_column, RelevancyDelegate(self))
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # file order until clicked
        self.setSortingEnabled(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.fits_all = model.rowCount() <= MAX_FITTED_ROWS
        self.wraps = model.rowCount() <= WRAP_ROW_LIMIT
        self.setWordWrap(self.wraps)
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if self.fits_all
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOn  # a steady width for the columns
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._weights = self._column_weights()
        self._floors = self._column_floors()
        self.proxy.layoutChanged.connect(self.fit_rows)
        self.fit_rows()

    def _column_weights(self) -> list[float]:
        # Columns of longer text get more room; sqrt keeps short columns from starving.
        count = max(1, self.source.rowCount())
        weights = []
        for column in range(self.source.columnCount()):
            total = sum(len(str(row[column])) for row in self.source.rows)
            weights.append(min(max(total / count, 8.0), 90.0) ** 0.5)
        return weights

    def _column_floors(self) -> list[int]:
        # Wide enough for the header and the longest word a column holds (within reason),
        # so that wrapping breaks between words rather than chopping them.
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        floors = []
        for column in range(self.source.columnCount()):
            words = {w for row in self.source.rows[:WRAP_ROW_LIMIT] for w in str(row[column]).split()}
            longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
            floors.append(min(max(longest + 12, header.sectionSizeFromContents(column).width()), 140))
        return floors

    def fit_columns(self) -> None:
        available = self.viewport().width()
        if available <= 0:
            return
        header = self.horizontalHeader()
        fixed = self.source.relevancy_column
        widths = [0] * self.source.columnCount()
        if fixed is not None:
            widths[fixed] = max(
                RelevancyDelegate.PIP * 5 + RelevancyDelegate.GAP * 4 + 2 * RelevancyDelegate.MARGIN,
                header.sectionSizeFromContents(fixed).width(),
            )
            available -= widths[fixed]
        flexible = [c for c in range(len(widths)) if c != fixed]
        need = sum(self._floors[c] for c in flexible) or 1
        floors = [int(f * min(1.0, available / need)) for f in self._floors]
        # Share out the room by weight; a column below its floor gets its floor, and the
        # rest is shared again among the others.
        pending = list(flexible)
        room = available
        while pending:
            total = sum(self._weights[c] for c in pending) or 1.0
            short = [c for c in pending if room * self._weights[c] / total < floors[c]]
            if not short:
                break
            for column in short:
                widths[column] = floors[column]
                room -= floors[column]
                pending.remove(column)
        total = sum(self._weights[c] for c in pending) or 1.0
        for column in pending:
            widths[column] = int(room * self._weights[column] / total)
        if flexible:
            widths[flexible[-1]] += available - sum(widths[c] for c in flexible)
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def fit_rows(self) -> None:
        rows = self.proxy.rowCount()
        if self.wraps:
            self.resizeRowsToContents()
            cap = MAX_ROW_LINES * self.fontMetrics().height() + 2 * TextDelegate.PAD_Y + 1
            for row in range(rows):
                if self.rowHeight(row) > cap:
                    self.setRowHeight(row, cap)
        shown = sum(self.rowHeight(row) for row in range(min(rows, MAX_FITTED_ROWS)))
        header = self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(header + shown + 2 * self.frameWidth())

    # Qt widget interface

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()
            self.fit_rows()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.height())


# --- Chips -------------------------------------------------------------------------------


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to new lines like words in a paragraph."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            size = item.sizeHint().boundedTo(QSize(max(area.width(), 1), 10**6))
            if x > area.x() and x + size.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            if apply:
                item.setGeometry(QRect(x, y, size.width(), size.height()))
            x += size.width() + self._gap
            line = max(line, size.height())
        return y + line - rect.y() + margins.bottom()

    # Qt layout interface

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

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


def _chip(text: str, words: Sequence[str], kind: str) -> QLabel:
    label = QLabel()
    label.setObjectName(kind)
    shown = text if len(text) <= MAX_CHIP_CHARS else text[: MAX_CHIP_CHARS - 1] + "…"
    set_label_text(label, shown, words)
    if shown != text:
        label.setToolTip(tooltip_html(text))
    label.setAccessibleName(text)
    return label


_CHIP_STYLE = """
QLabel#keyword, QLabel#theme {
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-radius: 8px;
    padding: 1px 8px;
}
QLabel#theme { border-color: palette(highlight); }
"""


# --- The view ----------------------------------------------------------------------------


class DetailView(QWidget):
    """The current entry, read-only: title, details, link, terms, summary and tables."""

    edit_requested = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        open_link: Callable[[QUrl], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_link = open_link or QDesktopServices.openUrl
        self.entry: Entry | None = None
        self.search = ""
        self._clear_parts()
        self._keep_scroll = 0

        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.setMinimumWidth(300)
        self.show_entry(None)

    def _clear_parts(self) -> None:
        self.title_label: QLabel | None = None
        self.meta_label: QLabel | None = None
        self.link_label: QLabel | None = None
        self.edit_button: QPushButton | None = None
        self.keyword_chips: list[QLabel] = []
        self.theme_chips: list[QLabel] = []
        self.other_labels: dict[str, QLabel] = {}
        self.summary_labels: list[QLabel] = []
        self.notes_labels: list[QLabel] = []
        self.tables: dict[str, SectionTable] = {}
        """By section name (`signals`, …) and, for extra sections, by their own name."""

    def show_entry(self, entry: Entry | None, search: str = "") -> None:
        """Show an entry (None: the placeholder), marking the words of `search`."""
        same = entry is not None and self.entry is not None and entry.id == self.entry.id
        self._keep_scroll = self.scroll.verticalScrollBar().value() if same else 0
        self.entry, self.search = entry, search
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._clear_parts()
        if entry is None:
            self._stack.setCurrentWidget(self.placeholder)
            return
        self.scroll.setWidget(self._build(entry, search_words(search)))
        self._stack.setCurrentWidget(self.scroll)
        self.scroll.verticalScrollBar().setValue(self._keep_scroll)
        if self._keep_scroll:
            # The new content's height is only known after the layout runs.
            QTimer.singleShot(0, self, self._restore_scroll)

    def _restore_scroll(self) -> None:
        self.scroll.verticalScrollBar().setValue(self._keep_scroll)

    def _open(self, href: str) -> None:
        # The only way a link leaves Curator: http(s) only, whatever the label holds.
        if not is_web_url(href):
            return
        url = QUrl(href)
        if url.isValid() and url.scheme().lower() in ("http", "https"):
            self._open_link(url)

    def _emit_edit(self) -> None:
        if self.entry is not None:
            self.edit_requested.emit(self.entry.id)

    # --- building the content ----------------------------------------------------------

    def _build(self, entry: Entry, words: list[str]) -> QWidget:
        content = QWidget()
        content.setStyleSheet(_CHIP_STYLE)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 14, 16, 16)
        layout.setSpacing(6)

        layout.addLayout(self._header(entry, words))
        meta = self._meta_text(entry)
        if meta:
            self.meta_label = _plain_label(meta)
            layout.addWidget(self.meta_label)
        if entry.url:
            self.link_label = self._link(entry.url)
            layout.addWidget(self.link_label)

        for title, terms, kind in (
            ("Keywords", entry.keywords, "keyword"),
            ("Themes", entry.themes, "theme"),
        ):
            if terms:
                layout.addSpacing(6)
                layout.addWidget(_section_header(title))
                box = QWidget()
                flow = FlowLayout(box)
                chips = [_chip(term, words, kind) for term in terms]
                for chip in chips:
                    flow.addWidget(chip)
                (self.keyword_chips if kind == "keyword" else self.theme_chips).extend(chips)
                layout.addWidget(box)

        other = {
            key: value
            for key, value in entry.other.items()
            if key.casefold() not in ("category", "type")
        }
        if other:
            layout.addSpacing(6)
            layout.addWidget(_section_header("Other"))
            form = QFormLayout()
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setHorizontalSpacing(12)
            form.setVerticalSpacing(2)
            for key, value in other.items():
                value_label = _plain_label(value)
                self.other_labels[key] = value_label
                form.addRow(_plain_label(key, wrap=False), value_label)
            layout.addLayout(form)

        for title, text, labels in (
            ("Summary", entry.summary, self.summary_labels),
            ("Notes", entry.notes, self.notes_labels),
        ):
            if text.strip():
                layout.addSpacing(6)
                layout.addWidget(_section_header(title))
                for paragraph in re.split(r"\n[ \t]*\n", text.strip()):
                    label = _plain_label("")
                    set_label_text(label, paragraph, words)
                    labels.append(label)
                    layout.addWidget(label)

        for section in SECTIONS:
            items = entry.items(section)
            if items:
                self._add_table(layout, section, SECTION_TITLES[section], section_model(section, items, words))
        for extra in entry.extra_sections:
            if extra.rows:
                self._add_table(layout, extra.name, extra.name, extra_section_model(extra, words))
        layout.addStretch(1)
        return content

    def _header(self, entry: Entry, words: list[str]) -> QHBoxLayout:
        self.title_label = _plain_label("")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.title_label.setFont(font)
        set_label_text(self.title_label, entry.title, words)
        self.edit_button = QPushButton("Edit")
        self.edit_button.setToolTip(EDIT_TOOLTIP)
        self.edit_button.clicked.connect(self._emit_edit)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.title_label, 1)
        row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    @staticmethod
    def _meta_text(entry: Entry) -> str:
        parts = [page_text(entry.page)] if entry.page else []
        parts.append(entry.status.value.capitalize())
        parts += [value for value in (entry.category, entry.type) if value]
        return "  ·  ".join(parts)

    def _link(self, url: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        if is_web_url(url):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setText(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            label.setOpenExternalLinks(False)
            label.linkActivated.connect(self._open)
            label.setToolTip(tooltip_html(f"Open {url}"))
        else:
            # Anything but http(s) (javascript:, file:, data:) is shown, never made a link.
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(_breakable(url))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setToolTip("Not a web link: Curator opens only http and https links.")
        return label

    def _add_table(self, layout: QVBoxLayout, key: str, title: str, model: SectionTableModel) -> None:
        layout.addSpacing(8)
        layout.addWidget(_section_header(f"{title} ({model.rowCount()})"))
        table = SectionTable(model)
        table.setAccessibleName(title)
        self.tables[key] = table
        layout.addWidget(table)


def _plain_label(text: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(_breakable(text) if wrap else text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setLayoutDirection(text_direction(text))
    return label


def _section_header(text: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label
