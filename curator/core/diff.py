"""What changed between two versions of an entry, as field paths for the history."""

from __future__ import annotations

from typing import Any

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


def content_changed(changes: list[tuple[str, Any, Any]]) -> bool:
    """Whether changes touch what the seed file says, not only the curation fields."""
    return any(
        path.split(".")[0] not in ("status", "notes") and not path.endswith(".reviewed")
        for path, _, _ in changes
    )
