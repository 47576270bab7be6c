"""'Add what's missing': write a benefits section or a career-path section in plain English.

Pure functions. :func:`benefits_section` and :func:`career_section` turn what the
recruiter ticks and types into a short, well-formed section; :func:`insert_section`
puts it into the draft (before the "how to apply" part when there is one) and replaces
a section of the same heading written earlier, so using a builder twice never leaves
two copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BENEFITS_HEADING = "What we offer"
CAREER_HEADING = "Where this job can take you"

#: Working patterns the benefits builder offers, with the sentence each writes.
FLEXIBLE_PATTERNS: dict[str, str] = {
    "hybrid": "Hybrid working",
    "flexitime": "Flexitime, so you can choose your start and finish times",
    "compressed hours": "Compressed hours, for example a nine-day fortnight",
    "part time or job share": "Part-time hours or a job share considered",
    "fully remote": "Fully remote working",
    "flexible hours": "Flexible working hours",
}

_BULLET = "- "


class BuilderError(ValueError):
    """What the recruiter entered cannot make a section (nothing ticked, a bad number)."""


def _clean(value: object) -> str:
    return " ".join(str(value or "").split()).strip().rstrip(".;,")


def _number(value: object, what: str, *, low: float, high: float) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        n = float(str(value).strip().rstrip("%").replace(",", "").lstrip("£"))
    except ValueError:
        raise BuilderError(f"{what} must be a number, not {str(value)[:30]!r}") from None
    if not low <= n <= high:
        raise BuilderError(f"{what} must be between {low:g} and {high:g}")
    return n


def _fmt(n: float) -> str:
    return f"{n:,.0f}" if n == int(n) else f"{n:,.1f}"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@dataclass
class BenefitsOffer:
    """What the job offers, as the recruiter entered it. Empty fields are left out."""

    pension: bool = False
    pension_contribution: float | str | None = None   # employer contribution, per cent
    pension_scheme: str = ""                           # e.g. "Civil Service pension"
    annual_leave: bool = False
    leave_days: float | str | None = None
    leave_plus_bank_holidays: bool = True
    leave_rising_to: float | str | None = None
    flexible_working: bool = False
    flexible_pattern: str = ""                         # a FLEXIBLE_PATTERNS key or free text
    flexible_details: str = ""                         # e.g. "two days a week in our Leeds office"
    learning_development: bool = False
    learning_budget: float | str | None = None         # pounds a year
    learning_details: str = ""                         # e.g. "study leave for professional exams"
    health_wellbeing: bool = False
    health_details: str = ""
    family_friendly: bool = False
    family_details: str = ""
    financial_extras: bool = False
    financial_details: str = ""
    extra: list[str] = field(default_factory=list)     # any other lines


def benefit_lines(offer: BenefitsOffer) -> list[str]:
    """One plain-English line per ticked benefit."""
    lines: list[str] = []
    if offer.pension:
        pct = _number(offer.pension_contribution, "Pension contribution", low=0, high=100)
        scheme = _clean(offer.pension_scheme)
        if scheme and pct is not None:
            lines.append(f"Membership of the {scheme}, with an employer contribution of {_fmt(pct)}% of your salary")
        elif scheme:
            lines.append(f"Membership of the {scheme}")
        elif pct is not None:
            lines.append(f"A workplace pension with an employer contribution of {_fmt(pct)}% of your salary")
        else:
            lines.append("A workplace pension with employer contributions")
    if offer.annual_leave:
        days = _number(offer.leave_days, "Days of annual leave", low=1, high=100)
        rising = _number(offer.leave_rising_to, "Annual leave rising to", low=1, high=100)
        if days is None:
            raise BuilderError("Enter the number of days of annual leave")
        line = f"{_fmt(days)} days' annual leave"
        if rising is not None and rising > days:
            line += f", rising to {_fmt(rising)} days with service"
        if offer.leave_plus_bank_holidays:
            line += ", plus bank holidays"
        lines.append(line)
    if offer.flexible_working:
        pattern = _clean(offer.flexible_pattern)
        details = _clean(offer.flexible_details)
        base = FLEXIBLE_PATTERNS.get(pattern.lower(), _sentence_case(pattern) if pattern else "Flexible working")
        if "flexib" not in base.lower():
            base = f"Flexible working: {base[:1].lower() + base[1:]}"
        lines.append(f"{base}, {details}" if details else base)
    if offer.learning_development:
        budget = _number(offer.learning_budget, "Learning budget", low=0, high=1_000_000)
        details = _clean(offer.learning_details)
        if budget:
            line = f"A personal learning and development budget of £{_fmt(budget)} a year"
        else:
            line = "Paid time and support for training and development"
        lines.append(f"{line}, and {details[:1].lower() + details[1:]}" if details else line)
    if offer.health_wellbeing:
        details = _clean(offer.health_details)
        lines.append(f"Health and wellbeing support: {details}" if details
                     else "Health and wellbeing support, including an employee assistance programme")
    if offer.family_friendly:
        details = _clean(offer.family_details)
        lines.append(f"Family-friendly policies: {details}" if details
                     else "Family-friendly policies, including enhanced maternity, paternity and adoption pay")
    if offer.financial_extras:
        details = _clean(offer.financial_details)
        lines.append(_sentence_case(details) if details else "A season ticket loan and a cycle to work scheme")
    lines.extend(_sentence_case(_clean(x)) for x in offer.extra if _clean(x))
    return lines


def benefits_section(offer: BenefitsOffer, *, heading: str = BENEFITS_HEADING) -> str:
    """A 'What we offer' section: a heading and one bullet per benefit."""
    lines = benefit_lines(offer)
    if not lines:
        raise BuilderError("Tick at least one benefit the job offers")
    return heading + "\n\n" + "\n".join(_BULLET + line for line in lines)


_TIMELINE_LEAD = re.compile(r"^(after|within|once|on|by|in|from|at|over|when|following)\b", re.I)


def _timeline_phrase(timeline: str) -> str:
    t = _clean(timeline)
    if not t:
        return ""
    if _TIMELINE_LEAD.match(t):
        return t[:1].lower() + t[1:]
    return f"within {t}"


def _join(items: list[str], last: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _items(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = re.split(r"[\n;]|,(?![^()]*\))", value)
    return [x for x in (_clean(v) for v in value) if x]


def career_lines(*, next_roles: str | list[str] | None = None, timeline: str = "",
                 training: str | list[str] | None = None, qualifications: str | list[str] | None = None,
                 framework: str = "") -> list[str]:
    """One plain-English line per part of the career path the recruiter filled in."""
    roles = _items(next_roles)
    when = _timeline_phrase(timeline)
    trainings = _items(training)
    quals = _items(qualifications)
    frame = _clean(framework)
    lines = []
    if roles:
        lead = f"{_sentence_case(when)}, you" if when else "You"
        lines.append(f"{lead} could progress to {_join(roles)}, with a clear route to get there")
    elif when:
        lines.append(f"{_sentence_case(when)}, we will review your progression with you and agree your next step")
    if trainings:
        lines.append(f"Structured training along the way: {_join(trainings, 'and')}")
    if quals:
        noun = "qualification" if len(quals) == 1 else "qualifications"
        lines.append(f"We will fund and support you to gain the {noun} {_join(quals, 'and')}")
    if frame:
        lines.append(f"Your development follows the {frame}, so you can see what each next step needs")
    return lines


def career_section(*, next_roles: str | list[str] | None = None, timeline: str = "",
                   training: str | list[str] | None = None, qualifications: str | list[str] | None = None,
                   framework: str = "", heading: str = CAREER_HEADING) -> str:
    """A 'Where this job can take you' section from the career-path builder's fields."""
    lines = career_lines(next_roles=next_roles, timeline=timeline, training=training,
                         qualifications=qualifications, framework=framework)
    if not lines:
        raise BuilderError("Fill in at least one of: next roles, timeline, training, qualifications, framework")
    return heading + "\n\n" + "\n".join(_BULLET + line for line in lines)


_APPLY_LINE = re.compile(
    r"^[ \t]*(?:how to apply|to apply\b|apply (?:now|online|by|via|through|here)|closing date|"
    r"for an informal (?:chat|discussion)|send your (?:cv|application))",
    re.I | re.M,
)
_BULLET_LINE = re.compile(r"^[ \t]*(?:[-*•·–]|\d+[.)])\s")


def _existing_section(text: str, heading: str) -> tuple[int, int] | None:
    """Where a section with this exact heading line and a bullet list under it sits."""
    for m in re.finditer(rf"^[ \t]*{re.escape(heading)}[ \t:]*$", text, re.I | re.M):
        end = None
        pos = m.end()
        for line in re.finditer(r"[^\n]*", text[pos:]):
            content = line.group()
            if not content.strip():
                continue
            if _BULLET_LINE.match(content):
                end = pos + line.end()
                continue
            break
        if end is not None:
            return m.start(), end
    return None


def insert_section(text: str, section: str, *, before: int | None = None) -> str:
    """Put ``section`` into ``text``.

    A section with the same heading (its first line) is replaced in place. Otherwise the
    section goes before offset ``before`` when given (moved back to the start of its
    line), else before the first "how to apply"/"closing date" line, else at the end.
    """
    section = section.strip("\n")
    heading = section.split("\n", 1)[0].strip()
    existing = _existing_section(text, heading) if heading else None
    if existing:
        a, b = existing
        return text[:a] + section + text[b:]
    if before is None:
        m = _APPLY_LINE.search(text)
        before = m.start() if m and m.start() > 0 else None
    if before is None or before >= len(text.rstrip()):
        body = text.rstrip()
        return (body + "\n\n" + section + "\n") if body else section + "\n"
    before = max(0, min(before, len(text)))
    line_start = text.rfind("\n", 0, before) + 1
    head = text[:line_start].rstrip()
    tail = text[line_start:].lstrip("\n")
    return (head + "\n\n" if head else "") + section + "\n\n" + tail
