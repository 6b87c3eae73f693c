"""CSV and XLSX exports, read back with Python's csv module and openpyxl."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from curator.core.exchange import Cancelled
from curator.core.importer import import_paths
from curator.core.model import SECTIONS
from curator.core.outputs import OutputOptions
from curator.core.reader import read_seed
from curator.core.spreadsheets import ITEM_HEAD, ITEM_TAIL, export_csv, export_xlsx
from curator.core.store import Filter, Library
from tests.conftest import DATA, SHARED_SEEDS

REAL_SEED = SHARED_SEEDS / "000_f48d74622ee2fccd.txt"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sheet_rows(path: Path, name: str) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    return rows


def _all_items(library: Library) -> list[tuple[str, str, int, int]]:
    """(entry id, section, 1-based position, relevancy) of every item, from the entries."""
    found = []
    for entry in library.entries.iter_dicts(Filter()):
        for section in SECTIONS:
            for position, item in enumerate(entry[section], start=1):
                found.append((entry["id"], section, position, item["relevancy"]))
    return sorted(found)


def test_csv_has_every_entry_and_item(seeded: Library, tmp_path: Path) -> None:
    count = export_csv(seeded, Filter(), tmp_path / "out")
    entries = _csv(tmp_path / "out" / "entries.csv")
    items = _csv(tmp_path / "out" / "items.csv")
    assert count == len(entries) == seeded.entries.total()
    assert {row["id"] for row in entries} == set(seeded.entries.ids(Filter()))
    assert sorted((r["entry_id"], r["section"], int(r["position"]), int(r["relevancy"]))
                  for r in items) == _all_items(seeded)
    first = seeded.entries.get(entries[0]["id"])
    assert entries[0]["title"] == first.title
    assert entries[0]["keywords"] == "; ".join(first.keywords)
    assert int(entries[0]["n_signals"]) == len(first.signals)
    assert list(items[0]) == [*ITEM_HEAD, "name", "description", "change", "ten_year",
                              "driving_force", "src", *ITEM_TAIL]


def test_csv_is_rfc4180_with_an_optional_bom(seeded: Library, tmp_path: Path) -> None:
    export_csv(seeded, Filter(), tmp_path / "plain")
    export_csv(seeded, Filter(), tmp_path / "bom", OutputOptions(bom=True))
    plain = (tmp_path / "plain" / "items.csv").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf") and plain.split(b"\n")[0].endswith(b"\r")
    with_bom = (tmp_path / "bom" / "entries.csv").read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert with_bom[3:] == (tmp_path / "plain" / "entries.csv").read_bytes()


def test_csv_keeps_multiline_text_and_markup_as_is(library: Library, tmp_path: Path) -> None:
    import_paths(library, [DATA / "variants" / "html_text.txt",
                           DATA / "variants" / "summary_paragraphs.txt"])
    export_csv(library, Filter(), tmp_path / "out")
    rows = {row["id"]: row for row in _csv(tmp_path / "out" / "entries.csv")}
    for entry_id, row in rows.items():
        entry = library.entries.get(entry_id)
        assert row["summary"] == entry.summary and row["title"] == entry.title
    assert any("\n" in row["summary"] for row in rows.values())
    assert any("<script>" in row["title"] for row in rows.values())


def test_min_relevancy_and_sections_limit_the_items(seeded: Library, tmp_path: Path) -> None:
    options = OutputOptions(min_relevancy=4, sections=("signals", "issues"))
    export_csv(seeded, Filter(), tmp_path / "out", options)
    items = _csv(tmp_path / "out" / "items.csv")
    expected = [i for i in _all_items(seeded) if i[3] >= 4 and i[1] in ("signals", "issues")]
    assert sorted((r["entry_id"], r["section"], int(r["position"]), int(r["relevancy"]))
                  for r in items) == expected
    entries = _csv(tmp_path / "out" / "entries.csv")
    assert len(entries) == seeded.entries.total() and "n_concerns" not in entries[0]


def test_last_reason_and_reviewed_are_exported(seeded: Library, tmp_path: Path) -> None:
    entry_id = seeded.entries.ids(Filter())[0]
    seeded.edits.set_relevancies([(entry_id, "signals", 0, 1)], reason="first try")
    seeded.edits.set_relevancies([(entry_id, "signals", 0, 2)], reason="too low before")
    seeded.items.set_reviewed([(entry_id, "signals", 0)])
    export_csv(seeded, Filter(ids=frozenset({entry_id})), tmp_path / "out")
    export_xlsx(seeded, Filter(ids=frozenset({entry_id})), tmp_path / "out.xlsx")
    row = next(r for r in _csv(tmp_path / "out" / "items.csv")
               if r["section"] == "signals" and r["position"] == "1")
    assert (row["relevancy"], row["reviewed"], row["last_reason"]) == \
        ("2", "true", "too low before")
    header, first, *_ = _sheet_rows(tmp_path / "out.xlsx", "Signals")
    cells = dict(zip(header, first, strict=True))
    assert (cells["Relevancy"], cells["Reviewed"], cells["Last reason"]) == \
        (2, True, "too low before")


def test_xlsx_sheets_rows_and_numbers(seeded: Library, tmp_path: Path) -> None:
    count = export_xlsx(seeded, Filter(), tmp_path / "out.xlsx")
    assert count == seeded.entries.total()
    book = load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == ["Entries", "Signals", "Concerns", "Behaviors", "Technologies",
                               "Issues"]
    entries = book["Entries"]
    assert entries.freeze_panes == "A2" and entries.auto_filter.ref
    assert entries.max_row == seeded.entries.total() + 1
    assert [c.value for c in entries[1]] == [
        "ID", "Title", "Page", "URL", "Status", "Category", "Type", "Keywords", "Themes",
        "Summary", "Notes", "Signals", "Concerns", "Behaviors", "Technologies", "Issues"]
    url_row = next(r for r in entries.iter_rows(min_row=2) if r[3].value)
    assert url_row[3].hyperlink is not None and url_row[3].hyperlink.target == url_row[3].value
    book.close()
    items = _all_items(seeded)
    for section in SECTIONS:
        header, *rows = _sheet_rows(tmp_path / "out.xlsx", section.capitalize())
        assert header[:3] == ("Entry ID", "Entry title", "Position")
        score = header.index("Relevancy")
        assert all(isinstance(row[score], int) and isinstance(row[2], int) for row in rows)
        assert sorted((r[0], section, r[2], r[score]) for r in rows) == \
            [i for i in items if i[1] == section]


def test_xlsx_keeps_formula_like_text_as_text(library: Library, tmp_path: Path) -> None:
    import_paths(library, [DATA / "variants" / "html_text.txt"])
    entry = library.entries.get(library.entries.ids(Filter())[0])
    edited = entry.model_copy(update={"notes": "=HYPERLINK(\"http://x\")", "summary": "+1"})
    library.edits.save_entry(edited, library.entries.version(entry.id))
    export_xlsx(library, Filter(), tmp_path / "out.xlsx")
    book = load_workbook(tmp_path / "out.xlsx")
    row = [c for c in book["Entries"][2]]
    header = [c.value for c in book["Entries"][1]]
    assert row[header.index("Notes")].data_type == "s"
    assert row[header.index("Notes")].value == "=HYPERLINK(\"http://x\")"
    assert row[header.index("Summary")].value == "+1"
    book.close()


def test_xlsx_splits_a_section_past_the_row_limit(seeded: Library, tmp_path: Path) -> None:
    export_xlsx(seeded, Filter(), tmp_path / "out.xlsx", max_rows=11)
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    signals = [name for name in book.sheetnames if name.startswith("Signals")]
    book.close()
    expected = [i for i in _all_items(seeded) if i[1] == "signals"]
    assert len(signals) == -(-len(expected) // 10) > 1
    assert signals[1] == "Signals (2)"
    rows = []
    for name in signals:
        header, *part = _sheet_rows(tmp_path / "out.xlsx", name)
        assert header[0] == "Entry ID" and len(part) <= 10
        rows += part
    assert sorted((r[0], "signals", r[2], r[header.index("Relevancy")]) for r in rows) == expected


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_real_seed_gives_31_items_with_their_scores(library: Library, tmp_path: Path,
                                                    fmt: str) -> None:
    if not REAL_SEED.exists():
        pytest.skip("the real seed is not beside this checkout")
    import_paths(library, [REAL_SEED])
    entry = read_seed(REAL_SEED.read_bytes(), REAL_SEED.name).entry
    expected = sorted((section, position, item.relevancy) for section in SECTIONS
                      for position, item in enumerate(entry.items(section), start=1))
    assert len(expected) == 31
    if fmt == "csv":
        export_csv(library, Filter(), tmp_path / "out")
        got = [(r["section"], int(r["position"]), int(r["relevancy"]))
               for r in _csv(tmp_path / "out" / "items.csv")]
    else:
        export_xlsx(library, Filter(), tmp_path / "out.xlsx")
        got = []
        for section in SECTIONS:
            header, *rows = _sheet_rows(tmp_path / "out.xlsx", section.capitalize())
            got += [(section, r[2], r[header.index("Relevancy")]) for r in rows]
    assert sorted(got) == expected


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cancelled_export_leaves_nothing_under_the_name(seeded: Library, tmp_path: Path,
                                                       fmt: str) -> None:
    target = tmp_path / ("out" if fmt == "csv" else "out.xlsx")
    if fmt == "xlsx":
        target.write_bytes(b"previous")
    with pytest.raises(Cancelled):
        (export_csv if fmt == "csv" else export_xlsx)(seeded, Filter(), target,
                                                     cancelled=lambda: True)
    if fmt == "csv":
        assert not target.exists()  # the folder was made for this export: it goes too
        (target / "entries.csv").parent.mkdir()
        (target / "entries.csv").write_text("previous")
        with pytest.raises(Cancelled):
            export_csv(seeded, Filter(), target, cancelled=lambda: True)
        assert [p.name for p in target.iterdir()] == ["entries.csv"]
        assert (target / "entries.csv").read_text() == "previous"
    else:
        assert target.read_bytes() == b"previous"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_progress_reaches_the_total(seeded: Library, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_xlsx(seeded, Filter(), tmp_path / "out.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (seeded.entries.total(), seeded.entries.total())
