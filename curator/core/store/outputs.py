"""Queries the spreadsheet and report exports need beyond the entries themselves."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Literal

from ..vocabulary import Status
from .db import Db
from .filters import Filter, where

GroupBy = Literal["category", "theme", "status"]

_GROUP_SQL: dict[str, str] = {
    "category": "coalesce(e.category, '')",
    # Each entry once, under its first theme: a report listing it under every theme would
    # repeat most entries several times.
    "theme": "coalesce((SELECT t.theme FROM themes t WHERE t.entry_pk = e.pk "
             "ORDER BY t.position LIMIT 1), '')",
    "status": "e.status",
}


class Outputs:
    """`library.outputs`: grouping order and latest reasons, for exports people read."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self.conn = db.conn

    def report_order(self, flt: Filter, group_by: GroupBy) -> list[tuple[str, str]]:
        """(group, entry id) of every entry of a filter, by group, then best score, then title.

        Ids only (not entries), so a report of the whole library stays small in memory.
        """
        if group_by not in _GROUP_SQL:
            raise ValueError(f"cannot group by {group_by!r}")
        clause, params = where(flt)
        group = _GROUP_SQL[group_by]
        if group_by == "status":
            ranks = " ".join(f"WHEN '{s.value}' THEN {n}" for n, s in enumerate(Status))
            group_order = f"CASE e.status {ranks} ELSE 99 END"
        else:
            # Entries with no category (or theme) come last, not first.
            group_order = f"{group} = '', {group} COLLATE NOCASE"
        cursor = self.conn.execute(
            f"SELECT {group}, e.id FROM entries e WHERE {clause} ORDER BY {group_order}, "
            "coalesce(e.max_relevancy, 0) DESC, e.title COLLATE NOCASE, e.pk", params,
        )
        return [(row[0], row[1]) for row in cursor]

    def latest_reasons(self, entry_ids: Iterable[str]) -> dict[tuple[str, str], str]:
        """The last reason given for each item's score, keyed (entry id, `signals.2`)."""
        found: dict[tuple[str, str], str] = {}
        for entry_id, field, reason in self.conn.execute(
            "SELECT entry_id, field, reason FROM history WHERE entry_id IN "
            "(SELECT value FROM json_each(?)) AND reason IS NOT NULL AND reason != '' "
            "AND field LIKE '%.relevancy' ORDER BY pk", [json.dumps(list(entry_ids))],
        ):
            found[(entry_id, field.rsplit(".", 1)[0])] = reason
        return found
