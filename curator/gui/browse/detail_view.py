"""The read-only detail view of one entry: its text, terms, link and scored tables."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence

from PySide6.QtCore import QPoint, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QPainter, QPaintEvent, QPalette, QPen
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

from ...core.labels import page_label
from ...core.model import SECTION_TITLES, SECTIONS, Entry, is_web_url
from ...core.search_match import search_words
from ..widgets.flow_layout import FlowLayout
from ..widgets.highlight import plain_label, set_label_text, tooltip_html
from .section_model import SectionTableModel, extra_section_model, section_model
from .section_table import SectionTable

PLACEHOLDER = "Select an entry to read it"
EDIT_TOOLTIP = "Edit (Ctrl+E)"
MAX_CHIP_CHARS = 60


class Chip(QLabel):
    """A keyword or theme in a rounded box, a theme's edged in the highlight colour.

    Painted rather than styled: a style sheet on the detail view made showing an entry
    some 50 ms slower (every label in it polished through the style sheet engine)."""

    RADIUS = 8

    def __init__(self, text: str, words: Sequence[str], kind: str) -> None:
        super().__init__()
        self.setObjectName(kind)
        self.setContentsMargins(9, 2, 9, 2)  # the box's padding and its 1 px edge
        shown = text if len(text) <= MAX_CHIP_CHARS else text[: MAX_CHIP_CHARS - 1] + "…"
        set_label_text(self, shown, words)
        if shown != text:
            self.setToolTip(tooltip_html(text))
        self.setAccessibleName(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        edge = (QPalette.ColorRole.Highlight if self.objectName() == "theme"
                else QPalette.ColorRole.Mid)
        painter.setPen(QPen(palette.color(edge), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5),
                                self.RADIUS, self.RADIUS)
        painter.end()
        super().paintEvent(event)


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
        self.keyword_chips: list[Chip] = []
        self.theme_chips: list[Chip] = []
        self.other_labels: dict[str, QLabel] = {}
        self.summary_labels: list[QLabel] = []
        self.notes_labels: list[QLabel] = []
        self.tables: dict[str, SectionTable] = {}
        """By section name (`signals`, …) and, for extra sections, by their own name."""

    def show_entry(self, entry: Entry | None, search: str = "") -> None:
        """Show an entry (None: the placeholder), marking the words of `search`."""
        for _ in self._show(entry, search, in_parts=False):
            pass

    def show_in_parts(self, entry: Entry | None, search: str = "") -> Iterator[None]:
        """`show_entry` a part at a time, the text first, then each table: app start turns the
        event loop between them, as a large entry's tables take some 40 ms to lay out. Ends
        early if another entry is shown meanwhile."""
        return self._show(entry, search, in_parts=True)

    def _show(self, entry: Entry | None, search: str, in_parts: bool) -> Iterator[None]:
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
        words = search_words(search)
        content, layout = self._build(entry, words)
        tables = self._table_models(entry, words)
        if not in_parts:  # laid out once, with its tables
            for key, title, model in tables:
                self._add_table(layout, key, title, model)
        self.scroll.setWidget(content)
        self._stack.setCurrentWidget(self.scroll)
        for key, title, model in tables:  # none left if laid out at once
            yield
            if self.scroll.widget() is not content:
                return  # another entry is shown now
            for part in self._add_table(layout, key, title, model):
                part.show()  # else shown only after the event loop turns
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

    def _build(self, entry: Entry, words: list[str]) -> tuple[QWidget, QVBoxLayout]:
        """The entry's text and terms; its tables are added by `_add_table`."""
        content = QWidget()
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
                chips = [Chip(term, words, kind) for term in terms]
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

        layout.addStretch(1)  # the tables go above it
        return content, layout

    @staticmethod
    def _table_models(entry: Entry, words: list[str]
                      ) -> Iterator[tuple[str, str, SectionTableModel]]:
        for section in SECTIONS:
            items = entry.items(section)
            if items:
                yield section, SECTION_TITLES[section], section_model(section, items, words)
        for extra in entry.extra_sections:
            if extra.rows:
                yield extra.name, extra.name, extra_section_model(extra, words)

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
                   model: SectionTableModel) -> tuple[QWidget, ...]:
        at = layout.count() - 1  # above the closing stretch
        header = _section_header(f"{title} ({model.rowCount()})")
        table = SectionTable(model)
        table.setAccessibleName(title)
        self.tables[key] = table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda point, k=key, t=table: self._table_menu(k, t, point))
        table.copied.connect(self.rows_copied)
        layout.insertSpacing(at, 8)
        layout.insertWidget(at + 1, header)
        layout.insertWidget(at + 2, table)
        return header, table

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
