"""Flatten a :class:`~advert_assistant.types.Report` into one table row.

Batch scoring, :func:`assess_dataframe` and the Dask path all go through
:func:`report_to_row` (one row per advert) and :func:`findings_to_rows` (one row per
finding), so every output format has the same columns in the same order.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..types import BENEFIT_CATEGORIES, DIMENSIONS, ESSENTIALS, Finding, Report

#: How many of the highest-impact findings ``top_findings`` lists.
TOP_FINDINGS = 3
#: Longest quoted span or message in ``top_findings``.
_TOP_TEXT_CHARS = 60

#: Columns of an advert row, in order (before any ``--keep`` passthrough columns).
ROW_COLUMNS: tuple[str, ...] = (
    ("id", "source", "error", "overall")
    + tuple(f"score_{d}" for d in DIMENSIONS)
    + tuple(f"benefit_{c}" for c in BENEFIT_CATEGORIES)
    + ("career_path_level",)
    + tuple(f"essential_{e}" for e in ESSENTIALS)
    + ("words", "sentences", "findings_count")
    + tuple(f"findings_{d}" for d in DIMENSIONS)
    + ("flesch_reading_ease", "fk_grade", "top_findings", "sector")
)

#: Columns of a finding row (``--findings FILE``), in order.
FINDING_COLUMNS: tuple[str, ...] = (
    "id", "rule_id", "dimension", "severity", "start", "end", "text", "message",
    "suggestion", "fixable", "points", "impact",
)

#: Value type of each column: "str", "int", "float" or "bool" (used to type CSV on the
#: way back in and to build the Parquet schema). Passthrough columns are "str".
COLUMN_TYPES: dict[str, str] = {
    "id": "str", "source": "str", "error": "str", "overall": "int",
    **{f"score_{d}": "int" for d in DIMENSIONS},
    **{f"benefit_{c}": "bool" for c in BENEFIT_CATEGORIES},
    "career_path_level": "int",
    **{f"essential_{e}": "bool" for e in ESSENTIALS},
    "words": "int", "sentences": "int", "findings_count": "int",
    **{f"findings_{d}": "int" for d in DIMENSIONS},
    "flesch_reading_ease": "float", "fk_grade": "float", "top_findings": "str",
    "sector": "str",
    # finding rows
    "rule_id": "str", "dimension": "str", "severity": "str", "start": "int", "end": "int",
    "text": "str", "message": "str", "suggestion": "str", "fixable": "bool",
    "points": "float", "impact": "float",
}

# Names the engine may use in Report.stats for the four figures we copy.
_STAT_KEYS: dict[str, tuple[str, ...]] = {
    "words": ("words", "word_count", "n_words"),
    "sentences": ("sentences", "sentence_count", "n_sentences"),
    "flesch_reading_ease": ("flesch_reading_ease", "flesch", "reading_ease"),
    "fk_grade": ("fk_grade", "flesch_kincaid_grade"),
}


def _stat(stats: Mapping[str, Any], name: str) -> Any:
    places = [stats]
    if isinstance(stats.get("readability"), Mapping):
        places.append(stats["readability"])
    for place in places:
        for key in _STAT_KEYS[name]:
            value = place.get(key)
            if value is None:
                continue
            if name in ("words", "sentences"):
                return int(value)
            return round(float(value), 2)
    return None


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` with all white space (newlines included) folded to single spaces."""
    out = " ".join(str(text).split())
    if limit is not None and len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def _finding_label(f: Finding) -> str:
    quoted = one_line(f.text, _TOP_TEXT_CHARS) if f.text.strip() else ""
    return quoted or one_line(f.message, _TOP_TEXT_CHARS)


def top_findings(report: Report, n: int = TOP_FINDINGS) -> str:
    """The ``n`` highest-impact findings as ``"rule_id: text; rule_id: text"``.

    The text is the flagged words, or the message for something missing (an empty span).
    """
    return "; ".join(f"{f.rule_id}: {_finding_label(f)}" for f in report.ranked_fixes()[:n])


def empty_row(id: str, source: str | None = None, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ROW_COLUMNS)
    row["id"] = str(id)
    row["source"] = source
    if extra:
        row.update(extra)
    return row


def error_row(id: str, error: str | BaseException, source: str | None = None,
              extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A row for an advert that could not be scored: every score empty, ``error`` set."""
    row = empty_row(id, source, extra)
    row["error"] = error_message(error)
    return row


def error_message(error: str | BaseException) -> str:
    if isinstance(error, BaseException):
        text = str(error) or type(error).__name__
    else:
        text = error
    return one_line(text, 500) or "error"


def report_to_row(id: Any, report: Report, *, source: str | None = None,
                  extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One flat row for one advert: scores, coverage flags, counts and top findings.

    The keys are :data:`ROW_COLUMNS` (in that order) followed by the keys of ``extra``
    (passthrough columns such as a department or a date).
    """
    row = empty_row(id, source)
    row["overall"] = int(report.overall)
    for d in DIMENSIONS:
        row[f"score_{d}"] = int(report.scores[d]) if d in report.scores else None
    benefits = report.coverage.benefits
    for c in BENEFIT_CATEGORIES:
        row[f"benefit_{c}"] = bool(benefits[c].found) if c in benefits else False
    row["career_path_level"] = int(report.coverage.career_path.level)
    essentials = report.coverage.essentials
    for e in ESSENTIALS:
        row[f"essential_{e}"] = bool(essentials[e].found) if e in essentials else False
    row["words"] = _stat(report.stats, "words")
    row["sentences"] = _stat(report.stats, "sentences")
    row["findings_count"] = len(report.findings)
    counts = dict.fromkeys(DIMENSIONS, 0)
    for f in report.findings:
        if f.dimension in counts:
            counts[f.dimension] += 1
    for d in DIMENSIONS:
        row[f"findings_{d}"] = counts[d]
    row["flesch_reading_ease"] = _stat(report.stats, "flesch_reading_ease")
    row["fk_grade"] = _stat(report.stats, "fk_grade")
    row["top_findings"] = top_findings(report)
    row["sector"] = report.sector
    if extra:
        row.update(extra)
    return row


def finding_to_row(id: Any, f: Finding) -> dict[str, Any]:
    return {
        "id": str(id),
        "rule_id": f.rule_id,
        "dimension": f.dimension,
        "severity": f.severity,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "message": f.message,
        "suggestion": f.suggestions[0] if f.suggestions else None,
        "fixable": bool(f.fixable),
        "points": round(float(f.points), 2),
        "impact": round(float(f.impact), 2),
    }


def findings_to_rows(id: Any, report: Report) -> list[dict[str, Any]]:
    """One row per finding of ``report``, highest impact first."""
    return [finding_to_row(id, f) for f in report.ranked_fixes()]


def row_columns(keep: Iterable[str] = ()) -> list[str]:
    """The advert-row columns with passthrough columns ``keep`` appended."""
    cols = list(ROW_COLUMNS)
    for k in keep:
        if k in cols:
            raise ValueError(f"passthrough column {k!r} clashes with a result column")
        cols.append(k)
    return cols
