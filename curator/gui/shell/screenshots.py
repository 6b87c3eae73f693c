"""Render Curator's windows offscreen to PNG files, for the README and for review.

Run: `QT_QPA_PLATFORM=offscreen python -m curator.gui.shell.screenshots resources/`
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from ...core import operations as ops  # noqa: E402
from ...core.paths import samples_folder  # noqa: E402
from ...core.store import By, Filter, ItemKey, Library  # noqa: E402
from ..review.shots import add_planted_duplicates, duplicates_shot  # noqa: E402
from ..transfer.shots import export_dialog_shot, report_sample_shot  # noqa: E402
from .app import make_application  # noqa: E402
from .layout_shots import calibration_shot, items_shot, scaled_shot  # noqa: E402
from .palette import dark_palette, use_palette  # noqa: E402


def _sample_window(folder: Path, name: str, prepare: Callable[[Library], None] | None = None,
                   size: tuple[int, int] = (1366, 768),
                   panes: list[int] | None = None):  # -> MainWindow
    """A window over a fresh copy of the sample library, first entry current."""
    from .main_window import MainWindow

    library_path = folder / f"{name}.db"
    with Library(library_path) as library:
        ops.import_files(library, [samples_folder()])
        if prepare:
            prepare(library)
    window = MainWindow(library_path)
    window.resize(*size)
    if panes:
        window.splitter.setSizes(panes)
    window.show()
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    return window


def _save(widget: QWidget, output: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(output))


def _approve_three(library: Library) -> None:
    ops.set_status(library, library.entries.ids(Filter())[:3], "approved", by=By.EDIT)


def main_window_shot(folder: Path, output: Path) -> None:
    """The main window over the sample library, one entry selected, a keyword chosen."""
    window = _sample_window(folder, "main", _approve_three)
    window.set_filter(Filter(include=frozenset({("keyword", "renewable energy")})))
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    _save(window, output)
    window.close()


def edit_view_shot(folder: Path, output: Path) -> None:
    """The edit view of an entry, with an invalid link marked where it is."""
    window = _sample_window(folder, "edit")
    window.editing.edit_current()
    editor = window.editor
    editor.general.url_edit.setText("ftp://files.example.org/report.pdf")
    editor.general.notes_edit.setPlainText("Check the heat figures against the city's own data.")
    editor.errors()  # run the pending check now, so the marks are drawn
    _save(window, output)
    editor.load(window.library.entries.get(editor.entry_id), editor.version)
    window.close()


def review_shot(folder: Path, output: Path) -> None:
    """Review mode mid-session: one item large, a score lowered with its reason."""
    window = _sample_window(folder, "review")
    window.review._ask_reason = lambda parent: "Overlaps the grid-storage signal"
    window.reviewing.review_filter()
    for key in (Qt.Key.Key_4, Qt.Key.Key_Space, Qt.Key.Key_R, Qt.Key.Key_2, Qt.Key.Key_Left):
        window.review.keyPressEvent(
            QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
    _save(window, output)
    window.review.finished.emit()
    window.close()


def _lower_some_signals(library: Library) -> None:
    for entry_id in library.entries.ids(Filter())[:4]:
        entry = library.entries.get(entry_id)
        for position, item in enumerate(entry.signals):
            ops.set_score(library, ItemKey(entry_id, "signals", position),
                          max(1, item.relevancy - 1), by=By.EDIT)


def stats_shot(folder: Path, output: Path) -> None:
    """The statistics view: imported against current scores after some review."""
    window = _sample_window(folder, "stats", _lower_some_signals)
    window.views.setCurrentWidget(window.stats_tab)
    _save(window, output)
    window.close()


def dark_shot(folder: Path, output: Path) -> None:
    """The main window in a dark palette."""
    app = QApplication.instance()
    use_palette(app, dark_palette())
    try:
        main_window_shot(folder, output)
    finally:
        use_palette(app, None)


def _dialog_shot(folder: Path, output: Path, make: Callable[[QWidget], QDialog],
                 size: tuple[int, int] | None = None, name: str = "") -> None:
    window = _sample_window(folder, name or output.stem, size=(1200, 760))
    dialog = make(window)
    if size:
        dialog.resize(*size)
    dialog.show()
    _save(dialog, output)
    dialog.close()
    window.close()


def about_shot(folder: Path, output: Path) -> None:
    """Help → About over the sample library, kept where a user keeps one: in a folder of the
    home folder, which About shows from "~" (here a home made in the scratch folder)."""
    from .about import AboutDialog

    home = folder / "home"
    library_folder = home / "Documents" / "Horizon scanning"
    library_folder.mkdir(parents=True, exist_ok=True)
    was = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        _dialog_shot(library_folder, output, AboutDialog, name="horizon-scan")
    finally:
        if was is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = was


def shortcuts_shot(folder: Path, output: Path) -> None:
    """Help → Keyboard shortcuts, as it opens: every shortcut, nothing searched."""
    from .about import ShortcutsDialog

    _dialog_shot(folder, output, ShortcutsDialog, (760, 640))


def export_shot(folder: Path, output: Path) -> None:
    """File → Export… over a search, three entries selected, a PDF report chosen."""
    window = _sample_window(folder, "export", size=(1366, 768))
    window.set_filter(Filter(search="energy"))
    export_dialog_shot(window, window.library, window.model.filter,
                       frozenset(window.library.entries.ids(Filter())[:3]), output)
    window.close()


def duplicates_tab_shot(folder: Path, output: Path) -> None:
    """The Duplicates tab at a laptop's size: a group found, its merge view below."""
    window = _sample_window(folder, "duplicates", add_planted_duplicates, size=(1366, 768))
    window.views.setCurrentWidget(window.duplicates_tab)
    duplicates_shot(window.duplicates_tab.view(), output, window)
    window.close()


SHOTS = {
    "screenshot-main.png": main_window_shot,
    "screenshot-edit.png": edit_view_shot,
    "screenshot-review.png": review_shot,
    "screenshot-statistics.png": stats_shot,
    "screenshot-dark.png": dark_shot,
    "screenshot-about.png": about_shot,
    "screenshot-shortcuts.png": shortcuts_shot,
    "screenshot-export.png": export_shot,
    "screenshot-report.png": report_sample_shot,
    "screenshot-duplicates.png": duplicates_tab_shot,
    "screenshot-items.png": items_shot,
    "screenshot-calibration.png": calibration_shot,
    "screenshot-scaled.png": scaled_shot,
}


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "resources")
    target.mkdir(parents=True, exist_ok=True)
    make_application()
    with tempfile.TemporaryDirectory() as scratch:
        # Keep the user's own window settings out of the picture, and this run out of theirs.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        for name, shot in SHOTS.items():
            shot(Path(scratch), target / name)
    print(f"wrote {len(SHOTS)} screenshots to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
