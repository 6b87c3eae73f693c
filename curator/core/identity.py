"""An entry's id: the hex part of a seed file's name, else a digest of its bytes."""

from __future__ import annotations

import hashlib
import re

_NAMED_ID = re.compile(r"(?:^|_)([0-9a-fA-F]{16})\.txt$")


def entry_id_for(file_name: str | None, data: bytes) -> str:
    """`000_f48d74622ee2fccd.txt` gives `f48d74622ee2fccd`; other names hash the bytes."""
    if file_name:
        match = _NAMED_ID.search(file_name.replace("\\", "/").rsplit("/", 1)[-1])
        if match:
            return match.group(1).lower()
    return hashlib.sha256(data).hexdigest()[:16]
