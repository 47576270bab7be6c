"""Measure coverage accuracy on the hand-labelled dev set (tests/devset/labels.jsonl).

Run from anywhere::

    .venv/bin/python scripts/eval_devset.py                 # figures
    .venv/bin/python scripts/eval_devset.py --errors        # plus every wrong decision
    .venv/bin/python scripts/eval_devset.py --json out.json # figures and errors as JSON
    .venv/bin/python scripts/eval_devset.py --no-model      # trained sentence model off
    .venv/bin/python scripts/eval_devset.py --labels tests/devset/dev2.jsonl     # second dev set
    .venv/bin/python scripts/eval_devset.py --labels tests/devset/holdout.jsonl  # hold-out set

``--labels`` picks another labels file of the same shape; ``tests/devset/dev2.jsonl`` is a
second dev set of 40 adverts drawn later, ``tests/devset/holdout.jsonl`` the blind hold-out
set, meant to be scored once at the end rather than tuned against.

The advert texts are read from the adverts corpus (``../shared/data`` beside the repository,
or ``--data DIR``); the labels file holds ids and labels only. Each text goes through
:func:`advert_assistant.assess_many` and the coverage decisions are compared with the labels:
precision, recall and F1 per benefit category and micro-F1 over all benefit decisions;
career-path level accuracy with a 3x3 confusion matrix (and element precision/recall where
both sides say level 2); accuracy, precision, recall and F1 per essential.

Exit status: 0 on success, 2 when the data, the labels or the engine are missing or invalid.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advert_assistant.types import BENEFIT_CATEGORIES, CAREER_ELEMENTS, ESSENTIALS  # noqa: E402

DEFAULT_LABELS = REPO / "tests" / "devset" / "labels.jsonl"
DEFAULT_DATA = REPO.parent / "shared" / "data"

LEVELS = (0, 1, 2)
EVIDENCE_CHARS = 90


class DevsetError(Exception):
    """The labels, the corpus or the engine cannot be used; the message says why."""


# --------------------------------------------------------------------------- loading

def load_labels(path: Path) -> list[dict[str, Any]]:
    """Read labels.jsonl; raise :class:`DevsetError` naming the line of any bad record."""
    if not path.is_file():
        raise DevsetError(f"no labels file at {path}")
    labels: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                _check_record(record)
            except (json.JSONDecodeError, ValueError, TypeError, KeyError) as exc:
                raise DevsetError(f"{path}:{number}: {exc}") from None
            labels.append(record)
    if not labels:
        raise DevsetError(f"{path} holds no labels")
    return labels


def _check_record(record: Mapping[str, Any]) -> None:
    if not isinstance(record.get("id"), str) or not isinstance(record.get("source_file"), str):
        raise ValueError("needs string 'id' and 'source_file'")
    if set(record["benefits"]) != set(BENEFIT_CATEGORIES):
        raise ValueError("benefits must name exactly the seven categories")
    if set(record["essentials"]) != set(ESSENTIALS):
        raise ValueError("essentials must name exactly the five essentials")
    if record["career_path"]["level"] not in LEVELS:
        raise ValueError("career_path.level must be 0, 1 or 2")


def load_texts(data_dir: Path, labels: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The ``text`` of every labelled advert, read in place from ``data_dir/corpus``."""
    corpus = data_dir / "corpus"
    if not corpus.is_dir():
        raise DevsetError(
            f"no adverts corpus at {corpus}: this needs ../shared/data (the adverts corpus) "
            "beside the repository, or --data DIR"
        )
    wanted: dict[str, set[str]] = {}
    for record in labels:
        wanted.setdefault(record["source_file"], set()).add(record["id"])
    texts: dict[str, str] = {}
    for name, ids in sorted(wanted.items()):
        path = corpus / name
        if not path.is_file():
            raise DevsetError(f"corpus file {path} is missing")
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("id") in ids:
                    texts[row["id"]] = row["text"]
        missing = sorted(ids - texts.keys())
        if missing:
            raise DevsetError(f"{len(missing)} labelled id(s) not in {name}: {', '.join(missing[:5])}")
    return texts


# --------------------------------------------------------------------------- engine

def make_runner(no_model: bool) -> tuple[Callable[[Sequence[str]], list[Any]], str | None]:
    """A function from texts to reports, and a note to print (or None)."""
    try:
        import advert_assistant as aa
    except Exception as exc:  # the package itself failing to import
        raise DevsetError(f"cannot import advert_assistant: {exc}") from None
    assess = getattr(aa, "assess", None)
    assess_many = getattr(aa, "assess_many", None)
    if assess is None and assess_many is None:
        raise DevsetError("advert_assistant has no assess/assess_many yet")

    config = None
    note = None
    if no_model:
        try:
            from advert_assistant.config import Config
        except ImportError:
            Config = None  # noqa: N806
        fields = {f.name for f in dataclasses.fields(Config)} if (
            Config is not None and dataclasses.is_dataclass(Config)) else set()
        if "use_model" in fields:
            config = Config(use_model=False)
            note = "trained sentence model switched off (Config(use_model=False))"
        else:
            note = "--no-model ignored: advert_assistant.config.Config has no use_model field"

    engine_errors: tuple[type[BaseException], ...] = (ImportError,)
    try:
        from advert_assistant.errors import AdvertAssistantError
        engine_errors += (AdvertAssistantError,)
    except ImportError:
        pass

    def run(texts: Sequence[str]) -> list[Any]:
        kwargs = {} if config is None else {"config": config}
        try:
            if assess_many is not None:
                reports = list(assess_many(list(texts), **kwargs))
            else:
                reports = [assess(t, **kwargs) for t in texts]
        except engine_errors as exc:
            raise DevsetError(f"the engine failed: {type(exc).__name__}: {exc}") from None
        if len(reports) != len(texts):
            raise DevsetError(f"assess_many returned {len(reports)} reports for {len(texts)} texts")
        return reports

    return run, note


def decisions(report: Any) -> dict[str, Any]:
    """The coverage decisions of one report in the labels' shape, plus evidence texts."""
    cov = report.coverage
    out: dict[str, Any] = {"benefits": {}, "essentials": {}, "evidence": {}}
    for cat in BENEFIT_CATEGORIES:
        item = cov.benefits.get(cat)
        out["benefits"][cat] = bool(item is not None and item.found)
        out["evidence"][f"benefits.{cat}"] = _evidence(item)
    for name in ESSENTIALS:
        item = cov.essentials.get(name)
        out["essentials"][name] = bool(item is not None and item.found)
        out["evidence"][f"essentials.{name}"] = _evidence(item)
    career = cov.career_path
    out["career_path"] = {"level": int(career.level), "elements": sorted(career.elements)}
    out["evidence"]["career_path"] = _evidence(career)
    return out


def _evidence(item: Any) -> list[str]:
    if item is None:
        return []
    return [_shorten(getattr(e, "text", str(e))) for e in getattr(item, "evidence", ())]


def _shorten(text: str, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- figures

def prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    """Precision, recall, F1; None where the ratio is undefined (nothing to count)."""
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    if precision is None or recall is None:
        f1 = None if tp + fp + fn == 0 else 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _binary(pairs: Iterable[tuple[bool, bool]]) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    for expected, got in pairs:
        if expected and got:
            tp += 1
        elif got:
            fp += 1
        elif expected:
            fn += 1
        else:
            tn += 1
    total = tp + fp + fn + tn
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "support": tp + fn,
            "accuracy": (tp + tn) / total if total else None, **prf(tp, fp, fn)}


def evaluate(labels: Sequence[Mapping[str, Any]], predicted: Mapping[str, Mapping[str, Any]]
             ) -> dict[str, Any]:
    """Figures and wrong decisions for ``predicted[id]`` (from :func:`decisions`) vs labels."""
    benefits = {
        cat: _binary((r["benefits"][cat], predicted[r["id"]]["benefits"][cat]) for r in labels)
        for cat in BENEFIT_CATEGORIES
    }
    tp = sum(b["tp"] for b in benefits.values())
    fp = sum(b["fp"] for b in benefits.values())
    fn = sum(b["fn"] for b in benefits.values())
    micro = {"tp": tp, "fp": fp, "fn": fn, **prf(tp, fp, fn)}

    confusion = [[0, 0, 0] for _ in LEVELS]
    element_pairs: dict[str, list[tuple[bool, bool]]] = {e: [] for e in CAREER_ELEMENTS}
    for r in labels:
        exp = r["career_path"]
        got = predicted[r["id"]]["career_path"]
        confusion[exp["level"]][got["level"]] += 1
        if exp["level"] == 2 and got["level"] == 2:
            for e in CAREER_ELEMENTS:
                element_pairs[e].append((e in exp["elements"], e in got["elements"]))
    correct = sum(confusion[i][i] for i in LEVELS)
    elements = {e: _binary(p) for e, p in element_pairs.items()}

    essentials = {
        name: _binary((r["essentials"][name], predicted[r["id"]]["essentials"][name])
                      for r in labels)
        for name in ESSENTIALS
    }
    return {
        "adverts": len(labels),
        "benefits": benefits,
        "benefits_micro": micro,
        "career_path": {"accuracy": correct / len(labels), "confusion": confusion,
                        "elements_when_both_level2": elements},
        "essentials": essentials,
        "errors": wrong_decisions(labels, predicted),
    }


def wrong_decisions(labels: Sequence[Mapping[str, Any]],
                    predicted: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    for r in labels:
        got = predicted[r["id"]]
        for group in ("benefits", "essentials"):
            for name, expected in r[group].items():
                if expected != got[group][name]:
                    errors.append({"id": r["id"], "field": f"{group}.{name}",
                                   "expected": expected, "got": got[group][name],
                                   "evidence": got["evidence"].get(f"{group}.{name}", [])})
        exp_cp, got_cp = r["career_path"], got["career_path"]
        if exp_cp["level"] != got_cp["level"]:
            errors.append({"id": r["id"], "field": "career_path.level",
                           "expected": exp_cp["level"], "got": got_cp["level"],
                           "expected_elements": exp_cp["elements"],
                           "got_elements": got_cp["elements"],
                           "evidence": got["evidence"].get("career_path", [])})
        elif exp_cp["level"] == 2 and sorted(exp_cp["elements"]) != sorted(got_cp["elements"]):
            errors.append({"id": r["id"], "field": "career_path.elements",
                           "expected": sorted(exp_cp["elements"]),
                           "got": sorted(got_cp["elements"]),
                           "evidence": got["evidence"].get("career_path", [])})
    return errors


# --------------------------------------------------------------------------- printing

def _f(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def format_figures(fig: Mapping[str, Any]) -> str:
    title = fig.get("labels", "the dev set")
    lines = [f"Coverage on {title}: {fig['adverts']} adverts", "",
             "Benefits            support  tp  fp  fn   prec   rec    F1"]
    for cat, b in fig["benefits"].items():
        lines.append(f"  {cat:<20}{b['support']:>5}{b['tp']:>4}{b['fp']:>4}{b['fn']:>4}"
                     f"  {_f(b['precision'])} {_f(b['recall'])} {_f(b['f1'])}")
    m = fig["benefits_micro"]
    lines.append(f"  {'micro (all 7)':<25}{m['tp']:>4}{m['fp']:>4}{m['fn']:>4}"
                 f"  {_f(m['precision'])} {_f(m['recall'])} {_f(m['f1'])}")
    cp = fig["career_path"]
    lines += ["", f"Career path level accuracy: {cp['accuracy']:.2f}",
              "  expected \\ got     0    1    2"]
    for level, row in zip(LEVELS, cp["confusion"]):
        lines.append(f"  {level:<16}" + "".join(f"{n:>5}" for n in row))
    both = cp["confusion"][2][2]
    if both:
        lines.append(f"  elements where both say level 2 ({both} adverts):")
        for e, b in cp["elements_when_both_level2"].items():
            if b["tp"] + b["fp"] + b["fn"]:
                lines.append(f"    {e:<14} tp {b['tp']:>2} fp {b['fp']:>2} fn {b['fn']:>2}"
                             f"  prec {_f(b['precision'])} rec {_f(b['recall'])}")
    lines += ["", "Essentials          support   acc   prec   rec    F1"]
    for name, b in fig["essentials"].items():
        lines.append(f"  {name:<20}{b['support']:>5} {_f(b['accuracy'])}  {_f(b['precision'])}"
                     f" {_f(b['recall'])} {_f(b['f1'])}")
    lines.append(f"\nWrong decisions: {len(fig['errors'])} (list them with --errors)")
    return "\n".join(lines)


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(value) or "-"
    return str(value)


def format_errors(errors: Sequence[Mapping[str, Any]]) -> str:
    """One wrong decision a line: id, field, expected, got, the engine's evidence."""
    rows = [(e["id"], e["field"], _value(e["expected"]), _value(e["got"]),
             " | ".join(e["evidence"]) if e["evidence"] else "-") for e in errors]
    head = ("id", "field", "expected", "got", "evidence")
    widths = [max([len(head[i])] + [len(r[i]) for r in rows]) + 2 for i in range(4)]
    return "\n".join("".join(c.ljust(w) for c, w in zip(row[:4], widths)) + row[4]
                     for row in [head, *rows])


# --------------------------------------------------------------------------- main

def run_eval(labels_path: Path, data_dir: Path, no_model: bool = False
             ) -> tuple[dict[str, Any], str | None]:
    labels = load_labels(labels_path)
    texts = load_texts(data_dir, labels)
    runner, note = make_runner(no_model)
    reports = runner([texts[r["id"]] for r in labels])
    predicted = {r["id"]: decisions(rep) for r, rep in zip(labels, reports)}
    return {"labels": labels_path.name, **evaluate(labels, predicted)}, note


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the adverts data directory holding corpus/ (default: ../shared/data)")
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS,
                        help="labels file (default: tests/devset/labels.jsonl; "
                             "tests/devset/dev2.jsonl is the second dev set, "
                             "tests/devset/holdout.jsonl the hold-out set)")
    parser.add_argument("--errors", action="store_true", help="list every wrong decision")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write figures to FILE")
    parser.add_argument("--no-model", action="store_true",
                        help="switch the trained sentence model off, to compare")
    args = parser.parse_args(argv)
    try:
        figures, note = run_eval(args.labels, args.data, args.no_model)
    except DevsetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if note:
        print(f"note: {note}", file=sys.stderr)
    print(format_figures(figures))
    if args.errors:
        print()
        print(format_errors(figures["errors"]))
    if args.json:
        figures = {**figures, "no_model": bool(args.no_model and note and "ignored" not in note)}
        try:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.json}: {exc}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
