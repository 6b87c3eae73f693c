"""The `curator` command: the GUI by default, and import, export, search, validate, schema,
backup, duplicates."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path

from . import __version__
from .core.errors import CuratorError

FORMATS = ("json", "seed", "csv", "xlsx", "html", "pdf")
FOLDER_FORMATS = ("seed", "csv")
SECTIONS = ("signals", "concerns", "behaviors", "technologies", "issues")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    if args.self_test:
        from .gui.shell.self_test import run_self_test
        return run_self_test()
    try:
        return _COMMANDS[command](args)
    except CuratorError as error:
        print(f"curator: {error}", file=sys.stderr)
        return 2
    except sqlite3.Error as error:
        from .core.importer import storage_error

        if not storage_error(error):
            raise  # a bug: the traceback is the report
        print(f"curator: the library could not be read or written: {error}.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("curator: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="curator", description="Curate horizon-scanning entries from seed files."
    )
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check that this installation works (offscreen), then exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", help="library file (default: $CURATOR_DB, else curator.db "
                                    "in your data folder)")
        return p

    with_db(sub.add_parser("gui", help="open the main window (the default)"))

    imp = with_db(sub.add_parser("import", help="import seed files, folders and JSON exports"))
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--overwrite", action="store_true",
                     help="take the file's version even where an analyst edited the entry")

    exp = with_db(sub.add_parser(
        "export", help="export entries to JSON, seed text, spreadsheets or a report"))
    exp.add_argument("--output", required=True,
                     help="a file (json, xlsx, html, pdf), or a folder (seed text, csv)")
    exp.add_argument("--format", choices=FORMATS, default="json")
    exp.add_argument("--status", action="append", default=[],
                     choices=("new", "reviewed", "approved", "rejected"),
                     help="only entries with this status (repeatable)")
    exp.add_argument("--search", default="", help="only entries matching this search")
    exp.add_argument("--query", default="", help="only entries this query finds (see "
                                                 "`curator search --help`)")
    out = exp.add_argument_group("spreadsheets and reports (csv, xlsx, html, pdf)")
    out.add_argument("--min-relevancy", type=int, choices=range(1, 6), default=1, metavar="N",
                     help="only items scored at least N (1-5)")
    out.add_argument("--section", action="append", default=[], choices=SECTIONS,
                     help="only this section's items (repeatable; default: all five)")
    out.add_argument("--group-by", choices=("category", "theme", "status"), default="category",
                     help="how the report groups its entries")
    out.add_argument("--title", default="Curator briefing", help="the report's title")
    out.add_argument("--bom", action="store_true",
                     help="start CSV files with a byte order mark (for Excel)")

    sea = with_db(sub.add_parser(
        "search", help="list the entries a query finds",
        description="List the entries a query finds, one ID<TAB>TITLE line each, by title.",
        epilog=_query_help(), formatter_class=argparse.RawDescriptionHelpFormatter))
    sea.add_argument("query", metavar="QUERY",
                     help='a query, as in the search field: category:=technology '
                          '"heat pump" -status:rejected')
    sea.add_argument("--json", action="store_true",
                     help='print a JSON array of {"id": ..., "title": ...}')

    val = sub.add_parser("validate", help="check seed files without importing them")
    val.add_argument("paths", nargs="+", metavar="PATH")

    sub.add_parser("schema", help="print the JSON Schema of the export format")

    bak = with_db(sub.add_parser("backup", help="copy the library consistently, even while open"))
    bak.add_argument("--output", required=True, help="the file to write the copy to")

    dup = with_db(sub.add_parser("duplicates", help="list groups of entries that are probably "
                                                    "one story"))
    dup.add_argument("--json", action="store_true", help="print the groups as a JSON array")
    dup.add_argument("--threshold", type=_similarity, metavar="P", default=None,
                     help="similarity from 0 to 100 from which title and summary count as one "
                          "story (default 75)")
    return parser


def _similarity(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a similarity from 0 to 100")
    return value


def _query_help() -> str:
    from .core.query import help_text

    return "The search language:\n\n" + help_text()


def _library(args: argparse.Namespace):  # -> Library, imported late to keep --help fast
    from .core.paths import default_library_path
    from .core.store import Library

    return Library(args.db or default_library_path())


def _gui(args: argparse.Namespace) -> int:
    from .gui.shell.app import run

    return run(db=getattr(args, "db", None))


def _import(args: argparse.Namespace) -> int:
    from .core.importer import report_sections
    from .core.operations import import_files

    with _library(args) as library:
        if library.read_only:
            raise CuratorError(f"{library.path} is read-only: nothing was imported.")
        bar = _ProgressBar() if sys.stderr.isatty() else None
        report, _ = import_files(library, args.paths, overwrite=args.overwrite,
                                 progress=bar.show if bar else None)
        if bar:
            bar.done()
    # The lines of the GUI's report, each one alone (one line per file and problem).
    for _, lines in report_sections(report):
        for line in lines:
            print(line, file=sys.stderr)
    if report.conflicts:
        print("To take a file's version of a conflicting entry, import that file again with "
              "--overwrite.", file=sys.stderr)
    print(report.summary())
    return 1 if report.failures else 0


def _export(args: argparse.Namespace) -> int:
    from .core.exchange import export_json, export_seed_folder
    from .core.export_request import ExportRequest
    from .core.outputs import OutputOptions
    from .core.store import Filter

    options = OutputOptions(
        min_relevancy=args.min_relevancy, group_by=args.group_by, bom=args.bom,
        sections=tuple(s for s in SECTIONS if s in args.section) or SECTIONS, title=args.title,
    )
    # The same request as the export dialog's: the search and query are the "current filter".
    request = ExportRequest(scope="filter", statuses=frozenset(args.status), format=args.format,
                            destination=Path(args.output), options=options)
    flt = request.to_filter(Filter(search=args.search, query=args.query))
    _check_query(flt.query)
    with _library(args) as library:
        try:
            if args.format == "json":
                count = export_json(library, flt, args.output)
            elif args.format == "seed":
                count = export_seed_folder(library, flt, args.output)
            else:
                count = _export_output(library, flt, args.format, args.output, options)
        except OSError as error:
            # error.filename may name the file written aside: name the user's choice.
            kept = ("Files written before the error are kept, each complete."
                    if args.format == "seed" else "No file was written.")
            raise CuratorError(f"could not write to {args.output}: "
                               f"{error.strerror or error}. {kept}") from None
    print(f"exported {count} entries to {args.output}")
    return 0


def _check_query(text: str) -> None:
    """Refuse a query that cannot be read before any file is opened or written."""
    from .core.query import parse

    parse(text)  # raises QueryError, a CuratorError: "curator: query: column N: ..."


def _search(args: argparse.Namespace) -> int:
    from .core.store import Filter

    flt = Filter(query=args.query)
    _check_query(flt.query)
    with _library(args) as library:
        found = [(row.id, row.title) for row in _all_rows(library, flt)]
    if args.json:
        print(json.dumps([{"id": i, "title": t} for i, t in found], ensure_ascii=False,
                         indent=1))
    else:
        for entry_id, title in found:
            print(f"{entry_id}\t{title}")
    return 0


def _all_rows(library, flt):  # -> Iterator[EntryRow], page by page in title order
    offset = 0
    while True:
        page = library.entries.page(flt, sort="title", offset=offset, limit=1000)
        yield from page
        if len(page) < 1000:
            return
        offset += len(page)


def _export_output(library, flt, fmt: str, output: str, options) -> int:
    """A spreadsheet or report export (csv, xlsx, html, pdf)."""
    if fmt == "csv":
        from .core.spreadsheets import export_csv

        return export_csv(library, flt, output, options)
    if fmt == "xlsx":
        from .core.spreadsheets import export_xlsx

        return export_xlsx(library, flt, output, options)
    if fmt == "html":
        from .core.report import export_html

        return export_html(library, flt, output, options)
    from .gui.transfer.report_print import export_pdf_without_window

    return export_pdf_without_window(library, flt, output, options)


def _validate(args: argparse.Namespace) -> int:
    from .core.importer import collect_files
    from .core.loading import located, open_importable, problem_line, shown

    files, failures = collect_files(args.paths)
    for failure in failures:
        print(failure)
    bad = 0
    for path in files:
        # Read exactly as import reads, storing nothing; one bad file never stops the rest.
        try:
            for warning in open_importable(path).check():
                print(located(path, warning))
        except CuratorError as error:
            line, message = problem_line(error)
            print(f"{shown(path)}:{line}: {message}" if line else f"{shown(path)}: {message}")
            bad += 1
    print(f"{len(files) - bad} valid, {bad + len(failures)} invalid", file=sys.stderr)
    return 1 if bad or failures else 0


def _schema(args: argparse.Namespace) -> int:
    from .core.schema_doc import export_schema

    print(json.dumps(export_schema(), indent=2, ensure_ascii=False))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from .core.operations import backup

    with _library(args) as library:
        backup(library, args.output)
    print(f"backed up {library.path} to {args.output}")
    return 0


def _duplicates(args: argparse.Namespace) -> int:
    from .core.duplicates import DEFAULT_THRESHOLD, find_in_library

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    with _library(args) as library:
        bar = _ProgressBar() if sys.stderr.isatty() else None
        groups = find_in_library(library, threshold=threshold,
                                 progress=bar.show if bar else None)
        if bar:
            bar.done()
        titles = library.duplicates.titles(i for group in groups for i in group.ids)
    if args.json:
        print(json.dumps([group.to_json() for group in groups], ensure_ascii=False, indent=2))
    else:
        for number, group in enumerate(groups):
            if number:
                print()
            print(f"{group.reason} (similarity {group.similarity:.0f})")
            for entry_id in group.ids:
                print(f"  {entry_id}  {titles.get(entry_id, '')}")
    entries = sum(len(group.ids) for group in groups)
    print(f"{len(groups)} groups of {entries} entries (threshold {threshold:g})", file=sys.stderr)
    return 0


_COMMANDS = {
    "gui": _gui,
    "import": _import,
    "export": _export,
    "search": _search,
    "validate": _validate,
    "schema": _schema,
    "backup": _backup,
    "duplicates": _duplicates,
}


class _ProgressBar:
    """A one-line progress bar on standard error, for terminals."""

    def __init__(self) -> None:
        self.width = 30

    def show(self, done: int, total: int, name: str) -> None:
        filled = int(self.width * done / total) if total else self.width
        columns = os.get_terminal_size(sys.stderr.fileno()).columns if sys.stderr.isatty() else 80
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {name}"
        sys.stderr.write("\r" + line[: columns - 1].ljust(columns - 1))
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")


if __name__ == "__main__":
    raise SystemExit(main())
