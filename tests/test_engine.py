"""The library API: assess, assess_many, the Report and its findings."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from advert_assistant import (
    BENEFIT_CATEGORIES,
    DIMENSIONS,
    ESSENTIALS,
    EmptyTextError,
    InputError,
    TextTooLargeError,
    assess,
    assess_many,
)
from advert_assistant.config import Config
from advert_assistant.limits import MAX_CHARS

CONFIG = Config(use_model=False)


def rule_ids(report):
    return [f.rule_id for f in report.findings]


def test_report_shape(fixture_advert):
    report = assess(fixture_advert("public_sector_it.txt"), config=CONFIG)
    assert 0 <= report.overall <= 100
    assert set(report.scores) == set(DIMENSIONS)
    assert set(report.coverage.benefits) == set(BENEFIT_CATEGORIES)
    assert set(report.coverage.essentials) == set(ESSENTIALS)
    for f in report.findings:
        assert report.text[f.start:f.end] == f.text
        assert f.dimension in DIMENSIONS
        assert f.message and f.why
        assert f.severity in ("info", "warning", "error")
    for cov in list(report.coverage.benefits.values()) + list(report.coverage.essentials.values()):
        for ev in cov.evidence:
            assert report.text[ev.start:ev.end] == ev.text


def test_public_sector_cliches_are_found_with_rewrites(fixture_advert):
    report = assess(fixture_advert("public_sector_it.txt"), config=CONFIG)
    found = {f.text.lower(): f for f in report.findings if f.dimension == "jargon"}
    for phrase in ("strategic and forward-thinking", "highly focused on delivering", "face and voice of",
                   "embedding a culture of continuous improvement", "best-in-class", "synergies",
                   "key stakeholders", "fast-paced", "hit the ground running", "self-starter",
                   "in order to", "utilise", "leverage"):
        assert phrase in found, f"{phrase!r} not flagged; jargon found: {sorted(found)}"
        assert found[phrase].suggestions, phrase
    assert found["utilise"].suggestions[0] == "use"
    assert "clarity.third-person" in rule_ids(report)
    assert "clarity.passive" in rule_ids(report)
    assert "inclusivity.gendered" in rule_ids(report)
    acronyms = {f.text for f in report.findings if f.rule_id == "jargon.unexpanded-acronym"}
    assert {"ITIL", "SIAM"} <= acronyms


def test_inflections_are_matched_and_suggestions_follow():
    report = assess("You will be leveraging data and utilizing new tools. She utilised the old ones.",
                    config=CONFIG)
    pairs = {f.text: f.suggestions[0] for f in report.findings if f.rule_id == "jargon.govuk-words"}
    assert pairs == {"leveraging": "using", "utilizing": "using", "utilised": "used"}


def test_capitals_that_are_not_acronyms():
    text = ("Location: US, CA, San Diego\n\n• SALARY: Band 5\n\nYou will use .NET with the MDT and "
            "our tech lead <NAME>. Interview date: TBC.\n\n#LI-AO1")
    found = {f.text for f in assess(text, config=CONFIG).findings if f.rule_id == "jargon.unexpanded-acronym"}
    assert found == {"MDT"}


def test_plural_matches_get_plural_suggestions_that_read_well():
    report = assess("We want digital natives and self-starters who are strategic thinkers. "
                    "Our rock stars are team players.", config=CONFIG)
    pairs = {f.text: f.suggestions[0] for f in report.findings if f.suggestions}
    assert pairs["digital natives"] == "people confident with digital tools"
    assert pairs["self-starters"] == "people who use their initiative"
    assert pairs["strategic thinkers"] == "people who plan ahead"
    assert pairs["rock stars"] == "experts"
    assert pairs["team players"] == "good colleagues"


def test_context_exceptions():
    quiet = assess("You will deploy software every week. We offer a competitive salary. "
                   "Pay is on the Agenda for Change scale. You will facilitate workshops.", config=CONFIG)
    assert not [f for f in quiet.findings if f.rule_id == "jargon.govuk-words"], quiet.findings
    coding = quiet.stats["gender_coding"]
    assert "competitive" not in coding["masculine"]
    loud = assess("You will deliver outcomes in a competitive environment.", config=CONFIG)
    assert "deliver" in {f.text for f in loud.findings}
    assert "competitive" in loud.stats["gender_coding"]["masculine"]


def test_coded_words_match_tokens_not_stems():
    report = assess("Your responsibilities include SharePoint administration and managing dependencies.",
                    config=CONFIG)
    coding = report.stats["gender_coding"]
    assert coding["masculine_count"] == 0 and coding["feminine_count"] == 0, coding


def test_good_advert_scores_well(fixture_advert):
    good = assess(fixture_advert("plain_nurse.txt"), config=CONFIG)
    bad = assess(fixture_advert("public_sector_it.txt"), config=CONFIG)
    assert good.overall > bad.overall
    assert good.scores["jargon"] > bad.scores["jargon"]
    assert good.coverage.essentials["salary"].found


def test_ranked_fixes_by_impact(fixture_advert):
    report = assess(fixture_advert("public_sector_it.txt"), config=CONFIG)
    impacts = [f.impact for f in report.ranked_fixes()]
    assert impacts == sorted(impacts, reverse=True)
    assert impacts[0] > 0


def test_assess_many_matches_assess(fixture_advert):
    texts = [fixture_advert("public_sector_it.txt"), "Short advert for a cook in York. Apply now.",
             fixture_advert("plain_nurse.txt")] * 3
    one_by_one = [assess(t, config=CONFIG).to_dict() for t in texts]
    batched = [r.to_dict() for r in assess_many(texts, config=CONFIG, batch_size=4)]
    assert batched == one_by_one


def test_assess_many_returns_errors_in_place():
    results = list(assess_many(["A cook in York.", "   ", "A nurse in Leeds."], config=CONFIG, errors="return"))
    assert isinstance(results[1], EmptyTextError)
    assert results[0].text.startswith("A cook") and results[2].text.startswith("A nurse")
    with pytest.raises(EmptyTextError):
        list(assess_many(["ok text here", ""], config=CONFIG))


@pytest.mark.parametrize("bad", ["", "   \n\t ", "\u200b\u200b", "\x00\x01\x02", "!!! ... ---"])
def test_empty_input_is_refused(bad):
    with pytest.raises(EmptyTextError):
        assess(bad, config=CONFIG)


def test_too_large_input_names_the_limit():
    with pytest.raises(TextTooLargeError, match=f"{MAX_CHARS:,}"):
        assess("word " * (MAX_CHARS // 4), config=CONFIG)


def test_non_text_is_refused():
    with pytest.raises(InputError):
        assess(b"bytes are not text", config=CONFIG)  # type: ignore[arg-type]


def test_long_unpunctuated_sentence_is_bounded():
    text = " ".join(["word"] * 3000)
    report = assess(text, config=CONFIG)
    assert "clarity.long-sentence" in rule_ids(report)


def test_non_english_gets_a_warning():
    text = ("Wir suchen eine engagierte Pflegefachkraft für unser Team in München. Sie arbeiten im "
            "Schichtdienst und betreuen Patienten. Wir bieten faire Bezahlung und dreißig Tage Urlaub.")
    report = assess(text, config=CONFIG)
    assert "clarity.not-english" in rule_ids(report)
    assert report.warnings


def test_html_input_is_normalised():
    report = assess("<h2>About the role</h2><ul><li>You will &amp; can <b>utilise</b> tools</li></ul>",
                    config=CONFIG)
    assert "<" not in report.text and "&amp;" not in report.text
    assert "utilise" in {f.text for f in report.findings}


def test_config_switches_rules_off_and_allows_words(fixture_advert):
    text = fixture_advert("public_sector_it.txt")
    base = assess(text, config=CONFIG)
    cfg = replace(CONFIG, disable=("jargon.govuk-words", "clarity."), allow=("fast-paced",))
    report = assess(text, config=cfg)
    ids = rule_ids(report)
    assert "jargon.govuk-words" not in ids and not any(i.startswith("clarity.") for i in ids)
    assert "fast-paced" not in {f.text.lower() for f in report.findings}
    assert "jargon.govuk-words" in rule_ids(base)


def test_config_adds_terms():
    cfg = replace(CONFIG, terms=({"dimension": "jargon", "match": "one team ethos",
                                  "suggestions": ["working together"]},))
    report = assess("We have a strong one team ethos here.", config=cfg)
    f = [f for f in report.findings if f.text == "one team ethos"]
    assert f and f[0].suggestions[0] == "working together"


def test_to_json_round_trips(fixture_advert):
    report = assess(fixture_advert("plain_nurse.txt"), config=CONFIG)
    data = json.loads(report.to_json())
    assert data["overall"] == report.overall
    assert len(data["findings"]) == len(report.findings)


def test_clear_sentence_caches_forgets_long_sentence_splits():
    from advert_assistant import checks
    from advert_assistant.engine import assess, clear_sentence_caches

    long = ("You will manage the rota for the ward and you will make sure that every shift has the right "
            "mix of skills, and you will talk to the matron each week about the staffing of the ward.")
    assess(long + " You will work in Leeds.")
    assert checks._split.cache_info().currsize > 0
    clear_sentence_caches()
    assert checks._split.cache_info().currsize == 0


def test_sentence_model_gets_each_sentence_heading(monkeypatch):
    from advert_assistant import analysis, engine, structure
    from advert_assistant.nlp import get_nlp

    text = ("ABOUT US\nWe are a trust. We care.\n\nBenefits: Great ones. Really.\n- NHS pension\n- Parking\n"
            "\nHow to apply\nSend your CV.\r\nContact\nJo Bloggs")
    a = analysis.analyse(get_nlp()(text), text)
    lines = structure.heading_line_starts(text)
    heads, own, heading = [], [], -1
    for i, (start, _end) in enumerate(a.sentences):
        heads.append(heading)
        own.append(text.rfind("\n", 0, start) + 1 in lines)
        if own[-1]:
            heading = i
    assert any(own) and any(h >= 0 for h in heads)
    seen = {}
    real = structure.SentenceClassifier.predict_proba_doc

    def spy(self, doc, spans, heads=None, heading_lines=None, tokens=None):
        seen.update(heads=heads, heading_lines=heading_lines)
        return real(self, doc, spans, heads, heading_lines, tokens)

    monkeypatch.setattr(structure.SentenceClassifier, "predict_proba_doc", spy)
    labels = engine._sentence_labels(a, Config())
    assert len(labels) == len(a.sentences)
    assert seen == {"heads": heads, "heading_lines": own}


def test_a_term_without_a_drop_in_has_a_message_that_does_not_quote_one():
    from advert_assistant.ruledata import builtin_rules

    for rule in builtin_rules():
        if rule.type == "terms" and "{suggestion}" in rule.message:
            for term in rule.terms:
                if not term.get("suggestions") or "attributive" in term and not term["attributive"]:
                    assert term.get("message"), (rule.id, term["match"])
    message = [f.message for f in assess("Questions in relation to pay.", config=CONFIG).findings
               if f.rule_id == "jargon.wordy"]
    assert message == ["“in relation to” is wordy: “about”, “on” or “for” says the same."]
