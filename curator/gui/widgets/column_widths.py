"""Share a table's width among its columns by weight, never below each column's floor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def share_widths(room: int, columns: Sequence[int], weights: Mapping[int, float],
                 floors: Mapping[int, int], minimum: int = 0) -> dict[int, int]:
    """Widths for the columns: by weight, except that a column which would fall below its
    floor gets the floor, and what is left is shared again among the others."""
    widths: dict[int, int] = {}
    pending = list(columns)
    while pending:
        total = sum(weights[c] for c in pending) or 1.0
        short = [c for c in pending if room * weights[c] / total < floors[c]]
        if not short:
            break
        for column in short:
            widths[column] = floors[column]
            room -= floors[column]
            pending.remove(column)
    total = sum(weights[c] for c in pending) or 1.0
    for column in pending:
        widths[column] = max(minimum, int(room * weights[column] / total))
    return widths
