"""The two generic matchers behind ``type: terms`` and ``type: regex`` rules.

Terms are matched on tokens, case-insensitively, with spaCy's ``PhraseMatcher``: never
inside a longer word, so "share" cannot hit "SharePoint". Each term is expanded once
into its inflections and British/American spellings (``leverage`` also matches
"leveraging", ``utilise`` also "utilizes"), and a suggestion is inflected to the form
that matched ("leveraging" -> "using"). Context exceptions (``unless_next``,
``unless_prev``, ``only_next``) keep "deliver software" and "competitive salary" quiet.

A :class:`TermMatcher` is built once per rule set and config, and cached.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import inflect
from .config import Config
from .ruledata import Rule
from .types import Finding

DEFAULT_WINDOW = 3
_SPLIT = re.compile(r"[\s]+")


@dataclass(frozen=True)
class _Entry:
    rule: Rule
    term: Mapping[str, Any]
    form: str          # "base", "s", "ed", "ing", "plural", ...
    position: str      # which word carries the inflection: "first" | "last" | "only"
    words: int


_FUNCTION_WORDS = frozenset("a an the in on at of to for by with as and or from into".split())


def _term_forms(match: str, do_inflect: bool, do_spell: bool) -> list[tuple[str, str, str]]:
    """(surface phrase, form, position) for every variant of ``match``."""
    words = [w for w in _SPLIT.split(match.strip().lower()) if w]
    bases = [words]
    if do_spell:
        # spelling variants of every word (utilise/utilize, organisation/organization)
        options = [sorted(inflect.spellings(w)) for w in words]
        combos: list[list[str]] = [[]]
        for opts in options:
            combos = [c + [o] for c in combos for o in opts][:16]
        bases = combos
    out: list[tuple[str, str, str]] = []
    for base in bases:
        out.append((" ".join(base), "base", "only"))
        if not do_inflect:
            continue
        if len(base) == 1:
            for form, surface in inflect.variants(base[0]).items():
                if form != "base":
                    out.append((surface, form, "only"))
        else:
            # a phrase led by a function word ("a number of", "in order to") has no verb forms
            verb_forms = inflect.variants(base[0]).items() if base[0] not in _FUNCTION_WORDS else ()
            for form, surface in verb_forms:
                if form in ("s", "ed", "ing", "en", "past"):
                    out.append((" ".join([surface] + base[1:]), form, "first"))
            plural = inflect.variants(base[-1]).get("plural")
            if plural:
                out.append((" ".join(base[:-1] + [plural]), "plural", "last"))
    seen: set[str] = set()
    unique = []
    for surface, form, pos in out:
        if surface not in seen:
            seen.add(surface)
            unique.append((surface, form, pos))
    return unique


def inflect_suggestion(suggestion: str, form: str, position: str) -> str:
    """Put ``suggestion`` in the grammatical form that matched."""
    if form == "base" or not suggestion.strip():
        return suggestion
    words = suggestion.split(" ")
    if form == "plural":
        words[-1] = inflect.inflect_like(words[-1], "plural")
    else:
        words[0] = inflect.inflect_like(words[0], form)
    return " ".join(words)


class TermMatcher:
    """All ``terms`` rules of one rule set, compiled into one PhraseMatcher."""

    def __init__(self, nlp, rules: Sequence[Rule]):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entries: dict[str, list[_Entry]] = {}
        tokenizer = nlp.tokenizer
        n = 0
        for rule in rules:
            if rule.type != "terms":
                continue
            for term in rule.terms:
                forms = _term_forms(str(term["match"]), term.get("inflect", True), term.get("spellings", True))
                for surface, form, position in forms:
                    key = f"t{n}"
                    n += 1
                    doc = tokenizer(surface)
                    self.entries[key] = [_Entry(rule, term, form, position, len(doc))]
                    self.matcher.add(key, [doc])

    def find(self, doc: Doc, text: str, config: Config) -> list[Finding]:
        strings = doc.vocab.strings
        candidates: list[tuple[int, int, _Entry]] = []
        for match_id, start, end in self.matcher(doc):
            for entry in self.entries[strings[match_id]]:
                if _context_ok(doc, start, end, entry.term):
                    candidates.append((start, end, entry))
        # longest match wins; ties: a term written in that form ("digital natives") before
        # an inflection of another ("digital native"), then the earlier rule
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2].form != "base"))
        findings: list[Finding] = []
        taken_until = -1
        for start, end, entry in candidates:
            if start < taken_until:
                continue
            span = doc[start:end]
            s_char, e_char = span.start_char, span.end_char
            matched = text[s_char:e_char]
            rule, term = entry.rule, entry.term
            if _quoted(text, s_char, e_char):
                continue  # a quoted value or slogan ("we celebrate “foster the culture of we”"): not ours to reword
            if matched[:1].isupper() and _in_a_name(doc, text, start, end, s_char, e_char, term):
                continue  # a name ("Commerce Guys", "Student Streamlining Process", "ASSIST"), not the word
            if entry.form == "ing" and start > 0 and doc[start - 1].lower_ == "the" \
                    and end < len(doc) and doc[end].lower_ == "of":
                continue  # a noun ("the obtaining of", "the fostering of"), which the verb cannot replace
            if config.is_disabled(rule.id) or config.is_allowed(matched) or config.is_allowed(str(term["match"])):
                continue
            taken_until = end
            chosen = term.get("suggestions") or ()
            if "attributive" in term and _attributive(doc, start, end):
                chosen = term.get("attributive") or ()
            suggestions = tuple(inflect_suggestion(str(s), entry.form, entry.position) for s in chosen)
            advice = term.get("advice")
            fixable = bool(chosen) and not term.get("advice_only", False)
            if suggestions and fixable:
                suggestions, fixable = _avoid_repeats(doc, start, end, suggestions)
            if not suggestions and advice:
                suggestions = (str(advice),)
            first = suggestions[0] if suggestions else ""
            message = rule.render(term.get("message"), match=matched, suggestion=first)
            why = rule.render(term.get("why") or rule.why, match=matched, suggestion=first)
            findings.append(
                Finding(
                    rule_id=rule.id,
                    dimension=term.get("dimension", rule.dimension),
                    start=s_char,
                    end=e_char,
                    text=matched,
                    message=message,
                    why=why,
                    suggestions=suggestions,
                    severity=term.get("severity", rule.severity),
                    fixable=fixable,
                    points=float(term.get("points", rule.points)),
                    link=rule.link,
                )
            )
        return findings


#: Words after which an adjective stands before its noun ("a results-driven manager").
_DETERMINERS = frozenset("a an the our your their its my his her this that these those every each any some".split())
_INTENSIFIERS = frozenset("highly very truly really extremely genuinely fully".split())


#: Words after which an adjective is not before its noun: "results-driven and kind",
#: "customer-centric in all we do", "able-bodied to lift".
_NOT_A_NOUN_NEXT = frozenset("""
    and or but nor so yet to in on at for with of by from as than who whom whose that which
    when where while whilst if because is are was were be been being will would can could
    shall should may might must do does did has have had not also too very
""".split())


def _attributive(doc: Doc, start: int, end: int) -> bool:
    """Whether the words ``doc[start:end]`` stand before a noun: after a determiner (and
    perhaps an intensifier) and before a word, as in "a results-driven, friendly team", or
    before a word that is not a preposition, conjunction or verb, as in "using
    customer-centric innovation"; not in "we are results-driven" or "results-driven and
    kind"."""
    j = end
    if j < len(doc) and doc[j].text == ",":
        j += 1
    if j >= len(doc) or not doc[j].is_alpha:
        return False
    i = start - 1
    while i >= 0 and doc[i].lower_ in _INTENSIFIERS:
        i -= 1
    # a list of adjectives after a determiner: "a busy, results-oriented and dynamic team"
    while i >= 1 and doc[i].text == "," and doc[i - 1].is_alpha and doc[i - 1].lower_ not in _DETERMINERS:
        i -= 2
        while i >= 0 and doc[i].lower_ in _INTENSIFIERS:
            i -= 1
    if i >= 0 and doc[i].lower_ in _DETERMINERS:
        return True
    return doc[j].lower_ not in _NOT_A_NOUN_NEXT


#: Words a suggestion may share with its neighbours without reading as a repeat.
_SHARED_WORDS = frozenset("a an the and or of to in on at for with by as be is are you your our we it "
                          "that this who can will well good work working people others team".split())
_JOINERS = frozenset(("and", "or", "nor", "/", ",", "&"))
#: How many words either side of a match are read for a repeat of a suggestion.
_REPEAT_REACH = 4


def _stem(word: str) -> str:
    """A crude stem, enough to see "supporting" repeat "support"."""
    for end in ("ing", "ed", "es", "s"):
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


def _avoid_repeats(doc: Doc, start: int, end: int, suggestions: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """``suggestions`` with those that repeat a word near the match moved last, so that
    "robust and reliable" is not rewritten to "reliable and reliable"; and whether the first
    is still fit to apply (not when every suggestion repeats a neighbour). Near: within
    :data:`_REPEAT_REACH` words and joined to the match by "and", "or", "/" or a comma, or
    one of the three words just before it; words are compared by a crude stem."""
    near: set[str] = set()
    for lo, hi, step in ((end, min(len(doc), end + _REPEAT_REACH), 1), (start - 1, max(-1, start - 1 - _REPEAT_REACH), -1)):
        joined = False
        for i in range(lo, hi, step):
            low = doc[i].lower_
            if low in _JOINERS:
                joined = True
            elif doc[i].is_punct:
                break
            elif joined or (step < 0 and i >= start - 3):
                # words on the far side of "and", "or" or a comma, and the three words just
                # before it ("a motivated self-starter", "experience with a track record")
                near.add(_stem(low))
    if not near:
        return suggestions, True

    def repeats(s: str) -> bool:
        return any(w not in _SHARED_WORDS and _stem(w) in near for w in s.lower().replace("-", " ").split())

    fresh = [s for s in suggestions if not repeats(s)]
    if len(fresh) == len(suggestions):
        return suggestions, True
    return tuple(fresh) + tuple(s for s in suggestions if repeats(s)), bool(fresh)


def _capitalised(tok) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and tok.text != "I"


def _in_a_name(doc: Doc, text: str, start: int, end: int, s_char: int, e_char: int,
               term: Mapping[str, Any]) -> bool:
    """Whether capitalised words ``doc[start:end]`` are part of a name or title rather
    than the word itself: in capitals in a line that is not ("Stabilisation Team
    (ASSIST)"); mid-sentence next to another capitalised word ("the Student Streamlining
    Process", "DevOps Ninja Engineer"); or mid-sentence at all, for a term marked
    ``skip_capitalised``."""
    matched = text[s_char:e_char]
    if len(matched) > 1 and matched.isupper():
        line_start = text.rfind("\n", 0, s_char) + 1
        line_end = text.find("\n", e_char)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        # in a line in capitals, its words are capitalised whatever they are
        return any(c.islower() for c in line)
    if _sentence_initial(text, s_char):
        # a value after a label, with a capitalised word after it: "Location: Foster City"
        return _after_a_label(text, s_char) and end < len(doc) and _capitalised(doc[end])
    if term.get("skip_capitalised"):
        return True
    if (start > 0 and _capitalised(doc[start - 1])) or (end < len(doc) and _capitalised(doc[end])):
        return True
    # the first of a list of capitalised words: "a mortgage team – Purchase, Refinance, or Reverse",
    # "HPLC systems with Empower or Chromeleon"
    if end + 1 < len(doc) and doc[end].lower_ in (",", "or", "and", "&", "/") and _capitalised(doc[end + 1]):
        return True
    # the last of a list of capitalised words: "Open, Compassionate and Empowering"
    i = start - 1
    while i >= 0 and doc[i].lower_ in (",", "and", "or", "&"):
        i -= 1
    return i < start - 1 and i >= 0 and _capitalised(doc[i]) and not _sentence_initial(text, doc[i].idx)


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands inside double quotation marks on its line, with
    other words: a quoted slogan or value, not a phrase in scare quotes (“one stop shop”)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before, after = text[line_start:start], text[end:line_end if line_end >= 0 else len(text)]
    for opening, closing in (("“", "”"), ('"', '"')):
        open_before = before.count(opening) > before.count(closing) if opening != closing else before.count('"') % 2
        if open_before and closing in after:
            inner_before = before[before.rfind(opening) + 1:]
            inner_after = after[:after.find(closing)]
            return bool(inner_before.strip() or inner_after.strip())
    return False


def _after_a_label(text: str, pos: int) -> bool:
    """Whether ``pos`` follows a colon on its own line ("Location: ...")."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i] == ":"


def _sentence_initial(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?:\n•●▪-*"


def _context_ok(doc: Doc, start: int, end: int, term: Mapping[str, Any]) -> bool:
    window = int(term.get("window", DEFAULT_WINDOW))
    unless_next = term.get("unless_next")
    unless_prev = term.get("unless_prev")
    only_next = term.get("only_next")
    only_prev = term.get("only_prev")
    if unless_next or only_next:
        nxt = _words(doc, end, min(len(doc), end + window))
        if unless_next and nxt & _lowset(unless_next):
            return False
        if only_next and not (nxt & _lowset(only_next)):
            return False
    if unless_prev or only_prev:
        prv = _words_before(doc, start, window)
        if unless_prev and prv & _lowset(unless_prev):
            return False
        if only_prev and not (prv & _lowset(only_prev)):
            return False
    return True


def _ends_context(tok) -> bool:
    """Context words do not cross punctuation (but "-" and "/") or a line break."""
    return (tok.is_punct and tok.text not in "-/") or "\n" in tok.text


def _words(doc: Doc, start: int, end: int) -> set[str]:
    """The words of ``doc[start:end]`` up to the first punctuation or line break."""
    out = set()
    for tok in doc[start:end]:
        if _ends_context(tok):
            break
        out.add(tok.lower_)
    return out


def _words_before(doc: Doc, start: int, window: int) -> set[str]:
    """Up to ``window`` words before ``doc[start]``, read backwards from it, stopping at
    punctuation or a line break: the words next to the match, not those beyond a comma."""
    out = set()
    for i in range(start - 1, max(-1, start - window - 1), -1):
        tok = doc[i]
        if _ends_context(tok):
            break
        out.add(tok.lower_)
    return out


@functools.lru_cache(maxsize=256)
def _lowset_cached(items: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for item in items:
        w = item.lower()
        out.add(w)
        for surface in inflect.variants(w).values():
            out.add(surface)
    return frozenset(out)


def _lowset(items: Iterable[str]) -> frozenset[str]:
    if isinstance(items, str):
        items = [items]
    return _lowset_cached(tuple(items))


class RegexMatcher:
    """All ``regex`` rules of one rule set."""

    def __init__(self, rules: Sequence[Rule]):
        self.compiled = []
        for rule in rules:
            if rule.type == "regex":
                for pattern in rule.patterns:
                    self.compiled.append((rule, re.compile(pattern, re.IGNORECASE)))

    def find(self, text: str, config: Config) -> list[Finding]:
        out = []
        for rule, rx in self.compiled:
            if config.is_disabled(rule.id):
                continue
            for m in rx.finditer(text):
                if m.end() == m.start() or config.is_allowed(m.group(0)):
                    continue
                first = rule.suggestions[0] if rule.suggestions else ""
                out.append(
                    Finding(
                        rule_id=rule.id,
                        dimension=rule.dimension,
                        start=m.start(),
                        end=m.end(),
                        text=m.group(0),
                        message=rule.render(match=m.group(0), suggestion=first),
                        why=rule.why,
                        suggestions=rule.suggestions,
                        severity=rule.severity,
                        fixable=bool(rule.params.get("fixable", False)) and bool(rule.suggestions),
                        points=rule.points,
                        link=rule.link,
                    )
                )
        return out
