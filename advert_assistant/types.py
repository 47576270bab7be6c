"""The one result type of advert-assistant.

:func:`advert_assistant.assess` returns a :class:`Report`; the CLI, the web page, batch
scoring and the tests all consume it, and none of them touches spaCy objects. Every
offset refers to :attr:`Report.text`, the normalised text, so that for every finding
``report.text[f.start:f.end] == f.text``.

All classes are frozen dataclasses; :meth:`Report.to_dict` gives plain JSON-ready data
that matches ``advert_assistant/schema/report.schema.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

SCHEMA_VERSION = "1.1"

#: The six scored dimensions, in display order.
DIMENSIONS: tuple[str, ...] = (
    "jargon",
    "clarity",
    "career_path",
    "benefits",
    "inclusivity",
    "essentials",
)

#: Benefit categories that coverage looks for.
BENEFIT_CATEGORIES: tuple[str, ...] = (
    "pension",
    "annual_leave",
    "flexible_working",
    "learning_development",
    "health_wellbeing",
    "family_friendly",
    "financial_extras",
)

#: What a candidate looks for before anything else.
ESSENTIALS: tuple[str, ...] = (
    "salary",
    "location",
    "working_pattern",
    "closing_date",
    "how_to_apply",
)

#: Elements of a specific career path (level 2).
CAREER_ELEMENTS: tuple[str, ...] = (
    "route",          # a named route or pathway ("progress to Band 6", "route to senior")
    "next_role",      # a named next role or grade
    "timeline",       # when ("after 12 months", "within two years")
    "programme",      # a structured programme (graduate scheme, apprenticeship, rotation)
    "qualification",  # a funded or supported qualification
    "framework",      # a named career framework (DDaT, NHS KSF, Agenda for Change bands)
)

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of :attr:`Report.text` that supports a coverage decision."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a candidate will stumble over, or one thing that is missing.

    ``start``/``end`` index :attr:`Report.text`; ``text`` is always
    ``report.text[start:end]``. A finding about something *missing* has an empty span
    (``start == end``) at the place where the missing content would best go.

    ``suggestions`` are concrete replacement texts for the span when ``fixable`` is
    true (the first is the preferred one, so a rewrite can apply it); otherwise they
    are advice or text to add.

    ``points`` is what the finding costs its dimension's score; ``impact`` is the
    estimated gain of the *overall* score if it is fixed, used to rank fixes.
    """

    rule_id: str
    dimension: str
    start: int
    end: int
    text: str
    message: str
    why: str
    suggestions: tuple[str, ...] = ()
    severity: str = "warning"
    fixable: bool = False
    points: float = 0.0
    impact: float = 0.0
    link: str | None = None

    def with_impact(self, impact: float) -> "Finding":
        """A copy with ``impact`` set (``dataclasses.replace`` costs ten times more)."""
        return Finding(self.rule_id, self.dimension, self.start, self.end, self.text, self.message,
                       self.why, self.suggestions, self.severity, self.fixable, self.points, impact,
                       self.link)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "dimension": self.dimension,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "why": self.why,
            "suggestions": list(self.suggestions),
            "severity": self.severity,
            "fixable": self.fixable,
            "points": round(self.points, 2),
            "impact": round(self.impact, 2),
            "link": self.link,
        }


@dataclass(frozen=True, slots=True)
class CategoryCoverage:
    """Whether one benefit category or essential is present, and where."""

    found: bool
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"found": self.found, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class CareerPath:
    """Career-path detail: 0 nothing, 1 generic mention only, 2 specific."""

    level: int
    elements: tuple[str, ...] = ()  # members of CAREER_ELEMENTS found
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "elements": list(self.elements),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    benefits: Mapping[str, CategoryCoverage]
    career_path: CareerPath
    essentials: Mapping[str, CategoryCoverage]

    def to_dict(self) -> dict[str, Any]:
        return {
            "benefits": {k: v.to_dict() for k, v in self.benefits.items()},
            "career_path": self.career_path.to_dict(),
            "essentials": {k: v.to_dict() for k, v in self.essentials.items()},
        }


@dataclass(frozen=True, slots=True)
class SentenceLabel:
    """What one sentence (or bullet) of the advert is for, from the trained model."""

    start: int
    end: int
    label: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label,
                "confidence": round(self.confidence, 3)}


@dataclass(frozen=True)
class Report:
    """The assessment of one advert. See the module docstring."""

    text: str
    overall: int
    scores: Mapping[str, int]
    findings: tuple[Finding, ...]
    coverage: Coverage
    stats: Mapping[str, Any]
    sentences: tuple[SentenceLabel, ...] = ()
    warnings: tuple[str, ...] = ()
    #: The kind of employer the advert is from (advert_assistant.sector): nhs,
    #: civil_service, local_government or general; it chooses the example rewrites.
    sector: str = "general"
    schema_version: str = field(default=SCHEMA_VERSION)

    def findings_for(self, dimension: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.dimension == dimension)

    def ranked_fixes(self) -> list[Finding]:
        """Findings ordered by the overall points fixing them would gain, then by their points
        (so fixes in a dimension already at 0 still come in a useful order)."""
        return sorted(self.findings, key=lambda f: (-f.impact, -f.points, f.start, f.rule_id))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "overall": self.overall,
            "scores": dict(self.scores),
            "findings": [f.to_dict() for f in self.findings],
            "coverage": self.coverage.to_dict(),
            "stats": _plain(self.stats),
            "sector": self.sector,
            "sentences": [s.to_dict() for s in self.sentences],
            "warnings": list(self.warnings),
            "text": self.text,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 3)
    return value
