"""Read seed text into an entry, tolerating every variation the format allows."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .errors import NotSeedError, ParseError
from .identity import entry_id_for
from .messages import bad_relevancy, first_problem, item_place
from .model import (
    COLUMN_FIELDS,
    ITEM_TYPES,
    LINK_LINE,
    PAGE_SUFFIX,
    WHITESPACE,
    Entry,
    Source,
    header_lines,
    is_space,
    is_web_url,
    section_name,
    strip_text,
)

_LINK = re.compile(r"^external link\b\s*:?\s*(?P<url>.*)$", re.IGNORECASE)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
_RELEVANCY = {str(value): value for value in range(1, 6)}
"""The relevancy cells that are valid, and the whole numbers they stand for."""
_ITEM_FIELDS = {section: frozenset(model.model_fields) for section, model in ITEM_TYPES.items()}
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")
"""Control characters that are not white space: many of them mean a binary file."""
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))
"""The same control characters as bytes, to count them before decoding."""

@dataclass
class ReadResult:
    """What reading one file gives: the entry, and what the reader noticed along the way."""

    entry: Entry
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    """The decoded text, with line endings made LF and any byte order mark dropped."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode a seed file's bytes, saying how when it was not plain UTF-8."""
    warnings: list[str] = []
    if not data.strip():
        raise ParseError(None, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ParseError(None, "the file is not text (broken UTF-16)") from None
        warnings.append("line 1: decoded as UTF-16")
        controls = len(_CONTROLS.findall(text))
    elif b"\x00" in data:
        raise ParseError(None, "the file is binary, not seed text (it holds NUL bytes)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text, warning = _decode_not_utf8(data)
            warnings.append(warning)
        # In UTF-8, Windows-1252 and Latin-1 each control character is a byte of its own, and
        # counting bytes is many times faster than a regex over the text.
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ParseError(None, "the file is binary, not seed text (it holds NUL characters)")
    if controls > max(8, len(text) // 100):
        raise ParseError(None, "the file is binary, not seed text (too many control "
                         "characters)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def _shown(line: str) -> str:
    """A line as a message quotes it: its characters visible, long ones cut."""
    text = line if len(line) <= 60 else line[:57] + "..."
    return ascii(text) if not text.isprintable() else repr(text)


_STRAY = re.compile("[\udc80-\udcff]")
"""A byte that is not UTF-8, as the surrogateescape error handler keeps it."""


def _decode_not_utf8(data: bytes) -> tuple[str, str]:
    """Text that is not all valid UTF-8: mostly UTF-8 with a few stray bytes (a hand edit
    in another program), or all in a legacy encoding. Returns the text and what was done."""
    mixed = data.decode("utf-8", "surrogateescape")
    stray = len(_STRAY.findall(mixed))
    valid = sum(1 for char in mixed if char >= "\x80") - stray
    # Real legacy text almost never holds a valid UTF-8 sequence by chance: one is enough to
    # call the file UTF-8, unless the stray bytes far outnumber the valid characters.
    if valid and stray <= 10 * valid:
        lines: list[int] = []
        line, last = 1, 0

        def own(match: re.Match[str]) -> str:
            nonlocal line, last
            line += mixed.count("\n", last, match.start())
            last = match.start()
            if not lines or lines[-1] != line:
                lines.append(line)
            byte = bytes([ord(match.group()) - 0xDC00])
            return byte.decode("cp1252", "ignore") or byte.decode("latin-1")

        text = _STRAY.sub(own, mixed).lstrip("\ufeff")
        shown = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more"
                                                   if len(lines) > 10 else "")
        bytes_are = f"{stray} bytes that are" if stray > 1 else "1 byte that is"
        return text, (f"line {lines[0]}: {bytes_are} not UTF-8 (on line"
                      f"{'s' if len(lines) > 1 else ''} {shown}) read as "
                      "Windows-1252; the rest of the file is UTF-8 and read as such")
    try:
        return data.decode("cp1252"), "line 1: not UTF-8: decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "line 1: not UTF-8: decoded as Latin-1"


def read_seed(data: bytes, file_name: str | None = None) -> ReadResult:
    """Read a seed file's bytes into an entry; raise ParseError for anything unreadable."""
    text, warnings = decode(data)
    return _Reader(text, warnings).read(entry_id_for(file_name, data), file_name, data)


def _indented(line: str) -> bool:
    return is_space(line[:1])


_section_name = section_name


class _Reader:
    """Reads one decoded file. Its lines are plain strings, named by their index (the line
    number less one): an object for each of a seed file's hundreds of lines cost more time
    than it saved."""

    def __init__(self, text: str, warnings: list[str]) -> None:
        self.text = text
        self.warnings = warnings
        self.lines = text.split("\n")
        self.row_lines: dict[str, list[int]] = {}
        self.header_lines: dict[str, int] = {}
        self.extra_lines: list[int] = []
        self.previous = ""
        self.unknown: list[str] = []
        self.noticed: dict[str, list] = {}
        """Kind of problem -> [first line, count, first message]: one warning per kind."""

    def _warn(self, line: int, kind: str, message: str) -> None:
        seen = self.noticed.get(kind)
        if seen:
            seen[1] += 1
        else:
            self.noticed[kind] = [line, 1, message]

    def _summarize_warnings(self) -> None:
        for kind, (line, count, message) in self.noticed.items():
            more = f" (and {count - 1} more like it)" if count > 1 else ""
            if kind == "unknown section":
                names = ", ".join(repr(n) for n in self.unknown[:10])
                more = f" and {count - 10} more" if count > 10 else ""
                many = count > 1
                message = (f"unknown section{'s' if many else ''} {names}{more} kept as "
                           f"{'they are' if many else 'it is'}")
                more = ""
            self.warnings.append(f"line {line}: {message}{more}")

    def read(self, entry_id: str, file_name: str | None, data: bytes) -> ReadResult:
        fields: dict = {"id": entry_id}
        pos = self._skip_blank(0)
        if pos >= len(self.lines):
            raise ParseError(None, "the file is empty")
        first = self.lines[pos]
        if _indented(first) or _section_name(first) or LINK_LINE.match(strip_text(first)):
            raise ParseError(pos + 1, "no title: the first line must be the entry's title, "
                                      f"not {_shown(first)}")
        fields["title"], fields["page"] = self._title(pos)
        pos = self._link(pos + 1, fields)
        sections = self._split_sections(pos)
        if "url" not in self.header_lines and not any(
                _section_name(self.lines[header]) for header, _ in sections):
            raise NotSeedError(  # a verdict on the whole file: no line means anything
                None, "not a seed file: no 'External link' line after the title and "
                                "no known section (Keywords, Summary, Signals...)")
        self._check_text_before(pos, sections)
        seen: set[str] = set()
        for header, end in sections:
            line = self.lines[header]
            name = _section_name(line) or strip_text(strip_text(line).rstrip(":"))
            key = name.casefold()
            if key in seen:
                raise ParseError(header + 1, f"section {name!r} appears twice")
            seen.add(key)
            self.header_lines[key] = header + 1
            self._section(name, header, end, fields)
        fields["source"] = Source(file=file_name, sha256=hashlib.sha256(data).hexdigest())
        self._summarize_warnings()
        entry = self._validate(fields)
        return ReadResult(entry=entry, warnings=self.warnings, text=self.text)

    # -- structure ---------------------------------------------------------

    def _skip_blank(self, pos: int) -> int:
        while pos < len(self.lines) and not strip_text(self.lines[pos]):
            pos += 1
        return pos

    def _title(self, index: int) -> tuple[str, str | None]:
        text = strip_text(self.lines[index])
        match = PAGE_SUFFIX.search(text)
        if match:
            title, page = strip_text(text[: match.start()]), strip_text(match.group(1))
            if not title:
                raise ParseError(index + 1, "no title: the title line holds only a page")
            return title, page or None
        return text, None

    def _link(self, pos: int, fields: dict) -> int:
        """Read the `External link` line, with its URL on the same or the next line."""
        if pos >= len(self.lines):
            return pos
        match = _LINK.match(strip_text(self.lines[pos]))
        if not match:
            return pos
        line = pos + 1
        self.header_lines["url"] = line
        url = strip_text(match.group("url"))
        pos += 1
        if not url and pos < len(self.lines):
            candidate = self.lines[pos]
            if not _indented(candidate) and _URL.match(strip_text(candidate)):
                url = strip_text(candidate)
                line = pos + 1
                pos += 1
        if url:
            if is_web_url(url):
                fields["url"] = url
                return pos
            if is_web_url(url.split()[0]):
                why = "holds spaces"
            elif _CONTROLS.search(url):
                why = "holds control characters"
            else:
                why = "is not an http(s) link"
            self._warn(line, "link", f"the link {url!r} {why}; kept under Other as 'Link'")
            fields.setdefault("other", {})["Link"] = url
        return pos

    def _split_sections(self, pos: int) -> list[tuple[int, int]]:
        """Cut the rest of the file at section headers: each header's index, and where its
        body ends (the next header, or the end of the file)."""
        headers = header_lines(self.lines, pos, len(self.lines))
        return list(zip(headers, headers[1:] + [len(self.lines)]))

    def _check_text_before(self, pos: int, sections: list[tuple[int, int]]) -> None:
        first_text = self._skip_blank(pos)
        if first_text >= (sections[0][0] if sections else len(self.lines)):
            return
        line = self.lines[first_text]
        if _LINK.match(strip_text(line)):
            what = "a second 'External link' line"
        elif _indented(line) and _URL.match(strip_text(line)) and "url" in self.header_lines:
            what = ("a link indented on the line after 'External link' (write it on the same "
                    "line, or alone at the start of the next)")
        else:
            what = f"{_shown(line)}, which is not a section name"
        raise ParseError(first_text + 1, f"text before the first section: {what}")

    # -- sections ----------------------------------------------------------

    def _section(self, name: str, header: int, end: int, fields: dict) -> None:
        key = name.casefold()
        start = header + 1
        if key in ("keywords", "themes"):
            fields[key] = [text for _, text in self._bullets(start, end, name)]
        elif key == "other":
            self._other(start, end, fields.setdefault("other", {}))
        elif key == "summary":
            fields["summary"] = "\n".join(self.lines[start:end])
        elif key in ITEM_TYPES:
            fields[key] = self._items(key, header, end)
        else:
            fields.setdefault("extra_sections", []).append(self._extra(name, header, end))
            self.extra_lines.append(header + 1)
            if self.previous == "summary":
                self._warn(header + 1, "after summary",
                           f"{name!r}, a line followed by a list, then a section, is read as a "
                           "section of its own after the Summary, not as summary text")
            self.unknown.append(name)
            self._warn(header + 1, "unknown section", "")
        self.previous = key

    def _other(self, start: int, end: int, other: dict[str, str]) -> None:
        renamed: dict[str, int] = {}
        for index, text in self._bullets(start, end, "Other"):
            k, sep, v = text.partition(":")
            k = strip_text(k)
            if not sep:
                self._warn(index + 1, "no colon", f"Other item {k!r} without ':' kept as a key")
            if not k:
                raise ParseError(index + 1, "an Other item needs a key before ':'")
            if k in other:
                # Numbered per key, never renamed again: linear in the number of keys.
                number = renamed.get(k, 1)
                while f"{k} ({number})" in other or number == 1:
                    number += 1
                renamed[k] = number
                self._warn(index + 1, "duplicate key",
                           f"duplicate Other key {k!r} kept as {k + f' ({number})'!r}")
                k = f"{k} ({number})"
            other[k] = strip_text(v)

    def _bullets(self, start: int, end: int, section: str) -> list[tuple[int, str]]:
        items = []
        for index in range(start, end):
            line = self.lines[index]
            text = strip_text(line)
            if not text:
                continue
            if not text.startswith("-"):
                raise ParseError(index + 1, f"{section}: expected a bullet '  - text', not "
                                            f"{_shown(line)}")
            if not _indented(line):
                self._warn(index + 1, f"{section} unindented",
                           f"{section}: {_shown(line)} at column 0 read as an item of the list")
            text = strip_text(text[1:])
            if text:
                items.append((index, text))
        return items

    def _rows(self, start: int, end: int) -> tuple[list[list[str]], list[int]]:
        """Rows of a flattened table, and the index of each row's first line: a row starts
        with '| '; each cell line ends with '|'."""
        rows: list[list[str]] = []
        starts: list[int] = []
        lines, space = self.lines, WHITESPACE  # strip_text and _indented, inlined: the
        for index in range(start, end):       # hottest loop of an import
            line = lines[index]
            text = line.strip(space)
            if not text:
                continue
            if line[0] not in space:
                raise ParseError(index + 1, f"unexpected text inside a table: {_shown(line)}")
            if text[-1] != "|":
                raise ParseError(index + 1, "a table cell must end with ' |'")
            if text[0] == "|" and len(text) > 1:
                rows.append([text[1:-1].strip(space)])
                starts.append(index)
            elif rows:
                rows[-1].append(text[:-1].strip(space))
            else:
                raise ParseError(index + 1, "a table cell before the first row")
        return rows, starts

    def _cell_line(self, row_start: int, cell: int) -> int:
        """The line number of a row's cell, counting the row's non-blank lines."""
        index = row_start
        for _ in range(cell):
            index = self._skip_blank(index + 1)
        return index + 1

    def _header(self, header: int, rows: list[list[str]], starts: list[int],
                section: str = "") -> list[str]:
        """The table's columns, once each row has as many cells; `section`, a scored table's
        key (`signals`), names a short row's item as the analyst knows it."""
        if not rows:
            raise ParseError(header + 1,
                             f"the table {strip_text(self.lines[header])!r} has no header row")
        columns = rows[0]
        if "" in columns:
            raise ParseError(starts[0] + 1, "a table header has an empty column name")
        folded = [c.casefold() for c in columns]
        if len(set(folded)) < len(folded):
            repeated = min(c for c, n in Counter(folded).items() if n > 1)
            raise ParseError(starts[0] + 1, f"the table header repeats {repeated!r}")
        for row, (start, cells) in enumerate(zip(starts[1:], rows[1:])):
            if len(cells) != len(columns):
                counts = f"has {len(cells)} cells but the header has {len(columns)}"
                if not section:
                    raise ParseError(start + 1, f"a row {counts}")
                named = [n for n, c in enumerate(folded) if c in ("name", "description")]
                name = next((cells[n] for n in named if n < len(cells) and cells[n]), "")
                raise ParseError(start + 1, f"{item_place(section, row, name)}: the row {counts}")
        return columns

    def _items(self, section: str, header: int, end: int) -> list[dict]:
        """One of the five tables, as a dict of item fields for each row below the header."""
        rows, starts = self._rows(header + 1, end)
        columns = self._header(header, rows, starts, section)
        fields = self._fields(section, columns, starts[0])
        self.row_lines[section] = [start + 1 for start in starts[1:]]
        relevancies = self._relevancies(section, rows, starts, fields)
        allowed = _ITEM_FIELDS[section]
        extra = [(i, c) for i, (c, f) in enumerate(zip(columns, fields)) if f not in allowed]
        items = []
        for cells, relevancy in zip(rows[1:], relevancies):
            item: dict[str | None, Any]
            if extra:
                item = {f: cell for f, cell in zip(fields, cells) if f in allowed}
                item["extra"] = {c: cells[i] for i, c in extra}
            else:  # then no "extra" at all: even an empty dict costs a validator call per item
                item = dict(zip(fields, cells))
            item["relevancy"] = item["relevancy_imported"] = relevancy
            items.append(item)
        return items

    def _fields(self, section: str, columns: list[str], header_row: int) -> list[str | None]:
        """The item field each column fills; None for a column Curator does not know."""
        fields = [COLUMN_FIELDS.get(c.casefold()) for c in columns]
        if "relevancy" not in fields:
            raise ParseError(header_row + 1, f"the {section} table has no relevancy column")
        unknown = [c for c, f in zip(columns, fields) if f is None]
        if unknown:
            self._warn(header_row + 1, f"{section} columns",
                       f"{section}: unknown columns kept: {', '.join(unknown)}")
        return fields

    def _relevancies(self, section: str, rows: list[list[str]], starts: list[int],
                     fields: list[str | None]) -> list[int]:
        """The relevancy of each row below the header."""
        column = fields.index("relevancy")
        texts = [cells[column] for cells in rows[1:]]
        if not set(texts) <= _RELEVANCY.keys():
            row = next(row for row, text in enumerate(texts, 1) if text not in _RELEVANCY)
            named = [fields.index(f) for f in ("name", "description") if f in fields]
            name = next((rows[row][c] for c in named if rows[row][c]), "")
            raise ParseError(self._cell_line(starts[row], column),
                             bad_relevancy(item_place(section, row - 1, name), rows[row][column]))
        return [_RELEVANCY[text] for text in texts]

    def _extra(self, name: str, header: int, end: int) -> dict:
        first = self._skip_blank(header + 1)
        if first < end and self.lines[first].lstrip().startswith("-"):
            bullets = self._bullets(header + 1, end, name)
            return {"name": name, "columns": [], "rows": [[t] for _, t in bullets]}
        rows, starts = self._rows(header + 1, end)
        columns = self._header(header, rows, starts)
        return {"name": name, "columns": columns, "rows": rows[1:]}

    # -- validation --------------------------------------------------------

    def _validate(self, fields: dict) -> Entry:
        try:
            return Entry.model_validate(fields)
        except ValidationError as error:
            problem = first_problem(error, fields)
            raise ParseError(self._line_of(problem.loc), str(problem)) from None

    def _line_of(self, loc: tuple) -> int:
        """The line an invalid field came from: its table row, else its section header."""
        if not loc or not isinstance(loc[0], str):
            return 1
        section = loc[0]
        if section in ("title", "page"):
            return self._skip_blank(0) + 1
        rows = self.extra_lines if section == "extra_sections" else self.row_lines.get(section, [])
        if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(rows):
            return rows[loc[1]]
        return self.header_lines.get(section, 1)
