"""The detail view: what it shows, that entry text stays text, links, sorting, highlights."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QLabel

from curator.core.model import SECTIONS, Concern, Entry, ExtraSection, Signal
from curator.core.reader import read_seed
from curator.core.search_match import search_words
from curator.gui.browse.detail_view import EDIT_TOOLTIP, PLACEHOLDER, DetailView
from curator.gui.browse.section_model import (
    HIGHLIGHT_ROLE,
    LABEL_ROLE,
    PARTS_ROLE,
    extra_section_model,
    section_model,
)
from curator.gui.widgets.cell_delegates import TextDelegate, relevancy_colour
from curator.gui.widgets.highlight import HIGHLIGHT_BACKGROUND

REPO = Path(__file__).resolve().parents[2]
VARIANTS = REPO / "tests" / "data" / "variants"
SEPSIS = "ba8fffd58b60448e"  # seeds/004: summary quotes <script>alert(1)</script>
SUKUK = "15b07b556f06a5d7"  # seeds/006: Arabic, with "energy" in chips and an issue

HOSTILE = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"


class Opener:
    """Stands in for QDesktopServices.openUrl and records what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[QUrl] = []

    def __call__(self, url: QUrl) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture
def opener() -> Opener:
    return Opener()


@pytest.fixture
def view(qtbot, opener):
    widget = DetailView(open_link=opener)
    qtbot.addWidget(widget)
    widget.resize(600, 900)
    widget.show()
    return widget


def plain(html_text: str) -> str:
    document = QTextDocument()
    document.setHtml(html_text)
    return document.toPlainText()


def shown_text(label: QLabel) -> str:
    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text().replace("\u200b", "")
    return plain(label.text()).replace("\u200b", "").replace("\u2028", "\n")


def hostile_entry(**fields) -> Entry:
    values = dict(
        id="0123456789abcdef",
        title=HOSTILE,
        summary=f"First {HOSTILE}\n\n<b>second</b> paragraph",
        keywords=["<img src=x onerror=alert(3)>", "plain"],
        other={"Category": "health", "Note": "<i>x</i>"},
        concerns=[Concern(name="<b>bold</b>", description="<img src=y onerror=alert(4)>",
                          relevancy=3)],
    )
    values.update(fields)
    return Entry(**values)


def table_column(view: DetailView, section: str, title: str) -> int:
    model = view.tables[section].model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def column_values(view: DetailView, section: str, column: int) -> list:
    model = view.tables[section].model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


# --- what is shown -------------------------------------------------------------------------


def test_shows_an_entry_from_the_library(view, seeded):
    entry = seeded.entries.get(SEPSIS)
    view.show_entry(entry)
    assert view.title_label.text() == entry.title
    assert "5 Nov 2023" in view.meta_label.text()
    assert "health" in view.meta_label.text()
    assert [shown_text(c) for c in view.keyword_chips] == entry.keywords
    assert [shown_text(c) for c in view.theme_chips] == entry.themes
    for section in SECTIONS:
        items = entry.items(section)
        if items:
            assert view.tables[section].model().rowCount() == len(items)
        else:
            assert section not in view.tables


def test_every_seed_shows_its_item_counts(view, seeded):
    from curator.core.store.filters import Filter

    for entry_id in seeded.entries.ids(Filter()):
        entry = seeded.entries.get(entry_id)
        view.show_entry(entry, "energy")
        counts = {s: t.model().rowCount() for s, t in view.tables.items()}
        assert counts == {s: len(entry.items(s)) for s in SECTIONS if entry.items(s)}


def test_none_shows_the_placeholder(view, seeded):
    view.show_entry(seeded.entries.get(SEPSIS))
    view.show_entry(None)
    assert view.placeholder.isVisible()
    assert view.placeholder.text() == PLACEHOLDER
    assert view.tables == {} and view.title_label is None


def test_first_shown_is_the_placeholder(qtbot):
    widget = DetailView()
    qtbot.addWidget(widget)
    widget.show()
    assert widget.placeholder.isVisible()


def test_edit_button_asks_to_edit_the_entry(view, seeded, qtbot):
    view.show_entry(seeded.entries.get(SEPSIS))
    assert view.edit_button.toolTip() == EDIT_TOOLTIP == "Edit (Ctrl+E)"
    with qtbot.waitSignal(view.edit_requested, timeout=1000) as blocker:
        qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [SEPSIS]


def test_summary_keeps_its_paragraphs(view):
    view.show_entry(hostile_entry())
    assert [shown_text(label) for label in view.summary_labels] == [
        f"First {HOSTILE}",
        "<b>second</b> paragraph",
    ]


def test_other_pairs_besides_category_and_type(view):
    view.show_entry(hostile_entry())
    assert set(view.other_labels) == {"Note"}
    assert view.other_labels["Note"].text() == "<i>x</i>"


def test_extra_columns_and_sections(view):
    entry = read_seed((VARIANTS / "unknown_columns.txt").read_bytes()).entry
    view.show_entry(entry)
    assert column_values(view, "signals", table_column(view, "signals", "confidence")) == [
        "medium",
        "high",
    ]
    entry = read_seed((VARIANTS / "unknown_section.txt").read_bytes()).entry
    view.show_entry(entry)
    stakeholders = view.tables["Stakeholders"].model()
    assert stakeholders.rowCount() == 2
    assert stakeholders.index(0, 0).data() == "Homeowners"


def test_tables_fit_their_rows(view, seeded):
    view.show_entry(seeded.entries.get(SEPSIS))
    for table in view.tables.values():
        assert not table.verticalScrollBar().isVisible()
        rows = sum(table.rowHeight(r) for r in range(table.model().rowCount()))
        assert table.height() >= rows + table.horizontalHeader().height()


def test_a_long_table_scrolls_inside(view):
    signals = [Signal(name=f"s{n}", relevancy=1 + n % 5) for n in range(40)]
    view.show_entry(hostile_entry(signals=signals))
    table = view.tables["signals"]
    assert table.verticalScrollBar().isVisible()
    assert table.height() < 40 * table.rowHeight(0)


def test_chips_are_boxed_themes_in_the_highlight_colour(view):
    view.show_entry(hostile_entry(keywords=["solar"], themes=["energy"]))
    for chip, role in ((view.keyword_chips[0], QPalette.ColorRole.Mid),
                       (view.theme_chips[0], QPalette.ColorRole.Highlight)):
        image = chip.grab().toImage()
        top_edge = image.pixelColor(image.width() // 2, 0)
        assert top_edge.name() == chip.palette().color(role).name(), chip.objectName()
        inside = image.pixelColor(3, image.height() // 2)  # in the padding, beside the text
        assert inside.name() == chip.palette().color(QPalette.ColorRole.AlternateBase).name()


def test_in_parts_shows_the_text_first_then_a_table_a_step(view):
    signals = [Signal(name=f"s{n}", relevancy=3) for n in range(3)]
    entry = hostile_entry(signals=signals)
    parts = view.show_in_parts(entry)
    next(parts)
    assert view.title_label is not None and view.tables == {}  # the text, painted first
    next(parts)
    assert list(view.tables) == ["signals"]
    assert view.tables["signals"].isVisible()  # shown now, not after the loop turns
    assert list(parts) == []
    assert list(view.tables) == ["signals", "concerns"]  # in the order show_entry adds them
    whole = DetailView()
    whole.show_entry(entry)
    assert list(whole.tables) == list(view.tables)


def test_in_parts_stops_when_another_entry_is_shown(view):
    parts = view.show_in_parts(hostile_entry(signals=[Signal(name="old", relevancy=3)]))
    next(parts)
    view.show_entry(hostile_entry(id="fedcba9876543210", concerns=[]))
    assert list(parts) == []  # the first entry's tables never land in the second's view
    assert view.entry.id == "fedcba9876543210" and view.tables == {}


def test_no_horizontal_scrolling(qtbot, opener):
    widget = DetailView(open_link=opener)
    qtbot.addWidget(widget)
    widget.resize(450, 700)
    widget.show()
    widget.show_entry(hostile_entry(title="Long " + "x" * 300, summary="y" * 500))
    qtbot.waitUntil(lambda: widget.scroll.widget().width() <= widget.scroll.viewport().width())
    assert widget.scroll.horizontalScrollBar().maximum() == 0


# --- entry text is text -------------------------------------------------------------------


def test_html_looking_text_is_shown_literally(view):
    entry = hostile_entry()
    view.show_entry(entry)
    assert view.title_label.textFormat() == Qt.TextFormat.PlainText
    assert view.title_label.text() == HOSTILE
    assert shown_text(view.keyword_chips[0]) == "<img src=x onerror=alert(3)>"
    concerns = view.tables["concerns"].model()
    assert concerns.index(0, 0).data() == "<b>bold</b>"
    assert concerns.index(0, 1).data() == "<img src=y onerror=alert(4)>"


@pytest.mark.parametrize("search", ["", "img script", "alert bold"])
def test_no_label_renders_entry_markup(view, search):
    view.show_entry(hostile_entry(), search)
    labels = view.findChildren(QLabel)
    assert labels
    for label in labels:
        assert label.textFormat() != Qt.TextFormat.AutoText, label.text()
        if label.textFormat() == Qt.TextFormat.RichText:
            for tag in ("<img", "<script", "<b>", "<i>"):
                assert tag not in label.text().casefold()
    assert shown_text(view.title_label) == HOSTILE
    assert shown_text(view.keyword_chips[0]) == "<img src=x onerror=alert(3)>"
    assert shown_text(view.summary_labels[0]) == f"First {HOSTILE}"


def test_tooltips_show_markup_as_text(view):
    long_keyword = "<img src=x onerror=alert(5)> " + "k" * 80
    view.show_entry(hostile_entry(keywords=[long_keyword]))
    assert plain(view.keyword_chips[0].toolTip()) == long_keyword
    concerns = view.tables["concerns"].model()
    tip = concerns.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip
    assert plain(tip) == "<img src=y onerror=alert(4)>"


def test_extra_section_markup_stays_text(view):
    extra = ExtraSection(name="<b>Regions</b>", columns=["<i>name</i>"], rows=[["<img src=z>"]])
    view.show_entry(hostile_entry(extra_sections=[extra]))
    model = view.tables["<b>Regions</b>"].model()
    assert model.index(0, 0).data() == "<img src=z>"
    tip = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert plain(tip) == "<i>name</i>"
    headers = [label for label in view.findChildren(QLabel) if "Regions" in label.text()]
    assert headers and all(h.textFormat() == Qt.TextFormat.PlainText for h in headers)


# --- links ----------------------------------------------------------------------------------


def click_link(qtbot, label: QLabel) -> None:
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(8, label.height() // 2))


def test_web_link_opens_through_open_link(view, opener, qtbot):
    url = "https://example.org/energy?a=1&b=2"
    view.show_entry(hostile_entry(url=url))
    click_link(qtbot, view.link_label)
    assert opener.opened == [QUrl(url)]


def test_web_link_with_markup_characters(view, opener, qtbot):
    url = "https://example.org/<img/src=x/onerror=alert(1)>"
    view.show_entry(hostile_entry(url=url))
    label = view.link_label
    assert "<img" not in label.text()
    assert plain(label.text()) == url
    click_link(qtbot, label)
    assert [u.toString() for u in opener.opened] == [QUrl(url).toString()]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>alert(1)</script>"]
)
def test_other_links_are_never_opened(view, opener, qtbot, url):
    # The model refuses such links; model_construct simulates one that got in anyway.
    entry = Entry.model_construct(**{**hostile_entry().__dict__, "url": url})
    view.show_entry(entry)
    label = view.link_label
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text().replace("\u200b", "") == url
    click_link(qtbot, label)
    qtbot.keyClick(label, Qt.Key.Key_Return)
    label.linkActivated.emit(url)  # as if a crafted anchor had been activated
    assert opener.opened == []


@pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "data:,x", "https://"])
def test_a_web_link_label_opens_nothing_else(view, opener, href):
    view.show_entry(hostile_entry(url="https://example.org/"))
    view.link_label.linkActivated.emit(href)  # as if the anchor had been tampered with
    assert opener.opened == []


def test_links_in_other_are_plain_text(view, opener, qtbot):
    view.show_entry(hostile_entry(other={"Source": "file:///etc/passwd"}))
    label = view.other_labels["Source"]
    assert label.textFormat() == Qt.TextFormat.PlainText
    click_link(qtbot, label)
    assert opener.opened == []


# --- tables ---------------------------------------------------------------------------------


def test_sorting_by_relevancy(view, qtbot):
    signals = [Signal(name=n, relevancy=r) for n, r in (("a", 3), ("b", 5), ("c", 1), ("d", 4))]
    view.show_entry(hostile_entry(signals=signals))
    column = table_column(view, "signals", "Relevancy")
    assert column_values(view, "signals", column) == [3, 5, 1, 4]  # file order first
    header = view.tables["signals"].horizontalHeader()
    where = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert column_values(view, "signals", column) == [1, 3, 4, 5]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert column_values(view, "signals", column) == [5, 4, 3, 1]
    assert column_values(view, "signals", 0) == ["b", "d", "a", "c"]


def test_relevancy_tooltip_tells_the_imported_score(view):
    concerns = [
        Concern(name="changed", relevancy=4, relevancy_imported=3),
        Concern(name="same", relevancy=2, relevancy_imported=2),
    ]
    view.show_entry(hostile_entry(concerns=concerns))
    model = view.tables["concerns"].model()
    column = table_column(view, "concerns", "Relevancy")
    tips = [model.index(r, column).data(Qt.ItemDataRole.ToolTipRole) for r in range(2)]
    assert tips == ["Relevancy 4 of 5 (imported: 3)", "Relevancy 2 of 5"]


SIGNAL = Signal(
    name="Genossenschaftliche Wärmenetze",
    description="Bürger betreiben Netze.",
    change="Vom Kessel zum Netz.",
    ten_year="Netze gehören den Bürgern.",
    driving_force="Gesetzliche Pflicht.",
    relevancy=4,
)


def test_signals_read_as_name_details_relevancy(view):
    bare = Signal(name="bare", description="only", relevancy=1)
    view.show_entry(hostile_entry(signals=[SIGNAL, bare]))
    model = view.tables["signals"].model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles == ["Name", "Details", "Relevancy"]
    assert model.index(0, 1).data() == (
        "Bürger betreiben Netze.\n"
        "Change: Vom Kessel zum Netz.\n"
        "In 10 years: Netze gehören den Bürgern.\n"
        "Driving force: Gesetzliche Pflicht."
    )
    assert model.index(1, 1).data() == "only"  # empty parts leave no label behind


def test_signal_details_keep_their_fields(view):
    view.show_entry(hostile_entry(signals=[SIGNAL]))
    details = view.tables["signals"].model().index(0, 1)
    assert details.data(PARTS_ROLE) == [
        ("", SIGNAL.description),
        ("Change", SIGNAL.change),
        ("In 10 years", SIGNAL.ten_year),
        ("Driving force", SIGNAL.driving_force),
    ]
    text = details.data()
    assert [text[b:e] for b, e in details.data(LABEL_ROLE)] == [
        "Change:", "In 10 years:", "Driving force:"]


def test_search_marks_each_part_of_the_details_but_not_the_labels(view):
    signal = SIGNAL.model_copy(update={"change": "Change of Netze"})
    view.show_entry(hostile_entry(signals=[signal]), "change netze")
    details = view.tables["signals"].model().index(0, 1)
    text = details.data()
    marked = [text[b:e] for b, e in details.data(HIGHLIGHT_ROLE)]
    assert marked == ["Netze", "Change", "Netze", "Netze"]
    label_starts = {b for b, _ in details.data(LABEL_ROLE)}
    assert not label_starts & {b for b, _ in details.data(HIGHLIGHT_ROLE)}


def test_right_to_left_details_keep_the_colon_with_the_label(view, seeded):
    view.show_entry(seeded.entries.get(SUKUK))
    text = view.tables["signals"].model().index(0, 1).data()
    assert "\nChange:\u200e " in text


def test_sorting_signals_by_name(view, qtbot):
    signals = [Signal(name=n, description=f"about {n}", relevancy=3) for n in ("b", "C", "a")]
    view.show_entry(hostile_entry(signals=signals))
    header = view.tables["signals"].horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(10, header.height() // 2))
    assert column_values(view, "signals", 0) == ["a", "b", "C"]
    assert column_values(view, "signals", 1) == ["about a", "about b", "about C"]


@pytest.mark.parametrize("width", [450, 520, 700])
def test_columns_hold_their_longest_words(qtbot, opener, width):
    widget = DetailView(open_link=opener)
    qtbot.addWidget(widget)
    widget.resize(width, 900)
    widget.show()
    widget.show_entry(hostile_entry(signals=[SIGNAL]))
    table = widget.tables["signals"]
    qtbot.waitUntil(lambda: table.columnWidth(0) > 0)
    word = table.fontMetrics().horizontalAdvance("Genossenschaftliche")
    assert table.columnWidth(0) >= word + 2 * TextDelegate.PAD_X


def palette_of(base: str, text: str, highlight: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(highlight))
    return palette


@pytest.mark.parametrize(
    "palette",
    [palette_of("#ffffff", "#000000", "#308cc6"), palette_of("#1e1e1e", "#e6e6e6", "#2a82da")],
    ids=["light", "dark"],
)
def test_higher_relevancy_stands_out_more_in_one_hue(palette):
    base = palette.color(QPalette.ColorRole.Base).lightnessF()
    colours = [relevancy_colour(palette, value) for value in range(1, 6)]
    contrast = [abs(colour.lightnessF() - base) for colour in colours]
    assert contrast == sorted(contrast) and len(set(contrast)) == 5
    hue = palette.color(QPalette.ColorRole.Highlight).hslHueF()
    assert all(abs(colour.hslHueF() - hue) < 0.02 for colour in colours)


def test_technologies_are_named_by_description(view, seeded):
    view.show_entry(seeded.entries.get(SEPSIS))
    model = view.tables["technologies"].model()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Description"


def test_section_model(qtmodeltester, seeded):
    entry = seeded.entries.get(SEPSIS)
    qtmodeltester.check(section_model("signals", entry.signals, search_words("energy monitor")))
    qtmodeltester.check(section_model("technologies", entry.technologies))


def test_extra_section_model(qtmodeltester):
    table = ExtraSection(name="Stakeholders", columns=["name", "role"],
                         rows=[["a", "b"], ["c", "d"]])
    bullets = ExtraSection(name="Regions", rows=[["Europe"], ["Asia"]])
    qtmodeltester.check(extra_section_model(table))
    qtmodeltester.check(extra_section_model(bullets))


# --- search highlighting --------------------------------------------------------------------


def test_search_marks_title_chips_summary_and_cells(view, seeded):
    entry = seeded.entries.get(SUKUK)
    view.show_entry(entry, "energy")
    marked = [c for c in view.keyword_chips + view.theme_chips
              if c.textFormat() == Qt.TextFormat.RichText]
    assert [shown_text(c) for c in marked] == ["renewable energy", "energy transition"]
    assert HIGHLIGHT_BACKGROUND.name() in marked[0].text()
    issues = view.tables["issues"].model()
    spans = [issues.index(r, 0).data(HIGHLIGHT_ROLE) for r in range(issues.rowCount())]
    name = next(issues.index(r, 0).data() for r, s in enumerate(spans) if s)
    assert name.startswith("Energy Transition")
    assert sum(1 for s in spans if s) == 1


def test_highlight_escapes_around_the_term(view):
    view.show_entry(hostile_entry(title="<b>energy</b> & more"), "ENERGY")
    label = view.title_label
    assert label.textFormat() == Qt.TextFormat.RichText
    assert f"&lt;b&gt;<span style=\"background-color:{HIGHLIGHT_BACKGROUND.name()}" in label.text()
    assert ">energy</span>&lt;/b&gt; &amp; more" in label.text()
    assert shown_text(label) == "<b>energy</b> & more"


def test_no_search_no_highlight(view, seeded):
    view.show_entry(seeded.entries.get(SUKUK))
    assert all(c.textFormat() == Qt.TextFormat.PlainText for c in view.keyword_chips)


def test_same_entry_keeps_its_scroll_position(qtbot, seeded, opener):
    widget = DetailView(open_link=opener)
    qtbot.addWidget(widget)
    widget.resize(450, 400)
    widget.show()
    entry = seeded.entries.get(SEPSIS)
    widget.show_entry(entry)
    bar = widget.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200)
    bar.setValue(200)
    widget.show_entry(entry, "sepsis")  # a new search re-shows the same entry
    qtbot.waitUntil(lambda: bar.value() == 200)
    widget.show_entry(seeded.entries.get(SUKUK))
    assert bar.value() == 0
