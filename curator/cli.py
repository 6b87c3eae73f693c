# PYTHON_ARGCOMPLETE_OK
"""The `curator` command: the GUI by default, and import, export, search, validate, schema,
backup, duplicates, merge, publish, completion.

Data a command was asked for goes to standard output (search results, JSON, an export to
`-`); progress, summaries and problems go to standard error, and `-q` silences all but the
problems.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

from . import __version__
from .cli_support import STDIO, ProgressBar, output_file, stdin_file
from .core.errors import CuratorError

FORMATS = ("json", "seed", "csv", "xlsx", "html", "pdf")
FOLDER_FORMATS = ("seed", "csv")
SECTIONS = ("signals", "concerns", "behaviors", "technologies", "issues")
SHELLS = ("bash", "zsh", "fish")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    if "_ARGCOMPLETE" in os.environ:  # a shell asks for completions: imported only then
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
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
    except BrokenPipeError:
        # The reader went away (`curator duplicates | head`): not an error of ours. Point
        # stdout at nothing so that flushing it on exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


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

    def with_quiet(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("-q", "--quiet", action="store_true",
                       help="print no progress or summary, only problems")
        return p

    with_db(sub.add_parser("gui", help="open the main window (the default)"))

    imp = with_quiet(with_db(sub.add_parser(
        "import", help="import seed files, folders and JSON exports")))
    imp.add_argument("paths", nargs="+", metavar="PATH",
                     help="a seed file, a JSON export, a folder (read recursively), or - for "
                          "one file on standard input")
    imp.add_argument("--overwrite", action="store_true",
                     help="take the file's version even where an analyst edited the entry")
    imp.add_argument("--json", action="store_true",
                     help="print the report as JSON: counts, failures (file, line, message), "
                          "conflicts, possible duplicates")

    exp = with_quiet(with_db(sub.add_parser(
        "export", help="export entries to JSON, seed text, spreadsheets or a report")))
    exp.add_argument("--output", required=True,
                     help="a file (json, xlsx, html, pdf; - for standard output), or a folder "
                          "(seed text, csv)")
    exp.add_argument("--format", choices=FORMATS, default="json", help="what to write")
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

    val = with_quiet(sub.add_parser("validate", help="check seed files without importing them"))
    val.add_argument("paths", nargs="+", metavar="PATH",
                     help="a seed file, a JSON export, a folder (read recursively), or - for "
                          "one file on standard input")
    val.add_argument("--json", action="store_true",
                     help="print the result as JSON: counts and failures (file, line, message)")

    sub.add_parser("schema", help="print the JSON Schema of the export format")

    bak = with_quiet(with_db(sub.add_parser(
        "backup", help="copy the library consistently, even while open")))
    bak.add_argument("--output", required=True, help="the file to write the copy to")

    pub = with_quiet(with_db(sub.add_parser(
        "publish", help="write a read-only copy of the library and its metadata for Datasette",
        description="Write DIR/curator.db (a snapshot of the library) and DIR/metadata.json; "
                    "then: datasette serve -i DIR/curator.db --metadata DIR/metadata.json")))
    pub.add_argument("--output", required=True, metavar="DIR",
                     help="the folder to write curator.db and metadata.json to")

    com = sub.add_parser(
        "completion", help="print the shell code that completes curator's commands",
        description="Print the code that makes a shell complete curator's commands and "
                    "options. bash: eval \"$(curator completion bash)\" in ~/.bashrc; zsh: "
                    "the same in ~/.zshrc; fish: curator completion fish | source, in "
                    "~/.config/fish/config.fish.")
    com.add_argument("shell", choices=SHELLS, help="the shell: bash, zsh or fish")

    dup = with_quiet(with_db(sub.add_parser(
        "duplicates", help="list groups of entries that are probably one story")))
    dup.add_argument("--json", action="store_true", help="print the groups as a JSON array")
    dup.add_argument("--threshold", type=_similarity, metavar="P", default=None,
                     help="similarity from 0 to 100 from which title and summary count as one "
                          "story (default 75)")

    mrg = with_quiet(with_db(sub.add_parser(
        "merge", help="merge entries into one (the first id keeps)")))
    mrg.add_argument("keep", metavar="KEEP_ID", help="the entry that stays")
    mrg.add_argument("others", nargs="+", metavar="OTHER_ID",
                     help="entries merged into it, then removed")
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


def _say(args: argparse.Namespace, text: str) -> None:
    """A summary or confirmation: to standard error, unless -q."""
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr)


def _bar(args: argparse.Namespace) -> ProgressBar | None:
    return ProgressBar() if sys.stderr.isatty() and not args.quiet else None


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _import(args: argparse.Namespace) -> int:
    from .core.importer import report_sections
    from .core.operations import import_files
    from .core.report_json import import_report

    with stdin_file(args.paths) as (paths, shown), _library(args) as library:
        if library.read_only:
            raise CuratorError(f"{library.path} is read-only: nothing was imported.")
        bar = _bar(args)
        report, _ = import_files(library, paths, overwrite=args.overwrite,
                                 progress=bar.show if bar else None)
        if bar:
            bar.done()
    if args.json:
        data = import_report(report, shown)
        data["warnings"] = [shown.line(w) for w in data["warnings"]]
        _print_json(data)
        return 1 if report.failures else 0
    # The lines of the GUI's report, each one alone (one line per file and problem); -q
    # leaves out the files that went well.
    for _, lines in report_sections(report, outcomes=not args.quiet):
        for line in lines:
            print(shown.line(line), file=sys.stderr)
    if report.conflicts:
        _say(args, "To take a file's version of a conflicting entry, import that file again "
                   "with --overwrite.")
    _say(args, report.summary())
    return 1 if report.failures else 0


def _export(args: argparse.Namespace) -> int:
    from .core.export_request import ExportRequest, write_export, write_failure
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
    if args.output == STDIO and args.format in FOLDER_FORMATS:
        raise CuratorError(f"--format {args.format} writes a folder: --output - (standard "
                           "output) takes json, xlsx, html or pdf.")
    pdf = None
    if args.format == "pdf":
        # Qt lays out and prints the report; the other formats need no Qt.
        from .gui.transfer.report_print import export_pdf_without_window as pdf
    with _library(args) as library, output_file(args.output) as output:
        bar = _bar(args)
        try:
            count = write_export(
                library, flt, replace(request, destination=Path(output)), pdf=pdf,
                progress=(lambda done, total: bar.show(done, total, "entries")) if bar else None)
        except OSError as error:
            raise CuratorError(write_failure(request, error)) from None
        finally:
            if bar:
                bar.done()
    where = "standard output" if args.output == STDIO else args.output
    _say(args, f"exported {count} entries to {where}")
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


def _validate(args: argparse.Namespace) -> int:
    from .core.importer import collect_files
    from .core.loading import located, open_importable, problem_line
    from .core.report_json import problem

    with stdin_file(args.paths) as (paths, shown):
        files, failures = collect_files(paths)
        problems = [problem(f.path, f.line, f.message, shown) for f in failures]
        lines = [shown.line(str(f)) for f in failures]  # in the order found, for people
        warnings = []
        for path in files:
            # Read exactly as import reads, storing nothing; one bad file never stops the rest.
            try:
                found = [shown.line(located(path, w)) for w in open_importable(path).check()]
                warnings += found
                lines += found
            except CuratorError as error:
                bad = problem(str(path), *problem_line(error), shown)
                problems.append(bad)
                where = bad["file"] + (f":{bad['line']}" if bad["line"] else "")
                lines.append(f"{where}: {bad['message']}")
    invalid = len(problems)
    valid = len(files) - invalid + len(failures)
    if args.json:
        _print_json({"files": len(files), "valid": valid, "invalid": invalid,
                     "failures": problems, "warnings": warnings})
    else:
        for line in lines:
            print(line, file=sys.stderr)
        _say(args, f"{valid} valid, {invalid} invalid")
    return 1 if problems else 0


def _schema(args: argparse.Namespace) -> int:
    from .core.schema_doc import export_schema

    print(json.dumps(export_schema(), indent=2, ensure_ascii=False))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from .core.operations import backup

    with _library(args) as library:
        backup(library, args.output)
    _say(args, f"backed up {library.path} to {args.output}")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from .core.publish import DATABASE, publish

    with _library(args) as library:
        folder = publish(library, args.output)
    _say(args, f"published {library.path} to {folder}; serve it with:\n"
               f"datasette serve -i {folder / DATABASE}.db --metadata {folder / 'metadata.json'}")
    return 0


def _completion(args: argparse.Namespace) -> int:
    import argcomplete

    print(argcomplete.shellcode(["curator"], shell=args.shell), end="")
    return 0


def _duplicates(args: argparse.Namespace) -> int:
    from .core.duplicates import DEFAULT_THRESHOLD, find_in_library

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    with _library(args) as library:
        bar = _bar(args)
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
    _say(args, f"{len(groups)} groups of {entries} entries (threshold {threshold:g})")
    return 0


def _merge(args: argparse.Namespace) -> int:
    from .core.operations import merge
    from .core.store.duplicates import MERGED

    with _library(args) as library:
        unknown = [i for i in (args.keep, *args.others) if not library.entries.has(i)]
        if unknown:
            print(f"curator: no entry {', '.join(unknown)} in {library.path}", file=sys.stderr)
            return 1
        before = library.entries.get(args.keep)
        merge(library, args.keep, args.others)
        record = next(r.new for r in library.entries.history(args.keep) if r.field == MERGED)
    _say(args, f"merged {', '.join(args.others)} into {args.keep} {before.title}")
    taken, items = record["fields"], record["items"]
    if taken:
        _say(args, "fields from others: " + ", ".join(f"{f} from {i}" for f, i in taken.items()))
    _say(args, f"items added from others: {len(items)}; keywords, themes and notes united")
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
    "merge": _merge,
    "publish": _publish,
    "completion": _completion,
}


if __name__ == "__main__":
    raise SystemExit(main())
