"""Example rewrites that sound like the advert's own employer (advert_assistant.sector)."""

from __future__ import annotations

import pytest

from advert_assistant import assess
from advert_assistant.config import Config, config_from_dict
from advert_assistant.errors import ConfigError
from advert_assistant.ruledata import builtin_rules, parse_rule
from advert_assistant.sector import SECTORS, detect

# Bare adverts: duties only, no benefits, no career path, no essentials.
BARE = {
    "nhs": ("Staff Nurse, Band 5\n\nOur NHS Foundation Trust is looking for a nurse to join the ward team. "
            "You will assess patients, plan their care and give medicines safely. "
            "You must be a registered nurse with the NMC."),
    "civil_service": ("Data Analyst, Higher Executive Officer\n\nThe department is looking for a data analyst. "
                      "You will build dashboards and answer questions from ministers with data. "
                      "Civil servants in this team work closely with policy colleagues. "
                      "You must be able to write clear SQL."),
    "local_government": ("Planning Officer\n\nLeeds City Council is looking for a planning officer. "
                         "You will assess planning applications and visit sites. "
                         "You must know the planning system well."),
    "general": ("Backend Developer\n\nWe build software for small shops. "
                "You will write Python services and review code with the team. "
                "You must know SQL and have shipped a web service."),
}

#: Rules whose first suggestion is a sentence to add to the advert (not advice about it).
ADDABLE = [r.id for r in builtin_rules()
           if r.id.startswith(("benefits.missing-", "essentials.missing-")) or r.id == "career_path.missing"]


@pytest.mark.parametrize("sector", SECTORS)
def test_the_bare_adverts_are_read_as_their_sector(sector):
    assert detect(BARE[sector]) == sector


@pytest.mark.parametrize("text, sector", [
    ("We are an NHS trust. Pay is on Agenda for Change band 6.", "nhs"),
    ("Apply on Civil Service Jobs. Grade: SEO. Success Profiles will be used.", "civil_service"),
    ("Join Kent County Council and the Local Government Pension Scheme.", "local_government"),
    ("A Trust that cares: our charity's shops need volunteers.", "general"),    # one weak marker
    ("The council of our student union meets monthly.", "general"),
    ("", "general"),
])
def test_detect(text, sector):
    assert detect(text) == sector


@pytest.mark.parametrize("sector", SECTORS)
@pytest.mark.parametrize("rule_id", ADDABLE)
def test_adding_the_first_suggestion_makes_its_finding_go(sector, rule_id):
    before = assess(BARE[sector])
    finding = next((f for f in before.findings if f.rule_id == rule_id), None)
    assert finding is not None, f"{rule_id} does not fire on the bare {sector} advert"
    suggestion = finding.suggestions[0]
    rule = next(r for r in builtin_rules() if r.id == rule_id)
    assert suggestion == rule.suggestions_for(sector)[0]
    after = assess(BARE[sector] + "\n\n" + suggestion)
    assert rule_id not in {f.rule_id for f in after.findings}, (sector, suggestion)
    assert after.scores[finding.dimension] > before.scores[finding.dimension]


def test_own_sector_first_then_the_general_ones():
    nhs = assess(BARE["nhs"])
    pension = next(f for f in nhs.findings if f.rule_id == "benefits.missing-pension")
    assert "NHS Pension Scheme" in pension.suggestions[0]
    assert "8% of your salary" in pension.suggestions[1]
    general = assess(BARE["general"])
    pension = next(f for f in general.findings if f.rule_id == "benefits.missing-pension")
    assert pension.suggestions == ("We pay 8% of your salary into your pension when you pay in 4%.",)


def test_the_config_can_fix_the_sector():
    report = assess(BARE["general"], config=Config(sector="civil_service"))
    pension = next(f for f in report.findings if f.rule_id == "benefits.missing-pension")
    assert "Civil Service pension" in pension.suggestions[0]
    report = assess(BARE["nhs"], config=config_from_dict({"sector": "general"}))
    pension = next(f for f in report.findings if f.rule_id == "benefits.missing-pension")
    assert "NHS" not in pension.suggestions[0]


def test_a_wrong_sector_is_a_clear_config_error():
    with pytest.raises(ConfigError, match="sector must be one of auto, nhs, civil_service"):
        config_from_dict({"sector": "police"}, source="org.yml")
    with pytest.raises(ConfigError, match="sector must be one of"):
        Config(sector="NHS")


def test_rule_files_name_known_sectors_only():
    raw = {"id": "x.y", "dimension": "benefits", "type": "check", "message": "m", "why": "w",
           "sector_suggestions": {"police": ["Join the Police Pension Scheme."]}}
    with pytest.raises(ConfigError, match="unknown sector 'police'"):
        parse_rule(raw, "benefits.yml")
    raw["sector_suggestions"] = {"nhs": []}
    with pytest.raises(ConfigError, match="non-empty list"):
        parse_rule(raw, "benefits.yml")


def test_the_report_and_the_batch_row_carry_the_sector():
    from advert_assistant.batch.rows import report_to_row

    report = assess(BARE["civil_service"])
    assert report.sector == "civil_service"
    assert report.to_dict()["sector"] == "civil_service"
    assert report_to_row("a1", report)["sector"] == "civil_service"
    assert assess(BARE["general"], config=Config(sector="nhs")).sector == "nhs"


def test_every_marker_match_contains_one_of_its_needles():
    import gzip
    import json
    from pathlib import Path

    from advert_assistant.sector import _marked, _patterns

    samples = list(BARE.values()) + [
        "Agenda for Change band 5a; Bradford Teaching Hospitals NHS Foundation Trust; clinical midwifery",
        "HEO, SEO, Grade 7, G6, SCS pay band 2, HM Revenue and Customs, HMRC, DWP, Cabinet Office, "
        "Department for Education, Ministry of Justice, DDaT, security clearance, Success Profiles",
        "Local Government Pension Scheme (LGPS), Kent County Council, local authority",
    ]
    corpus = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "nhs.jsonl.gz"
    if corpus.exists():
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            samples += [json.loads(line)["text"] for _, line in zip(range(300), fh)]
    for text in samples:
        low = text.lower()
        for markers in _patterns().values():
            for needles, pattern, _, reach in markers:
                for m in pattern.finditer(low):
                    assert any(n in m.group(0) for n in needles), (pattern.pattern, m.group(0))
                    assert reach is None or len(m.group(0)) <= reach
                # searching around the needles finds a match exactly when the whole text has one
                assert _marked(low, needles, pattern, reach) == (pattern.search(low) is not None)


@pytest.mark.parametrize("markers, message", [
    ({"markers": {"hospital": [{"pattern": "x", "needles": ["x"], "weight": 2}]}}, "unknown sector 'hospital'"),
    ({"markers": {"nhs": [{"pattern": "(", "needles": ["("], "weight": 2}]}}, "bad regular expression"),
    ({"markers": {"nhs": [{"pattern": "nhs", "needles": ["NHS"], "weight": 2}]}}, "lower-case strings"),
    ({"markers": {"nhs": [{"pattern": "nhs", "needles": [], "weight": 2}]}}, "lower-case strings"),
    ({"markers": {"nhs": [{"pattern": "nhs", "needles": ["nhs"], "weight": 3}]}}, "'weight' must be 1 or 2"),
    ({"markers": {"nhs": ["nhs"]}}, "expected a mapping"),
    ({}, "needs 'markers'"),
])
def test_marker_file_errors_name_the_file_and_the_problem(monkeypatch, markers, message):
    from advert_assistant import ruledata
    from advert_assistant.errors import ConfigError
    from advert_assistant.sector import _load_markers

    monkeypatch.setattr(ruledata, "load_file", lambda name: markers)
    with pytest.raises(ConfigError, match="rules/sectors.yml") as err:
        _load_markers()
    assert message in str(err.value)


def test_markers_are_read_from_the_rule_file():
    from advert_assistant.sector import _load_markers

    markers = _load_markers()
    assert list(markers) == ["nhs", "civil_service", "local_government"]
    assert (("agenda for change",), r"\bagenda for change\b", 2) in markers["nhs"]
