"""Counting a filter's entries within a time, and the plans of queries: pages of those known
to match few, keywords through their index."""

from __future__ import annotations

from curator.core.store import Filter, Library
from curator.core.store import entries as entries_module


def test_a_count_with_a_time_limit_stops_there_and_leaves_the_library_usable(
        seeded: Library, monkeypatch) -> None:
    flt = Filter(query="item:energy")
    expected = seeded.entries.count(flt)
    assert seeded.entries.count_within(flt, 60.0) == expected > 0
    monkeypatch.setattr(entries_module, "PROGRESS_STEPS", 1)  # looks at the clock each step
    assert seeded.entries.count_within(flt, 0.0) is None
    assert seeded.entries.count(flt) == expected  # no limit left behind
    assert seeded.entries.count_within(Filter(), 0.0) is None


def test_a_query_known_to_match_few_entries_pages_from_its_matches(seeded: Library) -> None:
    entry_id = seeded.entries.ids(Filter())[3]
    old = seeded.entries.get(entry_id).signals[0].relevancy
    seeded.edits.set_relevancy(entry_id, "signals", 0, 1 if old != 1 else 2)
    flt = Filter(query="changed:yes OR status:approved")
    seeded.edits.set_status([seeded.entries.ids(Filter())[5]], "approved")
    expected = seeded.entries.page(flt)  # not counted yet: the usual plan
    assert [row.id for row in expected] == [i for i in seeded.entries.ids(Filter())
                                            if i in (entry_id, seeded.entries.ids(Filter())[5])]
    statements: list[str] = []
    seeded.conn.set_trace_callback(statements.append)
    try:
        # 2 of 8 is above the share of a narrow query: the usual plan still.
        assert seeded.entries.count(flt) == 2 and seeded.entries.page(flt) == expected
        assert not any("+e.pk IN (SELECT e.pk" in s for s in statements)
        flt = Filter(query="changed:yes")
        assert seeded.entries.count(flt) == 1  # 1 of 8: the page starts from the matches
        assert [row.id for row in seeded.entries.page(flt)] == [entry_id]
        assert [row.id for row in seeded.entries.page(flt, sort="n_items")] == [entry_id]
    finally:
        seeded.conn.set_trace_callback(None)
    assert any("+e.pk IN (SELECT e.pk FROM entries e WHERE" in s for s in statements)


def test_a_keyword_equal_to_a_value_is_found_through_the_index_that_ignores_case(
        seeded: Library) -> None:
    from curator.core.store.filters import count_sql, where

    keyword = seeded.conn.execute("SELECT keyword FROM keywords LIMIT 1").fetchone()[0]
    flt = Filter(query=f'keyword:="{keyword.upper()}"')
    clause, params = where(flt)
    plan = " ".join(str(row[3]) for row in seeded.conn.execute(
        "EXPLAIN QUERY PLAN " + count_sql("entries e", clause), params))
    assert "keywords_by_folded_term" in plan
    assert seeded.entries.count(flt) == seeded.conn.execute(
        "SELECT count(DISTINCT entry_pk) FROM keywords WHERE keyword = ? COLLATE NOCASE",
        [keyword]).fetchone()[0] > 0
