"""The README's screenshots can be made again: every shot renders a picture of its size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from curator.gui.shell.screenshots import SHOTS


@pytest.mark.parametrize("name", sorted(SHOTS))
def test_each_shot_renders(tmp_path: Path, name: str) -> None:
    output = tmp_path / name
    SHOTS[name](tmp_path, output)
    image = QImage(str(output))
    assert not image.isNull()
    assert image.width() >= 300 and image.height() >= 200, name
    # A picture of something: more than a handful of colours (a blank grab has one or two).
    colours = {image.pixel(x, y) for x in range(0, image.width(), image.width() // 50)
               for y in range(0, image.height(), image.height() // 50)}
    assert len(colours) > 8, name
