"""The briefing report through Qt's printing: to a PDF file, to a printer, in a print preview."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from ...core.exchange import Progress
from ...core.files import atomic_path
from ...core.outputs import OutputOptions
from ...core.report import ENTRY_BREAK, report_html
from ...core.store import Filter, Library
from .report_pages import paint_report

PDF_RESOLUTION = 300
MARGINS_MM = QMarginsF(0, 0, 0, 0)


def export_pdf(
    library: Library,
    flt: Filter,
    destination: str | os.PathLike[str],
    options: OutputOptions = OutputOptions(),
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the report as an A4 PDF with page numbers; it appears under its name only
    when complete. Returns the entries written.

    Progress counts the entries laid out on pages (writing the HTML first is quick).
    """
    html = report_html(library, flt, options, cancelled=cancelled, for_print=True)
    entries = html.count(ENTRY_BREAK)
    with atomic_path(destination) as part:
        writer = QPdfWriter(str(part))
        writer.setTitle(options.title)
        writer.setCreator("Curator")
        writer.setResolution(PDF_RESOLUTION)
        writer.setPageLayout(_layout())
        paint_report(html, writer, progress=progress, cancelled=cancelled)
        del writer  # closes the file before it is renamed into place
    return entries


def _layout() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       MARGINS_MM, QPageLayout.Unit.Millimeter)


def _printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_layout())
    printer.setDocName("Curator briefing")
    return printer


# Module-level so tests can patch them: both dialogs are modal.
def run_print_dialog(dialog: QPrintDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def run_preview_dialog(dialog: QPrintPreviewDialog) -> None:
    dialog.exec()


def print_report(parent: QWidget | None, html: str) -> bool:
    """Ask for a printer and print the report; False when the user cancels."""
    printer = _printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Report")
    try:
        if not run_print_dialog(dialog):
            return False
        paint_report(html, printer)
        return True
    finally:
        dialog.deleteLater()


def preview_report(parent: QWidget | None, html: str) -> QPrintPreviewDialog:
    """Show the report in a print preview, from which it can be printed."""
    printer = _printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print Preview")
    dialog.paintRequested.connect(lambda printer: paint_report(html, printer))
    try:
        run_preview_dialog(dialog)
    finally:
        dialog.deleteLater()
    return dialog


def ask_and_print(parent: QWidget | None, library: Library, current_filter: Filter,
                  selected_ids: frozenset[str], *, preview: bool = False) -> None:
    """File → Print… and Print Preview…: ask which entries and how, then print or preview.

    The report is built on the GUI thread: printing needs the whole document anyway, and a
    report people read (hundreds or a few thousand entries) takes a second or two.
    """
    from .export_dialog import ExportDialog

    dialog = ExportDialog(parent, current_filter, selected_ids, library.entries.count,
                          library.path.parent, purpose="preview" if preview else "print")
    dialog.accepted.connect(
        lambda: _print_chosen(parent, library, dialog.export_filter(), dialog.options(), preview)
    )
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


def _print_chosen(parent: QWidget | None, library: Library, flt: Filter,
                  options: OutputOptions, preview: bool) -> None:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        html = report_html(library, flt, options, for_print=True)
    finally:
        QGuiApplication.restoreOverrideCursor()
    if preview:
        preview_report(parent, html)
    else:
        print_report(parent, html)


def export_pdf_without_window(
    library: Library,
    flt: Filter,
    destination: str | os.PathLike[str],
    options: OutputOptions = OutputOptions(),
    /,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """export_pdf for the command line: Qt lays the report out offscreen, with no display."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(["curator"])  # alive while it prints
    return export_pdf(library, flt, destination, options, progress=progress,
                      cancelled=cancelled)
