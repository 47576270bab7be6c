"""Write result rows to CSV, JSON Lines or Parquet without ever leaving half a file.

Rows are appended to ``OUT.partial`` (CSV or JSON Lines; for a Parquet output the
spool is JSON Lines), flushed and synced after every chunk, and only when the batch
ends is the finished file moved into place with :func:`os.replace`. A crash leaves
``OUT`` untouched and ``OUT.partial`` holding every complete chunk; resuming reads the
ids already there (cutting off a last row that was only half written) and appends.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .readers import BatchInputError
from .rows import COLUMN_TYPES

#: Output extensions and their formats.
OUTPUT_FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}

PARTIAL_SUFFIX = ".partial"
_PARQUET_ROWS_PER_GROUP = 2_000


def output_format(path: str | os.PathLike[str]) -> str:
    """"csv", "jsonl" or "parquet" from the file's extension."""
    suffix = Path(path).suffix.lower()
    try:
        return OUTPUT_FORMATS[suffix]
    except KeyError:
        raise BatchInputError(
            f"{path}: unknown output type {suffix or '(no extension)'!r}; "
            f"use one of {', '.join(OUTPUT_FORMATS)}"
        ) from None


def partial_path(path: str | os.PathLike[str]) -> Path:
    return Path(str(path) + PARTIAL_SUFFIX)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class TableWriter:
    """Append rows with fixed ``columns`` to ``path`` via ``path.partial``.

    ``open()`` starts the partial file (or, with ``resume=True``, picks up an existing
    one, or the finished ``path`` itself); ``write(rows)`` appends and syncs one chunk;
    ``commit()`` turns the partial file into ``path`` atomically; ``close()`` leaves the
    partial file for a later resume.
    """

    def __init__(self, path: str | os.PathLike[str], columns: Sequence[str], *, resume: bool = False) -> None:
        self.path = Path(path)
        self.format = output_format(self.path)
        self.columns = list(columns)
        self.resume = resume
        self.partial = partial_path(self.path)
        self.spool_format = "jsonl" if self.format == "parquet" else self.format
        self._fh: io.BufferedWriter | None = None
        #: ids of rows already in the output when resuming, and how many of them are errors
        self.previous_ids: set[str] = set()
        self.previous_errors = 0
        self.rows_written = 0
        self.resumed_from: str | None = None  # "partial" or "output" when resuming

    # ------------------------------------------------------------------ open / resume
    def open(self) -> "TableWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.partial.exists():
            if not self.resume:
                raise BatchInputError(
                    f"{self.partial} is left from an interrupted run; add --resume to continue it, "
                    f"or delete it to start again"
                )
            self.resumed_from = "partial"
        elif self.resume and self.path.exists():
            self._seed_from_output()
            self.resumed_from = "output"
        if self.resumed_from:
            self._load_partial()
            self._fh = open(self.partial, "ab")
        else:
            self._fh = open(self.partial, "wb")
            if self.spool_format == "csv":
                self._write_bytes(self._csv_line(self.columns))
        return self

    def _seed_from_output(self) -> None:
        """Resume from a finished output: copy it to the partial file and append there."""
        if self.format == "parquet":
            import pyarrow.parquet as pq

            tmp = self.partial.with_name(self.partial.name + ".tmp")
            with open(tmp, "wb") as out:
                for batch in pq.ParquetFile(self.path).iter_batches(batch_size=_PARQUET_ROWS_PER_GROUP):
                    out.write("".join(self._json_line(r) for r in batch.to_pylist()).encode("utf-8"))
            os.replace(tmp, self.partial)
        else:
            shutil.copyfile(self.path, self.partial)

    def _load_partial(self) -> None:
        good_end, ids, errors = (_scan_csv if self.spool_format == "csv" else _scan_jsonl)(
            self.partial, self.columns)
        size = self.partial.stat().st_size
        if good_end < size:  # a row cut off by a crash: drop it, it will be redone
            with open(self.partial, "r+b") as fh:
                fh.truncate(good_end)
        if good_end == 0 and self.spool_format == "csv":
            with open(self.partial, "wb") as fh:
                fh.write(self._csv_line(self.columns))
        self.previous_ids = ids
        self.previous_errors = errors

    # ------------------------------------------------------------------ writing
    def _csv_line(self, values: Iterable[Any]) -> bytes:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([_csv_value(v) for v in values])
        return buf.getvalue().encode("utf-8")

    def _json_line(self, row: dict[str, Any]) -> str:
        return json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False) + "\n"

    def _write_bytes(self, data: bytes) -> None:
        assert self._fh is not None, "call open() first"
        self._fh.write(data)
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append ``rows`` and make them durable before returning."""
        if not rows:
            return
        if self.spool_format == "csv":
            data = b"".join(self._csv_line(row.get(c) for c in self.columns) for row in rows)
        else:
            data = "".join(self._json_line(row) for row in rows).encode("utf-8")
        self._write_bytes(data)
        self.rows_written += len(rows)

    def keep_only(self, ids: set[str]) -> int:
        """Drop rows whose id is not in ``ids`` from the partial file; how many were dropped.

        Used for the findings file on resume: findings of an advert whose row never
        made it into the main output are written again.
        """
        assert self._fh is not None
        self._fh.close()
        tmp = self.partial.with_name(self.partial.name + ".tmp")
        dropped = 0
        kept_ids: set[str] = set()
        with open(self.partial, "rb") as src, open(tmp, "wb") as dst:
            if self.spool_format == "csv":
                text = io.TextIOWrapper(src, encoding="utf-8", newline="")
                reader = csv.reader(text)
                header = next(reader, None)
                dst.write(self._csv_line(header or self.columns))
                for rec in reader:
                    if rec and rec[0] in ids:
                        dst.write(self._csv_line(rec))
                        kept_ids.add(rec[0])
                    else:
                        dropped += 1
            else:
                for line in src:
                    rid = str(json.loads(line).get("id"))
                    if rid in ids:
                        dst.write(line)
                        kept_ids.add(rid)
                    else:
                        dropped += 1
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, self.partial)
        self.previous_ids = kept_ids
        self._fh = open(self.partial, "ab")
        return dropped

    # ------------------------------------------------------------------ finishing
    def close(self) -> None:
        """Close the partial file and leave it for ``--resume``."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def discard_if_empty(self) -> bool:
        """Close, and delete the partial file if this run started it and wrote no row."""
        self.close()
        if self.resumed_from is None and self.rows_written == 0 and self.partial.exists():
            self.partial.unlink()
            return True
        return False

    def commit(self) -> None:
        """Move the finished output into place (atomically) and remove the partial file."""
        self.close()
        if self.format == "parquet":
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            try:
                _spool_to_parquet(self.partial, tmp, self.columns)
                os.replace(tmp, self.path)
            finally:
                if tmp.exists():
                    tmp.unlink()
            self.partial.unlink()
        else:
            os.replace(self.partial, self.path)
        _fsync_dir(self.path.parent)

    def __enter__(self) -> "TableWriter":
        return self.open()

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- scanning partial files

def _scan_jsonl(path: Path, columns: Sequence[str]) -> tuple[int, set[str], int]:
    """(byte offset after the last complete row, ids, rows with an error)."""
    ids: set[str] = set()
    errors = 0
    good_end = 0
    offset = 0
    with open(path, "rb") as fh:
        for line in fh:
            offset += len(line)
            if not line.endswith(b"\n"):
                break
            try:
                obj = json.loads(line)
            except ValueError:
                break
            if not isinstance(obj, dict) or "id" not in obj:
                break
            if good_end == 0 and list(obj) != list(columns):
                raise BatchInputError(
                    f"{path}: its columns differ from this run's ({', '.join(obj)}); "
                    f"was it written with other --keep options, or by another version of advert-assistant?"
                )
            ids.add(str(obj["id"]))
            if obj.get("error"):
                errors += 1
            good_end = offset
    return good_end, ids, errors


class _LineCounter:
    """Feeds a file to csv.reader line by line, remembering how many bytes were consumed."""

    def __init__(self, fh: io.BufferedReader) -> None:
        self.fh = fh
        self.offset = 0
        self.last_line_complete = True

    def __iter__(self) -> Iterator[str]:
        for raw in self.fh:
            self.offset += len(raw)
            self.last_line_complete = raw.endswith(b"\n")
            yield raw.decode("utf-8", "surrogateescape")


def _scan_csv(path: Path, columns: Sequence[str]) -> tuple[int, set[str], int]:
    ids: set[str] = set()
    errors = 0
    with open(path, "rb") as fh:
        lines = _LineCounter(fh)
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            return 0, ids, 0
        if not lines.last_line_complete:
            return 0, ids, 0
        if header != list(columns):
            raise BatchInputError(
                f"{path}: its columns differ from this run's ({', '.join(header)}); "
                f"was it written with other --keep options?"
            )
        good_end = lines.offset
        err_i = header.index("error") if "error" in header else None
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                break
            except csv.Error:  # e.g. end of file inside a quoted field
                break
            if not lines.last_line_complete or len(rec) != len(header):
                break
            ids.add(rec[0])
            if err_i is not None and rec[err_i]:
                errors += 1
            good_end = lines.offset
    return good_end, ids, errors


# ---------------------------------------------------------------------- Parquet

def arrow_schema(columns: Sequence[str]):
    """The Parquet schema of a result table: known columns typed, passthrough as strings."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(c, types[COLUMN_TYPES.get(c, "str")]) for c in columns])


def _coerce_for_arrow(row: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    out = {}
    for c in columns:
        v = row.get(c)
        if v is not None and COLUMN_TYPES.get(c, "str") == "str" and not isinstance(v, str):
            v = json.dumps(v) if isinstance(v, (dict, list)) else str(v)
        out[c] = v
    return out


def _spool_to_parquet(spool: Path, target: Path, columns: Sequence[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(columns)
    with pq.ParquetWriter(target, schema) as writer:
        batch: list[dict[str, Any]] = []
        with open(spool, "rb") as fh:
            for line in fh:
                batch.append(_coerce_for_arrow(json.loads(line), columns))
                if len(batch) >= _PARQUET_ROWS_PER_GROUP:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
