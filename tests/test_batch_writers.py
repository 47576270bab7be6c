"""Atomic output via OUT.partial, and resuming from a partial file cut off mid-row."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from advert_assistant.batch.readers import BatchInputError
from advert_assistant.batch.writers import TableWriter, output_format, partial_path

COLUMNS = ["id", "error", "overall", "fixable", "note"]


def _rows(ids, **kw):
    return [{"id": i, "error": None, "overall": n, "fixable": n % 2 == 0, "note": f"note {i}", **kw}
            for n, i in enumerate(ids)]


def test_output_format_by_extension():
    assert output_format("a.csv") == "csv"
    assert output_format("a.JSONL") == "jsonl"
    assert output_format("a.parquet") == "parquet"
    with pytest.raises(BatchInputError, match="unknown output type '.xlsx'"):
        output_format("a.xlsx")
    with pytest.raises(BatchInputError, match="no extension"):
        output_format("scores")


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl", "out.parquet"])
def test_nothing_appears_at_out_until_commit(tmp_path, name):
    out = tmp_path / name
    w = TableWriter(out, COLUMNS).open()
    w.write(_rows(["a", "b"]))
    w.write(_rows(["c"]))
    assert not out.exists() and partial_path(out).exists()
    w.commit()
    assert out.exists() and not partial_path(out).exists()
    assert w.rows_written == 3


def test_csv_round_trip_keeps_types_as_text_and_newlines_in_quotes(tmp_path):
    out = tmp_path / "out.csv"
    w = TableWriter(out, COLUMNS).open()
    w.write(_rows(["a", "b"], note="two\nlines, with \"quotes\""))
    w.commit()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["error"] == "" and rows[0]["fixable"] == "true" and rows[1]["fixable"] == "false"
    assert rows[0]["note"] == "two\nlines, with \"quotes\""


def test_parquet_is_typed(tmp_path):
    out = tmp_path / "out.parquet"
    cols = ["id", "error", "overall", "benefit_pension", "flesch_reading_ease", "department"]
    w = TableWriter(out, cols).open()
    w.write([{"id": "a", "error": None, "overall": 50, "benefit_pension": True, "flesch_reading_ease": 61.5,
              "department": 7},
             {"id": "b", "error": "empty", "overall": None, "benefit_pension": None, "flesch_reading_ease": None,
              "department": None}])
    w.commit()
    table = pq.read_table(out)
    assert str(table.schema.field("overall").type) == "int64"
    assert str(table.schema.field("benefit_pension").type) == "bool"
    assert str(table.schema.field("department").type) == "string"
    assert table.to_pylist()[0]["department"] == "7"
    assert table.to_pylist()[1]["overall"] is None


def test_a_left_over_partial_needs_resume(tmp_path):
    out = tmp_path / "out.jsonl"
    w = TableWriter(out, COLUMNS).open()
    w.write(_rows(["a"]))
    w.close()
    with pytest.raises(BatchInputError, match="add --resume"):
        TableWriter(out, COLUMNS).open()


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl", "out.parquet"])
def test_resume_drops_a_half_written_last_row_and_appends(tmp_path, name):
    out = tmp_path / name
    w = TableWriter(out, COLUMNS).open()
    w.write(_rows(["a", "b"], note="multi\nline"))
    w.write(_rows(["c"], error="bad row", note="multi\nline"))
    w.close()
    part = partial_path(out)
    good = part.read_bytes()
    part.write_bytes(good + good[-40:-5])  # a crash in the middle of writing the next chunk

    w2 = TableWriter(out, COLUMNS, resume=True).open()
    assert w2.previous_ids == {"a", "b", "c"}
    assert w2.previous_errors == 1
    assert part.read_bytes() == good
    w2.write(_rows(["d"]))
    w2.commit()
    if name.endswith(".csv"):
        ids = [r["id"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))]
    elif name.endswith(".jsonl"):
        ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        ids = pq.read_table(out).column("id").to_pylist()
    assert ids == ["a", "b", "c", "d"]


def test_resume_cut_inside_a_quoted_csv_field(tmp_path):
    out = tmp_path / "out.csv"
    w = TableWriter(out, COLUMNS).open()
    w.write(_rows(["a"]))
    w.close()
    part = partial_path(out)
    good = part.read_bytes()
    part.write_bytes(good + b'b,,1,true,"first line\n')  # newline inside an unfinished quoted field
    w2 = TableWriter(out, COLUMNS, resume=True).open()
    assert w2.previous_ids == {"a"}
    assert part.read_bytes() == good
    w2.close()


def test_resume_from_a_finished_output(tmp_path):
    for name in ("out.csv", "out.jsonl", "out.parquet"):
        out = tmp_path / name
        w = TableWriter(out, COLUMNS).open()
        w.write(_rows(["a", "b"]))
        w.commit()
        w2 = TableWriter(out, COLUMNS, resume=True).open()
        assert w2.resumed_from == "output" and w2.previous_ids == {"a", "b"}
        w2.write(_rows(["c"]))
        w2.commit()
        if name.endswith(".parquet"):
            assert pq.read_table(out).column("id").to_pylist() == ["a", "b", "c"]


def test_resume_with_other_columns_is_refused(tmp_path):
    for name in ("out.csv", "out.jsonl"):
        out = tmp_path / name
        w = TableWriter(out, COLUMNS).open()
        w.write(_rows(["a"]))
        w.close()
        with pytest.raises(BatchInputError, match="--keep"):
            TableWriter(out, COLUMNS + ["department"], resume=True).open()


@pytest.mark.parametrize("name", ["f.csv", "f.jsonl"])
def test_keep_only_drops_rows_of_other_ids(tmp_path, name):
    out = tmp_path / name
    w = TableWriter(out, COLUMNS).open()
    w.write(_rows(["a", "b", "a", "c"]))
    w.close()
    w2 = TableWriter(out, COLUMNS, resume=True).open()
    assert w2.keep_only({"a", "c"}) == 1
    w2.write(_rows(["b"]))
    w2.commit()
    if name.endswith(".csv"):
        ids = [r["id"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))]
    else:
        ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["a", "a", "c", "b"]
