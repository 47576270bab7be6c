"""The web page as a recruiter uses it, in Chromium against the served app.

Every test also checks (in the ``page`` fixture) that no request left the loopback host
and that no dialog opened. Screenshots go to docs/screenshots/ when
ADVERT_ASSISTANT_SCREENSHOTS=1 (``make screenshots``), otherwise to a temporary folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import docx
import pytest

from advert_assistant.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "advert_assistant" / "ui" / "examples"
IT_ADVERT = (EXAMPLES / "it-operations-service-manager.txt").read_text(encoding="utf-8")
NURSE = (EXAMPLES / "community-staff-nurse.txt").read_text(encoding="utf-8")

DRAFT = "#aa-draft textarea"
SCORED = '#aa-scores .aa-scores[data-overall]:not([data-overall=""])'


@pytest.fixture
def shots(tmp_path):
    folder = ROOT / "docs" / "screenshots" if os.environ.get("ADVERT_ASSISTANT_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def snap(page, target, path: Path) -> None:
    """A screenshot once the page has settled (no pending update fading in)."""
    page.wait_for_function("() => !document.querySelector('.pending, .generating')")
    page.wait_for_timeout(600)
    target.screenshot(path=str(path))


def overall(page) -> int:
    return int(page.get_attribute("#aa-scores .aa-scores", "data-overall"))


def notice(page) -> str:
    return page.inner_text("#aa-notice")


def wait_scored(page, previous: str | None = None):
    page.wait_for_selector(SCORED)
    if previous is not None:
        page.wait_for_function(
            """([sel, prev]) => { const e = document.querySelector(sel);
                 return e && e.getAttribute('data-overall') !== '' && e.outerHTML !== prev; }""",
            arg=["#aa-scores .aa-scores", previous],
        )


def scores_html(page) -> str:
    return page.eval_on_selector("#aa-scores .aa-scores", "e => e.outerHTML")


def paste(page, text: str):
    before = scores_html(page)
    page.fill(DRAFT, text)
    wait_scored(page, before)


def test_paste_shows_highlights_and_scores(page, shots):
    paste(page, IT_ADVERT)
    assert 0 <= overall(page) <= 100
    bars = page.locator("#aa-scores .aa-bar-row")
    assert bars.count() == 6
    marks = page.locator("#aa-highlights mark.aa-hl")
    assert marks.count() >= 5
    assert page.locator("#aa-highlights mark.dim-jargon").count() >= 3
    assert page.locator("#aa-highlights .aa-legend-item").count() == 6
    # the highlighted text is the advert, unchanged
    shown = page.inner_text("#aa-highlights .aa-advert")
    assert " ".join(shown.split()) == " ".join(normalise(IT_ADVERT).split())
    # ranked fixes, each with message, why and a rewrite
    assert page.locator("#aa-fixes li.aa-fix").count() >= 5
    assert page.locator("#aa-fix-choices label", has_text=re.compile(r"^\s*1\. \+")).count() == 1
    snap(page, page.locator("#aa-highlights"), shots / "highlights.png")


def test_typing_is_debounced(page):
    paste(page, NURSE)
    joins: list[str] = []
    page.on("request", lambda r: joins.append(r.url) if "/queue/join" in r.url else None)
    before = scores_html(page)
    page.click(DRAFT)
    page.keyboard.press("End")
    page.keyboard.type(" We leverage synergies.", delay=40)
    wait_scored(page, before)
    page.wait_for_timeout(800)
    assert 1 <= len(joins) <= 2, joins
    assert page.locator("#aa-highlights mark", has_text="leverage").count() >= 1


def test_accept_a_fix_changes_text_and_score(page, shots):
    paste(page, IT_ADVERT)
    first = overall(page)
    label = page.locator("#aa-fix-choices label", has_text=re.compile(r"“.+” → “.+”")).first
    text = label.inner_text()
    old, new = re.search(r"“(.+?)” → “(.+?)”", text).groups()
    label.click()
    before = scores_html(page)
    page.click("#aa-accept")
    wait_scored(page, before)
    assert "Accepted 1 fix" in notice(page)
    draft = page.input_value(DRAFT)
    assert draft != IT_ADVERT and new.lower() in draft.lower()
    assert overall(page) >= first
    page.get_by_role("tab", name="Before and after").click()
    assert page.locator("#aa-diff ins.aa-ins").count() >= 1
    assert page.get_attribute("#aa-diff .aa-diff-scores", "data-before") == str(first)
    snap(page, page.locator("#aa-tabs"), shots / "before-after.png")


def test_accept_all_then_ignore(page):
    paste(page, IT_ADVERT)
    first = overall(page)
    before = scores_html(page)
    page.click("#aa-accept-all")
    wait_scored(page, before)
    assert overall(page) > first
    assert "Accepted" in notice(page)
    # ignore the top remaining item: it disappears and stays away on the next score
    label = page.locator("#aa-fix-choices label", has_text=re.compile(r"^\s*1\. ")).first
    label_text = label.inner_text()
    label.click()
    before = scores_html(page)
    page.click("#aa-ignore")
    wait_scored(page, before)
    assert "Ignored for this session" in notice(page)
    labels = page.locator("#aa-fix-choices label").all_inner_texts()
    assert not any(t.split(" · ", 1)[-1] == label_text.split(" · ", 1)[-1] for t in labels)


def test_upload_a_docx(page, tmp_path):
    d = docx.Document()
    for para in NURSE.split("\n\n"):
        d.add_paragraph(para)
    path = tmp_path / "staff-nurse.docx"
    d.save(path)
    with page.expect_file_chooser() as fc:
        page.click("#aa-upload")
    fc.value.set_files(str(path))
    page.wait_for_function("() => document.querySelector('#aa-draft textarea').value.includes('District Nursing')")
    wait_scored(page)
    assert "Loaded “staff-nurse.docx”" in notice(page)
    assert page.locator("#aa-highlights .aa-advert").inner_text().startswith("Community Staff Nurse")


def test_benefits_builder_writes_a_section(page, shots):
    text = ("Payroll Officer\n\nYou will run the monthly payroll for 900 staff and answer their questions.\n\n"
            "How to apply\nSend your CV to jobs@example.com.")
    paste(page, text)
    page.get_by_role("tab", name="Add what's missing").click()
    page.check("#aa-b-pension input")
    page.fill("#aa-b-pension-pct input", "8")
    page.check("#aa-b-leave input")
    page.fill("#aa-b-leave-days input", "27")
    page.fill("#aa-b-flex-details textarea, #aa-b-flex-details input", "two days a week in our Leeds office")
    snap(page, page.locator("#aa-tabs"), shots / "add-whats-missing.png")
    before = scores_html(page)
    page.click("#aa-add-benefits")
    wait_scored(page, before)
    draft = page.input_value(DRAFT)
    assert "What we offer" in draft and "27 days' annual leave" in draft and "8% of your salary" in draft
    assert draft.index("What we offer") < draft.index("How to apply")
    assert "Added" in notice(page)
    page.get_by_role("tab", name="Coverage").click()
    assert page.get_attribute("#aa-checklists li[data-key=pension]", "data-state") == "present"
    assert page.get_attribute("#aa-checklists li[data-key=annual_leave]", "data-state") == "present"


def test_channel_versions(page, shots):
    paste(page, NURSE)
    page.get_by_role("tab", name="Channel versions").click()
    page.wait_for_function("() => document.querySelector('#aa-x textarea').value.length > 0")
    x = page.input_value("#aa-x textarea")
    assert "Community Staff Nurse" in x
    length = int(page.get_attribute("#aa-x-meta .aa-length", "data-length"))
    assert length <= 280
    assert "Community Staff Nurse" in page.input_value("#aa-linkedin textarea")
    assert page.locator("#aa-linkedin-meta .aa-post-score").count() == 1
    snap(page, page.locator("#aa-tabs"), shots / "channel-versions.png")


def test_export_docx(page):
    paste(page, NURSE)
    page.get_by_role("tab", name="Export").click()
    page.click("#aa-export-docx")
    link = page.locator("#aa-download a").first
    link.wait_for()
    with page.expect_download() as dl:
        link.click()
    assert dl.value.suggested_filename.endswith(".docx")


# Inside an advert, markup stays text (the engine reads a paste as HTML only when it is mostly tags).
HOSTILE = NURSE.replace("About the job\n", "About the job\n"
    "<script>window.__aa_xss = 1; alert(1)</script>\n"
    "<img src=x onerror=\"window.__aa_xss = 2; alert(2)\">\n"
    "You will leverage synergies. <svg onload=\"window.__aa_xss = 3\"></svg>\n", 1)


def test_hostile_text_shows_as_text_and_nothing_runs(page):
    paste(page, HOSTILE)
    page.wait_for_timeout(500)
    shown = page.inner_text("#aa-highlights .aa-advert")
    assert "<script>window.__aa_xss = 1; alert(1)</script>" in shown
    assert "<img src=x onerror=" in shown
    assert page.evaluate("window.__aa_xss") is None
    for sel in ("#aa-highlights", "#aa-fixes", "#aa-scores", "#aa-checklists", "#aa-diff", "#aa-notice"):
        assert page.locator(f"{sel} img, {sel} script, {sel} svg[onload]").count() == 0, sel
    assert page.locator("#aa-highlights mark", has_text="leverage").count() == 1
    page.get_by_role("tab", name="Channel versions").click()
    page.wait_for_function("() => document.querySelector('#aa-linkedin textarea').value.length > 0")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__aa_xss") is None
    assert page.locator("img[src=x]").count() == 0


def test_a_paste_that_is_markup_is_read_as_html_and_nothing_runs(page):
    paste(page, "<p>Senior Developer</p>\n<script>window.__aa_xss = 1; alert(1)</script>\n"
                "<img src=x onerror=\"window.__aa_xss = 2; alert(2)\">\n<p>You will leverage synergies.</p>")
    page.wait_for_timeout(500)
    shown = page.inner_text("#aa-highlights .aa-advert")
    assert "Senior Developer" in shown and "alert" not in shown
    assert page.evaluate("window.__aa_xss") is None
    assert page.locator("img[src=x]").count() == 0


def test_empty_text_gives_a_message(page):
    page.click("#aa-score")
    page.wait_for_function("() => document.querySelector('#aa-notice').innerText.includes('no text')")
    assert "there is no text to read yet" in notice(page)


def test_huge_paste_keeps_the_text(page):
    big = ("This is a very long paste that is not one advert. " * 100_000)[:5_000_000]
    page.eval_on_selector(DRAFT, """(el, text) => {
        el.value = text; el.dispatchEvent(new Event('input', {bubbles: true})); }""", big)
    page.click("#aa-score")
    page.wait_for_function("() => document.querySelector('#aa-notice').innerText.includes('too long')",
                           timeout=60_000)
    assert "Traceback" not in notice(page)
    assert page.eval_on_selector(DRAFT, "el => el.value.length") == len(big)


def test_corrupt_and_unsupported_files_give_a_message(page, tmp_path):
    paste(page, NURSE)
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not really a word document")
    with page.expect_file_chooser() as fc:
        page.click("#aa-upload")
    fc.value.set_files(str(bad))
    page.wait_for_function("() => document.querySelector('#aa-notice').innerText.includes('broken.docx')")
    assert "broken.docx: could not be read as DOCX" in notice(page)
    assert page.input_value(DRAFT) == NURSE                   # the draft is untouched
    odd = tmp_path / "advert.exe"
    odd.write_bytes(b"MZ\x90\x00 not an advert")
    with page.expect_file_chooser() as fc:
        page.click("#aa-upload")
    fc.value.set_files(str(odd))
    page.get_by_text("Invalid file type: advert.exe").wait_for()     # Gradio's own message
    assert page.input_value(DRAFT) == NURSE
    assert "Traceback" not in page.inner_text("body")


def test_non_english_advert_warns(page):
    paste(page, "Wir suchen eine engagierte Pflegefachkraft für unser Team in Berlin. Sie betreuen Patienten "
                "in ihrem Zuhause und arbeiten eng mit Ärzten und Angehörigen zusammen. Wir bieten flexible "
                "Arbeitszeiten und eine faire Bezahlung. Bitte senden Sie Ihre Bewerbung bis zum 30. Juni.")
    assert "does not look like English" in notice(page)


def test_example_drafts(page, shots):
    page.click("#aa-example input")
    page.get_by_role("option", name="IT Operations Service Manager").click()
    page.wait_for_function("() => document.querySelector('#aa-draft textarea').value.includes('face and voice')")
    wait_scored(page)
    snap(page, page, shots / "page.png")
    page.get_by_role("tab", name="Coverage").click()
    assert page.locator("#aa-checklists li.aa-check").count() == 7 + 6 + 5
    snap(page, page.locator("#aa-tabs"), shots / "coverage.png")
