"""Load test of the web page: server time per paste, and 20 simultaneous users over HTTP.

    .venv/bin/python benchmarks/load_ui.py [--users 20] [--requests 5] [--url http://127.0.0.1:PORT/]
                                           [--data ../shared/data/corpus] [--words 600]

1. **Server time**: the page's scoring handler (assess + highlights + scores + fixes +
   checklists + diff), called directly on adverts of about ``--words`` words: p50, p95.
2. **Load**: ``--users`` simultaneous visitors, each its own gradio_client session,
   who open the page (its ``/open`` load event) and then each paste ``--requests``
   different adverts through the page's ``/score`` endpoint. All first pastes start at the same moment; between pastes a visitor reads
   the scores for ``--think`` seconds (0.5x-1.5x at random, seeded; ``--think 0`` is a
   stress test with no pause). Prints per-request latency p50, p95, max, and errors
   (an exception, or an answer without scores and highlights).

The page is served by ``app.py`` in its own process on a free loopback port unless
``--url`` names one; only loopback addresses are accepted. Adverts come from the corpus (read in place,
550-650 words) when it is there, otherwise from the built-in examples made distinct.
Exit status 1 when a target is missed: no errors, load p95 < 1 s, server p95 <= 300 ms.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SERVER_P95_MS = 300
LOAD_P95_S = 1.0


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def corpus_adverts(data: Path, n: int, words: int) -> list[str]:
    out: list[str] = []
    lo, hi = int(words * 0.92), int(words * 1.08)
    for name in ("nhs.jsonl.gz", "emscad.jsonl.gz", "skillspan.jsonl.gz"):
        path = data / name
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"]
                if lo <= len(text.split()) <= hi:
                    out.append(text)
                    if len(out) >= n:
                        return out
    return out


def example_adverts(n: int, words: int) -> list[str]:
    """Distinct adverts of about ``words`` words built from the built-in examples."""
    from advert_assistant.ui.handlers import examples

    texts = [Path(p).read_text(encoding="utf-8") for p in examples().values()]
    towns = ["Leeds", "Derby", "Hull", "Exeter", "Bangor", "Perth", "Lincoln", "Truro", "Stirling", "Newry"]
    out = []
    for i in range(n):
        base = texts[i % len(texts)]
        filler = texts[(i + 1) % len(texts)].split()
        need = max(0, words - len(base.split()))
        extra = " ".join(filler[:need])
        out.append(f"{base}\n\nAbout {towns[i % len(towns)]} (office {i + 1})\n{extra}\n")
    return out


def server_time(adverts: list[str]) -> list[float]:
    from advert_assistant.config import Config
    from advert_assistant.engine import warm_up
    from advert_assistant.ui import handlers

    base = Config()
    warm_up(base)
    handlers.analyse(adverts[0], handlers.Session(), base)
    times = []
    for text in adverts:
        t0 = time.perf_counter()
        view = handlers.analyse(text, handlers.Session(), base)
        times.append((time.perf_counter() - t0) * 1000)
        if "<mark" not in (view.highlights or "") or "data-overall" not in (view.scores or ""):
            raise SystemExit("the scoring handler gave no scores or highlights: " + (view.notice or ""))
    return times


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve() -> tuple[str, subprocess.Popen]:
    """Start app.py on a free loopback port, in its own process, and wait until it scores."""
    from gradio_client import Client

    port = free_port()
    env = dict(os.environ, ADVERT_ASSISTANT_HOST="127.0.0.1", ADVERT_ASSISTANT_PORT=str(port))
    proc = subprocess.Popen([sys.executable, str(REPO / "app.py")], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"app.py exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("app.py did not start within 180 s")
            time.sleep(0.3)
    # every worker warm: a few answers in a row before the clock starts
    client = Client(url, verbose=False, ssl_verify=False)
    for i in range(4):
        client.predict(f"Warm-up advert {i}. You will work in Leeds for £30,000 a year.", api_name="/score")
    return url, proc


def one_user(url: str, adverts: list[str], results: list, errors: list, start: threading.Barrier,
             think: float, seed: int) -> None:
    from gradio_client import Client

    try:
        # Plain HTTP on loopback: there is no TLS, so skip loading the CA bundle, which
        # gradio_client otherwise does for every request (it dominates the client's CPU).
        client = Client(url, verbose=False, ssl_verify=False)
        client.predict(api_name="/open")          # the visitor opens the page
    except Exception as exc:  # noqa: BLE001
        errors.append(f"connect: {exc}")
        start.abort()
        return
    try:
        start.wait(timeout=120)
    except threading.BrokenBarrierError:
        return
    rng = random.Random(seed)
    for i, text in enumerate(adverts):
        if i and think > 0:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))   # reading the scores
        t0 = time.perf_counter()
        try:
            out = client.predict(text, api_name="/score")
            elapsed = time.perf_counter() - t0
            notice, scores, highlights = out[0], out[1], out[2]
            if "<mark" not in highlights or "data-overall=\"" not in scores or "aa-error" in notice:
                errors.append(f"bad answer after {elapsed:.2f}s: {notice[:120]}")
            results.append((i, elapsed))
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
    client.close() if hasattr(client, "close") else None


def load(url: str, adverts: list[str], users: int, requests: int,
         think: float) -> tuple[list[tuple[int, float]], list[str], float]:
    results: list[tuple[int, float]] = []       # (paste number of that user, seconds)
    errors: list[str] = []
    barrier = threading.Barrier(users + 1)
    t0 = 0.0
    with ThreadPoolExecutor(max_workers=users) as pool:
        futures = [
            pool.submit(one_user, url, adverts[u * requests:(u + 1) * requests], results, errors, barrier,
                        think, u)
            for u in range(users)
        ]
        try:
            barrier.wait(timeout=180)
        except threading.BrokenBarrierError:
            pass
        t0 = time.perf_counter()
        for f in futures:
            f.result(timeout=600)
    return results, errors, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--requests", type=int, default=5, help="adverts each user pastes, one after another")
    ap.add_argument("--think", type=float, default=1.0,
                    help="seconds a user spends reading the scores before the next paste (0.5x-1.5x at random; "
                         "0 = back to back); every user's first paste starts at the same moment")
    ap.add_argument("--url", help="a page already served on a loopback address")
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "corpus"))
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--server-n", type=int, default=40, help="adverts for the server-time measurement")
    args = ap.parse_args()
    if not 1 <= args.users <= 100 or not 1 <= args.requests <= 50:
        ap.error("keep it bounded: 1-100 users, 1-50 requests each")
    if args.url and urlsplit(args.url).hostname not in LOOPBACK:
        ap.error("--url must be a loopback address (127.0.0.1, localhost, ::1)")

    need = max(args.users * args.requests, args.server_n)
    adverts = corpus_adverts(Path(args.data), need, args.words)
    source = f"corpus adverts of {int(args.words * .92)}-{int(args.words * 1.08)} words"
    if len(adverts) < need:
        adverts = example_adverts(need, args.words)
        source = f"built-in examples made distinct (about {args.words} words)"
    words = statistics.mean(len(t.split()) for t in adverts)
    print(f"adverts: {len(adverts)} {source}, mean {words:.0f} words")

    st = server_time(adverts[: args.server_n])
    print(f"server time, paste -> scores and highlights ({len(st)} adverts): "
          f"p50 {pct(st, 50):.0f} ms, p95 {pct(st, 95):.0f} ms, max {max(st):.0f} ms")

    proc = None
    if args.url:
        url = args.url
    else:
        url, proc = serve()
    try:
        results, errors, wall = load(url, adverts, args.users, args.requests, args.think)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    total = args.users * args.requests
    print(f"load: {args.users} simultaneous users x {args.requests} adverts each on {url}, "
          f"think time {args.think:g} s; load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    latencies = [t for _, t in results]
    if results:
        print(f"  latency p50 {pct(latencies, 50):.3f} s, p95 {pct(latencies, 95):.3f} s, "
              f"max {max(latencies):.3f} s; {len(results)}/{total} answered in {wall:.1f} s "
              f"({len(results) / wall:.1f} per s)")
        first = [t for i, t in results if i == 0]
        later = [t for i, t in results if i > 0]
        if first and later:
            print(f"  the {len(first)} first pastes, all at once: "
                  f"p50 {pct(first, 50):.3f} s, p95 {pct(first, 95):.3f} s; "
                  f"later pastes: p50 {pct(later, 50):.3f} s, p95 {pct(later, 95):.3f} s")
    print(f"  errors: {len(errors)}")
    for e in errors[:5]:
        print(f"    {e}")

    ok = (not errors and len(results) == total and pct(latencies, 95) < LOAD_P95_S
          and pct(st, 95) <= SERVER_P95_MS)
    print("targets (no errors, load p95 < 1 s, server p95 <= 300 ms):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
