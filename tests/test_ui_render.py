"""HTML for the web page: escaping, highlights, scores, fixes, checklists, diff."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from advert_assistant.types import DIMENSIONS
from advert_assistant.ui import render
from ui_support import finding, report

ALLOWED_TAGS = {"div", "span", "mark", "ul", "ol", "li", "p", "strong", "details", "summary", "del", "ins",
                "section", "h4", "svg", "circle", "text", "a"}


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.in_advert = 0
        self.advert_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        self.stack.append(tag)
        if tag == "div" and "aa-advert" in (a.get("class") or "").split():
            self.in_advert = len(self.stack)

    def handle_endtag(self, tag):
        if self.in_advert and len(self.stack) == self.in_advert:
            self.in_advert = 0
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.in_advert:
            self.advert_text.append(data)


def parse(markup: str) -> _Collect:
    p = _Collect()
    p.feed(markup)
    p.close()
    return p


def assert_safe(markup: str) -> _Collect:
    p = parse(markup)
    for tag, attrs in p.tags:
        assert tag in ALLOWED_TAGS, f"unexpected element <{tag}>"
        for name in attrs:
            assert not name.lower().startswith("on"), f"event handler attribute {name} on <{tag}>"
        for name in ("href", "src"):
            if attrs.get(name):
                assert attrs[name].startswith(("https://", "http://")), attrs[name]
    return p


HOSTILE = ("Senior <b>Developer</b>\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n"
           "We leverage synergies & \"quotes\" 'here'. <a href=\"javascript:alert(3)\">apply</a>")


def hostile_report():
    f1 = finding(HOSTILE, "<script>alert(1)</script>", message="<script>alert(4)</script> is odd",
                 why="<img src=y onerror=alert(5)>", suggestions=("<b>bold</b>",))
    f2 = finding(HOSTILE, "leverage", suggestions=("use",), impact=3)
    f3 = finding(HOSTILE, "onerror=alert(2)", dimension="clarity", rule_id="clarity.x",
                 fixable=False, suggestions=("Say it <i>plainly</i>",))
    return report(HOSTILE, [f1, f2, f3], essentials={"how_to_apply": "<a href=\"javascript:alert(3)\">apply</a>"})


@pytest.mark.parametrize("part", ["highlights", "fixes", "checklists", "diff", "scores"])
def test_advert_text_is_always_escaped(part):
    r = hostile_report()
    markup = {
        "highlights": lambda: render.render_highlights(r),
        "fixes": lambda: render.render_fixes(r.ranked_fixes()),
        "checklists": lambda: render.render_checklists(r),
        "diff": lambda: render.render_diff([("equal", HOSTILE[:20]), ("insert", "<script>x()</script>"),
                                             ("delete", "<img src=x onerror=y()>")], before=40, after=50),
        "scores": lambda: render.render_scores(r),
    }[part]()
    assert "<script" not in markup.lower()
    assert "<img" not in markup.lower()
    assert "javascript:" not in markup.lower() or "&lt;a href=&quot;javascript:" in markup
    assert_safe(markup)


def test_highlights_keep_the_text_exactly_and_mark_every_finding():
    r = hostile_report()
    markup = render.render_highlights(r)
    p = assert_safe(markup)
    assert "".join(p.advert_text) == r.text
    marks = [(a["class"], a.get("title", "")) for t, a in p.tags if t == "mark"]
    assert any("dim-jargon" in c for c, _ in marks)
    assert any("dim-clarity" in c for c, _ in marks)
    # the finding's message shows (escaped) in the tooltip
    assert any("<script>alert(4)</script> is odd" in title for _, title in marks)


def test_overlapping_findings_are_split_and_keep_all_messages():
    text = "You will leverage best-in-class synergies every day."
    outer = finding(text, "leverage best-in-class synergies", rule_id="clarity.long", dimension="clarity",
                    message="Long phrase", points=1)
    inner = finding(text, "best-in-class", rule_id="jargon.cliche", message="Cliché", points=4)
    r = report(text, [outer, inner])
    p = parse(render.render_highlights(r))
    assert "".join(p.advert_text) == text
    marks = [a for t, a in p.tags if t == "mark"]
    assert len(marks) == 3          # before, overlap, after
    middle = marks[1]
    assert "dim-jargon" in middle["class"] and "aa-multi" in middle["class"]   # the costlier colour
    assert middle["title"] == "Long phrase | Cliché"
    assert middle["data-dimensions"] == "jargon clarity"
    assert all("dim-clarity" in m["class"] for m in (marks[0], marks[2]))


def test_missing_content_is_listed_under_the_text_not_marked():
    text = "A short advert with nothing about pay."
    gap = finding(text, "", rule_id="essentials.salary", dimension="essentials", fixable=False,
                  suggestions=("Say what it pays.",), message="No salary: say what the job pays.")
    markup = render.render_highlights(report(text, [gap]))
    p = parse(markup)
    assert not [t for t, _ in p.tags if t == "mark"]
    assert "No salary: say what the job pays." in "".join(p.text)
    assert "".join(p.advert_text) == text


def test_findings_with_bad_offsets_are_not_drawn():
    text = "Short text."
    bad = finding(text, "text")
    bad = type(bad)(**{**{s: getattr(bad, s) for s in bad.__slots__}, "start": 5, "end": 500})
    p = parse(render.render_highlights(report(text, [bad])))
    assert not [t for t, _ in p.tags if t == "mark"]
    assert "".join(p.advert_text) == text


def test_legend_has_six_dimensions_with_counts():
    text = "We leverage synergy."
    r = report(text, [finding(text, "leverage"), finding(text, "synergy")])
    p = parse(render.render_legend(r))
    items = [a["data-dimension"] for t, a in p.tags if t == "span" and "data-dimension" in a]
    assert items == list(DIMENSIONS)
    assert "Jargon (2)" in "".join(p.text)
    assert "Clarity (0)" in "".join(p.text)


def test_scores_show_overall_and_six_bars():
    r = report("Some advert text.", overall=72, scores={d: s for d, s in zip(DIMENSIONS, (90, 80, 0, 45, 130, -5))})
    markup = render.render_scores(r)
    p = assert_safe(markup)
    assert 'data-overall="72"' in markup
    rows = [a for t, a in p.tags if t == "div" and "data-dimension" in a]
    assert [a["data-dimension"] for a in rows] == list(DIMENSIONS)
    assert [a["data-score"] for a in rows] == ["90", "80", "0", "45", "130", "-5"]
    assert "width:100%" in markup and "width:0%" in markup      # bars are clamped
    assert "Fair" in "".join(p.text)
    before = report("Some advert text.", overall=60)
    assert "+12" in render.render_scores(r, before=before)


@pytest.mark.parametrize("score,word", [(0, "Needs work"), (59, "Needs work"), (60, "Fair"), (79, "Fair"),
                                        (80, "Good"), (100, "Good")])
def test_band(score, word):
    assert render.band(score) == word


def test_fixes_are_listed_in_the_order_given_with_message_why_and_rewrite():
    text = "We leverage synergies and utilise tools."
    a = finding(text, "leverage", impact=1.0, suggestions=("use", "make use of"))
    b = finding(text, "utilise", impact=5.0, suggestions=("use",), why="Plain words are read faster.")
    c = finding(text, "synergies", impact=2.0, fixable=False, suggestions=("Say how teams work together.",))
    r = report(text, [a, b, c])
    fixes = r.ranked_fixes()
    markup = render.render_fixes(fixes)
    p = assert_safe(markup)
    keys = [a["data-key"] for t, a in p.tags if t == "li"]
    assert keys == [render.fix_key(f) for f in (b, c, a)]
    body = "".join(p.text)
    assert "Plain words are read faster." in body
    assert "Say how teams work together." in body
    assert "make use of" in body
    labels = render.fix_choices(fixes)
    assert labels[0] == ("1. +5.0 · Jargon · “utilise” → “use”", render.fix_key(b))
    assert labels[1][0] == "2. +2.0 · Jargon · “synergies” is jargon. (advice)"


def test_fixes_list_is_capped():
    text = "word " * 100
    fs = [finding(text, "word", occurrence=i, impact=100 - i) for i in range(60)]
    fixes = report(text, fs).ranked_fixes()
    assert len(render.fix_choices(fixes)) == render.MAX_FIXES_SHOWN
    assert "and 20 smaller ones" in render.render_fixes(fixes)
    assert "No fixes" in render.render_fixes([])


def test_checklists_show_present_and_missing_with_evidence_sentence():
    text = ("Senior Developer\n\nYou get a 10% employer pension contribution. You also get 25 days' annual leave.\n"
            "Salary: £40,000. Apply online by 1 May 2030.")
    r = report(text, benefits={"pension": "10% employer pension", "annual_leave": "25 days' annual leave"},
               essentials={"salary": "£40,000", "closing_date": "1 May 2030"},
               career_level=1, career_evidence="Senior Developer")
    markup = render.render_checklists(r, required_benefits=("pension", "annual_leave", "flexible_working"))
    p = assert_safe(markup)
    states = {a["data-key"]: a["data-state"] for t, a in p.tags if t == "li"}
    assert states["pension"] == "present" and states["annual_leave"] == "present"
    assert states["flexible_working"] == "missing" and states["family_friendly"] == "missing"
    assert states["salary"] == "present" and states["location"] == "missing"
    body = "".join(p.text)
    assert "“You get a 10% employer pension contribution.”" in body   # the whole sentence
    assert "Benefits: 2 of 7" in body and "Essentials: 2 of 5" in body
    assert "A generic mention only" in body
    assert body.count("not required") == 4


@pytest.mark.parametrize("start,expected", [
    (0, "First sentence here."),
    (25, "Second one!"),
    (40, "A bullet line"),
])
def test_sentence_around_without_sentence_labels(start, expected):
    text = "First sentence here. Second one! \nA bullet line\nlast"
    assert render.sentence_around(text, (), start, start + 1).strip() == expected


def test_diff_marks_insertions_and_deletions_and_shows_both_scores():
    ops = [("equal", "We "), ("delete", "leverage"), ("insert", "use"), ("equal", " tools.")]
    markup = render.render_diff(ops, before=41, after=58)
    p = assert_safe(markup)
    assert [t for t, _ in p.tags if t in ("ins", "del")] == ["del", "ins"]
    assert "".join(p.advert_text) == "We leverageuse tools."
    assert 'data-before="41"' in markup and 'data-after="58"' in markup
    assert "1 change." in markup                      # a replacement is one change
    two = render.render_diff([("delete", "a"), ("equal", " b "), ("insert", "c")])
    assert "2 changes." in two
    assert "No changes yet" in render.render_diff([("equal", "same")], before=1, after=1)


def test_notice_kinds():
    assert "aa-none" in render.render_notice("")
    err = render.render_notice("<b>bad</b>", "error")
    assert 'role="alert"' in err and "&lt;b&gt;bad&lt;/b&gt;" in err
    assert "aa-info" in render.render_notice("x", "nonsense")


def test_clip():
    assert render.clip("a  b\n c") == "a b c"
    long = "word " * 100
    out = render.clip(long, 30)
    assert len(out) <= 30 and out.endswith("…")
    assert html.escape(render.clip("x" * 50, 10)) == "x" * 9 + "…"


def test_post_score_line():
    r = report("A post.", overall=81)
    line = render.render_post_score(r, length=300, limit=280)
    assert 'data-score="81"' in line and "aa-over" in line
    assert "aa-ok" in render.render_post_score(None, length=100, limit=280)
