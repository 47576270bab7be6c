"""Reproduce the selection of the coverage dev set (prints one ``source_file<TAB>id`` a line).

Run from the repository root::

    .venv/bin/python tests/devset/select_devset.py [--data ../shared/data]            # dev set
    .venv/bin/python tests/devset/select_devset.py --holdout [--data ../shared/data]  # hold-out
    .venv/bin/python tests/devset/select_devset.py --dev2 [--data ../shared/data]     # dev set 2

For each source file the adverts of 150-1200 words (``len(text.split())``) are sorted by
id and a fixed number is drawn with ``random.Random(SEED + index of source)``. The labels in
``labels.jsonl`` were written by hand for exactly these adverts.

``--holdout`` draws the blind hold-out set (``holdout.jsonl``) the same way with its own plan
and ``HOLDOUT_SEED``, after removing from each pool every id already labelled in
``labels.jsonl``, so the two sets never share an advert.

``--dev2`` draws the second dev set (``dev2.jsonl``) the same way with ``DEV2_PLAN`` and
``DEV2_SEED``, after removing every id of ``labels.jsonl`` and of ``holdout.jsonl``. The script
only documents and reproduces the draws; it never writes labels and reads only the ids of the
labels files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path
from typing import Collection

SEED = 20240611
HOLDOUT_SEED = 20251123
DEV2_SEED = 20261203
MIN_WORDS, MAX_WORDS = 150, 1200
#: (file, how many), in draw order; the index in this tuple is added to SEED.
PLAN: tuple[tuple[str, int], ...] = (
    ("nhs.jsonl.gz", 25),
    ("emscad.jsonl.gz", 15),
    ("skillspan.jsonl.gz", 10),
    ("glassdoor.jsonl.gz", 10),
)
#: the hold-out plan; the index in this tuple is added to HOLDOUT_SEED.
HOLDOUT_PLAN: tuple[tuple[str, int], ...] = (
    ("nhs.jsonl.gz", 20),
    ("emscad.jsonl.gz", 10),
    ("skillspan.jsonl.gz", 7),
    ("glassdoor.jsonl.gz", 7),
)
#: the second dev set's plan; the index in this tuple is added to DEV2_SEED.
DEV2_PLAN: tuple[tuple[str, int], ...] = (
    ("nhs.jsonl.gz", 16),
    ("emscad.jsonl.gz", 10),
    ("skillspan.jsonl.gz", 7),
    ("glassdoor.jsonl.gz", 7),
)
DEV_LABELS = Path(__file__).resolve().parent / "labels.jsonl"
HOLDOUT_LABELS = Path(__file__).resolve().parent / "holdout.jsonl"


def select(corpus: Path, plan: tuple[tuple[str, int], ...] = PLAN, seed: int = SEED,
           exclude: Collection[str] = ()) -> list[tuple[str, str]]:
    """Draw ``plan`` from ``corpus``: eligible ids not in ``exclude``, sorted, then sampled."""
    excluded = set(exclude)
    chosen: list[tuple[str, str]] = []
    for index, (name, count) in enumerate(plan):
        ids = []
        with gzip.open(corpus / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if (MIN_WORDS <= len(row["text"].split()) <= MAX_WORDS
                        and row["id"] not in excluded):
                    ids.append(row["id"])
        ids.sort()
        if len(ids) < count:
            raise ValueError(f"{name} has {len(ids)} eligible adverts, fewer than {count}")
        rng = random.Random(seed + index)
        chosen.extend((name, i) for i in rng.sample(ids, count))
    return chosen


def labelled_ids(path: Path | None = None) -> set[str]:
    """The ids of a labels file (default: the dev set's labels.jsonl); nothing else is read."""
    with (path or DEV_LABELS).open(encoding="utf-8") as fh:
        return {json.loads(line)["id"] for line in fh if line.strip()}


def select_holdout(corpus: Path, dev_labels: Path | None = None) -> list[tuple[str, str]]:
    """The hold-out draw: HOLDOUT_PLAN with HOLDOUT_SEED, excluding the dev set's ids."""
    return select(corpus, HOLDOUT_PLAN, HOLDOUT_SEED, exclude=labelled_ids(dev_labels))


def select_dev2(corpus: Path, dev_labels: Path | None = None,
                holdout_labels: Path | None = None) -> list[tuple[str, str]]:
    """The second dev set's draw: DEV2_PLAN with DEV2_SEED, excluding the ids of the dev set
    and of the hold-out set (only their ids are read)."""
    exclude = labelled_ids(dev_labels) | labelled_ids(holdout_labels or HOLDOUT_LABELS)
    return select(corpus, DEV2_PLAN, DEV2_SEED, exclude=exclude)


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=repo.parent / "shared" / "data",
                        help="the adverts data directory (default: ../shared/data)")
    parser.add_argument("--holdout", action="store_true",
                        help="draw the hold-out set instead (disjoint from labels.jsonl)")
    parser.add_argument("--dev2", action="store_true",
                        help="draw the second dev set instead (disjoint from labels.jsonl "
                             "and holdout.jsonl)")
    args = parser.parse_args(argv)
    if args.holdout and args.dev2:
        parser.error("--holdout and --dev2 are different draws; give one")
    corpus = args.data / "corpus"
    if not corpus.is_dir():
        print(f"error: no corpus at {corpus} (needs ../shared/data, the adverts corpus)",
              file=sys.stderr)
        return 2
    exclude: set[str] = set()
    if args.holdout or args.dev2:
        try:
            exclude = labelled_ids()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"error: cannot read the dev set's ids from {DEV_LABELS}: {exc}",
                  file=sys.stderr)
            return 2
    if args.dev2:
        try:
            exclude |= labelled_ids(HOLDOUT_LABELS)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"error: cannot read the hold-out set's ids from {HOLDOUT_LABELS}: {exc}",
                  file=sys.stderr)
            return 2
    try:
        if args.holdout:
            chosen = select(corpus, HOLDOUT_PLAN, HOLDOUT_SEED, exclude=exclude)
        elif args.dev2:
            chosen = select(corpus, DEV2_PLAN, DEV2_SEED, exclude=exclude)
        else:
            chosen = select(corpus)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: cannot draw from {corpus}: {exc}", file=sys.stderr)
        return 2
    for name, advert_id in chosen:
        print(f"{name}\t{advert_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
