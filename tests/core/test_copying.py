"""Copied rows: the selected entries and items as tab-separated text and JSON, read from SQL."""

from __future__ import annotations

import csv
import io
import json

import pytest

from curator.core import copying
from curator.core.copying import TooManyToCopy, copy_entries, copy_items
from curator.core.store import Filter, ItemFilter


def _tsv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter="\t"))


def test_entries_copy_in_the_list_order_with_a_header(seeded):
    ids = seeded.entries.ids(Filter(), sort="title")[:3]
    copied = copy_entries(seeded, list(reversed(ids)), sort="title")
    table = _tsv(copied.as_tsv())
    assert table[0][:3] == ["ID", "Title", "Page"]
    assert [row[0] for row in table[1:]] == ids  # the list's sort, not the order given
    titles = [seeded.entries.get(i).title for i in ids]
    assert [row[1] for row in table[1:]] == titles
    data = json.loads(copied.as_json())
    assert [d["id"] for d in data] == ids
    assert [d["title"] for d in data] == titles


def test_entries_copy_follows_a_descending_sort(seeded):
    ids = seeded.entries.ids(Filter(), sort="title")[:4]
    copied = copy_entries(seeded, ids, sort="title", descending=True)
    assert [row[0] for row in copied.rows] == list(reversed(ids))


def test_a_cell_with_tabs_and_line_breaks_stays_one_cell():
    copied = copying.CopiedRows((("a", "A"), ("b", "B")), [("one\ttwo\nthree", None)])
    assert _tsv(copied.as_tsv()) == [["A", "B"], ["one two three", ""]]
    assert json.loads(copied.as_json()) == [{"a": "one\ttwo\nthree", "b": None}]


def test_items_copy_with_their_entry_and_score(seeded):
    rows = seeded.items.page(ItemFilter(), sort="relevancy", descending=True, limit=5)
    copied = copy_items(seeded, [row.key for row in reversed(rows)])
    table = _tsv(copied.as_tsv())
    assert table[0] == [title for _, title in copying.ITEM_FIELDS]
    assert [(r[0], int(r[3]), int(r[6])) for r in table[1:]] == [
        (row.entry_id, row.position, row.relevancy) for row in rows]
    data = json.loads(copied.as_json())
    assert [(d["entry_id"], d["label"], d["relevancy"], d["reviewed"]) for d in data] == [
        (row.entry_id, row.label, row.relevancy, row.reviewed) for row in rows]


def test_nothing_selected_copies_the_header_only(seeded):
    assert _tsv(copy_entries(seeded, []).as_tsv()) == [[t for _, t in copying.ENTRY_FIELDS]]
    assert json.loads(copy_items(seeded, []).as_json()) == []


def test_too_many_rows_are_refused_with_a_clear_message(seeded, monkeypatch):
    monkeypatch.setattr(copying, "COPY_LIMIT", 2)
    ids = seeded.entries.ids(Filter())[:3]
    with pytest.raises(TooManyToCopy, match="export them"):
        copy_entries(seeded, ids)
