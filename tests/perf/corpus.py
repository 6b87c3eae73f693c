"""Deterministic synthetic seed files and libraries, for benchmarks and large-library checks.

`python tests/perf/corpus.py seeds DIR N` writes N seed files; `python tests/perf/corpus.py
library PATH N` builds a library of N entries.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from curator.core.model import SECTIONS, Entry  # noqa: E402
from curator.core.writer import write_seed  # noqa: E402

WORDS = (
    "climate energy grid storage battery solar wind hydrogen policy market finance risk "
    "health hospital sensor data privacy model open source network city mobility transit "
    "water drought crop soil supply chain labour automation robot trust regulation carbon "
    "ocean coast migration housing education skills ageing vaccine disease platform "
    "Wärme Netz Bürger énergie réseau données 電力 農業 都市 الطاقة المياه энергия сеть"
).split()
CATEGORIES = ("technology", "society", "environment", "economy", "health", "politics")
TYPES = ("news article", "blog post", "research paper", "report", "press release")
KEYWORDS = [f"{a} {b}" for a in WORDS[:30] for b in WORDS[30:45]]
THEMES = [w for w in WORDS[:40]]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return text[:1].upper() + text[1:] + "."


def _relevancy(rng: random.Random, skew: int) -> int:
    # Each entry leans high or low, as real scorers do.
    return max(1, min(5, round(rng.gauss(skew, 1.0))))


def entry(number: int) -> Entry:
    """Entry number N, the same on every run."""
    rng = random.Random(number)
    skew = rng.choice((2, 3, 4, 4))
    size = rng.choice((1, 1, 2, 3, 8))  # most entries small, a few large
    fields: dict = {
        "id": f"{number:016x}",
        "title": _sentence(rng, 4, 12).rstrip("."),
        "page": f"20{rng.randint(15, 25)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
        "url": f"https://example.org/scan/{number}" if rng.random() < 0.3 else None,
        "keywords": rng.sample(KEYWORDS, rng.randint(3, 8)),
        "themes": rng.sample(THEMES, rng.randint(2, 5)),
        "other": {"Category": rng.choice(CATEGORIES), "Type": rng.choice(TYPES)},
        "summary": "\n\n".join(_sentence(rng, 30, 80) for _ in range(rng.randint(1, 3))),
    }
    for section in SECTIONS:
        items = []
        for _ in range(rng.randint(2, 4) * size):
            score = _relevancy(rng, skew)
            item = {"relevancy": score, "relevancy_imported": score,
                    "description": _sentence(rng, 10, 25)}
            if section == "technologies":
                item["src"] = f"{rng.getrandbits(128):032x}"
            else:
                item["name"] = _sentence(rng, 2, 5).rstrip(".")
            if section == "signals":
                item.update(change=_sentence(rng, 8, 16), ten_year=_sentence(rng, 8, 16),
                            driving_force=_sentence(rng, 8, 16))
            items.append(item)
        fields[section] = items
    return Entry.model_validate(fields)


def seed_texts(count: int, start: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, seed text) for entries start … start + count - 1."""
    for number in range(start, start + count):
        yield f"{number:06d}_{number:016x}.txt", write_seed(entry(number))


def write_seeds(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in seed_texts(count):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def build_library(path: Path, count: int, batch: int = 500) -> None:
    """A library of `count` generated entries, stored in batches of `batch` per transaction."""
    from curator.core.store import Library

    with Library(path) as library:
        done = library.entries.total()
        while done < count:
            size = min(batch, count - done)
            library.imports.store([(entry(n), None) for n in range(done, done + size)])
            done += size
            print(f"\r{done}/{count}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)



_BUILD_INDEX = "bench_build_entries_by_url"


def _entries_for(span: tuple[int, int]) -> list[tuple[Entry, None]]:
    return [(entry(n), None) for n in range(*span)]


def build_library_parallel(path: Path, count: int, batch: int = 1000,
                           cache_mb: int = 256, quiet: bool = False) -> None:
    """The same library as `build_library` (same entries, same order), built faster.

    Entries are generated in a worker process while this one stores them, and the
    connection gets a large page cache for the build (not stored in the file). Resumes
    a half-built library: it continues after the entries already stored.
    """
    import collections
    import multiprocessing
    import os

    from curator.core.store import Library

    with Library(path) as library:
        library.conn.execute(f"PRAGMA cache_size = -{cache_mb * 1024}")
        # The store's duplicate check (title or url) scans the whole table for every entry
        # while url has no index; an index for the build only, dropped at the end, makes
        # it a lookup. The finished file has exactly the program's own schema.
        library.conn.execute(f"CREATE INDEX IF NOT EXISTS {_BUILD_INDEX} ON entries(url)")
        done = library.entries.total()
        spans = [(start, min(start + batch, count)) for start in range(done, count, batch)]
        workers = max(1, min(4, (os.cpu_count() or 2) - 1))
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers) as pool:
            # At most a few batches wait in memory: the generator outruns the store.
            pending: collections.deque = collections.deque()
            for span in spans:
                pending.append(pool.apply_async(_entries_for, (span,)))
                if len(pending) <= workers + 1:
                    continue
                offered = pending.popleft().get()
                library.imports.store(offered)
                done += len(offered)
                if not quiet:
                    print(f"\r{done}/{count}", end="", file=sys.stderr, flush=True)
            while pending:
                offered = pending.popleft().get()
                library.imports.store(offered)
                done += len(offered)
                if not quiet:
                    print(f"\r{done}/{count}", end="", file=sys.stderr, flush=True)
        library.conn.execute(f"DROP INDEX {_BUILD_INDEX}")
    if not quiet:
        print(file=sys.stderr)


if __name__ == "__main__":
    kind, target, number = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    if kind == "seeds":
        write_seeds(target, number)
    else:
        build_library(target, number)
