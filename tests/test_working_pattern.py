"""The working-pattern essential: wordings that state the post's hours or pattern, and
wordings that only look like one (an employer's flexible-working policy, bank shifts to
pick up, a service's opening days, a perk offered five days a week)."""

from __future__ import annotations

import pytest

from advert_assistant import assess

CLOSING = "\n\nWe are a friendly team based in Leeds."

STATED = [
    "The post is for 30 hours.",
    "2 x posts available: 1 x 30 hours, 1 x 22.5 hours.",
    "The hours for this post are 37.5 per week.",
    "We work a 37-hour working week.",
    "The department works a 6 day working week.",
    "We work a four-day week.",
    "You will be required to work three days/week.",
    "These are 10 PA posts with 7.5 DCC and 2.5 SPAs.",
    "The Job Itself – 6 PA job plan",
    "Fridays are work from home days.",
    "Hours: 22.5, Wednesday – Friday",
    "You must be committed to 24/7 working.",
    "Self-rostering is available for you to plan your own working days.",
    "You will be on call every seventh day.",
    "Hours: up to 37.5hrs week",
    "The role offers 18.45 hours of work.",
]

NOT_STATED = [
    "We support a range of flexible options, such as: part-time working and job sharing.",
    "We will consider applications to work flexibly, part-time or job share.",
    "We have an active flexible working policy and welcome applications for job share and flexible working.",
    "We offer flexible working options including full-time or part-time roles.",
    "We understand that a permanent full-time role may not suit everyone.",
    "You will have the opportunity to pick up shifts at our other hospital.",
    "Lunch catering five days per week.",
    "The unit runs a 7 day week service.",
    "We develop quantum materials based on hybrid epitaxial crystal growth.",
    "You will need 40 hours of work experience in a care setting.",
]


@pytest.mark.parametrize("text", STATED)
def test_stated_working_patterns_are_found(text):
    wp = assess(text + CLOSING).coverage.essentials["working_pattern"]
    assert wp.found, text
    assert any(text.rstrip(".") in e.text or e.text in text for e in wp.evidence), (text, wp.evidence)


@pytest.mark.parametrize("text", NOT_STATED)
def test_lookalikes_are_not_a_working_pattern(text):
    assert not assess(text + CLOSING).coverage.essentials["working_pattern"].found, text


def test_the_post_pattern_still_counts_beside_a_flexible_working_policy():
    text = ("This is a full time post, but we will consider applications for part time or job share."
            + CLOSING)
    wp = assess(text).coverage.essentials["working_pattern"]
    assert wp.found
    assert "full time post" in wp.evidence[0].text


def test_an_hour_range_does_not_reach_back_to_the_line_above():
    # "2030-11-06" above "Hours:" once read as "06 ... Hours", a range of hours, and the
    # evidence shown was the closing date
    text = ("Staff Nurse\nClosing date: 2030-11-06\n\nHours: 37.5 per week\n\n"
            "Join our friendly ward team in Leeds.")
    report = assess(text)
    wp = report.coverage.essentials["working_pattern"]
    assert wp.found
    assert [e.text for e in wp.evidence] == ["Hours: 37.5 per week"]
    assert all(report.text[e.start:e.end] == e.text for e in wp.evidence)
