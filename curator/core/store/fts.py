"""Every use of the full-text index goes through here, so its layout can change in one place."""

from __future__ import annotations

FTS_TABLE = "entries_fts"
"""The FTS5 index of entry text; its rowid is entries.pk."""


def fts_query(text: str) -> str | None:
    """Turn anything a user types into a safe FTS5 query, or None when nothing is left.

    Each word becomes a quoted prefix term, so quotes, operators, colons and brackets are
    searched as text and never reach FTS5's query syntax. A lone Latin letter or digit is
    matched as a word, not a prefix: "c*" would walk most of the index (seconds on a large
    library) at the first key typed.
    """
    words = text.replace("\x00", " ").split()
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + ('"' if _lone(word) else '"*')
                    for word in words)


def fts_phrase(text: str) -> str:
    """An FTS5 query for whole words in order (a quoted search), safe whatever the text."""
    return '"' + text.replace("\x00", " ").replace('"', '""') + '"'


def fts_and(*queries: str | None) -> str | None:
    """FTS5 queries that must all match, as one query (None if there are none)."""
    present = [q for q in queries if q]
    return " AND ".join(f"({q})" if len(present) > 1 else q for q in present) or None


def fts_condition(query: str, pk: str = "e.pk", column: str | None = None) -> tuple[str, list]:
    """SQL that holds when the entry whose pk is `pk` matches an FTS5 query.

    `column` limits the match to one column of the index (`items`).
    """
    match = f"{{{column}}} : ({query})" if column else query
    return f"{pk} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)", [match]


FTS_COUNT = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?"
"""SQL counting the entries that match an FTS5 query (its one parameter)."""


def _lone(word: str) -> bool:
    return len(word) == 1 and word.isascii() and word.isalnum()
