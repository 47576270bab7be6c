"""Hand-made reports for the web page's unit tests (no engine needed)."""

from __future__ import annotations

from advert_assistant.types import (
    BENEFIT_CATEGORIES,
    DIMENSIONS,
    ESSENTIALS,
    CareerPath,
    CategoryCoverage,
    Coverage,
    Evidence,
    Finding,
    Report,
)


def finding(text: str, needle: str, *, rule_id: str = "jargon.test", dimension: str = "jargon",
            suggestions: tuple[str, ...] = ("use",), fixable: bool = True, impact: float = 1.0,
            points: float = 2.0, message: str | None = None, why: str = "Candidates skim past it.",
            occurrence: int = 0) -> Finding:
    """A finding on the ``occurrence``-th match of ``needle`` in ``text`` (empty needle: a gap at the end)."""
    if needle:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(needle, start + 1)
        end = start + len(needle)
    else:
        start = end = len(text)
    return Finding(
        rule_id=rule_id, dimension=dimension, start=start, end=end, text=text[start:end],
        message=message or f"“{needle}” is jargon.", why=why, suggestions=suggestions,
        fixable=fixable, impact=impact, points=points,
    )


def evidence(text: str, needle: str) -> Evidence:
    start = text.index(needle)
    return Evidence(start, start + len(needle), needle)


def report(text: str, findings: list[Finding] = (), *, overall: int = 60, scores: dict | None = None,
           benefits: dict[str, str] | None = None, essentials: dict[str, str] | None = None,
           career_level: int = 0, career_elements: tuple[str, ...] = (), career_evidence: str = "",
           warnings: tuple[str, ...] = ()) -> Report:
    """A report on ``text``; coverage given as category -> evidence needle found in ``text``."""
    benefits = benefits or {}
    essentials = essentials or {}
    cov = Coverage(
        benefits={c: CategoryCoverage(c in benefits, (evidence(text, benefits[c]),) if c in benefits else ())
                  for c in BENEFIT_CATEGORIES},
        career_path=CareerPath(career_level, career_elements,
                               (evidence(text, career_evidence),) if career_evidence else ()),
        essentials={c: CategoryCoverage(c in essentials, (evidence(text, essentials[c]),) if c in essentials else ())
                    for c in ESSENTIALS},
    )
    return Report(
        text=text, overall=overall, scores=scores or {d: 50 + i for i, d in enumerate(DIMENSIONS)},
        findings=tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))),
        coverage=cov, stats={"words": len(text.split())}, warnings=warnings,
    )
