"""The library store: opening files, re-import rules, versions, queries and writes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core.errors import LibraryError, ReadOnlyLibraryError, VersionConflict
from curator.core.importer import import_paths
from curator.core.reader import read_seed
from curator.core.store import Filter, Library, fts_query, importing
from curator.core.store.schema import ENTRY_SORT_COLUMNS, SCHEMA_VERSION
from tests.conftest import DATA, SEEDS

FIRST_SEED = sorted(SEEDS.glob("*.txt"))[0]


def _offer(path: Path, data: bytes | None = None):
    data = path.read_bytes() if data is None else data
    result = read_seed(data, path.name)
    return [(result.entry, result.text)]


# -- opening -----------------------------------------------------------------


def test_new_library_gets_current_schema(tmp_path: Path) -> None:
    with Library(tmp_path / "new.db") as lib:
        assert lib.entries.total() == 0
    conn = sqlite3.connect(tmp_path / "new.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_not_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some text, not a database\n")
    with pytest.raises(LibraryError, match="not an SQLite database"):
        Library(path)
    assert path.read_bytes() == b"just some text, not a database\n"


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryError, match="another program"):
        Library(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="newer Curator"):
        Library(path)


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="does not exist"):
        Library(tmp_path / "nowhere" / "lib.db")
    assert not (tmp_path / "nowhere").exists()


def test_read_only_file_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        import_paths(lib, [FIRST_SEED])
    path.chmod(0o444)
    with Library(path) as lib:
        assert lib.read_only
        assert lib.entries.total() == 1
        with pytest.raises(ReadOnlyLibraryError):
            lib.edits.set_status([lib.entries.ids(Filter())[0]], "approved")


# -- import rules --------------------------------------------------------------


def test_each_file_is_one_transaction(library: Library, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    # The history row is written last: everything before it must be rolled back.
    monkeypatch.setattr(importing, "record_history", broken)
    with pytest.raises(RuntimeError):
        library.imports.store(_offer(FIRST_SEED))
    monkeypatch.undo()
    assert library.entries.total() == 0
    assert library.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert library.conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 0


def test_same_bytes_again_is_unchanged(library: Library) -> None:
    assert library.imports.store(_offer(FIRST_SEED))[0].outcome == "imported"
    assert library.imports.store(_offer(FIRST_SEED))[0].outcome == "unchanged"
    assert library.entries.total() == 1


def _changed_bytes(path: Path) -> bytes:
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    return (first.replace(",", " (revised),", 1) + "\n" + rest).encode()


def test_new_bytes_update_an_unedited_entry(library: Library) -> None:
    library.imports.store(_offer(FIRST_SEED))
    stored = library.imports.store(_offer(FIRST_SEED, _changed_bytes(FIRST_SEED)))
    assert stored[0].outcome == "updated"
    entry = library.entries.get(stored[0].entry_id)
    assert "(revised)" in entry.title
    history = library.entries.history(entry.id)
    assert history[0].field == "title" and history[0].by == "import"


def test_new_bytes_conflict_with_an_edited_entry(library: Library) -> None:
    entry_id = library.imports.store(_offer(FIRST_SEED))[0].entry_id
    mine = library.entries.get(entry_id).model_copy(update={"summary": "My own summary."})
    library.edits.save_entry(mine, library.entries.version(entry_id))
    stored = library.imports.store(_offer(FIRST_SEED, _changed_bytes(FIRST_SEED)))
    assert stored[0].outcome == "conflict"
    assert library.entries.get(entry_id).summary == "My own summary."
    forced = library.imports.store(
        _offer(FIRST_SEED, _changed_bytes(FIRST_SEED)), overwrite=frozenset({entry_id})
    )
    assert forced[0].outcome == "updated"
    assert library.entries.get(entry_id).summary != "My own summary."


def test_update_keeps_status_and_notes(library: Library) -> None:
    entry_id = library.imports.store(_offer(FIRST_SEED))[0].entry_id
    library.edits.set_status([entry_id], "approved")
    library.imports.store(_offer(FIRST_SEED, _changed_bytes(FIRST_SEED)))
    assert library.entries.get(entry_id).status == "approved"


def test_possible_duplicate_is_reported(library: Library) -> None:
    library.imports.store(_offer(FIRST_SEED))
    copy = FIRST_SEED.with_name("renamed.txt")
    stored = library.imports.store(_offer(copy, FIRST_SEED.read_bytes()))
    assert stored[0].outcome == "imported"
    assert stored[0].duplicate_of is not None
    assert stored[0].duplicate_of[0] == read_seed(FIRST_SEED.read_bytes(), FIRST_SEED.name).entry.id


# -- versions and edits ----------------------------------------------------------


def test_save_increments_version_and_records_history(seeded: Library) -> None:
    entry_id = seeded.entries.ids(Filter())[0]
    version = seeded.entries.version(entry_id)
    edited = seeded.entries.get(entry_id).model_copy(update={"title": "A better title"})
    change = seeded.edits.save_entry(edited, version)
    assert change.version == version + 1 == seeded.entries.version(entry_id)
    assert seeded.entries.get(entry_id).title == "A better title"
    top = seeded.entries.history(entry_id)[0]
    assert (top.field, top.new, top.by) == ("title", "A better title", "edit")


def test_save_over_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with Library(path) as first, Library(path) as second:
        import_paths(first, [SEEDS])
        entry_id = first.entries.ids(Filter())[0]
        version = first.entries.version(entry_id)
        theirs = second.entries.get(entry_id).model_copy(update={"title": "Theirs"})
        second.edits.save_entry(theirs, version)
        mine = first.entries.get(entry_id).model_copy(update={"title": "Mine"})
        with pytest.raises(VersionConflict):
            first.edits.save_entry(mine, version)
        assert first.entries.get(entry_id).title == "Theirs"


def test_writer_waits_for_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    with Library(path) as lib:
        import_paths(lib, [SEEDS])
        ids = lib.entries.ids(Filter())
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with Library(path) as other:
                other.edits.set_status(ids, "approved")
        except BaseException as error:  # reported to the test thread below
            errors.append(error)
        done.set()

    worker = threading.Thread(target=write)
    worker.start()
    assert not done.wait(0.5)  # blocked behind the open write transaction
    holder.execute("COMMIT")
    worker.join(10)
    assert done.is_set() and not errors
    with Library(path) as lib:
        assert lib.entries.count(Filter(include=frozenset({("status", "approved")}))) == len(ids)


def test_reader_sees_writes_of_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "two.db"
    with Library(path) as reader, Library(path) as writer:
        before = reader.data_version()
        import_paths(writer, [SEEDS])
        assert reader.data_version() != before
        assert reader.entries.total() == len(list(SEEDS.glob("*.txt")))


def test_set_relevancy_updates_aggregates_and_history(seeded: Library) -> None:
    entry_id = seeded.entries.ids(Filter())[0]
    entry = seeded.entries.get(entry_id)
    old = entry.signals[0].relevancy
    new = 1 if old != 1 else 2
    seeded.edits.set_relevancy(entry_id, "signals", 0, new, reason="overrated")
    after = seeded.entries.get(entry_id)
    assert after.signals[0].relevancy == new
    assert after.signals[0].relevancy_imported == old
    scores = [i.relevancy for s in ("signals", "concerns", "behaviors", "technologies", "issues")
              for i in after.items(s)]
    row = next(r for r in seeded.entries.page(Filter(), limit=100) if r.id == entry_id)
    assert row.max_relevancy == max(scores)
    assert row.mean_relevancy == pytest.approx(sum(scores) / len(scores), abs=1e-3)
    top = seeded.entries.history(entry_id)[0]
    assert (top.field, top.old, top.new, top.reason) == (
        "signals.0.relevancy", old, new, "overrated")


def test_set_relevancy_rejects_out_of_range(seeded: Library) -> None:
    entry_id = seeded.entries.ids(Filter())[0]
    for bad in (0, 6):
        with pytest.raises(ValueError):
            seeded.edits.set_relevancy(entry_id, "signals", 0, bad)


def test_bulk_status_is_one_change_with_history(seeded: Library) -> None:
    ids = seeded.entries.ids(Filter())
    change = seeded.edits.set_status(ids, "reviewed")
    assert sorted(change.entry_ids) == sorted(ids)
    assert all(seeded.entries.history(i)[0].field == "status" for i in ids)
    assert seeded.entries.facet_counts(Filter(), "status") == [("reviewed", len(ids))]


def test_delete_and_restore(seeded: Library) -> None:
    entry_id = seeded.entries.ids(Filter())[0]
    before = seeded.entries.get(entry_id)
    removed = seeded.edits.delete_entries([entry_id])
    assert not seeded.entries.has(entry_id)
    assert entry_id not in seeded.entries.ids(Filter(search=before.title))
    seeded.edits.restore_entries(removed)
    assert entry_id in seeded.entries.ids(Filter(search=before.title))
    restored = seeded.entries.get(entry_id)
    assert restored.model_dump(exclude={"updated_at"}) == before.model_dump(exclude={"updated_at"})


# -- seed text fidelity ----------------------------------------------------------


@pytest.mark.parametrize("name", ["trailing_newline.txt", "tabs.txt", "reordered_columns.txt"])
def test_unedited_entry_writes_back_its_own_text(library: Library, name: str) -> None:
    path = DATA / "variants" / name
    entry_id = library.imports.store(_offer(path))[0].entry_id
    assert library.entries.seed_text(entry_id).encode() == path.read_bytes()


def test_edited_entry_writes_the_canonical_layout(library: Library) -> None:
    path = DATA / "variants" / "tabs.txt"
    entry_id = library.imports.store(_offer(path))[0].entry_id
    entry = library.entries.get(entry_id)
    library.edits.save_entry(entry.model_copy(update={"title": "Retitled"}),
                             library.entries.version(entry_id))
    text = library.entries.seed_text(entry_id)
    assert "\t" not in text and text.startswith("Retitled")
    assert read_seed(text.encode(), path.name).entry.signals == entry.signals


# -- queries ----------------------------------------------------------------------


@pytest.mark.parametrize("column", ENTRY_SORT_COLUMNS)
def test_sorting_matches_python(seeded: Library, column: str) -> None:
    rows = seeded.entries.page(Filter(), sort=column, limit=1000)

    def key(row):
        value = getattr(row, column)
        value = value.casefold() if column == "title" else value
        return (value is not None, value if value is not None else 0, row.pk)

    assert [r.pk for r in rows] == [r.pk for r in sorted(rows, key=key)]
    descending = seeded.entries.page(Filter(), sort=column, descending=True, limit=1000)
    assert [r.pk for r in descending] == [r.pk for r in reversed(rows)]


def test_paging_covers_every_row_once(seeded: Library) -> None:
    total = seeded.entries.total()
    pages = [seeded.entries.page(Filter(), sort="updated_at", offset=o, limit=3)
             for o in range(0, total, 3)]
    ids = [row.id for page in pages for row in page]
    assert sorted(ids) == sorted(seeded.entries.ids(Filter())) and len(ids) == total


def test_facet_counts_match_the_entries(seeded: Library) -> None:
    entries = [seeded.entries.get(i) for i in seeded.entries.ids(Filter())]
    expected_keywords: dict[str, int] = {}
    for entry in entries:
        for keyword in set(entry.keywords):
            expected_keywords[keyword] = expected_keywords.get(keyword, 0) + 1
    assert dict(seeded.entries.facet_counts(Filter(), "keyword", limit=10_000)) == expected_keywords
    expected_categories: dict[str, int] = {}
    for entry in entries:
        category = entry.category or ""
        expected_categories[category] = expected_categories.get(category, 0) + 1
    assert dict(seeded.entries.facet_counts(Filter(), "category")) == expected_categories


def test_facets_combine_with_search(seeded: Library) -> None:
    entries = [seeded.entries.get(i) for i in seeded.entries.ids(Filter())]
    keyword = seeded.entries.facet_counts(Filter(), "keyword")[0][0]
    flt = Filter(search="the", include=frozenset({("keyword", keyword)}))
    expected = {e.id for e in entries if keyword in e.keywords and seeded.entries.count(
        Filter(search="the", ids=frozenset({e.id}))) == 1}
    assert set(seeded.entries.ids(flt)) == expected
    excluded = Filter(exclude=frozenset({("keyword", keyword)}))
    assert set(seeded.entries.ids(excluded)) == {e.id for e in entries if keyword not in e.keywords}


def test_search_finds_item_text_and_prefixes(seeded: Library) -> None:
    entry = seeded.entries.get(seeded.entries.ids(Filter())[0])
    word = max(entry.concerns[0].description.split(), key=len).strip(".,;:()\"'")
    assert entry.id in seeded.entries.ids(Filter(search=word[:-1]))


@pytest.mark.parametrize("text", ['"', 'a AND', "(", "title:", "*", "NOT", "\x00", '"a" OR (',
                                  "-", "^", "NEAR(", "'", "a\tb\"c", ")", "AND OR NOT"])
def test_search_text_never_raises(seeded: Library, text: str) -> None:
    assert 0 <= seeded.entries.count(Filter(search=text)) <= seeded.entries.total()
    seeded.entries.page(Filter(search=text))
    for facet in ("status", "keyword"):
        seeded.entries.facet_counts(Filter(search=text), facet)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_any_search_text_is_safe(seeded: Library, text: str) -> None:
    before = seeded.data_version(), seeded.entries.total()
    assert seeded.entries.count(Filter(search=text)) >= 0
    assert (seeded.data_version(), seeded.entries.total()) == before


def test_selection_filter_and_views(seeded: Library) -> None:
    ids = seeded.entries.ids(Filter())[:2]
    flt = Filter(search="x", ids=frozenset(ids), include=frozenset({("status", "new")}))
    seeded.saved_views.save("Mine", flt)
    assert seeded.saved_views.all() == [("Mine", flt)]
    seeded.saved_views.delete("Mine")
    assert seeded.saved_views.all() == []


def test_backup_is_a_complete_library(seeded: Library, tmp_path: Path) -> None:
    seeded.backup(tmp_path / "copy.db")
    with Library(tmp_path / "copy.db") as copy:
        assert copy.entries.total() == seeded.entries.total()
        assert copy.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("damage", ["truncate", "garble"])
def test_damaged_library_is_refused_and_untouched(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        import_paths(lib, [SEEDS])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 3]
    else:
        for offset in range(4096 * 3, len(data), 997):
            data[offset] = 0x55
    path.write_bytes(bytes(data))
    with pytest.raises(LibraryError, match="damaged"):
        Library(path)
    assert path.read_bytes() == bytes(data)


@pytest.mark.parametrize("column", ENTRY_SORT_COLUMNS)
@pytest.mark.parametrize("descending", [False, True])
def test_position_matches_the_sorted_list(seeded: Library, column: str, descending: bool) -> None:
    entry = seeded.entries.get(seeded.entries.ids(Filter())[0])
    seeded.edits.save_entry(entry.model_copy(update={"page": None}),
                            seeded.entries.version(entry.id))
    for flt in (Filter(), Filter(search="the"), Filter(query="signal.relevancy:>=4 -id:=x")):
        ids = seeded.entries.ids(flt, sort=column, descending=descending)
        for row, entry_id in enumerate(ids):
            assert seeded.entries.position(flt, entry_id, sort=column, descending=descending) == row
    searched = seeded.entries.ids(Filter(search="the"))
    outside = next(i for i in seeded.entries.ids(Filter()) if i not in searched)
    assert seeded.entries.position(Filter(search="the"), outside) is None


def test_scrolling_a_search_counts_its_matches_once_until_a_change(seeded: Library) -> None:
    """Every page asks whether the search is broad; the count behind it is not redone."""
    counts: list[str] = []
    seeded.conn.set_trace_callback(
        lambda sql: counts.append(sql) if "count(*) FROM entries_fts" in sql else None)
    search = Filter(search="the")
    pages = [seeded.entries.page(search, offset=o, limit=2)
             for o in range(0, seeded.entries.count(search), 2)]
    assert [r.id for page in pages for r in page] == seeded.entries.ids(search)
    counted = len(counts)
    seeded.entries.page(search, offset=2, limit=2)
    assert len(counts) == counted  # the same answer, reused
    seeded.edits.set_status([pages[0][0].id], "approved")
    seeded.entries.page(search, offset=0, limit=2)
    assert len(counts) == counted + 1  # a change: counted again


def test_a_new_library_waits_for_another_program_creating_it(tmp_path: Path) -> None:
    """Switching to WAL does not wait by itself: opening must, while another holds the file."""
    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another program, midway through laying it out
    other.execute("CREATE TABLE scratch (x)")
    release = threading.Timer(0.5, lambda: other.execute("ROLLBACK"))
    release.start()
    try:
        with Library(path) as library:
            assert library.entries.total() == 0 and not library.read_only
    finally:
        release.join()
        other.close()


def test_a_lone_letter_is_a_word_and_longer_ones_are_prefixes(seeded: Library) -> None:
    assert fts_query("c") == '"c"' and fts_query("cl") == '"cl"*'
    assert fts_query("電") == '"電"*'  # one CJK character can be a word's start
    entry = seeded.entries.get(seeded.entries.ids(Filter())[0])
    word = max(entry.title.split(), key=len).strip(".,;:()\"'")
    assert entry.id in seeded.entries.ids(Filter(search=word[:2]))
    count = seeded.entries.count
    assert count(Filter(search=word[0])) < count(Filter(search=word[:2]))


def test_a_library_made_before_a_later_index_gets_it_on_opening(seeded: Library) -> None:
    path = seeded.path
    expected = seeded.items.relevancy_distribution(Filter())
    seeded.conn.execute("DROP INDEX items_by_section_scores")
    seeded.conn.execute("CREATE INDEX items_by_relevancy ON items(section, relevancy)")
    seeded.close()
    with Library(path) as again:
        names = {r[0] for r in again.conn.execute("SELECT name FROM sqlite_master")}
        assert "items_by_section_scores" in names and "items_by_relevancy" not in names
        assert again.items.relevancy_distribution(Filter()) == expected
        plan = " ".join(str(tuple(r)) for r in again.conn.execute(
            "EXPLAIN QUERY PLAN SELECT i.section, i.relevancy, i.relevancy_imported, count(*) "
            "FROM items i GROUP BY i.section, i.relevancy, i.relevancy_imported"))
        assert "COVERING INDEX items_by_section_scores" in plan

