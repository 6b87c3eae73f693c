"""The handle every part of a library shares: its SQLite connection and its transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import LibraryError, ReadOnlyLibraryError


class Db:
    """One open connection, with the write transaction the library's parts join.

    Each part of `Library` (entries, edits, imports...) holds this one object rather than
    the library, so what a part depends on is written in its constructor.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self._depth = 0  # how deep in nested writes; 0 when no transaction is open

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, taken at once so that a concurrent writer waits, not fails.

        Inside another `write()` it joins the open one: an operation of several writes
        commits them together or not at all.
        """
        if self.read_only:
            raise ReadOnlyLibraryError(f"{self.path} is open read-only.")
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise LibraryError(f"The library is busy or unavailable: {error}.") from None
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one consistent state of the library, whatever others write."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def one(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row a query returns, or None."""
        row = self.conn.execute(sql, list(params)).fetchone()
        return None if row is None else row[0]

    def data_version(self) -> int:
        """Changes when another connection commits; views poll it to refresh."""
        return self.one("PRAGMA data_version")
