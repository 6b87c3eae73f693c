"""Time calibration grouping over 100,000 synthetic items:
`python tests/perf/calibration_bench.py [N]`.

Two inputs: labels drawn from the small word list of the perf corpus (every word common, the
worst case for blocking by rare words), and labels from a large vocabulary with near-copies
(re-cased, re-punctuated, misspelt), closer to what analysts write.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from curator.core.calibration import group_items  # noqa: E402
from curator.core.model import SECTIONS  # noqa: E402
from tests.perf.corpus import WORDS  # noqa: E402


def small_vocabulary(count: int, seed: int = 1) -> list:
    rng = random.Random(seed)
    items = []
    for n in range(count):
        label = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        items.append(((f"{n // 40:016x}", rng.choice(SECTIONS), n % 40), label,
                      rng.randint(1, 5)))
    return items


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1:]


def large_vocabulary(count: int, seed: int = 2) -> list:
    """About a third of the items are variants of another item's label."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ber", "dan", "gor", "lin",
                 "mar", "pel", "ster", "tun", "wex", "zil"]
    vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                         for _ in range(30_000)})
    items: list = []
    labels: list[str] = []
    for n in range(count):
        if labels and rng.random() < 0.35:
            base = rng.choice(labels)
            change = rng.random()
            if change < 0.4:
                label = base.upper() + "."
            elif change < 0.7:
                words = base.split()
                at = rng.randrange(len(words))
                label = " ".join(_typo(rng, w) if i == at else w for i, w in enumerate(words))
            else:
                label = base.replace(" ", "  - ", 1)
        else:
            label = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 6))).title()
            labels.append(label)
        items.append(((f"{n // 40:016x}", rng.choice(SECTIONS), n % 40), label,
                      rng.randint(1, 5)))
    return items


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for name, make in (("small vocabulary", small_vocabulary),
                       ("large vocabulary with near-copies", large_vocabulary)):
        items = make(count)
        start, cpu = time.perf_counter(), time.process_time()
        groups = group_items(items)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        flagged = sum(g.flagged for g in groups)
        largest = max((len(g.members) for g in groups), default=0)
        print(f"{name}: {count:,} items in {seconds:.2f} s ({cpu:.2f} s CPU); "
              f"{len(groups):,} groups, {flagged:,} flagged, largest {largest:,}")


if __name__ == "__main__":
    main()
