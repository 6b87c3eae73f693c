"""What changed between two versions of an entry, as field paths for the history."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from .messages import item_name
from .model import SECTIONS, Entry

_PLAIN_FIELDS = ("title", "page", "url", "keywords", "themes", "other", "summary",
                 "extra_sections", "status", "notes")


def diff_entries(old: Entry, new: Entry) -> list[tuple[str, Any, Any]]:
    """(path, old, new) for each change; item edits name the item field (`signals.2.relevancy`)."""
    before = old.model_dump(mode="json")
    after = new.model_dump(mode="json")
    changes: list[tuple[str, Any, Any]] = []
    for name in _PLAIN_FIELDS:
        if before[name] != after[name]:
            changes.append((name, before[name], after[name]))
    for section in SECTIONS:
        old_items, new_items = before[section], after[section]
        if len(old_items) != len(new_items):
            changes.append((section, old_items, new_items))
            continue
        for index, (a, b) in enumerate(zip(old_items, new_items)):
            for key in b:
                if a.get(key) != b[key]:
                    changes.append((f"{section}.{index}.{key}", a.get(key), b[key]))
    return changes


def item_names(entry: Entry, changes: list[tuple[str, Any, Any]]) -> dict[str, str]:
    """The name, in `entry` (as it was before the changes), of each item a change path
    names: the history keeps it, since the item's place in its section may move later."""
    names: dict[str, str] = {}
    for path, _, _ in changes:
        parts = path.split(".")
        if len(parts) >= 3 and parts[0] in SECTIONS and parts[1].isdigit():
            items = entry.items(parts[0])
            position = int(parts[1])
            if position < len(items):
                names[path] = item_name(items[position].model_dump())
    return names


def content_changed(changes: list[tuple[str, Any, Any]]) -> bool:
    """Whether changes touch what the seed file says, not only the curation fields."""
    return any(
        path.split(".")[0] not in ("status", "notes") and not path.endswith(".reviewed")
        for path, _, _ in changes
    )


Span = tuple[int, int]
"""Characters [start, end) of a text."""

_WORD = re.compile(r"\S+")
MAX_DIFF_WORDS = 20_000
"""Beyond this many words a side, the whole text counts as changed (the diff is quadratic)."""


def word_diff(old: str, new: str) -> tuple[list[Span], list[Span]]:
    """The words that differ between two texts: the spans removed from `old` and those added
    in `new`, whole words each, neighbouring changed words joined into one span.

    difflib's SequenceMatcher over the words (not the characters), so that "fewer cars"
    against "fewer vans" marks the word "cars", not the letters "c" and "r".
    """
    before = [(m.start(), m.end()) for m in _WORD.finditer(old)]
    after = [(m.start(), m.end()) for m in _WORD.finditer(new)]
    if len(before) > MAX_DIFF_WORDS or len(after) > MAX_DIFF_WORDS:
        return ([(0, len(old))] if old else []), ([(0, len(new))] if new else [])
    matcher = SequenceMatcher(None, [old[a:b] for a, b in before],
                              [new[a:b] for a, b in after], autojunk=False)
    removed: list[Span] = []
    added: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete") and i2 > i1:
            removed.append((before[i1][0], before[i2 - 1][1]))
        if tag in ("replace", "insert") and j2 > j1:
            added.append((after[j1][0], after[j2 - 1][1]))
    return removed, added


def excerpt(text: str, spans: list[Span], limit: int = 90) -> tuple[str, list[Span]]:
    """At most about `limit` characters of one line of `text` around its first marked span,
    "…" where text was left out, with the spans moved to match."""
    flat = " ".join(text.split("\n"))
    if len(flat) <= limit:
        return flat, spans
    first = spans[0][0] if spans else 0
    start = max(0, first - limit // 3)
    if start:
        space = flat.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(flat), start + limit)
    if end < len(flat):
        space = flat.rfind(" ", start + limit // 2, end)
        end = space if space > 0 else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(flat) else ""
    moved = [(max(a, start) - start + len(prefix), min(b, end) - start + len(prefix))
             for a, b in spans if b > start and a < end]
    return prefix + flat[start:end] + suffix, moved
