"""Spreadsheet exports: CSV files (entries.csv, items.csv) and an XLSX workbook, streamed."""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .exchange import Progress
from .files import atomic_path, atomic_text
from .model import SECTION_TITLES
from .outputs import (
    ALL_FIELDS,
    FIELD_TITLES,
    SECTION_FIELDS,
    ExportEntry,
    OutputOptions,
    iter_entries,
    joined,
    other_value,
)
from .store import Filter, Library

ENTRIES_CSV = "entries.csv"
ITEMS_CSV = "items.csv"

ENTRY_COLUMNS = ("id", "title", "page", "url", "status", "category", "type", "keywords",
                 "themes", "summary", "notes")
ENTRY_TITLES = ("ID", "Title", "Page", "URL", "Status", "Category", "Type", "Keywords", "Themes",
                "Summary", "Notes")
"""The Entries sheet's header (the CSV keeps the lower-case names, for programs)."""
ITEM_HEAD = ("entry_id", "entry_title", "section", "position")
ITEM_TAIL = ("relevancy", "relevancy_imported", "reviewed", "last_reason")

SHEET_ROWS = 1_048_576
"""Excel's rows per sheet; a section with more items goes on to "Signals (2)" and so on."""
CELL_CHARS = 32_767
"""Excel's characters per cell; a longer text is cut, with a mark saying so."""
MAX_LINKS = 65_530
"""Excel's links per sheet; past it a link is written as plain text."""
MAX_URL = 2_079
_CUT = " […cut: Excel holds 32,767 characters a cell]"


def entry_row(entry: ExportEntry, options: OutputOptions) -> list[Any]:
    """An entry's cells: its fields, then how many items of each section it has."""
    data = entry.data
    row: list[Any] = [data["id"], data["title"], data["page"] or "", data["url"] or "",
                      data["status"], other_value(data, "category"), other_value(data, "type"),
                      joined(data["keywords"]), joined(data["themes"]), data["summary"],
                      data["notes"]]
    row += [len(entry.items(section, options.min_relevancy)) for section in options.sections]
    return row


def item_cells(entry: ExportEntry, section: str, position: int, item: dict[str, Any],
               fields: tuple[str, ...]) -> list[Any]:
    """An item's cells after the entry's: its fields (blank where the section has none),
    then relevancy, imported relevancy, reviewed and the last reason for its score."""
    return [
        *(item.get(name, "") for name in fields),
        item["relevancy"], item["relevancy_imported"], item["reviewed"],
        entry.reason(section, position),
    ]


# -- CSV -------------------------------------------------------------------------------


def export_csv(
    library: Library,
    flt: Filter,
    folder: str | os.PathLike[str],
    options: OutputOptions = OutputOptions(),
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write entries.csv and items.csv (RFC 4180, UTF-8) into a folder; return the entries.

    Each file appears under its name only when complete.
    """
    target = Path(folder)
    made = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        return _write_csv(library, flt, target, options, progress, cancelled)
    except BaseException:
        if made:
            # A folder made for this export goes too: a cancelled export leaves nothing.
            with contextlib.suppress(OSError):
                target.rmdir()
        raise


def _write_csv(library: Library, flt: Filter, target: Path, options: OutputOptions,
               progress: Progress | None, cancelled: Callable[[], bool] | None) -> int:
    written = 0
    with library.snapshot(), atomic_text(target / ENTRIES_CSV) as entries_file, \
            atomic_text(target / ITEMS_CSV) as items_file:
        if options.bom:
            entries_file.write("\ufeff")
            items_file.write("\ufeff")
        # csv's default line ending is RFC 4180's CRLF; the files are opened without
        # newline translation, so it is written as is.
        entries = csv.writer(entries_file)
        items = csv.writer(items_file)
        entries.writerow([*ENTRY_COLUMNS, *(f"n_{s}" for s in options.sections)])
        items.writerow([*ITEM_HEAD, *ALL_FIELDS, *ITEM_TAIL])
        for entry in iter_entries(library, flt, progress=progress, cancelled=cancelled):
            entries.writerow(entry_row(entry, options))
            for section in options.sections:
                for position, item in entry.items(section, options.min_relevancy):
                    cells = item_cells(entry, section, position, item, ALL_FIELDS)
                    cells[-2] = "true" if cells[-2] else "false"
                    cells[-3] = "" if cells[-3] is None else cells[-3]
                    items.writerow([entry.data["id"], entry.data["title"], section, position,
                                    *cells])
            written += 1
    return written


# -- XLSX ------------------------------------------------------------------------------


class _Sheet:
    """One logical sheet, continued on "Name (2)", "Name (3)"… past Excel's row limit."""

    def __init__(self, book: Any, name: str, header: list[str], widths: list[float],
                 bold: Any, max_rows: int) -> None:
        self._book = book
        self._name = name
        self._header = header
        self._widths = widths
        self._bold = bold
        self._max_rows = max_rows
        self._parts = 0
        self._new_part()

    def _new_part(self) -> None:
        if self._parts:
            self._finish()
        self._parts += 1
        name = self._name if self._parts == 1 else f"{self._name} ({self._parts})"
        self.sheet = self._book.add_worksheet(name)
        for column, width in enumerate(self._widths):
            self.sheet.set_column(column, column, width)
        self.sheet.write_row(0, 0, self._header, self._bold)
        self.sheet.freeze_panes(1, 0)
        self.row = 1
        self.links = 0

    def next_row(self) -> int:
        """The row to write next, starting a new part when this one is full."""
        if self.row >= self._max_rows:
            self._new_part()
        self.row += 1
        return self.row - 1

    def _finish(self) -> None:
        self.sheet.autofilter(0, 0, max(self.row - 1, 0), len(self._header) - 1)

    def finish(self) -> None:
        self._finish()


def _text(sheet: Any, row: int, column: int, value: str, style: Any = None) -> None:
    # write_string, never write(): a text starting with "=" must stay text, not a formula.
    if len(value) > CELL_CHARS:
        value = value[:CELL_CHARS - len(_CUT)] + _CUT
    sheet.write_string(row, column, value, style)


def _cells(sheet: Any, row: int, values: list[Any], wrap: Any) -> None:
    for column, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, int):
            sheet.write_number(row, column, value)
        else:
            _text(sheet, row, column, value, wrap)


def export_xlsx(
    library: Library,
    flt: Filter,
    destination: str | os.PathLike[str],
    options: OutputOptions = OutputOptions(),
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    max_rows: int = SHEET_ROWS,
) -> int:
    """Write an XLSX workbook: an Entries sheet and one sheet per section; return the entries.

    Streamed (XlsxWriter's constant-memory mode: each row is flushed to a temporary file
    once the next one starts), so memory stays flat however large the library.
    """
    # Imported here: only this export needs it. XlsxWriter ships no type information.
    import xlsxwriter

    written = 0
    with library.snapshot(), atomic_path(destination) as part:
        # Fail now, not after streaming the whole library, if the folder cannot be written.
        open(part, "xb").close()
        book = xlsxwriter.Workbook(str(part), {
            "constant_memory": True,
            "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        })
        try:
            bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "bottom": 1})
            wrap = book.add_format({"valign": "top"})
            link = book.add_format({"font_color": "blue", "underline": 1, "valign": "top"})
            counts = [f"{SECTION_TITLES[s]}" for s in options.sections]
            entries = _Sheet(book, "Entries", [*ENTRY_TITLES, *counts],
                             [18, 50, 10, 30, 10, 14, 14, 30, 30, 60, 30, *[11] * len(counts)],
                             bold, max_rows)
            sheets = {
                section: _Sheet(
                    book, SECTION_TITLES[section],
                    ["Entry ID", "Entry title", "Position",
                     *(FIELD_TITLES[f] for f in SECTION_FIELDS[section]),
                     "Relevancy", "Imported relevancy", "Reviewed", "Last reason"],
                    [18, 40, 9, *[40] * len(SECTION_FIELDS[section]), 10, 10, 9, 30],
                    bold, max_rows)
                for section in options.sections
            }
            for entry in iter_entries(library, flt, progress=progress, cancelled=cancelled):
                row = entries.next_row()
                values = entry_row(entry, options)
                url = values[3]
                values[3] = ""
                _cells(entries.sheet, row, values, wrap)
                if url:
                    # Excel holds 65,530 links a sheet; past that (or for a too long link)
                    # the address is written as text, never dropped.
                    if entries.links < MAX_LINKS and len(url) <= MAX_URL:
                        entries.sheet.write_url(row, 3, url, link, url)
                        entries.links += 1
                    else:
                        _text(entries.sheet, row, 3, url)
                for section in options.sections:
                    sheet = sheets[section]
                    for position, item in entry.items(section, options.min_relevancy):
                        row = sheet.next_row()
                        cells = item_cells(entry, section, position, item,
                                           SECTION_FIELDS[section])
                        _cells(sheet.sheet, row, [entry.data["id"], entry.data["title"],
                                                  position, *cells], wrap)
                written += 1
            entries.finish()
            for sheet in sheets.values():
                sheet.finish()
        except BaseException:
            # Close the temporary files of constant-memory mode; the workbook is discarded.
            for worksheet in book.worksheets():
                handle = getattr(worksheet, "row_data_fh", None)
                if handle is not None:
                    handle.close()
            raise
        book.close()
    return written
