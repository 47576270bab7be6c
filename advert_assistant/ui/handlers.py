"""What the web page does, as plain functions over the library (tested without a server).

Every handler takes the page's values and a :class:`Session` (the per-visitor state kept
in ``gr.State``) and returns a :class:`View`: the HTML and choices to show and the new
session. A field left as :data:`KEEP` means "leave that part of the page as it is"; in
particular the recruiter's draft is only ever replaced by a handler that changes it on
purpose (accepting fixes, adding a section, loading a file or an example), never on an
error. Bad input becomes a one-line message in the page, never a stack trace.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import json
import logging
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from .. import assess
from ..config import Config
from ..errors import AdvertAssistantError, EmptyTextError, InputError, TextTooLargeError
from ..limits import MAX_CHARS, MAX_FILE_BYTES
from ..types import Finding, Report
from . import builders, channels, export, render

log = logging.getLogger(__name__)

#: "Leave this part of the page unchanged."
KEEP: Any = None

EXAMPLES_DIR = Path(__file__).with_name("examples")
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
#: A new draft that shares less than this with the starting point starts a new before/after.
NEW_DRAFT_SIMILARITY = 0.6


@dataclass(frozen=True)
class Session:
    """One visitor's state: what they ignored, the last report and the starting point."""

    ignored: tuple[str, ...] = ()            # words and phrases allowed for this session
    hidden: tuple[tuple[str, str], ...] = ()  # (rule id, text) of findings ignored one by one
    disabled: tuple[str, ...] = ()           # rules ignored (findings about missing content)
    report: Report | None = None
    source: str | None = None                # the draft text the report was made from
    baseline: str = ""                       # the starting point of the before/after view
    baseline_overall: int | None = None

    def config(self, base: Config) -> Config:
        cfg = base.with_allowed(*self.ignored) if self.ignored else base
        if self.disabled:
            cfg = replace(cfg, disable=tuple(dict.fromkeys(cfg.disable + self.disabled)))
        return cfg


@dataclass
class View:
    """What a handler changes on the page; :data:`KEEP` fields stay as they are."""

    notice: str | None = KEEP
    scores: str | None = KEEP
    highlights: str | None = KEEP
    fixes: str | None = KEEP
    fix_choices: list[tuple[str, str]] | None = KEEP
    checklists: str | None = KEEP
    diff: str | None = KEEP
    session: Session | None = KEEP
    text: str | None = KEEP                 # the draft, only when a handler changes it
    ms: float | None = None                 # server time of the assessment


def examples() -> dict[str, str]:
    """Built-in example drafts: display name -> file path."""
    out = {}
    for path in sorted(EXAMPLES_DIR.glob("*.txt")):
        first = path.read_text(encoding="utf-8").strip().splitlines()[0].strip()
        out[first] = str(path)
    return out


# ------------------------------------------------------------------ assessment

def _message_for(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, EmptyTextError):
        return "Paste an advert, upload a file or choose an example: there is no text to read yet.", "info"
    if isinstance(exc, TextTooLargeError):
        return (f"This text is too long to be one advert ({exc}). Paste the advert itself: "
                f"up to {MAX_CHARS:,} characters.", "error")
    if isinstance(exc, AdvertAssistantError):
        return _sentence(str(exc)) or "This text cannot be assessed.", "error"
    return "Something went wrong while reading this advert. Your text is kept; please try again.", "error"


def _sentence(message: str) -> str:
    """Capitalise a library message unless it starts with a file name ("advert.docx: ...")."""
    first = message.split(" ", 1)[0]
    return message[:1].upper() + message[1:] if first.isalpha() else message


def _visible(report: Report, session: Session) -> Report:
    """The report without findings the recruiter ignored one by one."""
    if not session.hidden:
        return report
    hidden = {(rid, " ".join(t.lower().split())) for rid, t in session.hidden}
    kept = tuple(f for f in report.findings if (f.rule_id, " ".join(f.text.lower().split())) not in hidden)
    return replace(report, findings=kept) if len(kept) != len(report.findings) else report


# ------------------------------------------------------------------ scoring workers
#
# The engine is CPU-bound Python, so one process scores one advert at a time whatever
# the number of threads. The served page therefore scores in a small pool of worker
# processes (``start_workers``), one per core; without a pool (tests, library use)
# ``assess`` runs in this process.

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_ready: Any = None          # a semaphore each worker releases once it has warmed up
_ready_count = 0


def _worker_init(config: Config | None, ready: Any = None) -> None:
    logging.basicConfig(level=logging.WARNING)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True).start()
    warm_up(config)
    if ready is not None:
        ready.release()


def warm_up(config: Config | None = None) -> None:
    """Load the engine and run a full-length example through it, so that every code path
    a real advert takes (not only the engine's short warm-up text) is ready."""
    from .. import assess as _assess_here
    from ..engine import warm_up as engine_warm_up

    engine_warm_up(config)
    for path in list(examples().values())[:2]:
        _assess_here(Path(path).read_text(encoding="utf-8"), config=config)


def _exit_with_parent(parent: int) -> None:
    """A worker outlives nothing: when the page's process is gone, the worker ends too."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _worker_assess(text: str, config: Config) -> Report:
    from .. import assess as _assess_in_worker

    return _assess_in_worker(text, config=config)


def start_workers(n: int, config: Config | None = None) -> int:
    """Score in ``n`` worker processes (each loads the engine once); 0 scores in-process.

    Returns the number of workers started; :func:`wait_for_workers` waits until every
    one has warmed up. Workers are spawned, not forked, so they are safe to start from
    a process that already runs threads.
    """
    global _pool, _ready, _ready_count
    stop_workers()
    if n <= 0:
        return 0
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Semaphore(0)
    pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_worker_init, initargs=(config, ready))
    # one task per worker so that every worker starts and warms up now, not on first use
    for _ in range(n):
        pool.submit(_noop)
    with _pool_lock:
        _pool, _ready, _ready_count = pool, ready, n
    atexit.register(stop_workers)
    return n


def wait_for_workers(timeout: float) -> bool:
    """Wait until every worker started by :func:`start_workers` has loaded the engine and
    scored its warm-up examples; False when that took longer than ``timeout`` seconds."""
    with _pool_lock:
        ready, n = _ready, _ready_count
    deadline = time.monotonic() + timeout
    for _ in range(n):
        if not ready.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return False
    return True


def _noop() -> None:
    return None


def stop_workers() -> None:
    global _pool, _ready, _ready_count
    with _pool_lock:
        pool, _pool, _ready, _ready_count = _pool, None, None, 0
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _assess_uncached(text: str, config: Config) -> tuple[Report, float]:
    t0 = time.perf_counter()
    pool = _pool
    if pool is not None:
        try:
            report = pool.submit(_worker_assess, text, config).result()
            return report, (time.perf_counter() - t0) * 1000
        except BrokenProcessPool:
            log.error("a scoring worker died; scoring in the page's own process from now on")
            stop_workers()
            t0 = time.perf_counter()
    report = assess(text, config=config)
    return report, (time.perf_counter() - t0) * 1000


# ------------------------------------------------------------------ report cache
#
# One paste reaches the server as one event, but the same draft is often asked for again:
# "Score it" after the automatic re-score, "Start the before/after from this draft", the
# channel-versions tab, the JSON export, accepting a fix, and two of these at once. Each
# asks for the same text under the same settings, so each (text, settings) is assessed
# once; a request that arrives while that assessment is running waits for it instead of
# starting another.

#: Assessments kept for re-use, most recently used first.
REPORT_CACHE_SIZE = 64


def _config_key(config: Config) -> str:
    """Every setting of ``config``, as a string (two configs with the same key score alike)."""
    return json.dumps(dataclasses.asdict(config), sort_keys=True, default=str)


class ReportCache:
    """A small LRU of assessments keyed by (text, settings), shared by concurrent requests."""

    def __init__(self, size: int = REPORT_CACHE_SIZE):
        if size < 1:
            raise ValueError("the report cache needs room for at least one report")
        self.size = size
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], Future] = OrderedDict()

    def get(self, text: str, config: Config, compute: Callable[[], tuple[Report, float]]) -> tuple[Report, float]:
        """The cached (report, milliseconds the assessment took), computing it at most once."""
        key = (text, _config_key(config))
        with self._lock:
            future = self._entries.get(key)
            mine = future is None
            if mine:
                future = Future()
                self._entries[key] = future
                self.misses += 1
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            else:
                self._entries.move_to_end(key)
                self.hits += 1
        if not mine:
            return future.result()
        try:
            result = compute()
        except BaseException as exc:
            with self._lock:            # errors are not kept: the next request tries again
                if self._entries.get(key) is future:
                    del self._entries[key]
            future.set_exception(exc)
            raise
        future.set_result(result)
        return result

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


_reports = ReportCache()


def clear_report_cache() -> None:
    """Forget every kept assessment (tests; a changed engine)."""
    _reports.clear()


def report_cache() -> ReportCache:
    return _reports


def _assess(text: str, config: Config) -> tuple[Report, float]:
    """The report for ``text`` under ``config`` and the milliseconds its assessment took."""
    return _reports.get(text, config, lambda: _assess_uncached(text, config))


def score_text(text: str, session: Session, base: Config) -> tuple[Report, float]:
    """Assess ``text`` under the session's settings; returns the report and the milliseconds
    the assessment took (a draft assessed before is not assessed again)."""
    report, ms = _assess(text, session.config(base))
    return _visible(report, session), ms


def _diff_html(session: Session, report: Report) -> str:
    from .. import rewrite

    ops = rewrite.diff(session.baseline, report.text)
    return render.render_diff(ops, before=session.baseline_overall, after=int(report.overall))


def view_for(report: Report, session: Session, base: Config, *, ms: float | None = None, notice: str = "",
             kind: str = "info", text: str | None = KEEP, new_baseline: bool = False) -> View:
    """Everything the page shows for ``report``."""
    if new_baseline or not session.baseline or session.baseline_overall is None or (
        _similarity(session.baseline, report.text) < NEW_DRAFT_SIMILARITY
    ):
        session = replace(session, baseline=report.text, baseline_overall=int(report.overall))
    session = replace(session, report=report, source=text if text is not KEEP else session.source)
    fixes = report.ranked_fixes()
    if not notice and report.warnings:
        notice, kind = " ".join(report.warnings), "warning"
    words = report.stats.get("words") if isinstance(report.stats, Mapping) else None
    scores = render.render_scores(report)
    if ms is not None:
        what = f"{words:,} words" if isinstance(words, int) else "the advert"
        scores += f'<div class="aa-timing">Read {what} in {ms:.0f} ms.</div>'
    return View(
        notice=render.render_notice(notice, kind),
        scores=scores,
        highlights=render.render_highlights(report),
        fixes=render.render_fixes(fixes),
        fix_choices=render.fix_choices(fixes),
        checklists=render.render_checklists(report, required_benefits=base.require_benefits),
        diff=_diff_html(session, report),
        session=session,
        text=text,
        ms=ms,
    )


def _similarity(a: str, b: str) -> float:
    """How much of two drafts' vocabulary they share (0-1): linear, for every keystroke."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _error_view(exc: Exception, session: Session, *, clear: bool = False) -> View:
    message, kind = _message_for(exc)
    if not isinstance(exc, AdvertAssistantError):
        log.exception("web page handler failed")
    view = View(notice=render.render_notice(message, kind))
    if clear:
        view.scores = render.render_empty_scores()
        view.highlights = render.render_placeholder()
        view.fixes = render.render_fixes([])
        view.fix_choices = []
        view.checklists = ""
        view.session = replace(session, report=None, source=None)
    return view


def guarded(fn: Callable[..., View]) -> Callable[..., View]:
    """Turn any exception a handler raises into a message in the page."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> View:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the page must never show a traceback
            session = next((a for a in args if isinstance(a, Session)), Session())
            return _error_view(exc, session, clear=isinstance(exc, EmptyTextError))

    return wrapper


@guarded
def analyse(text: str | None, session: Session, base: Config) -> View:
    """Score the draft as it is (typing, pasting or the Score button)."""
    text = text or ""
    report, ms = score_text(text, session, base)
    view = view_for(report, session, base, ms=ms)
    view.session = replace(view.session, source=text)
    return view


# ------------------------------------------------------------------ fixes

def _current(text: str, session: Session, base: Config) -> Report:
    if session.report is not None and session.source == text:
        return session.report
    return score_text(text, session, base)[0]


def _by_key(report: Report, keys: Sequence[str]) -> list[Finding]:
    wanted = set(keys or ())
    return [f for f in report.findings if render.fix_key(f) in wanted]


def _apply(text: str, session: Session, base: Config, findings: list[Finding], report: Report,
           *, nothing: str) -> View:
    from .. import rewrite

    fixable = [f for f in findings if f.fixable and f.suggestions]
    if not fixable:
        msg = ("These are advice, not drop-in rewrites: edit the draft yourself, or use "
               "“Add what's missing”." if findings else nothing)
        return View(notice=render.render_notice(msg, "info"))
    result = rewrite.apply_findings(report.text, fixable)
    before = int(report.overall)
    new_report, ms = score_text(result.text, session, base)
    applied = len(result.edits)
    skipped = len(findings) - applied
    msg = f"Accepted {applied} fix{'es' if applied != 1 else ''}: score {before} → {int(new_report.overall)}."
    if skipped:
        msg += f" {skipped} {'were' if skipped != 1 else 'was'} advice or overlapped another fix, and {'were' if skipped != 1 else 'was'} left for you."
    view = view_for(new_report, session, base, ms=ms, notice=msg, text=result.text)
    view.session = replace(view.session, source=result.text)
    return view


@guarded
def accept_selected(text: str | None, keys: Sequence[str] | None, session: Session, base: Config) -> View:
    """Apply the chosen fixes to the draft."""
    text = text or ""
    report = _current(text, session, base)
    chosen = _by_key(report, keys or [])
    if keys and not chosen:
        view = analyse(text, session, base)
        view.notice = render.render_notice(
            "The draft changed since these fixes were listed; here is the new list: choose again.", "warning")
        return view
    return _apply(text, session, base, chosen, report,
                  nothing="Choose one or more fixes first, then press “Accept selected”.")


@guarded
def accept_all(text: str | None, session: Session, base: Config) -> View:
    """Apply every fix that has a drop-in rewrite."""
    text = text or ""
    report = _current(text, session, base)
    return _apply(text, session, base, list(report.findings), report,
                  nothing="There is nothing to fix: no findings in this draft.")


@guarded
def ignore_selected(text: str | None, keys: Sequence[str] | None, session: Session, base: Config) -> View:
    """Ignore the chosen findings for the rest of the session and score again."""
    text = text or ""
    report = _current(text, session, base)
    chosen = _by_key(report, keys or [])
    if not chosen:
        return View(notice=render.render_notice("Choose one or more fixes to ignore first.", "info"))
    ignored, hidden, disabled = list(session.ignored), list(session.hidden), list(session.disabled)
    names = []
    for f in chosen:
        if f.start < f.end:
            term = " ".join(f.text.split())
            if len(term.split()) <= 6:
                ignored.append(term)
            hidden.append((f.rule_id, term))
            names.append(f"“{render.clip(term, 40)}”")
        else:
            disabled.append(f.rule_id)
            names.append(f"“{render.clip(f.message, 50)}”")
    session = replace(session, ignored=tuple(dict.fromkeys(ignored)), hidden=tuple(dict.fromkeys(hidden)),
                      disabled=tuple(dict.fromkeys(disabled)), report=None, source=None)
    new_report, ms = score_text(text, session, base)
    view = view_for(new_report, session, base, ms=ms,
                    notice=f"Ignored for this session: {', '.join(names)}.")
    view.session = replace(view.session, source=text)
    return view


@guarded
def stop_ignoring(text: str | None, session: Session, base: Config) -> View:
    """Forget everything ignored in this session and score again."""
    session = replace(session, ignored=(), hidden=(), disabled=(), report=None, source=None)
    view = analyse(text, session, base)
    if view.session is not None:
        view.notice = render.render_notice("Nothing is ignored any more.", "info")
    return view


# ------------------------------------------------------------------ files and examples

def read_upload(path: str | os.PathLike[str]) -> str:
    """The text of an uploaded file, or :class:`InputError` with a one-line reason.

    Messages name the file by its own name, never by the server's temporary path.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(f"“{p.name}” is not a file type advert-assistant reads; "
                         f"use {', '.join(UPLOAD_SUFFIXES)}")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"“{p.name}” is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB")
    from .. import loaders

    try:
        return loaders.load_bytes(p.read_bytes(), p.name)
    except EmptyTextError as exc:  # about the file, not the draft: keep the page as it is
        raise InputError(str(exc)) from None
    except AdvertAssistantError:
        raise
    except Exception as exc:  # a reader library's own error on a damaged file
        raise InputError(f"“{p.name}” cannot be read: it looks damaged or is not really {suffix}") from exc


@guarded
def load_upload(path: str | None, session: Session, base: Config) -> View:
    """Read an uploaded file into the draft and score it; a bad file leaves the draft alone."""
    if not path:
        return View()
    name = Path(path).name
    text = read_upload(path)
    if not text.strip():
        raise InputError(f"“{name}” holds no text to read")
    report, ms = score_text(text, session, base)
    view = view_for(report, session, base, ms=ms, text=text, new_baseline=True,
                    notice=f"Loaded “{name}”.")
    view.session = replace(view.session, source=text)
    if report.warnings:
        view.notice = render.render_notice(f"Loaded “{name}”. " + " ".join(report.warnings), "warning")
    return view


@guarded
def load_example(name: str | None, session: Session, base: Config) -> View:
    """Put a built-in example draft into the page."""
    table = examples()
    if not name or name not in table:
        return View(notice=render.render_notice("Choose an example first.", "info"))
    text = Path(table[name]).read_text(encoding="utf-8")
    report, ms = score_text(text, session, base)
    view = view_for(report, session, base, ms=ms, text=text, new_baseline=True)
    view.session = replace(view.session, source=text)
    return view


@guarded
def restart_from_here(text: str | None, session: Session, base: Config) -> View:
    """Make the current draft the 'before' of the before/after view."""
    text = text or ""
    report, ms = score_text(text, session, base)
    view = view_for(report, session, base, ms=ms, new_baseline=True,
                    notice="The before/after view now starts from this draft.")
    view.session = replace(view.session, source=text)
    return view


# ------------------------------------------------------------------ builders

def _insert(text: str, section: str, session: Session, base: Config, what: str) -> View:
    anchor = None
    report = session.report if session.report is not None and session.source == text else None
    if report is not None:
        how = report.coverage.essentials.get("how_to_apply")
        if how and how.found and how.evidence:
            anchor = how.evidence[0].start
        text = report.text
    new_text = builders.insert_section(text, section, before=anchor)
    new_report, ms = score_text(new_text, session, base)
    before = int(report.overall) if report is not None else None
    msg = f"Added {what} to the draft" + (f": score {before} → {int(new_report.overall)}." if before is not None else ".")
    view = view_for(new_report, session, base, ms=ms, notice=msg, text=new_text)
    view.session = replace(view.session, source=new_text)
    return view


@guarded
def add_benefits(text: str | None, session: Session, base: Config, offer: builders.BenefitsOffer) -> View:
    """Write a 'What we offer' section from the benefits builder and insert it."""
    if not (text or "").strip():
        return View(notice=render.render_notice("Paste or load the advert first, then add benefits to it.", "info"))
    try:
        section = builders.benefits_section(offer)
    except builders.BuilderError as exc:
        return View(notice=render.render_notice(str(exc) + ".", "warning"))
    return _insert(text or "", section, session, base, "a “What we offer” section")


@guarded
def add_career_path(text: str | None, session: Session, base: Config, **fields: Any) -> View:
    """Write a 'Where this job can take you' section from the career-path builder and insert it."""
    if not (text or "").strip():
        return View(notice=render.render_notice("Paste or load the advert first, then add a career path to it.", "info"))
    try:
        section = builders.career_section(**fields)
    except builders.BuilderError as exc:
        return View(notice=render.render_notice(str(exc) + ".", "warning"))
    return _insert(text or "", section, session, base, "a career-path section")


# ------------------------------------------------------------------ channels and export

@dataclass
class Posts:
    linkedin: str = ""
    linkedin_meta: str = ""
    x: str = ""
    x_meta: str = ""
    notice: str = field(default_factory=render.render_notice)


def channel_posts(text: str | None, session: Session, base: Config, link: str = "") -> Posts:
    """A LinkedIn post and an X post built from the current draft, each scored."""
    link = (link or "").strip() or channels.PLACEHOLDER_LINK
    if not link.lower().startswith(("http://", "https://")):
        link = "https://" + link
    try:
        report = _current(text or "", session, base)
        linkedin = channels.linkedin_post(report, link=link)
        x = channels.x_post(report, link=link)
        cfg = session.config(base)
        li_report = _try_assess(linkedin, cfg)
        x_report = _try_assess(x, cfg)
    except Exception as exc:  # noqa: BLE001
        message, kind = _message_for(exc)
        if not isinstance(exc, AdvertAssistantError):
            log.exception("channel posts failed")
        return Posts(notice=render.render_notice(message, kind))
    return Posts(
        linkedin=linkedin,
        linkedin_meta=render.render_post_score(li_report, length=len(linkedin)),
        x=x,
        x_meta=render.render_post_score(x_report, length=channels.x_length(x), limit=channels.X_LIMIT),
    )


def _try_assess(text: str, cfg: Config) -> Report | None:
    try:
        return _assess(text, cfg)[0]
    except InputError:
        return None


def export_file(fmt: str, text: str | None, session: Session, base: Config) -> tuple[str | None, str]:
    """Write an export; returns (file path or None, notice HTML)."""
    try:
        if fmt == "json":
            report = _current(text or "", session, base)
            path = export.export("json", report=report)
        else:
            if not (text or "").strip():
                raise ValueError("there is no advert text to export")
            path = export.export(fmt, text=text or "")
    except (ValueError, AdvertAssistantError) as exc:
        message, _ = _message_for(exc) if isinstance(exc, AdvertAssistantError) else (_sentence(str(exc)), "info")
        return None, render.render_notice(message + ("" if message.endswith(".") else "."), "info")
    except Exception:  # noqa: BLE001
        log.exception("export failed")
        return None, render.render_notice("The export failed. Your text is kept; please try again.", "error")
    return str(path), render.render_notice(f"Ready: {path.name}", "info")
