"""A generated corpus with planted duplicates and near-misses, and the finder's recall and
precision on it: `python tests/perf/duplicates_corpus.py [--stories N]` prints the figures.

Stories are written from a few templates with slots (company, place, technology, numbers).
Planted duplicates of each kind: an exact copy under another id, a retyped title, the same
link under another title, a reworded summary. Near-misses: the same template filled with
another story's slots (every two stories are that, as they share templates), and the same
company with other numbers. No two stories share their slots.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from curator.core.duplicates import find_duplicates  # noqa: E402

TITLES = (
    "{company} opens {tech} plant in {place}",
    "{company} to build {number} MW {tech} project near {place}",
    "{place} council backs {company} plan for {tech}",
    "{company} raises {money} million for {tech} in {place}",
    "New {tech} pilot by {company} starts in {place}",
    "{company} and {place} university test {tech}",
)
SUMMARY = (
    "{company} said on {day} that it will open a {tech} site in {place}.",
    "The project is expected to create {jobs} jobs and cost {money} million euros.",
    "Local officials in {place} welcomed the plan, which still needs a permit.",
    "Analysts said the {tech} market in the region could grow quickly.",
    "{company} plans to finish the first phase within {years} years.",
)
REWORDS = {
    "said": "stated", "open": "launch", "site": "facility", "expected": "set",
    "create": "bring", "welcomed": "praised", "plan": "proposal", "needs": "requires",
    "could": "may", "quickly": "fast", "finish": "complete", "project": "scheme",
    "plant": "factory", "opens": "launches", "build": "construct", "backs": "supports",
}
TECHS = ("hydrogen", "battery", "solar", "heat pump", "offshore wind", "geothermal",
         "carbon capture", "grid storage", "biogas", "tidal energy")
PLACES = ("Leipzig", "Lyon", "Porto", "Gdansk", "Tampere", "Bilbao", "Graz", "Aarhus",
          "Brno", "Turin", "Ghent", "Cork", "Malmo", "Utrecht", "Kaunas", "Split")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ber", "dan", "gor", "lin",
             "mar", "pel", "ster", "tun", "wex", "zil")
KINDS = ("exact copy", "retyped title", "same link", "reworded summary")


@dataclass
class Corpus:
    records: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    summaries: dict[int, str] = field(default_factory=dict)
    story: dict[str, int] = field(default_factory=dict)
    """Entry id → story number: two entries are duplicates exactly when these are equal."""
    planted: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Kind → planted (original id, duplicate id) pairs."""
    near_misses: list[tuple[str, str]] = field(default_factory=list)
    """Pairs written from one template for two stories, with most words in common."""

    def add(self, story: int, title: str, url: str | None, summary: str) -> str:
        pk = len(self.records) + 1
        entry_id = f"{pk:016x}"
        self.records.append((pk, entry_id, title, url))
        self.summaries[pk] = summary
        self.story[entry_id] = story
        return entry_id

    def summaries_of(self, pks: list[int]) -> dict[int, str]:
        return {pk: self.summaries[pk] for pk in pks}


def _company(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        suffix = rng.choice(("", " Energy", " Group", " AG", " Power"))
        if name not in taken:
            taken.add(name)
            return name + suffix


def _slots(rng: random.Random, taken: set[str]) -> dict[str, str]:
    return {"company": _company(rng, taken), "place": rng.choice(PLACES),
            "tech": rng.choice(TECHS), "number": str(rng.randint(20, 900)),
            "money": str(rng.randint(5, 400)), "jobs": str(rng.randint(30, 2000)),
            "years": str(rng.randint(2, 6)), "day": rng.choice(DAYS)}


def _retype(rng: random.Random, title: str) -> str:
    """The same title typed again: other case, punctuation and spacing, maybe a typo."""
    words = title.split()
    style = rng.randrange(4)
    if style == 0:
        text = title.upper()
    elif style == 1:
        text = " ".join(words[:2]) + ": " + " ".join(words[2:]) + "!"
    elif style == 2:
        text = "  ".join(words).lower() + " …"
    else:  # a letter dropped from the longest word
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        at = rng.randrange(1, len(word) - 1)
        words[longest] = word[:at] + word[at + 1:]
        text = " ".join(words)
    return text


def _reword(rng: random.Random, text: str, share: float) -> str:
    words = [REWORDS.get(w, w) if rng.random() < share else w for w in text.split(" ")]
    return " ".join(words)


def _link_variant(rng: random.Random, url: str) -> str:
    variant = rng.randrange(3)
    if variant == 0:
        return url.replace("https://", "http://www.") + "/"
    if variant == 1:
        return url + "?utm_source=newsletter&utm_medium=email"
    return url.replace("https://", "HTTPS://WWW.") + "?fbclid=abc123"


def make_corpus(stories: int = 400, per_kind: int = 40, near: int = 40,
                seed: int = 7) -> Corpus:
    """`stories` distinct stories, `per_kind` planted duplicates of each kind and `near`
    near-misses sharing a company but not its numbers."""
    rng = random.Random(seed)
    corpus = Corpus(planted={kind: [] for kind in KINDS})
    taken: set[str] = set()
    written = []
    for number in range(stories):
        slots = _slots(rng, taken)
        template = rng.randrange(len(TITLES))
        title = TITLES[template].format(**slots)
        sentences = [s.format(**slots) for s in SUMMARY]
        summary = " ".join(sentences)
        url = (f"https://news.example/{slots['tech'].replace(' ', '-')}/{number}-"
               f"{slots['company'].split()[0].lower()}" if rng.random() < 0.6 else None)
        entry_id = corpus.add(number, title, url, summary)
        written.append((number, entry_id, template, slots, title, url, sentences))
    # The same-link kind needs stories with a link; the others take any.
    linked = rng.sample([story for story in written if story[5]], per_kind)
    chosen = rng.sample([story for story in written if story not in linked],
                        per_kind * (len(KINDS) - 1) + near)
    chosen[2 * per_kind:2 * per_kind] = linked
    for k, kind in enumerate(KINDS):
        for number, entry_id, template, slots, title, url, sentences in \
                chosen[k * per_kind:(k + 1) * per_kind]:
            summary = " ".join(sentences)
            if kind == "exact copy":
                copy = corpus.add(number, title, url, summary)
            elif kind == "retyped title":
                copy = corpus.add(number, _retype(rng, title), None, summary)
            elif kind == "same link":
                headline = TITLES[(template + 1) % len(TITLES)].format(**slots)
                copy = corpus.add(number, headline, _link_variant(rng, url),
                                  _reword(rng, summary, 0.5))
            else:  # a press release and the news about it: the words move, the facts stay
                retold = sentences[:]
                rng.shuffle(retold)
                headline = _reword(rng, title, 1.0)
                copy = corpus.add(number, headline, None, _reword(rng, " ".join(retold), 0.6))
            corpus.planted[kind].append((entry_id, copy))
    # Near-misses: the same company and template, a later announcement with other numbers.
    for number, entry_id, template, slots, title, url, sentences in chosen[-near:]:
        later = dict(slots, number=str(int(slots["number"]) + rng.randint(10, 90)),
                     money=str(int(slots["money"]) + rng.randint(10, 90)),
                     jobs=str(int(slots["jobs"]) + rng.randint(10, 90)),
                     place=rng.choice([p for p in PLACES if p != slots["place"]]))
        other = corpus.add(stories + number, TITLES[template].format(**later), None,
                           " ".join(s.format(**later) for s in SUMMARY))
        corpus.near_misses.append((entry_id, other))
    # And stories written from one template by other companies.
    by_template: dict[int, list[str]] = {}
    for number, entry_id, template, *_ in written:
        by_template.setdefault(template, []).append(entry_id)
    for ids in by_template.values():
        corpus.near_misses += list(zip(ids[:10], ids[1:11]))
    return corpus


@dataclass
class Figures:
    threshold: float
    found: dict[str, tuple[int, int]]
    """Kind → (planted pairs found in one group, planted pairs)."""
    true_pairs: int
    grouped_pairs: int
    near_misses_grouped: int

    @property
    def recall(self) -> float:
        found = sum(f for f, _ in self.found.values())
        return found / sum(n for _, n in self.found.values())

    @property
    def precision(self) -> float:
        return self.true_pairs / self.grouped_pairs if self.grouped_pairs else 1.0


def measure(corpus: Corpus, threshold: float) -> Figures:
    groups = find_duplicates(corpus.records, corpus.summaries_of, threshold=threshold)
    group_of = {entry_id: n for n, group in enumerate(groups) for entry_id in group.ids}

    def together(a: str, b: str) -> bool:
        return a in group_of and group_of.get(a) == group_of.get(b)

    found = {kind: (sum(together(a, b) for a, b in pairs), len(pairs))
             for kind, pairs in corpus.planted.items()}
    pairs = [pair for group in groups for pair in combinations(group.ids, 2)]
    true = sum(corpus.story[a] == corpus.story[b] for a, b in pairs)
    near = sum(together(a, b) for a, b in corpus.near_misses)
    return Figures(threshold, found, true, len(pairs), near)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=400)
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--thresholds", default="75,80,85,90,95")
    args = parser.parse_args(argv)
    corpus = make_corpus(args.stories, args.per_kind)
    print(f"{len(corpus.records)} entries: {args.stories} stories, {args.per_kind} planted "
          f"duplicates of each kind, {len(corpus.near_misses)} near-miss pairs")
    print("| threshold | " + " | ".join(KINDS) + " | recall | precision | near-misses grouped |")
    print("| --- " * (len(KINDS) + 4) + "|")
    for text in args.thresholds.split(","):
        figures = measure(corpus, float(text))
        kinds = " | ".join(f"{f}/{n}" for f, n in figures.found.values())
        print(f"| {figures.threshold:g} | {kinds} | {figures.recall:.1%} | "
              f"{figures.precision:.1%} | {figures.near_misses_grouped} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
