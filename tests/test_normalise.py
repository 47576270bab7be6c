"""advert_assistant.normalise: the plain text every Report offset refers to."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advert_assistant.normalise import FORMATS, GLUE_EXCEPTIONS, detect_format, normalise

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# --------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------

TEXT_CASES = [
    ("empty", "", ""),
    ("only white space", " \t\r\n \u00a0\n", ""),
    ("only invisible", "\u200b\ufeff\u2060", ""),
    ("plain", "Nurse wanted.", "Nurse wanted."),
    ("crlf and cr", "a\r\nb\rc", "a\nb\nc"),
    ("tabs", "Salary:\t£30,000", "Salary: £30,000"),
    ("odd spaces", "a\u00a0b\u2002c\u202fd\u3000e", "a b c d e"),
    ("runs of spaces", "a    b  c", "a b c"),
    ("trailing and leading spaces per line", "  a  \n  b  ", "a\nb"),
    ("blank lines", "a\n\n\n\n\nb", "a\n\nb"),
    ("blank lines of spaces", "a\n  \n \t \n\nb", "a\n\nb"),
    ("leading and trailing blank lines", "\n\n\na\n\n\n", "a"),
    ("zero-width", "care\u200bgiver\u200c \u2060team\ufeff", "caregiver team"),
    ("soft hyphen", "develop\u00adment", "development"),
    ("bidi marks", "\u202aLeeds\u202c \u200fand\u200e York", "Leeds and York"),
    ("C0 controls", "a\x00b\x07c\x1bd", "abcd"),
    ("C1 controls", "a\x80b\x9fc", "abc"),
    ("next line and separators", "a\x85b\u2028c\u2029d", "a\nb\nc\n\nd"),
    ("vertical tab and form feed", "a\vb\fc", "a\nb\nc"),
    ("replacement char", "caf\ufffd", "caf"),
    ("object replacement char", "logo\ufffc here", "logo here"),
    ("lone surrogate", "a\ud800b", "ab"),
    ("NFC", "cafe\u0301", "caf\u00e9"),
    ("NFC after a removed char", "cafe\u200b\u0301", "caf\u00e9"),
    ("emoji ZWJ kept", "\U0001f469\u200d\U0001f4bb remote", "\U0001f469\u200d\U0001f4bb remote"),
    ("stray ZWJ removed", "a\u200db", "ab"),
    ("hyphen bullet", "- Pension\n- Leave", "• Pension\n• Leave"),
    ("star bullet", "* Pension", "• Pension"),
    ("middle dot bullet", "· Pension\n·Leave", "• Pension\n• Leave"),
    ("black circle bullet", "● Pension\n●Leave", "• Pension\n• Leave"),
    ("small square bullet", "▪ Pension", "• Pension"),
    ("o bullet", "o Pension\no  Leave", "• Pension\n• Leave"),
    ("Word symbol-font bullet", "\uf0b7 Pension", "• Pension"),
    ("bullet without space", "•Pension", "• Pension"),
    ("indented bullet", "   -   Pension", "• Pension"),
    ("en dash bullet", "\u2013 Pension", "• Pension"),
    ("numbered list kept", "1. Apply\n2. Interview", "1. Apply\n2. Interview"),
    ("minus number kept", "-5°C freezer work", "-5°C freezer work"),
    ("footnote star kept", "*Terms apply", "*Terms apply"),
    ("word starting with o kept", "on call rota", "on call rota"),
    ("lone bullet glyph kept", "•", "•"),
    ("markup kept in text", "<b>Pay</b> **high**", "<b>Pay</b> **high**"),
]


@pytest.mark.parametrize("name,text,expected", TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_text_mode(name, text, expected):
    assert normalise(text, "text") == expected


def test_script_is_text_only_in_text_mode():
    attack = "<script>alert(1)</script>"
    assert normalise(attack, "text") == attack
    assert normalise(attack, "auto") == ""
    assert normalise(attack, "html") == ""


# --------------------------------------------------------------------------------------
# Glued list items
# --------------------------------------------------------------------------------------

GLUE_CASES = [
    ("two items", "Developing systemsResearching blogs", "Developing systems\nResearching blogs"),
    ("three items", "Developing systemsResearching blogsWriting copy",
     "Developing systems\nResearching blogs\nWriting copy"),
    ("bulleted item keeps its bullet", "• Good communication skillsAbility to drive",
     "• Good communication skills\n• Ability to drive"),
    ("after a hyphenated word", "Detail-orientedStrong communication",
     "Detail-oriented\nStrong communication"),
    ("before a hyphenated word", "Good IT skillsSelf-motivated", "Good IT skills\nSelf-motivated"),
    ("after a colon", "Skills:communicationTeamwork", "Skills:communication\nTeamwork"),
    ("missing space after a full stop", "with care.Roni uses her skills.",
     "with care. Roni uses her skills."),
    ("after punctuation", "(required)Experience", "(required)Experience"),
    ("short lower-case run", "usWe are", "usWe are"),
    ("two-letter word", "inProgress", "inProgress"),
    ("function word", "theTrainline and yourMove", "theTrainline and yourMove"),
    ("code identifier", "call getElementById now", "call getElementById now"),
    ("identifier with digits", "use base64Encode", "use base64Encode"),
    ("url path", "see https://example.org/careersPage", "see https://example.org/careersPage"),
    ("domain", "www.bigCompany.com", "www.bigCompany.com"),
    ("email", "jobs.Recruitment@example.org", "jobs.Recruitment@example.org"),
    ("snake case", "some_varName", "some_varName"),
    ("dotted name", "java.lang.String", "java.lang.String"),
    ("all-caps after", "macOS and watchOS", "macOS and watchOS"),
]


@pytest.mark.parametrize("name,text,expected", GLUE_CASES, ids=[c[0] for c in GLUE_CASES])
def test_glued_items(name, text, expected):
    assert normalise(text, "text") == expected


BRANDS = ["SharePoint", "JavaScript", "iPhone", "McDonald", "PowerPoint", "LinkedIn",
          "YouTube", "GitHub", "DevOps", "PhD", "TypeScript", "WordPress", "eBay", "iOS",
          "easyJet", "javaScript", "sharePoint", "ownCloud", "nopCommerce", "phpMyAdmin"]


@pytest.mark.parametrize("brand", BRANDS)
def test_brand_names_are_not_split(brand):
    text = f"Experience with {brand} is essential."
    assert normalise(text, "text") == text


def test_glue_exception_list_is_lower_case_and_used():
    assert all(word == word.lower() for word in GLUE_EXCEPTIONS)
    # Without the exception this would be split like any glued item.
    assert "easyjet" in GLUE_EXCEPTIONS
    assert normalise("easyJet", "text") == "easyJet"
    assert normalise("easyJets", "text") == "easy\nJets"


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

JOB_BOARD_HTML = """<!DOCTYPE html>
<html><head><title>Jobs | Example board</title>
<style>.x { color: red }</style>
<script>window.dataLayer = [];</script></head>
<body>
<!-- advert body -->
<h2>Healthcare Assistant</h2>
<p>We&rsquo;re a friendly team in Bristol &amp; Bath.&nbsp;Join us!</p>
<p><strong>Salary:</strong> &pound;23,500 a year<br>
<strong>Closing date:</strong> 14&nbsp;March&nbsp;2025</p>
<h3>What we offer</h3>
<ul>
  <li>27 days&#8217; annual leave</li>
  <li><p>NHS pension</p></li>
  <li>Training &amp; development
    <ul><li>Care Certificate</li></ul>
  </li>
</ul>
<h3>How to apply</h3>
<ol>
  <li>Send your CV to <a href="mailto:jobs@care.example">our recruitment team</a></li>
  <li>Attend an interview</li>
</ol>
<table><tr><th>Band</th><th>Hours</th></tr><tr><td>3</td><td>37.5</td></tr></table>
<p>Code sample: &lt;p&gt; stays text. 5 &lt; 6.</p>
<script>alert(1)</script>
</body></html>"""

JOB_BOARD_TEXT = """Healthcare Assistant

We’re a friendly team in Bristol & Bath. Join us!

Salary: £23,500 a year
Closing date: 14 March 2025

What we offer

• 27 days’ annual leave
• NHS pension
• Training & development
• Care Certificate

How to apply

1. Send your CV to our recruitment team (jobs@care.example)
2. Attend an interview

Band | Hours
3 | 37.5

Code sample: <p> stays text. 5 < 6."""


def test_job_board_html():
    assert detect_format(JOB_BOARD_HTML) == "html"
    assert normalise(JOB_BOARD_HTML, "html") == JOB_BOARD_TEXT
    # <p> came from an entity; read again it is a tag, so "auto" stops at the first pass
    # that already reads as plain text.
    assert normalise(JOB_BOARD_HTML) == JOB_BOARD_TEXT


HTML_CASES = [
    ("empty", "", ""),
    ("paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"),
    ("div lines", "<div>One</div><div>Two</div>", "One\nTwo"),
    ("br", "One<br>Two<br/><br />Three", "One\nTwo\n\nThree"),
    ("source newlines are spaces", "<p>One\ntwo\n   three</p>", "One two three"),
    ("inline tags join", "<p>Sal<b>ary</b>: <em>good</em></p>", "Salary: good"),
    ("heading own line", "Intro<h2>Benefits</h2>Pension", "Intro\n\nBenefits\n\nPension"),
    ("ul", "<ul><li>A</li><li>B</li></ul>", "• A\n• B"),
    ("ol", "<ol><li>A</li><li>B</li></ol>", "1. A\n2. B"),
    ("ol start", '<ol start="4"><li>A</li><li>B</li></ol>', "4. A\n5. B"),
    ("empty li skipped", "<ul><li></li><li>B</li></ul>", "• B"),
    ("table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td></td><td>d</td></tr></table>",
     "a | b\nc | d"),
    ("entities", "<p>&amp; &lt;b&gt; &quot;q&quot; &#8217; &#x2019; &nbsp;x</p>", "& <b> \"q\" ’ ’ x"),
    ("comment unclosed", "<p>a</p><!-- b <p>c</p>", "a"),
    ("script unclosed", "<p>a</p><script>var x = '<p>b</p>'", "a"),
    ("style", "<style>p{}</style><p>a</p>", "a"),
    ("unknown tag dropped", "<p>a<custom-el x=1>b</custom-el></p>", "ab"),
    ("lone less-than", "<p>a < b and c<d</p>", "a < b and c<d"),
    ("pre keeps lines", "<pre>a\n  b</pre>", "a\nb"),
    ("mailto already shown", '<a href="mailto:a@b.org">a@b.org</a>', "a@b.org"),
    ("control char entity", "<p>a&#0;b&#13;c</p>", "ab\nc"),
    ("upper-case tags", "<P>A</P><UL><LI>B</LI></UL>", "A\n\n• B"),
]


@pytest.mark.parametrize("name,text,expected", HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html_mode(name, text, expected):
    assert normalise(text, "html") == expected


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------

MARKDOWN_ADVERT = """# Delivery Driver ##

**Salary:** £26,000 a year
__Location:__ Cardiff

## What you'll do
* Deliver parcels *safely* and _on time_
- Keep the van tidy
+ Use our app ([guide](https://example.org/guide))
1. Load the van
2. Plan the route

---

> Apply by **30 June**: see <https://example.org/apply>

```
code is kept
```

| Shift | Hours |
|-------|------:|
| Early | 6-14  |

![logo](logo.png) `snake_case_name` and ~~old~~ text.
"""

MARKDOWN_TEXT = """Delivery Driver

Salary: £26,000 a year
Location: Cardiff

What you'll do
• Deliver parcels safely and on time
• Keep the van tidy
• Use our app (guide (https://example.org/guide))
1. Load the van
2. Plan the route

Apply by 30 June: see https://example.org/apply

code is kept

Shift | Hours
Early | 6-14

logo snake_case_name and old text."""


def test_markdown_advert():
    assert detect_format(MARKDOWN_ADVERT) == "markdown"
    assert normalise(MARKDOWN_ADVERT, "markdown") == MARKDOWN_TEXT
    assert normalise(MARKDOWN_ADVERT) == MARKDOWN_TEXT


MARKDOWN_CASES = [
    ("empty", "", ""),
    ("heading levels", "# A\n### B ###\n###### C", "A\nB\nC"),
    ("hashtag is not a heading", "#hiring", "#hiring"),
    ("C# keeps its hash", "## Skills in C#", "Skills in C#"),
    ("seven hashes", "####### x", "####### x"),
    ("bold and em", "**a** __b__ *c* _d_ ***e***", "a b c d e"),
    ("nested emphasis", "**a *b* c**", "a b c"),
    ("snake case kept", "my_var_name and 2*3*4", "my_var_name and 2*3*4"),
    ("link", "[Apply](https://x.org/a)", "Apply (https://x.org/a)"),
    ("link with title", '[Apply](https://x.org "Apply now")', "Apply (https://x.org)"),
    ("link text equals url", "[https://x.org](https://x.org)", "https://x.org"),
    ("empty link text", "[](https://x.org)", "https://x.org"),
    ("image", "![Team photo](team.jpg)", "Team photo"),
    ("task list", "- [ ] Driving licence\n- [x] DBS check", "• Driving licence\n• DBS check"),
    ("numbered with paren", "1) one", "1. one"),
    ("rules dropped", "a\n***\nb\n___\nc\n- - -\nd", "a\nb\nc\nd"),
    ("setext underline dropped", "Benefits\n========\nPension", "Benefits\nPension"),
    ("greater-than kept", ">5 years' experience", ">5 years' experience"),
    ("escaped stars kept", r"\*not em\*", r"\*not em\*"),
    ("fence with language", "```python\nx = 1\n```", "x = 1"),
]


@pytest.mark.parametrize("name,text,expected", MARKDOWN_CASES, ids=[c[0] for c in MARKDOWN_CASES])
def test_markdown_mode(name, text, expected):
    assert normalise(text, "markdown") == expected


# --------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------

DETECT_CASES = [
    ("empty", "", "text"),
    ("plain", "We are hiring a nurse.\n- Pension\n- Leave", "text"),
    ("doctype", "<!DOCTYPE html><p>x", "html"),
    ("html comment first", "  <!-- x --> hello", "html"),
    ("starts with a tag pair", "<p>Hello</p>", "html"),
    ("single line with tags", "Apply via <b>our website</b> today", "html"),
    ("many block tags", "<div>a</div>\n<div>b</div>\n<ul><li>c</li></ul>", "html"),
    ("prose with one stray tag", "Line one<br>\nLine two\nLine three\nLine four", "text"),
    ("prose with a few tags", "a\nb <b>c</b>\nd\ne\nf", "text"),
    ("placeholder in angle brackets", "<Company name> is hiring.\nApply now.", "text"),
    ("less-than in prose", "Teams of < 10 people", "text"),
    ("markdown heading", "## Benefits\nPension", "markdown"),
    ("markdown bold", "**Salary:** £30k", "markdown"),
    ("markdown link", "See [our site](https://x.org)", "markdown"),
    ("markdown fence", "```\ncode\n```", "markdown"),
    ("two emphasis", "*one* and *two*", "markdown"),
    ("one emphasis", "*Terms apply* to bonus", "text"),
    ("hashtag", "#hiring #nurses", "text"),
    ("list only", "- a\n* b", "text"),
]


@pytest.mark.parametrize("name,text,expected", DETECT_CASES, ids=[c[0] for c in DETECT_CASES])
def test_detect_format(name, text, expected):
    assert detect_format(text) == expected


def test_stray_tag_does_not_destroy_prose():
    text = "Line one <br>\nLine two\nLine three\nLine four\nLine five"
    assert normalise(text) == text


# --------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------


def test_bad_arguments():
    with pytest.raises(TypeError, match="str"):
        normalise(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format 'rtf'"):
        normalise("x", "rtf")
    with pytest.raises(TypeError):
        detect_format(None)  # type: ignore[arg-type]
    assert FORMATS == ("auto", "text", "markdown", "html")


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

_MARKUP = st.sampled_from(
    ["<p>", "</p>", "<li>", "</li>", "<ul>", "<ol>", "</ol>", "<br>", "<div>", "<h2>", "</h2>",
     "<script>", "</script>", "<!--", "-->", "&amp;", "&lt;", "&gt;", "&nbsp;", "&lt;p&gt;",
     "**", "*", "_", "__", "#", "# ", "- ", "* ", "+ ", "1. ", "[", "]", "(", ")", "](",
     "`", "```", "~~", "> ", "|", "---", "\n", "\n\n", " ", "\t", "\r", "•", "o ", "skills",
     "Ability", "abc", "Def", ".", "e\u0301", "\u0301", "\u200b", "\u200d", "\xa0", "\x00",
     "\x85", "/", "@", "<td>", "<tr>", "<pre>"]
)
ADVERT_LIKE = st.one_of(
    st.text(),
    st.lists(st.one_of(_MARKUP, st.text(max_size=3)), max_size=30).map("".join),
)


_FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u200b\u200c\u200e\u200f\u2060\ufeff\ufffc\ufffd"
    "\ud800-\udfff]"
)


def _check_shape(out: str) -> None:
    assert out == out.strip(" \n")
    assert "  " not in out and "\n\n\n" not in out
    assert " \n" not in out and "\n " not in out
    assert not any(c.isspace() and c not in " \n" for c in out)
    assert not _FORBIDDEN.search(out)
    assert out.split("\n") == out.splitlines() or out == ""
    assert unicodedata.is_normalized("NFC", out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ADVERT_LIKE, st.sampled_from(["text", "auto"]))
def test_idempotent(text, fmt):
    once = normalise(text, fmt)
    assert normalise(once, fmt) == once
    _check_shape(once)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ADVERT_LIKE, st.sampled_from(["html", "markdown"]))
def test_other_formats_give_clean_text(text, fmt):
    out = normalise(text, fmt)
    _check_shape(out)
    assert normalise(out, "text") == out


# --------------------------------------------------------------------------------------
# Time
# --------------------------------------------------------------------------------------

_PATHOLOGICAL = {
    "unclosed tags": "<a" * 50_000,
    "unclosed comments": "<!--" * 25_000,
    "unclosed scripts": "<script>" * 12_500,
    "unclosed strong": "**a" * 33_000,
    "unclosed links": "[a](" * 25_000,
    "heading hashes": "# a" + " #" * 50_000,
    "glue candidates": "abcDef " * 14_000,
    "one lower-case run": "a" * 100_000 + "Bc",
    "mailto links": '<a href="mailto:x@y">z' * 5_000,
    "table pipes": "| a " * 25_000,
}


@pytest.mark.parametrize("name", list(_PATHOLOGICAL))
def test_linear_time_on_pathological_input(name):
    # 100,000 characters: linear passes take well under a second (about 0.1 s here);
    # a quadratic one would take minutes.
    text = _PATHOLOGICAL[name]
    for fmt in FORMATS:
        start = time.process_time()
        normalise(text, fmt)
        assert time.process_time() - start < 2.0, (name, fmt)


def test_same_advert_as_text_and_as_job_board_html():
    text = (FIXTURES / "advert_600_words.txt").read_text(encoding="utf-8")
    page = (FIXTURES / "advert_600_words.html").read_text(encoding="utf-8")
    assert detect_format(text) == "text" and detect_format(page) == "html"
    assert normalise(page) == normalise(text)
    assert normalise(text).count("\n• ") == 21  # every "- " item of the text


@pytest.mark.parametrize("name,bound", [("advert_600_words.txt", 0.002), ("advert_600_words.html", 0.006)])
def test_speed_on_a_600_word_advert(name, bound):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    normalise(text)
    runs = 50
    start = time.process_time()
    for _ in range(runs):
        normalise(text)
    per_call = (time.process_time() - start) / runs
    # About 0.1 ms (text) and 0.4 ms (HTML) on a busy two-core machine; the bounds leave
    # room for slow CI and catch a pass that has gone quadratic or per-character Python.
    assert per_call < bound, f"{per_call * 1e6:.0f} µs per call"
