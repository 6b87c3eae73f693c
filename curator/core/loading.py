"""Reading one importable file, the one way import and validate both use."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CuratorError, ExchangeError, ParseError
from .exchange import check_json, iter_json
from .model import Entry
from .reader import ReadResult, read_seed

SEED, JSON = "seed", "json"
MAX_BYTES = {SEED: 64 * 2**20, JSON: 512 * 2**20}
"""The largest file of each kind that is read; a larger one is refused before reading. A
JSON file is parsed one entry at a time, so its limit only bounds the time it takes."""


class FileProblem(CuratorError):
    """A file that cannot be read at all (missing, unreadable, too large)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def kind_of(path: Path) -> str:
    return JSON if path.name.lower().endswith(".json") else SEED


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) appear as `\\xNN`."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


@dataclass
class Importable:
    """An importable file whose size was checked; nothing of it read yet."""

    path: Path
    kind: str
    size: int

    @property
    def name(self) -> str:
        """The file's name as it is stored and shown (see `shown`)."""
        return shown(self.path.name)

    def data(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as error:
            raise FileProblem(f"cannot read: {error.strerror or error}") from None

    def read_seed(self, data: bytes) -> ReadResult:
        """The seed file's entry and warnings (one about a name that is not UTF-8)."""
        result = read_seed(data, self.name)
        if self.name != self.path.name:
            result.warnings.append(
                f"the file name is not UTF-8: stored as {self.name!r}")
        return result

    def entries(self) -> Iterator[Entry]:
        """A JSON export's entries, parsed from the file one at a time."""
        try:
            with self.path.open("rb") as stream:
                yield from iter_json(stream)
        except OSError as error:
            raise FileProblem(f"cannot read: {error.strerror or error}") from None

    def check(self) -> list[str]:
        """Read the whole file as import would, storing nothing; return its warnings."""
        if self.kind == SEED:
            return self.read_seed(self.data()).warnings
        try:
            with self.path.open("rb") as stream:
                check_json(stream)
        except OSError as error:
            raise FileProblem(f"cannot read: {error.strerror or error}") from None
        return []


def open_importable(path: Path) -> Importable:
    """The file, once its size is known to be within its kind's limit; raise FileProblem."""
    kind = kind_of(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise FileProblem(f"cannot read: {error.strerror or error}") from None
    if size > MAX_BYTES[kind]:
        raise FileProblem(f"the file is too large ({size // 2**20} MB; the limit is "
                          f"{MAX_BYTES[kind] // 2**20} MB)")
    return Importable(path, kind, size)


_LINE = re.compile(r"^line (\d+): ")


def located(path: str | os.PathLike[str], warning: str) -> str:
    """A reader's warning as `file:line: warning: text`, as import and validate print it."""
    match = _LINE.match(warning)
    if match:
        return f"{shown(path)}:{match.group(1)}: warning: {warning[match.end():]}"
    return f"{shown(path)}: warning: {warning}"


def problem_line(error: CuratorError) -> tuple[int | None, str]:
    """The line (if known) and the message of an error reading a file."""
    if isinstance(error, (ParseError, FileProblem, ExchangeError)):
        return error.line, error.message
    return None, str(error)
