"""Held-out evaluation of the sentence classifier (what `make evaluate-model` runs).

    .venv/bin/python -m training.evaluate [--model PATH] [--write-card]

The held-out adverts are those :func:`training.build_dataset.split_of` puts in "test": no
advert has sentences on both sides. Prints, for each setting, per-class precision,
recall, F1 and support, the confusion matrix (rows: true label, columns: predicted) and
the macro-F1 over the classes other than "other":

* ``with_context``: each sentence with the heading it sits under (how the engine calls it);
* ``without_context``: the same sentences with no heading;
* ``unseen_text``: with context, leaving out held-out sentences whose text also occurs in
  training (templates repeat across NHS adverts);
* ``hand_labelled``: only the held-out sentences labelled by hand (career candidates and
  hard cases), with context.

Also measures predict() time for 40 sentences.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time
from typing import Any, Sequence

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from advert_assistant import structure  # noqa: E402
from advert_assistant.structure import LABELS  # noqa: E402

SCORED = tuple(lab for lab in LABELS if lab != "other")


def scores(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, Any]:
    """Per-class P/R/F1/support, confusion matrix, accuracy and macro-F1 (without "other")."""
    idx = {lab: i for i, lab in enumerate(LABELS)}
    k = len(LABELS)
    cm = [[0] * k for _ in range(k)]
    for t, p in zip(y_true, y_pred):
        cm[idx[t]][idx[p]] += 1
    per = {}
    for lab in LABELS:
        i = idx[lab]
        tp = cm[i][i]
        pred = sum(cm[r][i] for r in range(k))
        sup = sum(cm[i])
        prec = tp / pred if pred else 0.0
        rec = tp / sup if sup else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": sup}
    present = [lab for lab in SCORED if per[lab]["support"]]
    n = len(y_true)
    return {
        "n": n,
        "accuracy": round(sum(cm[i][i] for i in range(k)) / n, 4) if n else 0.0,
        "macro_f1_without_other": round(sum(per[lab]["f1"] for lab in present) / len(present), 4) if present else 0.0,
        "per_class": per,
        "confusion": {"labels": list(LABELS), "matrix": cm},
    }


def _predict(model, examples, with_context: bool) -> list[str]:
    out: list[str] = []
    batch = 2048
    for i in range(0, len(examples), batch):
        part = examples[i : i + batch]
        ctx = [e.context for e in part] if with_context else None
        out.extend(lab for lab, _ in model.predict([e.text for e in part], ctx))
    return out


def predict_timing(model, sentences: Sequence[str], contexts: Sequence[str], repeats: int = 200) -> dict[str, float]:
    """predict() time in milliseconds for one batch of ``sentences``: ``first`` with the
    model's score caches emptied before each call (an advert seen for the first time) and
    ``again`` with them filled (the same advert re-assessed); median, p90 and best."""
    out: dict[str, float] = {"sentences": len(sentences)}
    model.predict(sentences, contexts)
    for name, cold in (("first", True), ("again", False)):
        times = []
        for _ in range(repeats):
            if cold:
                model.clear_score_cache()
            t = time.perf_counter()
            model.predict(sentences, contexts)
            times.append(time.perf_counter() - t)
        times.sort()
        out[f"{name}_median_ms"] = round(times[len(times) // 2] * 1e3, 3)
        out[f"{name}_p90_ms"] = round(times[int(len(times) * 0.9)] * 1e3, 3)
        out[f"{name}_best_ms"] = round(times[0] * 1e3, 3)
    return out


def evaluate(model, test: Sequence, train: Sequence | None = None) -> dict[str, Any]:
    test = sorted(test, key=lambda e: (e.advert, e.start, e.end))
    y = [e.label for e in test]
    report: dict[str, Any] = {}
    pred_ctx = _predict(model, test, True)
    report["with_context"] = scores(y, pred_ctx)
    report["without_context"] = scores(y, _predict(model, test, False))
    if train is not None:
        seen = {structure.normalise(e.text) for e in train}
        keep = [i for i, e in enumerate(test) if structure.normalise(e.text) not in seen]
        report["unseen_text"] = scores([y[i] for i in keep], [pred_ctx[i] for i in keep])
    hand = [i for i, e in enumerate(test) if e.origin == "hand"]
    report["hand_labelled"] = scores([y[i] for i in hand], [pred_ctx[i] for i in hand])
    # timing on a realistic batch: the first 40 held-out sentences of one advert or more
    sample = test[:40]
    report["predict_time_40_sentences"] = predict_timing(model, [e.text for e in sample], [e.context for e in sample])
    return report


def format_scores(name: str, s: dict[str, Any]) -> str:
    lines = [f"== {name}: {s['n']} sentences, accuracy {s['accuracy']:.3f}, "
             f"macro-F1 without 'other' {s['macro_f1_without_other']:.3f}"]
    lines.append(f"{'label':<14}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}")
    for lab in LABELS:
        c = s["per_class"][lab]
        lines.append(f"{lab:<14}{c['precision']:>10.3f}{c['recall']:>10.3f}{c['f1']:>10.3f}{c['support']:>9}")
    short = [lab[:5] for lab in LABELS]
    lines.append("confusion (rows true, columns predicted):")
    lines.append(" " * 14 + "".join(f"{h:>8}" for h in short))
    for lab, row in zip(LABELS, s["confusion"]["matrix"]):
        lines.append(f"{lab:<14}" + "".join(f"{v:>8}" for v in row))
    return "\n".join(lines)


def format_report(report: dict[str, Any]) -> str:
    parts = [format_scores(k, v) for k, v in report.items() if isinstance(v, dict) and "per_class" in v]
    t = report.get("predict_time_40_sentences")
    if t:
        parts.append(
            f"predict() for {t['sentences']} sentences, first time: best {t['first_best_ms']} ms, median {t['first_median_ms']} ms, "
            f"p90 {t['first_p90_ms']} ms; again (scores cached): best {t['again_best_ms']} ms, median {t['again_median_ms']} ms"
        )
    return "\n\n".join(parts)


def headline(report: dict[str, Any]) -> list[str]:
    """The card's summary: the figure the project reports (sentences without headings, as
    in adverts pasted without them) beside the one with headings."""
    rows = []
    for key, what in (("without_context", "without headings (the reported figure)"), ("with_context", "with headings")):
        s = report.get(key)
        if s:
            car = s["per_class"]["career"]
            rows.append(f"| {what} | {s['macro_f1_without_other']:.3f} | {car['f1']:.3f} "
                        f"(P {car['precision']:.3f}, R {car['recall']:.3f}, n={car['support']}) | {s['accuracy']:.3f} |")
    if not rows:
        return []
    return [
        "Many pasted adverts have no headings, so the figure the project reports is the one",
        "without headings; the engine passes the heading when the advert has one.",
        "",
        "| held-out sentences | macro-F1 without 'other' | career F1 | accuracy |",
        "|---|---|---|---|",
        *rows,
    ]


def card_paths(model_path: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    stem = model_path.name.removesuffix(".skops")
    return model_path.with_name(stem + ".card.json"), model_path.with_name(stem + ".card.md")


def write_card(model_path: pathlib.Path, card: dict[str, Any]) -> None:
    """Write the card as JSON (for programs) and Markdown (for people)."""
    jpath, mpath = card_paths(model_path)
    jpath.write_text(json.dumps(card, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    ev = card.get("evaluation", {})
    md = [
        f"# Model card: {card['model']}",
        "",
        "Labels each sentence of a job advert with what it is for. Rebuild with `make train`;",
        "evaluate with `make evaluate-model`. Loaded by `advert_assistant.structure.SentenceClassifier`.",
        "",
        f"- labels: {', '.join(card['labels'])}",
        f"- format: skops (no code runs on load); trusted types: {', '.join(card['trusted_types'])}",
        f"- seed: {card['seed']}",
        f"- data sha256: `{card['data_sha256']}` (corpus files {', '.join(card['data']['corpus_files'])}, "
        f"`{card['data']['hand_labels']}`, `training/build_dataset.py`)",
        f"- versions: {', '.join(f'{k} {v}' for k, v in card['versions'].items())}",
        f"- size: {card['model_bytes'] / 1e6:.2f} MB",
        f"- data: {card['data']['train_sentences']} training sentences from {card['data']['train_adverts']} adverts, "
        f"{card['data']['test_sentences']} held-out sentences from {card['data']['test_adverts']} other adverts "
        f"({card['data']['split']}); {card['data']['hand_labelled_sentences']} sentences labelled by hand",
        f"- model: {card['hyperparameters']['classifier']}, C={card['hyperparameters']['C']}, "
        f"features: {card['hyperparameters']['features']['kind']}, {card['hyperparameters']['features']['n_features']} columns",
        "",
        "Weak labels: EMSCAD fields, NHS adverts' own headings (table in `training/build_dataset.py`),",
        "SkillSpan blocks, header lines as `other`; career sentences labelled by hand. The held-out",
        "figures therefore measure agreement with those labels, which are themselves noisy.",
        "",
        "## Held-out evaluation",
        "",
        *headline(ev),
        "",
        "```",
        format_report(ev),
        "```",
        "",
    ]
    mpath.write_text("\n".join(md), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from advert_assistant.errors import ModelError
    from training import build_dataset

    ap = argparse.ArgumentParser(description="Evaluate the sentence classifier on the held-out adverts.")
    ap.add_argument("--model", default=None, help="model file (default: models/sentence_classifier.skops)")
    ap.add_argument("--write-card", action="store_true", help="also write the figures into the model's card")
    args = ap.parse_args(argv)
    if not build_dataset.corpus_dir().is_dir():
        print(f"error: {build_dataset.MISSING_CORPUS}: {build_dataset.corpus_dir()} not found", file=sys.stderr)
        return 2
    try:
        model = structure.SentenceClassifier.load(args.model)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    examples = build_dataset.build()
    train = [e for e in examples if build_dataset.split_of(e.advert) == "train"]
    test = [e for e in examples if build_dataset.split_of(e.advert) == "test"]
    report = evaluate(model, test, train)
    print(format_report(report))
    if args.write_card:
        jpath, _ = card_paths(model.path)
        card = json.loads(jpath.read_text(encoding="utf-8"))
        card["evaluation"] = report
        write_card(model.path, card)
        print(f"wrote the figures into {jpath} and its .md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
