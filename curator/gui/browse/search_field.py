"""The search field: it reads the search language, completes field names and library values,
and says under itself where a query it cannot read goes wrong."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QWidget

if TYPE_CHECKING:
    from ...core.query import QueryError

SEARCH_DELAY_MS = 250
"""Typing waits this long for the next key before searching: one search per pause, not key."""
VALUES_SHOWN = 30
"""Library values offered at once; typing more of the value narrows them."""

ValueSource = Callable[[str, str], list[str]]
"""(field, typed text) to the library's values of that field containing the text."""

_BREAKS = " \t\n\r()"
_INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; border-radius: 3px; padding: 1px; }"


@cache
def _field_completions() -> list[str]:
    # The query package is imported when first needed: the field is painted before it.
    from ...core.query import OTHER, field_names

    return [f"{name}:" for name in field_names() if name != OTHER.name] + ["other."]


def token_before(text: str, cursor: int) -> tuple[int, str]:
    """Where the term under construction before the cursor starts, and its text: spaces
    and parentheses end a term, except inside quotes."""
    start, quoted = 0, False
    for at, char in enumerate(text[:cursor]):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in _BREAKS:
            start = at + 1
    if text[start:cursor].startswith("-"):
        start += 1
    return start, text[start:cursor]


def _quoted(value: str) -> str:
    if value and not any(c in value for c in ' \t"()\\'):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class SearchField(QLineEdit):
    """Emits `search_requested(text)` a moment after typing stops, or at once on Enter, for a
    query the language reads; otherwise it is marked and `error_label` says why, and nothing
    is searched. The owner lays `error_label` out just below the field."""

    search_requested = Signal(str)
    down_pressed = Signal()
    """Down or PgDown with no completions shown: the owner moves the focus to the results."""

    def __init__(self, parent: QWidget | None = None, *,
                 placeholder: str = "Search, or ask: category:=technology relevancy:>=4 "
                                    "-status:approved  (Ctrl+F; Help → Search syntax)",
                 name: str = "Search") -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.error: QueryError | None = None
        self.error_label = QLabel()
        self.error_label.setObjectName("searchError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel#searchError { color: #c62828; }")
        self.error_label.hide()
        self._values: ValueSource | None = None
        self._token_start = 0
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setWidget(self)
        # The candidates are chosen here (field names by prefix, values containing the text),
        # so the completer shows them as they are.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.activated.connect(self._insert_completion)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.textChanged.connect(self._timer.start)
        self.textEdited.connect(lambda _: self.update_completions())
        self.returnPressed.connect(self._enter)
        # Esc in the search field clears it, as in most programs' search fields; while the
        # completions are shown the completer takes Esc first and only closes them.
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        # Set apart: given to the constructor, the context was dropped and Esc anywhere in
        # the window cleared the search (and fought the edit view's Esc).
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.clear)
        clear.setWhatsThis("Clear the search")

    # -- our interface ---------------------------------------------------------------

    def set_value_source(self, values: ValueSource | None) -> None:
        """Where the values of keyword, theme, category and type come from (the library)."""
        self._values = values
        self.completer.popup().hide()

    def show_search(self, text: str) -> None:
        """Show a search set elsewhere (a filter, another library) without searching again."""
        if text != self.text():
            self.blockSignals(True)
            self.setText(text)
            self.blockSignals(False)
        self._timer.stop()
        self._show_error(None)

    def completions(self) -> list[str]:
        """What the completer offers now (for the tests and the screenshots)."""
        return self._model.stringList()

    def update_completions(self) -> None:
        """Offer field names, or a field's values, for the term before the cursor."""
        start, token = token_before(self.text(), self.cursorPosition())
        self._token_start = start
        candidates = self._candidates(token)
        popup = self.completer.popup()
        if not candidates or candidates == [token]:
            self._model.setStringList([])
            popup.hide()
            return
        self._model.setStringList(candidates)
        rect = self.cursorRect()
        rect.setWidth(max(popup.sizeHintForColumn(0)
                          + popup.verticalScrollBar().sizeHint().width() + 16, 220))
        self.completer.complete(rect)
        popup.setCurrentIndex(self._model.index(-1, 0))  # Enter searches until one is chosen

    # -- reacting --------------------------------------------------------------------

    def _candidates(self, token: str) -> list[str]:
        if not token:
            return []
        colon = token.find(":")
        if colon < 0:
            lowered = token.lower()
            return [name for name in _field_completions() if name.startswith(lowered)]
        name, rest = token[:colon], token[colon + 1:]
        field = name.lower()
        from ...core.query import COMPLETED_VALUES  # as in _field_completions

        if field not in COMPLETED_VALUES or self._values is None:
            return []
        op = "=" if rest.startswith("=") else ""
        typed = rest[len(op):]
        if typed.startswith('"'):
            typed = typed[1:].removesuffix('"')
        try:
            values = self._values(field, typed)
        except Exception:  # noqa: BLE001 - completion is a help: never let it break typing
            return []
        return [f"{name}:{op}{_quoted(value)}" for value in values[:VALUES_SHOWN]]

    def _insert_completion(self, completion: str) -> None:
        self.completer.popup().hide()
        text, cursor = self.text(), self.cursorPosition()
        start = self._token_start
        end = cursor
        # Replace the whole term the cursor is in, not only the part before the cursor.
        while end < len(text) and text[end] not in _BREAKS:
            end += 1
        value_done = not completion.endswith((":", "."))
        tail = text[end:]
        glue = " " if value_done and not tail.startswith(" ") else ""
        self.setText(text[:start] + completion + glue + tail)
        self.setCursorPosition(start + len(completion) + len(glue))
        if not value_done:
            self.update_completions()  # a field name: go straight on to its values

    def search_now(self) -> None:
        """Search what the field holds now, if the language reads it (Enter does this)."""
        from ...core.query import QueryError, parse  # as in _field_completions

        self._timer.stop()
        text = self.text()
        try:
            parse(text)
        except QueryError as error:
            self._show_error(error)
            return
        self._show_error(None)
        self.search_requested.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # As in a mail program's search box: Down goes on to the results. While completions
        # are shown the completer takes Down first, so it still moves in them.
        if (event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
                and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                == Qt.KeyboardModifier.NoModifier
                and not self.completer.popup().isVisible()):
            event.accept()
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)

    def _enter(self) -> None:
        # Enter with no offer chosen searches the text: the offers are done with. (A pause
        # in typing searches too, and leaves them open.)
        self.completer.popup().hide()
        self.search_now()

    def _show_error(self, error: QueryError | None) -> None:
        self.error = error
        if error is None:
            self.error_label.hide()
            self.error_label.clear()
            self.setStyleSheet("")
            self.setToolTip("")
            return
        message = f"Column {error.column}: {error.message}"
        self.error_label.setText(message)
        self.error_label.show()
        self.setStyleSheet(_INVALID_STYLE)
        self.setToolTip(message)
