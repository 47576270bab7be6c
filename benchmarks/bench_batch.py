"""Benchmark batch scoring end to end on the NHS corpus.

    .venv/bin/python benchmarks/bench_batch.py               # all 14,521 adverts (several minutes)
    .venv/bin/python benchmarks/bench_batch.py --limit 500   # a quick look

In one run it measures, on the same texts:

1. ``advert-assistant batch nhs.jsonl.gz --out scores.parquet --jobs 2`` as a subprocess,
   end to end (start-up, reading, scoring, writing): adverts per second and the peak
   resident memory of the whole process tree (sampled every 50 ms);
2. the bare spaCy pipeline the engine uses (``advert_assistant.engine.get_nlp()``, same
   components) over the same normalised texts with ``nlp.pipe(..., n_process=2)``, and
   the ratio of (1) to it;
   and, in this one process on a sample, ``assess_many`` against the bare pipeline, to
   show how much of the gap is the engine's own work rather than the batch machinery;
3. the same batch on a Dask LocalCluster (``--engine dask --jobs 2``), and its time
   relative to (1).

Targets: >= 60 adverts/s; ratio to bare spaCy >= 0.8; peak RSS <= 1.5 GB; Dask within 25%
of ``--jobs 2``. It reads the corpus in place from ../shared/data and writes only to a
temporary folder; without the corpus it says so and exits.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "nhs.jsonl.gz"

TARGET_RATE = 60.0
TARGET_RATIO = 0.8
TARGET_RSS_GB = 1.5
TARGET_DASK = 1.25


class PeakRSS:
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        try:
            procs = [self.root] + self.root.children(recursive=True)
        except self.psutil.NoSuchProcess:
            return 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except (self.psutil.NoSuchProcess, self.psutil.AccessDenied):
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_batch_cli(src: Path, out: Path, extra: list[str]) -> tuple[float, int, str, float]:
    """(seconds, peak RSS bytes of the process tree, final line, CPU seconds of the tree)."""
    cmd = [sys.executable, "-m", "advert_assistant", "batch", str(src), "--out", str(out),
           "--no-progress", *extra]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with PeakRSS(proc.pid) as rss:
            stdout, stderr = proc.communicate()
    except BaseException:
        proc.kill()
        raise
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-3000:]}")
    lines = stdout.strip().splitlines()
    return seconds, rss.peak, lines[-1] if lines else "", _children_cpu() - cpu_before


def bare_spacy(texts: list[str], n_process: int, batch_size: int, stock_tokenizer: bool = False) -> float:
    """Seconds for the engine's own pipeline over ``texts`` (already normalised); with
    ``stock_tokenizer``, the same pipeline with spaCy's tokenizer as it comes (without
    :class:`advert_assistant.nlp.CachingTokenizer`), for comparison."""
    from advert_assistant.engine import get_nlp

    nlp = get_nlp()
    ours = nlp.tokenizer
    if stock_tokenizer:  # a fresh copy: its cache starts empty, as in a new process
        plain = ours.tokenizer
        nlp.tokenizer = plain.__class__(*plain.__reduce__()[1])
    try:
        started = time.perf_counter()
        n = 0
        for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            n += 1
    finally:
        nlp.tokenizer = ours
    assert n == len(texts)
    return time.perf_counter() - started


def engine_vs_bare(raw: list[str], prepared: list[str]) -> tuple[float, float]:
    """(engine, bare pipeline) texts per second in this one process, on the same texts:
    where the gap to the bare pipeline comes from, without processes or I/O."""
    from advert_assistant.engine import assess_many, get_nlp, warm_up

    warm_up()
    nlp = get_nlp()
    started = time.perf_counter()
    for _ in nlp.pipe(prepared, batch_size=64):
        pass
    bare = len(prepared) / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in assess_many(raw, batch_size=64, errors="return"):
        pass
    engine = len(raw) / (time.perf_counter() - started)
    return engine, bare


def load_texts(src: Path) -> list[str]:
    """The texts the engine will see: each advert's text after the engine's normalisation."""
    from advert_assistant.engine import prepare

    texts = []
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                try:
                    texts.append(prepare(json.loads(line)["text"]))
                except Exception:  # an advert the engine refuses is not piped either
                    pass
    return texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="use only the first N adverts")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-dask", action="store_true", help="do not run the Dask comparison")
    ap.add_argument("--sample", type=int, default=1000,
                    help="adverts for the one-process engine vs bare pipeline comparison (default 1000)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)

    if not CORPUS.exists():
        print(f"skipped: needs ../shared/data (the adverts corpus); {CORPUS} is absent")
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        tmpdir = Path(tmp)
        src = CORPUS
        if args.limit:
            src = tmpdir / "sample.jsonl.gz"
            with gzip.open(CORPUS, "rt", encoding="utf-8") as fin, gzip.open(src, "wt", encoding="utf-8") as fout:
                for i, line in enumerate(fin):
                    if i >= args.limit:
                        break
                    fout.write(line)
        with gzip.open(src, "rt", encoding="utf-8") as fh:
            n_adverts = sum(1 for line in fh if line.strip())
        print(f"{n_adverts} adverts from {CORPUS.name}{f' (first {args.limit})' if args.limit else ''}; "
              f"{os.cpu_count()} CPUs; --jobs {args.jobs}", flush=True)

        # 1. end to end
        seconds, peak, final, cpu = run_batch_cli(src, tmpdir / "scores.parquet", ["--jobs", str(args.jobs)])
        rate = n_adverts / seconds
        ncpu = os.cpu_count() or 1
        print(f"batch --jobs {args.jobs}: {seconds:.1f} s, {rate:.1f} adverts/s, "
              f"peak RSS {peak / 1e9:.2f} GB   [{final}]", flush=True)
        print(f"  CPU time of the batch's processes: {cpu:.0f} s = {100 * cpu / (seconds * ncpu):.0f}% of "
              f"{ncpu} CPUs over the run ({n_adverts / cpu:.1f} adverts per CPU-second); the rest went "
              f"to other processes on the machine", flush=True)

        # 2. bare spaCy on the same texts, same components
        texts = load_texts(src)
        bare_s = bare_spacy(texts, n_process=args.jobs, batch_size=64)
        bare_rate = len(texts) / bare_s
        ratio = rate / bare_rate
        print(f"bare spaCy pipeline (nlp.pipe, n_process={args.jobs}): {bare_s:.1f} s, "
              f"{bare_rate:.1f} texts/s; batch / bare = {ratio:.2f}", flush=True)
        stock_s = bare_spacy(texts, n_process=args.jobs, batch_size=64, stock_tokenizer=True)
        print(f"  for comparison, the same pipeline with spaCy's stock tokenizer: {stock_s:.1f} s, "
              f"{len(texts) / stock_s:.1f} texts/s; batch / that = {rate * stock_s / len(texts):.2f}", flush=True)
        del texts

        # 2b. the same comparison in one process on a sample: engine (assess_many) vs bare pipeline
        raw: list[str] = []
        with gzip.open(src, "rt", encoding="utf-8") as fh:
            for line in fh:
                if len(raw) >= args.sample:
                    break
                if line.strip():
                    raw.append(json.loads(line)["text"])
        from advert_assistant.engine import prepare

        engine_rate, bare1_rate = engine_vs_bare(raw, [prepare(t) for t in raw])
        print(f"one process, first {len(raw)} adverts: engine assess_many {engine_rate:.1f}/s, "
              f"bare pipeline {bare1_rate:.1f}/s (engine / bare = {engine_rate / bare1_rate:.2f})", flush=True)

        # 3. Dask LocalCluster
        dask_s = dask_rel = None
        if not args.skip_dask:
            dask_s, dask_peak, dask_final, _ = run_batch_cli(
                src, tmpdir / "scores-dask.parquet", ["--engine", "dask", "--jobs", str(args.jobs)])
            dask_rel = dask_s / seconds
            print(f"batch --engine dask (LocalCluster, {args.jobs} workers): {dask_s:.1f} s, "
                  f"{n_adverts / dask_s:.1f} adverts/s, {dask_rel:.2f} x the time of --jobs {args.jobs}, "
                  f"peak RSS {dask_peak / 1e9:.2f} GB", flush=True)

    checks = [
        (f"adverts/s >= {TARGET_RATE:g}", rate >= TARGET_RATE, f"{rate:.1f}"),
        (f"batch / bare spaCy >= {TARGET_RATIO:g}", ratio >= TARGET_RATIO, f"{ratio:.2f}"),
        (f"peak RSS <= {TARGET_RSS_GB:g} GB", peak / 1e9 <= TARGET_RSS_GB, f"{peak / 1e9:.2f} GB"),
    ]
    if dask_rel is not None:
        checks.append((f"Dask time <= {TARGET_DASK:g} x --jobs {args.jobs}", dask_rel <= TARGET_DASK,
                       f"{dask_rel:.2f}"))
    print("\ntarget                              measured    met")
    for name, ok, value in checks:
        print(f"{name:<35} {value:>10}    {'yes' if ok else 'NO'}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "adverts": n_adverts, "jobs": args.jobs, "seconds": seconds, "adverts_per_s": rate,
            "peak_rss_bytes": peak, "cpu_seconds": cpu, "bare_spacy_texts_per_s": bare_rate, "ratio_to_bare": ratio,
            "dask_seconds": dask_s, "dask_relative": dask_rel,
            "one_process_engine_per_s": engine_rate, "one_process_bare_per_s": bare1_rate,
        }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
