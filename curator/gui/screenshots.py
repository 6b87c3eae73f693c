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
    print(f"wrote {target / 'screenshot-main.png'} and {target / 'screenshot-edit.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
