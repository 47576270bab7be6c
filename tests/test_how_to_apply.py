"""The how-to-apply essential: instructions to apply or a contact, and the wordings that
only look like one (a requirement "to be considered", a job title with "contact" in it,
visa rules, links to read more, who will not be contacted)."""

from __future__ import annotations

import pytest

from advert_assistant import assess

CLOSING = "\n\nWe are a friendly team based in Leeds."

STATED = [
    "To be considered, please send your CV to jobs@example.org.",
    "To apply for this post, you will need to complete an application form.",
    "A resume must be attached in order to be considered for this position.",
    "For an informal chat, please contact Sam Patel on 0113 496 0000.",
]

NOT_STATED = [
    "In order to be considered for the permanent post, specialist registration is required.",
    "To be considered you must have a flexible approach to work.",
    "To apply for this post, you will:\n• have six months' experience",
    "To apply for this post you must have a minimum of 6 months experience.",
    "First Contact Physiotherapist (FCP)",
    "Applicants needing Tier 2 sponsorship must meet the Home Office criteria before submitting an application.",
    "To find out more about us click here.",
    "We regret we cannot contact everyone who is not selected for an interview.",
]


@pytest.mark.parametrize("text", STATED)
def test_ways_to_apply_are_found(text):
    assert assess(text + CLOSING).coverage.essentials["how_to_apply"].found, text


@pytest.mark.parametrize("text", NOT_STATED)
def test_lookalikes_are_not_a_way_to_apply(text):
    assert not assess(text + CLOSING).coverage.essentials["how_to_apply"].found, text

