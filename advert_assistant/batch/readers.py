"""Stream adverts out of folders, CSV, JSON Lines and Parquet files.

Every reader yields :class:`Record` objects one at a time, so memory stays bounded
however large the input. A record that cannot be read (a line that is not UTF-8 or not
JSON, a missing or empty text, a file that is too large) is still yielded, with
``error`` set, so it becomes an error row instead of stopping the batch. Problems with
the input as a whole (a missing file, a text column that does not exist) raise
:class:`BatchInputError` before any advert is scored.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import InputError
from ..limits import MAX_FILE_BYTES

#: File types a folder input picks up (read by :mod:`advert_assistant.loaders`).
DOCUMENT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

#: Text columns tried, in order, when ``--text-column`` is not given.
TEXT_COLUMN_CANDIDATES: tuple[str, ...] = (
    "text", "advert", "ad_text", "job_description", "description", "body", "content",
)
#: Id column used when ``--id-column`` is not given and the input has it.
DEFAULT_ID_COLUMN = "id"

#: Longest JSON line or CSV field read; anything larger becomes an error row.
MAX_RECORD_BYTES = MAX_FILE_BYTES

#: The error of a record whose text is missing, empty or only white space.
EMPTY_TEXT = "no text: the advert is empty"

_SURROGATES = re.compile("[\udc80-\udcff]")


class BatchInputError(InputError):
    """An input cannot be used at all (missing, unknown type, missing column...)."""


@dataclass(slots=True)
class Record:
    """One advert to score: its text, or a file to load it from, or why it cannot be read."""

    id: str
    source: str
    text: str | None = None
    path: str | None = None      # a document file to load (folder inputs)
    data: bytes | None = None    # a document's bytes (when workers cannot see the files)
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadOptions:
    text_column: str | None = None
    id_column: str | None = None
    keep: tuple[str, ...] = ()  # passthrough columns; "name=path" renames, dots reach into JSON objects

    def keep_pairs(self) -> list[tuple[str, str]]:
        """``[(output name, source column or dotted path), ...]``."""
        pairs = []
        for item in self.keep:
            name, sep, path = item.partition("=")
            pairs.append((name.strip(), path.strip()) if sep else (item.strip(), item.strip()))
        return pairs

    def keep_names(self) -> list[str]:
        return [name for name, _ in self.keep_pairs()]


def input_kind(path: str | os.PathLike[str]) -> str:
    """"folder", "csv", "jsonl", "parquet" or "document"; :class:`BatchInputError` otherwise."""
    p = Path(path)
    if p.is_dir():
        return "folder"
    if not p.exists():
        raise BatchInputError(f"{p}: no such file or folder")
    name = p.name.lower()
    for suffix, kind in ((".csv", "csv"), (".csv.gz", "csv"), (".tsv", "csv"),
                         (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".jsonl.gz", "jsonl"),
                         (".ndjson.gz", "jsonl"), (".json.gz", "jsonl"),
                         (".parquet", "parquet"), (".pq", "parquet")):
        if name.endswith(suffix):
            return kind
    if name.endswith(DOCUMENT_SUFFIXES):
        return "document"
    raise BatchInputError(
        f"{p}: unsupported input type; give a folder, .csv, .jsonl (or .jsonl.gz) or .parquet file"
    )


def read_inputs(inputs: Sequence[str | os.PathLike[str]], options: ReadOptions = ReadOptions()) -> "RecordStream":
    """Records from every input in turn.

    Default ids are the id column if there is one, else the row number (from 1) or the
    file's path relative to its folder; with several inputs those defaults are prefixed
    with the input's name so they stay unique.
    """
    kinds = [(Path(p), input_kind(p)) for p in inputs]  # fail fast on any missing input
    # Open (and check the columns of) every input before the first record is yielded.
    streams: list[Any] = []
    try:
        for p, kind in kinds:
            streams.append(_reader(p, kind, options, prefix=(len(kinds) > 1)))
    except BaseException:
        RecordStream(streams).close()
        raise
    return RecordStream(streams)


class _Source:
    """One input's records, with a close() that also closes a file not yet read."""

    def __init__(self, records: Iterator[Record], handle: Any = None) -> None:
        self.records = records
        self.handle = handle

    def __iter__(self) -> Iterator[Record]:
        return self.records

    def close(self) -> None:
        close = getattr(self.records, "close", None)
        if close is not None:
            close()
        if self.handle is not None:
            self.handle.close()


class RecordStream:
    """The records of several inputs in turn; ``close()`` (or ``with``) releases every file."""

    def __init__(self, sources: Sequence[Any]) -> None:
        self.sources = list(sources)
        self._it = itertools.chain.from_iterable(self.sources)

    def __iter__(self) -> "RecordStream":
        return self

    def __next__(self) -> Record:
        return next(self._it)

    def close(self) -> None:
        for src in self.sources:
            close = getattr(src, "close", None)
            if close is not None:
                close()

    def __enter__(self) -> "RecordStream":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def count_inputs(inputs: Sequence[str | os.PathLike[str]]) -> int | None:
    """A cheap count of the records in ``inputs`` for a progress bar (None if unknown)."""
    total = 0
    try:
        for p in inputs:
            p = Path(p)
            kind = input_kind(p)
            if kind == "folder":
                total += sum(1 for _ in _walk_documents(p))
            elif kind == "document":
                total += 1
            elif kind == "parquet":
                import pyarrow.parquet as pq

                total += pq.ParquetFile(p).metadata.num_rows
            elif kind == "jsonl":
                with _open_binary(p) as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                with _open_text(p) as fh:
                    reader = csv.reader(fh, dialect=_dialect(p))
                    total += max(0, sum(1 for _ in reader) - 1)
    except Exception:  # a count is only for the progress bar; the read reports errors
        return None
    return total


def _reader(path: Path, kind: str, options: ReadOptions, prefix: bool) -> Iterator[Record]:
    if kind in ("folder", "document"):
        return _read_documents(path, kind, prefix)
    if kind == "csv":
        return _read_csv(path, options, prefix)
    if kind == "jsonl":
        return _read_jsonl(path, options, prefix)
    return _read_parquet(path, options, prefix)


# --------------------------------------------------------------------------- documents

def _walk_documents(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(DOCUMENT_SUFFIXES):
                yield Path(dirpath) / name


def _read_documents(path: Path, kind: str, prefix: bool) -> Iterator[Record]:
    if kind == "document":
        files = iter([path])
        base = path.parent
    else:
        files = _walk_documents(path)
        base = path
    source = str(path)
    for f in files:
        rel = f.relative_to(base).as_posix()
        rid = f"{path.name}/{rel}" if (prefix and kind == "folder") else rel
        try:
            size = f.stat().st_size
        except OSError as exc:
            yield Record(rid, source, error=f"cannot read file: {exc.strerror or exc}")
            continue
        if size > MAX_FILE_BYTES:
            yield Record(rid, source, error=f"file too large: {size:,} bytes (limit {MAX_FILE_BYTES:,})")
            continue
        yield Record(rid, source, path=str(f))


def load_record_text(record: Record) -> str:
    """The advert text of a record, loading its file if it has one.

    Raises :class:`~advert_assistant.errors.InputError` when the file cannot be read.
    """
    if record.text is not None:
        return record.text
    from .. import loaders

    if record.data is not None:
        return loaders.load_bytes(record.data, record.path or record.id)
    if record.path is not None:
        try:
            return loaders.load_file(record.path)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    raise InputError("no text")


# --------------------------------------------------------------------------- helpers

def _open_binary(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _open_text(path: Path) -> io.TextIOBase:
    # surrogateescape keeps going past bytes that are not UTF-8; the row holding them is
    # then reported as an error row instead of failing the whole file.
    return io.TextIOWrapper(_open_binary(path), encoding="utf-8-sig", errors="surrogateescape", newline="")


def _dialect(path: Path) -> type[csv.Dialect]:
    return csv.excel_tab if ".tsv" in path.name.lower() else csv.excel


def _missing_column(path: Path, what: str, name: str, available: Iterable[str]) -> BatchInputError:
    cols = ", ".join(repr(c) for c in available) or "(none)"
    return BatchInputError(f"{path}: no {what} column {name!r}; available columns: {cols}")


def _choose_text_column(path: Path, options: ReadOptions, columns: Sequence[str]) -> str:
    if options.text_column:
        if options.text_column not in columns:
            raise _missing_column(path, "text", options.text_column, columns)
        return options.text_column
    for cand in TEXT_COLUMN_CANDIDATES:
        if cand in columns:
            return cand
    cols = ", ".join(repr(c) for c in columns) or "(none)"
    raise BatchInputError(
        f"{path}: no text column found (tried {', '.join(TEXT_COLUMN_CANDIDATES)}); "
        f"name one with --text-column; available columns: {cols}"
    )


def _choose_id_column(path: Path, options: ReadOptions, columns: Sequence[str]) -> str | None:
    if options.id_column:
        if options.id_column not in columns:
            raise _missing_column(path, "id", options.id_column, columns)
        return options.id_column
    return DEFAULT_ID_COLUMN if DEFAULT_ID_COLUMN in columns else None


def _check_keep(path: Path, options: ReadOptions, columns: Sequence[str], nested: dict[str, Any] | None = None) -> None:
    for _, src in options.keep_pairs():
        if src in columns:
            continue
        if nested is not None and _lookup(nested, src) is not _MISSING:
            continue
        raise _missing_column(path, "--keep", src, columns)


_MISSING = object()


def _lookup(obj: dict[str, Any], path: str) -> Any:
    """``obj[path]``, or for a dotted path ``obj["a"]["b"]``; ``_MISSING`` if absent."""
    if path in obj:
        return obj[path]
    cur: Any = obj
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return _MISSING
        cur = cur[part]
    return cur


def _plain_value(value: Any) -> Any:
    """A passthrough value as a plain scalar (nested JSON becomes a JSON string)."""
    if value is _MISSING:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _row_id(idval: Any, n: int, path: Path, prefix: bool) -> str:
    if idval is not None and idval is not _MISSING and str(idval).strip() != "":
        if isinstance(idval, float) and idval.is_integer():
            idval = int(idval)
        return str(idval)
    return f"{path.name}:{n}" if prefix else str(n)


def _text_value(value: Any) -> tuple[str | None, str | None]:
    """(text, error) for one cell of the text column."""
    if value is None or value is _MISSING or (isinstance(value, float) and value != value):
        return None, EMPTY_TEXT
    if not isinstance(value, str):
        return None, f"text is not a string (got {type(value).__name__})"
    if _SURROGATES.search(value):
        return None, "not UTF-8: the text holds bytes that are not valid UTF-8"
    if len(value.encode("utf-8", "surrogatepass")) > MAX_RECORD_BYTES:
        return None, f"text too large (limit {MAX_RECORD_BYTES:,} bytes)"
    return value, None


# --------------------------------------------------------------------------- CSV

def _read_csv(path: Path, options: ReadOptions, prefix: bool) -> Iterator[Record]:
    csv.field_size_limit(MAX_RECORD_BYTES)
    fh = _open_text(path)
    try:
        reader = csv.reader(fh, dialect=_dialect(path))
        try:
            header = next(reader)
        except StopIteration:
            raise BatchInputError(f"{path}: the CSV file is empty (no header row)") from None
        except (csv.Error, OSError, EOFError, zlib.error) as exc:
            raise BatchInputError(f"{path}: cannot read the CSV header: {exc}") from None
        header = [h.strip() for h in header]
        text_col = _choose_text_column(path, options, header)
        id_col = _choose_id_column(path, options, header)
        _check_keep(path, options, header)
    except BaseException:
        fh.close()
        raise
    return _Source(_csv_rows(fh, reader, header, path, options, prefix, text_col, id_col), fh)


def _csv_rows(fh, reader, header, path, options, prefix, text_col, id_col) -> Iterator[Record]:
    source = str(path)
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    keep = options.keep_pairs()
    n = 0
    with fh:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (csv.Error, OSError, EOFError, zlib.error) as exc:
                n += 1
                yield Record(_row_id(None, n, path, prefix), source,
                             error=f"cannot read the rest of the CSV file (after row {n - 1}): {exc}")
                return
            if not cells or all(not c.strip() for c in cells):
                continue  # blank line
            n += 1

            def cell(name: str) -> Any:
                i = index[name]
                return cells[i] if i < len(cells) else None

            rid = _row_id(cell(id_col) if id_col else None, n, path, prefix)
            extra = {name: _plain_value(cell(src)) for name, src in keep}
            text, error = _text_value(cell(text_col))
            if error is None and len(cells) != len(header):
                error = f"CSV row has {len(cells)} fields, the header has {len(header)}"
                text = None
            if error is None and not text.strip():
                error = EMPTY_TEXT
                text = None
            yield Record(rid, source, text=text, error=error, extra=extra)


# --------------------------------------------------------------------------- JSON Lines

def _bounded_lines(fh: io.BufferedIOBase) -> Iterator[bytes | None]:
    """Lines of a binary stream; ``None`` stands for a line longer than the limit."""
    while True:
        line = fh.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _read_jsonl(path: Path, options: ReadOptions, prefix: bool) -> Iterator[Record]:
    fh = _open_binary(path)
    try:
        lines = _bounded_lines(fh)
        first_obj = None
        pending: list[bytes | None] = []
        try:
            for line in lines:
                pending.append(line)
                if line is None or not line.strip():
                    continue
                try:
                    obj = json.loads(line.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    continue
                if isinstance(obj, dict):
                    first_obj = obj
                    break
        except (OSError, EOFError, zlib.error) as exc:
            raise BatchInputError(f"{path}: cannot read: {exc}") from None
        if first_obj is None and any(p is not None and p.strip() for p in pending):
            raise BatchInputError(f"{path}: no line holds a JSON object; is this a JSON Lines file?")
        columns = list(first_obj) if first_obj else []
        if first_obj is not None:
            text_col = _choose_text_column(path, options, columns)
            id_col = _choose_id_column(path, options, columns)
            _check_keep(path, options, columns, nested=first_obj)
        else:
            text_col, id_col = options.text_column or "text", options.id_column
    except BaseException:
        fh.close()
        raise
    return _Source(_jsonl_rows(fh, pending, lines, path, options, prefix, text_col, id_col), fh)


def _jsonl_rows(fh, pending, lines, path, options, prefix, text_col, id_col) -> Iterator[Record]:
    source = str(path)
    keep = options.keep_pairs()
    n = 0

    def all_lines() -> Iterator[bytes | None]:
        yield from pending
        yield from lines

    with fh:
        it = all_lines()
        while True:
            try:
                line = next(it)
            except StopIteration:
                return
            except (OSError, EOFError, zlib.error) as exc:
                n += 1
                yield Record(_row_id(None, n, path, prefix), source,
                             error=f"cannot read the rest of the file (truncated or corrupt after line {n - 1}): {exc}")
                return
            if line is not None and not line.strip():
                continue
            n += 1
            if line is None:
                yield Record(_row_id(None, n, path, prefix), source,
                             error=f"line too large (limit {MAX_RECORD_BYTES:,} bytes)")
                continue
            try:
                decoded = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Record(_row_id(None, n, path, prefix), source,
                             error=f"not UTF-8: invalid byte at position {exc.start} of line {n}")
                continue
            try:
                obj = json.loads(decoded)
            except ValueError as exc:
                yield Record(_row_id(None, n, path, prefix), source, error=f"not valid JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield Record(_row_id(None, n, path, prefix), source,
                             error=f"line {n} is not a JSON object (got {type(obj).__name__})")
                continue
            rid = _row_id(_lookup(obj, id_col) if id_col else None, n, path, prefix)
            extra = {name: _plain_value(_lookup(obj, src)) for name, src in keep}
            value = _lookup(obj, text_col)
            if value is _MISSING:
                yield Record(rid, source, error=f"no {text_col!r} field", extra=extra)
                continue
            text, error = _text_value(value)
            if error is None and not text.strip():
                text, error = None, EMPTY_TEXT
            yield Record(rid, source, text=text, error=error, extra=extra)


# --------------------------------------------------------------------------- Parquet

_PARQUET_BATCH = 256


def _read_parquet(path: Path, options: ReadOptions, prefix: bool) -> Iterator[Record]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        raise BatchInputError(f"{path}: not a readable Parquet file: {exc}") from None
    columns = list(pf.schema_arrow.names)
    text_col = _choose_text_column(path, options, columns)
    id_col = _choose_id_column(path, options, columns)
    _check_keep(path, options, columns)
    return _Source(_parquet_rows(pf, path, options, prefix, text_col, id_col), pf)


def _parquet_rows(pf, path, options, prefix, text_col, id_col) -> Iterator[Record]:
    source = str(path)
    keep = options.keep_pairs()
    wanted = list(dict.fromkeys([text_col] + ([id_col] if id_col else []) + [src for _, src in keep]))
    n = 0
    batches = pf.iter_batches(batch_size=_PARQUET_BATCH, columns=wanted)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as exc:
            n += 1
            yield Record(_row_id(None, n, path, prefix), source,
                         error=f"cannot read the rest of the Parquet file (after row {n - 1}): {exc}")
            return
        cols = {name: batch.column(name).to_pylist() for name in wanted}
        for i in range(batch.num_rows):
            n += 1
            rid = _row_id(cols[id_col][i] if id_col else None, n, path, prefix)
            extra = {name: _plain_value(cols[src][i]) for name, src in keep}
            text, error = _text_value(cols[text_col][i])
            if error is None and not text.strip():
                text, error = None, EMPTY_TEXT
            yield Record(rid, source, text=text, error=error, extra=extra)
