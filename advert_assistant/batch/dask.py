"""Score adverts on a Dask cluster: a Dask DataFrame or bag in, result rows out.

Every worker process loads the spaCy pipeline once (``engine.get_nlp`` is cached per
process, and :class:`WarmUp` loads it when the worker joins), then scores whole
partitions through the same code as the single-machine path, so the results are
identical.

    from dask.distributed import Client
    import dask.dataframe as dd
    from advert_assistant.batch.dask import assess_dask, connect

    client, _ = connect("tcp://scheduler:8786")
    ddf = dd.read_parquet("adverts/*.parquet")
    rows = assess_dask(ddf, text_column="text", id_column="id", keep=["department"])
    rows.to_parquet("scores/")            # or rows.compute() for a pandas DataFrame

Needs the ``dask`` extra (``pip install advert-assistant[dask]``) on the client and the
package with its spaCy model on every worker.
"""

from __future__ import annotations

import logging
from typing import Any, Sequence

from ..config import Config
from .readers import EMPTY_TEXT, BatchInputError, Record, _plain_value, _text_value
from .rows import row_columns

try:  # the plugin base class is optional: the module imports without distributed
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - distributed is a declared extra
    _PluginBase = object  # type: ignore[assignment,misc]


class WarmUp(_PluginBase):  # type: ignore[valid-type,misc]
    """A worker plugin that loads the pipeline, rules and model when a worker starts."""

    name = "advert-assistant-warm-up"

    def __init__(self, config: Config | None = None) -> None:
        self.config = config

    def setup(self, worker: Any) -> None:
        from ..engine import warm_up

        warm_up(self.config)


def _require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise BatchInputError(
            "the Dask engine needs dask and distributed: pip install 'advert-assistant[dask]'"
        ) from None


def connect(scheduler: str | None = None, *, n_workers: int = 2, config: Config | None = None):
    """A Dask client with :class:`WarmUp` registered: ``(client, cluster)``.

    With ``scheduler`` (e.g. ``"tcp://10.0.0.5:8786"``) it joins that cluster and
    ``cluster`` is None; without, it starts a ``LocalCluster`` of ``n_workers``
    single-threaded processes, which the caller closes after the client.
    """
    _require_dask()
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            # ":0": the scheduler's HTTP server takes a free port instead of fighting for 8787
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
            client = Client(cluster)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise BatchInputError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    client.register_plugin(WarmUp(config))
    return client, cluster


def _meta(keep: Sequence[str]):
    from .dataframe import result_frame

    return result_frame([], keep)


def _assess_partition(df, text_column: str, id_column: str | None, config: Config | None,
                      keep: Sequence[str]):
    from .dataframe import assess_dataframe

    return assess_dataframe(df, text_column, id_column, config=config, keep=keep)


def _bag_records(items: Sequence[Any], partition: int, text_column: str, id_column: str | None,
                 keep: Sequence[str]) -> list[Record]:
    records = []
    for i, item in enumerate(items):
        default_id = f"{partition}:{i}"
        extra: dict[str, Any] = {k: None for k in keep}
        if isinstance(item, str):
            rid, value = default_id, item
        elif isinstance(item, tuple) and len(item) == 2:
            rid, value = str(item[0]), item[1]
        elif isinstance(item, dict):
            rid = str(item[id_column]) if id_column and item.get(id_column) is not None else default_id
            value = item.get(text_column)
            extra = {k: _plain_value(item.get(k)) for k in keep}
        else:
            records.append(Record(default_id, "bag", error=f"cannot score a {type(item).__name__}: "
                                  "give text, (id, text) pairs or dicts", extra=extra))
            continue
        text, error = _text_value(value)
        if error is None and not text.strip():
            text, error = None, EMPTY_TEXT
        records.append(Record(rid, "bag", text=text, error=error, extra=extra))
    return records


def _assess_bag_partition(items: Any, partition: int, text_column: str, id_column: str | None,
                          config: Config | None, keep: Sequence[str]) -> list[dict[str, Any]]:
    from .runner import process_chunk

    records = _bag_records(list(items), partition, text_column, id_column, keep)
    rows: list[dict[str, Any]] = []
    for start in range(0, len(records), 64):
        rows.extend(process_chunk(records[start:start + 64], config, False)[0])
    return rows


def assess_dask(data: Any, text_column: str = "text", id_column: str | None = None, *,
                config: Config | None = None, keep: Sequence[str] = ()):
    """Lazily score every advert of a Dask DataFrame or bag.

    - A **DataFrame** gives a DataFrame of result rows (the columns of
      :func:`~advert_assistant.batch.dataframe.assess_dataframe`), partitioned and
      indexed like the input; ``id`` is ``id_column`` or the index label.
    - A **bag** of texts, ``(id, text)`` pairs or dicts gives a bag of row dicts; the id
      of a bare text is ``"<partition>:<position>"``.

    Nothing runs until you call ``.compute()``, ``.to_parquet()`` and so on.
    """
    _require_dask()
    import dask.bag as db
    import dask.dataframe as dd

    keep = list(keep)
    row_columns(keep)  # passthrough names must not clash with result columns
    if isinstance(data, dd.DataFrame):
        cols = list(data.columns)
        for what, name in [("text", text_column), ("id", id_column)] + [("keep", k) for k in keep]:
            if name is not None and name not in cols:
                raise BatchInputError(
                    f"no {what} column {name!r}; available columns: {', '.join(repr(c) for c in cols)}"
                )
        return data.map_partitions(_assess_partition, text_column, id_column, config, keep,
                                   meta=_meta(keep))
    if isinstance(data, db.Bag):
        from dask import delayed

        parts = [
            delayed(_assess_bag_partition)(part, i, text_column, id_column, config, keep)
            for i, part in enumerate(data.to_delayed())
        ]
        return db.from_delayed(parts)
    raise TypeError(f"assess_dask takes a Dask DataFrame or bag, not {type(data).__name__}")
