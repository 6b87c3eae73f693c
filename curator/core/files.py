"""Writing files safely: aside, then renamed into place, with the permissions users expect."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    # os.umask() can only be read by setting it, which races with other threads creating
    # files (exports run off the GUI thread); Linux shows it in /proc.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def new_file_mode(path: Path) -> int:
    """The mode a file written at `path` gets: an existing file's own, else what any program's
    new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~umask()


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A path beside `path` to write to; renamed over `path` only once the block succeeds.

    On any failure the aside file is removed and `path` is left as it was.
    """
    target = Path(path)
    part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        yield part
        if part.exists():
            os.chmod(part, new_file_mode(target))
            os.replace(part, target)
    finally:
        for leftover in (part, part.with_name(part.name + "-journal")):
            leftover.unlink(missing_ok=True)


@contextmanager
def atomic_text(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Write a UTF-8 text file (LF line endings) aside and rename it into place when complete."""
    with atomic_path(path) as part:
        # "x": the aside name is new; never write through a link someone planted there.
        with open(part, "x", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
