"""The report shown after an import: counts, failures, and choices for duplicates and conflicts."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.importer import (
    EDITED,
    NOT_SEED,
    OUTCOMES,
    SAME_ID,
    ImportReport,
    outcome_lines,
    report_text,
)
from ...core.loading import shown
from ...core.operations import ReportChoices

KEEP_MINE = "Keep mine"
KEEP_FIRST = "Keep the first file's"
TAKE_FILES = "Take the file's"
REMOVE_NEW = "Remove the new one"

VISIBLE_ROWS = 6
"""Tables and text boxes grow to this many rows, then scroll, so the dialog stays on screen."""

TITLE_MIN = 200
REPORT_WIDTH = 780
"""The report's width, where the screen has room: file paths and messages read whole."""
FILE_COLUMN_MAX = 220




class ImportReportDialog(QDialog):
    """The report of one import, with per-row choices for duplicates and conflicts.

    Non-blocking use: connect `accepted` to a slot that gives `choices()` to the core's
    `apply_report_choices`, and
    `show_batch` to one that lists the batch, then `open()` it. "Show imported entries"
    accepts (so chosen actions apply) and then emits `show_batch`.
    """

    show_batch = Signal(int)

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report = report
        self.setWindowTitle("Import report")
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        room = screen.availableGeometry().width() - 40 if screen is not None else REPORT_WIDTH
        self.setMinimumWidth(min(REPORT_WIDTH, room))
        self.setObjectName("import_report")
        self._remove_boxes: list[tuple[QCheckBox, str]] = []
        self._take_combos: list[tuple[QComboBox, str, str]] = []

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self._headline())
        layout.addLayout(self._numbers())
        if report.cancelled:
            layout.addWidget(_note(
                "You cancelled the import. What was read before is kept; the remaining files "
                "were not imported."))
        if report.duplicates:
            layout.addWidget(self._section_title(f"Possible duplicates ({len(report.duplicates)})"))
            layout.addWidget(_note(
                "These new entries have the same title or link as an entry already in the "
                "library. Both are kept unless you tick “Remove the new one”."))
            layout.addWidget(self._duplicates_table())
        if report.conflicts:
            layout.addWidget(self._section_title(f"Conflicts ({len(report.conflicts)})"))
            layout.addWidget(_note(self._conflicts_note()))
            layout.addWidget(self._conflicts_table())
        broken = [str(f) for f in report.failures if f.kind != NOT_SEED]
        if broken:
            layout.addWidget(self._section_title(f"Not imported ({len(broken)})"))
            layout.addWidget(_note("Each line gives the file, the line where reading stopped "
                                   "(none for a file wrong as a whole, such as a binary one), "
                                   "and why."))
            self._failures = _text_box(broken, "failures")
            layout.addWidget(self._failures)
        if report.not_seeds:
            layout.addWidget(self._section_title(
                f"Not seed files, skipped ({len(report.not_seeds)})"))
            layout.addWidget(_note("These text files have no “External link” line and no "
                                   "known section: notes or a README, not entries."))
            layout.addWidget(_text_box([str(f) for f in report.not_seeds], "not_seeds"))
        if report.warnings:
            layout.addWidget(self._foldable(
                "warnings", f"Warnings ({len(report.warnings)}): imported, but worth a look",
                report.warnings))
        for outcome, heading in OUTCOMES.items():
            files = report.files_with(outcome)
            if files:
                count = f"{len(files)} file{'' if len(files) == 1 else 's'}"
                layout.addWidget(self._foldable(
                    f"files_{outcome}", f"{heading} ({count})",
                    outcome_lines(report, outcome)))
        layout.addStretch(1)
        layout.addLayout(self._buttons())
        self._update_buttons()
        # Start on the buttons, not on a table cell that would look selected.
        self._close.setFocus()

    def _conflicts_note(self) -> str:
        kinds = {c.kind for c in self._report.conflicts}
        reasons = []
        if EDITED in kinds:
            reasons.append("you had edited the entry and its file now says something else")
        if SAME_ID in kinds:
            reasons.append("another file of this import had already given the same id (the "
                           "first file's version was kept)")
        return (f"Kept as they were: {'; or '.join(reasons)}. Choose “Take the file's” to "
                "replace an entry with the version of the file in its row.")

    @property
    def report(self) -> ImportReport:
        return self._report

    def duplicates_to_remove(self) -> list[str]:
        """Ids of the new entries the analyst chose to remove."""
        return [entry_id for box, entry_id in self._remove_boxes if box.isChecked()]

    def conflicts_to_take(self) -> dict[str, list[str]]:
        """File path -> ids of the entries whose file version should replace the analyst's."""
        chosen: dict[str, list[str]] = {}
        for combo, path, entry_id in self._take_combos:
            if combo.currentText() == TAKE_FILES:
                chosen.setdefault(path, []).append(entry_id)
        return chosen

    def choices(self) -> ReportChoices:
        return ReportChoices(self.duplicates_to_remove(), self.conflicts_to_take())

    # -- building ------------------------------------------------------------

    def _headline(self) -> QLabel:
        report = self._report
        if report.cancelled:
            text = "Import cancelled"
        elif report.failed and not (report.imported or report.updated or report.unchanged):
            text = "Nothing was imported"
        else:
            text = "Import finished"
        files = f"{report.files} file{'' if report.files == 1 else 's'} found"
        label = QLabel(f"{text} · {files}")
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        label.setFont(font)
        return label

    def _numbers(self) -> QHBoxLayout:
        report = self._report
        row = QHBoxLayout()
        row.setSpacing(8)
        for caption, value, alarming in (
            ("Imported", report.imported, False),
            ("Updated", report.updated, False),
            ("Unchanged", report.unchanged, False),
            ("Conflicts", len(report.conflicts), True),
            ("Possible duplicates", len(report.duplicates), True),
            ("Failed", report.failed, True),
        ):
            row.addWidget(self._tile(caption, value, alarming))
        return row

    def _tile(self, caption: str, value: int, alarming: bool) -> QFrame:
        tile = QFrame()
        tile.setObjectName(f"count_{caption.split()[-1].lower()}")
        tile.setFrameShape(QFrame.Shape.StyledPanel)
        tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box = QVBoxLayout(tile)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(0)
        number = QLabel(str(value))
        number.setObjectName("number")
        number.setTextFormat(Qt.TextFormat.PlainText)
        font = number.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        number.setFont(font)
        text = QLabel(caption)
        text.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.palette()
        if value == 0:
            # Zeros step back, so the numbers that matter stand out.
            dim = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
            _set_color(number, dim)
        elif alarming:
            _set_color(number, _attention(palette, caption == "Failed"))
        box.addWidget(number)
        box.addWidget(text)
        tile.setToolTip(f"{caption}: {value}")
        return tile

    def _section_title(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 6, 0, 0)
        return label

    def _duplicates_table(self) -> QTableWidget:
        rows = self._report.duplicates
        table = _table("duplicates", ["New entry", "New id", "Already in the library",
                                      "Its id", "File", "Your choice"], len(rows))
        for row, dup in enumerate(rows):
            for column, text in enumerate((dup.title, dup.entry_id, dup.existing_title,
                                           dup.existing_id)):
                table.setItem(row, column, _item(text, monospace=column in (1, 3)))
            table.setItem(row, 4, _file_item(dup.path))
            box = QCheckBox(REMOVE_NEW)
            box.setToolTip("Delete the newly imported entry and keep the one already there")
            box.toggled.connect(self._update_buttons)
            table.setCellWidget(row, 5, _padded(box))
            self._remove_boxes.append((box, dup.entry_id))
        _fit(table, stretch=(0, 2), file_column=4)
        return table

    def _conflicts_table(self) -> QTableWidget:
        rows = self._report.conflicts
        table = _table("conflicts", ["Entry", "Id", "File", "Your choice"], len(rows))
        for row, conflict in enumerate(rows):
            table.setItem(row, 0, _item(conflict.title))
            table.setItem(row, 1, _item(conflict.entry_id, monospace=True))
            table.setItem(row, 2, _file_item(conflict.path))
            combo = QComboBox()
            if conflict.kind == SAME_ID:
                combo.addItems([KEEP_FIRST, TAKE_FILES])
                first = shown(conflict.other_path or "")
                combo.setToolTip(_plain_tip(f"Keep the version of {first}, or replace it "
                                            "with this file's"))
            else:
                combo.addItems([KEEP_MINE, TAKE_FILES])
                combo.setToolTip("Keep your edited version, or replace it with the file's")
            combo.currentIndexChanged.connect(self._update_buttons)
            table.setCellWidget(row, 3, _padded(combo))
            self._take_combos.append((combo, conflict.path, conflict.entry_id))
        _fit(table, stretch=(0,), file_column=2)
        return table

    def _foldable(self, name: str, title: str, lines: list[str]) -> QWidget:
        """A list shown on request: the warnings, or the files of one outcome."""
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 6, 0, 0)
        toggle = QToolButton()
        toggle.setObjectName(f"{name}_toggle")
        toggle.setText(title)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setArrowType(Qt.ArrowType.RightArrow)
        toggle.setCheckable(True)
        toggle.setAutoRaise(True)
        text = _text_box(lines, name)
        text.setVisible(False)

        def show(on: bool) -> None:
            toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
            text.setVisible(on)
            self.adjustSize()

        toggle.toggled.connect(show)
        box.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(text)
        return holder

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._copy = QPushButton("Copy report")
        self._copy.setAutoDefault(False)
        self._copy.clicked.connect(self._copy_report)
        row.addWidget(self._copy)
        row.addStretch(1)
        self._show = QPushButton("Show imported entries")
        self._show.setAutoDefault(False)
        self._show.setEnabled(
            self._report.batch is not None and bool(self._report.imported or self._report.updated))
        self._show.clicked.connect(self._show_batch)
        row.addWidget(self._show)
        self._apply = QPushButton("Apply")
        self._apply.setToolTip("Remove the chosen duplicates and take the chosen files' versions")
        self._apply.setVisible(bool(self._report.duplicates or self._report.conflicts))
        self._apply.clicked.connect(self.accept)
        row.addWidget(self._apply)
        self._close = QPushButton("Close")
        self._close.clicked.connect(self.reject)
        row.addWidget(self._close)
        return row

    # -- reacting --------------------------------------------------------------

    @Slot()
    def _update_buttons(self) -> None:
        chosen = bool(self.choices())
        self._apply.setEnabled(chosen)
        self._apply.setDefault(chosen)
        self._close.setDefault(not chosen)
        self._close.setText("Close without applying" if chosen else "Close")

    @Slot()
    def _copy_report(self) -> None:
        QApplication.clipboard().setText(report_text(self._report))
        self._copy.setText("Copied")
        QTimer.singleShot(1500, self, self._reset_copy)

    @Slot()
    def _reset_copy(self) -> None:
        self._copy.setText("Copy report")

    @Slot()
    def _show_batch(self) -> None:
        batch = self._report.batch
        self.accept()
        if batch is not None:
            self.show_batch.emit(batch)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _table(name: str, headers: list[str], rows: int) -> QTableWidget:
    # A QTableWidget is fine here: an import report holds a handful of rows, not the library.
    table = QTableWidget(rows, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def _fit(table: QTableWidget, stretch: tuple[int, ...], file_column: int) -> None:
    """Columns sized to their text, titles sharing what is left; height up to VISIBLE_ROWS."""
    header = table.horizontalHeader()
    table.resizeColumnsToContents()
    for column in range(table.columnCount()):
        mode = (QHeaderView.ResizeMode.Stretch if column in stretch
                else QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(column, mode)
    # Long file names must not squeeze the titles: the full path is in the tooltip.
    header.setSectionResizeMode(file_column, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(file_column, min(header.sectionSize(file_column), FILE_COLUMN_MAX))
    fixed = sum(header.sectionSize(c) for c in range(table.columnCount()) if c not in stretch)
    table.setMinimumWidth(fixed + TITLE_MIN * len(stretch) + 2 * table.frameWidth())
    table.resizeRowsToContents()
    shown = min(table.rowCount(), VISIBLE_ROWS)
    height = header.sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(shown))
    table.setMinimumHeight(height)
    table.setMaximumHeight(height if table.rowCount() <= VISIBLE_ROWS else 16777215)


def _item(text: str, *, monospace: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(_plain_tip(text))
    if monospace:
        item.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return item


def _file_item(path: str) -> QTableWidgetItem:
    # shown(): a name that is not UTF-8 keeps its odd bytes visible as \xNN (Qt drops them).
    item = QTableWidgetItem(shown(Path(path).name))
    item.setToolTip(_plain_tip(shown(path)))
    return item


def _plain_tip(text: str) -> str:
    # Tooltips guess rich text from the content; escaping keeps entry text literal.
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def _padded(widget: QWidget) -> QWidget:
    holder = QWidget()
    box = QHBoxLayout(holder)
    box.setContentsMargins(6, 2, 6, 2)
    box.addWidget(widget)
    box.addStretch(1)
    return holder


def _text_box(lines: list[str], name: str) -> QPlainTextEdit:
    text = QPlainTextEdit("\n".join(lines))
    text.setObjectName(name)
    text.setReadOnly(True)
    # Wrapped, not cut: a failure's message is the part the analyst needs to read.
    text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    metrics = text.fontMetrics()
    # Tall enough for the lines as they wrap at the dialog's width (up to VISIBLE_ROWS).
    columns = max(20, (REPORT_WIDTH - 60) // max(metrics.horizontalAdvance("x"), 1))
    wrapped = sum(max(1, -(-len(line) // columns)) for line in lines)
    shown = min(max(wrapped, 2), VISIBLE_ROWS)
    text.setMinimumHeight(metrics.lineSpacing() * shown + 2 * text.frameWidth() + 12)
    return text


def _set_color(label: QLabel, color: QColor) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    label.setPalette(palette)


def _attention(palette: QPalette, severe: bool) -> QColor:
    """A red or amber readable on the window's background, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    if severe:
        return QColor("#ff8a80" if dark else "#b3261e")
    return QColor("#ffd27f" if dark else "#8a5300")

