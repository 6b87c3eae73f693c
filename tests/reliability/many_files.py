"""Import a folder of very many tiny seed files with the CLI; report the time and peak memory.

`python tests/reliability/many_files.py --count 100000` writes the files to a temporary
folder, runs `curator import` on it in a child process (then again, when every file is
unchanged), prints what it took and checks the library holds every entry.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def tiny_seed(number: int) -> str:
    return (f"Tiny entry number {number}, (from page 20240101.)\n\n"
            f"Keywords\n  - tiny\n  - batch {number % 100}\n\n"
            "Concerns\n      | name |\n      description |\n      relevancy |\n"
            f"      | Concern {number} |\n      A concern. |\n      {number % 5 + 1} |\n")


def write_tiny_seeds(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{number:06d}_{number:016x}.txt").write_text(tiny_seed(number), encoding="utf-8")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    summary: str
    stderr: str


def import_folder(db: Path, folder: Path) -> Run:
    """`curator import --db DB FOLDER` in a child process: its time and its peak memory."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.monotonic()
    # A fresh child each time, so RUSAGE_CHILDREN's maximum is this run's (it is a maximum
    # over all waited-for children: measure in a process of its own).
    code = ("import resource, subprocess, sys; "
            "r = subprocess.run([sys.executable, '-m', 'curator', 'import', '--db', sys.argv[1], "
            "sys.argv[2]], capture_output=True, text=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "print(r.returncode); sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(db), str(folder)], cwd=REPO,
                            env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    peak_kb, returncode, *rest = result.stdout.splitlines()
    return Run(seconds, int(peak_kb) / 1024, int(returncode), "\n".join(rest), result.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the files and library here and keep them")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="curator-many-"))
    folder, db = root / "seeds", root / "library.db"
    started = time.monotonic()
    write_tiny_seeds(folder, args.count)
    print(f"wrote {args.count:,} tiny seed files in {time.monotonic() - started:.0f} s", flush=True)
    ok = True
    for label in ("first import", "again, all unchanged"):
        run = import_folder(db, folder)
        print(f"{label}: {run.seconds:.0f} s ({run.seconds / args.count * 1000:.2f} ms a file), "
              f"peak memory {run.peak_mb:.0f} MB, exit {run.returncode}: {run.summary}", flush=True)
        if run.returncode != 0 or "Traceback" in run.stderr:
            print(run.stderr[-3000:], file=sys.stderr)
            ok = False
    conn = sqlite3.connect(db)
    total = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    conn.close()
    print(f"library holds {total:,} entries ({db.stat().st_size / 2**20:.0f} MB)")
    ok = ok and total == args.count
    if not args.keep:
        import shutil

        shutil.rmtree(root)
    return 0 if ok else 1


def summary_counts(summary: str) -> dict[str, int]:
    found = re.findall(r"(imported|updated|unchanged|failed) (\d+)", summary)
    return {key: int(value) for key, value in found}


if __name__ == "__main__":
    raise SystemExit(main())
