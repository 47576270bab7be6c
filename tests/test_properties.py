"""For any Unicode input, assess() returns a consistent Report or raises the documented error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advert_assistant import InputError, assess
from advert_assistant.config import Config

CONFIG = Config(use_model=False)
WORDS = st.sampled_from(["You", "will", "utilise", "the", "successful candidate", "fast-paced", "£30,000",
                         "\n", "• ", "Leeds", ".", ",", "<li>", "&amp;", "pension", "SIAM", "he/she",
                         "in order to", "synergies", "Closing date: 1 May 2030", "é", "\u200b", "\t"])


def _check(text: str) -> None:
    try:
        report = assess(text, config=CONFIG)
    except InputError:
        return
    assert 0 <= report.overall <= 100
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(report.text)
        assert report.text[f.start:f.end] == f.text
    for cov in list(report.coverage.benefits.values()) + list(report.coverage.essentials.values()):
        for ev in cov.evidence:
            assert report.text[ev.start:ev.end] == ev.text
    for ev in report.coverage.career_path.evidence:
        assert report.text[ev.start:ev.end] == ev.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_unicode(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=60).map(" ".join))
def test_advert_like_text(text):
    _check(text)
