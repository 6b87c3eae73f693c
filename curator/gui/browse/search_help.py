"""Help → Search syntax: the search language's fields, operators and examples, made from the
same table of fields the parser reads, so that it cannot go stale."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import quote, unquote

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ...core.query import help_sections

UseExample = Callable[[str], None]
"""Puts an example query in the search field and searches it."""

_EXAMPLE_SCHEME = "curator-query"


def help_html() -> str:
    """The help as HTML: every text escaped, each example a link that searches it."""
    parts = ["<p>Type in the search field (Ctrl+F). Click an example to search it.</p>"]
    for section in help_sections():
        parts.append(f"<h3>{escape(section.title)}</h3>")
        parts.append('<table cellspacing="0" cellpadding="3">')
        for syntax, meaning in section.rows:
            shown = f"<code>{escape(syntax)}</code>"
            if section.title == "Examples":
                shown = f'<a href="{_EXAMPLE_SCHEME}:{quote(syntax)}">{shown}</a>'
            parts.append(f'<tr><td style="padding-right: 16px; white-space: pre">{shown}</td>'
                         f"<td>{escape(meaning)}</td></tr>")
        parts.append("</table>")
        if section.note:
            parts.append(f"<p>{escape(section.note)}</p>")
    return "\n".join(parts)


class SearchHelpDialog(QDialog):
    """Not modal, so that it can stay open beside the window while a query is written."""

    def __init__(self, parent: QWidget | None = None,
                 use_example: UseExample | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchHelp")
        self.setWindowTitle("Search syntax — Curator")
        self._use_example = use_example
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(help_html())
        self.browser.anchorClicked.connect(self._clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(820, 640)

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == _EXAMPLE_SCHEME and self._use_example is not None:
            self._use_example(unquote(url.path(QUrl.ComponentFormattingOption.FullyEncoded)))


def show_search_help(parent: QWidget, use_example: UseExample | None = None) -> SearchHelpDialog:
    """Open (or raise) the search syntax help."""
    dialog = next((d for d in parent.findChildren(SearchHelpDialog) if d.isVisible()), None)
    if dialog is None:
        dialog = SearchHelpDialog(parent, use_example)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
