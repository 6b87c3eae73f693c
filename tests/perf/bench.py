"""Curator's performance benchmark (issue 6): every workload beside its floor, in one run.

    python tests/perf/bench.py                 # N = 10,000 seed files, a 100,000-entry library
    python tests/perf/bench.py --quick         # 200 files, 2,000 entries
    python tests/perf/bench.py --tiny          # 200 files, 300 entries (the smoke test)
    python tests/perf/bench.py --json out.json # also write the rows as JSON

Each workload runs in its own subprocess and its floor in another, so that the peak memory
of a row is that of the workload alone: the peak resident set size of the workload's
subprocess, read by that subprocess from /proc/self/status (VmHWM) when it ends. It includes
the interpreter and the imported libraries. (getrusage(RUSAGE_CHILDREN).ru_maxrss is no use
here: on Linux a child's ru_maxrss starts at its parent's RSS at fork time, so every row
would show at least the parent's size.) Times are medians of several runs (fewer for the
slow workloads).

The generated seed files and libraries are cached under --workdir (default: a folder in
the system temp dir), so reruns do not regenerate them; a half-built library is resumed.

This file holds the rows and the command; harness.py runs and times the children, measures
a row and prints the table; the workloads are in library_bench.py, start_bench.py (open and
start), outputs_bench.py, query_bench.py and scoring_bench.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from harness import (  # noqa: E402 - beside this file
    RESULT,
    NotMeasured,
    Spec,
    ensure_indexes,
    ensure_library,
    ensure_seeds,
    fmt_seconds,
    measure,
    not_built,
    peak_mb,
    revision,
    spawn,
    table,
)
from library_bench import CALIBRATION_ENTRIES  # noqa: E402
from library_bench import WORKERS as LIBRARY_WORKERS  # noqa: E402
from outputs_bench import REPORT_ENTRIES  # noqa: E402
from outputs_bench import WORKERS as OUTPUT_WORKERS  # noqa: E402
from packaged_bench import measure_packaged  # noqa: E402
from query_bench import INDEXED as QUERY_INDEXED  # noqa: E402
from query_bench import QUERIES  # noqa: E402
from query_bench import WORKERS as QUERY_WORKERS  # noqa: E402
from scoring_bench import WORKERS as SCORING_WORKERS  # noqa: E402
from start_bench import WORKERS as START_WORKERS  # noqa: E402
from start_bench import measure_open, measure_start  # noqa: E402

SIZES = {"full": (10_000, 100_000), "quick": (200, 2_000), "tiny": (200, 300)}
START_LIBRARY = 300
"""Entries of the small library the program-start workload opens."""

WORKERS: dict[str, Callable[[argparse.Namespace], dict]] = {
    **LIBRARY_WORKERS,
    **START_WORKERS,
    **OUTPUT_WORKERS,
    **SCORING_WORKERS,
    **QUERY_WORKERS,
}


def specs(files: int, entries: int, items: int | None = None) -> list[Spec]:
    n, m = f"{files:,}", f"{entries:,}"
    i = "?" if items is None else f"{items:,}"
    c = f"{min(CALIBRATION_ENTRIES, entries):,}"
    r = f"{min(REPORT_ENTRIES, entries):,}"
    return [
        Spec("parse", f"parse {n} seed files", 4, runs=(3, 5)),
        Spec("import", f"import {n} seed files into a new library", 2, runs=(2, 2)),
        Spec("open", f"open a {m}-entry library to the first rows shown", 1.5, 1.0,
             runs=(5, 5), fresh_process_per_run=True, measure=measure_open),
        Spec("search", f"one search keystroke over {m} entries (list refreshed)", 3, 0.05,
             runs=(7, 7)),
        *(Spec(key, f"search {m} entries with {label}, first page shown", 2,
               0.05 if key in QUERY_INDEXED else 0.2, runs=(5, 5))
          for key, (label, _, _) in QUERIES.items()),
        Spec("sort", f"sort {m} entries by another column", 2, runs=(6, 6)),
        Spec("facets", "facet counts for a filter (category = technology)", 2, runs=(5, 5)),
        Spec("export", f"export {m} entries to JSON", 2, max_mb=300, runs=(1, 2)),
        Spec("csv", f"export {m} entries to CSV (entries.csv, items.csv)", 2, max_mb=300,
             runs=(1, 2)),
        Spec("xlsx", f"export {m} entries to XLSX", 2, max_mb=300, runs=(1, 1)),
        Spec("report-html", f"report of {r} entries to HTML", floor=False, runs=(3, 0),
             target="timed (README)"),
        Spec("report-pdf", f"report of {r} entries to PDF", floor=False, runs=(2, 0),
             target="timed (README)"),
        Spec("scroll", f"scroll the whole {m}-entry list", max_mb=300, floor=False,
             runs=(1, 0)),
        Spec("items", f"items table ({i} items): first page, then sorted by relevancy", 2,
             runs=(5, 5)),
        Spec("items-score", f"score a row of the items table ({i} items, sorted by score): "
             "the row shows it in place", max_seconds=0.1, floor=False, runs=(7, 0),
             target="under 0.1 s (a keystroke)"),
        Spec("calibration", f"calibration grouping of the items of {c} entries",
             max_seconds=10, floor=False, runs=(3, 0), target="under 10 s, off the GUI thread"),
        Spec("duplicates", f"duplicate groups over {m} entries", max_seconds=20, floor=False,
             runs=(3, 0), target="under 20 s, off the GUI thread"),
        Spec("start", "program start to main window shown", 1.5, runs=(5, 5),
             fresh_process_per_run=True, measure=measure_start),
        # The installed program started the same way is its floor: packaging should cost
        # next to nothing at start (the README argues the 1.1x).
        Spec("packaged", "packaged app start to main window shown", 1.1, runs=(5, 5),
             fresh_process_per_run=True, measure=measure_packaged),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_const", dest="size", const="quick",
                      help="200 seed files and a 2,000-entry library")
    size.add_argument("--tiny", action="store_const", dest="size", const="tiny",
                      help="200 seed files and a 300-entry library (smoke test)")
    parser.set_defaults(size="full")
    parser.add_argument("--files", type=int, help="number of seed files (overrides the size)")
    parser.add_argument("--entries", type=int, help="library entries (overrides the size)")
    parser.add_argument("--runs", type=int, help="runs of every workload and floor")
    parser.add_argument("--only", help="comma-separated workload keys "
                        "(parse,import,open,search,query-field,query-score,query-item-text,"
                        "query-changed,query-combined,sort,facets,export,csv,xlsx,report-html,"
                        "report-pdf,scroll,items,calibration,duplicates,start,packaged)")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    parser.add_argument("--table", type=Path, help="also write the table to this text file")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "curator-bench",
                        help="where the generated corpus and libraries are cached")
    parser.add_argument("--app", type=Path,
                        help="the packaged app to time (default: built with PyInstaller into "
                             "the workdir when missing or older than the sources)")
    # Internal: run one workload inside a worker subprocess.
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--seeds", help=argparse.SUPPRESS)
    parser.add_argument("--library", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        args.workdir = Path(args.workdir)
        result = WORKERS[args.worker](args)
        result["peak_mb"] = peak_mb()
        print(RESULT + json.dumps(result), flush=True)
        return 0

    files, entries = SIZES[args.size]
    files, entries = args.files or files, args.entries or entries
    args.workdir = args.workdir.absolute()
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.seeds = args.workdir / f"seeds-{files}"
    args.library = args.workdir / f"library-{entries}.db"
    args.start_library = args.workdir / f"library-{START_LIBRARY}.db"
    args.empty_library = args.workdir / "library-empty.db"
    ensure_seeds(args.seeds, files)
    ensure_library(args.library, entries)
    ensure_library(args.start_library, START_LIBRARY)
    if not args.empty_library.exists():
        spawn([sys.executable, "-c", "import sys; from curator.core.store import Library; "
               f"Library({str(args.empty_library)!r}).close()"], args.workdir)
    chosen = set(args.only.split(",")) if args.only else None
    items, indexes_made = ensure_indexes(args.library)
    ensure_indexes(args.start_library)
    spawn([sys.executable, "-m", "compileall", "-q", str(REPO / "curator")], args.workdir)

    rows = []
    started = time.monotonic()
    for spec in specs(files, entries, items):
        if chosen is not None and spec.key not in chosen:
            continue
        if not spec.built:
            rows.append(not_built(spec))
            continue
        print(f"[{time.monotonic() - started:7.1f} s] {spec.label} …", file=sys.stderr, flush=True)
        try:
            row = measure(spec, args)
        except NotMeasured as reason:
            rows.append(not_built(spec, str(reason)))
            print(f"           {reason}", file=sys.stderr, flush=True)
            continue
        rows.append(row)
        print(f"           {fmt_seconds(row['seconds'])} vs floor "
              f"{fmt_seconds(row['floor_seconds'])}, {row['peak_mb']:.0f} MB, "
              f"met: {row['met']}", file=sys.stderr, flush=True)
    header = (f"Curator benchmark: {files:,} seed files, {entries:,}-entry library "
              f"({args.size}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; "
              f"{revision()}; {time.strftime('%Y-%m-%d %H:%M')})")
    text = table(rows, header)
    if indexes_made:
        text += (f"\n{args.library.name} was built before the indexes {', '.join(indexes_made)} "
                 "existed: they were made before measuring.")
    print(text)
    if args.table:
        args.table.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
