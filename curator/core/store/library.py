"""The library: one SQLite file of entries, opened, and composed of the parts that read and
write it (`library.entries`, `library.edits`, `library.imports`, ...)."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..errors import LibraryError
from ..folding import register
from . import schema
from .db import Db
from .entries import Entries

if TYPE_CHECKING:
    from .duplicates import Duplicates
    from .editing import Edits
    from .importing import Imports
    from .items import Items
    from .outputs import Outputs
    from .saved_views import SavedViews

BUSY_TIMEOUT_S = 30.0


class Library:
    """An open library file. Not thread-safe: each thread opens its own.

    Its parts share one `Db` (the connection and its transaction), as Anki's collection
    shares its database with `col.decks` and `col.tags`:

    - `entries`: the entry list and whole entries, their history;
    - `edits`: an analyst's changes (save, status, terms, scores, delete);
    - `imports`: storing imported entries and the record of each import;
    - `items`: scored items across entries (items table, review, statistics);
    - `duplicates`: what duplicate finding reads, and the "not duplicates" marks;
    - `outputs`: grouping and reasons for the spreadsheet and report exports;
    - `saved_views`: named searches and filters.

    The parts but `entries` are made, and their modules imported, when first used: the
    window paints a library's first page before it needs them.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path).expanduser().absolute()
        exists = schema.check_file(self.path)
        self.read_only = read_only or (exists and not _writable(self.path))
        if self.read_only and not exists:
            raise LibraryError(f"{self.path} does not exist.")
        self.db = Db(self._connect(), self.path, read_only=self.read_only)
        self.backup_path: Path | None = None
        try:
            version = schema.check_schema(self.conn, self.path)
            if not self.read_only:
                self._prepare(version)
            elif version < schema.SCHEMA_VERSION:
                raise LibraryError(
                    f"{self.path} is an older library that must be upgraded, "
                    "but it is read-only."
                )
        except BaseException:
            self.conn.close()
            raise
        self.entries = Entries(self.db)

    @cached_property
    def edits(self) -> Edits:
        from .editing import Edits

        return Edits(self.db, self.entries)

    @cached_property
    def duplicates(self) -> Duplicates:
        from .duplicates import Duplicates

        return Duplicates(self.db, self.entries, self.edits)

    @cached_property
    def imports(self) -> Imports:
        from .importing import Imports

        return Imports(self.db, self.entries, self.duplicates)

    @cached_property
    def items(self) -> Items:
        from .items import Items

        return Items(self.db)

    @cached_property
    def outputs(self) -> Outputs:
        from .outputs import Outputs

        return Outputs(self.db)

    @cached_property
    def saved_views(self) -> SavedViews:
        from .saved_views import SavedViews

        return SavedViews(self.db)

    @property
    def conn(self) -> sqlite3.Connection:
        """The SQLite connection (for the schema's own checks and for tests)."""
        return self.db.conn

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.read_only:
                uri = f"file:{quote(str(self.path))}?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S,
                                       isolation_level=None)
            else:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
            register(conn)
        except sqlite3.Error as error:
            raise LibraryError(f"{self.path} cannot be opened: {error}.") from None
        conn.row_factory = sqlite3.Row
        return conn

    def _prepare(self, version: int) -> None:
        try:
            self._use_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            if version == 0:
                with self.db.write():
                    if not schema.table_names(self.conn):
                        schema.create(self.conn)
            else:
                if schema.unstamped(self.conn):  # a copy that lost it (an SQL dump)
                    with self.db.write():
                        schema.stamp(self.conn, version)
                self.backup_path = schema.migrate(self.conn, self.path, version)
            if schema.missing_indexes(self.conn):
                with self.db.write():
                    schema.ensure_indexes(self.conn)
        except sqlite3.DatabaseError as error:
            raise schema.open_error(self.path, error) from None

    def _use_wal(self) -> None:
        # Switching a file to WAL needs it to itself, and SQLite does not wait for that (no
        # busy handler): two programs opening the same new library at once would have one
        # fail with "database is locked". So wait here, as long as any other write would.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def check_integrity(self) -> None:
        """Refuse a library damaged past its schema, before anything is written to it."""
        try:
            result = self.db.one("PRAGMA quick_check(1)")
        except sqlite3.DatabaseError as error:
            result = str(error)
        if result != "ok":
            raise LibraryError(f"{self.path} is damaged ({result}); nothing was changed. "
                               "Restore it from a backup.")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction around several writes of the parts (each joins it)."""
        return self.db.write()

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads inside see one consistent state of the library, whatever others write."""
        return self.db.snapshot()

    def data_version(self) -> int:
        """Changes when another connection commits; views poll it to refresh."""
        return self.db.data_version()

    def backup(self, target: str | os.PathLike[str]) -> None:
        """A consistent copy of the library, made with SQLite's backup API."""
        destination = sqlite3.connect(target)
        try:
            self.conn.backup(destination)
        finally:
            destination.close()


def _writable(path: Path) -> bool:
    mode = path.stat().st_mode
    # Root may write anything: honour the file's own write bits too, as the user set them.
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)
