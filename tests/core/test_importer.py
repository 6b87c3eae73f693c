"""Importing files and folders: what is collected, what is reported, what is kept."""

from __future__ import annotations

import os
from pathlib import Path

from curator.core.exchange import export_json
from curator.core.importer import collect_files, import_paths, report_text
from curator.core.store import Filter, Library
from tests.conftest import DATA, SEEDS


def test_folders_are_searched_recursively(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    for sample in sorted(SEEDS.glob("*.txt"))[:2]:
        (nested / sample.name).write_bytes(sample.read_bytes())
    (tmp_path / "a" / "notes.md").write_text("not a seed")
    files, failures = collect_files([tmp_path])
    assert sorted(f.name for f in files) == sorted(p.name for p in sorted(SEEDS.glob("*.txt"))[:2])
    assert failures == []


def test_link_loops_are_reported_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    sample = sorted(SEEDS.glob("*.txt"))[0]
    (folder / sample.name).write_bytes(sample.read_bytes())
    os.symlink(folder, folder / "loop")
    files, failures = collect_files([folder])
    assert [f.name for f in files] == [sample.name]
    assert len(failures) == 1 and "already read" in failures[0].message


def test_report_counts_every_outcome(library: Library) -> None:
    report = import_paths(library, [SEEDS, DATA / "rejects"])
    assert report.imported == len(list(SEEDS.glob("*.txt")))
    assert report.failed == len(list((DATA / "rejects").iterdir()))
    # A line wherever one means something; none for an empty or a binary file.
    lines = {Path(f.path).name: f.line for f in report.failures}
    assert lines["relevancy_six.txt"] == 68
    assert lines["binary.bin.txt"] is None and lines["empty.txt"] is None
    assert str(report.failures[0]).startswith(str(DATA / "rejects"))
    again = import_paths(library, [SEEDS])
    assert again.unchanged == report.imported and again.imported == 0


def test_new_entries_carry_their_import(library: Library) -> None:
    first = import_paths(library, [sorted(SEEDS.glob("*.txt"))[0]])
    second = import_paths(library, [SEEDS])
    assert library.entries.count(Filter(import_batch=second.batch)) == second.imported
    assert library.entries.count(Filter(import_batch=first.batch)) == 1


def test_unreadable_file_is_reported_and_the_rest_imported(library: Library,
                                                            tmp_path: Path) -> None:
    for sample in sorted(SEEDS.glob("*.txt"))[:2]:
        (tmp_path / sample.name).write_bytes(sample.read_bytes())
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    report = import_paths(library, [tmp_path])
    assert report.imported == 2
    assert any("dangling.txt" in f.path for f in report.failures)


def test_cancel_stops_between_files(library: Library) -> None:
    seen: list[int] = []

    def progress(done: int, total: int, name: str) -> None:
        seen.append(done)

    report = import_paths(library, [SEEDS], progress=progress, cancelled=lambda: len(seen) >= 3)
    assert report.cancelled and library.entries.total() == 3 == report.imported


def test_warnings_name_the_file(library: Library) -> None:
    report = import_paths(library, [DATA / "variants" / "cp1252.txt"])
    assert report.imported == 1
    assert any("cp1252.txt" in w and "Windows-1252" in w for w in report.warnings)


def test_the_report_lists_the_files_of_each_outcome(library: Library, tmp_path: Path) -> None:
    first, second, third = sorted(SEEDS.glob("*.txt"))[:3]
    import_paths(library, [first, third])
    edited = tmp_path / first.name
    edited.write_text(first.read_text(encoding="utf-8").replace("Keywords", "Keywords\n  - new",
                                                                  1), encoding="utf-8")
    report = import_paths(library, [edited, second, third])
    assert report.files_with("updated") == {str(edited): 1}
    assert report.files_with("imported") == {str(second): 1}
    assert report.files_with("unchanged") == {str(third): 1}
    text = report_text(report)
    assert f"Imported (1 file):\n{second}: imported\n" in text
    assert f"Updated (1 file):\n{edited}: updated\n" in text
    assert f"{third}: unchanged" in text


def test_a_json_export_is_listed_once_with_its_entries(library: Library, tmp_path: Path) -> None:
    import_paths(library, [SEEDS])
    export_json(library, Filter(), tmp_path / "all.json")
    with Library(tmp_path / "other.db") as other:
        report = import_paths(other, [tmp_path / "all.json"])
    count = len(list(SEEDS.glob("*.txt")))
    assert report.files_with("imported") == {str(tmp_path / "all.json"): count}
    assert f"{tmp_path / 'all.json'}: imported {count} entries" in report_text(report)
