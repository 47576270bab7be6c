"""The HTML report of a batch output: figures, escaping, groups, self-containment."""

from __future__ import annotations

import json
import re

import pytest

from advert_assistant.batch.report import (
    build_report, read_rows, render_html, summarise, svg_bars, svg_histogram, svg_line,
)
from advert_assistant.batch.rows import ROW_COLUMNS, row_columns
from advert_assistant.batch.writers import TableWriter
from advert_assistant.cli import main
from advert_assistant.types import BENEFIT_CATEGORIES, DIMENSIONS, ESSENTIALS


def _row(id, overall, *, dept="Finance", date="2021-01-15", pension=True, salary=False, level=1,
         top="jargon.cliche: self-starter; essentials.salary: Say what the job pays.", error=None):
    row = dict.fromkeys(ROW_COLUMNS)
    row.update({"id": id, "source": "in.jsonl", "error": error, "department": dept, "date": date})
    if error:
        return row
    row["overall"] = overall
    for i, d in enumerate(DIMENSIONS):
        row[f"score_{d}"] = min(100, overall + i)
    for c in BENEFIT_CATEGORIES:
        row[f"benefit_{c}"] = pension if c == "pension" else False
    for e in ESSENTIALS:
        row[f"essential_{e}"] = salary if e == "salary" else True
    row.update({"career_path_level": level, "words": 300, "sentences": 20, "findings_count": 2,
                "top_findings": top, "flesch_reading_ease": 55.0, "fk_grade": 9.0})
    for d in DIMENSIONS:
        row[f"findings_{d}"] = 0
    return row


ROWS = [
    _row("a", 20, dept="Finance", date="2021-01-03", level=0),
    _row("b", 40, dept="Finance", date="2021-01-20", pension=False),
    _row("c", 60, dept="Digital", date="2021-02-11", salary=True, level=2),
    _row("d", 80, dept="Digital", date="2021-04-01", salary=True, level=2,
         top="jargon.govuk-words: leverage; jargon.cliche: self-starter"),
    _row("e", None, error="the advert is empty"),
]


def _write(path, rows):
    w = TableWriter(path, row_columns(["department", "date"])).open()
    w.write(rows)
    w.commit()
    return path


def test_summary_figures():
    s = summarise(iter(ROWS), group_by="department", worst=2)
    assert (s.total, s.failed, s.scored) == (5, 1, 4)
    assert s.mean("overall") == 50 and s.median("overall") == 50
    assert s.benefits["pension"] == 3 and s.essentials["salary"] == 2 and s.essentials["location"] == 4
    assert s.career_levels == {0: 1, 1: 1, 2: 2}
    assert [item[2]["id"] for item in s.worst] == ["a", "b"]
    assert s.jargon_terms == {"self-starter": 4, "leverage": 1}
    assert s.problems["essentials.salary"] == 3
    assert s.groups["Finance"].n == 2 and s.groups["Finance"].mean("overall") == 30
    assert s.groups["Digital"].mean("overall") == 70
    assert s.errors == {"the advert is empty": 1}


def test_periods_bucket_dates():
    s = summarise(iter(ROWS), group_by="date", period="month")
    assert {k: g.n for k, g in s.groups.items()} == {"2021-01": 2, "2021-02": 1, "2021-04": 1}
    s = summarise(iter(ROWS), group_by="date", period="quarter")
    assert {k: g.n for k, g in s.groups.items()} == {"2021-Q1": 3, "2021-Q2": 1}
    s = summarise(iter([_row("x", 50, date="sometime")]), group_by="date", period="year")
    assert set(s.groups) == {"(unknown)"}


def test_findings_file_gives_full_jargon_counts():
    findings = [
        {"id": "a", "rule_id": "jargon.cliche", "dimension": "jargon", "text": "Self-starter"},
        {"id": "a", "rule_id": "jargon.cliche", "dimension": "jargon", "text": "self-starter"},
        {"id": "b", "rule_id": "jargon.cliche", "dimension": "jargon", "text": "self-starter"},
        {"id": "b", "rule_id": "essentials.salary", "dimension": "essentials", "text": ""},
    ]
    s = summarise(iter(ROWS), findings=iter(findings))
    assert s.jargon_source == "findings"
    assert s.jargon_terms == {"self-starter": 3}
    assert s.jargon_adverts == {"self-starter": 2}
    assert s.problems == {"jargon.cliche": 3, "essentials.salary": 1}


def test_html_escapes_advert_text_and_is_self_contained():
    evil = "<script>alert('x')</script>"
    rows = [_row(evil, 10, dept=evil, top=f"jargon.cliche: {evil}"), _row("ok", 90)]
    page = render_html(summarise(iter(rows), group_by="department"), title=evil, source=evil)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_svg_charts():
    hist = svg_histogram({0: 1, 55: 3, 100: 2}, "#000", title="t")
    assert hist.count("<rect") == 10
    assert "50-59: 3 adverts" in hist and "90-100: 2 adverts" in hist and "0-9: 1 advert<" in hist
    bars = svg_bars([("Pension", 50, "50%"), ("Leave", 100, "100%")], maximum=100, title="b")
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)" height="\d+" fill="#2a7ab0"', bars)]
    assert widths[1] == pytest.approx(2 * widths[0])
    line = svg_line([("2021-01", 30.0), ("2021-02", 60.0)])
    assert "<polyline" in line and "2021-02: 60.0" in line


@pytest.mark.parametrize("name", ["scores.csv", "scores.jsonl", "scores.parquet"])
def test_read_rows_types_every_format_alike(tmp_path, name):
    path = _write(tmp_path / name, ROWS)
    cols, rows = read_rows(path)
    rows = list(rows)
    assert cols == row_columns(["department", "date"])
    assert rows[0]["overall"] == 20 and rows[0]["benefit_pension"] is True
    assert rows[0]["essential_salary"] is False and rows[0]["fk_grade"] == 9.0
    assert rows[4]["error"] == "the advert is empty" and rows[4]["overall"] is None
    s = summarise(iter(rows), group_by="department")
    assert s.mean("overall") == 50 and s.groups["Digital"].n == 2


def test_report_command_writes_html_and_prints_a_summary(tmp_path, capsys):
    out = _write(tmp_path / "scores.parquet", ROWS)
    findings = tmp_path / "findings.jsonl"
    findings.write_text(json.dumps({"id": "a", "rule_id": "jargon.cliche", "dimension": "jargon",
                                    "text": "self-starter"}) + "\n")
    html_path = tmp_path / "report.html"
    code = main(["report", str(out), "--html", str(html_path), "--group-by", "date", "--period", "month",
                 "--findings", str(findings), "--title", "Finance adverts"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "5 adverts, 1 could not be scored; mean overall score 50.0" in printed
    page = html_path.read_text(encoding="utf-8")
    assert "<h1>Finance adverts</h1>" in page
    assert "By date (month)" in page and "2021-04" in page
    assert "self-starter" in page and "1 times in 1 adverts" in page
    assert "The 4 lowest-scoring adverts" in page
    assert "Adverts that could not be scored" in page


def test_report_errors_exit_2(tmp_path, capsys):
    out = _write(tmp_path / "scores.csv", ROWS)
    assert main(["report", str(out), "--group-by", "team"]) == 2
    err = capsys.readouterr().err
    assert "no column 'team'" in err and "department, date" in err
    assert main(["report", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    assert main(["report", str(tmp_path / "other.csv")]) == 2
    assert "not a batch output" in capsys.readouterr().err
    assert main(["report", str(out), "--period", "month"]) == 2
    assert "--period needs --group-by" in capsys.readouterr().err


def test_empty_output_still_renders(tmp_path):
    out = _write(tmp_path / "scores.jsonl", [_row("e", None, error="empty")])
    html_path = tmp_path / "r.html"
    s = build_report(out, html_path)
    assert s.scored == 0
    assert "No advert in this file could be scored" in html_path.read_text()
