"""Does the main window fit its screen? Checks of every tab and the edit view, in-process or as a
script run under a screen of a given size and scale (offscreen, in a subprocess):

    QT_QPA_PLATFORM=offscreen:configfile=screen.json QT_SCALE_FACTOR=1.5 \\
        python -m tests.gui.window_fit library.db settings-folder
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QRect, QSettings, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTreeView,
    QWidget,
)

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)
ROWS_MEASURED = 30
WORD_CAP = 12
"""A first word is measured up to this many characters: text written without spaces (Chinese,
Japanese) would otherwise count a whole sentence as its first word."""
CELL_PADDING = 8
"""What a cell adds around its text (the style's margins on both sides)."""
WAIT_MS = 20_000


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _rect_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _collapsed(widget: QWidget, window: QWidget) -> bool:
    """In a pane collapsed to nothing (its splitter handle brings it back): none of it shows."""
    while widget is not None and widget is not window:
        if widget.size().isEmpty():
            return True
        splitter = widget.parentWidget()
        # A pane with a minimum width keeps its size when collapsed, moved out of sight.
        if isinstance(splitter, QSplitter) and splitter.sizes()[splitter.indexOf(widget)] == 0:
            return True
        widget = splitter
    return False


def _scrolls(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's page or an item view, where being out of sight is a scroll
    away (or is the view's own business, as a header's buttons are), or in a collapsed pane."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, (QAbstractItemView, QTabBar)) or _collapsed(parent, window):
            return True
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            return True
        parent = area
    return False


def _first_word(text: str) -> str:
    words = text.replace("&&", "\0").replace("&", "").replace("\0", "&").split()
    return words[0][:WORD_CAP] if words else ""


def _name(widget: QWidget) -> str:
    text = widget.currentText() if isinstance(widget, QComboBox) else getattr(
        widget, "text", lambda: "")()
    return f"{type(widget).__name__} {widget.objectName() or ''} {text!r}".replace("  ", " ")


def cut_controls(window: QWidget) -> list[str]:
    """Controls off the window, cut by a pane, or too narrow for their own text."""
    problems: list[str] = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible() or _scrolls(widget, window):
            continue
        rect = _rect_in(widget, window)
        if not bounds.contains(rect):
            problems.append(f"{_name(widget)} at {rect.getRect()} is off the window")
            continue
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            if not _rect_in(parent, window).contains(rect):
                problems.append(f"{_name(widget)} is cut by {type(parent).__name__}")
                break
            parent = parent.parentWidget()
        metrics = QFontMetrics(widget.font())
        if isinstance(widget, QComboBox) and not widget.isEditable():
            option = QStyleOptionComboBox()
            widget.initStyleOption(option)
            room = widget.style().subControlRect(
                QStyle.ComplexControl.CC_ComboBox, option,
                QStyle.SubControl.SC_ComboBoxEditField, widget).width()
            if room < metrics.horizontalAdvance(widget.currentText()):
                problems.append(f"{_name(widget)} shows {room} px of its text")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.width() < widget.minimumSizeHint().width():
                problems.append(f"{_name(widget)} is {widget.width()} px, needs "
                                f"{widget.minimumSizeHint().width()}")
    return problems


def cut_tabs(window: QWidget) -> list[str]:
    """Tab bars that hide some of their tabs (and with them a tab's error mark)."""
    problems: list[str] = []
    for bar in window.findChildren(QTabBar):
        if bar.isVisible() and bar.count() and not _collapsed(bar, window):
            last = bar.tabRect(bar.count() - 1)
            if bar.tabRect(0).left() < 0 or last.right() >= bar.width():
                problems.append(f"the tabs {bar.tabText(0)!r} … {bar.tabText(bar.count() - 1)!r}"
                                f" need {last.right() + 1} px, their bar is {bar.width()}")
    return problems


def narrow_columns(window: QWidget) -> list[str]:
    """Text columns of the shown tables narrower than the first word of their text."""
    problems: list[str] = []
    for view in window.findChildren(QAbstractItemView):
        if not view.isVisible() or not isinstance(view, (QTableView, QTreeView)):
            continue
        header: QHeaderView = (view.horizontalHeader() if isinstance(view, QTableView)
                               else view.header())
        model = view.model()
        metrics = QFontMetrics(view.font())
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            words = [_first_word(text) for row in range(min(model.rowCount(), ROWS_MEASURED))
                     if isinstance(text := model.index(row, column).data(), str)]
            need = max((metrics.horizontalAdvance(w) for w in words if w), default=0)
            if need and header.sectionSize(column) < need + CELL_PADDING:
                title = model.headerData(column, header.orientation())
                problems.append(f"{type(view).__name__} column {title!r} is "
                                f"{header.sectionSize(column)} px, its words need {need}")
    return problems


def off_screen(window: QWidget) -> list[str]:
    area = window.screen().availableGeometry()
    if area.contains(window.frameGeometry()) or area.contains(window.geometry()):
        return []
    return [f"the window {window.geometry().getRect()} is larger than the screen "
            f"{area.getRect()}"]


def problems_of(window: QWidget, where: str) -> list[str]:
    settle()
    return [f"{where}: {problem}" for problem in
            (*off_screen(window), *cut_controls(window), *cut_tabs(window),
             *narrow_columns(window))]


def _wait(signal, start) -> None:  # noqa: ANN001
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(WAIT_MS, loop.quit)
    start()
    loop.exec()


def every_view(window) -> list[str]:  # noqa: ANN001 (a MainWindow)
    """The problems of every tab (with its work done: items grouped, duplicates found) and
    of the edit view."""
    found: list[str] = []
    for index in range(window.views.count()):
        window.views.setCurrentIndex(index)
        settle()
        if window.views.currentWidget() is window.calibration_tab:
            view = window.calibration_tab.view()
            _wait(view.finished, view.run_button.click)
        if window.views.currentWidget() is window.duplicates_tab:
            view = window.duplicates_tab.view()
            _wait(view.finished, view.run_button.click)
        found += problems_of(window, window.views.tabText(index))
    window.views.setCurrentIndex(0)
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    window.editing.edit_current()
    found += problems_of(window, "Edit view")
    window.editing.leave_edit()
    return found


def main(argv: list[str]) -> int:
    """Open a library in a window sized as a first start would, and print what does not fit."""
    from curator.gui.shell.app import make_application
    from curator.gui.shell.main_window import MainWindow

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, argv[1])
    window = MainWindow(Path(argv[0]))
    window.show()
    found = every_view(window)
    print("\n".join(found) or "fits")
    window.close()
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
