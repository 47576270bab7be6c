"""Channel versions: a LinkedIn post and an X post of at most 280 characters as X counts them."""

from __future__ import annotations

import pytest

from advert_assistant.ui import channels
from ui_support import report

ADVERT = """Community Staff Nurse

Band 5 | £28,407 to £34,581 a year | Full time, 37.5 hours per week
Based at Riverside Health Centre, Kettleby.

You will visit patients in their own homes and plan their care with an experienced team behind you.

What we offer
- NHS Pension Scheme
- 27 days' annual leave plus bank holidays
- Flexible working, including school-hours shifts
- A funded preceptorship

Closing date: 14 March 2030. Apply online through our careers site."""


def nurse_report(**kw):
    return report(
        ADVERT,
        benefits={"pension": "NHS Pension Scheme", "annual_leave": "27 days' annual leave plus bank holidays",
                  "flexible_working": "Flexible working, including school-hours shifts",
                  "learning_development": "A funded preceptorship"},
        essentials={"salary": "£28,407 to £34,581 a year", "location": "Riverside Health Centre, Kettleby",
                    "working_pattern": "Full time, 37.5 hours per week", "closing_date": "Closing date: 14 March 2030",
                    "how_to_apply": "Apply online"},
        **kw,
    )


@pytest.mark.parametrize("text,length", [
    ("", 0),
    ("hello", 5),
    ("café", 4),
    ("cafe\u0301", 4),                                  # NFC: e + combining accent is one character
    ("£30,000 – hybrid", 16),                          # £ and the en dash count 1
    ("日本語", 6),                                      # CJK counts 2 each
    ("😀", 2),                                          # outside the light ranges: 2
    ("Apply: https://example.com/a/very/long/path/that/goes/on/and/on?x=1", 7 + 23),
    ("http://a.b and https://c.d", 23 + 5 + 23),
])
def test_x_length(text, length):
    assert channels.x_length(text) == length


def test_job_facts():
    f = channels.job_facts(nurse_report())
    assert f.title == "Community Staff Nurse"
    assert f.salary == "£28,407 to £34,581 a year"
    assert f.location == "Riverside Health Centre, Kettleby"
    assert f.closing_date == "14 March 2030"
    assert f.benefits[0] == "Flexible working, including school-hours shifts"
    assert "NHS Pension Scheme" in f.benefits
    assert f.summary.startswith("You will visit patients")


@pytest.mark.parametrize("text,limit,expected", [
    ("• NHS Pension Scheme, with an employer contribution of 20.6%.", 80,
     "NHS Pension Scheme, with an employer contribution of 20.6%"),
    ("• NHS Pension Scheme, with an employer contribution of 20.6%.", 40, "NHS Pension Scheme"),
    ("Flexible working: we can talk about part-time hours, school-hours shifts or a compressed week", 40,
     "Flexible working"),
    ("Supercalifragilisticexpialidocious-benefits-for-everyone-in-the-whole-team", 20, ""),
])
def test_short_phrase(text, limit, expected):
    assert channels.short_phrase(text, limit) == expected


def test_facts_from_evidence_lines():
    text = ("Nurse\n\nBand 5 | £28,407 to £34,581 a year | Permanent, 37.5 hours per week\n"
            "Based at Riverside Health Centre, Kettleby, covering patients' homes across the town\n"
            "Closing date: 14 March 2030.\n• 27 days' annual leave plus bank holidays, rising to 33 days with service")
    r = report(text, essentials={
        "salary": "Band 5 | £28,407 to £34,581 a year | Permanent, 37.5 hours per week",
        "location": "Based at Riverside Health Centre, Kettleby, covering patients' homes across the town",
        "working_pattern": "Band 5 | £28,407 to £34,581 a year | Permanent, 37.5 hours per week",
        "closing_date": "Closing date: 14 March 2030."},
        benefits={"annual_leave": "• 27 days' annual leave plus bank holidays, rising to 33 days with service"})
    f = channels.job_facts(r)
    assert f.salary == "£28,407 to £34,581 a year"
    assert f.location == "Riverside Health Centre, Kettleby"
    assert f.working_pattern == "Permanent, 37.5 hours per week"
    assert f.closing_date == "14 March 2030"
    assert f.benefits == ["27 days' annual leave plus bank holidays, rising to 33 days with service"]
    post = channels.x_post(r)
    assert "27 days' annual leave plus bank holidays." in post and "Apply by 14 March 2030: " in post


def test_title_from_a_label_and_no_title_from_a_sentence():
    r = report("Job title: Payroll Officer\nWe pay well.")
    assert channels.job_facts(r).title == "Payroll Officer"
    r = report("We are a friendly team looking for someone to join us in Leeds.")
    assert channels.job_facts(r).title == ""
    r = report("About us\nWe make things.")
    assert channels.job_facts(r).title == ""


def test_linkedin_post_has_the_essentials_benefits_and_link():
    post = channels.linkedin_post(nurse_report(), link="https://jobs.example.org/123")
    assert post.startswith("We're hiring: Community Staff Nurse in Riverside Health Centre, Kettleby\n")
    for part in ("Salary: £28,407 to £34,581 a year", "What you get:", "- NHS Pension Scheme",
                 "Apply by 14 March 2030: https://jobs.example.org/123", "#hiring"):
        assert part in post


def test_x_post_fits_and_keeps_the_essentials():
    post = channels.x_post(nurse_report())
    assert channels.x_length(post) <= 280
    assert post.startswith("Hiring: Community Staff Nurse in Riverside Health Centre, Kettleby.")
    assert "£28,407 to £34,581 a year" in post
    assert channels.PLACEHOLDER_LINK in post


def test_x_post_drops_parts_to_fit_a_tight_limit():
    full = channels.x_post(nurse_report())
    short = channels.x_post(nurse_report(), limit=120)
    assert channels.x_length(short) <= 120 < channels.x_length(full)
    assert channels.PLACEHOLDER_LINK in short


def test_x_post_with_a_huge_title_still_fits_and_keeps_the_link():
    title = " ".join(["Supercalifragilisticexpialidocious"] * 9)
    text = title + "\n\nSalary £30,000. You will do a great many useful things for the people of Leeds every day."
    r = report(text, essentials={"salary": "£30,000"})
    assert channels.job_facts(r).title == title
    post = channels.x_post(r)
    assert channels.x_length(post) <= 280
    assert post.startswith("Hiring: Supercalifragilistic") and "…" in post
    assert channels.PLACEHOLDER_LINK in post and "£30,000" in post


def test_x_post_with_wide_characters_fits():
    r = report("数据分析师 " * 5 + "\n\n" + "我们正在招聘一名数据分析师，负责建立报告和分析数据。" * 5)
    post = channels.x_post(r)
    assert channels.x_length(post) <= 280


def test_posts_for_an_advert_with_nothing_found():
    r = report("hello there this is a very short and vague text about nothing much at all")
    assert channels.linkedin_post(r).startswith("We're hiring\n")
    assert channels.x_length(channels.x_post(r)) <= 280
