"""Score adverts held in a pandas DataFrame: one result row per input row."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..config import Config
from .readers import EMPTY_TEXT, BatchInputError, Record, _plain_value, _text_value
from .rows import COLUMN_TYPES, row_columns

#: pandas dtypes of the result columns (nullable, so an error row holds <NA>).
_PANDAS_DTYPES = {"int": "Int64", "float": "Float64", "bool": "boolean", "str": "object"}


def result_frame(rows: Sequence[dict[str, Any]], keep: Sequence[str] = (), index: Any = None):
    """A typed pandas DataFrame of advert rows (as :func:`report_to_row` makes them)."""
    import pandas as pd

    columns = row_columns(keep)
    if index is None:
        index = pd.RangeIndex(len(rows))
    data = {}
    for c in columns:
        dtype = _PANDAS_DTYPES[COLUMN_TYPES.get(c, "str")]
        data[c] = pd.Series([r.get(c) for r in rows], dtype=dtype, index=index)
    return pd.DataFrame(data, columns=columns, index=index)


def _check_columns(columns: Iterable[str], text_column: str, id_column: str | None, keep: Sequence[str]) -> None:
    cols = list(columns)
    for what, name in [("text", text_column), ("id", id_column)] + [("keep", k) for k in keep]:
        if name is not None and name not in cols:
            raise BatchInputError(
                f"no {what} column {name!r}; available columns: {', '.join(repr(c) for c in cols)}"
            )


def records_from_frame(df, text_column: str, id_column: str | None, keep: Sequence[str] = ()) -> list[Record]:
    """One :class:`Record` per row of ``df``; the id is ``id_column`` or the row's index label."""
    _check_columns(df.columns, text_column, id_column, keep)
    ids = df[id_column].tolist() if id_column else df.index.tolist()
    texts = df[text_column].tolist()
    extras = {k: df[k].tolist() for k in keep}
    records = []
    for i, (rid, value) in enumerate(zip(ids, texts)):
        extra = {k: _plain_value(_scalar(extras[k][i])) for k in keep}
        rid = str(int(rid)) if isinstance(rid, float) and rid.is_integer() else str(rid)
        text, error = _text_value(_scalar(value))
        if error is None and not text.strip():
            text, error = None, EMPTY_TEXT
        records.append(Record(rid, "dataframe", text=text, error=error, extra=extra))
    return records


def _scalar(value: Any) -> Any:
    """pandas missing values (NA, NaT, NaN) as None; numpy scalars as Python ones."""
    try:
        import pandas as pd

        if value is not None and not isinstance(value, (list, dict, str)) and pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def assess_dataframe(df, text_column: str = "text", id_column: str | None = None, *,
                     config: Config | None = None, keep: Sequence[str] = (),
                     batch_size: int = 64):
    """Assess every advert in ``df[text_column]``; a DataFrame of result rows, same index as ``df``.

    The columns are :data:`~advert_assistant.batch.rows.ROW_COLUMNS` (``id`` is
    ``df[id_column]``, or the index label when no id column is named) followed by the
    ``keep`` passthrough columns. A missing or empty text, or one the engine refuses,
    gives a row with ``error`` set and empty scores. A column that does not exist raises
    :class:`~advert_assistant.batch.readers.BatchInputError` naming the available columns.
    """
    from .runner import process_chunk

    records = records_from_frame(df, text_column, id_column, keep)
    rows: list[dict[str, Any]] = []
    for start in range(0, len(records), max(1, batch_size)):
        chunk_rows, _ = process_chunk(records[start:start + batch_size], config, False)
        rows.extend(chunk_rows)
    return result_frame(rows, keep, index=df.index)
