"""The read-only detail view of one entry: its text, terms, link and scored tables."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.model import SECTION_TITLES, SECTIONS, Entry, is_web_url
from ...core.search_match import search_words
from ..widgets.flow_layout import FlowLayout
from ..widgets.highlight import plain_label, set_label_text, tooltip_html
from .entry_model import page_label
from .section_model import SectionTableModel, extra_section_model, section_model
from .section_table import SectionTable

PLACEHOLDER = "Select an entry to read it"
EDIT_TOOLTIP = "Edit (Ctrl+E)"
MAX_CHIP_CHARS = 60
def _chip(text: str, words: Sequence[str], kind: str) -> QLabel:
    label = QLabel()
    label.setObjectName(kind)
    shown = text if len(text) <= MAX_CHIP_CHARS else text[: MAX_CHIP_CHARS - 1] + "…"
    set_label_text(label, shown, words)
    if shown != text:
        label.setToolTip(tooltip_html(text))
    label.setAccessibleName(text)
    return label


_CHIP_STYLE = """
QLabel#keyword, QLabel#theme {
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-radius: 8px;
    padding: 1px 8px;
}
QLabel#theme { border-color: palette(highlight); }
"""


class DetailView(QWidget):
    """The current entry, read-only: title, details, link, terms, summary and tables."""

    edit_requested = Signal(str)
    edit_section_requested = Signal(str, str)
    """(entry id, section): a table's menu asked to edit its section (a section name, or an
    extra section's own name)."""
    table_menu_requested = Signal(QMenu, QPoint)
    """A table's right-click menu, holding its own actions (Copy, Edit this section), and
    where to show it: the window adds the entry actions and shows it."""
    rows_copied = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        open_link: Callable[[QUrl], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_link = open_link or QDesktopServices.openUrl
        self.entry: Entry | None = None
        self.editable = True
        """Whether a table's menu offers to edit its section (not in a read-only library)."""
        self.search = ""
        self._clear_parts()
        self._keep_scroll = 0

        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.setMinimumWidth(300)
        self.show_entry(None)

    def _clear_parts(self) -> None:
        self.title_label: QLabel | None = None
        self.meta_label: QLabel | None = None
        self.link_label: QLabel | None = None
        self.edit_button: QPushButton | None = None
        self.keyword_chips: list[QLabel] = []
        self.theme_chips: list[QLabel] = []
        self.other_labels: dict[str, QLabel] = {}
        self.summary_labels: list[QLabel] = []
        self.notes_labels: list[QLabel] = []
        self.tables: dict[str, SectionTable] = {}
        """By section name (`signals`, …) and, for extra sections, by their own name."""

    def show_entry(self, entry: Entry | None, search: str = "") -> None:
        """Show an entry (None: the placeholder), marking the words of `search`."""
        same = entry is not None and self.entry is not None and entry.id == self.entry.id
        self._keep_scroll = self.scroll.verticalScrollBar().value() if same else 0
        self.entry, self.search = entry, search
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._clear_parts()
        if entry is None:
            self._stack.setCurrentWidget(self.placeholder)
            return
        self.scroll.setWidget(self._build(entry, search_words(search)))
        self._stack.setCurrentWidget(self.scroll)
        self.scroll.verticalScrollBar().setValue(self._keep_scroll)
        if self._keep_scroll:
            # The new content's height is only known after the layout runs.
            QTimer.singleShot(0, self, self._restore_scroll)

    def _restore_scroll(self) -> None:
        self.scroll.verticalScrollBar().setValue(self._keep_scroll)

    def _open(self, href: str) -> None:
        # The only way a link leaves Curator: http(s) only, whatever the label holds.
        if not is_web_url(href):
            return
        url = QUrl(href)
        if url.isValid() and url.scheme().lower() in ("http", "https"):
            self._open_link(url)

    def _emit_edit(self) -> None:
        if self.entry is not None:
            self.edit_requested.emit(self.entry.id)

    # --- building the content ----------------------------------------------------------

    def _build(self, entry: Entry, words: list[str]) -> QWidget:
        content = QWidget()
        content.setStyleSheet(_CHIP_STYLE)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 14, 16, 16)
        layout.setSpacing(6)

        layout.addLayout(self._header(entry, words))
        meta = self._meta_text(entry)
        if meta:
            self.meta_label = plain_label(meta)
            layout.addWidget(self.meta_label)
        if entry.url:
            self.link_label = self._link(entry.url)
            layout.addWidget(self.link_label)

        for title, terms, kind in (
            ("Keywords", entry.keywords, "keyword"),
            ("Themes", entry.themes, "theme"),
        ):
            if terms:
                layout.addSpacing(6)
                layout.addWidget(_section_header(title))
                box = QWidget()
                flow = FlowLayout(box)
                chips = [_chip(term, words, kind) for term in terms]
                for chip in chips:
                    flow.addWidget(chip)
                (self.keyword_chips if kind == "keyword" else self.theme_chips).extend(chips)
                layout.addWidget(box)

        other = {
            key: value
            for key, value in entry.other.items()
            if key.casefold() not in ("category", "type")
        }
        if other:
            layout.addSpacing(6)
            layout.addWidget(_section_header("Other"))
            form = QFormLayout()
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setHorizontalSpacing(12)
            form.setVerticalSpacing(2)
            for key, value in other.items():
                value_label = plain_label(value)
                self.other_labels[key] = value_label
                form.addRow(plain_label(key, wrap=False), value_label)
            layout.addLayout(form)

        for title, text, labels in (
            ("Summary", entry.summary, self.summary_labels),
            ("Notes", entry.notes, self.notes_labels),
        ):
            if text.strip():
                layout.addSpacing(6)
                layout.addWidget(_section_header(title))
                for paragraph in re.split(r"\n[ \t]*\n", text.strip()):
                    label = plain_label("")
                    set_label_text(label, paragraph, words)
                    labels.append(label)
                    layout.addWidget(label)

        for section in SECTIONS:
            items = entry.items(section)
            if items:
                self._add_table(layout, section, SECTION_TITLES[section],
                                section_model(section, items, words))
        for extra in entry.extra_sections:
            if extra.rows:
                self._add_table(layout, extra.name, extra.name, extra_section_model(extra, words))
        layout.addStretch(1)
        return content

    def _header(self, entry: Entry, words: list[str]) -> QHBoxLayout:
        self.title_label = plain_label("")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.title_label.setFont(font)
        set_label_text(self.title_label, entry.title, words)
        self.edit_button = QPushButton("Edit")
        self.edit_button.setToolTip(EDIT_TOOLTIP)
        self.edit_button.clicked.connect(self._emit_edit)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.title_label, 1)
        row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    @staticmethod
    def _meta_text(entry: Entry) -> str:
        parts = [page_label(entry.page)] if entry.page else []
        parts.append(entry.status.value.capitalize())
        parts += [value for value in (entry.category, entry.type) if value]
        return "  ·  ".join(parts)

    def _link(self, url: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        if is_web_url(url):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setText(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            label.setOpenExternalLinks(False)
            label.linkActivated.connect(self._open)
            label.setToolTip(tooltip_html(f"Open {url}"))
        else:
            # Anything but http(s) (javascript:, file:, data:) is shown, never made a link.
            set_label_text(label, url)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setToolTip("Not a web link: Curator opens only http and https links.")
        return label

    def _add_table(self, layout: QVBoxLayout, key: str, title: str,
                   model: SectionTableModel) -> None:
        layout.addSpacing(8)
        layout.addWidget(_section_header(f"{title} ({model.rowCount()})"))
        table = SectionTable(model)
        table.setAccessibleName(title)
        self.tables[key] = table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda at, k=key, t=table: self._table_menu(k, t, at))
        table.copied.connect(self.rows_copied)
        layout.addWidget(table)

    def _table_menu(self, key: str, table: SectionTable, position: QPoint) -> None:
        if self.entry is None or not table.indexAt(position).isValid():
            return
        entry_id = self.entry.id
        menu = QMenu(table)
        menu.addAction(table.copy_action)
        edit = menu.addAction("Edit th&is section",
                              lambda: self.edit_section_requested.emit(entry_id, key))
        edit.setEnabled(self.editable)
        self.table_menu_requested.emit(menu, table.viewport().mapToGlobal(position))


def _section_header(text: str) -> QLabel:
    label = plain_label(text, selectable=False)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label
