"""The benchmark's machinery (bench.py runs it): workloads run and timed in child
processes, a row measured against its floor, the table printed; the corpus prepared."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BENCH = HERE / "bench.py"
RESULT = "BENCH-RESULT "

Measure = Callable[[argparse.Namespace, int, int],
                   "tuple[list[float], list[float], list[float], dict]"]
"""(args, runs, floor runs) -> (seconds, peak MBs, floor seconds, extra facts) of a row."""


def peak_mb() -> float:
    """This process's peak resident set size (VmHWM: its own, not inherited at fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path



def application():
    from curator.gui.shell.app import make_application

    return make_application([sys.argv[0]])



@dataclass
class Spec:
    key: str
    label: str
    target_ratio: float | None = None
    max_seconds: float | None = None
    max_mb: float | None = None
    floor: bool = True
    runs: tuple[int, int] = (5, 5)
    """Runs of the workload and of its floor at full size (quick and tiny sizes use fewer)."""
    fresh_process_per_run: bool = False
    built: bool = True
    measure: Measure | None = None
    """How the row is timed, when not by its worker and floor (`bench.py --worker KEY`)."""
    target: str | None = None
    """The target as the table shows it, when it is not just the limits above."""

    def target_text(self) -> str:
        if self.target is not None:
            return self.target
        parts = []
        if self.target_ratio is not None:
            parts.append(f"<= {self.target_ratio:g}x")
        if self.max_seconds is not None:
            parts.append(f"< {fmt_seconds(self.max_seconds)}")
        if self.max_mb is not None:
            parts.append(f"< {self.max_mb:g} MB")
        return ", ".join(parts) or "-"


class NotMeasured(Exception):
    """A row that cannot be measured here; the message says why, in the table."""


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def environment(workdir: Path, settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # QSettings (window geometry, recent libraries) kept apart from the user's and per run.
    env["XDG_CONFIG_HOME"] = settings
    env["CURATOR_DB"] = str(workdir / "unused-default.db")
    # Timed as installed: pip compiles a package's bytecode when it installs it, so the
    # children read Curator's compiled modules (kept under the workdir) instead of compiling
    # every module again at each start, as they would if Python may not write bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def spawn(argv: list[str], workdir: Path) -> tuple[float, str, float]:
    """Run a child to its end; return (monotonic time of its spawn, its stdout, and its
    ru_maxrss in MB, which on Linux counts the parent's RSS at fork: not used for rows)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.TemporaryDirectory(prefix="settings-", dir=workdir) as settings:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err,
                                env=environment(workdir, settings), cwd=workdir)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} … failed ({proc.returncode}):\n{stderr[-3000:]}")
    return start, stdout, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def run_worker(name: str, args: argparse.Namespace, runs: int) -> tuple[dict, float]:
    argv = [sys.executable, str(BENCH), "--worker", name,
            "--workdir", str(args.workdir), "--seeds", str(args.seeds),
            "--library", str(args.library), "--runs", str(runs)]
    _, stdout, _ = spawn(argv, args.workdir)
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT)]
    if not lines:
        raise RuntimeError(f"worker {name} printed no result:\n{stdout[-2000:]}")
    result = json.loads(lines[-1][len(RESULT):])
    return result, result.pop("peak_mb")


def measure(spec: Spec, args: argparse.Namespace) -> dict:
    work_runs, floor_runs = spec.runs if args.size == "full" else (
        (min(spec.runs[0], 3), min(spec.runs[1], 3)) if args.size == "quick" else (1, 1))
    if args.runs:
        work_runs = floor_runs = args.runs
    if spec.measure is not None:
        times, peaks, floor_times, extra = spec.measure(args, work_runs, floor_runs)
    else:
        floor_times = []
        result, peak = run_worker(spec.key, args, work_runs)
        times, peaks = result.pop("times"), [peak]
        extra = result
        if spec.floor:
            floor_times = run_worker(f"{spec.key}-floor", args, floor_runs)[0]["times"]
    seconds = statistics.median(times)
    floor = statistics.median(floor_times) if floor_times else None
    ratio = seconds / floor if floor else None
    peak_mb = max(peaks)
    met = True
    if spec.target_ratio is not None:
        met = met and ratio is not None and ratio <= spec.target_ratio
    if spec.max_seconds is not None:
        met = met and seconds < spec.max_seconds
    if spec.max_mb is not None:
        met = met and peak_mb < spec.max_mb
    return {
        "workload": spec.label,
        "seconds": round(seconds, 6),
        "floor_seconds": None if floor is None else round(floor, 6),
        "ratio": None if ratio is None else round(ratio, 3),
        "target_ratio": spec.target_ratio,
        "peak_mb": round(peak_mb, 1),
        "met": met,
        "key": spec.key,
        "target": spec.target_text(),
        "runs": len(times),
        "floor_runs": len(floor_times),
        "all_seconds": [round(t, 6) for t in times],
        "all_floor_seconds": [round(t, 6) for t in floor_times],
        "extra": extra,
    }


def not_built(spec: Spec, note: str = "not built yet") -> dict:
    """The row of a workload not measured, saying why."""
    return {"workload": spec.label, "seconds": None, "floor_seconds": None, "ratio": None,
            "target_ratio": None, "peak_mb": None, "met": None, "key": spec.key,
            "target": "-", "note": note}


def table(rows: list[dict], header: str) -> str:
    head = ("workload", "time", "floor", "ratio", "target", "peak MB", "met")
    lines = []
    for row in rows:
        if row.get("note"):
            lines.append((row["workload"], row["note"], "", "", "", "", ""))
            continue
        lines.append((
            row["workload"],
            fmt_seconds(row["seconds"]),
            fmt_seconds(row["floor_seconds"]),
            "-" if row["ratio"] is None else f"{row['ratio']:.2f}x",
            row["target"],
            f"{row['peak_mb']:.0f}",
            "yes" if row["met"] else "NO",
        ))
    widths = [max(len(str(r[i])) for r in [head, *lines]) for i in range(len(head))]
    out = [header, ""]
    fmt = lambda r: " | ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    out.append(fmt(head))
    out.append("-+-".join("-" * w for w in widths))
    out += [fmt(r) for r in lines]
    explained = [f"{row['key']}: {row['extra']['explain']}" for row in rows
                 if row.get("extra", {}).get("explain")]
    if explained:
        out += ["", *explained]
    out += ["", "time: median of the runs (runs/floor runs per row in the JSON); peak MB: peak RSS",
            "of the workload's own subprocess (its /proc/self/status VmHWM), interpreter and "
            "imports included.",
            "open and start: a fresh process per run; start is timed from spawn to "
            "the window shown."]
    if any(row["key"] == "packaged" for row in rows):
        out.append("packaged: each program started afresh, from spawn to its first paint.")
    return "\n".join(out)


# -- preparing the corpus -----------------------------------------------------------------


def count_entries(path: Path) -> int:
    import sqlite3

    if not path.exists():
        return 0
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    except sqlite3.Error:
        return -1
    finally:
        conn.close()


def ensure_seeds(folder: Path, count: int) -> None:
    from corpus import write_seeds

    done = folder / ".complete"  # collect_files skips dot files
    if done.exists() and done.read_text() == str(count):
        return
    print(f"writing {count:,} seed files to {folder} …", file=sys.stderr, flush=True)
    write_seeds(folder, count)
    done.write_text(str(count))


def ensure_library(path: Path, count: int) -> None:
    from corpus import build_library_parallel

    have = count_entries(path)
    if have == count:
        return
    if have < 0 or have > count:
        fresh(path)
    print(f"building a {count:,}-entry library at {path} (resuming at {max(have, 0):,}) …",
          file=sys.stderr, flush=True)
    build_library_parallel(path, count, quiet=count < 5000)
    if count_entries(path) != count:
        raise RuntimeError(f"{path} does not hold {count} entries")


def ensure_indexes(path: Path) -> tuple[int, list[str]]:
    """Give a cached library built by an older Curator every index and table a new library
    has, so that it is measured as the program would use it now; return its number of items
    and the indexes made now."""
    import sqlite3

    from curator.core.store import schema

    fresh = sqlite3.connect(":memory:")
    schema.create(fresh)
    wanted = dict(fresh.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    fresh.close()
    conn = sqlite3.connect(path)
    try:
        # A generated cache needs no backup: bring it to the current schema here, so that no
        # timed workload pays for a migration (and a copy of the whole file) on first open;
        # first, as a later index may be over a column that a migration adds.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, schema.SCHEMA_VERSION):
            print(f"migrating {path} from schema {step} …", file=sys.stderr, flush=True)
            began = time.perf_counter()
            for statement in schema.MIGRATIONS[step]:
                statement(conn) if callable(statement) else conn.execute(statement)
            # The time a user's first opening of such a library takes (plus its copy).
            print(f"migrated from schema {step} to {step + 1} in "
                  f"{time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
        if version < schema.SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        made = [name for name in wanted if name not in have]
        for name in made:
            print(f"creating the index {name} in {path} (built before it existed) …",
                  file=sys.stderr, flush=True)
            conn.execute(wanted[name])
        for name in schema.DROPPED_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.commit()
        return conn.execute("SELECT count(*) FROM items").fetchone()[0], made
    finally:
        conn.close()


def revision() -> str:
    """The commit measured, marked when curator/ has uncommitted changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "curator"], cwd=REPO,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "commit unknown"
    return f"commit {commit or 'unknown'}{' + changes in curator/' if dirty else ''}"
