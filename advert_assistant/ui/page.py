"""The Gradio page: layout and wiring only; what each control does lives in :mod:`.handlers`.

Import this through :func:`advert_assistant.ui.build_app`, which switches off Gradio's
analytics before Gradio is imported.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import gradio as gr

from ..config import Config
from . import builders, handlers, render
from .handlers import KEEP, Session, View

TITLE = "advert-assistant"

#: Typing in the draft re-scores it once the recruiter pauses this long (milliseconds).
DEBOUNCE_MS = 450

#: Worker processes that score adverts (the engine is CPU-bound): one per core, at most 4.
#: ``ADVERT_ASSISTANT_WORKERS=0`` scores in the page's own process.
WORKERS = int(os.environ.get("ADVERT_ASSISTANT_WORKERS", str(min(4, os.cpu_count() or 1))))

#: Scoring events the page handles at once; the rest wait in Gradio's queue. Twice the
#: workers, so that a worker never waits while the page renders the last answer.
SCORING_CONCURRENCY = int(os.environ.get("ADVERT_ASSISTANT_CONCURRENCY", str(max(2, 2 * WORKERS))))

#: How often (seconds) visitors waiting in the queue are told their place. Gradio's
#: default ("auto") tells every waiting visitor each time any event starts, which for a
#: burst of n pastes is about n*n/2 messages for the page to send and the browsers to read.
QUEUE_STATUS_EVERY = 1.0

#: The page serves only once every scoring worker has loaded the engine (at most this many
#: seconds), so that no visitor's first paste waits for the engine to load.
WARM_UP_TIMEOUT = float(os.environ.get("ADVERT_ASSISTANT_WARM_UP_TIMEOUT", "120"))

#: Gradio's queue looks for new events every millisecond when it has nothing to do
#: (``Queue.sleep_when_free``), about 7% of a core on this machine while the page is idle.
#: Every 5 ms costs a fifth of that and delays an event by at most 5 ms.
QUEUE_POLL_SECONDS = 0.005

# A true debounce: each keystroke restarts a timer; when it fires, the hidden
# "rescore" button is clicked, which sends the draft as it is then. Inline, no
# script from another host.
HEAD = f"""<script>
(() => {{
  let timer = null;
  document.addEventListener("input", (event) => {{
    if (!event.target.closest || !event.target.closest("#aa-draft")) return;
    clearTimeout(timer);
    timer = setTimeout(() => {{
      const button = document.querySelector("#aa-rescore");
      if (button) button.click();
    }}, {DEBOUNCE_MS});
  }}, true);
}})();
</script>"""

PAGE_CSS = render.CSS + """
.aa-hidden{display:none !important}
.aa-header h1{margin:.2rem 0 .1rem;font-size:1.6rem}
.aa-header p{margin:0;color:#4b5563}
.aa-timing{color:#6b7280;font-size:.8rem;margin-top:.3rem}
#aa-draft textarea{font-size:.95rem;line-height:1.5}
#aa-fix-choices .wrap{max-height:22rem;overflow-y:auto}
"""

FRAMEWORKS = [
    "DDaT capability framework",
    "NHS Knowledge and Skills Framework",
    "Agenda for Change pay progression",
    "Civil Service Success Profiles",
    "our own competency framework",
]


def theme() -> gr.themes.Base:
    """The default theme with the system's own fonts: nothing is fetched from font hosts."""
    return gr.themes.Default(
        primary_hue="blue",
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )


class AdvertApp(gr.Blocks):
    """The page's Blocks: ``launch()`` brings the page's theme, CSS, debounce script and limits."""

    advert_config: Config | None = None

    def launch(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        if WORKERS > 0:
            handlers.start_workers(WORKERS, self.advert_config)
        _warm_up(self.advert_config)
        self.queue(status_update_rate=QUEUE_STATUS_EVERY)
        kwargs.setdefault("theme", theme())
        kwargs.setdefault("css", PAGE_CSS)
        kwargs.setdefault("head", HEAD)
        kwargs.setdefault("footer_links", ["api", "settings"])
        kwargs.setdefault("max_file_size", "10mb")
        kwargs.setdefault("ssr_mode", False)
        kwargs.setdefault("show_error", False)
        block = not kwargs.get("prevent_thread_lock", False)
        kwargs["prevent_thread_lock"] = True
        result = super().launch(*args, **kwargs)
        _poll_less(self)
        if block:
            self.block_thread()
        return result


def _warm_up(config: Config | None) -> None:
    """Before the page serves: load the engine (in every worker, or here without them) and
    run an example through the page's own scoring and rendering."""
    log = logging.getLogger(__name__)
    try:
        if WORKERS > 0:
            t0 = time.monotonic()
            if not handlers.wait_for_workers(WARM_UP_TIMEOUT):
                log.warning("the scoring workers were not warm after %.0f s; serving anyway",
                            time.monotonic() - t0)
        else:
            handlers.warm_up(config)
        name, path = next(iter(handlers.examples().items()))
        handlers.analyse(open(path, encoding="utf-8").read(), Session(), config or Config())
    except Exception:  # noqa: BLE001 - the first assessment reports the problem in the page
        log.exception("warm-up failed")


def _poll_less(blocks: gr.Blocks) -> None:
    """Let Gradio's idle queue look for work every QUEUE_POLL_SECONDS instead of every 1 ms.

    ``sleep_when_free`` is an attribute of Gradio's queue, not a documented setting; when
    a Gradio version no longer has it this does nothing."""
    queue = getattr(blocks, "_queue", None)
    current = getattr(queue, "sleep_when_free", None)
    if isinstance(current, (int, float)) and current < QUEUE_POLL_SECONDS:
        queue.sleep_when_free = QUEUE_POLL_SECONDS


def _skip(value: Any) -> Any:
    return gr.skip() if value is KEEP else value


def _analysis(view: View) -> tuple:
    choices = gr.skip() if view.fix_choices is KEEP else gr.update(choices=view.fix_choices, value=[])
    return (
        _skip(view.notice), _skip(view.scores), _skip(view.highlights), _skip(view.fixes),
        choices, _skip(view.checklists), _skip(view.diff), _skip(view.session),
    )


def _with_text(view: View) -> tuple:
    return (_skip(view.text),) + _analysis(view)


def build(config: Config | None = None) -> gr.Blocks:
    base = config or Config()
    example_names = list(handlers.examples())

    with AdvertApp(title=TITLE, analytics_enabled=False, fill_width=False) as demo:
        demo.advert_config = base
        session = gr.State(Session())
        gr.HTML(
            '<div class="aa-header"><h1>advert-assistant</h1>'
            "<p>Paste or upload a job advert. See where it loses candidates, accept the fixes you like, "
            "add what is missing, and leave with a better advert.</p></div>"
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=6):
                with gr.Row():
                    example = gr.Dropdown(example_names, value=None, label="Example drafts",
                                          scale=4, elem_id="aa-example")
                    load_example = gr.Button("Load example", scale=1, elem_id="aa-load-example")
                    upload = gr.UploadButton("Upload a file", file_types=list(handlers.UPLOAD_SUFFIXES),
                                             file_count="single", scale=1, elem_id="aa-upload")
                draft = gr.Textbox(
                    label="Your advert (paste it here and edit freely; scores update as you type)",
                    lines=8, max_lines=12, elem_id="aa-draft", autoscroll=False,
                    placeholder="Paste the advert here, or upload a .txt, .md, .html, .docx or .pdf file.",
                )
                with gr.Row():
                    score_btn = gr.Button("Score it", variant="primary", elem_id="aa-score")
                    restart_btn = gr.Button("Start the before/after from this draft", elem_id="aa-restart")
                    rescore = gr.Button("rescore", elem_id="aa-rescore", visible="hidden")
                notice = gr.HTML(render.render_notice(), elem_id="aa-notice")
                highlights = gr.HTML(render.render_placeholder(), elem_id="aa-highlights")
            with gr.Column(scale=5):
                scores = gr.HTML(render.render_empty_scores(), elem_id="aa-scores")
                gr.Markdown("### Fixes, biggest gain first")
                fix_pick = gr.CheckboxGroup(choices=[], label="Choose fixes to accept or ignore",
                                            elem_id="aa-fix-choices", show_select_all=True)
                with gr.Row():
                    accept_btn = gr.Button("Accept selected", variant="primary", elem_id="aa-accept")
                    accept_all_btn = gr.Button("Accept all", elem_id="aa-accept-all")
                    ignore_btn = gr.Button("Ignore selected", elem_id="aa-ignore")
                    unignore_btn = gr.Button("Stop ignoring", elem_id="aa-unignore", size="sm")
                fixes = gr.HTML(render.render_fixes([]), elem_id="aa-fixes")

        with gr.Tabs(elem_id="aa-tabs"):
            with gr.Tab("Before and after", elem_id="aa-tab-diff"):
                diff = gr.HTML(render.render_diff([]), elem_id="aa-diff")
            with gr.Tab("Coverage", elem_id="aa-tab-coverage"):
                checklists = gr.HTML("", elem_id="aa-checklists")
            with gr.Tab("Add what's missing", elem_id="aa-tab-builders"):
                with gr.Row(equal_height=False):
                    with gr.Column():
                        gr.Markdown("#### Benefits: tick what the job offers")
                        with gr.Row():
                            b_pension = gr.Checkbox(label="Pension", elem_id="aa-b-pension")
                            b_pension_pct = gr.Number(label="Employer contribution (%)",
                                                      elem_id="aa-b-pension-pct")
                            b_pension_scheme = gr.Textbox(label="Scheme (optional)",
                                                          placeholder="e.g. Local Government Pension Scheme")
                        with gr.Row():
                            b_leave = gr.Checkbox(label="Annual leave", elem_id="aa-b-leave")
                            b_leave_days = gr.Number(label="Days of leave",
                                                     elem_id="aa-b-leave-days")
                            b_leave_rising = gr.Number(label="Rising to (days, optional)")
                            b_leave_bank = gr.Checkbox(label="Plus bank holidays", value=True)
                        with gr.Row():
                            b_flex = gr.Checkbox(label="Flexible working", elem_id="aa-b-flex")
                            b_flex_pattern = gr.Dropdown(list(builders.FLEXIBLE_PATTERNS), value=None,
                                                         label="Pattern", allow_custom_value=True,
                                                         elem_id="aa-b-flex-pattern")
                            b_flex_details = gr.Textbox(label="Details (optional)",
                                                        placeholder="e.g. two days a week in our Leeds office",
                                                        elem_id="aa-b-flex-details")
                        with gr.Row():
                            b_learn = gr.Checkbox(label="Learning and development")
                            b_learn_budget = gr.Number(label="Learning budget (£ a year)")
                            b_learn_details = gr.Textbox(label="Details (optional)",
                                                         placeholder="e.g. study leave for professional exams")
                        with gr.Row():
                            b_health = gr.Checkbox(label="Health and wellbeing")
                            b_health_details = gr.Textbox(label="What is included (optional)",
                                                          placeholder="e.g. private medical cover, a free gym")
                        with gr.Row():
                            b_family = gr.Checkbox(label="Family-friendly")
                            b_family_details = gr.Textbox(label="What is included (optional)",
                                                          placeholder="e.g. 26 weeks' full maternity pay")
                        with gr.Row():
                            b_money = gr.Checkbox(label="Financial extras")
                            b_money_details = gr.Textbox(label="What is included (optional)",
                                                         placeholder="e.g. a season ticket loan, a 10% bonus")
                        add_benefits_btn = gr.Button("Write “What we offer” and insert it", variant="primary",
                                                     elem_id="aa-add-benefits")
                    with gr.Column():
                        gr.Markdown("#### Career path: where the job leads")
                        c_roles = gr.Textbox(label="Next roles or grades",
                                             placeholder="e.g. Senior Analyst, Band 6", elem_id="aa-c-roles")
                        c_timeline = gr.Textbox(label="Typical timeline",
                                                placeholder="e.g. 12 to 18 months", elem_id="aa-c-timeline")
                        c_training = gr.Textbox(label="Training along the way",
                                                placeholder="e.g. a six-month mentoring programme")
                        c_quals = gr.Textbox(label="Qualifications you will fund",
                                             placeholder="e.g. CIPD Level 5")
                        c_framework = gr.Dropdown(FRAMEWORKS, value=None, label="Career framework",
                                                  allow_custom_value=True)
                        add_career_btn = gr.Button("Write the career-path section and insert it", variant="primary",
                                                   elem_id="aa-add-career")
            with gr.Tab("Channel versions", elem_id="aa-tab-channels") as channels_tab:
                with gr.Row():
                    link = gr.Textbox(label="Link to the advert", placeholder="https://example.com/apply",
                                      scale=4, elem_id="aa-link")
                    posts_btn = gr.Button("Write the posts from the current draft", scale=1, elem_id="aa-posts")
                posts_notice = gr.HTML(render.render_notice())
                with gr.Row():
                    with gr.Column():
                        linkedin = gr.Textbox(label="LinkedIn post", lines=18, buttons=["copy"],
                                              elem_id="aa-linkedin")
                        linkedin_meta = gr.HTML("", elem_id="aa-linkedin-meta")
                    with gr.Column():
                        x_post = gr.Textbox(label="Post for X (at most 280 characters as X counts them)",
                                            lines=6, buttons=["copy"], elem_id="aa-x")
                        x_meta = gr.HTML("", elem_id="aa-x-meta")
            with gr.Tab("Export", elem_id="aa-tab-export"):
                gr.Markdown("Download the improved advert, or the full report as JSON.")
                with gr.Row():
                    export_buttons = {
                        fmt: gr.Button(label, elem_id=f"aa-export-{fmt}")
                        for fmt, label in (("md", "Markdown (.md)"), ("txt", "Plain text (.txt)"),
                                           ("docx", "Word (.docx)"), ("json", "Report (.json)"))
                    }
                download = gr.File(label="Your file", interactive=False, elem_id="aa-download")
                export_notice = gr.HTML(render.render_notice())

        # Opening the page sets up the visitor's session now, so that their first paste
        # does not wait for it.
        demo.load(lambda: render.render_notice(), None, [notice], api_name="open", show_progress="hidden")

        analysis_outputs = [notice, scores, highlights, fixes, fix_pick, checklists, diff, session]
        text_outputs = [draft] + analysis_outputs
        scoring = dict(concurrency_limit=SCORING_CONCURRENCY, concurrency_id="assess")
        # The draft (text) and the session (state) need no conversion on the way in, and the
        # outputs (HTML, text, the fix list, the session) none on the way out, so these events
        # skip Gradio's per-component pre- and postprocessing (a trip to a thread for each).
        # Inputs that Gradio checks against their choices (fix list, dropdowns) or converts
        # (numbers, uploads) keep their preprocessing.
        raw = dict(preprocess=False, postprocess=False)
        raw_out = dict(postprocess=False)

        def on_score(text, state):
            return _analysis(handlers.analyse(text, state, base))

        score_btn.click(on_score, [draft, session], analysis_outputs, api_name="score", **scoring, **raw)
        draft.submit(on_score, [draft, session], analysis_outputs, api_visibility="private", **scoring, **raw)
        rescore.click(on_score, [draft, session], analysis_outputs, api_visibility="private",
                      trigger_mode="always_last", show_progress="hidden", **scoring, **raw)

        def on_restart(text, state):
            return _analysis(handlers.restart_from_here(text, state, base))

        restart_btn.click(on_restart, [draft, session], analysis_outputs, api_visibility="private",
                          **scoring, **raw)

        def on_example(name, state):
            return _with_text(handlers.load_example(name, state, base))

        load_example.click(on_example, [example, session], text_outputs, api_visibility="private",
                           **scoring, **raw_out)
        example.input(on_example, [example, session], text_outputs, api_visibility="private", **scoring, **raw_out)

        def on_upload(file, state):
            path = getattr(file, "name", file)
            return _with_text(handlers.load_upload(path, state, base))

        upload.upload(on_upload, [upload, session], text_outputs, api_visibility="private", **scoring, **raw_out)

        def on_accept(text, keys, state):
            return _with_text(handlers.accept_selected(text, keys, state, base))

        def on_accept_all(text, state):
            return _with_text(handlers.accept_all(text, state, base))

        def on_ignore(text, keys, state):
            return _with_text(handlers.ignore_selected(text, keys, state, base))

        def on_unignore(text, state):
            return _with_text(handlers.stop_ignoring(text, state, base))

        accept_btn.click(on_accept, [draft, fix_pick, session], text_outputs, api_name="accept", **scoring, **raw_out)
        accept_all_btn.click(on_accept_all, [draft, session], text_outputs, api_visibility="private",
                             **scoring, **raw)
        ignore_btn.click(on_ignore, [draft, fix_pick, session], text_outputs, api_visibility="private",
                         **scoring, **raw_out)
        unignore_btn.click(on_unignore, [draft, session], text_outputs, api_visibility="private", **scoring, **raw)

        def on_benefits(text, state, pension, pension_pct, pension_scheme, leave, leave_days, leave_rising,
                        leave_bank, flex, flex_pattern, flex_details, learn, learn_budget, learn_details,
                        health, health_details, family, family_details, money, money_details):
            # an empty number box arrives as 0 or None: both mean "not given"
            pension_pct, leave_days, leave_rising, learn_budget = (
                v or None for v in (pension_pct, leave_days, leave_rising, learn_budget))
            offer = builders.BenefitsOffer(
                pension=bool(pension or pension_pct or (pension_scheme or "").strip()),
                pension_contribution=pension_pct, pension_scheme=pension_scheme or "",
                annual_leave=bool(leave or leave_days), leave_days=leave_days, leave_rising_to=leave_rising,
                leave_plus_bank_holidays=bool(leave_bank),
                flexible_working=bool(flex or flex_pattern or (flex_details or "").strip()),
                flexible_pattern=flex_pattern or "", flexible_details=flex_details or "",
                learning_development=bool(learn or learn_budget or (learn_details or "").strip()),
                learning_budget=learn_budget, learning_details=learn_details or "",
                health_wellbeing=bool(health or (health_details or "").strip()), health_details=health_details or "",
                family_friendly=bool(family or (family_details or "").strip()), family_details=family_details or "",
                financial_extras=bool(money or (money_details or "").strip()), financial_details=money_details or "",
            )
            return _with_text(handlers.add_benefits(text, state, base, offer))

        add_benefits_btn.click(
            on_benefits,
            [draft, session, b_pension, b_pension_pct, b_pension_scheme, b_leave, b_leave_days, b_leave_rising,
             b_leave_bank, b_flex, b_flex_pattern, b_flex_details, b_learn, b_learn_budget, b_learn_details,
             b_health, b_health_details, b_family, b_family_details, b_money, b_money_details],
            text_outputs, api_visibility="private", **scoring, **raw_out,
        )

        def on_career(text, state, roles, timeline, training, quals, framework):
            return _with_text(handlers.add_career_path(
                text, state, base, next_roles=roles or "", timeline=timeline or "",
                training=training or "", qualifications=quals or "", framework=framework or ""))

        add_career_btn.click(on_career, [draft, session, c_roles, c_timeline, c_training, c_quals, c_framework],
                             text_outputs, api_visibility="private", **scoring, **raw_out)

        def on_posts(text, state, url):
            posts = handlers.channel_posts(text, state, base, url)
            return posts.linkedin, posts.linkedin_meta, posts.x, posts.x_meta, posts.notice

        posts_outputs = [linkedin, linkedin_meta, x_post, x_meta, posts_notice]
        posts_btn.click(on_posts, [draft, session, link], posts_outputs, api_name="posts", **scoring, **raw)
        channels_tab.select(on_posts, [draft, session, link], posts_outputs, api_visibility="private",
                            **scoring, **raw)

        for fmt, button in export_buttons.items():
            def on_export(text, state, fmt=fmt):
                path, message = handlers.export_file(fmt, text, state, base)
                return (path if path else gr.skip()), message

            button.click(on_export, [draft, session], [download, export_notice],
                         api_visibility="private", concurrency_limit=4)

    return demo
