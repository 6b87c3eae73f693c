"""`curator export --format csv|xlsx|html|pdf` with its options."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from curator import cli
from curator.cli import main
from curator.core.model import SECTIONS
from curator.core.store import Filter, Library
from tests.conftest import SEEDS


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.db"
    assert main(["import", "--db", str(path), str(SEEDS)]) == 0
    return path


def test_sections_match_the_model() -> None:
    assert cli.SECTIONS == SECTIONS


def test_csv_to_a_folder_with_options(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "csv"
    args = ["export", "--db", str(db), "--output", str(out), "--format", "csv",
            "--min-relevancy", "4", "--section", "signals", "--bom"]
    assert main(args) == 0
    assert "exported 8 entries" in capsys.readouterr().err
    text = (out / "items.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(text[1:].splitlines()))
    with Library(db) as library:
        expected = sum(1 for e in library.entries.iter_dicts(Filter())
                       for i in e["signals"] if i["relevancy"] >= 4)
    assert len(rows) == expected and {r["section"] for r in rows} == {"signals"}


def test_xlsx_and_html_to_a_file(db: Path, tmp_path: Path) -> None:
    with Library(db) as library:
        library.edits.set_status(library.entries.ids(Filter())[:3], "approved")
    xlsx, html = tmp_path / "out.xlsx", tmp_path / "out.html"
    assert main(["export", "--db", str(db), "--output", str(xlsx), "--format", "xlsx",
                 "--status", "approved"]) == 0
    book = load_workbook(xlsx, read_only=True)
    assert len(list(book["Entries"].iter_rows())) == 4
    book.close()
    assert main(["export", "--db", str(db), "--output", str(html), "--format", "html",
                 "--group-by", "status", "--title", "Weekly <brief>"]) == 0
    page = html.read_text(encoding="utf-8")
    assert "<h1>Weekly &lt;brief&gt;</h1>" in page
    assert page.index("Status: new") < page.index("Status: approved")


def test_pdf_in_a_fresh_process(db: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "out.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "curator.cli", "export", "--db", str(db), "--output", str(out),
         "--format", "pdf"], capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    words = set(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    # Every title is checked by the report's own PDF tests; here, that the command made it.
    assert {"Cities", "Roll", "Cool", "Roof", "Mandates", "Heatwaves"} <= words


def test_unwritable_output_is_a_clear_message(db: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "missing" / "out.xlsx"
    assert main(["export", "--db", str(db), "--output", str(target), "--format", "xlsx"]) == 2
    err = capsys.readouterr().err
    assert f"could not write to {target}" in err and "No file was written." in err
