"""The ``advert-assistant`` command: ``main(argv) -> int`` over the library.

Subcommands live in :mod:`advert_assistant.commands`, one module each, with
``register(subparsers)`` and ``run(args) -> int``. Exit codes: 0 ok; 1 a score below
``--fail-under`` or failed batch rows; 2 bad input or usage (one line on stderr).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from . import __version__
from .errors import AdvertAssistantError

COMMANDS = ("check", "rules", "rewrite", "batch", "report")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other bad input
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="advert-assistant",
        description="Score job adverts for jargon, clarity, career paths, benefits, inclusive "
                    "language and essentials, with concrete rewrites.",
    )
    parser.add_argument("--version", action="version", version=f"advert-assistant {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"advert_assistant.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"advert_assistant.commands.{name}":
                continue
            raise
        module.register(sub)
    return parser


def fail(prog: str, exc: BaseException) -> int:
    """Say what went wrong in one line on stderr (``PROG: error: ...``) and return exit code 2.

    For the errors a command expects from its input: the package's own, ``ValueError``
    and ``OSError`` (named by its file)."""
    if isinstance(exc, OSError) and not isinstance(exc, AdvertAssistantError):
        name = f"{exc.filename}: " if exc.filename else ""
        message = f"{name}{exc.strerror or exc}"
    else:
        message = str(exc)
    print(f"{prog}: error: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except AdvertAssistantError as exc:
        print(f"advert-assistant: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("advert-assistant: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
