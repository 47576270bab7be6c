"""Checks that measure rather than match (``type: check`` rules).

Each function takes the shared :class:`~advert_assistant.analysis.Analysis`, its rule
(message, why, suggestions, params from the rule file) and the config, and returns
findings. :data:`CHECKS` maps rule ids to functions; the benefits, career-path and
essentials checks live in :mod:`advert_assistant.coverage`.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from .analysis import BULLET_CHARS, Analysis
from .config import Config
from .inflect import match_case
from .ruledata import Rule, categories
from .types import Finding

CheckFn = Callable[[Analysis, Rule, Config], list[Finding]]
CHECKS: dict[str, CheckFn] = {}


def check(rule_id: str):
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[rule_id] = fn
        return fn

    return register


def _finding(rule: Rule, a: Analysis, start: int, end: int, *, message: str | None = None,
             suggestions: tuple[str, ...] | None = None, fixable: bool = False,
             points: float | None = None, **values: str) -> Finding:
    matched = a.text[start:end]
    sugg = rule.suggestions if suggestions is None else suggestions
    return Finding(
        rule_id=rule.id,
        dimension=rule.dimension,
        start=start,
        end=end,
        text=matched,
        message=rule.render(message, match=matched, **values),
        why=rule.render(rule.why, match=matched, **values),
        suggestions=tuple(sugg),
        severity=rule.severity,
        fixable=fixable,
        points=rule.points if points is None else points,
        link=rule.link,
    )


# ---------------------------------------------------------------- clarity

@functools.lru_cache(maxsize=8192)
def _split(sentence: str, max_words: int) -> str:
    """:func:`~advert_assistant.rewrite.split_sentence`, remembered: the same long sentence
    recurs across an organisation's adverts (its standard paragraphs)."""
    from .rewrite import split_sentence

    return split_sentence(sentence, max_words)


@check("clarity.long-sentence")
def long_sentences(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    max_words = int(config.param(rule.id, "max_words", 25))
    out = []
    for i, words in enumerate(a.sentence_words):
        if words <= max_words:
            continue
        s, e = a.sentences[i]
        sentence = a.text[s:e]
        split = _split(sentence, max_words)
        extra = words - max_words
        points = rule.points + min(rule.points, extra * 0.25)
        if split != sentence:
            out.append(_finding(rule, a, s, e, suggestions=(split,), fixable=True, points=points,
                                words=str(words), max_words=str(max_words)))
        else:
            out.append(_finding(rule, a, s, e, points=points, words=str(words), max_words=str(max_words)))
    return out


@check("clarity.passive")
def passive(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    return [_finding(rule, a, s, e) for s, e in a.passive if not config.is_allowed(a.text[s:e])]


_THIRD = re.compile(  # the look-ahead lets the search skip to a possible first letter
    r"(?=[tToOaA])\b(?P<np>(?:the|our|this|a|an)\s+(?:(?:successful|ideal|right|preferred|selected|chosen|new)\s+)?"
    r"(?:candidate|applicant|post[- ]?holder|job[- ]?holder|role[- ]?holder|appointee|incumbent|"
    r"individual|person)(?:\(s\))?)(?P<poss>'s|’s|´s|`s)?(?:\s+(?P<verb>will|must|should|shall|would|can|may|is|was|"
    r"has|needs|requires|(?:will|must|should|would)\s+be|is\s+expected\s+to))?(?:\b|(?<=\(s\)))",
    re.IGNORECASE,
)
_VERB_TO_YOU = {
    "will": "you will", "must": "you must", "should": "you should", "shall": "you will",
    "would": "you would", "can": "you can", "may": "you may", "is": "you are", "was": "you were",
    "has": "you have", "needs": "you need", "requires": "you need",
}


#: What the job title may be followed by to speak of the candidate: "The Practice Nurse
#: will deliver..." ("is" alone is left out: "the Contracts Manager is a key role").
_TITLE_VERBS = (r"(?:will|must|should|shall|would|can|may|needs|requires|(?:will|must|should|would)\s+be|"
                r"is\s+expected\s+to|is\s+responsible|is\s+accountable)")
#: Where a first line stops being the job title: "Staff Nurse - Band 5", "Porter (nights)".
_TITLE_END = re.compile(r"\s*(?:[-–—|(/,:]|\bband\s+\d).*$", re.I)
_TITLE_WORD = re.compile(r"[A-Za-z][\w&'’.-]*")


_TITLE_TAIL = re.compile(rf"(?:(?P<poss>'s|’s)|\s+(?P<verb>{_TITLE_VERBS}))\b", re.IGNORECASE)


def _titles(text: str) -> list[str]:
    """The job title an advert opens with, lower case (and without a band or brackets
    after it), longest first; none when the first line does not look like a title."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first or len(first) > 80 or first[-1] in ".!?;:":
        return []
    titles: list[str] = []
    for title in (first, _TITLE_END.sub("", first)):
        words = title.split()
        low = " ".join(words).lower()
        if 1 <= len(words) <= 8 and all(_TITLE_WORD.fullmatch(w) for w in words) and low not in titles:
            titles.append(low)
    return titles


def _title_matches(text: str) -> list[tuple[int, re.Match[str]]]:
    """(start, tail) of each "the <job title> will/must.../'s": where "the" starts, and the
    match of the verb or possessive after the title."""
    titles = _titles(text)
    if not titles:
        return []
    low = text.lower()
    if len(low) != len(text):
        return []  # a character that lower-cases to two ("İ"): positions would not line up
    out: list[tuple[int, re.Match[str]]] = []
    taken_until = -1
    for title in titles:  # the whole first line first, then its form without a band or brackets
        needle = "the " + title
        pos = low.find(needle)
        while pos >= 0:
            end = pos + len(needle)
            if pos > taken_until and (pos == 0 or not low[pos - 1].isalnum()):
                tail = _TITLE_TAIL.match(text, end)
                if tail is not None:
                    out.append((pos, tail))
                    taken_until = tail.end()
            pos = low.find(needle, end)
    return sorted(out, key=lambda pt: pt[0])


def _you_for(text: str, m: re.Match[str]) -> str:
    """What "you" says instead of the third-person match ``m`` (groups poss and verb)."""
    if m.group("poss"):
        # "the candidate's been trained" is "has", not a possessive
        has = re.match(r"\s+(?:been|got)\b", text[m.end():m.end() + 8], re.I)
        return "you've" if has else "your"
    verb = m.group("verb")
    if not verb:
        return "you"
    v = " ".join(verb.lower().split())
    return _VERB_TO_YOU.get(v) or ("you " + v.replace("is ", "are ", 1) if v.startswith("is ") else "you " + v)


#: What may follow the candidate to say which candidate: "a candidate with a good
#: understanding", "a candidate that must have", "the candidate for this role", "the
#: applicant(s) chosen is".
_POST_MODIFIER = re.compile(r"\s+(?:(?P<with>with)|that|who|whom|whose|which|from|(?P<for>for)|(?P<in>in)|"
                            r"chosen|selected|appointed|hired|recruited|employed)\b", re.I)
#: "The right candidate for this role must have", "The ideal candidate for the
#: scholarship can", "the candidate in this post will": the whole of it is "you must"...
#: (not "for this Health Care Assistant role", whose words would be lost).
_FOR_THE_ROLE = re.compile(  # (an empty "poss" group, which never matches, so _you_for can read it)
    r"(?P<poss>(?!))?\s+(?:for|in)\s+(?:this|the|our|that)\s+(?:[a-z][\w-]*\s+)?(?:role|post|position|job|vacancy|opportunity|"
    r"scholarship|studentship|fellowship|programme|program|placement|apprenticeship|contract)"
    r"\s+(?P<verb>will|must|should|shall|would|can|may|(?:will|must|should|would)\s+be|is\s+expected\s+to)\b",
    re.I)
#: Where "the candidate" is whom the recruiter finds, waits for or hires, not the reader:
#: "once we have found the right candidate", "both the candidate and the employer".
_RECRUITER_BEFORE = re.compile(
    r"(?:\b(?:find|finds|found|finding|wait(?:s|ed|ing)?\s+for|appoint(?:s|ed|ing)?|select(?:s|ed|ing)?|"
    r"hire[sd]?|hiring|recruit(?:s|ed|ing)?|identif(?:y|ies|ied|ying)|choose|chooses|chose|chosen|"
    r"shortlist(?:s|ed|ing)?|both)\s+)$", re.I)
_AND_BEFORE = re.compile(r"\b(?:and|or)\s+$", re.I)
#: Verbs whose "that" starts what is said, not which candidate: "tell the candidate that...".
_TELL_BEFORE = re.compile(r"\b(?:inform|tell|advise|notify|remind|assure|show|convince|persuade|ask)(?:s|ed|ing)?\s+$",
                          re.I)
#: Verbs that take "someone with something": "provide the candidate with training".
_WITH_BEFORE = re.compile(r"\b(?:provide|present|supply|equip|furnish|reward)(?:s|d|ed|ing)?\s+$", re.I)
_AS_BEFORE = re.compile(r"\bas\s+$", re.I)
_S_VERB_NEXT = re.compile(r"\s+(?:[a-z]+ly\s+)?[a-z]{2,}[^s\W]?s\b")
_AND_ANOTHER = re.compile(r"\s+(?:and|or)\s+(?:the|their|his|her|our|a|an|its|any)\b", re.I)
#: "no matter how capable the candidate": "how capable you are".
_HOW_BEFORE = re.compile(r"\bhow\s+[A-Za-z]+\s+$", re.I)


_HEADING_AFTER = re.compile(r"[ \t]*:?[ \t]*(?:\n|$)")
_BULLETS = "".join(sorted(BULLET_CHARS))
_HEADING_BEFORE = re.compile(rf"(?:^|\n)[ \t]*(?:[{re.escape(_BULLETS)}][ \t]*)?(?:About[ \t]+)?$", re.IGNORECASE)
_YOU_NEXT = re.compile(r"\s*,?\s*(?:you|your|you['’](?:ll|re|ve|d))\b", re.I)
_YOU_ARE_BEFORE = re.compile(r"\b(?:you\s+are|you['’]re|are\s+you|you\s+(?:could|may|might|will|would)\s+be|"
                             r"you['’]ll\s+be|(?:who|what)\s+(?:is|was)|(?:make|makes|making|made)\s+you)\s+$", re.I)
#: "candidate drugs", "the candidate experience": the word is not the reader
_NOT_THE_READER_NEXT = re.compile(r"\s+(?:drugs?|compounds?|molecules?|genes?|targets?|vaccines?|materials?|"
                                  r"experience|journey|pool|pools|lists?|packs?|portal|profiles?|selection|"
                                  r"attraction|sourcing|screening|assessment centre)\b", re.I)
_TO_NEXT = re.compile(r"\s+to\b")
#: "the main role of" before the candidate: the candidate's own role
_THE_X_OF = re.compile(r"(?:^|(?<=[\s(]))(?P<the>the|an?)\s+(?P<x>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)\s+of\s+$", re.I)
#: a preposition before the candidate: the verb after it has another subject ("the main
#: challenge for the candidate is to ...")
_PREPOSITION_BEFORE = re.compile(r"\b(?:for|to|with|of|from|by|about|on|into|onto|upon)\s+$", re.I)


def _third_finding(a: Analysis, rule: Rule, m: re.Match[str]) -> Finding | None:
    """The finding for one match of :data:`_THIRD`, or None where it is not the reader."""
    from .rewrite import _sentence_bounds, _subject_position

    text = a.text
    noun = m.group("np").lower().split()[-1]
    verb, poss = m.group("verb"), m.group("poss")
    if noun in ("individual", "person") and (
            not verb or (verb.lower() == "needs" and not _TO_NEXT.match(text, m.end()))):
        # "the individual('s)" without a verb, or "the individual needs of", is too often not the reader
        return None
    if not poss and _NOT_THE_READER_NEXT.match(text, m.end("np")):
        return None
    if verb and not poss and text[m.start()].islower():
        owner = _THE_X_OF.search(text, max(0, m.start() - 60), m.start())
        if owner is not None:
            # "The main role of the post holder will be" -> "Your main role will be"
            return _finding(rule, a, owner.start(), m.end("np"), fixable=True,
                            suggestions=(match_case(owner.group("the"), "your") + " " + owner.group("x"),))
        if _PREPOSITION_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            # "the location for the candidate will be" -> "for you will be": only the noun phrase changes
            return _finding(rule, a, m.start(), m.end("np"), suggestions=("you",), fixable=True)
    if verb or poss:
        return _finding(rule, a, m.start(), m.end(), suggestions=(_you_for(text, m),), fixable=True)
    heading = (m.group("np")[:3].lower() in ("the", "our") and _HEADING_AFTER.match(text, m.end())
               and _HEADING_BEFORE.search(text, max(0, m.start() - 12), m.start()))
    if heading:
        # a heading line: "The Ideal Candidate" (not "You") -> "About you"; "About the candidate" -> "About you"
        about = heading.group(0).strip(" \t\n" + _BULLETS).lower() == "about"
        return _finding(rule, a, m.start(), m.end(), suggestions=("you" if about else "About you",), fixable=True)
    if _YOU_NEXT.match(text, m.end()):
        return None  # "As the post holder, you will...": already speaks to the reader
    before = text[max(0, m.start() - 40):m.start()]
    if _YOU_ARE_BEFORE.search(before):
        return None  # "You are the ideal candidate if...": already the reader
    if _RECRUITER_BEFORE.search(before) or _AND_ANOTHER.match(text, m.end()):
        return None  # whom we find, hire or wait for; one of two people
    if _AND_BEFORE.search(before) and not _S_VERB_NEXT.match(text, m.end()):
        return None  # "the employer and the candidate" (but "... and the candidate leads the team")
    modifier = _POST_MODIFIER.match(text, m.end())
    if modifier and not (modifier.group(0).strip().lower() == "that" and _TELL_BEFORE.search(before)):
        sent_start, _ = _sentence_bounds(text, m.start(), m.end())
        # a capital "The" mid-line starts a sentence that lost its full stop
        subject = text[m.start()].isupper() or _subject_position(text, sent_start, m.start())
        if not subject:
            if (modifier.group("in") or (modifier.group("with") and _WITH_BEFORE.search(before))
                    or (modifier.group("for") and not _AS_BEFORE.search(before))):
                # "support the candidate in their training", "provide the candidate with
                # training", "sponsor the candidate for a visa" (but "as a candidate for")
                return _finding(rule, a, m.start(), m.end(), suggestions=(_you_for(text, m),), fixable=True)
            return None  # "we require a candidate with...": a requirement, not the reader
        role = _FOR_THE_ROLE.match(text, m.end())
        if role is not None:  # "The right candidate for this role must" -> "You must"
            return _finding(rule, a, m.start(), role.end(), suggestions=(_you_for(text, role),), fixable=True)
        # "The candidate with the most experience will...": about the reader, but "you
        # with the most experience" is not English
        return _finding(rule, a, m.start(), m.end(), suggestions=(), fixable=False)
    if _HOW_BEFORE.search(before) and re.match(r"\s*(?:[).,;:!?]|$)", text[m.end():m.end() + 2]):
        return _finding(rule, a, m.start(), m.end(), suggestions=("you are",), fixable=True)
    return _finding(rule, a, m.start(), m.end(), suggestions=(_you_for(text, m),), fixable=True)


@check("clarity.third-person")
def third_person(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    out = []
    for m in _THIRD.finditer(a.text):
        f = _third_finding(a, rule, m)
        if f is not None:
            out.append(f)
    titled = _title_matches(a.text)
    if titled:
        taken = [(f.start, f.end) for f in out]
        for start, tail in titled:
            end = tail.end()
            if start > 0 and not any(s < end and start < e for s, e in taken):
                out.append(_finding(rule, a, start, end, suggestions=(_you_for(a.text, tail),), fixable=True))
        out.sort(key=lambda f: f.start)
    return out


@check("clarity.wall-of-text")
def wall_of_text(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    max_words = int(config.param(rule.id, "max_words", 100))
    out = []
    for first, last in a.paragraphs:
        words = sum(a.sentence_words[first:last])
        if words > max_words and not any(a.is_bullet[first:last]):
            s, e = a.sentences[first]
            out.append(_finding(rule, a, s, e, words=str(words), max_words=str(max_words)))
    return out


@check("clarity.length")
def length(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    low = int(config.param(rule.id, "min_words", 300))
    high = int(config.param(rule.id, "max_words", 700))
    words = a.counts.words
    if low <= words <= high:
        return []
    if words < low:
        message = rule.params.get("message_short", rule.message)
        gap = low - words
    else:
        message = rule.params.get("message_long", rule.message)
        gap = words - high
    points = min(3 * rule.points, rule.points * (1 + gap / 200))
    return [_finding(rule, a, 0, 0, message=message, points=points, words=str(words),
                     min_words=str(low), max_words=str(high))]


@check("clarity.reading-grade")
def reading_grade(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    from .stats import readability

    max_grade = float(config.param(rule.id, "max_grade", 11))
    if a.counts.words < int(config.param(rule.id, "min_words", 10)):
        return []
    grade = readability(a.counts)["flesch_kincaid_grade"]
    if grade <= max_grade:
        return []
    points = min(4 * rule.points, rule.points * (grade - max_grade))
    return [_finding(rule, a, 0, 0, points=points, grade=f"{grade:.1f}", max_grade=f"{max_grade:g}")]


@check("clarity.few-bullets")
def few_bullets(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    min_share = float(config.param(rule.id, "min_share", 0.1))
    min_words = int(config.param(rule.id, "min_words", 200))
    if a.counts.words < min_words or a.counts.words == 0:
        return []
    share = a.bullet_words / a.counts.words
    if share >= min_share:
        return []
    return [_finding(rule, a, 0, 0, share=f"{share:.0%}")]


@check("clarity.not-english")
def not_english(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    min_share = float(config.param(rule.id, "min_stopword_share", 0.15))
    if a.alpha_tokens < 15:
        return []
    share = a.stop_tokens / a.alpha_tokens
    if share >= min_share:
        return []
    return [_finding(rule, a, 0, 0, share=f"{share:.0%}")]


# ---------------------------------------------------------------- jargon

#: Capitals (digits, "&"), or mixed case where a small letter sits between capitals: "DBS",
#: "A&E", "AfC", "DDaT", "GPhC"; not "JavaScript" or "McDonald".
_ACRONYM_BODY = r"[A-Z](?:[A-Z0-9&]|[a-z](?=[A-Z])){1,6}"
# (the look-aheads let a search skip straight to capitals)
_ACRONYM = re.compile(rf"(?=[A-Z])\b({_ACRONYM_BODY})(s?)\b")
_IN_BRACKETS = re.compile(r"\(([A-Za-z][A-Za-z0-9&]{1,7}?)s?\)")
_BEFORE_BRACKET = re.compile(rf"(?=[A-Z])\b({_ACRONYM_BODY})s?\s+\(")


#: A line that gives an address: its capitals are state or country codes ("US, CA, San Diego").
_ADDRESS_LINE = re.compile(r"[ \t•*-]*(?:job )?(?:location|address|based|office)s?\s*:", re.I)


def _not_an_acronym(text: str, start: int, end: int, line_start: int) -> bool:
    """Capitals that are not an abbreviation a reader must know: a placeholder
    ("<NAME>"), part of a hashtag ("#LI-AO1") or of ".NET", a label before a colon
    ("SALARY:"), or a code in an address line ("Location: US, CA, San Diego")."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if (before and before in "<.#") or after in (">", ":"):
        return True
    chunk_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    if text.startswith("#", chunk_start):
        return True
    return _ADDRESS_LINE.match(text, line_start) is not None


@check("jargon.unexpanded-acronym")
def acronyms(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    known = _known_acronyms(rule.id, config)
    text = a.text
    expanded = set(_IN_BRACKETS.findall(text)) | set(_BEFORE_BRACKET.findall(text))
    seen: set[str] = set()
    lines: dict[int, tuple[int, int]] = {}  # line start -> (letters, capitals)
    out = []
    for m in _ACRONYM.finditer(text):
        acro = m.group(1)
        if acro in seen or acro in known or acro in expanded:
            continue
        if sum(c.isalpha() for c in acro) < 2 or config.is_allowed(acro):
            seen.add(acro)
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _not_an_acronym(text, m.start(1), m.end(), line_start):
            continue  # not seen: a later use of the same letters may still be one
        seen.add(acro)
        # a line mostly in capitals is a heading, not an acronym
        counted = lines.get(line_start)
        if counted is None:
            line_end = text.find("\n", m.end())
            line = text[line_start: line_end if line_end >= 0 else len(text)]
            counted = lines[line_start] = (sum(map(str.isalpha, line)), sum(map(str.isupper, line)))
        letters, capitals = counted
        if letters > len(acro) + 3 and capitals / letters > 0.6:
            continue
        out.append(_finding(rule, a, m.start(1), m.end(1)))
    return out


_KNOWN: dict[tuple, frozenset[str]] = {}


def _known_acronyms(rule_id: str, config: Config) -> frozenset[str]:
    words = tuple(config.param(rule_id, "known", []))
    known = _KNOWN.get(words)
    if known is None:
        known = _KNOWN[words] = frozenset(w.upper() for w in words) | frozenset(words)
    return known


# ---------------------------------------------------------------- inclusivity

def _coded_sets() -> tuple[dict, dict, frozenset[str]]:
    data = categories("inclusivity")
    return data.get("masculine") or {}, data.get("feminine") or {}, frozenset(
        w.lower() for w in data.get("not_coded") or ())


_CODED_CACHE: dict[str, str | None] = {}


@functools.lru_cache(maxsize=1)
def _coded_matchers() -> tuple[tuple[tuple[str, frozenset[str], re.Pattern[str] | None], ...], frozenset[str]]:
    """Per kind: the exact words and one pattern for the stems ("lead*"); and the exceptions."""
    masc, fem, exceptions = _coded_sets()
    kinds = []
    for kind, stems in (("masculine", masc), ("feminine", fem)):
        exact = frozenset(st for st in stems if not st.endswith("*"))
        prefixes = sorted((st[:-1] for st in stems if st.endswith("*")), key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, prefixes))) if prefixes else None
        kinds.append((kind, exact, pattern))
    return tuple(kinds), exceptions


def coded(low: str) -> str | None:
    """'masculine', 'feminine' or None for one lower-case token (Gaucher et al. 2011 stems)."""
    try:
        return _CODED_CACHE[low]
    except KeyError:
        pass
    kinds, exceptions = _coded_matchers()
    result = None
    if low not in exceptions and (low.isalpha() or "-" in low):
        for kind, exact, prefixes in kinds:
            if low in exact or (prefixes is not None and prefixes.match(low)):
                result = kind
                break
    if len(_CODED_CACHE) < 500_000:
        _CODED_CACHE[low] = result
    return result


def gender_coding(a: Analysis) -> dict:
    """Counts of masculine- and feminine-coded words, their rate and balance (cached on ``a``)."""
    if a.gender is not None:
        return a.gender
    masc, fem = a.masculine, a.feminine
    words = a.counts.words or 1
    balance = len(fem) - len(masc)
    if balance == 0:
        verdict = "neutral"
    elif balance > 3:
        verdict = "strongly feminine-coded"
    elif balance > 0:
        verdict = "feminine-coded"
    elif balance < -3:
        verdict = "strongly masculine-coded"
    else:
        verdict = "masculine-coded"
    text = a.text
    result = {
        "masculine": sorted({text[s:e].lower() for s, e in masc}),
        "feminine": sorted({text[s:e].lower() for s, e in fem}),
        "masculine_count": len(masc),
        "feminine_count": len(fem),
        "rate_per_100_words": 100.0 * (len(masc) + len(fem)) / words,
        "balance": balance,
        "verdict": verdict,
        "_masculine_spans": masc,
    }
    a.gender = result
    return result


@check("inclusivity.masculine-coded")
def masculine_coded(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    coding = gender_coding(a)
    min_gap = int(config.param(rule.id, "min_gap", 2))
    if coding["masculine_count"] - coding["feminine_count"] < min_gap:
        return []
    alternatives = categories("inclusivity").get("alternatives") or {}
    seen = set()
    out = []
    for s, e in coding["_masculine_spans"]:
        word = a.text[s:e].lower()
        if word in seen or config.is_allowed(word):
            continue
        seen.add(word)
        alts = tuple(alternatives.get(word) or ())
        out.append(_finding(rule, a, s, e, suggestions=alts, fixable=False,
                            masculine=str(coding["masculine_count"]), feminine=str(coding["feminine_count"])))
    return out


_REQ_HEADING = re.compile(
    r"^\W*(?:essential|requirements|person specification|what you(?:'ll| will) need|you will need|"
    r"skills(?: and| &) experience|qualifications|criteria|who you are|what we(?:'re| are) looking for)",
    re.IGNORECASE,
)


@check("inclusivity.long-requirements")
def long_requirements(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    max_items = int(config.param(rule.id, "max_items", 10))
    out = []
    i, n = 0, len(a.sentences)
    while i < n:
        if not a.is_bullet[i] and _REQ_HEADING.match(a.sentence_text(i)) and a.sentence_words[i] <= 8:
            j = i + 1
            items = 0
            while j < n and (a.is_bullet[j] or a.sentence_words[j] > 3):
                if not a.is_bullet[j] and a.sentence_words[j] <= 5 and not a.sentence_text(j).endswith("."):
                    break  # the next heading
                items += 1
                j += 1
            if items > max_items:
                s, e = a.sentences[i]
                out.append(_finding(rule, a, s, e, items=str(items), max_items=str(max_items)))
            i = j
        else:
            i += 1
    return out


_INCLUSION: dict[tuple, list] = {}


def _with_words(patterns: tuple[str, ...]) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """Each pattern compiled (ignoring case) with the words one of which every match contains.

    A case-insensitive search cannot jump to a literal prefix, so scanning a long advert
    with each pattern is slow; looking first for the pattern's words in the lower-cased
    text skips most of them."""
    from .coverage import required_words

    out = []
    for p in patterns:
        words = required_words(p) or ()
        out.append((re.compile(p, re.IGNORECASE), tuple(w.rstrip("*").lower() for w in words)))
    return out


@check("inclusivity.no-inclusion-statement")
def no_inclusion_statement(a: Analysis, rule: Rule, config: Config) -> list[Finding]:
    if a.counts.words < int(config.param(rule.id, "min_words", 150)):
        return []
    patterns = tuple(config.param(rule.id, "evidence", ["equal opportunit"]))
    compiled = _INCLUSION.get(patterns)
    if compiled is None:
        compiled = _INCLUSION[patterns] = _with_words(patterns)
    low = a.text.lower()
    for rx, words in compiled:
        if words and not any(w in low for w in words):
            continue  # none of the words that every match needs is in the text
        if rx.search(a.text):
            return []
    end = len(a.text)
    return [_finding(rule, a, end, end)]
