"""The export dialog: which entries, in which format (with its options), and where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.export_request import STATUSES, ExportRequest, Scope
from ...core.model import SECTION_TITLES, SECTIONS
from ...core.outputs import OutputOptions
from ...core.store import Filter
from ..widgets.highlight import tooltip_html


@dataclass(frozen=True)
class FormatInfo:
    label: str
    suffix: str
    """The file's suffix; "" for a format written to a folder."""
    file_filter: str = ""

    @property
    def folder(self) -> bool:
        return not self.suffix


FORMATS: dict[str, FormatInfo] = {
    "json": FormatInfo("JSON exchange file", ".json", "Curator JSON export (*.json)"),
    "seed": FormatInfo("Folder of seed text files", ""),
    "csv": FormatInfo("CSV spreadsheets (entries.csv, items.csv) in a folder", ""),
    "xlsx": FormatInfo("Excel workbook (.xlsx)", ".xlsx", "Excel workbook (*.xlsx)"),
    "html": FormatInfo("Briefing report (HTML)", ".html", "HTML report (*.html *.htm)"),
    "pdf": FormatInfo("Briefing report (PDF)", ".pdf", "PDF document (*.pdf)"),
}


def _format_named_by(suffix: str) -> str | None:
    """The file format a name's suffix says (.htm for HTML too), if any."""
    suffix = ".html" if suffix.lower() == ".htm" else suffix.lower()
    return next((name for name, info in FORMATS.items() if suffix and info.suffix == suffix),
                None)


OUTPUT_FORMATS = ("csv", "xlsx", "html", "pdf")
"""The formats people read, which take the minimum relevancy and the sections."""
REPORT_FORMATS = ("html", "pdf")
GROUPS = (("category", "Category"), ("theme", "First theme"), ("status", "Status"))

DEFAULT_JSON_NAME = "curator-export.json"
_DESCRIBE_MAX = 60


def entries_text(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


# Module-level so tests can patch them: the file dialogs are modal.
def choose_json_file(parent: QWidget | None, start: Path) -> str:
    """Ask for the JSON file to write; "" when the user cancels."""
    return choose_file(parent, "Export to JSON file", start, FORMATS["json"].file_filter)


def choose_file(parent: QWidget | None, title: str, start: Path, file_filter: str) -> str:
    """Ask for a file to write; "" when the user cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start),
                                          f"{file_filter};;All files (*)")
    return path


def choose_seed_folder(parent: QWidget | None, start: Path) -> str:
    """Ask for the folder to write seed text files into; "" when the user cancels."""
    return QFileDialog.getExistingDirectory(parent, "Export seed files to folder", str(start))


def choose_folder(parent: QWidget | None, title: str, start: Path) -> str:
    """Ask for a folder to write into; "" when the user cancels."""
    return QFileDialog.getExistingDirectory(parent, title, str(start))


Purpose = Literal["export", "print", "preview"]


class ExportDialog(QDialog):
    """Asks which entries to export, in which format, and where; shows how many match.

    For printing (`purpose` "print" or "preview") it asks only which entries and the
    report's options: the format is the report, the destination a printer.
    """

    def __init__(
        self,
        parent: QWidget | None,
        current_filter: Filter,
        selected_ids: frozenset[str],
        count_for: Callable[[Filter], int],
        default_folder: Path,
        purpose: Purpose = "export",
    ) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.setWindowTitle("Export Entries" if purpose == "export" else "Print Report")
        self._current = current_filter
        self._selected = frozenset(selected_ids)
        self._count_for = count_for
        self._default_folder = Path(default_folder)
        # Each format keeps its own destination: a file name is no folder and vice versa.
        self._destinations: dict[str, str] = {name: "" for name in FORMATS}
        self._count = 0

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        left = QVBoxLayout()
        right = QVBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(right, 1)
        layout.addLayout(top)

        scope_box = QGroupBox("Entries")
        scope_layout = QVBoxLayout(scope_box)
        self.scope_all = QRadioButton("All entries")
        description = current_filter.describe()
        short = description if len(description) <= _DESCRIBE_MAX else \
            description[:_DESCRIBE_MAX - 1].rstrip() + "…"
        # "&" in a button text marks a shortcut key; the user's search text must show as typed.
        self.scope_filter = QRadioButton(
            f"Current filter and search ({short.replace('&', '&&')})"
        )
        self.scope_filter.setToolTip(tooltip_html(description))
        self.scope_selected = QRadioButton(f"Selected entries ({len(self._selected)})")
        self.scope_selected.setEnabled(bool(self._selected))
        self._scopes = QButtonGroup(self)
        for button in (self.scope_all, self.scope_filter, self.scope_selected):
            self._scopes.addButton(button)
            scope_layout.addWidget(button)
        left.addWidget(scope_box)

        status_box = QGroupBox("Only entries with status")
        status_layout = QVBoxLayout(status_box)
        row = QHBoxLayout()
        self.status_boxes: dict[str, QCheckBox] = {}
        for status in STATUSES:
            box = QCheckBox(status.capitalize())
            self.status_boxes[status] = box
            row.addWidget(box)
        row.addStretch(1)
        status_layout.addLayout(row)
        self.status_hint = QLabel("None ticked: any status.")
        self.status_hint.setEnabled(False)
        status_layout.addWidget(self.status_hint)
        left.addWidget(status_box)

        format_box = QGroupBox("Format")
        format_layout = QVBoxLayout(format_box)
        self._formats = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for name, info in FORMATS.items():
            button = QRadioButton(info.label)
            self.format_buttons[name] = button
            self._formats.addButton(button)
            format_layout.addWidget(button)
        self.format_json = self.format_buttons["json"]
        self.format_seed = self.format_buttons["seed"]
        left.addWidget(format_box)
        left.addStretch(1)

        right.addWidget(self._build_options())
        right.addStretch(1)

        destination_box = QGroupBox("Save to")
        destination_layout = QVBoxLayout(destination_box)
        row = QHBoxLayout()
        self.destination_edit = QLineEdit()
        self.destination_edit.setMinimumWidth(320)
        self.browse_button = QPushButton("Browse…")
        row.addWidget(self.destination_edit, 1)
        row.addWidget(self.browse_button)
        destination_layout.addLayout(row)
        self.destination_hint = QLabel()
        self.destination_hint.setWordWrap(True)
        # Keep a line for the hint, so the dialog does not jump when one appears.
        self.destination_hint.setMinimumHeight(self.destination_hint.fontMetrics().height())
        destination_layout.addWidget(self.destination_hint)
        layout.addWidget(destination_box)

        self.count_label = QLabel()
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        layout.addWidget(self.count_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        (self.scope_all if current_filter.is_empty else self.scope_filter).setChecked(True)
        self.format_json.setChecked(True)
        if purpose != "export":
            self.format_buttons["pdf"].setChecked(True)
            format_box.hide()
            destination_box.hide()
            self.bom_box.hide()
            self.options_box.setTitle("Report")
            self.export_button.setText("Print…" if purpose == "print" else "Preview…")
        self._show_destination()
        self._enable_options()

        self._scopes.buttonToggled.connect(self._on_scope_toggled)
        for box in self.status_boxes.values():
            box.toggled.connect(self._on_status_toggled)
        self._formats.buttonToggled.connect(self._on_format_toggled)
        for box in self.section_boxes.values():
            box.toggled.connect(self._on_section_toggled)
        self.destination_edit.textChanged.connect(self._on_destination_edited)
        self.browse_button.clicked.connect(self._on_browse)
        self._refresh()

    def _build_options(self) -> QGroupBox:
        self.options_box = QGroupBox("Spreadsheet and report")
        form = QFormLayout(self.options_box)
        self.min_relevancy = QSpinBox()
        self.min_relevancy.setRange(1, 5)
        self.min_relevancy.setValue(1)
        self.min_relevancy.setSuffix(" or more")
        self.min_relevancy.setToolTip("Only items scored at least this; 1 keeps every item")
        form.addRow("Items scored", self.min_relevancy)
        sections = QGridLayout()
        self.section_boxes: dict[str, QCheckBox] = {}
        for index, section in enumerate(SECTIONS):
            box = QCheckBox(SECTION_TITLES[section])
            box.setChecked(True)
            self.section_boxes[section] = box
            sections.addWidget(box, index // 2, index % 2)
        form.addRow("Sections", sections)
        self.group_by = QComboBox()
        for key, label in GROUPS:
            self.group_by.addItem(label, key)
        self.group_by.setToolTip("How the report groups its entries")
        form.addRow("Group report by", self.group_by)
        self.title_edit = QLineEdit(OutputOptions().title)
        form.addRow("Report title", self.title_edit)
        self.bom_box = QCheckBox("CSV: add a byte order mark (for Excel)")
        form.addRow("", self.bom_box)
        return self.options_box

    def request(self) -> ExportRequest:
        scope: Scope = "all"
        if self.scope_filter.isChecked():
            scope = "filter"
        elif self.scope_selected.isChecked():
            scope = "selected"
        text = self.destination_edit.text().strip()
        destination = Path(text).expanduser() if text else Path()
        if text and not destination.is_absolute():
            destination = self._default_folder / destination
        return ExportRequest(
            scope=scope,
            statuses=frozenset(s for s, box in self.status_boxes.items() if box.isChecked()),
            format=self._format(),  # type: ignore[arg-type]
            destination=destination,
            options=self.options(),
        )

    def options(self) -> OutputOptions:
        return OutputOptions(
            min_relevancy=self.min_relevancy.value(),
            sections=tuple(s for s, box in self.section_boxes.items() if box.isChecked()),
            group_by=self.group_by.currentData(),
            bom=self.bom_box.isChecked(),
            title=self.title_edit.text().strip() or OutputOptions().title,
        )

    def export_filter(self) -> Filter:
        """The filter of the current choices (what the caller hands to ExportTask)."""
        return self.request().to_filter(self._current, self._selected)

    @property
    def count(self) -> int:
        return self._count

    # -- slots ---------------------------------------------------------------

    @Slot(QAbstractButton, bool)
    def _on_scope_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:  # a radio switch toggles two buttons: count once
            self._refresh()

    @Slot(bool)
    def _on_status_toggled(self, _checked: bool) -> None:
        self.status_hint.setVisible(not any(b.isChecked() for b in self.status_boxes.values()))
        self._refresh()

    @Slot(bool)
    def _on_section_toggled(self, _checked: bool) -> None:
        self._refresh()

    @Slot(QAbstractButton, bool)
    def _on_format_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._show_destination()
            self._enable_options()
            self._refresh()

    @Slot(str)
    def _on_destination_edited(self, text: str) -> None:
        self._destinations[self._format()] = text
        self._refresh()

    @Slot()
    def _on_browse(self) -> None:
        current = self.request().destination if self.destination_edit.text().strip() else None
        fmt = self._format()
        info = FORMATS[fmt]
        if fmt == "json":
            chosen = choose_json_file(self, current or self._default_folder / DEFAULT_JSON_NAME)
        elif fmt == "seed":
            chosen = choose_seed_folder(self, current or self._default_folder)
        elif info.folder:
            chosen = choose_folder(self, "Export CSV files to folder",
                                   current or self._default_folder)
        else:
            start = current or self._default_folder / f"curator-export{info.suffix}"
            chosen = choose_file(self, f"Export to {info.label}", start, info.file_filter)
        if chosen and not info.folder and not Path(chosen).suffix:
            chosen += info.suffix
        if chosen:
            self.destination_edit.setText(chosen)

    # -- helpers -------------------------------------------------------------

    def _format(self) -> str:
        for name, button in self.format_buttons.items():
            if button.isChecked():
                return name
        return "json"

    def _enable_options(self) -> None:
        fmt = self._format()
        self.options_box.setEnabled(fmt in OUTPUT_FORMATS)
        for widget in (self.group_by, self.title_edit):
            widget.setEnabled(fmt in REPORT_FORMATS)
        self.bom_box.setEnabled(fmt == "csv")

    def _show_destination(self) -> None:
        fmt = self._format()
        self.destination_edit.blockSignals(True)
        self.destination_edit.setText(self._destinations[fmt])
        self.destination_edit.blockSignals(False)
        self.destination_edit.setPlaceholderText(
            "Choose a folder with Browse…" if FORMATS[fmt].folder
            else "Choose a file name with Browse…"
        )

    def _destination_problem(self, request: ExportRequest) -> tuple[str, bool]:
        """A hint about the destination, and whether it stops the export."""
        if not self.destination_edit.text().strip():
            return "", True
        target = request.destination
        info = FORMATS[request.format]
        if not info.folder:
            other = _format_named_by(target.suffix)
            if other is not None and other != request.format:
                # The format is what the radio buttons say: a name saying another would
                # hold a file of one kind under the other's name.
                return (f"The name ends in {target.suffix}, but the format chosen is "
                        f"{info.label}: choose {FORMATS[other].label} above, or end the "
                        f"name in {info.suffix}."), True
            if target.is_dir():
                return f"{target} is a folder: add a file name.", True
            if not target.parent.is_dir():
                return f"The folder {target.parent} does not exist.", True
            if target.exists():
                return "The file exists and will be replaced.", False
            return "", False
        if target.exists() and not target.is_dir():
            return f"{target} is a file, not a folder.", True
        if target.is_dir() and any(target.iterdir()):
            return "The folder is not empty: files with the same names will be replaced.", False
        return "", False

    def _refresh(self) -> None:
        request = self.request()
        self._count = self._count_for(request.to_filter(self._current, self._selected))
        no_sections = request.format in OUTPUT_FORMATS and not request.options.sections
        if no_sections:
            self.count_label.setText("Tick at least one section")
        elif self._count:
            said = "will be exported" if self.purpose == "export" else "in the report"
            self.count_label.setText(f"{entries_text(self._count)} {said}")
        else:
            self.count_label.setText("No entries match these choices: nothing to export")
        hint, blocking = self._destination_problem(request)
        if self.purpose != "export":
            hint, blocking = "", False  # printed, not written to a file
        self.destination_hint.setText(hint)
        self.export_button.setEnabled(self._count > 0 and not blocking and not no_sections)

