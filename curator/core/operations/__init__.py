"""Every user action that changes the library: one function each, returning a Change.

Each takes the Library first, writes in its own transaction, reads its before-image inside
it, and returns a `Change`: the entries and kinds of thing it touched, the Undo menu's text,
and an `inverse(library, by)` that undoes it and returns the change whose inverse redoes it.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..store import By, ItemKey
from .change import Change, Inverse, Touched, touched_by

if TYPE_CHECKING:
    from .entries import (
        change_terms,
        delete_entries,
        revert_change,
        save_entry,
        set_status,
        with_term,
        without_term,
    )
    from .imports import (
        ReportChoices,
        apply_report_choices,
        backup,
        import_files,
        imported,
        undo_import,
    )
    from .merge import mark_not_duplicates, merge, merge_groups, unmark_not_duplicates
    from .scores import mark_reviewed, set_group_score, set_score
    from .views import delete_view, save_view

_LATER = {
    "entries": ("change_terms", "delete_entries", "revert_change", "save_entry", "set_status",
                "with_term", "without_term"),
    "imports": ("ReportChoices", "apply_report_choices", "backup", "import_files", "imported",
                "undo_import"),
    "merge": ("mark_not_duplicates", "merge", "merge_groups", "unmark_not_duplicates"),
    "scores": ("mark_reviewed", "set_group_score", "set_score"),
    "views": ("delete_view", "save_view"),
}
"""The operations, by module: imported when first asked for, since imports and merges need
pydantic, the importer and rapidfuzz, which the window's first paint (Change, Touched) does not."""
_MODULE_OF = {name: module for module, names in _LATER.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


class _Operations(ModuleType):
    """Keeps `merge` the operation: importing the submodule of that name sets the package's
    attribute to the module, which would hide the operation from `__getattr__`."""

    @property
    def merge(self) -> Any:
        return import_module(".merge", __name__).merge

    @merge.setter
    def merge(self, value: Any) -> None:
        pass  # the submodule, set by the import system: `.merge` finds it in sys.modules


sys.modules[__name__].__class__ = _Operations


__all__ = [
    "By", "Change", "Inverse", "ItemKey", "ReportChoices", "Touched", "apply_report_choices",
    "backup", "change_terms", "delete_entries", "delete_view", "import_files", "imported",
    "mark_not_duplicates", "mark_reviewed", "merge", "merge_groups", "unmark_not_duplicates",
    "revert_change", "save_entry", "save_view", "set_group_score", "set_score", "set_status",
    "touched_by", "undo_import", "with_term", "without_term",
]
