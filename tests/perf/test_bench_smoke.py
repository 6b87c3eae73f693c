"""The benchmark runs end to end at a tiny size and writes well-formed rows (times unchecked)."""

from __future__ import annotations

import json
import math
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent / "bench.py"
REPO = BENCH.parents[2]
KEYS = {"workload", "seconds", "floor_seconds", "ratio", "target_ratio", "peak_mb", "met"}
WITHOUT_FLOOR = {"scroll", "items-score", "calibration", "duplicates", "report-html",
                 "report-pdf"}


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _stand_in_app(folder: Path) -> Path:
    """An executable that starts this checkout's program as the packaged app would be started:
    the packaged row's harness is checked without a PyInstaller build (minutes)."""
    app = folder / "curator"
    app.write_text(f"#!/bin/sh\nPYTHONPATH={shlex.quote(str(REPO))} "
                   f"exec {shlex.quote(sys.executable)} -m curator \"$@\"\n", encoding="utf-8")
    app.chmod(0o755)
    return app


@pytest.mark.gui  # the benchmark times the window too
@pytest.mark.timeout(120)
def test_bench_tiny_writes_json_rows(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--tiny", "--workdir", str(tmp_path / "work"),
         "--json", str(out), "--app", str(_stand_in_app(tmp_path))],
        capture_output=True, text=True, timeout=110,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(rows, list) and rows
    keys = [row["key"] for row in rows]
    assert keys == ["parse", "import", "open", "search", "query-field", "query-score",
                    "query-item-text", "query-changed", "query-combined", "sort", "facets",
                    "export", "csv", "xlsx", "report-html", "report-pdf", "scroll", "items",
                    "items-score", "calibration", "duplicates", "start", "packaged"]
    for row in rows:
        assert KEYS <= row.keys(), row
        if row.get("note") == "not built yet":
            assert row["seconds"] is None and row["met"] is None
            continue
        assert _number(row["seconds"]) and row["seconds"] > 0, row
        assert _number(row["peak_mb"]) and row["peak_mb"] > 0, row
        assert isinstance(row["met"], bool), row
        if row["key"] in WITHOUT_FLOOR:
            assert row["floor_seconds"] is None and row["ratio"] is None
        else:
            assert _number(row["floor_seconds"]) and row["floor_seconds"] > 0, row
            assert _number(row["ratio"]) and _number(row["target_ratio"]), row
    assert "not built yet" not in done.stdout
    assert "sorted by relevancy" in done.stdout and "calibration grouping" in done.stdout
    assert "duplicate groups over" in done.stdout
    # Start-up says how long the event loop stalled while the rest of the window was built.
    start = next(row for row in rows if row["key"] == "start")
    assert _number(start["extra"]["stall_seconds"]), start
    assert "longest event-loop stall" in done.stdout
    # The packaged row timed the app it was given, against the installed program.
    packaged = next(row for row in rows if row["key"] == "packaged")
    assert packaged["extra"]["app"] == str(tmp_path / "curator"), packaged
    assert "given with --app" in done.stdout
