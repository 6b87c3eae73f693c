"""Grouping items that say nearly the same thing, for calibrating their scores."""

from __future__ import annotations

import gc
import random

import pytest

from curator.core import calibration
from curator.core.calibration import Group, GroupingCancelled, group_items, normalise


def _item(number: int, label: str, score: int, section: str = "signals"):
    return ((f"{number:016x}", section, 0), label, score)


def _labels(group: Group) -> set[str]:
    return {label for _, label, _ in group.members}


@pytest.mark.parametrize(("label", "expected"), [
    ("  Heat-Aware   Urban Design! ", "heat aware urban design"),
    ("GROSSWÄRMEPUMPEN", "grosswärmepumpen"),
    ("Großwärmepumpen", "grosswärmepumpen"),
    ("ＡＩ　ｓａｆｅｔｙ", "ai safety"),
    ("snake_case/words", "snake case words"),
    ("हिन्दी समाचार", "हिन्दी समाचार"),
    ("—", ""),
])
def test_normalise(label: str, expected: str) -> None:
    assert normalise(label) == expected


def test_equal_labels_but_for_case_punctuation_and_spacing_group() -> None:
    groups = group_items([
        _item(1, "Mandatory Reflective Roofing", 5),
        _item(2, "mandatory reflective roofing.", 4),
        _item(3, "Mandatory  reflective-roofing", 4),
    ])
    assert len(groups) == 1
    assert len(groups[0].members) == 3
    assert groups[0].label == "Mandatory Reflective Roofing"


def test_similar_labels_group() -> None:
    groups = group_items([
        _item(1, "Community cooling networks", 3),
        _item(2, "Community coolng networks", 3),  # a typo
        _item(3, "Networks for community cooling", 3),  # words in another order
    ])
    assert len(groups) == 1
    assert len(groups[0].members) == 3


def test_one_word_labels_misspelt_group() -> None:
    groups = group_items([_item(1, "Decarbonisation", 2), _item(2, "Decarbonization", 2)])
    assert [len(g.members) for g in groups] == [2]


def test_unrelated_labels_do_not_group() -> None:
    groups = group_items([
        _item(1, "Mandatory reflective roofing", 5),
        _item(2, "Community cooling networks", 1),
        _item(3, "Heat as a public health metric", 3),
        _item(4, "Peak demand relief", 1),
        _item(5, "Grid resilience in heatwaves", 5),
    ])
    assert groups == []


def test_labels_differing_in_a_number_do_not_group() -> None:
    assert group_items([_item(1, "Phase 2 trials", 1), _item(2, "Phase 3 trials", 5)]) == []


def test_a_single_item_is_no_group() -> None:
    assert group_items([_item(1, "Peak demand relief", 4), _item(2, "", 1)]) == []


def test_sections_are_not_mixed_unless_asked() -> None:
    items = [_item(1, "Unequal coverage", 5, "concerns"), _item(2, "Unequal coverage", 1, "issues")]
    assert group_items(items) == []
    assert len(group_items(items, same_section=False)) == 1


def test_spread_and_flag() -> None:
    groups = group_items([
        _item(1, "Peak demand relief", 1), _item(2, "Peak demand relief", 4),
        _item(3, "Data-driven targeting", 3), _item(4, "data driven targeting", 4),
    ])
    by_label = {g.label: g for g in groups}
    assert by_label["Peak demand relief"].spread == 3
    assert by_label["Peak demand relief"].flagged
    assert by_label["Data-driven targeting"].spread == 1
    assert not by_label["Data-driven targeting"].flagged


def test_members_highest_score_first_and_keys() -> None:
    [group] = group_items([_item(1, "Peak demand relief", 1), _item(2, "Peak demand relief", 4)])
    assert group.scores == [4, 1]
    assert group.keys == [("0000000000000002", "signals", 0), ("0000000000000001", "signals", 0)]


def test_flagged_groups_come_first_then_larger() -> None:
    items = [_item(n, "Small calm group", 3) for n in range(2)]
    items += [_item(10 + n, "Large calm group", 3) for n in range(5)]
    items += [_item(20, "Disputed item", 1), _item(21, "Disputed item", 5)]
    groups = group_items(items)
    assert [g.label for g in groups] == ["Disputed item", "Large calm group", "Small calm group"]


def test_a_stricter_threshold_keeps_near_labels_apart() -> None:
    items = [_item(1, "Community cooling networks", 3), _item(2, "Community coolng networks", 3)]
    assert len(group_items(items)) == 1
    assert group_items(items, threshold=99) == []


def _found_by_keys_only(monkeypatch: pytest.MonkeyPatch, items: list) -> list:
    """Items plus more unrelated ones than a block holds, and no neighbours in sorted
    order compared: what is still grouped was found by a key."""
    monkeypatch.setattr(calibration, "NEIGHBOURS", 0)
    rng = random.Random(11)
    unrelated = [" ".join("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))
                          for _ in range(2)) for _ in range(2 * calibration.MAX_BLOCK)]
    return items + [_item(10_000 + n, label, 3) for n, label in enumerate(unrelated)]


def test_a_word_added_to_a_label_of_common_words_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    vocabulary = "energy grid market policy solar storage wind water city health risk data".split()
    # Every word is in far more labels than a block holds: no word is rare.
    items = [_item(n, " ".join(rng.sample(vocabulary, 6)), 3) for n in range(300)]
    planted = {"Energy grid market policy solar storage",
               "Energy grid market policy solar storage wind"}
    items += [_item(1_000 + n, label, 1 + 4 * n) for n, label in enumerate(sorted(planted))]
    groups = group_items(_found_by_keys_only(monkeypatch, items))
    assert any(planted <= _labels(g) for g in groups)


def test_a_typo_among_too_many_labels_equal_but_for_one_word_groups() -> None:
    rng = random.Random(5)
    others = {"".join(rng.choice("abdfghjkmprstuvwz") for _ in range(8)) for _ in range(120)}
    items = [_item(n, f"Migration {word}", 3) for n, word in enumerate(sorted(others))]
    assert len(items) > calibration.MAX_BLOCK  # all share the key "migration"
    # Labels that come between the two in sorted order (of their words, and of their words
    # backwards), but have no key with them.
    items += [_item(500 + n, f"Migration ocb{word[:4]} zz{word[4:]}fan", 3)
              for n, word in enumerate(sorted(others)[:6])]
    items += [_item(1_000, "Migration ocean", 1), _item(1_001, "Migration ocaen", 5)]
    # Strict enough that no two of the made-up words (random letters) are alike.
    [group] = group_items(items, threshold=88)
    assert _labels(group) == {"Migration ocean", "Migration ocaen"}


def test_labels_with_a_typo_in_two_words_group(monkeypatch: pytest.MonkeyPatch) -> None:
    # The typos are the rarest words of each; a word of one label only is no key.
    groups = group_items(_found_by_keys_only(monkeypatch, [
        _item(1, "Cities adopt heat-aware urban design standards", 2),
        _item(2, "Cities adopt heat-awre urban desgn standards", 4),
    ]))
    assert [len(g.members) for g in groups] == [2]


def test_long_labels_with_a_word_dropped_group(monkeypatch: pytest.MonkeyPatch) -> None:
    groups = group_items(_found_by_keys_only(monkeypatch, [
        _item(1, "Municipal heat action plans name cooling centres and assign staff", 2),
        _item(2, "Municipal heat action plans name cooling centres and assign new staff", 4),
        _item(3, "Regional water utilities publish drought contingency tariffs", 3),
    ]))
    assert [len(g.members) for g in groups] == [2]


def test_progress_is_reported_and_cancel_stops() -> None:
    items = [_item(n, f"label {n % 500}", 3) for n in range(5_000)]
    seen = []
    group_items(items, progress=lambda done, total, stage: seen.append(stage))
    stages = list(dict.fromkeys(seen))
    assert stages == ["reading", "preparing", "comparing"]  # each stage told, in order
    with pytest.raises(GroupingCancelled):
        group_items(items, cancelled=lambda: True)


@pytest.mark.parametrize("collecting", [True, False])
def test_the_garbage_collector_is_left_as_found(collecting: bool) -> None:
    items = [_item(n, f"label {n % 50}", 3) for n in range(500)]
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        group_items(items)
        assert gc.isenabled() is collecting
        with pytest.raises(GroupingCancelled):
            group_items(items, cancelled=lambda: True)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_a_large_input_groups_its_planted_copies() -> None:
    """100,000 items: must finish (timed by tests/perf/calibration_bench.py, not here)."""
    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ber", "dan", "gor", "lin"]
    items = []
    for n in range(100_000):
        label = " ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(4))
        items.append(_item(n, label, rng.randint(1, 5), rng.choice(["signals", "issues"])))
    planted = [_item(200_000, "Zyxwv planted marker item", 1),
               _item(200_001, "ZYXWV planted marker item!", 5),
               _item(200_002, "Zyxwv plantd marker item", 3)]
    groups = group_items(items + planted)
    [found] = [g for g in groups if any(k[0].startswith("0000000000030d4") for k in g.keys)]
    assert sorted(found.keys) == sorted(key for key, _, _ in planted)
    assert found.flagged


def test_a_chain_of_similar_labels_stops_at_the_group_limit() -> None:
    """The labels differ in their last word only, so all are alike and would join in one."""
    rng = random.Random(7)
    words = sorted({"".join(rng.choice("bcdfghklmnprstvz") for _ in range(3))
                    for _ in range(200)})[:130]
    labels = [f"Regional heat pump subsidy scheme for older rural homes {word}" for word in words]
    items = [_item(n, label, 3) for n, label in enumerate(labels)]
    items += [_item(1000 + n, labels[0], 3) for n in range(80)]  # one label, many items
    groups = group_items(items)
    assert groups and all(len({label for _, label, _ in g.members})
                          <= calibration.MAX_GROUP_LABELS for g in groups)
    [first] = [g for g in groups if any(label == labels[0] for _, label, _ in g.members)]
    assert sum(label == labels[0] for _, label, _ in first.members) == 81  # equal ones all in
    in_groups = [label for g in groups for label in {label for _, label, _ in g.members}]
    assert sorted(in_groups) == sorted(labels)  # each label in one group, none left out


def test_rescored_keeps_the_label_and_orders_by_the_new_scores() -> None:
    group = Group("Cool roofs", [_item(1, "Cool roofs", 5), _item(2, "cool roofs", 1)])
    key_low = _item(2, "cool roofs", 1)[0]
    updated = calibration.rescored(group, {key_low: 5, ("ffff", "signals", 0): 2})
    assert updated.label == "Cool roofs" and updated.scores == [5, 5] and not updated.flagged
    assert [m[0] for m in updated.members] == [_item(1, "", 0)[0], key_low]


REWORDED = [
    ("Heat pump installations", "Installing heat pumps"),  # 86 %
    ("Wildfire risk", "Risk of wildfires"),  # 87 %
    ("Heat pump adoption", "Adoption of heat pumps"),
    ("Sodium-ion batteries", "Sodium ion battery"),
    ("Hospital data sharing", "Sharing of hospital data"),
]
UNRELATED = [
    ("Electric vehicle adoption", "Electric vehicle charging"),  # 80 %
    ("Hydrogen infrastructure", "Charging infrastructure"),  # 83 %
    ("Fire safety standards", "Standards fragmentation"),
    ("Drought insurance", "Flood insurance"),
    ("Cool roofs", "Green roofs"),
]


@pytest.mark.parametrize(("first", "second"), REWORDED)
def test_the_default_similarity_groups_a_label_said_another_way(first: str,
                                                                second: str) -> None:
    groups = group_items([_item(1, first, 2), _item(2, second, 4)])
    assert [_labels(g) for g in groups] == [{first, second}]


@pytest.mark.parametrize(("first", "second"), UNRELATED)
def test_the_default_similarity_keeps_labels_sharing_a_word_apart(first: str,
                                                                  second: str) -> None:
    assert group_items([_item(1, first, 2), _item(2, second, 4)]) == []
