"""The page's wiring, run through Gradio's own event processing (no server, no browser)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest
from gradio.exceptions import Error
from gradio.state_holder import SessionState

from advert_assistant.config import Config
from advert_assistant.ui import build_app, handlers, page
from advert_assistant.ui.handlers import Session

NURSE = Path(handlers.examples()["Community Staff Nurse – District Nursing Team"]).read_text(encoding="utf-8")
IT_ADVERT = Path(handlers.examples()["IT Operations Service Manager"]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo():
    return build_app()


def event(demo, api_name: str):
    return next(fn for fn in demo.fns.values() if fn.api_name == api_name)


def run(demo, fn, inputs, state):
    # A thread of its own: a session-wide Playwright fixture keeps an event loop running in the
    # main thread while the whole suite runs, and asyncio.run refuses to start inside it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        coroutine = lambda: asyncio.run(demo.process_api(fn, inputs, state=state, session_hash="test"))
        return pool.submit(coroutine).result()["data"]


def test_a_paste_goes_through_gradio_to_scores_and_highlights(demo):
    handlers.clear_report_cache()
    score = event(demo, "score")
    assert not score.preprocess and not score.postprocess      # text in, HTML out: nothing to convert
    state = SessionState(demo)
    notice, scores, highlights, fixes, choices, checklists, diff, _ = run(demo, score, [NURSE, None], state)
    view = handlers.analyse(NURSE, Session(), Config())
    assert 'data-overall="' in scores and "<mark" in highlights
    assert (highlights, fixes, checklists, diff) == (view.highlights, view.fixes, view.checklists, view.diff)
    assert [tuple(c) for c in choices["choices"]] == view.fix_choices and choices["value"] == []
    session = next(v for v in state.state_data.values() if isinstance(v, Session))
    assert session.source == NURSE and session.report == view.session.report


def test_choices_are_still_checked_against_the_fix_list(demo):
    state = SessionState(demo)
    run(demo, event(demo, "score"), [IT_ADVERT, None], state)
    accept = event(demo, "accept")
    assert accept.preprocess and not accept.postprocess
    with pytest.raises(Error, match="not in the list of choices"):
        run(demo, accept, [IT_ADVERT, ["no.such-rule@0-1"], None], state)
    fixes = handlers.analyse(IT_ADVERT, Session(), Config()).session.report.ranked_fixes()
    fix = next(f for f in fixes[:handlers.render.MAX_FIXES_SHOWN] if f.fixable and f.suggestions and f.start < f.end)
    text, notice = run(demo, accept, [IT_ADVERT, [handlers.render.fix_key(fix)], None], state)[:2]
    assert text != IT_ADVERT and "Accepted 1 fix" in notice


def test_every_scoring_event_shares_one_bounded_queue(demo):
    scoring = [fn for fn in demo.fns.values() if fn.concurrency_id == "assess"]
    assert len(scoring) >= 10
    assert {fn.concurrency_limit for fn in scoring} == {page.SCORING_CONCURRENCY}
    exports = [fn for fn in demo.fns.values() if fn.name == "on_export"]
    assert exports and all(fn.postprocess for fn in exports)        # a file needs Gradio's handling


def test_the_idle_queue_polls_less_often():
    queue = SimpleNamespace(sleep_when_free=0.001)
    page._poll_less(SimpleNamespace(_queue=queue))
    assert queue.sleep_when_free == page.QUEUE_POLL_SECONDS
    page._poll_less(SimpleNamespace(_queue=SimpleNamespace()))      # a Gradio without the attribute
    page._poll_less(SimpleNamespace())
    slower = SimpleNamespace(sleep_when_free=0.05)                  # never made busier than it was
    page._poll_less(SimpleNamespace(_queue=slower))
    assert slower.sleep_when_free == 0.05
    assert isinstance(gr.Blocks().queue()._queue.sleep_when_free, float)   # the attribute exists here
