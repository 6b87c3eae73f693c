"""Copied rows on the clipboard, in two forms: text for a spreadsheet and JSON for a program."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QStringListModel
from PySide6.QtGui import QGuiApplication

from ...core.copying import CopiedRows

JSON_MIME = "application/json"
"""The second form of copied rows, beside plain text."""


def put_on_clipboard(copied: CopiedRows) -> None:
    """Both forms in one clipboard entry: a spreadsheet takes the text, a program the JSON."""
    data = _mime_data()
    data.setText(copied.as_tsv())
    data.setData(JSON_MIME, copied.as_json().encode("utf-8"))
    QGuiApplication.clipboard().setMimeData(data)


def _mime_data() -> QMimeData:
    """An empty QMimeData made by Qt itself, for the clipboard to own.

    One made from Python (`QMimeData()`) crashed the interpreter on exit with PySide6 6.11:
    the clipboard frees it as the application is destroyed, after Python has begun to shut
    down, and its Python side is then looked up. A model's drag data is made in C++, so it
    has no Python side to look up; its own format is removed.
    """
    model = QStringListModel([""])
    data = model.mimeData([model.index(0)])
    for name in data.formats():
        data.removeFormat(name)
    return data
