"""How stored values read to people, the same in the window and in the report."""

from __future__ import annotations

from datetime import date

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def page_label(page: str | None) -> str:
    """A scan page as a date ("17 Dec 2022") when it is a valid YYYYMMDD, else as it is."""
    if not page:
        return ""
    if len(page) == 8 and page.isascii() and page.isdigit():
        try:
            day = date(int(page[:4]), int(page[4:6]), int(page[6:]))
        except ValueError:
            return page
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return page
