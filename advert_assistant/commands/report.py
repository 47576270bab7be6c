"""``advert-assistant report``: a one-file HTML report of a batch output."""

from __future__ import annotations

import argparse
import sys

from ..cli import fail
from ..errors import AdvertAssistantError

DESCRIPTION = """\
Summarise a batch output (from 'advert-assistant batch'): score distributions, how
often each benefit and essential is covered, the most frequent jargon, the worst
adverts and, with --group-by, a comparison between groups. --html writes one
self-contained page (no scripts, works offline); without it a short summary is printed.
"""

EPILOG = """\
examples:
  advert-assistant report scores.csv --html report.html
  advert-assistant report scores.parquet --findings findings.parquet --group-by department --html r.html
  advert-assistant report scores.jsonl --group-by date --period month --html r.html
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "report", help="an HTML report of a batch output",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("out", metavar="OUT", help="a batch output: .csv, .jsonl or .parquet")
    p.add_argument("--html", metavar="FILE", help="write the HTML report here")
    p.add_argument("--findings", metavar="FILE",
                   help="the findings file of the same batch, for a full count of jargon terms")
    p.add_argument("--group-by", metavar="COLUMN",
                   help="compare groups by this column (one kept with batch --keep, e.g. department)")
    p.add_argument("--period", choices=("month", "quarter", "year"),
                   help="treat the --group-by column as a date and group by this period")
    p.add_argument("--worst", type=int, default=10, metavar="N", help="how many of the worst adverts to list")
    p.add_argument("--title", default="Advert scores", help="the report's title")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from ..batch.report import build_report

    prog = "advert-assistant report"
    if args.worst < 0:
        print(f"{prog}: error: --worst must be 0 or more", file=sys.stderr)
        return 2
    try:
        s = build_report(args.out, args.html, findings=args.findings, group_by=args.group_by,
                         period=args.period, worst=args.worst, title=args.title)
    except (AdvertAssistantError, ValueError, OSError) as exc:
        return fail(prog, exc)
    mean = s.mean("overall")
    print(f"{s.total} adverts, {s.failed} could not be scored; mean overall score "
          f"{'-' if mean is None else f'{mean:.1f}'}")
    if s.scored:
        for key in ("jargon", "clarity", "career_path", "benefits", "inclusivity", "essentials"):
            m = s.mean(key)
            print(f"  {key:<12} mean {'-' if m is None else f'{m:.1f}'}")
    if args.html:
        print(f"wrote {args.html}")
    return 0
