"""Who an entry is: its id (from a seed file's name, else its bytes) and the keys that find
its possible duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NAMED_ID = re.compile(r"(?:^|_)([0-9a-fA-F]{16})\.txt$")


def entry_id_for(file_name: str | None, data: bytes) -> str:
    """`000_f48d74622ee2fccd.txt` gives `f48d74622ee2fccd`; other names hash the bytes."""
    if file_name:
        match = _NAMED_ID.search(file_name.replace("\\", "/").rsplit("/", 1)[-1])
        if match:
            return match.group(1).lower()
    return hashlib.sha256(data).hexdigest()[:16]


def title_key(title: str) -> str:
    """A title as the possible-duplicate check compares it: NFKC, case-folded in any script,
    white space collapsed; so a title typed on two systems (`é` as one code point or as `e`
    and a combining accent, full-width letters, `Straße`/`STRASSE`) gives one key."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", title).casefold())
    return " ".join(folded.split())


def link_key(url: str | None) -> str | None:
    """A link as the duplicate check compares it: the title's folding, without the scheme's
    difference between http and https, a leading `www.` or a trailing slash."""
    if not url:
        return None
    key = title_key(url)
    for scheme in ("https://", "http://"):
        if key.startswith(scheme):
            key = key[len(scheme):]
            break
    if key.startswith("www."):
        key = key[4:]
    return key.rstrip("/") or None
