"""Coverage: which benefits, how much career-path detail and which essentials an advert states.

What counts is defined in ``docs/coverage.md``; the patterns are data in
``rules/benefits.yml``, ``rules/career_path.yml`` and ``rules/essentials.yml`` (their
``categories:`` sections; the format is described at the top of each file).

How detection works
-------------------
The text is lower-cased once. One scan with a single regular expression finds every
*trigger* word of every category (``pension``, ``leave``, ``£`` ...). Around each trigger
(from :data:`BACK` characters before it to :data:`FORWARD` after it) only the patterns that
contain that trigger word run, so the cost grows with the number of relevant words, not
with the number of patterns; a pattern that contains none of its category's triggers is a
rule-file error. Match offsets are mapped to sentences by bisection.

A pattern match is evidence unless

* it overlaps a match of one of the category's ``not`` patterns ("to cover maternity leave"),
* for benefits and career path: a *duty or requirement cue* ("experience of", "you will
  deliver", "must be") comes earlier in the same clause, or the sentence is a duty or a
  requirement (it sits under a heading such as "Responsibilities" or "Person specification",
  or the sentence classifier labels it ``role``/``requirements``) and has no offer cue.

``offer`` patterns (weaker words such as "holidays" or "dental") count only where the advert
is offering something: under a benefits heading, in a sentence with an offer cue ("we
offer", "you'll receive", "benefits include"), or in a sentence the classifier labels
``benefits``/``career``. A sentence labelled ``career`` with no career words still makes the
career path at least generic, and one labelled ``apply`` with an application word counts as
how to apply.

Scores (:func:`coverage_scores`)
--------------------------------
* ``benefits`` = 100 x (sum of the weights of the *required* categories found) / (sum of the
  weights of the required categories); the required categories are
  ``config.require_benefits`` (all seven by default), each weighing ``weight`` in
  ``benefits.yml`` (1 by default; an organisation may override it with
  ``params: {benefits.missing-<category>: {weight: 2}}``). No required category: 100.
* ``career_path``: level 0 -> 0; level 1 (generic only) -> ``generic`` (40); level 2 ->
  ``specific`` (70) + ``per_extra_element`` (10) for every element found beyond the first,
  capped at 100. The three numbers are the ``params`` of ``career_path.missing``.
* ``essentials`` = 100 x (sum of the weights of the essentials found) / (sum of all five
  weights); each essential weighs 20 by default (``weight`` in ``essentials.yml``).

Every score is monotone: adding evidence never lowers it. A missing-coverage finding's
``points`` is exactly what fixing it adds to its dimension's score.
"""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

from . import sector as _sector
from .config import Config
from .errors import ConfigError
from .normalise import BULLET_CHARS
from .ruledata import categories, load_file, rule_by_id
from .types import (
    BENEFIT_CATEGORIES,
    CAREER_ELEMENTS,
    ESSENTIALS,
    CareerPath,
    CategoryCoverage,
    Coverage,
    Evidence,
    Finding,
)

__all__ = ["detect", "missing_findings", "extra_findings", "coverage_scores", "vague_salary_spans",
           "explain", "warm_up", "LabelProbs"]

#: A ``needs`` pattern must occur within this many characters of the hit, in its sentence.
NEEDS_REACH = 150
#: A sentence longer than this is cut down to the clause around the match for evidence.
MAX_EVIDENCE_CHARS = 300
#: At most this many evidence spans are kept per category.
MAX_EVIDENCE = 5
#: A classifier label is used only when its probability reaches this.
LABEL_MIN_PROB = 0.6
#: A duty or requirement label this sure makes a sentence a duty (when it has no offer cue).
DUTY_LABEL_PROB = 0.8
#: A duty or requirement label this sure outweighs an offer cue in the sentence.
SURE_LABEL_PROB = 0.97
#: A sentence the classifier calls ``career`` with this probability is a generic career mention.
CAREER_LABEL_PROB = 0.75
#: With the whole distribution known: a sentence is an offer when p(benefits) reaches
#: BENEFIT_PROB or p(benefits) + p(career) reaches OFFER_PROB.
BENEFIT_PROB = 0.5
OFFER_PROB = 0.6
#: A career-path pattern hit counts only where p(career) + p(benefits) reaches this (below it
#: the model is sure the sentence is a duty, a requirement or about the employer).
CAREER_GATE = 0.2
#: ... and this, when the hit itself names progression, promotion, a band or a qualification
#: (career_path.yml context.strong_words): such hits stand on their own words (0 = not gated;
#: the model, trained mostly on NHS adverts, is unsure of other employers' career sentences).
CAREER_GATE_STRONG = 0.0
#: A sentence with p(career) at least this and a weak career word is a generic career mention.
CAREER_WORD_PROB = 0.3


class LabelProbs(tuple):
    """A sentence's ``(label, probability)`` (the classifier's top class) that also carries
    ``probs``, the probability of every class. Plain ``(label, probability)`` tuples are
    accepted by :func:`detect` too; they tell only the top class."""

    probs: Mapping[str, float]

    def __new__(cls, label: str, prob: float, probs: Mapping[str, float] | None = None) -> "LabelProbs":
        obj = super().__new__(cls, (label, float(prob)))
        obj.probs = dict(probs) if probs is not None else {label: float(prob)}
        return obj

    @classmethod
    def from_row(cls, names: Sequence[str], row: Sequence[float]) -> "LabelProbs":
        """From one row of class probabilities in the order of ``names``."""
        probs = {n: float(p) for n, p in zip(names, row)}
        best = max(probs, key=probs.__getitem__)
        return cls(best, probs[best], probs)

    def __getnewargs__(self) -> tuple[Any, ...]:  # pickling (batch workers)
        return (self[0], self[1], self.probs)

_OFFER_LABELS = frozenset({"benefits", "career"})
_DUTY_LABELS = frozenset({"role", "requirements"})
#: A capital right after a lower-case letter: list items glued together ("SalaryHealth"; also
#: a one-letter word, "matching 401kA fun place").
_GLUE = re.compile(r"[A-Z](?<=[a-z][A-Z])(?=[a-z]|(?<=[AI])[ \t]+[a-z])")
#: The end of a line that introduces a list of benefits without a colon ("Please take a look at
#: our rewarding benefits package", "we also have a range of other benefits such as").
_BENEFIT_INTRO_END = re.compile(
    r"\b(?:benefits?|perks|rewards?)(?: package| scheme| on offer| available)?"
    r"(?: (?:such as|including|include|includes|which include|like|as follows))?[ \t]*[-–—…]*[ \t]*$")


def _names_benefits(low: str, start: int, end: int) -> bool:
    """Whether ``low[start:end]`` contains a word that every match of _BENEFIT_INTRO_END
    contains (a cheap test before the search)."""
    return low.find("benefit", start, end) >= 0 or low.find("perks", start, end) >= 0 \
        or low.find("reward", start, end) >= 0


#: Where a clause ends: ``[.;!?\n•·|]``, ``\s[-–—]\s``, ``:\s`` or
#: ``,?\s(?:but|however|although|though|whereas)\s``. Written to begin with the set of
#: characters a boundary can start with (the regex engine then skips other characters
#: quickly); the alternatives after it are the same, in the same order.
_CLAUSE_BOUNDARY = re.compile(
    r"[.;!?\n•·|:,\s](?:(?<=[.;!?\n•·|])|(?<=\s)[-–—]\s|(?<=:)\s"
    r"|(?<=,)\s(?:but|however|although|though|whereas)\s|(?<=\s)(?:but|however|although|though|whereas)\s)")
#: A character no clause boundary can contain (white space, punctuation and the letters of
#: but/however/although/though/whereas can): a scan for boundaries that starts at one finds
#: the same boundaries after it as a scan that starts earlier.
_OUTSIDE_BOUNDARIES = re.compile(r"[^\s.;!?•·|:,\-–—abeghlorstuvw]")
_CUE_LOOKBACK = 120
#: The rest of a word: what a window is stretched by so that it ends at white space
#: (``\S`` is exactly what ``str.isspace`` rejects).
_TO_SPACE = re.compile(r"\S*")
_CLAUSE_REACH = 200
_OFFER_REACH = 250

# ---------------------------------------------------------------------------
# Compiled rule data
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """The ``match`` or ``offer`` patterns of a spec, grouped by the word each one needs."""

    sources: tuple[str, ...]
    # trigger ("word", "word*", "£") -> indices of the patterns that need it; "anchored" ones
    # start where the trigger starts, so they are tried there only; "floating" ones are
    # searched for in a window around the trigger
    anchored: Mapping[str, frozenset[int]]
    floating: Mapping[str, frozenset[int]]


@dataclass(frozen=True)
class _Spec:
    """One benefit category, career element or essential, compiled."""

    dimension: str  # "benefits" | "career_path" | "essentials"
    name: str
    weight: float
    parts: tuple[_Part | None, _Part | None, _Part | None]  # (match, offer, not)
    exclude_always: re.Pattern[str] | None  # ``not`` patterns with no trigger word: run around each hit
    fallback: re.Pattern[str] | None  # run over the whole original text, only if nothing else was found
    needs: re.Pattern[str] | None  # the sentence must also contain a match of this
    contextual: bool  # subject to duty cues and duty/requirement sentences
    # a match whose own words also match this is an offer even in a sentence read as a duty
    # or requirement ("Full or part time posts are available" in a paragraph about the role)
    sure: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _Compiled:
    specs: tuple[_Spec, ...]
    trigger_re: re.Pattern[str]
    exact: Mapping[str, tuple[tuple[int, int, str], ...]]  # token or symbol -> (spec, part, trigger)
    stems: Mapping[str, tuple[tuple[int, int, str], ...]]  # token prefix -> (spec, part, trigger)
    stem_lengths: tuple[int, ...]
    token_cache: dict[str, Any]
    combo_cache: dict[tuple[int, int, str, bool], re.Pattern[str] | None]
    entry_keys: dict[tuple[int, int, str], int]
    duty_cues: re.Pattern[str]
    offer_cues: re.Pattern[str]
    heading_line: re.Pattern[str]
    heading_inline: re.Pattern[str]
    heading_tail: re.Pattern[str]
    vague_salary: re.Pattern[str] | None
    apply_words: re.Pattern[str] | None
    career_words: re.Pattern[str] | None
    strong_career_words: re.Pattern[str] | None


def _sources(patterns: Any, where: str) -> tuple[str, ...]:
    if patterns is None:
        return ()
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"{where}: expected a list of regular expressions")
    known = _known_triggers()
    for p in patterns:
        if p in known:
            continue  # analysed (so parsed) before by this very code
        try:
            _parse(p)
        except re.error as exc:
            raise ConfigError(f"{where}: bad regular expression {p!r}: {exc}") from None
    return tuple(patterns)


@functools.lru_cache(maxsize=None)
def _parse(pattern: str) -> Any:
    """The parsed form of one pattern (a syntax check, and what :func:`_triggers` reads).

    Compiling every pattern at start-up only to check it would double the start-up time;
    patterns are compiled when first needed, and a compile error there names the pattern."""
    from re import _parser

    return _parser.parse(pattern)


def _combine(sources: Sequence[str], guard: bool = True) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in sources)
    if guard:
        # a long alternation scanned over a stretch of text: one cheap check that no letter
        # or digit precedes rejects the middle of words before any alternative is tried
        return re.compile("(?<![^\\W_])(?:" + body + ")")
    return re.compile(body)


def _join(patterns: Any, where: str) -> re.Pattern[str] | None:
    sources = _sources(patterns, where)
    return _combine(sources) if sources else None


# -- which word must every match of a pattern contain? ---------------------------------

#: Characters that can stand for a whole pattern (a currency or an e-mail address).
_SYMBOLS = "£$€@"

#: Roughly how often these tokens occur per advert (corpus counts, rounded to 8, 4, 2, 1, 0.5);
#: any other token counts 0.05. Used only to pick, for each pattern, the rarest word that
#: every match contains, so that the pattern wakes up as seldom as possible.
_TOKEN_RATES: dict[str, float] = {
    word: rate
    for rate, words in (
        (8.0, "a and of the to"),
        (4.0, "for in we with you"),
        (2.0, "an are as be care experience have is on or our team will work"),
        (1.0, "all at by clinical data development from health location nhs role s salary service "
              "services skills staff support that their this trust within working your"),
        (0.5, "ability able about access across acute also any application applications apply "
              "available band bank based benefits best both business but can candidate career children "
              "closing committed communication community company competitive complex consultant contact "
              "customer date day days deliver department design develop do employment ensure environment "
              "excellent exciting flexible foundation free full further good great group has healthcare "
              "help high highly hospital hospitals hours if include including informal information into "
              "it job join knowledge lead learning level life like ll looking make management manager "
              "medical mental more must need needs new not nurse nurses nursing offer one opportunities "
              "opportunity organization other out over part patient patients people per please position "
              "post practice process product professional provide providing quality range re registered "
              "required requirements research scheme senior social software solutions specialist strong "
              "successful such teams technical technology there they through time training uk up us using "
              "want week well what where which who would year years"),
    )
    for word in words.split()
}
_RARE = 0.05
#: A trigger that is not where the match starts costs a search through a window, not one
#: match attempt: count it this many times dearer when choosing.
_FLOAT_COST = 8


@functools.lru_cache(maxsize=None)
def _word_cost(word: str) -> float:
    """Expected occurrences per advert of a trigger: "pension*" (a prefix) or "pension" (exact)."""
    if word in _SYMBOLS:
        return 1.0
    if word.endswith("*"):
        stem = word[:-1]
        return _RARE + sum(r for w, r in _TOKEN_RATES.items() if w.startswith(stem))
    return _TOKEN_RATES.get(word, _RARE)


def _non_word_class(items: Any, K: Any) -> bool:
    """Whether a character class matches only characters that end a token (space, punctuation)."""
    for op, av in items:
        if op is K.LITERAL and not chr(av).isalnum():
            continue
        if op is K.CATEGORY and av in (K.CATEGORY_SPACE, K.CATEGORY_NOT_WORD):
            continue
        return False
    return True


def _literal_letters(items: Any, K: Any) -> str | None:
    """The letters of a group made only of letters ("s", "ing"), else None."""
    out = []
    for op, av in items:
        if op is not K.LITERAL or not chr(av).isalnum():
            return None
        out.append(chr(av))
    return "".join(out) or None


class _State:
    """Where the analysis stands: the letters of the current token matched so far."""

    __slots__ = ("word", "ok", "suffixes", "start", "anchored")

    def __init__(self, word: str = "", ok: bool = True, suffixes: tuple[str, ...] = ("",),
                 start: bool = True, anchored: bool = False) -> None:
        self.word = word          # letters of the current token so far
        self.ok = ok              # they began at the start of a token
        self.suffixes = suffixes  # optional endings seen right after them ("", "s")
        self.start = start        # nothing consumed yet: this is where the match starts
        self.anchored = anchored  # the current word began where the match starts

    def copy(self) -> "_State":
        return _State(self.word, self.ok, self.suffixes, self.start, self.anchored)

    def key(self) -> tuple[Any, ...]:
        return self.word, self.ok, self.suffixes, self.start, self.anchored


#: A trigger as found by the analysis: ("word" or "word*" or "£", whether the match starts there).
_Trigger = tuple[str, bool]


def _is_boundary_op(op: Any, av: Any, K: Any) -> bool:
    """Whether this op can only match where a token has just ended."""
    if op is K.LITERAL:
        return not chr(av).isalnum()
    if op is K.AT:
        return av in (K.AT_BOUNDARY, K.AT_END, K.AT_END_LINE, K.AT_END_STRING)
    if op is K.IN:
        return _non_word_class(av, K)
    return False


def _required(items: Any, state: _State, follow: bool = False) -> tuple[list[_Trigger] | None, _State]:
    """Trigger words one of which every match of ``items`` (a parsed regex) contains, or None.

    A trigger is "word" (the token is exactly that) or "word*" (the token starts with it):
    the scan for triggers works on whole tokens; each comes with whether every match that
    contains it starts with it. ``follow``: what comes right after ``items`` ends a token.
    Returns the cheapest requirement and the state at the end.
    """
    from re import _constants as K  # the parser's op codes

    candidates: list[list[_Trigger]] = []
    st = state.copy()

    def emit(exact: bool) -> None:
        if st.ok and len(st.word) >= 2:
            if exact:
                candidates.append([(st.word + suffix, st.anchored) for suffix in st.suffixes])
            else:
                candidates.append([(st.word + "*", st.anchored)])

    def reset(ok: bool) -> None:
        st.word, st.ok, st.suffixes, st.anchored = "", ok, ("",), False

    items = list(items)
    for i, (op, av) in enumerate(items):
        nxt = _is_boundary_op(*items[i + 1], K) if i + 1 < len(items) else follow
        if op is K.LITERAL:
            ch = chr(av)
            if ch.isalnum():
                if st.suffixes != ("",):
                    emit(False)
                    reset(False)
                    st.start = False
                    continue
                if not st.word:
                    st.anchored = st.start
                st.word += ch
            else:
                emit(True)
                if ch in _SYMBOLS:
                    candidates.append([(ch, st.start)])
                reset(True)
            st.start = False
        elif op is K.AT:
            if av in (K.AT_BOUNDARY, K.AT_BEGINNING, K.AT_BEGINNING_LINE, K.AT_BEGINNING_STRING):
                emit(True)
                start = st.start
                reset(True)
                st.start = start
        elif op is K.IN:
            boundary = _non_word_class(av, K)
            emit(boundary)
            symbols = [chr(a) for o, a in av if o is K.LITERAL and chr(a) in _SYMBOLS]
            if symbols and len(symbols) == len(av):  # [£$€]
                candidates.append([(c, st.start) for c in symbols])
            reset(boundary)
            st.start = False
        elif op is K.SUBPATTERN:
            req, st = _required(av[3], st, nxt)
            if req:
                candidates.append(req)
        elif op is K.BRANCH:
            results = [_required(branch, st, nxt) for branch in av[1]]
            if all(r is not None for r, _ in results):
                candidates.append([w for r, _ in results for w in r])  # type: ignore[union-attr]
            ends = {end.key() for _, end in results}
            if len(ends) == 1:
                st = results[0][1]
            else:
                reset(False)
                st.start = False
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT, K.POSSESSIVE_REPEAT):
            low, high, sub = av
            letters = _literal_letters(sub, K)
            if low == 0 and high == 1 and letters and st.word and len(st.suffixes) < 4:
                # an optional ending such as "s" in "days?": remember both spellings
                st.suffixes = tuple(x + y for x in st.suffixes for y in ("", letters))
                continue
            emit(False)  # the letters so far are a prefix whether or not the repeat is taken
            req, end = _required(sub, st)
            if low >= 1 and req:
                candidates.append(req)
            at_boundary = end.word == "" and end.ok
            was_boundary = st.word == "" and st.ok
            reset(at_boundary and (low >= 1 or was_boundary))
            st.start = False
        elif op in (K.ASSERT, K.ASSERT_NOT):
            pass
        else:
            emit(False)
            reset(False)
            st.start = False
    emit(follow)
    if not candidates:
        return None, st
    best = min(candidates, key=lambda ws: sum(_word_cost(w) * (1 if a else _FLOAT_COST) for w, a in ws))
    return best, st


def _triggers(pattern: str) -> list[_Trigger] | None:
    known = _known_triggers()
    if pattern in known:
        return known[pattern]
    found, _ = _required(_parse(pattern), _State())
    result = None
    if found:
        merged: dict[str, bool] = {}
        for word, anchored in found:
            merged[word] = merged.get(word, True) and anchored
        result = sorted(merged.items())
    with _KNOWN_LOCK:
        known[pattern] = result
        _KNOWN_NEW[0] = True
    return result


# -- the trigger analysis of every pattern, kept between runs ---------------------------
# Working out the triggers of the ~450 coverage patterns takes about half a second, a sixth
# of ``advert-assistant check``'s start-up. The results depend only on the pattern and on this
# module's code, so they are kept in a JSON file in the user's cache folder, named by a hash
# of this file and the Python version; a pattern not in it (an edited rule) is analysed as
# before. Any problem with the folder (read-only, missing, a corrupt file) only costs the time.

_KNOWN: dict[str, list[_Trigger] | None] | None = None
_KNOWN_NEW = [False]
_KNOWN_LOCK = threading.Lock()


def _trigger_cache_path() -> "Path | None":
    import hashlib
    import os
    import sys
    from pathlib import Path

    base = os.environ.get("ADVERT_ASSISTANT_CACHE") or os.environ.get("XDG_CACHE_HOME") \
        or os.path.join(os.path.expanduser("~"), ".cache")
    try:
        code = Path(__file__).read_bytes()
    except OSError:
        return None
    key = hashlib.sha1(code + sys.version.encode()).hexdigest()[:16]
    return Path(base) / "advert-assistant" / f"coverage-triggers-{key}.json"


def _known_triggers() -> dict[str, list[_Trigger] | None]:
    global _KNOWN
    if _KNOWN is None:
        import json

        known: dict[str, list[_Trigger] | None] = {}
        path = _trigger_cache_path()
        try:
            if path is not None and path.exists():
                raw = json.loads(path.read_text(encoding="utf-8"))
                for pattern, found in raw.items():
                    known[pattern] = None if found is None else [(str(w), bool(a)) for w, a in found]
        except (OSError, ValueError, TypeError):
            known = {}
        _KNOWN = known
    return _KNOWN


def _save_known_triggers() -> None:
    """Write the trigger cache when this run analysed patterns it did not hold (atomically)."""
    if not _KNOWN_NEW[0] or _KNOWN is None:
        return
    import json
    import os
    import tempfile

    path = _trigger_cache_path()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _KNOWN_LOCK:
            payload = json.dumps(_KNOWN)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".triggers-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        _KNOWN_NEW[0] = False
    except OSError:
        pass


def required_words(pattern: str) -> list[str] | None:
    """The triggers ("word" exact, "word*" prefix, "£") one of which every match contains."""
    found = _triggers(pattern)
    return [w for w, _ in found] if found else None


def _part(sources: tuple[str, ...], where: str, strict: bool = True) -> tuple[_Part | None, list[str]]:
    """Group patterns by trigger; also return the patterns without one (an error if ``strict``)."""
    if not sources:
        return None, []
    anchored: dict[str, set[int]] = {}
    floating: dict[str, set[int]] = {}
    orphans: list[str] = []
    for i, src in enumerate(sources):
        found = _triggers(src)
        if not found:
            if strict:
                raise ConfigError(f"{where}: pattern {src!r} has no word that every match must contain; "
                                  f"patterns run only near such a word (use 'fallback' for a whole-text scan)")
            orphans.append(src)
            continue
        for word, starts_match in found:
            (anchored if starts_match else floating).setdefault(word, set()).add(i)
    part = _Part(sources, {w: frozenset(ids) for w, ids in anchored.items()},
                 {w: frozenset(ids) for w, ids in floating.items()})
    return part, orphans


def _trie_pattern(words: Sequence[str]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: Mapping[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_FILES = (("benefits", "benefits", BENEFIT_CATEGORIES),
          ("career_path", "career_path", ("generic",) + CAREER_ELEMENTS),
          ("essentials", "essentials", ESSENTIALS))
_SPEC_KEYS = frozenset({"weight", "match", "offer", "not", "needs", "fallback", "sure"})
_MATCH, _OFFER, _NOT = 0, 1, 2


@functools.lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    specs: list[_Spec] = []
    exact: dict[str, list[tuple[int, int, str]]] = {}
    stems: dict[str, list[tuple[int, int, str]]] = {}
    for file, dimension, names in _FILES:
        data = categories(file)
        unknown = set(data) - set(names)
        if unknown:
            raise ConfigError(f"rules/{file}.yml: categories: unknown {', '.join(sorted(unknown))}; "
                              f"known: {', '.join(names)}")
        for name in names:
            where = f"rules/{file}.yml: categories.{name}"
            raw = data.get(name)
            if not isinstance(raw, Mapping):
                raise ConfigError(f"{where}: missing (every category needs patterns)")
            bad = set(raw) - _SPEC_KEYS
            if bad:
                raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(bad))}; "
                                  f"known: {', '.join(sorted(_SPEC_KEYS))}")
            fallback = _join(raw.get("fallback"), where + ".fallback")
            match, _ = _part(_sources(raw.get("match"), where + ".match"), where + ".match")
            offer, _ = _part(_sources(raw.get("offer"), where + ".offer"), where + ".offer")
            exclude, orphans = _part(_sources(raw.get("not"), where + ".not"), where + ".not", strict=False)
            if match is None and offer is None and fallback is None:
                raise ConfigError(f"{where}: needs 'match', 'offer' or 'fallback' patterns")
            weight = raw.get("weight", 1)
            if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
                raise ConfigError(f"{where}.weight: must be a number >= 0")
            index = len(specs)
            specs.append(_Spec(
                dimension=dimension, name=name, weight=float(weight), parts=(match, offer, exclude),
                exclude_always=_combine(orphans) if orphans else None, fallback=fallback,
                needs=_join(raw.get("needs"), where + ".needs"),
                sure=_join(raw.get("sure"), where + ".sure"),
                contextual=dimension != "essentials",
            ))
            for part_no, part in enumerate((match, offer, exclude)):
                if part is None:
                    continue
                for word in set(part.anchored) | set(part.floating):
                    if word.endswith("*"):
                        stems.setdefault(word[:-1], []).append((index, part_no, word))
                    else:
                        exact.setdefault(word, []).append((index, part_no, word))
    context = load_file("benefits").get("context") or {}
    if not isinstance(context, Mapping):
        raise ConfigError("rules/benefits.yml: context: expected a mapping")
    headings = context.get("headings") or {}
    heading_alts = []
    for kind in ("benefits", "duties", "requirements", "other"):
        joined = _join(headings.get(kind), f"rules/benefits.yml: context.headings.{kind}")
        if joined is None:
            raise ConfigError(f"rules/benefits.yml: context.headings.{kind}: needs patterns")
        heading_alts.append(f"(?P<{kind}>{joined.pattern})")
    heading_body = "|".join(heading_alts)
    words = sorted(w for w in set(exact) | set(stems) if w not in _SYMBOLS)
    trigger_src = r"\b" + _trie_pattern(words) + r"[^\W_]*"
    symbols = sorted(c for c in exact if c in _SYMBOLS)
    if symbols:
        trigger_src += "|[" + "".join(re.escape(c) for c in symbols) + "]"
    ess = load_file("essentials").get("context") or {}
    never = re.compile(r"(?!x)x")
    _save_known_triggers()
    return _Compiled(
        specs=tuple(specs),
        trigger_re=re.compile(trigger_src),
        exact={k: tuple(v) for k, v in exact.items()},
        stems={k: tuple(v) for k, v in stems.items()},
        stem_lengths=tuple(sorted({len(w) for w in stems})),
        token_cache={},
        combo_cache={},
        entry_keys={},
        duty_cues=_join(context.get("duty_cues"), "rules/benefits.yml: context.duty_cues") or never,
        offer_cues=_join(context.get("offer_cues"), "rules/benefits.yml: context.offer_cues") or never,
        # a heading line (not a bullet): the heading words, then at most a few more words to
        # the end of the line
        heading_line=re.compile(r"[ \t>#]*(?:" + heading_body
                                + r")(?:[ \t]+[^\s.]+){0,4}?[ \t]*[:?!…]*[ \t]*(?:\n|$)"),
        # an inline heading: the heading words right before a colon
        heading_inline=re.compile(r"[\s>#*•·\-–(]*(?:" + heading_body + r")\s*$"),
        # a capitalised heading glued to the end of other text ("Reference 12 Job benefits:")
        heading_tail=re.compile(r"(?<=\s)(?:" + heading_body + r")\s*$"),
        vague_salary=_join(ess.get("vague_salary"), "rules/essentials.yml: context.vague_salary"),
        apply_words=_join(ess.get("apply_words"), "rules/essentials.yml: context.apply_words"),
        career_words=_join((load_file("career_path").get("context") or {}).get("career_words"),
                           "rules/career_path.yml: context.career_words"),
        strong_career_words=_join((load_file("career_path").get("context") or {}).get("strong_words"),
                                  "rules/career_path.yml: context.strong_words"),
    )


def warm_up() -> None:
    """Compile the coverage patterns now rather than on the first call."""
    _compiled()


# ---------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # a few characters (e.g. "İ") lower-case to two code points; keep offsets aligned
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    sentence: int
    strength: str  # "match" | "offer" | "fallback" | "label"


class _Doc:
    """Per-call state: the text, its sentences, sections and cached context decisions."""

    def __init__(self, text: str, sentences: Sequence[tuple[int, int]],
                 labels: Sequence[tuple[str, float]] | None, comp: _Compiled) -> None:
        self.original = text
        # Items glued together ("Competitive SalaryHealth, Vision") are read as if a space
        # separated them: all positions inside are in this spaced text, mapped back to
        # ``text`` for evidence.
        glue = [m.start() for m in _GLUE.finditer(text)]
        self.glue = glue
        if glue:
            pieces, last = [], 0
            for g in glue:
                pieces.append(text[last:g])
                last = g
            pieces.append(text[last:])
            text = " ".join(pieces)
            self.inserted = [g + k for k, g in enumerate(glue)]  # where the spaces are
            spans = [(s + bisect_right(glue, s), e + bisect_left(glue, e)) for s, e in sentences]
        else:
            self.inserted = []
            spans = list(sentences)
        self.text = text
        self.lower = _lower(text)
        self.comp = comp
        spans = spans or [(0, len(text))]
        self.sentences = spans
        self.starts = [s for s, _ in spans]
        self.labels = labels
        # the probability of every class per sentence, where known (LabelProbs); a plain
        # (label, prob) tells the top class only
        self.probs: list[Mapping[str, float]] | None = None
        if labels is not None:
            self.probs = [getattr(lp, "probs", None) or {lp[0]: float(lp[1])} for lp in labels]
        self._ctx: dict[int, str] = {}
        self._offer: dict[tuple[int, int], bool] = {}
        self._clause_starts: dict[int, int] = {}
        self._duty_cues: dict[int, bool] = {}
        # per spec index: its raw hits, and whether a hit (start, end) is vetoed; detect() and
        # extra_findings() look at the same hits
        self.raw_hits: dict[int, list[_Hit]] = {}
        self.vetoes: dict[tuple[int, int, int], bool] = {}
        self._around: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.not_occurrences: list[tuple[int, int, Mapping[int, tuple[Any, ...]]]] = []
        self.not_starts: list[int] = []
        self.sections = self._find_sections()
        self.section_starts = [p for p, _ in self.sections]
        # the trigger scan (set by _scan_triggers), and the sentences of lists of benefits
        # (:func:`_offer_lists`), worked out when first asked for
        self.triggers: tuple[Mapping[int, Any], Mapping[int, Any]] | None = None
        self._offer_lists: frozenset[int] | None = None

    def in_offer_list(self, sentence: int) -> bool:
        """Whether the sentence is an item of a bulleted list of benefits (:func:`_offer_lists`)."""
        if self._offer_lists is None:
            if not self.starts_bullet_line(sentence):
                return False  # not a bullet line: no need to find the lists yet
            self._offer_lists = _offer_lists(self)
        return sentence in self._offer_lists

    def starts_bullet_line(self, sentence: int) -> bool:
        """Whether the sentence starts a bullet line (at the bullet or just after it)."""
        start = self.sentences[sentence][0]
        m = _BULLET_LINE.match(self.text, self.text.rfind("\n", 0, start) + 1)
        return m is not None and start <= m.end()

    # -- structure -----------------------------------------------------------------
    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def _find_sections(self) -> list[tuple[int, str]]:
        """(position, kind) where sections start, in order; kind is benefits, duties,
        requirements, other or none.

        A heading line opens a section, and so does a heading word before a colon
        ("Benefits: ...") or a line that offers something and ends in a colon ("In return
        you'll receive:") or, without a colon or full stop, in "benefits (package)" or
        "benefits such as". A duties or requirements section that has had bullet points ends
        at the next long paragraph of prose, which is rarely still a list of duties.
        """
        low = self.lower
        found: list[tuple[int, str]] = []
        line_re = self.comp.heading_line
        offer_cues = self.comp.offer_cues
        pos = 0
        kind = "none"
        bullets = False
        blank_before = True
        lines = low.split("\n")
        if not lines[-1]:
            lines.pop()  # nothing after the last line break
        for line in lines:
            length = len(line)
            line_end = pos + length
            line_kind = None
            if length <= 90:
                m = line_re.match(low, pos)
                if m is not None and m.end() >= line_end:
                    line_kind = m.lastgroup or "other"
            if line_kind is None and 0 < length <= 200:
                # a line that introduces a list: "... we offer:", ":-", "...", "…", or one
                # ending in "benefits (package)" / "benefits such as" without a colon
                tail = line.rstrip(" \t-–—")
                if (tail[-1:] in (":", ";") or tail.endswith("...") or tail.rstrip(" \t-–—.").endswith("…")
                        or (_names_benefits(low, pos, line_end)
                            and _BENEFIT_INTRO_END.search(low, pos, line_end) is not None)) \
                        and offer_cues.search(low, pos, line_end) is not None:
                    line_kind = "benefits"
            if line_kind is not None:
                found.append((line_end, line_kind))
                kind, bullets = line_kind, False
            elif length:
                first = line[:2].lstrip()[:1]
                if first in "•·-*–" and first:
                    bullets = True
                elif kind in ("duties", "requirements") and bullets and blank_before and length > 150:
                    found.append((pos, "none"))
                    kind, bullets = "none", False
            blank_before = length == 0 or not line.strip()
            pos = line_end + 1
        inline = self.comp.heading_inline
        colon = low.find(":")
        while colon >= 0:
            seg = max(0, colon - 45)
            for ch in "\n.!?;:•":
                k = low.rfind(ch, seg, colon)
                if k >= 0:
                    seg = k + 1
            m = inline.match(low, seg, colon)
            if m is None and colon - seg > 4:
                m = self.comp.heading_tail.search(low, seg, colon)
                if m is not None and not self.text[m.start()].isupper():
                    m = None
            if m is not None:
                found.append((colon + 1, m.lastgroup or "other"))
            colon = low.find(":", colon + 1)
        found.sort()
        return found

    def section_at(self, pos: int) -> str:
        i = bisect_right(self.section_starts, pos) - 1
        return self.sections[i][1] if i >= 0 else "none"

    def clause_start(self, pos: int) -> int:
        """Where the clause holding ``pos`` starts (looking back at most _CLAUSE_REACH)."""
        cached = self._clause_starts.get(pos)
        if cached is not None:
            return cached
        start = lo = max(0, pos - _CLAUSE_REACH)
        for m in _CLAUSE_BOUNDARY.finditer(self.lower, lo, pos):
            start = m.end()
        self._clause_starts[pos] = start
        return start

    def clause_start_after(self, pos: int, floor: int) -> int:
        """``max(self.clause_start(pos), floor)``, scanning for boundaries from ``floor``
        rather than from _CLAUSE_REACH characters back where possible.

        A scan that starts at a character no boundary can contain (at or a little before
        ``floor``) finds exactly the boundaries after it that the longer scan finds; if it
        finds none, the clause starts at or before ``floor``."""
        lo = pos - _CLAUSE_REACH
        if floor <= lo or floor <= 0:
            return max(self.clause_start(pos), floor)
        low = self.lower
        sync = _OUTSIDE_BOUNDARIES.search(low, max(lo, floor - 16, 0), floor + 1)
        if sync is None:
            return max(self.clause_start(pos), floor)
        start = floor
        for m in _CLAUSE_BOUNDARY.finditer(low, sync.start(), pos):
            start = m.end()
        return max(start, floor)

    def clause_end(self, pos: int) -> int:
        """Where the clause holding ``pos`` ends (looking ahead at most _CLAUSE_REACH)."""
        m = _CLAUSE_BOUNDARY.search(self.lower, pos, min(len(self.lower), pos + _CLAUSE_REACH))
        return m.start() + 1 if m is not None else min(len(self.lower), pos + _CLAUSE_REACH)

    # -- context ------------------------------------------------------------------
    def label(self, sentence: int) -> str | None:
        if self.labels is None:
            return None
        name, prob = self.labels[sentence]
        return name if prob >= LABEL_MIN_PROB else None

    def prob(self, sentence: int, name: str) -> float:
        """The classifier's probability that ``sentence`` is ``name`` (0 without the model)."""
        if self.probs is None:
            return 0.0
        return self.probs[sentence].get(name, 0.0)

    def model_offer(self, sentence: int) -> bool:
        """Whether the classifier puts the sentence among what the candidate gets."""
        if self.probs is None:
            return False
        pb, pc = self.prob(sentence, "benefits"), self.prob(sentence, "career")
        return pb >= BENEFIT_PROB or pb + pc >= OFFER_PROB

    def has_offer_cue(self, sentence: int, pos: int) -> bool:
        key = (sentence, pos // _OFFER_REACH)
        cached = self._offer.get(key)
        if cached is None:
            s, e = self.sentences[sentence]
            s, e = max(s, pos - _OFFER_REACH), min(e, pos + _OFFER_REACH)
            cached = self.comp.offer_cues.search(self.lower, s, e) is not None
            self._offer[key] = cached
        return cached

    def context(self, sentence: int, pos: int) -> str:
        """'offer', 'duty' or 'neutral' for a hit at ``pos`` in ``sentence``.

        The classifier putting the sentence among offers decides first; then a heading
        inside the sentence; then a benefits section; then a near-certain duty or
        requirement label; then an offer cue in the sentence; then a less sure duty label;
        then a duties or requirements section.
        """
        label = self.label(sentence)
        if label in _OFFER_LABELS or self.model_offer(sentence):
            return "offer"
        i = bisect_right(self.section_starts, pos) - 1
        if i >= 0 and self.sections[i][0] > self.sentences[sentence][0]:
            # a heading inside the sentence ("... Job benefits: Free fruit"): the model read the
            # whole run-on sentence, the heading tells what this part of it is
            kind = self.sections[i][1]
            if kind == "benefits":
                return "offer"
            if kind in ("duties", "requirements") and not self.has_offer_cue(sentence, pos):
                return "duty"
        section = self.section_at(pos)
        if section == "benefits":
            return "offer"  # the advert's own heading says what follows is on offer
        if label in _DUTY_LABELS and section not in ("duties", "requirements") and self.in_offer_list(sentence):
            return "offer"  # "• Private medical cover" among "• 27 days' holiday", "• Pension": a list of offers
        if label in _DUTY_LABELS and self.labels is not None and self.labels[sentence][1] >= SURE_LABEL_PROB:
            return "duty"  # the model is sure: an offer word does not make a duty an offer
        if self.has_offer_cue(sentence, pos):
            return "offer"
        if label in _DUTY_LABELS and self.labels is not None and self.labels[sentence][1] >= DUTY_LABEL_PROB:
            return "duty"
        if section in ("duties", "requirements"):
            return "duty"
        return "neutral"

    def matches_around(self, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the matches of ``pattern`` in the window around the trigger at
        ``start``-``end`` (as :func:`_windows` makes it), found once per text: several hits
        may ask about the same ``not`` trigger."""
        key = (id(pattern), start)  # the patterns live as long as the compiled rules
        found = self._around.get(key)
        if found is None:
            low = self.lower
            ws = max(0, start - BACK)
            we = _TO_SPACE.match(low, min(len(low), end + FORWARD)).end()  # type: ignore[union-attr]
            found = self._around[key] = [m.span() for m in pattern.finditer(low, ws, we)]
        return found

    def duty_cue_before(self, start: int) -> bool:
        """Whether a duty or requirement cue comes before ``start`` in its clause."""
        found = self._duty_cues.get(start)
        if found is None:
            cs = self.clause_start_after(start, start - _CUE_LOOKBACK)
            found = self._duty_cues[start] = self.comp.duty_cues.search(self.lower, cs, start) is not None
        return found

    # -- evidence -----------------------------------------------------------------
    def evidence(self, hit: _Hit) -> Evidence:
        s, e = self.sentences[hit.sentence]
        if e - s > MAX_EVIDENCE_CHARS or not (s <= hit.start and hit.end <= e):
            s = self.clause_start_after(hit.start, hit.start - MAX_EVIDENCE_CHARS // 2)
            e = min(max(self.clause_end(hit.end), hit.end), hit.end + MAX_EVIDENCE_CHARS // 2)
            if e < hit.end:
                e = hit.end
        text = self.text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            s, e = hit.start, hit.end
        if self.inserted:
            s -= bisect_left(self.inserted, s)
            e -= bisect_left(self.inserted, e)
        return Evidence(s, e, self.original[s:e])


_TOKEN_CACHE_MAX = 50_000
#: Matches may start up to BACK characters before their trigger word and end up to FORWARD after it.
BACK, FORWARD = 60, 100


#: What a trigger token wakes up: (spec index, part, trigger, anchored patterns, floating
#: patterns, a number that identifies the entry).
_Entry = tuple[int, int, str, "re.Pattern[str] | None", "re.Pattern[str] | None", int]
#: An occurrence of a trigger: (start, end, entry).
_Occurrence = tuple[int, int, _Entry]
#: What a token wakes up, as :func:`_scan_triggers` uses it: the match/offer patterns that
#: start at the token ((spec index, part, the patterns' ``match`` method)), the entries whose
#: patterns are searched for around it, and the ``not`` patterns by spec index: (the
#: ``match`` method of those that start at the token, the longest match they can make, those
#: searched for around it).
_TokenEntries = tuple[tuple[tuple[int, int, Any], ...], tuple[_Entry, ...],
                      Mapping[int, tuple[tuple[Any, int, Any], ...]]]


def _token_entries(comp: _Compiled, token: str) -> _TokenEntries:
    """What ``token`` wakes up (see :data:`_TokenEntries`)."""
    found = list(comp.exact.get(token, ()))
    for length in comp.stem_lengths:
        if length > len(token):
            break
        found.extend(comp.stems.get(token[:length], ()))
    anchored: list[tuple[int, int, Any]] = []
    floating: list[_Entry] = []
    nots: dict[int, list[tuple[Any, Any]]] = {}
    for index, part, word in found:
        key = comp.entry_keys.setdefault((index, part, word), len(comp.entry_keys))
        entry = (index, part, word, _combo(comp, index, part, word, True),
                 _combo(comp, index, part, word, False), key)
        if part == _NOT:
            anchored_not = entry[3]
            nots.setdefault(index, []).append(
                (None if anchored_not is None else anchored_not.match,
                 0 if anchored_not is None else _max_width(comp, index, part, word), entry[4]))
            continue
        if entry[3] is not None:
            anchored.append((index, part, entry[3].match))
        if entry[4] is not None:
            floating.append(entry)
    return tuple(anchored), tuple(floating), {i: tuple(v) for i, v in nots.items()}


def _scan_triggers(doc: _Doc) -> tuple[dict[int, list[tuple[int, int, int]]], dict[int, list[_Occurrence]]]:
    """One pass over the trigger words.

    Returns, per spec index, the matches of its patterns that start at a trigger
    ((start, end, part)) and the occurrences of triggers whose patterns must be searched for
    around them. Occurrences of ``not`` triggers go to ``doc.not_occurrences`` (looked at only
    when a hit needs checking). Both are also kept as ``doc.triggers``.
    """
    comp = doc.comp
    cache = comp.token_cache
    low = doc.lower
    anchored: dict[int, list[tuple[int, int, int]]] = {}
    floating: dict[int, list[_Occurrence]] = {}
    not_occ = doc.not_occurrences
    not_starts = doc.not_starts
    for m in comp.trigger_re.finditer(low):
        token = m.group()
        entries = cache.get(token)
        if entries is None:
            entries = _token_entries(comp, token)
            if len(cache) < _TOKEN_CACHE_MAX:
                cache[token] = entries
        at_token, around, nots = entries
        if at_token:
            start = m.start()
            for index, part, match in at_token:
                hit = match(low, start)
                if hit is not None:
                    end = hit.end()
                    if end > start:
                        lst = anchored.get(index)
                        if lst is None:
                            anchored[index] = [(start, end, part)]
                        else:
                            lst.append((start, end, part))
        if around:
            start, end = m.span()
            for entry in around:
                lst2 = floating.get(entry[0])
                if lst2 is None:
                    floating[entry[0]] = [(start, end, entry)]
                else:
                    lst2.append((start, end, entry))
        if nots:
            start, end = m.span()
            not_occ.append((start, end, nots))
            not_starts.append(start)
    doc.triggers = (anchored, floating)
    return anchored, floating


def _combo(comp: _Compiled, index: int, part: int, word: str, anchored: bool) -> re.Pattern[str] | None:
    """The alternation of the patterns of one spec part that need ``word`` (compiled once)."""
    key = (index, part, word, anchored)
    try:
        return comp.combo_cache[key]
    except KeyError:
        pass
    spec_part = comp.specs[index].parts[part]
    assert spec_part is not None
    ids = (spec_part.anchored if anchored else spec_part.floating).get(word)
    try:
        pattern = _combine([spec_part.sources[i] for i in sorted(ids)], guard=False) if ids else None
    except re.error as exc:
        spec = comp.specs[index]
        raise ConfigError(f"rules/{spec.dimension}.yml: categories.{spec.name}: bad regular expression "
                          f"near {word!r}: {exc}") from None
    comp.combo_cache[key] = pattern
    return pattern


def _max_width(comp: _Compiled, index: int, part: int, word: str) -> int:
    """The longest match of the anchored patterns of one spec part that need ``word``
    (``sys.maxsize`` when unbounded), from the regex parser's own width analysis."""
    import sys
    from re import _constants

    spec_part = comp.specs[index].parts[part]
    assert spec_part is not None
    ids = spec_part.anchored.get(word) or ()
    widest = max((_parse(spec_part.sources[i]).getwidth()[1] for i in ids), default=0)
    return sys.maxsize if widest >= _constants.MAXREPEAT - 1 else widest


def _windows(doc: _Doc, occurrences: list[_Occurrence]) -> list[tuple[int, int, int, re.Pattern[str]]]:
    """(start, end, key, pattern) windows around trigger words, merged per trigger."""
    text = doc.lower
    n = len(text)
    last: dict[int, list[Any]] = {}
    out: list[list[Any]] = []
    for start, end, entry in occurrences:
        key = entry[5]
        ws, we = max(0, start - BACK), min(n, end + FORWARD)
        prev = last.get(key)
        if prev is not None and ws <= prev[1]:
            prev[1] = we
            continue
        win = [ws, we, key, entry[4]]
        last[key] = win
        out.append(win)
    # end a window only at white space, so that \b at its end means a real word end
    to_space = _TO_SPACE.match
    return [(ws, to_space(text, we).end(), key, pattern)  # type: ignore[union-attr]
            for ws, we, key, pattern in out]


def _raw_hits(doc: _Doc, anchored: list[tuple[int, int, int]], floating: list[_Occurrence]) -> list[_Hit]:
    """Pattern matches of one spec, in text order: those found at their trigger words, and
    those searched for in a window around theirs."""
    low = doc.lower
    spans: dict[tuple[int, int], int] = {}
    for start, end, part in anchored:
        spans.setdefault((start, end), part)
    if floating:
        part_of = {o[2][5]: o[2][1] for o in floating}
        for ws, we, key, pattern in _windows(doc, floating):
            part = part_of[key]
            for m in pattern.finditer(low, ws, we):
                if m.end() > m.start():
                    spans.setdefault(m.span(), part)
    sentence_of = doc.sentence_of
    return [_Hit(start, end, sentence_of(start), "match" if part == _MATCH else "offer")
            for (start, end), part in sorted(spans.items())]


def _spec_hits(doc: _Doc, index: int, anchored: Mapping[int, list[tuple[int, int, int]]],
               floating: Mapping[int, list[_Occurrence]]) -> list[_Hit]:
    """The raw hits of spec ``index`` (:func:`_raw_hits`), worked out once per text."""
    hits = doc.raw_hits.get(index)
    if hits is None:
        a_hits, f_occ = anchored.get(index), floating.get(index)
        hits = _raw_hits(doc, a_hits or [], f_occ or []) if a_hits or f_occ else []
        doc.raw_hits[index] = hits
    return hits


def _vetoed(doc: _Doc, index: int, hit: _Hit) -> bool:
    """Whether one of the spec's ``not`` patterns matches text overlapping the hit."""
    key = (index, hit.start, hit.end)
    found = doc.vetoes.get(key)
    if found is None:
        found = doc.vetoes[key] = _vetoed_at(doc, index, hit.start, hit.end)
    return found


def _vetoed_at(doc: _Doc, index: int, start: int, end: int) -> bool:
    """:func:`_vetoed` for a hit from ``start`` to ``end``, not cached."""
    spec = doc.comp.specs[index]
    low = doc.lower
    n = len(low)
    starts = doc.not_starts
    lo = bisect_left(starts, start - FORWARD - 40)
    hi = bisect_right(starts, end + BACK)
    for t_start, t_end, by_spec in doc.not_occurrences[lo:hi]:
        entries = by_spec.get(index)
        if entries is None:
            continue
        for anchored, reach, floating in entries:
            # a match that starts at the trigger overlaps the hit only if the trigger comes
            # before the hit's end and its longest possible match reaches past the hit's start
            if anchored is not None and t_start < end and t_start + reach > start:
                m = anchored(low, t_start)
                if m is not None and start < m.end():
                    return True
            if floating is not None:
                for s, e in doc.matches_around(floating, t_start, t_end):
                    if s >= end:
                        break  # the matches after it start later still
                    if start < e:
                        return True
    if spec.exclude_always is not None:
        vs = max(0, start - BACK)
        ve = _TO_SPACE.match(low, min(n, end + FORWARD)).end()  # type: ignore[union-attr]
        for m in spec.exclude_always.finditer(low, vs, ve):
            if m.start() >= end:
                break
            if start < m.end():
                return True
    return False


def _verdict(doc: _Doc, spec: _Spec, hit: _Hit) -> str:
    """"" when the hit is evidence, else why not (for :func:`explain`)."""
    if spec.needs is not None:
        s, e = doc.sentences[hit.sentence]
        s, e = max(s, hit.start - NEEDS_REACH), min(e, hit.end + NEEDS_REACH)
        if spec.needs.search(doc.lower, s, e) is None:
            return "no career word near it"
    if not spec.contextual:
        return ""
    if spec.dimension == "career_path" and doc.probs is not None:
        p = doc.prob(hit.sentence, "career") + doc.prob(hit.sentence, "benefits")
        strong = doc.comp.strong_career_words
        gate = CAREER_GATE_STRONG if strong is not None and strong.search(doc.lower, hit.start, hit.end) \
            else CAREER_GATE
        if p < gate and doc.section_at(hit.start) != "benefits" and not doc.has_offer_cue(hit.sentence, hit.start):
            return "the model says the sentence is not about what the candidate gets"
    ctx = doc.context(hit.sentence, hit.start)
    if hit.strength == "offer" and ctx != "offer":
        return f"weak word outside an offer ({ctx})"
    if hit.strength == "offer" and _in_a_name(doc.text, hit.start) \
            and doc.section_at(hit.start) != "benefits" and doc.label(hit.sentence) not in _OFFER_LABELS:
        # under a benefits heading, Title Case lists are normal ("Untracked Vacation")
        return "part of a name"
    if ctx == "duty" or doc.duty_cue_before(hit.start):
        # a sure wording is an offer whatever the sentence, and whatever cue comes before it
        # ("we support staff to relocate" after "our ability to recruit")
        if hit.strength == "match" and _sure(doc, spec, hit):
            return ""
        return "duty or requirement sentence" if ctx == "duty" else "duty or requirement cue before it"
    return ""


#: How far around a hit a ``sure`` pattern may reach (within the hit's sentence).
SURE_REACH = 60


def _sure(doc: _Doc, spec: _Spec, hit: _Hit) -> bool:
    """Whether a ``sure`` pattern of the spec matches text overlapping the hit."""
    if spec.sure is None:
        return False
    s, e = doc.sentences[hit.sentence]
    lo, hi = max(s, hit.start - SURE_REACH), min(max(e, hit.end), hit.end + SURE_REACH)
    return any(m.start() < hit.end and hit.start < m.end() for m in spec.sure.finditer(doc.lower, lo, hi))


_NAME_BEFORE = re.compile(r"[A-Z][\w'’&.-]* $")


def _in_a_name(text: str, start: int) -> bool:
    """A capitalised word right after another on the same line: "Southern Health", "Wellbeing Hub"."""
    return text[start:start + 1].isupper() and _NAME_BEFORE.search(text, max(0, start - 40), start) is not None


def _accept(doc: _Doc, spec: _Spec, hit: _Hit) -> bool:
    return not _verdict(doc, spec, hit)


def _evidence(doc: _Doc, hits: list[_Hit]) -> tuple[Evidence, ...]:
    out: dict[tuple[int, int], Evidence] = {}
    for hit in hits:
        ev = doc.evidence(hit)
        out.setdefault((ev.start, ev.end), ev)
        if len(out) >= MAX_EVIDENCE:
            break
    return tuple(out.values())


def _check_inputs(text: str, sentences: Sequence[tuple[int, int]],
                  labels: Sequence[tuple[str, float]] | None) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    n = len(text)
    for span in sentences:
        if len(span) != 2 or not (0 <= span[0] <= span[1] <= n):
            raise ValueError(f"sentence span {span!r} is outside the text (length {n})")
    if labels is not None and len(labels) != len(sentences):
        raise ValueError(f"labels has {len(labels)} entries but there are {len(sentences)} sentences")


def detect(text: str, sentences: Sequence[tuple[int, int]], *, config: Config,
           labels: Sequence[tuple[str, float]] | None = None) -> Coverage:
    """Find the benefits, career-path detail and essentials that ``text`` states.

    ``sentences`` are the (start, end) spans of the sentences or bullet lines of ``text``,
    in order; ``labels`` (optional, one per sentence) are the sentence classifier's
    ``(label, probability)``. Evidence spans index ``text``.
    """
    _check_inputs(text, sentences, labels)
    comp = _compiled()
    if not config.use_model:
        labels = None
    doc = _Doc(text, sentences, labels, comp)
    anchored, floating = _scan_triggers(doc)
    _LAST.value = (text, sentences, labels, doc, anchored, floating)
    accepted: dict[int, list[_Hit]] = {}
    for index, spec in enumerate(comp.specs):
        hits: list[_Hit] = []
        limit = 1 if spec.dimension == "essentials" else MAX_EVIDENCE
        for hit in _spec_hits(doc, index, anchored, floating):
            if _accept(doc, spec, hit) and not _vetoed(doc, index, hit):
                hits.append(hit)
                if len(hits) >= limit:
                    break
        if not hits and spec.fallback is not None:
            for m in spec.fallback.finditer(doc.text):
                hit = _Hit(m.start(), m.end(), doc.sentence_of(m.start()), "fallback")
                if _accept(doc, spec, hit) and not _vetoed(doc, index, hit):
                    hits.append(hit)
                    break
        accepted[index] = hits
    _apply_labels(doc, comp, accepted)
    benefits: dict[str, CategoryCoverage] = {}
    essentials: dict[str, CategoryCoverage] = {}
    career_hits: dict[str, list[_Hit]] = {}
    for index, spec in enumerate(comp.specs):
        hits = accepted[index]
        if spec.dimension == "benefits":
            benefits[spec.name] = CategoryCoverage(bool(hits), _evidence(doc, hits))
        elif spec.dimension == "essentials":
            essentials[spec.name] = CategoryCoverage(bool(hits), _evidence(doc, hits))
        elif hits:
            career_hits[spec.name] = hits
    elements = tuple(e for e in CAREER_ELEMENTS if e in career_hits)
    if elements:
        level = 2
        chosen = sorted((h for e in elements for h in career_hits[e]), key=lambda h: h.start)
    elif "generic" in career_hits:
        level = 1
        chosen = career_hits["generic"]
    else:
        level, chosen = 0, []
    career = CareerPath(level, elements, _evidence(doc, chosen))
    return Coverage(benefits=benefits, career_path=career, essentials=essentials)


#: The last call's analysis per thread, so that :func:`extra_findings` on the same text and
#: sentences (the engine calls it right after :func:`detect`) does not scan again.
_LAST = threading.local()


def _analysis(text: str, sentences: Sequence[tuple[int, int]], labels: Any
              ) -> tuple[_Doc, dict[int, list[tuple[int, int, int]]], dict[int, list[_Occurrence]]]:
    last = getattr(_LAST, "value", None)
    if last is not None and last[0] is text and last[1] is sentences and last[2] is labels:
        return last[3], last[4], last[5]
    doc = _Doc(text, sentences, labels, _compiled())
    anchored, floating = _scan_triggers(doc)
    _LAST.value = (text, sentences, labels, doc, anchored, floating)
    return doc, anchored, floating


#: Sections and model labels that make a benefit look hidden among duties and requirements.
_HIDING_SECTIONS = ("requirements", "duties")
_HIDING_LABELS = ("requirements", "role")


def extra_findings(text: str, sentences: Sequence[tuple[int, int]], *, config: Config,
                   labels: Sequence[tuple[str, float]] | None = None,
                   sector: str | None = None) -> list[Finding]:
    """Findings about where the benefits are, rather than which ones.

    * ``benefits.hidden-in-requirements``: the advert has no benefits section (no heading
      such as "Benefits" or "What we offer") and a benefit is named among the duties or
      requirements: under such a heading or, with the model, between two sentences it
      labels as duties or requirements. The span is the first such sentence.
    * ``benefits.no-section``: no benefits section and no benefit anywhere (no evidence of
      any category, and no sentence the model puts among benefits). Empty span at the end.

    Neither carries points: the missing-category findings already say what adding a
    benefit is worth, and moving one does not change the coverage score.
    """
    _check_inputs(text, sentences, labels)
    if not config.use_model:
        labels = None
    want_hidden = not config.is_disabled("benefits.hidden-in-requirements")
    want_none = not config.is_disabled("benefits.no-section")
    if not (want_hidden or want_none):
        return []
    doc, anchored, floating = _analysis(text, sentences, labels)
    if any(kind == "benefits" for _, kind in doc.sections):
        return []
    comp = doc.comp
    hidden: _Hit | None = None
    found_any = False
    for index, spec in enumerate(comp.specs):
        if spec.dimension != "benefits":
            continue
        for hit in _spec_hits(doc, index, anchored, floating):
            if found_any and hidden is not None and hit.start >= hidden.start:
                break
            if _vetoed(doc, index, hit) or doc.duty_cue_before(hit.start):
                continue
            if not found_any and _accept(doc, spec, hit):
                found_any = True
            if hit.strength == "match" and (hidden is None or hit.start < hidden.start) \
                    and _hiding(doc, hit):
                hidden = hit
    if hidden is not None and want_hidden:
        s, e = doc.sentences[hidden.sentence]
        s -= bisect_left(doc.inserted, s)
        e -= bisect_left(doc.inserted, e)
        return [_finding("benefits.hidden-in-requirements", s, text, 0.0, end=e)]
    if want_none and not found_any and hidden is None:
        if not any(doc.prob(k, "benefits") >= BENEFIT_PROB for k in range(len(doc.sentences))):
            return [_finding("benefits.no-section", len(text), text, 0.0,
                             sector=sector or _sector.resolve(config.sector, text))]
    return []


#: A bullet at the start of a line.
_BULLET_LINE = re.compile(rf"[ \t]*(?:[{re.escape(''.join(sorted(BULLET_CHARS)))}]|\d{{1,2}}[.)])[ \t]+")
#: An offer list needs this many items with a benefit, of at least OFFER_LIST_CATEGORIES kinds.
OFFER_LIST_ITEMS = 3
OFFER_LIST_CATEGORIES = 2


def _offer_lists(doc: _Doc) -> frozenset[int]:
    """The sentences of bulleted lists that are lists of benefits: runs of bullet lines of
    which at least :data:`OFFER_LIST_ITEMS` name a benefit (a full match, not vetoed, no
    duty cue before it) and at least :data:`OFFER_LIST_CATEGORIES` kinds of benefit among
    them. The classifier reads short items alone ("• Private medical cover", "• Life
    insurance") and often takes them for requirements; the list they stand in says what
    they are."""
    if doc.triggers is None:
        return frozenset()
    runs: list[list[int]] = []
    run: list[int] = []
    for k in range(len(doc.sentences)):
        if doc.starts_bullet_line(k):
            run.append(k)
            continue
        if len(run) >= OFFER_LIST_ITEMS:
            runs.append(run)
        run = []
    if len(run) >= OFFER_LIST_ITEMS:
        runs.append(run)
    if not runs:
        return frozenset()
    run_of = {k: r for r, items in enumerate(runs) for k in items}
    anchored, floating = doc.triggers
    kinds: dict[int, set[str]] = {}
    for index, spec in enumerate(doc.comp.specs):
        if spec.dimension != "benefits":
            continue
        for hit in _spec_hits(doc, index, anchored, floating):
            if hit.sentence in run_of and hit.strength == "match" and spec.name not in kinds.get(hit.sentence, ()) \
                    and not _vetoed(doc, index, hit) and not doc.duty_cue_before(hit.start):
                kinds.setdefault(hit.sentence, set()).add(spec.name)
    out: set[int] = set()
    for items in runs:
        named = [k for k in items if k in kinds]
        if len(named) >= OFFER_LIST_ITEMS and len(set().union(*(kinds[k] for k in named))) >= OFFER_LIST_CATEGORIES:
            out.update(items)
    return frozenset(out)


def _hiding(doc: _Doc, hit: _Hit) -> bool:
    """Whether a benefit sits among duties or requirements (by heading, else by the model)."""
    if doc.section_at(hit.start) in _HIDING_SECTIONS:
        return True
    if doc.labels is None or doc.in_offer_list(hit.sentence):
        return False
    k, n = hit.sentence, len(doc.sentences)
    neighbours = [j for j in (k - 1, k + 1) if 0 <= j < n]
    return len(neighbours) == 2 and all(doc.label(j) in _HIDING_LABELS for j in neighbours)


def explain(text: str, sentences: Sequence[tuple[int, int]], *, config: Config,
            labels: Sequence[tuple[str, float]] | None = None) -> list[dict[str, Any]]:
    """Every pattern match and what became of it: a debugging aid (scripts/coverage_probe.py).

    One dict per match: ``dimension``, ``name``, ``start``/``end`` (in ``text``), ``match``
    (the matched text), ``strength`` ("match", "offer" or "fallback") and ``verdict``
    ("" when it counts, else the reason it does not).
    """
    _check_inputs(text, sentences, labels)
    comp = _compiled()
    doc = _Doc(text, sentences, labels if config.use_model else None, comp)
    out = []
    anchored, floating = _scan_triggers(doc)
    for index, spec in enumerate(comp.specs):
        hits = _raw_hits(doc, anchored.get(index) or [], floating.get(index) or [])
        if spec.fallback is not None:
            hits += [_Hit(m.start(), m.end(), doc.sentence_of(m.start()), "fallback")
                     for m in spec.fallback.finditer(doc.text)]
        for hit in hits:
            verdict = "vetoed by a not-pattern" if _vetoed(doc, index, hit) else _verdict(doc, spec, hit)
            s = hit.start - bisect_left(doc.inserted, hit.start)
            e = hit.end - bisect_left(doc.inserted, hit.end)
            out.append({"dimension": spec.dimension, "name": spec.name, "start": s, "end": e,
                        "match": text[s:e], "strength": hit.strength, "verdict": verdict})
    return out


def _apply_labels(doc: _Doc, comp: _Compiled, accepted: dict[int, list[_Hit]]) -> None:
    """Sentences the classifier is sure about, where the patterns found nothing."""
    if doc.labels is None:
        return
    career_idx = [i for i, s in enumerate(comp.specs) if s.dimension == "career_path"]
    if not any(accepted[i] for i in career_idx):
        generic = next(i for i in career_idx if comp.specs[i].name == "generic")
        words = comp.career_words
        for k, (name, prob) in enumerate(doc.labels):
            s, e = doc.sentences[k]
            if e <= s:
                continue
            sure = name == "career" and prob >= CAREER_LABEL_PROB
            if not sure and doc.prob(k, "career") >= CAREER_WORD_PROB and words is not None:
                m = words.search(doc.lower, s, e)
                sure = m is not None and not doc.duty_cue_before(m.start())
            if sure and not doc.duty_cue_before(s):
                accepted[generic].append(_Hit(s, e, k, "label"))
                if len(accepted[generic]) >= MAX_EVIDENCE:
                    break
    apply_idx = next(i for i, s in enumerate(comp.specs)
                     if s.dimension == "essentials" and s.name == "how_to_apply")
    if not accepted[apply_idx] and comp.apply_words is not None:
        for k, (name, prob) in enumerate(doc.labels):
            if name == "apply" and prob >= CAREER_LABEL_PROB:
                s, e = doc.sentences[k]
                m = comp.apply_words.search(doc.lower, s, e)
                if m is not None:
                    accepted[apply_idx].append(_Hit(m.start(), m.end(), k, "label"))


# ---------------------------------------------------------------------------
# Scores and findings
# ---------------------------------------------------------------------------


#: What the last configs' params give: id(config) -> (config, {key: value}), the weights
#: under (dimension, names) and the career-path params under ("career_path.missing", ());
#: the config is kept so that its id cannot be reused while the entry lives.
_WEIGHTS: dict[int, tuple[Config, dict[tuple[str, tuple[str, ...]], Any]]] = {}


def _per_config(config: Config) -> dict[tuple[str, tuple[str, ...]], Any]:
    """The cache of :data:`_WEIGHTS` for ``config`` (a new one for a config not seen lately)."""
    entry = _WEIGHTS.get(id(config))
    if entry is None or entry[0] is not config:
        if len(_WEIGHTS) >= 16:
            _WEIGHTS.clear()
        entry = _WEIGHTS[id(config)] = (config, {})
    return entry[1]


def _weights(config: Config, dimension: str, names: Sequence[str], prefix: str) -> dict[str, float]:
    cache = _per_config(config)
    key = (dimension, tuple(names))
    found = cache.get(key)
    if found is None:
        found = cache[key] = _weights_uncached(config, dimension, names, prefix)
    return dict(found)


def _weights_uncached(config: Config, dimension: str, names: Sequence[str], prefix: str) -> dict[str, float]:
    specs = {s.name: s for s in _compiled().specs if s.dimension == dimension}
    out = {}
    for name in names:
        value = config.param(f"{prefix}{name}", "weight", specs[name].weight)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"params: {prefix}{name}: weight must be a number >= 0")
        out[name] = float(value)
    return out


def _career_params(config: Config) -> tuple[float, float, float]:
    """``generic``, ``specific`` and ``per_extra_element`` of ``career_path.missing`` (kept
    per config, like the weights)."""
    cache = _per_config(config)
    key = ("career_path.missing", ())
    found = cache.get(key)
    if found is None:
        found = cache[key] = _career_params_uncached(config)
    return found


def _career_params_uncached(config: Config) -> tuple[float, float, float]:
    values = []
    for name, default in (("generic", 40), ("specific", 70), ("per_extra_element", 10)):
        value = config.param("career_path.missing", name, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
            raise ConfigError(f"params: career_path.missing: {name} must be a number from 0 to 100")
        values.append(float(value))
    return values[0], values[1], values[2]


def _career_score(level: int, n_elements: int, config: Config) -> float:
    generic, specific, extra = _career_params(config)
    if level <= 0:
        return 0.0
    if level == 1:
        return generic
    return min(100.0, specific + extra * max(0, n_elements - 1))


def coverage_scores(coverage: Coverage, config: Config) -> dict[str, float]:
    """The benefits, career-path and essentials scores (0-100); see the module docstring."""
    required = tuple(dict.fromkeys(config.require_benefits))
    bw = _weights(config, "benefits", required, "benefits.missing-")
    total = sum(bw.values())
    if total > 0:
        got = sum(w for c, w in bw.items() if coverage.benefits.get(c) and coverage.benefits[c].found)
        benefits = 100.0 * got / total
    else:
        benefits = 100.0
    ew = _weights(config, "essentials", ESSENTIALS, "essentials.missing-")
    etotal = sum(ew.values())
    if etotal > 0:
        got = sum(w for c, w in ew.items() if coverage.essentials.get(c) and coverage.essentials[c].found)
        essentials = 100.0 * got / etotal
    else:
        essentials = 100.0
    cp = coverage.career_path
    return {
        "benefits": round(benefits, 2),
        "career_path": round(_career_score(cp.level, len(cp.elements), config), 2),
        "essentials": round(essentials, 2),
    }


def _vague_salary_matches(text: str) -> Iterator[tuple[int, int]]:
    """Spans of vague pay words in ``text``, in order, found as they are asked for."""
    pattern = _compiled().vague_salary
    if pattern is None:
        return
    for m in pattern.finditer(_lower(text)):
        if m.end() > m.start():
            yield m.span()


def vague_salary_spans(text: str) -> list[tuple[int, int]]:
    """Spans of vague pay words ("competitive salary", "negotiable", "DOE") in ``text``."""
    return list(_vague_salary_matches(text))


def _first_vague_salary(text: str) -> tuple[int, int] | None:
    """The first of :func:`vague_salary_spans`, without looking further."""
    return next(_vague_salary_matches(text), None)


#: (rule id, sector, match) -> (rule, suggestions, message) of the findings made so far: the
#: same few are made for most adverts. Emptied when it reaches _FINDING_PARTS_MAX entries.
_FINDING_PARTS: dict[tuple[str, str | None, str], tuple[Any, tuple[str, ...], str]] = {}
_FINDING_PARTS_MAX = 4096


def _finding(rule_id: str, start: int, text: str, points: float, end: int | None = None,
             match: str = "", sector: str | None = None) -> Finding:
    rule = rule_by_id(rule_id)
    end = start if end is None else end
    key = (rule_id, sector, match)
    parts = _FINDING_PARTS.get(key)
    if parts is None or parts[0] is not rule:
        suggestions = rule.suggestions_for(sector)
        suggestion = suggestions[0] if suggestions else ""
        if len(_FINDING_PARTS) >= _FINDING_PARTS_MAX:
            _FINDING_PARTS.clear()
        parts = _FINDING_PARTS[key] = (rule, suggestions, rule.render(match=match, suggestion=suggestion))
    _, suggestions, message = parts
    return Finding(
        rule_id=rule_id,
        dimension=rule.dimension,
        start=start,
        end=end,
        text=text[start:end],
        message=message,
        why=rule.why,
        suggestions=suggestions,
        severity=rule.severity,
        fixable=False,
        points=round(points, 2),
        link=rule.link,
    )


def missing_findings(coverage: Coverage, text: str, config: Config, *, sector: str | None = None
                     ) -> list[Finding]:
    """One finding per missing required benefit, missing essential and thin career path.

    Their example rewrites put those of the advert's sector first (``sector``, else
    :func:`advert_assistant.sector.resolve` of ``config.sector``).

    Findings about something missing have an empty span at the end of the text. When the
    salary is missing but the advert uses vague pay words, one ``essentials.vague-salary``
    finding on the first of them takes the place of ``essentials.missing-salary``.
    """
    sector = sector or _sector.resolve(config.sector, text)
    end = len(text)
    out: list[Finding] = []
    required = tuple(dict.fromkeys(config.require_benefits))
    bw = _weights(config, "benefits", required, "benefits.missing-")
    btotal = sum(bw.values())
    for cat in required:
        cov = coverage.benefits.get(cat)
        rule_id = f"benefits.missing-{cat}"
        if (cov is None or not cov.found) and not config.is_disabled(rule_id):
            points = 100.0 * bw[cat] / btotal if btotal > 0 else 0.0
            out.append(_finding(rule_id, end, text, points, sector=sector))
    cp = coverage.career_path
    generic, specific, _ = _career_params(config)
    if cp.level <= 0 and not config.is_disabled("career_path.missing"):
        out.append(_finding("career_path.missing", end, text, specific, sector=sector))
    elif cp.level == 1 and not config.is_disabled("career_path.generic-only"):
        out.append(_finding("career_path.generic-only", end, text, max(0.0, specific - generic),
                            sector=sector))
    ew = _weights(config, "essentials", ESSENTIALS, "essentials.missing-")
    etotal = sum(ew.values())
    for name in ESSENTIALS:
        cov = coverage.essentials.get(name)
        if cov is not None and cov.found:
            continue
        points = 100.0 * ew[name] / etotal if etotal > 0 else 0.0
        if name == "salary" and not config.is_disabled("essentials.vague-salary"):
            first = _first_vague_salary(text)
            if first is not None:
                s, e = first
                out.append(_finding("essentials.vague-salary", s, text, points, end=e, match=text[s:e],
                                    sector=sector))
                continue
        rule_id = f"essentials.missing-{name}"
        if not config.is_disabled(rule_id):
            out.append(_finding(rule_id, end, text, points, sector=sector))
    return out
