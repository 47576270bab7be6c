"""Streaming readers: every format, default ids, bad rows as error records, column errors."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from advert_assistant.batch import readers
from advert_assistant.batch.readers import BatchInputError, ReadOptions, count_inputs, input_kind, read_inputs


def _records(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], ReadOptions(**kw)))


def _write_jsonl(path, objs, opener=open):
    with opener(path, "wt", encoding="utf-8") as fh:
        for o in objs:
            fh.write((o if isinstance(o, str) else json.dumps(o)) + "\n")


def test_input_kind(tmp_path):
    for name, kind in [("a.csv", "csv"), ("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"), ("a.parquet", "parquet"),
                       ("a.txt", "document"), ("a.PDF", "document")]:
        (tmp_path / name).write_text("x")
        assert input_kind(tmp_path / name) == kind
    assert input_kind(tmp_path) == "folder"
    (tmp_path / "a.xlsx").write_text("x")
    with pytest.raises(BatchInputError, match="unsupported input type"):
        input_kind(tmp_path / "a.xlsx")
    with pytest.raises(BatchInputError, match="no such file"):
        input_kind(tmp_path / "missing.csv")


def test_csv_with_default_columns_multiline_text_and_bad_rows(tmp_path):
    p = tmp_path / "ads.csv"
    p.write_bytes(
        b"\xef\xbb\xbfid,text,department\n"
        b"a1,\"Finance officer\nin Leeds\",Finance\n"
        b"a2,,HR\n"
        b"a3,Caf\xe9 manager,Catering\n"          # Latin-1 byte: not UTF-8
        b"a4,Nurse,Clinical,extra\n"               # too many fields
        b"\n"
        b"a5,Porter,Estates\n"
    )
    recs = _records(p, keep=("department",))
    assert [r.id for r in recs] == ["a1", "a2", "a3", "a4", "a5"]
    assert recs[0].text == "Finance officer\nin Leeds" and recs[0].error is None
    assert recs[0].extra == {"department": "Finance"} and recs[0].source == str(p)
    assert "empty" in recs[1].error and recs[1].extra == {"department": "HR"}
    assert "not UTF-8" in recs[2].error and recs[2].text is None
    assert "4 fields" in recs[3].error
    assert recs[4].text == "Porter" and recs[4].error is None


def test_csv_row_numbers_are_the_default_id_and_text_column_is_guessed(tmp_path):
    p = tmp_path / "ads.csv"
    p.write_text("ref,description\nX,First advert\nY,Second advert\n")
    recs = _records(p)
    assert [(r.id, r.text) for r in recs] == [("1", "First advert"), ("2", "Second advert")]
    recs = _records(p, id_column="ref")
    assert [r.id for r in recs] == ["X", "Y"]


def test_missing_columns_name_the_available_ones(tmp_path):
    p = tmp_path / "ads.csv"
    p.write_text("ref,body_html\nX,First\n")
    with pytest.raises(BatchInputError, match=r"no text column found.*available columns: 'ref', 'body_html'"):
        _records(p)
    with pytest.raises(BatchInputError, match=r"no text column 'advert_text'; available columns: 'ref', 'body_html'"):
        _records(p, text_column="advert_text")
    with pytest.raises(BatchInputError, match=r"no id column 'code'"):
        _records(p, text_column="body_html", id_column="code")
    with pytest.raises(BatchInputError, match=r"no --keep column 'dept'"):
        _records(p, text_column="body_html", keep=("dept",))


def test_column_errors_come_before_any_record_is_read(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("text\nAn advert\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("body_html\nAn advert\n")
    with pytest.raises(BatchInputError, match="bad.csv"):
        read_inputs([str(good), str(bad)], ReadOptions())  # raised on the call, not on iteration


def test_jsonl_gz_nested_keep_and_bad_lines(tmp_path):
    p = tmp_path / "ads.jsonl.gz"
    _write_jsonl(p, [
        {"id": 10, "text": "Ward clerk in Exeter", "meta": {"date_posted": "2020-03-01", "band": 3}},
        "this is not json",
        '["a", "list"]',
        {"id": "b", "title": "no text field"},
        {"id": "c", "text": 42},
        {"id": "d", "text": "   "},
        {"id": "e", "text": "Porter", "meta": {"date_posted": "2020-04-02", "tags": ["x"]}},
    ], opener=gzip.open)
    recs = _records(p, keep=("date=meta.date_posted", "meta.band"))
    assert [r.id for r in recs] == ["10", "2", "3", "b", "c", "d", "e"]
    assert recs[0].text == "Ward clerk in Exeter"
    assert recs[0].extra == {"date": "2020-03-01", "meta.band": 3}
    assert "not valid JSON" in recs[1].error
    assert "not a JSON object" in recs[2].error
    assert recs[3].error == "no 'text' field"
    assert "not a string" in recs[4].error
    assert "empty" in recs[5].error
    assert recs[6].extra == {"date": "2020-04-02", "meta.band": None}


def test_jsonl_line_that_is_not_utf8_or_too_long(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_RECORD_BYTES", 200)
    p = tmp_path / "ads.jsonl"
    p.write_bytes(
        json.dumps({"id": "a", "text": "fine"}).encode() + b"\n"
        + b'{"id": "b", "text": "caf\xe9"}\n'
        + json.dumps({"id": "c", "text": "x" * 5000}).encode() + b"\n"
        + json.dumps({"id": "d", "text": "also fine"}).encode() + b"\n"
    )
    recs = _records(p)
    assert [r.id for r in recs] == ["a", "2", "3", "d"]
    assert "not UTF-8" in recs[1].error
    assert "line too large" in recs[2].error
    assert recs[3].text == "also fine"


def test_truncated_gzip_becomes_an_error_record_after_the_good_ones(tmp_path):
    p = tmp_path / "ads.jsonl.gz"
    _write_jsonl(p, [{"id": f"a{i}", "text": f"Advert number {i} " * 50} for i in range(400)], opener=gzip.open)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    recs = _records(p)
    assert len(recs) >= 2
    assert all(r.error is None for r in recs[:-1])
    assert "truncated or corrupt" in recs[-1].error


def test_jsonl_without_objects_is_refused(tmp_path):
    p = tmp_path / "ads.jsonl"
    p.write_text('"just a string"\n[1, 2]\n')
    with pytest.raises(BatchInputError, match="no line holds a JSON object"):
        _records(p)


def test_parquet_in_batches_with_nulls(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_PARQUET_BATCH", 3)
    p = tmp_path / "ads.parquet"
    table = pa.table({
        "ref": [f"r{i}" for i in range(7)],
        "advert": ["Driver in Leeds", None, "Cook", "", "Cleaner", "Chef", "Baker"],
        "month": ["2020-01"] * 7,
    })
    pq.write_table(table, p)
    recs = _records(p, id_column="ref", keep=("month",))
    assert [r.id for r in recs] == [f"r{i}" for i in range(7)]
    assert recs[0].text == "Driver in Leeds" and recs[0].extra == {"month": "2020-01"}
    assert "empty" in recs[1].error and "empty" in recs[3].error
    assert count_inputs([str(p)]) == 7


def test_folder_of_documents_sorted_with_relative_ids(tmp_path, monkeypatch):
    d = tmp_path / "ads"
    (d / "sub").mkdir(parents=True)
    (d / "b.txt").write_text("Second")
    (d / "a.md").write_text("First")
    (d / "sub" / "c.html").write_text("<p>Third</p>")
    (d / "notes.xlsx").write_text("ignored")
    (d / ".hidden.txt").write_text("ignored")
    (d / "big.txt").write_text("x" * 300)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    recs = _records(d)
    assert [r.id for r in recs] == ["a.md", "b.txt", "big.txt", "sub/c.html"]
    assert recs[0].path.endswith("a.md") and recs[0].text is None and recs[0].error is None
    assert "file too large" in recs[2].error
    assert count_inputs([str(d)]) == 4


def test_several_inputs_prefix_default_ids(tmp_path):
    a = tmp_path / "one.csv"
    a.write_text("text\nAlpha\nBeta\n")
    b = tmp_path / "two.jsonl"
    _write_jsonl(b, [{"text": "Gamma"}, {"id": "kept", "text": "Delta"}])
    recs = _records(a, b)
    # the id column is chosen from the first object of a JSON Lines file
    assert [r.id for r in recs] == ["one.csv:1", "one.csv:2", "two.jsonl:1", "two.jsonl:2"]


def test_empty_csv_is_refused(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("")
    with pytest.raises(BatchInputError, match="empty"):
        _records(p)


def test_load_record_text_uses_the_loader_for_files(tmp_path, monkeypatch):
    from advert_assistant import loaders

    seen = {}

    def load_file(path):
        seen["path"] = str(path)
        return "loaded text"

    def load_bytes(data, filename):
        seen["bytes"] = (data, filename)
        return "loaded bytes"

    monkeypatch.setattr(loaders, "load_file", load_file)
    monkeypatch.setattr(loaders, "load_bytes", load_bytes)
    assert readers.load_record_text(readers.Record("a", "s", path="/x/a.pdf")) == "loaded text"
    assert readers.load_record_text(readers.Record("a", "s", path="/x/a.pdf", data=b"%PDF")) == "loaded bytes"
    assert seen == {"path": "/x/a.pdf", "bytes": (b"%PDF", "/x/a.pdf")}
    assert readers.load_record_text(readers.Record("a", "s", text="given")) == "given"


def test_record_streams_close_their_files_even_unread(tmp_path):
    import warnings

    a = tmp_path / "a.csv"
    a.write_text("text\nAlpha\n")
    b = tmp_path / "b.jsonl"
    b.write_text('{"text": "Beta"}\n')
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        stream = read_inputs([str(a), str(b)], ReadOptions())
        stream.close()
        assert all(src.handle.closed for src in stream.sources)
        bad = tmp_path / "bad.csv"
        bad.write_text("body_html\nx\n")
        with pytest.raises(BatchInputError):
            read_inputs([str(a), str(bad)], ReadOptions())
        with read_inputs([str(a)], ReadOptions()) as s2:
            assert [r.text for r in s2] == ["Alpha"]
