"""Run the coverage detector over corpus adverts and print what it found, for inspection.

Run from the repository root::

    .venv/bin/python scripts/coverage_probe.py --source nhs -n 10 --seed 3      # evidence per advert
    .venv/bin/python scripts/coverage_probe.py --source emscad --stats -n 300    # how often each is found
    .venv/bin/python scripts/coverage_probe.py --id nhs-916231284 --text         # one advert, with its text
    .venv/bin/python scripts/coverage_probe.py --bench                           # ms per 600-word advert
    .venv/bin/python scripts/coverage_probe.py --source nhs --grep 'pension' -n 40 # sentences with a word that were not evidence

The adverts of the labelled sets (tests/devset: the ids in every *.jsonl there and the ids that
select_devset.py draws) are always skipped, so that tuning never sees them. Sentences are
normalised as the engine does, and split with a simple splitter (new lines and ". "), not
the engine's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advert_assistant.config import Config  # noqa: E402
from advert_assistant.coverage import coverage_scores, detect, explain  # noqa: E402
from advert_assistant.normalise import normalise  # noqa: E402

SOURCES = ("nhs", "emscad", "skillspan", "glassdoor")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(•\-])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, cut again after . ! ? followed by a capital."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start, end = line.span()
        pos = start
        for m in _SENT.finditer(text, start, end):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, end))
    return spans or [(0, len(text))]


def devset_ids(data: Path) -> set[str]:
    ids: set[str] = set()
    for labels in sorted((REPO / "tests" / "devset").glob("*.jsonl")):  # labels.jsonl, holdout.jsonl...
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    ids.add(str(json.loads(line)["id"]))
                except (ValueError, KeyError):
                    pass
    sys.path.insert(0, str(REPO / "tests" / "devset"))
    try:
        from select_devset import select  # type: ignore[import-not-found]

        ids.update(i for _, i in select(data / "corpus"))
    except Exception as exc:  # the draw is a safety net on top of labels.jsonl
        print(f"warning: cannot reproduce the dev-set draw ({exc})", file=sys.stderr)
    return ids


def adverts(data: Path, sources: list[str], skip: set[str]) -> Iterator[dict]:
    for source in sources:
        with gzip.open(data / "corpus" / f"{source}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row["id"] not in skip:
                    row["text"] = normalise(row["text"])  # as the engine does before detecting
                    yield row


def show(row: dict, with_text: bool, config: Config, show_hits: bool = False) -> None:
    text = row["text"]
    cov = detect(text, split_sentences(text), config=config)
    print(f"##### {row['id']}  {row['title'][:70]!r}  ({len(text.split())} words)")
    if with_text:
        print(text)
        print("-----")
    for dim, items in (("benefits", cov.benefits), ("essentials", cov.essentials)):
        for name, c in items.items():
            mark = "+" if c.found else "-"
            ev = " | ".join(e.text.replace("\n", " ")[:160] for e in c.evidence[:3])
            print(f"  {mark} {dim[:4]}.{name:22s} {ev}")
    cp = cov.career_path
    ev = " | ".join(e.text.replace("\n", " ")[:160] for e in cp.evidence[:3])
    print(f"  career level {cp.level} {list(cp.elements)}: {ev}")
    print(f"  scores {coverage_scores(cov, config)}")
    if show_hits:
        for h in explain(text, split_sentences(text), config=config):
            mark = "ok" if not h["verdict"] else "--"
            print(f"    {mark} {h['name']:20s} {h['strength']:6s} {h['match'][:70]!r} {h['verdict']}")
    print()


def stats(rows: list[dict], config: Config) -> None:
    counts: dict[str, int] = {}
    levels = [0, 0, 0]
    for row in rows:
        text = row["text"]
        cov = detect(text, split_sentences(text), config=config)
        for name, c in list(cov.benefits.items()) + list(cov.essentials.items()):
            counts[name] = counts.get(name, 0) + int(c.found)
        levels[cov.career_path.level] += 1
    n = len(rows) or 1
    for name, k in counts.items():
        print(f"  {name:22s} {k / n:6.1%}")
    print(f"  career levels 0/1/2: {levels[0] / n:.1%} / {levels[1] / n:.1%} / {levels[2] / n:.1%}")


def grep(rows: list[dict], word: str, config: Config) -> None:
    """Sentences containing ``word`` that are not evidence of anything (to find misses)."""
    pattern = re.compile(word, re.I)
    for row in rows:
        text = row["text"]
        spans = split_sentences(text)
        cov = detect(text, spans, config=config)
        evidence = [(e.start, e.end) for c in list(cov.benefits.values()) + list(cov.essentials.values())
                    for e in c.evidence] + [(e.start, e.end) for e in cov.career_path.evidence]
        for s, e in spans:
            if pattern.search(text, s, e) and not any(a < e and s < b for a, b in evidence):
                print(f"{row['id']}: {text[s:e][:300]}")


def bench(rows: list[dict], config: Config) -> None:
    """Time detect() on 50 adverts of 550-650 words.

    The machine may be shared, so each advert is timed 15 times and its fastest run kept
    (the least disturbed); the figure is the mean of those per-advert minima, next to the
    plain mean of all runs.
    """
    chosen = [r for r in rows if 550 <= len(r["text"].split()) <= 650][:50]
    prepared = [(r["text"], split_sentences(r["text"])) for r in chosen]
    for text, spans in prepared:  # compile the patterns, fill the caches
        detect(text, spans, config=config)
    minima, total, runs = [], 0.0, 15
    for text, spans in prepared:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            detect(text, spans, config=config)
            times.append(time.perf_counter() - t0)
        minima.append(min(times))
        total += sum(times)
    n = len(prepared)
    print(f"detect(): {sum(minima) / n * 1000:.3f} ms per advert (mean of per-advert fastest of "
          f"{runs} runs; plain mean {total / (n * runs) * 1000:.3f} ms) over {n} adverts of 550-650 words")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--source", choices=SOURCES, action="append")
    parser.add_argument("-n", type=int, default=5, help="how many adverts (sampled)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--id", action="append", help="show these advert ids")
    parser.add_argument("--text", action="store_true", help="print each advert's text too")
    parser.add_argument("--hits", action="store_true", help="print every pattern match and its verdict")
    parser.add_argument("--stats", action="store_true", help="share of adverts where each is found")
    parser.add_argument("--grep", help="print sentences matching this regex that are not evidence")
    parser.add_argument("--bench", action="store_true", help="time detect() on 50 adverts of ~600 words")
    args = parser.parse_args(argv)
    if not (args.data / "corpus").is_dir():
        print(f"error: no corpus at {args.data / 'corpus'} (needs ../shared/data)", file=sys.stderr)
        return 2
    config = Config()
    skip = devset_ids(args.data)
    sources = args.source or list(SOURCES)
    rows = list(adverts(args.data, sources, skip))
    if args.id:
        wanted = set(args.id) - skip
        for row in rows:
            if row["id"] in wanted:
                show(row, args.text, config, args.hits)
        return 0
    if args.bench:
        bench(rows, config)
        return 0
    rows = [r for r in rows if 150 <= len(r["text"].split()) <= 1200]
    sample = random.Random(args.seed).sample(rows, min(args.n, len(rows)))
    if args.stats:
        stats(sample, config)
    elif args.grep:
        grep(sample, args.grep, config)
    else:
        for row in sample:
            show(row, args.text, config, args.hits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
