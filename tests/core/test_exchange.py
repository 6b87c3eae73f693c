"""JSON exchange: the export's shape, streaming, the round trip, and refusing bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.core.errors import ExchangeError
from curator.core.exchange import export_json, export_seed_folder, read_json
from curator.core.importer import import_paths
from curator.core.schema_doc import export_schema
from curator.core.store import ENTRY_KEYS, Filter, Library
from tests.conftest import SEEDS, SHARED_SEEDS

ITEM_KEYS = {
    "signals": {"name", "description", "change", "ten_year", "driving_force"},
    "concerns": {"name", "description"},
    "behaviors": {"name", "description"},
    "technologies": {"description", "src"},
    "issues": {"name", "description"},
}


def _export(library: Library, path: Path, flt: Filter = Filter()) -> dict:
    export_json(library, flt, path)
    return json.loads(path.read_text(encoding="utf-8"))


def test_export_has_the_documented_shape(seeded: Library, tmp_path: Path) -> None:
    document = _export(seeded, tmp_path / "all.json")
    assert document["format"] == "curator-entries" and document["version"] == 1
    assert {"exported_at", "app_version", "filter", "count", "entries"} <= set(document)
    assert document["count"] == len(document["entries"]) == seeded.entries.total()
    for entry in document["entries"]:
        assert tuple(entry) == ENTRY_KEYS
        assert isinstance(entry["other"], dict)
        for section, keys in ITEM_KEYS.items():
            for item in entry[section]:
                assert set(item) == keys | {"relevancy", "relevancy_imported", "reviewed", "extra"}


def test_export_of_a_filter_holds_only_matching_entries(seeded: Library, tmp_path: Path) -> None:
    chosen = seeded.entries.ids(Filter())[:3]
    seeded.edits.set_status(chosen, "approved")
    document = _export(seeded, tmp_path / "approved.json",
                       Filter(include=frozenset({("status", "approved")})))
    assert sorted(e["id"] for e in document["entries"]) == sorted(chosen)
    assert document["filter"]["include"] == [["status", "approved"]]


def test_empty_export_is_valid_json(library: Library, tmp_path: Path) -> None:
    document = _export(library, tmp_path / "none.json")
    assert document["count"] == 0 and document["entries"] == []


def test_round_trip_through_an_empty_library(seeded: Library, tmp_path: Path) -> None:
    seeded.edits.set_status(seeded.entries.ids(Filter())[:2], "approved")
    first = _export(seeded, tmp_path / "first.json")
    with Library(tmp_path / "other.db") as other:
        report = import_paths(other, [tmp_path / "first.json"])
        assert report.imported == first["count"] and report.failed == 0
        second = _export(other, tmp_path / "second.json")
    assert second["entries"] == first["entries"]


def test_reimporting_an_export_changes_nothing(seeded: Library, tmp_path: Path) -> None:
    _export(seeded, tmp_path / "all.json")
    report = import_paths(seeded, [tmp_path / "all.json"])
    assert report.unchanged == seeded.entries.total() and report.imported == report.updated == 0


def test_real_seed_exports_with_its_counts(library: Library, tmp_path: Path) -> None:
    real = SHARED_SEEDS / "000_f48d74622ee2fccd.txt"
    if not real.exists():
        pytest.skip("the real seed is not beside this checkout")
    import_paths(library, [real])
    (entry,) = _export(library, tmp_path / "real.json")["entries"]
    counts = {s: len(entry[s]) for s in ITEM_KEYS}
    assert counts == {"signals": 5, "concerns": 7, "behaviors": 7, "technologies": 5, "issues": 7}
    export_seed_folder(library, Filter(), tmp_path / "seeds")
    assert (tmp_path / "seeds" / real.name).read_bytes() == real.read_bytes()


def test_seed_folder_export_writes_back_every_sample(seeded: Library, tmp_path: Path) -> None:
    count = export_seed_folder(seeded, Filter(), tmp_path / "out")
    assert count == seeded.entries.total()
    for sample in SEEDS.glob("*.txt"):
        assert (tmp_path / "out" / sample.name).read_bytes() == sample.read_bytes()


def test_failed_export_leaves_no_file(seeded: Library, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous export")

    def cancelled() -> bool:
        return True

    with pytest.raises(Exception, match="cancelled"):
        export_json(seeded, Filter(), target, cancelled=cancelled)
    assert target.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def _document(seeded: Library, tmp_path: Path) -> dict:
    return _export(seeded, tmp_path / "base.json")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a Curator export"),
        (lambda d: d.update(version=2), "version 2"),
        (lambda d: d["entries"][1].pop("summary"), "entry 2 .*missing key 'summary'"),
        (lambda d: d["entries"][0].update(colour="red"), "entry 1 .*colour"),
        (lambda d: d["entries"][0]["signals"][0].update(relevancy=9),
         r"entry 1 \(\w+\): Signal 1 '[^']+': relevancy must be a whole number from 1 to 5$"),
        (lambda d: d["entries"][0]["signals"][0].update(relevancy="3"),
         r"entry 1 \(\w+\): Signal 1 '[^']+': relevancy must be a whole number from 1 to 5$"),
        (lambda d: d["entries"][0].update(keywords="one"),
         r"entry 1 \(\w+\): Keywords must be a list$"),
        (lambda d: d["entries"][0].update(title=""), r"entry 1 \(\w+\): Title must not be empty$"),
        (lambda d: d["entries"][0].update(url="javascript:alert(1)"),
         r"entry 1 \(\w+\): Link must start with http:// or https://$"),
        (lambda d: d.update(count=99), "says it holds 99"),
    ],
)
def test_bad_exchange_files_are_refused(seeded, tmp_path: Path, mutate, message: str) -> None:
    document = _document(seeded, tmp_path)
    mutate(document)
    with pytest.raises(ExchangeError, match=message):
        read_json(json.dumps(document).encode())


def test_refused_file_stores_nothing(seeded: Library, tmp_path: Path) -> None:
    document = _document(seeded, tmp_path)
    document["entries"][-1]["issues"] = [{"bad": True}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with Library(tmp_path / "empty.db") as empty:
        report = import_paths(empty, [bad])
        assert report.failed == 1 and empty.entries.total() == 0
        assert str(report.failures[0]).endswith(
            "): Issue 1: relevancy must be a whole number from 1 to 5")


def test_malformed_json_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match="line 2: not valid JSON"):
        read_json(b'{"format": "curator-entries",\n "version": 1,,}')


def test_schema_describes_the_export() -> None:
    schema = export_schema()
    assert set(schema["required"]) >= {"format", "version", "entries", "count"}
    entry = schema["$defs"]["Entry"]
    assert set(entry["properties"]) == set(ENTRY_KEYS)
    assert schema["$defs"]["Signal"]["properties"]["relevancy"]["maximum"] == 5


def _cancel_after(files: int):
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > files

    return cancelled


def test_a_cancelled_seed_folder_export_leaves_the_folder_as_it_was(seeded: Library,
                                                                    tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "mine.txt").write_text("the analyst's own file")
    sample = next(SEEDS.glob("*.txt"))
    (folder / sample.name).write_text("an earlier export of it")
    with pytest.raises(Exception, match="no file was written"):
        export_seed_folder(seeded, Filter(), folder, cancelled=_cancel_after(3))
    assert sorted(p.name for p in folder.iterdir()) == sorted(["mine.txt", sample.name])
    assert (folder / sample.name).read_text() == "an earlier export of it"
    # A folder the export made is taken away again.
    with pytest.raises(Exception, match="no file was written"):
        export_seed_folder(seeded, Filter(), tmp_path / "new", cancelled=_cancel_after(3))
    assert not (tmp_path / "new").exists()


def test_a_seed_folder_export_that_fails_half_way_leaves_nothing(
        seeded: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {"n": 0}
    seed_text = seeded.entries.seed_text

    def failing(entry_id: str) -> str:
        texts["n"] += 1
        if texts["n"] > 2:
            raise OSError(28, "No space left on device")
        return seed_text(entry_id)

    monkeypatch.setattr(seeded.entries, "seed_text", failing)
    with pytest.raises(OSError):
        export_seed_folder(seeded, Filter(), tmp_path / "out")
    assert not (tmp_path / "out").exists()
