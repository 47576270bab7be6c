"""Shared fixtures. Tests that need the adverts corpus use ``corpus_dir`` and skip,
with a message, where ``../shared/data`` (beside the repository) is absent."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = Path(os.environ.get("ADVERT_ASSISTANT_CORPUS", REPO.parent / "shared" / "data" / "corpus"))
SKIP_CORPUS = "needs ../shared/data (the adverts corpus), which is not beside this checkout"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "nhs.jsonl.gz").exists():
        pytest.skip(SKIP_CORPUS)
    return CORPUS


def read_corpus(path: Path, limit: int | None = None):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


@pytest.fixture(scope="session")
def fixture_advert():
    def read(name: str) -> str:
        return (FIXTURES / "adverts" / name).read_text(encoding="utf-8")

    return read
