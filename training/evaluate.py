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
from training import build_dataset  # noqa: E402

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


#: The settings a held-out sentence is labelled in: what the model is given besides the
#: sentence itself.
SETTINGS = {
    "without_headings": "the sentence alone, no heading (an advert pasted without headings; the figure the "
                        "project reports)",
    "with_headings": "the heading it sits under (how the engine reads an advert with headings; partly circular "
                     "for weak labels, which come from the headings)",
}


def _predict(model, examples, setting: str, units: dict | None = None) -> list[str]:
    """Labels of ``examples`` (sorted by advert and offsets) in ``setting``. With ``units``
    (advert id -> ``build_dataset.Units``) and a model with a context stage, every sentence
    of each advert is read and the context stage applied, as in the engine: to every
    sentence without headings, to those without a heading with them."""
    if setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r}")
    if units is not None and model.context_classifier is not None:
        return _predict_in_context(model, examples, setting, units)
    out: list[str] = []
    batch = 4096
    for i in range(0, len(examples), batch):
        part = examples[i : i + batch]
        context = [e.context for e in part] if setting == "with_headings" else None
        proba = model.predict_proba([e.text for e in part], context)
        out.extend(LABELS[j] for j in proba.argmax(axis=1).tolist())
    return out


def _predict_in_context(model, examples, setting: str, units: dict) -> list[str]:
    import numpy as np

    adverts = list(dict.fromkeys(e.advert for e in examples))
    texts = [t for a in adverts for t in units[a].texts]
    heads = [h for a in adverts for h in units[a].headings] if setting == "with_headings" else None
    proba = model.predict_proba(texts, heads)
    got: dict[tuple[str, int, int], int] = {}
    at = 0
    for a in adverts:
        u = units[a]
        n = len(u.texts)
        where = None if heads is None else np.array([not h for h in u.headings], dtype=bool)
        p = model.in_context(proba[at : at + n], np.array(u.heading_lines, dtype=bool), where)
        best = p.argmax(axis=1).tolist()
        for (s, e), j in zip(u.spans, best):
            got[(a, s, e)] = j
        at += n
    return [LABELS[got[(e.advert, e.start, e.end)]] for e in examples]


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


def evaluate(model, test: Sequence, train: Sequence | None = None, units: dict | None = None) -> dict[str, Any]:
    """Scores of ``model`` on the held-out examples ``test`` in each of :data:`SETTINGS`,
    then, without headings, on the held-out sentences whose text is not in ``train``
    (``unseen_text``) and on those labelled by hand (``hand_labelled``). ``units``: advert
    id -> ``build_dataset.Units``, the adverts' sentences in order for the context stage
    (default: each advert's examples alone)."""
    test = sorted(test, key=lambda e: (e.advert, e.start, e.end))
    y = [e.label for e in test]
    report: dict[str, Any] = {}
    preds = {}
    for setting in SETTINGS:
        preds[setting] = _predict(model, test, setting, units if units is not None else
                                  build_dataset.advert_units(test, texts={}))
        report[setting] = scores(y, preds[setting])
    honest = preds["without_headings"]
    if train is not None:
        seen = {structure.normalise(e.text) for e in train}
        keep = [i for i, e in enumerate(test) if structure.normalise(e.text) not in seen]
        report["unseen_text"] = scores([y[i] for i in keep], [honest[i] for i in keep])
    # labels given by hand do not come from the headings: both settings are fair there
    for name, origins in (("hand_labelled", build_dataset.HAND_ORIGINS), ("sample", ("sample",))):
        keep = [i for i, e in enumerate(test) if e.origin in origins]
        for setting in ("without_headings", "with_headings"):
            report[f"{name}_{setting}"] = scores([y[i] for i in keep], [preds[setting][i] for i in keep])
    sample = [e for e in test if e.origin == "sample" and e.weak]
    if sample:
        report["sample_weak_label_agreement"] = {
            "n": len(sample), "share": round(sum(e.weak == e.label for e in sample) / len(sample), 4)}
        # the readers scored against the weak labels as if they were a classifier: how far a
        # careful reading of each sentence agrees with the section it sits in
        report["reader_vs_weak"] = scores([e.weak for e in sample], [e.label for e in sample])
    # timing on a realistic batch: the first 40 held-out sentences of one advert or more
    sample = test[:40]
    report["predict_time_40_sentences"] = predict_timing(model, [e.text for e in sample], [e.context for e in sample])
    return report


WHAT = {
    **SETTINGS,
    "unseen_text": "without headings, only held-out sentences whose text does not occur in training",
    "hand_labelled_without_headings": "held-out sentences labelled by hand (the random sample, career candidates, "
                                      "hard cases), without headings",
    "hand_labelled_with_headings": "the same, with headings (not circular: these labels do not come from headings)",
    "sample_without_headings": "only the hand-labelled random sample of held-out sentences, without headings",
    "sample_with_headings": "the same, with headings",
    "reader_vs_weak": "the random sample's hand labels as predictions, its weak labels as truth (no model)",
}


def format_scores(name: str, s: dict[str, Any]) -> str:
    lines = [f"== {name}: {s['n']} sentences, accuracy {s['accuracy']:.3f}, "
             f"macro-F1 without 'other' {s['macro_f1_without_other']:.3f}"]
    if name in WHAT:
        lines.append(f"   ({WHAT[name]})")
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
    """The summary (:func:`headline`), then every setting's scores and confusion matrix."""
    parts = ["\n".join(headline(report, markdown=False))]
    a = report.get("sample_weak_label_agreement")
    if a:
        parts[0] += (f"\n  (the weak label of a sentence of the random sample is the one a reader gave it "
                     f"for {a['share']:.0%} of the {a['n']})")
    parts += [format_scores(k, v) for k, v in report.items() if isinstance(v, dict) and "per_class" in v]
    t = report.get("predict_time_40_sentences")
    if t:
        parts.append(
            f"predict() for {t['sentences']} sentences, first time: best {t['first_best_ms']} ms, median {t['first_median_ms']} ms, "
            f"p90 {t['first_p90_ms']} ms; again (scores cached): best {t['again_best_ms']} ms, median {t['again_median_ms']} ms"
        )
    return "\n\n".join(parts)


#: The project's target for the reported figure (weak labels, without headings).
TARGET_F1 = 0.85

#: The summary's rows: (report key, what the figure is).
HEADLINE = (
    ("without_headings", "weak labels, without headings",
     "the reported figure: adverts pasted without headings"),
    ("with_headings", "weak labels, with headings",
     "partly circular: the weak labels are the headings' own labels"),
    ("hand_labelled_with_headings", "hand labels, with headings",
     "fair: these labels were given by reading the sentence, not taken from its heading"),
    ("hand_labelled_without_headings", "hand labels, without headings", "the same sentences, headings taken out"),
    ("sample_with_headings", "random sample, with headings",
     "hand-labelled random sample of held-out sentences (150 per weak label but career)"),
    ("sample_without_headings", "random sample, without headings", ""),
    ("reader_vs_weak", "a reader against the weak labels",
     "the random sample's readers scored as a classifier against the weak labels: what reading a sentence "
     "can reach on them"),
)


def headline(report: dict[str, Any], markdown: bool = True) -> list[str]:
    """The summary: macro-F1 over the classes other than "other" on held-out adverts, in
    each setting, with what each figure means."""
    rows = []
    for key, name, what in HEADLINE:
        s = report.get(key)
        if not s:
            continue
        car = s["per_class"]["career"]
        car_f1 = f"{car['f1']:.3f}" if car["support"] else "-"  # no career sentence among them
        if markdown:
            rows.append(f"| {name} | {s['n']} | **{s['macro_f1_without_other']:.3f}** | {car_f1} (n={car['support']}) "
                        f"| {s['accuracy']:.3f} | {what} |")
        else:
            rows.append(f"  {name:<34}{s['n']:>7}  {s['macro_f1_without_other']:>8.3f}  {car_f1:>9}  {s['accuracy']:>8.3f}"
                        + (f"   {what}" if what else ""))
    if not rows:
        return []
    reported = report.get("without_headings", {}).get("macro_f1_without_other")
    target = ([f"Target: macro-F1 >= {TARGET_F1} in the reported setting; "
               + (f"met ({reported:.3f})." if reported >= TARGET_F1 else
                  f"not met ({reported:.3f}): about a fifth of weak labels disagree with a reader, and a "
                  "sentence, even read with its neighbours, often cannot tell which section it came from.")]
              if reported is not None else [])
    intro = [
        "Held-out adverts only (no advert has sentences on both sides). Weak labels come from the",
        "section a sentence sits in; hand labels from reading the sentence. Macro-F1 is over the six",
        "classes other than \"other\".",
    ]
    if markdown:
        return [*intro, "",
                "| labels, setting | sentences | macro-F1 | career F1 | accuracy | what it means |",
                "|---|---|---|---|---|---|", *rows, "", *target]
    return ["== summary", *intro,
            f"  {'labels, setting':<34}{'n':>7}  {'macro-F1':>8}  {'career F1':>9}  {'accuracy':>8}", *rows, *target]


def card_paths(model_path: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    stem = model_path.name.removesuffix(".skops")
    return model_path.with_name(stem + ".card.json"), model_path.with_name(stem + ".card.md")


def write_card(model_path: pathlib.Path, card: dict[str, Any]) -> None:
    """Write the card as JSON (for programs) and Markdown (for people)."""
    jpath, mpath = card_paths(model_path)
    jpath.write_text(json.dumps(card, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    ev = card.get("evaluation", {})
    clean = card["data"].get("weak_label_cleaning") or {}
    cleaning = (f"{clean.get('relabelled', 0)} relabelled, {clean.get('dropped', 0)} left out of "
                f"{sum(clean.get(k, 0) for k in ('kept', 'relabelled', 'dropped'))}" if clean else "no")
    a = ev.get("sample_weak_label_agreement")
    agree = (f"{1 - a['share']:.0%} of the {a['n']} sentences of the random sample another label" if a
             else "many sentences another label")
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
        f"- size: {card['model_bytes'] / 1e6:.2f} MB, and {card.get('weights_bytes', 0) / 1e6:.2f} MB for the weights file "
        f"beside it",
        f"- data: {card['data']['train_sentences']} training sentences from {card['data']['train_adverts']} adverts, "
        f"{card['data']['test_sentences']} held-out sentences from {card['data']['test_adverts']} other adverts "
        f"({card['data']['split']}); {card['data']['hand_labelled_sentences']} sentences labelled by hand",
        f"- model: {card['hyperparameters']['classifier']}, C={card['hyperparameters']['C']}"
        + (f"; then a context stage for sentences without a heading: {ctx['classifier']}, {ctx['columns']} inputs; "
           f"it replaces the first stage's probabilities of a sentence whose top probability is below {ctx['gate']}"
           if (ctx := card['hyperparameters'].get('context_stage')) else ""),
        f"- features: {card['hyperparameters']['features']['description']}; "
        f"{card['hyperparameters']['features']['n_features']} columns"
        + (f"; context stage: {ctx['description']}" if ctx else ""),
        f"- weak labels checked by cross-fitting before the final fit: {cleaning}",
        f"- hand-labelled random sample of held-out sentences (evaluation only): "
        f"{card['data'].get('heldout_sample_sentences', 0)} sentences, `{card['data'].get('heldout_sample', '')}`",
        "",
        "Weak labels: EMSCAD fields, NHS adverts' own headings (table in `training/build_dataset.py`),",
        "SkillSpan blocks, header lines as `other`; career sentences and hard cases labelled by hand.",
        "Agreement with the weak labels measures how well the model finds the section a sentence",
        f"sits in; weak labels are noisy (a reader gave {agree}), so agreement with the hand labels is",
        "the fairer measure of what a sentence is about.",
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
    report = evaluate(model, test, train, build_dataset.advert_units(test))
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
