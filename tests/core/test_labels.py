"""Stored values as people read them: a scan page as a date."""

from __future__ import annotations

import pytest

from curator.core.labels import page_label


@pytest.mark.parametrize(
    ("page", "shown"),
    [("20221217", "17 Dec 2022"), ("20230521", "21 May 2023"), ("20230229", "20230229"),
     ("20221399", "20221399"), ("2022121", "2022121"), ("p. 12", "p. 12"), ("p-12", "p-12"),
     ("２０２２１２１７", "２０２２１２１７"), (None, ""), ("", "")],
)
def test_page_as_date_when_it_is_one(page: str | None, shown: str) -> None:
    assert page_label(page) == shown
