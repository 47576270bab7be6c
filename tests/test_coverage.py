"""Coverage detection (advert_assistant.coverage): benefits, career path and essentials.

The detector is tested directly with a simple sentence splitter (new lines and ". "), so
these tests do not need the spaCy pipeline. Tables of (text, expected) per category hold
cases that must count and cases that must not (duties, requirements, job subjects,
"competitive salary").
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace

import pytest

from advert_assistant import coverage as C
from advert_assistant.config import Config, config_from_dict
from advert_assistant.errors import ConfigError
from advert_assistant.types import BENEFIT_CATEGORIES, CAREER_ELEMENTS, ESSENTIALS


CONFIG = Config(use_model=False)
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(•\-])")


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, cut again after . ! ? followed by a capital."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start, end = line.span()
        pos = start
        for m in _SENT.finditer(text, start, end):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, end))
    return spans or [(0, len(text))]


def detect(text: str, config: Config = CONFIG, labels=None):
    return C.detect(text, split(text), config=config, labels=labels)


# ------------------------------------------------------------------ benefit categories

BENEFIT_CASES = [
    # pension
    ("pension", "You'll join the NHS Pension Scheme.", True),
    ("pension", "We offer a 401(k) with a 4% company match.", True),
    ("pension", "Benefits include a retirement savings plan.", True),
    ("pension", "You will be auto-enrolled into our workplace pension.", True),
    ("pension", "You will process payroll and pensions for 300 staff.", False),
    ("pension", "Experience of pension administration is essential.", False),
    ("pension", "We are recruiting a Pensions Officer to answer member queries.", False),
    # annual leave
    ("annual_leave", "You'll get 27 days' annual leave plus bank holidays.", True),
    ("annual_leave", "Unlimited PTO.", True),
    ("annual_leave", "We offer two weeks of paid vacation in your first year.", True),
    ("annual_leave", "25 days holiday, rising with service.", True),
    ("annual_leave", "This post is to cover annual leave and sickness on the ward.", False),
    ("annual_leave", "You will manage the team's annual leave requests.", False),
    ("annual_leave", "You must be able to work weekends and bank holidays.", False),
    ("annual_leave", "We run holiday clubs for children.", False),
    # "leave" as a verb under a benefits heading
    ("annual_leave", "What we offer\nA welcome bonus, repayable should you leave employment within a year.", False),
    ("annual_leave", "Benefits\nFor details call the office (ext 4120 to leave voicemail).", False),
    ("annual_leave", "Benefits\nPension\nLeave\nFree parking", True),
    # flexible working
    ("flexible_working", "We offer flexible working and hybrid working.", True),
    ("flexible_working", "Applications for part time and job share will be considered.", True),
    ("flexible_working", "You can work from home two days a week.", True),
    ("flexible_working", "This role is fully remote.", True),
    ("flexible_working", "You must be flexible to cover shifts at short notice.", False),
    ("flexible_working", "We are a fast-paced, flexible environment.", False),
    ("flexible_working", "You will support remote working across the practice.", False),
    ("flexible_working", "A flexible approach to working hours is essential.", False),
    # learning and development
    ("learning_development", "Full training will be provided.", True),
    ("learning_development", "We will support your CPD with study leave.", True),
    ("learning_development", "You'll have a £1,000 yearly learning budget.", True),
    ("learning_development", "We pay for you to attend conferences.", True),
    ("learning_development", "There are excellent opportunities for development.", True),
    ("learning_development", "You will deliver training to new staff.", False),
    ("learning_development", "Mentoring junior developers is part of the job.", False),
    ("learning_development", "Experience of delivering training is essential.", False),
    ("learning_development", "You will provide clinical supervision to band 5 staff.", False),
    ("learning_development", "We support adults with learning disabilities.", False),
    # health and wellbeing
    ("health_wellbeing", "Medical, dental and vision insurance.", True),
    ("health_wellbeing", "Access to our employee assistance programme.", True),
    ("health_wellbeing", "We offer a cycle to work scheme and a free gym.", True),
    ("health_wellbeing", "Enhanced sick pay after one year.", True),
    ("health_wellbeing", "Private medical insurance for you and your family.", True),
    ("health_wellbeing", "You will work as a health visitor promoting public health.", False),
    ("health_wellbeing", "The post is subject to occupational health clearance.", False),
    ("health_wellbeing", "You will support the wellbeing of patients and their families.", False),
    ("health_wellbeing", "Knowledge of health insurance claims is a plus.", False),
    # family friendly
    ("family_friendly", "We offer enhanced maternity and paternity pay.", True),
    ("family_friendly", "Childcare vouchers and family-friendly policies.", True),
    ("family_friendly", "16 weeks of paid parental leave.", True),
    ("family_friendly", "This is a fixed-term post to cover maternity leave.", False),
    ("family_friendly", "You will work in our children's services team supporting families.", False),
    ("family_friendly", "The role is based on the maternity unit.", False),
    # financial extras
    ("financial_extras", "An annual bonus of up to 10%.", True),
    ("financial_extras", "Stock options and a relocation package.", True),
    ("financial_extras", "NHS discounts and a Blue Light card.", True),
    ("financial_extras", "A salary sacrifice lease car scheme.", True),
    ("financial_extras", "Free lunches every Friday.", True),
    ("financial_extras", "We offer a competitive salary.", False),
    ("financial_extras", "Experience with Spark would be a bonus.", False),
    ("financial_extras", "You must hold a driving licence and have access to a car.", False),
    ("financial_extras", "The service is regulated by the Care Quality Commission.", False),
]


@pytest.mark.parametrize("category,text,expected", BENEFIT_CASES,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(BENEFIT_CASES)])
def test_benefit_category(category, text, expected):
    cov = detect(text)
    assert cov.benefits[category].found is expected, (category, text, cov.benefits[category])


def test_every_benefit_category_has_cases_both_ways():
    for category in BENEFIT_CATEGORIES:
        got = {e for c, _, e in BENEFIT_CASES if c == category}
        assert got == {True, False}, category


def test_duty_section_words_do_not_count_but_a_benefits_section_does():
    duties = "Responsibilities\nProcess payroll and pensions.\nBook holidays for the directors.\n"
    assert not detect(duties).benefits["pension"].found
    assert not detect(duties).benefits["annual_leave"].found
    offer = "What we offer\nPension\nHolidays\nDental\n"
    cov = detect(offer)
    assert cov.benefits["pension"].found
    assert cov.benefits["annual_leave"].found
    assert cov.benefits["health_wellbeing"].found


def test_weak_words_count_only_where_something_is_offered():
    assert not detect("The clinic treats dental patients.").benefits["health_wellbeing"].found
    assert detect("Benefits include dental, vision and life cover.").benefits["health_wellbeing"].found
    assert not detect("We are a travel company that arranges holidays for families.").benefits["annual_leave"].found
    assert detect("In return we offer generous holidays.").benefits["annual_leave"].found


# ------------------------------------------------------------------ career path

CAREER_CASES = [
    ("Receptionist. You will answer the phone.", 0, ()),
    ("We offer excellent career progression.", 1, ()),
    ("There is room to grow with us.", 1, ()),
    ("We support your development.", 1, ()),
    ("You will support the career development of your team.", 0, ()),
    ("Evidence of career progression is essential.", 0, ()),
    ("After 12 months you can progress to Band 6.", 2, ("route", "timeline")),
    ("You will have the opportunity to become a team leader.", 2, ("next_role",)),
    ("Newly qualified nurses join our preceptorship programme.", 2, ("programme",)),
    ("We will fund your CIPD Level 5 qualification.", 2, ("qualification",)),
    ("You can progress to senior developer within the DDaT capability framework.", 2,
     ("route", "framework")),
    ("This is a two-year graduate scheme.", 2, ("programme",)),
    ("You will act as a preceptor for new starters.", 0, ()),
    ("You must have completed an apprenticeship.", 0, ()),
    ("Work a rotational shift pattern of days and nights.", 0, ()),
    ("This role suits someone looking to progress their management career.", 1, ()),
    ("We give you an environment to grow and do your best work.", 1, ()),
    ("You will have the environment to develop the service further.", 0, ()),
    ("You will shape your own role as the team grows.", 1, ()),
    ("We offer a programme of support and development in this role.", 1, ()),
    ("There is the opportunity to take on additional responsibilities as you grow.", 1, ()),
    ("Our benefits include training to get Google Analytics certifications.", 2, ("qualification",)),
    ("Vacancies in paediatrics training programmes at ST1 level.", 2, ("programme",)),
]


@pytest.mark.parametrize("text,level,elements", CAREER_CASES,
                         ids=[f"career-{i}" for i in range(len(CAREER_CASES))])
def test_career_path(text, level, elements):
    cp = detect(text).career_path
    assert cp.level == level, (text, cp)
    assert set(elements) <= set(cp.elements), (text, cp.elements)
    assert (cp.level == 2) == bool(cp.elements)
    assert set(cp.elements) <= set(CAREER_ELEMENTS)
    assert bool(cp.evidence) == (cp.level > 0)


def test_timeline_alone_is_not_a_career_path():
    assert detect("Annual leave rises to 33 days after 10 years.").career_path.level == 0


# ------------------------------------------------------------------ essentials

ESSENTIAL_CASES = [
    ("salary", "Salary: £28,050 - £34,149 a year", True),
    ("salary", "$90k-$110k plus equity.", True),
    ("salary", "The rate is £12.50 per hour.", True),
    ("salary", "Salary: 40000-65000", True),
    ("salary", "Compensation: €45k - 55k", True),
    ("salary", "Salary: competitive.", False),
    ("salary", "Salary negotiable, DOE.", False),
    ("salary", "You will manage a budget of £2m.", False),
    ("salary", "We raised $40 million last year.", False),
    ("salary", "Band 5 nurse wanted.", False),
    ("location", "Location: Leeds", True),
    ("location", "You will be based in our Manchester office.", True),
    ("location", "This is a home-based role.", True),
    ("location", "Our office is at 1 High Street, Leeds LS1 4AB.", True),
    ("location", "Austin, TX", True),
    ("location", "Nurse job in Leeds. You will care for patients.", True),
    ("location", "We are recruiting a developer in Milton Keynes.", True),
    ("location", "You need experience in Reading and writing reports.", False),
    ("location", "You will report to Sydney each week.", False),
    ("location", "We are a friendly team.", False),
    ("working_pattern", "Full time, 37.5 hours per week.", True),
    ("working_pattern", "Employment type: Part-time", True),
    ("working_pattern", "Monday to Friday, 9am to 5pm.", True),
    ("working_pattern", "Hybrid: 2 days a week in the office.", True),
    ("working_pattern", "You will work 12-hour shifts.", True),
    ("working_pattern", "This is a permanent contract.", False),
    ("working_pattern", "Applicants in full-time education are welcome.", False),
    ("working_pattern", "We are going through a culture shift in how we work.", False),
    ("closing_date", "Closing date: 12 March 2021", True),
    ("closing_date", "Closing date: 2020-12-31", True),
    ("closing_date", "Please apply by 5pm on Friday 3 June.", True),
    ("closing_date", "The deadline for applications is 12/03/2021.", True),
    ("closing_date", "Apply soon: we may close the advert early.", False),
    ("closing_date", "The contract runs until 31 March 2022.", False),
    ("how_to_apply", "To apply, send your CV to jobs@example.org.", True),
    ("how_to_apply", "Apply online via our careers site.", True),
    ("how_to_apply", "For an informal chat, contact Jane Smith on 0113 496 0000.", True),
    ("how_to_apply", "Click apply to start your application.", True),
    ("how_to_apply", "You will apply statistical methods to large data sets.", False),
    ("how_to_apply", "You will review CVs and screen applications.", False),
]


@pytest.mark.parametrize("name,text,expected", ESSENTIAL_CASES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(ESSENTIAL_CASES)])
def test_essential(name, text, expected):
    cov = detect(text)
    assert cov.essentials[name].found is expected, (name, text, cov.essentials[name])


def test_every_essential_has_cases_both_ways():
    for name in ESSENTIALS:
        assert {e for n, _, e in ESSENTIAL_CASES if n == name} == {True, False}, name


@pytest.mark.parametrize("text,vague", [
    ("Salary: competitive.", "competitive"),
    ("We pay a competitive salary.", "competitive salary"),
    ("Salary negotiable.", "Salary negotiable"),
    ("Pay: DOE", "DOE"),
    ("Salary depending on experience.", "Salary depending on experience"),
])
def test_vague_salary_finding_sits_on_the_vague_words(text, vague):
    cov = detect(text)
    assert not cov.essentials["salary"].found
    findings = C.missing_findings(cov, text, CONFIG)
    got = [f for f in findings if f.rule_id == "essentials.vague-salary"]
    assert len(got) == 1
    assert got[0].text == text[got[0].start:got[0].end] == vague
    assert got[0].dimension == "essentials"
    assert "essentials.missing-salary" not in {f.rule_id for f in findings}


def test_vague_words_beside_a_figure_are_not_flagged():
    text = "Salary: £30,000 - £35,000, competitive benefits."
    findings = C.missing_findings(detect(text), text, CONFIG)
    assert not [f for f in findings if f.rule_id.startswith("essentials.") and "salary" in f.rule_id]


# ------------------------------------------------------------------ fixtures and evidence

def test_full_uk_fixture_finds_everything(fixture_advert):
    text = fixture_advert("coverage_full_uk.txt")
    cov = detect(text)
    assert all(c.found for c in cov.benefits.values()), cov.benefits
    assert all(c.found for c in cov.essentials.values()), cov.essentials
    assert cov.career_path.level == 2
    assert {"route", "timeline", "programme", "qualification"} <= set(cov.career_path.elements)
    assert C.coverage_scores(cov, CONFIG) == {"benefits": 100.0, "career_path": 100.0, "essentials": 100.0}
    assert C.missing_findings(cov, text, CONFIG) == []


def test_us_fixture_reads_requirements_as_requirements(fixture_advert):
    text = fixture_advert("coverage_us_tech.txt")
    cov = detect(text)
    assert all(c.found for c in cov.benefits.values())
    # "Experience with 401(k) ... is a plus" is a requirement: the evidence is the offer
    assert all("plus" not in e.text for e in cov.benefits["pension"].evidence)
    assert not cov.essentials["closing_date"].found
    assert cov.career_path.level == 2


def test_thin_fixture_has_only_traps(fixture_advert):
    text = fixture_advert("coverage_thin.txt")
    cov = detect(text)
    assert not any(c.found for c in cov.benefits.values()), {k: v.evidence for k, v in cov.benefits.items()}
    assert cov.career_path.level == 0
    ids = [f.rule_id for f in C.missing_findings(cov, text, CONFIG)]
    assert "essentials.vague-salary" in ids and "essentials.missing-salary" not in ids


def test_glued_list_items_are_read_as_separate_items(fixture_advert):
    text = fixture_advert("coverage_glued.txt")
    cov = detect(text)
    assert cov.benefits["health_wellbeing"].found
    assert cov.benefits["annual_leave"].found
    for c in list(cov.benefits.values()) + list(cov.essentials.values()):
        for e in c.evidence:
            assert text[e.start:e.end] == e.text


@pytest.mark.parametrize("name", ["coverage_full_uk.txt", "coverage_us_tech.txt", "coverage_thin.txt",
                                  "coverage_glued.txt", "plain_nurse.txt", "public_sector_it.txt"])
def test_evidence_spans_slice_the_text(fixture_advert, name):
    text = fixture_advert(name)
    cov = detect(text)
    spans = list(cov.career_path.evidence)
    for c in list(cov.benefits.values()) + list(cov.essentials.values()):
        assert c.found == bool(c.evidence)
        spans += c.evidence
    for e in spans:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.text == e.text.strip()


def test_long_sentence_evidence_is_cut_to_the_clause():
    text = "We are a company " + "that does many things " * 30 + "and we offer a generous pension scheme, " \
           + "and many other things " * 20 + "too."
    cov = detect(text)
    ev = cov.benefits["pension"].evidence[0]
    assert "pension" in ev.text and len(ev.text) <= C.MAX_EVIDENCE_CHARS + 20


def test_empty_and_odd_inputs():
    cov = C.detect("", [], config=CONFIG)
    assert not any(c.found for c in cov.benefits.values()) and cov.career_path.level == 0
    with pytest.raises(ValueError):
        C.detect("abc", [(0, 10)], config=CONFIG)
    with pytest.raises(ValueError):
        C.detect("abc. def.", [(0, 4), (5, 9)], config=CONFIG, labels=[("role", 0.9)])


# ------------------------------------------------------------------ the sentence model's labels

def test_labels_reject_duties_and_accept_offers():
    cfg = Config(use_model=True)
    text = "Training provided."
    assert detect(text, cfg).benefits["learning_development"].found
    # an offer cue ("provided") outweighs a duty label unless the model is all but certain
    assert not detect(text, cfg, labels=[("role", 0.99)]).benefits["learning_development"].found
    assert detect(text, cfg, labels=[("role", 0.9)]).benefits["learning_development"].found
    assert not detect("Training and mentoring.", cfg, labels=[("role", 0.9)]).benefits["learning_development"].found
    assert detect(text, cfg, labels=[("benefits", 0.95)]).benefits["learning_development"].found
    weak = "Dental."
    assert not detect(weak, cfg).benefits["health_wellbeing"].found
    assert detect(weak, cfg, labels=[("benefits", 0.9)]).benefits["health_wellbeing"].found
    # a confident career sentence with no career words is a generic mention
    assert detect("Where could this take you?", cfg, labels=[("career", 0.9)]).career_path.level == 1
    # use_model=False ignores the labels
    assert detect(weak, CONFIG, labels=[("benefits", 0.9)]).benefits["health_wellbeing"].found is False



def test_a_list_of_benefits_outweighs_requirement_labels_on_its_items():
    cfg = Config(use_model=True)
    items = ["• A generous pension scheme", "• 27 days holiday (plus bank holidays)", "• Private medical cover",
             "• Free parking", "• Life insurance"]
    text = "We look after our staff:\n\n" + "\n\n".join(items)
    # the model reads the short items alone and takes them for requirements
    labels = [("other", 0.6)] + [("requirements", 0.96)] * len(items)
    found = detect(text, cfg, labels=labels).benefits
    assert found["health_wellbeing"].found and found["pension"].found and found["financial_extras"].found
    # the same items without bullets are sentences of their own: the labels decide
    plain = "We look after our staff:\n\n" + "\n\n".join(i[2:] for i in items)
    assert not detect(plain, cfg, labels=labels).benefits["health_wellbeing"].found
    # a list with fewer than three items that name a benefit is not a list of benefits
    short = "We look after our staff:\n\n" + "\n\n".join(items[2:3] + ["• Ward experience", "• A driving licence"])
    assert not detect(short, cfg, labels=[("other", 0.6)] + [("requirements", 0.96)] * 3).benefits[
        "health_wellbeing"].found
    # the advert's own heading says the list is requirements: it stays so
    headed = "Requirements\n\n" + "\n\n".join(items)
    assert not detect(headed, cfg, labels=[("other", 0.9)] + [("requirements", 0.96)] * len(items)).benefits[
        "health_wellbeing"].found


# ------------------------------------------------------------------ scores and findings

def test_scores_follow_the_documented_formula():
    cov = detect("We offer a pension and 25 days' annual leave. Salary: £30,000. Location: Leeds.")
    scores = C.coverage_scores(cov, CONFIG)
    assert scores["benefits"] == pytest.approx(100 * 2 / 7, abs=0.01)
    assert scores["essentials"] == 40.0
    assert scores["career_path"] == 0.0
    assert C.coverage_scores(detect("We offer career progression."), CONFIG)["career_path"] == 40.0
    assert C.coverage_scores(detect("You can progress to Band 6."), CONFIG)["career_path"] == 70.0
    assert C.coverage_scores(detect("After 12 months you can progress to Band 6."),
                             CONFIG)["career_path"] == 80.0


PARAGRAPHS = [
    "We offer the NHS Pension Scheme and 27 days' annual leave.",
    "Flexible working and hybrid working are welcome.",
    "You'll get full training, a cycle to work scheme and enhanced maternity pay.",
    "There is a Blue Light card and an annual bonus.",
    "After 12 months you can progress to Band 6 through our preceptorship programme.",
    "Salary: £30,000 a year. Location: Leeds. Full time. Closing date: 12 March 2025. Apply online.",
]


def test_scores_are_monotone_when_paragraphs_are_added():
    base = "Care assistant wanted. You will deliver training to staff and manage annual leave requests."
    previous = C.coverage_scores(detect(base), CONFIG)
    text = base
    for paragraph in PARAGRAPHS:
        text = text + "\n" + paragraph
        scores = C.coverage_scores(detect(text), CONFIG)
        for dim, value in scores.items():
            assert value >= previous[dim], (dim, paragraph)
        previous = scores
    assert previous == {"benefits": 100.0, "career_path": 90.0, "essentials": 100.0}


def test_finding_points_are_what_fixing_adds():
    text = "Care assistant. We offer a pension. Salary: competitive."
    cov = detect(text)
    scores = C.coverage_scores(cov, CONFIG)
    findings = C.missing_findings(cov, text, CONFIG)
    by_dim: dict[str, float] = {}
    for f in findings:
        assert f.fixable is False
        by_dim[f.dimension] = by_dim.get(f.dimension, 0.0) + f.points
        if f.rule_id != "essentials.vague-salary":
            assert f.start == f.end == len(text) and f.text == ""
    assert scores["benefits"] + by_dim["benefits"] == pytest.approx(100, abs=0.05)
    assert scores["essentials"] + by_dim["essentials"] == pytest.approx(100, abs=0.05)
    # fixing the career path (level 0) adds the score of one specific element
    assert by_dim["career_path"] == 70.0
    generic = detect("We offer career progression.")
    [f] = [f for f in C.missing_findings(generic, "We offer career progression.", CONFIG)
           if f.dimension == "career_path"]
    assert f.rule_id == "career_path.generic-only" and f.points == 30.0


def test_findings_carry_the_rule_wording():
    text = "Porter."
    findings = {f.rule_id: f for f in C.missing_findings(detect(text), text, CONFIG)}
    f = findings["benefits.missing-pension"]
    assert f.message and f.why and f.suggestions
    assert "pension" in f.suggestions[0]
    assert set(findings) >= {f"benefits.missing-{c}" for c in BENEFIT_CATEGORIES}
    assert set(findings) >= {f"essentials.missing-{e}" for e in ESSENTIALS}
    assert "career_path.missing" in findings


def test_require_benefits_is_honoured():
    cfg = config_from_dict({"require_benefits": ["pension", "annual_leave"], "use_model": False})
    text = "We offer a pension."
    cov = detect(text, cfg)
    assert C.coverage_scores(cov, cfg)["benefits"] == 50.0
    ids = {f.rule_id for f in C.missing_findings(cov, text, cfg) if f.dimension == "benefits"}
    assert ids == {"benefits.missing-annual_leave"}
    none = config_from_dict({"require_benefits": [], "use_model": False})
    assert C.coverage_scores(cov, none)["benefits"] == 100.0


def test_category_weights_can_be_overridden():
    cfg = config_from_dict({"use_model": False, "require_benefits": ["pension", "annual_leave"],
                            "params": {"benefits.missing-pension": {"weight": 3}}})
    cov = detect("We offer a pension.")
    assert C.coverage_scores(cov, cfg)["benefits"] == 75.0
    [f] = [f for f in C.missing_findings(cov, "We offer a pension.", cfg) if f.dimension == "benefits"]
    assert f.points == 25.0
    bad = config_from_dict({"params": {"benefits.missing-pension": {"weight": -1}}})
    with pytest.raises(ConfigError):
        C.coverage_scores(cov, bad)


def test_disabled_rules_are_honoured():
    text = "Porter. Salary: competitive."
    cov = detect(text)
    cfg = replace(CONFIG, disable=("benefits.", "career_path.missing", "essentials.vague-salary"))
    ids = {f.rule_id for f in C.missing_findings(cov, text, cfg)}
    assert not any(i.startswith("benefits.") for i in ids)
    assert "career_path.missing" not in ids
    # with the vague-salary check off, the plain missing-salary finding stands in
    assert "essentials.missing-salary" in ids and "essentials.vague-salary" not in ids


# ------------------------------------------------------------------ rule data and gating

@pytest.mark.parametrize("pattern,words", [
    (r"\bpension", ["pension*"]),
    (r"\b(?:company|lease) cars?\b", ["company", "lease"]),  # words that start the match are cheaper
    (r"\bwe offer (?:a )?lease cars?\b", ["lease"]),  # a rare word beats "we" and "offer"
    (r"\bfree (?:car )?parking\b", ["parking"]),  # rare enough to be worth a window search
    (r"(?:£|\$)\s?\d+", ["$", "£"]),
    (r"\bcpd\b|\bcontinuing professional development\b", ["continuing", "cpd"]),
    (r"\b\d+\s*days", None),  # "27days" is one token: no word every match starts a token with
    (r"\bre-?skill", ["re*"]),
])
def test_required_words(pattern, words):
    assert C.required_words(pattern) == words


def test_a_pattern_without_a_required_word_is_a_rule_file_error():
    with pytest.raises(ConfigError, match="no word that every match must contain"):
        C._part((r"\b\d+\s*days",), "rules/x.yml: categories.y.match")
    with pytest.raises(ConfigError, match="bad regular expression"):
        C._sources(["(unclosed"], "rules/x.yml: categories.y.match")


def test_every_category_is_compiled_from_the_rule_files():
    specs = C._compiled().specs
    names = {(s.dimension, s.name) for s in specs}
    assert {("benefits", c) for c in BENEFIT_CATEGORIES} <= names
    assert {("essentials", e) for e in ESSENTIALS} <= names
    assert {("career_path", e) for e in ("generic",) + CAREER_ELEMENTS} <= names


def _ungated_raw_hits(doc, anchored, floating):
    """Every pattern of the spec over the whole text: what gating must reproduce."""
    index = anchored[0][2]  # scan_all below passes the spec index here
    spec = doc.comp.specs[index]
    spans = {}
    for part_no, strength in ((0, "match"), (1, "offer")):
        part = spec.parts[part_no]
        if part is None:
            continue
        for src in part.sources:
            for m in re.compile(src).finditer(doc.lower):
                if m.end() > m.start():
                    spans.setdefault(m.span(), strength)
    return [C._Hit(s, e, doc.sentence_of(s), st) for (s, e), st in sorted(spans.items())]


def _decisions(cov):
    return ({k: v.found for k, v in cov.benefits.items()}, cov.career_path.level,
            cov.career_path.elements, {k: v.found for k, v in cov.essentials.items()})


@pytest.mark.corpus
def test_gating_finds_what_a_whole_text_search_finds(corpus_dir, monkeypatch, fixture_advert):
    texts = [fixture_advert(n) for n in ("coverage_full_uk.txt", "coverage_us_tech.txt", "coverage_thin.txt")]
    for name, limit in (("nhs.jsonl.gz", 15), ("emscad.jsonl.gz", 10), ("skillspan.jsonl.gz", 10),
                        ("glassdoor.jsonl.gz", 5)):
        with gzip.open(corpus_dir / name, "rt", encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(limit), fh)]
    gated = [_decisions(detect(t)) for t in texts]
    scan = C._scan_triggers

    def scan_all(doc):
        scan(doc)  # fills the not-pattern occurrences
        return {i: [(0, 0, i)] for i in range(len(doc.comp.specs))}, {}

    monkeypatch.setattr(C, "_raw_hits", _ungated_raw_hits)
    monkeypatch.setattr(C, "_scan_triggers", scan_all)
    ungated = [_decisions(detect(t)) for t in texts]
    for text, g, u in zip(texts, gated, ungated):
        assert g == u, text[:200]


# ------------------------------------------------------------------ growth phrasing, model weighting, structure

NEW_BENEFIT_CASES = [
    ("health_wellbeing", "What we offer: private health insurance and a cycle to work scheme.", True),
    ("health_wellbeing", "In return you will have access to the Staff Wellbeing Service.", True),
    ("health_wellbeing", "We offer a chance to work with Health Education England on workforce plans.", False),
    ("health_wellbeing", "We offer analytics to health plans and hospitals.", False),
    ("health_wellbeing", "We offer support to promote the well-being of patients.", False),
    ("financial_extras", "Benefits include a meal allowance.", True),
    ("flexible_working", "The trust supports flexible working and considers requests.", True),
    ("flexible_working", "We offer a flexible working pattern to suit you.", True),
    ("flexible_working", "Benefits include: flexibility", True),
    ("flexible_working", "We offer flexibility on requirements for the right person.", False),
    ("flexible_working", "We offer variety and work-life balance.", False),
    ("flexible_working", "Benefits: induction training delivered remotely.", False),
    ("learning_development", "We offer: provide training to the wider team.", False),
    ("learning_development", "Benefits: Certificates a plus.", False),
]


@pytest.mark.parametrize("category,text,expected", NEW_BENEFIT_CASES,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(NEW_BENEFIT_CASES)])
def test_benefit_patterns_for_subjects_and_offers(category, text, expected):
    assert detect(text).benefits[category].found is expected, text


NEW_CAREER_CASES = [
    ("We will help you grow.", 1, ()),
    ("You will have the chance to grow professionally with us.", 1, ()),
    ("There are excellent long-term prospects.", 1, ()),
    ("Promotion is on merit.", 1, ()),
    ("You could grow into a senior position.", 1, ()),
    ("There are opportunities for advancement.", 1, ()),
    ("Join a friendly team that will nurture your talents and help you grow.", 1, ()),
    ("The post has the potential to assume a leadership role.", 1, ()),
    ("Our team will support you in developing your full potential.", 1, ()),
    ("We are proud of our commitment to staff development.", 1, ()),
    ("We offer an opportunity to specialise further in the longer term.", 1, ()),
    ("Looking for a rewarding, progressive career with us?", 1, ()),
    ("If you are newly qualified, we run a Perceptorship Programme.", 2, ("programme",)),
    ("We offer staff opportunities to gain BSc, MSc and PhD qualifications.", 2, ("qualification",)),
    ("You will be supported to undertake an accredited Level 6 learning programme.", 2, ("qualification",)),
    ("You must have completed an accredited Level 3 course.", 0, ()),
    ("We provide a preceptorship package for newly qualified nurses.", 2, ("programme",)),
    ("You will deliver preceptorship for newly qualified nurses.", 0, ()),
    ("Trainees are paid under Annex 21 of Agenda for Change.", 2, ("route",)),
    ("On qualification you will move to Band 5.", 2, ("route",)),
    ("Salary Band 5.", 0, ()),
    ("A chance to reach your full potential in a friendly team.", 1, ()),
    ("You will be responsible for staff development on the ward.", 0, ()),
    ("We offer a development pathway from apprentice to Band 4.", 2, ("route",)),
    ("The post will convert to Band 6 after 12 months.", 2, ("route", "timeline")),
    ("We offer free courses leading to industry-recognised qualifications.", 2, ("qualification",)),
    ("You will receive training towards CompTIA certification.", 2, ("qualification",)),
    ("Applicants must have completed preceptorship.", 0, ()),
    ("We offer educational assistance and training and development programs.", 1, ()),   # generic: no named programme
    ("You will deliver training and development programmes for the ward team.", 0, ()),
    ("You will deliver courses to new starters and run the induction programme.", 0, ()),
    ("You must hold industry-recognised qualifications.", 0, ()),
    ("You will develop care pathways for patients.", 0, ()),
]


@pytest.mark.parametrize("text,level,elements", NEW_CAREER_CASES)
def test_career_growth_phrasing(text, level, elements):
    cp = detect(text).career_path
    assert cp.level == level, text
    assert set(elements) <= set(cp.elements), (text, cp.elements)


NEW_ESSENTIAL_CASES = [
    ("salary", "We manage $650MM in media spend.", False),
    ("how_to_apply", "Click here to learn more about us.", False),
    ("how_to_apply", "Visit www.example.com for more information.", False),
    ("how_to_apply", "If you need a reasonable accommodation during the application process, contact us.", False),
    ("how_to_apply", "Applications only via upload on our website.", True),
    ("working_pattern", "Hours per week – 37.5", True),
    ("working_pattern", "This is afull time post.", True),
    ("working_pattern", "The ward provides cover 16 hours per day, 7 days per week.", False),
    ("working_pattern", "There are opportunities to pick up bank shifts.", False),
    ("location", "We build web applications based on Ruby On Rails.", False),
    ("location", "Our office is based on the Isle of Wight.", True),
]


@pytest.mark.parametrize("name,text,expected", NEW_ESSENTIAL_CASES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(NEW_ESSENTIAL_CASES)])
def test_essential_patterns_for_company_figures_and_labels(name, text, expected):
    assert detect(text).essentials[name].found is expected, text


def _probs(**p):
    full = {name: 0.0 for name in ("organisation", "role", "requirements", "benefits", "career", "apply", "other")}
    full.update(p)
    return C.LabelProbs.from_row(list(full), list(full.values()))


def test_label_probs_are_tuples_with_the_whole_distribution():
    lp = _probs(benefits=0.45, career=0.3, role=0.25)
    assert tuple(lp) == ("benefits", 0.45)
    label, prob = lp
    assert (label, prob) == ("benefits", 0.45) and lp.probs["career"] == 0.3
    import pickle
    again = pickle.loads(pickle.dumps(lp))
    assert tuple(again) == tuple(lp) and again.probs == lp.probs


def test_benefits_plus_career_probability_makes_an_offer():
    cfg = Config(use_model=True)
    weak = "Dental."
    # neither label alone reaches the old 0.6, together they do
    assert detect(weak, cfg, labels=[_probs(benefits=0.35, career=0.3, role=0.35)]).benefits["health_wellbeing"].found
    assert not detect(weak, cfg, labels=[_probs(benefits=0.2, career=0.2, role=0.6)]).benefits["health_wellbeing"].found


def test_career_hits_need_some_support_from_the_model():
    cfg = Config(use_model=True)
    text = "Ongoing development of the data platform and further development of our reports."
    assert detect(text).career_path.level == 1  # without the model the words alone decide
    assert detect(text, cfg, labels=[_probs(role=0.95, career=0.03, benefits=0.02)]).career_path.level == 0
    assert detect(text, cfg, labels=[_probs(role=0.6, career=0.3, benefits=0.1)]).career_path.level == 1
    # a hit naming progression or promotion needs less
    strong = "There are many opportunities for advancement in this growing company."
    assert detect(strong, cfg, labels=[_probs(organisation=0.9, career=0.06, benefits=0.04)]).career_path.level == 1
    band = "The role is at Band 5, with the potential of a promotion to Band 6 in the future."
    assert detect(band, cfg, labels=[_probs(role=0.7, other=0.29, career=0.01)]).career_path.level == 2


def test_weak_career_words_with_a_career_probability_make_a_generic_mention():
    cfg = Config(use_model=True)
    text = "Where could the future take you?"
    assert detect(text, cfg, labels=[_probs(career=0.35, organisation=0.65)]).career_path.level == 1
    assert detect(text, cfg, labels=[_probs(career=0.2, organisation=0.8)]).career_path.level == 0
    assert detect("Where could this take you?", cfg, labels=[_probs(career=0.35, other=0.65)]).career_path.level == 0


def test_a_heading_glued_to_the_end_of_a_line_opens_its_section():
    text = "Fluency in English Job benefits: Wellness, Fitness"
    assert detect(text).benefits["health_wellbeing"].found
    assert not detect("Fluency in English, wellness, fitness").benefits["health_wellbeing"].found


def test_a_benefits_heading_outranks_a_duty_label():
    cfg = Config(use_model=True)
    text = "What we offer\nPension scheme with employer contributions"
    labels = [_probs(other=0.9, benefits=0.1), _probs(role=0.9, benefits=0.1)]
    assert detect(text, cfg, labels=labels).benefits["pension"].found


def extra(text: str, config: Config = CONFIG, labels=None):
    return C.extra_findings(text, split(text), config=config, labels=labels)


STRUCTURE_CASES = [
    ("Porter in Hull. You will move patients. You must be fit.", "benefits.no-section"),
    ("Porter in Hull.\nRequirements\n- Fitness\n- Company pension and 25 days' annual leave", "benefits.hidden-in-requirements"),
    ("Porter in Hull.\nKey duties\n- Moving patients\n- NHS Pension Scheme", "benefits.hidden-in-requirements"),
    ("Porter in Hull.\nRequirements\n- Fitness\nWhat we offer\n- Company pension", None),
    ("Porter in Hull. You will move patients. We offer a company pension.", None),
    # a requirement is not a hidden benefit (and there is no benefit at all)
    ("Porter in Hull.\nRequirements\n- Experience of pension administration", "benefits.no-section"),
]


@pytest.mark.parametrize("text,rule_id", STRUCTURE_CASES)
def test_structure_findings(text, rule_id):
    got = extra(text)
    assert [f.rule_id for f in got] == ([rule_id] if rule_id else []), text
    for f in got:
        assert f.text == text[f.start:f.end] and f.points == 0
        if rule_id == "benefits.hidden-in-requirements":
            assert "ension" in f.text


def test_structure_findings_with_the_model_and_disabled():
    cfg = Config(use_model=True)
    text = "Porter in Hull. You will move patients. You will get a pension. You will clean beds."
    labels = [_probs(other=0.9), _probs(role=0.9), _probs(benefits=0.4, role=0.6), _probs(role=0.9)]
    got = extra(text, cfg, labels)
    assert [f.rule_id for f in got] == ["benefits.hidden-in-requirements"]
    assert got[0].text == "You will get a pension."
    # a sentence the model puts among benefits is a benefit even with no benefit words
    bare = "Porter in Hull. You will move patients. Lots of perks."
    assert extra(bare)[0].rule_id == "benefits.no-section"
    assert extra(bare, cfg, [_probs(other=0.9), _probs(role=0.9), _probs(benefits=0.8, other=0.2)]) == []
    off = config_from_dict({"disable": ["benefits.no-section", "benefits.hidden-in-requirements"]})
    assert extra("Porter in Hull. You will move patients.", off) == []


def test_a_line_offering_benefits_that_ends_in_colon_dash_opens_a_benefits_section():
    text = ("Essential Requirements;\n\nRegistered Midwife\n\nNMC Registration\n\n"
            "In return for your commitment, we offer the following benefits:-\n\n"
            "- A flexible working pattern to suit you\n\n- Weekly pay\n")
    assert detect(text).benefits["flexible_working"].found


@pytest.mark.parametrize("intro", [
    "Please take a look at our progressive and rewarding benefits package",
    "We also have a range of other benefits such as",
])
def test_a_line_ending_in_benefits_package_or_such_as_opens_a_benefits_section(intro):
    text = ("About You\n\n- NMC registration\n- Ability to work with challenging patients\n\n"
            f"{intro}\n\n- Contributory pension scheme\n- Generous annual leave allowance\n")
    cov = detect(text)
    assert cov.benefits["pension"].found and cov.benefits["annual_leave"].found
    # a prose sentence ending in "benefits package." does not open a section
    prose = ("About You\n\n- NMC registration\n\nWe offer a competitive salary and benefits package.\n"
             "- Generous annual leave allowance\n")
    assert C._Doc(prose, [(0, len(prose))], None, C._compiled()).section_at(prose.index("Generous")) \
        != "benefits"


def test_trigger_analysis_is_kept_between_runs(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("ADVERT_ASSISTANT_CACHE", str(tmp_path))
    fresh = C._compiled()
    monkeypatch.setattr(C, "_KNOWN", None)
    C._compiled.cache_clear()
    try:
        C._compiled()  # analyses every pattern and writes the cache
        files = list((tmp_path / "advert-assistant").glob("coverage-triggers-*.json"))
        assert len(files) == 1
        saved = json.loads(files[0].read_text())
        assert len(saved) > 100
        # a new process would read it: the same triggers come back without any analysis
        monkeypatch.setattr(C, "_KNOWN", None)
        C._compiled.cache_clear()
        monkeypatch.setattr(C, "_required", lambda *a, **k: pytest.fail("analysed again"))
        again = C._compiled()
        assert again.exact.keys() == fresh.exact.keys() and again.stems.keys() == fresh.stems.keys()
        monkeypatch.undo()
        # a corrupt cache costs only the time
        monkeypatch.setenv("ADVERT_ASSISTANT_CACHE", str(tmp_path))
        files[0].write_text("{not json")
        monkeypatch.setattr(C, "_KNOWN", None)
        C._compiled.cache_clear()
        assert C._compiled().exact.keys() == fresh.exact.keys()
    finally:
        monkeypatch.undo()
        C._compiled.cache_clear()
        C._KNOWN = None


# ------------------------------------------------------------------ shortcuts that must not change results


def test_a_clause_start_from_a_floor_is_the_long_scan_cut_at_the_floor():
    import random

    rng = random.Random(7)
    pieces = [" ", ",", " but ", " however ", " though ", " although ", "whereas", ":", " - ", "—",
              ".", "\n", "x", "c", "1", "the", "so", "•", "\t", "pension "]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(40, 160)))
        doc = C._Doc(text, [], None, C._compiled())
        for _ in range(20):
            pos = rng.randrange(len(doc.lower) + 1)
            floor = pos - rng.choice([C._CUE_LOOKBACK, C.MAX_EVIDENCE_CHARS // 2, rng.randrange(-10, 260)])
            assert doc.clause_start_after(pos, floor) == max(doc.clause_start(pos), floor), (text, pos, floor)


def test_the_clause_boundary_regex_finds_what_the_plain_alternation_finds():
    plain = re.compile(r"[.;!?\n•·|]|\s[-–—]\s|:\s|,?\s(?:but|however|although|though|whereas)\s")
    text = "a , but b - c: d ,  however e\n- f — g, although h;i . whereas j, though k • l | m"
    for start in range(len(text)):
        assert [m.span() for m in plain.finditer(text, start)] \
            == [m.span() for m in C._CLAUSE_BOUNDARY.finditer(text, start)]


def test_a_benefits_list_ending_always_names_a_benefit_word():
    for line in ("see our rewarding benefits package", "we offer perks such as", "a great reward scheme -",
                 "other benefits include …", "benefits"):
        assert C._BENEFIT_INTRO_END.search(line) is not None
        assert C._names_benefits(line, 0, len(line))
    assert not C._names_benefits("we offer great training", 0, 23)


def test_the_first_vague_salary_is_the_first_of_all_of_them():
    for text in ("Salary: competitive, negotiable DOE", "A competitive salary and a pension", "£30,000 a year"):
        spans = C.vague_salary_spans(text)
        assert C._first_vague_salary(text) == (spans[0] if spans else None)
