"""The flow layout: wraps like words, and its remembered heights follow its contents."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from curator.gui.widgets.flow_layout import FlowLayout


def chips(qtbot, count: int) -> tuple[QWidget, FlowLayout]:
    box = QWidget()
    qtbot.addWidget(box)
    flow = FlowLayout(box)
    for n in range(count):
        flow.addWidget(QLabel(f"chip number {n}"))
    return box, flow


def test_a_narrower_width_wraps_to_more_lines(qtbot):
    _, flow = chips(qtbot, 6)
    one_line = flow.itemAt(0).sizeHint().height()
    assert flow.heightForWidth(10_000) == one_line
    assert flow.heightForWidth(flow.itemAt(0).sizeHint().width() + 1) > 5 * one_line


def test_the_height_follows_added_and_taken_widgets(qtbot):
    _, flow = chips(qtbot, 1)
    width = flow.itemAt(0).sizeHint().width() + 1  # room for one chip a line
    one = flow.heightForWidth(width)
    flow.addWidget(QLabel("another chip"))
    two = flow.heightForWidth(width)
    assert two > one  # not the height remembered for one chip
    flow.takeAt(1)
    assert flow.heightForWidth(width) == one


def test_the_height_follows_a_chip_growing(qtbot):
    box, flow = chips(qtbot, 2)
    box.show()
    label = flow.itemAt(1).widget()
    width = flow.itemAt(0).sizeHint().width() + label.sizeHint().width() + 20
    assert flow.heightForWidth(width) == label.sizeHint().height()  # one line
    label.setText(label.text() * 4)  # updateGeometry invalidates the parent's layout
    assert flow.heightForWidth(width) > label.sizeHint().height()  # two lines now
