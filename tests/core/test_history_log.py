"""The history read as a change log: items by name, changed words, undo and redo folded in."""

from __future__ import annotations

import sqlite3

from curator.core.diff import excerpt, word_diff
from curator.core.history_log import change_log, kinds, value_text
from curator.core.operations import save_entry, set_status
from curator.core.operations.scores import set_score
from curator.core.store import By, HistoryRow, ItemKey, Library
from tests.conftest import SEEDS
from tests.older_schema import as_version_4

SUPERBLOCKS = "494634e2e4d0a94c"  # seeds/005: its first signal is 'Tactical Urbanism Trials'


def _row(pk: int, path: str, old, new, by: str = "edit") -> HistoryRow:  # noqa: ANN001
    return HistoryRow(pk, SUPERBLOCKS, path, old, new, f"2026-01-01T10:00:{pk:02d}+00:00", by,
                      None)


def test_a_score_change_names_its_item_with_a_real_arrow(seeded: Library) -> None:
    set_score(seeded, ItemKey(SUPERBLOCKS, "signals", 0), 2)
    line = change_log(seeded.entries.history(SUPERBLOCKS))[0]
    old = seeded.entries.get(SUPERBLOCKS).signals[0].relevancy_imported
    assert line.summary == f"Signal “Tactical Urbanism Trials”: relevancy {old} \u2192 2"
    assert line.kind == "Relevancy"


def test_a_row_older_than_item_names_names_its_item_by_number() -> None:
    line = change_log([_row(1, "concerns.2.name", "a", "b")])[0]
    assert line.summary == "Concern 3: name a \u2192 b"


def test_an_undo_takes_its_line_out_and_its_redo_puts_it_back(seeded: Library) -> None:
    change = set_score(seeded, ItemKey(SUPERBLOCKS, "signals", 0), 2)
    scored = change_log(seeded.entries.history(SUPERBLOCKS))
    undo = change.inverse(seeded, By.UNDO)
    assert change_log(seeded.entries.history(SUPERBLOCKS)) == scored[1:]
    undo.inverse(seeded, By.REDO)
    assert change_log(seeded.entries.history(SUPERBLOCKS)) == scored


def test_an_undo_and_its_redo_written_by_an_older_curator_fold_into_the_change() -> None:
    rows = [_row(1, "signals.0.relevancy", 4, 2), _row(2, "signals.0.relevancy", 2, 4, By.UNDO),
            _row(3, "signals.0.relevancy", 4, 2, By.REDO)]
    log = change_log(rows)
    assert len(log) == 1  # not three lines: the undo and the redo are in it
    assert log[0].state == "undone, then redone" and not log[0].undone
    assert [e.kind for e in log[0].events] == ["undone", "redone"]


def test_two_undos_each_find_their_own_change() -> None:
    rows = [_row(1, "title", "A", "B"), _row(2, "title", "B", "C"),
            _row(3, "title", "C", "B", By.UNDO), _row(4, "title", "B", "A", By.UNDO),
            _row(5, "title", "A", "B", By.REDO)]
    log = change_log(rows)
    assert [(line.pk, line.state) for line in log] == [
        (2, "undone"), (1, "undone, then redone")]


def test_an_undo_that_reverses_nothing_stays_a_line_of_its_own() -> None:
    rows = [_row(1, "title", "A", "B"), _row(2, "title", "B", "C"),
            _row(3, "title", "B", "A", By.UNDO)]  # not the latest change: it cannot be its
    log = change_log(rows)
    assert [line.pk for line in log] == [3, 2, 1] and not any(line.events for line in log)


def test_long_text_is_summed_up_and_its_changed_words_found(seeded: Library) -> None:
    entry = seeded.entries.get(SUPERBLOCKS)
    summary = entry.summary.replace("plazas", "squares", 1)
    save_entry(seeded, entry.model_copy(update={"summary": summary}),
               seeded.entries.version(SUPERBLOCKS))
    line = change_log(seeded.entries.history(SUPERBLOCKS))[0]
    assert line.summary == "Summary: 2 words changed"
    removed, added = line.marks()
    assert [line.old[a:b] for a, b in removed] == ["plazas"]
    assert [line.new[a:b] for a, b in added] == ["squares"]


def test_entries_and_kinds_read_as_words(seeded: Library) -> None:
    set_status(seeded, [SUPERBLOCKS], "approved")
    log = change_log(seeded.entries.history(SUPERBLOCKS))
    assert log[0].summary == "Status new \u2192 approved"
    assert log[-1].summary == f"Imported from {sorted(SEEDS.glob('005_*'))[0].name}"
    assert kinds(log) == ["Status", "Entry"]


def test_word_diff_marks_whole_words_and_joins_neighbours() -> None:
    removed, added = word_diff("fewer cars and more trees", "fewer vans and bikes more trees")
    assert removed == [(6, 10)]
    assert added == [(6, 10), (15, 20)]
    assert word_diff("same", "same") == ([], [])
    assert word_diff("", "new words") == ([], [(0, 9)])


def test_excerpt_keeps_the_change_in_view() -> None:
    text = " ".join(f"w{n}" for n in range(100)) + " CHANGED " + "tail " * 20
    start = text.index("CHANGED")
    shown, spans = excerpt(text, [(start, start + 7)], limit=60)
    assert len(shown) <= 62 and shown.startswith("…") and shown.endswith("…")
    assert [shown[a:b] for a, b in spans] == ["CHANGED"]
    assert excerpt("short", [(0, 5)]) == ("short", [(0, 5)])


def test_values_read_as_text() -> None:
    assert value_text(None) == "\u2014"
    assert value_text(["energy", "cities"]) == "energy, cities"
    assert value_text([{"name": "A", "relevancy": 3}, {"description": "B"}]) == "2 items: A; B"
    assert value_text(True) == "yes" and value_text(4) == "4"


def test_an_item_keeps_its_name_after_the_items_move(seeded: Library) -> None:
    entry = seeded.entries.get(SUPERBLOCKS)
    first = entry.signals[0].name
    set_score(seeded, ItemKey(SUPERBLOCKS, "signals", 0), 5 if entry.signals[0].relevancy != 5
              else 4)
    moved = seeded.entries.get(SUPERBLOCKS)
    moved = moved.model_copy(update={"signals": list(reversed(moved.signals))})
    save_entry(seeded, moved, seeded.entries.version(SUPERBLOCKS))
    now = seeded.entries.get(SUPERBLOCKS)
    assert now.signals[0].name != first  # the scored signal is no longer the first
    scored = [line for line in change_log(seeded.entries.history(SUPERBLOCKS))
              if line.path == "signals.0.relevancy" and line.by == "review"]
    assert scored[0].label == f"Signal “{first}”: relevancy"
    # The move itself names each item as it was called before it (the first, renamed).
    renamed = [line for line in change_log(seeded.entries.history(SUPERBLOCKS))
               if line.path == "signals.0.name"]
    assert renamed[0].label == f"Signal “{first}”: name"


def test_a_long_item_name_is_cut_short() -> None:
    row = HistoryRow(1, SUPERBLOCKS, "signals.0.relevancy", 3, 5, "2026-01-01T10:00:00+00:00",
                     "edit", None, "Drought insurance for smallholder farmers in the Sahel")
    assert change_log([row])[0].summary == (
        "Signal “Drought insurance for smallholder farme…”: relevancy 3 → 5")


def test_a_library_of_schema_4_keeps_its_history_readable(seeded: Library) -> None:
    set_score(seeded, ItemKey(SUPERBLOCKS, "signals", 1), 1)
    path = seeded.path
    seeded.close()
    conn = sqlite3.connect(path)
    as_version_4(conn)
    conn.commit()
    conn.close()
    with Library(path) as library:
        view = [row[1] for row in library.conn.execute("PRAGMA table_info(history_view)")]
        assert "item" in view  # the view for other SQLite tools was made again with it
        old = [line for line in change_log(library.entries.history(SUPERBLOCKS))
               if line.by == "review"]
        assert old[0].label == "Signal 2: relevancy"  # no name recorded then: its place
        set_score(library, ItemKey(SUPERBLOCKS, "signals", 1), 2)
        name = library.entries.get(SUPERBLOCKS).signals[1].name
        assert change_log(library.entries.history(SUPERBLOCKS))[0].label == (
            f"Signal “{name}”: relevancy")
