"""The report as PDF (read back with pypdf), printed and previewed through Qt."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QPdfWriter
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog

from curator.core import report
from curator.core.exchange import Cancelled
from curator.core.model import SECTIONS
from curator.core.outputs import OutputOptions
from curator.core.report import ENTRY_BREAK, report_html
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
    margin = report_pages.MARGIN_CM / 2.54 * writer.logicalDpiX()
    document = chunk_document(html, writer, writer.width() - 2 * margin)
    document.size()  # lays it out
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


def test_item_tables_are_as_wide_as_the_text(qapp, seeded: Library, tmp_path: Path) -> None:
    # Every item's rule runs the text's width, whatever its section or its text's length.
    document, _ = _laid_out(report_html(seeded, Filter(), for_print=True), tmp_path)
    layout = document.documentLayout()
    overview, *items = document.rootFrame().childFrames()
    widths = {round(layout.frameBoundingRect(table).width()) for table in items}
    assert widths == {round(document.textWidth())}
    assert len(items) == sum(  # one table per item, which the printer keeps whole
        len(e[s]) for e in seeded.entries.iter_dicts(Filter()) for s in SECTIONS)


def _one_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_a_page_never_ends_between_a_heading_and_its_text(qapp, seeded: Library,
                                                          tmp_path: Path) -> None:
    # One entry's report, pushed down its first page a line at a time so that every item and
    # heading comes to the end of a page at some push: an item's name (its heading line) is
    # printed on the page of its description's first words, and a section's heading on the
    # page of one of its items.
    [entry_id] = seeded.entries.ids(Filter(search="Roof"))
    entry = seeded.entries.get(entry_id).model_dump()
    head, end, parts = report_pages.report_parts(report_html(
        seeded, Filter(ids=frozenset({entry_id})), OutputOptions(sections=("signals",
                                                                           "concerns")),
        for_print=True))
    items = {title: [(item["name"], " ".join(item["description"].split()[:3]))
                     for item in entry[section]]
             for section, title in (("signals", "Signals"), ("concerns", "Concerns"))}
    assert all(items.values())
    split_pages = 0
    for push in range(24):
        target = tmp_path / f"push{push}.pdf"
        writer = QPdfWriter(str(target))
        writer.setResolution(report_print.PDF_RESOLUTION)
        writer.setPageLayout(report_print._layout())
        report_pages.paint_report(head + "<p>Push.</p>" * push + ENTRY_BREAK
                                  + ENTRY_BREAK.join(parts[1:]) + end, writer)
        del writer
        pages = [_one_line(page.extract_text()) for page in PdfReader(target).pages]
        split_pages += len(pages) > 1
        for title, section_items in items.items():
            for name, start in section_items:
                on = [text for text in pages if name in text]
                assert len(on) == 1 and start in on[0], (push, name, len(on))
            [page] = [text for text in pages if f"{title} (" in text]
            assert any(name in page for name, _ in section_items), (push, title)
    assert split_pages > 12  # the pushes did bring the entry to pages' ends


def test_an_item_taller_than_a_page_goes_on_over_pages(qapp, seeded: Library,
                                                       tmp_path: Path) -> None:
    # Kept whole where it fits, an item too tall for a page is cut between its lines: every
    # word printed, in order, none lost between pages.
    [entry_id] = seeded.entries.ids(Filter(search="Roof"))
    entry = seeded.entries.get(entry_id)
    words = [f"w{n:04d}" for n in range(1500)]
    signal = entry.signals[0].model_copy(update={"description": " ".join(words)})
    seeded.edits.save_entry(entry.model_copy(update={"signals": [signal, *entry.signals[1:]]}),
                            seeded.entries.version(entry_id))
    target = tmp_path / "tall.pdf"
    export_pdf(seeded, Filter(ids=frozenset({entry_id})), target)
    # Read with the spaces taken out: pypdf sometimes breaks a word in two.
    runs = [[int(w[1:]) for w in re.findall(r"w\d{4}", "".join(page.extract_text().split()))]
            for page in PdfReader(target).pages]
    runs = [run for run in runs if run]
    assert len(runs) >= 2 and runs[0][0] == 0 and runs[-1][-1] == len(words) - 1
    for run, following in zip(runs, runs[1:]):
        assert run == list(range(run[0], run[-1] + 1))  # whole lines, in order
        # The next page goes on where this one ended: no line lost. (It may repeat the
        # last line: Qt draws the line above a clip out of sight, which the PDF keeps.)
        assert run[-1] - 12 <= following[0] - 1 <= run[-1]
