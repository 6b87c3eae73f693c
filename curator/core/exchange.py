"""JSON exchange files and seed-text folders: export a curated set, read one back."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from .. import __version__
from .errors import CuratorError, ExchangeError
from .model import Entry
from .store import ENTRY_KEYS, Filter, Library

FORMAT = "curator-entries"
VERSION = 1
MAX_JSON_BYTES = 512 * 1024 * 1024

Progress = Callable[[int, int], None]
"""Called as (done, total) while an export runs."""


class Cancelled(CuratorError):
    """The user stopped a long task; what was written so far is discarded."""


def export_json(
    library: Library,
    flt: Filter,
    destination: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the filter's entries to a JSON exchange file, streamed; return the count.

    The file appears under its name only when complete (written aside, then renamed).
    """
    with library.snapshot():
        total = library.count(flt)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "app_version": __version__,
            "filter": {**flt.to_json(), "description": flt.describe()},
            "count": total,
        }
        with _atomic_file(Path(destination)) as out:
            head = json.dumps(header, ensure_ascii=False, indent=2)
            out.write(head[:-2] + ',\n  "entries": [')
            written = 0
            for entry in library.iter_entry_dicts(flt):
                if cancelled and cancelled():
                    raise Cancelled("Export cancelled; no file was written.")
                # One entry a line: the C encoder (indent= would fall back to the Python one).
                body = json.dumps(entry, ensure_ascii=False)
                out.write(("\n    " if written == 0 else ",\n    ") + body)
                written += 1
                if progress and written % 200 == 0:
                    progress(written, total)
            out.write("\n  ]\n}\n" if written else "]\n}\n")
    if progress:
        progress(written, total)
    return written


def export_seed_folder(
    library: Library,
    flt: Filter,
    folder: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write each entry of the filter as a seed text file in a folder; return the count."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    written = 0
    with library.snapshot():
        total = library.count(flt)
        for entry in library.iter_entry_dicts(flt):
            if cancelled and cancelled():
                raise Cancelled(f"Export cancelled after {written} files.")
            name = seed_file_name(entry, used)
            used.add(name.casefold())
            with _atomic_file(target / name) as out:
                out.write(library.seed_text(entry["id"]))
            written += 1
            if progress and written % 50 == 0:
                progress(written, total)
    if progress:
        progress(written, total)
    return written


def seed_file_name(entry: dict[str, Any], used: set[str]) -> str:
    """The entry's own source file name when it has a safe one, else `<id>.txt`."""
    source = (entry.get("source") or {}).get("file") or ""
    name = Path(source.replace("\\", "/")).name
    if name and name.lower().endswith(".txt") and not name.startswith(".") \
            and name.casefold() not in used:
        return name
    return f"{entry['id']}.txt"


def read_json(data: bytes, file_name: str = "") -> list[Entry]:
    """Validate a whole exchange file; raise ExchangeError naming the entry and field."""
    if len(data) > MAX_JSON_BYTES:
        raise ExchangeError(f"the file is too large ({len(data) // 2**20} MB)")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ExchangeError("the file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ExchangeError(f"line {error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError(f"not a Curator export (its \"format\" is not \"{FORMAT}\")")
    if document.get("version") != VERSION:
        raise ExchangeError(
            f"export version {document.get('version')!r} is not supported (this Curator reads "
            f"version {VERSION})"
        )
    items = document.get("entries")
    if not isinstance(items, list):
        raise ExchangeError('the file has no "entries" list')
    if "count" in document and document["count"] != len(items):
        raise ExchangeError(
            f"the file says it holds {document['count']} entries but holds {len(items)}"
        )
    entries = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        entry = _entry(index, item)
        if entry.id in seen:
            raise ExchangeError(f"entry {index + 1} ({entry.id}): the id appears twice")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def _entry(index: int, item: Any) -> Entry:
    label = f"entry {index + 1}"
    if not isinstance(item, dict):
        raise ExchangeError(f"{label}: not a JSON object")
    if isinstance(item.get("id"), str):
        label += f" ({item['id']})"
    missing = [key for key in ENTRY_KEYS if key not in item]
    if missing:
        raise ExchangeError(f"{label}: missing key {missing[0]!r}")
    try:
        return Entry.model_validate(item)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        path = ".".join(str(p) for p in first["loc"]) or "entry"
        raise ExchangeError(f"{label}: {path}: {first['msg']}") from None


@contextmanager
def _atomic_file(path: Path) -> Iterator[IO[str]]:
    """Write a text file aside and rename it into place only once it is complete."""
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="\n", dir=path.parent,
        prefix=f".{path.name}.", suffix=".part", delete=False,
    )
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
