"""``advert-assistant batch``: score folders and tables of adverts into CSV, JSONL or Parquet."""

from __future__ import annotations

import argparse
import sys

from ..cli import fail
from ..errors import AdvertAssistantError

DESCRIPTION = """\
Score many adverts. INPUT is a folder of .txt/.md/.html/.docx/.pdf files, a CSV, a JSON
Lines file (optionally .gz) or a Parquet file; give several to score them all. OUT is
.csv, .jsonl or .parquet: one row per advert. A row that cannot be scored gets an
'error' and the batch goes on; the exit code is 1 if any failed. The output appears
only when the batch is complete (OUT.partial until then); after Ctrl-C or a crash, run
the same command with --resume to continue where it stopped.
"""

EPILOG = """\
examples:
  advert-assistant batch adverts/ --out scores.csv
  advert-assistant batch nhs.jsonl.gz --out scores.parquet --findings findings.parquet --jobs 2
  advert-assistant batch ads.csv --text-column body --id-column ref --keep department --out s.jsonl
  advert-assistant batch ads.jsonl --keep date=meta.date_posted --out s.csv --resume
  advert-assistant batch ads.parquet --out s.parquet --engine dask --scheduler tcp://host:8786
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "batch", help="score many adverts into a CSV, JSONL or Parquet file",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="folder, .csv, .jsonl[.gz] or .parquet")
    p.add_argument("--out", required=True, metavar="OUT", help="output file: .csv, .jsonl or .parquet")
    p.add_argument("--findings", metavar="FILE", help="also write one row per finding (.csv, .jsonl or .parquet)")
    p.add_argument("--text-column", metavar="COL",
                   help="column or JSON field holding the advert (default: text, advert, description, body...)")
    p.add_argument("--id-column", metavar="COL",
                   help="column holding a unique id (default: 'id' if present, else the row number)")
    p.add_argument("--keep", action="append", default=[], metavar="COL",
                   help="copy this column into the output, e.g. department; NAME=a.b takes a nested JSON "
                        "field (repeat, or separate with commas)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="worker processes (default 1; 0 = one per CPU)")
    p.add_argument("--chunk-size", type=int, default=64, metavar="N",
                   help="adverts per task and per write (default 64)")
    p.add_argument("--resume", action="store_true",
                   help="skip ids already in OUT (or OUT.partial) and continue")
    p.add_argument("--config", metavar="FILE", help="organisation config (YAML)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (default: start a local cluster of --jobs workers)")
    p.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    p.set_defaults(func=run)
    return p


def _keep_list(values: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out.extend(part.strip() for part in v.split(",") if part.strip())
    return tuple(out)


def run(args: argparse.Namespace) -> int:
    from ..config import load_config
    from ..batch.readers import ReadOptions
    from ..batch.runner import BatchOptions, run_batch

    prog = "advert-assistant batch"
    if args.jobs < 0:
        print(f"{prog}: error: --jobs must be 0 or more", file=sys.stderr)
        return 2
    if args.chunk_size < 1:
        print(f"{prog}: error: --chunk-size must be 1 or more", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        print(f"{prog}: error: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config) if args.config else None
        options = BatchOptions(
            inputs=args.inputs,
            out=args.out,
            findings=args.findings,
            read=ReadOptions(text_column=args.text_column, id_column=args.id_column,
                             keep=_keep_list(args.keep)),
            jobs=args.jobs,
            chunk_size=args.chunk_size,
            resume=args.resume,
            config=config,
            engine=args.engine,
            scheduler=args.scheduler,
            progress=False if args.no_progress else None,
        )
        result = run_batch(options)
    except (AdvertAssistantError, ValueError, OSError) as exc:
        return fail(prog, exc)
    if result.interrupted:
        print(f"interrupted: {result.scored + result.previous} rows are kept in {result.out}.partial; "
              f"run the same command with --resume to continue", file=sys.stderr)
    elif result.failed or result.previous_failed:
        n = result.failed + result.previous_failed
        print(f"{n} advert{'s' if n != 1 else ''} could not be scored: see the 'error' column of {result.out}",
              file=sys.stderr)
    sys.stderr.flush()
    print(result.summary_line(), flush=True)
    return result.exit_code
