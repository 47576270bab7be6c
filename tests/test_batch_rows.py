"""report_to_row / findings_to_rows: the one flattening every batch path uses."""

from __future__ import annotations

from advert_assistant.batch.rows import (
    FINDING_COLUMNS, ROW_COLUMNS, error_row, findings_to_rows, one_line, report_to_row, row_columns, top_findings,
)
from advert_assistant.errors import EmptyTextError
from advert_assistant.types import (
    BENEFIT_CATEGORIES, DIMENSIONS, ESSENTIALS, CareerPath, CategoryCoverage, Coverage, Finding, Report,
)

import pytest


def _report(findings=(), stats=None) -> Report:
    text = "We need a self-starter to leverage synergies.\nNo salary given."
    benefits = {c: CategoryCoverage(found=c in ("pension", "annual_leave")) for c in BENEFIT_CATEGORIES}
    essentials = {e: CategoryCoverage(found=e == "location") for e in ESSENTIALS}
    return Report(
        text=text,
        overall=57,
        scores={"jargon": 40, "clarity": 80, "career_path": 0, "benefits": 30, "inclusivity": 100, "essentials": 20},
        findings=tuple(findings),
        coverage=Coverage(benefits=benefits, career_path=CareerPath(level=1), essentials=essentials),
        stats=stats if stats is not None else {
            "words": 12, "sentences": 2,
            "readability": {"flesch_reading_ease": 61.234, "flesch_kincaid_grade": 7.891},
        },
    )


F_STARTER = Finding("jargon.cliche", "jargon", 10, 22, "self-starter", "cliché", "why", ("motivated",),
                    impact=2.0, fixable=True, points=4)
F_LEVERAGE = Finding("jargon.govuk-words", "jargon", 26, 34, "leverage", "avoid", "why", ("use",),
                     impact=3.5, fixable=True, points=3)
F_SALARY = Finding("essentials.salary", "essentials", 45, 45, "", "Say what the job pays: a figure or range.",
                   "why", impact=6.0, points=20)
F_LONG = Finding("clarity.long-sentence", "clarity", 0, 60,
                 "We need a self-starter to leverage synergies.\nNo salary given.", "long", "why", impact=1.0)


def test_row_has_every_column_in_order_and_the_values_of_the_report():
    row = report_to_row("ad-1", _report([F_STARTER, F_LEVERAGE, F_SALARY, F_LONG]), source="in.csv",
                        extra={"department": "Finance"})
    assert list(row) == list(ROW_COLUMNS) + ["department"]
    assert row["id"] == "ad-1" and row["source"] == "in.csv" and row["error"] is None
    assert row["overall"] == 57
    assert [row[f"score_{d}"] for d in DIMENSIONS] == [40, 80, 0, 30, 100, 20]
    assert row["benefit_pension"] is True and row["benefit_annual_leave"] is True
    assert row["benefit_flexible_working"] is False
    assert row["essential_location"] is True and row["essential_salary"] is False
    assert row["career_path_level"] == 1
    assert (row["words"], row["sentences"]) == (12, 2)
    assert (row["flesch_reading_ease"], row["fk_grade"]) == (61.23, 7.89)
    assert row["findings_count"] == 4
    assert row["findings_jargon"] == 2 and row["findings_essentials"] == 1 and row["findings_clarity"] == 1
    assert row["findings_inclusivity"] == 0
    assert row["department"] == "Finance"


def test_top_findings_are_the_three_highest_impact_with_text_or_message():
    report = _report([F_STARTER, F_LEVERAGE, F_SALARY, F_LONG])
    assert top_findings(report) == (
        "essentials.salary: Say what the job pays: a figure or range.; "
        "jargon.govuk-words: leverage; jargon.cliche: self-starter"
    )


def test_top_findings_fold_newlines_and_shorten_long_spans():
    long = Finding("clarity.long-sentence", "clarity", 0, 200, "word\n" * 40, "long", "why", impact=9.0)
    text = top_findings(_report([long]))
    assert "\n" not in text
    assert text.startswith("clarity.long-sentence: word word")
    assert text.endswith("…") and len(text) < 100


def test_a_report_without_findings_has_empty_top_findings_and_zero_counts():
    row = report_to_row(7, _report())
    assert row["id"] == "7"
    assert row["top_findings"] == ""
    assert row["findings_count"] == 0 and all(row[f"findings_{d}"] == 0 for d in DIMENSIONS)


def test_stats_at_the_top_level_are_read_too_and_missing_ones_stay_empty():
    row = report_to_row("x", _report(stats={"words": 3.0, "flesch_reading_ease": 50}))
    assert row["words"] == 3 and row["sentences"] is None
    assert row["flesch_reading_ease"] == 50.0 and row["fk_grade"] is None


def test_error_row_keeps_id_source_and_extra_and_leaves_scores_empty():
    row = error_row("ad-9", EmptyTextError("the advert is empty"), "in.jsonl", {"department": "HR"})
    assert list(row) == list(ROW_COLUMNS) + ["department"]
    assert row["error"] == "the advert is empty"
    assert row["overall"] is None and row["score_jargon"] is None and row["benefit_pension"] is None
    assert row["department"] == "HR"
    assert error_row("a", "line one\nline two")["error"] == "line one line two"
    assert error_row("a", ValueError())["error"] == "ValueError"


def test_findings_rows_are_ranked_and_complete():
    rows = findings_to_rows("ad-1", _report([F_STARTER, F_LEVERAGE, F_SALARY]))
    assert [r["rule_id"] for r in rows] == ["essentials.salary", "jargon.govuk-words", "jargon.cliche"]
    assert all(list(r) == list(FINDING_COLUMNS) for r in rows)
    first = rows[1]
    assert first == {
        "id": "ad-1", "rule_id": "jargon.govuk-words", "dimension": "jargon", "severity": "warning",
        "start": 26, "end": 34, "text": "leverage", "message": "avoid", "suggestion": "use",
        "fixable": True, "points": 3.0, "impact": 3.5,
    }
    assert rows[0]["suggestion"] is None


def test_passthrough_columns_may_not_clash_with_result_columns():
    assert row_columns(["department", "date"])[-2:] == ["department", "date"]
    with pytest.raises(ValueError, match="clashes"):
        row_columns(["overall"])


def test_one_line():
    assert one_line("  a\n\tb  c ") == "a b c"
    assert one_line("abcdef", 4) == "abc…"
