"""Saved views: searches and filters an analyst named to come back to."""

from __future__ import annotations

import json

from .db import Db
from .filters import Filter


class SavedViews:
    """`library.saved_views`: list, save and delete named filters."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self.conn = db.conn

    def all(self) -> list[tuple[str, Filter]]:
        """Every saved view, by name."""
        cursor = self.conn.execute("SELECT name, filter FROM views ORDER BY name COLLATE NOCASE")
        return [(name, Filter.from_json(json.loads(text))) for name, text in cursor]

    def save(self, name: str, flt: Filter) -> None:
        """Save a view under a name, replacing one of the same name."""
        with self.db.write():
            self.conn.execute(
                "INSERT OR REPLACE INTO views (name, filter) VALUES (?, ?)",
                [name, json.dumps(flt.to_json())],
            )

    def delete(self, name: str) -> None:
        with self.db.write():
            self.conn.execute("DELETE FROM views WHERE name = ?", [name])
