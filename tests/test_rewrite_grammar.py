"""Grammar of whole-advert rewrites: the third-person check and its "you", gendered
pronouns, and long-sentence splits, on sentences taken from real adverts."""

from __future__ import annotations

import pytest

from advert_assistant import assess
from advert_assistant.rewrite import rewrite, split_sentence

THIRD = "clarity.third-person"


def third_person(text: str) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(f.text, f.suggestions, f.fixable) for f in assess(text).findings if f.rule_id == THIRD]


def rewritten(text: str) -> str:
    return rewrite(text, rule_ids=[THIRD, "inclusivity.gendered", "clarity.long-sentence"]).text


# ------------------------------------------------------------------ a noun phrase with a post-modifier

@pytest.mark.parametrize("text, bad", [
    ("With this in mind we require a candidate with a good understanding of infection control.",
     "you with"),
    ("We are looking for a candidate that must have at least 5 years of experience.", "you that"),
    ("We are looking for a candidate who has worked in retail.", "you who"),
    ("Our client wants an applicant from a finance background.", "you from"),
])
def test_a_candidate_with_a_modifier_is_not_rewritten_to_you(text, bad):
    out = rewritten(text)
    assert bad not in out.lower()
    assert out == text


@pytest.mark.parametrize("text, expected", [
    ("The right candidate for this role must have at least 2 years of experience in Spark.",
     "You must have at least 2 years of experience in Spark."),
    ("The ideal candidate for the scholarship can work independently.", "You can work independently."),
])
def test_the_candidate_for_this_role_will_is_you_will(text, expected):
    assert rewritten(text) == expected


def test_a_candidate_with_a_modifier_as_subject_is_found_without_a_fix():
    found = third_person("The successful candidate with the most experience will lead the team.")
    assert [(t, fixable) for t, _s, fixable in found] == [("The successful candidate", False)]
    assert rewritten("The successful candidate with the most experience will lead the team.") == (
        "The successful candidate with the most experience will lead the team.")


# ------------------------------------------------------------------ "the candidate" who is not the reader

@pytest.mark.parametrize("text", [
    "We work closely with both the candidate and the employer to ensure a good start.",
    "The job advertisement will be closed down once we have found the right candidate.",
    "As soon as possible but we will wait for the right candidate.",
    "We will appoint the successful candidate in June.",
    "Once we have selected the successful candidate, we will write to everyone.",
    "We hope to hire the right candidate quickly.",
    "Our recruiters will be finding the right candidate for each client.",
    "We support the employer and the candidate through the process.",
])
def test_the_candidate_as_a_recruiters_object_is_not_found(text):
    assert third_person(text) == []
    assert rewritten(text) == text


@pytest.mark.parametrize("text, expected", [
    ("The successful candidate will lead a team of four.", "You will lead a team of four."),
    ("In this role the post holder must hold a driving licence.", "In this role you must hold a driving licence."),
    ("We will contact the successful candidate first.", "We will contact you first."),
])
def test_the_reader_is_still_you(text, expected):
    assert rewritten(text) == expected


# ------------------------------------------------------------------ his/her with another subject

@pytest.mark.parametrize("text, expected", [
    ("Interested candidates should kindly send his/her CV by email.",
     "Interested candidates should kindly send their CV by email."),
    ("The selected applicants will be informed about the committee and will receive his/her assessment.",
     "The selected applicants will be informed about the committee and will receive their assessment."),
    ("Each applicant must upload his or her references.", "Each applicant must upload their references."),
])
def test_his_her_after_a_third_person_subject_is_their(text, expected):
    assert rewritten(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("You will manage his/her own diary.", "You will manage your own diary."),
    ("The successful candidate will manage his or her own diary.", "You will manage your own diary."),
])
def test_his_her_for_the_reader_is_still_your(text, expected):
    assert rewritten(text) == expected


# ------------------------------------------------------------------ agreement and case

def test_their_personal_things_after_a_plural_thing_are_yours():
    text = ("The post-holder will have opportunities to get involved in data analysis and develop their "
            "research interests within the projects.")
    assert rewritten(text) == ("You will have opportunities to get involved in data analysis and develop your "
                               "research interests within the projects.")


@pytest.mark.parametrize("text", [
    "The successful candidate will support managers to develop their skills.",
    "The successful candidate will help businesses grow their revenue.",
    "The successful candidate will support projects and their delivery.",
])
def test_their_after_another_plural_stays(text):
    assert "their" in rewritten(text)


def test_how_capable_the_candidate_is_you_are():
    text = "This is an automatic reject by the client, no matter how capable the candidate)."
    out = rewritten(text)
    assert "capable you)" not in out
    assert out in (text, "This is an automatic reject by the client, no matter how capable you are).")


def test_a_capital_the_mid_line_starts_a_sentence():
    text = ("We are looking for an organised person to look after the care settings at Highbury Hospital "
            "The individual will ensure the environments are clean.")
    out = rewritten(text)
    assert "Highbury Hospital You will ensure" in out


# ------------------------------------------------------------------ long-sentence splits

def test_no_split_at_but_after_not_only():
    s = ("It is important that you not only make your deliveries on schedule, but that you also do so in a manner "
         "which takes into account the needs of both contractors and homeowners and which represents ABC Supply "
         "in the best possible light")
    assert ". But that" not in split_sentence(s, 25)


def test_no_split_at_and_between_two_names():
    s = ("Here you will collaborate with especially Legal and IT but in the project you will be exposed to "
         "colleagues across the organization and work with managers to ensure successful project completion")
    assert "Legal. IT" not in split_sentence(s, 25)


def test_splits_that_are_right_still_happen():
    s = ("You will lead a friendly team of six nurses on the ward, and you will report to the matron "
         "who will support you in your first months in post.")
    assert split_sentence(s, 12).startswith("You will lead a friendly team of six nurses on the ward. You will")


def test_the_candidate_in_this_position():
    assert rewritten("The selected candidate in this position will write iOS apps.") == "You will write iOS apps."
    text = "Duration: 7+ months contract The selected candidate in this position serves as a developer."
    assert rewritten(text) == text
    assert rewritten("We will support the successful candidate in their training.") == (
        "We will support you in your training.")


def test_he_she_after_a_heading_with_a_colon_is_you():
    assert rewritten("Ideal Candidate Will Possess: a belief that he/she can change the world.") == (
        "Ideal Candidate Will Possess: a belief that you can change the world.")


@pytest.mark.parametrize("text, expected", [
    ("This post will provide the successful candidate with the opportunity to grow.",
     "This post will provide you with the opportunity to grow."),
    ("At this time we will not sponsor a new applicant for employment authorization.",
     "At this time we will not sponsor you for employment authorization."),
    ("If you require an adjustment as a candidate for employment, please tell us.",
     "If you require an adjustment as a candidate for employment, please tell us."),
    ("The successful candidate(s) will join a team of three.", "You will join a team of three."),
])
def test_object_position_with_and_for(text, expected):
    assert rewritten(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("This is a great opportunity for someone who wants to learn as he/she will support our teams.",
     "This is a great opportunity for someone who wants to learn as they will support our teams."),
    ("Reporting to the Medical Safety Director, she/he will collaborate with the team.",
     "Reporting to the Medical Safety Director, you will collaborate with the team."),
    ("We strive to ensure each patient reaches his/her potential.", "We strive to ensure each patient reaches their potential."),
    ("• The Data Scientist attends workshops to stay current in his/her field.",
     "• The Data Scientist attends workshops to stay current in their field."),
    ("You will report to the Branch Manager and coordinate with him/her daily.",
     "You will report to the Branch Manager and coordinate with them daily."),
    ("You will support the Ward Sister in his/her absence.", "You will support the Ward Sister in their absence."),
])
def test_gendered_subject_pronouns(text, expected):
    assert rewritten(text) == expected


def test_the_candidate_for_a_named_role_keeps_the_name():
    text = "A successful candidate for this Health Care Assistant role will have a driving licence."
    assert rewritten(text) == text  # "You will have" would lose the job's name
    assert rewritten("The incumbent for this key role will have a customer focus.") == "You will have a customer focus."


# ------------------------------------------------------------------ pronouns later in a "you" sentence

@pytest.mark.parametrize("text, expected", [
    ("The post holder will have the ability to work on their own initiative.",
     "You will have the ability to work on your own initiative."),
    ("The successful applicant will have a full understanding of best practices and the ability to work on "
     "their own initiative.",
     "You will have a full understanding of best practices and the ability to work on your own initiative."),
    ("The successful applicant will have a full understanding of customer service practices and the ability "
     "to work on their own initiative.",
     "You will have a full understanding of customer service practices and the ability to work on your own "
     "initiative."),
    ("The successful applicant needs to have a commitment to providing care in patients’ own homes, be able "
     "to work on their own initiative and work well within a team.",
     "You need to have a commitment to providing care in patients’ own homes, be able to work on your own "
     "initiative and work well within a team."),
    ("The post holder is required to ensure that their work methods do not endanger themselves or others.",
     "You are required to ensure that your work methods do not endanger yourself or others."),
])
def test_their_own_and_themselves_after_you_are_yours(text, expected):
    assert rewritten(text) == expected


@pytest.mark.parametrize("text", [
    "The post holder will visit patients in their own homes.",
    "The successful candidate will encourage team members to develop their own competencies.",
    "The successful candidate will help developers write their own tests.",
    "The post holder will support nurses to work on their own initiative.",
    "The post holder will support the manager to work on their own initiative.",
    "The post holder will teach patients to look after themselves.",
])
def test_their_own_for_other_people_stays(text):
    out = rewritten(text)
    assert "your own" not in out and "yourself" not in out


@pytest.mark.parametrize("text, expected", [
    ("He/she is expected to lead the team.", "You are expected to lead the team."),
    ("He/she leads the team and manages the budget.", "You lead the team and manage the budget."),
    ("He or she has experience of retail.", "You have experience of retail."),
    ("In this role s/he was responsible for the budget.", "In this role you were responsible for the budget."),
    ("He/she will lead the team.", "You will lead the team."),
    ("He/she will support the Account Executive and sales teams as needed.",
     "You will support the Account Executive and sales teams as needed."),
    ("The post holder will build data and analytics platforms.", "You will build data and analytics platforms."),
])
def test_gendered_subject_you_agrees_with_its_verb(text, expected):
    assert rewritten(text) == expected


def test_the_applicant_s_chosen_is_not_you_s():
    text = ("To fulfill the research requirements of the position the applicant(s) chosen is expected to be "
            "physically present on a regular basis.")
    out = rewritten(text)
    assert "you(s)" not in out.lower() and "you chosen" not in out.lower()
    assert rewritten("The candidate(s) will be based in Leeds.") == "You will be based in Leeds."
    assert rewritten("The candidate selected will be based in Leeds.") == "The candidate selected will be based in Leeds."
    assert rewritten("The cost of the DBS must be met by the successful applicant(s) through salary deduction.") == (
        "The cost of the DBS must be met by you through salary deduction.")


# ------------------------------------------------------------------ no split inside an open subordinate clause

@pytest.mark.parametrize("sentence", [
    "If you think you have the right skills and experience and you want to be part of developing and delivering "
    "future models of care within the HSJ Mental Health team, apply today.",
    "We will contact you as soon as you are able to move to the new post in the department of medicine at the "
    "hospital and you have been formally approved by the panel.",
    "When the ward is busy and you need support from the wider team during the night shift, the site manager "
    "will come.",
])
def test_no_split_inside_an_open_subordinate_clause(sentence):
    out = split_sentence(sentence, 15)
    assert out == sentence


def test_split_after_a_closed_subordinate_clause_still_happens():
    s = ("You will be the first person our patients speak to when they call or visit the surgery, and you will "
         "book their appointments and answer their questions.")
    assert split_sentence(s, 15).startswith("You will be the first person our patients speak to when they call or "
                                            "visit the surgery. You will book")
    s = ("You will look after our three community buses and the volunteer drivers and you will plan the routes "
         "for each week.")  # "look after" is not a clause
    assert ". You will plan" in split_sentence(s, 12)

    s = ("If you do not have every skill listed here, please still apply, and we will talk to you about the "
         "training and support that we can offer you in the role.")
    assert split_sentence(s, 20) == (
        "If you do not have every skill listed here, please still apply. We will talk to you about the "
        "training and support that we can offer you in the role.")


# ------------------------------------------------------------------ capitals after bullets and symbols

@pytest.mark.parametrize("text, expected", [
    ("Make recommendations for process improvements + Assist with creating performance policies.",
     "+ Help with creating"),
    ("Suggest site improvements.· Assist in preparing weekly dashboards.", "· Help in preparing"),
    ("Enquiries from attendees about LSM● Assist in recruiting.", "● Help in recruiting"),
    ("Maintain all developed models. - Utilize structural models to simulate business.", "- Use structural models"),
    ("Results:\n**In order to pass, you need grade B.", "**To pass"),
    ("Initiating new projects is key.", "Starting new projects"),
    ("\u00a0Initiating new projects is key.", "Starting new projects"),
    ("Obtain: references.", "Get: references"),
])
def test_a_capital_after_a_bullet_or_symbol_stays(text, expected):
    assert expected in rewrite(text).text
