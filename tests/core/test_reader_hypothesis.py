"""Properties of the seed reader: valid entries round-trip; no input lets out more than a
ParseError."""

from __future__ import annotations

from hypothesis import assume, given, note, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from curator.core.errors import ParseError
from curator.core.model import KNOWN_SECTIONS, SECTION_COLUMNS, SECTIONS, Entry
from curator.core.reader import ReadResult, read_seed
from curator.core.writer import write_seed
from tests.conftest import DATA, SEEDS, SHARED_SEEDS

# Pieces that sit on the edges of the format, mixed into arbitrary text so that hypothesis
# tries them far more often than it would find them by chance.
_TOKENS = [
    "|", " | ", "| ", " |", "-", "  - ", ":", " :", ",", "(", ")", ".", " ", "\t", "\x0b", "\x0c",
    "\x85", "\xa0", "\u2028", "\ufeff", "\x7f", "é", "€", "🏙️",
    ", (from page 20221217.)", "(from page 1.)", "External link", "External link:",
    "http://a.b/c", "<b>x</b>", "&amp;",
    *KNOWN_SECTIONS, *(f"{name}:" for name in KNOWN_SECTIONS), "keywords :", "Regions",
]
# Line breaks and the control characters the model forbids would only be filtered out again.
_ALPHABET = st.characters(
    exclude_characters="\n\r" + "".join(map(chr, [*range(0, 9), *range(14, 32)])),
    exclude_categories=("Cs",),
)
_piece = st.one_of(st.text(_ALPHABET, min_size=1, max_size=8), st.sampled_from(_TOKENS))
_text = st.lists(_piece, max_size=4).map("".join)
_filled = st.lists(_piece, min_size=1, max_size=4).map("".join)
_relevancy = st.integers(min_value=1, max_value=5)
_FIELDS = {section: [c.replace("-", "_").replace("10_year", "ten_year") for c in columns
                     if c != "relevancy"] for section, columns in SECTION_COLUMNS.items()}


_BASE = {"id": "0" * 16, "title": "t"}


def _valid_in_entry(value_to_fields) -> object:
    """A filter: whether the value is valid where the model puts it (the rules stay the model's)."""
    def check(value: object) -> bool:
        try:
            Entry.model_validate({**_BASE, **value_to_fields(value)})
        except ValidationError:
            return False
        return True
    return check


def _one(field: str, texts: st.SearchStrategy[str] = _filled) -> st.SearchStrategy[str]:
    return texts.filter(_valid_in_entry(lambda v: {field: v}))


def _element(field: str) -> st.SearchStrategy[str]:
    return _filled.filter(_valid_in_entry(lambda v: {field: [v]}))


@st.composite
def _items(draw: st.DrawFn, section: str) -> list[dict]:
    # Every item of a section has the same extra columns, as a table read from a file does.
    valid = _valid_in_entry(lambda item: {section: [item]})
    extra_columns = draw(st.lists(
        _filled.filter(_valid_in_entry(lambda c: {section: [{"relevancy": 1, "extra": {c: ""}}]})),
        max_size=2, unique_by=str.casefold))
    items = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        relevancy = draw(_relevancy)
        item = {field: draw(_text.filter(
            _valid_in_entry(lambda v, f=field: {section: [{"relevancy": 1, f: v}]})))
            for field in _FIELDS[section]}
        item.update(relevancy=relevancy, relevancy_imported=relevancy,
                    extra={column: draw(_text.filter(_valid_in_entry(
                        lambda v, c=column: {section: [{"relevancy": 1, "extra": {c: v}}]})))
                        for column in extra_columns})
        assume(valid(item))
        items.append(item)
    return items


@st.composite
def _extra_section(draw: st.DrawFn) -> dict:
    name = draw(_filled.filter(_valid_in_entry(
        lambda n: {"extra_sections": [{"name": n, "rows": [["x"]]}]})))
    cell = _filled.filter(_valid_in_entry(
        lambda c: {"extra_sections": [{"name": "X", "rows": [[c]]}]}))
    table_cell = _text.filter(_valid_in_entry(
        lambda c: {"extra_sections": [{"name": "X", "columns": ["c"], "rows": [[c]]}]}))
    if draw(st.booleans()):
        section = {"name": name, "rows": draw(st.lists(st.lists(cell, min_size=1, max_size=1),
                                                       min_size=1, max_size=3))}
    else:
        columns = draw(st.lists(cell, min_size=1, max_size=3))
        rows = draw(st.lists(st.lists(table_cell, min_size=len(columns), max_size=len(columns)),
                             max_size=3))
        section = {"name": name, "columns": columns, "rows": rows}
    assume(_valid_in_entry(lambda s: {"extra_sections": [s]})(section))
    return section


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    """Valid entries, as the model defines valid, with the curation fields at their defaults."""
    fields = {
        "id": draw(st.text("0123456789abcdef", min_size=16, max_size=16)),
        "title": draw(_one("title")),
        "page": draw(st.none() | _one("page")),
        "url": draw(st.none() | st.sampled_from(["https://example.org/x?a=1&b=2", "http://h",
                                                  "HTTPS://EXAMPLE.ORG/|pipe|"])),
        "keywords": draw(st.lists(_element("keywords"), max_size=3)),
        "themes": draw(st.lists(_element("themes"), max_size=3)),
        "other": draw(st.dictionaries(
            _filled.filter(_valid_in_entry(lambda k: {"other": {k: ""}})), _one_other_value,
            max_size=3)),
        "summary": draw(st.lists(_one("summary", _text), max_size=4).map("\n".join)),
        **{section: draw(_items(section)) for section in SECTIONS},
        "extra_sections": draw(st.lists(_extra_section(), max_size=2)),
    }
    try:
        return Entry.model_validate(fields)
    except ValidationError:
        assume(False)
        raise  # unreachable: assume(False) ends the example


_one_other_value = _text.filter(_valid_in_entry(lambda v: {"other": {"k": v}}))


@settings(max_examples=300, deadline=None)
@given(entries())
def test_valid_entry_round_trips(entry: Entry) -> None:
    text = write_seed(entry)
    note(text)
    read = read_seed(text.encode("utf-8"), f"{entry.id}.txt").entry
    assert read.model_dump(exclude={"source"}) == entry.model_dump(exclude={"source"})


# -- nothing but ParseError escapes ------------------------------------------------

_SAMPLES = [p.read_bytes() for folder in (SEEDS, DATA / "variants", SHARED_SEEDS)
            if folder.is_dir() for p in sorted(folder.glob("*.txt"))]


def _read_or_parse_error(data: bytes) -> None:
    try:
        result = read_seed(data, "mutated.txt")
    except ParseError as error:
        # The line must be one of the file's (any \n or \r may have started a line), or
        # none for a problem of the whole file (empty, binary).
        assert error.line is None or 1 <= error.line <= data.count(b"\n") + data.count(b"\r") + 1
    else:
        assert isinstance(result, ReadResult)
        assert isinstance(result.entry, Entry)


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(_SAMPLES))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        lines = data.split(b"\n")
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        p = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "flip", "insert_bytes",
                                     "insert_text", "truncate", "nul", "huge_line", "stray",
                                     "space_control"]))
        note(f"{kind} i={i} j={j} p={p}")
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "huge_line":
            lines.insert(i, draw(st.sampled_from([b"x", b"      | a | ", b"  - k"])) * 100_000)
        if kind in ("delete", "duplicate", "swap", "huge_line"):
            data = b"\n".join(lines)
        elif kind == "flip" and data:
            data = data[:p] + bytes([data[p] ^ draw(st.integers(1, 255))]) + data[p + 1:]
        elif kind == "insert_bytes":
            data = data[:p] + draw(st.binary(max_size=16)) + data[p:]
        elif kind == "insert_text":
            data = data[:p] + draw(_text).encode("utf-8") + data[p:]
        elif kind == "truncate":
            data = data[:p]
        elif kind == "nul":
            data = data[:p] + b"\x00" + data[p:]
        elif kind == "stray":
            # A byte that is not UTF-8 inside otherwise valid UTF-8, as a hand edit in another
            # program leaves it (an é saved as Windows-1252), or a cut multi-byte sequence.
            stray = draw(st.sampled_from([b"\xe9", b"\x92", b"\x81", b"\xff", b"\xe2\x80",
                                          b"\xc3"]))
            data = data[:p] + stray + data[p:]
        elif kind == "space_control":
            # Characters str.strip() takes for white space but a user does not (\x1c-\x1f),
            # and real white space the reader trims, at the edge of a line or cell.
            char = draw(st.sampled_from(["\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028",
                                         "\xa0", "\u3000"])).encode("utf-8")
            lines[i] = char + lines[i] if draw(st.booleans()) else lines[i] + char
            data = b"\n".join(lines)
    return data


def test_samples_were_found() -> None:
    assert len(_SAMPLES) >= len(list(SEEDS.glob("*.txt"))) + 18


@settings(max_examples=300, deadline=None)
@given(_mutated())
def test_mutated_seed_reads_or_raises_parse_error(data: bytes) -> None:
    _read_or_parse_error(data)


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_any_bytes_read_or_raise_parse_error(data: bytes) -> None:
    _read_or_parse_error(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(), st.sampled_from(_TOKENS + ["\n", "\r\n", "  ", "      | "])))
       .map("".join))
def test_any_text_reads_or_raises_parse_error(text: str) -> None:
    _read_or_parse_error(text.encode("utf-8"))
