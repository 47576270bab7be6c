"""HTML for the web page: scores, highlighted advert, legend, fixes, checklists, diff.

Pure functions from a :class:`~advert_assistant.types.Report` (or plain values) to HTML
strings. Every piece of advert text, finding message or evidence goes through
:func:`esc` before it reaches the page, so a draft holding ``<script>`` or an
``onerror=`` attribute shows as text and never runs.
"""

from __future__ import annotations

import html
from typing import Iterable, Mapping, Sequence

from ..types import (
    BENEFIT_CATEGORIES,
    CAREER_ELEMENTS,
    DIMENSIONS,
    ESSENTIALS,
    Evidence,
    Finding,
    Report,
    SentenceLabel,
)

DIMENSION_LABELS: Mapping[str, str] = {
    "jargon": "Jargon",
    "clarity": "Clarity",
    "career_path": "Career path",
    "benefits": "Benefits",
    "inclusivity": "Inclusive language",
    "essentials": "Essentials",
}

#: (background tint, strong colour) per dimension; the tint keeps dark text readable.
DIMENSION_COLOURS: Mapping[str, tuple[str, str]] = {
    "jargon": ("#fde68a", "#92400e"),
    "clarity": ("#bfdbfe", "#1d4ed8"),
    "career_path": ("#ddd6fe", "#6d28d9"),
    "benefits": ("#bbf7d0", "#15803d"),
    "inclusivity": ("#fbcfe8", "#be185d"),
    "essentials": ("#fecaca", "#b91c1c"),
}

BENEFIT_LABELS: Mapping[str, str] = {
    "pension": "Pension",
    "annual_leave": "Annual leave",
    "flexible_working": "Flexible working",
    "learning_development": "Learning and development",
    "health_wellbeing": "Health and wellbeing",
    "family_friendly": "Family-friendly policies",
    "financial_extras": "Financial extras",
}

CAREER_LABELS: Mapping[str, str] = {
    "route": "A named route or pathway",
    "next_role": "The next role or grade",
    "timeline": "When (a typical timeline)",
    "programme": "A structured programme",
    "qualification": "A funded qualification",
    "framework": "A named career framework",
}

ESSENTIAL_LABELS: Mapping[str, str] = {
    "salary": "Salary (a figure or range)",
    "location": "Location",
    "working_pattern": "Hours or working pattern",
    "closing_date": "Closing date",
    "how_to_apply": "How to apply",
}

CAREER_LEVELS: Mapping[int, str] = {
    0: "Nothing about where the job leads",
    1: "A generic mention only",
    2: "Specific",
}

#: At most this many fixes are listed; the rest are summarised in one line.
MAX_FIXES_SHOWN = 40
#: Evidence and excerpts longer than this are cut with an ellipsis.
MAX_EXCERPT = 220


def esc(value: object) -> str:
    """HTML-escape any value for text or a double-quoted attribute."""
    return html.escape(str(value), quote=True)


def clip(text: str, limit: int = MAX_EXCERPT) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    one_line = " ".join(text.split())
    if len(one_line) <= limit:
        return one_line
    cut = one_line[: limit - 1].rsplit(" ", 1)[0]
    return (cut or one_line[: limit - 1]) + "…"


def band(score: int | float) -> str:
    """A word for a 0-100 score."""
    if score >= 80:
        return "Good"
    if score >= 60:
        return "Fair"
    return "Needs work"


def _band_class(score: int | float) -> str:
    return {"Good": "good", "Fair": "fair"}.get(band(score), "poor")


# --------------------------------------------------------------------------- scores

def _ring(score: int, size: int = 112, stroke: int = 11) -> str:
    radius = (size - stroke) / 2
    circumference = 2 * 3.141592653589793 * radius
    shown = max(0, min(100, int(score)))
    dash = circumference * shown / 100
    centre = size / 2
    return (
        f'<svg class="aa-ring aa-{_band_class(shown)}" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="Overall score {shown} out of 100">'
        f'<circle cx="{centre}" cy="{centre}" r="{radius:.1f}" class="aa-ring-track" '
        f'stroke-width="{stroke}" fill="none"/>'
        f'<circle cx="{centre}" cy="{centre}" r="{radius:.1f}" class="aa-ring-value" '
        f'stroke-width="{stroke}" fill="none" stroke-linecap="round" '
        f'stroke-dasharray="{dash:.1f} {circumference:.1f}" '
        f'transform="rotate(-90 {centre} {centre})"/>'
        f'<text x="50%" y="50%" text-anchor="middle" dominant-baseline="central" '
        f'class="aa-ring-text">{shown}</text></svg>'
    )


def _delta(now: int, before: int | None) -> str:
    if before is None or before == now:
        return ""
    sign = "+" if now > before else "−"
    cls = "up" if now > before else "down"
    return f' <span class="aa-delta aa-{cls}">{sign}{abs(now - before)}</span>'


def render_scores(report: Report, *, before: Report | None = None) -> str:
    """The overall score as a ring and the six dimension scores as bars."""
    overall = int(report.overall)
    prev_overall = int(before.overall) if before is not None else None
    counts = {d: 0 for d in DIMENSIONS}
    for f in report.findings:
        if f.dimension in counts:
            counts[f.dimension] += 1
    rows = []
    for dim in DIMENSIONS:
        score = int(report.scores.get(dim, 0))
        prev = int(before.scores.get(dim, 0)) if before is not None else None
        strong = DIMENSION_COLOURS[dim][1]
        n = counts[dim]
        rows.append(
            f'<div class="aa-bar-row" data-dimension="{dim}" data-score="{score}">'
            f'<span class="aa-bar-label">{esc(DIMENSION_LABELS[dim])}</span>'
            f'<span class="aa-bar" role="meter" aria-valuemin="0" aria-valuemax="100" '
            f'aria-valuenow="{score}" aria-label="{esc(DIMENSION_LABELS[dim])} score">'
            f'<span class="aa-bar-fill" style="width:{max(0, min(100, score))}%;background:{strong}"></span>'
            f'</span>'
            f'<span class="aa-bar-value">{score}{_delta(score, prev)}</span>'
            f'<span class="aa-bar-count">{n} finding{"" if n == 1 else "s"}</span>'
            f'</div>'
        )
    return (
        f'<div class="aa-scores" data-overall="{overall}">'
        f'<div class="aa-overall">{_ring(overall)}'
        f'<div class="aa-overall-text"><div class="aa-overall-title">Overall</div>'
        f'<div class="aa-overall-band aa-{_band_class(overall)}">{band(overall)}{_delta(overall, prev_overall)}</div>'
        f'<div class="aa-overall-note">out of 100</div></div></div>'
        f'<div class="aa-bars">{"".join(rows)}</div></div>'
    )


def render_empty_scores() -> str:
    return ('<div class="aa-scores aa-empty" data-overall="">'
            '<p>Scores appear here once there is an advert to read.</p></div>')


# --------------------------------------------------------------------- highlights

def _valid_span(report: Report, f: Finding) -> bool:
    return 0 <= f.start < f.end <= len(report.text)


def render_legend(report: Report | None = None) -> str:
    """Six colour swatches, one per dimension, with how many findings each has."""
    counts = {d: 0 for d in DIMENSIONS}
    if report is not None:
        for f in report.findings:
            if f.dimension in counts:
                counts[f.dimension] += 1
    items = []
    for dim in DIMENSIONS:
        tint, strong = DIMENSION_COLOURS[dim]
        count = f" ({counts[dim]})" if report is not None else ""
        items.append(
            f'<span class="aa-legend-item" data-dimension="{dim}">'
            f'<span class="aa-swatch" style="background:{tint};border-color:{strong}"></span>'
            f'{esc(DIMENSION_LABELS[dim])}{count}</span>'
        )
    return f'<div class="aa-legend" aria-label="Colour key">{"".join(items)}</div>'


def render_highlights(report: Report) -> str:
    """The advert text with every finding marked in place, one colour per dimension.

    Overlapping findings are split into segments; a segment covered by several
    findings takes the colour of the costliest one and lists every message in its
    tooltip. Findings about missing content (empty spans) are listed under the text.
    """
    text = report.text
    spans = [f for f in report.findings if _valid_span(report, f)]
    missing = [f for f in report.findings if f.start == f.end]
    bounds = sorted({0, len(text), *(f.start for f in spans), *(f.end for f in spans)})
    starts: dict[int, list[Finding]] = {}
    for f in spans:
        starts.setdefault(f.start, []).append(f)
    active: list[Finding] = []
    parts: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        active = [f for f in active if f.end > a] + starts.get(a, [])
        chunk = esc(text[a:b])
        if not active:
            parts.append(chunk)
            continue
        primary = max(active, key=lambda f: (f.points, f.impact, -f.start))
        dims = sorted({f.dimension for f in active}, key=_dim_order)
        title = " | ".join(dict.fromkeys(f.message for f in active))
        classes = f"aa-hl dim-{primary.dimension}" + (" aa-multi" if len(dims) > 1 else "")
        parts.append(
            f'<mark class="{classes}" data-dimensions="{" ".join(dims)}" '
            f'data-rules="{esc(" ".join(dict.fromkeys(f.rule_id for f in active)))}" '
            f'title="{esc(title)}">{chunk}</mark>'
        )
    body = "".join(parts)
    notes = ""
    if missing:
        items = "".join(
            f'<li class="dim-{f.dimension}"><span class="aa-dot dim-{f.dimension}"></span>'
            f'{esc(f.message)}</li>'
            for f in sorted(missing, key=lambda f: (-f.impact, f.rule_id))
        )
        notes = f'<div class="aa-missing-list"><strong>Missing from the advert</strong><ul>{items}</ul></div>'
    return (
        f'{render_legend(report)}'
        f'<div class="aa-advert" data-findings="{len(spans)}">{body}</div>{notes}'
    )


def _dim_order(dim: str) -> int:
    return DIMENSIONS.index(dim) if dim in DIMENSIONS else len(DIMENSIONS)


def render_placeholder(message: str = "Paste or upload an advert to see where it loses candidates.") -> str:
    return f'{render_legend()}<div class="aa-advert aa-empty">{esc(message)}</div>'


# ---------------------------------------------------------------------------- fixes

def fix_key(f: Finding) -> str:
    """A key that names one finding of one report (used by the fix chooser)."""
    return f"{f.rule_id}@{f.start}-{f.end}"


def _suggestion_line(f: Finding) -> str:
    if f.fixable and f.suggestions:
        if f.start == f.end:
            return f"add “{f.suggestions[0]}”"
        return f"“{f.text}” → “{f.suggestions[0]}”"
    return f"{f.message} (advice)"


def fix_label(rank: int, f: Finding) -> str:
    """A one-line plain-text label for the fix chooser (Gradio shows it as text)."""
    return clip(
        f"{rank}. +{f.impact:.1f} · {DIMENSION_LABELS.get(f.dimension, f.dimension)} · {_suggestion_line(f)}",
        150,
    )


def fix_choices(fixes: Sequence[Finding]) -> list[tuple[str, str]]:
    """(label, key) pairs for a CheckboxGroup, in ranked order."""
    return [(fix_label(i, f), fix_key(f)) for i, f in enumerate(fixes[:MAX_FIXES_SHOWN], 1)]


def render_fixes(fixes: Sequence[Finding]) -> str:
    """Ranked fixes: impact, dimension, message, why it matters and the suggested rewrite."""
    if not fixes:
        return '<div class="aa-fixes aa-empty"><p>No fixes to suggest.</p></div>'
    items = []
    for i, f in enumerate(fixes[:MAX_FIXES_SHOWN], 1):
        if f.fixable and f.suggestions:
            alternatives = ""
            if len(f.suggestions) > 1:
                alternatives = (' <span class="aa-alt">or: '
                                + ", ".join(f"“{esc(s)}”" for s in f.suggestions[1:4]) + "</span>")
            if f.start < f.end:
                rewrite = (f'<div class="aa-rewrite"><del>{esc(clip(f.text, 120))}</del> → '
                           f'<ins>{esc(f.suggestions[0])}</ins>{alternatives}</div>')
            else:
                rewrite = f'<div class="aa-rewrite">Add: <ins>{esc(f.suggestions[0])}</ins>{alternatives}</div>'
        elif f.suggestions:
            rewrite = '<div class="aa-advice">' + " ".join(esc(s) for s in f.suggestions[:3]) + "</div>"
        else:
            rewrite = ""
        quote = (f'<div class="aa-quote">“{esc(clip(f.text, 160))}”</div>'
                 if f.start < f.end and not f.fixable else "")
        link = (f' <a href="{esc(f.link)}" target="_blank" rel="noopener noreferrer">More</a>'
                if f.link and f.link.startswith(("https://", "http://")) else "")
        items.append(
            f'<li class="aa-fix dim-{esc(f.dimension)}" data-key="{esc(fix_key(f))}" '
            f'data-fixable="{"true" if f.fixable else "false"}">'
            f'<div class="aa-fix-head"><span class="aa-rank">{i}</span>'
            f'<span class="aa-impact">+{f.impact:.1f}</span>'
            f'<span class="aa-chip dim-{esc(f.dimension)}">{esc(DIMENSION_LABELS.get(f.dimension, f.dimension))}</span>'
            f'<span class="aa-message">{esc(f.message)}</span></div>'
            f'{quote}{rewrite}'
            f'<details><summary>Why it matters</summary><p>{esc(f.why)}{link}</p></details>'
            f'</li>'
        )
    more = ""
    if len(fixes) > MAX_FIXES_SHOWN:
        more = f'<p class="aa-more">and {len(fixes) - MAX_FIXES_SHOWN} smaller ones.</p>'
    return f'<ol class="aa-fixes">{"".join(items)}</ol>{more}'


# ----------------------------------------------------------------------- checklists

def sentence_around(text: str, sentences: Sequence[SentenceLabel], start: int, end: int) -> str:
    """The sentence (or bullet) of ``text`` holding ``start:end``."""
    for s in sentences:
        if s.start <= start < s.end or (start == end == s.end):
            return text[s.start:max(s.end, end)]
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "! ", "? ")))
    left = 0 if left < 0 else left + 1
    right_candidates = [i for i in (text.find("\n", end), *(text.find(p, end) for p in (". ", "! ", "? "))) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left:right]


def _evidence_html(report: Report, evidence: Iterable[Evidence]) -> str:
    ev = list(evidence)
    if not ev:
        return ""
    first = ev[0]
    sentence = sentence_around(report.text, report.sentences, first.start, first.end)
    return f'<div class="aa-evidence">“{esc(clip(sentence))}”</div>'


def _check_row(found: bool, label: str, evidence_html: str, *, note: str = "", key: str = "") -> str:
    mark = "✓" if found else "✗"
    state = "present" if found else "missing"
    note_html = f' <span class="aa-note">{esc(note)}</span>' if note else ""
    return (f'<li class="aa-check aa-{state}" data-key="{esc(key)}" data-state="{state}">'
            f'<span class="aa-mark" aria-hidden="true">{mark}</span>'
            f'<span class="aa-check-label">{esc(label)}<span class="aa-sr"> ({state})</span>{note_html}</span>'
            f'{evidence_html}</li>')


def render_checklists(report: Report, *, required_benefits: Sequence[str] = BENEFIT_CATEGORIES) -> str:
    """Benefit categories, career-path elements and essentials: present or missing, with evidence."""
    cov = report.coverage
    benefit_rows = []
    for cat in BENEFIT_CATEGORIES:
        cc = cov.benefits.get(cat)
        found = bool(cc and cc.found)
        note = "" if found or cat in required_benefits else "not required"
        benefit_rows.append(_check_row(found, BENEFIT_LABELS[cat],
                                       _evidence_html(report, cc.evidence) if cc else "", note=note, key=cat))
    cp = cov.career_path
    career_rows = []
    for el in CAREER_ELEMENTS:
        found = el in cp.elements
        career_rows.append(_check_row(found, CAREER_LABELS[el], "", key=el))
    career_evidence = _evidence_html(report, cp.evidence)
    essential_rows = []
    for key in ESSENTIALS:
        cc = cov.essentials.get(key)
        found = bool(cc and cc.found)
        essential_rows.append(_check_row(found, ESSENTIAL_LABELS[key],
                                         _evidence_html(report, cc.evidence) if cc else "", key=key))
    n_benefits = sum(1 for c in BENEFIT_CATEGORIES if cov.benefits.get(c) and cov.benefits[c].found)
    n_essentials = sum(1 for c in ESSENTIALS if cov.essentials.get(c) and cov.essentials[c].found)
    level = CAREER_LEVELS.get(cp.level, str(cp.level))
    return (
        '<div class="aa-checklists">'
        f'<section class="aa-checklist" data-list="benefits"><h4>Benefits: {n_benefits} of {len(BENEFIT_CATEGORIES)}</h4>'
        f'<ul>{"".join(benefit_rows)}</ul></section>'
        f'<section class="aa-checklist" data-list="career_path" data-level="{cp.level}">'
        f'<h4>Career path: {esc(level)}</h4>{career_evidence}<ul>{"".join(career_rows)}</ul></section>'
        f'<section class="aa-checklist" data-list="essentials"><h4>Essentials: {n_essentials} of {len(ESSENTIALS)}</h4>'
        f'<ul>{"".join(essential_rows)}</ul></section>'
        '</div>'
    )


# ---------------------------------------------------------------------------- diff

_OPS = {
    "equal": "equal", "=": "equal", " ": "equal", 0: "equal",
    "insert": "insert", "+": "insert", 1: "insert", "add": "insert",
    "delete": "delete", "-": "delete", -1: "delete", "remove": "delete",
}


def render_diff(ops: Sequence[tuple[object, str]], *, before: int | None = None,
                after: int | None = None) -> str:
    """A before/after view: deletions struck through, insertions underlined, both scores."""
    parts = []
    changes = 0          # a run of deletions and insertions between unchanged text is one change
    in_change = False
    for op, chunk in ops:
        kind = _OPS.get(op, "equal") if not isinstance(op, str) else _OPS.get(op.lower(), _OPS.get(op, "equal"))
        if kind in ("insert", "delete"):
            changes += 0 if in_change else 1
            in_change = True
            tag = "ins" if kind == "insert" else "del"
            parts.append(f'<{tag} class="aa-{tag}">{esc(chunk)}</{tag}>')
        else:
            in_change = False
            parts.append(esc(chunk))
    scores = ""
    if before is not None and after is not None:
        scores = (f'<div class="aa-diff-scores" data-before="{before}" data-after="{after}">'
                  f'Before: <strong>{before}</strong> → After: <strong>{after}</strong>'
                  f'{_delta(after, before)}</div>')
    summary = ("No changes yet: accept fixes or edit the draft, and the changes show here."
               if changes == 0 else f"{changes} change{'s' if changes != 1 else ''}.")
    return (f'<div class="aa-diff">{scores}<p class="aa-diff-summary">{esc(summary)}</p>'
            f'<div class="aa-advert aa-diff-text">{"".join(parts)}</div></div>')


# --------------------------------------------------------------------------- notices

def render_notice(message: str = "", kind: str = "info") -> str:
    """A one-line message for the recruiter (info, warning or error); empty when none."""
    if not message:
        return '<div class="aa-notice aa-none"></div>'
    kind = kind if kind in ("info", "warning", "error") else "info"
    role = "alert" if kind == "error" else "status"
    return f'<div class="aa-notice aa-{kind}" role="{role}">{esc(message)}</div>'


def render_post_score(report: Report | None, *, length: int | None = None, limit: int | None = None) -> str:
    """The score line under a channel post."""
    bits = []
    if report is not None:
        bits.append(f'Score: <strong class="aa-post-score" data-score="{int(report.overall)}">'
                    f'{int(report.overall)}</strong> ({esc(band(report.overall))})')
    if length is not None:
        over = limit is not None and length > limit
        cls = "aa-over" if over else "aa-ok"
        lim = f" of {limit}" if limit is not None else ""
        bits.append(f'<span class="aa-length {cls}" data-length="{length}">{length}{lim} characters</span>')
    return f'<div class="aa-post-meta">{" · ".join(bits)}</div>'


CSS = """
.aa-notice{padding:.55rem .8rem;border-radius:6px;margin:.2rem 0;font-size:.95rem}
.aa-notice.aa-none{display:none}
.aa-notice.aa-info{background:#eff6ff;border:1px solid #93c5fd;color:#1e3a8a}
.aa-notice.aa-warning{background:#fffbeb;border:1px solid #f59e0b;color:#78350f}
.aa-notice.aa-error{background:#fef2f2;border:1px solid #f87171;color:#7f1d1d}
.aa-scores{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.aa-scores.aa-empty p{color:#6b7280}
.aa-overall{display:flex;align-items:center;gap:.7rem}
.aa-ring-track{stroke:#e5e7eb}
.aa-ring.aa-good .aa-ring-value{stroke:#15803d}
.aa-ring.aa-fair .aa-ring-value{stroke:#b45309}
.aa-ring.aa-poor .aa-ring-value{stroke:#b91c1c}
.aa-ring-text{font-size:30px;font-weight:700;fill:currentColor}
.aa-overall-title{font-weight:700;font-size:1.05rem}
.aa-overall-band.aa-good{color:#15803d}.aa-overall-band.aa-fair{color:#b45309}.aa-overall-band.aa-poor{color:#b91c1c}
.aa-overall-note{color:#6b7280;font-size:.85rem}
.aa-bars{flex:1 1 100%;min-width:240px}
.aa-bar-row{display:grid;grid-template-columns:9rem minmax(4rem,1fr) 3.2rem 4.8rem;align-items:center;gap:.45rem;margin:.22rem 0;font-size:.92rem}
.aa-bar{height:.7rem;background:#e5e7eb;border-radius:999px;overflow:hidden;display:block}
.aa-bar-fill{display:block;height:100%;border-radius:999px}
.aa-bar-value{font-weight:700;text-align:right}
.aa-bar-count{color:#6b7280;font-size:.8rem}
.aa-delta{font-size:.8rem;font-weight:600;margin-left:.15rem}
.aa-delta.aa-up{color:#15803d}.aa-delta.aa-down{color:#b91c1c}
.aa-legend{display:flex;flex-wrap:wrap;gap:.35rem .9rem;margin:.2rem 0 .5rem;font-size:.88rem}
.aa-legend-item{display:inline-flex;align-items:center;gap:.3rem}
.aa-swatch{display:inline-block;width:.95rem;height:.95rem;border-radius:3px;border-bottom:3px solid}
.aa-advert{white-space:pre-wrap;word-wrap:break-word;line-height:1.65;padding:.8rem;border:1px solid #e5e7eb;border-radius:8px;max-height:40rem;overflow:auto;background:#fff;color:#111827}
.aa-advert.aa-empty{color:#6b7280}
mark.aa-hl{color:inherit;border-radius:2px;padding:0 1px;cursor:help}
.aa-multi{outline:1px dashed #374151}
""" + "".join(
    f"mark.aa-hl.dim-{d}{{background:{t};border-bottom:2px solid {s}}}"
    f".aa-chip.dim-{d}{{background:{t};color:{s}}}"
    f".aa-dot.dim-{d}{{background:{s}}}"
    f"li.aa-fix.dim-{d}{{border-left:4px solid {s}}}"
    for d, (t, s) in DIMENSION_COLOURS.items()
) + """
.aa-dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;margin-right:.4rem}
.aa-missing-list{margin-top:.6rem;font-size:.92rem}.aa-missing-list ul{margin:.2rem 0 0 .2rem;list-style:none;padding:0}
.aa-fixes{list-style:none;padding:0;margin:0;max-height:36rem;overflow:auto}
.aa-fix{padding:.45rem .6rem;margin:0 0 .45rem;border:1px solid #e5e7eb;border-radius:6px;background:#fff;color:#111827}
.aa-fix-head{display:flex;flex-wrap:wrap;gap:.4rem;align-items:baseline}
.aa-rank{font-weight:700;color:#374151}
.aa-impact{font-weight:700;color:#15803d;font-size:.85rem}
.aa-chip{font-size:.75rem;padding:0 .4rem;border-radius:999px;font-weight:600}
.aa-message{flex:1 1 12rem}
.aa-rewrite,.aa-advice,.aa-quote{margin:.25rem 0 .1rem;font-size:.92rem}
.aa-rewrite del,.aa-del{background:#fee2e2;color:#7f1d1d;text-decoration:line-through}
.aa-rewrite ins,.aa-ins{background:#dcfce7;color:#14532d;text-decoration:underline}
.aa-alt{color:#6b7280;font-size:.85rem}
del.aa-del{margin-right:.15rem}
.aa-advice{color:#374151}.aa-quote{color:#4b5563;font-style:italic}
.aa-fix details summary{cursor:pointer;color:#4b5563;font-size:.85rem}
.aa-checklists{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
.aa-checklist ul{list-style:none;padding:0;margin:0}
.aa-check{margin:.25rem 0}
.aa-mark{display:inline-block;width:1.3rem;font-weight:700}
.aa-present .aa-mark{color:#15803d}.aa-missing .aa-mark{color:#b91c1c}
.aa-note{color:#6b7280;font-size:.82rem}
.aa-evidence{margin:.1rem 0 .2rem 1.3rem;color:#4b5563;font-size:.85rem;font-style:italic}
.aa-sr{position:absolute;left:-9999px}
.aa-diff-scores{font-size:1.05rem;margin-bottom:.3rem}
.aa-diff-summary{color:#4b5563;margin:.2rem 0}
.aa-post-meta{font-size:.92rem;color:#374151}
.aa-length.aa-over{color:#b91c1c;font-weight:700}
.aa-more{color:#6b7280}
"""
