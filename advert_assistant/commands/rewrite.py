"""``advert-assistant rewrite FILE``: apply every drop-in fix and print the new advert."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile

from ..errors import AdvertAssistantError

PROG = "advert-assistant rewrite"

DESCRIPTION = """\
Apply every fix that has a drop-in rewrite (jargon swaps, "you will" for "the successful
candidate will", long sentences split at a clause) and print the rewritten advert. The
advert is assessed again after each pass, at most three times, and a pass that would
lower the score is not kept. FILE is .txt, .md, .html, .docx or .pdf, or - for standard
input. The output is plain text.
"""

EPILOG = """\
examples:
  advert-assistant rewrite advert.docx > advert.txt
  advert-assistant rewrite advert.txt --diff
  advert-assistant rewrite advert.txt --rules jargon,clarity.third-person --out advert.txt
  cat advert.txt | advert-assistant rewrite - --config our-style.yml

exit status: 0 rewritten (or nothing to fix); 2 bad input, options or output file.
"""

# Files --out must not overwrite with plain text.
_BINARY_SUFFIXES = (".docx", ".pdf", ".doc", ".odt", ".pages", ".rtf")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "rewrite", help="apply the suggested rewrites and print the new advert",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="the advert (.txt, .md, .html, .docx, .pdf), or - for standard input")
    p.add_argument("--out", metavar="FILE",
                   help="write the rewritten advert to FILE (replaced in one step, never half-written) "
                        "instead of standard output")
    p.add_argument("--rules", metavar="PREFIXES",
                   help="only apply fixes whose rule id starts with one of these, comma-separated "
                        "(e.g. jargon,clarity.third-person)")
    p.add_argument("--diff", action="store_true", help="print a unified diff instead of the rewritten text")
    p.add_argument("--config", metavar="FILE", help="an organisation config (YAML)")
    p.add_argument("--no-model", action="store_true", help="do not use the trained sentence classifier")
    p.set_defaults(func=run)
    return p


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def _rule_prefixes(value: str | None) -> tuple[str, ...] | None:
    """The --rules list, checked against the known rules (a typo would silently fix nothing)."""
    if value is None:
        return None
    prefixes = tuple(p.strip() for p in value.split(",") if p.strip())
    if not prefixes:
        raise ValueError("--rules needs at least one rule id or prefix, e.g. jargon,clarity.third-person")
    from ..ruledata import builtin_rules
    from ..types import DIMENSIONS

    ids = [r.id for r in builtin_rules()]
    for prefix in prefixes:
        if not any(i.startswith(prefix) for i in ids) and prefix.split(".")[0] not in DIMENSIONS:
            raise ValueError(f"--rules: no rule id starts with {prefix!r} "
                             "(see `advert-assistant rules`)")
    return prefixes


def _read(name: str) -> str:
    from ..loaders import load_bytes, load_file

    if name == "-":
        return load_bytes(sys.stdin.buffer.read(), "stdin.txt")
    return load_file(name)


def _unified(before: str, after: str, label: str) -> str:
    a = (before if before.endswith("\n") else before + "\n").splitlines(keepends=True)
    b = (after if after.endswith("\n") else after + "\n").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, fromfile=label, tofile=f"{label} (rewritten)"))


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and
    ``os.replace``: readers see the old file or the new one, never half of it."""
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = os.stat(target).st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def run(args: argparse.Namespace) -> int:
    from ..config import Config, load_config
    from ..rewrite import rewrite

    label = "<stdin>" if args.file == "-" else args.file
    if args.out == "-":
        args.out = None  # standard output
    try:
        prefixes = _rule_prefixes(args.rules)
    except ValueError as exc:
        return _error(str(exc))
    if args.out and args.out.lower().endswith(_BINARY_SUFFIXES):
        return _error(f"--out {args.out}: the rewrite is plain text; give a .txt or .md file")
    if args.out and os.path.isdir(args.out):
        return _error(f"--out {args.out}: is a folder, not a file")
    try:
        config = load_config(args.config) if args.config else Config()
    except AdvertAssistantError as exc:
        return _error(str(exc))
    if args.no_model:
        from dataclasses import replace

        config = replace(config, use_model=False)
    try:
        text = _read(args.file)
    except AdvertAssistantError as exc:
        return _error(str(exc))
    try:
        result = rewrite(text, config=config, rule_ids=prefixes)
    except AdvertAssistantError as exc:
        return _error(f"{label}: {exc}")
    rewritten = result.text if result.text.endswith("\n") or not result.text else result.text + "\n"
    if args.out:
        try:
            write_atomic(args.out, rewritten)
        except OSError as exc:
            return _error(f"--out {args.out}: {exc.strerror or exc}")
        print(f"{PROG}: {len(result.edits)} edit{'s' if len(result.edits) != 1 else ''} "
              f"written to {args.out}", file=sys.stderr)
    if args.diff:
        sys.stdout.write(_unified(original_text(result), result.text, label))
    elif not args.out:
        sys.stdout.write(rewritten)
    return 0


def original_text(result) -> str:
    """The text a :class:`~advert_assistant.rewrite.RewriteResult`'s edits were made on,
    rebuilt from the result (the advert as the engine read it)."""
    out, pos, prev = [], 0, 0
    for e in result.edits:
        keep = e.start - prev
        out.append(result.text[pos:pos + keep])
        out.append(e.old)
        pos += keep + len(e.new)
        prev = e.end
    out.append(result.text[pos:])
    return "".join(out)
