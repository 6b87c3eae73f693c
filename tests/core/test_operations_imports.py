"""Import, its undo and redo, the import report's choices, and backup, as core operations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curator.core import operations as ops
from curator.core.errors import CuratorError
from curator.core.importer import import_paths
from curator.core.operations import By, ReportChoices, Touched
from curator.core.store import Filter, Library
from tests.conftest import SEEDS
from tests.core.library_state import bys, log, state

SAMPLES = sorted(SEEDS.glob("*.txt"))
# An import stamps when each entry came in: a redone import is a new import.
NOT_THE_TIME = frozenset({"source"})


def _id(path: Path) -> str:
    return path.stem.rsplit("_", 1)[-1]


def test_import_then_undo_and_redo(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    report, change = ops.import_files(library, [folder])
    assert report.imported == len(SAMPLES) and set(change.entry_ids) == set(report.added)
    assert change.text == f"import of {len(SAMPLES)} entries" and change.touches(Touched.ENTRIES)
    after = state(library, exclude=NOT_THE_TIME)
    undone = change.inverse(library, By.UNDO)
    assert library.entries.total() == 0 and set(undone.entry_ids) == set(report.added)
    redone = undone.inverse(library, By.REDO)
    assert state(library, exclude=NOT_THE_TIME) == after
    assert bys(library, _id(SAMPLES[0])) == ["import"]  # a redone import is an import again
    redone.inverse(library, By.UNDO)
    assert library.entries.total() == 0


def test_undo_of_an_update_restores_the_entry_as_it_was(seeded: Library,
                                                        tmp_path: Path) -> None:
    sample = SAMPLES[0]
    folder = tmp_path / "incoming"
    folder.mkdir()
    text = sample.read_text(encoding="utf-8")
    (folder / sample.name).write_text(text.replace(",", " (v2),", 1), encoding="utf-8")
    (folder / "new.txt").write_text(text.replace(",", " (another),", 1), encoding="utf-8")
    before, logged = state(seeded), log(seeded)
    report, change = ops.import_files(seeded, [folder])
    assert (report.updated, report.imported) == (1, 1)
    assert set(change.entry_ids) == {_id(sample), *report.added}
    change.inverse(seeded, By.UNDO)
    # The import's rows went with it: the new entry's too, as it is gone.
    assert state(seeded) == before and log(seeded) == logged
    again = import_paths(seeded, [folder / sample.name])
    assert again.updated == 1  # still the importer's to update: undo did not mark it edited


def test_an_import_that_changed_nothing_is_no_undo_step(seeded: Library) -> None:
    report, change = ops.import_files(seeded, [SEEDS])
    assert report.unchanged == len(SAMPLES) and not change.undoable
    assert change.touched == Touched.NOTHING


def test_undo_of_an_import_too_large_to_keep_is_refused(seeded: Library) -> None:
    report = import_paths(seeded, [SEEDS])
    report.undoable = False
    with pytest.raises(CuratorError, match="too many entries"):
        ops.undo_import(seeded, report)


@pytest.fixture
def conflict(tmp_path: Path, library: Library) -> Path:
    """A seed the analyst edited whose file changed since, and a copy of another seed."""
    folder = tmp_path / "scan"
    folder.mkdir()
    for sample in SAMPLES[:2]:
        shutil.copy(sample, folder / sample.name)
    import_paths(library, [folder])
    edited = folder / SAMPLES[0].name
    entry = library.entries.get(_id(edited))
    library.edits.save_entry(entry.model_copy(update={"summary": entry.summary + "\n\nMy note."}),
                       library.entries.version(entry.id))
    edited.write_text(edited.read_text(encoding="utf-8").replace("Critics", "Opponents"),
                      encoding="utf-8")
    shutil.copy(SAMPLES[1], folder / "copy.txt")
    return folder


def test_report_choices_then_undo(library: Library, conflict: Path) -> None:
    before = state(library)
    report = import_paths(library, [conflict])
    assert report.conflicts and report.duplicates
    duplicate = report.duplicates[0].entry_id
    with_duplicate, logged = state(library), log(library)
    choices = ReportChoices(remove=[duplicate],
                            take={str(conflict / SAMPLES[0].name): [_id(SAMPLES[0])]})
    again, change = ops.apply_report_choices(library, choices)
    assert again is not None and again.updated == 1
    assert not library.entries.has(duplicate)
    assert "Opponents" in library.entries.get(_id(SAMPLES[0])).summary
    assert {duplicate, _id(SAMPLES[0])} <= set(change.entry_ids) and change.undoable
    undone = change.inverse(library, By.UNDO)
    assert state(library) == with_duplicate != before
    assert log(library) == logged
    assert "My note." in library.entries.get(_id(SAMPLES[0])).summary
    assert not undone.undoable


def test_no_choices_change_nothing(library: Library) -> None:
    report, change = ops.apply_report_choices(library, ReportChoices())
    assert report is None and change.entry_ids == () and not change.undoable


def test_backup_copies_the_library_and_changes_nothing(seeded: Library, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    change = ops.backup(seeded, target)
    assert change.touched == Touched.NOTHING and not change.undoable
    with Library(target) as copy:
        assert copy.entries.ids(Filter()) == seeded.entries.ids(Filter())
    with pytest.raises(CuratorError, match="the library itself"):
        ops.backup(seeded, seeded.path)
