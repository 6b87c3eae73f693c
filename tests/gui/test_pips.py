"""Every pip delegate shows the score as a number beside its pips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from curator.gui.edit.delegates import RelevancyDelegate as EditDelegate
from curator.gui.edit.item_model import RELEVANCY_VALUE_ROLE
from curator.gui.review.items_table import ScoreDelegate
from curator.gui.widgets.cell_delegates import RelevancyDelegate

WHITE = QColor("white")


def _paint(qtbot, delegate_type: type, value: int) -> tuple[QImage, int]:
    """The cell of one score, painted by the delegate; and where its pips end."""
    model = QStandardItemModel(1, 1)
    item = QStandardItem()
    item.setData(value, Qt.ItemDataRole.DisplayRole)
    item.setData(value, RELEVANCY_VALUE_ROLE)
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = delegate_type(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, 160, view.fontMetrics().height() + 8)
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    image.fill(WHITE)
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0, 0))
    painter.end()
    return image, delegate.MARGIN + 5 * delegate.PIP + 4 * delegate.GAP


def _beside(image: QImage, pips_end: int) -> list[int]:
    """The dark pixels right of the pips, as (x, y) positions flattened."""
    return [x * 1000 + y for x in range(pips_end + 2, image.width())
            for y in range(image.height()) if image.pixelColor(x, y).lightness() < 160]


@pytest.mark.parametrize("delegate_type", [RelevancyDelegate, ScoreDelegate, EditDelegate])
def test_the_score_is_written_beside_the_pips(qtbot, delegate_type: type) -> None:
    two, pips_end = _paint(qtbot, delegate_type, 2)
    five, _ = _paint(qtbot, delegate_type, 5)
    assert _beside(two, pips_end), "nothing written beside the pips"
    assert _beside(two, pips_end) != _beside(five, pips_end)  # the number is the score's
