"""Lay a report out on pages a few entries at a time, as one flow of numbered pages.

Qt draws each page of a QTextDocument by walking every block and table of the document,
so printing one document of a thousand entries takes minutes (50 entries 1.5 s, 200
entries 42 s). Each few entries are laid out as a document of their own instead; the next
one starts where the last ended on the same page, so the pages read as one document.

The pages are cut here rather than by Qt's paged layout: Qt breaks a page between any two
lines, even of a table row, and of CSS's page-break rules honours only `always`, so an
item's heading line could end a page with its text on the next. Each part is laid out once
as one long column; the cuts are chosen between its lines where nothing is split that
should stay together (see `cut_points`), and each page draws the stretch between two cuts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QTextBlock,
    QTextDocument,
    QTextFrame,
    QTextTable,
)

from ...core.exchange import Cancelled, Progress
from ...core.report import ENTRY_BREAK

CHUNK_ENTRIES = 20
"""Entries laid out together: enough to fill pages, few enough that drawing stays fast."""
MARGIN_CM = 2.0
"""Around the text of every page, as Qt's own printing sets it; the page number sits in it."""
GAP_PT = 12
"""Between the end of one part and the next part's first line on the same page."""
KEEP_LINES = 3
"""A heading keeps at least this many lines of what it heads on its page."""
KEEP_WHOLE = 1 / 3
"""A table (an item, the overview) no taller than this share of a page is never split."""


def report_parts(html: str) -> tuple[str, str, list[str]]:
    """The report's head (up to and with `<body>`), its end, and its body cut at the entry
    marks: the title and overview first, then one part per entry."""
    head, body_tag, rest = html.partition("<body>\n")
    body, end_tag, end = rest.rpartition("</body>")
    return head + body_tag, end_tag + end, body.split(ENTRY_BREAK)


def chunk_document(html: str, device: QPagedPaintDevice, width: float) -> QTextDocument:
    """A part of the report laid out as one column of the text's width, in device pixels."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)  # fonts measured at the device's DPI
    document.setDocumentMargin(0)
    document.setHtml(html)
    document.setTextWidth(width)
    return document


@dataclass(frozen=True)
class Cuts:
    """Where a laid-out part may go on to a new page, top to bottom."""

    allowed: list[float]
    """Between lines, where nothing that belongs together is parted."""
    lines: list[float]
    """Between any two lines: for a stretch too tall to keep together on one page."""
    bottom: float
    """Where the part's text ends."""


def cut_points(document: QTextDocument, page_height: float) -> Cuts:
    """Where a page may end in a laid-out part: before any line, except the first
    KEEP_LINES lines under a heading (the heading goes on with them, and so do headings
    right above it), and never inside a table of at most KEEP_WHOLE of a page."""
    layout = document.documentLayout()
    allowed: list[float] = []
    lines: list[float] = []
    protected = 0  # lines still to keep with the heading above them
    bottom = 0.0
    for unit in _flow(document):
        if isinstance(unit, QTextFrame):
            rect = layout.frameBoundingRect(unit)
            if protected == 0:
                allowed.append(rect.top())
            lines.append(rect.top())
            if isinstance(unit, QTextTable) and rect.height() > page_height * KEEP_WHOLE:
                tops = _cell_line_tops(unit)
                allowed += tops
                lines += tops
            protected = 0
            bottom = rect.bottom()
            continue
        heading = unit.blockFormat().headingLevel() > 0
        text = unit.layout()
        for number in range(text.lineCount()):
            line = text.lineAt(number)
            top = text.position().y() + line.y()
            if protected == 0 and not (heading and number):  # a heading is never cut
                allowed.append(top)
            lines.append(top)
            bottom = top + line.height()
            if protected and not heading:
                protected -= 1
        if heading:
            protected = KEEP_LINES
    return Cuts(allowed, lines, bottom)


def _flow(document: QTextDocument) -> list[QTextBlock | QTextFrame]:
    """The root frame's paragraphs and tables, in order, without Qt's empty filler blocks."""
    units: list[QTextBlock | QTextFrame] = []
    it = document.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        if frame is not None:
            units.append(frame)
        elif it.currentBlock().text().strip():
            units.append(it.currentBlock())
        it += 1
    return units


def _cell_line_tops(table: QTextTable) -> list[float]:
    """Tops of a tall table's lines where no line of another cell is cut."""
    layout = table.document().documentLayout()
    spans: list[tuple[float, float]] = []
    block = table.document().findBlock(table.firstPosition())
    while block.isValid() and block.position() < table.lastPosition():
        top = layout.blockBoundingRect(block).top()
        text = block.layout()
        for number in range(text.lineCount()):
            line = text.lineAt(number)
            spans.append((top + line.y(), top + line.y() + line.height()))
        block = block.next()
    return sorted({top for top, _ in spans if not any(a < top < b for a, b in spans)})


def next_cut(cuts: Cuts, start: float, room: float, page_has_text: bool) -> float | None:
    """Where the page that shows the part from `start` ends, with `room` left on it; None
    when nothing fits there that may stand apart (the caller starts a new page)."""
    if cuts.bottom <= start + room:
        return cuts.bottom
    fits = [y for y in cuts.allowed if start < y <= start + room]
    if fits:
        return fits[-1]
    if page_has_text:
        return None
    # Taller than a page however cut: as much as fits, at a line if there is one.
    lines = [y for y in cuts.lines if start < y <= start + room]
    return lines[-1] if lines else start + room


def paint_report(html: str, device: QPagedPaintDevice, *,
                 progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> int:
    """Paint a report made with `for_print=True` on the device's pages; return the pages.

    `progress` gets (entries painted, entries); `cancelled` is asked between parts and
    raises Cancelled (the caller removes what was written).
    """
    head, end, parts = report_parts(html)
    entries = len(parts) - 1
    chunks = [parts[0] + "".join(parts[1:1 + CHUNK_ENTRIES])]
    chunks += ["".join(parts[i:i + CHUNK_ENTRIES])
               for i in range(1 + CHUNK_ENTRIES, len(parts), CHUNK_ENTRIES)]
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the printer or file could not be opened for printing")
    try:
        page = QRectF(0, 0, device.width(), device.height())
        margin_x = MARGIN_CM / 2.54 * device.logicalDpiX()
        margin_y = MARGIN_CM / 2.54 * device.logicalDpiY()
        text = QRectF(margin_x, margin_y, page.width() - 2 * margin_x,
                      page.height() - 2 * margin_y)
        gap = GAP_PT * device.logicalDpiY() / 72
        pages = 0
        used = 0.0  # how far down the current page's text area the text reaches
        for number, chunk in enumerate(chunks):
            if cancelled and cancelled():
                raise Cancelled("Printing cancelled; nothing was written.")
            document = chunk_document(head + chunk + end, device, text.width())
            cuts = cut_points(document, text.height())
            start = 0.0
            if pages and used:
                used += gap
            while start < cuts.bottom:
                if not pages:
                    pages = _new_page(painter, document, device, page, margin_y, pages)
                cut = next_cut(cuts, start, text.height() - used, used > 0)
                if cut is None:
                    pages, used = _new_page(painter, document, device, page, margin_y,
                                            pages), 0.0
                    continue
                _draw(painter, document, text, start, cut, used)
                used += cut - start
                start = cut
                if start < cuts.bottom:
                    pages, used = _new_page(painter, document, device, page, margin_y,
                                            pages), 0.0
            if progress:
                progress(min(entries, (number + 1) * CHUNK_ENTRIES), entries)
        return pages or _new_page(painter, document, device, page, margin_y, pages)
    finally:
        painter.end()


def _new_page(painter: QPainter, document: QTextDocument, device: QPagedPaintDevice,
              page: QRectF, margin: float, pages: int) -> int:
    """Go on to the next page (the first is there already) and number it; its number."""
    if pages:
        device.newPage()
    _page_number(painter, document, device, page, margin, pages + 1)
    return pages + 1


def _draw(painter: QPainter, document: QTextDocument, text: QRectF, start: float,
          cut: float, used: float) -> None:
    """Draw the part's stretch from `start` to `cut` at `used` down the page's text area."""
    painter.save()
    painter.translate(text.left(), text.top() + used - start)
    # A pixel short at the bottom: the rule on top of the table after a cut sits on it, and
    # belongs to the next page. (Qt also draws the line just above the clip, out of sight:
    # a PDF's text holds the last line of a page's paragraph again, as with Qt's own paging.)
    document.drawContents(painter, QRectF(0, start, text.width(), cut - start - 1))
    painter.restore()


def _page_number(painter: QPainter, document: QTextDocument, device: QPagedPaintDevice,
                 page: QRectF, margin: float, number: int) -> None:
    """The page's number at the bottom right, in its margin (where Qt's printing puts it)."""
    font = QFont(document.defaultFont(), device)
    metrics = QFontMetricsF(font, device)
    label = str(number)
    at = QPointF(page.width() - margin - metrics.horizontalAdvance(label),
                 page.height() - margin + metrics.ascent() + 5 * device.logicalDpiY() / 72)
    painter.save()
    painter.setFont(font)
    painter.drawText(at, label)
    painter.restore()
