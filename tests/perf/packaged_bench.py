"""Benchmark of the packaged app's start (bench.py runs it): the one-folder PyInstaller build,
from its spawn to its main window's first paint, beside the installed program (`python -m
curator gui`) started the same way. Both print "SHOWN <time.monotonic()>" once after the first
paint when CURATOR_REPORT_SHOWN is set (the packaged app runs no script of ours to say so),
and are ended as soon as they have."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness import REPO, NotMeasured, count_entries, environment

SPEC = REPO / "build_app.spec"
BUILD_TIMEOUT_S = 1800
RUN_TIMEOUT_S = 120
"""A start that has not painted by then has hung: the row fails rather than waits."""


def app_executable(folder: Path) -> Path:
    return folder / "curator" / ("curator.exe" if sys.platform == "win32" else "curator")


def sources_digest() -> str:
    """What the build is made from: Curator's modules and the spec (a change rebuilds it)."""
    digest = hashlib.sha256()
    for path in sorted([*(REPO / "curator").rglob("*.py"), SPEC]):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_app(workdir: Path) -> Path:
    """The packaged app built into `workdir/app` from this checkout: built now if missing or
    made from other sources; its executable."""
    folder = workdir / "app"
    executable = app_executable(folder / "dist")
    stamp = folder / "sources.sha256"
    digest = sources_digest()
    if executable.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return executable
    if importlib.util.find_spec("PyInstaller") is None:
        raise NotMeasured("no packaged app: pass --app, or pip install '.[build]' to build it")
    print(f"building the packaged app into {folder} with PyInstaller (a minute or more) …",
          file=sys.stderr, flush=True)
    began = time.monotonic()
    stamp.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
         "--distpath", str(folder / "dist"), "--workpath", str(folder / "build")],
        cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    if done.returncode != 0 or not executable.is_file():
        raise RuntimeError(f"PyInstaller failed ({done.returncode}):\n{done.stderr[-3000:]}")
    stamp.write_text(digest)
    print(f"built in {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    return executable


def run_until_shown(argv: list[str], workdir: Path, packaged: bool) -> tuple[float, float]:
    """Start a program with CURATOR_REPORT_SHOWN; seconds from its spawn to its first paint,
    and its peak MB by then. It is killed once it has said so: nothing after is timed."""
    with tempfile.TemporaryFile("w+") as err, \
            tempfile.TemporaryDirectory(prefix="settings-", dir=workdir) as settings:
        env = environment(workdir, settings)
        if packaged:  # as a user starts it: the checkout's modules out of its reach
            env = {k: v for k, v in env.items() if not k.startswith("PYTHON")}
        env.update(CURATOR_REPORT_SHOWN="1", XDG_DATA_HOME=settings)  # the error log's folder
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, env=env, cwd=workdir,
                                text=True)
        watchdog = threading.Timer(RUN_TIMEOUT_S, proc.kill)
        watchdog.start()
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("SHOWN "):
                    return float(line.split()[1]) - start, _peak_mb(proc.pid)
            proc.wait()
            err.seek(0)
            raise RuntimeError(f"{argv[0]} ended ({proc.returncode}) without painting its "
                               f"window:\n{err.read()[-3000:]}")
        finally:
            watchdog.cancel()
            proc.kill()
            proc.wait()


def _peak_mb(pid: int) -> float:
    """The child's peak resident set size so far (VmHWM), read before it is ended."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure_packaged(args: argparse.Namespace, work_runs: int,
                     floor_runs: int) -> tuple[list[float], list[float], list[float], dict]:
    """The packaged app's start against the installed program's, in turn, on the start library;
    one untimed start of each first, so that both read their files from the disk cache."""
    executable = Path(args.app).absolute() if args.app else ensure_app(args.workdir)
    if not executable.is_file():
        raise NotMeasured(f"no packaged app at {executable}")
    library = str(args.start_library)
    packaged = [str(executable), "gui", "--db", library]
    installed = [sys.executable, "-m", "curator", "gui", "--db", library]
    run_until_shown(packaged, args.workdir, packaged=True)
    run_until_shown(installed, args.workdir, packaged=False)
    times, peaks, floor_times, installed_peaks = [], [], [], []
    for run in range(max(work_runs, floor_runs)):
        if run < work_runs:
            seconds, peak = run_until_shown(packaged, args.workdir, packaged=True)
            times.append(seconds)
            peaks.append(peak)
        if run < floor_runs:
            seconds, peak = run_until_shown(installed, args.workdir, packaged=False)
            floor_times.append(seconds)
            installed_peaks.append(peak)
    size = sum(p.stat().st_size for p in executable.parent.rglob("*")
               if p.is_file() and not p.is_symlink()) / 1e6
    where = "given with --app" if args.app else "built into the workdir from this checkout"
    extra = {"explain": (
        f"floor: the installed program (python -m curator gui) on the same "
        f"{count_entries(args.start_library):,}-entry library, both timed from spawn to the "
        "line they print after the first paint (CURATOR_REPORT_SHOWN); the installed one's "
        f"peak: {max(installed_peaks):.0f} MB. The app: {size:.0f} MB, {where}"),
        "app": str(executable), "app_mb": round(size, 1)}
    return times, peaks, floor_times, extra
