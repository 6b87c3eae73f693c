"""The report as PDF (read back with pypdf), printed and previewed through Qt."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QPdfWriter
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog

from curator.core import report
from curator.core.exchange import Cancelled
from curator.core.outputs import OutputOptions
from curator.core.report import report_html
from curator.core.store import Filter, Library
from curator.gui.transfer import report_pages, report_print
from curator.gui.transfer.report_pages import chunk_document
from curator.gui.transfer.report_print import export_pdf

pytestmark = pytest.mark.gui


def _pdf_words(path: Path) -> set[str]:
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return {w.strip(",.:;()") for w in unicodedata.normalize("NFKC", text).split()}


def _has_font(text: str) -> bool:
    """Whether some installed font draws every letter (a machine without CJK fonts cannot)."""
    metrics = [QFontMetrics(QFont(family)) for family in QFontDatabase.families()]
    return all(any(m.inFontUcs4(ord(ch)) for m in metrics) for ch in text if not ch.isspace())


def _title_words(title: str) -> list[str]:
    return [w.strip(",.:;()") for w in unicodedata.normalize("NFKC", title).split()
            if len(w.strip(",.:;()")) > 1]


def test_pdf_holds_every_entry_title(qapp, seeded: Library, tmp_path: Path) -> None:
    count = export_pdf(seeded, Filter(), tmp_path / "report.pdf")
    assert count == seeded.entries.total()
    words = _pdf_words(tmp_path / "report.pdf")
    letters = [sorted(w) for w in words]
    checked = 0
    for entry in seeded.entries.iter_dicts(Filter()):
        if not _has_font(entry["title"]):
            continue
        for word in _title_words(entry["title"]):
            # Right-to-left text comes out of a PDF in drawing order (reversed, a ligature
            # such as lam-alef kept whole): compare its letters, not their order.
            assert word in words or sorted(word) in letters, (word, entry["title"])
        checked += 1
    assert checked >= seeded.entries.total() - 1


def test_pdf_options_and_cancel(qapp, seeded: Library, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    export_pdf(seeded, Filter(), target, OutputOptions(title="Signals only",
                                                      sections=("signals",)))
    words = _pdf_words(target)
    assert {"Signals", "only"} <= words and "Concerns" not in words
    target.write_bytes(b"old")
    with pytest.raises(Cancelled):
        export_pdf(seeded, Filter(), target, cancelled=lambda: True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if "report.pdf" in p.name] == ["report.pdf"]


def test_print_prints_the_report_to_the_chosen_printer(qapp, seeded: Library, tmp_path: Path,
                                                       monkeypatch) -> None:
    target = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> bool:
        dialog.printer().setOutputFileName(str(target))  # the "printer" is a PDF file
        return True

    monkeypatch.setattr(report_print, "run_print_dialog", accept)
    assert report_print.print_report(None, report_html(seeded, Filter()))
    assert target.stat().st_size > 0 and len(PdfReader(target).pages) > 1
    monkeypatch.setattr(report_print, "run_print_dialog", lambda dialog: False)
    assert not report_print.print_report(None, report_html(seeded, Filter()))


def test_preview_paints_the_report(qapp, seeded: Library, tmp_path: Path,
                                   monkeypatch) -> None:
    target = tmp_path / "preview.pdf"

    def run(dialog: QPrintPreviewDialog) -> None:
        # What the preview's own Print button does: paint the pages on its printer.
        dialog.printer().setOutputFileName(str(target))
        dialog.paintRequested.emit(dialog.printer())

    monkeypatch.setattr(report_print, "run_preview_dialog", run)
    report_print.preview_report(None, report_html(seeded, Filter()))
    title = seeded.entries.get(seeded.entries.ids(Filter(search="Roof"))[0]).title
    assert set(_title_words(title)) <= _pdf_words(target)


def _laid_out(html: str, tmp_path: Path):  # -> QTextDocument
    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setResolution(report_print.PDF_RESOLUTION)
    page = QRectF(0, 0, writer.width(), writer.height())
    document = chunk_document(html, writer, 75, page)
    document.pageCount()  # lays it out
    return document, writer


def test_printed_tables_start_at_the_text_margin(qapp, seeded: Library, tmp_path: Path) -> None:
    # Qt applies every style rule whatever its media: the browser's centred column must not
    # reach the printed report, where it indented every table by the column's padding.
    document, writer = _laid_out(report_html(seeded, Filter(), for_print=True), tmp_path)
    point = writer.logicalDpiX() / 72
    layout = document.documentLayout()
    text_left = layout.blockBoundingRect(document.firstBlock()).left()
    tables = document.rootFrame().childFrames()
    assert len(tables) > seeded.entries.total()  # the overview, then each entry's tables
    assert all(layout.frameBoundingRect(t).left() - text_left <= 8 * point for t in tables)
    screen, _ = _laid_out(report_html(seeded, Filter()), tmp_path)
    first_table = screen.rootFrame().childFrames()[0]
    assert screen.documentLayout().frameBoundingRect(first_table).left() - text_left \
        > 20 * point  # what the check above would have caught


class _StoppedClock(datetime):
    @classmethod
    def now(cls, tz=None):  # noqa: ANN001, ANN206 - datetime's own signature
        return datetime(2026, 12, 5, 20, 56, tzinfo=timezone.utc).astimezone(tz)


def test_a_long_report_flows_across_parts_on_numbered_pages(qapp, seeded: Library,
                                                           tmp_path: Path,
                                                           monkeypatch) -> None:
    # Parts of two entries: every word still printed, the pages numbered 1, 2, ... and
    # no page left empty between parts.
    monkeypatch.setattr(report_pages, "CHUNK_ENTRIES", 2)
    monkeypatch.setattr(report, "datetime", _StoppedClock)  # both made in the same minute
    target = tmp_path / "parts.pdf"
    seen: list[tuple[int, int]] = []
    export_pdf(seeded, Filter(), target, progress=lambda done, total: seen.append((done, total)))
    total = seeded.entries.total()
    assert seen[-1] == (total, total) and len(seen) == (total + 1) // 2
    pages = [page.extract_text() for page in PdfReader(target).pages]
    assert all(text.strip() for text in pages)
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert str(number) in (lines[0], lines[-1]), (number, lines[0], lines[-1])
    whole = tmp_path / "whole.pdf"
    monkeypatch.setattr(report_pages, "CHUNK_ENTRIES", 1000)
    export_pdf(seeded, Filter(), whole)
    # Flowing on, the parts take about the pages one document takes.
    assert len(pages) <= len(PdfReader(whole).pages) + total // 2
    numbers = {str(n) for n in range(100)}  # the pages differ, and so their numbers
    assert _pdf_words(whole) - _pdf_words(target) <= numbers
    assert _pdf_words(target) - _pdf_words(whole) <= numbers
