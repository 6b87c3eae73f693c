"""The entry model: one scan entry and its scored sections, validated by pydantic."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# Defined apart (the library reads them without pydantic); still public here.
from .vocabulary import SECTION_COLUMNS as SECTION_COLUMNS
from .vocabulary import SECTIONS as SECTIONS
from .vocabulary import Status as Status

SECTION_TITLES = {name: name.capitalize() for name in SECTIONS}

KNOWN_SECTIONS = ("Keywords", "Themes", "Other", "Summary") + tuple(SECTION_TITLES.values())

LINK_LINE = re.compile(r"^external link\s*:?\s*(?:[a-z][a-z0-9+.-]*://\S*)?$", re.IGNORECASE)
"""A line that is only the `External link` line (bare, or with a URL): never a title. Any
other first line is, even one that begins with those words ("External link rot: ...")."""

PAGE_SUFFIX = re.compile(r", \(from page ([^()\n]*)\.\)$")
"""How a title line names its scan page: `Title, (from page 20221217.)`."""


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
"""Control characters the reader takes for signs of a binary file (tab, VT and FF are text)."""

WHITESPACE = (" \t\n\x0b\x0c\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
              "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""Unicode White_Space: what the reader and the model trim, and nothing else. `str.strip()`
and `str.isspace()` with no argument also take \x1c-\x1f, control characters a user does
not see as space: trimmed there, they vanished without a word while the same character
inside text was refused. Both now keep them and refuse them alike, wherever they stand."""


def strip_text(value: str) -> str:
    """`value` without the white space at its ends (see WHITESPACE)."""
    return value.strip(WHITESPACE)


def is_space(char: str) -> bool:
    """Whether a character (or an empty string's lack of one) is white space to a reader."""
    return bool(char) and char in WHITESPACE


def _no_control(value: str) -> str:
    # Written out, these would make the file read as binary (or be stripped by the reader).
    found = _CONTROL.search(value)
    if found:
        raise PydanticCustomError(
            "control_char", "must not hold control characters (U+{code} here, invisible)",
            {"code": f"{ord(found.group()):04X}"})
    return value


# The text types strip themselves, in the one Python check each has anyway: pydantic-core's
# str_strip_whitespace copies every string, and over the hundreds of cells of a seed file
# that copying took longer than all the checks.
def _one_line(value: str) -> str:
    value = value.strip(WHITESPACE)
    # Printable text holds no line break and no control character: most values stop here.
    if not value.isprintable():
        if "\n" in value or "\r" in value:
            raise PydanticCustomError("one_line", "must be a single line")
        _no_control(value)
    return value


def _not_blank(value: str) -> str:
    value = _one_line(value)
    if not value:
        raise PydanticCustomError("not_blank", "must not be empty")
    return value


def _cell_text(value: str) -> str:
    value = _one_line(value)
    # A cell line that starts with "|" reads back as the start of a new row.
    if value.startswith("|"):
        raise PydanticCustomError("cell_pipe", "must not start with '|'")
    return value


Line = Annotated[str, AfterValidator(_one_line)]
NonEmptyLine = Annotated[str, AfterValidator(_not_blank)]
CellText = Annotated[str, AfterValidator(_cell_text)]
Relevancy = Annotated[int, Field(ge=1, le=5, strict=True)]


class _Model(BaseModel):
    # No str_strip_whitespace: the text types above strip themselves.
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Item(_Model):
    """A scored row of one of the five tables."""

    relevancy: Relevancy
    relevancy_imported: Relevancy | None = None
    reviewed: bool = False
    extra: dict[NonEmptyLine, CellText] = Field(
        default_factory=dict, description="Columns of the file that Curator does not know."
    )

    @field_validator("extra")
    @classmethod
    def _extra_names(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            return value
        # A column this kind of item writes would read back as that field, not as extra; any
        # other name (`reviewed`, `extra`, `ten_year`) is kept under its own name.
        reserved = {FIELD_COLUMNS[f] for f in cls.model_fields if f in FIELD_COLUMNS}
        for key in value:
            if key.casefold() in reserved or key.startswith("|"):
                raise PydanticCustomError(
                    "extra_key", "column name '{key}' is reserved", {"key": key}
                )
        if len({key.casefold() for key in value}) != len(value):
            raise PydanticCustomError("column_repeat", "column names must differ (ignoring case)")
        return value


class Signal(Item):
    name: CellText = ""
    description: CellText = ""
    change: CellText = ""
    ten_year: CellText = ""
    driving_force: CellText = ""


class Concern(Item):
    name: CellText = ""
    description: CellText = ""


class Behavior(Item):
    name: CellText = ""
    description: CellText = ""


class Technology(Item):
    description: CellText = ""
    src: CellText = ""


class Issue(Item):
    name: CellText = ""
    description: CellText = ""


ITEM_TYPES: dict[str, type[Item]] = {
    "signals": Signal,
    "concerns": Concern,
    "behaviors": Behavior,
    "technologies": Technology,
    "issues": Issue,
}

COLUMN_FIELDS = {
    "name": "name",
    "description": "description",
    "change": "change",
    "10-year": "ten_year",
    "driving-force": "driving_force",
    "relevancy": "relevancy",
    "src": "src",
}
"""Seed-file column headers and the item fields they fill."""

FIELD_COLUMNS = {field: column for column, field in COLUMN_FIELDS.items()}


class ExtraSection(_Model):
    """A whole section the file had that Curator does not know, kept as it was."""

    name: NonEmptyLine
    columns: list[NonEmptyLine] = Field(
        default_factory=list, description="Table header; empty for a bullet list."
    )
    rows: list[list[CellText]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> ExtraSection:
        # The reader takes "Name:" for "Name", and "Keywords:" for the known section.
        bare = self.name.rstrip(":").strip()
        if bare.casefold() in {s.casefold() for s in KNOWN_SECTIONS}:
            raise PydanticCustomError("section_name", "a known section name cannot be extra")
        if bare != self.name:
            raise PydanticCustomError("section_colon", "a section name cannot end with ':'")
        if self.name.startswith(("-", "|")):
            # A line at column 0 that starts so is a list item that lost its indent.
            raise PydanticCustomError("section_dash", "a section name cannot start with '-' or '|'")
        folded = [c.casefold() for c in self.columns]
        if len(set(folded)) != len(folded):
            raise PydanticCustomError("column_repeat", "column names must differ (ignoring case)")
        if any(c.startswith("|") for c in self.columns):
            # A header cell line that starts with "|" reads back as the start of a new row.
            raise PydanticCustomError("column_pipe", "a column name must not start with '|'")
        width = len(self.columns) or 1
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise PydanticCustomError(
                    "row_width",
                    "row {index} has {cells} cells, expected {width}",
                    {"index": index, "cells": len(row), "width": width},
                )
        if not self.columns and any(not row[0] for row in self.rows):
            raise PydanticCustomError("empty_bullet", "a list item must not be empty")
        return self


class Source(_Model):
    """Where an entry came from."""

    model_config = ConfigDict(str_strip_whitespace=True)

    file: str | None = None
    sha256: str | None = None
    imported_at: datetime | None = None

    @field_validator("file")
    @classmethod
    def _file_name(cls, value: str | None) -> str | None:
        # A seed export names files after it: a NUL or a control character would make every
        # later export of the library fail.
        return None if value is None else _no_control(value)


def section_name(line: str) -> str | None:
    """The known section a line at column 0 names (`Keywords`, `signals:` ...), else None."""
    if not line or line[0] in WHITESPACE:
        return None
    return _SECTION_BY_NAME.get(line.strip(WHITESPACE).rstrip(":").strip(WHITESPACE).casefold())


def header_lines(lines: list[str], start: int, end: int) -> list[int]:
    """The indexes of lines[start:end] that start a section, where a section (or the end of
    the file) follows lines[end - 1].

    A known section name at column 0 always does. Another line at column 0 names a section
    Curator does not know only when what follows decides so: after blank lines, an indented
    list item or table cell, and after that body, another section or the end. A line at
    column 0 that starts with '-' or '|' never does: it is an item that lost its indent.
    Decided from the end backwards, so each line is looked at once.
    """
    headers: list[int] = []
    closes = True  # whether the next line at column 0 starts a section (or there is none)
    next_text: int | None = None
    space = WHITESPACE  # strip_text and is_space, inlined: this runs over every line
    for index in range(end - 1, start - 1, -1):
        line = lines[index]
        if not line or line.isspace() and not line.strip(space):  # blank (isspace: fast,
            continue  # but it takes \x1c-\x1f for space too, so strip decides)
        if line[0] not in space:
            if section_name(line):
                closes = True
            else:
                body = lines[next_text] if next_text is not None else ""
                closes = (closes and line[:1] not in "-|" and is_space(body[:1])
                          and body.strip(space)[:1] in ("-", "|"))
            if closes:
                headers.append(index)
        next_text = index
    headers.reverse()
    return headers


def _summary_text(value: str) -> str:
    # Normalise the way the reader does, so that what is written reads back the same.
    _no_control(value)
    lines = [line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    for line in lines:
        if line.strip().rstrip(":").strip().casefold() in _KNOWN_LOWER:
            raise PydanticCustomError(
                "summary_section",
                "a summary line cannot be just a section name ('{line}')",
                {"line": line.strip()},
            )
    # The summary is followed by the Signals table: a line the reader would take for the name
    # of a section (a line followed by a list, and then by a section) cannot be written.
    split = header_lines(lines, 0, len(lines))
    if split:
        raise PydanticCustomError(
            "summary_list",
            "the summary line '{line}' followed by a list would read back as a section of its "
            "own; add a line of text after the list", {"line": lines[split[0]].strip()})
    return "\n".join(lines)


_KNOWN_LOWER = {s.casefold() for s in KNOWN_SECTIONS} | {"external link"}
_SECTION_BY_NAME = {name.casefold(): name for name in KNOWN_SECTIONS}


class Entry(_Model):
    """One scan entry: what the seed file says, plus the analyst's curation."""

    model_config = ConfigDict(str_strip_whitespace=False, extra="forbid")

    id: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
    title: NonEmptyLine
    page: Line | None = None
    url: str | None = None
    keywords: list[NonEmptyLine] = Field(default_factory=list)
    themes: list[NonEmptyLine] = Field(default_factory=list)
    other: dict[NonEmptyLine, Line] = Field(default_factory=dict)
    summary: Annotated[str, AfterValidator(_summary_text)] = ""
    signals: list[Signal] = Field(default_factory=list)
    concerns: list[Concern] = Field(default_factory=list)
    behaviors: list[Behavior] = Field(default_factory=list)
    technologies: list[Technology] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    extra_sections: list[ExtraSection] = Field(default_factory=list)
    status: Status = Status.NEW
    notes: str = ""
    source: Source = Field(default_factory=Source)
    updated_at: datetime | None = None

    # The same trimming as the text types and the reader: never \x1c-\x1f (see WHITESPACE).
    @field_validator("title", "page", "url", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return strip_text(value) if isinstance(value, str) else value

    @field_validator("keywords", "themes", mode="before")
    @classmethod
    def _strip_terms(cls, value: object) -> object:
        if isinstance(value, list):
            return [strip_text(v) if isinstance(v, str) else v for v in value]
        return value

    @field_validator("other", mode="before")
    @classmethod
    def _strip_other(cls, value: object) -> object:
        if isinstance(value, dict):
            return {
                (strip_text(k) if isinstance(k, str) else k):
                    (strip_text(v) if isinstance(v, str) else v)
                for k, v in value.items()
            }
        return value

    @field_validator("page")
    @classmethod
    def _page(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value or "(" in value or ")" in value:
            raise PydanticCustomError("page", "a page must be non-empty and hold no parentheses")
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if PAGE_SUFFIX.search(value):
            raise PydanticCustomError(
                "title_page", "the title must not end with '(from page …)'; use the page field"
            )
        if value.startswith("\ufeff"):
            # The reader drops byte order marks at the start of a file.
            raise PydanticCustomError("title_bom", "the title cannot start with a byte order mark")
        words = value.rstrip(":").strip().casefold()
        if words in _KNOWN_LOWER or LINK_LINE.match(value):
            # The reader reads such a first line as a missing title.
            raise PydanticCustomError(
                "title_section", "the title cannot be a section name or an 'External link' line")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not is_web_url(value):
            raise PydanticCustomError("url", "must be an http:// or https:// link")
        return _no_control(value)

    @field_validator("other")
    @classmethod
    def _other_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if ":" in key:
                raise PydanticCustomError(
                    "other_key", "a key cannot contain ':' ('{key}')", {"key": key})
        return value

    @field_validator("extra_sections")
    @classmethod
    def _extra_names(cls, value: list[ExtraSection]) -> list[ExtraSection]:
        names = [section.name.casefold() for section in value]
        if len(set(names)) != len(names):
            raise PydanticCustomError("section_repeat", "extra section names must differ")
        return value

    def items(self, section: str) -> list[Item]:
        """The scored items of one section by its name (`signals`, …)."""
        if section not in SECTIONS:
            raise KeyError(section)
        return getattr(self, section)

    @property
    def category(self) -> str | None:
        return _other_value(self.other, "category")

    @property
    def type(self) -> str | None:
        return _other_value(self.other, "type")


def is_web_url(text: str) -> bool:
    """Whether a link is one Curator will store and open: http or https, with a host."""
    return bool(_WEB_URL.match(text))


_WEB_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
_BARE_HOST = re.compile(r"^(?![a-z][a-z0-9+.-]*:)[^\s/?#:@]+\.[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$",
                        re.IGNORECASE)
"""A link typed without its scheme: a host with a dot and a top-level name, then the rest."""


def with_scheme(text: str) -> str | None:
    """The link an analyst most likely meant by `example.com/x` (https:// in front), or None
    when the text already has a scheme or does not look like a web address at all."""
    text = strip_text(text)
    if text.startswith("//"):
        text = text[2:]
    if not _BARE_HOST.match(text):
        return None
    offered = "https://" + text
    return offered if is_web_url(offered) else None


def _other_value(other: dict[str, str], key: str) -> str | None:
    for name, value in other.items():
        if name.casefold() == key:
            return value or None
    return None
