"""The one table of search fields: the parser, the SQL compiler, completion and help read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..vocabulary import SECTIONS, Status

Kind = Literal["text", "list", "pair", "status", "items", "score", "flag"]

CONTAINS, EQUALS, RANGE = "contains", "equals", "range"
COMPARISONS = (">=", "<=", ">", "<")
STATUSES = tuple(status.value for status in Status)
FLAG_VALUES = ("yes", "no")

SECTION_FIELDS = {
    "signal": "signals",
    "concern": "concerns",
    "behavior": "behaviors",
    "technology": "technologies",
    "issue": "issues",
}
"""Field name of each item section: `signal:` searches the `signals` section."""
assert tuple(SECTION_FIELDS.values()) == SECTIONS

ITEM_TEXT_COLUMNS = ("name", "description", "change", "ten_year", "driving_force", "src")
"""An item's text cells, as columns of the items table and attributes of the model."""


@dataclass(frozen=True)
class Field:
    """One field of the search language."""

    name: str
    kind: Kind
    help: str
    example: str
    column: str = ""
    """The entries column (text, pair and status fields), or the items column (scores)."""
    section: str | None = None
    """The section an item field is limited to, None for any."""
    ordered: bool = False
    """Whether the text field also takes comparisons and ranges (`page:>=20230601`)."""
    item_level: bool = False
    """Whether it is a property of one item (the Items tab applies it to each item)."""

    @property
    def operators(self) -> tuple[str, ...]:
        if self.kind == "score" or self.ordered:
            return (EQUALS, *COMPARISONS, RANGE) + ((CONTAINS,) if self.ordered else ())
        return (CONTAINS, EQUALS)


def _fields() -> dict[str, Field]:
    table = [
        Field("title", "text", "the title contains VALUE", 'title:"heat pump"', "title"),
        Field("summary", "text", "the summary contains VALUE", "summary:battery", "summary"),
        Field("notes", "text", "the analyst's notes contain VALUE", "notes:follow-up", "notes"),
        Field("url", "text", "the link contains VALUE", "url:europa.eu", "url"),
        Field("page", "text", "the scan page contains VALUE; compared as text (YYYYMMDD)",
              "page:20230101..20231231", "page", ordered=True),
        Field("id", "text", "the entry id contains VALUE", "id:=3f2a9c0d11e4b7a8", "id"),
        Field("keyword", "list", "some keyword contains VALUE", "keyword:=hydrogen"),
        Field("theme", "list", "some theme contains VALUE", "theme:energy"),
        Field("category", "pair", "the category contains VALUE", "category:=technology",
              "category"),
        Field("type", "pair", "the type contains VALUE", "type:report", "type"),
        Field("status", "status", f"the status is VALUE ({', '.join(STATUSES)})",
              "status:approved", "status"),
    ]
    for name, section in SECTION_FIELDS.items():
        table.append(Field(name, "items", f"some {name} has a text cell that contains VALUE",
                           f"{name}:battery", section=section, item_level=True))
    table.append(Field("item", "items", "some item of any section has a text cell that "
                       "contains VALUE", "item:sensor", item_level=True))
    table += [
        Field("relevancy", "score", "some item's current score is N, or compares (>N, >=N, "
              "<N, <=N), or lies in N..M", "relevancy:>=4", "relevancy", item_level=True),
        Field("imported", "score", "some item's imported score, as for relevancy",
              "imported:1..2", "relevancy_imported", item_level=True),
    ]
    for name, section in SECTION_FIELDS.items():
        for score, column in (("relevancy", "relevancy"), ("imported", "relevancy_imported")):
            table.append(Field(f"{name}.{score}", "score", f"as {score}, on {section} only",
                               f"{name}.{score}:5", column, section=section, item_level=True))
    table += [
        Field("changed", "flag", "yes: some item's score differs from its imported score; "
              "no: none does", "changed:yes", item_level=True),
        Field("reviewed", "flag", "yes: some item has been reviewed; no: some item has not",
              "reviewed:no", item_level=True),
    ]
    return {f.name: f for f in table}


FIELDS = _fields()
OTHER_PREFIX = "other."
OTHER = Field("other.KEY", "pair", "the value of the Other key KEY contains VALUE",
              "other.Region:=EU")
COMPLETED_VALUES = ("keyword", "theme", "category", "type", "status")
"""Fields whose values the search field completes from the library."""


def lookup(name: str) -> Field | None:
    """The field a name in a query means (any case), or None if there is none."""
    lowered = name.lower()
    if lowered.startswith(OTHER_PREFIX) and len(name) > len(OTHER_PREFIX):
        return OTHER
    return FIELDS.get(lowered)


def field_names() -> list[str]:
    """Every field name, as the help and the completion list them."""
    return [*FIELDS, OTHER.name]
