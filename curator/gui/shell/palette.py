"""Colour palettes. Curator follows the system's palette; this dark one renders screenshots.

Widgets take their colours from `palette()` (and pick their own accents by its lightness,
as `edit.marks.is_dark` does), so the same code reads well in a light or a dark palette.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

_DARK = {
    Role.Window: "#242427",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#2d2d31",
    Role.AlternateBase: "#333338",
    Role.ToolTipBase: "#3a3a3e",
    Role.ToolTipText: "#e8e8e8",
    Role.PlaceholderText: "#8e8e93",
    Role.Text: "#e8e8e8",
    Role.Button: "#36363b",
    Role.ButtonText: "#e8e8e8",
    Role.BrightText: "#ff8a80",
    Role.Light: "#505056",
    Role.Midlight: "#414147",
    Role.Mid: "#2a2a2e",
    Role.Dark: "#151517",
    Role.Shadow: "#000000",
    Role.Highlight: "#3a6fd8",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#79b8ff",
    Role.LinkVisited: "#c3a6ff",
    Role.Accent: "#3a6fd8",
}

_DARK_DISABLED = {
    Role.WindowText: "#7c7c80",
    Role.Text: "#7c7c80",
    Role.ButtonText: "#7c7c80",
    Role.PlaceholderText: "#5e5e62",
    Role.Highlight: "#45454a",
    Role.HighlightedText: "#a8a8ac",
    Role.Base: "#28282b",
    Role.Button: "#2e2e32",
}


def dark_palette() -> QPalette:
    """A complete dark palette (every role, disabled colours too), for the Fusion style.

    Fields and lists (Base) are lighter than the window around them: Fusion draws their
    frames a shade darker than the window, which on a darker Base would not show.
    """
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(Group.All, role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def use_palette(app: QApplication, palette: QPalette | None) -> None:
    """Switch the application to `palette`, or back to the system's with None.

    Fusion draws every palette faithfully; a native style may ignore parts of a custom one.
    """
    if palette is not None:
        app.setStyle("Fusion")
        app.setPalette(palette)
    else:
        app.setPalette(QPalette())  # a palette that sets nothing: the system's again
