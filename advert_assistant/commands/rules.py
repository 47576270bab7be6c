"""``advert-assistant rules``: list every rule in force."""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("rules", help="list the rules", description="List every rule in force.")
    p.add_argument("--config", metavar="FILE", help="an organisation config (YAML)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--dimension", help="only this dimension")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..config import Config, load_config
    from ..ruledata import builtin_rules

    config = load_config(args.config) if args.config else Config()
    rules = [r for r in builtin_rules() if not config.is_disabled(r.id)]
    if args.dimension:
        rules = [r for r in rules if r.dimension == args.dimension]
    if args.format == "json":
        sys.stdout.write(json.dumps([
            {"id": r.id, "dimension": r.dimension, "type": r.type, "severity": r.severity,
             "points": r.points, "message": r.message, "why": r.why,
             "terms": [str(t["match"]) for t in r.terms]}
            for r in rules], ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max((len(r.id) for r in rules), default=10)
    for r in rules:
        extra = f" ({len(r.terms)} terms)" if r.terms else ""
        sys.stdout.write(f"{r.id:<{width}}  {r.dimension:<11}  {r.severity:<7}  {r.why.split('. ')[0].rstrip('.')}.{extra}\n")
    return 0
