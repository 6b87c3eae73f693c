"""Render Curator's windows offscreen to PNG files, for the README and for review.

Run: `QT_QPA_PLATFORM=offscreen python -m curator.gui.screenshots resources/`
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ..core.importer import import_paths  # noqa: E402
from ..core.paths import samples_folder  # noqa: E402
from ..core.store import Filter, Library  # noqa: E402
from .app import make_application  # noqa: E402


def main_window_shot(folder: Path, output: Path) -> None:
    """The main window over the sample library, one entry selected, a keyword chosen."""
    from .main_window import MainWindow

    library_path = folder / "samples.db"
    with Library(library_path) as library:
        import_paths(library, [samples_folder()])
        library.set_status(library.ids(Filter())[:3], "approved")
    window = MainWindow(library_path)
    window.resize(1500, 900)
    window.show()
    window.set_filter(Filter(include=frozenset({("keyword", "renewable energy")})))
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    QApplication.processEvents()
    window.grab().save(str(output))
    window.close()


def edit_view_shot(folder: Path, output: Path) -> None:
    """The edit view of an entry, with an invalid link and relevancy marked where they are."""
    from .main_window import MainWindow

    library_path = folder / "edit.db"
    with Library(library_path) as library:
        import_paths(library, [samples_folder()])
    window = MainWindow(library_path)
    window.resize(1500, 900)
    window.splitter.setSizes([220, 560, 720])
    window.show()
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    window.edit_current()
    editor = window.editor
    editor.general.url_edit.setText("ftp://files.example.org/report.pdf")
    editor.general.notes_edit.setPlainText("Check the heat figures against the city's own data.")
    editor.errors()  # run the pending check now, so the marks are drawn
    QApplication.processEvents()
    window.grab().save(str(output))
    editor.load(window.library.get_entry(editor.entry_id), editor.version)
    window.close()


def review_shot(folder: Path, output: Path) -> None:
    """Review mode mid-session: one item large, a score lowered with its reason."""
    from PySide6.QtCore import Qt

    from .main_window import MainWindow

    library_path = folder / "review.db"
    with Library(library_path) as library:
        import_paths(library, [samples_folder()])
    window = MainWindow(library_path)
    window.resize(1500, 900)
    window.show()
    window.review._ask_reason = lambda parent: "Overlaps the grid-storage signal"
    window.review_filter()
    for key in (Qt.Key.Key_4, Qt.Key.Key_Space, Qt.Key.Key_R, Qt.Key.Key_2):
        window.review.keyPressEvent(_key_event(key))
    window.review.keyPressEvent(_key_event(Qt.Key.Key_Left))
    QApplication.processEvents()
    window.grab().save(str(output))
    window.review.finished.emit()
    window.close()


def stats_shot(folder: Path, output: Path) -> None:
    """The statistics view: imported against current scores after some review."""
    from .main_window import MainWindow

    library_path = folder / "stats.db"
    with Library(library_path) as library:
        import_paths(library, [samples_folder()])
        for entry_id in library.ids(Filter())[:4]:
            entry = library.get_entry(entry_id)
            for position, item in enumerate(entry.signals):
                library.set_relevancy(entry_id, "signals", position, max(1, item.relevancy - 1))
    window = MainWindow(library_path)
    window.resize(1500, 900)
    window.show()
    window.views.setCurrentWidget(window.stats_view)
    QApplication.processEvents()
    window.grab().save(str(output))
    window.close()


def _key_event(key):
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "resources")
    target.mkdir(parents=True, exist_ok=True)
    make_application()
    with tempfile.TemporaryDirectory() as scratch:
        # Keep the user's own window settings out of the picture, and this run out of theirs.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        main_window_shot(Path(scratch), target / "screenshot-main.png")
        edit_view_shot(Path(scratch), target / "screenshot-edit.png")
        review_shot(Path(scratch), target / "screenshot-review.png")
        stats_shot(Path(scratch), target / "screenshot-statistics.png")
    print(f"wrote the screenshots to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
