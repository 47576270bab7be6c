"""Reproduce the selection of the coverage dev set (prints one ``source_file<TAB>id`` a line).

Run from the repository root::

    .venv/bin/python tests/devset/select_devset.py [--data ../shared/data]

For each source file the adverts of 150-1200 words (``len(text.split())``) are sorted by
id and a fixed number is drawn with ``random.Random(SEED + index of source)``. The labels in
``labels.jsonl`` were written by hand for exactly these adverts; the script only documents
and reproduces the draw and never reads or writes labels.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

SEED = 20240611
MIN_WORDS, MAX_WORDS = 150, 1200
#: (file, how many), in draw order; the index in this tuple is added to SEED.
PLAN: tuple[tuple[str, int], ...] = (
    ("nhs.jsonl.gz", 25),
    ("emscad.jsonl.gz", 15),
    ("skillspan.jsonl.gz", 10),
    ("glassdoor.jsonl.gz", 10),
)


def select(corpus: Path) -> list[tuple[str, str]]:
    chosen: list[tuple[str, str]] = []
    for index, (name, count) in enumerate(PLAN):
        ids = []
        with gzip.open(corpus / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if MIN_WORDS <= len(row["text"].split()) <= MAX_WORDS:
                    ids.append(row["id"])
        ids.sort()
        rng = random.Random(SEED + index)
        chosen.extend((name, i) for i in rng.sample(ids, count))
    return chosen


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=repo.parent / "shared" / "data",
                        help="the adverts data directory (default: ../shared/data)")
    args = parser.parse_args(argv)
    corpus = args.data / "corpus"
    if not corpus.is_dir():
        print(f"error: no corpus at {corpus} (needs ../shared/data, the adverts corpus)",
              file=sys.stderr)
        return 2
    for name, advert_id in select(corpus):
        print(f"{name}\t{advert_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
