"""write_export: the one function the export dialog's task and `curator export` call."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from curator.cli import main
from curator.core.export_request import ExportRequest, write_export, write_failure
from curator.core.outputs import OutputOptions
from curator.core.store import Filter, Library


def _written(fmt: str, target: Path) -> int:
    """How many entries the file (or folder) written in a format holds, read back."""
    if fmt == "json":
        return len(json.loads(target.read_text(encoding="utf-8"))["entries"])
    if fmt == "seed":
        return len(list(target.glob("*.txt")))
    if fmt == "csv":
        with (target / "entries.csv").open(encoding="utf-8", newline="") as handle:
            return len(list(csv.DictReader(handle)))
    if fmt == "xlsx":
        book = load_workbook(target, read_only=True)
        rows = len(list(book["Entries"].iter_rows())) - 1
        book.close()
        return rows
    return target.read_text(encoding="utf-8").count('<div class="entry"')


@pytest.mark.parametrize("fmt, name", [("json", "out.json"), ("seed", "seeds"),
                                       ("csv", "sheets"), ("xlsx", "out.xlsx"),
                                       ("html", "out.html")])
def test_every_format_but_pdf_is_written_by_the_core(seeded: Library, tmp_path: Path,
                                                     fmt: str, name: str) -> None:
    seeded.edits.set_status(seeded.entries.ids(Filter())[:3], "approved")
    request = ExportRequest(statuses=frozenset({"approved"}), format=fmt,  # type: ignore[arg-type]
                            destination=tmp_path / name)
    seen: list[tuple[int, int]] = []
    count = write_export(seeded, request.to_filter(), request,
                         progress=lambda done, total: seen.append((done, total)))
    assert count == 3 == _written(fmt, tmp_path / name)
    assert seen[-1] == (3, 3)


def test_pdf_goes_to_the_writer_given(seeded: Library, tmp_path: Path) -> None:
    options = OutputOptions(min_relevancy=3, title="Weekly")
    request = ExportRequest(format="pdf", destination=tmp_path / "r.pdf", options=options)
    with pytest.raises(ValueError, match="PDF writer"):
        write_export(seeded, Filter(), request)
    calls = []

    def pdf(library, flt, destination, options, /, *, progress=None, cancelled=None) -> int:
        calls.append((library, flt, destination, options))
        return 7

    assert write_export(seeded, Filter(search="x"), request, pdf=pdf) == 7
    assert calls == [(seeded, Filter(search="x"), tmp_path / "r.pdf", options)]


def test_an_unknown_format_is_refused(seeded: Library, tmp_path: Path) -> None:
    request = ExportRequest(format="docx", destination=tmp_path / "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown export format 'docx'"):
        write_export(seeded, Filter(), request)
    assert not (tmp_path / "x").exists()


def test_failure_names_the_destination_and_what_is_left(tmp_path: Path) -> None:
    error = OSError(28, "No space left on device", str(tmp_path / ".out.xlsx.1a2b.part"))
    text = write_failure(ExportRequest(format="xlsx", destination=tmp_path / "out.xlsx"), error)
    assert text == (f"could not write to {tmp_path / 'out.xlsx'}: No space left on device. "
                    "No file was written.")
    seed = write_failure(ExportRequest(format="seed", destination=tmp_path), error)
    assert seed.endswith("No file was written.")  # the folder is filled only at the end


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_command_line_and_request_write_the_same(seeded: Library, tmp_path: Path,
                                                 fmt: str) -> None:
    """`curator export` is the same request through the same function as the dialog's."""
    seeded.edits.set_status(seeded.entries.ids(Filter())[:2], "rejected")
    options = OutputOptions(min_relevancy=3, sections=("signals", "issues"), bom=True)
    request = ExportRequest(scope="filter", statuses=frozenset({"new"}), format=fmt,
                            destination=tmp_path / "core", options=options)
    write_export(seeded, request.to_filter(Filter(search="energy")), request)
    assert main(["export", "--db", str(seeded.path), "--output", str(tmp_path / "cli"),
                 "--format", fmt, "--status", "new", "--search", "energy",
                 "--min-relevancy", "3", "--section", "issues", "--section", "signals",
                 "--bom"]) == 0
    if fmt == "csv":
        for name in ("entries.csv", "items.csv"):
            assert (tmp_path / "cli" / name).read_bytes() == \
                (tmp_path / "core" / name).read_bytes()
    else:
        # The report says when it was made, to the minute: compare everything else.
        def body(path: Path) -> str:
            return path.read_text(encoding="utf-8").split("</p>", 1)[1]
        assert body(tmp_path / "cli") == body(tmp_path / "core")
