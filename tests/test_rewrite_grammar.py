"""Grammar of whole-advert rewrites: the third-person check and its "you", gendered
pronouns, and long-sentence splits, on sentences taken from real adverts."""

from __future__ import annotations

from advert_assistant.rewrite import split_sentence

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
