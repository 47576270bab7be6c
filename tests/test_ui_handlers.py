"""What the web page does, through its handlers, without a server (real engine)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from advert_assistant.config import Config
from advert_assistant.errors import EmptyTextError
from advert_assistant.limits import MAX_CHARS
from advert_assistant.ui import builders, handlers, render
from advert_assistant.ui.handlers import KEEP, Session

BASE = Config()
EXAMPLES = handlers.examples()
IT_ADVERT = Path(EXAMPLES["IT Operations Service Manager"]).read_text(encoding="utf-8")
NURSE = Path(EXAMPLES["Community Staff Nurse – District Nursing Team"]).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def fresh_report_cache():
    """Each test starts with no kept assessments (some replace the engine)."""
    handlers.clear_report_cache()
    yield
    handlers.clear_report_cache()


def overall(view) -> int:
    return int(re.search(r'data-overall="(\d+)"', view.scores).group(1))


def notice_text(view) -> str:
    return re.sub(r"<[^>]+>", "", view.notice or "")


def test_examples_are_the_teams_own_drafts_of_advert_length():
    assert len(EXAMPLES) >= 3
    for name, path in EXAMPLES.items():
        words = len(Path(path).read_text(encoding="utf-8").split())
        assert 300 <= words <= 650, (name, words)
    assert "face and voice of IT Operations" in IT_ADVERT


def test_analyse_fills_every_part_of_the_page():
    view = handlers.analyse(IT_ADVERT, Session(), BASE)
    assert "<mark" in view.highlights and "dim-jargon" in view.highlights
    assert 0 <= overall(view) <= 100
    assert view.fix_choices and all(isinstance(k, str) for _, k in view.fix_choices)
    assert 'data-list="benefits"' in view.checklists
    assert "No changes yet" in view.diff
    assert view.text is KEEP                         # typing never overwrites the draft
    assert view.session.report is not None and view.session.source == IT_ADVERT
    assert view.session.baseline == view.session.report.text
    assert view.ms is not None and view.ms > 0


def test_fixes_are_ranked_by_impact():
    view = handlers.analyse(IT_ADVERT, Session(), BASE)
    impacts = [float(re.search(r"\+(\d+\.\d)", label).group(1)) for label, _ in view.fix_choices]
    assert impacts == sorted(impacts, reverse=True)


def test_accept_one_fix_changes_the_text_and_the_score():
    s = handlers.analyse(IT_ADVERT, Session(), BASE).session
    report = s.report
    fix = next(f for f in report.ranked_fixes() if f.fixable and f.start < f.end)
    view = handlers.accept_selected(IT_ADVERT, [render.fix_key(fix)], s, BASE)
    assert view.text is not KEEP and view.text != IT_ADVERT
    assert fix.suggestions[0].lower() in view.text.lower()
    assert "Accepted 1 fix" in notice_text(view)
    assert view.session.source == view.text
    assert view.session.report.overall >= report.overall
    assert "aa-ins" in view.diff or "aa-del" in view.diff      # the before/after shows it


def test_accept_all_applies_every_drop_in_fix():
    s = handlers.analyse(IT_ADVERT, Session(), BASE).session
    fixable = [f for f in s.report.findings if f.fixable and f.start < f.end]
    view = handlers.accept_all(IT_ADVERT, s, BASE)
    assert view.session.report.overall > s.report.overall
    remaining = [f for f in view.session.report.findings if f.fixable and f.start < f.end]
    assert len(remaining) < len(fixable)
    before, after = re.search(r'data-before="(\d+)" data-after="(\d+)"', view.diff).groups()
    assert int(before) == s.report.overall and int(after) == view.session.report.overall


def test_accept_with_nothing_chosen_or_only_advice():
    s = handlers.analyse(IT_ADVERT, Session(), BASE).session
    view = handlers.accept_selected(IT_ADVERT, [], s, BASE)
    assert view.text is KEEP and "Choose one or more fixes" in notice_text(view)
    advice = next(f for f in s.report.findings if not f.fixable)
    view = handlers.accept_selected(IT_ADVERT, [render.fix_key(advice)], s, BASE)
    assert view.text is KEEP and "advice" in notice_text(view)


def test_accept_after_the_draft_changed_relists_the_fixes():
    s = handlers.analyse(IT_ADVERT, Session(), BASE).session
    key = render.fix_key(next(f for f in s.report.ranked_fixes() if f.fixable and f.start > 10))
    edited = "Hello. " + IT_ADVERT
    view = handlers.accept_selected(edited, [key], s, BASE)
    assert view.text is KEEP
    assert "changed since" in notice_text(view)
    assert view.session.source == edited


def test_ignored_terms_stay_ignored_for_the_session():
    s = handlers.analyse(IT_ADVERT, Session(), BASE).session
    term = next(f for f in s.report.findings if f.rule_id.startswith("jargon.") and f.start < f.end)
    view = handlers.ignore_selected(IT_ADVERT, [render.fix_key(term)], s, BASE)
    assert "Ignored for this session" in notice_text(view)
    low = term.text.lower()
    assert not any(f.text.lower() == low and f.rule_id == term.rule_id for f in view.session.report.findings)
    # still ignored on the next paste of the same advert
    again = handlers.analyse(IT_ADVERT, view.session, BASE)
    assert not any(f.text.lower() == low and f.rule_id == term.rule_id for f in again.session.report.findings)
    # and back after "Stop ignoring"
    back = handlers.stop_ignoring(IT_ADVERT, again.session, BASE)
    assert any(f.text.lower() == low for f in back.session.report.findings)
    assert back.session.ignored == ()


def test_ignoring_a_missing_item_turns_its_rule_off():
    text = "Data Analyst\n\nYou will build dashboards for our teams and explain what the numbers mean."
    s = handlers.analyse(text, Session(), BASE).session
    gap = next(f for f in s.report.findings if f.start == f.end)
    view = handlers.ignore_selected(text, [render.fix_key(gap)], s, BASE)
    assert gap.rule_id in view.session.disabled
    assert not any(f.rule_id == gap.rule_id for f in view.session.report.findings)


def test_a_new_advert_starts_a_new_before_after():
    s = handlers.analyse(IT_ADVERT, Session(), BASE).session
    s2 = handlers.analyse(NURSE, s, BASE).session
    assert s2.baseline == s2.report.text != s.baseline
    edited = NURSE.replace("Kindness", "Warmth")
    s3 = handlers.analyse(edited, s2, BASE).session
    assert s3.baseline == s2.baseline                     # an edit keeps the starting point


@pytest.mark.parametrize("text,expected,kind", [
    ("", "there is no text to read yet", "aa-info"),
    ("   \n\t ", "there is no text to read yet", "aa-info"),
    ("x" * (MAX_CHARS * 25), "too long to be one advert", "aa-error"),
])
def test_bad_text_gives_a_message_and_keeps_the_draft(text, expected, kind):
    view = handlers.analyse(text, Session(), BASE)
    assert expected in notice_text(view)
    assert kind in view.notice
    assert view.text is KEEP


def test_non_english_advert_warns():
    text = ("Wir suchen eine engagierte Pflegefachkraft für unser Team in Berlin. Sie betreuen Patienten "
            "in ihrem Zuhause und arbeiten eng mit Ärzten und Angehörigen zusammen. Wir bieten ein "
            "unbefristetes Arbeitsverhältnis, flexible Arbeitszeiten und eine faire Bezahlung nach Tarif. "
            "Bitte senden Sie Ihre Bewerbung bis zum 30. Juni an die Personalabteilung.")
    view = handlers.analyse(text, Session(), BASE)
    assert "does not look like English" in notice_text(view)
    assert "aa-warning" in view.notice


def test_an_unexpected_failure_is_a_message_not_a_traceback(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("internal detail")
    monkeypatch.setattr(handlers, "assess", boom)
    view = handlers.analyse(IT_ADVERT, Session(), BASE)
    assert "Something went wrong" in notice_text(view) and "internal detail" not in view.notice
    assert view.text is KEEP and view.highlights is KEEP


def _docx(tmp_path, text: str) -> Path:
    d = docx.Document()
    for para in text.split("\n\n"):
        d.add_paragraph(para)
    path = tmp_path / "advert.docx"
    d.save(path)
    return path


def test_upload_docx(tmp_path):
    view = handlers.load_upload(str(_docx(tmp_path, NURSE)), Session(), BASE)
    assert "Community Staff Nurse" in view.text
    assert "Loaded “advert.docx”" in notice_text(view)
    assert "<mark" in view.highlights or "data-overall" in view.scores


@pytest.mark.parametrize("name,data,expected", [
    ("advert.exe", b"MZ\x90\x00", "not a file type"),
    ("advert.docx", b"PK\x03\x04" + b"\x00" * 60, "advert.docx: .*read"),
    ("advert.docx", b"this is not a zip file at all", "advert.docx: .*read"),
    ("advert.pdf", b"%PDF-1.4 garbage", "advert.pdf: could not be read"),
    ("advert.txt", b"", "advert.txt.* (empty|no text)"),
])
def test_bad_uploads_leave_the_draft_alone(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    view = handlers.load_upload(str(path), Session(), BASE)
    assert view.text is KEEP
    message = notice_text(view)
    assert re.search(expected, message, re.I), message
    assert str(tmp_path) not in message                # the server's own path never shows
    assert "Traceback" not in view.notice


def test_load_example():
    view = handlers.load_example("IT Operations Service Manager", Session(), BASE)
    assert view.text == IT_ADVERT and "<mark" in view.highlights
    assert "Choose an example" in notice_text(handlers.load_example("nope", Session(), BASE))


def test_benefits_builder_adds_a_section_the_engine_counts():
    text = "Data Analyst\n\nYou will build dashboards for our teams.\n\nHow to apply\nSend your CV to jobs@example.com."
    s = handlers.analyse(text, Session(), BASE).session
    offer = builders.BenefitsOffer(pension=True, pension_contribution=8, annual_leave=True, leave_days=25,
                                   flexible_working=True, flexible_pattern="hybrid")
    view = handlers.add_benefits(text, s, BASE, offer)
    assert "What we offer" in view.text
    assert view.text.index("What we offer") < view.text.index("How to apply")
    cov = view.session.report.coverage.benefits
    assert cov["pension"].found and cov["annual_leave"].found and cov["flexible_working"].found
    assert view.session.report.scores["benefits"] > s.report.scores["benefits"]


def test_career_builder_adds_a_specific_career_path():
    text = "Data Analyst\n\nYou will build dashboards for our teams.\n\nHow to apply\nSend your CV to jobs@example.com."
    s = handlers.analyse(text, Session(), BASE).session
    view = handlers.add_career_path(text, s, BASE, next_roles="Senior Data Analyst", timeline="18 months",
                                    qualifications="a Level 4 data analyst apprenticeship",
                                    framework="DDaT capability framework")
    assert "Where this job can take you" in view.text
    assert view.session.report.coverage.career_path.level == 2
    assert view.session.report.scores["career_path"] > s.report.scores["career_path"]


def test_builders_explain_what_is_missing():
    view = handlers.add_benefits("Some advert text here.", Session(), BASE, builders.BenefitsOffer())
    assert view.text is KEEP and "Tick at least one" in notice_text(view)
    view = handlers.add_career_path("", Session(), BASE, next_roles="Lead")
    assert view.text is KEEP and "Paste or load the advert first" in notice_text(view)


def test_channel_posts_are_scored_and_fit():
    s = handlers.analyse(NURSE, Session(), BASE).session
    posts = handlers.channel_posts(NURSE, s, BASE, "jobs.example.org/123")
    assert "Community Staff Nurse" in posts.linkedin and "https://jobs.example.org/123" in posts.linkedin
    assert 'data-score="' in posts.linkedin_meta and 'data-score="' in posts.x_meta
    from advert_assistant.ui.channels import x_length
    assert x_length(posts.x) <= 280 and "aa-ok" in posts.x_meta


def test_channel_posts_for_empty_text_give_a_message():
    posts = handlers.channel_posts("", Session(), BASE)
    assert posts.linkedin == "" and "no text" in posts.notice


@pytest.mark.parametrize("fmt", ["md", "txt", "docx", "json"])
def test_export(fmt, monkeypatch, tmp_path):
    monkeypatch.setenv("ADVERT_ASSISTANT_EXPORT_DIR", str(tmp_path))
    s = handlers.analyse(NURSE, Session(), BASE).session
    path, message = handlers.export_file(fmt, NURSE, s, BASE)
    assert path and Path(path).suffix == f".{fmt}" and Path(path).stat().st_size > 100
    assert "Ready" in message
    if fmt == "docx":
        assert "Community Staff Nurse" in docx.Document(io.BytesIO(Path(path).read_bytes())).paragraphs[0].text


def test_export_with_no_text():
    path, message = handlers.export_file("md", "  ", Session(), BASE)
    assert path is None and "no advert text" in message


@pytest.mark.slow
def test_scoring_in_worker_processes_gives_the_same_report():
    in_process = handlers.analyse(NURSE, Session(), BASE).session.report
    assert handlers.start_workers(1, BASE) == 1
    try:
        assert handlers.wait_for_workers(180)              # warm before the page would serve
        handlers.clear_report_cache()                      # so that the worker scores it
        calls = []
        real_assess = handlers.assess
        handlers.assess = lambda *a, **k: calls.append(1) or real_assess(*a, **k)
        try:
            view = handlers.analyse(NURSE, Session(), BASE)
        finally:
            handlers.assess = real_assess
        assert calls == [] and handlers.report_cache().misses == 1    # not scored in this process
        assert view.session.report == in_process
        assert "<mark" in view.highlights or view.session.report.findings == ()
    finally:
        handlers.stop_workers()
    assert handlers._pool is None
    assert handlers.wait_for_workers(0)                    # no workers: nothing to wait for


# ------------------------------------------------------------------ one assessment per draft

@pytest.fixture
def counted(monkeypatch):
    """Count the engine's assessments, per text."""
    calls: list[str] = []
    real = handlers.assess

    def assess(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(handlers, "assess", assess)
    return calls


def test_one_draft_is_assessed_once_whatever_asks_for_it(counted, monkeypatch, tmp_path):
    monkeypatch.setenv("ADVERT_ASSISTANT_EXPORT_DIR", str(tmp_path))
    first = handlers.analyse(NURSE, Session(), BASE)          # the debounced re-score after a paste
    again = handlers.analyse(NURSE, first.session, BASE)      # "Score it" on the same draft
    handlers.restart_from_here(NURSE, again.session, BASE)
    stale = Session()                                         # a request that raced the first answer
    handlers.channel_posts(NURSE, stale, BASE, "https://example.com/apply")
    handlers.export_file("json", NURSE, stale, BASE)
    assert counted.count(NURSE) == 1
    assert again.scores == first.scores and again.highlights == first.highlights
    assert again.ms == first.ms                              # the time the one assessment took
    other = handlers.analyse(IT_ADVERT, Session(), BASE)
    assert counted.count(IT_ADVERT) == 1 and other.scores != first.scores


def test_other_settings_are_assessed_apart(counted):
    s = handlers.analyse(IT_ADVERT, Session(), BASE).session
    fix = next(f for f in s.report.ranked_fixes() if f.start < f.end and len(f.text.split()) <= 6)
    ignored = handlers.ignore_selected(IT_ADVERT, [render.fix_key(fix)], s, BASE)
    assert ignored.session.ignored                            # the session's config changed
    assert counted.count(IT_ADVERT) == 2
    handlers.analyse(IT_ADVERT, ignored.session, BASE)
    assert counted.count(IT_ADVERT) == 2
    handlers.stop_ignoring(IT_ADVERT, ignored.session, BASE)
    assert counted.count(IT_ADVERT) == 2                      # back to the first settings: kept
    assert handlers.analyse(IT_ADVERT, Session(), Config(use_model=False)).session.report is not None
    assert counted.count(IT_ADVERT) == 3


def test_simultaneous_requests_for_one_draft_share_one_assessment():
    import threading

    cache = handlers.ReportCache(4)
    started, release = threading.Event(), threading.Event()
    runs = []

    def compute():
        runs.append(1)
        started.set()
        assert release.wait(10)
        return handlers._assess_uncached(NURSE, BASE)

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get(NURSE, BASE, compute))) for _ in range(5)]
    threads[0].start()
    assert started.wait(10)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(30)
    assert len(runs) == 1 and len(results) == 5
    assert all(r is results[0] for r in results)
    assert (cache.misses, cache.hits) == (1, 4)


def test_the_cache_is_bounded_and_forgets_failures():
    cache = handlers.ReportCache(2)
    made = []

    def make(text):
        def compute():
            made.append(text)
            return handlers._assess_uncached(text, BASE)
        return compute

    for text in ("Advert one. You will work in Leeds.", "Advert two. You will work in Hull.",
                 "Advert three. You will work in Derby."):
        cache.get(text, BASE, make(text))
    assert len(cache) == 2
    cache.get("Advert one. You will work in Leeds.", BASE, make("Advert one. You will work in Leeds."))
    assert made.count("Advert one. You will work in Leeds.") == 2    # the oldest was let go
    for _ in range(2):
        with pytest.raises(EmptyTextError):
            cache.get("   ", BASE, make("   "))
    assert made.count("   ") == 2                                    # an error is not kept
    with pytest.raises(ValueError):
        handlers.ReportCache(0)
