"""Curator's own words for every validation problem: one table, used by the forms and the importers.

pydantic names a problem by its error type (`missing`, `less_than_equal`, or one of the
model's own such as `not_blank`) and says where by a path (`('signals', 2, 'relevancy')`).
Its messages ("Field required", "Input should be less than or equal to 5") name neither
the field nor the fix, so no user ever sees them: each type has a sentence here, and each
path a place an analyst recognises ("Signal 3 'Heat pumps'", "Keyword 2", "Title").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .model import SECTIONS

Loc = tuple[str | int, ...]

FIELD_LABELS: dict[str, str] = {
    # the entry
    "id": "Id",
    "title": "Title",
    "page": "Page",
    "url": "Link",
    "keywords": "Keywords",
    "themes": "Themes",
    "other": "Other",
    "summary": "Summary",
    "signals": "Signals",
    "concerns": "Concerns",
    "behaviors": "Behaviors",
    "technologies": "Technologies",
    "issues": "Issues",
    "extra_sections": "Extra sections",
    "status": "Status",
    "notes": "Notes",
    "source": "Source",
    "updated_at": "Last change time",
    # a scored item
    "relevancy": "Relevancy",
    "relevancy_imported": "Imported relevancy",
    "reviewed": "Reviewed mark",
    "extra": "Extra columns",
    "name": "Name",
    "description": "Description",
    "change": "Change",
    "ten_year": "10-year",
    "driving_force": "Driving force",
    "src": "Source",
    # where an entry came from
    "file": "Source file",
    "sha256": "Source checksum",
    "imported_at": "Import time",
    # an extra section
    "columns": "Column names",
    "rows": "Rows",
    # an export file's envelope
    "format": "Format",
    "version": "Version",
    "exported_at": "Export time",
    "app_version": "Curator version",
    "filter": "Filter",
    "count": "Count",
    "entries": "Entries",
}
"""The label of each field, as the edit view and the seed format name it."""

ITEM_NOUNS = {"signals": "Signal", "concerns": "Concern", "behaviors": "Behavior",
              "technologies": "Technology", "issues": "Issue"}
LIST_NOUNS = {"keywords": "Keyword", "themes": "Theme"}

RELEVANCY_RULE = "must be a whole number from 1 to 5"
WHEN_RULE = "must be a date and time such as 2024-05-01T09:30:00+00:00"

MESSAGES: dict[str, str] = {
    # pydantic's own error types that the models can raise
    "missing": "{field} must be given",
    "extra_forbidden": "Field '{field}' is not one Curator knows; remove it",
    "string_type": "{field} must be text",
    "int_type": "{field} must be a whole number",
    "int_parsing": "{field} must be a whole number",
    "int_from_float": "{field} must be a whole number",
    "greater_than_equal": "{field} must be {ge} or more",
    "less_than_equal": "{field} must be {le} or less",
    "bool_type": "{field} must be true or false",
    "bool_parsing": "{field} must be true or false",
    "list_type": "{field} must be a list",
    "dict_type": "{field} must be a set of names and values",
    "model_type": "{field} must be a set of names and values",
    "model_attributes_type": "{field} must be a set of names and values",
    "enum": "{field} must be one of {expected}",
    "literal_error": "{field} must be {expected}",
    "string_pattern_mismatch": "{field} is not in the expected form",
    "datetime_type": "{field} " + WHEN_RULE,
    "datetime_parsing": "{field} " + WHEN_RULE,
    "datetime_from_date_parsing": "{field} " + WHEN_RULE,
    "datetime_object_invalid": "{field} " + WHEN_RULE,
    # the model's own (PydanticCustomError types in curator.core.model)
    "not_blank": "{field} must not be empty",
    "one_line": "{field} must be a single line, without line breaks",
    "control_char": "{field} must not hold control characters (U+{code} here, invisible)",
    "cell_pipe": "{field} must not start with '|'",
    "column_pipe": "Column name must not start with '|'",
    "extra_key": "Column name '{key}' is taken by a column Curator knows; rename the column",
    "column_repeat": "Column names must differ (ignoring case)",
    "section_name": "Section name must not be one Curator knows (Keywords, Signals …); give "
                    "the section another name",
    "section_colon": "Section name must not end with ':'",
    "section_dash": "Section name must not start with '-' or '|'",
    "row_width": "Row {row} has {cells} cells; the section's header has {width}",
    "empty_bullet": "A list item must not be empty; remove it or fill it in",
    "summary_section": "Summary line '{line}' would read back as a section name; change or "
                       "remove that line",
    "summary_list": "Summary line '{line}' followed by a list would read back as a section of "
                    "its own; add a line of text after the list",
    "page": "Page must not be empty or hold parentheses",
    "title_page": "Title must not end with '(from page …)'; put the page in the Page field",
    "title_bom": "Title must not start with a byte order mark",
    "title_section": "Title must not be a section name or an 'External link' line",
    "url": "Link must start with http:// or https://",
    "other_key": "Other key '{key}' must not contain ':'",
    "section_repeat": "Extra section names must differ (ignoring case)",
}
"""Every sentence, by error type; `{field}` is the field's label, the rest the error's context."""

FIELD_MESSAGES: dict[tuple[str, str], str] = {
    ("relevancy", "missing"): "{field} " + RELEVANCY_RULE,
    ("relevancy", "int_type"): "{field} " + RELEVANCY_RULE,
    ("relevancy", "int_parsing"): "{field} " + RELEVANCY_RULE,
    ("relevancy", "int_from_float"): "{field} " + RELEVANCY_RULE,
    ("relevancy", "greater_than_equal"): "{field} " + RELEVANCY_RULE,
    ("relevancy", "less_than_equal"): "{field} " + RELEVANCY_RULE,
    ("relevancy_imported", "int_type"): "{field} " + RELEVANCY_RULE + ", or empty",
    ("relevancy_imported", "greater_than_equal"): "{field} " + RELEVANCY_RULE + ", or empty",
    ("relevancy_imported", "less_than_equal"): "{field} " + RELEVANCY_RULE + ", or empty",
    ("id", "string_pattern_mismatch"): "{field} must be 16 characters of 0-9 and a-f",
    ("count", "greater_than_equal"): "{field} must be 0 or more",
}
"""Where a field's rule says more than the type's sentence (a relevancy's range)."""

FALLBACK = "{field} has a value Curator cannot use"


@dataclass(frozen=True)
class Problem:
    """One validation problem in Curator's words: the sentence and where it is."""

    loc: Loc
    text: str
    """The sentence alone, naming the field: "Relevancy must be a whole number from 1 to 5"."""
    where: str = ""
    """The item or list element it is in ("Signal 3 'Heat pumps'", "Keyword 2"), or ''."""
    kind: str = ""
    """The error type the sentence was chosen by."""

    @property
    def path(self) -> str:
        """The loc as a dotted path: `signals.2.relevancy`, `title`, `keywords.0`."""
        return ".".join(str(part) for part in self.loc)

    def __str__(self) -> str:
        return place(self.where, self.text)


def place(where: str, text: str) -> str:
    """A sentence said of a place: "Keyword 2 must not be empty" (a sentence about the
    place's own noun says it once), "Signal 3 'Heat pumps': relevancy must be …"."""
    if not where:
        return text
    numbered = _NUMBERED.match(where)
    noun = numbered.group(1) if numbered else where.split(" ", 1)[0]
    if text.startswith(noun + " must "):
        return f"{where} {text[len(noun) + 1:]}"
    return f"{where}: {text[:1].lower()}{text[1:]}"


def problems(error: ValidationError, data: Any = None) -> list[Problem]:
    """Each problem pydantic found, in Curator's words; `data`, what was validated, lends
    items their names."""
    return [problem(tuple(e["loc"]), e["type"], dict(e.get("ctx") or {}), data)
            for e in error.errors(include_url=False)]


def first_problem(error: ValidationError, data: Any = None) -> Problem:
    """The first problem, as a reader that stops at one reports it."""
    return problems(error, data)[0]


def problem(loc: Loc, kind: str, ctx: Mapping[str, Any] | None = None,
            data: Any = None) -> Problem:
    """The problem of one error type at one path."""
    ctx = dict(ctx or {})
    where, name = _where(loc, data)
    template = FIELD_MESSAGES.get((name, kind)) or MESSAGES.get(kind, FALLBACK)
    values = {key: _shown(value) for key, value in ctx.items()}
    values["field"] = (str(loc[-1]) if kind == "extra_forbidden" and loc
                       else _subject(loc, name, where))
    values.setdefault("row", str(int(ctx["index"]) + 1) if "index" in ctx else "")
    try:
        text = template.format(**values)
    except (KeyError, IndexError, ValueError):
        text = FALLBACK.format(field=values["field"])
    return Problem(loc, text, where, kind)


def item_place(section: str, index: int, name: str = "") -> str:
    """An item as the analyst finds it: "Signal 2 'Heat pumps'" (its name if it has one)."""
    where = f"{ITEM_NOUNS.get(section, section.capitalize())} {index + 1}"
    name = _clean(name)
    if name:
        where += f" '{name if len(name) <= 40 else name[:39] + '…'}'"
    return where


def bad_relevancy(where: str, given: str) -> str:
    """A relevancy cell that is no whole number from 1 to 5, said of its item."""
    return place(where, f"Relevancy {RELEVANCY_RULE}, not {given!r}")


def item_name(item: Any) -> str:
    """What an item is called: its name, or for a technology (which has none) its text."""
    if not isinstance(item, Mapping):
        return ""
    for key in ("name", "description"):
        value = _clean(item.get(key))
        if value:
            return value
    return ""


def _clean(value: Any) -> str:
    """A name fit to quote in a message: one printable line (else none at all)."""
    if not isinstance(value, str) or "\n" in value or "\r" in value:
        return ""
    value = " ".join(value.split())
    return value if value.isprintable() and not value.startswith("|") else ""


# -- where a path points ----------------------------------------------------------------------


def _where(loc: Loc, data: Any) -> tuple[str, str]:
    """The place a path names, and the name of the field it ends on."""
    if not loc:
        return "", ""
    head = str(loc[0])
    if head in SECTIONS and len(loc) >= 2 and isinstance(loc[1], int):
        item = _at(data, head, loc[1])
        field = str(loc[2]) if len(loc) >= 3 else ""
        return item_place(head, loc[1], item_name(item)), field
    if head in LIST_NOUNS and len(loc) >= 2 and isinstance(loc[1], int):
        return f"{LIST_NOUNS[head]} {loc[1] + 1}", head
    if head == "other" and len(loc) >= 2:
        return f"Other '{loc[1]}'", "other"
    if head == "extra_sections" and len(loc) >= 2 and isinstance(loc[1], int):
        section = _at(data, head, loc[1])
        name = _clean(section.get("name")) if isinstance(section, Mapping) else ""
        where = f"Section '{name}'" if name else f"Extra section {loc[1] + 1}"
        if len(loc) >= 4 and loc[2] == "rows" and isinstance(loc[3], int):
            where += f", row {loc[3] + 1}"
        elif len(loc) >= 4 and loc[2] == "columns" and isinstance(loc[3], int):
            where += f", column {loc[3] + 1}"
        return where, str(loc[2]) if len(loc) >= 3 else ""
    # A field of the entry (`title`), or of where it came from (`source.file`).
    return "", (str(loc[-1]) if head == "source" else head)


def _subject(loc: Loc, name: str, where: str) -> str:
    """What the sentence is about: the field's label, or the element's noun."""
    head = str(loc[0]) if loc else ""
    if head in LIST_NOUNS and where:
        return LIST_NOUNS[head]
    if head == "other" and len(loc) >= 2:
        return "Key" if loc[-1] == "[key]" else "Value"
    if head in SECTIONS and len(loc) >= 4 and loc[2] == "extra":
        return "Column name" if loc[-1] == "[key]" else str(loc[3])[:1].upper() + str(loc[3])[1:]
    if head == "extra_sections" and len(loc) >= 3:
        if loc[2] == "columns":
            return "Column name" if len(loc) >= 4 else "Column names"
        return {"rows": "Cell", "name": "Section name"}.get(
            str(loc[2]), FIELD_LABELS.get(str(loc[2]), str(loc[2])))
    if head in SECTIONS and len(loc) == 2:
        return ITEM_NOUNS[head]
    if head == "extra_sections" and len(loc) == 2:
        return "Section" if where.startswith("Section ") else "Extra section"
    if not loc:
        return "The file"
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize() or "The value")


def _at(data: Any, key: str, index: int) -> Any:
    if isinstance(data, Mapping):
        values = data.get(key)
        if isinstance(values, Sequence) and not isinstance(values, str) \
                and 0 <= index < len(values):
            return values[index]
    return None


_NUMBERED = re.compile(r"(\D+?) \d")
_QUOTED = re.compile(r"'([^']*)'")


def _shown(value: Any) -> str:
    # pydantic's `expected` reads "'new', 'reviewed' or 'approved'": the quotes go.
    text = str(value)
    return _QUOTED.sub(r"\1", text) if "'" in text and " or " in text else text
