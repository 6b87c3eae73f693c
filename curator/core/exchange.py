"""JSON exchange files and seed-text folders: export a curated set, read one back."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO, Literal

import ijson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import __version__
from .errors import CuratorError, ExchangeError
from .files import atomic_text, new_file_mode
from .messages import first_problem
from .model import Entry
from .store import ENTRY_KEYS, Filter, Library

FORMAT = "curator-entries"
VERSION = 1

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
        total = library.entries.count(flt)
        envelope = ExportEnvelope(
            format="curator-entries", version=1,
            exported_at=datetime.now(timezone.utc).replace(microsecond=0),
            app_version=__version__,
            filter={**flt.to_json(), "description": flt.describe()},
            count=total,
        )
        header = envelope.model_dump(mode="json")
        with atomic_text(destination) as out:
            head = json.dumps(header, ensure_ascii=False, indent=2)
            out.write(head[:-2] + ',\n  "entries": [')
            written = 0
            for entry in library.entries.iter_dicts(flt):
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
    """Write each entry of the filter as a seed text file in a folder; return the count.

    The files are written into a hidden folder inside it and moved into place only once all
    are written: a cancelled or failed export leaves the folder as it was (an earlier file
    of the same name untouched; a folder it made, taken away again).
    """
    target = Path(folder)
    made = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix=".curator-export-", dir=target))
    used: set[str] = set()
    names: list[str] = []
    try:
        with library.snapshot():
            total = library.entries.count(flt)
            for entry in library.entries.iter_dicts(flt):
                if cancelled and cancelled():
                    raise Cancelled("Export cancelled; no file was written.")
                name = seed_file_name(entry, used)
                used.add(name.casefold())
                with open(aside / name, "x", encoding="utf-8", newline="\n") as out:
                    out.write(library.entries.seed_text(entry["id"]))
                    out.flush()
                    os.fsync(out.fileno())  # on disk before it is moved over an older one
                names.append(name)
                if progress and len(names) % 50 == 0:
                    progress(len(names), total)
        for name in names:
            os.chmod(aside / name, new_file_mode(target / name))
            os.replace(aside / name, target / name)
    except BaseException:
        shutil.rmtree(aside, ignore_errors=True)
        if made:
            with contextlib.suppress(OSError):
                target.rmdir()  # only while empty: another program may have written there
        raise
    aside.rmdir()
    if progress:
        progress(len(names), total)
    return len(names)


def seed_file_name(entry: dict[str, Any], used: set[str]) -> str:
    """A file name no other entry of this export has (`used` holds the case-folded names
    given so far): the entry's own source file name when it is a safe one, else with the id
    added, else `<id>.txt`. Re-importing the file finds the id again in its name."""
    entry_id = entry["id"]
    source = (entry.get("source") or {}).get("file") or ""
    name = Path(source.replace("\\", "/")).name
    candidates = [f"{entry_id}.txt"]
    if _safe_file_name(name):
        stem = name[:-4]
        candidates[:0] = [name] if entry_id in name else [name, f"{stem}_{entry_id}.txt"]
    for candidate in candidates:
        if candidate.casefold() not in used:
            return candidate
    number = 2
    while f"{entry_id}_{number}.txt".casefold() in used:
        number += 1
    return f"{entry_id}_{number}.txt"


def _safe_file_name(name: str) -> bool:
    # Names on every system: no control characters, nothing Windows refuses, not too long.
    return (name.lower().endswith(".txt") and len(name) > 4 and not name.startswith(".")
            and name.isprintable() and not any(c in name for c in '<>:"|?*')
            and len(name.encode("utf-8", "replace")) <= 200)


class ExportEnvelope(BaseModel):
    """What an export file says about itself, before and around its entries.

    The writer fills it, the reader checks a file's against it, and the JSON Schema is made
    from it (`ExportFile`). Fields other than format and version may be missing in a file
    written by hand; Curator always writes them.
    """

    model_config = ConfigDict(title="Curator entries export", extra="forbid")

    format: Literal["curator-entries"] = Field(description=f'Always "{FORMAT}".')
    version: Literal[1] = Field(description=f"The export format version, {VERSION}.")
    exported_at: datetime | None = None
    app_version: str | None = Field(None, description="The Curator version that wrote the file.")
    filter: dict[str, Any] | None = Field(
        None, description="The search and facet choices exported.")
    count: int | None = Field(None, ge=0, description="How many entries follow.")


class ExportFile(ExportEnvelope):
    """A curated set of entries, as `curator export` writes it and `curator import` reads it."""

    model_config = ConfigDict(json_schema_extra={
        "required": ["format", "version", "exported_at", "app_version", "filter", "count",
                     "entries"]})

    entries: list[Entry]


MAX_DEPTH = 32
"""JSON nested deeper than this is refused: an entry is 4 levels deep, its envelope 2."""


def read_json(data: bytes, file_name: str = "") -> list[Entry]:
    """Validate a whole exchange file held in memory; raise ExchangeError naming the entry
    and field. (Importing streams the file instead: see `iter_json`.)"""
    return list(iter_json(io.BytesIO(data)))


def check_json(stream: BinaryIO) -> int:
    """Read a whole exchange file, one entry at a time, and return how many it holds; raise
    ExchangeError at the first thing wrong. Memory stays near the size of one entry."""
    count = 0
    for _ in iter_json(stream):
        count += 1
    return count


def iter_json(stream: BinaryIO) -> Iterator[Entry]:
    """The entries of an exchange file, validated one at a time as they are parsed.

    Raises ExchangeError for malformed or hostile JSON (too deep, numbers out of range,
    duplicate keys), another format, an invalid entry, a repeated id or a wrong count; the
    last two are known only at the end, so a caller that must refuse a file whole reads it
    through once (`check_json`) before storing it.
    """
    events = _events(stream)
    if next(events, (None, None))[0] != "start_map":
        raise ExchangeError(f'not a Curator export (not a JSON object with "format": "{FORMAT}")')
    header: dict[str, Any] = {}
    count = 0
    seen: set[str] = set()
    for event, key in events:
        if event == "end_map":
            break
        if key in header or (key == "entries" and count):
            raise ExchangeError(f"the key {key!r} appears twice")
        event, value = next(events)
        if key != "entries":
            header[key] = _build(events, event, value, depth=1)
            continue
        _check_kind(header)
        header["entries"] = True
        if event != "start_array":
            raise ExchangeError('the file has no "entries" list')
        for index, (event, value) in enumerate(_until("end_array", events)):
            entry = _entry(index, _build(events, event, value, depth=2))
            if entry.id in seen:
                raise ExchangeError(f"entry {index + 1} ({entry.id}): the id appears twice")
            seen.add(entry.id)
            count += 1
            yield entry
    if next(events, None) is not None:  # ijson raises for text after the document
        raise ExchangeError("not valid JSON (more after the end of the document)")
    if not header.pop("entries", None):
        _missing_entries(header)
    envelope = _envelope(header)
    if envelope.count is not None and envelope.count != count:
        raise ExchangeError(f"the file says it holds {envelope.count} entries but holds {count}")


def _missing_entries(header: dict[str, Any]) -> None:
    _check_kind(header)
    raise ExchangeError('the file has no "entries" list')


def _check_kind(header: dict[str, Any]) -> None:
    if header.get("format") != FORMAT:
        raise ExchangeError(f"not a Curator export (its \"format\" is not \"{FORMAT}\")")
    if header.get("version") != VERSION:
        raise ExchangeError(
            f"export version {_short(header.get('version'))} is not supported (this Curator "
            f"reads version {VERSION})")


def _envelope(header: dict[str, Any]) -> ExportEnvelope:
    try:
        return ExportEnvelope.model_validate(header)
    except ValidationError as error:
        raise ExchangeError(str(first_problem(error, header))) from None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_Event = tuple[str | None, Any]


def _events(stream: BinaryIO) -> Iterator[_Event]:
    """ijson's basic events, with its errors made one-line ExchangeErrors.

    basic_parse, not parse: parse builds a path string for every event, and in JSON nested
    100,000 deep those paths alone take gigabytes before any depth check could run.
    """
    try:
        for event, value in ijson.basic_parse(stream, use_float=True):
            if event == "number" and isinstance(value, float) and not math.isfinite(value):
                raise ExchangeError("a number in the file is too large")
            yield event, value
    except ijson.JSONError as error:
        raise _json_error(str(error), stream) from None
    except UnicodeDecodeError:
        raise ExchangeError("the file is not UTF-8 text") from None
    except (ValueError, OverflowError) as error:  # a number too large for Python
        raise ExchangeError(f"not valid JSON ({_first_line(str(error))})") from None


def _json_error(message: str, stream: BinaryIO) -> ExchangeError:
    detail = _first_line(message)
    if "invalid bytes in UTF8" in detail:
        return ExchangeError("the file is not UTF-8 text")
    if "integer overflow" in detail or "floating point" in detail:
        return ExchangeError("a number in the file is too large")
    return ExchangeError(f"not valid JSON ({detail})", _error_line(stream))


def _first_line(message: str) -> str:
    if message.startswith(("b'", 'b"')):
        message = message[2:-1].encode().decode("unicode_escape", "replace")
    line = message.strip().split("\n", 1)[0]
    return line.split("error: ", 1)[-1].strip() or "malformed"


def _error_line(stream: BinaryIO) -> int | None:
    """The line of a syntax error, from the standard parser on a small file (ijson's C
    parser does not say where it stopped)."""
    try:
        stream.seek(0)
        data = stream.read(16 * 2**20 + 1)
        if len(data) > 16 * 2**20:
            return None
        json.loads(data.decode("utf-8-sig"))
    except json.JSONDecodeError as error:
        return error.lineno
    except (ValueError, RecursionError, OSError):
        return None
    return None


def _until(end: str, events: Iterator[_Event]) -> Iterator[_Event]:
    for event, value in events:
        if event == end:
            return
        yield event, value


def _build(events: Iterator[_Event], event: str | None, value: Any, *, depth: int) -> Any:
    """One JSON value from its first event on, built without recursion, refusing depth over
    MAX_DEPTH and an object that repeats a key (json.loads would keep the last silently)."""
    if event not in ("start_map", "start_array"):
        return value
    root: dict[str, Any] | list[Any] = {} if event == "start_map" else []
    stack: list[Any] = [root]
    keys: list[str | None] = [None]
    for event, value in events:
        top = stack[-1]
        if event == "map_key":
            if value in top:
                raise ExchangeError(f"the key {_short(value)} appears twice in one object")
            keys[-1] = value
            continue
        if event in ("end_map", "end_array"):
            stack.pop()
            keys.pop()
            if not stack:
                return root
            continue
        if event in ("start_map", "start_array"):
            if depth + len(stack) > MAX_DEPTH:
                raise ExchangeError(f"the JSON is nested more than {MAX_DEPTH} levels deep")
            child: Any = {} if event == "start_map" else []
        else:
            child = value
        if isinstance(top, dict):
            top[keys[-1]] = child
        else:
            top.append(child)
        if event in ("start_map", "start_array"):
            stack.append(child)
            keys.append(None)
    raise ExchangeError("not valid JSON (the file ends inside a value)")


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
        raise ExchangeError(f"{label}: {first_problem(error, item)}") from None
