"""The briefing report: one self-contained HTML file of a curated set, grouped and scored."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import datetime, timezone
from html import escape
from typing import IO, Any

from .exchange import Progress
from .files import atomic_text
from .labels import page_label
from .model import SECTION_TITLES, Status
from .outputs import FIELD_TITLES, SECTION_FIELDS, ExportEntry, OutputOptions, iter_entries
from .store import Filter, Library

GROUP_TITLES = {"category": "Category", "theme": "Theme", "status": "Status"}
NO_GROUP = {"category": "No category", "theme": "No theme", "status": "No status"}
ENTRY_BREAK = "<!-- entry -->\n"
"""Written before each entry (and its group's heading) of a report for print: the printer
lays the report out a few entries at a time at these marks (see report_print)."""
PIP_ON, PIP_OFF = "\u25cf", "\u25cb"  # ● ○: readable in print and without colour
SCORE_WIDTH = "14%"
"""The score column's share of an item's table, the same in every table so the columns align."""
SCORE_COLOURS = {1: "#9aa5b1", 2: "#6b8fb5", 3: "#3f7cc0", 4: "#d9822b", 5: "#c23b22"}

# Simple CSS on purpose: Qt's rich text (the PDF and print path) reads only a subset.
STYLE = """
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1f2933;
       font-size: 10pt; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 0.2em 0; }
h2 { font-size: 15pt; margin: 1.4em 0 0.4em 0; padding-bottom: 0.15em;
     border-bottom: 2px solid #3f7cc0; color: #243b53; }
h3 { font-size: 12.5pt; margin: 1.1em 0 0.2em 0; color: #102a43; }
h4 { font-size: 10.5pt; margin: 0.7em 0 0.2em 0; color: #486581; }
p { margin: 0.25em 0; }
a { color: #2364aa; }
.scope, .meta, .count, .note { color: #52606d; font-size: 9.5pt; }
.summary { margin: 0.35em 0 0.3em 0; }
.notes { margin: 0.3em 0; padding: 0.3em 0.6em; background-color: #fff8e1; }
table { border-collapse: collapse; }
table.overview td, table.overview th { padding: 2px 10px; text-align: right;
                                       border-bottom: 1px solid #d9e2ec; }
table.overview th.name, table.overview td.name { text-align: left; }
table.overview th, table.overview td.name { white-space: nowrap; }
table.items { width: 100%; margin: 0; }
table.items td { vertical-align: top; padding: 3px 6px; border-top: 1px solid #e4e7eb; }
td.score { white-space: nowrap; }
.num { font-weight: bold; font-size: 11pt; }
.pips { font-size: 9pt; letter-spacing: 1px; }
.field { color: #52606d; font-size: 9.5pt; }
.entry { page-break-inside: avoid; }
@media print {
  h2 { page-break-after: avoid; }
  h3, h4 { page-break-after: avoid; }
  a { color: #1f2933; text-decoration: none; }
}
"""
SCREEN_STYLE = "@media screen { body { margin: 2em auto; max-width: 52em; padding: 0 1em; } }"
"""A readable column in a browser. Left out of the printed report: Qt's rich text applies
every rule whatever its media, and this one would indent its tables."""


def pips(score: int) -> str:
    """A score as five pips, filled up to it."""
    return PIP_ON * score + PIP_OFF * (5 - score)


def write_report(
    library: Library,
    flt: Filter,
    out: IO[str],
    options: OutputOptions = OutputOptions(),
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    for_print: bool = False,
) -> int:
    """Write the report of a filter's entries as HTML to `out`; return the entries written.

    `for_print`: the HTML Qt lays out on pages (without the browser's screen layout).
    """
    style = STYLE if for_print else STYLE + SCREEN_STYLE
    with library.snapshot():
        order = library.outputs.report_order(flt, options.group_by)
        distribution = library.items.relevancy_distribution(flt)
        groups: dict[str, int] = {}
        for group, _ in order:
            groups[group] = groups.get(group, 0) + 1
        title = escape(options.title)
        out.write(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                  f"<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n")
        out.write(f"<h1>{title}</h1>\n")
        made = datetime.now(timezone.utc).astimezone().strftime("%d %B %Y, %H:%M")
        out.write(f'<p class="scope">Made from {escape(flt.describe())} on {made}. '
                  f"{_scope_line(options, len(order))}</p>\n")
        _overview(out, options, distribution, groups)
        group_of = dict((entry_id, group) for group, entry_id in order)
        current: str | None = None
        written = 0
        for entry in iter_entries(library, flt, order=[i for _, i in order],
                                  progress=progress, cancelled=cancelled):
            group = group_of[entry.data["id"]]
            if for_print:
                out.write(ENTRY_BREAK)
            if group != current:
                current = group
                label = group or NO_GROUP[options.group_by]
                out.write(f'<h2>{escape(GROUP_TITLES[options.group_by])}: {escape(label)} '
                          f'<span class="count">({_entries(groups[group])})</span></h2>\n')
            _entry(out, entry, options)
            written += 1
        out.write("</body>\n</html>\n")
    return written


def report_html(library: Library, flt: Filter, options: OutputOptions = OutputOptions(), *,
                progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                for_print: bool = False) -> str:
    """The report as one string (for printing: Qt lays out a whole document at once)."""
    buffer = io.StringIO()
    write_report(library, flt, buffer, options, progress=progress, cancelled=cancelled,
                 for_print=for_print)
    return buffer.getvalue()


def export_html(
    library: Library,
    flt: Filter,
    destination: str | os.PathLike[str],
    options: OutputOptions = OutputOptions(),
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the report to an HTML file, which appears under its name only when complete."""
    with atomic_text(destination) as out:
        return write_report(library, flt, out, options, progress=progress, cancelled=cancelled)


# -- parts -----------------------------------------------------------------------------


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def _scope_line(options: OutputOptions, count: int) -> str:
    parts = [f"{_entries(count)}, grouped by {options.group_by}"
             + (" (each entry under its first theme)" if options.group_by == "theme" else "")]
    if options.min_relevancy > 1:
        parts.append(f"items scored {options.min_relevancy} or more")
    if tuple(options.sections) != tuple(SECTION_TITLES):
        parts.append("sections: " + ", ".join(SECTION_TITLES[s] for s in options.sections))
    return escape("; ".join(parts) + ".")


def _overview(out: IO[str], options: OutputOptions,
              distribution: dict[str, dict[str, list[int]]], groups: dict[str, int]) -> None:
    out.write('<h2>Overview</h2>\n<table class="overview">\n<tr><th class="name">Section</th>'
              + "".join(f'<th>{s}<br><span class="pips">{pips(s)}</span></th>' for s in range(1, 6))
              + "<th>Items</th><th>Shown</th></tr>\n")
    for section in options.sections:
        counts = distribution[section]["current"]
        shown = sum(counts[options.min_relevancy - 1:])
        out.write(f'<tr><td class="name">{SECTION_TITLES[section]}</td>'
                  + "".join(f"<td>{n}</td>" for n in counts)
                  + f"<td>{sum(counts)}</td><td><b>{shown}</b></td></tr>\n")
    out.write("</table>\n")
    if groups:
        label = GROUP_TITLES[options.group_by]
        listed = ", ".join(f"{escape(g or NO_GROUP[options.group_by])} ({n})"
                           for g, n in groups.items())
        out.write(f'<p class="note">{escape(label)}: {listed}.</p>\n')


def _entry(out: IO[str], entry: ExportEntry, options: OutputOptions) -> None:
    data = entry.data
    # The id in a data attribute, not an anchor: Qt's printing sets an anchor's first letter
    # apart, and a PDF reader then copies the title as "C ities".
    out.write(f'<div class="entry" data-entry="{escape(data["id"])}">\n'
              f'<h3>{escape(data["title"])}</h3>\n')
    meta = [Status(data["status"]).value.capitalize() if data["status"] in set(Status)
            else escape(data["status"])]
    if data["page"]:
        meta.append(f"page {escape(page_label(data['page']))}")  # as the window shows it
    if data["url"]:
        url = escape(data["url"])
        meta.append(f'<a href="{url}">{url}</a>')
    if data["themes"]:
        meta.append("themes: " + escape(", ".join(data["themes"])))
    if data["keywords"]:
        meta.append("keywords: " + escape(", ".join(data["keywords"])))
    out.write(f'<p class="meta">{" · ".join(meta)}</p>\n')
    for paragraph in data["summary"].split("\n\n"):
        if paragraph.strip():
            text = "<br>".join(escape(line) for line in paragraph.split("\n"))
            out.write(f'<p class="summary">{text}</p>\n')
    if data["notes"].strip():
        notes = "<br>".join(escape(line) for line in data["notes"].strip().split("\n"))
        out.write(f'<p class="notes"><b>Notes:</b> {notes}</p>\n')
    for section in options.sections:
        _section(out, entry, section, options.min_relevancy)
    out.write("</div>\n")


def _section(out: IO[str], entry: ExportEntry, section: str, min_relevancy: int) -> None:
    every = len(entry.data[section])
    items = entry.items(section, min_relevancy)
    if not items:
        return
    # Best first; equal scores keep the file's order.
    items.sort(key=lambda pair: (-pair[1]["relevancy"], pair[0]))
    shown = f"{len(items)} of {every}" if len(items) < every else str(every)
    out.write(f'<h4>{SECTION_TITLES[section]} <span class="count">({shown})</span></h4>\n')
    for position, item in items:
        out.write(_item_row(entry, section, position, item))


def _item_row(entry: ExportEntry, section: str, position: int, item: dict[str, Any]) -> str:
    score = item["relevancy"]
    colour = SCORE_COLOURS.get(score, "#1f2933")
    fields = SECTION_FIELDS[section]
    # The item's label first (its name, or its description for Technologies), then the rest.
    head, *rest = [f for f in fields if item.get(f)] or [""]
    parts = [f"<b>{escape(item.get(head, ''))}</b>"] if head else []
    for name in rest:
        css = "" if name == "description" else ' class="field"'
        label = "" if name == "description" else f"{FIELD_TITLES[name]}: "
        parts.append(f"<span{css}>{escape(label)}{escape(item[name])}</span>")
    reason = entry.reason(section, position)
    if reason:
        parts.append(f'<span class="field">Reason for the score: {escape(reason)}</span>')
    if item["relevancy_imported"] is not None and item["relevancy_imported"] != score:
        parts.append(f'<span class="field">Scored {item["relevancy_imported"]} on import'
                     "</span>")
    # A table of its own per item: the printer can then move an item whole to the next page
    # (Qt breaks a table between the lines of a row). The widths as attributes, which Qt's
    # rich text reads for tables and cells, where it ignores a style sheet's width.
    return (f'<table class="items" width="100%"><tr><td class="score" width="{SCORE_WIDTH}">'
            f'<span class="num" style="color: {colour}">{score}</span> '
            f'<span class="pips" style="color: {colour}">{pips(score)}</span></td>'
            f'<td>{"<br>".join(parts)}</td></tr></table>\n')
