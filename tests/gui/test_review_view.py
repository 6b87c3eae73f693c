"""Review mode driven by keys: scores, keeps, skips, going back, reasons and the summary."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from curator.core.review import unreviewed_keys
from curator.core.store import ItemFilter, Library
from curator.gui.review.review_view import ReviewView

SIGNALS = ItemFilter(sections=frozenset({"signals"}))


class Recorder:
    """What the window would do: the core call (with its reason) and the review mark."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.scores: list[tuple] = []
        self.marked: list[tuple] = []

    def set_relevancy(self, key, value, reason) -> bool:
        self.scores.append((key, value, reason))
        self.library.edits.set_relevancy(*key, value, reason=reason)
        return True

    def mark_reviewed(self, key) -> None:
        self.marked.append(key)
        self.library.items.set_reviewed([key])


@pytest.fixture
def review(qtbot, seeded):
    recorder = Recorder(seeded)
    reasons: list[str | None] = []
    view = ReviewView(recorder.set_relevancy, recorder.mark_reviewed,
                      ask_reason=lambda parent: reasons.pop(0) if reasons else None)
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.recorder = recorder
    view.reasons = reasons
    return view


def _other(score: int) -> int:
    return 1 if score != 1 else 2


def _key_for(score: int) -> Qt.Key:
    return Qt.Key(Qt.Key.Key_0.value + score)


def test_a_session_driven_by_keys(review, seeded, qtbot) -> None:
    keys = seeded.items.keys(SIGNALS)[:6]
    before = {k: seeded.items.get(k).relevancy for k in keys}
    review.start(seeded, keys)
    assert review.session.current() == keys[0]
    assert review.position_label.text() == "Item 1 of 6"

    qtbot.keyClick(review, _key_for(_other(before[keys[0]])))  # 0: scored
    qtbot.keyClick(review, Qt.Key.Key_Return)                   # 1: kept
    qtbot.keyClick(review, Qt.Key.Key_S)                        # 2: skipped
    qtbot.keyClick(review, Qt.Key.Key_Space)                    # 3: kept
    qtbot.keyClick(review, Qt.Key.Key_Backspace)                # back to 3
    qtbot.keyClick(review, Qt.Key.Key_Left)                     # back to 2
    assert review.session.current() == keys[2]
    qtbot.keyClick(review, _key_for(_other(before[keys[2]])))   # 2: scored now
    assert review.session.current() == keys[3]
    assert review.counts_label.text() == "4 reviewed · 2 changed · 2 left"

    assert seeded.items.get(keys[0]).relevancy == _other(before[keys[0]])
    assert seeded.items.get(keys[2]).relevancy == _other(before[keys[2]])
    assert seeded.items.get(keys[1]).relevancy == before[keys[1]]
    reviewed = set(seeded.items.keys(ItemFilter(reviewed=True)))
    assert reviewed == {keys[0], keys[1], keys[2], keys[3]}
    assert [s[:2] for s in review.recorder.scores] == [
        (keys[0], _other(before[keys[0]])), (keys[2], _other(before[keys[2]]))]

    # Resuming: a new session over the same items holds exactly those not marked.
    remaining = unreviewed_keys(seeded, SIGNALS)
    assert set(remaining) == set(seeded.items.keys(SIGNALS)) - reviewed
    second = ReviewView(review.recorder.set_relevancy, review.recorder.mark_reviewed)
    qtbot.addWidget(second)
    second.start(seeded, [k for k in remaining if k in keys])
    assert second.session.keys == [keys[4], keys[5]]


def test_summary_and_leaving(review, seeded, qtbot) -> None:
    keys = seeded.items.keys(SIGNALS)[:4]
    before = {k: seeded.items.get(k).relevancy for k in keys}
    review.start(seeded, keys)
    raised = min(before[keys[0]] + 1, 5) if before[keys[0]] < 5 else None
    qtbot.keyClick(review, _key_for(raised or 4))
    qtbot.keyClick(review, Qt.Key.Key_S)
    qtbot.keyClick(review, Qt.Key.Key_Return)
    qtbot.keyClick(review, Qt.Key.Key_Escape)  # one left: the summary shows first
    assert review.on_summary
    assert review.summary.heading.text() == "Review stopped"
    values = {k: label.text() for k, label in review.summary.values.items()}
    assert values == {"reviewed": "2", "changed": "1", "unchanged": "1", "skipped": "1",
                      "left": "1"}
    assert review.summary.direction.text() == ("(1 raised, 0 lowered)" if raised
                                               else "(0 raised, 1 lowered)")
    with qtbot.waitSignal(review.show_items) as shown:
        review.summary.show_changed_button.click()
    assert shown.args == [[keys[0]]]
    with qtbot.waitSignal(review.finished):
        qtbot.keyClick(review, Qt.Key.Key_Escape)


def test_esc_at_once_leaves(review, seeded, qtbot) -> None:
    review.start(seeded, seeded.items.keys(SIGNALS)[:3])
    with qtbot.waitSignal(review.finished):
        qtbot.keyClick(review, Qt.Key.Key_Escape)


def test_the_end_shows_the_summary_and_back_returns(review, seeded, qtbot) -> None:
    keys = seeded.items.keys(SIGNALS)[:2]
    review.start(seeded, keys)
    qtbot.keyClick(review, Qt.Key.Key_Return)
    qtbot.keyClick(review, Qt.Key.Key_Return)
    assert review.on_summary and review.summary.heading.text() == "Review finished"
    assert not review.summary.show_changed_button.isEnabled()
    qtbot.keyClick(review, Qt.Key.Key_Backspace)
    assert not review.on_summary and review.session.current() == keys[1]


def test_reason_then_score_is_kept_in_history(review, seeded, qtbot) -> None:
    keys = seeded.items.keys(SIGNALS)[:3]
    key = keys[0]
    old = seeded.items.get(key).relevancy
    review.reasons.append("Already mainstream in 2024")
    review.start(seeded, keys)
    qtbot.keyClick(review, Qt.Key.Key_R)
    assert review.pending_reason == "Already mainstream in 2024"
    assert "Already mainstream" in review.pending_label.text()
    qtbot.keyClick(review, _key_for(_other(old)))
    assert review.recorder.scores == [(key, _other(old), "Already mainstream in 2024")]
    rows = [h for h in seeded.entries.history(key[0]) if h.field == f"{key[1]}.{key[2]}.relevancy"]
    assert rows[0].reason == "Already mainstream in 2024"
    assert (rows[0].old, rows[0].new) == (old, _other(old))
    # The next item starts without a reason; going back shows the latest one.
    assert review.pending_reason is None and not review.pending_label.isVisibleTo(review)
    qtbot.keyClick(review, Qt.Key.Key_Backspace)
    assert review.reason_label.text() == "Last reason: “Already mainstream in 2024”"
    assert "raised" in review.imported_label.text() or "lowered" in review.imported_label.text()


def test_a_cancelled_reason_changes_nothing(review, seeded, qtbot) -> None:
    review.start(seeded, seeded.items.keys(SIGNALS)[:2])
    qtbot.keyClick(review, Qt.Key.Key_R)  # the dialog answers None
    assert review.pending_reason is None
    assert review.session.position == 0


def test_entry_text_is_shown_literally(review, seeded, qtbot) -> None:
    key = seeded.items.keys(SIGNALS)[0]
    entry = seeded.entries.get(key[0])
    title = "<b>Not bold</b> & <i>not</i> italic"
    seeded.edits.save_entry(entry.model_copy(update={"title": title, "summary": "<h1>x</h1>"}),
                      seeded.entries.version(entry.id))
    review.start(seeded, [key])
    assert review.entry_title.text() == title
    assert review.entry_title.textFormat() == Qt.TextFormat.PlainText
    assert review.entry_summary.text() == "<h1>x</h1>"
    assert review.entry_summary.textFormat() == Qt.TextFormat.PlainText


def test_an_item_gone_can_be_skipped(review, seeded, qtbot) -> None:
    keys = seeded.items.keys(SIGNALS)
    gone = keys[0]
    review.start(seeded, [gone, keys[-1]])
    seeded.edits.delete_entries([gone[0]])
    review.refresh()
    assert review.name_label.text() == "This item is no longer in the library."
    qtbot.keyClick(review, Qt.Key.Key_S)
    assert review.session.current() == keys[-1]


def test_buttons_do_what_the_keys_do(review, seeded) -> None:
    keys = seeded.items.keys(SIGNALS)[:3]
    review.start(seeded, keys)
    review.keep_button.click()
    review.back_button.click()
    assert review.session.current() == keys[0]
    review.skip_button.click()
    target = _other(seeded.items.get(keys[1]).relevancy)
    review.score_buttons[target - 1].click()
    assert seeded.items.get(keys[1]).relevancy == target
    review.end_button.click()
    assert review.on_summary
