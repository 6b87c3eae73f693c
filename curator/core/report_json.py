"""Import and validation reports as JSON, for scripts (`curator import --json`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .importer import OUTCOMES, ImportReport
from .loading import shown

Shown = Callable[[str], str]
"""How a file's path is printed (the command line shows standard input as `-`)."""


def problem(path: str, line: int | None, message: str, shown_path: Shown = shown,
            **more: Any) -> dict[str, Any]:
    """One failure: the file, the line (or null) and the message."""
    return {"file": shown_path(path), "line": line, "message": message, **more}


def import_report(report: ImportReport, shown_path: Shown = shown) -> dict[str, Any]:
    """Counts, each failure, conflict, possible duplicate and warning of an import."""
    return {
        "files": report.files,
        "imported": report.imported,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "cancelled": report.cancelled,
        "files_by_outcome": {outcome: [{"file": shown_path(path), "entries": entries}
                                       for path, entries in report.files_with(outcome).items()]
                             for outcome in OUTCOMES},
        "failures": [problem(f.path, f.line, f.message, shown_path, kind=f.kind)
                     for f in report.failures],
        "conflicts": [{"file": shown_path(c.path), "entry_id": c.entry_id, "title": c.title,
                       "kind": c.kind,
                       "kept_file": shown_path(c.other_path) if c.other_path else None}
                      for c in report.conflicts],
        "duplicates": [{"file": shown_path(d.path), "entry_id": d.entry_id, "title": d.title,
                        "existing_id": d.existing_id, "existing_title": d.existing_title}
                       for d in report.duplicates],
        "warnings": report.warnings,
    }
