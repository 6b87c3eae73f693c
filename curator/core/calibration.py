"""Calibration: find scored items that say nearly the same thing, to compare their scores."""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

from rapidfuzz import fuzz, process

from .identity import fold_words
from .store import ItemKey

Member = tuple[ItemKey, str, int]
"""(key, label, relevancy) of one item."""

Progress = Callable[[int, int, str], None]
"""Told (done, total, stage); stage is "reading" (total 0: not known yet), "preparing" (sections
whose labels to compare are found) or "comparing" (labels compared)."""

MAX_BLOCK = 50
"""A word in more labels than this is not rare, and labels equal but for one word beyond
this many are compared only with their neighbours in sorted order: so that a small
vocabulary never turns the work back into all pairs."""

NEIGHBOURS = 3
"""Each label is also compared with this many following it in sorted order, forwards and
backwards: that catches a typo in a one-word label, which shares no key."""

DROP_ONE_UP_TO = 8
"""Labels of up to this many words are also blocked as they are and by every way of leaving
one word out."""

DEFAULT_SIMILARITY = 85
"""How alike two labels must be (token_sort_ratio, in %) to group them, unless asked otherwise.
Measured on 30 pairs of labels saying one thing two ways and 21 pairs sharing words but not
the thing: at 85, 22 of the 30 group ("Heat pump installations" / "Installing heat pumps"
86, "Wildfire risk" / "Risk of wildfires" 87, which 88 missed) and 1 of the 21; at 80, 25
and 4 ("Electric vehicle adoption" / "… charging" 80, "Hydrogen" / "Charging infrastructure"
83), false groups that, scored apart, would be flagged first. Lowering it finds the looser
ones. The sample seeds and the real seed file hold no two items alike above 65 %: no
default finds groups there, and the Calibration tab says so."""
CHECK_EVERY = 2_000
"""Items read, or labels compared, between looks at the cancel flag and reports of progress."""


_DIGIT = re.compile(r"\d")


class GroupingCancelled(Exception):
    """The analyst cancelled the grouping; there is no partial result."""


@dataclass(frozen=True)
class Group:
    """Items that say nearly the same thing, and how far apart their scores are."""

    label: str
    """The label most of its items have (the first such, on a tie)."""
    members: list[Member]
    """Highest score first, then by entry and position."""

    @property
    def scores(self) -> list[int]:
        return [relevancy for _, _, relevancy in self.members]

    @property
    def spread(self) -> int:
        scores = self.scores
        return max(scores) - min(scores)

    @property
    def flagged(self) -> bool:
        """Scored two or more points apart: worth a second look."""
        return self.spread >= 2

    @property
    def keys(self) -> list[ItemKey]:
        return [key for key, _, _ in self.members]


def normalise(label: str) -> str:
    """A label with case, punctuation and spacing taken out: equal ones say the same."""
    return " ".join(_words(label))


def _words(label: str) -> list[str]:
    return fold_words(label)


MAX_GROUP_LABELS = 50
"""A group joins at most this many different labels. Similarity chains (A like B like C …)
would otherwise run on: on a small vocabulary they made groups of half a million items whose
ends said different things. Equal labels are one label, however many items share it."""


class _UnionFind:
    """Joined labels, each group of at most MAX_GROUP_LABELS."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.size = [1] * size

    def find(self, node: int) -> int:
        parent = self.parent
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.size[ra] + self.size[rb] > MAX_GROUP_LABELS:
            return
        root, other = min(ra, rb), max(ra, rb)
        self.parent[other] = root
        self.size[root] += self.size[other]


def group_items(
    items: Iterable[Member],
    *,
    threshold: float = DEFAULT_SIMILARITY,
    same_section: bool = True,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Group]:
    """Group items whose labels are the same but for case, punctuation and spacing, or
    very similar (rapidfuzz token_sort_ratio ≥ `threshold`).

    Only groups of two or more are returned: flagged ones (scores 2+ apart) first, then
    the largest. With `same_section`, a signal is never grouped with an issue: the two
    tables score different things. Similar groups chain (A like B, B like C: one group).
    Raises GroupingCancelled when `cancelled()` turns true.

    Never compares all pairs: equal labels are grouped by a dictionary; similar ones are
    only looked for among labels equal but for one word, labels sharing two of their three
    rarest words, and neighbours in sorted order.
    """
    # Millions of small lists and tuples, and no reference cycles: the cyclic collector
    # would walk them over and over (it doubled the time), so it waits until the end. The
    # pause is process-wide; other threads' garbage just waits those few seconds too.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _group_items(items, threshold, same_section, progress, cancelled)
    finally:
        if collecting:
            gc.enable()


def _group_items(
    items: Iterable[Member],
    threshold: float,
    same_section: bool,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> list[Group]:
    # 1. Read, and group equal labels: a node per distinct (section, sorted words).
    node_of: dict[tuple[str, str], int] = {}
    node_members: list[list[Member]] = []
    node_text: list[str] = []
    scope_nodes: dict[str, list[int]] = defaultdict(list)
    count = 0
    for member in items:
        count += 1
        if count % CHECK_EVERY == 0:
            _check(cancelled)
            if progress:
                progress(count, 0, "reading")
        key, label, _ = member
        # Word order does not matter: token_sort_ratio of the two would be 100.
        text = " ".join(sorted(_words(label)))
        if not text:
            continue
        scope = key[1] if same_section else ""
        node = node_of.setdefault((scope, text), len(node_text))
        if node == len(node_text):
            node_members.append([])
            node_text.append(text)
            scope_nodes[scope].append(node)
        node_members[node].append(member)
    del node_of
    _check(cancelled)

    # 2. Similar labels, looked for in blocks only; merged with union-find.
    blocks: list[list[int]] = []
    for index, nodes in enumerate(scope_nodes.values()):
        if progress:  # seconds on a large library: say so rather than seem stuck reading
            progress(index, len(scope_nodes), "preparing")
        blocks += candidate_blocks(nodes, node_text)
        _check(cancelled)
    joined = _UnionFind(len(node_text))
    total = sum(len(block) for block in blocks)
    done = 0
    reported = 0
    if progress:
        progress(0, total, "comparing")
    for block in blocks:
        _compare(block, node_text, joined, threshold)
        done += len(block)
        if done - reported >= CHECK_EVERY:
            reported = done
            _check(cancelled)
            if progress:
                progress(done, total, "comparing")
    if progress:
        progress(total, total, "comparing")

    # 3. Gather the members of each component.
    gathered: dict[int, list[Member]] = defaultdict(list)
    for node, members in enumerate(node_members):
        gathered[joined.find(node)].extend(members)
    groups = [_group(members) for members in gathered.values() if len(members) >= 2]
    groups.sort(key=lambda g: (not g.flagged, -len(g.members), -g.spread, g.label.casefold()))
    return groups


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise GroupingCancelled()


def candidate_blocks(nodes: list[int], texts: list[str]) -> list[list[int]]:
    """Lists of the nodes (of one section) worth comparing with each other: all pairs of
    those up to MAX_BLOCK long, only neighbours in the longer ones, which are sorted."""
    words = [texts[node].split() for node in nodes]
    frequency = Counter(chain.from_iterable(map(set, words)))
    # A rare word is in few labels, so a block keyed by it stays small; one in a single
    # label is left out, as it cannot be shared (it is often a typo). Ties by the word, so
    # that the same labels always get the same keys.
    rare = sorted((count, word) for word, count in frequency.items() if 2 <= count <= MAX_BLOCK)
    rank = {word: n for n, (_, word) in enumerate(rare)}

    but_one: dict[str, list[int]] = defaultdict(list)
    rare_pairs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for node, node_words in zip(nodes, words):
        if len(node_words) < 2:
            # A one-word label: only its neighbours in sorted order (below) can be like it.
            continue
        if len(node_words) <= DROP_ONE_UP_TO:
            # A word added, dropped or changed (a typo): the two are equal without it.
            but_one[texts[node]].append(node)
            for index in range(len(node_words)):
                if index == 0 or node_words[index] != node_words[index - 1]:
                    but_one[" ".join(node_words[:index] + node_words[index + 1:])].append(node)
        if rank:
            # Labels that are alike share most words, so two of their three rarest whatever
            # one word differs; this also finds long labels, and some differing in more.
            rarest = sorted({rank[word] for word in node_words if word in rank})[:3]
            for index, first in enumerate(rarest):
                for second in rarest[index + 1:]:
                    rare_pairs[first, second].append(node)

    blocks = [members for members in rare_pairs.values() if len(members) >= 2]
    for members in but_one.values():
        if len(members) > MAX_BLOCK:
            members.sort(key=texts.__getitem__)
        if len(members) >= 2:
            blocks.append(members)
    # Neighbours in sorted order, forwards and backwards, catch typos no key does.
    blocks.append(sorted(nodes, key=texts.__getitem__))
    blocks.append(sorted(nodes, key=lambda node: texts[node][::-1]))
    return blocks


def _compare(block: list[int], texts: list[str], joined: _UnionFind, threshold: float) -> None:
    choices = [texts[node] for node in block]
    # A long block is in sorted order: only near neighbours in it can be alike.
    reach = len(block) if len(block) <= MAX_BLOCK else NEIGHBOURS + 1
    for index in range(len(block) - 1):
        node = block[index]
        # The texts are sorted words already, so plain ratio is token_sort_ratio.
        for _, _, found in process.extract(
            choices[index], choices[index + 1:index + reach], scorer=fuzz.ratio,
            score_cutoff=threshold, limit=None,
        ):
            other = block[index + 1 + found]
            if number_words(texts[node]) == number_words(texts[other]):
                joined.union(node, other)


def number_words(text: str) -> list[str]:
    # "Phase 2 trials" and "Phase 3 trials" are nearly the same text but not the same thing.
    if not _DIGIT.search(text):
        return []
    return [word for word in text.split() if _DIGIT.search(word)]


def rescored(group: Group, scores: dict[ItemKey, int]) -> Group:
    """The group with some of its items' scores as they are now (after an edit or undo)."""
    members = [(key, label, scores.get(key, score)) for key, label, score in group.members]
    return Group(group.label, sorted(members, key=lambda m: (-m[2], m[0])))


def _group(members: list[Member]) -> Group:
    # Counter keeps first-seen order, and max() the first of equals: ties go to the first.
    labels = Counter(label for _, label, _ in members)
    label = max(labels, key=labels.__getitem__)
    members = sorted(members, key=lambda m: (-m[2], m[0]))
    return Group(label, members)
