"""The entry model's text rules: what each kind of text keeps, strips and refuses, in what words."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from curator.core.model import Concern, Entry, ExtraSection, Source

ID = "0123456789abcdef"


def _concern(**fields) -> Concern:
    return Concern.model_validate({"relevancy": 3, **fields})


def _first_error(build) -> tuple[tuple, str]:
    with pytest.raises(ValidationError) as caught:
        build()
    error = caught.value.errors(include_url=False)[0]
    return error["loc"], error["msg"]


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


# -- what is refused, in the words the edit forms show -------------------------------------

REFUSED = {
    "cell_line_break": (lambda: _concern(name="a\nb"), ("name",), "must be a single line"),
    "cell_carriage_return": (lambda: _concern(name="a\rb"), ("name",), "must be a single line"),
    "cell_control": (lambda: _concern(description="a\x08b"), ("description",),
                     "must not hold control characters (U+0008 here, invisible)"),
    "cell_edge_control": (lambda: _concern(name="\x1fa"), ("name",),
                          "must not hold control characters (U+001F here, invisible)"),
    "cell_pipe": (lambda: _concern(name=" | x"), ("name",), "must not start with '|'"),
    "extra_empty_key": (lambda: _concern(extra={" ": "x"}), ("extra", " ", "[key]"),
                        "must not be empty"),
    "extra_pipe_value": (lambda: _concern(extra={"k": "|x"}), ("extra", "k"),
                         "must not start with '|'"),
    "empty_title": (lambda: Entry(id=ID, title=" "), ("title",), "must not be empty"),
    "title_line_break": (lambda: Entry(id=ID, title="a\nb"), ("title",), "must be a single line"),
    "empty_keyword": (lambda: Entry(id=ID, title="t", keywords=["x", ""]), ("keywords", 1),
                      "must not be empty"),
    "other_value_control": (lambda: Entry(id=ID, title="t", other={"k": "a\x02"}), ("other", "k"),
                            "must not hold control characters (U+0002 here, invisible)"),
    "page_line_break": (lambda: Entry(id=ID, title="t", page="1\n2"), ("page",),
                        "must be a single line"),
    "extra_section_name": (lambda: ExtraSection(name="\x01"), ("name",),
                           "must not hold control characters (U+0001 here, invisible)"),
    "summary_control": (lambda: Entry(id=ID, title="t", summary="a\n\x07"), ("summary",),
                        "must not hold control characters (U+0007 here, invisible)"),
    "relevancy_high": (lambda: _concern(relevancy=6), ("relevancy",),
                       "Input should be less than or equal to 5"),
    "cell_not_text": (lambda: _concern(name=3), ("name",), "Input should be a valid string"),
}


@pytest.mark.parametrize(("build", "loc", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_bad_text_is_refused_in_plain_words(build, loc: tuple, message: str) -> None:
    assert _first_error(build) == (loc, message)


def test_every_bad_field_is_reported_not_only_the_first() -> None:
    with pytest.raises(ValidationError) as caught:
        _concern(name="a\nb", description="|x", relevancy=0)
    assert [(e["loc"], e["msg"]) for e in caught.value.errors(include_url=False)] == [
        (("relevancy",), "Input should be greater than or equal to 1"),
        (("name",), "must be a single line"),
        (("description",), "must not start with '|'"),
    ]
