"""One pass over the tokens that every check shares.

:func:`analyse` reads the spaCy ``Doc`` once, as arrays (no Python ``Token`` objects,
which would cost more than the pipeline itself), and records what the checks need:
sentence spans (trimmed of white space), words per sentence, which sentences are
bullets, paragraphs, readability counts, passive constructions, second- versus
first-person words and gender-coded words. Everything known about a word form
(syllables, stop word, coded, ...) is worked out once per process in :func:`lexeme`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SENT_START
from spacy.tokens import Doc

from . import stats

BULLET_CHARS = frozenset("•●▪‣◦-*·–")
_NUMBERED = re.compile(r"\s*(?:\d{1,2}|[a-z])[.)]\s")

BE_FORMS = frozenset({"am", "is", "are", "was", "were", "be", "been", "being"})
#: adverbs that may stand between "be" and the participle ("is often required")
PASSIVE_GAP = frozenset({"not", "also", "often", "always", "usually", "normally", "then", "currently",
                         "generally", "typically", "fully", "still", "now", "only", "n't"})
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

# lexeme flags
WORD, ALPHA, STOP, YOU, WE, BE, PARTICIPLE, GAP, MASC, FEM, SPACE = (1 << i for i in range(11))


@dataclass(frozen=True, slots=True)
class Lex:
    flags: int
    low: str
    syllables: int
    difficult: bool


_LEXEMES: dict[int, Lex] = {}


def lexeme(orth: int, strings) -> Lex:
    """Everything the checks need about one word form, computed once per process."""
    lex = _LEXEMES.get(orth)
    if lex is not None:
        return lex
    from spacy.lang.en.lex_attrs import like_num

    text = strings[orth]
    low = text.lower()
    flags = 0
    if text.isspace():
        flags |= SPACE
    is_alpha = text.isalpha()
    if is_alpha:
        flags |= ALPHA
    if is_alpha or like_num(text) or ("'" in text and text[0].isalpha()) or ("’" in text and text[0].isalpha()):
        flags |= WORD
    if low in _stop_words():
        flags |= STOP
    if low in YOU_WORDS:
        flags |= YOU
    elif low in WE_WORDS:
        flags |= WE
    if low in BE_FORMS:
        flags |= BE
    if low in PASSIVE_GAP:
        flags |= GAP
    if low not in ADJECTIVAL and ((len(low) > 4 and low.endswith("ed")) or low in IRREGULAR_PARTICIPLES):
        flags |= PARTICIPLE
    if is_alpha or "-" in text:
        from .checks import coded

        kind = coded(low)
        if kind == "masculine":
            flags |= MASC
        elif kind == "feminine":
            flags |= FEM
    syl = stats.syllables(low) if flags & WORD else 0
    lex = Lex(flags, low, syl, bool(flags & WORD) and syl >= 2 and low not in stats.easy_words())
    if len(_LEXEMES) < 500_000:
        _LEXEMES[orth] = lex
    return lex


@dataclass
class Analysis:
    text: str
    doc: Doc
    sentences: list[tuple[int, int]] = field(default_factory=list)      # char spans, trimmed
    sentence_words: list[int] = field(default_factory=list)
    is_bullet: list[bool] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)    # sentence index spans
    passive: list[tuple[int, int]] = field(default_factory=list)       # char spans "is required"
    masculine: list[tuple[int, int]] = field(default_factory=list)     # char spans of coded words
    feminine: list[tuple[int, int]] = field(default_factory=list)
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

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence that contains (or last starts before) ``offset``."""
        return max(0, bisect.bisect_right([s for s, _ in self.sentences], offset) - 1)


def analyse(doc: Doc, text: str | None = None) -> Analysis:
    """Analyse ``doc``; pass ``text`` (== ``doc.text``) when you have it, to save rebuilding it."""
    if text is None:
        text = doc.text
    a = Analysis(text=text, doc=doc)
    n = len(doc)
    if n == 0:
        return a
    arr = doc.to_array([ORTH, SENT_START, IDX, LENGTH]).tolist()
    strings = doc.vocab.strings
    counts = a.counts
    easy_cache = _LEXEMES
    not_coded_before = _not_coded_before()

    # sentence token ranges from SENT_START (1 = starts a sentence)
    starts = [i for i in range(n) if arr[i][1] == 1]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    starts.append(n)

    para_start = 0
    prev_end_char = 0
    for k in range(len(starts) - 1):
        first, last = starts[k], starts[k + 1]
        lexes = []
        for i in range(first, last):
            orth = arr[i][0]
            lex = easy_cache.get(orth) or lexeme(orth, strings)
            lexes.append(lex)
        # trim white space tokens at both ends
        lo, hi = 0, len(lexes)
        while lo < hi and lexes[lo].flags & SPACE:
            lo += 1
        while hi > lo and lexes[hi - 1].flags & SPACE:
            hi -= 1
        if lo == hi:
            continue
        s_char = arr[first + lo][2]
        e_char = arr[first + hi - 1][2] + arr[first + hi - 1][3]
        words = 0
        prev_be = -1
        for j in range(lo, hi):
            lex = lexes[j]
            f = lex.flags
            if f & ALPHA:
                a.alpha_tokens += 1
                if f & STOP:
                    a.stop_tokens += 1
            if f & (MASC | FEM):
                i = first + j
                if not (lex.low in not_coded_before and j + 1 < hi
                        and lexes[j + 1].low in not_coded_before[lex.low]):
                    span = (arr[i][2], arr[i][2] + arr[i][3])
                    (a.masculine if f & MASC else a.feminine).append(span)
            if not f & WORD:
                continue
            words += 1
            counts.words += 1
            counts.letters += len(lex.low)
            counts.syllables += lex.syllables
            if lex.syllables >= 3:
                counts.polysyllables += 1
            if lex.difficult:
                counts.difficult += 1
            if f & YOU:
                a.you += 1
            elif f & WE:
                a.we += 1
            # passive voice: a form of "be", up to two adverbs, then a past participle
            if f & BE:
                prev_be = j
            elif prev_be >= 0:
                if f & GAP or (lex.low.endswith("ly") and j - prev_be <= 2):
                    continue
                if f & PARTICIPLE:
                    b = first + prev_be
                    i = first + j
                    a.passive.append((arr[b][2], arr[i][2] + arr[i][3]))
                prev_be = -1
        if words == 0:
            continue  # a line of only punctuation or symbols is not a sentence a reader counts
        index = len(a.sentences)
        if index and text.count("\n", prev_end_char, s_char) >= 2:
            a.paragraphs.append((para_start, index))
            para_start = index
        bullet = text[s_char] in BULLET_CHARS or bool(_NUMBERED.match(text, s_char, s_char + 4))
        a.sentences.append((s_char, e_char))
        a.sentence_words.append(words)
        a.is_bullet.append(bullet)
        counts.sentences += 1
        counts.sentence_lengths.append(words)
        if bullet:
            a.bullet_words += words
        prev_end_char = e_char
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


_NCB: dict | None = None


def _not_coded_before() -> dict[str, frozenset[str]]:
    global _NCB
    if _NCB is None:
        from .ruledata import categories

        raw = categories("inclusivity").get("not_coded_before") or {}
        _NCB = {k.lower(): frozenset(w.lower() for w in v) for k, v in raw.items()}
    return _NCB


def passive_sentence_count(a: Analysis) -> int:
    return len({a.sentence_at(s) for s, _ in a.passive})
