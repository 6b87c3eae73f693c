"""Curator's words for validation problems: every error a user can reach is Curator's sentence."""

from __future__ import annotations

import inspect
import re
from itertools import product
from typing import Any, get_args

import pytest
from pydantic import ValidationError
from pydantic_core.core_schema import ErrorType

from curator.core import messages, model
from curator.core.exchange import ExportEnvelope
from curator.core.messages import FALLBACK, MESSAGES, Problem, place, problem, problems
from curator.core.model import ITEM_TYPES, Entry

ID = "0123456789abcdef"
BAD_VALUES: list[Any] = [
    None, 1.5, 2**70, -1, 0, 6, True, "", " ", "x", "\x01", "|x", "a\nb", "Keywords",
    "2020-13-01", [], ["x"], [1], [{}], {}, {"a": 1}, {"": "x"}, {"a:b": "x"}, {"name": "x"},
    {"a": "x", "A": "y"},
]
"""Values of every JSON type, and texts each rule of the model refuses."""

PYDANTIC_WORDS = re.compile(r"Input should|Field required|String should|Extra inputs|"
                            r"valid (string|integer|list|dictionary|boolean)")


def _walk() -> list[tuple[dict, ValidationError]]:
    """Every field of every model the entry holds, given every bad value: the errors."""
    base: dict[str, Any] = {"id": ID, "title": "T"}
    cases: list[dict[str, Any]] = [{"title": "T"}]  # no id
    for name, value in product([*Entry.model_fields, "unknown"], BAD_VALUES):
        cases.append({**base, name: value})
    for section, item_type in ITEM_TYPES.items():
        for name, value in product([*item_type.model_fields, "unknown"], BAD_VALUES):
            cases.append({**base, section: [{"relevancy": 3, name: value}]})
    for name, value in product(["name", "columns", "rows", "unknown"],
                               BAD_VALUES + [["A", "a"], ["|a"], [["a", "b"]], [[""]]]):
        cases.append({**base, "extra_sections": [{"name": "Regions", name: value}]})
    for name in ("Keywords", "Regions:", "-x"):
        cases.append({**base, "extra_sections": [{"name": name}]})
    cases.append({**base, "extra_sections": [{"name": "A"}, {"name": "a"}]})
    for name, value in product(["file", "sha256", "imported_at", "unknown"], BAD_VALUES):
        cases.append({**base, "source": {name: value}})
    for title in ("Keywords", "x, (from page 1.)", "\ufeffx", "External link"):
        cases.append({**base, "title": title})
    for summary in ("Keywords", "A\n  - b\nSignals\n", "Lead\n  - b\n"):
        cases.append({**base, "summary": summary})
    found = []
    for data in cases:
        try:
            Entry.model_validate(data)
        except ValidationError as error:
            found.append((data, error))
    return found


WALKED = _walk()


def test_the_walk_reaches_every_custom_error_of_the_model() -> None:
    raised = set(re.findall(r'PydanticCustomError\(\s*"(\w+)"', inspect.getsource(model)))
    reached = {e["type"] for _, error in WALKED for e in error.errors()}
    assert raised <= reached, raised - reached


def test_no_message_a_user_can_reach_is_pydantics_own() -> None:
    for data, error in WALKED:
        for detail, said in zip(error.errors(include_url=False), problems(error, data),
                                strict=True):
            # Every type the model raises has its own sentence: none falls back.
            assert detail["type"] in MESSAGES, detail
            text = str(said)
            assert text != detail["msg"] and not PYDANTIC_WORDS.search(text), (detail, text)
            assert text[:1].isupper() and "{" not in text, text


def test_the_table_names_only_error_types_that_exist() -> None:
    own = set(re.findall(r'PydanticCustomError\(\s*"(\w+)"', inspect.getsource(model)))
    assert set(MESSAGES) - set(get_args(ErrorType)) == own


def test_an_export_envelope_is_described_in_curators_words() -> None:
    with pytest.raises(ValidationError) as caught:
        ExportEnvelope.model_validate({"format": "x", "version": 1, "count": -1})
    said = [str(p) for p in problems(caught.value)]
    assert said == ["Format must be 'curator-entries'", "Count must be 0 or more"]


@pytest.mark.parametrize(("where", "text", "expected"), [
    ("", "Title must not be empty", "Title must not be empty"),
    ("Keyword 3", "Keyword must not be empty", "Keyword 3 must not be empty"),
    ("Signal 2 'Heat pumps'", "Relevancy must be a whole number from 1 to 5",
     "Signal 2 'Heat pumps': relevancy must be a whole number from 1 to 5"),
    ("Extra section 1", "Extra section must be a set of names and values",
     "Extra section 1 must be a set of names and values"),
    ("Section 'Regions'", "Section name must not be empty",
     "Section 'Regions': section name must not be empty"),
])
def test_a_sentence_is_placed_saying_its_noun_once(where: str, text: str, expected: str) -> None:
    assert place(where, text) == expected


def test_items_are_named_by_their_name_or_their_text() -> None:
    data = {"signals": [{"name": "Heat pumps"}, {"name": "x" * 60}],
            "technologies": [{"description": "Solid-state batteries"}]}
    relevancy = ("relevancy",)
    assert problem(("signals", 0, *relevancy), "missing", data=data).where == \
        "Signal 1 'Heat pumps'"
    assert problem(("signals", 1, *relevancy), "missing", data=data).where == \
        f"Signal 2 '{'x' * 39}…'"
    assert problem(("technologies", 0, *relevancy), "missing", data=data).where == \
        "Technology 1 'Solid-state batteries'"
    assert problem(("signals", 5, *relevancy), "missing", data=data).where == "Signal 6"


def test_an_unknown_error_type_still_gets_a_sentence() -> None:
    said = problem(("title",), "some_future_type")
    assert said == Problem(("title",), FALLBACK.format(field="Title"), "", "some_future_type")


def test_a_bad_relevancy_cell_names_its_item() -> None:
    where = messages.item_place("signals", 1, "Heat pumps")
    assert messages.bad_relevancy(where, "high") == (
        "Signal 2 'Heat pumps': relevancy must be a whole number from 1 to 5, not 'high'")
