"""Read seed text into an entry, tolerating every variation the format allows."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from .errors import ParseError
from .identity import entry_id_for
from .model import (
    COLUMN_FIELDS,
    ITEM_TYPES,
    KNOWN_SECTIONS,
    PAGE_SUFFIX,
    Entry,
    Source,
    is_web_url,
)

_SECTION_BY_NAME = {name.casefold(): name for name in KNOWN_SECTIONS}
_LINK = re.compile(r"^external link\b\s*:?\s*(?P<url>.*)$", re.IGNORECASE)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
_RELEVANCY = re.compile(r"^[1-5]$")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")
"""Control characters that are not white space: many of them mean a binary file."""

MAX_BYTES = 64 * 1024 * 1024
"""A seed file larger than this is refused rather than read into memory."""


@dataclass
class ReadResult:
    """What reading one file gives: the entry, and what the reader noticed along the way."""

    entry: Entry
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    """The decoded text, with line endings made LF and any byte order mark dropped."""


class _Line:
    """One line of the file; blank and indented are worked out once, as they are asked often."""

    __slots__ = ("number", "text", "blank", "indented")

    def __init__(self, number: int, text: str) -> None:
        self.number = number
        self.text = text
        self.blank = not text.strip()
        self.indented = text[:1].isspace()


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode a seed file's bytes, saying how when it was not plain UTF-8."""
    warnings: list[str] = []
    if not data.strip():
        raise ParseError(1, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ParseError(1, "the file is not text (broken UTF-16)") from None
        warnings.append("decoded as UTF-16")
    elif b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError(line, "the file is binary, not seed text (it holds NUL bytes)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                warnings.append("not UTF-8: decoded as Windows-1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                warnings.append("not UTF-8: decoded as Latin-1")
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ParseError(1, "the file is binary, not seed text (it holds NUL characters)")
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise ParseError(1, "the file is binary, not seed text (too many control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def read_seed(data: bytes, file_name: str | None = None) -> ReadResult:
    """Read a seed file's bytes into an entry; raise ParseError for anything unreadable."""
    if len(data) > MAX_BYTES:
        raise ParseError(1, f"the file is too large ({len(data) // 2**20} MB; the limit is "
                            f"{MAX_BYTES // 2**20} MB)")
    text, warnings = decode(data)
    return _Reader(text, warnings).read(entry_id_for(file_name, data), file_name, data)


class _Reader:
    def __init__(self, text: str, warnings: list[str]) -> None:
        self.text = text
        self.warnings = warnings
        self.lines = [_Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
        self.row_lines: dict[str, list[int]] = {}
        self.header_lines: dict[str, int] = {}
        self.extra_lines: list[int] = []

    def read(self, entry_id: str, file_name: str | None, data: bytes) -> ReadResult:
        fields: dict = {"id": entry_id}
        pos = self._skip_blank(0)
        if pos >= len(self.lines):
            raise ParseError(1, "the file is empty")
        first = self.lines[pos]
        if first.indented or self._section_name(first) or _LINK.match(first.text.strip()):
            raise ParseError(first.number, "no title: the first line must be the entry's title")
        fields["title"], fields["page"] = self._title(first)
        pos = self._link(pos + 1, fields)
        sections = self._split_sections(pos)
        seen: set[str] = set()
        for header, body in sections:
            name = self._section_name(header) or header.text.strip().rstrip(":").strip()
            key = name.casefold()
            if key in seen:
                raise ParseError(header.number, f"section {name!r} appears twice")
            seen.add(key)
            self.header_lines[key] = header.number
            self._section(name, header, body, fields)
        fields["source"] = Source(file=file_name, sha256=hashlib.sha256(data).hexdigest())
        entry = self._validate(fields)
        return ReadResult(entry=entry, warnings=self.warnings, text=self.text)

    # -- structure ---------------------------------------------------------

    def _skip_blank(self, pos: int) -> int:
        while pos < len(self.lines) and self.lines[pos].blank:
            pos += 1
        return pos

    @staticmethod
    def _section_name(line: _Line) -> str | None:
        if line.indented:
            return None
        return _SECTION_BY_NAME.get(line.text.strip().rstrip(":").strip().casefold())

    def _title(self, line: _Line) -> tuple[str, str | None]:
        text = line.text.strip()
        match = PAGE_SUFFIX.search(text)
        if match:
            title, page = text[: match.start()].strip(), match.group(1).strip()
            if not title:
                raise ParseError(line.number, "no title: the title line holds only a page")
            return title, page or None
        return text, None

    def _link(self, pos: int, fields: dict) -> int:
        """Read the `External link` line, with its URL on the same or the next line."""
        if pos >= len(self.lines):
            return pos
        match = _LINK.match(self.lines[pos].text.strip())
        if not match:
            return pos
        self.header_lines["url"] = self.lines[pos].number
        url = match.group("url").strip()
        pos += 1
        if not url and pos < len(self.lines):
            candidate = self.lines[pos]
            if not candidate.indented and _URL.match(candidate.text.strip()):
                url = candidate.text.strip()
                pos += 1
        if url:
            if is_web_url(url):
                fields["url"] = url
            else:
                self.warnings.append(f"the link {url!r} is not http(s); kept under Other as 'Link'")
                fields.setdefault("other", {})["Link"] = url
        return pos

    def _split_sections(self, pos: int) -> list[tuple[_Line, list[_Line]]]:
        """Cut the rest of the file at section headers."""
        sections: list[tuple[_Line, list[_Line]]] = []
        for index in range(pos, len(self.lines)):
            line = self.lines[index]
            if self._is_header(index):
                sections.append((line, []))
            elif sections:
                sections[-1][1].append(line)
            elif not line.blank:
                raise ParseError(line.number, "text before the first section")
        return sections

    def _is_header(self, index: int) -> bool:
        line = self.lines[index]
        if line.blank or line.indented:
            return False
        if self._section_name(line):
            return True
        # An unknown section: a line at column 0 whose body is a table or a bullet list.
        after = self._skip_blank(index + 1)
        if after >= len(self.lines):
            return False
        nxt = self.lines[after]
        return nxt.indented and nxt.text.lstrip()[:1] in ("|", "-")

    # -- sections ----------------------------------------------------------

    def _section(self, name: str, header: _Line, body: list[_Line], fields: dict) -> None:
        key = name.casefold()
        if key in ("keywords", "themes"):
            fields[key] = [text for _, text in self._bullets(body, name)]
        elif key == "other":
            other = fields.setdefault("other", {})
            for line, text in self._bullets(body, name):
                k, sep, v = text.partition(":")
                k = k.strip()
                if not sep:
                    self.warnings.append(f"line {line.number}: Other item without ':' kept as a key")
                if not k:
                    raise ParseError(line.number, "an Other item needs a key before ':'")
                while k in other:
                    self.warnings.append(f"line {line.number}: duplicate Other key {k!r} renamed")
                    k = f"{k} (2)" if not k.endswith(")") else k + "'"
                other[k] = v.strip()
        elif key == "summary":
            fields["summary"] = "\n".join(line.text for line in body)
        elif key in ITEM_TYPES:
            fields[key] = self._items(key, header, body)
        else:
            fields.setdefault("extra_sections", []).append(self._extra(name, header, body))
            self.extra_lines.append(header.number)
            self.warnings.append(f"line {header.number}: unknown section {name!r} kept as it is")

    def _bullets(self, body: list[_Line], section: str) -> list[tuple[_Line, str]]:
        items = []
        for line in body:
            if line.blank:
                continue
            text = line.text.strip()
            if not text.startswith("-"):
                raise ParseError(line.number, f"{section}: expected a bullet '  - text'")
            text = text[1:].strip()
            if text:
                items.append((line, text))
        return items

    def _rows(self, body: list[_Line]) -> list[tuple[_Line, list[str]]]:
        """Rows of a flattened table: a row starts with '| '; each cell line ends with '|'."""
        rows: list[tuple[_Line, list[str]]] = []
        self.cell_lines: list[list[int]] = []
        for line in body:
            if line.blank:
                continue
            text = line.text.strip()
            if not line.indented:
                raise ParseError(line.number, "unexpected text inside a table")
            if not text.endswith("|"):
                raise ParseError(line.number, "a table cell must end with ' |'")
            if text.startswith("|") and len(text) > 1:
                rows.append((line, []))
                self.cell_lines.append([])
                text = text[1:]
            if not rows:
                raise ParseError(line.number, "a table cell before the first row")
            rows[-1][1].append(text[:-1].strip())
            self.cell_lines[-1].append(line.number)
        return rows

    def _header(self, header: _Line, rows: list[tuple[_Line, list[str]]]) -> list[str]:
        if not rows:
            raise ParseError(header.number, f"the table {header.text.strip()!r} has no header row")
        line, columns = rows[0]
        if any(not c for c in columns):
            raise ParseError(line.number, "a table header has an empty column name")
        folded = [c.casefold() for c in columns]
        duplicates = {c for c in folded if folded.count(c) > 1}
        if duplicates:
            raise ParseError(line.number, f"the table header repeats {sorted(duplicates)[0]!r}")
        for row_line, cells in rows[1:]:
            if len(cells) != len(columns):
                raise ParseError(
                    row_line.number,
                    f"a row has {len(cells)} cells but the header has {len(columns)}",
                )
        return columns

    def _items(self, section: str, header: _Line, body: list[_Line]) -> list[dict]:
        rows = self._rows(body)
        columns = self._header(header, rows)
        fields = [COLUMN_FIELDS.get(c.casefold()) for c in columns]
        if "relevancy" not in fields:
            raise ParseError(rows[0][0].number, f"the {section} table has no relevancy column")
        unknown = [c for c, f in zip(columns, fields) if f is None]
        if unknown:
            self.warnings.append(f"{section}: unknown columns kept: {', '.join(unknown)}")
        allowed = set(ITEM_TYPES[section].model_fields)
        items = []
        self.row_lines[section] = [line.number for line, _ in rows[1:]]
        for (line, cells), numbers in zip(rows[1:], self.cell_lines[1:]):
            item: dict = {"extra": {}}
            for column, name, cell, number in zip(columns, fields, cells, numbers):
                if name == "relevancy":
                    if not _RELEVANCY.match(cell):
                        raise ParseError(
                            number,
                            f"relevancy must be a whole number from 1 to 5, not {cell!r}",
                        )
                    item["relevancy"] = item["relevancy_imported"] = int(cell)
                elif name is None or name not in allowed:
                    item["extra"][column] = cell
                else:
                    item[name] = cell
            items.append(item)
        return items

    def _extra(self, name: str, header: _Line, body: list[_Line]) -> dict:
        first = next((line for line in body if not line.blank), None)
        if first is not None and first.text.lstrip().startswith("-"):
            return {"name": name, "columns": [], "rows": [[t] for _, t in self._bullets(body, name)]}
        rows = self._rows(body)
        columns = self._header(header, rows)
        return {"name": name, "columns": columns, "rows": [cells for _, cells in rows[1:]]}

    # -- validation --------------------------------------------------------

    def _validate(self, fields: dict) -> Entry:
        try:
            return Entry.model_validate(fields)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            path = ".".join(str(p) for p in first["loc"])
            raise ParseError(self._line_of(first["loc"]), f"{path}: {first['msg']}") from None

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

