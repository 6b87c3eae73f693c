"""Merging entries that are one story: which entry keeps, what differs, and the merged entry.

Pure functions of entries (no library): the merge operation reads the entries, asks these
for the merged one, and writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..identity import normalize_text
from ..model import SECTIONS, Entry, ExtraSection, Item, Status
from ..store.duplicates import Curation
from .finder import DuplicateGroup

FIELDS = ("title", "page", "url", "summary", "status")
"""Fields of which one entry's version is kept (Other's pairs are chosen one by one)."""
FIELD_LABELS = {"title": "Title", "page": "Page", "url": "Link", "summary": "Summary",
                "status": "Status"}
ITEM_THRESHOLD = 90.0
"""Similarity (0–100) from which two items of one section say the same thing. Stricter than
the entries' threshold: "battery costs fall" and "battery costs rise" score 89."""
STATUS_RANK = {Status.NEW: 0, Status.REJECTED: 1, Status.REVIEWED: 2, Status.APPROVED: 3}
"""How much curation a status shows, for the keeper rule."""


def choose_keeper(curation: Mapping[str, Curation]) -> str:
    """The entry a merge keeps by default: the most curated (most edits, then most reviewed
    items, then the furthest status), and of equals the oldest."""
    if not curation:
        raise ValueError("no entries to choose from")
    return min(curation.values(), key=lambda c: (
        -c.edits, -c.reviewed, -STATUS_RANK.get(Status(c.status), 0), c.pk)).entry_id


def sure_groups(groups: Iterable[DuplicateGroup], reason: str) -> list[DuplicateGroup]:
    """The groups whose entries are all joined by this reason alone (same link, same title):
    sure enough to merge in a batch without looking at each."""
    return [group for group in groups if _joined_by(group, reason)]


def _joined_by(group: DuplicateGroup, reason: str) -> bool:
    parent = {entry_id: entry_id for entry_id in group.ids}

    def root(entry_id: str) -> str:
        while parent[entry_id] != entry_id:
            entry_id = parent[entry_id]
        return entry_id

    for match in group.matches:
        if match.reason == reason:
            parent[root(match.first_id)] = root(match.second_id)
    return len({root(entry_id) for entry_id in group.ids}) == 1


@dataclass(frozen=True)
class FieldVersions:
    """A field whose entries differ: each entry's version of it (None where it has none)."""

    field: str
    """A name of FIELDS, or `other.KEY` for a pair of Other."""
    values: dict[str, Any]
    """Entry id -> its value, in the order of the merge (the kept entry first)."""

    @property
    def label(self) -> str:
        if self.field.startswith("other."):
            return self.field.split(".", 1)[1]
        return FIELD_LABELS[self.field]


@dataclass(frozen=True)
class ItemMatch:
    """An item of a merged-away entry that says what an item of the merged entry says."""

    section: str
    position: int
    """Its place in the merged entry's section (the kept entry's items come first)."""
    kept_id: str
    """The entry whose item holds that place before any choice."""
    other_id: str
    other_position: int
    kept_score: int
    other_score: int
    label: str


@dataclass(frozen=True)
class MergeChoices:
    """What the analyst chose where versions differ; anything not named keeps the default."""

    fields: Mapping[str, str] = field(default_factory=dict)
    """Field (as FieldVersions names it) -> the id of the entry whose version is kept.
    Default: the kept entry's version, or for an Other pair it lacks, the first one's."""
    items: Mapping[tuple[str, int], str] = field(default_factory=dict)
    """(section, position in the merged entry) -> the id of the entry whose item is kept,
    with its score, reviewed mark and the rest. Default: the kept entry's."""


@dataclass(frozen=True)
class MergePlan:
    """What a merge of some entries would do before any choice: what differs, which items
    say the same thing."""

    keep_id: str
    other_ids: tuple[str, ...]
    differences: tuple[FieldVersions, ...]
    matches: tuple[ItemMatch, ...]

    @property
    def score_choices(self) -> tuple[ItemMatch, ...]:
        """The matched items whose scores differ: the analyst sees both and chooses."""
        return tuple(m for m in self.matches if m.kept_score != m.other_score)


def plan_merge(entries: Sequence[Entry], keep_id: str) -> MergePlan:
    """What differs between entries merged into `keep_id`, and which of their items match."""
    ordered = _kept_first(entries, keep_id)
    differences = [
        FieldVersions(name, {e.id: _field(e, name) for e in ordered})
        for name in FIELDS if len({_comparable(_field(e, name)) for e in ordered}) > 1
    ]
    keys: list[str] = []
    for entry in ordered:
        keys += [key for key in entry.other if key not in keys]
    for key in keys:
        values = {e.id: e.other.get(key) for e in ordered}
        if len(set(values.values())) > 1:
            differences.append(FieldVersions(f"other.{key}", values))
    matches = [match for section in SECTIONS for match in _union_items(ordered, section)[1]]
    return MergePlan(keep_id, tuple(e.id for e in ordered[1:]), tuple(differences),
                     tuple(matches))


def merge_entries(entries: Sequence[Entry], keep_id: str,
                  choices: MergeChoices | None = None) -> tuple[Entry, dict[str, Any]]:
    """The entry that merging these into `keep_id` makes, and what the kept entry's history
    records of it: the ids merged in, and each field and item taken from another entry.

    Keywords, themes and Other's pairs are united, notes joined, items united (matching
    items become one: the chosen entry's), extra sections kept (one of the same name and
    columns gets the rows it lacks).
    """
    choices = choices or MergeChoices()
    ordered = _kept_first(entries, keep_id)
    keep = ordered[0]
    by_id = {entry.id: entry for entry in ordered}
    unknown = (set(choices.fields.values()) | set(choices.items.values())) - set(by_id)
    if unknown:
        raise ValueError(f"not an entry of this merge: {', '.join(sorted(unknown))}")
    taken: dict[str, str] = {}
    update: dict[str, Any] = {}
    for name in FIELDS:
        source = choices.fields.get(name, keep_id)
        update[name] = _field(by_id[source], name)
        if _comparable(update[name]) != _comparable(_field(keep, name)):
            taken[name] = source
    other: dict[str, str] = {}
    for entry in ordered:
        for key in entry.other:
            if key in other:
                continue
            holders = [e for e in ordered if key in e.other]
            source = choices.fields.get(f"other.{key}", holders[0].id)
            value = by_id[source].other.get(key)
            if value is None:  # the chosen entry lacks the pair: dropping it is a choice
                continue
            other[key] = value
            if keep.other.get(key) != value:
                taken[f"other.{key}"] = source
    update["other"] = other
    for facet in ("keywords", "themes"):
        update[facet] = _united_terms(getattr(e, facet) for e in ordered)
    update["notes"] = _joined_notes(ordered)
    items_taken: dict[str, str] = {}
    for section in SECTIONS:
        items, matches, origin = _union_items(ordered, section)
        for match in matches:
            chosen = choices.items.get((section, match.position))
            if chosen is not None and chosen != match.kept_id:
                source_entry = by_id[chosen]
                found = _matched_item(matches, match.position, chosen)
                if found is not None:
                    items[match.position] = source_entry.items(section)[found]
                    origin[match.position] = chosen
        update[section] = items
        for position, source in enumerate(origin):
            if source != keep_id:
                items_taken[f"{section}.{position}"] = source
    update["extra_sections"] = _united_extra(ordered)
    merged = Entry.model_validate({**keep.model_dump(), **{
        key: [i.model_dump() for i in value] if key in SECTIONS else value
        for key, value in update.items()}})
    record = {"ids": [e.id for e in ordered[1:]], "fields": taken, "items": items_taken}
    return merged, record


def _matched_item(matches: list[ItemMatch], position: int, entry_id: str) -> int | None:
    for match in matches:
        if match.position == position and match.other_id == entry_id:
            return match.other_position
    return None


def _kept_first(entries: Sequence[Entry], keep_id: str) -> list[Entry]:
    kept = [e for e in entries if e.id == keep_id]
    if not kept:
        raise ValueError(f"{keep_id} is not one of the entries merged")
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        raise ValueError("an entry cannot be merged with itself")
    return kept + [e for e in entries if e.id != keep_id]


def _field(entry: Entry, name: str) -> Any:
    if name.startswith("other."):
        return entry.other.get(name.split(".", 1)[1])
    value = getattr(entry, name)
    return value.value if isinstance(value, Status) else value


def _comparable(value: Any) -> Any:
    return value or None  # no page and an empty one are the same


def _united_terms(lists: Iterable[list[str]]) -> list[str]:
    united: list[str] = []
    seen: set[str] = set()
    for terms in lists:
        for term in terms:
            if term.casefold() not in seen:
                seen.add(term.casefold())
                united.append(term)
    return united


def _joined_notes(ordered: list[Entry]) -> str:
    """Every entry's notes, the kept entry's first, each other's under the id it came from."""
    parts = [ordered[0].notes.strip()] if ordered[0].notes.strip() else []
    for entry in ordered[1:]:
        text = entry.notes.strip()
        if text and not any(text in part for part in parts):
            parts.append(f"(from {entry.id}) {text}")
    return "\n\n".join(parts)


def item_text(item: Item) -> str:
    """What an item says, normalized: its name and description."""
    words = [getattr(item, name, "") for name in ("name", "description")]
    return normalize_text(" ".join(word for word in words if word))


def _union_items(ordered: list[Entry], section: str
                 ) -> tuple[list[Item], list[ItemMatch], list[str]]:
    """The section's items united (the kept entry's first, then each other's that match
    none of them), which items matched, and from which entry each united item came."""
    united: list[Item] = list(ordered[0].items(section))
    origin = [ordered[0].id] * len(united)
    texts = [item_text(item) for item in united]
    matches: list[ItemMatch] = []
    for entry in ordered[1:]:
        taken: set[int] = set()  # two items of one entry never fold into one
        for other_position, item in enumerate(entry.items(section)):
            text = item_text(item)
            position = _same_item(texts, text, taken)
            if position is None:
                united.append(item)
                origin.append(entry.id)
                texts.append(text)
                taken.add(len(united) - 1)
                continue
            taken.add(position)
            kept = united[position]
            matches.append(ItemMatch(
                section, position, origin[position], entry.id, other_position,
                kept.relevancy, item.relevancy,
                getattr(kept, "name", "") or getattr(kept, "description", "")))
    return united, matches, origin


def _same_item(texts: list[str], text: str, taken: set[int]) -> int | None:
    if not text:
        return None
    for position, candidate in enumerate(texts):
        if position not in taken and candidate == text:
            return position
    best, best_score = None, ITEM_THRESHOLD
    for position, candidate in enumerate(texts):
        if position in taken or not candidate:
            continue
        score = fuzz.token_sort_ratio(candidate, text)
        if score >= best_score:
            best, best_score = position, score
    return best


def _united_extra(ordered: list[Entry]) -> list[dict[str, Any]]:
    united: list[ExtraSection] = list(ordered[0].extra_sections)
    for entry in ordered[1:]:
        for section in entry.extra_sections:
            same = [s for s in united if s.name.casefold() == section.name.casefold()]
            if same and same[0].columns == section.columns:
                rows = same[0].rows + [r for r in section.rows if r not in same[0].rows]
                united[united.index(same[0])] = same[0].model_copy(update={"rows": rows})
            elif same:  # same name, other columns: kept apart under a name that says whence
                name = f"{section.name} (from {entry.id})"
                united.append(section.model_copy(update={"name": name}))
            else:
                united.append(section)
    return [section.model_dump() for section in united]
