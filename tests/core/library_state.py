"""What the operations' tests compare: every entry of a library, as data."""

from __future__ import annotations

from typing import Any

from curator.core.store import Filter, Library


def state(library: Library, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Each entry as JSON data with its status and review marks; the time of the last
    change is left out (undo restores values, not when they were written)."""
    skip = {"updated_at", *exclude}
    return {entry_id: library.entries.get(entry_id).model_dump(mode="json", exclude=skip)
            for entry_id in library.entries.ids(Filter())}


def bys(library: Library, entry_id: str, count: int = 1) -> list[str]:
    """How the latest `count` history rows of an entry were made, newest first."""
    return [row.by for row in library.entries.history(entry_id)[:count]]


def log(library: Library) -> list[tuple]:
    """Every history row of the library, oldest first (undo takes its rows out, redo puts
    the same rows back)."""
    return library.conn.execute(
        "SELECT pk, entry_id, field, old, new, at, by, reason, item FROM history ORDER BY pk"
    ).fetchall()
