"""The score formula's promises (docs/scoring.md)."""

from __future__ import annotations

import pytest

from advert_assistant import assess
from advert_assistant.config import Config

CONFIG = Config(use_model=False)
BASE = ("Care assistant, Oak House, York. Salary £24,000 a year, full time. You will help residents "
        "wash, dress and eat, and spend time with them. Apply online by 1 June 2030.")
CLICHES = ["We want a self-starter.", "You will hit the ground running.", "It is a fast-paced home.",
           "You will leverage synergies.", "We are best-in-class.", "You will engage key stakeholders."]
BENEFITS = ("\n\nWhat we offer\n• 28 days of annual leave\n• a workplace pension with a 5% employer contribution\n"
            "• free training towards an NVQ Level 3\n• an employee assistance programme\n"
            "• enhanced maternity and paternity pay\n• flexible shifts\n• a £500 welcome bonus")


@pytest.mark.parametrize("n", range(1, len(CLICHES) + 1))
def test_adding_a_cliche_never_raises_jargon(n):
    before = assess(BASE + " " + " ".join(CLICHES[: n - 1]), config=CONFIG).scores["jargon"]
    after = assess(BASE + " " + " ".join(CLICHES[:n]), config=CONFIG).scores["jargon"]
    assert after <= before
    assert after < 100


def test_adding_benefits_raises_benefits_score():
    before = assess(BASE, config=CONFIG)
    after = assess(BASE + BENEFITS, config=CONFIG)
    assert after.scores["benefits"] > before.scores["benefits"]
    assert sum(c.found for c in after.coverage.benefits.values()) >= 6


def test_weights_change_overall():
    text = BASE + " " + " ".join(CLICHES)
    even = assess(text, config=CONFIG)
    only_jargon = assess(text, config=Config(use_model=False, weights={"jargon": 1.0, "clarity": 0.0,
                         "career_path": 0.0, "benefits": 0.0, "inclusivity": 0.0, "essentials": 0.0}))
    assert only_jargon.scores == even.scores
    assert only_jargon.overall == even.scores["jargon"]
    assert even.overall == round(sum(even.scores.values()) / 6) or abs(
        even.overall - sum(even.scores.values()) / 6) <= 1


def test_fixing_a_finding_gains_roughly_its_impact():
    report = assess(BASE + " " + CLICHES[0], config=CONFIG)
    [f] = [f for f in report.findings if f.text == "self-starter"]
    fixed = assess(report.text[:f.start] + "hard worker" + report.text[f.end:], config=CONFIG)
    assert fixed.overall - report.overall == pytest.approx(f.impact, abs=1.0)


def test_with_impact_copies_every_field():
    import dataclasses

    from advert_assistant.types import Finding

    f = Finding("jargon.x", "jargon", 3, 9, "abcdef", "msg", "why", ("a", "b"), "error", True, 2.5, 0.0,
                "https://example.org")
    assert f.with_impact(1.25) == dataclasses.replace(f, impact=1.25)
    assert len(dataclasses.fields(Finding)) == 13, "Finding.with_impact must pass every field"
