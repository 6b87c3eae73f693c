"""Mutate the sample seeds over and over: the reader must give an entry or a ParseError,
nothing else.

`python tests/reliability/fuzz_reader.py --count 100000` runs the long loop; the test suite
runs a short one through `fuzz`. Every mutation is drawn from one seeded random generator,
so `--seed S --count N` repeats a run exactly; an input that lets anything else escape is
written to `--save DIR` with the exception.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from curator.core.errors import ParseError  # noqa: E402
from curator.core.model import KNOWN_SECTIONS, Entry  # noqa: E402
from curator.core.reader import read_seed  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
FOLDERS = (REPO / "seeds", REPO / "tests" / "data" / "variants", REPO.parent / "shared" / "seeds")
HUGE = 5 * 2**20
"""A huge line: 5 MB."""

_PIECES = [
    "|", " | ", "| ", "  - ", ":", ",", "(", ")", "\t", "\x0b", "\x0c", "\x85", "\xa0", "\u2028",
    "\ufeff", "\x7f", "é", "€", "🏙️", "\u202e", "\U0010ffff", ", (from page 20221217.)",
    "External link", "External link:", "http://a.b/c", "javascript:alert(1)", "<b>x</b>",
    "<script>alert(1)</script>", "&amp;", "      | ", "      5 |", "      9 |", "  |  |",
    *KNOWN_SECTIONS, *(f"{name}:" for name in KNOWN_SECTIONS), "Regions",
]
_ENCODINGS = ("cp1252", "latin-1", "utf-16-le", "utf-16-be", "utf-16", "cp437", "koi8-r",
              "shift_jis", "gb18030")


def samples() -> list[bytes]:
    return [p.read_bytes() for folder in FOLDERS if folder.is_dir()
            for p in sorted(folder.glob("*.txt"))]


def _reencode(rng: random.Random, chunk: bytes) -> bytes:
    text = chunk.decode("utf-8", "replace")
    return text.encode(rng.choice(_ENCODINGS), "replace")


def mutate(rng: random.Random, data: bytes, huge_every: int) -> tuple[bytes, list[str]]:
    """One to four mutations of a sample; returns the bytes and what was done."""
    done: list[str] = []
    for _ in range(rng.randint(1, 4)):
        lines = data.split(b"\n")
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        p = rng.randrange(len(data) + 1)
        kinds = ["delete", "duplicate", "swap", "truncate_line", "truncate", "flip", "nul",
                 "encoding", "bom", "line_ending", "insert_text", "insert_bytes", "controls",
                 "stray", "space_control"]
        kind = "huge_line" if huge_every and rng.randrange(huge_every) == 0 else rng.choice(kinds)
        done.append(f"{kind} i={i} j={j} p={p}")
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines[i:i] = [lines[i]] * rng.randint(1, 50)
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "truncate_line":
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif kind == "huge_line":
            unit = rng.choice([b"x", b"      | a", b"  - k", b"|", b", (from page ", b"\xe9",
                               b"https://e.org/", b"\t", b" "])
            lines.insert(i, (unit * (HUGE // len(unit) + 1))[:HUGE])
        elif kind == "encoding":
            start = rng.randrange(len(lines))
            for k in range(start, min(len(lines), start + rng.randint(1, 5))):
                lines[k] = _reencode(rng, lines[k])
        elif kind == "line_ending":
            lines[i] = lines[i] + rng.choice([b"\r", b"\r\r", b"\n\r", b"\x0b", b"\x0c"])
        if kind in ("delete", "duplicate", "swap", "truncate_line", "huge_line", "encoding",
                    "line_ending"):
            data = b"\n".join(lines)
        elif kind == "truncate":
            data = data[:p]
        elif kind == "flip" and data:
            for _ in range(rng.randint(1, 8)):
                q = rng.randrange(len(data))
                data = data[:q] + bytes([data[q] ^ rng.randint(1, 255)]) + data[q + 1:]
        elif kind == "nul":
            data = data[:p] + b"\x00" * rng.randint(1, 3) + data[p:]
        elif kind == "bom":
            data = data[:p] + rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]) + data[p:]
        elif kind == "insert_text":
            text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 6)))
            data = data[:p] + rng.choice(["\n", ""]).encode() + text.encode("utf-8") + data[p:]
        elif kind == "insert_bytes":
            noise = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
            data = data[:p] + noise + data[p:]
        elif kind == "stray":  # bytes that are not UTF-8 inside valid UTF-8 text
            data = data[:p] + rng.choice([b"\xe9", b"\x92", b"\x81", b"\xff", b"\xc3"]) * \
                rng.randint(1, 3) + data[p:]
        elif kind == "space_control":  # \x1c-\x1f, white space to str.strip(), at a line's edge
            char = rng.choice(["\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028"]).encode()
            lines[i] = char + lines[i] if rng.random() < 0.5 else lines[i] + char
            data = b"\n".join(lines)
        elif kind == "controls":
            data = data[:p] + bytes(rng.choice(b"\x01\x02\x08\x0e\x1b\x1f") for _ in range(
                rng.randint(1, 20))) + data[p:]
    return data, done


@dataclass
class Result:
    inputs: int = 0
    entries: int = 0
    parse_errors: int = 0
    escaped: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    slowest: float = 0.0
    huge: int = 0


def check(data: bytes) -> str | None:
    """None if the reader behaved; else what escaped."""
    bound = data.count(b"\n") + data.count(b"\r") + 1
    try:
        result = read_seed(data, "mutated.txt")
    except ParseError as error:
        if error.line is None:  # the whole file is wrong (empty, binary): no line
            if not error.message or str(error) != error.message:
                return f"ParseError without a message: {error!r}"
            return "parse_error"
        if not isinstance(error.line, int) or not 1 <= error.line <= bound:
            return f"ParseError with line {error.line!r} (the input has at most {bound} lines)"
        if not error.message or not str(error).startswith(f"line {error.line}: "):
            return f"ParseError without a message: {error!r}"
        return "parse_error"
    except BaseException:  # noqa: BLE001 - anything else escaping is the finding
        return traceback.format_exc()
    if not isinstance(result.entry, Entry) or not all(isinstance(w, str) for w in result.warnings):
        return f"read_seed returned {result!r}"
    return None


def fuzz(count: int, seed: int = 1, huge_every: int = 200, save: Path | None = None,
         progress: bool = False) -> Result:
    rng = random.Random(seed)
    bases = samples()
    result = Result()
    for number in range(count):
        data, done = mutate(rng, rng.choice(bases), huge_every)
        result.kinds.update(d.split()[0] for d in done)
        result.huge += any(d.startswith("huge_line") for d in done)
        started = time.perf_counter()
        outcome = check(data)
        result.slowest = max(result.slowest, time.perf_counter() - started)
        result.inputs += 1
        if outcome is None:
            result.entries += 1
        elif outcome == "parse_error":
            result.parse_errors += 1
        else:
            result.escaped.append(f"input {number} ({'; '.join(done)}):\n{outcome}")
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"escaped-{seed}-{number}.txt").write_bytes(data)
        if progress and number and number % 5000 == 0:
            print(f"{number:,} inputs, {len(result.escaped)} escaped", file=sys.stderr, flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--huge-every", type=int, default=200,
                        help="about one mutation in this many adds a 5 MB line (0: never)")
    parser.add_argument("--save", type=Path, help="folder for inputs that let something escape")
    args = parser.parse_args()
    started = time.monotonic()
    result = fuzz(args.count, args.seed, args.huge_every, args.save, progress=True)
    print(f"{result.inputs:,} inputs in {time.monotonic() - started:.0f} s (seed {args.seed}): "
          f"{result.entries:,} read as entries, {result.parse_errors:,} ParseError, "
          f"{len(result.escaped)} anything else; {result.huge:,} with a 5 MB line; "
          f"slowest input {result.slowest:.2f} s")
    print("mutations: " + ", ".join(f"{k} {v:,}" for k, v in sorted(result.kinds.items())))
    for escaped in result.escaped[:10]:
        print(escaped)
    return 1 if result.escaped else 0


if __name__ == "__main__":
    raise SystemExit(main())
