"""Real interruptions of a real batch: Ctrl-C, then kill -9, then --resume.

``advert-assistant batch --jobs 2`` runs in a subprocess on 300 generated adverts with the
real engine. It is interrupted twice while it writes, resumed each time, and must end
with exactly one row per advert, identical to an uninterrupted run.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _batch_adverts import make_adverts
from advert_assistant.batch.readers import ReadOptions
from advert_assistant.batch.runner import BatchOptions, run_batch

pytestmark = pytest.mark.slow

N = 300
CHUNK = 16


def _rows_in(path: Path) -> int:
    """Complete data rows in a CSV partial file (one line per row: the adverts' texts are not copied)."""
    try:
        with open(path, "rb") as fh:
            return max(0, sum(1 for line in fh if line.endswith(b"\n")) - 1)
    except FileNotFoundError:
        return 0


def _wait_for_rows(path: Path, proc: subprocess.Popen, at_least: int, timeout: float = 240) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = _rows_in(path)
        if n >= at_least:
            return n
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"batch ended before it was interrupted (rc={proc.returncode}): {err[-2000:]}")
        time.sleep(0.05)
    pytest.fail(f"no {at_least} rows in {path} after {timeout} s")


def _descendants(pid: int) -> list[int]:
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with distributed
        return []
    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _alive(pid: int) -> bool:
    try:
        import psutil

        p = psutil.Process(pid)
        return p.status() != psutil.STATUS_ZOMBIE
    except Exception:
        return False


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_ctrl_c_then_kill_9_then_resume_gives_exactly_one_identical_row_per_advert(tmp_path):
    ads = make_adverts(N)
    src = tmp_path / "ads.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for a in ads:
            fh.write(json.dumps(a) + "\n")
    out = tmp_path / "scores.csv"
    partial = Path(f"{out}.partial")
    cmd = [sys.executable, "-m", "advert_assistant", "batch", str(src), "--out", str(out),
           "--jobs", "2", "--chunk-size", str(CHUNK), "--keep", "department", "--no-progress"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    procs: list[subprocess.Popen] = []

    def start(*extra: str) -> subprocess.Popen:
        p = subprocess.Popen(cmd + list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env, start_new_session=True)
        procs.append(p)
        return p

    try:
        # 1. Ctrl-C, as a terminal sends it: SIGINT to the whole process group
        p1 = start()
        _wait_for_rows(partial, p1, 2 * CHUNK)
        os.killpg(p1.pid, signal.SIGINT)
        out1, err1 = p1.communicate(timeout=120)
        assert p1.returncode == 130, err1
        assert "run the same command with --resume" in err1
        assert "Traceback" not in err1
        assert not out.exists()
        after_sigint = _rows_in(partial)
        assert 2 * CHUNK <= after_sigint < N
        assert out1.strip().splitlines()[-1].startswith(f"scored {after_sigint} adverts, 0 failed")

        # 2. resume, then kill -9 the batch process alone (its workers must not linger)
        p2 = start("--resume")
        _wait_for_rows(partial, p2, after_sigint + 2 * CHUNK)
        workers = _descendants(p2.pid)
        assert workers, "expected worker processes with --jobs 2"
        os.kill(p2.pid, signal.SIGKILL)
        p2.communicate(timeout=60)
        assert not out.exists()
        deadline = time.monotonic() + 20
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "worker processes outlived the killed batch"
        after_kill = _rows_in(partial)
        assert after_sigint < after_kill < N

        # 3. resume to the end
        p3 = start("--resume")
        out3, err3 = p3.communicate(timeout=600)
        assert p3.returncode == 0, err3
        last = out3.strip().splitlines()[-1]
        assert last.startswith("scored ") and " 0 failed " in last
        assert not partial.exists()
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()

    got = _read_csv(out)
    assert [r["id"] for r in got] == [a["id"] for a in ads]  # exactly one row per advert, in order

    # an uninterrupted run, in this process, one job
    ref = tmp_path / "reference.csv"
    result = run_batch(BatchOptions(inputs=[str(src)], out=str(ref), read=ReadOptions(keep=("department",)),
                                    jobs=1, progress=False))
    assert result.failed == 0
    assert got == _read_csv(ref)
