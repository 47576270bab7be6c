"""The engine's spaCy pipeline: the caching tokenizer gives exactly spaCy's tokens."""

from __future__ import annotations

import gzip
import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advert_assistant.nlp import PIPELINE_PACKAGES, CachingTokenizer, get_nlp



@pytest.fixture(scope="module")
def plain_tokenizer():
    """A second, unwrapped copy of the English tokenizer (its own cache) to compare with."""
    import importlib

    for name in PIPELINE_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer",
                                    "ner", "senter"]).tokenizer
    pytest.skip("no English spaCy pipeline installed")


def tokens(doc):
    return [(t.text, t.idx, t.whitespace_, t.norm_) for t in doc]


TRICKY = [
    "Nurse (Band 5)\nWe're hiring! You'll work 9am-5pm, e.g. on the ward.\n\n• Pension\n• 27 days' leave",
    "\nLeading line break, then words: can't, won't, it's, (you'll), \"quoted\", 'single'.",
    "Salary: £28,407 - £34,581 p.a.  Two  spaces,\ttabs\t and\u00a0no-break\u00a0spaces.",
    "Apply at https://www.jobs.nhs.uk/candidate/jobadvert/C9123-24-0001 or email jobs@trust.nhs.uk :)",
    "A&E, AfC, DBS-checked; U.K.-wide... Mr. Smith's team’s ‘outstanding’ rating — 5/5!",
    "Emoji 🙂 and accents: café, naïve; numbers 1,000.50 and 3rd; hyphen-ated and/or words.",
    "   \n\n  leading and trailing white space  \n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_same_tokens_as_spacy(plain_tokenizer, text):
    tok = CachingTokenizer(plain_tokenizer.__class__(*plain_tokenizer.__reduce__()[1]))
    expected = tokens(plain_tokenizer(text))
    assert tokens(tok(text)) == expected
    assert tokens(tok(text)) == expected  # second time from the cache


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["We", "'re", "you'll", "\n", "\n\n", " ", "  ", "e.g.", "(", ")", ",",
                                 ".", "£30,000", "Band", "5", "A&E", ":)", "https://x.org/a", "don't",
                                 "\t", "café", "-"]), max_size=40).map("".join))
def test_same_tokens_for_any_mix(plain_tokenizer, text):
    engine_tokenizer = get_nlp().tokenizer
    assert tokens(engine_tokenizer(text)) == tokens(plain_tokenizer(text))


def test_engine_pipeline_uses_it():
    nlp = get_nlp()
    assert isinstance(nlp.tokenizer, CachingTokenizer)
    assert nlp.tokenizer.vocab is nlp.vocab  # other attributes are the wrapped tokenizer's
    assert "\n" in nlp.tokenizer.rules
    assert [[t.text for t in d] for d in nlp.tokenizer.pipe(["a b", "c"])] == [["a", "b"], ["c"]]


def test_memory_is_bounded(plain_tokenizer):
    tok = CachingTokenizer(plain_tokenizer.__class__(*plain_tokenizer.__reduce__()[1]), limit=10)
    text = " ".join(f"word{i}" for i in range(8))
    tok(text)
    assert len(tok._seen) == 8
    more = " ".join(f"other{i}" for i in range(5))
    assert tokens(tok(more)) == tokens(plain_tokenizer(more))
    assert len(tok._seen) == 5  # emptied, then the new chunks
    assert tokens(tok(text)) == tokens(plain_tokenizer(text))


def test_pickles(plain_tokenizer):
    tok = CachingTokenizer(plain_tokenizer, limit=123)
    copy = pickle.loads(pickle.dumps(tok))
    assert isinstance(copy, CachingTokenizer) and copy.limit == 123
    assert tokens(copy("You'll\nwork")) == tokens(plain_tokenizer("You'll\nwork"))


def test_same_tokens_on_corpus_adverts(corpus_dir, plain_tokenizer):
    from advert_assistant.engine import prepare

    tok = CachingTokenizer(plain_tokenizer.__class__(*plain_tokenizer.__reduce__()[1]))
    checked = 0
    for name in ("nhs", "emscad", "skillspan", "glassdoor"):
        path = corpus_dir / f"{name}.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for _, line in zip(range(150), fh)]
        for row in rows:
            for text in (row["text"], prepare(row["text"])):
                assert tokens(tok(text)) == tokens(plain_tokenizer(text)), row.get("id")
                checked += 1
    assert checked >= 300
