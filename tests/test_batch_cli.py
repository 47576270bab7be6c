"""``advert-assistant batch`` end to end in one process, with a stand-in engine (no spaCy).

The stand-in (tests/_batch_adverts.py) builds Reports from keyword checks, so these tests
exercise reading, chunking, error rows, writing, resume, exit codes and messages. The
real engine, several processes and real interruptions are in test_batch_resume.py.
"""

from __future__ import annotations

import csv
import json
import signal

import pandas as pd
import pytest

from _batch_adverts import fake_report, install_fake_engine, make_adverts
from advert_assistant.batch import runner
from advert_assistant.batch.rows import ROW_COLUMNS, report_to_row
from advert_assistant.batch.runner import BatchOptions, process_chunk, run_batch
from advert_assistant.batch.readers import ReadOptions, Record
from advert_assistant.cli import main


@pytest.fixture
def engine(monkeypatch):
    return install_fake_engine(monkeypatch)


def _jsonl(path, objs):
    with open(path, "w", encoding="utf-8") as fh:
        for o in objs:
            fh.write((o if isinstance(o, str) else json.dumps(o)) + "\n")
    return path


def _read(path):
    path = str(path)
    if path.endswith(".csv"):
        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]
    return pd.read_parquet(path).to_dict("records")


def test_jsonl_to_csv_with_findings_keep_and_error_rows(tmp_path, engine, capsys):
    ads = make_adverts(40)
    objs = [dict(a) for a in ads]
    objs[3]["text"] = ""
    objs[7] = "not json at all"
    src = _jsonl(tmp_path / "ads.jsonl", objs)
    out, findings = tmp_path / "scores.csv", tmp_path / "findings.jsonl"
    code = main(["batch", str(src), "--out", str(out), "--findings", str(findings),
                 "--keep", "department,date", "--chunk-size", "8"])
    captured = capsys.readouterr()
    assert code == 1  # two rows failed
    last = captured.out.strip().splitlines()[-1]
    assert last.startswith("scored 40 adverts, 2 failed in ")
    assert last.endswith(f"adverts/s) -> {out}")
    assert "2 adverts could not be scored" in captured.err
    rows = _read(out)
    assert list(rows[0]) == list(ROW_COLUMNS) + ["department", "date"]
    assert [r["id"] for r in rows] == [a["id"] if i != 7 else "8" for i, a in enumerate(ads)]
    assert rows[3]["error"] and rows[3]["overall"] == ""
    assert "not valid JSON" in rows[7]["error"]
    expected = report_to_row(ads[0]["id"], fake_report(ads[0]["text"]))
    assert int(rows[0]["overall"]) == expected["overall"]
    assert rows[0]["top_findings"] == expected["top_findings"]
    assert rows[0]["department"] == ads[0]["department"]
    frows = _read(findings)
    assert {f["id"] for f in frows} <= {a["id"] for a in ads}
    n_expected = sum(len(fake_report(a["text"]).findings) for i, a in enumerate(ads) if i not in (3, 7))
    assert len(frows) == n_expected
    assert all(n <= 8 for n in engine)  # chunks of at most --chunk-size adverts


def test_all_good_rows_exit_0_and_parquet_output(tmp_path, engine, capsys):
    ads = make_adverts(12)
    src = tmp_path / "ads.csv"
    pd.DataFrame(ads).to_csv(src, index=False)
    out = tmp_path / "scores.parquet"
    assert main(["batch", str(src), "--out", str(out), "--no-progress"]) == 0
    assert "scored 12 adverts, 0 failed" in capsys.readouterr().out
    df = pd.read_parquet(out)
    assert df["id"].tolist() == [a["id"] for a in ads]
    assert df["overall"].dtype.kind == "i"


def test_missing_text_column_is_a_usage_error_listing_columns(tmp_path, engine, capsys):
    src = tmp_path / "ads.csv"
    src.write_text("ref,advert_body\n1,Hello\n")
    out = tmp_path / "o.csv"
    assert main(["batch", str(src), "--out", str(out), "--text-column", "body"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no text column 'body'; available columns: 'ref', 'advert_body'" in err
    assert not out.exists() and not (tmp_path / "o.csv.partial").exists()


@pytest.mark.parametrize("argv,message", [
    (["--out", "o.xlsx"], "unknown output type"),
    (["--out", "o.csv", "--jobs", "-1"], "--jobs"),
    (["--out", "o.csv", "--scheduler", "tcp://x:1"], "--scheduler needs --engine dask"),
    (["--out", "o.csv", "--keep", "overall"], "clashes"),
    (["--out", "o.csv", "--findings", "o.csv"], "different file"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path, engine, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ads.csv").write_text("text\nHello\n")
    assert main(["batch", "ads.csv", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_missing_input_exits_2(tmp_path, engine, capsys):
    assert main(["batch", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_resume_skips_done_ids_and_ends_with_one_row_each(tmp_path, engine, capsys):
    ads = make_adverts(30)
    src = _jsonl(tmp_path / "ads.jsonl", ads)
    out = tmp_path / "scores.jsonl"
    findings = tmp_path / "findings.csv"
    # a first run that stopped after 10 adverts: rows for 10 ids in the partial files,
    # findings for 12 (the crash came between the findings write and the rows write)
    part_rows, part_findings = [], []
    records = [Record(a["id"], str(src), text=a["text"]) for a in ads]
    rows, frows = process_chunk(records[:12], None, True)
    part_rows, part_findings = rows[:10], frows
    from advert_assistant.batch.writers import TableWriter
    from advert_assistant.batch.rows import FINDING_COLUMNS, row_columns
    w = TableWriter(out, row_columns()).open()
    w.write(part_rows)
    w.close()
    fw = TableWriter(findings, FINDING_COLUMNS).open()
    fw.write(part_findings)
    fw.close()

    assert main(["batch", str(src), "--out", str(out), "--findings", str(findings)]) == 2
    assert "--resume" in capsys.readouterr().err

    engine.clear()
    assert main(["batch", str(src), "--out", str(out), "--findings", str(findings), "--resume"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("scored 20 adverts, 0 failed") and "plus 10 rows from the earlier run" in last
    assert sum(engine) == 20
    got = _read(out)
    assert [r["id"] for r in got] == [a["id"] for a in ads]
    full = [report_to_row(a["id"], fake_report(a["text"]), source=str(src)) for a in ads]
    assert got == full
    f_ids = [r["id"] for r in _read(findings)]
    expected = [a["id"] for a in ads for _ in fake_report(a["text"]).findings]
    assert sorted(f_ids) == sorted(expected)

    # resuming a finished output scores nothing and keeps every row
    engine.clear()
    assert main(["batch", str(src), "--out", str(out), "--resume"]) == 0
    assert sum(engine) == 0 and len(_read(out)) == 30


def test_an_advert_that_breaks_the_engine_becomes_an_error_row(tmp_path, engine, capsys):
    ads = make_adverts(5)
    ads[2]["text"] += " EXPLODE"
    src = _jsonl(tmp_path / "ads.jsonl", ads)
    out = tmp_path / "o.csv"
    assert main(["batch", str(src), "--out", str(out)]) == 1
    rows = _read(out)
    assert [bool(r["error"]) for r in rows] == [False, False, True, False, False]
    assert "internal error while scoring: RuntimeError: boom" in rows[2]["error"]


def test_folder_input_uses_the_loader(tmp_path, engine, monkeypatch, capsys):
    folder = tmp_path / "ads"
    folder.mkdir()
    (folder / "one.txt").write_text("Porter in Leeds. Salary £20,000.")
    (folder / "two.md").write_text("# Cook\nSalary £21,000, pension.")
    (folder / "bad.pdf").write_bytes(b"not a pdf")
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(folder), "--out", str(out)]) == 1
    rows = {r["id"]: r for r in _read(out)}
    assert set(rows) == {"one.txt", "two.md", "bad.pdf"}
    assert "bad.pdf" in rows["bad.pdf"]["error"] and "PDF" in rows["bad.pdf"]["error"]
    assert rows["two.md"]["benefit_pension"] is True


def test_sigint_stops_after_the_chunk_keeps_the_partial_and_says_how_to_resume(tmp_path, engine, monkeypatch, capsys):
    ads = make_adverts(40)
    src = _jsonl(tmp_path / "ads.jsonl", ads)
    out = tmp_path / "o.jsonl"
    real = runner.process_chunk
    calls = {"n": 0}

    def chunk_then_signal(records, config=None, want_findings=False):
        calls["n"] += 1
        if calls["n"] == 2:
            signal.raise_signal(signal.SIGINT)  # as if Ctrl-C arrived while this chunk ran
        return real(records, config, want_findings)

    monkeypatch.setattr(runner, "process_chunk", chunk_then_signal)
    code = main(["batch", str(src), "--out", str(out), "--chunk-size", "10"])
    captured = capsys.readouterr()
    assert code == 130
    assert not out.exists()
    with open(f"{out}.partial", encoding="utf-8") as fh:
        partial = [json.loads(line) for line in fh]
    assert [r["id"] for r in partial] == [a["id"] for a in ads[:20]]
    assert "run the same command with --resume" in captured.err
    assert captured.out.strip().splitlines()[-1].startswith("scored 20 adverts, 0 failed")

    monkeypatch.setattr(runner, "process_chunk", real)
    assert main(["batch", str(src), "--out", str(out), "--chunk-size", "10", "--resume"]) == 0
    assert [r["id"] for r in _read(out)] == [a["id"] for a in ads]


def test_run_batch_library_call_returns_a_result(tmp_path, engine):
    ads = make_adverts(6)
    src = _jsonl(tmp_path / "ads.jsonl", ads)
    result = run_batch(BatchOptions(inputs=[str(src)], out=str(tmp_path / "o.csv"),
                                    read=ReadOptions(keep=("department",))))
    assert (result.scored, result.failed, result.exit_code, result.interrupted) == (6, 0, 0, False)
    assert result.rate > 0


def test_an_engine_that_cannot_load_stops_the_batch_with_exit_2(tmp_path, engine, monkeypatch, capsys):
    import sys

    from advert_assistant.errors import ModelError

    def broken(config=None):
        raise ModelError("no English spaCy pipeline is installed")

    monkeypatch.setattr(sys.modules["advert_assistant.engine"], "warm_up", broken)
    src = _jsonl(tmp_path / "ads.jsonl", make_adverts(3))
    out = tmp_path / "o.csv"
    assert main(["batch", str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no English spaCy pipeline" in err and err.count("\n") == 1
    assert not out.exists() and not (tmp_path / "o.csv.partial").exists()


def test_a_model_error_while_scoring_is_fatal_not_a_row(tmp_path, engine, monkeypatch, capsys):
    import sys

    from advert_assistant.errors import ModelError

    fake = sys.modules["advert_assistant.engine"]

    def assess_many(texts, **kw):
        raise ModelError("the sentence model cannot be loaded")
        yield  # pragma: no cover

    monkeypatch.setattr(fake, "assess_many", assess_many)
    src = _jsonl(tmp_path / "ads.jsonl", make_adverts(3))
    assert main(["batch", str(src), "--out", str(tmp_path / "o.csv")]) == 2
    assert "the sentence model cannot be loaded" in capsys.readouterr().err


class _CrashingBackend(runner._Backend):
    """Runs chunks in process, but a chunk holding "CRASH" breaks the whole pool, as a
    worker killed by the operating system would."""

    def __init__(self):
        from concurrent.futures.process import BrokenProcessPool

        self.broken_types = (BrokenProcessPool,)
        self.workers = 2
        self.restarts = 0
        self.submitted: list[int] = []

    def submit(self, chunk):
        from concurrent.futures.process import BrokenProcessPool

        self.submitted.append(len(chunk))
        if any("CRASH" in (r.text or "") for r in chunk):
            def boom():
                raise BrokenProcessPool("a worker process died")
            return runner._Done(boom)
        return runner._Done(lambda: runner.process_chunk(chunk, None, False))

    def restart(self):
        self.restarts += 1


def test_a_chunk_that_kills_its_worker_is_retried_then_split(tmp_path, engine, monkeypatch, capsys):
    ads = make_adverts(20)
    ads[6]["text"] += " CRASH"
    src = _jsonl(tmp_path / "ads.jsonl", ads)
    backend = _CrashingBackend()
    monkeypatch.setattr(runner, "_make_backend", lambda options, want: backend)
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(src), "--out", str(out), "--chunk-size", "4"]) == 1
    rows = _read(out)
    assert [r["id"] for r in rows] == [a["id"] for a in ads]
    failed = [r["id"] for r in rows if r["error"]]
    assert failed == [ads[6]["id"]]
    assert "a worker failed while scoring this advert: BrokenProcessPool" in rows[6]["error"]
    assert rows[5]["overall"] == report_to_row("x", fake_report(ads[5]["text"]))["overall"]
    # the chunk of 4 ran twice whole, then once per advert; the crashing advert broke the pool 3 times
    assert backend.submitted.count(4) >= 2 and backend.submitted.count(1) >= 4
    assert backend.restarts == 3


def test_memory_stays_bounded_as_the_input_grows(tmp_path, engine):
    import tracemalloc

    def peak_for(n):
        src = tmp_path / f"ads{n}.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps({"id": f"a{i}", "text": f"Advert {i}. Salary £20,000. " + "Words here. " * 30}) + "\n")
        tracemalloc.start()
        try:
            run_batch(BatchOptions(inputs=[str(src)], out=str(tmp_path / f"o{n}.jsonl"),
                                   findings=str(tmp_path / f"f{n}.csv"), progress=False))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak_for(300), peak_for(3_000)
    assert large < 1.5 * small + 500_000, (small, large)


def test_a_left_over_findings_partial_alone_blocks_without_leaving_a_new_partial(tmp_path, engine, capsys):
    src = _jsonl(tmp_path / "ads.jsonl", make_adverts(3))
    (tmp_path / "f.csv.partial").write_text("id\n")
    out = tmp_path / "o.csv"
    assert main(["batch", str(src), "--out", str(out), "--findings", str(tmp_path / "f.csv")]) == 2
    assert "f.csv.partial is left from an interrupted run" in capsys.readouterr().err
    assert not (tmp_path / "o.csv.partial").exists()
