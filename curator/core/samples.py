"""The sample library: the shipped seed files, imported into a library of their own."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from .importer import import_paths
from .paths import APP_NAME, samples_folder
from .store import Library


def sample_library_path() -> Path:
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "sample-library.db"


def ensure_sample_library(path: Path | None = None) -> Path:
    """Create the sample library on first use (and fill it again if it was emptied)."""
    path = path or sample_library_path()
    with Library(path) as library:
        if library.entries.total() == 0:
            import_paths(library, [samples_folder()])
    return path
