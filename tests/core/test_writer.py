"""Writing seed text: the layout details the real exports use, and reading it back."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from curator.core.model import Behavior, Concern, Entry, ExtraSection, Issue, Signal, Technology
from curator.core.reader import read_seed
from curator.core.writer import write_seed

ID = "0123456789abcdef"


def _entry(**fields) -> Entry:
    return Entry.model_validate({"id": ID, "title": "A title: with, punctuation", **fields})


def _lines(entry: Entry) -> list[str]:
    return write_seed(entry).split("\n")


def _section(lines: list[str], name: str) -> list[str]:
    """The lines of one section, up to the next line at column 0."""
    start = lines.index(name) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] and not lines[i][0].isspace()),
               len(lines))
    return lines[start:end]


def _cells(lines: list[str]) -> list[str]:
    return [line.strip().lstrip("|").rstrip("|").strip() for line in lines if line.strip()]


def test_page_is_written_as_a_title_suffix() -> None:
    assert _lines(_entry(page="20221217"))[0] == "A title: with, punctuation, (from page 20221217.)"


def test_no_page_writes_the_bare_title() -> None:
    assert _lines(_entry())[0] == "A title: with, punctuation"


def test_no_url_writes_a_bare_link_line() -> None:
    assert _lines(_entry())[1] == "External link"


def test_url_is_written_on_the_link_line() -> None:
    lines = _lines(_entry(url="https://example.org/a?b=1"))
    assert lines[1] == "External link https://example.org/a?b=1"
    assert lines[2] == "Keywords"


def test_bullets_are_separated_by_a_space_line() -> None:
    lines = _lines(_entry(keywords=["one", "two"]))
    assert _section(lines, "Keywords") == ["  - one", " ", "  - two", " "]


def test_other_item_with_a_value() -> None:
    assert _section(_lines(_entry(other={"Category": "technology"})), "Other") == [
        "  - Category: technology", " "]


def test_other_item_with_an_empty_value_ends_at_the_colon() -> None:
    assert _section(_lines(_entry(other={"Type": ""})), "Other") == ["  - Type:", " "]


def test_summary_paragraphs_are_written_as_they_are() -> None:
    lines = _lines(_entry(summary="First.\n\nSecond."))
    start = lines.index("Summary")
    assert lines[start + 1: start + 4] == ["First.", "", "Second."]
    assert lines[start + 4] == "Signals"


def test_table_layout_matches_the_real_exports() -> None:
    lines = _lines(_entry(concerns=[Concern(name="N", description="D", relevancy=3)]))
    assert _section(lines, "Concerns") == [
        "  ", "    ", "      | name | ", "      description | ", "      relevancy | ", "    ",
        "  ", "  ",
        "    ", "      | N | ", "      D | ", "      3 | ", "    ",
        "  ",
    ]


def test_every_table_is_written_even_when_empty() -> None:
    lines = _lines(_entry())
    for name in ("Signals", "Concerns", "Behaviors", "Technologies", "Issues"):
        assert name in lines


def test_known_columns_follow_the_format_order() -> None:
    lines = _lines(_entry(technologies=[Technology(description="D", src="abc", relevancy=2)]))
    assert _cells(_section(lines, "Technologies")) == ["description", "relevancy", "src",
                                                       "D", "2", "abc"]


def test_extra_columns_are_written_after_known_ones() -> None:
    signals = [Signal(name="S", relevancy=4, extra={"confidence": "high", "owner": "me"})]
    header = _cells(_section(_lines(_entry(signals=signals)), "Signals"))[:8]
    assert header == ["name", "description", "change", "10-year", "driving-force", "relevancy",
                      "confidence", "owner"]


def test_missing_extra_value_is_written_as_an_empty_cell() -> None:
    issues = [Issue(name="A", relevancy=1, extra={"owner": "me"}), Issue(name="B", relevancy=2)]
    cells = _cells(_section(_lines(_entry(issues=issues)), "Issues"))
    assert cells == ["name", "description", "relevancy", "owner",
                     "A", "", "1", "me",
                     "B", "", "2", ""]


def test_extra_sections_are_written_after_the_tables() -> None:
    extras = [
        ExtraSection(name="Regions", rows=[["Europe"], ["Asia"]]),
        ExtraSection(name="Stakeholders", columns=["name", "role"], rows=[["Council", "runs it"]]),
    ]
    lines = _lines(_entry(extra_sections=extras))
    assert lines.index("Regions") > lines.index("Issues")
    assert lines.index("Stakeholders") > lines.index("Regions")
    assert _section(lines, "Regions") == ["  - Europe", " ", "  - Asia", " "]
    assert _cells(_section(lines, "Stakeholders")) == ["name", "role", "Council", "runs it"]


def test_output_ends_at_the_last_cell() -> None:
    text = write_seed(_entry(issues=[Issue(name="A", relevancy=5)]))
    assert text.endswith("\n      5 |")


def test_output_has_no_carriage_returns() -> None:
    assert "\r" not in write_seed(_entry(summary="one\r\ntwo"))


def test_entry_built_in_code_reads_back_equal() -> None:
    entry = _entry(
        page="20240101",
        url="https://example.org/x",
        keywords=["alpha", "beta | gamma"],
        themes=["theme"],
        other={"Category": "science", "Type": ""},
        summary="Para one.\n\nPara <b>two</b> & more.",
        signals=[Signal(name="S1", description="d", change="c", ten_year="t", driving_force="f",
                        relevancy=5, relevancy_imported=5, extra={"confidence": "low"})],
        concerns=[Concern(name="C | 1", description="", relevancy=1, relevancy_imported=1)],
        behaviors=[Behavior(name="B", description="x", relevancy=2, relevancy_imported=2)],
        technologies=[Technology(description="T", src="0f74", relevancy=3, relevancy_imported=3)],
        issues=[Issue(name="I", description="y", relevancy=4, relevancy_imported=4)],
        extra_sections=[ExtraSection(name="Regions", rows=[["Europe"]]),
                        ExtraSection(name="People", columns=["who", "what"], rows=[["a", "b"]])],
    )
    read = read_seed(write_seed(entry).encode("utf-8"), f"{ID}.txt")
    assert read.entry.model_dump(exclude={"source"}) == entry.model_dump(exclude={"source"})


# Entries whose written text would read back as something else are refused by the model.
_UNWRITABLE = {
    "control character": {"title": "bell\x07"},
    "title starting with a byte order mark": {"title": "\ufeffTitle"},
    "summary line that reads as a section": {"summary": "Text.\nKeywords :"},
    "extra section named like a known one": {
        "extra_sections": [{"name": "Keywords:", "rows": [["x"]]}]},
    "extra section name ending with a colon": {
        "extra_sections": [{"name": "Regions:", "rows": [["x"]]}]},
    "two extra sections of one name": {
        "extra_sections": [{"name": "Regions", "rows": [["x"]]},
                           {"name": "regions", "rows": [["y"]]}]},
    "repeated extra table column": {
        "extra_sections": [{"name": "People", "columns": ["who", "Who"], "rows": []}]},
    "extra table column starting with a pipe": {
        "extra_sections": [{"name": "People", "columns": ["who", "|what"], "rows": []}]},
    "repeated extra item column": {
        "issues": [{"relevancy": 1, "extra": {"owner": "a", "Owner": "b"}}]},
}


@pytest.mark.parametrize("fields", _UNWRITABLE.values(), ids=list(_UNWRITABLE))
def test_model_refuses_what_would_not_read_back(fields: dict) -> None:
    with pytest.raises(ValidationError):
        _entry(**fields)
