"""The General tab: title, page, link, status, notes, and the Other key/value pairs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.model import Entry, Status, with_scheme
from .grid import GridEditor
from .grid_model import GridModel, GridRow
from .marks import set_invalid
from .tab import EditTab, field_with_message, scrolling
from .validation import FieldError, one_line

KEY, VALUE = 0, 1


def _keep_one_line(edit: QLineEdit) -> None:
    # A line edit keeps the line breaks of pasted text, invisibly; the entry wants one line.
    text = edit.text()
    if "\n" in text or "\r" in text:
        at = edit.cursorPosition()
        edit.setText(one_line(text))
        edit.setCursorPosition(at)


class GeneralTab(EditTab):
    """The entry's own fields, and Other as a small table whose key cells rename keys."""

    title = "General"
    keys = ("title", "page", "url", "status", "notes", "other")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_edit = QLineEdit()
        self.page_edit = QLineEdit()
        self.page_edit.setPlaceholderText("The scan page, e.g. 20230714")
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://…")
        self.status_combo = QComboBox()
        for status in Status:
            self.status_combo.addItem(status.value.capitalize(), status.value)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Your notes on this entry")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(5 * self.fontMetrics().lineSpacing() + 12)
        # A link typed without its scheme: offered with https:// in front, never changed
        # behind the analyst's back (example.com might be meant as http).
        self.url_fix = QPushButton()
        self.url_fix.setObjectName("url_fix")
        self.url_fix.setToolTip("Put https:// in front of the link")
        self.url_fix.clicked.connect(self._fix_url)
        self.url_fix.hide()
        self.url_edit.textChanged.connect(self._offer_scheme)
        self.other = GridEditor(
            GridModel(["Key", "Value"]), ("pair", "pairs"), (1.0, 2.0), title="Other", fit_height=8
        )

        self.fields: dict[str, QWidget] = {
            "title": self.title_edit, "page": self.page_edit, "url": self.url_edit,
            "status": self.status_combo, "notes": self.notes_edit,
        }
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        self.messages = {}
        for key, label in (("title", "Title"), ("page", "Page"), ("url", "Link"),
                           ("status", "Status"), ("notes", "Notes")):
            box, self.messages[key] = field_with_message(self.fields[key])
            self.fields[key].setAccessibleName(label)
            form.addRow(f"{label}:", box)
            if key == "url":
                box.layout().addWidget(self.url_fix, 0, Qt.AlignmentFlag.AlignLeft)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(self.other)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))

        for edit in (self.title_edit, self.page_edit, self.url_edit):
            edit.textChanged.connect(lambda _text, e=edit: _keep_one_line(e))
            edit.textChanged.connect(self.changed)
        self.notes_edit.textChanged.connect(self.changed)
        self.status_combo.currentIndexChanged.connect(self.changed)
        self.other.model.edited.connect(self.changed)

    def _offer_scheme(self, text: str) -> None:
        offered = with_scheme(text) if not self.url_edit.isReadOnly() else None
        if offered:
            self.url_fix.setText(f"Use {offered}")
        self.url_fix.setVisible(bool(offered))

    def _fix_url(self) -> None:
        offered = with_scheme(self.url_edit.text())
        if offered:
            self.url_edit.setText(offered)
            self.url_edit.setFocus()

    def load(self, entry: Entry) -> None:
        self.title_edit.setText(entry.title)
        self.page_edit.setText(entry.page or "")
        self.url_edit.setText(entry.url or "")
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(entry.status.value)))
        self.notes_edit.setPlainText(entry.notes)
        self.other.model.reset_rows([GridRow([k, v]) for k, v in entry.other.items()])
        for widget in (self.title_edit, self.page_edit, self.url_edit):
            widget.setCursorPosition(0)

    def values(self) -> dict[str, Any]:
        page = self.page_edit.text().strip()
        url = self.url_edit.text().strip()
        other: dict[str, str] = {}
        for row in self.other.model.rows:
            other.setdefault(row.cells[KEY], row.cells[VALUE])
        return {
            "title": self.title_edit.text(),
            "page": page or None,  # an empty page means none, as in the seed file
            "url": url or None,
            "status": self.status_combo.currentData(),
            "notes": self.notes_edit.toPlainText(),
            "other": other,
        }

    def snapshot(self) -> Any:  # noqa: ANN401
        # The rows, not the dict: a second row with the same key is a change too.
        values = self.values()
        values["other"] = [list(row.cells) for row in self.other.model.rows]
        return values

    def problems(self) -> list[FieldError]:
        seen: set[str] = set()
        found = []
        for number, row in enumerate(self.other.model.rows):
            key = row.cells[KEY].strip()
            if key in seen:
                found.append(FieldError(("other", number, "key"),
                                        f"Key '{key}' is already used above; keys must differ"))
            seen.add(key)
        return found

    def _row_of(self, key: object) -> int | None:
        for number, row in enumerate(self.other.model.rows):
            if row.cells[KEY].strip() == key:
                return number
        return None

    def show_errors(self, errors: list[FieldError]) -> dict[str, str]:
        shown: dict[str, str] = {}
        field_messages: dict[str, str] = {}
        cells: dict[tuple[int, int], str] = {}
        loose: list[str] = []
        for error in errors:
            head = error.loc[0]
            if head != "other":
                field_messages.setdefault(str(head), error.message)
                shown.setdefault(str(head), error.message)
                continue
            row, column = self._other_place(error)
            if row is None:
                loose.append(error.message)
                shown.setdefault("other", error.message)
            else:
                cells.setdefault((row, column), error.message)
                name = f"other.{row}.{'key' if column == KEY else 'value'}"
                shown.setdefault(name, error.message)
        for key, widget in self.fields.items():
            message = field_messages.get(key)
            set_invalid(widget, message)
            self.messages[key].show_message(message or "")
        self.other.model.set_marks(cells)
        self.other.show_problems(loose)
        return shown

    def _other_place(self, error: FieldError) -> tuple[int | None, int]:
        loc = error.loc
        if len(loc) == 3 and isinstance(loc[1], int):  # ours: ("other", row, "key")
            return loc[1], KEY
        if len(loc) >= 3 and loc[2] == "[key]":  # the key itself: ("other", key, "[key]")
            return self._row_of(loc[1]), KEY
        if len(loc) == 2:  # a value: ("other", key)
            return self._row_of(loc[1]), VALUE
        if "key" in error.ctx:  # the whole dict, naming a key: ("other",)
            return self._row_of(str(error.ctx["key"]).strip()), KEY
        return None, KEY

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.title_edit, self.page_edit, self.url_edit):
            edit.setReadOnly(read_only)
        self._offer_scheme(self.url_edit.text())
        self.notes_edit.setReadOnly(read_only)
        self.status_combo.setEnabled(not read_only)
        self.other.set_read_only(read_only)

    def commit(self) -> None:
        self.other.grid.commit_open_editor()
