"""A one-file HTML report of a batch output: where an organisation's adverts fall short.

:func:`summarise` reads the output (CSV, JSON Lines or Parquet) one row at a time and
keeps only running totals, so it works on any size of output; :func:`render_html`
draws the summary as a self-contained page (inline CSS and SVG: no scripts, no fonts,
no network), and :func:`build_report` does both. Every piece of text from the adverts
is escaped.
"""

from __future__ import annotations

import collections
import csv
import heapq
import html
import io
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..types import BENEFIT_CATEGORIES, DIMENSIONS, ESSENTIALS
from .readers import BatchInputError
from .rows import COLUMN_TYPES, ROW_COLUMNS
from .writers import output_format

PERIODS = ("month", "quarter", "year")
_TOP_ITEM = re.compile(r"^\s*([a-z_]+\.[a-z0-9_.-]+):\s*(.*?)\s*$")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
MAX_GROUPS_SHOWN = 40
TOP_TERMS = 20


# --------------------------------------------------------------------------- reading outputs

def _typed(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row (all strings) with the result columns turned back into numbers and booleans."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        kind = COLUMN_TYPES.get(k, "str")
        if v is None or v == "":
            out[k] = None
        elif kind == "int":
            try:
                out[k] = int(float(v))
            except ValueError:
                out[k] = None
        elif kind == "float":
            try:
                out[k] = float(v)
            except ValueError:
                out[k] = None
        elif kind == "bool":
            out[k] = v.strip().lower() in ("true", "1", "yes")
        else:
            out[k] = v
    return out


def read_rows(path: str | Path) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """(columns, rows) of a batch output or findings file, streamed."""
    p = Path(path)
    if not p.exists():
        raise BatchInputError(f"{p}: no such file")
    fmt = output_format(p)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(p)
        except Exception as exc:
            raise BatchInputError(f"{p}: not a readable Parquet file: {exc}") from None
        columns = list(pf.schema_arrow.names)

        def parquet_rows() -> Iterator[dict[str, Any]]:
            for batch in pf.iter_batches(batch_size=2048):
                yield from batch.to_pylist()

        return columns, parquet_rows()
    if fmt == "csv":
        with open(p, encoding="utf-8", newline="") as fh:
            columns = next(csv.reader(fh), [])

        def csv_rows() -> Iterator[dict[str, Any]]:
            with open(p, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    yield _typed(row)

        return columns, csv_rows()
    with open(p, "rb") as fh:
        first = fh.readline()
    try:
        columns = list(json.loads(first)) if first.strip() else []
    except ValueError:
        raise BatchInputError(f"{p}: line 1 is not JSON; is this a batch output?") from None

    def jsonl_rows() -> Iterator[dict[str, Any]]:
        with open(p, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)

    return columns, jsonl_rows()


# --------------------------------------------------------------------------- summary

@dataclass
class Group:
    n: int = 0
    sums: dict[str, float] = field(default_factory=lambda: collections.defaultdict(float))
    benefits_covered: int = 0   # sum over adverts of the number of benefit categories found
    essentials_covered: int = 0

    def mean(self, key: str) -> float | None:
        return self.sums[key] / self.n if self.n else None


@dataclass
class Summary:
    total: int = 0
    failed: int = 0
    #: score -> count, per "overall" and each dimension (scores are whole numbers 0-100)
    scores: dict[str, collections.Counter] = field(
        default_factory=lambda: {k: collections.Counter() for k in ("overall",) + DIMENSIONS})
    benefits: collections.Counter = field(default_factory=collections.Counter)
    essentials: collections.Counter = field(default_factory=collections.Counter)
    career_levels: collections.Counter = field(default_factory=collections.Counter)
    jargon_terms: collections.Counter = field(default_factory=collections.Counter)
    jargon_adverts: collections.Counter = field(default_factory=collections.Counter)
    problems: collections.Counter = field(default_factory=collections.Counter)
    jargon_source: str = "top_findings"
    worst: list[tuple[float, str, dict[str, Any]]] = field(default_factory=list)
    groups: dict[str, Group] = field(default_factory=dict)
    group_by: str | None = None
    period: str | None = None
    errors: collections.Counter = field(default_factory=collections.Counter)
    words: list[int] = field(default_factory=lambda: [0, 0])  # sum, count

    @property
    def scored(self) -> int:
        return self.total - self.failed

    def mean(self, key: str) -> float | None:
        c = self.scores[key]
        n = sum(c.values())
        return sum(k * v for k, v in c.items()) / n if n else None

    def median(self, key: str) -> float | None:
        c = self.scores[key]
        n = sum(c.values())
        if not n:
            return None
        return (self._nth(c, (n - 1) // 2) + self._nth(c, n // 2)) / 2

    @staticmethod
    def _nth(c: collections.Counter, i: int) -> float:
        """The i-th smallest value (from 0) of the multiset ``c``."""
        seen = 0
        for k in sorted(c):
            seen += c[k]
            if seen > i:
                return float(k)
        raise IndexError(i)


def _period(value: Any, period: str) -> str:
    text = str(value) if value is not None else ""
    m = _DATE.match(text.strip())
    if not m:
        return "(unknown)"
    year, month = m.group(1), int(m.group(2))
    if period == "year":
        return year
    if period == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def _group_key(row: dict[str, Any], group_by: str, period: str | None) -> str:
    value = row.get(group_by)
    if period:
        return _period(value, period)
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return "(none)"
    return " ".join(str(value).split())


def _top_items(top: str | None) -> Iterator[tuple[str, str]]:
    if not top:
        return
    for part in str(top).split("; "):
        m = _TOP_ITEM.match(part)
        if m:
            yield m.group(1), m.group(2)


def summarise(rows: Iterable[dict[str, Any]], *, findings: Iterable[dict[str, Any]] | None = None,
              group_by: str | None = None, period: str | None = None, worst: int = 10) -> Summary:
    """Running totals over result rows (and, if given, finding rows); memory stays small."""
    s = Summary(group_by=group_by, period=period)
    worst_heap: list[tuple[float, str, dict[str, Any]]] = []  # max-heap by score via negation
    for row in rows:
        s.total += 1
        if row.get("error"):
            s.failed += 1
            s.errors[_error_kind(row["error"])] += 1
            continue
        overall = row.get("overall")
        if overall is None:
            s.failed += 1
            continue
        s.scores["overall"][int(overall)] += 1
        for d in DIMENSIONS:
            v = row.get(f"score_{d}")
            if v is not None:
                s.scores[d][int(v)] += 1
        for c in BENEFIT_CATEGORIES:
            if row.get(f"benefit_{c}"):
                s.benefits[c] += 1
        for e in ESSENTIALS:
            if row.get(f"essential_{e}"):
                s.essentials[e] += 1
        level = row.get("career_path_level")
        if level is not None:
            s.career_levels[int(level)] += 1
        if row.get("words") is not None:
            s.words[0] += int(row["words"])
            s.words[1] += 1
        for rule_id, text in _top_items(row.get("top_findings")):
            if findings is None:
                s.problems[rule_id] += 1
                if rule_id.startswith("jargon.") and text:
                    s.jargon_terms[text.lower()] += 1
        item = (-float(overall), str(row.get("id")), {
            "id": row.get("id"), "overall": overall,
            "scores": {d: row.get(f"score_{d}") for d in DIMENSIONS},
            "top_findings": row.get("top_findings") or "",
            "group": _group_key(row, group_by, period) if group_by else None,
        })
        if worst > 0:
            if len(worst_heap) < worst:
                heapq.heappush(worst_heap, item)
            elif item > worst_heap[0]:
                heapq.heapreplace(worst_heap, item)
        if group_by:
            g = s.groups.setdefault(_group_key(row, group_by, period), Group())
            g.n += 1
            g.sums["overall"] += overall
            for d in DIMENSIONS:
                if row.get(f"score_{d}") is not None:
                    g.sums[d] += row[f"score_{d}"]
            g.benefits_covered += sum(1 for c in BENEFIT_CATEGORIES if row.get(f"benefit_{c}"))
            g.essentials_covered += sum(1 for e in ESSENTIALS if row.get(f"essential_{e}"))
    s.worst = sorted(worst_heap, key=lambda t: (-t[0], t[1]))
    if findings is not None:
        s.jargon_source = "findings"
        seen_in: set[tuple[str, str]] = set()
        for f in findings:
            rule_id = f.get("rule_id") or ""
            s.problems[rule_id] += 1
            if f.get("dimension") == "jargon" and (f.get("text") or "").strip():
                term = " ".join(str(f["text"]).lower().split())
                s.jargon_terms[term] += 1
                key = (str(f.get("id")), term)
                if key not in seen_in:
                    seen_in.add(key)
                    s.jargon_adverts[term] += 1
            if len(seen_in) > 200_000:  # keep memory bounded on huge findings files
                seen_in.clear()
    return s


def _error_kind(error: str) -> str:
    text = str(error)
    head = text.split(":", 1)[0].strip()
    return head if 0 < len(head) <= 40 else text[:40]


# --------------------------------------------------------------------------- SVG charts

_DIM_LABELS = {
    "overall": "Overall", "jargon": "Jargon", "clarity": "Clarity", "career_path": "Career path",
    "benefits": "Benefits", "inclusivity": "Inclusive language", "essentials": "Essentials",
}
_COLOURS = {
    "overall": "#1d3557", "jargon": "#8e44ad", "clarity": "#2a7ab0", "career_path": "#16876a",
    "benefits": "#c0392b", "inclusivity": "#b9770e", "essentials": "#5d6d7e",
}


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _label(key: str) -> str:
    return _DIM_LABELS.get(key) or key.replace("_", " ").capitalize()


def svg_histogram(counts: collections.Counter, colour: str, *, width: int = 300, height: int = 150,
                  title: str = "") -> str:
    """Ten bars of scores 0-9, 10-19, ... 90-100, with the counts on hover."""
    bins = [0] * 10
    for score, n in counts.items():
        bins[min(9, max(0, int(score) // 10))] += n
    top = max(bins) or 1
    left, bottom, plot_h = 30, 22, height - 40
    bar_w = (width - left - 14) / 10
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{_e(title)}">']
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{left + 10 * bar_w}" y2="{height - bottom}" stroke="#999"/>')
    parts.append(f'<text x="{left - 4}" y="{height - bottom - plot_h + 8}" class="ax" text-anchor="end">{top}</text>')
    parts.append(f'<text x="{left - 4}" y="{height - bottom}" class="ax" text-anchor="end">0</text>')
    for i, n in enumerate(bins):
        h = plot_h * n / top
        x = left + i * bar_w + 1
        y = height - bottom - h
        label = f"{i * 10}-{i * 10 + 9 if i < 9 else 100}: {n} advert{'s' if n != 1 else ''}"
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{colour}">'
                     f'<title>{_e(label)}</title></rect>')
    for tick in (0, 50, 100):
        x = left + (tick / 100) * bar_w * 10
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" class="ax" text-anchor="middle">{tick}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_bars(items: Sequence[tuple[str, float, str]], *, maximum: float, colour: str = "#2a7ab0",
             width: int = 560, label_width: int = 190, text_width: int = 60, row_h: int = 22,
             title: str = "") -> str:
    """Horizontal bars: (label, value, text shown at the bar's end)."""
    height = row_h * len(items) + 6
    plot_w = width - label_width - text_width
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{_e(title)}">']
    for i, (label, value, text) in enumerate(items):
        y = 3 + i * row_h
        w = plot_w * (value / maximum) if maximum else 0
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + row_h * 0.68:.1f}" text-anchor="end" class="lb">'
                     f'{_e(short)}<title>{_e(label)}</title></text>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{plot_w}" height="{row_h - 6}" fill="#eef1f4"/>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}">'
                     f'<title>{_e(label)}: {_e(text)}</title></rect>')
        parts.append(f'<text x="{label_width + plot_w + 6}" y="{y + row_h * 0.68:.1f}" class="lb">{_e(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_line(points: Sequence[tuple[str, float]], *, width: int = 980, height: int = 220,
             colour: str = "#1d3557", title: str = "") -> str:
    """A line of mean scores over ordered groups (periods), y from 0 to 100."""
    left, right, top_pad, bottom = 34, 10, 10, 34
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    n = len(points)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{_e(title)}">']
    for v in (0, 50, 100):
        y = top_pad + plot_h * (1 - v / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" class="ax" text-anchor="end">{v}</text>')
    xy = []
    for i, (label, value) in enumerate(points):
        x = left + (plot_w * (i + 0.5) / n if n else 0)
        y = top_pad + plot_h * (1 - max(0.0, min(100.0, value)) / 100)
        xy.append((x, y, label, value))
    if len(xy) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in xy)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    step = max(1, math.ceil(n / 12))
    for i, (x, y, label, value) in enumerate(xy):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                     f'<title>{_e(label)}: {value:.1f}</title></circle>')
        if i % step == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 12}" class="ax" text-anchor="middle">{_e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;margin:0;background:#f6f7f9}
main{max-width:1080px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 8px;border-bottom:1px solid #dde1e6;padding-bottom:4px}
.sub{color:#5b6570;margin:0 0 18px}.note{color:#5b6570;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px}.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:12px 16px}
.card b{display:block;font-size:24px}.card span{color:#5b6570;font-size:13px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
.panel{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:10px 12px}
.panel h3{font-size:15px;margin:0 0 2px}.panel p{margin:0 0 4px;color:#5b6570;font-size:13px}
.chart{width:100%;max-width:100%;height:auto;display:block}.chart .ax{font-size:10px;fill:#5b6570}.chart .lb{font-size:12px;fill:#1b1f24}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #dde1e6;padding:5px 7px;text-align:left;vertical-align:top}th{background:#eef1f4}
td.n{text-align:right;font-variant-numeric:tabular-nums}.problems{color:#3b4148;min-width:340px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:12px}@media(max-width:800px){.two{grid-template-columns:1fr}}
footer{margin-top:36px;color:#5b6570;font-size:12px}
"""


def _fmt(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


def _heat(v: float | None) -> str:
    """A background colour from red (0) through amber to green (100)."""
    if v is None:
        return ""
    v = max(0.0, min(100.0, v))
    hue = 120 * v / 100
    return f' style="background:hsl({hue:.0f},70%,88%)"'


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "–"


def render_html(s: Summary, *, title: str = "Advert scores", source: str = "") -> str:
    """The report page for a :class:`Summary` (a complete, self-contained HTML document)."""
    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>")
    w(f"<h1>{_e(title)}</h1>")
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    w(f'<p class="sub">{s.total:,} adverts from {_e(source or "a batch output")} · made {when}</p>')

    words = s.words[0] / s.words[1] if s.words[1] else None
    w('<div class="cards">')
    for value, label in (
        (f"{s.scored:,}", "adverts scored"),
        (f"{s.failed:,}", "could not be scored"),
        (_fmt(s.mean("overall")), "mean overall score"),
        (_fmt(s.median("overall")), "median overall score"),
        (_pct(s.career_levels.get(2, 0), s.scored), "name a specific career path"),
        (_fmt(words), "words per advert (mean)"),
    ):
        w(f"<div class=\"card\"><b>{_e(value)}</b><span>{_e(label)}</span></div>")
    w("</div>")

    if not s.scored:
        w("<p>No advert in this file could be scored.</p>")
    else:
        w("<h2>Scores</h2><p class=\"note\">How many adverts fall in each band of 10 points "
          "(0 worst, 100 best). Hover a bar for its count.</p><div class=\"grid\">")
        for key in ("overall",) + DIMENSIONS:
            w(f'<div class="panel"><h3>{_e(_label(key))}</h3><p>mean {_fmt(s.mean(key))} · '
              f'median {_fmt(s.median(key))}</p>')
            w(svg_histogram(s.scores[key], _COLOURS[key], title=f"{_label(key)} score distribution"))
            w("</div>")
        w("</div>")

        w("<h2>What the adverts cover</h2><div class=\"two\"><div class=\"panel\"><h3>Benefits offered</h3>"
          "<p>Share of adverts that mention each benefit category.</p>")
        items = [(_label(c), 100 * s.benefits[c] / s.scored, _pct(s.benefits[c], s.scored))
                 for c in BENEFIT_CATEGORIES]
        w(svg_bars(items, maximum=100, colour=_COLOURS["benefits"], width=480, label_width=170,
                   title="benefit coverage"))
        w("</div><div class=\"panel\"><h3>Essentials stated</h3>"
          "<p>Share of adverts that give each thing a candidate looks for first.</p>")
        items = [(_label(e), 100 * s.essentials[e] / s.scored, _pct(s.essentials[e], s.scored))
                 for e in ESSENTIALS]
        w(svg_bars(items, maximum=100, colour=_COLOURS["essentials"], width=480, label_width=170,
                   title="essentials coverage"))
        w("<h3 style=\"margin-top:10px\">Career path</h3>")
        items = [(name, 100 * s.career_levels.get(level, 0) / s.scored, _pct(s.career_levels.get(level, 0), s.scored))
                 for level, name in ((0, "nothing said"), (1, "generic mention"), (2, "specific path"))]
        w(svg_bars(items, maximum=100, colour=_COLOURS["career_path"], width=480, label_width=170,
                   title="career path detail"))
        w("</div></div>")

        w("<h2>Most frequent jargon</h2>")
        if s.jargon_terms:
            terms = s.jargon_terms.most_common(TOP_TERMS)
            top = terms[0][1]
            if s.jargon_source == "findings":
                items = [(t, n, f"{n:,} times in {s.jargon_adverts[t]:,} adverts") for t, n in terms]
                note = "Every jargon finding in the findings file."
            else:
                items = [(t, n, f"{n:,}") for t, n in terms]
                note = ("Counted from each advert's three highest-impact findings; give the findings file "
                        "(--findings) for a full count.")
            w(f'<p class="note">{_e(note)}</p><div class="panel">')
            w(svg_bars(items, maximum=top, colour=_COLOURS["jargon"], width=980, label_width=240,
                       text_width=220 if s.jargon_source == "findings" else 70,
                       title="most frequent jargon terms"))
            w("</div>")
        elif s.jargon_source == "findings":
            w("<p>No jargon found.</p>")
        else:
            w("<p>No jargon among each advert's three highest-impact findings; give the findings file "
              "(--findings) for a full count.</p>")
        if s.problems:
            what = "findings" if s.jargon_source == "findings" else "adverts with it among their top three"
            w(f"<h2>Most common problems</h2><table><tr><th>rule</th><th>{_e(what)}</th></tr>")
            for rule, n in s.problems.most_common(12):
                w(f'<tr><td>{_e(rule)}</td><td class="n">{n:,}</td></tr>')
            w("</table>")

        if s.worst:
            w(f"<h2>The {len(s.worst)} lowest-scoring adverts</h2><table><tr><th>id</th><th>overall</th>")
            for d in DIMENSIONS:
                w(f"<th>{_e(_label(d))}</th>")
            if s.group_by:
                w(f"<th>{_e(s.group_by)}</th>")
            w("<th>main problems</th></tr>")
            for _, _, item in s.worst:
                w(f"<tr><td>{_e(item['id'])}</td><td class=\"n\"{_heat(item['overall'])}>{_e(item['overall'])}</td>")
                for d in DIMENSIONS:
                    v = item["scores"][d]
                    w(f"<td class=\"n\"{_heat(v)}>{_e(_fmt(v))}</td>")
                if s.group_by:
                    w(f"<td>{_e(item['group'])}</td>")
                problems = "<br>".join(f"<b>{_e(r)}</b>: {_e(t)}" for r, t in _top_items(item["top_findings"]))
                w(f'<td class="problems">{problems or "–"}</td></tr>')
            w("</table>")

        if s.group_by:
            _render_groups(s, w)

    if s.failed:
        w("<h2>Adverts that could not be scored</h2><table><tr><th>reason</th><th>adverts</th></tr>")
        for kind, n in s.errors.most_common(15):
            w(f'<tr><td>{_e(kind)}</td><td class="n">{n:,}</td></tr>')
        w("</table>")
    w("<footer>Made by advert-assistant. Scores are 0-100, higher is better; "
      "coverage counts an item only when the advert offers or states it.</footer>")
    w("</main></body></html>")
    return "".join(out)


def _render_groups(s: Summary, w) -> None:
    label = f"{s.group_by} ({s.period})" if s.period else s.group_by
    w(f"<h2>By {_e(label)}</h2>")
    groups = list(s.groups.items())
    if s.period:
        groups.sort(key=lambda kv: kv[0])
    else:
        groups.sort(key=lambda kv: (-kv[1].n, kv[0]))
    hidden = max(0, len(groups) - MAX_GROUPS_SHOWN)
    if s.period:
        groups = groups[-MAX_GROUPS_SHOWN:]
    else:
        groups = groups[:MAX_GROUPS_SHOWN]
    if hidden:
        w(f'<p class="note">Showing {len(groups)} of {len(groups) + hidden} groups '
          f'({"the latest" if s.period else "the largest"}).</p>')
    w('<div class="panel">')
    if s.period:
        w(svg_line([(k, g.mean("overall") or 0.0) for k, g in groups], title="mean overall score by period"))
    else:
        ranked = sorted(groups, key=lambda kv: -(kv[1].mean("overall") or 0))
        w(svg_bars([(k, g.mean("overall") or 0.0, f"{g.mean('overall'):.1f}") for k, g in ranked],
                   maximum=100, colour=_COLOURS["overall"], width=980, label_width=260,
                   title="mean overall score by group"))
    w("</div>")
    w(f"<table><tr><th>{_e(label)}</th><th>adverts</th><th>overall</th>")
    for d in DIMENSIONS:
        w(f"<th>{_e(_label(d))}</th>")
    w(f"<th>benefit categories (of {len(BENEFIT_CATEGORIES)})</th><th>essentials (of {len(ESSENTIALS)})</th></tr>")
    for key, g in groups:
        w(f"<tr><td>{_e(key)}</td><td class=\"n\">{g.n:,}</td>")
        for k in ("overall",) + DIMENSIONS:
            v = g.mean(k)
            w(f"<td class=\"n\"{_heat(v)}>{_fmt(v, 1)}</td>")
        w(f"<td class=\"n\">{g.benefits_covered / g.n:.1f}</td><td class=\"n\">{g.essentials_covered / g.n:.1f}</td></tr>")
    w("</table>")


# --------------------------------------------------------------------------- entry point

def build_report(out: str | Path, html_path: str | Path | None = None, *,
                 findings: str | Path | None = None, group_by: str | None = None,
                 period: str | None = None, worst: int = 10, title: str | None = None) -> Summary:
    """Summarise a batch output and, with ``html_path``, write the HTML report there.

    Raises :class:`BatchInputError` for a missing file or a ``group_by`` column that the
    output does not have (naming the columns it has).
    """
    if period is not None and period not in PERIODS:
        raise BatchInputError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    if period is not None and not group_by:
        raise BatchInputError("--period needs --group-by naming a date column")
    columns, rows = read_rows(out)
    missing = [c for c in ("id", "overall") if c not in columns]
    if missing:
        raise BatchInputError(f"{out}: not a batch output (no {', '.join(missing)} column)")
    if group_by and group_by not in columns:
        extra = [c for c in columns if c not in ROW_COLUMNS]
        hint = (f"passthrough columns: {', '.join(extra)}" if extra
                else "it has no passthrough columns; add them with batch --keep COLUMN")
        raise BatchInputError(f"{out}: no column {group_by!r} to group by; {hint}")
    frows = None
    if findings is not None:
        fcols, frows = read_rows(findings)
        if "rule_id" not in fcols:
            raise BatchInputError(f"{findings}: not a findings file (no rule_id column)")
    summary = summarise(rows, findings=frows, group_by=group_by, period=period, worst=worst)
    if html_path is not None:
        page = render_html(summary, title=title or "Advert scores", source=Path(out).name)
        target = Path(html_path)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(target)
    return summary
