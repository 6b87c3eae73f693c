"""Where Curator keeps things: the default library, and the sample seeds it ships."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Curator"


def default_library_path() -> Path:
    """`$CURATOR_DB`, else `curator.db` in the user's data folder (created on first use)."""
    configured = os.environ.get("CURATOR_DB")
    if configured:
        return Path(configured).expanduser()
    import platformdirs  # only when needed: a start names its library (the last one) mostly

    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "curator.db"


def _package_folder(name: str, checkout_name: str) -> Path:
    """A data folder shipped in the package, in a frozen app, or at the checkout's top."""
    here = Path(__file__).resolve().parent.parent
    candidates = [here / name, here.parent / checkout_name]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / checkout_name)
    for folder in candidates:
        if folder.is_dir() and any(folder.iterdir()):
            return folder
    return candidates[-1]


def samples_folder() -> Path:
    """The sample seed files (the demo library)."""
    return _package_folder("samples", "seeds")


def resources_folder() -> Path:
    """Icons and other files the GUI shows."""
    return _package_folder("resources", "resources")
