"""What the reader says about bad seed text: one edit of a good file each, the line and words."""

from __future__ import annotations

import pytest

from curator.core.errors import ParseError
from curator.core.reader import read_seed
from tests.conftest import DATA

# The LF, UTF-8 variant with every section filled. Its lines, by number: 1 title, 2 link,
# 3 Keywords, 4 first keyword, 16 first Other item, 22 Signals, 25-30 the Signals header row,
# 35-40 the first Signals row (40: its relevancy), 51 Concerns, 54-56 its header row,
# 61-63 its first row, 71 Behaviors.
BASE = (DATA / "variants" / "trailing_newline.txt").read_text(encoding="utf-8").split("\n")


def _edited(edits: dict[int, str | None]) -> bytes:
    """The base file with lines replaced (None: removed), by 1-based line number."""
    lines = []
    for number, line in enumerate(BASE, start=1):
        new = edits.get(number, line)
        if new is not None:
            lines.append(new)
    return "\n".join(lines).encode("utf-8")


def test_the_base_file_has_the_lines_the_cases_edit() -> None:
    assert [BASE[n - 1].strip() for n in (3, 16, 22, 25, 30, 35, 40, 51, 54, 61, 71)] == [
        "Keywords", "- Category: environment", "Signals", "| name |", "relevancy |",
        "| Managed Retreat Goes Local |", "4 |", "Concerns", "| name |", "| Loss of Community |",
        "Behaviors"]


CASES = {
    "no_title": ({1: "Keywords"}, 1,
                 "no title: the first line must be the entry's title, not 'Keywords'"),
    "title_only_a_page": ({1: ", (from page 20230610.)"}, 1,
                          "no title: the title line holds only a page"),
    "text_before_the_first_section": ({2: "External link", 3: "  stray text\nKeywords"}, 3,
                                      "text before the first section: '  stray text', which "
                                      "is not a section name"),
    "section_twice": ({10: "Keywords"}, 10, "section 'Keywords' appears twice"),
    "not_a_bullet": ({4: "  managed retreat"}, 4, "Keywords: expected a bullet '  - text', not "
                     "'  managed retreat'"),
    "other_without_key": ({16: "  - : environment"}, 16, "an Other item needs a key before ':'"),
    "cell_at_column_0": ({36: "Small towns, not only national agencies, fund relocation. | "}, 36,
                         "unexpected text inside a table: 'Small towns, not only national "
                         "agencies, fund relocation. | '"),
    "cell_without_bar": ({36: "      Small towns, not only national agencies, fund relocation."},
                         36, "a table cell must end with ' |'"),
    "cell_before_the_first_row": ({25: "      name | "}, 25, "a table cell before the first row"),
    "no_header_row": ({n: "  " for n in range(52, 71)}, 51,
                      "the table 'Concerns' has no header row"),
    "empty_column_name": ({26: "      | "}, 25, "a table header has an empty column name"),
    "repeated_column": ({26: "      Name | "}, 25, "the table header repeats 'name'"),
    "short_row": ({37: None}, 35, "Signal 1 'Managed Retreat Goes Local': the row has 5 cells "
                  "but the header has 6"),
    "no_relevancy_column": ({30: "      score | "}, 25,
                            "the signals table has no relevancy column"),
    "relevancy_out_of_range": ({40: "      6 | "}, 40,
                               "Signal 1 'Managed Retreat Goes Local': relevancy must be a whole "
                               "number from 1 to 5, not '6'"),
    "relevancy_after_blank_lines": ({36: "  \n" + BASE[35], 38: "\n" + BASE[37], 40: "      x | "},
                                    42, "Signal 1 'Managed Retreat Goes Local': relevancy must "
                                    "be a whole number from 1 to 5, not 'x'"),
    # Errors the model finds point at the title, the section header or the table row.
    "title_control": ({1: "Coastal\x01 Towns"}, 1,
                      "Title must not hold control characters (U+0001 here, invisible)"),
    "keyword_control": ({6: "  - sea-level\x02 rise"}, 3,
                        "Keyword 2 must not hold control characters (U+0002 here, invisible)"),
    "cell_control": ({62: "      Relocation\x03 may break up neighbourhoods. | "}, 61,
                     "Concern 1 'Loss of Community': description must not hold control "
                     "characters (U+0003 here, invisible)"),
}


@pytest.mark.parametrize(("edits", "line", "message"), CASES.values(), ids=CASES.keys())
def test_bad_text_is_refused_at_its_line(edits: dict, line: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        read_seed(_edited(edits), "x.txt")
    assert (caught.value.line, caught.value.message) == (line, message)


# -- binary files, whatever the encoding -----------------------------------------------


def _with_controls(count: int) -> str:
    text = "\n".join(BASE)
    return text.replace("Three coastal towns", "\x01" * count + "Three coastal towns")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1", "utf-16"])
def test_too_many_control_characters_mean_a_binary_file(encoding: str) -> None:
    limit = len(_with_controls(0)) // 100
    with pytest.raises(ParseError, match="too many control characters"):
        read_seed(_with_controls(limit + 1).encode(encoding), "x.txt")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1", "utf-16"])
def test_a_few_control_characters_reach_the_model(encoding: str) -> None:
    limit = len(_with_controls(0)) // 100
    text = _with_controls(limit)
    if encoding == "cp1252":
        text = text.replace("Three", "Thr€e")  # not Latin-1: the Windows-1252 path
    elif encoding == "latin-1":
        text = text.replace("Three", "Thr\x81e")  # not Windows-1252 either
    with pytest.raises(ParseError) as caught:
        read_seed(text.encode(encoding), "x.txt")
    assert caught.value.message == (
        "Summary must not hold control characters (U+0001 here, invisible)")


def test_utf16_is_decoded_and_reported() -> None:
    text = "\n".join(BASE)
    result = read_seed(text.encode("utf-16"), "x.txt")
    assert result.entry.title == "Coastal Towns Pilot Voluntary Buyouts Ahead of Sea-Level Rise"
    assert "line 1: decoded as UTF-16" in result.warnings
