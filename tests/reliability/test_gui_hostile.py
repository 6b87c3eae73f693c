"""Hostile text in the GUI: markup in every field is shown literally, links never leave
Curator unless http(s), and no search text raises or changes the library."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtGui import Qt as GuiQt  # where mightBeRichText lives
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from curator.core.importer import import_paths
from curator.core.model import SECTIONS, Entry
from curator.core.store import Filter, Library
from curator.core.writer import write_seed
from curator.gui.shell.main_window import MainWindow
from curator.gui.widgets import ask
from tests.conftest import SEEDS
from tests.gui.conftest import _qt_settings  # noqa: F401 - the same isolated settings

pytestmark = pytest.mark.gui

H = "<b>bold</b><img src=x onerror=alert(1)><script>alert(1)</script>"
HOSTILE_ID = "0123456789abcdef"
MARKUP = ("<b>", "<img", "<script")
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole,
         Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.WhatsThisRole)


def hostile_entry(entry_id: str = HOSTILE_ID) -> Entry:
    page = H.replace("(1)", "`1`")  # a page holds no parentheses
    url = "https://example.org/" + H.replace(" ", "/")  # nor a link spaces
    item = {"relevancy": 3, "extra": {H: H}}
    items = {
        "signals": [{**item, "name": H, "description": H, "change": H, "ten_year": H,
                     "driving_force": H}],
        "technologies": [{**item, "description": H, "src": H}],
        **{s: [{**item, "name": H, "description": H}] for s in ("concerns", "behaviors", "issues")},
    }
    return Entry.model_validate({
        "id": entry_id, "title": H, "page": page, "url": url,
        "keywords": [H, H + " 2"], "themes": [H],
        "other": {H: H, "Category": H, "Type": H, "Link": "javascript:alert(1)"},
        "summary": f"{H}\n\n{H}", "notes": H, **items,
        "extra_sections": [{"name": H, "columns": [H + " a", H + " b"], "rows": [[H, H]]},
                           {"name": H + " list", "columns": [], "rows": [[H]]}],
    })


def _rich(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> bool:
    return fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))


def _indexes(model: QAbstractItemModel,
             parent: QModelIndex = QModelIndex()) -> Iterator[QModelIndex]:
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and model.rowCount(index) > 0:
                yield from _indexes(model, index)


def markup_shown(root: QWidget, skip: QWidget | None = None) -> list[str]:
    """Every place under `root` (but not under `skip`) where Qt would render markup as such."""
    found: list[str] = []
    skipped = set() if skip is None else {skip, *skip.findChildren(QWidget)}

    def check(text: object, where: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> None:
        if isinstance(text, str) and text and _rich(text, fmt) and any(m in text for m in MARKUP):
            found.append(f"{where}: {text[:120]!r}")

    for widget in [root, *root.findChildren(QWidget)]:
        if widget in skipped:
            continue
        name = f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()})"
        check(widget.toolTip(), f"{name} tooltip")
        check(widget.whatsThis(), f"{name} what's this")
        if isinstance(widget, QLabel):
            check(widget.text(), f"{name} text", widget.textFormat())
            if widget.openExternalLinks() and _rich(widget.text(), widget.textFormat()):
                found.append(f"{name} opens links itself")
        if isinstance(widget, QTabWidget):
            for tab in range(widget.count()):
                check(widget.tabToolTip(tab), f"{name} tab {tab} tooltip")
        if isinstance(widget, QMessageBox):
            check(widget.text(), f"{name} text", widget.textFormat())
            check(widget.informativeText(), f"{name} informative text")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for index in _indexes(model):
                check(model.data(index, Qt.ItemDataRole.ToolTipRole),
                      f"{name} row {index.row()} column {index.column()} tooltip")
            for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
                count = model.columnCount() if orientation == Qt.Orientation.Horizontal \
                    else min(model.rowCount(), 50)
                for section in range(count):
                    check(model.headerData(section, orientation, Qt.ItemDataRole.ToolTipRole),
                          f"{name} header {section} tooltip")
    return found


def texts_under(root: QWidget) -> str:
    """All the text shown under `root`, joined, with invisible break hints removed."""
    parts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            if _rich(widget.text(), widget.textFormat()):
                document = QTextDocument()
                document.setHtml(widget.text())  # what the label shows, as text
                parts.append(document.toPlainText())
            else:
                parts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for index in _indexes(model):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        parts.append(value)
            for column in range(model.columnCount()):
                value = model.headerData(column, Qt.Orientation.Horizontal)
                if isinstance(value, str):
                    parts.append(value)
    return "\n".join(parts).replace("\u200b", "")


@pytest.fixture
def opened(monkeypatch) -> list[QUrl]:
    """Links Curator asked the desktop to open (none is really opened)."""
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url)) or True)
    return urls


@pytest.fixture
def errors(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "show_error", lambda parent, title, text: shown.append((title, text)))
    return shown


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    with Library(path) as library:
        import_paths(library, [SEEDS])
        library.imports.store([(hostile_entry(), write_seed(hostile_entry()))])
        saved = library.entries.get(HOSTILE_ID)
        library.edits.save_entry(
            saved.model_copy(update={"title": H + " edited", "notes": H + " 2"}),
            library.entries.version(HOSTILE_ID))
        library.edits.save_entry(library.entries.get(HOSTILE_ID).model_copy(update={"title": H}),
                           library.entries.version(HOSTILE_ID))
    return path


@pytest.fixture
def window(qtbot, hostile_db: Path, opened, errors) -> Iterator[MainWindow]:
    win = MainWindow(hostile_db)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _select(window: MainWindow, entry_id: str) -> None:
    window.list_view.setCurrentIndex(window.model.index(window.model.row_of(entry_id), 0))
    assert window.list_view.current_entry_id() == entry_id


def test_markup_in_every_field_is_shown_literally(qtbot, window: MainWindow, tried) -> None:
    _select(window, HOSTILE_ID)
    model = window.model
    row = model.row_of(HOSTILE_ID)
    assert model.data(model.index(row, 0)) == H
    # The list, the facets and the detail view; then the same with a search marking matches.
    for search in ("", "bold alert"):
        window.search_field.setText(search)
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
        _select(window, HOSTILE_ID)
        shown = texts_under(window.detail)
        for expected in (H, f"{H} 2", "javascript:alert(1)"):
            assert expected in shown, expected
        # The facet sidebar has a known defect: see test_facet_tooltips_show_markup_literally.
        assert markup_shown(window, skip=window.sidebar) == []
    window.right_tabs.setCurrentWidget(window.history)
    history = window.history  # a row shows an excerpt; the pane below, the whole text
    rows = [history.tree.topLevelItem(i) for i in range(history.tree.topLevelItemCount())]
    history.tree.setCurrentItem(next(r for r in rows if r.text(1).startswith("Title")))
    assert H + " edited" in history.detail.toPlainText()
    assert markup_shown(window.history) == []
    window.right_tabs.setCurrentWidget(window.entry_stack)
    window.editing.edit_current()
    editor = window.editor
    assert editor.entry_id == HOSTILE_ID
    assert editor.general.title_edit.text() == H
    assert editor.general.notes_edit.toPlainText() == H + " 2"
    assert editor.summary.editor.toPlainText() == f"{H}\n\n{H}"
    for section in SECTIONS:
        items = editor.items[section].model
        assert H in [items.data(items.index(0, c), Qt.ItemDataRole.EditRole)
                     for c in range(items.columnCount())]
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        assert markup_shown(editor) == []
    stored = window.library.entries.get(HOSTILE_ID)
    assert editor.current_entry() == stored, "the edit view changed the text it shows"
    tried("markup `<b>`, `<img onerror>`, `<script>` in every text field of an entry (title, "
          "page, link, keywords, themes, other keys and values, summary, notes, every item "
          "field, extra columns and sections), shown in the main window", 1,
          "list, facets, detail (also with search marks), edit view and history show it "
          "literally; no rich-text label or tooltip holds it unescaped")


def test_facet_tooltips_show_markup_literally(window: MainWindow, tried) -> None:
    tried("markup in keyword, theme, category and type values and in a saved view's name and "
          "search, in the facet sidebar", 2, "tooltips must show it literally")
    window.library.saved_views.save(H, Filter(search=H))
    window.sidebar.refresh()
    assert markup_shown(window.sidebar) == []


def test_import_report_and_dialogs_show_markup_literally(qtbot, window: MainWindow,
                                                         tmp_path: Path, tried) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    twin = hostile_entry("fedcba9876543210")  # same title: a possible duplicate
    (incoming / "fedcba9876543210.txt").write_text(write_seed(twin), encoding="utf-8")
    (incoming / "<img src=x onerror=alert(1)>.txt").write_text(H + "\n\nnot a seed\n")
    conflicting = write_seed(hostile_entry().model_copy(update={"summary": "Changed."}))
    (incoming / f"{HOSTILE_ID}.txt").write_text(conflicting, encoding="utf-8")
    window.transfers.import_paths([str(incoming)])
    qtbot.waitUntil(lambda: window.transfers.report_dialog is not None
                    and window.transfers.report_dialog.isVisible(), timeout=20000)
    dialog = window.transfers.report_dialog
    report = dialog.report
    assert (len(report.duplicates), len(report.conflicts), report.failed) == (1, 1, 1)
    assert H in texts_under(dialog)
    assert markup_shown(dialog) == []
    dialog.reject()

    # Error dialogs and questions: the real ones, read while open, then closed.
    seen: list[list[str]] = []

    def inspect_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(markup_shown(box) + ([] if box.textFormat() == Qt.TextFormat.PlainText
                                         else ["not plain text"]))
        box.reject()

    for question in (
        lambda: _real_show_error(window, H),
        lambda: ask.unsaved_changes(window, H),
        lambda: ask.version_conflict(window, H),
        lambda: ask.confirm(window, H, H, "Delete"),
    ):
        QTimer.singleShot(0, inspect_and_close)
        question()
    assert seen == [[], [], [], []]
    tried("markup in a file's title and name, in the import report (duplicate, conflict and "
          "failure rows) and in error and question dialogs", 5,
          "shown literally: plain-text labels, escaped tooltips")


def _real_show_error(parent: QWidget, text: str) -> None:
    # ask.show_error is patched out for the window; this is its body, the real dialog.
    box = QMessageBox(QMessageBox.Icon.Warning, "Error", text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def test_only_web_links_are_ever_opened(window: MainWindow, opened: list[QUrl], tried) -> None:
    _select(window, HOSTILE_ID)
    detail = window.detail
    hostile = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
               "file:///etc/passwd", "file:/etc/passwd", "data:text/html,<script>alert(1)</script>",
               "vbscript:msgbox(1)", "ftp://example.org/x", "//example.org/x", "http:/x", "",
               "https://"]
    for href in hostile:
        detail._open(href)
        if detail.link_label is not None:
            detail.link_label.linkActivated.emit(href)
    assert opened == []
    detail.link_label.linkActivated.emit(window.library.entries.get(HOSTILE_ID).url)
    assert [u.scheme() for u in opened] == ["https"]
    assert all(not label.openExternalLinks() or label.textFormat() == Qt.TextFormat.PlainText
               for label in window.findChildren(QLabel))
    tried("links with javascript:, file:, data:, vbscript:, ftp: and malformed http", len(hostile),
          "never handed to the desktop; the entry's https link is")


# -- search and filter text ------------------------------------------------------------------

_TOKENS = ['"', '""', "'", "*", "AND", "OR", "NOT", "NEAR", "(", ")", ":", "title:", "^", "-",
           "+", "\x00", "\t", "\n", "%", "_", "\\", ";", "--", "/*", "'; DROP TABLE entries; --",
           "<b>", "é", "ß", "İ", "🏙️", "\u202e", "\ufeff", "\ud7ff", "bold", "alert", "heat"]


def test_any_search_text_never_raises_nor_writes(qtbot, window: MainWindow, hostile_db: Path,
                                                 tried) -> None:
    watcher = sqlite3.connect(hostile_db)
    version = watcher.execute("PRAGMA data_version").fetchone()[0]
    total = window.library.entries.total()
    changes = window.library.conn.total_changes
    fields = [window.search_field, *window.sidebar.find_fields.values()]
    tried_texts: list[str] = []

    @settings(max_examples=300, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(_TOKENS)), max_size=6)
           .map(" ".join), st.integers(min_value=0, max_value=len(fields) - 1))
    def search(text: str, which: int) -> None:
        tried_texts.append(text)
        with qtbot.captureExceptions() as caught:
            field = fields[which]
            field.setText(text)
            if field is window.search_field:
                qtbot.keyClick(field, Qt.Key.Key_Return)
            rows = window.model.rowCount()
            for row in range(min(rows, 3)):
                for column in range(window.model.columnCount()):
                    for role in ROLES:
                        window.model.data(window.model.index(row, column), role)
            if rows:
                _select(window, window.model.entry_id(0))
            QApplication.processEvents()
        assert caught == []
        assert window.library.conn.total_changes == changes

    search()
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == version
    assert window.library.entries.total() == total
    watcher.close()
    tried("any text (hypothesis, with FTS operators, quotes, NUL, SQL) in the search field "
          "and the facet find fields", len(tried_texts),
          "never raised; PRAGMA data_version, total and the connection's changes unchanged")
