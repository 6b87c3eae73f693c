"""Screenshots of the export dialog and of a report's first page, for the README."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QWidget

from ...core import operations as ops
from ...core.outputs import OutputOptions
from ...core.paths import samples_folder
from ...core.store import Filter, Library
from .export_dialog import ExportDialog
from .report_print import export_pdf

PAGE_SCALE = 1.35
"""Pixels per PDF point of the page shot: an A4 page 800 pixels wide, readable on GitHub."""


def export_dialog_shot(parent: QWidget, library: Library, current: Filter,
                       selected: frozenset[str], output: Path) -> None:
    """File → Export… with a report chosen, so that all its options show."""
    folder = Path(tempfile.gettempdir())
    dialog = ExportDialog(parent, current, selected, library.entries.count, folder)
    dialog.format_buttons["pdf"].setChecked(True)
    dialog.min_relevancy.setValue(3)
    dialog.section_boxes["behaviors"].setChecked(False)
    dialog.title_edit.setText("Energy briefing")
    dialog.destination_edit.setText(str(folder / "energy-briefing.pdf"))
    dialog.show()
    QApplication.processEvents()
    dialog.grab().save(str(output))
    dialog.close()
    dialog.deleteLater()


def report_page_shot(library: Library, flt: Filter, options: OutputOptions,
                     output: Path) -> None:
    """The first page of the PDF report, as the PDF export writes it, on white."""
    with tempfile.TemporaryDirectory() as scratch:
        pdf = Path(scratch) / "report.pdf"
        export_pdf(library, flt, pdf, options)
        document = QPdfDocument()
        document.load(str(pdf))
        points = document.pagePointSize(0)
        size = QSize(round(points.width() * PAGE_SCALE), round(points.height() * PAGE_SCALE))
        page = document.render(0, size)
        document.close()
    # The page renders on a transparent background: a dark README theme would show through.
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, page)
    painter.end()
    image.save(str(output))


def report_sample_shot(folder: Path, output: Path) -> None:
    """The first page of the sample library's report, items scored 3 or more."""
    with Library(folder / "report.db") as library:
        ops.import_files(library, [samples_folder()])
        report_page_shot(library, Filter(), OutputOptions(min_relevancy=3), output)
