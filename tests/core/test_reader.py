"""Reading seed text: the real seed, the samples, every variant the format allows, rejects."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from curator.core.errors import ParseError
from curator.core.identity import entry_id_for
from curator.core.model import SECTIONS, Entry, Signal
from curator.core.reader import read_seed
from curator.core.writer import write_seed
from tests.conftest import DATA, SEEDS

VARIANTS = DATA / "variants"
REJECTS = DATA / "rejects"
REAL_SEED = "000_f48d74622ee2fccd.txt"

# The repo is checked out beside a `shared/` folder that holds the real seed export.
SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _read(path: Path):
    return read_seed(path.read_bytes(), path.name)


def _content(entry: Entry) -> dict:
    """What a file says, without what depends on its name or bytes (id, source)."""
    return entry.model_dump(exclude={"id", "source"})


def _variant(name: str) -> Entry:
    result = _read(VARIANTS / name)
    return result.entry


# The LF, UTF-8 file the other layout variants were made from (it ends with a newline).
BASE = "trailing_newline.txt"


# -- the real seed -------------------------------------------------------------


@pytest.fixture(scope="module")
def real_seed() -> Path:
    path = SHARED_SEEDS / REAL_SEED
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"no shared seed folder at {SHARED_SEEDS}")
    return path


@pytest.fixture(scope="module")
def real_entry(real_seed: Path) -> Entry:
    return _read(real_seed).entry


def test_real_seed_title_and_page(real_entry: Entry) -> None:
    assert real_entry.title == "Mistral AI Releases Mixtral 8x7B: A New High-Performance Open Model"
    assert real_entry.page == "20221217"


def test_real_seed_id_comes_from_its_name(real_entry: Entry) -> None:
    assert real_entry.id == "f48d74622ee2fccd"


def test_real_seed_link_is_bare(real_entry: Entry) -> None:
    assert real_entry.url is None


def test_real_seed_section_counts(real_entry: Entry) -> None:
    counts = {section: len(real_entry.items(section)) for section in SECTIONS}
    assert counts == {"signals": 5, "concerns": 7, "behaviors": 7, "technologies": 5, "issues": 7}


def test_real_seed_keywords_themes_other(real_entry: Entry) -> None:
    assert real_entry.keywords == [
        "Mixtral", "SMoE", "AI models", "open weights", "model performance", "benchmarks",
        "instruction-following",
    ]
    assert real_entry.themes == [
        "AI", "machine learning", "open-source", "model performance", "language models",
    ]
    assert real_entry.other == {"Category": "technology", "Type": "blog post"}
    assert (real_entry.category, real_entry.type) == ("technology", "blog post")


def test_real_seed_summary_is_one_paragraph(real_entry: Entry) -> None:
    assert real_entry.summary.startswith("On December 11, 2023, Mistral AI announced")
    assert real_entry.summary.endswith("fostering community innovation.")
    assert "\n" not in real_entry.summary


def test_real_seed_cells_land_in_their_fields(real_entry: Entry) -> None:
    first = real_entry.signals[0]
    assert first.name == "Emergence of Sparse Mixture-of-Experts Models"
    assert first.ten_year.startswith("AI models will be predominantly sparse")
    assert first.driving_force.startswith("The need for cost-effective")
    assert (first.relevancy, first.relevancy_imported) == (4, 4)
    technology = real_entry.technologies[0]
    assert technology.src == "0f7479f2860fa9f788a9ceabcb961bb9"
    assert technology.relevancy == 5
    assert "\u2019" in real_entry.signals[1].description  # "AI’s": UTF-8 decoded, not mangled


def test_real_seed_reads_without_warnings(real_seed: Path) -> None:
    assert _read(real_seed).warnings == []


def test_every_shared_seed_writes_back_byte_identical(real_seed: Path) -> None:
    paths = sorted(SHARED_SEEDS.glob("*.txt"))
    assert real_seed in paths
    for path in paths:
        data = path.read_bytes()
        assert write_seed(read_seed(data, path.name).entry).encode("utf-8") == data, path.name


# -- the sample seeds ----------------------------------------------------------

SAMPLES = sorted(SEEDS.glob("*.txt"))


def test_there_are_sample_seeds() -> None:
    assert len(SAMPLES) >= 1


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_reads_without_warnings(path: Path) -> None:
    result = _read(path)
    assert result.warnings == []
    assert result.entry.id == path.stem.split("_", 1)[1]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_writes_back_byte_identical(path: Path) -> None:
    data = path.read_bytes()
    assert write_seed(read_seed(data, path.name).entry).encode("utf-8") == data


# -- variants: each reads ------------------------------------------------------

VARIANT_FILES = sorted(VARIANTS.glob("*.txt"))


def test_there_are_variants() -> None:
    assert len(VARIANT_FILES) >= 18


@pytest.mark.parametrize("path", VARIANT_FILES, ids=lambda p: p.name)
def test_variant_reads_and_round_trips_through_the_writer(path: Path) -> None:
    entry = _read(path).entry
    assert entry.title
    again = read_seed(write_seed(entry).encode("utf-8"), path.name).entry
    assert _content(again) == _content(entry)


# -- variants: what each must produce ------------------------------------------


@pytest.mark.parametrize("name", ["crlf.txt", "bom.txt", "tabs.txt", "reordered_sections.txt",
                                  "reordered_columns.txt"])
def test_layout_variant_gives_the_same_entry_as_the_lf_file(name: str) -> None:
    assert _content(_variant(name)) == _content(_variant(BASE))


def test_base_variant_is_complete() -> None:
    # The comparisons above mean something only if the base file has every section filled.
    entry = _variant(BASE)
    assert entry.title == "Coastal Towns Pilot Voluntary Buyouts Ahead of Sea-Level Rise"
    assert entry.page == "20230610"
    assert entry.keywords == ["managed retreat", "sea-level rise", "climate adaptation"]
    assert entry.themes == ["climate change", "housing"]
    assert entry.other == {"Category": "environment", "Type": "news article"}
    assert entry.summary.startswith("Three coastal towns")
    counts = {section: len(entry.items(section)) for section in SECTIONS}
    assert counts == {"signals": 2, "concerns": 2, "behaviors": 1, "technologies": 1, "issues": 2}


def test_crlf_leaves_no_carriage_return() -> None:
    result = _read(VARIANTS / "crlf.txt")
    assert b"\r\n" in (VARIANTS / "crlf.txt").read_bytes()
    assert "\r" not in result.text
    assert "\r" not in result.entry.summary
    assert all("\r" not in item.name for item in result.entry.signals)


def test_bom_is_not_part_of_the_title() -> None:
    assert (VARIANTS / "bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    result = _read(VARIANTS / "bom.txt")
    assert result.entry.title == "Coastal Towns Pilot Voluntary Buyouts Ahead of Sea-Level Rise"
    assert "\ufeff" not in result.entry.title
    assert not result.text.startswith("\ufeff")


def test_cp1252_is_decoded_and_reported() -> None:
    result = _read(VARIANTS / "cp1252.txt")
    assert result.entry.title == "Café coopératif “La Récolte” lève 250 000 € pour le solaire"
    assert "Windows-1252" in " ".join(result.warnings)


def test_cp1252_decodes_every_special_character() -> None:
    entry = _variant("cp1252.txt")
    assert "l’équipe" in entry.summary
    assert "« presque trop facile »" in entry.summary
    assert entry.concerns[0].name == "Dépendance au crédit"
    assert "marge – surtout" in entry.concerns[0].description
    assert entry.concerns[1].description.endswith("en un an…")


def test_cp1252_text_equals_its_windows_1252_decoding() -> None:
    data = (VARIANTS / "cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert _read(VARIANTS / "cp1252.txt").text == data.decode("cp1252")


def test_tabs_items_are_parsed() -> None:
    entry = _variant("tabs.txt")
    assert entry.keywords == ["managed retreat", "sea-level rise", "climate adaptation"]
    assert entry.other == {"Category": "environment", "Type": "news article"}
    assert [s.name for s in entry.signals] == ["Managed Retreat Goes Local",
                                               "Marsh Restoration on Bought Land"]
    assert [c.relevancy for c in entry.concerns] == [4, 3]


def test_reordered_sections_are_all_read() -> None:
    entry = _variant("reordered_sections.txt")
    assert entry.keywords and entry.themes and entry.other and entry.summary
    assert all(entry.items(section) for section in SECTIONS)


def test_reordered_columns_land_in_their_fields() -> None:
    entry = _variant("reordered_columns.txt")
    assert [(c.name, c.relevancy) for c in entry.concerns] == [
        ("Loss of Community", 4), ("Shrinking Tax Base", 3)]
    assert entry.concerns[0].description == "Relocation may break up long-standing neighbourhoods."
    technology = entry.technologies[0]
    assert technology.src == "f7829f5b82eb6db148d5ea9ffe027f38"
    assert technology.description == ("High-resolution flood risk models at the level of "
                                      "single parcels.")
    assert technology.relevancy == 4
    assert entry.concerns[0].extra == {} and technology.extra == {}


def test_unknown_column_is_kept_in_extra() -> None:
    entry = _variant("unknown_columns.txt")
    assert [s.extra for s in entry.signals] == [{"confidence": "medium"}, {"confidence": "high"}]
    # Known columns still fill their fields.
    assert entry.signals[0].relevancy == 4
    assert entry.signals[0].driving_force == "Rising flood insurance costs and repeated damage."


def test_unknown_column_is_reported() -> None:
    warnings = _read(VARIANTS / "unknown_columns.txt").warnings
    assert any("confidence" in w and "signals" in w for w in warnings)


def test_unknown_bullet_section_is_kept() -> None:
    extras = {s.name: s for s in _variant("unknown_section.txt").extra_sections}
    assert extras["Regions"].columns == []
    assert extras["Regions"].rows == [["Europe"], ["North America"]]


def test_unknown_table_section_is_kept() -> None:
    extras = {s.name: s for s in _variant("unknown_section.txt").extra_sections}
    assert extras["Stakeholders"].columns == ["name", "role"]
    assert extras["Stakeholders"].rows == [
        ["Homeowners", "Decide whether to accept a buyout offer."],
        ["Town council", "Runs the scheme and rezones vacated land."],
    ]


def test_unknown_sections_do_not_disturb_known_ones() -> None:
    entry = _variant("unknown_section.txt")
    assert entry.model_dump(exclude={"id", "source", "extra_sections"}) == \
        _variant(BASE).model_dump(exclude={"id", "source", "extra_sections"})


def test_unknown_sections_are_reported() -> None:
    warnings = _read(VARIANTS / "unknown_section.txt").warnings
    assert any("Regions" in w for w in warnings)
    assert any("Stakeholders" in w for w in warnings)


def test_missing_section_gives_an_empty_list() -> None:
    entry = _variant("missing_section.txt")
    assert entry.behaviors == []
    assert len(entry.signals) == 2 and len(entry.issues) == 2


def test_empty_table_gives_an_empty_list() -> None:
    entry = _variant("empty_table.txt")
    assert entry.concerns == []
    assert len(entry.behaviors) == 1


@pytest.mark.parametrize(("name", "url"), [
    ("link_same_line.txt", "https://example.org/coast/buyouts"),
    ("link_colon.txt", "https://example.org/coast/buyouts?id=7&lang=en"),
    ("link_next_line.txt", "https://example.org/coast/buyouts"),
])
def test_link_variant_gives_the_url(name: str, url: str) -> None:
    assert url in (VARIANTS / name).read_text(encoding="utf-8")
    entry = _variant(name)
    assert entry.url == url
    assert "Link" not in entry.other


def test_link_on_the_next_line_is_not_text_before_a_section() -> None:
    entry = _variant("link_next_line.txt")
    assert entry.keywords == _variant(BASE).keywords


def test_bare_link_gives_no_url() -> None:
    assert _variant(BASE).url is None


def test_no_page_gives_none() -> None:
    entry = _variant("no_page.txt")
    assert entry.page is None
    assert entry.title == "Coastal Towns Pilot Voluntary Buyouts Ahead of Sea-Level Rise"


def test_summary_paragraphs_are_kept() -> None:
    summary = _variant("summary_paragraphs.txt").summary
    paragraphs = summary.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Three coastal towns")
    assert paragraphs[1].startswith("Uptake has been highest among retirees")
    assert paragraphs[2].startswith("Planners say the land")
    assert all("\n" not in p for p in paragraphs)


def test_html_title_and_summary_are_kept_literally() -> None:
    entry = _variant("html_text.txt")
    assert entry.title == "Flood Portal <em>Relaunch</em> &amp; Feedback <script>x</script>"
    assert "<script>alert(1)</script>" in entry.summary
    assert "R&amp;D" in entry.summary and "&lt;soon&gt; &#x27;ok&#x27;." in entry.summary


def test_html_cells_are_kept_literally() -> None:
    concerns = _variant("html_text.txt").concerns
    assert concerns[0].name == "<img src=x onerror=alert(1)>"
    assert concerns[0].description == (
        'Text like </td></tr><tr><td> or <a href="javascript:alert(1)">link</a> is just text.')
    assert concerns[1].description == ("A literal &amp; must stay &amp;, and &lt;b&gt; must not "
                                       "become <b>.")


def test_any_script_is_kept() -> None:
    entry = _variant("any_script.txt")
    assert entry.title == "沿海城市的适应 — التكيف الساحلي — तटीय अनुकूलन 🌊"
    assert entry.keywords[:3] == ["海平面上升", "التكيف مع المناخ", "जलवायु अनुकूलन"]
    assert "🌊🏙️🌱" in entry.summary
    assert entry.signals[0].name == "海绵城市"


def test_trailing_newline_is_not_part_of_the_last_cell() -> None:
    assert (VARIANTS / BASE).read_bytes().endswith(b"|\n")
    entry = _variant(BASE)
    assert entry.issues[-1].relevancy == 4
    assert entry.issues[-1].extra == {}


# -- rejects -------------------------------------------------------------------

REJECT_LINES = {
    "no_title.txt": 1,
    "empty_title.txt": 1,
    "relevancy_zero.txt": 68,
    "relevancy_six.txt": 68,
    "relevancy_text.txt": 68,
    "relevancy_decimal.txt": 68,
    "cell_count.txt": 43,
    "empty.txt": None,
    "whitespace_only.txt": None,
    "binary.bin.txt": None,
    "not_a_seed.txt": None,
    "json_as_text.txt": None,
    "control_at_edge.txt": 3,
    "two_link_lines.txt": 3,
    "link_indented.txt": 3,
}
"""The line each reject names, from tests/data/README.md (None: the whole file is wrong)."""


def test_every_reject_has_an_expected_line() -> None:
    assert sorted(p.name for p in REJECTS.iterdir()) == sorted(REJECT_LINES)


@pytest.mark.parametrize(("name", "line"), sorted(REJECT_LINES.items()))
def test_reject_raises_parse_error_with_its_line(name: str, line: int | None) -> None:
    with pytest.raises(ParseError) as caught:
        _read(REJECTS / name)
    assert caught.value.line == line
    if line is None:  # an empty or binary file: no line would mean anything
        assert str(caught.value) == caught.value.message
    else:
        assert str(caught.value) == f"line {line}: {caught.value.message}"


@pytest.mark.parametrize("name", ["relevancy_zero.txt", "relevancy_six.txt",
                                  "relevancy_text.txt", "relevancy_decimal.txt"])
def test_relevancy_reject_says_what_is_wrong(name: str) -> None:
    with pytest.raises(ParseError, match="relevancy"):
        _read(REJECTS / name)


def test_cell_count_reject_names_both_counts() -> None:
    with pytest.raises(ParseError, match="5 cells.*6"):
        _read(REJECTS / "cell_count.txt")


# -- identity ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["000_f48d74622ee2fccd.txt", "f48d74622ee2fccd.txt",
                                  "export/000_F48D74622EE2FCCD.txt"])
def test_id_comes_from_a_seed_file_name(name: str) -> None:
    assert entry_id_for(name, b"any bytes") == "f48d74622ee2fccd"


@pytest.mark.parametrize("name", ["notes.txt", "000_f48d7462.txt", "000_f48d74622ee2fccd.md",
                                  "000_g48d74622ee2fccd.txt", None])
def test_other_names_hash_the_bytes(name: str | None) -> None:
    data = b"Some title\nExternal link\n"
    assert entry_id_for(name, data) == hashlib.sha256(data).hexdigest()[:16]


def test_read_seed_uses_the_name_for_the_id() -> None:
    data = (VARIANTS / BASE).read_bytes()
    assert read_seed(data, "007_0123456789abcdef.txt").entry.id == "0123456789abcdef"
    assert read_seed(data, BASE).entry.id == hashlib.sha256(data).hexdigest()[:16]


def test_read_seed_records_the_source() -> None:
    data = (VARIANTS / BASE).read_bytes()
    source = read_seed(data, BASE).entry.source
    assert source.file == BASE
    assert source.sha256 == hashlib.sha256(data).hexdigest()


# -- size and cell text --------------------------------------------------------


def test_thousands_of_rows_are_read() -> None:
    signals = [
        Signal(name=f"signal {i}", description=f"row {i}", change="c", ten_year="t",
               driving_force="d", relevancy=i % 5 + 1, relevancy_imported=i % 5 + 1)
        for i in range(5000)
    ]
    entry = Entry(id="0123456789abcdef", title="Many rows", signals=signals)
    read = read_seed(write_seed(entry).encode("utf-8"), "0123456789abcdef.txt").entry
    assert len(read.signals) == 5000
    assert read.signals[4999] == signals[4999]


def _with_concern_cells(name: str, description: str) -> bytes:
    text = (VARIANTS / BASE).read_text(encoding="utf-8")
    old = ("      | Loss of Community | \n"
           "      Relocation may break up long-standing neighbourhoods. | \n")
    assert old in text
    return text.replace(old, f"      | {name} | \n      {description} | \n").encode("utf-8")


def test_pipe_inside_cell_text_is_kept() -> None:
    entry = read_seed(_with_concern_cells("A | B", "left|right and a | in the middle")).entry
    assert entry.concerns[0].name == "A | B"
    assert entry.concerns[0].description == "left|right and a | in the middle"
    assert entry.concerns[0].relevancy == 4


def test_cell_ending_in_pipe_keeps_it() -> None:
    entry = read_seed(_with_concern_cells("ends with a pipe |", "x")).entry
    assert entry.concerns[0].name == "ends with a pipe |"


def test_html_cell_text_is_kept_literally() -> None:
    entry = read_seed(_with_concern_cells("<td>cell</td>", "&lt;b&gt; <br/> &amp;")).entry
    assert entry.concerns[0].name == "<td>cell</td>"
    assert entry.concerns[0].description == "&lt;b&gt; <br/> &amp;"


def test_control_character_in_a_cell_is_refused_at_its_row() -> None:
    # Written back, such text would read as binary; the model refuses it, the reader says where.
    with pytest.raises(ParseError, match="control characters") as caught:
        read_seed(_with_concern_cells("back\x08space", "x"))
    assert caught.value.line == 61


def test_errors_in_the_link_and_extra_sections_name_their_line() -> None:
    sample = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8").split("\n")
    with_link = "\n".join([sample[0], "External link https://example.org/a\x01b", *sample[2:]])
    with pytest.raises(ParseError) as error:
        read_seed(with_link.encode(), "x.txt")
    assert (error.value.line, error.value.message) == (
        2, "Link must not hold control characters (U+0001 here, invisible)")
    extra = "\n".join([*sample, "Regions", "  - Europe\x02", " "])
    with pytest.raises(ParseError) as error:
        read_seed(extra.encode(), "x.txt")
    assert (error.value.line, error.value.message) == (
        len(sample) + 1,
        "Section 'Regions', row 1: cell must not hold control characters (U+0002 here, invisible)")
