"""Apply suggested rewrites to an advert.

The web page ("Accept selected", "Accept all") and ``advert-assistant rewrite FILE`` both
come here. A :class:`~advert_assistant.types.Finding` with ``fixable=True`` carries a
drop-in replacement for its span as ``suggestions[0]``; applying it is more than a
string splice, so this module also

* keeps the capitalisation of what it replaces ("Leverage" -> "Use", "LEVERAGE" -> "USE");
* fixes "a"/"an" before the new words ("an innovative role" -> "a new role");
* never leaves double spaces, a space before punctuation or ", ," after a deletion
  (an empty suggestion deletes the words), and capitalises the word that moves to the
  start of a sentence;
* turns "the successful candidate will" into "you will" and makes the rest of that
  sentence agree: "The post holder leads the team and manages..." -> "You lead the team
  and manage...", "he or she", "his/her", "they", "their" -> "you", "your" where they
  can only refer back to the candidate;
* splits an over-long sentence at a clause boundary near its middle
  (:func:`split_sentence`).

Everything is deterministic: the same text and findings give the same result. Offsets in
:class:`Edit` refer to the text the findings were made on (``report.text``).

>>> from advert_assistant.types import Finding
>>> text = "Leverage our data in an innovative way."
>>> fixes = [Finding("jargon.x", "jargon", 0, 8, "Leverage", "m", "w", ("use",), fixable=True),
...          Finding("jargon.y", "jargon", 24, 34, "innovative", "m", "w", ("new",), fixable=True)]
>>> apply_findings(text, fixes).text
'Use our data in a new way.'
>>> split_sentence("You will run the front desk and answer the phones for the whole surgery, "
...                "and you will also look after the records of our thousand or so patients.", 20)
'You will run the front desk and answer the phones for the whole surgery. You will also look after the records of our thousand or so patients.'
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Iterable, Mapping, Sequence

from .inflect import base_of_s, fix_article, match_case
from .types import Finding

__all__ = [
    "Edit",
    "RewriteResult",
    "apply_findings",
    "apply_finding",
    "applied_findings",
    "rewrite",
    "split_sentence",
    "diff",
    "THIRD_PERSON",
    "LONG_SENTENCE",
    "MAX_ROUNDS",
]

THIRD_PERSON = "clarity.third-person"
LONG_SENTENCE = "clarity.long-sentence"
#: Sentence length (words) that :func:`split_sentence` aims under, as the rule's default.
DEFAULT_MAX_WORDS = 25
#: :func:`rewrite` assesses and rewrites at most this many times.
MAX_ROUNDS = 3


@dataclass(frozen=True)
class Edit:
    """One change: ``old`` (``original[start:end]``) became ``new``."""

    start: int
    end: int
    old: str
    new: str
    rule_id: str


@dataclass(frozen=True)
class RewriteResult:
    """The rewritten text and its edits, in order, with offsets into the original text."""

    text: str
    edits: tuple[Edit, ...]


# ====================================================================== the draft
#
# A draft is the original text cut into segments: unchanged ones (still the original
# characters) and changed ones (original span -> new text). Every change is made in
# *current* coordinates and merges whatever segments it touches, so edits made on top
# of edits (agreement after a replacement, a tidy-up across two replacements, a second
# round of rewrites) always map back to the original text.


class _Seg:
    __slots__ = ("start", "end", "new", "rule", "changed")

    def __init__(self, start: int, end: int, new: str, rule: str | None, changed: bool):
        self.start, self.end, self.new, self.rule, self.changed = start, end, new, rule, changed


class _Draft:
    def __init__(self, original: str):
        self.original = original
        self.text = original
        self.segs: list[_Seg] = [_Seg(0, len(original), original, None, False)] if original else []

    def copy(self) -> "_Draft":
        other = _Draft.__new__(_Draft)
        other.original, other.text = self.original, self.text
        other.segs = [_Seg(s.start, s.end, s.new, s.rule, s.changed) for s in self.segs]
        return other

    def replace_many(self, edits: Sequence[tuple[int, int, str, str]]) -> None:
        """Make many replacements at once: ``edits`` are (start, end, new, rule) in current
        coordinates, in order and not overlapping. Linear in the number of segments."""
        if not edits:
            return
        starts = list(accumulate((len(s.new) for s in self.segs), initial=0))
        hi = len(self.segs)
        prev = len(self.text) + 1
        for a, b, new, rule in reversed(edits):
            if not 0 <= a <= b <= len(self.text) or b > prev:
                raise ValueError(f"edit {a}:{b} is outside the text or overlaps the next one")
            prev = a
            lo = max(0, bisect.bisect_left(starts, a, 0, hi) - 1)
            hi = self._splice(a, b, new, rule, lo, hi, starts) + 1
        self.text = "".join(s.new for s in self.segs)

    def _splice(self, a: int, b: int, new: str, rule: str, lo: int, hi: int, starts: list[int]) -> int:
        """Replace ``[a, b)`` looking only at segments ``lo``..``hi - 1``; keeps ``starts``
        right for every index up to the new segment (later ones go stale) and returns the
        index of the new segment."""
        touched: list[int] = []
        insert_at = None
        for i in range(lo, hi):
            pos = starts[i]
            if pos > b:
                break
            s = self.segs[i]
            n = len(s.new)
            if n:
                hit = (pos < b and pos + n > a) if a < b else (pos < a < pos + n)
            else:
                hit = s.changed and a <= pos <= b
            if hit:
                touched.append(i)
            elif a == b and pos == a and insert_at is None and not touched:
                insert_at = i
        if not touched:
            # a pure insertion at a boundary between segments (or into an empty text)
            idx = insert_at if insert_at is not None else hi
            at = self.segs[idx - 1].end if idx > 0 else 0
            seg = _Seg(at, at, new, rule, True)
            self.segs.insert(idx, seg)
            starts.insert(idx, a)
            return idx
        i0, i1 = touched[0], touched[-1]
        first, last = self.segs[i0], self.segs[i1]
        p_first, p_last = starts[i0], starts[i1]
        pieces: list[_Seg] = []
        if first.changed:
            prefix, m_start = first.new[: max(0, a - p_first)], first.start
        else:
            k = max(0, a - p_first)
            if k:
                pieces.append(_Seg(first.start, first.start + k, self.original[first.start:first.start + k],
                                   None, False))
            prefix, m_start = "", first.start + k
        if last.changed:
            suffix, m_end = last.new[max(0, b - p_last):], last.end
            right = None
        else:
            k = min(len(last.new), max(0, b - p_last))
            m_end = last.start + k
            suffix = ""
            right = _Seg(m_end, last.end, self.original[m_end:last.end], None, False) if m_end < last.end else None
        # the edit belongs to the rule of the words it changes; a deletion next to it
        # (an empty segment) does not claim it
        rules = [self.segs[i].rule for i in touched if self.segs[i].changed and self.segs[i].rule
                 and self.segs[i].new]
        merged = _Seg(m_start, m_end, prefix + new + suffix, rules[0] if rules else rule, True)
        pieces.append(merged)
        if right is not None:
            pieces.append(right)
        self.segs[i0:i1 + 1] = pieces
        new_starts = [p_first]
        for piece in pieces[:-1]:
            new_starts.append(new_starts[-1] + len(piece.new))
        starts[i0:i1 + 1] = new_starts
        return i0 + len(pieces) - 1

    def edits(self) -> tuple[Edit, ...]:
        out = []
        for s in self.segs:
            if s.changed:
                old = self.original[s.start:s.end]
                if s.new != old:
                    out.append(Edit(s.start, s.end, old, s.new, s.rule or ""))
        return tuple(out)

    def result(self) -> RewriteResult:
        return RewriteResult(self.text, self.edits())


# ====================================================================== words and sentences

_WORD_COUNT = re.compile(r"[A-Za-z0-9]+")
_TOKEN = re.compile(r"\(s\)he|[A-Za-z]+(?:['’][A-Za-z]+)*(?:/[A-Za-z]+)*|[^\sA-Za-z]")
# Where a sentence ends inside a text: . ! ? (then closing quotes/brackets) and white
# space or the end; or a line break.
_SENT_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s|$)|\n""")
_BULLET_CHARS = "-•*–·▪●◦‣>+"
_OPENERS = " \t\"'“‘(["


def _sentence_bounds(text: str, pos: int, end: int | None = None) -> tuple[int, int]:
    """The sentence (or bullet line) around ``text[pos:end]``."""
    end = pos if end is None else end
    start = 0
    for m in _SENT_END.finditer(text, max(0, pos - 2000), pos):
        if m.end() <= pos:
            start = m.end()
    m = _SENT_END.search(text, end)
    return start, (m.start() if m else len(text))


def _at_sentence_start(text: str, pos: int) -> bool:
    """Whether ``text[pos]`` begins a sentence, line, bullet or header value."""
    i = pos
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i == 0:
        return True
    c = text[i - 1]
    if c in "\n\r.!?:…":
        return True
    if c in _BULLET_CHARS:
        j = i - 1
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        return j == 0 or text[j - 1] in "\n\r"
    return False


# ====================================================================== splitting sentences

_AUX = frozenset("""
    will would can could may might must shall should is are was were has have had do does did
    am won't wouldn't can't couldn't mustn't shouldn't isn't aren't wasn't weren't hasn't haven't
    doesn't don't didn't
""".split())
_COMMON_VERBS = frozenset("""
    offers provides includes gives helps supports means covers allows makes takes requires runs
    sits manages delivers owns uses brings builds ensures expects wants plays spans focuses holds
    operates serves sets works looks comes goes keeps lets gets grows becomes remains continues
    believes aims employs invests cares values welcomes encourages pays matches funds
""".split())
_SUBJECTS = frozenset("you we they i he she it".split())
_DEMONSTRATIVES = frozenset("this these those that".split())
_DETERMINERS = frozenset("the our your their its a an each every all some many most no any his her".split())
_NOT_AFTER_SUBJECT = frozenset("""
    to about for with in on at from of and or as too both all the a an who that into by through
    across within like than
""".split())
_MIN_PART = 4


def _tokens_lower(text: str, limit: int = 8) -> list[str]:
    out = []
    for m in _TOKEN.finditer(text):
        out.append(m.group(0).lower())
        if len(out) >= limit:
            break
    return out


def _is_finite_verb(word: str) -> bool:
    return word in _AUX or word in _COMMON_VERBS


def _verb_within(toks: list[str], lo: int, hi: int) -> bool:
    for k in range(lo, min(hi, len(toks))):
        w = toks[k]
        if not w[0].isalpha():
            return False
        if _is_finite_verb(w):
            return True
    return False


_PLURAL_VERBS = frozenset("are were have aren't weren't haven't".split())
_SINGULAR_VERBS = frozenset("is was has does isn't wasn't hasn't doesn't".split())


def _has_clause(text: str) -> bool:
    """Whether ``text`` has a subject or a finite verb of its own (is not just a list of
    nouns, as in "attention to detail, strong skills and a hard-working manner will...")."""
    return any(t in _SUBJECTS or _is_finite_verb(t) for t in _tokens_lower(text, 400))


def _starts_clause(after: str, *, bare: bool = False) -> bool:
    """Whether ``after`` starts an independent clause (has its own subject and verb).

    After a bare " and " (no comma) only a pronoun subject counts ("... and you will"):
    "skills and a hard-working manner will" is one subject, not two clauses."""
    toks = _tokens_lower(after)
    if not toks:
        return False
    if toks[:3] in (["he", "or", "she"], ["she", "or", "he"]) or toks[0] in ("he/she", "she/he", "s/he", "(s)he"):
        toks = ["he"] + toks[3 if toks[1:2] == ["or"] else 1:]
    w0 = toks[0]
    if re.match(r"(you|we|they|i|he|she|it)['’](ll|re|ve|d|s|m)$", w0):
        return True
    nxt = toks[1] if len(toks) > 1 else ""
    if w0 in _SUBJECTS:
        return bool(nxt) and nxt[0].isalpha() and nxt not in _NOT_AFTER_SUBJECT
    if w0 == "there":
        return nxt in _AUX
    if w0 in _DEMONSTRATIVES:
        # "that is why..." but not the relative "that are led by..." or "that you are..."
        k = next((i for i in range(1, min(len(toks), 2 if bare else 5)) if _is_finite_verb(toks[i])), None)
        if k is None or any(not t[0].isalpha() for t in toks[1:k]):
            return False
        if w0 in ("this", "that") and toks[k] in _PLURAL_VERBS:
            return False
        return not (w0 in ("these", "those") and toks[k] in _SINGULAR_VERBS)
    if bare:
        return False
    if w0 in _DETERMINERS:
        return _verb_within(toks, 2, 6)
    first = after.lstrip()[:1]
    if first.isupper():
        return _verb_within(toks, 1, 4)  # "..., and Sam will show you round"
    return False


_BOUNDARY = re.compile(
    r";[ \t]+"
    r"|,[ \t]+(?P<conj>and|but|which|while|whilst|so[ \t]+that|so)[ \t]+"
    r"|[ \t]+(?P<bare>and)[ \t]+",
    re.IGNORECASE,
)


def _enclosed(before: str) -> bool:
    """Whether the end of ``before`` is inside brackets or quotation marks."""
    depth = before.count("(") - before.count(")") + before.count("[") - before.count("]")
    if depth > 0:
        return True
    if before.count("“") > before.count("”"):
        return True
    return before.count('"') % 2 == 1


# A clause these open runs to the next comma: "If you think you have the skills and you
# want to join us, apply" is not split at "and".
_SUBORDINATOR = re.compile(
    r"\b(?:if|unless|when|whenever|once|as\s+soon\s+as|provided|providing|whether|although|though|because|"
    r"while|whilst|until|before|after|since)\b", re.I)


# What ends a subordinate clause: a comma, a dash between words, or the "then"/"please"
# that starts the main clause ("If you love food then let's talk").
_CLAUSE_CLOSER = re.compile(r"[,;:]|\s[-–—]\s|\b(?:then|please)\b", re.I)


def _open_subordinate(before: str, *, bare: bool) -> bool:
    """Whether ``before`` ends inside a subordinate clause no comma has closed yet.

    One that opens the stretch since the last comma ("If you think you have the skills
    and you want...") runs on past any boundary; one after a main clause ("...the first
    person patients speak to when they call, and you will...") is closed by the boundary's
    own comma, so only a bare "and" is inside it ("as soon as you can move and you have
    been approved"). A subordinator with no clause after it is a preposition or an
    adverb ("look after the buses", "at once")."""
    segment = _CLAUSE_CLOSER.split(before)[-1]
    for sub in _SUBORDINATOR.finditer(segment):
        if not _has_clause(re.split(r"\s(?:and|or)\s", segment[sub.end():], maxsplit=1)[0]):
            continue
        if bare or not segment[:sub.start()].strip():
            return True
    return False


_RELATIVE = re.compile(r"\W*(?:which|who|whom|whose|that)\b", re.IGNORECASE)
_THAT_IS_WHY = re.compile(r"\W*that(?:['’]s|\s+is|\s+was|\s+means)\s+(?:why|how|what|because|where|when|the)\b",
                          re.IGNORECASE)


def _continues_relative(before: str, after: str) -> bool:
    """Whether "and" joins a second relative clause to a first ("a company that is open and
    that supports good causes"): a relative pronoun after it, and for "that" one before it."""
    m = _RELATIVE.match(after)
    if m is None:
        return False
    if not m.group(0).strip().lower().endswith("that"):
        return True
    if _THAT_IS_WHY.match(after):
        return False  # "that is why": "that" is the point just made
    return re.search(r"\b(?:that|which|who)\b", before, re.IGNORECASE) is not None


def _boundary_edit(sentence: str, m: re.Match[str]) -> tuple[int, int, str] | None:
    """The edit that ends a sentence at boundary ``m``, or None if it is not a clause break."""
    before, after = sentence[: m.start()], sentence[m.end():]
    if _enclosed(before) or not before.strip() or before.rstrip()[-1:] in ",;:-–(":
        return None
    if _open_subordinate(before, bare=bool(m.group("bare"))):
        return None
    conj = (m.group("conj") or m.group("bare") or "").lower()
    conj = " ".join(conj.split())
    if conj == "and" and _continues_relative(before, after):
        return None
    if conj == "but" and re.search(r"\bnot\s+(?:only|just|merely|simply)\b", before, re.I):
        return None  # "not only ..., but (also) ...": one sentence
    if m.group("bare") or conj == "and":
        prev = re.search(r"([A-Za-z][\w&.'’-]*)\W*$", before)
        nxt = re.match(r"\W*([A-Za-z][\w&.'’-]*)", after)
        if (prev and nxt and prev.group(1)[0].isupper() and nxt.group(1)[0].isupper()
                and nxt.group(1) != "I" and (nxt.group(1).lower() not in _SUBJECTS or nxt.group(1).isupper())):
            return None  # "with Legal and IT but...": two names, not two clauses
    if conj == "which":
        toks = _tokens_lower(after, 2)
        if not toks:
            return None
        verb = toks[0]
        if not (verb in _AUX or (verb.endswith("s") and len(verb) > 3 and not verb.endswith("ss"))):
            return None  # "..., which you will manage" is not a clause we can stand alone
        lead = "These " if verb in ("are", "were", "have", "aren't", "weren't", "haven't") else "This "
        return m.start(), m.end(), ". " + lead
    if not _starts_clause(after, bare=bool(m.group("bare"))) or not _has_clause(before):
        return None
    if conj == "but":
        return m.start(), m.end(), ". But "
    if conj in ("so", "so that"):
        nxt = _tokens_lower(after, 1)
        if nxt and nxt[0] in ("this", "that", "it", "there", "these", "those"):
            return m.start(), m.end(), ". So "  # not "This means this is..."
        return m.start(), m.end(), ". This means "
    return m.start(), m.end(), ". "


def _split_edits(sentence: str, max_words: int, offset: int = 0, depth: int = 0) -> list[tuple[int, int, str]]:
    """Edits (start, end, new) that split ``sentence`` into pieces of at most ``max_words``.

    The boundaries are tried nearest the middle first (by words on either side; the earlier
    one on a tie), and the first that ends a clause is taken. A boundary never cuts a word,
    so the words on either side are counted from the word spans found once."""
    spans = [m.span() for m in _WORD_COUNT.finditer(sentence)]
    total = len(spans)
    if total <= max_words or depth > 4:
        return []
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    candidates = []
    for m in _BOUNDARY.finditer(sentence):
        words_before = bisect.bisect_right(ends, m.start())
        words_after = total - bisect.bisect_left(starts, m.end())
        if words_before < _MIN_PART or words_after < _MIN_PART:
            continue
        candidates.append((abs(words_before - words_after), m.start(), m))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for _score, _start, m in candidates:
        edit = _boundary_edit(sentence, m)
        if edit is not None:
            break
    else:
        return []
    a, b, new = edit
    left = _split_edits(sentence[:a], max_words, offset, depth + 1)
    right = _split_edits(sentence[b:], max_words, offset + b, depth + 1)
    return left + [(offset + a, offset + b, new)] + right


def split_sentence(sentence: str, max_words: int = DEFAULT_MAX_WORDS) -> str:
    """Split a sentence of more than ``max_words`` words at clause boundaries.

    The break goes at the boundary nearest the middle, and each half is split again
    while it is still too long: before "; ", ", and ", ", but ", ", which ", ", while ",
    ", so " or an " and " that starts a new clause ("..., and you will..."). The first
    piece ends with a full stop and the next starts with a capital; "which" becomes
    "This" ("These" before "are"), "so" becomes "This means". A sentence with no good
    boundary (or short enough already) is returned unchanged. Pure and deterministic.

    >>> split_sentence("We are a small team; we answer every application within a week "
    ...                "and we will tell you why if you are not shortlisted.", 12)
    'We are a small team; we answer every application within a week. We will tell you why if you are not shortlisted.'
    """
    if not sentence:
        return sentence
    max_words = max(1, int(max_words))
    edits = _split_edits(sentence, max_words)
    if not edits:
        return sentence
    out, pos = [], 0
    for a, b, new in sorted(edits):
        out.append(sentence[pos:a])
        out.append(new)
        rest = sentence[b:]
        # capitalise the first word of the new sentence ("This means" already is)
        k = 0
        while k < len(rest) and rest[k] in _OPENERS:
            k += 1
        if (new.rstrip().endswith(".") and k < len(rest) and rest[k].islower()
                and not (k + 1 < len(rest) and rest[k + 1].isupper())):
            out.append(rest[:k] + rest[k].upper())
            pos = b + k + 1
        else:
            pos = b
    out.append(sentence[pos:])
    return "".join(out)


# ====================================================================== third person -> you

_CANDIDATE_NOUNS = frozenset("""
    candidate candidates applicant applicants postholder post-holder holder jobholder job-holder
    appointee incumbent individual person successful ideal right preferred selected chosen new
    role role-holder post job
""".split())
# Another person named between the candidate and a "he or she" may be who it means.
_PERSON_NOUNS = frozenset("""
    manager colleague mentor supervisor director head leader client customer user partner
    stakeholder employee officer member someone anyone child student patient learner resident
    worker volunteer trainee apprentice coach boss chair clinician nurse doctor teacher engineer
    developer consultant contractor owner specialist man woman boy girl gentleman lady father mother
    son daughter husband wife brother friend grandfather grandmother relative carer adult baby
""".split())
# Groups that "they" and "their" may mean (a plural also counts).
_GROUP_NOUNS = frozenset("team staff people family public board committee everyone everybody".split())
_NOT_PLURAL = frozenset("""
    is has was does as this his its yours ours theirs always perhaps across towards afterwards
    whereas unless plus thus less various serious previous numerous business process access success
    address progress basis analysis series status campus focus bonus
""".split())
# Plurals that "their research interests" cannot mean: after only these, a "their" before
# one of _PERSONAL_THINGS is still the candidate's ("opportunities to ... develop their
# research interests").
_ABSTRACT_PLURALS = frozenset("""
    opportunities chances responsibilities duties tasks hours years months weeks days activities
    options possibilities benefits requirements qualifications
""".split())
_PERSONAL_THINGS = frozenset("""
    own research interests interest career careers skills skill knowledge expertise potential
    professional personal cv ideas judgement judgment team workload workloads caseload caseloads
""".split())
# Plurals "they"/"their own" may mean besides the plurals of _PERSON_NOUNS: people and
# the bodies that act like them ("help businesses grow their own revenue").
_PEOPLE_PLURALS = frozenset("""
    people children men women adults families clients customers users members patients residents students
    pupils learners carers participants colleagues peers parents others visitors guests professionals
    individuals candidates applicants persons staff teams organisations organizations companies businesses
    partners services providers schools communities groups agencies charities departments practitioners
    firms employers hospitals trusts clubs
""".split())
# "their own initiative" is the worker's even after "patients’ own homes".
_OWN_IDIOMS = frozenset("initiative initiatives workload workloads caseload caseloads".split())


def _people_word(low: str) -> bool:
    """Whether ``low`` names people (or a body of them) whom "their" may mean."""
    if low in _PERSON_NOUNS or low in _GROUP_NOUNS or low in _PEOPLE_PLURALS:
        return True
    return low.endswith("s") and (low[:-1] in _PERSON_NOUNS or (low.endswith("ies") and low[:-3] + "y" in _PERSON_NOUNS))


_ADVERBS = frozenset("also always often never still usually then now just already sometimes "
                     "regularly currently normally typically increasingly".split())
_SUBJECT_INTRO = frozenset("""
    and or but that where when whenever if as so because while whilst once until before after then
    since although though unless whether why how
""".split())
_OBJECT_STARTERS = frozenset("""
    the a an our your their its this these those all any each every new them us you it his her
    key other others both
""".split())
_TO_YOU_VERB = {"is": "are", "has": "have", "was": "were", "does": "do", "isn't": "aren't",
                "hasn't": "haven't", "wasn't": "weren't", "doesn't": "don't", "is'nt": "aren't",
                "isn’t": "aren’t", "hasn’t": "haven’t", "wasn’t": "weren’t", "doesn’t": "don’t"}
_S_NOT_VERB = frozenset("""
    always perhaps sometimes nevertheless afterwards towards besides its this his hers yours ours
    theirs as was has is does thus plus less unless whereas across various serious previous
    numerous us sales ops news means series species
""".split())

# pronoun phrases (as tokens) -> what "you" says instead; the bool marks a subject
_PRONOUN_PHRASES: list[tuple[tuple[str, ...], str, bool, bool]] = [
    # tokens, replacement, is_subject, needs_strict_guard ("they" forms)
    (("himself", "or", "herself"), "yourself", False, False),
    (("herself", "or", "himself"), "yourself", False, False),
    (("he", "or", "she"), "you", True, False),
    (("she", "or", "he"), "you", True, False),
    (("he", "/", "she"), "you", True, False),
    (("she", "/", "he"), "you", True, False),
    (("his", "or", "her"), "your", False, False),
    (("her", "or", "his"), "your", False, False),
    (("him", "or", "her"), "you", False, False),
    (("her", "or", "him"), "you", False, False),
    (("his", "/", "her"), "your", False, False),
    (("him", "/", "her"), "you", False, False),
    (("he/she",), "you", True, False),
    (("she/he",), "you", True, False),
    (("s/he",), "you", True, False),
    (("(s)he",), "you", True, False),
    (("his/her",), "your", False, False),
    (("her/his",), "your", False, False),
    (("his/hers", "own"), "your own", False, False),
    (("his/hers",), "yours", False, False),
    (("him/her",), "you", False, False),
    (("her/him",), "you", False, False),
    (("himself/herself",), "yourself", False, False),
    (("herself/himself",), "yourself", False, False),
    # a singular he/his/she later in the sentence is the candidate's, unless someone else
    # was named before it ("the ward manager in his absence", "Dr Shah and his team")
    (("he",), "you", True, False),
    (("his",), "your", False, False),
    (("him",), "you", False, False),
    (("himself",), "yourself", False, False),
    (("she",), "you", True, False),
    (("herself",), "yourself", False, False),
    (("they",), "you", False, True),
    (("them",), "you", False, True),
    (("their",), "your", False, True),
    (("theirs",), "yours", False, True),
    (("themselves",), "yourself", False, True),
    (("themself",), "yourself", False, True),
    (("they'll",), "you'll", False, True), (("they’ll",), "you’ll", False, True),
    (("they're",), "you're", False, True), (("they’re",), "you’re", False, True),
    (("they've",), "you've", False, True), (("they’ve",), "you’ve", False, True),
    (("they'd",), "you'd", False, True), (("they’d",), "you’d", False, True),
]


_PRONOUN_WORDS = frozenset(w for phrase, _r, _s, _t in _PRONOUN_PHRASES for w in phrase)


@dataclass(frozen=True)
class _Tok:
    low: str
    raw: str
    start: int
    end: int


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [_Tok(m.group(0).lower(), m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


@dataclass
class _Atom:
    start: int
    end: int
    new: str
    rule: str
    kind: str = "replace"   # replace | split | verb | pronoun
    old: str = ""
    cap_next: bool = False   # a deletion at a sentence start: capitalise what follows

    def overlaps(self, other: "_Atom") -> bool:
        if self.start == self.end or other.start == other.end:
            return self.start == other.start and self.end == other.end or (
                other.start < self.start < other.end or self.start < other.start < self.end)
        return self.start < other.end and other.start < self.end


def _verb_for_you(tok: _Tok, *, loose: bool) -> str | None:
    """The form of ``tok`` that agrees with "you", or None if it is not a verb to change."""
    if tok.low in _TO_YOU_VERB:
        return match_case(tok.raw, _TO_YOU_VERB[tok.low])
    if not loose:
        return None
    low = tok.low
    if (not tok.raw[0].islower() or not low.isalpha() or len(low) < 3 or not low.endswith("s")
            or low.endswith(("ss", "us", "is", "ous", "ics")) or low in _S_NOT_VERB):
        return None
    return base_of_s(tok.raw)


def _agree(tokens: list[_Tok], k: int, rule: str, *, loose: bool) -> tuple[list[_Atom], int]:
    """Make the verb at ``tokens[k]`` (after adverbs) and verbs coordinated with it agree with "you"."""
    atoms: list[_Atom] = []
    skipped = 0
    while k < len(tokens) and skipped < 2 and (tokens[k].low in _ADVERBS or
                                                (tokens[k].low.endswith("ly") and len(tokens[k].low) > 4)):
        k += 1
        skipped += 1
    if k >= len(tokens):
        return atoms, k
    new = _verb_for_you(tokens[k], loose=loose)
    if new is None or new == tokens[k].raw:
        if tokens[k].low in _AUX:  # "you will be based in Leeds and is expected to..."
            # (only "is"/"has"...: "will support delivery and sales teams" has no other verb)
            return _coordinated(tokens, k + 1, rule, loose=False), k + 1
        return atoms, k
    atoms.append(_Atom(tokens[k].start, tokens[k].end, new, rule, "verb", tokens[k].raw))
    return atoms + _coordinated(tokens, k + 1, rule), k + 1


def _coordinated(tokens: list[_Tok], j: int, rule: str, *, loose: bool = True) -> list[_Atom]:
    """Verbs that share the subject "you" after "and"/"or": "leads the team and manages the
    budget", "has a key role and is responsible"."""
    atoms: list[_Atom] = []
    while j < len(tokens):
        t = tokens[j]
        if t.low in _SUBJECTS or t.low in (";", "which", "who", "that", "where", "when", "while", "whilst",
                                           "because", "but", "if", "so"):
            break
        if t.low in ("and", "or") and j + 1 < len(tokens):
            v = tokens[j + 1]
            follow = tokens[j + 2].low if j + 2 < len(tokens) else ""
            if v.low in _TO_YOU_VERB:
                atoms.append(_Atom(v.start, v.end, match_case(v.raw, _TO_YOU_VERB[v.low]), rule, "verb", v.raw))
                j += 2
                continue
            if loose and (follow in _OBJECT_STARTERS or _looks_plural(follow)):
                nv = _verb_for_you(v, loose=True)
                if nv is not None and nv != v.raw:
                    atoms.append(_Atom(v.start, v.end, nv, rule, "verb", v.raw))
                    j += 2
                    continue
        j += 1
    return atoms


def _looks_plural(low: str) -> bool:
    return (low.endswith("s") and len(low) > 3 and low.isalpha() and not low.endswith(("ss", "us", "is", "ous"))
            and low not in _NOT_PLURAL)


def _starts_unstopped_sentence(text: str, pos: int) -> bool:
    """Whether a capitalised determiner at ``pos`` starts a sentence whose full stop is
    missing: "...based at Highbury Hospital The individual will" ("The" then a small letter)."""
    m = re.match(r"(?:The|Our|This|An?)\s+[a-z]", text[pos:pos + 12])
    return m is not None and pos > 0 and not text[pos - 1].isalnum()


def _subject_position(text: str, sent_start: int, pos: int) -> bool:
    """Whether the noun phrase at ``pos`` is the subject of its clause."""
    if _starts_unstopped_sentence(text, pos):
        return True
    before = text[sent_start:pos].rstrip()
    before = before.lstrip(_BULLET_CHARS + " \t\"'“‘(")
    if not before:
        return True
    if before[-1] in ",;:(–—-":
        return True
    last = re.findall(r"[A-Za-z]+", before[-20:])
    return bool(last) and last[-1].lower() in _SUBJECT_INTRO


#: Words before "a"/"an" that open a complement naming the reader's own role ("be a nurse",
#: "as a Band 5"); not the forms of "be" (``analysis.BE_FORMS``): "become" and "as" count, "was" does not.
_COMPLEMENT_BEFORE = frozenset("be become becoming as is are being".split())


def _third_person_atoms(text: str, f: Finding, new: str) -> list[_Atom]:
    """Agreement in the rest of the sentence once ``f`` (the candidate) became "you"."""
    rule = f.rule_id
    sent_start, sent_end = _sentence_bounds(text, f.start, f.end)
    tokens = _tokens(text, f.end, sent_end)
    atoms: list[_Atom] = []
    words = new.lower().split()
    k = 0
    if words and words[-1] == "you" and _subject_position(text, sent_start, f.start):
        verb_atoms, k = _agree(tokens, 0, rule, loose=True)
        atoms.extend(verb_atoms)
    elif len(words) > 1 and words[0] == "you":
        # the span held the verb too ("the post holder has" -> "you have"): later verbs of
        # the same subject must follow
        atoms.extend(_coordinated(tokens, 0, rule))
    taken = {(a.start, a.end) for a in atoms}
    blocked = False          # another person has been named: stop
    named = False            # ... by a person noun, not only by a capital (a name or a place)
    strict_blocked = False   # a plural or another noun phrase: "they" may not mean the candidate
    reflexive_blocked = False  # the same, but not for a plural of "your ..." ("your methods ... yourself")
    only_abstract = True     # every plural so far is one of _ABSTRACT_PLURALS
    people = False           # people (or a body of them) were named: "their own" may be theirs
    people_possessive = False  # only as a possessive: "in patients’ own homes"
    np_left = 0              # words left in the noun phrase after a "your" put in
    complement = False       # in "be a Clinical or Counselling Psychologist": the reader's role
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.low in ("a", "an") and i > 0 and tokens[i - 1].low in _COMPLEMENT_BEFORE:
            complement = True
        elif complement and not (t.raw[:1].isupper() or t.low in ("or", "and", "&", "/", "-")):
            complement = False
            if t.low in _PERSON_NOUNS:  # "be a nurse": the last word of it
                i += 1
                continue
        if (t.start, t.end) in taken:
            i += 1
            continue
        matched = False
        their_own = t.low == "their" and i + 1 < len(tokens) and tokens[i + 1].low == "own"
        idiom = their_own and i + 2 < len(tokens) and tokens[i + 2].low in _OWN_IDIOMS
        # "their own" is the reader's unless people were named before it (a place or a name
        # stops it only outside "their own initiative/workload")
        own_ok = their_own and not people and not named and (not people_possessive or idiom) and (
            not blocked or idiom)
        if not blocked or own_ok:
            for phrase, replacement, is_subject, strict in _PRONOUN_PHRASES:
                n = len(phrase)
                if tuple(x.low for x in tokens[i:i + n]) != phrase:
                    continue
                reflexive = phrase in (("themselves",), ("themself",))
                # "their skills/team" after plurals that are all abstract, or none of them people
                # (things cannot have "their team"), is still the reader's
                if strict and (reflexive_blocked if reflexive else strict_blocked) and not own_ok and not (
                        (only_abstract or not people) and phrase == ("their",) and i + 1 < len(tokens)
                        and tokens[i + 1].low in _PERSONAL_THINGS):
                    break
                span_text = text[t.start:tokens[i + n - 1].end]
                atoms.append(_Atom(t.start, tokens[i + n - 1].end, match_case(span_text, replacement), rule,
                                   "pronoun", span_text))
                i += n
                if is_subject:
                    verb_atoms, i = _agree(tokens, i, rule, loose=True)
                    atoms.extend(verb_atoms)
                    taken.update((a.start, a.end) for a in verb_atoms)
                np_left = 3 if replacement == "your" else 0
                matched = True
                break
        if matched:
            continue
        in_np = False
        if np_left:
            if t.low.isalpha() and t.low not in _AUX and t.low not in _NOT_AFTER_SUBJECT and not _people_word(t.low):
                in_np = True
                np_left -= 1
            else:
                np_left = 0
        nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
        # "customer service practices": a modifier, not a person "their own" may mean
        modifier = (t.low in _PERSON_NOUNS and nxt.isalpha() and nxt not in _NOT_AFTER_SUBJECT and nxt not in _AUX
                    and nxt not in _SUBJECT_INTRO and nxt not in _PRONOUN_WORDS)
        if complement:
            i += 1
            continue
        if t.low in _PERSON_NOUNS or (t.raw[:1].isupper() and t.raw != "I" and t.low not in _CANDIDATE_NOUNS):
            blocked = True
            named = named or (t.low in _PERSON_NOUNS and not modifier)
        stem = t.low[:-2] if t.low.endswith(("'s", "’s")) else t.low
        if _people_word(stem) and not modifier:
            if stem != t.low or (t.low.endswith("s") and i + 1 < len(tokens) and tokens[i + 1].low in ("'", "’")):
                people_possessive = True  # "patients’ own homes", "a client's home"
            else:
                people = True
        if t.low in _GROUP_NOUNS or _looks_plural(t.low):
            strict_blocked = True  # "they" may mean these (a singular thing would be "it")
            reflexive_blocked = reflexive_blocked or not in_np
            only_abstract = only_abstract and t.low in _ABSTRACT_PLURALS
        i += 1
    return atoms


# ====================================================================== planning edits

_DIFF_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]")
# for display: a word with the spaces after it, so the common " " does not slow the matcher
_WORD_DIFF_TOKEN = re.compile(r"\w+(?:['’]\w+)*[ \t]*|[^\w\s][ \t]*|\s+")


def _diff_atoms(old: str, new: str, offset: int, rule: str) -> list[_Atom]:
    """Smallest token-level edits that turn ``old`` into ``new`` (case-only changes dropped)."""
    a, b = _DIFF_TOKEN.findall(old), _DIFF_TOKEN.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    atoms = []
    starts = [0]
    for t in a:
        starts.append(starts[-1] + len(t))
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        # tokens that differ only in case ("and he" -> "He") are not part of the edit:
        # capitals after a new full stop are restored when the text is tidied
        while i1 < i2 and j1 < j2 and a[i2 - 1].lower() == b[j2 - 1].lower():
            i2, j2 = i2 - 1, j2 - 1
        while i1 < i2 and j1 < j2 and a[i1].lower() == b[j1].lower():
            i1, j1 = i1 + 1, j1 + 1
        o, n = "".join(a[i1:i2]), "".join(b[j1:j2])
        if o.lower() == n.lower():
            continue
        atoms.append(_Atom(offset + starts[i1], offset + starts[i2], n, rule, "split", o))
    return atoms


def _is_title_phrase(old: str) -> bool:
    words = [w for w in old.split() if any(c.isalpha() for c in w)]
    return len(words) >= 2 and all(w[0].isupper() for w in words if w.lower() not in ("of", "and", "the", "to",
                                                                                        "a", "an", "in", "for"))


def _after_bullet(text: str, pos: int) -> bool:
    """Whether ``text[pos]`` follows a bullet or symbol, even one in mid-line ("improvements
    + Assist with", "dashboards.· Assist", "models. - Utilize", "**In order to")."""
    i = pos
    while i > 0 and (text[i - 1] in _OPENERS or text[i - 1] == "\u00a0"):
        i -= 1
    if i == 0:
        return False
    c = text[i - 1]
    if c in "-–—":  # a dash with space after it, not a hyphen ("Co-Ordinate")
        return i < pos
    return c in _BULLET_CHARS or c in "■□►▶✓✔★☆»→|" or unicodedata.category(c) in ("So", "Sm")


def _cased(text: str, f: Finding, suggestion: str) -> str:
    old = f.text
    letters = [c for c in old if c.isalpha()]
    if not suggestion or not letters:
        return suggestion
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return suggestion.upper()
    if letters[0].isupper():
        if (_at_sentence_start(text, f.start) or _is_title_phrase(old)
                or _starts_unstopped_sentence(text, f.start) or _after_bullet(text, f.start)):
            return match_case(old, suggestion)
        return suggestion  # a capital in mid-sentence is a name's: keep the suggestion as written
    return suggestion


GENDERED = "inclusivity.gendered"
# "his/her" -> "your" (the rule's suggestion) or "their" when someone else is meant
_GENDERED_THEIR = {"your": "their", "you": "them", "yourself": "themselves", "yours": "theirs"}
# A person who is not the reader: "Interested candidates should send his/her CV".
_THIRD_PERSON_NOUNS = (frozenset("""
    candidate applicant postholder post-holder holder jobholder job-holder appointee incumbent
    individual person people someone somebody anyone anybody everyone everybody
""".split()) | _PERSON_NOUNS) - frozenset(("you",))


_GENDERED_SUBJECT = re.compile(r"(?:he|she|s)\s*(?:/|\bor\b)\s*(?:he|she)$|\(s\)he$", re.I)


def _gendered_referent_is_third(text: str, sent_start: int, pos: int) -> bool:
    """Whether the nearest person named before ``pos`` in its sentence (which starts at
    ``sent_start``) is a third-person noun phrase ("Interested candidates should send
    his/her CV") rather than "you"."""
    tokens = _tokens(text, sent_start, pos)
    for k in range(len(tokens) - 1, -1, -1):
        t = tokens[k]
        if t.low in (":", ";"):
            return False  # "Ideal Candidate Will Possess: a belief that he/she can..."
        if t.low in ("you", "your", "yourself", "you'll", "you’ll", "you're", "you’re"):
            return False
        if t.raw[:1].isupper() and k > 0 and tokens[k - 1].low not in _BULLET_CHARS:
            continue  # a name or title: "the Medical Safety Director", "Customer Service"
        if t.low == "the" and (k == 0 or tokens[k - 1].low in _BULLET_CHARS) and k + 1 < len(tokens) \
                and tokens[k + 1].raw[:1].isupper():
            return True  # a titled role: "The Data Scientist ... stays current in his/her field"
        if t.low in _THIRD_PERSON_NOUNS:
            return True
        # a plural is only "his/her"'s when it is the applicants: "Interested candidates
        # should send his/her CV", not "managing employees of the Trust, he/she will"
        if t.low.endswith("s") and t.low[:-1] in _CANDIDATE_NOUNS and t.low[:-1] in _THIRD_PERSON_NOUNS:
            return True
    return False


#: "the Branch Manager": a person with a title, named before a pronoun
_TITLED_PERSON_BEFORE = re.compile(r"\b(?:the|your|our)\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:Manager|Director|Lead|Leader|"
                                   r"Head|Supervisor|Matron|Sister|Consultant|Officer|Coordinator|Co-ordinator|"
                                   r"Administrator|Partner|Chief|President|Executive)\b")


def _gendered_new(text: str, f: Finding, suggestion: str) -> str | None:
    """The gendered pronoun's replacement: "their"/"them" after a third-person subject
    ("Applicants should send his/her CV"), None (left alone) for "he/she" there, else the
    suggestion ("you"/"your")."""
    low = suggestion.strip().lower()
    if low not in _GENDERED_THEIR and low != "you":
        return suggestion
    words = f.text.lower().replace("/", " ").split()
    sent_start = _sentence_bounds(text, f.start)[0]
    if not _gendered_referent_is_third(text, sent_start, f.start):
        if words[0] not in ("he", "she", "s", "(s)he") and _TITLED_PERSON_BEFORE.search(text, sent_start, f.start):
            # an object or possessive after a titled person: "report to the Branch Manager
            # and coordinate with him/her" means that person, not the reader
            return _GENDERED_THEIR[low]
        return suggestion
    if low == "you" and words[0] in ("he", "she", "s", "(s)he"):
        # "for someone who ... as he/she will support": "they will"; "they" before any
        # other verb would need that verb changed, so it is left alone
        nxt = re.match(r"\s+([A-Za-z]+)", text[f.end:f.end + 12])
        if nxt and nxt.group(1).lower() in ("will", "would", "can", "could", "should", "must", "may", "might",
                                            "shall"):
            return "they"
        return None
    return _GENDERED_THEIR[low]


def _atoms_for(text: str, f: Finding, suggestion: str, max_words: int) -> tuple[list[_Atom], list[_Atom]]:
    """The hard atoms (the replacement itself) and soft atoms (agreement) of one finding."""
    if f.rule_id == LONG_SENTENCE:
        if suggestion.strip() and suggestion != f.text:
            return _diff_atoms(f.text, suggestion, f.start, f.rule_id), []
        edits = _split_edits(f.text, max_words)
        return [_Atom(f.start + a, f.start + b, new, f.rule_id, "split", f.text[a:b]) for a, b, new in edits], []
    if f.rule_id == GENDERED:
        gendered = _gendered_new(text, f, suggestion)
        if gendered is None:
            return [], []
        suggestion = gendered
    new = _cased(text, f, suggestion)
    if f.rule_id == THIRD_PERSON and re.search(r"(?:['’]s|s['’])$", f.text) and new.lower().endswith("you"):
        new = new[:-3] + match_case(new[-3:], "your")
    if new == f.text:
        return [], []
    letters = [c for c in f.text if c.isalpha()]
    cap_next = (not new.strip() and bool(letters) and letters[0].isupper() and _at_sentence_start(text, f.start))
    atom = _Atom(f.start, f.end, new, f.rule_id, "replace", f.text, cap_next)
    if f.rule_id == THIRD_PERSON:
        soft = _third_person_atoms(text, f, new)
    elif f.rule_id == GENDERED and new.lower() == "you" and _GENDERED_SUBJECT.match(f.text):
        # "He/she is expected to" -> "You are expected to", "he/she leads" -> "you lead"
        _, sent_end = _sentence_bounds(text, f.start, f.end)
        soft, _ = _agree(_tokens(text, f.end, sent_end), 0, f.rule_id, loose=True)
    else:
        soft = []
    return [atom], soft


def _to_you_phrase(new: str) -> str:
    """Make the first word of a replacement agree with "you" ("uses data" -> "use data")."""
    m = re.match(r"(\s*)(\S+)(.*)$", new, re.S)
    if not m:
        return new
    tok = _Tok(m.group(2).lower(), m.group(2), 0, 0)
    verb = _verb_for_you(tok, loose=True)
    return new if verb is None else m.group(1) + verb + m.group(3)


def _plan(text: str, findings: Sequence[Finding], choice: Mapping[int, int], max_words: int) -> list[_Atom]:
    for key in choice:
        if not isinstance(key, int) or not 0 <= key < len(findings):
            raise ValueError(f"choice refers to finding {key!r}, but there are {len(findings)} findings")
    order = sorted((i for i, f in enumerate(findings) if f.fixable),
                   key=lambda i: (findings[i].start, -(findings[i].end - findings[i].start), i))
    hard = _Intervals()
    soft = _Intervals()
    for i in order:
        f = findings[i]
        if not (0 <= f.start <= f.end <= len(text)) or text[f.start:f.end] != f.text:
            raise ValueError(
                f"finding {f.rule_id} at {f.start}:{f.end} does not match the text it is applied to "
                "(apply findings to report.text)"
            )
        j = choice.get(i, 0)
        if not f.suggestions:
            if f.rule_id != LONG_SENTENCE:
                continue
            suggestion = ""
        elif not isinstance(j, int) or not 0 <= j < len(f.suggestions):
            raise ValueError(f"finding {i} ({f.rule_id}) has no suggestion number {j!r}")
        else:
            suggestion = f.suggestions[j]
        atoms, extra = _atoms_for(text, f, suggestion, max_words)
        if not atoms or any(hard.hits(a) for a in atoms):
            continue
        hits = [(a, s) for a in atoms for s in soft.hits(a)]
        if any(not (s.kind == "verb" and a.start == s.start and a.kind == "replace") for a, s in hits):
            continue  # a pronoun the candidate's "you" already claimed
        for a, s in hits:
            a.new = _to_you_phrase(a.new)   # "The candidate leverages" -> "You use"
            soft.remove(s)
        for a in atoms:
            hard.add(a)
        for s in extra:
            if not hard.hits(s) and not soft.hits(s):
                soft.add(s)
    return hard.items + soft.items


class _Intervals:
    """Non-overlapping atoms kept in order, with a fast overlap query."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[_Atom] = []

    def hits(self, atom: _Atom) -> list[_Atom]:
        i = max(0, bisect.bisect_left(self.starts, atom.start) - 1)
        out = []
        while i < len(self.items) and self.items[i].start <= atom.end:
            if self.items[i].overlaps(atom):
                out.append(self.items[i])
            i += 1
        return out

    def add(self, atom: _Atom) -> None:
        i = bisect.bisect_right(self.starts, atom.start)
        self.starts.insert(i, atom.start)
        self.items.insert(i, atom)

    def remove(self, atom: _Atom) -> None:
        i = next(k for k, x in enumerate(self.items) if x is atom)
        del self.starts[i], self.items[i]


# ====================================================================== tidying

# A space before these goes: ", . ; : ! ?" when a space or the end follows them (so
# ".NET" and "3.5" keep theirs), and closing brackets.
_CLOSER = r"(?:[,.;:!?…](?=[\s\"'”’)\]]|$)|[)\]])"
_CLOSER_RE = re.compile(_CLOSER)
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’&-])(an?|An?|AN?)([ \t]+)$")
_ARTICLE_AT_END = re.compile(r"(?<![\w'’&-])(an?|An?|AN?)$")
_ENDS_SENTENCE = re.compile(r"[.!?]\s*$")
_NEXT_WORD = re.compile(r"[ \t]*([\"'“‘(]*)([\w£$€][\w'’&.-]*)")


def _tidy_region(region: str) -> str:
    fixed = region
    for _ in range(2):
        fixed = re.sub(r"[ \t]{2,}", " ", fixed)
        fixed = re.sub(r"[ \t]+(?=" + _CLOSER + ")", "", fixed)
        fixed = re.sub(r"(?<=[(\[])[ \t]+", "", fixed)
        fixed = re.sub(r"\(\)|\[\]", "", fixed)
        # "happy, basically, to help" lost its aside: both commas go
        fixed = re.sub(r",[ \t]*,(?=[ \t])", "", fixed)
        fixed = re.sub(r"[,;:](?=[,.;:!?])", "", fixed)
    return fixed


def _spacing_edits(text: str, atoms: Sequence[_Atom], spans: Sequence[list[int]]) -> list[tuple[int, int, str, str]]:
    """No double spaces, no space before punctuation, no ", ," or "()" where an edit meets
    its neighbours; no spaces left at the start or end of a line."""
    regions: list[list[Any]] = []
    for atom, (s, e) in zip(atoms, spans):
        r0 = s
        while r0 > 0 and text[r0 - 1] in " \t":
            r0 -= 1
        if r0 < s and (r0 == 0 or text[r0 - 1] == "\n"):
            r0 = s  # keep a line's own indentation
        elif r0 > 0 and text[r0 - 1] in "([,;:":
            r0 -= 1
            while r0 > 0 and text[r0 - 1] in " \t":
                r0 -= 1
        r1 = e
        while r1 < len(text) and text[r1] in " \t":
            r1 += 1
        if r1 < len(text) and _CLOSER_RE.match(text, r1):
            r1 += 1
            while r1 < len(text) and text[r1] in " \t":
                r1 += 1
        regions.append([r0, r1, atom.rule])
    regions.sort(key=lambda r: (r[0], r[1]))
    merged: list[list[Any]] = []
    for r in regions:
        if merged and r[0] < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], r[1])
        else:
            merged.append(r)
    edits = []
    for r0, r1, rule in merged:
        region = text[r0:r1]
        fixed = _tidy_region(region)
        if r0 == 0 or text[r0 - 1] == "\n":
            fixed = fixed.lstrip(" \t")
        if r1 == len(text) or text[r1] == "\n":
            fixed = fixed.rstrip(" \t")
        if fixed != region:
            edits.append((r0, r1, fixed, rule))
    return edits


def _capital_at(text: str, pos: int) -> int | None:
    """Where the word at or after ``pos`` (on this line) needs a capital, if it does."""
    i = pos
    while i < len(text) and text[i] in _OPENERS:
        i += 1
    if i < len(text) and text[i].isalpha() and text[i].islower():
        if i + 1 < len(text) and text[i + 1].isupper():
            return None  # "iPhone", "eBay"
        return i
    return None


def _capital_edits(text: str, atoms: Sequence[_Atom], spans: Sequence[list[int]]) -> list[tuple[int, int, str, str]]:
    """A capital for the word that now starts a sentence: after a deletion of the first
    words, and after a full stop an edit put in."""
    found: dict[int, str] = {}
    for atom, (s, e) in zip(atoms, spans):
        if atom.cap_next:
            i = _capital_at(text, e if text[s:e].strip() else s)
            if i is not None:
                found.setdefault(i, atom.rule)
        if _ENDS_SENTENCE.search(atom.new) and not _ENDS_SENTENCE.search(atom.old):
            i = _capital_at(text, e)
            if i is not None:
                found.setdefault(i, atom.rule)
    return [(i, i + 1, text[i].upper(), rule) for i, rule in sorted(found.items())]


#: Words that take no "a"/"an" before them: "a go-getter" -> "someone with drive", not
#: "a someone with drive".
_NO_ARTICLE = frozenset("""
    someone somebody anyone anybody everyone everybody people you your our their my his her its
    the a an some any this these those experience expertise enough
""".split())


def _article_edits(text: str, atoms: Sequence[_Atom], spans: Sequence[list[int]]) -> list[tuple[int, int, str, str]]:
    """"a"/"an" before a word an edit changed, and at the end of an edit's new words; an
    article before new words that take none is dropped."""
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for atom, (s, e) in zip(atoms, spans):
        q = s
        while q < e and text[q] in " \t":
            q += 1
        m = _ARTICLE_BEFORE.search(text, max(0, q - 8), q)
        if m and m.end() == q:
            article = m.group(1)
            # a capital "A" in mid-sentence is a grade or a name ("Plan A"), not an article
            if not (article[0].isupper() and article != "AN" and not _at_sentence_start(text, m.start(1))):
                nxt = _NEXT_WORD.match(text, q)
                if nxt and q < e and nxt.group(2).lower() in _NO_ARTICLE:
                    if article[0].isupper():  # "A self-starter..." -> "Someone who..."
                        found.setdefault((m.start(1), q + 1), (text[q].upper(), atom.rule))
                    else:
                        found.setdefault((m.start(1), q), ("", atom.rule))
                    continue
                if nxt:
                    fixed = fix_article(article, nxt.group(2))
                    if fixed != article:
                        found.setdefault((m.start(1), m.end(1)), (fixed, atom.rule))
        m = _ARTICLE_AT_END.search(text, s, e) if e > s else None
        if m:
            nxt = _NEXT_WORD.match(text, e)
            if nxt and nxt.group(0)[:1] in " \t":
                fixed = fix_article(m.group(1), nxt.group(2))
                if fixed != m.group(1):
                    found.setdefault((m.start(1), m.end(1)), (fixed, atom.rule))
    return [(a, b, new, rule) for (a, b), (new, rule) in sorted(found.items())]


class _Shift:
    """Where a position of the text before a batch of (non-empty, ordered) edits is after it."""

    def __init__(self, edits: Sequence[tuple[int, int, str, str]]):
        self.starts = [a for a, _, _, _ in edits]
        self.ends = [b for _, b, _, _ in edits]
        self.lens = [len(new) for _, _, new, _ in edits]
        self.cum = list(accumulate((len(new) - (b - a) for a, b, new, _ in edits), initial=0))

    def left(self, p: int) -> int:
        k = bisect.bisect_right(self.ends, p)
        if k < len(self.starts) and self.starts[k] < p:
            return self.starts[k] + self.cum[k]
        return p + self.cum[k]

    def right(self, p: int) -> int:
        k = bisect.bisect_right(self.ends, p)
        if k < len(self.starts) and self.starts[k] < p:
            return self.starts[k] + self.cum[k] + self.lens[k]
        return p + self.cum[k]


def _apply_round(draft: _Draft, findings: Sequence[Finding], choice: Mapping[int, int], max_words: int) -> int:
    """Plan the edits for ``findings`` on the draft's text, make them, then tidy around them.

    Each step is one batch over the whole text, so a long advert with many fixes costs
    linear time."""
    atoms = sorted(_plan(draft.text, findings, choice, max_words), key=lambda a: (a.start, a.end))
    if not atoms:
        return 0
    draft.replace_many([(a.start, a.end, a.new, a.rule) for a in atoms])
    spans: list[list[int]] = []
    delta = 0
    for a in atoms:
        spans.append([a.start + delta, a.start + delta + len(a.new)])
        delta += len(a.new) - (a.end - a.start)
    for make in (_spacing_edits, _capital_edits, _article_edits):
        edits = make(draft.text, atoms, spans)
        if not edits:
            continue
        draft.replace_many(edits)
        shift = _Shift(edits)
        for span in spans:
            span[0], span[1] = shift.left(span[0]), shift.right(span[1])
    return len(atoms)


# ====================================================================== public API

def apply_findings(
    text: str,
    findings: Iterable[Finding],
    *,
    choice: Mapping[int, int] | None = None,
    max_words: int | None = None,
) -> RewriteResult:
    """Apply the fixable ``findings`` (made on ``text``, i.e. ``report.text``) to ``text``.

    Findings that are not fixable are ignored. When two overlap, the one that starts
    first (then the longer, then the earlier in ``findings``) wins and the other is
    skipped. ``choice`` maps an index in ``findings`` to the suggestion to use (default
    0). ``max_words`` is the sentence length a ``clarity.long-sentence`` finding with no
    suggestion is split to (default 25).

    Raises ``ValueError`` when a finding does not match ``text`` (its ``text`` is not
    ``text[start:end]``) or ``choice`` names a finding or suggestion that does not exist.
    """
    findings = list(findings)
    draft = _Draft(text)
    _apply_round(draft, findings, dict(choice or {}), int(max_words or DEFAULT_MAX_WORDS))
    return draft.result()


def apply_finding(text: str, finding: Finding, suggestion_index: int = 0) -> RewriteResult:
    """Apply one finding, with its suggestion number ``suggestion_index``."""
    return apply_findings(text, [finding], choice={0: suggestion_index})


def applied_findings(result: RewriteResult, findings: Iterable[Finding]) -> list[Finding]:
    """The fixable ``findings`` whose words ``result`` changed (an edit overlaps their span).

    One finding can give several edits (agreement, "a"/"an") and a skipped finding gives
    none, so count these, not ``result.edits``, to say how many fixes were accepted.
    """
    ends = [e.end for e in result.edits]
    out = []
    for f in findings:
        if not f.fixable:
            continue
        k = bisect.bisect_right(ends, f.start) if f.end > f.start else bisect.bisect_left(ends, f.start)
        if k < len(result.edits) and result.edits[k].start < f.end or (
                k < len(result.edits) and f.start == f.end == result.edits[k].start):
            out.append(f)
    return out


def _prefixes(rule_ids: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if rule_ids is None:
        return None
    if isinstance(rule_ids, str):
        rule_ids = rule_ids.split(",")
    return tuple(p.strip() for p in rule_ids if p and p.strip())


def _max_words(config: Any) -> int:
    try:
        return int(config.param(LONG_SENTENCE, "max_words", DEFAULT_MAX_WORDS))
    except Exception:  # noqa: BLE001 - no config, or one without the rule: use the default
        return DEFAULT_MAX_WORDS


def rewrite(text: str, *, config: Any = None, rule_ids: Iterable[str] | None = None) -> RewriteResult:
    """Assess ``text``, apply every fixable finding, and repeat (at most :data:`MAX_ROUNDS`
    times) while the new text still has fixable findings: splitting a sentence or
    turning "the post holder" into "you" can reveal more.

    ``rule_ids`` limits the rewrite to findings whose rule id starts with one of these
    (``["jargon", "clarity.third-person"]``). A round that would lower the overall score
    is not kept. Offsets in the result refer to the normalised text (``assess(text).text``);
    raises what :func:`advert_assistant.assess` raises for bad input.
    """
    from . import assess

    prefixes = _prefixes(rule_ids)
    report = assess(text, config=config)
    draft = _Draft(report.text)
    max_words = _max_words(config) if config is not None else _max_words(_default_config())
    for _ in range(MAX_ROUNDS):
        todo = [f for f in report.findings
                if f.fixable and (prefixes is None or f.rule_id.startswith(prefixes))]
        if not todo:
            break
        before = draft.copy()
        if not _apply_round(draft, todo, {}, max_words) or draft.text == before.text:
            draft = before
            break
        new_report = assess(draft.text, config=config)
        if new_report.overall < report.overall:
            draft = before
            break
        report = new_report
        if report.text != draft.text:
            break  # the engine normalised the rewrite: stop before offsets drift
    return draft.result()


def _default_config() -> Any:
    try:
        from .config import Config

        return Config()
    except Exception:  # noqa: BLE001
        return None


def diff(before: str, after: str) -> list[tuple[str, str]]:
    """Word-level differences: a list of ("equal" | "delete" | "insert", text).

    Joining the "equal" and "delete" pieces gives ``before``; joining "equal" and
    "insert" gives ``after``. Lines are matched first, then words within changed lines,
    so a long advert diffs quickly.

    >>> diff("Leverage our data.", "Use our data.")
    [('delete', 'Leverage'), ('insert', 'Use'), ('equal', ' our data.')]
    """
    ops: list[tuple[str, str]] = []
    for kind, piece in _raw_diff(before, after):
        _push(ops, kind, piece)
    # a word and the space after it travel together; give the shared space back to "equal"
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(ops):
        kind, piece = ops[i]
        if kind == "delete" and i + 1 < len(ops) and ops[i + 1][0] == "insert":
            new = ops[i + 1][1]
            k = 0
            while k < min(len(piece), len(new)) and piece[-1 - k] == new[-1 - k] and piece[-1 - k].isspace():
                k += 1
            _push(out, "delete", piece[: len(piece) - k])
            _push(out, "insert", new[: len(new) - k])
            _push(out, "equal", piece[len(piece) - k:])
            i += 2
            continue
        _push(out, kind, piece)
        i += 1
    return out


def _push(ops: list[tuple[str, str]], kind: str, piece: str) -> None:
    if not piece:
        return
    if ops and ops[-1][0] == kind:
        ops[-1] = (kind, ops[-1][1] + piece)
    else:
        ops.append((kind, piece))


def _raw_diff(before: str, after: str) -> Iterable[tuple[str, str]]:
    ops: list[tuple[str, str]] = []

    def push(kind: str, piece: str) -> None:
        if not piece:
            return
        if ops and ops[-1][0] == kind:
            ops[-1] = (kind, ops[-1][1] + piece)
        else:
            ops.append((kind, piece))

    if before == after:
        push("equal", before)
        return ops
    a_lines, b_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    lines = difflib.SequenceMatcher(None, a_lines, b_lines)  # blank lines are junk: fast
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            push("equal", "".join(a_lines[i1:i2]))
            continue
        if i2 - i1 == j2 - j1:
            # as many lines each side (the usual rewrite): compare them pair by pair
            blocks = [(a_lines[i], b_lines[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            blocks = [("".join(a_lines[i1:i2]), "".join(b_lines[j1:j2]))]
        for old, new in blocks:
            a_tok, b_tok = _WORD_DIFF_TOKEN.findall(old), _WORD_DIFF_TOKEN.findall(new)
            words = difflib.SequenceMatcher(None, a_tok, b_tok, autojunk=False)
            for tag2, x1, x2, y1, y2 in words.get_opcodes():
                if tag2 == "equal":
                    push("equal", "".join(a_tok[x1:x2]))
                else:
                    push("delete", "".join(a_tok[x1:x2]))
                    push("insert", "".join(b_tok[y1:y2]))
    return ops
