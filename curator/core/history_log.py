"""An entry's history as a change log: each change said the way an analyst names it.

The store records one row per changed field path (`signals.2.relevancy`, old 4, new 2).
Read as a log, a row names the item as it was called when it changed ("Signal
“Open-Source Model Development”: relevancy 4 → 2"), its old and new text with the changed
words found. Undo takes its change's row out of the store and redo puts it back (see
`store.writes.record_history`); the undo and redo rows an older Curator wrote fold into the
change they undid and redid instead of standing as rows of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .diff import Span, word_diff
from .messages import FIELD_LABELS, ITEM_NOUNS, item_name
from .model import SECTIONS
from .store import By, HistoryRow

ARROW = "\u2192"
SHORT = 40
"""Values up to this long are said in the change's line itself ("relevancy 4 → 2")."""

BY_LABELS = {"import": "import", "edit": "edit", "bulk": "bulk action", "review": "review",
             "revert": "revert", "merge": "merge", "undo": "undo", "redo": "redo",
             "undone": "undo", "redone": "redo"}
ENTRY_KIND = "Entry"
ITEMS_KIND = "Items added or removed"


@dataclass(frozen=True)
class Event:
    """An undo or a redo of a logged change: which, when."""

    kind: str  # "undone" | "redone"
    at: str


@dataclass
class LogLine:
    """One change of the log, newest first in `change_log`."""

    pk: int
    """The history row of the change (what "Revert this change" sets back)."""
    at: str
    by: str
    path: str
    kind: str
    """What sort of field changed, as the filter offers it: "Relevancy", "Title" …"""
    label: str
    """What changed, by name: "Signal 'Heat pumps': relevancy", "Title"."""
    old: str
    new: str
    reason: str | None = None
    events: list[Event] = field(default_factory=list)
    """Its undos and redos, oldest first."""
    raw_old: Any = None
    raw_new: Any = None

    @property
    def undone(self) -> bool:
        return bool(self.events) and self.events[-1].kind == "undone"

    @property
    def state(self) -> str:
        """"" for a change that stands; else how its undos and redos left it."""
        if not self.events:
            return ""
        kinds = [e.kind for e in self.events]
        if kinds == ["undone"]:
            return "undone"
        if kinds == ["undone", "redone"]:
            return "undone, then redone"
        return f"undone {kinds.count('undone')}×, now {'undone' if self.undone else 'redone'}"

    @property
    def summary(self) -> str:
        """The change in one line: "Signal 'X': relevancy 4 → 2", or for long text
        "Summary: 3 words changed"."""
        if self.kind == ENTRY_KIND and self.path == "entry":
            return {"deleted": "Entry deleted", "restored": "Entry restored"}.get(
                self.new, self.new[:1].upper() + self.new[1:])
        if len(self.old) <= SHORT and len(self.new) <= SHORT and "\n" not in self.old + self.new:
            return f"{self.label} {self.old} {ARROW} {self.new}"
        removed, added = self.marks()
        words = sum(len(self.old[a:b].split()) for a, b in removed) + \
            sum(len(self.new[a:b].split()) for a, b in added)
        return f"{self.label}: {words} word{'' if words == 1 else 's'} changed"

    def marks(self) -> tuple[list[Span], list[Span]]:
        """The words removed from the old text and added in the new."""
        return word_diff(self.old, self.new)

    @property
    def by_text(self) -> str:
        text = BY_LABELS.get(str(self.by), str(self.by))
        return f"{text} — {self.reason}" if self.reason else text


def change_log(rows: Iterable[HistoryRow]) -> list[LogLine]:
    """The history rows (any order) as log lines, newest first; an item is named as the row
    recorded it when the change was made. An undo folds into the latest change it exactly reverses,
    a redo into the latest undone change it exactly repeats; others stay lines of their own.
    """
    lines: list[LogLine] = []
    for row in sorted(rows, key=lambda r: r.pk):
        by = str(row.by)
        if by == By.UNDO and _fold(lines, row, "undone"):
            continue
        if by == By.REDO and _fold(lines, row, "redone"):
            continue
        lines.append(_line(row))
    lines.reverse()
    return lines


def kinds(lines: Iterable[LogLine]) -> list[str]:
    """The kinds of field the lines change, for a filter: in a stable, readable order."""
    found = {line.kind for line in lines}
    return sorted(found, key=lambda k: (k in (ENTRY_KIND, ITEMS_KIND), k.casefold()))


def value_text(value: Any) -> str:
    """A stored value as plain text: lists of terms joined, items by name, others as JSON."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)  # keywords and themes read as a list, not as JSON
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        names = [item_name(v) or "(unnamed)" for v in value]
        return f"{len(value)} item{'' if len(value) == 1 else 's'}" + (
            ": " + "; ".join(names) if names else "")
    return json.dumps(value, ensure_ascii=False)


# -- parts ---------------------------------------------------------------------------


def _fold(lines: list[LogLine], row: HistoryRow, kind: str) -> bool:
    """Fold an undo (or a redo) into the latest line it reverses (or repeats)."""
    for line in reversed(lines):
        if line.path != row.field:
            continue
        if kind == "undone":
            fits = not line.undone and line.raw_new == row.old and line.raw_old == row.new
        else:
            fits = line.undone and line.raw_old == row.old and line.raw_new == row.new
        if fits:
            line.events.append(Event(kind, row.at))
            return True
        if not line.undone:
            return False  # a later change of the field stands between: not this undo's
    return False


def _line(row: HistoryRow) -> LogLine:
    kind, label = _what(row.field, row.item)
    return LogLine(row.pk, row.at, str(row.by), row.field, kind, label, value_text(row.old),
                   value_text(row.new), row.reason, raw_old=row.old, raw_new=row.new)


def _what(path: str, name: str | None) -> tuple[str, str]:
    """The kind and the label of a field path; `name`, the item's as the row recorded it."""
    parts = path.split(".")
    head = parts[0]
    if head in SECTIONS and len(parts) >= 3 and parts[1].isdigit():
        noun = ITEM_NOUNS[head]
        # Rows older than schema 5 hold no name: the place is all they say. The entry as it
        # is now cannot lend one, as its items may have moved since.
        item = f"{noun} “{_short(name)}”" if name else f"{noun} {int(parts[1]) + 1}"
        field_label = FIELD_LABELS.get(parts[2], parts[2].replace("_", " ").capitalize())
        if parts[2] == "extra" and len(parts) > 3:
            field_label = ".".join(parts[3:])
        return field_label, f"{item}: {field_label[:1].lower()}{field_label[1:]}"
    if head in SECTIONS:
        return ITEMS_KIND, FIELD_LABELS[head]
    if path == "entry":
        return ENTRY_KIND, ENTRY_KIND
    if path in ("merged", "merged_into"):
        return ENTRY_KIND, "Merged into" if path == "merged_into" else "Merged"
    label = FIELD_LABELS.get(head, head.replace("_", " ").capitalize())
    return label, label


def _short(name: str) -> str:
    return name if len(name) <= SHORT else name[: SHORT - 1] + "…"
