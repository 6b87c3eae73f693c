"""The entry model's text rules: what each kind of text keeps, strips and refuses, in what words."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from curator.core.messages import first_problem, problems
from curator.core.model import Concern, Entry, ExtraSection, Source

ID = "0123456789abcdef"


def _concern(**fields) -> Concern:
    return Concern.model_validate({"relevancy": 3, **fields})


# -- what is kept and what is stripped ---------------------------------------------------

KEPT = {
    "cell": (lambda v: _concern(name=v).name, "  A | B  ", "A | B"),
    "cell_with_tabs": (lambda v: _concern(description=v).description, "\tx\u3000", "x"),
    "extra_key_and_value": (lambda v: _concern(extra={v: v}).extra, " k ", {"k": "k"}),
    "keyword": (lambda v: Entry(id=ID, title="t", keywords=[v]).keywords, " k\xa0", ["k"]),
    "other": (lambda v: Entry(id=ID, title="t", other={v: v}).other, " k ", {"k": "k"}),
    "extra_section": (lambda v: ExtraSection(name=v, columns=[v], rows=[[v]]).rows,
                      " Regions ", [["Regions"]]),
    "source_file": (lambda v: Source(file=v).file, " a.txt ", "a.txt"),
    "empty_cell": (lambda v: _concern(name=v).name, "   ", ""),
    "tab_inside": (lambda v: _concern(name=v).name, "a\tb", "a\tb"),
}


@pytest.mark.parametrize(("build", "value", "expected"), KEPT.values(), ids=KEPT.keys())
def test_text_is_kept_stripped(build, value: str, expected: object) -> None:
    assert build(value) == expected


class _PydanticStrip(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    text: str


def test_cells_strip_exactly_what_pydantic_strips() -> None:
    # The text types strip themselves instead of using str_strip_whitespace; the result must
    # be the same for every character, \x1c-\x1f (white space to str.strip()) included.
    for code in range(0x3001):
        char = chr(code)
        expected = _PydanticStrip(text=f"{char}x{char}").text
        try:
            got = _concern(name=f"{char}x{char}").name
        except ValidationError:
            got = None  # refused: a line break or a control character that was not stripped
        assert (got == "x") == (expected == "x"), hex(code)


# -- what is refused, in the words the edit forms and the importers show -------------------


def _in_entry(**fields) -> Entry:
    """An entry holding one concern with these fields."""
    return Entry(id=ID, title="t", concerns=[{"relevancy": 3, **fields}])


def _first_problem(build) -> tuple[tuple, str]:
    with pytest.raises(ValidationError) as caught:
        build()
    found = first_problem(caught.value)
    return found.loc, str(found)


C = "Concern 1"
REFUSED = {
    "cell_line_break": (lambda: _in_entry(name="a\nb"), ("concerns", 0, "name"),
                        f"{C}: name must be a single line, without line breaks"),
    "cell_carriage_return": (lambda: _in_entry(name="a\rb"), ("concerns", 0, "name"),
                             f"{C}: name must be a single line, without line breaks"),
    "cell_control": (lambda: _in_entry(description="a\x08b"), ("concerns", 0, "description"),
                     f"{C}: description must not hold control characters (U+0008 here, "
                     "invisible)"),
    "cell_edge_control": (lambda: _in_entry(name="\x1fa"), ("concerns", 0, "name"),
                          f"{C}: name must not hold control characters (U+001F here, invisible)"),
    "cell_pipe": (lambda: _in_entry(name=" | x"), ("concerns", 0, "name"),
                  f"{C}: name must not start with '|'"),
    "extra_empty_key": (lambda: _in_entry(extra={" ": "x"}),
                        ("concerns", 0, "extra", " ", "[key]"),
                        f"{C}: column name must not be empty"),
    "extra_pipe_value": (lambda: _in_entry(extra={"k": "|x"}),
                         ("concerns", 0, "extra", "k"), f"{C}: k must not start with '|'"),
    "empty_title": (lambda: Entry(id=ID, title=" "), ("title",), "Title must not be empty"),
    "title_line_break": (lambda: Entry(id=ID, title="a\nb"), ("title",),
                         "Title must be a single line, without line breaks"),
    "empty_keyword": (lambda: Entry(id=ID, title="t", keywords=["x", ""]), ("keywords", 1),
                      "Keyword 2 must not be empty"),
    "other_value_control": (lambda: Entry(id=ID, title="t", other={"k": "a\x02"}),
                            ("other", "k"),
                            "Other 'k': value must not hold control characters (U+0002 here, "
                            "invisible)"),
    "page_line_break": (lambda: Entry(id=ID, title="t", page="1\n2"), ("page",),
                        "Page must be a single line, without line breaks"),
    "extra_section_name": (lambda: Entry(id=ID, title="t", extra_sections=[{"name": "\x01"}]),
                           ("extra_sections", 0, "name"),
                           "Extra section 1: section name must not hold control characters "
                           "(U+0001 here, invisible)"),
    "summary_control": (lambda: Entry(id=ID, title="t", summary="a\n\x07"), ("summary",),
                        "Summary must not hold control characters (U+0007 here, invisible)"),
    "relevancy_high": (lambda: _in_entry(relevancy=6), ("concerns", 0, "relevancy"),
                       f"{C}: relevancy must be a whole number from 1 to 5"),
    "cell_not_text": (lambda: _in_entry(name=3), ("concerns", 0, "name"),
                      f"{C}: name must be text"),
    "status": (lambda: Entry(id=ID, title="t", status="done"), ("status",),
               "Status must be one of new, reviewed, approved or rejected"),
    "id": (lambda: Entry(id="x", title="t"), ("id",), "Id must be 16 characters of 0-9 and a-f"),
}


@pytest.mark.parametrize(("build", "loc", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_bad_text_is_refused_in_plain_words(build, loc: tuple, message: str) -> None:
    assert _first_problem(build) == (loc, message)


def test_every_bad_field_is_reported_not_only_the_first() -> None:
    data = {"id": ID, "title": "t",
            "concerns": [{"name": "a\nb", "description": "|x", "relevancy": 0}]}
    with pytest.raises(ValidationError) as caught:
        Entry.model_validate(data)
    assert [str(p) for p in problems(caught.value, data)] == [
        f"{C}: relevancy must be a whole number from 1 to 5",
        f"{C}: name must be a single line, without line breaks",
        f"{C}: description must not start with '|'",
    ]
