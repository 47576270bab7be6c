"""Worker processes that die as they start stop a batch with a clear error, never a traceback.

Real spawn pools, not stand-ins: ``_Processes._start`` is replaced so that the pool's
workers run an initializer from this module (spawned children import it by name, as
they would any module on ``sys.path``). :func:`_die_at_start` ends every worker before
it can take a task, as a worker that cannot bootstrap or is killed at start would.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import sys
import time
import types
from concurrent.futures import ProcessPoolExecutor

import pytest

from _batch_adverts import fake_report, install_fake_engine, make_adverts
from advert_assistant.batch import runner
from advert_assistant.batch.runner import BatchOptions, EngineUnavailable, run_batch
from advert_assistant.cli import main

N_ADVERTS = 6
CHUNK = 2
KILL = "KILL-THIS-WORKER"
MESSAGE = "worker processes keep dying as they start"


def _die_at_start(*args) -> None:
    """A worker initializer that ends its process at once."""
    os._exit(1)


def _fake_engine_worker(partial: str, rows: int) -> None:
    """A worker initializer that puts the stand-in engine in place of the real one.

    An advert holding ``KILL`` ends its worker, once ``partial`` holds ``rows`` data
    rows (so the chunks before it have been written first)."""
    def assess_many(texts, *, config=None, batch_size=64, errors="raise"):
        for text in texts:
            if KILL in text:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and _data_rows(partial) < rows:
                    time.sleep(0.02)
                os._exit(1)
            yield fake_report(text)

    fake = types.ModuleType("advert_assistant.engine")
    fake.assess = lambda text, *, config=None: fake_report(text)
    fake.assess_many = assess_many
    fake.warm_up = lambda config=None: None
    sys.modules["advert_assistant.engine"] = fake


def _data_rows(path: str) -> int:
    try:
        with open(path, encoding="utf-8") as fh:
            return max(0, sum(1 for line in fh if line.endswith("\n")) - 1)
    except FileNotFoundError:
        return 0


def _pools(monkeypatch, initializers):
    """Make the n-th pool a real spawn pool whose workers run ``initializers[n]`` (the last one
    from then on); returns the list of pools started."""
    started = []

    def start(self):
        init, args = initializers[min(len(started), len(initializers) - 1)]
        self.pool = ProcessPoolExecutor(max_workers=self.workers,
                                        mp_context=multiprocessing.get_context("spawn"),
                                        initializer=init, initargs=args)
        started.append(self.pool)

    monkeypatch.setattr(runner._Processes, "_start", start)
    return started


def _adverts(tmp_path, kill_at=None):
    ads = make_adverts(N_ADVERTS)
    if kill_at is not None:
        ads[kill_at]["text"] += " " + KILL
    src = tmp_path / "ads.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ads), encoding="utf-8")
    return ads, src


def test_workers_that_die_as_they_start_stop_the_batch_with_engine_unavailable(tmp_path, monkeypatch):
    pools = _pools(monkeypatch, [(_die_at_start, ())])
    _, src = _adverts(tmp_path)
    out = tmp_path / "o.csv"
    began = time.monotonic()
    with pytest.raises(EngineUnavailable, match=MESSAGE) as caught:
        run_batch(BatchOptions(inputs=[str(src)], out=str(out), jobs=2, chunk_size=CHUNK, progress=False))
    assert time.monotonic() - began < 60
    message = str(caught.value)
    assert "--jobs 1" in message and "\n" not in message
    assert len(pools) == 1 + runner._START_ATTEMPTS  # the first pool, then the restarts that broke at once
    assert not out.exists() and not (tmp_path / "o.csv.partial").exists()


def test_the_cli_says_so_in_one_line_with_exit_2(tmp_path, monkeypatch, capsys):
    _pools(monkeypatch, [(_die_at_start, ())])
    _, src = _adverts(tmp_path)
    out = tmp_path / "o.csv"
    code = main(["batch", str(src), "--out", str(out), "--jobs", "2", "--chunk-size", str(CHUNK),
                 "--no-progress"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("advert-assistant batch: error: ") and MESSAGE in captured.err
    assert captured.out == ""


def test_rows_written_before_the_workers_stopped_starting_are_kept_for_resume(tmp_path, monkeypatch, capsys):
    out = tmp_path / "o.csv"
    partial = tmp_path / "o.csv.partial"
    _pools(monkeypatch, [(_fake_engine_worker, (str(partial), CHUNK)), (_die_at_start, ())])
    ads, src = _adverts(tmp_path, kill_at=CHUNK + 1)  # in the second chunk
    argv = ["batch", str(src), "--out", str(out), "--chunk-size", str(CHUNK), "--no-progress"]
    assert main(argv + ["--jobs", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and MESSAGE in err
    assert not out.exists() and _data_rows(str(partial)) == CHUNK

    install_fake_engine(monkeypatch)
    assert main(argv + ["--jobs", "1", "--resume"]) == 0
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == [a["id"] for a in ads]
    assert not any(r["error"] for r in rows)
