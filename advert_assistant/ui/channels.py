"""Channel versions of an advert: a LinkedIn post and a post for X.

Pure functions over the improved advert and its :class:`~advert_assistant.types.Report`:
:func:`job_facts` pulls out the title, salary, location, closing date and strongest
benefits; :func:`linkedin_post` and :func:`x_post` write the posts. An X post is at most
280 characters *as X counts them* (:func:`x_length`): a URL counts 23 whatever its
length, and characters outside the Latin, punctuation and a few symbol ranges count 2.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..types import BENEFIT_CATEGORIES, Report

X_LIMIT = 280
X_URL_LENGTH = 23
PLACEHOLDER_LINK = "https://example.com/apply"

#: Code point ranges X counts as 1 (twitter-text configuration v3); all others count 2.
_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL = re.compile(r"https?://[^\s<>\"]+", re.I)

#: Order in which benefits are "strongest" for a candidate skimming a post.
BENEFIT_PRIORITY = (
    "flexible_working", "pension", "annual_leave", "learning_development",
    "financial_extras", "family_friendly", "health_wellbeing",
)
_BENEFIT_SHORT = {
    "pension": "pension",
    "annual_leave": "paid annual leave",
    "flexible_working": "flexible working",
    "learning_development": "training and development",
    "health_wellbeing": "wellbeing support",
    "family_friendly": "family-friendly policies",
    "financial_extras": "extras",
}
assert set(BENEFIT_PRIORITY) == set(BENEFIT_CATEGORIES)


def x_length(text: str) -> int:
    """The length of ``text`` as X counts it: NFC, URLs as 23, wide characters as 2."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for m in _URL.finditer(text):
        total += _weighted(text[pos:m.start()]) + X_URL_LENGTH
        pos = m.end()
    return total + _weighted(text[pos:])


def _weighted(text: str) -> int:
    n = 0
    for ch in text:
        cp = ord(ch)
        n += 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT_RANGES) else 2
    return n


@dataclass
class JobFacts:
    title: str = ""
    salary: str = ""
    location: str = ""
    working_pattern: str = ""
    closing_date: str = ""
    benefits: list[str] = field(default_factory=list)   # short phrases, strongest first
    benefit_keys: list[str] = field(default_factory=list)  # their categories
    summary: str = ""


_SALARY = re.compile(
    r"(?:£|\$|€)\s?\d[\d,]*(?:\.\d+)?\s?k?(?:\s*(?:-|–|—|to)\s*(?:£|\$|€)?\s?\d[\d,]*(?:\.\d+)?\s?k?)?"
    r"(?:\s*(?:per|a|an)\s+(?:year|annum|hour|day|week|month))?",
    re.I,
)
_TITLE_LABEL = re.compile(r"^\s*(?:job title|role|position|vacancy)\s*[:\-–]\s*(.+)$", re.I | re.M)
_NOT_TITLE = re.compile(r"^(?:about|we are|we're|our|the role|job description|overview|summary|introduction)\b", re.I)


def _evidence(report: Report, mapping: str, key: str) -> list[str]:
    cov = getattr(report.coverage, mapping).get(key)
    if cov and cov.found:
        return [_strip(e.text) for e in cov.evidence if _strip(e.text)]
    return []


def _first(report: Report, mapping: str, key: str) -> str:
    found = _evidence(report, mapping, key)
    return found[0] if found else ""


_LEAD = re.compile(r"^[\s\u2022\-*·–—>]+")


def _strip(text: str) -> str:
    """One line, without a leading bullet or trailing punctuation."""
    return _LEAD.sub("", " ".join(text.split())).strip().rstrip(".;:,").strip()


def short_phrase(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else its first clause if that fits, else ""."""
    text = _strip(text)
    if len(text) <= limit:
        return text
    for sep in (": ", " – ", " - ", " (", ", ", "; "):
        head = text.split(sep, 1)[0].strip()
        if len(head.split()) >= 2 and len(head) <= limit:
            return head
    return ""


def _place(text: str) -> str:
    """'Based at Riverside Health Centre, Kettleby, covering ...' -> 'Riverside Health Centre, Kettleby'."""
    text = re.sub(r"^(?:location|based (?:at|in)|work(?:ing)? (?:from|at|in)|site)\s*:?\s*", "",
                  _strip(text), flags=re.I)
    parts = []
    for part in text.split(", "):
        if parts and not part[:1].isupper() and not part[:1].isdigit():
            break
        parts.append(part)
    return _strip(", ".join(parts))


_PATTERN = re.compile(r"full[- ]time|part[- ]time|\d+(?:\.\d+)? hours|shift|monday|job share|hybrid|"
                      r"compressed|term[- ]time", re.I)


def _pattern(text: str) -> str:
    pieces = [p for p in re.split(r"\s*[|•]\s*", text) if _PATTERN.search(p)]
    return _strip(pieces[0]) if pieces else ""


def _guess_title(text: str) -> str:
    m = _TITLE_LABEL.search(text[:2000])
    if m:
        return _tidy(m.group(1))
    for line in text.splitlines()[:6]:
        line = _tidy(line.lstrip("#*-• "))
        if not line:
            continue
        words = line.split()
        if len(words) <= 10 and not line.endswith((".", "!", "?", ":")) and not _NOT_TITLE.match(line):
            return line
        break
    return ""


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" .;:,")


def _sentences(text: str) -> list[str]:
    return [s for s in (" ".join(x.split()) for x in re.split(r"(?<=[.!?])\s+|\n+", text)) if s]


def job_facts(report: Report) -> JobFacts:
    """Title, salary, location, pattern, closing date, strongest benefits and a summary."""
    text = report.text
    facts = JobFacts(title=_guess_title(text))
    salary_ev = _first(report, "essentials", "salary")
    m = _SALARY.search(salary_ev) or _SALARY.search(text)
    facts.salary = _tidy(m.group(0)) if m else short_phrase(salary_ev, 60)
    facts.location = short_phrase(_place(_first(report, "essentials", "location")), 60)
    facts.working_pattern = short_phrase(_pattern(_first(report, "essentials", "working_pattern")), 40)
    closing = _first(report, "essentials", "closing_date")
    closing = re.sub(r"^(?:the\s+)?closing date(?:\s+is)?\s*[:\-–]?\s*", "", closing, flags=re.I)
    facts.closing_date = short_phrase(closing, 40)
    for cat in BENEFIT_PRIORITY:
        found = [e for e in _evidence(report, "benefits", cat) if len(e.split()) >= 3]
        if not _evidence(report, "benefits", cat):
            continue
        phrase = (short_phrase(found[0], 80) if found else "") or _BENEFIT_SHORT[cat]
        if phrase.lower() not in (b.lower() for b in facts.benefits):
            facts.benefits.append(phrase)
            facts.benefit_keys.append(cat)
    for sentence in _sentences(text):
        words = len(sentence.split())
        if sentence == facts.title or not 8 <= words <= 45 or "|" in sentence or sentence[-1] not in ".!?":
            continue
        facts.summary = sentence
        break
    return facts


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def linkedin_post(report: Report, *, link: str = PLACEHOLDER_LINK, max_benefits: int = 4) -> str:
    """A LinkedIn post: headline, the essentials, the strongest benefits, a line about the job, the link."""
    f = job_facts(report)
    headline = f"We're hiring: {f.title}" if f.title else "We're hiring"
    if f.location:
        headline += f" in {f.location}" if not f.location.lower().startswith(("remote", "home")) else f" ({f.location})"
    lines = [headline, ""]
    if f.summary:
        lines += [f.summary if f.summary.endswith((".", "!", "?")) else f.summary + ".", ""]
    facts = []
    if f.salary:
        facts.append(f"Salary: {f.salary}")
    if f.location:
        facts.append(f"Location: {f.location}")
    if f.working_pattern:
        facts.append(f"Hours: {f.working_pattern}")
    if facts:
        lines += facts + [""]
    if f.benefits:
        lines.append("What you get:")
        lines += [f"- {_cap(b)}" for b in f.benefits[:max_benefits]]
        lines.append("")
    apply = f"Apply by {f.closing_date}: {link}" if f.closing_date else f"Find out more and apply: {link}"
    lines += [apply, "", "#hiring #jobs"]
    return "\n".join(lines).strip() + "\n"


def x_post(report: Report, *, link: str = PLACEHOLDER_LINK, limit: int = X_LIMIT) -> str:
    """A post for X of at most ``limit`` characters as X counts them.

    Parts are dropped from the least important (extra benefits, closing date, hashtag)
    until it fits; the headline is shortened last.
    """
    f = job_facts(report)
    head = f"Hiring: {f.title}" if f.title else "We're hiring"
    where = f" in {f.location}" if f.location else ""
    benefits = [short_phrase(b, 40) or _BENEFIT_SHORT[k] for b, k in zip(f.benefits[:3], f.benefit_keys)]
    closing = f.closing_date
    hashtag = True

    def compose(head: str, benefits: list[str], closing: str, hashtag: bool) -> str:
        parts = [head + where + "."]
        if f.salary:
            parts.append(f"{f.salary}.")
        if benefits:
            parts.append(_cap(", ".join(benefits)) + ".")
        parts.append(f"Apply by {closing}: {link}" if closing else f"Apply: {link}")
        if hashtag:
            parts.append("#hiring")
        return " ".join(parts)

    post = compose(head, benefits, closing, hashtag)
    while x_length(post) > limit and len(benefits) > 1:
        benefits = benefits[:-1]
        post = compose(head, benefits, closing, hashtag)
    for step in ("hashtag", "closing", "benefits"):
        if x_length(post) <= limit:
            break
        if step == "hashtag":
            hashtag = False
        elif step == "closing":
            closing = ""
        else:
            benefits = []
        post = compose(head, benefits, closing, hashtag)
    while x_length(post) > limit and len(head) > 12:
        head = head[: max(12, len(head) - max(4, x_length(post) - limit))].rstrip() + "…"
        post = compose(head, benefits, closing, hashtag)
    if x_length(post) > limit:  # a pathological salary or location: keep the link, cut the rest
        tail = f" {link}"
        body = post[: max(0, limit - x_length(tail) - 1)]
        while body and x_length(body + "…" + tail) > limit:
            body = body[:-1]
        post = body.rstrip() + "…" + tail
    return post
