"""The library's tables, how a file is recognised as a library, and schema migrations."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import LibraryError
from ..vocabulary import SECTIONS
from . import fts, item_bits, views

SCHEMA_VERSION = 5
ITEM_LABEL = "coalesce(nullif(name, ''), description)"
"""What names an item: its name, or its description for Technologies."""
SECTION_RANK = ("CASE section " + " ".join(f"WHEN '{name}' THEN {rank}"
                                          for rank, name in enumerate(SECTIONS))
                + f" ELSE {len(SECTIONS)} END")
"""A section's place in the seed file (SECTIONS' order), for sorting items by section: the
names' alphabetical order would put behaviors first. Queries must repeat it exactly (over
`i.section`) for SQLite to use the index on it."""
APP_ID = "curator-library"
SQLITE_HEADER = b"SQLite format 3\x00"

ENTRY_SORT_COLUMNS = (
    "title",
    "page",
    "category",
    "type",
    "status",
    "n_signals",
    "n_items",
    "max_relevancy",
    "mean_relevancy",
    "updated_at",
)
"""Entry columns the list can sort by; each has an index with `pk` as tie-breaker."""


def create(conn: sqlite3.Connection) -> None:
    """Lay out an empty library (inside the caller's transaction)."""
    # Imported here: only a new library needs sqlite-utils, and it costs 35 ms at start-up.
    from sqlite_utils import Database

    db = Database(conn)
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("meta").insert_all([{"key": "app", "value": APP_ID}])
    db.table("imports").create(
        {"pk": int, "started_at": str, "paths": str, "summary": str}, pk="pk"
    )
    db.table("entries").create(
        {
            "pk": int,
            "id": str,
            "title": str,
            "title_key": str,
            "url_key": str,
            "page": str,
            "url": str,
            "summary": str,
            "category": str,
            "type": str,
            "other": str,
            "extra_sections": str,
            "status": str,
            "notes": str,
            "source_file": str,
            "source_sha256": str,
            "imported_at": str,
            "source_text": str,
            "content_hash": str,
            "edited": int,
            "version": int,
            "updated_at": str,
            "import_batch": int,
            "n_signals": int,
            "n_items": int,
            "max_relevancy": int,
            "mean_relevancy": float,
            # What the entry's items hold, for the search language (see item_bits.py).
            "item_bits": int,
            # What the full-text index reads besides title and summary (see fts.py).
            "keywords_text": str,
            "themes_text": str,
            "items_text": str,
        },
        pk="pk",
        not_null={"id", "title", "status", "content_hash", "version", "updated_at",
                  "keywords_text", "themes_text", "items_text", "item_bits"},
        defaults={"status": "new", "notes": "", "edited": 0, "version": 1, "category": "",
                  "item_bits": 0,
                  "type": "", "keywords_text": "", "themes_text": "", "items_text": ""},
        foreign_keys=[("import_batch", "imports", "pk")],
    )
    db.table("entries").create_index(["id"], unique=True)
    for column in ENTRY_SORT_COLUMNS:
        expression = "title COLLATE NOCASE" if column == "title" else column
        db.execute(f"CREATE INDEX entries_by_{column} ON entries({expression}, pk)")
    db.table("entries").create_index(["import_batch"])
    # The possible-duplicate check looks entries up by link on every import.
    db.execute("CREATE INDEX entries_by_url ON entries(url)")
    for statement in MATCH_KEY_INDEXES:
        db.execute(statement)
    db.execute(ITEM_BITS_INDEX)
    db.table("items").create(
        {
            "pk": int,
            "entry_pk": int,
            "section": str,
            "position": int,
            "name": str,
            "description": str,
            "change": str,
            "ten_year": str,
            "driving_force": str,
            "src": str,
            "relevancy": int,
            "relevancy_imported": int,
            "reviewed": int,
            "extra": str,
        },
        pk="pk",
        not_null={"entry_pk", "section", "position", "relevancy"},
        defaults={"reviewed": 0, "extra": "{}"},
        foreign_keys=[("entry_pk", "entries", "pk")],
    )
    db.execute("CREATE INDEX items_by_entry ON items(entry_pk, section, position)")
    # The items table sorts by any of these over millions of rows: each needs its index.
    db.execute("CREATE INDEX items_by_score ON items(relevancy, pk)")
    db.execute("CREATE INDEX items_by_imported ON items(relevancy_imported, pk)")
    db.execute("CREATE INDEX items_by_reviewed ON items(reviewed, pk)")
    db.execute(f"CREATE INDEX items_by_label ON items({ITEM_LABEL} COLLATE NOCASE, pk)")
    for table, column in (("keywords", "keyword"), ("themes", "theme")):
        db.table(table).create(
            {"entry_pk": int, "position": int, column: str},
            not_null={"entry_pk", column},
            foreign_keys=[("entry_pk", "entries", "pk")],
        )
        db.execute(f"CREATE INDEX {table}_by_term ON {table}({column}, entry_pk)")
        db.execute(f"CREATE INDEX {table}_by_entry ON {table}(entry_pk)")
    db.table("history").create(
        {
            "pk": int,
            "entry_id": str,
            "field": str,
            "old": str,
            "new": str,
            "at": str,
            "by": str,
            "reason": str,
            # The item's name when it changed: its place in the section moves later.
            "item": str,
        },
        pk="pk",
        not_null={"entry_id", "field", "at", "by"},
    )
    db.execute("CREATE INDEX history_by_entry ON history(entry_id, pk)")
    db.table("views").create({"name": str, "filter": str}, pk="name")
    for statement in NOT_DUPLICATES:
        db.execute(statement)
    fts.create_index(conn)
    for statement in views.VIEWS:
        db.execute(statement)
    ensure_indexes(conn)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


LATER_INDEXES = {
    # Both score distributions in one pass over the index, with no look-up in the table: the
    # statistics of 4.5 million items in 0.2 s rather than 7 s. It begins with what the
    # index it replaces, items_by_relevancy (section, relevancy), had.
    "items_by_section_scores": "items(section, relevancy, relevancy_imported)",
    # Sorting by section follows the seed file's order of sections, not their names'.
    "items_by_section_rank": f"items({SECTION_RANK}, pk)",
    # keyword:=VALUE ignores case: one look-up, not a walk of every distinct keyword.
    "keywords_by_folded_term": "keywords(keyword COLLATE NOCASE, entry_pk)",
    "themes_by_folded_term": "themes(theme COLLATE NOCASE, entry_pk)",
}
"""Indexes added since version 1, made on opening a library that lacks them."""
DROPPED_INDEXES = ("items_by_relevancy", "items_by_section")
"""items_by_section (section, pk) sorted sections by name; filtering by section uses
items_by_section_scores."""


def ensure_indexes(conn: sqlite3.Connection) -> None:
    """Make any later index a library lacks (inside the caller's transaction).

    An index changes no data, so this needs no version step and no backup; on a large
    library made before it, the first opening takes a few seconds longer.
    """
    present = _index_names(conn)
    for name, target in LATER_INDEXES.items():
        if name not in present:
            conn.execute(f"CREATE INDEX {name} ON {target}")
    for name in DROPPED_INDEXES:
        if name in present:
            conn.execute(f"DROP INDEX {name}")


def missing_indexes(conn: sqlite3.Connection) -> bool:
    """Whether ensure_indexes has anything to do."""
    present = _index_names(conn)
    return any(name not in present for name in LATER_INDEXES) or any(
        name in present for name in DROPPED_INDEXES)


def _index_names(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def open_error(path: Path, error: sqlite3.Error) -> LibraryError:
    """What to tell the user when SQLite fails on opening: damage, or the disk or folder."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_READONLY")):
        return LibraryError(f"{path} cannot be opened for writing ({error}): is the disk full, "
                            "or the folder read-only?")
    return LibraryError(f"{path} is damaged or not a database ({error}).")


def check_file(path: Path) -> bool:
    """Refuse a path that is not a library-to-be; return whether the file already exists."""
    if not path.parent.is_dir():
        raise LibraryError(f"The folder {path.parent} does not exist.")
    if path.is_dir():
        raise LibraryError(f"{path} is a folder, not a library file.")
    if not path.exists():
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise LibraryError(f"{path} cannot be read: {error.strerror or error}.") from None
    if header and header != SQLITE_HEADER:
        raise LibraryError(f"{path} is not a Curator library: it is not an SQLite database.")
    return bool(header)


def table_names(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def check_schema(conn: sqlite3.Connection, path: Path) -> int:
    """The library's schema version; refuse SQLite files that are not Curator libraries."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = table_names(conn)
    except sqlite3.DatabaseError as error:
        raise open_error(path, error) from None
    if not tables:
        return 0
    if "meta" not in tables or "entries" not in tables:
        raise LibraryError(
            f"{path} is an SQLite database of another program, not a Curator library."
        )
    if version == 0:
        return _layout_version(conn, path, tables)
    if version > SCHEMA_VERSION:
        raise LibraryError(
            f"{path} was made by a newer Curator (library version {version}; this one reads "
            f"up to {SCHEMA_VERSION}). Update Curator to open it."
        )
    return version


LIBRARY_TABLES = {"meta", "imports", "entries", "items", "keywords", "themes", "history",
                  "views"}
"""The tables every Curator library has had since version 1."""


def _layout_version(conn: sqlite3.Connection, path: Path, tables: set[str]) -> int:
    """The schema version of a library whose stamp (PRAGMA user_version) is 0, from what
    its tables hold; refuse a file that is not a Curator library.

    Curator stamps every library it makes, in the transaction that lays it out; a stamp of
    0 over Curator's tables comes from a copy that does not carry it (an SQL dump read into a
    new file, a tool that rebuilt the file). Its own tables say which version made it.
    """
    try:
        app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    except sqlite3.DatabaseError:
        app = None
    if app is None or app[0] != APP_ID:
        raise LibraryError(
            f"{path} is an SQLite database of another program, not a Curator library."
        )
    missing = sorted(LIBRARY_TABLES - tables)
    if missing:
        raise LibraryError(
            f"{path} is a Curator library without its tables {', '.join(missing)}: it cannot "
            "be opened. Open a backup of it, or import its entries from an export.")
    for version, table, column in LAYOUT_MARKS:
        if column in _column_names(conn, table):
            return version
    return 1


LAYOUT_MARKS = ((5, "history", "item"), (4, "entries", "item_bits"),
                (3, "entries", "keywords_text"), (2, "entries", "title_key"))
"""Newest first, the column each migration added, by which an unstamped library's version is
known: a new migration adds its own here (a test checks the first is SCHEMA_VERSION)."""


def _column_names(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def unstamped(conn: sqlite3.Connection) -> bool:
    return conn.execute("PRAGMA user_version").fetchone()[0] == 0


def stamp(conn: sqlite3.Connection, version: int) -> None:
    """Give a library whose stamp was lost its version back (inside the caller's
    transaction), so that a migration starts from it."""
    if unstamped(conn):
        conn.execute(f"PRAGMA user_version = {int(version)}")


MATCH_KEY_INDEXES = (
    "CREATE INDEX entries_by_title_key ON entries(title_key)",
    "CREATE INDEX entries_by_url_key ON entries(url_key)",
)


def _fill_match_keys(conn: sqlite3.Connection) -> None:
    from ..identity import link_key, title_key

    rows = conn.execute("SELECT pk, title, url FROM entries").fetchall()
    conn.executemany("UPDATE entries SET title_key = ?, url_key = ? WHERE pk = ?",
                     [(title_key(title), link_key(url), pk) for pk, title, url in rows])


ITEM_BITS_INDEX = "CREATE INDEX entries_by_item_bits ON entries(item_bits)"
"""Score, changed and reviewed terms count through this index alone: the column sits at the
end of a migrated library's rows, past pages of text that reading the row would follow."""

Step = str | Callable[[sqlite3.Connection], None]

NOT_DUPLICATES = [
    # Pairs an analyst said are not one story, by entry id (ids outlive a re-import), the
    # smaller id first so that a pair has one row. An entry deleted later leaves its marks:
    # they are harmless, and come back into force if the entry is restored.
    "CREATE TABLE not_duplicates (first_id TEXT NOT NULL, second_id TEXT NOT NULL, "
    "marked_at TEXT NOT NULL, PRIMARY KEY (first_id, second_id), "
    "CHECK (first_id < second_id))",
]

MIGRATIONS: dict[int, list[Step]] = {
    # 1 -> 2: normalized title and link keys, so the possible-duplicate check sees the same
    # title typed on two systems (NFKC, any script's case) and still uses an index; and the
    # not-duplicates marks of duplicate finding.
    1: ["ALTER TABLE entries ADD COLUMN title_key TEXT",
        "ALTER TABLE entries ADD COLUMN url_key TEXT",
        _fill_match_keys, *MATCH_KEY_INDEXES, *NOT_DUPLICATES],
    # 2 -> 3: the full-text index by sqlite-utils' conventions (found by `sqlite-utils search`
    # and Datasette), and views that read well in any SQLite tool.
    2: [fts.to_external_content, *(v for v in views.VIEWS if v != views.HISTORY_VIEW)],
    # 3 -> 4: what each entry's items hold (scores, changed, reviewed) as bits of one
    # indexed column, so the search language's item terms need not read every item.
    3: ["ALTER TABLE entries ADD COLUMN item_bits INTEGER NOT NULL DEFAULT 0",
        item_bits.fill, ITEM_BITS_INDEX],
    # 4 -> 5: the history names the item a change was made to, as it was called then (its
    # place in the section changes when items are added, removed or moved); its view too.
    4: ["ALTER TABLE history ADD COLUMN item TEXT", "DROP VIEW IF EXISTS history_view",
        views.HISTORY_VIEW],
}
"""Steps that take a library from version N to N + 1: SQL, or a function of the connection
for what SQL cannot compute."""

CHECKPOINT_TRIES = 50
CHECKPOINT_PAUSE_S = 0.1
"""How long migrate waits for other programs' reads and writes to let the write-ahead log be
copied whole into the file, before it gives up (5 s)."""


def migrate(conn: sqlite3.Connection, path: Path, version: int) -> Path | None:
    """Bring an older library up to date, after copying the file aside; return the copy.

    The copy is made while this connection holds the write lock, once the write-ahead log
    is wholly in the file and no other program has written since: so it is the library
    exactly as it was before the migration. If another program migrated the library
    first, nothing is done and None returned. A step that fails rolls every step back; the
    copy is kept.
    """
    if version >= SCHEMA_VERSION:
        return None
    for _ in range(CHECKPOINT_TRIES):
        seen = conn.execute("PRAGMA data_version").fetchone()[0]
        _, logged, copied = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        conn.execute("BEGIN IMMEDIATE")
        # (-1, -1) outside WAL mode: the file is then the whole library already.
        if logged == copied and conn.execute("PRAGMA data_version").fetchone()[0] == seen:
            break
        # A reader keeps part of the log out of the file, or a writer came in between.
        conn.execute("ROLLBACK")
        time.sleep(CHECKPOINT_PAUSE_S)
    else:
        raise LibraryError(f"{path} must be upgraded, but another program keeps using it; "
                           "close it there and open the library again.")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:  # another program upgraded it meanwhile
            conn.execute("ROLLBACK")
            return None
        backup = _backup_name(path, version)
        shutil.copy2(path, backup)
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step]:
                if callable(statement):
                    statement(conn)
                else:
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return backup


def _backup_name(path: Path, version: int) -> Path:
    """`lib.db.v1.bak`, or `lib.db.v1.2.bak` and on when an earlier attempt left one: that
    older copy may be the only one of a state the analyst wants back."""
    backup = path.with_name(f"{path.name}.v{version}.bak")
    number = 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{path.name}.v{version}.{number}.bak")
    return backup
