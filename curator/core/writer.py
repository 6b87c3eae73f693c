"""Write an entry back as seed text, in the layout the real seed exports use."""

from __future__ import annotations

from .model import (
    COLUMN_FIELDS,
    SECTION_COLUMNS,
    SECTION_TITLES,
    SECTIONS,
    Entry,
    ExtraSection,
    Item,
)

_CELL = "      "
_BULLET_GAP = " "


def write_seed(entry: Entry) -> str:
    """The entry as seed text: UTF-8-ready, LF line endings, no trailing white space."""
    lines: list[str] = [_title_line(entry), _link_line(entry)]
    lines += _bullet_section("Keywords", entry.keywords)
    lines += _bullet_section("Themes", entry.themes)
    other = [f"{k}: {v}" if v else f"{k}:" for k, v in entry.other.items()]
    lines += _bullet_section("Other", other)
    lines.append("Summary")
    if entry.summary:
        lines += entry.summary.split("\n")
    for section in SECTIONS:
        lines += _item_table(section, entry.items(section))
    for extra in entry.extra_sections:
        lines += _extra_section(extra)
    # The real exports end at the last cell: the closing structure lines are trimmed.
    return "\n".join(lines).rstrip()


def _title_line(entry: Entry) -> str:
    return f"{entry.title}, (from page {entry.page}.)" if entry.page else entry.title


def _link_line(entry: Entry) -> str:
    return f"External link {entry.url}" if entry.url else "External link"


def _bullet_section(name: str, texts: list[str]) -> list[str]:
    lines = [name]
    for text in texts:
        lines += [f"  - {text}", _BULLET_GAP]
    return lines


def _table(name: str, header: list[str], rows: list[list[str]]) -> list[str]:
    # Blank lines of 2 and 4 spaces stand where <thead>, <tbody> and <tr> were.
    lines = [name, "  "]
    lines += _row(header)
    lines += ["  ", "  "]
    for row in rows:
        lines += _row(row)
    lines.append("  ")
    return lines


def _row(cells: list[str]) -> list[str]:
    lines = ["    "]
    for index, cell in enumerate(cells):
        lines.append(f"{_CELL}| {cell} | " if index == 0 else f"{_CELL}{cell} | ")
    lines.append("    ")
    return lines


def _item_table(section: str, items: list[Item]) -> list[str]:
    header = list(SECTION_COLUMNS[section])
    extra_columns: list[str] = []
    for item in items:
        extra_columns += [c for c in item.extra if c not in extra_columns]
    header += extra_columns
    rows = []
    for item in items:
        values = item.model_dump()
        row = [str(values[COLUMN_FIELDS[column]]) for column in SECTION_COLUMNS[section]]
        row += [item.extra.get(column, "") for column in extra_columns]
        rows.append(row)
    return _table(SECTION_TITLES[section], header, rows)


def _extra_section(extra: ExtraSection) -> list[str]:
    if not extra.columns:
        return _bullet_section(extra.name, [row[0] for row in extra.rows])
    return _table(extra.name, extra.columns, extra.rows)
