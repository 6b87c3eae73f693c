"""What the `curator` command needs around its subcommands: standard input and output given
as `-`, and a progress bar on a terminal."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .core.errors import CuratorError

STDIO = "-"
"""A path argument that means standard input (or output)."""


@contextmanager
def stdin_file(paths: list[str]) -> Iterator[tuple[list[str], Shown]]:
    """The paths, `-` replaced by a file holding standard input, and how to show a path
    (that file as `-`). Its name says its kind: a JSON export starts with `{`."""
    if STDIO not in paths:
        yield paths, Shown(None)
        return
    if paths.count(STDIO) > 1:
        raise CuratorError("- (standard input) can be given only once.")
    data = sys.stdin.buffer.read()
    json_like = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    with tempfile.TemporaryDirectory(prefix="curator-") as folder:
        path = Path(folder) / ("stdin.json" if json_like else "stdin.txt")
        path.write_bytes(data)
        yield [str(path) if p == STDIO else p for p in paths], Shown(str(path))


class Shown:
    """Shows a path as given, and the file that holds standard input as `-`."""

    def __init__(self, stdin_path: str | None) -> None:
        self.stdin_path = stdin_path

    def __call__(self, path: str) -> str:
        from .core.loading import shown

        return STDIO if self.stdin_path and path == self.stdin_path else shown(path)

    def line(self, text: str) -> str:
        return text.replace(self.stdin_path, STDIO) if self.stdin_path else text


@contextmanager
def output_file(output: str) -> Iterator[str]:
    """The path to export to; for `-`, a file copied to standard output once complete (so a
    failed export writes nothing there either)."""
    if output != STDIO:
        yield output
        return
    with tempfile.TemporaryDirectory(prefix="curator-") as folder:
        path = Path(folder) / "export"
        yield str(path)
        sys.stdout.flush()
        with path.open("rb") as handle:
            shutil.copyfileobj(handle, sys.stdout.buffer)
        sys.stdout.buffer.flush()


class ProgressBar:
    """A one-line progress bar on standard error, for terminals."""

    def __init__(self) -> None:
        self.width = 30

    def show(self, done: int, total: int, name: str) -> None:
        filled = int(self.width * done / total) if total else self.width
        columns = os.get_terminal_size(sys.stderr.fileno()).columns if sys.stderr.isatty() else 80
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {name}"
        sys.stderr.write("\r" + line[: columns - 1].ljust(columns - 1))
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
