"""The `curator` command: the GUI by default, and import, export, validate, schema, backup."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys

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

    val = sub.add_parser("validate", help="check seed files without importing them")
    val.add_argument("paths", nargs="+", metavar="PATH")

    sub.add_parser("schema", help="print the JSON Schema of the export format")

    bak = with_db(sub.add_parser("backup", help="copy the library consistently, even while open"))
    bak.add_argument("--output", required=True)
    return parser


def _library(args: argparse.Namespace):  # -> Library, imported late to keep --help fast
    from .core.paths import default_library_path
    from .core.store import Library

    return Library(args.db or default_library_path())


def _gui(args: argparse.Namespace) -> int:
    from .gui.shell.app import run

    return run(db=getattr(args, "db", None))


def _import(args: argparse.Namespace) -> int:
    from .core.importer import import_paths

    with _library(args) as library:
        if library.read_only:
            raise CuratorError(f"{library.path} is read-only: nothing was imported.")
        bar = _ProgressBar() if sys.stderr.isatty() else None
        report = import_paths(library, args.paths, overwrite=args.overwrite,
                              progress=bar.show if bar else None)
        if bar:
            bar.done()
    for failure in report.failures:
        print(failure, file=sys.stderr)
    for conflict in report.conflicts:
        print(f"{conflict.path}: conflict: entry {conflict.entry_id} was edited here; kept "
              "the library's version (use --overwrite to take the file's)", file=sys.stderr)
    for duplicate in report.duplicates:
        print(f"{duplicate.path}: possible duplicate of {duplicate.existing_id} "
              f"({duplicate.existing_title})", file=sys.stderr)
    print(report.summary())
    return 1 if report.failures else 0


def _export(args: argparse.Namespace) -> int:
    from .core.exchange import export_json, export_seed_folder
    from .core.outputs import OutputOptions
    from .core.store import Filter

    flt = Filter(search=args.search,
                 include=frozenset(("status", s) for s in args.status))
    options = OutputOptions(
        min_relevancy=args.min_relevancy, group_by=args.group_by, bom=args.bom,
        sections=tuple(s for s in SECTIONS if s in args.section) or SECTIONS, title=args.title,
    )
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
    # The PDF is printed by Qt, which needs an application object (and no display).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from .gui.transfer.report_print import export_pdf

    app = QGuiApplication.instance() or QGuiApplication(["curator"])  # noqa: F841 - kept alive
    return export_pdf(library, flt, output, options)


def _validate(args: argparse.Namespace) -> int:
    from .core.errors import ParseError
    from .core.exchange import MAX_JSON_BYTES, read_json
    from .core.importer import collect_files
    from .core.reader import MAX_BYTES, read_seed

    files, failures = collect_files(args.paths)
    for failure in failures:
        print(failure)
    bad = 0
    for path in files:
        try:
            limit = MAX_JSON_BYTES if path.name.lower().endswith(".json") else MAX_BYTES
            size = path.stat().st_size
            if size > limit:  # refused before reading, as the importer does
                raise ParseError(1, f"the file is too large ({size // 2**20} MB; the limit is "
                                    f"{limit // 2**20} MB)")
            data = path.read_bytes()
            if path.name.lower().endswith(".json"):
                read_json(data, path.name)
            else:
                for warning in read_seed(data, path.name).warnings:
                    print(f"{path}: warning: {warning}")
        except ParseError as error:
            print(f"{path}:{error.line}: {error.message}")
            bad += 1
        except (CuratorError, OSError) as error:
            print(f"{path}: {error}")
            bad += 1
    print(f"{len(files) - bad} valid, {bad + len(failures)} invalid", file=sys.stderr)
    return 1 if bad or failures else 0


def _schema(args: argparse.Namespace) -> int:
    from .core.schema_doc import export_schema

    print(json.dumps(export_schema(), indent=2, ensure_ascii=False))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .core.store.schema import check_file

    with _library(args) as library:
        target = Path(args.output).expanduser().absolute()
        # A folder, a missing folder or a file that is not SQLite is refused, never replaced.
        if check_file(target) and target.samefile(library.path):
            raise CuratorError(f"{target} is the library itself: choose another file.")
        # Written aside and renamed when complete: a failed backup leaves no file behind.
        part = target.with_name(f".{target.name}.part")
        try:
            library.backup(part)
            os.replace(part, target)
        except (sqlite3.Error, OSError) as error:
            raise CuratorError(f"the backup {target} could not be written ({error}); nothing "
                               "was written under that name.") from None
        finally:
            for leftover in (part, part.with_name(part.name + "-journal")):
                leftover.unlink(missing_ok=True)
    print(f"backed up {library.path} to {args.output}")
    return 0


_COMMANDS = {
    "gui": _gui,
    "import": _import,
    "export": _export,
    "validate": _validate,
    "schema": _schema,
    "backup": _backup,
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
