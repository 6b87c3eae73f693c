"""The errors Curator reports to users; anything else escaping is a bug."""

from __future__ import annotations


class CuratorError(Exception):
    """An error of the world (bad input, unusable file), shown to the user in plain words."""


class ParseError(CuratorError):
    """A seed file that cannot be read, with the 1-based line where reading stopped; no line
    (None) when the problem is the whole file (empty, binary), where a line means nothing."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


class NotSeedError(ParseError):
    """A text file that is not a seed file at all (a README, notes, a JSON export as .txt)."""


class LibraryError(CuratorError):
    """A library file that cannot be opened or used as asked."""


class ReadOnlyLibraryError(LibraryError):
    """A write was attempted on a library opened read-only."""


class VersionConflict(CuratorError):
    """A save was made over a newer version of the entry than the one it was based on."""

    def __init__(self, entry_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"entry {entry_id} was changed elsewhere (version {actual}, expected {expected})"
        )
        self.entry_id = entry_id
        self.expected = expected
        self.actual = actual


class ExchangeError(CuratorError):
    """A JSON exchange file that is malformed, of another format, or holds invalid entries;
    with its line where known (a syntax error in a file small enough to locate it)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message
