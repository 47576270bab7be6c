"""What each sentence of an advert is for: a small trained sentence classifier.

Word lists cannot tell a benefit from a duty ("you will deliver training" is not a
training offer). This module labels each sentence (or bullet line) of an advert as one of
:data:`LABELS`, using a linear model over hashed word n-grams of the sentence and of the
nearest preceding heading.

Training (``training/``) and serving share the code here: :func:`split_sentences`,
:func:`segment`, :func:`normalise` and :func:`featurise`, so the two cannot drift apart.

The model file is ``models/sentence_classifier.skops`` at the top of the repository
(rebuilt by ``make train``). It is stored with skops, which runs no code on load; only
the types in :data:`TRUSTED_TYPES` are accepted.
"""

from __future__ import annotations

import bisect
import math
import os
import pathlib
import re
import threading
import zlib
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
FORMAT_VERSION = 1

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


def is_heading(line: str, *, isolated: bool = False) -> bool:
    """Whether a line looks like a heading ("Benefits", "What we offer:", "ABOUT US").

    A heading is short, is not a bullet, is not a ``Field: value`` header line and does
    not end like a sentence. It ends with ``:``/``?``/``…``, or is in Title or UPPER case,
    or (``isolated=True``: blank line or start of text before it, blank or bullet line
    after it) is a short sentence-case line such as "About the role".
    """
    s = line.strip()
    if not s or len(s) > 80 or _BULLET.match(line):
        return False
    words = s.split()
    if len(words) > 10 or not _WORD.search(s):
        return False
    if _HEADER_FIELD.match(s):
        return False
    if s[-1] in ".,;" and not s.endswith("..."):
        return False
    if s.endswith((":", "?", "…", "...")):
        return True
    alpha = [w for w in words if w[0].isalpha()]
    if not alpha or not alpha[0][0].isupper() or len(words) > 6:
        return False
    capitalised = sum(1 for w in alpha if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return capitalised == len(alpha) or isolated


def heading_line_starts(text: str) -> set[int]:
    """Start offsets of the lines of ``text`` that :func:`is_heading` accepts."""
    spans = _line_spans(text)
    out = set()
    for k, (ls, le) in enumerate(spans):
        line = text[ls:le]
        if not line.strip():
            continue
        prev_blank = k == 0 or not text[spans[k - 1][0] : spans[k - 1][1]].strip()
        nxt = text[spans[k + 1][0] : spans[k + 1][1]] if k + 1 < len(spans) else ""
        next_ok = not nxt.strip() or bool(_BULLET.match(nxt))
        if is_heading(line, isolated=prev_blank and next_ok):
            out.add(ls)
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
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case, mask links/e-mails/numbers and squeeze white space."""
    t = text
    if "#" in t or "@" in t or "http" in t or "www." in t:
        t = _URLISH.sub(" zlink ", t)
    t = _DIGITS.sub("0", t)
    return " ".join(t.lower().split())


_TOKEN = re.compile(r"\w+|[£$€%]")

#: How sentences and headings become features. Stored in the model file and checked on load.
FEATURES: dict[str, Any] = {
    "kind": "crc32-hashed word 1-2-grams, sentence and heading l2-normalised separately",
    "n_features": 2**18,
    "heading_prefix": "h:",
}


_INDEX_CACHE: dict[str, int] = {}
_INDEX_CACHE_MAX = 500_000
#: Per model: how many sentence (and heading) score vectors are kept before starting afresh.
_SCORE_CACHE_MAX = 50_000


def _hashed(tokens: list[str], prefix: str, mask: int) -> dict[int, float]:
    """Column -> weight of the word 1- and 2-grams of ``tokens``, l2-normalised."""
    cache = _INDEX_CACHE
    if len(cache) > _INDEX_CACHE_MAX:
        cache.clear()
    get = cache.get
    crc = zlib.crc32
    counts: dict[int, float] = {}
    grams = tokens + [a + " " + b for a, b in zip(tokens, tokens[1:])]
    if prefix:
        grams = [prefix + g for g in grams]
    for g in grams:
        j = get(g)
        if j is None:
            j = cache[g] = crc(g.encode("utf-8"))
        j &= mask
        counts[j] = counts.get(j, 0.0) + 1.0
    if counts:
        norm = 1.0 / math.sqrt(sum(v * v for v in counts.values()))
        for j in counts:
            counts[j] *= norm
    return counts


def featurise(sentences: Sequence[str], context: Sequence[str] | None = None, n_features: int = FEATURES["n_features"]):
    """Sparse CSR matrix (float32) of hashed features, one row per sentence.

    Each sentence's normalised word uni- and bigrams, l2-normalised, plus its heading's
    (prefixed ``h:``), l2-normalised on their own, hashed with CRC-32 into
    ``n_features`` columns. Shared by training and serving.
    """
    import numpy as np
    import scipy.sparse as sp

    if n_features & (n_features - 1):
        raise ValueError("n_features must be a power of two")
    if context is None:
        context = [""] * len(sentences)
    elif len(context) != len(sentences):
        raise ValueError(f"context has {len(context)} items for {len(sentences)} sentences")
    mask = n_features - 1
    prefix = FEATURES["heading_prefix"]
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    heads: dict[str, dict[int, float]] = {}
    for sentence, heading in zip(sentences, context):
        row = _hashed(_TOKEN.findall(normalise(sentence)), "", mask)
        if heading:
            h = heads.get(heading)
            if h is None:
                h = heads[heading] = _hashed(_TOKEN.findall(normalise(heading)), prefix, mask)
            for j, v in h.items():
                row[j] = row.get(j, 0.0) + v
        indices.extend(row.keys())
        data.extend(row.values())
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int32)),
        shape=(len(sentences), n_features),
    )


# --------------------------------------------------------------------------------------
# Model files
# --------------------------------------------------------------------------------------


def default_model_path() -> pathlib.Path:
    """``models/sentence_classifier.skops`` beside the package's parent directory (the
    repository), else in ``$ADVERT_ASSISTANT_MODELS``; the former if neither exists."""
    beside = pathlib.Path(__file__).resolve().parent.parent / "models" / MODEL_FILENAME
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


def save_model(path: str | os.PathLike, classifier: Any, meta: dict[str, Any], features: dict[str, Any] | None = None) -> None:
    """Write a model file with skops (used by ``training/train.py``)."""
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
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    export_weights(path, classifier, obj["features"], obj["meta"])


def weights_path(path: str | os.PathLike) -> pathlib.Path:
    """The weights file that goes with the model file at ``path``."""
    p = pathlib.Path(path)
    return p.with_name(p.stem + ".weights.npz")


def _sha256(path: pathlib.Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_weights(path: str | os.PathLike, classifier: Any = None, features: dict | None = None,
                   meta: dict | None = None) -> pathlib.Path:
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

    def __init__(self, classifier: Any, features: dict[str, Any] | None = None, path: pathlib.Path | None = None, meta: dict | None = None):
        import numpy as np

        classes = [str(c) for c in classifier.classes_]
        if classes != list(LABELS):
            raise ValueError(f"classifier classes {classes} are not LABELS")
        self.features = dict(features or FEATURES)
        n = self.features["n_features"]
        if classifier.coef_.shape != (len(LABELS), n):
            raise ValueError(f"classifier has {classifier.coef_.shape[1]} inputs, the features {n}")
        self.path = path
        self.meta = dict(meta or {})
        self.classifier = classifier
        # Scoring is done here (rows of the weights summed, then a softmax) rather than
        # through the classifier's predict_proba: same numbers, a fraction of the overhead.
        self._coef_t = np.ascontiguousarray(classifier.coef_.T, dtype=np.float32)
        self._intercept = np.asarray(classifier.intercept_, dtype=np.float32)
        # The model is linear and a sentence's features are the sum of its own part and
        # its heading's part (each l2-normalised on its own), so the scores are the sum of
        # a score vector for the sentence text and one for the heading text. Those vectors
        # are cached by text: an advert that is assessed again (the web page re-checks as
        # the user types) costs a dictionary look-up per unchanged sentence.
        self._sentence_scores: dict[str, Any] = {}
        self._heading_scores: dict[str, Any] = {}

    # -- loading ------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "SentenceClassifier":
        """Load (once; later calls are cached) the model file at ``path`` (default:
        :func:`default_model_path`). Raises :class:`ModelError` naming the file and the
        command that rebuilds it when the file is missing, corrupt or untrusted."""
        p = pathlib.Path(path) if path is not None else default_model_path()
        try:
            st = p.stat()
        except OSError:
            raise _model_error(p, "file not found") from None
        if not p.is_file():
            raise _model_error(p, "not a file")
        key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
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
        except Exception:
            return None
        if labels != LABELS or features.get("kind") != FEATURES["kind"]:
            return None
        try:
            return cls(_Weights(coef, intercept, np.array(labels)), features=features, path=p, meta=meta)
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
        n = features.get("n_features") if isinstance(features, dict) else None
        if (
            not isinstance(features, dict)
            or features.get("kind") != FEATURES["kind"]
            or features.get("heading_prefix") != FEATURES["heading_prefix"]
            or not isinstance(n, int)
            or n <= 0
            or n & (n - 1)
        ):
            raise _model_error(p, "was built with other features than this version of advert-assistant uses")
        clf = obj.get("classifier")
        if not isinstance(clf, LogisticRegression) or getattr(clf, "coef_", None) is None:
            raise _model_error(p, "does not hold the expected classifier")
        try:
            return cls(clf, features=features, path=p, meta=obj.get("meta") or {})
        except (ValueError, AttributeError) as exc:
            raise _model_error(p, str(exc)) from None

    # -- prediction ---------------------------------------------------------------------
    def clear_score_cache(self) -> None:
        """Forget the cached per-sentence and per-heading scores (timings of a first call)."""
        self._sentence_scores.clear()
        self._heading_scores.clear()

    def _part_scores(self, texts: Sequence[str], prefix: str, cache: dict[str, Any]) -> list[Any]:
        """Score vector (float32, one per label) of each text's own features: the
        sentence part (``prefix=""``) or the heading part (``prefix="h:"``)."""
        import numpy as np

        out: list[Any] = [cache.get(t) for t in texts]
        missing = [i for i, v in enumerate(out) if v is None]
        if not missing:
            return out
        if len(cache) + len(missing) > _SCORE_CACHE_MAX:
            cache.clear()
        mask = self.features["n_features"] - 1
        indices: list[int] = []
        values: list[float] = []
        starts: list[int] = []
        todo: dict[str, int] = {}  # text -> position in starts
        for i in missing:
            t = texts[i]
            if t in todo:
                continue
            todo[t] = len(starts)
            starts.append(len(indices))
            row = _hashed(_TOKEN.findall(normalise(t)), prefix, mask) if t else {}
            indices.extend(row.keys())
            values.extend(row.values())
        k = len(self._intercept)
        sums = np.zeros((len(starts), k), dtype=np.float32)
        if indices:
            contrib = self._coef_t[np.asarray(indices, dtype=np.intp)]
            contrib *= np.asarray(values, dtype=np.float32)[:, None]
            bounds = np.asarray(starts + [len(indices)])
            filled = bounds[:-1] < bounds[1:]  # texts with at least one feature
            sums[filled] = np.add.reduceat(contrib, bounds[:-1][filled], axis=0)
        for t, j in todo.items():
            cache[t] = sums[j]
        for i in missing:
            out[i] = cache.get(texts[i])
            if out[i] is None:  # the cache was cleared by another thread meanwhile
                out[i] = sums[todo[texts[i]]]
        return out

    def predict_proba(self, sentences: Sequence[str], context: Sequence[str] | None = None):
        """Probabilities, shape ``(len(sentences), len(LABELS))`` (float32 array).

        The same numbers as the classifier's own ``predict_proba`` on
        :func:`featurise` (up to float rounding), computed without building the matrix."""
        import numpy as np

        if isinstance(sentences, str):
            raise TypeError("sentences must be a sequence of strings, not one string")
        if context is not None and len(context) != len(sentences):
            raise ValueError(f"context has {len(context)} items for {len(sentences)} sentences")
        if len(sentences) == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        scores = np.array(self._part_scores(sentences, "", self._sentence_scores), dtype=np.float32)
        if context is not None and any(context):
            scores += np.array(self._part_scores(context, self.features["heading_prefix"], self._heading_scores), dtype=np.float32)
        scores += self._intercept
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict(self, sentences: Sequence[str], context: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """``(label, probability)`` for each sentence. ``context`` is, for each sentence,
        the nearest preceding heading line ("" if none), or None when unknown."""
        proba = self.predict_proba(sentences, context)
        best = proba.argmax(axis=1)
        return [(LABELS[j], float(proba[i, j])) for i, j in enumerate(best.tolist())]

    def label_text(self, text: str) -> list[tuple[Segment, str, float]]:
        """Segment ``text`` (see :func:`segment`) and label every sentence."""
        segs = segment(text)
        preds = self.predict([s.text for s in segs], [s.heading for s in segs])
        return [(s, label, p) for s, (label, p) in zip(segs, preds)]


def clear_cache() -> None:
    """Forget loaded models (tests; after rebuilding a model in the same process)."""
    with _CACHE_LOCK:
        _CACHE.clear()


__all__ = [
    "LABELS",
    "TRUSTED_TYPES",
    "Segment",
    "SentenceClassifier",
    "clear_cache",
    "default_model_path",
    "featurise",
    "is_heading",
    "normalise",
    "segment",
    "split_sentences",
]
