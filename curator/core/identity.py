"""Who an entry is: its id (from a seed file's name, else its bytes), and the keys that make
two entries' titles or links compare equal when they name one story.

The one place titles and links are normalized: the import's possible-duplicate check (the
stored `title_key`/`url_key` columns), the duplicate finder and the item matching of a merge
all use these.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlsplit

_NAMED_ID = re.compile(r"(?:^|_)([0-9a-fA-F]{16})\.txt$")


def entry_id_for(file_name: str | None, data: bytes) -> str:
    """`000_f48d74622ee2fccd.txt` gives `f48d74622ee2fccd`; other names hash the bytes."""
    if file_name:
        match = _NAMED_ID.search(file_name.replace("\\", "/").rsplit("/", 1)[-1])
        if match:
            return match.group(1).lower()
    import hashlib  # only on import: opening a library does not load OpenSSL's hashes

    return hashlib.sha256(data).hexdigest()[:16]


def title_key(title: str) -> str:
    """The stored key of a title, for the import's possible-duplicate check: see
    normalize_title (an import flags what the finder would group as the same title)."""
    return normalize_title(title)


def link_key(url: str | None) -> str | None:
    """The stored key of a link: see normalize_link; None for no link or a site's home page,
    which names no story."""
    key = normalize_link(url)
    return key if is_story_link(key) else None


class _Blank(dict[int, int | None]):
    """A `str.translate` table, filled as characters are met: punctuation, symbols, spaces
    and control characters become spaces; letters, digits and combining marks stay."""

    def __missing__(self, code: int) -> int | None:
        kind = unicodedata.category(chr(code))[0]
        value = 0x20 if kind in "PSZC" or code == 0x5F else code
        self[code] = value
        return value


_BLANK = _Blank()


def fold_words(text: str) -> list[str]:
    """The words of a text with case, punctuation and spacing taken out (NFKC, case folded)."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_BLANK).split()

TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "gclsrc", "gbraid", "wbraid", "dclid", "msclkid", "yclid", "twclid",
    "ttclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
    "oly_anon_id", "oly_enc_id", "vero_id", "ncid", "spm",
})
"""Query parameters that say how a reader came to a page, not which page it is."""
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": "80", "https": "443"}


def normalize_title(title: str | None) -> str:
    """A title with what retyping changes taken out: HTML entities decoded, NFKC, case
    folded (in any script), punctuation and symbols dropped, white space collapsed.

    Equal keys mean the same title; an empty key means there is nothing to compare.
    """
    if not title:
        return ""
    # Entities first: "R&amp;D" and "R&D" are one title typed two ways. Folding case can
    # make new compatibility forms (e.g. from some ligatures), hence NFKC on both sides.
    import html  # only when titles are compared: opening a library does not

    text = unicodedata.normalize("NFKC", html.unescape(title)).casefold()
    return " ".join(fold_words(text))


def normalize_text(text: str | None) -> str:
    """A summary (or any text) normalized as titles are; for similarity, not display."""
    return normalize_title(text)


def normalize_link(url: str | None) -> str | None:
    """The part of a link that names the page, or None for no link.

    Drops what does not change the page: the scheme (http and https), `www.`, user and
    password, a default port, the fragment (kept when it is a `#!` or `#/` route), a
    trailing slash, and tracking parameters (`utm_*`, `fbclid`, `gclid`, ...). The host is
    lower-cased; the path keeps its case (servers may tell `/A` from `/a`); percent escapes
    are decoded and the remaining query parameters sorted.

    >>> normalize_link("HTTPS://www.Example.org/news/story/?utm_source=feed&id=7#top")
    'example.org/news/story?id=7'
    """
    if url is None:
        return None
    text = url.strip()
    if not text:
        return None
    if "://" not in text and not text.startswith("//"):
        text = "//" + text  # "www.example.org/x": the host is the first part
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # a malformed port or IPv6 host: compare the text as it is
        return text.casefold()
    host = (parts.hostname or "").rstrip(".")
    host = _unicode_host(host)
    if host.startswith("www."):
        host = host[4:]
    scheme = parts.scheme.lower()
    if port is not None and DEFAULT_PORTS.get(scheme) != str(port):
        host = f"{host}:{port}"
    if scheme and scheme not in DEFAULT_PORTS:
        host = f"{scheme}:{host}"  # ftp://x is not http://x
    path = unquote(parts.path).rstrip("/")
    query = sorted(
        (unquote(name), unquote(value))
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _tracking(name)
    )
    key = host + path
    if query:
        key += "?" + "&".join(f"{name}={value}" if value else name for name, value in query)
    if parts.fragment.startswith(("!", "/")):
        key += "#" + parts.fragment
    return key


def is_story_link(key: str | None) -> bool:
    """Whether a normalized link names one page of a site rather than the site itself.

    A site's home page (`example.org`, `example.org/?utm_source=x`) is often given for many
    stories from that site, so sharing it says nothing about the story.
    """
    return bool(key) and any(mark in key for mark in "/?#")  # type: ignore[operator]


def _tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _unicode_host(host: str) -> str:
    # "xn--bcher-kva.example" and "bücher.example" are the same host.
    if "xn--" not in host:
        return host
    try:
        return host.encode("ascii").decode("idna").casefold()
    except UnicodeError:
        return host
