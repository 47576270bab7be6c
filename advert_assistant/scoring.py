"""From findings and coverage to scores. The formula is documented in docs/scoring.md.

- **jargon, clarity, inclusivity** start at 100 and lose each finding's ``points``; a
  second finding for the same rule and the same words costs half, later ones a quarter,
  so one repeated word does not sink an advert. Floor 0.
- **benefits, career_path, essentials** come from coverage
  (:func:`advert_assistant.coverage.coverage_scores`).
- **overall** is the mean of the six, weighted by ``config.weights``.

Every finding gets ``impact``: what fixing it alone would add to the overall score.
Adding a cliché can only add a finding with positive points, so it never raises the
jargon score; adding a benefits paragraph can only add coverage, so it never lowers
the benefits score.
"""

from __future__ import annotations

from typing import Mapping

from . import coverage as _coverage
from .config import Config
from .types import DIMENSIONS, Coverage, Finding

DEDUCTED = ("jargon", "clarity", "inclusivity")
REPEAT_FACTORS = (1.0, 0.5, 0.25)


def effective_points(findings: list[Finding]) -> list[float]:
    """Points each finding costs after the repeat discount, in the given order."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in findings:
        key = (f.rule_id, f.text.lower())
        n = seen.get(key, 0)
        seen[key] = n + 1
        factor = REPEAT_FACTORS[n] if n < len(REPEAT_FACTORS) else REPEAT_FACTORS[-1]
        out.append(f.points * factor)
    return out


def score(findings: list[Finding], coverage: Coverage, config: Config
          ) -> tuple[dict[str, int], int, list[Finding]]:
    """Return (scores per dimension, overall, findings with ``impact`` filled in)."""
    effective = effective_points(findings)
    lost = {d: 0.0 for d in DEDUCTED}
    for f, p in zip(findings, effective):
        if f.dimension in lost:
            lost[f.dimension] += p
    raw: dict[str, float] = {d: max(0.0, 100.0 - lost[d]) for d in DEDUCTED}
    raw.update(_coverage.coverage_scores(coverage, config))
    weights: Mapping[str, float] = config.weights
    total_weight = sum(weights.get(d, 0.0) for d in DIMENSIONS) or 1.0
    overall_raw = sum(raw[d] * weights.get(d, 0.0) for d in DIMENSIONS) / total_weight
    scores = {d: int(round(raw[d])) for d in DIMENSIONS}

    out = []
    for f, p in zip(findings, effective):
        w = weights.get(f.dimension, 0.0) / total_weight
        if f.dimension in lost:
            # fixing it gives back its points, but not above 100
            gain = min(p, 100.0 - raw[f.dimension]) if lost[f.dimension] <= 100 else \
                max(0.0, p - (lost[f.dimension] - 100.0))
        else:
            gain = min(f.points, 100.0 - raw.get(f.dimension, 100.0))
        out.append(f.with_impact(max(0.0, gain) * w))
    return scores, int(round(overall_raw)), out
