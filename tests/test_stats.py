"""Figures in report.stats, with readability checked against textstat."""

from __future__ import annotations

import pytest
import textstat

from advert_assistant import assess
from advert_assistant.config import Config

CONFIG = Config(use_model=False)

PROSE = [
    ("short", "You will care for patients on a busy ward. You will work with a friendly team."),
    ("medium", "The council is looking for a planning officer. You will assess applications for new homes "
               "and extensions. You will visit sites across the district and talk to residents. We will "
               "train you in our systems and pay for your professional membership."),
    ("long words", "Comprehensive organisational transformation necessitates interdisciplinary collaboration. "
                   "Operational effectiveness requires sophisticated prioritisation."),
]


@pytest.mark.parametrize("name,text", PROSE)
def test_readability_matches_textstat_on_prose(name, text):
    stats = assess(text, config=CONFIG).stats
    assert stats["words"] == textstat.lexicon_count(text)
    assert stats["sentences"] == textstat.sentence_count(text)
    assert stats["syllables"] == textstat.syllable_count(text)
    r = stats["readability"]
    assert r["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text), abs=0.6)
    assert r["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=0.2)


def test_counts_and_shares():
    text = ("We are a small team. You will lead our work, and your ideas matter.\n\nWhat we offer\n"
            "• 25 days of leave\n• a pension\n• flexible hours\nThe successful candidate will start in May.")
    stats = assess(text, config=CONFIG).stats
    assert stats["bullets"] == 3
    assert 0 < stats["bullet_share"] < 0.5
    assert stats["you_count"] == 2 and stats["we_count"] == 3
    assert stats["third_person_count"] == 1
    assert stats["paragraphs"] == 2
    assert stats["reading_time_seconds"] > 0
    assert stats["longest_sentence_length"] >= stats["mean_sentence_length"]


def test_passive_share():
    stats = assess("Applications are reviewed weekly. You will be based in Leeds. We were founded in 1990.",
                   config=CONFIG).stats
    assert stats["passive_sentences"] == 2
    assert stats["passive_share"] == pytest.approx(2 / 3)
