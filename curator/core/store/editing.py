"""Analysts' changes to stored entries: saves, statuses, scores, terms, deletes and views."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..errors import LibraryError, VersionConflict
from ..vocabulary import SECTIONS, Status
from . import item_bits, rows
from .db import Db
from .entries import Entries
from .records import TERM_TABLES, By, ItemKey, Written, chunks, dumps, ts
from .writes import insert_entry, record_history, replace_entry

if TYPE_CHECKING:
    from ..model import Entry


class Edits:
    """`library.edits`: every write an analyst's action makes, each one transaction."""

    def __init__(self, db: Db, entries: Entries) -> None:
        self.db = db
        self.conn = db.conn
        self.entries = entries

    def save_entry(self, entry: Entry, expected_version: int, *, by: By = By.EDIT,
                   edited: bool | None = None, restore_source: bool = False) -> Written:
        """Save an edited entry over the version it was based on; record what changed.

        `edited` marks whether the analyst's hand is in it (re-imports then conflict);
        by default any change of content marks it. The entry's source stays the stored
        one unless `restore_source` (undo puts an earlier file's version back).
        """
        # Imported here: they need the models, which opening a library does not.
        from ..diff import content_changed, diff_entries, item_names
        from ..writer import write_seed

        at = rows.now()
        with self.db.write():
            found = self.conn.execute(
                "SELECT pk, version, edited, source_text, content_hash FROM entries WHERE id = ?",
                [entry.id],
            ).fetchone()
            if found is None:
                raise LibraryError(f"There is no entry {entry.id} in the library.")
            if found["version"] != expected_version:
                raise VersionConflict(entry.id, expected_version, found["version"])
            old = self.entries.get(entry.id)
            if not restore_source:
                entry = entry.model_copy(update={"source": old.source})
            changes = diff_entries(old, entry)
            if not changes:
                return Written([entry.id], [], found["version"], [old])
            if edited is None:
                edited = bool(found["edited"]) or content_changed(changes)
            verbatim = None if content_changed(changes) else found["source_text"]
            digest = rows.content_hash(write_seed(entry))
            version = found["version"] + 1
            replace_entry(self.conn, found["pk"], entry, digest, verbatim, version,
                          edited=edited, at=at)
            record_history(self.conn, entry.id, changes, by, at,
                           names=item_names(old, changes))
            return Written([entry.id], [path for path, _, _ in changes], version, [old])

    def statuses(self, entry_ids: Iterable[str]) -> dict[str, str]:
        """The status of each of these entries (for undoing a status change)."""
        found: dict[str, str] = {}
        for chunk in chunks(list(entry_ids), 500):
            found.update(self.conn.execute(
                "SELECT id, status FROM entries WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(chunk)],
            ).fetchall())
        return found

    def set_terms(self, facet: str, terms_by_id: dict[str, list[str]], *,
                  by: By = By.BULK) -> Written:
        """Replace the keywords (or themes) of several entries in one transaction."""
        return self.change_terms(facet, list(terms_by_id),
                                 lambda entry_id, _old: terms_by_id[entry_id], by=by)

    def change_terms(self, facet: str, entry_ids: Iterable[str],
                     update: Callable[[str, list[str]], list[str]], *,
                     by: By = By.BULK) -> Written:
        """Give each entry the terms `update` makes, reading the old ones in this transaction.

        `update` takes the entry id and its old terms. The result's `old` holds the terms
        each changed entry had, for undo.
        """
        table, column = TERM_TABLES[facet]
        at = rows.now()
        changed: list[str] = []
        old_terms: dict[str, list[str]] = {}
        with self.db.write():
            for entry_id in entry_ids:
                pk = self.db.one("SELECT pk FROM entries WHERE id = ?", [entry_id])
                if pk is None:
                    continue
                old = [r[0] for r in self.conn.execute(
                    f"SELECT {column} FROM {table} WHERE entry_pk = ? ORDER BY position", [pk])]
                terms = update(entry_id, old)
                if old == terms:
                    continue
                self.conn.execute(f"DELETE FROM {table} WHERE entry_pk = ?", [pk])
                self.conn.executemany(
                    f"INSERT INTO {table} (entry_pk, position, {column}) VALUES (?, ?, ?)",
                    [(pk, i, t) for i, t in enumerate(terms)],
                )
                # The search index follows {table}_text by a trigger.
                self.conn.execute(
                    f"UPDATE entries SET {table}_text = ?, version = version + 1, edited = 1, "
                    "source_text = NULL, updated_at = ? WHERE pk = ?",
                    ["\n".join(terms), at, pk])
                record_history(self.conn, entry_id, [(table, old, terms)], by, at)
                changed.append(entry_id)
                old_terms[entry_id] = old
            self._refresh_content_hashes(changed)
        return Written(changed, [table], old=old_terms)

    def _refresh_content_hashes(self, entry_ids: list[str]) -> None:
        from ..writer import write_seed  # needs the models: imported when first used

        for entry_id in entry_ids:
            digest = rows.content_hash(write_seed(self.entries.get(entry_id)))
            self.conn.execute("UPDATE entries SET content_hash = ? WHERE id = ?",
                              [digest, entry_id])

    def terms(self, facet: str, entry_ids: Iterable[str]) -> dict[str, list[str]]:
        """The keywords (or themes) of each of these entries, in their order."""
        table, column = TERM_TABLES[facet]
        found: dict[str, list[str]] = {}
        for chunk in chunks(list(entry_ids), 500):
            for entry_id in chunk:
                found.setdefault(entry_id, [])
            for entry_id, term in self.conn.execute(
                f"SELECT e.id, t.{column} FROM entries e JOIN {table} t ON t.entry_pk = e.pk "
                f"WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id, t.position",
                [json.dumps(chunk)],
            ):
                found[entry_id].append(term)
        return {entry_id: terms for entry_id, terms in found.items() if self.entries.has(entry_id)}

    def set_status(self, entry_ids: Iterable[str], status: Status | str, *,
                   by: By = By.EDIT) -> Written:
        """Set the status of entries in one transaction; `old` holds each one's old status."""
        status = Status(status)
        return self.set_statuses({entry_id: status for entry_id in entry_ids}, by=by)

    def set_statuses(self, status_by_id: dict[str, Status | str], *,
                     by: By = By.EDIT) -> Written:
        """Give each entry its own status in one transaction (undo of a status change)."""
        grouped: dict[str, list[str]] = {}
        for entry_id, status in status_by_id.items():
            grouped.setdefault(Status(status).value, []).append(entry_id)
        at = rows.now()
        changed: list[str] = []
        old: dict[str, str] = {}
        with self.db.write():
            for status, ids in grouped.items():
                for chunk in chunks(ids, 500):
                    found = self.conn.execute(
                        "SELECT id, status FROM entries WHERE id IN "
                        "(SELECT value FROM json_each(?)) AND status != ?",
                        [json.dumps(chunk), status],
                    ).fetchall()
                    found_ids = [row[0] for row in found]
                    self.conn.execute(
                        "UPDATE entries SET status = ?, version = version + 1, updated_at = ? "
                        "WHERE id IN (SELECT value FROM json_each(?))",
                        [status, at, json.dumps(found_ids)],
                    )
                    if by in (By.UNDO, By.REDO):  # each takes out or puts back its row
                        for row in found:
                            record_history(self.conn, row[0], [("status", row[1], status)],
                                           by, at)
                    else:
                        self.conn.executemany(
                            "INSERT INTO history (entry_id, field, old, new, at, by) "
                            "VALUES (?,?,?,?,?,?)",
                            [(row[0], "status", dumps(row[1]), dumps(status), at, by)
                             for row in found],
                        )
                    changed += found_ids
                    old.update((row[0], row[1]) for row in found)
        return Written(changed, ["status"], old=old)

    def set_relevancy(self, entry_id: str, section: str, position: int, value: int, *,
                      by: By = By.EDIT, reason: str | None = None) -> Written:
        """Change one item's score; the history keeps the old one and the reason."""
        change = self.set_relevancies([(entry_id, section, position, value)], by=by,
                                      reason=reason)
        change.version = self.entries.version(entry_id)
        return change

    def set_relevancies(self, scores: Iterable[tuple[str, str, int, int]], *,
                        by: By = By.EDIT, reason: str | None = None) -> Written:
        """Set several items' scores, (entry id, section, position, value) each, at once."""
        from ..messages import item_name  # it needs pydantic, which opening a library does not

        scores = list(scores)
        for _, section, _, value in scores:
            if section not in SECTIONS:
                raise ValueError(f"unknown section {section!r}")
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                raise ValueError("relevancy must be a whole number from 1 to 5")
        at = rows.now()
        changed_entries: dict[str, int] = {}
        paths: list[str] = []
        old_scores: dict[ItemKey, int] = {}
        with self.db.write():
            for entry_id, section, position, value in scores:
                found = self.conn.execute(
                    "SELECT i.pk, i.relevancy, e.pk, i.name, i.description FROM items i "
                    "JOIN entries e ON e.pk = i.entry_pk "
                    "WHERE e.id = ? AND i.section = ? AND i.position = ?",
                    [entry_id, section, position],
                ).fetchone()
                if found is None:
                    raise LibraryError(f"Entry {entry_id} has no {section} item {position + 1}.")
                item_pk, old, entry_pk, name, description = found
                if old == value:
                    continue
                self.conn.execute("UPDATE items SET relevancy = ? WHERE pk = ?", [value, item_pk])
                path = f"{section}.{position}.relevancy"
                name = item_name({"name": name, "description": description})
                record_history(self.conn, entry_id, [(path, old, value)], by, at, reason,
                               names={path: name})
                changed_entries[entry_id] = entry_pk
                paths.append(path)
                old_scores.setdefault(ItemKey(entry_id, section, position), old)
            for entry_id, entry_pk in changed_entries.items():
                self.conn.execute(
                    "UPDATE entries SET version = version + 1, edited = 1, source_text = NULL, "
                    "updated_at = ?, max_relevancy = (SELECT max(relevancy) FROM items "
                    "WHERE entry_pk = ?), mean_relevancy = (SELECT round(avg(relevancy), 3) "
                    "FROM items WHERE entry_pk = ?) WHERE pk = ?",
                    [at, entry_pk, entry_pk, entry_pk],
                )
            item_bits.refresh(self.conn, changed_entries.values())
            self._refresh_content_hashes(list(changed_entries))
        return Written(list(changed_entries), paths, old=old_scores)

    def delete_entries(self, entry_ids: Iterable[str], *, by: By = By.EDIT) -> list[Entry]:
        """Delete entries in one transaction; return them whole, so that undo can restore."""
        at = rows.now()
        removed: list[Entry] = []
        with self.db.write():
            for entry_id in entry_ids:
                pk = self.db.one("SELECT pk FROM entries WHERE id = ?", [entry_id])
                if pk is None:
                    continue
                removed.append(self.entries.get(entry_id))
                for table in ("items", "keywords", "themes"):
                    self.conn.execute(f"DELETE FROM {table} WHERE entry_pk = ?", [pk])
                self.conn.execute("DELETE FROM entries WHERE pk = ?", [pk])
                record_history(self.conn, entry_id, [("entry", "present", "deleted")], by, at)
        return removed

    def restore_entries(self, entries: Iterable[Entry], *, by: By = By.EDIT) -> Written:
        """Put deleted entries back (undo of a delete)."""
        from ..writer import write_seed  # needs the models: imported when first used

        at = rows.now()
        restored = []
        with self.db.write():
            for entry in entries:
                if self.entries.has(entry.id):
                    continue
                text = write_seed(entry)
                insert_entry(self.conn, entry, rows.content_hash(text), None, None,
                             entry_updated=ts(entry.updated_at) or at, edited=True)
                record_history(self.conn, entry.id, [("entry", "deleted", "restored")], by, at)
                restored.append(entry.id)
        return Written(restored, ["entry"])
