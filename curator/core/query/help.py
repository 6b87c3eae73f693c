"""The search syntax explained, generated from the table of fields the parser reads."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import FIELDS, OTHER, Field


@dataclass(frozen=True)
class HelpSection:
    """A titled part of the help: rows of (syntax, meaning)."""

    title: str
    rows: tuple[tuple[str, str], ...]
    note: str = ""


OPERATORS = (
    ("heat pump", "both words appear anywhere in the entry (AND); a word matches words "
                  "starting with it"),
    ('"heat pump"', "the words appear together, whole (\"AI\" finds AI, not air)"),
    ("heat OR sepsis", "either holds"),
    ("-sparse   NOT sparse", "the term does not hold"),
    ("(a OR b) c", "parentheses group; NOT binds tightest, then AND, then OR"),
    ("FIELD:VALUE", "the field contains VALUE, ignoring case in every script"),
    ("FIELD:=VALUE", "the field equals VALUE (ignoring case)"),
    ('FIELD:"two words"', "a value with spaces is quoted; \\\" is a quote inside it"),
    ("relevancy:>=4  <4  >4  <=4  2..4", "comparisons and inclusive ranges, for scores "
                                         "and page"),
)

EXAMPLES = (
    ("category:=technology signal.relevancy:5 battery -status:approved",
     "technology entries with a signal scored 5 that mention batteries, not yet approved"),
    ("page:>=20230601 changed:yes", "entries from pages after June 2023 whose scores changed"),
    ("keyword:=hydrogen OR theme:energy", "entries with the keyword hydrogen or an energy "
                                          "theme"),
    ('title:"heat pump" -reviewed:yes', "heat pumps in the title, no item reviewed yet"),
    ("other.Region:=EU", "entries whose Other value Region is EU"),
)

NOTE = ("Each term is tested on its own: signal.relevancy:5 signal:battery finds entries "
        "with some signal scored 5 and some signal mentioning batteries, not necessarily "
        "the same one. In the Items tab each term is tested on the item itself.")


def _row(field: Field) -> tuple[str, str]:
    return f"{field.name}:", field.help


def help_sections() -> list[HelpSection]:
    """The whole help: operators, each group of fields, examples."""
    groups = (
        ("Entry text", ("text", "list", "pair", "status")),
        ("Items", ("items",)),
        ("Scores and review", ("score", "flag")),
    )
    sections = [HelpSection("Operators", OPERATORS)]
    for title, kinds in groups:
        rows = [_row(f) for f in FIELDS.values() if f.kind in kinds]
        if "pair" in kinds:
            rows.append(_row(OTHER))
        sections.append(HelpSection(title, tuple(rows), NOTE if title == "Items" else ""))
    sections.append(HelpSection("Examples", EXAMPLES))
    return sections


def help_text() -> str:
    """The help as plain text (for the command line and the README)."""
    lines: list[str] = []
    for section in help_sections():
        lines += [section.title, ""]
        width = max(len(syntax) for syntax, _ in section.rows)
        lines += [f"  {syntax.ljust(width)}  {meaning}" for syntax, meaning in section.rows]
        if section.note:
            lines += ["", section.note]
        lines.append("")
    return "\n".join(lines)
