"""Train the sentence classifier and write ``models/sentence_classifier.skops`` + its card.

    .venv/bin/python -m training.train            # what `make train` runs

Same data + same seed -> same model: the split and the cleaning folds are fixed hashes of
the advert id, the examples are sorted, and the solver (lbfgs) is deterministic.

Each training sentence with a heading is seen twice, with it and without it, so the model
works for adverts with headings and for adverts without. Hand labels weigh
:data:`HAND_WEIGHT` times a weak label.

Weak labels are the label of the section a sentence sits in, and a section holds sentences
of other kinds too (a contact line at the end of "What we offer", a requirement under "Job
summary"). Before the final fit, :func:`clean` checks every weak label against models that
did not see its advert, reading the sentence without its heading: a label they find very
unlikely is replaced by theirs when they are sure of it, else the sentence is left out.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import platform
import sys
import time
from typing import Sequence

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from advert_assistant import structure  # noqa: E402
from advert_assistant.structure import LABELS, TRUSTED_TYPES  # noqa: E402

SEED = 20240611
#: Inverse regularisation strength of the logistic regression. 1.5 rather than 4: with the
#: cleaned labels, 4 gave sharper probabilities that moved coverage's duty/offer decisions
#: (coverage dev set, model on: benefits micro-F1 0.91 at 4, 0.92 at 1.5); the held-out
#: figures barely move between the two.
C = 1.5
HAND_WEIGHT = 3.0
#: How far the classes are balanced: each example's weight is multiplied by
#: (mean class weight / its class's total weight) ** CLASS_WEIGHT_POWER. 1 balances fully,
#: which makes the rare career class (a few hundred hand labels among 200,000 sentences)
#: weigh so much that it is over-predicted; 0.3 keeps it heavier than its share but less so.
CLASS_WEIGHT_POWER = 0.3
MAX_ITER = 300
FEATURES = structure.FEATURES
#: Weak-label cleaning (:func:`clean`): cross-fitted over CLEAN_FOLDS folds of adverts; a weak
#: label whose probability is below CLEAN_BELOW is replaced by the fold model's label when
#: that one reaches CLEAN_RELABEL, and its sentence is left out otherwise.
CLEAN_FOLDS = 2
CLEAN_BELOW = 0.1
CLEAN_RELABEL = 0.7
#: The context stage (:func:`fit_context`): a logistic regression over
#: ``structure.context_features`` of first-stage probabilities that are cross-fitted over
#: CONTEXT_FOLDS folds of adverts (each advert read by a first stage that did not see it).
CONTEXT_FOLDS = 5
CONTEXT_C = 0.05
CONTEXT_MAX_ITER = 500


def _rows(examples: Sequence, with_context_copies: bool = True):
    """(sentence, heading, label, weight) rows; each sentence with a heading appears once
    with it and once without it."""
    rows = []
    for ex in sorted(examples, key=lambda e: (e.advert, e.start, e.end)):
        w = HAND_WEIGHT if ex.origin == "hand" else 1.0
        rows.append((ex.text, ex.context, ex.label, w))
        if with_context_copies and ex.context:
            rows.append((ex.text, "", ex.label, w))
    return rows


def class_weighted(y, w, power: float = CLASS_WEIGHT_POWER):
    """Example weights ``w`` times (mean class total / own class total) ** ``power``:
    ``power=1`` gives every class the same total weight, 0 leaves ``w`` as it is."""
    import numpy as np

    totals = np.bincount(y, weights=w, minlength=len(LABELS))
    return w * (w.sum() / (len(LABELS) * totals[y])) ** power


def fit(examples: Sequence, seed: int = SEED, c: float = C, max_iter: int = MAX_ITER,
        features: dict | None = None, weight_power: float = CLASS_WEIGHT_POWER):
    """Fit the logistic regression on ``examples`` (objects with text, context, label,
    origin, advert, start, end). Returns the classifier."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = _rows(examples)
    if not rows:
        raise ValueError("no training examples")
    missing = sorted(set(LABELS) - {r[2] for r in rows})
    if missing:
        raise ValueError(f"no training examples for: {', '.join(missing)}")
    x = structure.featurise([r[0] for r in rows], [r[1] for r in rows], features=features or FEATURES)
    y = np.array([LABELS.index(r[2]) for r in rows])
    w = class_weighted(y, np.array([r[3] for r in rows], dtype=np.float64), weight_power)
    from threadpoolctl import threadpool_limits

    clf = LogisticRegression(C=c, max_iter=max_iter, tol=1e-4, random_state=seed)
    # one thread: the same result on any machine, and no slowdown from oversubscribed
    # OpenMP/BLAS threads on a busy shared machine
    with threadpool_limits(limits=1):
        clf.fit(x, np.array(LABELS)[y], sample_weight=w)
    # keep the label order of LABELS
    order = [list(clf.classes_).index(lab) for lab in LABELS]
    clf.classes_ = np.array(LABELS)
    clf.coef_ = np.ascontiguousarray(clf.coef_[order].astype(np.float32))
    clf.intercept_ = clf.intercept_[order].astype(np.float32)
    return clf


def fold_of(advert: str, folds: int = CLEAN_FOLDS) -> int:
    """The cleaning fold of an advert (a seeded hash of its id)."""
    import hashlib

    return hashlib.sha256(f"fold:{advert}".encode()).digest()[0] % folds


def clean(examples: Sequence, seed: int = SEED, c: float = C, max_iter: int = MAX_ITER,
          features: dict | None = None, weight_power: float = CLASS_WEIGHT_POWER):
    """``examples`` with their weak labels checked by cross-fitting (see the module's doc):
    ``(kept examples, {"kept": n, "relabelled": n, "dropped": n})``. Hand labels are kept
    as they are."""
    import dataclasses

    from training.build_dataset import HAND_ORIGINS

    features = features or FEATURES
    kept, counts = [], {"kept": 0, "relabelled": 0, "dropped": 0}
    for fold in range(CLEAN_FOLDS):
        part = [e for e in examples if fold_of(e.advert) == fold]
        rest = [e for e in examples if fold_of(e.advert) != fold]
        if not part:
            continue
        model = structure.SentenceClassifier(fit(rest, seed, c, max_iter, features, weight_power), features)
        proba = model.predict_proba([e.text for e in part])  # the sentence alone, without its heading
        for e, row in zip(part, proba.tolist()):
            if e.origin in HAND_ORIGINS or row[LABELS.index(e.label)] >= CLEAN_BELOW:
                kept.append(e)
                counts["kept"] += 1
                continue
            best = max(range(len(LABELS)), key=row.__getitem__)
            if row[best] >= CLEAN_RELABEL:
                kept.append(dataclasses.replace(e, label=LABELS[best]))
                counts["relabelled"] += 1
            else:
                counts["dropped"] += 1
    return kept, counts


def context_fold_of(advert: str, folds: int = CONTEXT_FOLDS) -> int:
    """The cross-fitting fold of an advert for the context stage (a seeded hash of its id)."""
    import hashlib

    return hashlib.sha256(f"stack:{advert}".encode()).digest()[0] % folds


def fit_context(examples: Sequence, units: dict, seed: int = SEED, c: float = C, max_iter: int = MAX_ITER,
                features: dict | None = None, weight_power: float = CLASS_WEIGHT_POWER,
                context: dict | None = None, folds: int = CONTEXT_FOLDS):
    """Fit the context stage on ``examples`` (the cleaned training examples); ``units``:
    advert id -> ``build_dataset.Units``. Each fold's adverts are read, sentence by sentence
    and without headings, by a first stage fitted on the other folds; the stage learns each
    example's label from those out-of-fold probabilities of it and of its neighbours
    (``structure.context_features``), so it never sees the over-confident probabilities of
    sentences the first stage was fitted on. Returns the LogisticRegression."""
    import warnings

    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    context = dict(context or structure.CONTEXT)
    features = features or FEATURES
    adverts = sorted({e.advert for e in examples})
    by_advert: dict[str, list] = {}
    for e in examples:
        by_advert.setdefault(e.advert, []).append(e)
    xs, ys, ws = [], [], []
    for fold in range(folds):
        part = [a for a in adverts if context_fold_of(a, folds) == fold]
        rest = [e for e in examples if context_fold_of(e.advert, folds) != fold]
        if not part or not rest:
            continue
        model = structure.SentenceClassifier(fit(rest, seed, c, max_iter, features, weight_power), features)
        texts = [t for a in part for t in units[a].texts]
        proba = model.predict_proba(texts)  # each sentence alone, without its heading
        at = 0
        for a in part:
            u = units[a]
            x = structure.context_features(proba[at : at + len(u.texts)], np.array(u.heading_lines, dtype=bool),
                                           int(context["neighbours"]), float(context["decay"]))
            at += len(u.texts)
            where = u.index()
            exs = sorted(by_advert[a], key=lambda e: (e.start, e.end))
            xs.append(x[[where[(e.start, e.end)] for e in exs]])
            ys += [LABELS.index(e.label) for e in exs]
            ws += [HAND_WEIGHT if e.origin == "hand" else 1.0 for e in exs]
    if not xs:
        raise ValueError("no examples for the context stage")
    x = np.vstack(xs)
    y = np.array(ys)
    w = class_weighted(y, np.array(ws, dtype=np.float64), weight_power)
    clf = LogisticRegression(C=CONTEXT_C, max_iter=CONTEXT_MAX_ITER, tol=1e-4, random_state=seed)
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(x, np.array(LABELS)[y], sample_weight=w)
    order = [list(clf.classes_).index(lab) for lab in LABELS]
    clf.classes_ = np.array(LABELS)
    clf.coef_ = np.ascontiguousarray(clf.coef_[order])
    clf.intercept_ = clf.intercept_[order]
    return clf


def versions() -> dict[str, str]:
    import numpy
    import scipy
    import sklearn
    import skops

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "skops": skops.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    from training import build_dataset, evaluate

    ap = argparse.ArgumentParser(description="Train the sentence classifier.")
    ap.add_argument("--out", default=str(REPO / "models" / structure.MODEL_FILENAME))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("-C", type=float, default=C)
    args = ap.parse_args(argv)

    if not build_dataset.corpus_dir().is_dir():
        print(f"error: {build_dataset.MISSING_CORPUS}: {build_dataset.corpus_dir()} not found", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    examples = build_dataset.build()
    train = [e for e in examples if build_dataset.split_of(e.advert) == "train"]
    test = [e for e in examples if build_dataset.split_of(e.advert) == "test"]
    print(f"{len(train)} training and {len(test)} held-out sentences "
          f"({len({e.advert for e in train})} / {len({e.advert for e in test})} adverts)", flush=True)
    cleaned, counts = clean(train, seed=args.seed, c=args.C)
    print(f"weak labels checked by {CLEAN_FOLDS}-fold cross-fitting: {counts}", flush=True)
    units = build_dataset.advert_units(examples)
    context_clf = fit_context(cleaned, units, seed=args.seed, c=args.C)
    print(f"context stage fitted on {CONTEXT_FOLDS}-fold cross-fitted probabilities", flush=True)
    clf = fit(cleaned, seed=args.seed, c=args.C)
    t_fit = time.perf_counter() - t0
    out = pathlib.Path(args.out)
    meta = {
        "seed": args.seed,
        "data_sha256": build_dataset.data_hash(),
        "trained_on": "train split",
        **{f"version_{k}": v for k, v in versions().items()},
    }
    structure.save_model(out, clf, meta, context_classifier=context_clf)
    structure.clear_cache()
    model = structure.SentenceClassifier.load(out)
    report = evaluate.evaluate(model, test, train, units)
    card = {
        "model": out.name,
        "labels": list(LABELS),
        "trusted_types": list(TRUSTED_TYPES),
        "format_version": structure.FORMAT_VERSION,
        "seed": args.seed,
        "data_sha256": meta["data_sha256"],
        "data": {
            "corpus_files": list(build_dataset.CORPUS_FILES),
            "hand_labels": str(build_dataset.LABELS_FILE.relative_to(REPO)),
            "hand_labelled_sentences": sum(1 for e in examples if e.origin == "hand"),
            "heldout_sample": str(build_dataset.SAMPLE_FILE.relative_to(REPO)),
            "heldout_sample_sentences": sum(1 for e in examples if e.origin == "sample"),
            "weak_label_cleaning": {**counts, "folds": CLEAN_FOLDS, "below": CLEAN_BELOW, "relabel_at": CLEAN_RELABEL},
            "train_sentences": len(train),
            "test_sentences": len(test),
            "train_adverts": len({e.advert for e in train}),
            "test_adverts": len({e.advert for e in test}),
            "split": f"sha256('{args.seed}:' + advert id) < {build_dataset.TEST_SHARE} -> test",
        },
        "hyperparameters": {
            "classifier": f"LogisticRegression (lbfgs, multinomial), class weights balanced to the power {CLASS_WEIGHT_POWER}",
            "class_weight_power": CLASS_WEIGHT_POWER,
            "C": args.C,
            "hand_weight": HAND_WEIGHT,
            "features": structure.FEATURES,
            "context_stage": {
                **structure.CONTEXT,
                "classifier": f"LogisticRegression (lbfgs, multinomial, {CONTEXT_MAX_ITER} iterations), C={CONTEXT_C}, "
                              f"on first-stage probabilities cross-fitted over {CONTEXT_FOLDS} folds of adverts",
                "columns": structure.n_context_features(structure.CONTEXT["neighbours"]),
            },
        },
        "versions": versions(),
        "model_bytes": out.stat().st_size,
        "weights_bytes": structure.weights_path(out).stat().st_size,
        "train_seconds": round(t_fit, 1),
        "evaluation": report,
    }
    evaluate.write_card(out, card)
    print(evaluate.format_report(report))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB) and its card")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
