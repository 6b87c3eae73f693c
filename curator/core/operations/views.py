"""Saved views (the sidebar's named filters, kept in the library): saving or deleting one is an
action like any other, with its inverse."""

from __future__ import annotations

from functools import partial

from ..store import By, Filter, Library
from .change import Change, Touched, quoted


def save_view(library: Library, name: str, flt: Filter) -> Change:
    """Save `flt` under `name`, replacing the view of that name if there is one."""
    return _put(library, By.EDIT, name=name, flt=flt, text=f"save view {quoted(name)}")


def delete_view(library: Library, name: str) -> Change:
    """Delete the saved view `name` (nothing to undo when there is none)."""
    return _put(library, By.EDIT, name=name, flt=None, text=f"delete view {quoted(name)}")


def _put(library: Library, by: By, *, name: str, flt: Filter | None, text: str) -> Change:
    """Make the view `name` hold `flt` (None: no such view); its inverse puts back what was."""
    with library.transaction():
        old = dict(library.saved_views.all()).get(name)
        if flt is None:
            library.saved_views.delete(name)
        else:
            library.saved_views.save(name, flt)
    inverse = None if old == flt else partial(_put, name=name, flt=old, text=text)
    return Change((), Touched.VIEWS, text, inverse)
