"""The Dask path on a real LocalCluster (2 worker processes): identical to one machine."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from _batch_adverts import make_adverts

dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from advert_assistant.batch import BatchInputError, assess_dataframe  # noqa: E402
from advert_assistant.batch.dask import assess_dask, connect  # noqa: E402
from advert_assistant.batch.readers import ReadOptions  # noqa: E402
from advert_assistant.batch.runner import BatchOptions, run_batch  # noqa: E402
from advert_assistant.cli import main  # noqa: E402

pytestmark = pytest.mark.slow

N = 60


@pytest.fixture(scope="module")
def client():
    c, cluster = connect(None, n_workers=2)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture(scope="module")
def frame():
    ads = make_adverts(N, seed=11)
    ads[5]["text"] = "   "  # an error row must come out the same way too
    return pd.DataFrame(ads)


@pytest.fixture(scope="module")
def single(frame):
    return assess_dataframe(frame, text_column="text", id_column="id", keep=["department"])


def test_cluster_has_two_single_threaded_worker_processes(client):
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    assert all(w["nthreads"] == 1 for w in workers.values())
    pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert len(pids) == 2


def _pipeline_identity(_):
    import os

    from advert_assistant.engine import get_nlp

    return os.getpid(), id(get_nlp())


def test_each_worker_loads_the_pipeline_once(client, frame):
    ddf = dd.from_pandas(frame, npartitions=4)
    assess_dask(ddf, text_column="text", id_column="id").compute()
    seen = client.gather(client.map(_pipeline_identity, range(12), pure=False))
    by_pid: dict[int, set[int]] = {}
    for pid, ident in seen:
        by_pid.setdefault(pid, set()).add(ident)
    assert all(len(ids) == 1 for ids in by_pid.values()), by_pid


def test_dataframe_on_the_cluster_equals_the_single_machine_run(client, frame, single):
    ddf = dd.from_pandas(frame, npartitions=5)
    got = assess_dask(ddf, text_column="text", id_column="id", keep=["department"]).compute()
    pd.testing.assert_frame_equal(got, single)
    assert got["error"].notna().sum() == 1


def test_bag_on_the_cluster_equals_the_single_machine_run(client, frame, single):
    bag = db.from_sequence(frame.to_dict("records"), npartitions=4)
    rows = assess_dask(bag, text_column="text", id_column="id", keep=["department"]).compute()
    from advert_assistant.batch.dataframe import result_frame

    got = result_frame(rows, ["department"])
    assert set(got["source"]) == {"bag"}
    pd.testing.assert_frame_equal(got.drop(columns="source"),
                                  single.reset_index(drop=True).drop(columns="source"))
    pairs = db.from_sequence(list(zip(frame["id"], frame["text"])), npartitions=3)
    rows = assess_dask(pairs).compute()
    assert [r["id"] for r in rows] == frame["id"].tolist()
    assert [r["overall"] for r in rows] == [None if pd.isna(v) else v for v in single["overall"]]


def test_missing_column_is_reported_before_anything_runs(client, frame):
    with pytest.raises(BatchInputError, match=r"no text column 'body'; available columns: 'id', 'text'"):
        assess_dask(dd.from_pandas(frame, npartitions=2), text_column="body")
    with pytest.raises(TypeError, match="Dask DataFrame or bag"):
        assess_dask(frame)


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_cli_engine_dask_on_an_existing_scheduler_and_on_a_local_cluster(client, frame, tmp_path, capsys):
    src = tmp_path / "ads.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for rec in frame.to_dict("records"):
            fh.write(json.dumps(rec) + "\n")
    ref = tmp_path / "ref.csv"
    run_batch(BatchOptions(inputs=[str(src)], out=str(ref), read=ReadOptions(keep=("department",)), progress=False))
    expected = _read_csv(ref)

    out = tmp_path / "dask.csv"
    address = client.scheduler.address
    code = main(["batch", str(src), "--out", str(out), "--keep", "department", "--engine", "dask",
                 "--scheduler", address, "--chunk-size", "7"])
    assert code == 1  # the one empty advert
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith(f"scored {N} adverts, 1 failed")
    assert _read_csv(out) == expected

    out2 = tmp_path / "local.csv"
    code = main(["batch", str(src), "--out", str(out2), "--keep", "department", "--engine", "dask",
                 "--jobs", "2", "--chunk-size", "16"])
    assert code == 1
    assert _read_csv(out2) == expected


def test_unreachable_scheduler_is_a_usage_error(tmp_path, capsys):
    src = tmp_path / "ads.csv"
    src.write_text("text\nHello\n")
    code = main(["batch", str(src), "--out", str(tmp_path / "o.csv"), "--engine", "dask",
                 "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
