"""Find groups of entries that are probably one story: same link, same title, or similar
title and summary; never a pair an analyst marked "not duplicates"."""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from rapidfuzz import fuzz, process

from ..calibration import (
    MAX_BLOCK,
    NEIGHBOURS,
    GroupingCancelled,
    Progress,
    candidate_blocks,
    number_words,
)
from ..identity import is_story_link, normalize_link, normalize_text, normalize_title

SAME_LINK = "same link"
SAME_TITLE = "same title"
SIMILAR = "similar title and summary"
REASONS = (SAME_LINK, SAME_TITLE, SIMILAR)
"""Why entries are grouped, strongest first."""

DEFAULT_THRESHOLD = 75.0
"""Similarity (0–100) from which title and summary count as one story; see the README for
what the generated corpus measured at each threshold."""

SUMMARY_WORDS = 200
"""Words of a summary compared: enough to tell a story, and a bound on the cost of a pair."""

TITLE_ALONE = 90.0
"""Where an entry has no summary, its title must be at least this alike by itself (or the
threshold, if higher): "Acme opens plant" and "Acme closes plant" score 85."""

MAX_SIMILAR_GROUP = 50
"""Similarity joins no group beyond this many entries: chains of "like" (A like B like C …)
would otherwise run on into one group of things that are not alike at the ends."""

MAX_NODE_PAIRS = 3
"""Entries of the same title words (a group by title already) compared with another title's
entries: a few are enough to join the two."""

CHECK_EVERY = 2_000

Record = tuple[int, str, str, "str | None"]
"""(pk, id, title, url) of an entry, as the library streams them (oldest first)."""
Summaries = Callable[[list[int]], dict[int, str]]
"""Given pks, their entries' summaries (the library's `summaries`)."""


@dataclass(frozen=True)
class Match:
    """Two entries of a group, and why they are there."""

    first_id: str
    second_id: str
    reason: str
    similarity: float


@dataclass(frozen=True)
class DuplicateGroup:
    """Entries that are probably one story."""

    ids: tuple[str, ...]
    """Oldest first (in the order the library stored them)."""
    reasons: tuple[str, ...]
    """Each reason that holds between some of its entries, strongest first."""
    similarity: float
    """The weakest match that holds the group together: 100 for same link or title."""
    matches: tuple[Match, ...]
    """The pairs found alike, strongest first."""

    @property
    def reason(self) -> str:
        return ", ".join(self.reasons)

    def to_json(self) -> dict[str, Any]:
        return {"ids": list(self.ids), "reason": self.reason,
                "similarity": round(self.similarity, 1)}


def pair_similarity(title_a: str, summary_a: str, title_b: str, summary_b: str) -> float:
    """How alike two entries' title and summary are (0–100), as the finder scores them."""
    return _score(_sorted_words(normalize_title(title_a)), _summary_key(summary_a),
                  _sorted_words(normalize_title(title_b)), _summary_key(summary_b))


def find_duplicates(
    records: Iterable[Record],
    summaries: Summaries,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    not_duplicates: Collection[tuple[str, str]] = (),
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[DuplicateGroup]:
    """Group entries that share a normalized link (one naming a page, not a whole site), a
    normalized title, or whose title and summary are similar: the mean of the two
    rapidfuzz token_sort_ratio scores at least `threshold` (where a summary is empty, the
    title's alone, and at least TITLE_ALONE); but never when the titles give other numbers
    ("Phase 2", "Phase 3"), the summaries mostly other figures, or one title a name the
    other entry never mentions.

    Two entries of a pair in `not_duplicates` never share a group (a third entry like both
    joins one of them). Groups come strongest first. `progress(done, total, stage)` is told
    of stages "reading" (total 0), "comparing" (titles) and "scoring" (pairs, by their
    summaries); raises GroupingCancelled when `cancelled()` turns true.

    Never compares all pairs: titles are compared only within blocks (equal but for one
    word, sharing one of their two rarest words or two of their three rarest, as
    calibration does for items; neighbours in sorted order, which must then reach the
    threshold by their titles alone), and summaries are read only for the pairs whose
    titles are close enough for the mean to reach the threshold.
    """
    if not 0 <= threshold <= 100:
        raise ValueError(f"the threshold is a similarity from 0 to 100, not {threshold}")
    # Many small objects and no cycles: see calibration.group_items.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Finder(threshold, not_duplicates, progress, cancelled).run(records, summaries)
    finally:
        if collecting:
            gc.enable()


def find_in_library(library: Any, flt: Any = None, *, threshold: float = DEFAULT_THRESHOLD,
                    progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> list[DuplicateGroup]:
    """Groups among the entries of a filter (None: the whole library), read in one snapshot.

    Seconds on a large library: a GUI runs it on a worker thread with its own (read-only)
    Library, as calibration does.
    """
    from ..store import Filter

    with library.snapshot():
        dupes = library.duplicates
        return find_duplicates(
            dupes.iter_link_titles(flt if flt is not None else Filter()), dupes.summaries,
            threshold=threshold, not_duplicates=dupes.marked_pairs(), progress=progress,
            cancelled=cancelled)


class _Finder:
    def __init__(self, threshold: float, marked: Collection[tuple[str, str]],
                 progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.threshold = threshold
        # A pair is worth a summary only if its title scores at least this: the summary
        # adds at most 100, and the two are averaged.
        self.title_floor = max(0.0, 2 * threshold - 100)
        self.marked = marked
        self.progress = progress
        self.cancelled = cancelled
        self.ids: list[str] = []
        self.pks: list[int] = []
        self.title_keys: list[str] = []
        self.names: dict[int, list[str]] = {}

    def run(self, records: Iterable[Record], summaries: Summaries) -> list[DuplicateGroup]:
        exact, node_text, node_members = self._read(records)
        close = self._close_titles(node_text, node_members)
        similar = self._score(close, summaries)
        return self._groups(exact + similar)

    def _check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise GroupingCancelled()

    # 1. Read; equal links and titles are found by dictionaries.
    def _read(self, records: Iterable[Record]):
        by_link: dict[str, list[int]] = defaultdict(list)
        by_title: dict[str, list[int]] = defaultdict(list)
        node_of: dict[str, int] = {}
        node_text: list[str] = []
        node_members: list[list[tuple[int, str]]] = []
        for index, (pk, entry_id, title, url) in enumerate(records):
            if index % CHECK_EVERY == 0 and index:
                self._check()
                if self.progress:
                    self.progress(index, 0, "reading")
            self.ids.append(entry_id)
            self.pks.append(pk)
            link = normalize_link(url)
            if is_story_link(link):
                by_link[link].append(index)  # type: ignore[index]
            key = normalize_title(title)
            self.title_keys.append(key)
            names = title_names(title)
            if names:
                self.names[index] = names
            if not key:
                continue
            by_title[key].append(index)
            text = _sorted_words(key)
            node = node_of.setdefault(text, len(node_text))
            if node == len(node_text):
                node_text.append(text)
                node_members.append([])
            node_members[node].append((index, key))
        self._check()
        exact: list[tuple[int, int, str, float]] = []
        for reason, found in ((SAME_LINK, by_link), (SAME_TITLE, by_title)):
            for members in found.values():
                exact += [(members[0], other, reason, 100.0) for other in members[1:]]
        return exact, node_text, node_members

    # 2. Titles close enough, compared within blocks only.
    def _close_titles(self, node_text: list[str], node_members: list[list[tuple[int, str]]]
                      ) -> dict[tuple[int, int], float]:
        close: dict[tuple[int, int], float] = {}
        for members in node_members:
            # The same words in another order: "Storage, grid" and "Grid storage".
            keys: dict[str, int] = {}
            for index, key in members:
                keys.setdefault(key, index)
            firsts = list(keys.values())
            for other in firsts[1:]:
                close[(firsts[0], other)] = 100.0
        blocks = candidate_blocks(list(range(len(node_text))), node_text)
        blocks += _rare_word_blocks(node_text)
        self._check()
        total = sum(len(block) for block in blocks)
        done = reported = 0
        if self.progress:
            self.progress(0, total, "comparing")
        for block in blocks:
            for a, b, score in self._compare(block, node_text):
                for i, _ in node_members[a][:MAX_NODE_PAIRS]:
                    for j, _ in node_members[b][:MAX_NODE_PAIRS]:
                        pair = (i, j) if i < j else (j, i)
                        close[pair] = max(score, close.get(pair, 0.0))
            done += len(block)
            if done - reported >= CHECK_EVERY:
                reported = done
                self._check()
                if self.progress:
                    self.progress(done, total, "comparing")
        return close

    def _compare(self, block: list[int], texts: list[str]) -> Iterable[tuple[int, int, float]]:
        choices = [texts[node] for node in block]
        if len(block) <= MAX_BLOCK:  # titles sharing rare words: all pairs
            reach, cutoff = len(block), self.title_floor
        else:
            # Neighbours in sorted order are there for typos, which leave a title alike by
            # itself; held to the floor, every neighbour of a small vocabulary would pass
            # and have its summary read (on 100,000 entries: half a million pairs, 40 s).
            reach, cutoff = NEIGHBOURS + 1, max(self.title_floor, self.threshold)
        for index in range(len(block) - 1):
            node = block[index]
            for _, score, found in process.extract(
                choices[index], choices[index + 1:index + reach], scorer=fuzz.ratio,
                score_cutoff=cutoff, limit=None,
            ):
                other = block[index + 1 + found]
                if number_words(texts[node]) == number_words(texts[other]):
                    yield node, other, score

    # 3. Summaries, read only for the pairs that could reach the threshold.
    def _score(self, close: dict[tuple[int, int], float], summaries: Summaries
               ) -> list[tuple[int, int, str, float]]:
        needed = sorted({i for pair in close for i in pair})
        texts: dict[int, str] = {}
        total = len(close)
        if self.progress:
            self.progress(0, total, "scoring")
        for start in range(0, len(needed), CHECK_EVERY):
            chunk = needed[start:start + CHECK_EVERY]
            found = summaries([self.pks[i] for i in chunk])
            for i in chunk:
                texts[i] = _summary_key(found.get(self.pks[i], ""))
            self._check()
        similar = []
        for done, ((i, j), title_score) in enumerate(close.items()):
            if done % CHECK_EVERY == 0 and done:
                self._check()
                if self.progress:
                    self.progress(done, total, "scoring")
            if not (self._mentions(j, self.names.get(i), texts[j])
                    and self._mentions(i, self.names.get(j), texts[i])):
                continue
            score = _combine(title_score, texts[i], texts[j], self.threshold)
            if not (texts[i] and texts[j]) and score < TITLE_ALONE:
                continue  # a title is short: alone, it needs more to tell the story
            if score >= self.threshold:
                similar.append((i, j, SIMILAR, score))
        if self.progress:
            self.progress(total, total, "scoring")
        return similar

    def _mentions(self, index: int, names: list[str] | None, summary: str) -> bool:
        """Whether an entry mentions every name of another's title (a typo allowed)."""
        if not names:
            return True
        words = set(self.title_keys[index].split()) | set(summary.split())
        return all(name in words or (len(name) >= 5 and process.extractOne(
            name, words, scorer=fuzz.ratio, score_cutoff=NAME_LIKENESS) is not None)
            for name in names)

    # 4. Join, strongest match first, never across a marked pair.
    def _groups(self, edges: list[tuple[int, int, str, float]]) -> list[DuplicateGroup]:
        position = {entry_id: index for index, entry_id in enumerate(self.ids)}
        apart: dict[int, set[int]] = defaultdict(set)
        for first, second in self.marked:
            if first in position and second in position:
                apart[position[first]].add(position[second])
                apart[position[second]].add(position[first])
        edges.sort(key=lambda e: (REASONS.index(e[2]), -e[3], e[0], e[1]))
        parent: dict[int, int] = {}
        members: dict[int, list[int]] = {}
        weakest: dict[int, float] = {}

        def find(node: int) -> int:
            root = node
            while parent.get(root, root) != root:
                root = parent[root]
            while parent.get(node, node) != root:
                parent[node], node = root, parent[node]
            return root

        for a, b, reason, score in edges:
            ra, rb = find(a), find(b)
            if ra == rb:
                continue
            group_a, group_b = members.get(ra, [ra]), members.get(rb, [rb])
            if reason == SIMILAR and len(group_a) + len(group_b) > MAX_SIMILAR_GROUP:
                continue
            small, large = sorted((group_a, group_b), key=len)
            wanted = set(large)
            if any(apart[m] & wanted for m in small if m in apart):
                continue  # an analyst said two of them are not one story
            root, other = min(ra, rb), max(ra, rb)
            parent[other] = root
            members[root] = group_a + group_b
            members.pop(other, None)
            weakest[root] = min(score, weakest.get(ra, 100.0), weakest.get(rb, 100.0))

        matches: dict[int, list[Match]] = defaultdict(list)
        for a, b, reason, score in edges:
            root = find(a)
            if root == find(b):
                matches[root].append(Match(self.ids[a], self.ids[b], reason, score))
        groups = []
        for root, group in members.items():
            found = matches[root]
            reasons = tuple(r for r in REASONS if any(m.reason == r for m in found))
            groups.append(DuplicateGroup(tuple(self.ids[i] for i in sorted(group)), reasons,
                                         weakest[root], tuple(found)))
        groups.sort(key=lambda g: (-g.similarity, -len(g.ids), position[g.ids[0]]))
        return groups


NAME_LIKENESS = 80
"""A name counts as mentioned by a word this alike (a typo: "Leipzg" for "Leipzig")."""
MOSTLY_CAPITALS = 0.6
"""A title with this share of its words capitalized is in Title Case: its capitals name
nothing."""
_WORD = re.compile(r"\w+")


def title_names(title: str) -> list[str]:
    """The names in a title: its capitalized words but the first, normalized as titles
    are; none for a title in Title Case or capitals, or in a script without case.

    Two entries whose title and summary read alike but where one's title names what the
    other never mentions ("Acme opens a plant in Leipzig", "Borex opens a plant in Lyon")
    tell two stories from one template: similarity alone cannot see it.
    """
    words = [word for word in _WORD.findall(title) if not word.isdigit()]
    if len(words) < 2:
        return []
    capitals = [word[0].isupper() for word in words]
    if sum(capitals) >= MOSTLY_CAPITALS * len(words):
        return []
    return sorted({normalize_title(word) for word, capital in zip(words[1:], capitals[1:])
                   if capital} - {""})


RAREST = 2
"""Titles are also blocked by each of this many of their rarest words."""


def _rare_word_blocks(texts: list[str]) -> list[list[int]]:
    """Titles sharing one of their rarest words. Calibration's blocks need two of three
    rarest words shared, which misses a retold title whose new words are rare themselves
    ("council backs X plan" told as "council supports X proposal"); a story's name, place
    or company is usually its rarest word and stays."""
    frequency = Counter(chain.from_iterable(set(text.split()) for text in texts))
    blocks: dict[str, list[int]] = defaultdict(list)
    for node, text in enumerate(texts):
        rare = sorted((frequency[word], word) for word in set(text.split())
                      if 2 <= frequency[word] <= MAX_BLOCK)
        for _, word in rare[:RAREST]:
            blocks[word].append(node)
    return [members for members in blocks.values() if len(members) >= 2]


def _sorted_words(key: str) -> str:
    # Word order does not matter: ratio of sorted words is token_sort_ratio.
    return " ".join(sorted(key.split()))


def _summary_key(summary: str | None) -> str:
    return _sorted_words(" ".join(normalize_text(summary).split()[:SUMMARY_WORDS]))


def _combine(title_score: float, summary_a: str, summary_b: str,
             threshold: float = 0.0) -> float:
    """The pair's similarity; 0 when it cannot reach `threshold`."""
    if not summary_a or not summary_b:
        return title_score
    if not _same_figures(summary_a, summary_b):
        return 0.0
    # What the summary must score for the mean to reach the threshold: told so, rapidfuzz
    # stops early on a pair that cannot (summaries are long; most candidate pairs fail).
    needed = max(0.0, 2 * threshold - title_score)
    summary_score = fuzz.ratio(summary_a, summary_b, score_cutoff=needed)
    return (title_score + summary_score) / 2 if summary_score else 0.0


def _same_figures(summary_a: str, summary_b: str) -> bool:
    """Whether two summaries give mostly the same figures: two reports of one story do
    (one may add some), while a template filled for another story ("creates 300 jobs",
    "creates 450 jobs") has the words but not the numbers."""
    numbers_a, numbers_b = set(number_words(summary_a)), set(number_words(summary_b))
    if len(numbers_a) < 2 or len(numbers_b) < 2:
        return True  # too few to tell
    return len(numbers_a & numbers_b) * 2 >= len(numbers_a | numbers_b)


def _score(title_a: str, summary_a: str, title_b: str, summary_b: str) -> float:
    return _combine(fuzz.ratio(title_a, title_b), summary_a, summary_b)
