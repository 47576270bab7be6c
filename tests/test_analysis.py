"""analysis.analyse: the one pass over the tokens that the checks and the sentence model share."""

import numpy as np

from advert_assistant import analysis, structure
from advert_assistant.nlp import get_nlp

TEXTS = [
    "Call 07700 900123, see https://x.org/a or #URL_86fe0e4b9a#: £25,000-£30,000 (Band 8a)!",
    "About us\nWe are a trust in Leeds.\n\nWhat we offer:\n- NHS pension and 27 days' leave\n"
    "• Flexible working   \n1) Apply by 1 May; e-mail jo@x.org.",
    "Zyxquorbian wobblefrumps İstanbul ﬁnance naïve CAFÉ café… 50% ¥3 —",
    "",
    "   \n\n  ",
]


def test_model_tokens_are_the_tokens_of_doc_tokens():
    nlp = get_nlp()
    for text in TEXTS + [" ".join(TEXTS)]:
        doc = nlp(text)
        a = analysis.analyse(doc, text)
        ids, starts = structure.doc_tokens(doc)
        if a.model_tokens is None:
            assert len(doc) == 0 and len(ids) == 0
            continue
        got_ids, got_starts = a.model_tokens
        assert got_ids.dtype == ids.dtype and got_starts.dtype == starts.dtype
        assert np.array_equal(got_ids, ids) and np.array_equal(got_starts, starts)


def test_sentence_spans_end_where_their_last_token_ends():
    nlp = get_nlp()
    for text in TEXTS:
        doc = nlp(text)
        a = analysis.analyse(doc, text)
        ends = {tok.idx + len(tok.text) for tok in doc}
        starts = {tok.idx for tok in doc}
        for s, e in a.sentences:
            assert s in starts and e in ends and text[s:e] == text[s:e].strip()


def _figures(a):
    return (a.sentences, a.sentence_words, a.is_bullet, a.paragraphs, a.passive, a.masculine, a.feminine,
            vars(a.counts), a.you, a.we, a.bullet_words, a.alpha_tokens, a.stop_tokens,
            [x.tolist() for x in a.model_tokens or ()])


def test_the_table_of_word_forms_grows_and_starts_afresh(monkeypatch):
    nlp = get_nlp()
    text = ("We are committed to you. You will be supported and the post is based in Leeds; "
            "it is often required that a competitive salary is paid.\n\n- Lead the team\n- 27 days' leave")
    doc = nlp(text)
    expected = _figures(analysis.analyse(doc, text))
    monkeypatch.setattr(analysis, "_IDS", {})
    monkeypatch.setattr(analysis, "_TABLE", analysis._Table(2))  # grown several times
    assert _figures(analysis.analyse(doc, text)) == expected
    assert _figures(analysis.analyse(doc, text)) == expected  # every word form known now
    monkeypatch.setattr(analysis, "_MAX_ROWS", 10)  # too many: the table starts afresh
    assert _figures(analysis.analyse(nlp("Something else entirely."))) != expected
    assert _figures(analysis.analyse(doc, text)) == expected


def test_bullets_are_marked_and_numbered_items_too():
    text = "Duties\n1. Lead the team\n2) Plan rotas\nb) Audit notes\n• Teach\n- Mentor\nE. Coli is tested.\nAb) no"
    a = analysis.analyse(get_nlp()(text), text)
    for (s, _e), bullet in zip(a.sentences, a.is_bullet):
        expected = text[s] in analysis.BULLET_CHARS or bool(analysis._NUMBERED.match(text, s, s + 4))
        assert bullet == expected
    assert sum(a.is_bullet) >= 5
