"""The names the seed format and the library share (sections, their columns, statuses), kept
apart from the pydantic models so that reading the library needs no model to be imported."""

from __future__ import annotations

from enum import StrEnum

SECTIONS = ("signals", "concerns", "behaviors", "technologies", "issues")
"""The five scored tables, in the order the seed format writes them."""

SECTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "signals": ("name", "description", "change", "10-year", "driving-force", "relevancy"),
    "concerns": ("name", "description", "relevancy"),
    "behaviors": ("name", "description", "relevancy"),
    "technologies": ("description", "relevancy", "src"),
    "issues": ("name", "description", "relevancy"),
}
"""The columns each table has in the seed format, in the order they are written."""


class Status(StrEnum):
    NEW = "new"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    REJECTED = "rejected"
