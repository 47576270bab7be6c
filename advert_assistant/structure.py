"""What each sentence of an advert is for: a small trained sentence classifier.

Word lists cannot tell a benefit from a duty ("you will deliver training" is not a
training offer). This module labels each sentence (or bullet line) of an advert as one of
:data:`LABELS`, with a linear model over hashed word 1-2-grams of two parts (:data:`PARTS`):
the sentence and the nearest preceding heading. A second, context stage then reads the
sentences that have no heading together with their neighbours: a small logistic regression
over the first stage's probabilities of the sentence and of the sentences around it
(:func:`context_features`), used where the first stage is unsure of a sentence alone
(:meth:`SentenceClassifier.in_context`).

Features are made from spaCy tokens: the engine's own ``Doc`` gives lower-case token
hashes for a whole advert in one call (:func:`doc_tokens`), and a handful of NumPy
operations turn them into n-gram columns and scores (:meth:`SentenceClassifier.predict_proba_doc`).
Text given as strings goes through the same tokenizer (:func:`text_tokens`). Training
(``training/``) and serving share :func:`split_sentences`, :func:`segment` and the
featurisation (:func:`featurise` builds the matrix the model is fitted on), so the two
cannot drift apart.

The model file is ``models/sentence_classifier.skops`` at the top of the repository
(rebuilt by ``make train``). It is stored with skops, which runs no code on load; only
the types in :data:`TRUSTED_TYPES` are accepted (both stages are LogisticRegressions).
Beside it, a plain NumPy file of its weights (tied to it by SHA-256) lets it load without
skops or scikit-learn.
"""

from __future__ import annotations

import bisect
import os
import pathlib
import re
import stat
import threading
from dataclasses import dataclass
from typing import Any, Sequence

from advert_assistant.errors import ModelError

#: The classes, in the model's output order.
LABELS: tuple[str, ...] = (
    "organisation",  # about the employer
    "role",  # the job, duties and responsibilities
    "requirements",  # person specification, essential/desirable criteria
    "benefits",  # what the candidate gets: pay extras, leave, pension, wellbeing...
    "career",  # career development and progression
    "apply",  # how to apply, contacts, interview process
    "other",  # header lines, legal statements, safeguarding, anything else
)

MODEL_FILENAME = "sentence_classifier.skops"
CARD_FILENAME = "sentence_classifier.card.json"
ENV_MODELS_DIR = "ADVERT_ASSISTANT_MODELS"
REBUILD_HINT = "run `make train` to rebuild it"

#: Bumped when the artefact's layout changes; the loader refuses other versions.
FORMAT_VERSION = 2

#: The only types :meth:`SentenceClassifier.load` lets skops build. Anything else in a
#: model file is refused (it may be a file that was not made by ``make train``).
TRUSTED_TYPES: tuple[str, ...] = ("sklearn.linear_model._logistic.LogisticRegression",)

# --------------------------------------------------------------------------------------
# Sentence splitting and headings (shared by training and serving)
# --------------------------------------------------------------------------------------

#: A bullet or list marker at the start of a line.
_BULLET = re.compile(r"^\s*(?:[•·●▪■◦➢✓✔]\s*|(?:[-–—*>o]|\d{1,2}[.)]|[a-zA-Z][.)])\s+)")
#: Abbreviations after which a full stop does not end a sentence.
_ABBREV = frozenset(
    "mr mrs ms dr st no nos e.g eg i.e ie etc vs approx inc ltd co dept prof rev sr jr "
    "hon incl min max tel ext est ref fig".split()
)
#: End of a sentence inside a line: . ! ? (and closing quotes/brackets) then space.
_SENT_END = re.compile(r"""[.!?…]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9£$€])""")
#: EMSCAD glues list items together: "...systemsResearching blogs", "experience.Knowledge".
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[a-z][.!?:;])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z]+")
_HEADER_FIELD = re.compile(r"^[A-Z][A-Za-z /&-]{1,30}:\s+\S")


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def _glue_points(line: str) -> list[int]:
    """Cut points where EMSCAD joined two list items without a space."""
    points = []
    for m in _GLUE.finditer(line):
        i = m.start()
        # The word before the cut must start in lower case ("systemsResearching"), so
        # "JavaScript", "PowerPoint" or "LinkedIn" stay whole.
        j = i
        while j > 0 and line[j - 1].isalpha():
            j -= 1
        if line[i - 1] in ".!?:;" or (line[j].islower() and i - j >= 2):
            points.append(i)
    return points


def _sentence_cuts(line: str) -> list[int]:
    cuts = set(_glue_points(line))
    for m in _SENT_END.finditer(line):
        before = line[: m.start() + 1]
        word = re.search(r"([A-Za-z.]+)[.]$", before)
        if word and word.group(1).lower().rstrip(".") in _ABBREV:
            continue
        if word and len(word.group(1).rstrip(".")) == 1:  # initials: "J. Smith"
            continue
        cuts.add(m.end())
    return sorted(c for c in cuts if 0 < c < len(line))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence / bullet-line spans ``(start, end)``.

    Deterministic and cheap: line breaks, sentence punctuation followed by a capital or
    digit, and the EMSCAD lower-to-Upper glue rule. Bullet markers and surrounding white
    space are left out of the spans; empty pieces are dropped.
    """
    spans: list[tuple[int, int]] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        offset = bullet.end() if bullet else 0
        body = line[offset:]
        bounds = [0, *_sentence_cuts(body), len(body)]
        for a, b in zip(bounds, bounds[1:]):
            piece = body[a:b]
            stripped = piece.strip()
            if not stripped or not any(ch.isalnum() for ch in stripped):
                continue
            lead = len(piece) - len(piece.lstrip())
            start = ls + offset + a + lead
            spans.append((start, start + len(stripped)))
    return spans


_SMALL_WORDS = frozenset(
    "a an and the of to for in on at with & our your you we us is are will be by from or".split()
)


#: What :func:`_heading_kind` says of a line.
_NOT_HEADING, _HEADING, _HEADING_IF_ISOLATED = 0, 1, 2


def _heading_kind(line: str) -> int:
    """Whether ``line`` is a heading wherever it stands (``_HEADING``), only when isolated
    (``_HEADING_IF_ISOLATED``), or never (``_NOT_HEADING``); see :func:`is_heading`."""
    s = line.strip()
    if not s or len(s) > 80 or _BULLET.match(line):
        return _NOT_HEADING
    words = s.split()
    if len(words) > 10 or not _WORD.search(s):
        return _NOT_HEADING
    if _HEADER_FIELD.match(s):
        return _NOT_HEADING
    if s[-1] in ".,;" and not s.endswith("..."):
        return _NOT_HEADING
    if s.endswith((":", "?", "…", "...")):
        return _HEADING
    alpha = [w for w in words if w[0].isalpha()]
    if not alpha or not alpha[0][0].isupper() or len(words) > 6:
        return _NOT_HEADING
    capitalised = sum(1 for w in alpha if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return _HEADING if capitalised == len(alpha) else _HEADING_IF_ISOLATED


def is_heading(line: str, *, isolated: bool = False) -> bool:
    """Whether a line looks like a heading ("Benefits", "What we offer:", "ABOUT US").

    A heading is short, is not a bullet, is not a ``Field: value`` header line and does
    not end like a sentence. It ends with ``:``/``?``/``…``, or is in Title or UPPER case,
    or (``isolated=True``: blank line or start of text before it, blank or bullet line
    after it) is a short sentence-case line such as "About the role".
    """
    kind = _heading_kind(line)
    return kind == _HEADING or (isolated and kind == _HEADING_IF_ISOLATED)


#: :func:`_heading_kind` of lines seen so far (adverts repeat their headings); emptied
#: when it reaches _HEADING_KINDS_MAX entries.
_HEADING_KINDS: dict[str, int] = {}
_HEADING_KINDS_MAX = 100_000


def heading_line_starts(text: str) -> set[int]:
    """Start offsets of the lines of ``text`` that :func:`is_heading` accepts (``isolated``
    when the line before is blank or there is none, and the line after is blank, a bullet
    or there is none)."""
    lines = text.splitlines(keepends=True)
    stripped = [line.strip() for line in lines]
    kinds = _HEADING_KINDS
    out = set()
    pos = 0
    last = len(lines) - 1
    for k, line in enumerate(lines):
        start = pos
        pos += len(line)
        s = stripped[k]
        # the cheap refusals of is_heading first: most lines of an advert are sentences
        if not s or len(s) > 80 or (s[-1] in ".,;" and not s.endswith("...")):
            continue
        body = line.rstrip("\r\n")
        kind = kinds.get(body)
        if kind is None:
            kind = _heading_kind(body)
            if len(kinds) >= _HEADING_KINDS_MAX:
                kinds.clear()
            kinds[body] = kind
        if kind == _HEADING or (
                kind == _HEADING_IF_ISOLATED and (k == 0 or not stripped[k - 1])
                and (k == last or not stripped[k + 1] or _BULLET.match(lines[k + 1]) is not None)):
            out.add(start)
    return out


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence of an advert, with the heading it sits under ("" if none)."""

    start: int
    end: int
    text: str
    heading: str
    is_heading: bool


def segment(text: str) -> list[Segment]:
    """Sentences of ``text`` with, for each, the nearest preceding heading line.

    Heading lines are segments too (``is_heading=True``); their own ``heading`` is the
    heading before them. This is how ``context`` for :meth:`SentenceClassifier.predict`
    is meant to be built.
    """
    segments: list[Segment] = []
    heading = ""
    heading_lines = heading_line_starts(text)
    line_starts = sorted(ls for ls, _ in _line_spans(text))
    for start, end in split_sentences(text):
        i = bisect.bisect_right(line_starts, start) - 1
        line_start = line_starts[i] if i >= 0 else 0
        own = line_start in heading_lines
        segments.append(Segment(start, end, text[start:end], heading, own))
        if own:
            heading = text[start:end].strip().rstrip(":").strip()
    return segments


# --------------------------------------------------------------------------------------
# Features (shared by training and serving)
# --------------------------------------------------------------------------------------

_URLISH = re.compile(r"#(?:URL|EMAIL|PHONE)_[0-9a-f]+#|https?://\S+|www\.\S+|\S+@\S+\.\S+")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Lower-case, mask links/e-mails/numbers and squeeze white space (to compare texts)."""
    t = text
    if "#" in t or "@" in t or "http" in t or "www." in t:
        t = _URLISH.sub(" zlink ", t)
    t = _DIGITS.sub("0", t)
    return " ".join(t.lower().split())


#: The parts of a sentence's features: its own words and its heading's. Each part is a bag
#: of hashed word 1-2-grams, scaled on its own; a sentence's features are their sum.
PARTS: tuple[str, ...] = ("sentence", "heading")


def features_of(bits: int = 17) -> dict[str, Any]:
    """The feature layout: both parts hashed into ``2**bits`` columns, each part its own
    permutation of them."""
    return {
        "kind": "spacy-lower-hashed/1",
        "description": "spaCy tokens (lower case; numbers and links masked; punctuation left out), word 1-2-grams "
                       "of the sentence and of its heading, each part scaled by 1/sqrt(its number of n-grams)",
        "n_features": 2**bits,
    }


#: How sentences become features. Stored in the model file and checked on load.
FEATURES: dict[str, Any] = features_of()

#: Per model: how many texts' score vectors are kept before starting afresh.
_SCORE_CACHE_MAX = 50_000

# Token ids are spaCy's 64-bit hashes of the lower-case token (``LOWER``), computed by the
# tokenizer once per word type. Numbers and links are masked to one id each; tokens with no
# letter or digit (punctuation, symbols, white space) are left out, except currency signs
# and "%". A lexeme flag marks those special tokens, so a whole advert becomes token ids
# with one ``Doc.to_array`` call and a few NumPy operations.
_NUMBER_ID = 0x6E756D6265727321  # arbitrary constants, fixed for ever (the model depends on them)
_LINK_ID = 0x6C696E6B73212121
_UNIGRAM_MULT = 0xD1B54A32D192ED03  # odd
_PAIR_MULT = 0x9E3779B97F4A7C15  # odd
_PART_SALTS = {"sentence": 0x243F6A8885A308D3, "heading": 0x13198A2E03707344}
_EMSCAD_MASK = re.compile(r"(?:url|email|phone)_[0-9a-f]{6,}$", re.I)
_KEEP_SYMBOLS = frozenset("%£$€¥₹")


def _is_dropped(s: str) -> bool:
    return not any(ch.isalnum() for ch in s) and s not in _KEEP_SYMBOLS


def _is_link(s: str) -> bool:
    from spacy.lang.lex_attrs import like_email, like_url

    return like_url(s) or like_email(s) or bool(_EMSCAD_MASK.match(s))


def _is_number(s: str) -> bool:
    return any(ch.isdigit() for ch in s)


def _is_special(s: str) -> bool:
    return _is_dropped(s) or _is_link(s) or _is_number(s)


_FLAGS: dict[int, tuple[Any, int]] = {}
_FLAGS_LOCK = threading.Lock()
#: Special tokens seen so far: lower-case hash -> what it becomes (the number id, the link
#: id, or 0: left out). A plain dict, so that each advert's few dozen lookups cost the same
#: however many adverts came before; emptied when it reaches _SPECIAL_MAX entries.
_SPECIAL: dict[int, int] = {}
_SPECIAL_MAX = 500_000


def _special_flag(vocab) -> int:
    """The lexeme flag of ``vocab`` that marks special tokens, added once per vocabulary."""
    got = _FLAGS.get(id(vocab))
    if got is not None and got[0] is vocab:
        return got[1]
    with _FLAGS_LOCK:
        got = _FLAGS.get(id(vocab))
        if got is None or got[0] is not vocab:
            got = _FLAGS[id(vocab)] = (vocab, vocab.add_flag(_is_special))
        return got[1]


def _special_id(strings, h: int) -> int:
    """What the special token with lower-case hash ``h`` becomes: the link id, the number
    id, or 0 (left out); remembered in :data:`_SPECIAL`."""
    value = _SPECIAL.get(h)
    if value is None:
        text = strings[h]
        value = _LINK_ID if _is_link(text) else _NUMBER_ID if _is_number(text) else 0
        if len(_SPECIAL) >= _SPECIAL_MAX:
            _SPECIAL.clear()
        _SPECIAL[h] = value
    return value


def _replacements(vocab, lower):
    """What each special token (by its lower-case hash, a uint64 array) becomes."""
    import numpy as np

    table = _SPECIAL
    strings = vocab.strings
    out = []
    for h in lower.tolist():
        value = table.get(h)
        if value is None:
            value = _special_id(strings, h)
        out.append(value)
    return np.array(out, dtype=np.uint64)


def lexeme_token_id(vocab, orth: int) -> int:
    """The token id :func:`doc_tokens` gives every token of the word form ``orth`` (a hash
    in ``vocab``): its lower-case hash, the number or link id, or 0 (left out). It depends
    on the word form alone, so a table of word forms can hold it (``analysis`` does)."""
    lex = vocab[orth]
    if not lex.check_flag(_special_flag(vocab)):
        return lex.lower
    return _special_id(vocab.strings, lex.lower)


def doc_tokens(doc):
    """``(ids, starts)`` of the tokens of a spaCy ``doc`` that features are made of:
    uint64 token ids (lower-case hashes, numbers and links masked) and each token's
    character offset in ``doc.text``. Punctuation, symbols and white space are left out.

    One ``Doc.to_array`` call: the lower-case hash, the offset and a lexeme flag (computed
    by spaCy once per word type) that marks the few special tokens, which are then looked
    up in a table of those seen so far."""
    import numpy as np
    from spacy.attrs import IDX, LOWER

    if len(doc) == 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    vocab = doc.vocab
    arr = doc.to_array([LOWER, IDX, _special_flag(vocab)])
    ids = arr[:, 0]
    special = np.flatnonzero(arr[:, 2])
    if not len(special):
        return ids, arr[:, 1].astype(np.int64)
    ids[special] = _replacements(vocab, ids[special])
    keep = ids != 0
    return ids[keep], arr[keep, 1].astype(np.int64)


def _tokenizer():
    from .nlp import get_nlp

    return get_nlp().tokenizer


#: Token ids of texts given as strings, kept (up to _SCORE_CACHE_MAX texts) so that
#: labelling the same text again skips the tokenizer.
_TEXT_TOKENS: dict[str, Any] = {}


def text_tokens(texts: Sequence[str]):
    """Token ids of each text, as :func:`doc_tokens` makes them from the engine's
    tokenizer: ``(ids, a, b)`` with the ids of ``texts[i]`` at ``ids[a[i]:b[i]]``.

    New texts are tokenised a few thousand at a time, joined by line breaks: spaCy's
    tokenizer splits at white space first, so each text gets the tokens it would get alone."""
    import numpy as np

    cache = _TEXT_TOKENS
    parts = [cache.get(t) for t in texts]
    todo = list(dict.fromkeys(t for t, p in zip(texts, parts) if p is None))
    if todo:
        tok = _tokenizer()
        made: dict[str, Any] = {}
        for at in range(0, len(todo), 4096):
            chunk = todo[at : at + 4096]
            lens = np.fromiter((len(t) + 1 for t in chunk), dtype=np.int64, count=len(chunk))
            ends = np.cumsum(lens) - 1
            ids, starts = doc_tokens(tok("\n".join(chunk)))
            a = np.searchsorted(starts, ends - lens + 1).tolist()
            b = np.searchsorted(starts, ends).tolist()
            for t, i, j in zip(chunk, a, b):
                made[t] = ids[i:j]
        if len(cache) + len(made) > _SCORE_CACHE_MAX:
            cache.clear()
        if len(made) <= _SCORE_CACHE_MAX:
            cache.update(made)
        parts = [p if p is not None else made[t] for t, p in zip(texts, parts)]
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.uint64), empty, empty
    lens = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    b = np.cumsum(lens)
    return np.concatenate(parts), b - lens, b


def _occurrences(ids, a, b, sel, parts: Sequence[str], masks: Sequence[Any], n_features: int):
    """The word 1-2-gram occurrences of ``parts`` of the token ranges ``ids[a[i]:b[i]]`` for
    the ranges ``sel`` (an index array into ``a``/``b``); ``masks[j]`` is None (every range
    of ``sel``) or a boolean array over ``sel`` (only those ranges) for part ``parts[j]``.

    Returns ``(cells, cols, vals, n_cells)``, one entry per n-gram occurrence: ``cells`` is
    ``j * len(sel) + position in sel`` (it never decreases), ``cols`` the hashed column and
    ``vals`` 1 / sqrt(the number of n-grams of that range). A part's features are thus its
    n-gram counts so scaled, and summing ``vals`` times the weight rows of ``cols`` by cell
    gives every score wanted in one pass over the weights.

    Hashes: a word's is its spaCy hash times an odd constant, a pair's the first word's
    hash times another constant XOR the second word's; the top bits pick a column, XORed
    with a constant of the part's own (so each part permutes the columns). A few dozen
    array operations for a whole advert; some entries have value 0 (the "pair" of a
    range's last word and the next range's first), which changes no sum."""
    import numpy as np

    starts = a[sel]
    ends = b[sel]
    lens = ends - starts
    cum = np.cumsum(lens)
    total = int(cum[-1]) if len(cum) else 0
    m = len(sel)
    if m and (starts[1:] == ends[:-1]).all():  # one run of tokens (a whole advert, say)
        tok = ids[starts[0] : ends[-1]]
    else:
        tok = ids[np.repeat(starts - (cum - lens), lens) + np.arange(total)]
    uni = tok * np.uint64(_UNIGRAM_MULT)
    # word p at 2p, the pair (p, p+1) at 2p+1: each range's n-grams stay together
    both = np.empty(2 * total, dtype=np.uint64)
    both[0::2] = uni
    both[1:-1:2] = (tok[:-1] * np.uint64(_PAIR_MULT)) ^ uni[1:]
    both[-1:] = 0
    top = (both >> np.uint64(65 - n_features.bit_length())).astype(np.intp)
    rows2 = np.repeat(np.arange(m), 2 * lens)
    scale = np.float32(1.0) / np.sqrt(np.maximum(2 * lens - 1, 1).astype(np.float32))
    vals = scale[rows2]
    if total:  # the "pair" of each range's last word and the next range's first (or none)
        vals[2 * cum - 1] = 0
    cells, cols, values = [], [], []
    for j, (part, mask) in enumerate(zip(parts, masks)):
        r, t, v = rows2, top, vals
        if mask is not None:
            if not mask.any():
                continue
            keep = mask[r]
            r, t, v = r[keep], t[keep], v[keep]
        cells.append(r + j * m if j else r)
        cols.append(t ^ (_PART_SALTS[part] & (n_features - 1)))
        values.append(v)
    if len(cells) == 1:
        return cells[0], cols[0], values[0], len(parts) * m
    if not cells:
        return rows2[:0], top[:0], vals[:0], len(parts) * m
    return np.concatenate(cells), np.concatenate(cols), np.concatenate(values), len(parts) * m


def _check_features(features: dict[str, Any]) -> None:
    """Raise ValueError unless ``features`` is a layout this version can compute."""
    n = features.get("n_features")
    if features.get("kind") != FEATURES["kind"] or not isinstance(n, int) or n < 2 or n & (n - 1):
        raise ValueError("features made by another version of advert-assistant")


def _part_matrix(ids, a, b, part: str, n_features: int):
    """CSR matrix (float32) of ``part``'s features of the token ranges, one row each."""
    import numpy as np
    import scipy.sparse as sp

    cells, cols, vals, n = _occurrences(ids, a, b, np.arange(len(a)), (part,), (None,), n_features)
    return sp.csr_matrix((vals, (cells, cols)), shape=(n, n_features), dtype=np.float32)


def featurise(sentences: Sequence[str], context: Sequence[str] | None = None, *,
              features: dict[str, Any] | None = None):
    """Sparse CSR matrix (float32) of features, one row per sentence.

    Each row is the sum of two parts (:data:`PARTS`): the word 1-2-grams of the sentence
    and of its heading (``context``, "" where there is none), each scaled by 1/sqrt(its
    number of n-grams) and hashed into ``features["n_features"]`` columns with a
    permutation of its own. Texts are tokenised with the engine's spaCy tokenizer
    (:func:`text_tokens`). Shared by training and serving
    (:meth:`SentenceClassifier.predict_proba` computes the same numbers without building
    the matrix)."""
    import numpy as np

    features = dict(features or FEATURES)
    _check_features(features)
    n = len(sentences)
    if context is not None and len(context) != n:
        raise ValueError(f"context has {len(context)} items for {n} sentences")
    unique: dict[str, int] = {}
    for seq in (sentences, context or ()):
        for t in seq:
            if t not in unique:
                unique[t] = len(unique)
    ids, a, b = text_tokens(list(unique))
    x = None
    for part, seq in zip(PARTS, (sentences, context)):
        if seq is None or (part != "sentence" and not any(seq)):
            continue
        which = np.array([unique[t] for t in seq], dtype=np.int64)
        used = np.unique(which)
        mat = _part_matrix(ids, a[used], b[used], part, features["n_features"])[np.searchsorted(used, which)]
        x = mat if x is None else x + mat
    if x is None:
        import scipy.sparse as sp

        x = sp.csr_matrix((n, features["n_features"]), dtype=np.float32)
    x.eliminate_zeros()
    x.sort_indices()
    return x.astype(np.float32)


# --------------------------------------------------------------------------------------
# The context stage (shared by training and serving)
# --------------------------------------------------------------------------------------

#: How the context stage reads the sentences around a sentence: its own and its
#: neighbours' scores. Stored in the model file beside the stage's weights.
CONTEXT: dict[str, Any] = {
    "kind": "neighbours/1",
    "description": "log-probabilities of the sentence, of the 2 sentences before it and the 2 after it "
                   "(heading lines skipped), means of the probabilities of the sentences before it and after "
                   "it weighted 0.5 ** distance, and its relative position in the advert",
    "neighbours": 2,
    "decay": 0.5,
    "gate": 0.55,
}

_DECAY_TABLES: dict[float, Any] = {}
_DECAY_TABLE_SIZE = 512


def _decay_matrix(decay: float, n: int):
    """``W[i, j] = decay ** (i - j)`` for ``j < i``, 0 elsewhere (float64, ``n`` x ``n``)."""
    import numpy as np

    table = _DECAY_TABLES.get(decay)
    if table is None:
        idx = np.arange(_DECAY_TABLE_SIZE)
        table = _DECAY_TABLES[decay] = np.tril(decay ** np.abs(idx[:, None] - idx[None, :]), -1)
    if n <= _DECAY_TABLE_SIZE:
        return table[:n, :n]
    idx = np.arange(n)
    return np.tril(decay ** np.abs(idx[:, None] - idx[None, :]), -1)


def context_features(proba, skip=None, neighbours: int = 2, decay: float = 0.5):
    """Features of the context stage for the sentences of one advert, in order.

    ``proba``: the first stage's probabilities, shape ``(n, len(LABELS))``; ``skip``: a
    boolean array marking heading lines, which are not used as anyone's neighbours (a
    sentence's own row is still made). Columns: the sentence's log-probabilities; for each
    of the ``neighbours`` nearest sentences before it and after it, their log-probabilities
    and a 1 that says there is one; the log of the mean probabilities of all the sentences
    before it, and of all those after it, each weighted ``decay ** distance``; its relative
    position among the sentences and that squared. A few NumPy operations per advert."""
    import numpy as np

    p = np.asarray(proba, dtype=np.float64)
    n, k = p.shape
    lp = np.log(np.clip(p, 1e-4, 1.0))
    body = np.arange(n) if skip is None else np.flatnonzero(~np.asarray(skip, dtype=bool))
    nb = len(body)
    at = np.arange(n)
    lo = np.searchsorted(body, at, side="left")  # the first sentence at or after each one
    hi = np.searchsorted(body, at, side="right")  # the first sentence after each one
    pad = np.zeros((nb + 1, k))
    pad[:nb] = lp[body]
    cols = [lp]
    for d in range(1, neighbours + 1):
        j = lo - d
        ok = j >= 0
        cols += [pad[np.where(ok, j, nb)], ok[:, None].astype(np.float64)]
        j = hi + d - 1
        ok = j < nb
        cols += [pad[np.where(ok, j, nb)], ok[:, None].astype(np.float64)]
    w = _decay_matrix(decay, nb)
    pb = p[body]
    for m, rows in ((w, np.minimum(lo, nb)), (w.T, np.maximum(hi - 1, 0))):
        z = m.sum(axis=1)
        mean = np.full((nb + 1, k), 1.0 / k)
        has = z > 0
        mean[:nb][has] = (m @ pb)[has] / z[has, None]
        cols.append(np.log(np.clip(mean[rows], 1e-4, 1.0)))
    r = (lo / max(nb - 1, 1))[:, None]
    cols += [r, r * r]
    return np.hstack(cols)


def n_context_features(neighbours: int = 2) -> int:
    """Columns of :func:`context_features` for 7 labels."""
    k = len(LABELS)
    return k + neighbours * 2 * (k + 1) + 2 * k + 2


# --------------------------------------------------------------------------------------
# Model files
# --------------------------------------------------------------------------------------


#: ``[__file__, the model path beside the package, that path as a string]``, made once.
_BESIDE: list[Any] = []


def _beside() -> tuple[pathlib.Path, str]:
    """The model path beside the package's parent directory, as a path and a string."""
    here = __file__
    if not _BESIDE or _BESIDE[0] != here:
        beside = pathlib.Path(here).resolve().parent.parent / "models" / MODEL_FILENAME
        _BESIDE[:] = [here, beside, os.path.abspath(beside)]
    return _BESIDE[1], _BESIDE[2]


def default_model_path() -> pathlib.Path:
    """``models/sentence_classifier.skops`` beside the package's parent directory (the
    repository), else in ``$ADVERT_ASSISTANT_MODELS``; the former if neither exists."""
    beside = _beside()[0]
    if beside.is_file():
        return beside
    env = os.environ.get(ENV_MODELS_DIR)
    if env:
        candidate = pathlib.Path(env) / MODEL_FILENAME
        if candidate.is_file():
            return candidate
    return beside


def _model_error(path: pathlib.Path, what: str) -> ModelError:
    return ModelError(f"sentence classifier {path}: {what}; {REBUILD_HINT}")


def save_model(path: str | os.PathLike, classifier: Any, meta: dict[str, Any], features: dict[str, Any] | None = None,
               context_classifier: Any = None, context: dict[str, Any] | None = None) -> None:
    """Write a model file with skops (used by ``training/train.py``). ``context_classifier``
    (a LogisticRegression over :func:`context_features`, laid out by ``context``, default
    :data:`CONTEXT`) is the optional context stage."""
    import zipfile

    import skops.io as sio

    classes = [str(c) for c in classifier.classes_]
    if classes != list(LABELS):
        raise ValueError(f"classifier classes {classes} are not LABELS {list(LABELS)}")
    obj = {
        "format_version": FORMAT_VERSION,
        "labels": list(LABELS),
        "features": dict(features or FEATURES),
        "classifier": classifier,
        "meta": {k: v for k, v in meta.items() if isinstance(v, (str, int, float))},
    }
    if context_classifier is not None:
        obj["context"] = dict(context or CONTEXT)
        obj["context_classifier"] = context_classifier
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    export_weights(path, classifier, obj["features"], obj["meta"], context_classifier, obj.get("context"))


def weights_path(path: str | os.PathLike) -> pathlib.Path:
    """The weights file that goes with the model file at ``path``."""
    p = pathlib.Path(path)
    return p.with_name(p.stem + ".weights.npz")


def _sha256(path: pathlib.Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_weights(path: str | os.PathLike, classifier: Any = None, features: dict | None = None,
                   meta: dict | None = None, context_classifier: Any = None,
                   context: dict | None = None) -> pathlib.Path:
    """Write the numbers of the model at ``path`` to a plain NumPy file beside it.

    The skops file stays the model of record; the weights file holds only arrays and
    JSON text (loaded with ``allow_pickle=False``, so it runs no code either) and the
    SHA-256 of the skops file it came from. Loading it needs neither skops nor
    scikit-learn, which takes seconds off a cold start of the command line.
    """
    import json

    import numpy as np

    p = pathlib.Path(path)
    if classifier is None:
        model = SentenceClassifier._load_skops(p)
        classifier, features, meta = model.classifier, model.features, model.meta
        context_classifier, context = model.context_classifier, model.context
    extra = {}
    if context_classifier is not None:
        extra = {
            "context_coef": np.asarray(context_classifier.coef_, dtype=np.float64),
            "context_intercept": np.asarray(context_classifier.intercept_, dtype=np.float64),
            "context_json": np.array(json.dumps(dict(context or CONTEXT), sort_keys=True)),
        }
    out = weights_path(p)
    tmp = out.with_name(out.name + ".tmp.npz")
    np.savez_compressed(
        tmp,
        coef=np.asarray(classifier.coef_, dtype=np.float32),
        intercept=np.asarray(classifier.intercept_, dtype=np.float64),
        labels=np.array([str(c) for c in classifier.classes_]),
        features_json=np.array(json.dumps(dict(features or FEATURES), sort_keys=True)),
        meta_json=np.array(json.dumps(dict(meta or {}), sort_keys=True)),
        format_version=np.array(FORMAT_VERSION),
        skops_sha256=np.array(_sha256(p)),
        **extra,
    )
    os.replace(tmp, out)
    return out


class _Weights:
    """A linear model's numbers, with the multinomial ``predict_proba`` of scikit-learn."""

    def __init__(self, coef, intercept, classes):
        self.coef_ = coef
        self.intercept_ = intercept
        self.classes_ = classes

    def predict_proba(self, x):
        import numpy as np

        z = np.asarray(x @ self.coef_.T, dtype=np.float64) + self.intercept_
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


_CACHE: dict[tuple[str, int, int], "SentenceClassifier"] = {}
_CACHE_LOCK = threading.Lock()


class SentenceClassifier:
    """Labels sentences of an advert with one of :data:`LABELS` and a probability."""

    def __init__(self, classifier: Any, features: dict[str, Any] | None = None, path: pathlib.Path | None = None,
                 meta: dict | None = None, context_classifier: Any = None, context: dict[str, Any] | None = None):
        import numpy as np

        classes = [str(c) for c in classifier.classes_]
        if classes != list(LABELS):
            raise ValueError(f"classifier classes {classes} are not LABELS")
        self.features = dict(features or FEATURES)
        _check_features(self.features)
        n = self.features["n_features"]
        if classifier.coef_.shape != (len(LABELS), n):
            raise ValueError(f"classifier has {classifier.coef_.shape[1]} inputs, the features {n}")
        self.path = path
        self.meta = dict(meta or {})
        self.classifier = classifier
        # The context stage: a multinomial logistic regression over context_features
        # (None: sentences are labelled one by one).
        self.context_classifier = context_classifier
        self.context = dict(context or CONTEXT) if context_classifier is not None else None
        if context_classifier is not None:
            want = (len(LABELS), n_context_features(int(self.context["neighbours"])))
            if tuple(context_classifier.coef_.shape) != want:
                raise ValueError(f"context stage has shape {tuple(context_classifier.coef_.shape)}, expected {want}")
            self._context_coef_t = np.ascontiguousarray(np.asarray(context_classifier.coef_, dtype=np.float64).T)
            self._context_intercept = np.asarray(context_classifier.intercept_, dtype=np.float64)
        # Scoring is done here (rows of the weights summed, then a softmax) rather than
        # through the classifier's predict_proba: same numbers, a fraction of the overhead.
        self._coef_t = np.ascontiguousarray(classifier.coef_.T, dtype=np.float32)
        self._intercept = np.asarray(classifier.intercept_, dtype=np.float32)
        # The model is linear and a sentence's features are the sum of two parts, each made
        # of one text alone (scaled on its own): so its scores are the sum of a vector for
        # its own text and one for its heading's. Those vectors are cached by token ids: an
        # advert that is assessed again (the web page re-checks as the user types) costs a
        # dictionary look-up per unchanged sentence.
        # Both caches map token ids to a row of _score_rows (float32, one row per vector).
        self._scores: dict[bytes, int] = {}
        self._heading_scores: dict[bytes, int] = {}
        self._score_rows = np.zeros((4096, len(self._intercept)), dtype=np.float32)
        self._n_score_rows = 0
        self._scores_lock = threading.Lock()

    # -- loading ------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "SentenceClassifier":
        """Load (once; later calls are cached) the model file at ``path`` (default:
        :func:`default_model_path`). Raises :class:`ModelError` naming the file and the
        command that rebuilds it when the file is missing, corrupt or untrusted."""
        st = None
        if path is None:  # the usual case: one stat of the file beside the package
            p, name = _beside()
            try:
                st = os.stat(name)
            except OSError:
                pass
            if st is None or not stat.S_ISREG(st.st_mode):
                st = None
        if st is None:
            p = pathlib.Path(path) if path is not None else default_model_path()
            try:
                st = p.stat()
            except OSError:
                raise _model_error(p, "file not found") from None
            if not stat.S_ISREG(st.st_mode):
                raise _model_error(p, "not a file")
            name = os.path.abspath(p)
        key = (name, st.st_mtime_ns, st.st_size)
        with _CACHE_LOCK:
            hit = _CACHE.get(key)
            if hit is not None:
                return hit
            model = cls._load_uncached(p)
            _CACHE[key] = model
            return model

    @classmethod
    def _load_uncached(cls, p: pathlib.Path) -> "SentenceClassifier":
        model = cls._load_weights(p)
        return model if model is not None else cls._load_skops(p)

    @classmethod
    def _load_weights(cls, p: pathlib.Path) -> "SentenceClassifier | None":
        """The model from its weights file, or None when there is none or it was not
        made from this very skops file (then the skops file is loaded and vetted)."""
        import json

        import numpy as np

        w = weights_path(p)
        if not w.is_file():
            return None
        try:
            with np.load(w, allow_pickle=False) as data:
                if str(data["skops_sha256"]) != _sha256(p):
                    return None
                if str(data["format_version"]) != str(FORMAT_VERSION):
                    return None
                labels = tuple(str(x) for x in data["labels"])
                features = json.loads(str(data["features_json"]))
                meta = json.loads(str(data["meta_json"]))
                coef = np.asarray(data["coef"])
                intercept = np.asarray(data["intercept"])
                ctx = None
                if "context_coef" in data.files:
                    ctx = (np.asarray(data["context_coef"]), np.asarray(data["context_intercept"]),
                           json.loads(str(data["context_json"])))
        except Exception:
            return None
        if labels != LABELS or features.get("kind") != FEATURES["kind"]:
            return None
        if ctx is not None and ctx[2].get("kind") != CONTEXT["kind"]:
            return None
        try:
            return cls(_Weights(coef, intercept, np.array(labels)), features=features, path=p, meta=meta,
                       context_classifier=None if ctx is None else _Weights(ctx[0], ctx[1], np.array(labels)),
                       context=None if ctx is None else ctx[2])
        except (ValueError, AttributeError):
            return None

    @classmethod
    def _load_skops(cls, p: pathlib.Path) -> "SentenceClassifier":
        try:
            import skops.io as sio
        except ImportError as exc:  # pragma: no cover - skops is a dependency
            raise ModelError(f"cannot load {p}: skops is not installed ({exc})") from None
        try:
            untrusted = sio.get_untrusted_types(file=p)
        except Exception as exc:
            raise _model_error(p, f"not a readable model file ({type(exc).__name__}: {exc})") from None
        extra = sorted(set(untrusted) - set(TRUSTED_TYPES))
        if extra:
            raise _model_error(p, f"holds types that are not trusted: {', '.join(extra)}")
        try:
            obj = sio.load(p, trusted=list(TRUSTED_TYPES))
        except Exception as exc:
            raise _model_error(p, f"cannot be loaded ({type(exc).__name__}: {exc})") from None
        return cls._from_object(obj, p)

    @classmethod
    def _from_object(cls, obj: Any, p: pathlib.Path) -> "SentenceClassifier":
        from sklearn.linear_model import LogisticRegression

        if not isinstance(obj, dict):
            raise _model_error(p, "does not hold a sentence classifier")
        if obj.get("format_version") != FORMAT_VERSION:
            raise _model_error(p, f"format version {obj.get('format_version')!r}, expected {FORMAT_VERSION}")
        if tuple(obj.get("labels") or ()) != LABELS:
            raise _model_error(p, f"labels {obj.get('labels')!r} differ from {list(LABELS)}")
        features = obj.get("features")
        try:
            _check_features(features if isinstance(features, dict) else {})
        except ValueError:
            raise _model_error(p, "was built with other features than this version of advert-assistant uses") from None
        clf = obj.get("classifier")
        if not isinstance(clf, LogisticRegression) or getattr(clf, "coef_", None) is None:
            raise _model_error(p, "does not hold the expected classifier")
        ctx_clf = obj.get("context_classifier")
        context = obj.get("context")
        if ctx_clf is not None and (not isinstance(ctx_clf, LogisticRegression) or getattr(ctx_clf, "coef_", None) is None
                                    or not isinstance(context, dict) or context.get("kind") != CONTEXT["kind"]):
            raise _model_error(p, "holds a context stage this version of advert-assistant cannot use")
        try:
            return cls(clf, features=features, path=p, meta=obj.get("meta") or {}, context_classifier=ctx_clf,
                       context=context)
        except (ValueError, AttributeError) as exc:
            raise _model_error(p, str(exc)) from None

    # -- prediction ---------------------------------------------------------------------
    def clear_score_cache(self) -> None:
        """Forget the cached per-sentence and per-heading scores (timings of a first call)."""
        with self._scores_lock:
            self._clear_scores()

    def _score(self, ids, a, b, sel, parts: Sequence[str], masks: Sequence[Any]):
        """Score vectors of ``parts`` of the ranges ``sel`` (see :func:`_occurrences`):
        float32, shape ``(len(parts), len(sel), len(LABELS))``, zero where a mask leaves a
        range out; the same numbers as the features of :func:`featurise` times the weights."""
        import numpy as np

        k = len(self._intercept)
        cells, cols, vals, n = _occurrences(ids, a, b, sel, parts, masks, self.features["n_features"])
        out = np.zeros((n, k), dtype=np.float32)
        if len(cells):
            contrib = self._coef_t[cols]
            contrib *= vals[:, None]
            first = np.flatnonzero(np.concatenate(([True], cells[1:] != cells[:-1])))
            out[cells[first]] = np.add.reduceat(contrib, first, axis=0)
        return out.reshape(len(parts), len(sel), k)

    def _proba(self, ids, a, b, n: int, heads=None):
        """Probabilities of the sentences at token ranges ``a[i]:b[i]``, ``i < n`` (the
        other ranges are headings only); ``heads[i]`` is the range of sentence i's heading,
        or -1. Each range's score vector as a sentence (and, for those used as headings, as
        a heading) is looked up in the caches, keyed by its token ids, or computed: all
        those missing in one pass. Cached vectors are rows of one array (see
        :meth:`_store_rows`), so an advert's are gathered by one indexing."""
        import numpy as np

        if n == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        raw = ids.tobytes()  # uint64 ids: 8 bytes each
        a_list, b_list = a.tolist(), b.tolist()
        keys = [raw[8 * i : 8 * j] for i, j in zip(a_list[:n], b_list[:n])]
        head_idx: list[int] = []
        head_keys: list[bytes] = []
        if heads is not None:
            heads = heads.tolist() if isinstance(heads, np.ndarray) else list(heads)
            head_idx = sorted(set(heads) - {-1})
            head_keys = [raw[8 * a_list[i] : 8 * b_list[i]] for i in head_idx]
        with self._scores_lock:
            sentence_cache, heading_cache = self._scores, self._heading_scores
            found = list(map(sentence_cache.get, keys))  # rows of self._score_rows, or None
            head_found = list(map(heading_cache.get, head_keys))
            if None in found or None in head_found:
                need = self._missing(keys, found, range(n))
                head_need = self._missing(head_keys, head_found, head_idx)
                if (len(sentence_cache) + len(need) > _SCORE_CACHE_MAX
                        or len(heading_cache) + len(head_need) > _SCORE_CACHE_MAX):
                    self._clear_scores()  # start afresh: this advert's vectors are all computed
                    found, head_found = [None] * n, [None] * len(head_keys)
                    need = self._missing(keys, found, range(n))
                    head_need = self._missing(head_keys, head_found, head_idx)
                sel = sorted(set(need.values()) | set(head_need.values()))
                at = {i: p for p, i in enumerate(sel)}
                masks: list[Any] = [None, None]
                for j, wanted in enumerate((need, head_need)):
                    if len(wanted) != len(sel):
                        mask = masks[j] = np.zeros(len(sel), dtype=bool)
                        mask[[at[i] for i in wanted.values()]] = True
                out = self._score(ids, a, b, np.array(sel, dtype=np.int64), PARTS, masks)
                for part, (wanted, cache) in enumerate(((need, sentence_cache), (head_need, heading_cache))):
                    if wanted:
                        start = self._store_rows(out[part][[at[i] for i in wanted.values()]])
                        cache.update(zip(wanted, range(start, start + len(wanted))))
                found = [r if r is not None else sentence_cache[key] for key, r in zip(keys, found)]
                head_found = [r if r is not None else heading_cache[key] for key, r in zip(head_keys, head_found)]
            store = self._score_rows
            scores = store[found] + self._intercept
            if head_idx:
                row_of = dict(zip(head_idx, head_found))
                has = np.array([h >= 0 for h in heads], dtype=bool)
                scores[has] += store[[row_of[h] for h in heads if h >= 0]]
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    @staticmethod
    def _missing(keys: Sequence[bytes], found: Sequence[Any], where: Sequence[int]) -> dict[bytes, int]:
        """Each key not found (``found[i]`` is None), with ``where[i]`` of its first range."""
        need: dict[bytes, int] = {}
        for key, row, i in zip(keys, found, where):
            if row is None and key not in need:
                need[key] = i
        return need

    def _store_rows(self, vectors) -> int:
        """Append score ``vectors`` to the array of cached ones (grown by doubling); the
        row of the first. Called under ``_scores_lock``."""
        import numpy as np

        start = self._n_score_rows
        end = start + len(vectors)
        store = self._score_rows
        if end > len(store):
            bigger = np.zeros((max(2 * len(store), end), store.shape[1]), dtype=np.float32)
            bigger[:start] = store[:start]
            store = self._score_rows = bigger
        store[start:end] = vectors
        self._n_score_rows = end
        return start

    def _clear_scores(self) -> None:
        """Forget the cached score vectors. Called under ``_scores_lock``."""
        self._scores.clear()
        self._heading_scores.clear()
        self._n_score_rows = 0

    def in_context(self, proba, heading_lines=None, where=None):
        """The context stage: ``proba`` (the first stage's probabilities of one advert's
        sentences, in order) with the rows of unsure sentences (top probability below the
        stage's ``gate``) replaced by the stage's reading of them and their neighbours.
        ``heading_lines`` marks heading lines (not used as neighbours); ``where`` limits the
        rows that may change (the engine: sentences without a heading). Unchanged when the
        model has no context stage."""
        import numpy as np

        if self.context_classifier is None or len(proba) == 0:
            return proba
        unsure = proba.max(axis=1) < self.context["gate"]
        if where is not None:
            unsure &= np.asarray(where, dtype=bool)
        if not unsure.any():
            return proba
        x = context_features(proba, heading_lines, int(self.context["neighbours"]), float(self.context["decay"]))
        z = x[unsure] @ self._context_coef_t + self._context_intercept
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        out = proba.copy()
        out[unsure] = z
        return out

    def predict_proba(self, sentences: Sequence[str], context: Sequence[str] | None = None):
        """Probabilities, shape ``(len(sentences), len(LABELS))`` (float32 array).

        ``context``: for each sentence, the heading it sits under ("" if none), or None.
        The same numbers as the classifier's own ``predict_proba`` on :func:`featurise` (up
        to float rounding), computed without building the matrix. The first stage only: the
        sentences of one advert, in order, go through :meth:`in_context` after it
        (:meth:`label_text` and :meth:`predict_proba_doc` do so)."""
        import numpy as np

        if isinstance(sentences, str):
            raise TypeError("sentences must be a sequence of strings, not one string")
        if context is not None and len(context) != len(sentences):
            raise ValueError(f"context has {len(context)} items for {len(sentences)} sentences")
        n = len(sentences)
        if n == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        texts = list(sentences)
        heads = None
        if context is not None and any(context):
            where: dict[str, int] = {}
            heads = []
            for h in context:
                if not h:
                    heads.append(-1)
                    continue
                if h not in where:
                    where[h] = len(texts)
                    texts.append(h)
                heads.append(where[h])
        ids, a, b = text_tokens(texts)
        return self._proba(ids, a, b, n, heads)

    def predict_proba_doc(self, doc, spans: Sequence[tuple[int, int]], heads: Sequence[int] | None = None,
                          heading_lines: Sequence[bool] | None = None, tokens=None):
        """Probabilities of the sentences of a spaCy ``doc`` (made by the engine's
        tokenizer) at character ``spans``, the sentences of one advert in order; ``heads[i]``
        is the index in ``spans`` of sentence i's heading, or -1; ``heading_lines[i]`` says
        whether sentence i is a heading line. The tokens come from ``doc`` itself
        (:func:`doc_tokens`, or ``tokens`` when the caller has them already, e.g.
        :attr:`advert_assistant.analysis.Analysis.model_tokens`), so an advert costs a few
        dozen array operations. The context stage (:meth:`in_context`) then reads the
        sentences that have no heading together with their neighbours."""
        import numpy as np

        if heads is not None and len(heads) != len(spans):
            raise ValueError(f"heads has {len(heads)} items for {len(spans)} sentences")
        if heading_lines is not None and len(heading_lines) != len(spans):
            raise ValueError(f"heading_lines has {len(heading_lines)} items for {len(spans)} sentences")
        ids, starts = doc_tokens(doc) if tokens is None else tokens
        s = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
        proba = self._proba(ids, np.searchsorted(starts, s[:, 0]), np.searchsorted(starts, s[:, 1]), len(s), heads)
        if self.context_classifier is None:
            return proba
        where = None if heads is None else np.asarray(heads) < 0
        return self.in_context(proba, heading_lines, where)

    def predict(self, sentences: Sequence[str], context: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """``(label, probability)`` for each sentence (see :meth:`predict_proba`)."""
        proba = self.predict_proba(sentences, context)
        best = proba.argmax(axis=1)
        return [(LABELS[j], float(proba[i, j])) for i, j in enumerate(best.tolist())]

    def label_text(self, text: str) -> list[tuple[Segment, str, float]]:
        """Segment ``text`` (see :func:`segment`) and label every sentence (the context
        stage included)."""
        import numpy as np

        segs = segment(text)
        proba = self.predict_proba([s.text for s in segs], [s.heading for s in segs])
        proba = self.in_context(proba, np.array([s.is_heading for s in segs], dtype=bool),
                                np.array([not s.heading for s in segs], dtype=bool))
        best = proba.argmax(axis=1) if len(segs) else []
        return [(s, LABELS[j], float(proba[i, j])) for i, (s, j) in enumerate(zip(segs, list(best)))]


def clear_cache() -> None:
    """Forget loaded models (tests; after rebuilding a model in the same process)."""
    with _CACHE_LOCK:
        _CACHE.clear()


__all__ = [
    "LABELS",
    "PARTS",
    "TRUSTED_TYPES",
    "Segment",
    "SentenceClassifier",
    "clear_cache",
    "default_model_path",
    "doc_tokens",
    "featurise",
    "features_of",
    "is_heading",
    "normalise",
    "segment",
    "split_sentences",
    "text_tokens",
]
