"""Calibration: find scored items that say nearly the same thing, to compare their scores."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

Key = tuple[str, str, int]
"""An item as (entry id, section, position)."""

Member = tuple[Key, str, int]
"""(key, label, relevancy) of one item."""

Progress = Callable[[int, int, str], None]
"""Told (done, total, stage); stage is "reading" (total 0: not known yet) or "comparing"."""

MAX_BLOCK = 200
"""Labels sharing a blocking key beyond this many are compared only with their neighbours in
sorted order, so that a common word never turns the work back into all pairs."""

NEIGHBOURS = 3
"""Each label is also compared with this many following it in sorted order: that catches a
typo in a label's only rare word, which no word block would."""

DROP_ONE_UP_TO = 8
"""Labels of up to this many words are also blocked by every way of leaving one word out."""

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
    def keys(self) -> list[Key]:
        return [key for key, _, _ in self.members]


class _Blank(dict[int, int | None]):
    """A `str.translate` table, filled as characters are met: punctuation, symbols, spaces
    and control characters become spaces; letters, digits and combining marks stay."""

    def __missing__(self, code: int) -> int | None:
        kind = unicodedata.category(chr(code))[0]
        value = 0x20 if kind in "PSZC" or code == 0x5F else code
        self[code] = value
        return value


_BLANK = _Blank()


def normalise(label: str) -> str:
    """A label with case, punctuation and spacing taken out: equal ones say the same."""
    text = unicodedata.normalize("NFKC", label).casefold().translate(_BLANK)
    return " ".join(text.split())


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

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
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_items(
    items: Iterable[Member],
    *,
    threshold: float = 88,
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
    only looked for among labels sharing one of their two rarest words, and among
    neighbours in sorted order.
    """
    # 1. Read, and group equal labels: a node per distinct (section, sorted words).
    node_of: dict[tuple[str, str], int] = {}
    node_members: list[list[Member]] = []
    node_text: list[str] = []
    node_scope: list[str] = []
    count = 0
    for member in items:
        count += 1
        if count % CHECK_EVERY == 0:
            _check(cancelled)
            if progress:
                progress(count, 0, "reading")
        key, label, _ = member
        words = normalise(label).split()
        if not words:
            continue
        # Word order does not matter: token_sort_ratio of the two would be 100.
        text = " ".join(sorted(words))
        scope = key[1] if same_section else ""
        node = node_of.setdefault((scope, text), len(node_text))
        if node == len(node_text):
            node_members.append([])
            node_text.append(text)
            node_scope.append(scope)
        node_members[node].append(member)
    _check(cancelled)

    # 2. Similar labels, looked for in blocks only; merged with union-find.
    joined = _UnionFind(len(node_text))
    blocks = _blocks(node_text, node_scope)
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


def _blocks(texts: list[str], scopes: list[str]) -> list[list[int]]:
    """Lists of nodes worth comparing with each other, none longer than MAX_BLOCK."""
    by_scope: dict[str, list[int]] = defaultdict(list)
    for node, scope in enumerate(scopes):
        by_scope[scope].append(node)
    blocks: list[list[int]] = []
    for nodes in by_scope.values():
        blocks += _scope_blocks(nodes, texts)
    return blocks


def _scope_blocks(nodes: list[int], texts: list[str]) -> list[list[int]]:
    words_of = {node: texts[node].split() for node in nodes}
    frequency: Counter[str] = Counter()
    for words in words_of.values():
        frequency.update(dict.fromkeys(words, 1))
    rarity = frequency.__getitem__

    by_key: dict[object, list[int]] = defaultdict(list)
    for node, words in words_of.items():
        if len(words) < 2:
            # A one-word label: only its neighbours in sorted order (below) can be like it.
            continue
        # The words are sorted, and sorted() is stable: ties between equally rare words
        # always go the same way.
        rarest = sorted(dict.fromkeys(words), key=rarity)[:3]
        # Two labels that are alike share most words, so at least one of their two
        # rarest; a word common to many labels gets narrowed by the next rarest.
        for index, word in enumerate(rarest[:2]):
            if frequency[word] <= MAX_BLOCK or len(rarest) < 3:
                by_key[word].append(node)
            else:
                by_key[word, rarest[2] if index == 0 else rarest[0]].append(node)
        if len(words) <= DROP_ONE_UP_TO:
            # Labels differing in one word only (a typo, a word added) are equal without it.
            for index in range(len(words)):
                by_key[" ".join(words[:index] + words[index + 1:]), None].append(node)

    blocks: list[list[int]] = []
    for members in by_key.values():
        if len(members) >= 2:
            blocks.extend(_windows(members, texts))
    # Neighbours in sorted order, forwards and backwards: this finds one-word labels
    # misspelt, which share no word.
    step = NEIGHBOURS + 1
    for order in (texts.__getitem__, lambda n: texts[n][::-1]):
        ordered = sorted(nodes, key=order)
        for start in range(0, len(ordered) - 1, step):
            blocks.append(ordered[start:start + step + NEIGHBOURS])
    return blocks


def _windows(members: list[int], texts: list[str]) -> list[list[int]]:
    """A block as is, or a too large one as overlapping windows over its sorted labels."""
    if len(members) <= MAX_BLOCK:
        return [members]
    members = sorted(members, key=texts.__getitem__)
    half = MAX_BLOCK // 2
    return [members[start:start + MAX_BLOCK] for start in range(0, len(members) - half, half)]


def _compare(block: list[int], texts: list[str], joined: _UnionFind, threshold: float) -> None:
    choices = [texts[node] for node in block]
    for index in range(len(block) - 1):
        node = block[index]
        # The texts are sorted words already, so plain ratio is token_sort_ratio.
        for _, _, found in process.extract(
            choices[index], choices[index + 1:], scorer=fuzz.ratio,
            score_cutoff=threshold, limit=None,
        ):
            other = block[index + 1 + found]
            if _numbers(texts[node]) == _numbers(texts[other]):
                joined.union(node, other)


def _numbers(text: str) -> list[str]:
    # "Phase 2 trials" and "Phase 3 trials" are nearly the same text but not the same thing.
    if not _DIGIT.search(text):
        return []
    return [word for word in text.split() if _DIGIT.search(word)]


def _group(members: list[Member]) -> Group:
    # Counter keeps first-seen order, and max() the first of equals: ties go to the first.
    labels = Counter(label for _, label, _ in members)
    label = max(labels, key=labels.__getitem__)
    members = sorted(members, key=lambda m: (-m[2], m[0]))
    return Group(label, members)
