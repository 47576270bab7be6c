"""One pass over the tokens that every check shares.

:func:`analyse` walks the spaCy ``Doc`` once and records what the checks need: sentence
spans (trimmed of white space), words per sentence, which sentences are bullets,
paragraphs, readability counts, passive constructions, and second- versus first-person
words. Checks then read this :class:`Analysis` instead of walking the doc again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from . import stats

BULLET_CHARS = frozenset("•●▪‣◦-*·–")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]\s")

BE_FORMS = frozenset({"am", "is", "are", "was", "were", "be", "been", "being"})
#: adverbs that may stand between "be" and the participle ("is often required")
PASSIVE_GAP = frozenset({"not", "also", "often", "always", "usually", "normally", "then", "currently",
                         "generally", "typically", "fully", "still", "now", "only", "being", "n't"})
IRREGULAR_PARTICIPLES = frozenset("""
arisen awoken borne beaten become begun bent bound bitten blown broken brought built burnt bought
caught chosen come cut dealt done drawn dreamt driven drunk eaten fallen fed felt fought found fled
flown forbidden forgotten forgiven frozen got gotten given gone ground grown hung heard hidden hit held
hurt kept known laid led left lent let lain lit lost made meant met paid put quit read rid ridden rung
risen run said seen sought sold sent set shaken shone shot shown shut sung sunk sat slept slid spoken
spent spun spread stood stolen stuck stung struck sworn swept swum taken taught torn told thought thrown
understood undertaken upheld woken worn won withdrawn written
""".split())
#: participles that mostly work as adjectives in adverts ("we are committed", "you will be based")
ADJECTIVAL = frozenset("""
based located situated interested committed dedicated experienced qualified skilled motivated talented
excited pleased delighted involved passionate determined organised organized detailed focused focussed
established registered licensed certified accredited supported equipped prepared concerned engaged
renowned known used unlimited rated ranked valued varied mixed advanced limited united
""".split())

YOU_WORDS = frozenset({"you", "your", "yours", "yourself", "you'll", "you're", "you've", "you'd"})
WE_WORDS = frozenset({"we", "our", "ours", "us", "we'll", "we're", "we've", "ourselves"})


@dataclass
class Analysis:
    text: str
    doc: Doc
    sentences: list[tuple[int, int]] = field(default_factory=list)      # char spans, trimmed
    sentence_tokens: list[tuple[int, int]] = field(default_factory=list)  # token index spans
    sentence_words: list[int] = field(default_factory=list)
    is_bullet: list[bool] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)    # sentence index spans
    passive: list[tuple[int, int]] = field(default_factory=list)       # char spans "is required"
    counts: stats.Counts = field(default_factory=stats.Counts)
    you: int = 0
    we: int = 0
    bullet_words: int = 0
    alpha_tokens: int = 0
    stop_tokens: int = 0
    gender: dict | None = None  # filled by checks.gender_coding, once

    def sentence_text(self, i: int) -> str:
        s, e = self.sentences[i]
        return self.text[s:e]


def _is_word(tok) -> bool:
    return tok.is_alpha or (tok.like_num and not tok.is_punct) or ("'" in tok.text and tok.text[0].isalpha())


def analyse(doc: Doc) -> Analysis:
    text = doc.text
    a = Analysis(text=text, doc=doc)
    counts = a.counts
    stop_words = _stop_words()
    para_start = 0
    for sent in doc.sents:
        # trim white space tokens at both ends
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start == end:
            continue
        s_char = doc[start].idx
        e_char = doc[end - 1].idx + len(doc[end - 1].text)
        index = len(a.sentences)
        # a blank line before this sentence closes the paragraph
        if index and text.count("\n", a.sentences[-1][1], s_char) >= 2:
            a.paragraphs.append((para_start, index))
            para_start = index
        first = doc[start].text
        bullet = first[0] in BULLET_CHARS or bool(_NUMBERED.match(text[s_char:s_char + 4]))
        words = 0
        prev_be = -1
        for i in range(start, end):
            tok = doc[i]
            if tok.is_space or tok.is_punct:
                continue
            low = tok.lower_
            if tok.is_alpha:
                a.alpha_tokens += 1
                if low in stop_words:
                    a.stop_tokens += 1
            if not _is_word(tok):
                continue
            words += 1
            stats.count_word(counts, low)
            if low in YOU_WORDS:
                a.you += 1
            elif low in WE_WORDS:
                a.we += 1
            # passive voice: a form of "be", up to two adverbs, then a past participle
            if low in BE_FORMS:
                prev_be = i
            elif prev_be >= 0:
                if low in PASSIVE_GAP or (low.endswith("ly") and i - prev_be <= 2):
                    continue
                if low not in ADJECTIVAL and (
                    (len(low) > 4 and low.endswith("ed")) or low in IRREGULAR_PARTICIPLES
                ):
                    a.passive.append((doc[prev_be].idx, tok.idx + len(tok.text)))
                prev_be = -1
        if words == 0:
            # a line of only punctuation or symbols is not a sentence a reader counts
            continue
        a.sentences.append((s_char, e_char))
        a.sentence_tokens.append((start, end))
        a.sentence_words.append(words)
        a.is_bullet.append(bullet)
        counts.sentences += 1
        counts.sentence_lengths.append(words)
        if bullet:
            a.bullet_words += words
    if a.sentences:
        a.paragraphs.append((para_start, len(a.sentences)))
    return a


_STOP: frozenset[str] | None = None


def _stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP = frozenset(STOP_WORDS)
    return _STOP


def passive_sentence_count(a: Analysis) -> int:
    if not a.passive:
        return 0
    import bisect

    starts = [s for s, _ in a.sentences]
    seen = set()
    for s, _ in a.passive:
        seen.add(bisect.bisect_right(starts, s) - 1)
    return len(seen)
