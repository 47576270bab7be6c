"""Batch scoring: many adverts in, one row per advert (and per finding) out.

- :func:`run_batch` (``advert-assistant batch``): folders, CSV, JSON Lines, Parquet in;
  CSV, JSON Lines or Parquet out; N processes or a Dask cluster; resumable.
- :func:`assess_dataframe`: a pandas DataFrame in, a DataFrame of result rows out.
- :func:`advert_assistant.batch.dask.assess_dask`: the same over a Dask DataFrame or bag.
- :func:`report_to_row`: the one flattening of a Report every path uses.
- :func:`advert_assistant.batch.report.build_report`: the HTML report of an output file.
"""

from .dataframe import assess_dataframe
from .readers import BatchInputError, ReadOptions, Record, read_inputs
from .rows import FINDING_COLUMNS, ROW_COLUMNS, findings_to_rows, report_to_row
from .runner import BatchOptions, BatchResult, process_chunk, run_batch

__all__ = [
    "BatchInputError",
    "BatchOptions",
    "BatchResult",
    "FINDING_COLUMNS",
    "ROW_COLUMNS",
    "ReadOptions",
    "Record",
    "assess_dataframe",
    "findings_to_rows",
    "process_chunk",
    "read_inputs",
    "report_to_row",
    "run_batch",
]
