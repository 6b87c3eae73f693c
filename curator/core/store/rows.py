"""Conversions between entries and the rows the library stores them as."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from ..identity import link_key, title_key
from ..vocabulary import SECTION_COLUMNS, SECTIONS
from .item_bits import entry_bits

if TYPE_CHECKING:
    from ..model import Entry

ITEM_TEXT_FIELDS = ("name", "description", "change", "ten_year", "driving_force", "src")

ENTRY_KEYS = (
    "id", "title", "page", "url", "keywords", "themes", "other", "summary",
    *SECTIONS, "extra_sections", "status", "notes", "source", "updated_at",
)
"""The keys of an exported entry, in the order they are written."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


def content_hash(seed_text: str) -> str:
    """What decides whether an import changes an entry: a digest of its seed text."""
    import hashlib  # only when writing: opening a library does not load OpenSSL's hashes

    return hashlib.sha256(seed_text.encode("utf-8")).hexdigest()


class EntryRow(NamedTuple):
    """One line of the entry list: what the table shows, without the entry's body.

    A named tuple, as a page of them is made on every sort, search and scroll step; it is
    several times quicker to build than a frozen dataclass.
    """

    pk: int
    id: str
    title: str
    page: str | None
    category: str
    type: str
    status: str
    n_signals: int
    n_items: int
    max_relevancy: int | None
    mean_relevancy: float | None
    updated_at: str


ENTRY_ROW_COLUMNS = ", ".join(f"e.{name}" for name in EntryRow._fields)


def entry_columns(entry: Entry) -> dict[str, Any]:
    """The entries-table columns that come from the entry itself."""
    relevancies = [item.relevancy for section in SECTIONS for item in entry.items(section)]
    texts = search_text(entry)
    return {
        "id": entry.id,
        "title": entry.title,
        "title_key": title_key(entry.title),
        "url_key": link_key(entry.url),
        "page": entry.page,
        "url": entry.url,
        "summary": entry.summary,
        "category": entry.category or "",
        "type": entry.type or "",
        "other": json.dumps(entry.other, ensure_ascii=False),
        "extra_sections": json.dumps(
            [s.model_dump() for s in entry.extra_sections], ensure_ascii=False
        ),
        "status": entry.status.value,
        "notes": entry.notes,
        "source_file": entry.source.file,
        "source_sha256": entry.source.sha256,
        "imported_at": timestamp(entry.source.imported_at),
        "n_signals": len(entry.signals),
        "n_items": len(relevancies),
        "max_relevancy": max(relevancies) if relevancies else None,
        "mean_relevancy": round(sum(relevancies) / len(relevancies), 3) if relevancies else None,
        "item_bits": entry_bits(entry, texts["items_text"]),
        **texts,
    }


def item_rows(entry_pk: int, entry: Entry) -> list[dict[str, Any]]:
    rows = []
    for section in SECTIONS:
        for position, item in enumerate(entry.items(section)):
            # __dict__, not getattr: a field this kind of item lacks would send getattr
            # through pydantic's slow fallback, millions of times in a large import.
            fields = item.__dict__
            row = {field: fields.get(field) for field in ITEM_TEXT_FIELDS}
            row.update(
                entry_pk=entry_pk,
                section=section,
                position=position,
                relevancy=item.relevancy,
                relevancy_imported=item.relevancy_imported,
                reviewed=int(item.reviewed),
                extra=json.dumps(item.extra, ensure_ascii=False),
            )
            rows.append(row)
    return rows


def search_text(entry: Entry) -> dict[str, str]:
    """The entries columns the full-text index reads besides title and summary."""
    texts = []
    for section in SECTIONS:
        for item in entry.items(section):
            fields = item.__dict__
            texts += [str(fields[f]) for f in ITEM_TEXT_FIELDS if fields.get(f)]
            texts += item.extra.values()
    return {
        "keywords_text": "\n".join(entry.keywords),
        "themes_text": "\n".join(entry.themes),
        "items_text": "\n".join(texts),
    }


def item_dict(section: str, row: dict[str, Any]) -> dict[str, Any]:
    """An item as exported: its section's fields, then relevancy and the rest."""
    fields = [c.replace("10-year", "ten_year").replace("driving-force", "driving_force")
              for c in SECTION_COLUMNS[section] if c != "relevancy"]
    item = {field: row[field] or "" for field in fields}
    item["relevancy"] = row["relevancy"]
    item["relevancy_imported"] = row["relevancy_imported"]
    item["reviewed"] = bool(row["reviewed"])
    item["extra"] = json.loads(row["extra"] or "{}")
    return item


def entry_dict(
    row: dict[str, Any],
    items: list[dict[str, Any]],
    keywords: list[str],
    themes: list[str],
) -> dict[str, Any]:
    """An entry as exported (and as the model validates it) from its stored rows."""
    sections: dict[str, list[dict[str, Any]]] = {section: [] for section in SECTIONS}
    for item in items:
        sections[item["section"]].append(item_dict(item["section"], item))
    return {
        "id": row["id"],
        "title": row["title"],
        "page": row["page"],
        "url": row["url"],
        "keywords": keywords,
        "themes": themes,
        "other": json.loads(row["other"] or "{}"),
        "summary": row["summary"] or "",
        **sections,
        "extra_sections": json.loads(row["extra_sections"] or "[]"),
        "status": row["status"],
        "notes": row["notes"] or "",
        "source": {
            "file": row["source_file"],
            "sha256": row["source_sha256"],
            "imported_at": row["imported_at"],
        },
        "updated_at": row["updated_at"],
    }

