"""``advert-assistant check FILE... | -``: assess adverts like a linter."""

from __future__ import annotations

import json
import sys

from ..config import Config, load_config
from ..errors import AdvertAssistantError
from ..types import DIMENSIONS
from ..formats import format_markdown, format_text


def register(sub) -> None:
    p = sub.add_parser("check", help="assess adverts and list what to fix",
                       description="Assess job adverts (.txt, .md, .html, .docx, .pdf, or - for standard input).")
    p.add_argument("files", nargs="+", metavar="FILE", help="advert files, or - to read standard input")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--fail-under", type=int, metavar="N", default=None,
                   help="exit 1 when an advert's overall score is below N (0-100)")
    p.add_argument("--config", metavar="FILE", help="an organisation config (YAML)")
    p.add_argument("--no-model", action="store_true", help="do not use the trained sentence classifier")
    p.set_defaults(func=run)


def _config(args) -> Config:
    config = load_config(args.config) if args.config else Config()
    if getattr(args, "no_model", False):
        from dataclasses import replace

        config = replace(config, use_model=False)
    return config


def read_input(name: str) -> str:
    from ..loaders import load_file

    if name == "-":
        data = sys.stdin.buffer.read()
        from ..loaders import load_bytes

        return load_bytes(data, "stdin.txt")
    return load_file(name)


def run(args) -> int:
    from ..engine import assess

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        print("advert-assistant: error: --fail-under takes a score from 0 to 100", file=sys.stderr)
        return 2
    config = _config(args)
    failed_input = False
    below = False
    results = []
    for name in args.files:
        label = "<stdin>" if name == "-" else name
        try:
            report = assess(read_input(name), config=config)
        except AdvertAssistantError as exc:
            print(f"advert-assistant: error: {label}: {exc}", file=sys.stderr)
            failed_input = True
            continue
        results.append((label, report))
        if args.fail_under is not None and report.overall < args.fail_under:
            below = True
    out = sys.stdout
    if args.format == "json":
        payload = [dict(r.to_dict(), file=label) for label, r in results]
        out.write(json.dumps(payload[0] if len(payload) == 1 and len(args.files) == 1 else payload,
                             ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        for label, report in results:
            out.write(format_markdown(label, report) + "\n")
    else:
        for label, report in results:
            out.write(format_text(label, report))
    if failed_input:
        return 2
    if below:
        print(f"advert-assistant: overall score below --fail-under {args.fail_under}", file=sys.stderr)
        return 1
    return 0


__all__ = ["register", "run"]
