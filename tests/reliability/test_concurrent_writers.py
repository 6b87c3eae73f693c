"""Two processes writing one library at once: both finish, nobody sees "database is locked"."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from curator.core.importer import import_paths
from curator.core.store import Filter, Library
from tests.conftest import SEEDS
from tests.perf.corpus import entry, seed_texts
from tests.reliability.conftest import (
    assert_library_whole,
    assert_no_traceback,
    shape_of_entry,
    start_curator,
)

PER_FOLDER = 200


def _folder(root: Path, name: str, start: int, count: int) -> Path:
    folder = root / name
    folder.mkdir()
    for file_name, text in seed_texts(count, start):
        (folder / file_name).write_text(text, encoding="utf-8")
    return folder


def _finish(process) -> tuple[int, str, str]:  # noqa: ANN001
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


@pytest.mark.parametrize("fresh", [False, True], ids=["existing library", "new library file"])
def test_two_imports_of_different_folders_both_finish(tmp_path: Path, fresh: bool, tried) -> None:
    a = _folder(tmp_path, "a", 0, PER_FOLDER)
    b = _folder(tmp_path, "b", PER_FOLDER, PER_FOLDER)
    db = tmp_path / "lib.db"
    if not fresh:
        Library(db).close()
    first = start_curator("import", "--db", str(db), str(a))
    second = start_curator("import", "--db", str(db), str(b))
    for process in (first, second):
        code, out, err = _finish(process)
        assert_no_traceback(err)
        assert code == 0, err
        assert f"imported {PER_FOLDER}," in err  # the summary is a message
    expected = {f"{n:016x}": shape_of_entry(entry(n)) for n in range(2 * PER_FOLDER)}
    assert assert_library_whole(db, expected) == 2 * PER_FOLDER
    library = "a new" if fresh else "an existing"
    tried(f"two `curator import` processes of different folders at once into {library} library",
          f"2 × {PER_FOLDER} files",
          "both exit 0, no \"database is locked\", all entries whole")


def test_import_and_edits_at_once_lose_nothing(tmp_path: Path, tried) -> None:
    db = tmp_path / "lib.db"
    with Library(db) as library:
        import_paths(library, [SEEDS])
        ids = library.entries.ids(Filter())
    incoming = _folder(tmp_path, "incoming", 0, 300)
    importer = start_curator("import", "--db", str(db), str(incoming))
    last: dict[str, int] = {}
    edits = 0
    with Library(db) as library:
        # Edit while the import runs, and a little after, so the two overlap for sure.
        deadline = None
        while deadline is None or time.monotonic() < deadline:
            entry_id = ids[edits % len(ids)]
            current = library.entries.get(entry_id)
            edited = current.model_copy(update={"title": f"Edit {edits}",
                                                "notes": f"note of edit {edits}"})
            library.edits.save_entry(edited, library.entries.version(entry_id))
            last[entry_id] = edits
            edits += 1
            if deadline is None and importer.poll() is not None:
                deadline = time.monotonic() + 0.2
    code, out, err = _finish(importer)
    assert_no_traceback(err)
    assert code == 0 and "imported 300," in err, err
    with Library(db) as library:
        for entry_id, n in last.items():
            stored = library.entries.get(entry_id)
            assert (stored.title, stored.notes) == (f"Edit {n}", f"note of edit {n}")
            titles = [r for r in library.entries.history(entry_id) if r.field == "title"]
            assert len(titles) == sum(1 for i in range(edits) if ids[i % len(ids)] == entry_id)
        assert library.entries.total() == 300 + len(ids)
    tried("`curator import` of 300 files while another process saves edits in a loop",
          f"{edits} edits", "import exits 0, no \"database is locked\", every edit kept with "
          "its history")
