"""Text and Markdown renderings of a Report (CLI and exports)."""

from __future__ import annotations

import bisect

from .types import DIMENSIONS, Report

LABELS = {
    "jargon": "Jargon", "clarity": "Clarity", "career_path": "Career path",
    "benefits": "Benefits", "inclusivity": "Inclusivity", "essentials": "Essentials",
}


class LineIndex:
    """1-based line and column of character offsets in one text."""

    def __init__(self, text: str):
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def format_text(label: str, report: Report) -> str:
    """Linter-style lines ``file:line:col rule message -> suggestion`` and a score summary."""
    where = LineIndex(report.text)
    lines = []
    for f in report.findings:
        line, col = where(f.start)
        arrow = f" -> {f.suggestions[0]}" if f.suggestions else ""
        lines.append(f"{label}:{line}:{col} {f.rule_id} {f.message}{arrow}".replace("\n", " "))
    for w in report.warnings:
        lines.append(f"{label}: warning: {w}")
    summary = "  ".join(f"{d} {report.scores[d]}" for d in DIMENSIONS)
    n = len(report.findings)
    lines.append(f"{label}: overall {report.overall}/100  ({summary})  {n} finding{'s' if n != 1 else ''}")
    return "\n".join(lines) + "\n"


def format_markdown(label: str, report: Report) -> str:
    where = LineIndex(report.text)
    out = [f"## {label}: {report.overall}/100", "", "| dimension | score |", "|---|---:|"]
    out += [f"| {LABELS[d]} | {report.scores[d]} |" for d in DIMENSIONS]
    out += ["", "| where | rule | what | suggestion |", "|---|---|---|---|"]
    for f in report.ranked_fixes():
        line, col = where(f.start)
        sugg = _cell(f.suggestions[0]) if f.suggestions else ""
        out.append(f"| {line}:{col} | `{f.rule_id}` | {_cell(f.message)} | {sugg} |")
    return "\n".join(out) + "\n"
