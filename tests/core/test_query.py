"""The search language: every field, operator and error, on a small hand-made library."""

from __future__ import annotations

import pytest

from curator.core.model import Entry
from curator.core.query import FIELDS, QueryError, field_names, help_sections, help_text, parse
from curator.core.store import Filter, ItemFilter

A, B, C = "a" * 16, "b" * 16, "c" * 16


def _entries() -> list[Entry]:
    return [
        Entry.model_validate({
            "id": A, "title": "Mixtral beats Ärzte at triage", "page": "20230715",
            "url": "https://example.org/mixtral", "keywords": ["AI", "Health care"],
            "themes": ["Health"], "other": {"Category": "Technology", "Type": "Report",
                                            "Region": "EU"},
            "summary": "Sparse models and batteries.", "notes": "follow up",
            "status": "approved",
            "signals": [{"name": "Battery prices fall", "description": "Cheaper cells",
                         "relevancy": 5, "relevancy_imported": 3, "reviewed": True}],
            "technologies": [{"description": "Solid-state cell", "relevancy": 2}],
        }),
        Entry.model_validate({
            "id": B, "title": "Heat waves and sepsis", "page": "20221201",
            "keywords": ["climate"], "themes": ["Health", "Climate"],
            "other": {"Category": "Society", "Region": "Asia"},
            "summary": "Air quality worsens.", "status": "new",
            "signals": [{"name": "Heat", "description": "More hot days", "relevancy": 3,
                         "relevancy_imported": 3}],
            "concerns": [{"name": "Sepsis", "description": "in the heat", "relevancy": 4,
                          "relevancy_imported": 4, "reviewed": True}],
        }),
        Entry.model_validate({
            "id": C, "title": "STRASSE ÄRZTE", "keywords": ["äRZTE"],
            "other": {"Category": "technology assessment"}, "status": "reviewed",
        }),
    ]


@pytest.fixture
def lib(library):
    library.imports.store([(e, None) for e in _entries()], keep_curation=False)
    return library


def found(lib, query: str) -> set[str]:
    return set(lib.entries.ids(Filter(query=query)))


@pytest.mark.parametrize(("query", "expected"), [
    ("", {A, B, C}),
    ("   ", {A, B, C}),
    ("heat", {B}),
    ("sep", {B}),  # a bare word matches words starting with it
    ('"AI"', {A}),
    ('"air"', {B}),
    ("ai", {A, B}),  # as a prefix, ai finds AI and Air
    ('"heat waves"', {B}),
    ('"waves heat"', set()),
    ("title:Mixtral", {A}),
    ("title:mixtral", {A}),
    ("title:ärzte", {A, C}),  # case folded outside ASCII
    ("title:ÄRZTE", {A, C}),
    ("title:=strasse ärzte", set()),  # (two terms: the second is a word)
    ('title:="strasse ärzte"', {C}),
    ("title:=Mixtral", set()),
    ("summary:batteries", {A}),
    ("notes:follow", {A}),
    ('notes:=""', {B, C}),
    ("url:example.org", {A}),
    ("url:=https://example.org/MIXTRAL", {A}),
    ("page:2023", {A}),
    ("page:=20221201", {B}),
    ("page:>=20230601", {A}),
    ("page:>20221201", {A}),
    ("page:<20230101", {B, C}),  # an entry without a page compares as empty text
    ("page:<=20221201", {B, C}),
    ("page:20220101..20221231", {B}),
    (f"id:{A[:5]}", {A}),
    (f"id:={B}", {B}),
    ("keyword:health", {A}),
    ("keyword:=ai", {A}),
    ("keyword:=health", set()),
    ("keyword:=ärzte", {C}),
    ("theme:=climate", {B}),
    ("theme:heal", {A, B}),
    ("category:techno", {A, C}),
    ("category:=technology", {A}),
    ("type:=report", {A}),
    ("type:rep", {A}),
    ("other.Region:=EU", {A}),
    ("other.region:=eu", {A}),
    ("other.Region:a", {B}),
    ("other.Nowhere:x", set()),
    ("status:approved", {A}),
    ("status:=NEW", {B}),
    ("status:reviewed", {C}),
    ("signal:battery", {A}),
    ("signal:=heat", {B}),
    ("signal:sepsis", set()),
    ("concern:sepsis", {B}),
    ("technology:solid", {A}),
    ("behavior:x", set()),
    ("issue:x", set()),
    ("item:cells", {A}),
    ("item:=sepsis", {B}),
    ("relevancy:5", {A}),
    ("relevancy:>4", {A}),
    ("relevancy:>=4", {A, B}),
    ("relevancy:<3", {A}),
    ("relevancy:<=3", {A, B}),
    ("relevancy:3..4", {B}),
    ("signal.relevancy:>=4", {A}),
    ("concern.relevancy:4", {B}),
    ("technology.relevancy:2", {A}),
    ("signal.relevancy:2", set()),
    ("imported:3", {A, B}),
    ("imported:>3", {B}),
    ("signal.imported:3", {A, B}),
    ("changed:yes", {A}),
    ("changed:no", {B, C}),
    ("reviewed:yes", {A, B}),
    ("reviewed:no", {A, B}),  # some item has not been reviewed (C has no items)
    ("heat OR mixtral", {A, B}),
    ("-sparse", {B, C}),
    ("NOT sparse", {B, C}),
    ("-title:heat", {A, C}),
    ('-"heat waves"', {A, C}),
    ("status:reviewed OR status:new theme:climate", {B, C}),  # AND binds tighter than OR
    ("(status:reviewed OR status:new) theme:climate", {B}),
    ("NOT status:new OR status:approved", {A, C}),  # NOT binds tightest
    ("NOT (status:new OR status:approved)", {C}),
    ("-(heat OR mixtral)", {C}),
    ("heat sepsis", {B}),
    ("heat mixtral", set()),
    ("signal.relevancy:5 signal:battery", {A}),
    ("signal.relevancy:3 signal:battery", set()),
])
def test_query_finds(lib, query: str, expected: set[str]) -> None:
    assert found(lib, query) == expected


@pytest.mark.parametrize(("query", "column", "words"), [
    ("title:(", 7, "needs a value"),
    ("relevancy:>>3", 12, "another comparison"),
    ('title:"battery', 7, "never closed"),
    ('heat "wave', 6, "never closed"),
    ("foo:bar", 1, "unknown field foo"),
    ("heat colour:red", 6, "unknown field colour"),
    ("status:maybe", 8, "new, reviewed, approved, rejected"),
    ("changed:maybe", 9, "yes or no"),
    ("reviewed:", 10, "needs a value"),
    ("relevancy:high", 11, "whole number"),
    ("relevancy:2..x", 14, "whole number"),
    ("relevancy:..3", 11, "whole number"),
    ("keyword:>3", 9, "takes no comparison"),
    ("status:>new", 8, "takes no comparison"),
    ("heat OR", 6, "OR needs a term"),
    ("OR heat", 1, "OR needs a term"),
    ("heat OR OR sepsis", 6, "OR needs a term"),
    ("NOT", 1, "needs a term after it"),
    ("heat -", 6, "stuck to the term"),
    ("(heat", 1, "never closed"),
    ("heat)", 5, "closes no ("),
    ("()", 1, "hold nothing"),
    ("(heat OR)", 7, "OR needs a term"),
])
def test_errors_say_what_and_where(lib, query: str, column: int, words: str) -> None:
    with pytest.raises(QueryError) as caught:
        lib.entries.ids(Filter(query=query))
    assert caught.value.column == column
    assert words in caught.value.message
    assert str(caught.value).startswith(f"query: column {column}: ")


def test_unknown_field_lists_the_known_ones() -> None:
    with pytest.raises(QueryError) as caught:
        parse("colour:red")
    for name in ("title", "keyword", "signal.relevancy", "changed", "other.KEY"):
        assert name in caught.value.message


def test_values_never_reach_sql_as_text(lib) -> None:
    hostile = "title:\"x') OR 1=1 --\" keyword:=\"'; DROP TABLE entries; --\""
    assert found(lib, hostile) == set()
    assert found(lib, '"x\'; DROP TABLE entries"') == set()
    assert lib.entries.total() == 3


def test_quote_escapes_inside_values(lib) -> None:
    lib.imports.store([(Entry.model_validate(
        {"id": "d" * 16, "title": 'The "quoted" \\ title'}), None)])
    assert found(lib, r'title:"\"quoted\" \\"') == {"d" * 16}


def test_plain_words_are_counted_as_the_search_field_did(lib) -> None:
    for words in ("heat", "he sep", "mixtral ärzte"):
        assert lib.entries.count(Filter(query=words)) == lib.entries.count(Filter(search=words))
        assert found(lib, words) == set(lib.entries.ids(Filter(search=words)))


def test_query_combines_with_search_and_facets(lib) -> None:
    flt = Filter(query="theme:health", search="heat")
    assert set(lib.entries.ids(flt)) == {B}
    flt = Filter(query="theme:health").with_state("status", "new", "exclude")
    assert set(lib.entries.ids(flt)) == {A}
    assert lib.entries.count(flt) == 1
    assert dict(lib.entries.facet_counts(Filter(query="theme:health"), "status")) == {
        "approved": 1, "new": 1}


def test_filter_keeps_and_describes_the_query() -> None:
    flt = Filter(query="keyword:=ai -status:new")
    assert Filter.from_json(flt.to_json()) == flt
    assert flt.describe() == 'keyword is "ai" and not status new'
    assert Filter.from_json({"search": "x"}).query == ""


def test_saved_view_keeps_the_query(lib) -> None:
    lib.saved_views.save("triage", Filter(query="relevancy:>=4 -changed:yes"))
    assert dict(lib.saved_views.all())["triage"].query == "relevancy:>=4 -changed:yes"


def test_export_dicts_honour_the_query(lib) -> None:
    assert [e["id"] for e in lib.entries.iter_dicts(Filter(query="status:new"))] == [B]


def test_items_tab_applies_terms_to_each_item(lib) -> None:
    def keys(query: str) -> set[tuple[str, str, int]]:
        return {row.key for row in lib.items.page(ItemFilter(query=query))}

    assert keys("signal.relevancy:5 changed:yes") == {(A, "signals", 0)}
    assert keys("relevancy:3") == {(B, "signals", 0)}
    assert keys("changed:no") == {(A, "technologies", 0), (B, "signals", 0),
                                  (B, "concerns", 0)}
    assert keys("reviewed:yes") == {(A, "signals", 0), (B, "concerns", 0)}
    assert keys("reviewed:no status:new") == {(B, "signals", 0)}
    assert keys("concern:heat") == {(B, "concerns", 0)}
    assert keys("item:=heat") == {(B, "signals", 0)}
    assert keys("heat") == {(B, "signals", 0), (B, "concerns", 0)}  # words: the item's text
    assert keys("imported:3 -signal:heat") == {(A, "signals", 0)}
    assert keys("technology:cell OR concern.relevancy:>=4") == {
        (A, "technologies", 0), (B, "concerns", 0)}
    assert lib.items.count(ItemFilter(query="relevancy:<=3")) == 2


def test_help_is_generated_from_the_field_table() -> None:
    text = help_text()
    for name, field in FIELDS.items():
        assert f"{name}:" in text and field.help in text
    assert "other.KEY:" in text
    assert "not necessarily the same one" in text
    titles = [section.title for section in help_sections()]
    assert titles[0] == "Operators" and titles[-1] == "Examples"
    assert field_names()[-1] == "other.KEY"


def test_help_examples_parse() -> None:
    examples = [row for s in help_sections() if s.title == "Examples" for row in s.rows]
    examples += [(f.example, "") for f in FIELDS.values()]
    for query, _ in examples:
        assert parse(query) is not None


def test_the_fast_ascii_path_knows_every_character_folding_to_ascii() -> None:
    from curator.core.folding import FOLDS_TO_ASCII

    found = {chr(c) for c in range(0x80, 0x110000)
             if any(ch.isascii() for ch in chr(c).casefold())}
    assert set(FOLDS_TO_ASCII) == found


@pytest.mark.parametrize(("query", "expected"), [
    ("title:strasse", {C}),  # ß folds to ss
    ('title:="STRASSE ÄRZTE \u212a"', {C}),
    ("keyword:=ÄRZTE", {C}),
    ("title:k", {C}),  # the Kelvin sign folds to k
])
def test_folding_beyond_ascii(lib, query: str, expected: set[str]) -> None:
    lib.imports.store([(Entry.model_validate({"id": C, "title": "Straße ÄRZTE \u212a",
                                               "keywords": ["äRZTE"]}), None)])
    assert found(lib, query) == expected
