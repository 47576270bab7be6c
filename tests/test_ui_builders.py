"""'Add what's missing': benefits and career-path sections, and where they go in the draft."""

from __future__ import annotations

import pytest

from advert_assistant.ui import builders
from advert_assistant.ui.builders import BenefitsOffer, BuilderError


def test_full_benefits_section():
    offer = BenefitsOffer(
        pension=True, pension_contribution=27, pension_scheme="Civil Service pension",
        annual_leave=True, leave_days="25", leave_rising_to=30,
        flexible_working=True, flexible_pattern="hybrid", flexible_details="two days a week in Leeds",
        learning_development=True, learning_budget=1500, learning_details="Study leave for exams",
        health_wellbeing=True, family_friendly=True, financial_extras=True,
        financial_details="a season ticket loan",
    )
    section = builders.benefits_section(offer)
    assert section.splitlines() == [
        "What we offer",
        "",
        "- Membership of the Civil Service pension, with an employer contribution of 27% of your salary",
        "- 25 days' annual leave, rising to 30 days with service, plus bank holidays",
        "- Flexible working: hybrid working, two days a week in Leeds",
        "- A personal learning and development budget of £1,500 a year, and study leave for exams",
        "- Health and wellbeing support, including an employee assistance programme",
        "- Family-friendly policies, including enhanced maternity, paternity and adoption pay",
        "- A season ticket loan",
    ]


@pytest.mark.parametrize("offer,line", [
    (BenefitsOffer(pension=True), "A workplace pension with employer contributions"),
    (BenefitsOffer(pension=True, pension_contribution="8.5%"),
     "A workplace pension with an employer contribution of 8.5% of your salary"),
    (BenefitsOffer(pension=True, pension_scheme="NHS Pension Scheme."), "Membership of the NHS Pension Scheme"),
    (BenefitsOffer(annual_leave=True, leave_days=28, leave_plus_bank_holidays=False), "28 days' annual leave"),
    (BenefitsOffer(annual_leave=True, leave_days=28, leave_rising_to=20), "28 days' annual leave, plus bank holidays"),
    (BenefitsOffer(flexible_working=True), "Flexible working"),
    (BenefitsOffer(flexible_working=True, flexible_pattern="flexitime"),
     "Flexible working: flexitime, so you can choose your start and finish times"),
    (BenefitsOffer(flexible_working=True, flexible_pattern="term-time only"), "Flexible working: term-time only"),
    (BenefitsOffer(learning_development=True), "Paid time and support for training and development"),
    (BenefitsOffer(health_wellbeing=True, health_details="free gym; "), "Health and wellbeing support: free gym"),
    (BenefitsOffer(family_friendly=True, family_details="26 weeks' full maternity pay"),
     "Family-friendly policies: 26 weeks' full maternity pay"),
    (BenefitsOffer(extra=["  a   staff discount. ", ""]), "A staff discount"),
])
def test_benefit_lines(offer, line):
    assert builders.benefit_lines(offer) == [line]


@pytest.mark.parametrize("offer,message", [
    (BenefitsOffer(), "Tick at least one benefit"),
    (BenefitsOffer(annual_leave=True), "Enter the number of days"),
    (BenefitsOffer(annual_leave=True, leave_days="lots"), "must be a number"),
    (BenefitsOffer(pension=True, pension_contribution=150), "between 0 and 100"),
    (BenefitsOffer(learning_development=True, learning_budget=-5), "between 0 and"),
])
def test_benefits_builder_refuses_what_cannot_make_a_section(offer, message):
    with pytest.raises(BuilderError, match=message):
        builders.benefits_section(offer)


def test_career_section():
    section = builders.career_section(
        next_roles="Senior Analyst, Lead Analyst", timeline="12 to 18 months",
        training="a mentoring programme\nmonthly workshops", qualifications="CIPD Level 5",
        framework="DDaT capability framework",
    )
    assert section.splitlines() == [
        "Where this job can take you",
        "",
        "- Within 12 to 18 months, you could progress to Senior Analyst or Lead Analyst, with a clear route to get there",
        "- Structured training along the way: a mentoring programme and monthly workshops",
        "- We will fund and support you to gain the qualification CIPD Level 5",
        "- Your development follows the DDaT capability framework, so you can see what each next step needs",
    ]


@pytest.mark.parametrize("fields,line", [
    ({"next_roles": "Band 6"}, "You could progress to Band 6, with a clear route to get there"),
    ({"next_roles": ["Team Leader"], "timeline": "After your first year"},
     "After your first year, you could progress to Team Leader, with a clear route to get there"),
    ({"timeline": "two years"}, "Within two years, we will review your progression with you and agree your next step"),
    ({"qualifications": "ACCA; CIMA"}, "We will fund and support you to gain the qualifications ACCA and CIMA"),
    ({"next_roles": "Manager (Grade 7), Director"},
     "You could progress to Manager (Grade 7) or Director, with a clear route to get there"),
])
def test_career_lines(fields, line):
    assert builders.career_lines(**fields)[0] == line


def test_career_builder_needs_something():
    with pytest.raises(BuilderError, match="at least one"):
        builders.career_section(next_roles=" ", timeline="")


ADVERT = """Data Analyst

You will build dashboards.

How to apply
Send your CV to jobs@example.com by 1 May."""


def test_insert_goes_before_how_to_apply():
    out = builders.insert_section(ADVERT, "What we offer\n\n- A pension")
    assert out == ("Data Analyst\n\nYou will build dashboards.\n\nWhat we offer\n\n- A pension\n\n"
                   "How to apply\nSend your CV to jobs@example.com by 1 May.")


def test_insert_at_an_offset_moves_to_the_start_of_its_line():
    offset = ADVERT.index("dashboards")
    out = builders.insert_section(ADVERT, "X heading\n\n- item", before=offset)
    assert out.startswith("Data Analyst\n\nX heading\n\n- item\n\nYou will build dashboards.")


def test_insert_at_the_end_without_an_apply_line_and_into_empty_text():
    assert builders.insert_section("Just one line.", "H\n\n- a") == "Just one line.\n\nH\n\n- a\n"
    assert builders.insert_section("", "H\n\n- a") == "H\n\n- a\n"


def test_using_a_builder_twice_replaces_its_section():
    once = builders.insert_section(ADVERT, builders.benefits_section(BenefitsOffer(pension=True)))
    twice = builders.insert_section(once, builders.benefits_section(BenefitsOffer(annual_leave=True, leave_days=25)))
    assert twice.count("What we offer") == 1
    assert "pension" not in twice and "25 days' annual leave" in twice
    assert twice.endswith("How to apply\nSend your CV to jobs@example.com by 1 May.")


def test_a_heading_without_a_list_is_not_replaced():
    text = "What we offer\nA friendly team and free fruit.\n"
    out = builders.insert_section(text, "What we offer\n\n- A pension")
    assert "A friendly team and free fruit." in out and out.count("What we offer") == 2
