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
import threading
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.tokens import Doc

from . import stats
from .normalise import BULLET_CHARS

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
_HELPERS: list = []


def _helpers():
    """``(like_num, coded)``, imported on first use (``checks`` imports this module)."""
    if not _HELPERS:
        from spacy.lang.en.lex_attrs import like_num

        from .checks import coded

        _HELPERS[:] = [like_num, coded]
    return _HELPERS


def lexeme(orth: int, strings) -> Lex:
    """Everything the checks need about one word form, computed once per process."""
    lex = _LEXEMES.get(orth)
    if lex is not None:
        return lex
    like_num, coded = _helpers()
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
    #: ``(ids, starts)``: the tokens the sentence model reads, as
    #: :func:`advert_assistant.structure.doc_tokens` makes them from ``doc``
    model_tokens: tuple | None = field(default=None, repr=False, compare=False)

    def sentence_text(self, i: int) -> str:
        s, e = self.sentences[i]
        return self.text[s:e]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence that contains (or last starts before) ``offset``."""
        return max(0, bisect.bisect_right([s for s, _ in self.sentences], offset) - 1)


#: What one token of a word form adds to an advert's counts.
_COUNTS = ("words", "letters", "syllables", "polysyllables", "difficult", "you", "we", "alpha", "stop")


def _counts_row(lex: Lex) -> tuple[int, ...]:
    """What one token of ``lex`` adds to each of :data:`_COUNTS`: letters, syllables,
    difficult words and "you"/"we" are counted over words, stop words over alphabetic tokens."""
    word = bool(lex.flags & WORD)
    alpha = bool(lex.flags & ALPHA)
    return (int(word), len(lex.low) if word else 0, lex.syllables if word else 0,
            int(word and lex.syllables >= 3), int(word and lex.difficult), int(word and bool(lex.flags & YOU)),
            int(word and bool(lex.flags & WE)), int(alpha), int(alpha and bool(lex.flags & STOP)))


#: The columns of ``_Table.data``: the word form's hash (as int64), :func:`lexeme`'s flags,
#: its length in characters, the token id the sentence model reads for it
#: (:func:`advert_assistant.structure.lexeme_token_id`, as int64), then :data:`_COUNTS`.
_ORTH, _FLAGS, _LENGTH, _FEATURE, _COUNT0 = 0, 1, 2, 3, 4


class _Table:
    """Per-lexeme figures, one row per word form (row ``_IDS[orth]``) of the int64 array
    ``data`` (columns above), so a token's are one gather; grown by doubling, swapped whole.

    ``slots`` is a direct-mapped index of the rows (a word form's slot is the top bits of its
    hash; it holds the first word form that came to it, as ``(hash, row)``, or row -1): it
    finds most tokens' rows with a few array operations, and :data:`_IDS` the others."""

    __slots__ = ("data", "slots", "shift", "lows", "size")

    def __init__(self, capacity: int = 4096) -> None:
        self.data = np.zeros((capacity, _COUNT0 + len(_COUNTS)), dtype=np.int64)
        bits = max(4 * capacity - 1, 1).bit_length()  # at least 4 slots per row
        self.slots = np.full((1 << bits, 2), -1, dtype=np.int64)
        self.shift = np.uint64(64 - bits)
        self.lows: list[str] = []
        self.size = 0

    def grown(self) -> "_Table":
        bigger = _Table(2 * len(self.data))
        bigger.data[: self.size] = self.data[: self.size]
        bigger.lows = self.lows
        bigger.size = self.size
        bigger.index(0, self.size)
        return bigger

    def index(self, start: int, end: int) -> None:
        """Put rows ``start:end`` in the slots that are still free (the first row wins)."""
        keys = self.data[start:end, _ORTH]
        pos = (keys.view(np.uint64) >> self.shift).astype(np.intp)
        pos, first = np.unique(pos, return_index=True)
        free = self.slots[pos, 1] < 0
        pos, first = pos[free], first[free]
        self.slots[pos, 0] = keys[first]
        self.slots[pos, 1] = first + start

    def find(self, orths: np.ndarray) -> np.ndarray:
        """The rows of ``orths`` (uint64 hashes) that their slots hold; -1 for the others."""
        slot = self.slots[(orths >> self.shift).astype(np.intp)]
        return np.where(slot[:, 0] == orths.view(np.int64), slot[:, 1], -1)


_IDS: dict[int, int] = {}
_TABLE = _Table()
_TABLE_LOCK = threading.Lock()
_MAX_ROWS = 500_000


def _rows(orths: np.ndarray, vocab) -> tuple[np.ndarray, _Table]:
    """Table rows of these lexemes (``orths``: their uint64 hashes), adding the new ones,
    and the table that holds them.

    Under a lock (the web page assesses in threads): a few microseconds per advert."""
    global _TABLE
    with _TABLE_LOCK:
        rows = _TABLE.find(orths)
        rest = np.flatnonzero(rows < 0).tolist()
        if not rest:
            return rows, _TABLE
        keys = orths[rest].tolist()
        found = list(map(_IDS.get, keys))
        if None in found and len(_IDS) + len(orths) > _MAX_ROWS:
            # a pathological stream of new words: start afresh
            _IDS.clear()
            _TABLE = _Table()
            rest = list(range(len(orths)))
            keys = orths.tolist()
            found = [None] * len(keys)
        added: dict[int, int] = {}  # new word form -> its row
        for k, o, row in zip(rest, keys, found):
            if row is None:
                row = added.get(o)
                if row is None:
                    row = added[o] = _TABLE.size + len(added)
            rows[k] = row
        if added:
            _TABLE = _add_rows(_TABLE, list(added), vocab)
            _IDS.update(added)
        return rows, _TABLE


def _add_rows(table: _Table, orths: list[int], vocab) -> _Table:
    """``table`` (or a bigger copy of it) with rows for the new word forms ``orths`` at its
    end. Called under ``_TABLE_LOCK``."""
    from .structure import lexeme_token_id

    strings = vocab.strings
    start = table.size
    end = start + len(orths)
    while end > len(table.data):
        table = table.grown()
    lexes = [lexeme(o, strings) for o in orths]
    table.data[start:end, _ORTH] = np.array(orths, dtype=np.uint64).view(np.int64)
    table.data[start:end, _FLAGS] = [lex.flags for lex in lexes]
    table.data[start:end, _LENGTH] = [len(strings[o]) for o in orths]
    table.data[start:end, _FEATURE] = np.array([lexeme_token_id(vocab, o) for o in orths],
                                               dtype=np.uint64).view(np.int64)
    table.data[start:end, _COUNT0:] = [_counts_row(lex) for lex in lexes]
    table.lows.extend(lex.low for lex in lexes)
    table.size = end
    table.index(start, end)
    return table


def analyse(doc: Doc, text: str | None = None) -> Analysis:
    """Analyse ``doc``; pass ``text`` (== ``doc.text``) when you have it, to save rebuilding it.

    The tokens are read as arrays (one ``Doc.to_array`` call) and every per-word figure
    comes from :func:`lexeme`'s table by one NumPy gather; Python loops run only over
    sentences and over the few tokens that need a closer look (forms of "be",
    gender-coded words). The sentence model's tokens come from the same table
    (:attr:`Analysis.model_tokens`)."""
    if text is None:
        text = doc.text
    a = Analysis(text=text, doc=doc)
    n = len(doc)
    if n == 0:
        return a
    arr = doc.to_array([ORTH, SENT_START, IDX])
    ids, table = _rows(arr[:, 0], doc.vocab)
    data = table.data[ids]
    flags = data[:, _FLAGS]
    idx = arr[:, 2].astype(np.int64)
    ends = idx + data[:, _LENGTH]
    feature = data[:, _FEATURE].view(np.uint64)
    model_keep = feature != 0
    a.model_tokens = ((feature.copy(), idx) if model_keep.all() else (feature[model_keep], idx[model_keep]))

    word = (flags & WORD) != 0
    counts = a.counts  # column sums (an integer matrix product: exact, and quicker than sum(axis=0))
    (counts.words, counts.letters, counts.syllables, counts.polysyllables, counts.difficult,
     a.you, a.we, a.alpha_tokens, a.stop_tokens) = (np.ones(n, dtype=np.int64) @ data[:, _COUNT0:]).tolist()

    # sentences: token ranges from SENT_START (1 = starts one), trimmed of white space
    starts = np.flatnonzero(arr[:, 1] == 1)
    if not len(starts) or starts[0] != 0:
        starts = np.concatenate(([0], starts))
    bounds = np.append(starts, n)
    solid = np.flatnonzero((flags & SPACE) == 0)       # tokens that are not white space
    lo = np.searchsorted(solid, bounds[:-1])            # first solid token of each sentence ...
    hi = np.searchsorted(solid, bounds[1:]) - 1         # ... and the last
    cum_words = np.concatenate(([0], np.cumsum(word)))
    sent_words = cum_words[bounds[1:]] - cum_words[bounds[:-1]]
    keep = (lo <= hi) & (sent_words > 0)

    para_start = 0
    prev_end_char = 0
    kept = np.flatnonzero(keep)
    s_chars = idx[solid[lo[kept]]].tolist() if len(kept) else []
    e_chars = ends[solid[hi[kept]]].tolist() if len(kept) else []
    words_kept = sent_words[kept].tolist()
    for s_char, e_char, words in zip(s_chars, e_chars, words_kept):
        index = len(a.sentences)
        if index and text.count("\n", prev_end_char, s_char) >= 2:
            a.paragraphs.append((para_start, index))
            para_start = index
        first = text[s_char]
        # a numbered item ("1. ", "b) ") starts with a digit, a small letter or white space
        bullet = first in BULLET_CHARS or (("a" <= first <= "z" or first.isdigit() or first.isspace())
                                           and _NUMBERED.match(text, s_char, s_char + 4) is not None)
        a.sentences.append((s_char, e_char))
        a.sentence_words.append(words)
        a.is_bullet.append(bullet)
        if bullet:
            a.bullet_words += words
        prev_end_char = e_char
    counts.sentences = len(a.sentences)
    counts.sentence_lengths = list(a.sentence_words)
    if a.sentences:
        a.paragraphs.append((para_start, len(a.sentences)))

    # gender-coded words, unless a word near them in the sentence undoes them: one of the next
    # three ("competitive salary", "competitive starting salary", "competitive and fair pay")
    # or of the two before ("Salary: competitive")
    coded_at = np.flatnonzero((flags & (MASC | FEM)) != 0).tolist()
    be_at = np.flatnonzero(((flags & BE) != 0) & word).tolist()
    if coded_at or be_at:
        lows = table.lows
        bound_list = bounds.tolist()  # token i is in sentence bisect_right(bound_list, i) - 1
        flag_list = flags.tolist()
    if coded_at:
        not_coded_before, not_coded_after = _not_coded_context()
        for i in coded_at:
            s = bisect.bisect_right(bound_list, i)
            first, stop = bound_list[s - 1], bound_list[s]
            low = lows[ids[i]]
            following = not_coded_before.get(low)
            if following and any(lows[ids[j]] in following for j in range(i + 1, min(i + 4, stop))):
                continue
            preceding = not_coded_after.get(low)
            if preceding and any(lows[ids[j]] in preceding for j in range(max(i - 2, first), i)):
                continue
            (a.masculine if flag_list[i] & MASC else a.feminine).append((int(idx[i]), int(ends[i])))

    # passive voice: a form of "be", up to two adverbs, then a past participle (punctuation
    # between them is skipped; a sentence boundary is not crossed)
    if be_at:
        for b in be_at:
            stop = bound_list[bisect.bisect_right(bound_list, b)]
            for j in range(b + 1, stop):
                f = flag_list[j]
                if not f & WORD:
                    continue
                if f & BE:
                    break  # the next form of "be" starts its own look
                if f & GAP or (j - b <= 2 and lows[ids[j]].endswith("ly")):
                    continue
                if f & PARTICIPLE:
                    a.passive.append((int(idx[b]), int(ends[j])))
                break
    return a


_STOP: frozenset[str] | None = None


def _stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP = frozenset(STOP_WORDS)
    return _STOP


_NCB: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]] | None = None


def _not_coded_context() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """inclusivity.yml's ``not_coded_before`` and ``not_coded_after``: coded word -> the
    words that, following or preceding it, make it not coded."""
    global _NCB
    if _NCB is None:
        from .ruledata import categories

        data = categories("inclusivity")
        _NCB = tuple(  # type: ignore[assignment]
            {k.lower(): frozenset(w.lower() for w in v) for k, v in (data.get(key) or {}).items()}
            for key in ("not_coded_before", "not_coded_after"))
    return _NCB  # type: ignore[return-value]


def passive_sentence_count(a: Analysis) -> int:
    return len({a.sentence_at(s) for s, _ in a.passive})
