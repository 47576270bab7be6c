"""More ways adverts offer flexible working and family-friendly policies, and look-alikes
that are not offers (each written for this test, in the style of the corpus adverts)."""

from __future__ import annotations

import pytest

from advert_assistant import assess

CASES = [
    # flexible working offered
    ("flexible_working", "We have full and part time posts available on the ward.", True),
    ("flexible_working", "Posts are offered on a full time and part time basis.", True),
    ("flexible_working", "Hours available: Full & Part Time.", True),
    ("flexible_working", "We are recruiting full- and part-time support workers.", True),
    ("flexible_working", "Our benefits include flexibility of working hours and location.", True),
    ("flexible_working", "Benefits:\n- Flexibility of hours/location\n- Pension", True),
    ("flexible_working", "Bank work is a flexible way of working that fits around you.", True),
    ("flexible_working", "You will have the flexibility to book your own shifts.", True),
    ("flexible_working", "The hours are varied and flexible.", True),
    ("flexible_working", "We can offer you lots of flexibility.", True),
    ("flexible_working", "We are always willing to consider flexible working.", True),
    ("flexible_working", "We do offer part time hours.", True),
    ("flexible_working", "We are able to offer a range of part time opportunities.", True),
    ("flexible_working", "Various hours are available to support flexible working.", True),
    ("flexible_working", "We offer paid training, support for flexible working and an on-site nursery.", True),
    ("flexible_working", "We are supportive of flexible working although the role needs to cover the service.", True),
    ("flexible_working", "The post can be filled on a part time basis.", True),
    ("flexible_working", "We mostly have young families and promote part time working.", True),
    ("flexible_working", "Hours: 24-32 hours (flexibility considered)", True),
    ("flexible_working", "We have a flexible approach to working and working hours.", True),
    ("flexible_working", "Why join us?\n\n• A flexible approach to job planning to support work-life balance.\n\n• Protected study time.", True),
    ("flexible_working", "The Trust cares about its staff; we aim for a flexible approach to working hours.", True),
    ("flexible_working", "Other interests are encouraged and supported to enable flexible working.", True),
    ("flexible_working", "The team offers you the flexibility to work on the days to suit you.", True),
    ("flexible_working", "All training posts are open to those who wish to train less than full time.", True),
    ("flexible_working", "The Trust promotes flexible working options on all appropriate posts.", True),
    ("learning_development", "We do not offer training, so you must have recent experience.", False),
    ("learning_development", "No training is provided for this post.", False),
    ("learning_development", "Training will not be provided.", False),
    ("financial_extras", "Costs of moving should not limit our ability to recruit, so we support staff to relocate.", True),
    ("pension", "Benefits include the ability to retain your NHS pension.", True),
    ("learning_development", "This post offers opportunities for both professional and personal development.", True),
    ("learning_development", "Working here provides excellent personal development opportunities.", True),
    ("learning_development", "In return we offer developmental opportunities for nursing staff.", True),
    ("learning_development", "You must take responsibility for your own personal development.", False),
    ("health_wellbeing", "Our staff programme offers smoking cessation services, exercise classes and support for "
                         "mental health.", True),
    ("financial_extras", "We are pleased to offer a relocation package of up to £8,000.", True),
    ("financial_extras", "Benefits:\n• £1000 welcome subsidy and a loan to support your resettlement", True),
    ("financial_extras", "You will plan the relocation of the service to the new hospital.", False),
    ("flexible_working", "We have 20 hours a week, with some flexibility around which days you work.", True),
    ("flexible_working", "Consideration will be given to applicants who wish to apply for a part time contract.", True),
    ("flexible_working", "A flexible approach to working hours is required as the unit runs all year.", False),
    ("flexible_working", "You will need a flexible approach to working across our three sites.", False),
    ("flexible_working", "To adopt a flexible approach to hours of duty to meet the needs of the service.", False),
    ("flexible_working", "You should have a flexible approach to ways of working and be IT literate.", False),
    ("flexible_working", "We have a range of full, part time and bank opportunities.", True),
    ("flexible_working", "Three posts – whole or part-time", True),
    ("flexible_working", "Regular or occasional shifts (full-time and/or part-time).", True),
    ("flexible_working", "Weekly hours: 24 (some flexibility around timings).", True),
    ("flexible_working", "The core hours are 9am to 5pm but we do offer some flexibility if required.", True),
    ("flexible_working", "Please talk to us at interview about the flexibility you may need.", True),
    ("flexible_working", "Get in touch if you want to work different hours or work flexibly.", True),
    ("flexible_working", "• Flexibility of work, with shifts that suit you", True),
    ("flexible_working", "Although these posts are full-time, consideration will be given to applicants who require "
                         "flexible working arrangements.", True),
    ("flexible_working", "• Flexibility that enables you to balance your work and personal commitments", True),
    # not offers
    ("flexible_working", "You must be willing to work flexibly across the week.", False),
    ("flexible_working", "You will support remote working for 300 staff as part of the IT service desk.", False),
    ("flexible_working", "You will be supporting flexible working requests across the team.", False),
    ("flexible_working", "Supervision of housekeepers and domestics (both part time and full time).", False),
    ("flexible_working", "The nursery has a combination of 26 full and part time staff.", False),
    ("flexible_working", "The home is a care home based in Leeds.", False),
    ("flexible_working", "The team uses agile working methods such as Scrum.", False),
    ("flexible_working", "Benefits: flexible time off and a pension.", False),
    ("flexible_working", "Our benefits are flexible and tailored to each member of staff.", False),
    # family-friendly offered
    ("family_friendly", "We offer a wide range of benefits including on-site leisure facilities and day nurseries.", True),
    ("family_friendly", "Benefits:\n- On-site day nursery\n- Car lease scheme", True),
    ("family_friendly", "Perks: New Parent Leave and Adoption Assistance.", True),
    ("family_friendly", "Benefits:\n- Enhanced maternity cover\n- Life cover", True),
    # not offers
    ("family_friendly", "This post is to cover a one-year maternity leave.", False),
    ("family_friendly", "The post is to cover the current post holder’s maternity leave.", False),
    ("family_friendly", "As a result of maternity leave, an opportunity has arisen for a nurse.", False),
    ("family_friendly", "We have nurses posts due to staff progression and maternity leave.", False),
    ("family_friendly", "You will support staff working in local day nurseries.", False),
    ("family_friendly", "The surgery has a family friendly feel.", False),
]


@pytest.mark.parametrize("category,text,expected", CASES, ids=[f"{c}-{e}-{i}" for i, (c, _, e) in enumerate(CASES)])
def test_offer_wordings(category, text, expected):
    report = assess("Staff nurse, Leeds.\n\n" + text)
    assert report.coverage.benefits[category].found is expected


@pytest.mark.parametrize("text", [
    "The role\n\nWe are looking to recruit full time and part time Band 5 nurses across our theatre departments.",
    "The role\n\nThis is a full time post but job share will be considered for the right candidate.",
    "About the role\n\nYou will lead the ward team; flexible working patterns will be considered.",
    "The role\n\nWe have an exciting opportunity for a part-time pharmacy technician to join our busy dispensary.",
    "The role\n\nThe surgery is inviting applications for a part time practice nurse to start in the spring.",
    "The role\n\nYou will be based in Exeter, and there will be opportunities for the post holder to work from home.",
    "The role\n\nThe post is full time, but there may be some flexibility around hours for the right person.",
])
def test_sure_offers_count_in_a_paragraph_about_the_role(text):
    assert assess(text).coverage.benefits["flexible_working"].found, text


@pytest.mark.parametrize("text", [
    "Duties\n\nYou will create opportunities for part-time staff to attend the training days.",
    "Duties\n\nYou will need to be flexible around hours to meet the needs of the service.",
])
def test_part_time_and_flexible_hours_asked_of_the_candidate_are_not_offers(text):
    assert not assess(text).coverage.benefits["flexible_working"].found, text


def test_a_duty_about_part_time_staff_is_still_not_an_offer():
    text = "Duties\n\nYou will supervise housekeepers and domestics (both part time and full time staff)."
    assert not assess(text).coverage.benefits["flexible_working"].found


@pytest.mark.parametrize("category,text", [
    ("learning_development", "Requirements\n\nExperience of SystmOne is desirable, but not essential, as full training will be given."),
    ("learning_development", "About you\n\nYou do not need pharmacy experience: we will provide full in-house training."),
    ("pension", "Requirements\n\n• Eligibility to join the NHS Pension Scheme"),
    ("financial_extras", "About you\n\nIf you live outside the area, a generous relocation package is available to support you."),
])
def test_sure_offers_in_a_requirements_section(category, text):
    assert assess(text).coverage.benefits[category].found, text
