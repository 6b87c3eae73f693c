"""The HTML briefing report, parsed back: every entry and item, grouped, sorted, escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from curator.core.exchange import Cancelled
from curator.core.importer import import_paths
from curator.core.labels import page_label
from curator.core.model import SECTIONS
from curator.core.outputs import OutputOptions
from curator.core.report import export_html, pips, report_html
from curator.core.store import Filter, Library
from tests.conftest import DATA


class _Report(HTMLParser):
    """Collects the report's tags, entry headings, group headings, item rows and text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.entries: list[tuple[str, str]] = []  # (id, title)
        self.groups: list[str] = []
        self.scores: list[list[int]] = [[]]  # per section of an entry, in order
        self.labels: list[str] = []  # bold item labels
        self.text: list[str] = []
        self._entry_id = ""
        self._open: list[tuple[str, dict, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag not in ("br", "meta"):
            self._open.append((tag, attributes, []))
        if tag == "div" and attributes.get("class") == "entry":
            self._entry_id = attributes["data-entry"]
        if tag == "h4":  # a section's items follow, best first
            self.scores.append([])

    def handle_endtag(self, tag: str) -> None:
        _, attributes, parts = self._open.pop()
        text = "".join(parts)
        if tag == "h3":
            self.entries.append((self._entry_id, text))
        elif tag == "h2" and ":" in text:
            self.groups.append(text.split(":", 1)[1].strip())
        elif tag == "span" and attributes.get("class") == "num":
            self.scores[-1].append(int(text))
        elif tag == "b" and self._open and self._open[-1][0] == "td":
            self.labels.append(text)

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)
        self.text.append(data)


def _parse(html: str) -> _Report:
    report = _Report()
    report.feed(html)
    report.close()
    return report


def test_report_has_every_entry_and_item(seeded: Library) -> None:
    html = report_html(seeded, Filter())
    report = _parse(html)
    assert {entry_id for entry_id, _ in report.entries} == set(seeded.entries.ids(Filter()))
    for entry_id, title in report.entries:
        assert title == seeded.entries.get(entry_id).title
    item_count = sum(len(e[s]) for e in seeded.entries.iter_dicts(Filter()) for s in SECTIONS)
    assert sum(len(scores) for scores in report.scores) == item_count
    for scores in report.scores:
        assert scores == sorted(scores, reverse=True)
    assert pips(4) in html and pips(1) == "\u25cf\u25cb\u25cb\u25cb\u25cb"


def test_report_is_self_contained(seeded: Library) -> None:
    html = report_html(seeded, Filter())
    report = _parse(html)
    assert "script" not in report.tags and "img" not in report.tags
    assert "link" not in report.tags and "<style>" in html
    # Nothing is loaded: no src at all; the only links are the entries' own web links.
    assert not re.search(r"<[^>]+\ssrc=", html)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    assert "@import" not in html and "url(" not in html


def test_markup_in_fields_shows_as_text(library: Library) -> None:
    import_paths(library, [DATA / "variants" / "html_text.txt"])
    entry = library.entries.get(library.entries.ids(Filter())[0])
    library.edits.save_entry(entry.model_copy(update={"notes": "<b>bold?</b> & <i>x"}),
                       library.entries.version(entry.id))
    html = report_html(library, Filter())
    report = _parse(html)
    assert report.tags.count("script") == 0 and "i" not in report.tags
    (entry_id, title), = report.entries
    assert title == entry.title and "<script>" in title
    text = "".join(report.text)
    assert entry.summary in text and "<b>bold?</b> & <i>x" in text
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_grouped_by_status_in_workflow_order(seeded: Library) -> None:
    ids = seeded.entries.ids(Filter())
    seeded.edits.set_status(ids[:2], "approved")
    seeded.edits.set_status(ids[2:3], "rejected")
    report = _parse(report_html(seeded, Filter(), OutputOptions(group_by="status")))
    new = seeded.entries.total() - 3
    assert report.groups == [f"new ({new} entries)", "approved (2 entries)",
                             "rejected (1 entry)"]


@pytest.mark.parametrize("group_by", ["category", "theme"])
def test_each_entry_once_under_its_group(seeded: Library, group_by: str) -> None:
    report = _parse(report_html(seeded, Filter(), OutputOptions(group_by=group_by)))
    assert len(report.entries) == len({e for e, _ in report.entries}) == seeded.entries.total()
    names = [g.split(" (")[0] for g in report.groups]
    assert len(names) == len(set(names))
    for entry_id, _ in report.entries:
        entry = seeded.entries.get(entry_id)
        expected = entry.category if group_by == "category" else entry.themes[0]
        assert expected in names


def test_min_relevancy_and_sections(seeded: Library) -> None:
    options = OutputOptions(min_relevancy=4, sections=("concerns",))
    report = _parse(report_html(seeded, Filter(), options))
    expected = sum(1 for e in seeded.entries.iter_dicts(Filter())
                   for i in e["concerns"] if i["relevancy"] >= 4)
    scores = [s for table in report.scores for s in table]
    assert len(scores) == expected and min(scores) >= 4
    text = "".join(report.text)
    assert "Signals" not in text and "Concerns" in text
    assert "items scored 4 or more" in text


def test_report_of_a_filter_names_its_scope(seeded: Library, tmp_path: Path) -> None:
    flt = Filter(include=frozenset({("category", "technology")}))
    count = export_html(seeded, flt, tmp_path / "r.html", OutputOptions(title="Tech <brief>"))
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    report = _parse(html)
    assert count == len(report.entries) == seeded.entries.count(flt)
    assert "<title>Tech &lt;brief&gt;</title>" in html
    assert "category: technology" in "".join(report.text)


def test_cancelled_report_leaves_the_old_file(seeded: Library, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("before")
    with pytest.raises(Cancelled):
        export_html(seeded, Filter(), target, cancelled=lambda: True)
    assert target.read_text() == "before"
    assert [p.name for p in tmp_path.iterdir() if "r.html" in p.name] == ["r.html"]


def test_entry_pages_read_as_the_window_shows_them(seeded: Library) -> None:
    # A scan page that is a date reads as one ("14 Jul 2023", not "page 20230714").
    text = "".join(_parse(report_html(seeded, Filter())).text)
    pages = [e["page"] for e in seeded.entries.iter_dicts(Filter()) if e["page"]]
    assert pages and all(page.isdigit() and len(page) == 8 for page in pages)
    for page in pages:
        assert f"page {page_label(page)}" in text and f"page {page}" not in text
