"""Made-up job adverts for the batch tests, generated from pieces written for the project.

``make_adverts(n)`` gives ``n`` varied adverts (a seeded mix of good and poor ones) as
dicts with ``id``, ``text``, ``department`` and ``date``; the same ``n`` and ``seed``
always give the same adverts.
"""

from __future__ import annotations

import random

TITLES = [
    "Finance Officer", "Senior Data Analyst", "Ward Clerk", "Software Developer", "HR Adviser",
    "Estates Caretaker", "Community Nurse", "Policy Adviser", "Customer Service Assistant",
    "Project Manager", "Payroll Administrator", "Research Assistant",
]
DEPARTMENTS = ["Finance", "Digital", "People", "Estates", "Clinical Services", "Policy"]
PLACES = ["Leeds", "Bristol", "Newcastle upon Tyne", "Cardiff", "Norwich", "Glasgow", "Exeter"]
SALARIES = ["£24,500 to £27,800 a year", "£31,000 - £36,500 per annum", "£12.40 an hour",
            "competitive", "£42,000", "negotiable"]
PATTERNS = ["Full time, 37 hours a week", "Part time, 22.5 hours a week", "Monday to Friday, 9am to 5pm",
            "Shifts including some weekends", ""]
INTROS = [
    "You will look after the team's budgets and help managers plan their spending.",
    "We are looking for a dynamic self-starter who can hit the ground running in a fast-paced environment.",
    "You will answer questions from the public by phone and email and keep clear records.",
    "The successful candidate will leverage synergies across the organisation to drive transformational change.",
    "You will build and look after the web services that our staff use every day.",
    "Join a friendly team that keeps our buildings safe, warm and clean.",
]
DUTIES = [
    "- prepare monthly reports for managers\n- check invoices and pay suppliers on time\n- answer questions about spending",
    "- visit patients at home and plan their care\n- keep accurate notes\n- work with GPs and social workers",
    "- facilitate stakeholder engagement going forward\n- utilise best practice to deliver robust outcomes\n- liaise with key partners",
    "- write and test code in Python\n- review other people's work\n- fix problems reported by users",
    "",
]
BENEFITS = [
    "We offer 27 days' annual leave plus bank holidays, a generous pension scheme and flexible working.",
    "You will get an employee assistance programme, a cycle to work scheme and enhanced maternity pay.",
    "We will pay for your professional qualification and give you study leave.",
    "",
    "Benefits include a staff discount card and free parking.",
]
CAREERS = [
    "After 12 months you can progress to a senior role through our development programme.",
    "There are great opportunities for career progression.",
    "",
]
INCLUSION = [
    "We welcome applications from everyone and offer adjustments at interview.",
    "The ideal candidate will be a young, energetic rock star.",
    "",
]
HOW_TO_APPLY = [
    "To apply, send your CV and a short cover letter to jobs@example.org by {date}.",
    "Apply online before the closing date of {date}. For an informal chat call Sam on 0113 496 0000.",
    "",
]
DATES = ["3 March 2021", "14 June 2021", "30 September 2021", "1 December 2021"]


def make_advert(rng: random.Random, i: int) -> dict[str, str]:
    title = rng.choice(TITLES)
    lines = [title]
    if rng.random() < 0.8:
        lines.append(f"Location: {rng.choice(PLACES)}")
    lines.append(f"Salary: {rng.choice(SALARIES)}")
    pattern = rng.choice(PATTERNS)
    if pattern:
        lines.append(f"Working pattern: {pattern}")
    lines.append("")
    lines.append(rng.choice(INTROS))
    duties = rng.choice(DUTIES)
    if duties:
        lines.append("What you will do:\n" + duties)
    for part in (rng.choice(BENEFITS), rng.choice(CAREERS), rng.choice(INCLUSION)):
        if part:
            lines.append(part)
    apply = rng.choice(HOW_TO_APPLY)
    if apply:
        lines.append(apply.format(date=rng.choice(DATES)))
    month = 1 + (i * 7) % 12
    return {
        "id": f"ad-{i:04d}",
        "text": "\n".join(lines),
        "department": rng.choice(DEPARTMENTS),
        "date": f"2021-{month:02d}-{1 + i % 28:02d}",
    }


def make_adverts(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [make_advert(rng, i) for i in range(n)]


# --------------------------------------------------------------------------- a stand-in engine

def fake_report(text: str):
    """A deterministic Report built by hand from simple keyword checks (no spaCy)."""
    import zlib

    from advert_assistant.types import (
        BENEFIT_CATEGORIES, DIMENSIONS, ESSENTIALS, CareerPath, CategoryCoverage, Coverage, Finding, Report,
    )

    low = text.lower()
    findings = []
    for word, dim, impact in (("leverage", "jargon", 3.0), ("synergies", "jargon", 2.5),
                              ("self-starter", "jargon", 2.0), ("rock star", "inclusivity", 4.0)):
        start = low.find(word)
        if start >= 0:
            findings.append(Finding(f"{dim}.fake-{word.replace(' ', '-')}", dim, start, start + len(word),
                                    text[start:start + len(word)], f"“{word}” flagged", "why", ("use",),
                                    impact=impact, points=impact))
    if "salary" not in low:
        findings.append(Finding("essentials.missing-salary", "essentials", 0, 0, "", "Say what the job pays.",
                                "why", impact=5.0, points=10))
    benefits = {c: CategoryCoverage(found=(c.split("_")[0] in low)) for c in BENEFIT_CATEGORIES}
    essentials = {e: CategoryCoverage(found=(e.split("_")[0] in low)) for e in ESSENTIALS}
    h = zlib.crc32(text.encode("utf-8"))
    scores = {d: (h >> (3 * i)) % 101 for i, d in enumerate(DIMENSIONS)}
    return Report(
        text=text,
        overall=round(sum(scores.values()) / len(scores)),
        scores=scores,
        findings=tuple(findings),
        coverage=Coverage(benefits=benefits, career_path=CareerPath(level=h % 3), essentials=essentials),
        stats={"words": len(text.split()), "sentences": text.count(".") + 1,
               "readability": {"flesch_reading_ease": 60.5, "flesch_kincaid_grade": 8.25}},
    )


def install_fake_engine(monkeypatch) -> list[int]:
    """Replace the engine's entry points with :func:`fake_report`; returns a list of batch sizes seen."""
    import sys
    import types

    from advert_assistant.errors import EmptyTextError, TextTooLargeError
    from advert_assistant.limits import MAX_CHARS

    calls: list[int] = []

    def check(text):
        if not isinstance(text, str) or not text.strip():
            return EmptyTextError("the advert is empty")
        if len(text) > MAX_CHARS:
            return TextTooLargeError(f"the advert is longer than {MAX_CHARS:,} characters")
        return None

    def assess(text, *, config=None):
        err = check(text)
        if err:
            raise err
        if "EXPLODE" in text:
            raise RuntimeError("boom")
        return fake_report(text)

    def assess_many(texts, *, config=None, batch_size=64, errors="raise"):
        texts = list(texts)
        calls.append(len(texts))
        for t in texts:
            err = check(t)
            if err is not None:
                if errors == "raise":
                    raise err
                yield err
            elif "EXPLODE" in t:
                raise RuntimeError("boom")
            else:
                yield fake_report(t)

    fake = types.ModuleType("advert_assistant.engine")
    fake.assess, fake.assess_many = assess, assess_many
    fake.warm_up = lambda config=None: None
    monkeypatch.setitem(sys.modules, "advert_assistant.engine", fake)
    return calls
