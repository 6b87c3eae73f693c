"""Lay a report out on pages a few entries at a time, as one flow of numbered pages.

Qt draws each page of a QTextDocument by walking every block and table of the document,
so printing one document of a thousand entries takes minutes (50 entries 1.5 s, 200
entries 42 s). Each few entries are laid out as a document of their own instead; the next
one starts where the last ended on the same page, so the pages read as one document.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
)

from ...core.exchange import Cancelled, Progress
from ...core.report import ENTRY_BREAK

CHUNK_ENTRIES = 20
"""Entries laid out together: enough to fill pages, few enough that drawing stays fast."""
MARGIN_CM = 2.0
"""Around the text of every page, as Qt's own printing sets it; the page number sits in it."""
SOURCE_DPI = 96
"""Frame margins are given at the screen's resolution and scaled to the device by Qt."""
GAP_PT = 12
"""Between the end of one part and the next part's first line on the same page."""
NEW_PAGE_FROM = 0.85
"""A part that would start this far down a page starts on the next one instead."""


def report_parts(html: str) -> tuple[str, str, list[str]]:
    """The report's head (up to and with `<body>`), its end, and its body cut at the entry
    marks: the title and overview first, then one part per entry."""
    head, body_tag, rest = html.partition("<body>\n")
    body, end_tag, end = rest.rpartition("</body>")
    return head + body_tag, end_tag + end, body.split(ENTRY_BREAK)


def chunk_document(html: str, device: QPagedPaintDevice, margin: float,
                   page: QRectF) -> QTextDocument:
    """A part of the report laid out for the device's pages, as Qt's own printing does."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)  # fonts measured at the device's DPI
    document.setDocumentMargin(0)
    document.setHtml(html)
    frame = document.rootFrame().frameFormat()
    frame.setMargin(margin)
    document.rootFrame().setFrameFormat(frame)
    document.setPageSize(page.size())
    return document


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
        margin = MARGIN_CM / 2.54 * SOURCE_DPI
        page = QRectF(0, 0, device.width(), device.height())
        pages = 0
        used = 0.0  # how far down the current page the text reaches; 0: a fresh page
        for number, chunk in enumerate(chunks):
            if cancelled and cancelled():
                raise Cancelled("Printing cancelled; nothing was written.")
            document = chunk_document(head + chunk + end, device, margin, page)
            if used:
                _push_down(document, used + GAP_PT * device.logicalDpiY() / 72)
            for index in range(document.pageCount()):
                if index or not used:
                    if pages:
                        device.newPage()
                    pages += 1
                    _page_number(painter, document, device, page, margin, pages)
                _draw_page(painter, document, page, index)
            used = _text_bottom(document, page)
            if used > page.height() * NEW_PAGE_FROM:
                used = 0.0
            if progress:
                progress(min(entries, (number + 1) * CHUNK_ENTRIES), entries)
        return pages
    finally:
        painter.end()


def _push_down(document: QTextDocument, top: float) -> None:
    """Start the document's text at `top` on its first page: below what is already there.

    Qt ignores the top margin of a frame's first block, so an empty frame goes first; its
    height is set once the text's place under it is known.
    """
    spacer_format = QTextFrameFormat()
    for set_width in (spacer_format.setMargin, spacer_format.setPadding,
                      spacer_format.setBorder):
        set_width(0)
    spacer_format.setHeight(QTextLength(QTextLength.Type.FixedLength, 1))
    spacer = document.rootFrame().firstCursorPosition().insertFrame(spacer_format)
    text = document.findBlock(spacer.lastPosition() + 1)
    now = document.documentLayout().blockBoundingRect(text).top()
    spacer_format.setHeight(QTextLength(QTextLength.Type.FixedLength, max(1.0, 1 + top - now)))
    spacer.setFrameFormat(spacer_format)
    # A changed frame relays out only in part, and blocks after it may be left unplaced.
    document.markContentsDirty(0, document.characterCount())


def _text_bottom(document: QTextDocument, page: QRectF) -> float:
    """Where the document's text ends on its last page, from the page's top."""
    layout = document.documentLayout()
    bottom = 0.0
    block = document.lastBlock()
    while block.isValid() and not block.text().strip():
        block = block.previous()  # the empty block Qt keeps after the last table
    if block.isValid():
        bottom = layout.blockBoundingRect(block).bottom()
    for frame in document.rootFrame().childFrames():
        bottom = max(bottom, layout.frameBoundingRect(frame).bottom())
    return bottom - (document.pageCount() - 1) * page.height()


def _draw_page(painter: QPainter, document: QTextDocument, page: QRectF, index: int) -> None:
    painter.save()
    top = index * page.height()
    painter.translate(0, -top)
    document.drawContents(painter, QRectF(0, top, page.width(), page.height()))
    painter.restore()


def _page_number(painter: QPainter, document: QTextDocument, device: QPagedPaintDevice,
                 page: QRectF, margin: float, number: int) -> None:
    """The page's number at the bottom right, in its margin (where Qt's printing puts it)."""
    font = QFont(document.defaultFont(), device)
    metrics = QFontMetricsF(font, device)
    text = str(number)
    scaled = margin * device.logicalDpiY() / SOURCE_DPI
    at = QPointF(page.width() - scaled - metrics.horizontalAdvance(text),
                 page.height() - scaled + metrics.ascent() + 5 * device.logicalDpiY() / 72)
    painter.save()
    painter.setFont(font)
    painter.drawText(at, text)
    painter.restore()
