"""The search language against a plain-Python evaluation over the exported entries.

Hypothesis builds random queries from the grammar, each with its meaning as a Python
predicate written from the language's definition (not from the parser); the entries the
SQL finds must be those the predicate accepts.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core.model import SECTIONS, Entry
from curator.core.store import Filter, ItemFilter, Library

Pred = Callable[[Entry], bool]
Query = tuple[str, Pred]

WORDS = ("heat", "pump", "Battery", "batteries", "Wärme", "WÄRME", "sepsis", "AI", "air",
         "grid", "Straße", "energy", "Ölpreis", "robot")
SECTION_NAMES = {"signal": "signals", "concern": "concerns", "behavior": "behaviors",
                 "technology": "technologies", "issue": "issues"}
CELLS = ("name", "description", "change", "ten_year", "driving_force", "src")
PAGES = ("20220101", "20230601", "20231231", "20240315", None)


def _fold(text: str | None) -> str:
    return (text or "").casefold()


def _tokens(text: str) -> list[str]:
    # FTS5 unicode61 with remove_diacritics 2: letters and digits, folded, no accents.
    plain = "".join(c for c in unicodedata.normalize("NFD", text)
                    if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", plain.lower())


def _entry_tokens(entry: Entry) -> list[list[str]]:
    # As the index holds it: keywords, themes and item cells each run on as one text.
    cells = [getattr(i, c, "") or "" for s in SECTIONS for i in entry.items(s) for c in CELLS]
    texts = [entry.title, entry.summary, " ".join(entry.keywords), " ".join(entry.themes),
             " ".join(cells)]
    return [_tokens(t) for t in texts]


def _random_entry(rng: random.Random, n: int) -> Entry:
    def text(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, k)))

    def item(section: str) -> dict:
        cells = {"description": text(3) or "x"}
        if section != "technologies":
            cells["name"] = text(2)
        if section == "signals":
            cells["change"] = text(2)
        score = rng.randint(1, 5)
        return {**cells, "relevancy": score,
                "relevancy_imported": rng.choice([None, score, rng.randint(1, 5)]),
                "reviewed": rng.random() < 0.4}

    other = {}
    if rng.random() < 0.6:
        other["Category"] = rng.choice(["Technology", "technology", "Society", "Ökonomie"])
    if rng.random() < 0.5:
        other["Region"] = rng.choice(["EU", "eu", "Asia", "Europe"])
    return Entry.model_validate({
        "id": f"{n:016x}",
        "title": text(4) or "Untitled",
        "page": rng.choice(PAGES),
        "url": rng.choice([None, "https://example.org/heat", "https://europa.eu/AI"]),
        "keywords": rng.sample(WORDS, rng.randint(0, 3)),
        "themes": rng.sample(["Energy", "health", "Mobilität"], rng.randint(0, 2)),
        "other": other,
        "summary": text(6),
        "notes": text(2),
        "status": rng.choice(["new", "reviewed", "approved", "rejected"]),
        **{s: [item(s) for _ in range(rng.randint(0, 3))] for s in SECTIONS},
    })


class _Corpus(tuple):
    def __repr__(self) -> str:  # hypothesis prints it with each failing example
        return "corpus"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    rng = random.Random(14)
    library = Library(Path(tmp_path_factory.mktemp("query")) / "library.db")
    library.imports.store([(_random_entry(rng, n), None) for n in range(60)],
                           keep_curation=False)
    exported = [Entry.model_validate(d) for d in library.entries.iter_dicts(Filter())]
    yield _Corpus((library, exported))
    library.close()


# -- the grammar, as strategies of (query text, meaning) ------------------------------

def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value() -> st.SearchStrategy[str]:
    pieces = st.sampled_from(WORDS).flatmap(
        lambda w: st.tuples(st.integers(0, len(w) - 1), st.integers(1, len(w))).map(
            lambda ab: w[min(ab):max(ab) + 1] if w[min(ab):max(ab) + 1] else w))
    return st.one_of(pieces, st.sampled_from(WORDS).map(str.upper), st.sampled_from(
        ["heat pump", "EU", "technology", "Europe", "ökonomie", "x"]))


def _shown(value: str) -> str:
    return value if re.fullmatch(r"[^\s()\"]+", value) and ".." not in value else _quote(value)


def _text_term(name: str, get: Callable[[Entry], list[str]]) -> st.SearchStrategy[Query]:
    def build(equals: bool, value: str) -> Query:
        wanted = _fold(value)
        if equals:
            return f"{name}:={_shown(value)}", lambda e: any(_fold(v) == wanted for v in get(e))
        return f"{name}:{_shown(value)}", lambda e: any(wanted in _fold(v) for v in get(e))
    return st.builds(build, st.booleans(), _value())


def _other(entry: Entry, key: str) -> list[str]:
    return [v for k, v in entry.other.items() if k.casefold() == key.casefold()]


def _cells(entry: Entry, section: str | None) -> list[list[str]]:
    sections = [section] if section else SECTIONS
    return [[getattr(i, c, "") or "" for c in CELLS] for s in sections for i in entry.items(s)]


def _items_term(name: str, section: str | None) -> st.SearchStrategy[Query]:
    def build(equals: bool, value: str) -> Query:
        wanted = _fold(value)
        if equals:
            return (f"{name}:={_shown(value)}", lambda e: any(
                any(_fold(c) == wanted for c in cells) for cells in _cells(e, section)))
        return (f"{name}:{_shown(value)}", lambda e: any(
            any(wanted in _fold(c) for c in cells) for cells in _cells(e, section)))
    return st.builds(build, st.booleans(), _value())


_COMPARE = {"": lambda a, b: a == b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
            "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}


def _score_term(name: str, attribute: str, section: str | None) -> st.SearchStrategy[Query]:
    def scores(entry: Entry) -> list[int]:
        sections = [section] if section else SECTIONS
        return [s for sec in sections for i in entry.items(sec)
                if (s := getattr(i, attribute)) is not None]

    def build(op: str, n: int, m: int) -> Query:
        if op == "..":
            low, high = min(n, m), max(n, m)
            return f"{name}:{low}..{high}", lambda e: any(low <= s <= high for s in scores(e))
        return f"{name}:{op}{n}", lambda e: any(_COMPARE[op](s, n) for s in scores(e))
    return st.builds(build, st.sampled_from([*_COMPARE, ".."]), st.integers(0, 6),
                     st.integers(0, 6))


def _page_term() -> st.SearchStrategy[Query]:
    values = st.sampled_from([p for p in PAGES if p] + ["2023", "20230101"])

    def build(op: str, a: str, b: str) -> Query:
        if op == "..":
            low, high = min(a, b), max(a, b)
            return f"page:{low}..{high}", lambda e: low <= (e.page or "") <= high
        if op == "":
            return f"page:{a}", lambda e: a in (e.page or "")
        return f"page:{op}{a}", lambda e: _COMPARE[op](e.page or "", a)
    return st.builds(build, st.sampled_from([*_COMPARE, ".."]), values, values)


def _words() -> st.SearchStrategy[Query]:
    def bare(word: str) -> Query:
        wanted = _tokens(word)[0]
        return word, lambda e: any(t.startswith(wanted) for ts in _entry_tokens(e) for t in ts)

    def phrase(words: list[str]) -> Query:
        wanted = _tokens(" ".join(words))
        n = len(wanted)
        return _quote(" ".join(words)), lambda e: any(
            ts[k:k + n] == wanted for ts in _entry_tokens(e) for k in range(len(ts)))
    return st.one_of(st.sampled_from(WORDS).map(bare),
                     st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(phrase))


def _flag_term() -> st.SearchStrategy[Query]:
    def items(e: Entry) -> list:
        return [i for s in SECTIONS for i in e.items(s)]

    def changed(e: Entry) -> bool:
        return any(i.relevancy_imported is not None and i.relevancy != i.relevancy_imported
                   for i in items(e))
    return st.sampled_from([
        ("changed:yes", changed), ("changed:no", lambda e: not changed(e)),
        ("reviewed:yes", lambda e: any(i.reviewed for i in items(e))),
        ("reviewed:NO", lambda e: any(not i.reviewed for i in items(e))),
    ])


def _leaf() -> st.SearchStrategy[Query]:
    text_fields = {
        "title": lambda e: [e.title], "summary": lambda e: [e.summary],
        "notes": lambda e: [e.notes], "url": lambda e: [e.url or ""],
        "id": lambda e: [e.id], "keyword": lambda e: e.keywords, "theme": lambda e: e.themes,
        "category": lambda e: [e.category or ""], "type": lambda e: [e.type or ""],
        "other.region": lambda e: _other(e, "region"),
        "other.Category": lambda e: _other(e, "category"),
    }
    statuses = st.sampled_from(["new", "reviewed", "Approved", "rejected"]).map(
        lambda s: (f"status:{s}", lambda e: e.status.value == s.casefold()))
    return st.one_of(
        _words(), statuses, _flag_term(), _page_term(),
        *(_text_term(n, g) for n, g in text_fields.items()),
        _items_term("item", None),
        *(_items_term(n, s) for n, s in SECTION_NAMES.items()),
        _score_term("relevancy", "relevancy", None),
        _score_term("imported", "relevancy_imported", None),
        *(_score_term(f"{n}.relevancy", "relevancy", s) for n, s in SECTION_NAMES.items()),
        _score_term("signal.imported", "relevancy_imported", "signals"),
    )


def _combined(children: st.SearchStrategy[Query]) -> st.SearchStrategy[Query]:
    def conj(parts: list[Query]) -> Query:
        return ("(" + " ".join(q for q, _ in parts) + ")",
                lambda e: all(p(e) for _, p in parts))

    def disj(parts: list[Query]) -> Query:
        return ("(" + " OR ".join(q for q, _ in parts) + ")",
                lambda e: any(p(e) for _, p in parts))

    def neg(style: str, part: Query) -> Query:
        return f"{style}{part[0]}", lambda e: not part[1](e)
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map(conj),
        st.lists(children, min_size=2, max_size=3).map(disj),
        st.builds(neg, st.sampled_from(["-", "NOT "]), children),
    )


QUERIES = st.recursive(_leaf(), _combined, max_leaves=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_sql_finds_what_the_definition_says(corpus, query: Query) -> None:
    library, exported = corpus
    text, meaning = query
    expected = {e.id for e in exported if meaning(e)}
    flt = Filter(query=text)
    assert set(library.entries.ids(flt)) == expected, text
    assert library.entries.count(flt) == len(expected), text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_leaf(), min_size=1, max_size=3))
def test_top_level_terms_all_hold(corpus, parts: list[Query]) -> None:
    """Terms side by side at the top (where plain words go to the index together)."""
    library, exported = corpus
    text = " ".join(q for q, _ in parts)
    expected = {e.id for e in exported if all(p(e) for _, p in parts)}
    assert set(library.entries.ids(Filter(query=text))) == expected, text




@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(SECTION_NAMES)), st.integers(1, 5), st.sampled_from(["yes", "no"]))
def test_items_tab_applies_terms_to_each_item(corpus, name: str, score: int, flag: str) -> None:
    library, exported = corpus
    section = SECTION_NAMES[name]
    expected = {
        (e.id, section, k) for e in exported for k, i in enumerate(e.items(section))
        if i.relevancy == score
        and (i.relevancy_imported is not None and i.relevancy != i.relevancy_imported)
        == (flag == "yes")
    }
    flt = ItemFilter(query=f"{name}.relevancy:{score} changed:{flag}")
    found = {row.key for row in library.items.page(flt, limit=10_000)}
    assert found == expected
    assert library.items.count(flt) == len(expected)
