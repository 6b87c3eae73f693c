"""Starting the program: a missing display is a clear message, not a Qt abort."""

from __future__ import annotations

from curator.gui.shell.app import no_display


def test_no_display_is_explained(monkeypatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert "xvfb-run" in no_display()
    monkeypatch.setenv("DISPLAY", ":0")
    assert no_display() is None
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert no_display() is None
