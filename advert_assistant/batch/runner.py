"""Score many adverts: read, assess in chunks on N processes (or a Dask cluster), write.

:func:`run_batch` is what ``advert-assistant batch`` calls. The flow:

1. :func:`~advert_assistant.batch.readers.read_inputs` streams :class:`Record` objects;
   with ``resume`` the ids already in the output are skipped.
2. Records are grouped in chunks (64 by default); each chunk is scored by
   :func:`process_chunk` in a worker process that loaded the pipeline once, through
   :func:`advert_assistant.assess_many` (batched ``nlp.pipe``).
3. At most ``3 x workers`` chunks are in flight, so memory stays bounded however large
   the input; results are written in input order, one chunk at a time, to
   ``OUT.partial`` (flushed and synced), and the finished file is moved into place at
   the end.

A chunk whose worker crashes is retried, then scored one advert per task, so only an
advert that itself kills a worker becomes an error row. The pool a crash breaks is
replaced by one whose workers must first answer a trivial call; if 3 new pools in a
row break before that (workers that die as they start), the batch stops with
:class:`EngineUnavailable`, keeping the rows written so far for ``--resume``. Ctrl-C
(or SIGTERM) stops submitting, writes the chunks already scored, keeps ``OUT.partial``
and says how to resume.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TextIO

from ..config import Config
from ..errors import AdvertAssistantError, InputError
from .readers import BatchInputError, ReadOptions, Record, count_inputs, load_record_text, read_inputs
from .rows import FINDING_COLUMNS, error_row, findings_to_rows, report_to_row, row_columns
from .writers import TableWriter

DEFAULT_CHUNK_SIZE = 64

ChunkResult = tuple[list[dict[str, Any]], list[dict[str, Any]]]


@dataclass
class BatchOptions:
    """Everything ``advert-assistant batch`` takes."""

    inputs: Sequence[str]
    out: str
    findings: str | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    jobs: int = 1
    chunk_size: int = DEFAULT_CHUNK_SIZE
    resume: bool = False
    config: Config | None = None
    engine: str = "local"            # "local" (processes) or "dask"
    scheduler: str | None = None     # Dask scheduler address; None = a LocalCluster
    progress: bool | None = None     # None: a progress bar only when stderr is a terminal


@dataclass
class BatchResult:
    out: Path
    scored: int = 0          # rows written by this run (including failed ones)
    failed: int = 0          # rows of this run with an error
    previous: int = 0        # rows already in the output when resuming
    previous_failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    signal_name: str | None = None

    @property
    def rate(self) -> float:
        return self.scored / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 143 if self.signal_name == "SIGTERM" else 130
        return 1 if (self.failed or self.previous_failed) else 0

    def summary_line(self) -> str:
        line = (f"scored {self.scored} adverts, {self.failed} failed in {self.seconds:.1f} s "
                f"({self.rate:.1f} adverts/s) -> {self.out}")
        if self.previous:
            line += f" (plus {self.previous} rows from the earlier run, {self.previous_failed} failed)"
        return line


# --------------------------------------------------------------------------- the work of one chunk

class EngineUnavailable(AdvertAssistantError):
    """The engine cannot score anything here (pipeline, model or rules missing or broken)."""


def _fatal(exc: BaseException) -> bool:
    """An error that no advert can get past: stop the batch instead of failing every row."""
    return isinstance(exc, AdvertAssistantError) and not isinstance(exc, InputError)


_WORKER_ERROR: BaseException | None = None


def _assess_texts(texts: list[str], config: Config | None) -> list[Any]:
    """A Report or an exception per text; a bug in one advert does not sink the chunk."""
    if _WORKER_ERROR is not None:
        raise EngineUnavailable(str(_WORKER_ERROR))
    if not texts:
        return []
    from ..engine import assess, assess_many

    try:
        results = list(assess_many(texts, config=config, errors="return"))
        if len(results) == len(texts):
            return results
    except Exception as exc:  # fall back to one at a time to find the advert that fails
        if _fatal(exc):
            raise EngineUnavailable(str(exc)) from None
    out: list[Any] = []
    for t in texts:
        try:
            out.append(assess(t, config=config))
        except InputError as exc:
            out.append(exc)
        except Exception as exc:
            if _fatal(exc):
                raise EngineUnavailable(str(exc)) from None
            out.append(RuntimeError(f"internal error while scoring: {type(exc).__name__}: {exc}"))
    return out


def process_chunk(records: Sequence[Record], config: Config | None = None,
                  want_findings: bool = False) -> ChunkResult:
    """Score one chunk of records: (advert rows, finding rows), in record order."""
    rows: list[dict[str, Any] | None] = [None] * len(records)
    texts: list[str] = []
    where: list[int] = []
    for i, rec in enumerate(records):
        if rec.error:
            rows[i] = error_row(rec.id, rec.error, rec.source, rec.extra)
            continue
        try:
            text = load_record_text(rec)
        except InputError as exc:
            rows[i] = error_row(rec.id, exc, rec.source, rec.extra)
            continue
        except Exception as exc:  # a loader bug on one odd file must not stop the batch
            rows[i] = error_row(rec.id, f"cannot read: {type(exc).__name__}: {exc}", rec.source, rec.extra)
            continue
        texts.append(text)
        where.append(i)
    findings: list[dict[str, Any]] = []
    for i, result in zip(where, _assess_texts(texts, config)):
        rec = records[i]
        if isinstance(result, BaseException):
            rows[i] = error_row(rec.id, result, rec.source, rec.extra)
        else:
            rows[i] = report_to_row(rec.id, result, source=rec.source, extra=rec.extra)
            if want_findings:
                findings.extend(findings_to_rows(rec.id, result))
    return [r for r in rows if r is not None], findings


# --------------------------------------------------------------------------- worker processes

def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(1.0)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(1)  # the batch died (kill -9): do not linger as an orphan
        except PermissionError:
            pass
        if os.getppid() != parent_pid:
            os._exit(1)


def _one_thread_each() -> None:
    """One BLAS/OpenMP thread per worker: N workers on N cores must not start N x N threads."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:  # threadpoolctl comes with scikit-learn; without it the variables do
        pass


def _init_worker(parent_pid: int, config: Config | None) -> None:
    """Runs once in each worker: ignore Ctrl-C (the parent handles it), load the pipeline."""
    global _WORKER_ERROR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    _one_thread_each()
    try:
        from ..engine import warm_up

        warm_up(config)
    except Exception as exc:  # reported with the first chunk, which stops the batch
        _WORKER_ERROR = exc


class _Backend:
    """Runs chunks somewhere; ``submit`` returns an object with ``done()`` and ``result()``."""

    workers = 1
    broken_types: tuple[type[BaseException], ...] = ()

    def submit(self, chunk: list[Record]) -> Any:
        raise NotImplementedError

    def restart(self) -> None:
        pass

    def shutdown(self, *, cancel: bool = False) -> None:
        pass


class _Done:
    def __init__(self, fn: Callable[[], ChunkResult]) -> None:
        self._fn = fn
        self._value: ChunkResult | None = None
        self._error: BaseException | None = None
        self._ran = False

    def done(self) -> bool:
        return True

    def result(self, timeout: float | None = None) -> ChunkResult:
        if not self._ran:
            self._ran = True
            try:
                self._value = self._fn()
            except Exception as exc:
                self._error = exc
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


class _InProcess(_Backend):
    def __init__(self, config: Config | None, want_findings: bool) -> None:
        self.config, self.want_findings = config, want_findings
        from ..engine import warm_up

        try:
            warm_up(config)
        except AdvertAssistantError as exc:
            if _fatal(exc):
                raise EngineUnavailable(str(exc)) from None
            raise

    def submit(self, chunk: list[Record]) -> _Done:
        return _Done(lambda: process_chunk(chunk, self.config, self.want_findings))


_START_ATTEMPTS = 3

_DYING_WORKERS = ("the worker processes keep dying as they start (a new pool of them broke "
                  f"{_START_ATTEMPTS} times in a row before running anything); run with --jobs 1 "
                  "to see the underlying error")


class _Processes(_Backend):
    """Chunks on a pool of spawned worker processes, replaced whenever a dying worker breaks it."""

    def __init__(self, jobs: int, config: Config | None, want_findings: bool) -> None:
        from concurrent.futures.process import BrokenProcessPool

        self.workers = jobs
        self.config, self.want_findings = config, want_findings
        self.broken_types = (BrokenProcessPool,)
        self._start()

    def _start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(os.getpid(), self.config),
        )

    def submit(self, chunk: list[Record]) -> Any:
        """Queue one chunk; a pool found already broken is restarted first.

        Raises :class:`EngineUnavailable` when the pool keeps breaking (see :meth:`restart`).
        """
        for _ in range(_START_ATTEMPTS):
            try:
                return self.pool.submit(process_chunk, chunk, self.config, self.want_findings)
            except self.broken_types:
                self.restart()
        raise EngineUnavailable(_DYING_WORKERS)

    def restart(self) -> None:
        """Replace the pool with a new one and wait until its workers answer a trivial call.

        A worker that dies as it starts breaks the new pool before that call returns; after
        ``_START_ATTEMPTS`` such pools in a row this raises :class:`EngineUnavailable`
        instead of turning every advert into an error row, one broken pool at a time.
        """
        for _ in range(_START_ATTEMPTS):
            self.shutdown(cancel=True)
            self._start()
            try:
                probes = [self.pool.submit(os.getpid) for _ in range(self.workers)]
                for probe in probes:
                    probe.result()
            except self.broken_types:
                continue
            return
        raise EngineUnavailable(_DYING_WORKERS)

    def shutdown(self, *, cancel: bool = False) -> None:
        if cancel:
            procs = list((getattr(self.pool, "_processes", None) or {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:
                try:
                    p.terminate()
                except Exception:
                    pass
            for p in procs:
                p.join(timeout=5)
        else:
            self.pool.shutdown(wait=True)


class _Dask(_Backend):
    def __init__(self, scheduler: str | None, jobs: int, config: Config | None, want_findings: bool) -> None:
        from .dask import connect

        self.client, self._cluster = connect(scheduler, n_workers=jobs, config=config)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or jobs)
        self.remote = scheduler is not None
        self.config, self.want_findings = config, want_findings

    def submit(self, chunk: list[Record]) -> Any:
        if self.remote:  # workers elsewhere cannot see our files: send their bytes
            chunk = [_with_bytes(r) for r in chunk]
        return self.client.submit(process_chunk, chunk, self.config, self.want_findings, pure=False)

    def shutdown(self, *, cancel: bool = False) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()


def _with_bytes(rec: Record) -> Record:
    if rec.path is None or rec.data is not None or rec.error:
        return rec
    try:
        data = Path(rec.path).read_bytes()
    except OSError as exc:
        return Record(rec.id, rec.source, error=f"cannot read file: {exc.strerror or exc}", extra=rec.extra)
    return Record(rec.id, rec.source, path=rec.path, data=data, extra=rec.extra)


# --------------------------------------------------------------------------- the loop

class _Slot:
    """One chunk in flight: its records, how often it failed, its part(s) and future(s).

    Normally one part (the whole chunk) and one future; after two failures, one part and
    one future per advert, so only an advert that itself kills a worker is lost.
    """

    __slots__ = ("chunk", "attempt", "parts", "futures")

    def __init__(self, chunk: list[Record]) -> None:
        self.chunk = chunk
        self.attempt = 0
        self.parts: list[list[Record]] = [chunk]
        self.futures: list[Any] = []

    def submit(self, backend: "_Backend") -> "_Slot":
        self.parts = [[r] for r in self.chunk] if self.attempt >= 2 else [self.chunk]
        self.futures = [backend.submit(p) for p in self.parts]
        return self

    def done(self) -> bool:
        return all(f.done() for f in self.futures)


def _succeeded(fut: Any) -> bool:
    if not fut.done():
        return False
    try:
        fut.result()
    except BaseException:
        return False
    return True


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


class _Stop:
    """Turns Ctrl-C / SIGTERM into a flag the loop checks between chunks."""

    def __init__(self, stderr: TextIO) -> None:
        self.signal_name: str | None = None
        self.stderr = stderr
        self._old: dict[int, Any] = {}

    def __enter__(self) -> "_Stop":
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        if self.signal_name is not None:  # a second Ctrl-C: stop now
            raise KeyboardInterrupt
        self.signal_name = signal.Signals(signum).name
        print("\nstopping: finishing the chunk being written (Ctrl-C again to stop at once)...",
              file=self.stderr, flush=True)

    def __exit__(self, *exc: Any) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)

    @property
    def requested(self) -> bool:
        return self.signal_name is not None


def _make_backend(options: BatchOptions, want_findings: bool) -> _Backend:
    if options.engine == "dask":
        return _Dask(options.scheduler, max(1, options.jobs), options.config, want_findings)
    if options.engine != "local":
        raise BatchInputError(f"unknown engine {options.engine!r}; use 'local' or 'dask'")
    if options.jobs <= 1:
        return _InProcess(options.config, want_findings)
    return _Processes(options.jobs, options.config, want_findings)


def _progress_bar(options: BatchOptions, initial: int, stderr: TextIO):
    show = options.progress if options.progress is not None else stderr.isatty()
    if not show:
        return None
    from tqdm import tqdm

    total = count_inputs(options.inputs)
    return tqdm(total=total, initial=min(initial, total or initial), unit=" adverts", file=stderr,
                dynamic_ncols=True, smoothing=0.1, desc="loading the pipeline")


def run_batch(options: BatchOptions, *, stderr: TextIO | None = None) -> BatchResult:
    """Score every advert in ``options.inputs`` into ``options.out``.

    Raises :class:`BatchInputError` (before scoring anything) for an unusable input or
    output; every problem with a single advert becomes an error row instead.
    """
    stderr = stderr if stderr is not None else sys.stderr
    jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    options = _replace_jobs(options, jobs)
    chunk_size = max(1, options.chunk_size)
    columns = row_columns(options.read.keep_names())
    writer = TableWriter(options.out, columns, resume=options.resume)
    fwriter = TableWriter(options.findings, FINDING_COLUMNS, resume=options.resume) if options.findings else None
    if fwriter is not None and fwriter.path.resolve() == writer.path.resolve():
        raise BatchInputError("--findings must name a different file from --out")
    records = read_inputs(options.inputs, options.read)  # checks columns before anything runs
    try:
        writer.open()
    except BaseException:
        records.close()
        raise
    try:
        if fwriter is not None:
            fwriter.open()
            if fwriter.resumed_from is not None:
                fwriter.keep_only(writer.previous_ids)
            if writer.previous_ids and fwriter.resumed_from is None:
                print(f"note: {fwriter.path} starts empty; findings of the {len(writer.previous_ids)} "
                      f"adverts scored before are not in it", file=stderr)
    except BaseException:
        records.close()
        writer.discard_if_empty()
        if fwriter is not None:
            fwriter.close()
        raise

    result = BatchResult(out=writer.path, previous=len(writer.previous_ids),
                         previous_failed=writer.previous_errors)
    done = writer.previous_ids
    todo = (r for r in records if r.id not in done) if done else records
    started = time.perf_counter()
    bar = None
    backend: _Backend | None = None
    completed = False
    try:
        with _Stop(stderr) as stop:
            bar = _progress_bar(options, len(done), stderr)
            backend = _make_backend(options, fwriter is not None)
            # enough chunks queued that no worker waits for a slow chunk ahead of it; still bounded
            max_in_flight = 3 * backend.workers if backend.workers > 1 else 1
            in_flight: collections.deque[_Slot] = collections.deque()
            chunks = _chunks(todo, chunk_size)

            def write(rows: list[dict[str, Any]], frows: list[dict[str, Any]]) -> None:
                if fwriter is not None:
                    fwriter.write(frows)  # findings first: resume trusts the main output
                writer.write(rows)
                result.scored += len(rows)
                result.failed += sum(1 for r in rows if r.get("error"))
                if bar is not None:
                    if not result.scored - len(rows):
                        bar.set_description("scoring", refresh=False)
                        bar.reset(total=bar.total)  # rate and ETA from the first rows, not the start-up
                        bar.initial = bar.n = min(len(done), bar.total or len(done))
                    bar.update(len(rows))

            def restart(skip: _Slot) -> None:
                """A worker died and took the pool with it: start a new one, resubmit what was lost."""
                backend.restart()
                for other in in_flight:
                    if other is skip:
                        continue
                    for k, fut in enumerate(other.futures):
                        if not _succeeded(fut):
                            other.futures[k] = backend.submit(other.parts[k])

            def settle(slot: _Slot) -> bool:
                """Write a finished slot; False if part of it had to be submitted again."""
                rows: list[dict[str, Any]] = []
                frows: list[dict[str, Any]] = []
                for k, fut in enumerate(slot.futures):
                    try:
                        r, f = fut.result()
                    except BaseException as exc:
                        if isinstance(exc, (KeyboardInterrupt, SystemExit, EngineUnavailable)):
                            raise
                        if _fatal(exc):
                            raise EngineUnavailable(str(exc)) from None
                        broken = isinstance(exc, backend.broken_types)
                        if slot.attempt >= 2:  # one advert on its own failed again: it becomes an error row
                            rec = slot.parts[k][0]
                            message = f"a worker failed while scoring this advert: {type(exc).__name__}: {exc}"
                            row = error_row(rec.id, message, rec.source, rec.extra)
                            slot.futures[k] = _Done(lambda row=row: ([row], []))
                            if broken:
                                restart(skip=slot)
                                for j, other in enumerate(slot.futures):
                                    if j != k and not _succeeded(other):
                                        slot.futures[j] = backend.submit(slot.parts[j])
                        else:
                            slot.attempt += 1
                            if broken:
                                restart(skip=slot)
                            slot.submit(backend)
                        return False
                    rows.extend(r)
                    frows.extend(f)
                write(rows, frows)
                return True

            def wait_head() -> bool:
                """Wait for the oldest chunk and write it; False if stopped by a signal."""
                while in_flight:
                    head = in_flight[0]
                    while not head.done():
                        if stop.requested:
                            return False
                        time.sleep(0.02)
                    if settle(head):
                        in_flight.popleft()
                        return True
                return True

            for chunk in chunks:
                if stop.requested:
                    break
                in_flight.append(_Slot(chunk).submit(backend))
                while len(in_flight) >= max_in_flight and not stop.requested:
                    wait_head()
            while in_flight and not stop.requested:
                wait_head()
            if stop.requested:
                # write whatever already finished, in order, then leave the rest for --resume
                while in_flight and in_flight[0].done():
                    if settle(in_flight[0]):
                        in_flight.popleft()
                    else:
                        break
                result.interrupted = True
                result.signal_name = stop.signal_name
            else:
                completed = True
    except KeyboardInterrupt:
        result.interrupted = True
        result.signal_name = "SIGINT"
    finally:
        records.close()
        if bar is not None:
            bar.close()
        if backend is not None:
            try:
                backend.shutdown(cancel=not completed)
            except Exception:
                pass
        result.seconds = time.perf_counter() - started
        if completed:
            if fwriter is not None:
                fwriter.commit()
            writer.commit()
        elif result.interrupted:
            writer.close()
            if fwriter is not None:
                fwriter.close()
        else:  # stopped by an error: keep what was written for --resume, nothing else
            if writer.discard_if_empty() and fwriter is not None:
                fwriter.discard_if_empty()
            elif fwriter is not None:
                fwriter.close()
    return result


def _replace_jobs(options: BatchOptions, jobs: int) -> BatchOptions:
    from dataclasses import replace

    return replace(options, jobs=jobs)
