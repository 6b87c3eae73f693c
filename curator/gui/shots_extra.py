"""Render the dark main window, the About dialog and the shortcut table offscreen to PNGs.

Run: `QT_QPA_PLATFORM=offscreen python -m curator.gui.shots_extra resources/`
(`python -m curator.gui.screenshots` renders the light main window and the edit view).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from ..core.importer import import_paths  # noqa: E402
from ..core.paths import samples_folder  # noqa: E402
from ..core.store import Library  # noqa: E402
from .app import make_application  # noqa: E402
from .palette import dark_palette, use_palette  # noqa: E402
from .screenshots import main_window_shot  # noqa: E402

SHOTS = ("screenshot-dark.png", "screenshot-about.png", "screenshot-shortcuts.png")


def _sample_window(folder: Path):  # -> MainWindow
    from .main_window import MainWindow

    library_path = folder / "help.db"
    with Library(library_path) as library:
        import_paths(library, [samples_folder()])
    window = MainWindow(library_path)
    window.resize(1200, 760)
    window.show()
    window.list_view.setCurrentIndex(window.model.index(0, 0))
    QApplication.processEvents()
    return window


def _dialog_shot(dialog: QDialog, output: Path) -> None:
    dialog.show()
    QApplication.processEvents()
    dialog.grab().save(str(output))
    dialog.close()


def about_shot(folder: Path, output: Path) -> None:
    """Help → About over the sample library."""
    from .about import AboutDialog

    window = _sample_window(folder)
    _dialog_shot(AboutDialog(window), output)
    window.close()


def shortcuts_shot(folder: Path, output: Path) -> None:
    """Help → Keyboard shortcuts, as it opens: every shortcut, nothing searched."""
    from .about import ShortcutsDialog

    window = _sample_window(folder)
    dialog = ShortcutsDialog(window)
    dialog.resize(760, 640)
    _dialog_shot(dialog, output)
    window.close()


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "resources")
    target.mkdir(parents=True, exist_ok=True)
    app = make_application()
    with tempfile.TemporaryDirectory() as scratch:
        # Keep the user's own window settings out of the picture, and this run out of theirs.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        about_shot(Path(scratch), target / SHOTS[1])
        shortcuts_shot(Path(scratch), target / SHOTS[2])
        use_palette(app, dark_palette())
        main_window_shot(Path(scratch), target / SHOTS[0])
        use_palette(app, None)
    print("wrote " + ", ".join(str(target / name) for name in SHOTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
