"""Messy seed text: no text changes silently, not-a-seed files are refused, messages name what
is wrong; validate, import and the core import agree on every variant."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from pydantic import ValidationError

from curator.core.errors import NotSeedError, ParseError
from curator.core.importer import NOT_SEED
from curator.core.model import WHITESPACE, Entry, Signal
from curator.core.reader import read_seed
from curator.core.writer import write_seed
from tests.reliability.messy import BASE, assert_same_everywhere, edited, run_three_ways, write

SUMMARY = "Three coastal towns have launched"


def _read(text: str | bytes, name: str = "x.txt"):
    return read_seed(text.encode("utf-8") if isinstance(text, str) else text, name)


# -- mixed encodings --------------------------------------------------------------------------

STRAY = {
    "one é in the summary": (edited(SUMMARY, "Caf\udce9 \u2019s \u2014 " + SUMMARY), [21]),
    "on two lines": (edited("  - housing", "  - hous\udce9ing",
                            edited(SUMMARY, "\u00e4 caf\udce9 " + SUMMARY)), [13, 21]),
    "in the title": (edited("Coastal Towns", "Caf\udce9 Towns \u2014"), [1]),
    "a cut sequence": (edited(SUMMARY, "\u2019 \udce2\udc80 " + SUMMARY), [21]),
    "undefined in Windows-1252": (edited(SUMMARY, "\u2014 \udc81 " + SUMMARY), [21]),
}


@pytest.mark.parametrize(("text", "lines"), STRAY.values(), ids=STRAY.keys())
def test_stray_bytes_keep_the_utf8_text_and_name_their_lines(text: str, lines: list[int]) -> None:
    data = text.encode("utf-8", "surrogateescape")
    result = _read(data)
    valid = data.decode("utf-8", "replace").replace("\ufffd", "")
    for char in "\u2019\u2014\u00e4":  # kept as UTF-8, never turned into mojibake
        assert result.text.count(char) == valid.count(char)
    # What '’' or '—' read as Windows-1252 start with: only where stray bytes stood.
    assert result.text.count("\u00e2\u20ac") == text.count("\udce2\udc80")
    [warning] = result.warnings
    assert warning.startswith(f"line {lines[0]}: ")
    assert f"on line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}" in warning


def test_stray_e_acute_reads_as_e_acute(tried) -> None:
    text = edited(SUMMARY, "Caf\udce9 \u2019 " + SUMMARY)
    result = _read(text.encode("utf-8", "surrogateescape"))
    assert result.entry.summary.startswith("Caf\u00e9 \u2019 Three")
    tried("UTF-8 seed files with stray bytes that are not UTF-8 (an é saved as Windows-1252, a "
          "cut sequence, a byte Windows-1252 leaves undefined; in the title, summary, lists)",
          len(STRAY) + 1, "the valid UTF-8 text kept as it is (no mojibake); the stray bytes "
          "read alone; the warning names their lines")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_legacy_file_still_reads_whole_in_its_encoding(encoding: str) -> None:
    text = edited(SUMMARY, "Caf\u00e9 d\u00e9j\u00e0 vu " + SUMMARY)
    result = _read(text.encode(encoding))
    assert result.entry.summary.startswith("Caf\u00e9 d\u00e9j\u00e0 vu")
    assert result.warnings == ["line 1: not UTF-8: decoded as Windows-1252"]


# -- control characters that str.strip() takes for space --------------------------------------

def test_only_x1c_to_x1f_are_space_to_python_but_not_to_curator() -> None:
    python_space = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert python_space - set(WHITESPACE) == {"\x1c", "\x1d", "\x1e", "\x1f"}


PLACES = {
    "title start": ("Coastal Towns", "{c}Coastal Towns", 1, "Title"),
    "title end": (", (from page", "{c}, (from page", 1, "Title"),
    "keyword start": ("  - sea-level rise", "  - {c}sea-level rise", 3, "Keyword 2"),
    "keyword end": ("  - sea-level rise", "  - sea-level rise{c}", 3, "Keyword 2"),
    "theme": ("  - housing", "  - housing {c}", 10, "Theme 2"),
    "Other value": ("Category: environment", "Category: environment{c}", 15,
                    "Other 'Category': value"),
    "cell start": ("| Managed Retreat Goes Local |", "| {c}Managed Retreat Goes Local |", 35,
                   "Signal 1 'Managed Retreat Goes Local': name"),
    "cell end": ("      Small towns, not only national agencies, fund relocation. |",
                 "      Small towns, not only national agencies, fund relocation.{c} |", 35,
                 "Signal 1 'Managed Retreat Goes Local': description"),
}


@pytest.mark.parametrize("char", ["\x1c", "\x1d", "\x1e", "\x1f"])
@pytest.mark.parametrize(("old", "new", "line", "field"), PLACES.values(), ids=PLACES.keys())
def test_space_like_control_is_refused_wherever_it_stands(char: str, old: str, new: str,
                                                          line: int, field: str, tried) -> None:
    with pytest.raises(ParseError) as caught:
        _read(edited(old, new.format(c=char)))
    assert (caught.value.line, caught.value.message) == (line, (
        f"{field} must not hold control characters (U+{ord(char):04X} here, invisible)"))
    if char == "\x1f" and new.startswith("{c}C"):
        tried("\\x1c-\\x1f at the start or end of a title, list item, Other value or cell "
              "(reader), and of any text field (model)", f"{len(PLACES) * 4} + 12",
              "refused like the same character inside text, naming the character and the "
              "line; never dropped")


@pytest.mark.parametrize("char", ["\x1c", "\x1f"])
@pytest.mark.parametrize("make", [
    lambda c: Entry(id="0" * 16, title=f"{c}title"),
    lambda c: Entry(id="0" * 16, title="t", keywords=[f"word{c}"]),
    lambda c: Entry(id="0" * 16, title="t", other={f"{c}key": "v"}),
    lambda c: Entry(id="0" * 16, title="t", other={"key": f"v{c}"}),
    lambda c: Entry(id="0" * 16, title="t", page=f"{c}1"),
    lambda c: Signal(relevancy=3, name=f"{c}name"),
], ids=["title", "keyword", "other key", "other value", "page", "cell"])
def test_the_model_refuses_them_at_the_edges_too(char: str, make, tried) -> None:
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
        make(char)


def test_real_unicode_space_at_the_edges_is_still_trimmed() -> None:
    entry = _read(edited("  - housing", "  - housing\u00a0\u2028")).entry
    assert entry.themes[-1] == "housing"


# -- a summary with a list, a bullet that lost its indent -------------------------------------

LIST = "The buyouts cover:\n  - the house\n  - moving costs"


@pytest.mark.parametrize("after", [
    "\nOfficials expect more towns to follow.",
    "\n\nOfficials expect more.\n\nAnd a third paragraph.",
    "\nNext:\n  - more towns\nEnd.",
], ids=["paragraph", "paragraphs", "two lists"])
def test_a_summary_keeps_a_list_followed_by_text(after: str) -> None:
    result = _read(edited(f"Summary\n{SUMMARY}", f"Summary\n{LIST}{after}\n{SUMMARY}"))
    assert result.entry.summary.startswith(LIST + after)
    assert result.entry.extra_sections == [] and result.warnings == []
    again = _read(write_seed(result.entry)).entry
    assert again.summary == result.entry.summary


def test_a_list_that_ends_the_summary_is_a_section_and_says_so(tried) -> None:
    result = _read(edited("\nSignals\n", f"\n{LIST}\nSignals\n"))
    [section] = result.entry.extra_sections
    assert section.name == "The buyouts cover:"[:-1] or section.name == "The buyouts cover"
    assert any("after the Summary, not as summary text" in w for w in result.warnings)
    with pytest.raises(ValidationError, match="would read back as a section"):
        Entry(id="0" * 16, title="t", summary=LIST)
    Entry(id="0" * 16, title="t", summary="  - a list first\n  - is summary text")
    tried("a summary holding a line and '  - ' bullets, followed by text, by another list, or "
          "by the next section", 5, "kept in the summary when text follows; otherwise read as "
          "a section with a warning saying it left the summary; the model refuses a summary "
          "that would read back split")


@pytest.mark.parametrize(("old", "new", "field", "expected"), [
    ("  - sea-level rise", "-SMoE\n \n  - sea-level rise", "keywords",
     ["managed retreat", "SMoE", "sea-level rise", "climate adaptation"]),
    ("  - housing", "- housing", "themes", ["climate change", "housing"]),
    ("  - Type: news article", "-Type: news article", "other",
     {"Category": "environment", "Type": "news article"}),
], ids=["keyword", "theme", "other"])
def test_a_bullet_without_indent_stays_in_its_list(old, new, field, expected, tried) -> None:
    result = _read(edited(old, new))
    assert getattr(result.entry, field) == expected
    assert result.entry.extra_sections == []
    assert any("at column 0 read as an item of the list" in w for w in result.warnings)
    if field == "keywords":
        tried("a '-item' at column 0 inside Keywords, Themes, Other", 3,
              "read as an item of its list with a warning; every later item stays in the list")


# -- not a seed file --------------------------------------------------------------------------

NOT_SEEDS = {
    "hello": "hello",
    "hello and newline": "hello\n",
    "notes": "Meeting notes\n\nWe talked about the scan.\nNext steps: none.",
    "markdown": "# README\n\nThis folder holds seeds.\n\n- one\n- two\n",
    "json export": '{\n  "format": "curator-entries",\n  "version": 1,\n  "entries": []\n}',
    "only an unknown list": "A title\nRegions\n  - Europe",
}


@pytest.mark.parametrize("text", NOT_SEEDS.values(), ids=NOT_SEEDS.keys())
def test_a_text_that_is_no_seed_is_refused_as_not_a_seed(text: str) -> None:
    with pytest.raises(NotSeedError) as caught:
        _read(text)
    assert caught.value.line is None and caught.value.message.startswith("not a seed file")


@pytest.mark.parametrize("text", [
    "A title\nExternal link", "A title\nSummary\nText.", "A title\n\nKeywords\n  - k",
    "External link rot: sources vanish\nExternal link", "External links we lost\nSummary\nx",
], ids=["link only", "summary only", "keywords only", "link-rot title", "links title"])
def test_a_title_and_a_link_line_or_known_section_is_a_seed(text: str) -> None:
    assert _read(text).entry.title == text.split("\n")[0]


def test_a_dropped_folder_lists_not_seeds_apart(tmp_path: Path, capsys, tried) -> None:
    folder = tmp_path / "drop"
    for n, text in enumerate(NOT_SEEDS.values()):
        write(folder, f"note{n}.txt", text)
    write(folder, "broken.txt", edited("      4 | ", "      9 | "))
    write(folder, "good.txt", BASE)
    result = run_three_ways(tmp_path, [folder], capsys)
    assert_same_everywhere(result)
    report = result.report
    assert (report.imported, len(report.not_seeds), report.failed) == (1, len(NOT_SEEDS), 7)
    assert all(f.kind == NOT_SEED for f in report.not_seeds)
    tried("text files that are not seeds in a dropped folder (hello, notes, README, a JSON "
          "export as .txt, only an unknown section)", len(NOT_SEEDS),
          "refused as 'not a seed file' at line 1, listed apart from broken seeds; validate, "
          "import and the GUI's import agree")


# -- messages that say what is wrong ----------------------------------------------------------

MESSAGES = {
    "control title": ("Coastal Towns Pilot", "\x01Coastal Towns Pilot", 1, "U+0001"),
    "two link lines": ("External link https://example.org/coast/buyouts",
                       "External link https://example.org/coast/buyouts\nExternal link", 3,
                       "a second 'External link' line"),
    "indented link": ("External link https://example.org/coast/buyouts",
                      "External link\n   https://example.org/coast/buyouts", 3,
                      "a link indented on the line after 'External link'"),
    "stray text": ("Keywords", "stray words\nKeywords", 3, "'stray words', which is not"),
    "bullet": ("  - housing", "  housing", 13, "not '  housing'"),
}


@pytest.mark.parametrize(("old", "new", "line", "says"), MESSAGES.values(), ids=MESSAGES.keys())
def test_messages_name_what_was_found(old: str, new: str, line: int, says: str, tried) -> None:
    with pytest.raises(ParseError) as caught:
        _read(edited(old, new))
    assert caught.value.line == line and says in caught.value.message
    if says == "U+0001":
        tried("a control character in the title line, two External link lines, a URL indented "
              "on the next line, stray text, a bullet without '-'", len(MESSAGES) + 2,
              "the message names what was found (the character, the second link line, the "
              "indented link, the text)")


@pytest.mark.parametrize(("url", "why"), [
    ("https://example.org/a b c", "holds spaces"), ("ftp://example.org/x", "not an http(s)"),
])
def test_a_link_that_is_kept_under_other_says_why(url: str, why: str) -> None:
    result = _read(edited("External link https://example.org/coast/buyouts",
                          f"External link {url}"))
    assert result.entry.url is None and result.entry.other["Link"] == url
    assert any(why in w and w.startswith("line 2: ") for w in result.warnings)


# -- cost that grows with input, and column names ---------------------------------------------

@pytest.mark.parametrize("count", [600, 3_000])
def test_repeated_other_keys_cost_stays_linear(count: int, tried) -> None:
    text = edited("  - Type: news article", "\n".join(["  - Category: x"] * count))
    tracemalloc.start()
    try:
        result = _read(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(result.entry.other) == count + 1
    assert max(map(len, result.entry.other)) <= len(f"Category ({count + 1})")
    assert len(result.warnings) == 1 and f"and {count - 1} more" in result.warnings[0]
    assert peak < 200 * len(text)  # the entry and its copies, not warnings squared
    if count == 3_000:
        tried("600 and 3,000 repeated Other keys (21 KB and 100 KB files)", 2,
              f"one warning with a count; keys numbered 'Category (2)' to 'Category ({count})', "
              f"never growing; peak memory {peak // 2**20 + 1} MB for 3,000")


@pytest.mark.parametrize("column", ["reviewed", "extra", "relevancy_imported", "ten_year",
                                    "Reviewed", "notes", "status"])
def test_unknown_columns_named_like_fields_are_kept(column: str, tried) -> None:
    lines = BASE.split("\n")
    start, end = lines.index("Signals"), lines.index("Concerns")
    for index in range(end - 1, start, -1):  # one more cell after each relevancy of Signals
        if lines[index] == "      relevancy | ":
            lines.insert(index + 1, f"      {column} | ")
        elif lines[index] in ("      4 | ", "      3 | ", "      5 | "):
            lines.insert(index + 1, "      kept | ")
    entry = _read("\n".join(lines)).entry
    assert [signal.extra for signal in entry.signals] == [{column: "kept"}] * 2
    again = _read(write_seed(entry)).entry
    assert again.signals == entry.signals
    if column == "status":
        tried("unknown columns named reviewed, extra, relevancy_imported, ten_year, notes, "
              "status", 7, "kept under their own name and written back; no clash with fields")
