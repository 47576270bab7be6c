"""training/: heading table, split, hand labels, dataset builder, determinism, card.

Runs without the corpus on small synthetic data; the tests that read the real corpus skip
with a message where ../shared/data is absent.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import pathlib
import sys
from dataclasses import dataclass

import numpy as np
import pytest

from advert_assistant import structure
from advert_assistant.structure import LABELS, SentenceClassifier

REPO = pathlib.Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # training/ lives beside the package, not inside it
    sys.path.insert(0, str(REPO))

from training import build_dataset, evaluate, train  # noqa: E402


@dataclass(frozen=True)
class Ex:
    advert: str
    start: int
    end: int
    text: str
    context: str
    label: str
    origin: str = "section"
    weak: str = ""


_SYN = {
    "organisation": ["we are a {} hospital trust", "our {} company was founded in 1990", "the {} team is friendly and large"],
    "role": ["you will manage {} patients", "duties include {} clinics and audits", "you will deliver training to {} staff"],
    "requirements": ["you must hold a {} degree", "experience of {} work is essential", "desirable: {} qualification"],
    "benefits": ["we offer {} days annual leave", "{} pension scheme and discounts", "free {} parking and gym"],
    "career": ["progress to band 6 after {} months", "a clear {} route to senior roles", "our {} preceptorship programme"],
    "apply": ["to apply send your {} cv", "interviews for {} will be held soon", "contact jane about {} posts"],
    "other": ["location: {}", "{} is an equal opportunities employer", "closing date {}"],
}
_HEADINGS = {"organisation": "About us", "role": "The role", "requirements": "Requirements", "benefits": "Benefits",
             "career": "", "apply": "How to apply", "other": ""}
_FILL = ["acute", "community", "busy", "rural", "london", "digital", "mental health", "children's"]


def synthetic_examples() -> list[Ex]:
    out = []
    n = 0
    for label, templates in _SYN.items():
        for i, t in enumerate(templates):
            for j, word in enumerate(_FILL):
                text = t.format(word)
                out.append(Ex(f"syn-{(i * 8 + j) % 11}", n, n + len(text), text, _HEADINGS[label] if j % 2 else "", label,
                              "hand" if label == "career" else "section"))
                n += len(text) + 1
    return out


# ---------------------------------------------------------------------------------------
# determinism (no corpus needed)
# ---------------------------------------------------------------------------------------


def test_training_twice_gives_identical_predictions(tmp_path):
    exs = synthetic_examples()
    feats = structure.features_of(12)
    a = train.fit(exs, seed=7, features=feats, max_iter=200)
    b = train.fit(list(reversed(exs)), seed=7, features=feats, max_iter=200)
    assert np.array_equal(a.coef_, b.coef_) and np.array_equal(a.intercept_, b.intercept_)
    paths = []
    for name, clf in (("a", a), ("b", b)):
        p = tmp_path / f"{name}.skops"
        structure.save_model(p, clf, {"seed": 7}, feats)
        paths.append(p)
    structure.clear_cache()
    sentences = ["we offer a pension", "you will manage staff", "progress to band 7", "hello world", ""]
    pa = SentenceClassifier.load(paths[0]).predict(sentences)
    pb = SentenceClassifier.load(paths[1]).predict(sentences)
    assert pa == pb


def test_fit_learns_the_synthetic_classes():
    exs = synthetic_examples()
    feats = structure.features_of(12)
    clf = train.fit(exs, features=feats, max_iter=300)
    model = SentenceClassifier(clf, feats)
    preds = [lab for lab, _ in model.predict([e.text for e in exs], [e.context for e in exs])]
    acc = np.mean([p == e.label for p, e in zip(preds, exs)])
    assert acc > 0.9
    assert list(clf.classes_) == list(LABELS)


def test_class_weights_balance_part_of_the_way():
    y = np.array([0] * 90 + [4] * 10)
    w = np.ones(100)
    full = train.class_weighted(y, w, 1.0)
    assert full[y == 0].sum() == pytest.approx(full[y == 4].sum())
    assert np.array_equal(train.class_weighted(y, w, 0.0), w)
    part = train.class_weighted(y, w, train.CLASS_WEIGHT_POWER)
    # the rare class's share of the weight: more than its share of examples, less than half
    def share(v):
        return v[y == 4].sum() / v.sum()

    assert share(w) < share(part) < share(full) == pytest.approx(0.5)
    assert part[0] < part[-1]


def test_fit_refuses_missing_classes():
    exs = [e for e in synthetic_examples() if e.label != "career"]
    feats = structure.features_of(10)
    with pytest.raises(ValueError, match="career"):
        train.fit(exs, features=feats)
    with pytest.raises(ValueError, match="no training examples"):
        train.fit([], features=feats)


def test_each_sentence_with_a_heading_is_also_seen_without_it():
    exs = synthetic_examples()
    rows = train._rows(exs)
    with_ctx = sum(1 for e in exs if e.context)
    assert len(rows) == len(exs) + with_ctx
    assert all(w == train.HAND_WEIGHT for t, c, lab, w in rows if lab == "career")


def test_cleaning_relabels_or_drops_weak_labels_the_sentence_contradicts():
    exs = synthetic_examples()
    # a weak label that the sentence contradicts: a pension sentence under "role", once in
    # each fold
    ids = [next(f"x-{k}" for k in range(100) if train.fold_of(f"x-{k}") == fold) for fold in range(train.CLEAN_FOLDS)]
    wrong = [Ex(advert, 10_000, 10_030, f"we offer {w} days annual leave, a {w} pension scheme and discounts, free {w} parking and gym",
                "The role", "role")
             for advert, w in zip(ids, ["acute", "rural"])]
    feats = structure.features_of(12)
    kept, counts = train.clean(exs + wrong, c=10.0, features=feats, max_iter=200)  # little data: weak regularisation
    assert counts["kept"] + counts["relabelled"] + counts["dropped"] == len(exs) + len(wrong)
    by_text = {e.text: e for e in kept}
    for e in wrong:
        assert e.text not in by_text or by_text[e.text].label == "benefits"
    assert counts["relabelled"] + counts["dropped"] >= len(wrong)
    # hand labels are never touched
    hand = [e for e in exs if e.origin == "hand"]
    assert all(by_text[e.text].label == e.label for e in hand)
    # the folds are a fixed hash of the advert id
    assert [train.fold_of(f"syn-{k}") for k in range(20)] == [train.fold_of(f"syn-{k}") for k in range(20)]
    assert {train.fold_of(f"syn-{k}") for k in range(20)} == set(range(train.CLEAN_FOLDS))


# ---------------------------------------------------------------------------------------
# heading table, split, hand labels
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, heading, label",
    [
        ("emscad", "About us", "organisation"),
        ("emscad", "The role", "role"),
        ("emscad", "Requirements", "requirements"),
        ("emscad", "Benefits", "benefits"),
        ("emscad", "Something else", None),
        ("skillspan", "Job benefits", "benefits"),
        ("skillspan", "Company Description", "organisation"),
        ("skillspan", "Job description", None),
        ("nhs", "Benefits", "benefits"),
        ("nhs", "What we can offer you", "benefits"),
        ("nhs", "Why Cygnet? We’ll offer you…", "benefits"),
        ("nhs", "Duties and responsibilities", "role"),
        ("nhs", "About the role", "role"),
        ("nhs", "Person specification", "requirements"),
        ("nhs", "Essential", "requirements"),
        ("nhs", "About you", "requirements"),
        ("nhs", "Who we're looking for", "requirements"),
        ("nhs", "About us", "organisation"),
        ("nhs", "Who are NHS Professionals?", "organisation"),
        ("nhs", "How to apply", "apply"),
        ("nhs", "For further details / informal visits contact", "apply"),
        ("nhs", "What next?", "apply"),
        ("nhs", "Safeguarding", "other"),
        ("nhs", "Disclaimer", "other"),
        # mixed or metadata headings are left out
        ("nhs", "Skills/Responsibilities", None),
        ("nhs", "Career development", None),
        ("nhs", "37.5 hours per week", None),
        ("nhs", "Interview date: 25 November 2020", None),
        ("nhs", "Band 5", None),
        ("nhs", "Additional information", None),
        ("nhs", "Zebra crossing", None),
    ],
)
def test_map_heading(source, heading, label):
    assert build_dataset.map_heading(source, heading) == label


def test_split_is_by_advert_stable_and_about_a_fifth():
    ids = [f"nhs-{i}" for i in range(5000)]
    splits = [build_dataset.split_of(i) for i in ids]
    assert splits == [build_dataset.split_of(i) for i in ids]
    share = splits.count("test") / len(ids)
    assert 0.17 < share < 0.23
    assert build_dataset.split_of("nhs-1", seed=1) in ("train", "test")
    assert [build_dataset.split_of(i, seed=1) for i in ids] != splits


def test_hand_labels_file_holds_only_ids_and_labels():
    path = build_dataset.LABELS_FILE
    recs = build_dataset.load_hand_labels(path)
    assert len(recs) >= 500
    assert {r["label"] for r in recs} <= set(LABELS)
    assert sum(r["label"] == "career" for r in recs) >= 200
    sample = build_dataset.load_hand_labels(build_dataset.SAMPLE_FILE)
    assert len(sample) >= 300 and {r["label"] for r in sample} >= set(LABELS) - {"career"}
    assert all(build_dataset.split_of(r["advert"]) == "test" for r in sample)
    for p in (path, build_dataset.SAMPLE_FILE):
        for line in p.read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) == {"advert", "start", "end", "label"}
    keys = [(r["advert"], r["start"], r["end"]) for r in recs + sample]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "line, match",
    [
        ('{"advert": "a", "start": 0, "end": 3, "label": "career", "text": "abc"}', "only advert"),
        ('{"advert": "a", "start": 0, "end": 3, "label": "perks"}', "unknown label"),
        ('{"advert": "a", "start": 0}', "bad label record"),
        ("not json", "bad label record"),
    ],
)
def test_bad_hand_labels_are_refused(tmp_path, line, match):
    p = tmp_path / "labels.jsonl"
    p.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        build_dataset.load_hand_labels(p)


# ---------------------------------------------------------------------------------------
# the builder on a tiny corpus written here
# ---------------------------------------------------------------------------------------

_EMSCAD_TEXT = (
    "Data Analyst\nLocation: GB, LND, London\n\n"
    "About us\nWe are a small analytics firm.\n\n"
    "The role\nYou will build dashboards.You will clean data.\n\n"
    "Requirements\nSQL experience is essential.\n\n"
    "Benefits\nPrivate health cover. You can progress to senior analyst within two years."
)
_NHS_TEXT = (
    "Staff Nurse\nSome Trust\nLocation: Leeds\n\n"
    "Join our ward team.\n\n"
    "What we offer\n\n- NHS pension\n- 27 days leave\nFor an informal discussion please contact Jane on 0123.\n\n"
    "Safeguarding\n\nWe are committed to safeguarding children."
)

_GLASSDOOR_TEXT = (
    "Data Scientist\nSome Company\nLocation: Austin, TX\n\n"
    "You will build models. Our analysts move into lead roles within two years."
)


def _write_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = {
        "emscad.jsonl.gz": [{"id": "emscad-1", "text": _EMSCAD_TEXT, "sections": {
            "About us": "We are a small analytics firm.",
            "The role": "You will build dashboards.You will clean data.",
            "Requirements": "SQL experience is essential.",
            "Benefits": "Private health cover. You can progress to senior analyst within two years."}}],
        "nhs.jsonl.gz": [{"id": "nhs-1", "text": _NHS_TEXT, "sections": {
            "What we offer": "- NHS pension\n- 27 days leave\nFor an informal discussion please contact Jane on 0123.",
            "Safeguarding": "We are committed to safeguarding children."}}],
        "skillspan.jsonl.gz": [],
        # no sections: header lines and hand labels only
        "glassdoor.jsonl.gz": [{"id": "glassdoor-1", "text": _GLASSDOOR_TEXT}],
    }
    for name, items in rows.items():
        with gzip.open(corpus / name, "wt", encoding="utf-8") as fh:
            for r in items:
                fh.write(json.dumps(r) + "\n")
    return corpus


def test_build_on_a_tiny_corpus(tmp_path, monkeypatch):
    corpus = _write_corpus(tmp_path)
    start = _EMSCAD_TEXT.index("You can progress")
    end = _EMSCAD_TEXT.index("two years.") + len("two years.")
    join = _NHS_TEXT.index("Join our ward team.")
    lead = _GLASSDOOR_TEXT.index("Our analysts")
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        json.dumps({"advert": "emscad-1", "start": start, "end": end, "label": "career"}) + "\n"
        + json.dumps({"advert": "nhs-1", "start": join, "end": join + 19, "label": "role"}) + "\n"
        + json.dumps({"advert": "glassdoor-1", "start": lead, "end": len(_GLASSDOOR_TEXT), "label": "career"}) + "\n",
        encoding="utf-8",
    )
    # every advert's header lines count, whatever the sample would say
    monkeypatch.setattr(build_dataset, "HEADER_SHARE", 1.0)
    exs = build_dataset.build(corpus, labels, exclude=set(), sample_path=None)
    got = {(e.advert, e.text): (e.label, e.context, e.origin) for e in exs}
    by_text = {(e.advert, e.text): e for e in exs}
    # a hand label that replaced a weak one keeps it
    assert by_text[("nhs-1", "Join our ward team.")].weak == ""  # there was none
    assert by_text[("emscad-1", "You can progress to senior analyst within two years.")].weak == "benefits"
    assert got[("emscad-1", "We are a small analytics firm.")] == ("organisation", "About us", "section")
    assert got[("emscad-1", "You will build dashboards.")][0] == "role"
    assert got[("emscad-1", "You will clean data.")][0] == "role"
    assert got[("emscad-1", "SQL experience is essential.")][0] == "requirements"
    assert got[("emscad-1", "Private health cover.")][0] == "benefits"
    assert got[("emscad-1", "You can progress to senior analyst within two years.")] == ("career", "Benefits", "hand")
    assert got[("emscad-1", "Location: GB, LND, London")][0] == "other"
    assert got[("emscad-1", "Benefits")] == ("benefits", "", "heading")
    assert got[("nhs-1", "NHS pension")] == ("benefits", "What we offer", "section")
    assert got[("nhs-1", "We are committed to safeguarding children.")][0] == "other"
    assert got[("nhs-1", "Join our ward team.")][0] == "role"
    # a contact line at the end of another section is a how-to-apply line
    assert got[("nhs-1", "For an informal discussion please contact Jane on 0123.")] == ("apply", "What we offer", "section")
    lead_context = build_dataset.context_for(_GLASSDOOR_TEXT, lead)
    assert got[("glassdoor-1", "Our analysts move into lead roles within two years.")] == ("career", lead_context, "hand")
    assert got[("glassdoor-1", "Location: Austin, TX")][0] == "other"
    # an unlabelled glassdoor sentence has no weak label
    assert ("glassdoor-1", "You will build models.") not in got
    texts = {"emscad-1": _EMSCAD_TEXT, "nhs-1": _NHS_TEXT, "glassdoor-1": _GLASSDOOR_TEXT}
    for e in exs:
        text = texts[e.advert]
        assert text[e.start : e.end] == e.text
    # excluded adverts are left out; unknown hand-labelled adverts are an error
    assert all(e.advert != "nhs-1" for e in build_dataset.build(corpus, labels, exclude={"nhs-1"}, sample_path=None))
    labels.write_text(json.dumps({"advert": "nhs-404", "start": 0, "end": 3, "label": "role"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the corpus"):
        build_dataset.build(corpus, labels, exclude=set(), sample_path=None)
    # the hand-labelled sample must come from held-out adverts only
    sample = tmp_path / "sample.jsonl"
    train_id = next(i for i in ("emscad-1", "nhs-1", "glassdoor-1") if build_dataset.split_of(i) == "train")
    sample.write_text(json.dumps({"advert": train_id, "start": 0, "end": 3, "label": "other"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a held-out advert"):
        build_dataset.build(corpus, tmp_path / "none.jsonl", exclude=set(), sample_path=sample)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("For further details / informal visits contact:", True),
        ("For an informal discussion regarding this post, please contact Neil Jones.", True),
        ("Informal visits are welcome, please call the ward.", True),
        ("For further information about our benefits see the website.", False),
        ("We offer informal supervision and a contact allowance.", False),
    ],
)
def test_apply_line(line, expected):
    assert bool(build_dataset.APPLY_LINE.search(line)) is expected


def test_career_seed_sentences_without_a_hand_label_are_left_out(tmp_path):
    corpus = _write_corpus(tmp_path)
    empty = tmp_path / "none.jsonl"
    exs = build_dataset.build(corpus, empty, exclude=set(), sample_path=None)
    assert not any("progress to senior" in e.text for e in exs)


def test_scores_and_report_format():
    y = ["benefits", "career", "role", "other", "benefits"]
    p = ["benefits", "benefits", "role", "other", "benefits"]
    s = evaluate.scores(y, p)
    assert s["per_class"]["benefits"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "support": 2}
    assert s["per_class"]["career"]["recall"] == 0.0
    assert s["accuracy"] == 0.8
    # macro-F1 over the classes present other than "other": benefits 0.8, career 0, role 1
    assert s["macro_f1_without_other"] == pytest.approx((0.8 + 0.0 + 1.0) / 3, abs=1e-4)
    text = evaluate.format_scores("demo", s)
    assert "career" in text and "confusion" in text


def test_the_readers_are_scored_against_the_weak_labels():
    """The random sample's readers, scored as a classifier against the weak labels they
    replaced: a row of the summary, with no career F1 where no weak label is career."""
    exs = [build_dataset.Example("syn-9", "nhs", i, i + 1, "x", "", label, "sample", weak)
           for i, (label, weak) in enumerate([("role", "role"), ("requirements", "role"),
                                                ("benefits", "benefits"), ("career", "benefits")])]
    report = {"reader_vs_weak": evaluate.scores([e.weak for e in exs], [e.label for e in exs])}
    got = report["reader_vs_weak"]
    assert got["per_class"]["role"]["recall"] == 0.5 and got["per_class"]["benefits"]["recall"] == 0.5
    assert got["per_class"]["career"]["support"] == 0
    row = next(r for r in evaluate.headline(report, markdown=False) if "a reader against" in r)
    assert " - " in row and "0.000" not in row


def test_makefile_targets():
    inc = (REPO / "training" / "Makefile.inc").read_text(encoding="utf-8")
    assert "train:" in inc and "evaluate-model:" in inc and "$(PY)" in inc


# ---------------------------------------------------------------------------------------
# with the real corpus
# ---------------------------------------------------------------------------------------


def test_no_hand_label_uses_an_advert_of_the_coverage_sets():
    ids = set()
    for name in build_dataset.LABELLED_SETS:
        path = REPO / "tests" / "devset" / name
        ids |= {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert ids
    for path in (build_dataset.LABELS_FILE, build_dataset.SAMPLE_FILE):
        assert not ids & {r["advert"] for r in build_dataset.load_hand_labels(path)}


def test_coverage_set_adverts_are_left_out(corpus_dir):
    ids = build_dataset.devset_ids(corpus_dir)
    for name in build_dataset.LABELLED_SETS:
        path = REPO / "tests" / "devset" / name
        assert {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()} <= ids


def test_hand_labels_resolve_in_the_corpus(corpus_dir):
    recs = build_dataset.load_hand_labels() + build_dataset.load_hand_labels(build_dataset.SAMPLE_FILE)
    wanted = {r["advert"] for r in recs}
    texts = {}
    for row in build_dataset.iter_adverts(corpus=corpus_dir):
        if row["id"] in wanted:
            texts[row["id"]] = row["text"]
    assert set(texts) == wanted
    for r in recs:
        text = texts[r["advert"]]
        spans = {(s.start, s.end) for s in structure.segment(text)}
        # a sentence as segment() cuts it, or (the sample was drawn from the weak examples)
        # a whole heading line, without its closing colon
        line_end = text.find("\n", r["end"])
        line = text[text.rfind("\n", 0, r["start"]) + 1 : line_end if line_end >= 0 else len(text)].strip()
        heading = text[r["start"] : r["end"]] == line.rstrip(":").strip()
        assert (r["start"], r["end"]) in spans or heading, r


def test_shipped_card_matches_the_model():
    card_path = REPO / "models" / "sentence_classifier.card.json"
    if not card_path.is_file():
        pytest.skip("models/sentence_classifier.card.json absent: run `make train`")
    card = json.loads(card_path.read_text(encoding="utf-8"))
    assert card["labels"] == list(LABELS)
    assert card["trusted_types"] == list(structure.TRUSTED_TYPES)
    assert card["seed"] == train.SEED
    assert len(card["data_sha256"]) == 64
    assert {"scikit-learn", "numpy", "skops"} <= set(card["versions"])
    for setting in ("without_headings", "with_headings", "hand_labelled_with_headings", "sample_with_headings"):
        assert set(card["evaluation"][setting]["per_class"]) == set(LABELS)
    assert (REPO / "models" / "sentence_classifier.card.md").is_file()
    model = SentenceClassifier.load()
    assert model.meta.get("data_sha256") == card["data_sha256"]


# ---------------------------------------------------------------------------------------
# the context stage (no corpus needed)
# ---------------------------------------------------------------------------------------


def test_context_stage_is_fitted_on_cross_fitted_probabilities_and_is_deterministic(tmp_path):
    exs = synthetic_examples()
    feats = structure.features_of(12)
    units = build_dataset.advert_units(exs, texts={})
    assert all(u.spans == sorted(u.spans) for u in units.values())
    a = train.fit_context(exs, units, features=feats, max_iter=200, folds=3)
    b = train.fit_context(list(reversed(exs)), units, features=feats, max_iter=200, folds=3)
    assert a.coef_.shape == (len(LABELS), structure.n_context_features(structure.CONTEXT["neighbours"]))
    assert np.array_equal(a.coef_, b.coef_) and np.array_equal(a.intercept_, b.intercept_)
    assert list(a.classes_) == list(LABELS)
    clf = train.fit(exs, features=feats, max_iter=200)
    path = tmp_path / "ctx.skops"
    structure.save_model(path, clf, {"seed": 7}, feats, context_classifier=a)
    structure.clear_cache()
    model = SentenceClassifier.load(path)
    assert model.context_classifier is not None
    test = [e for e in exs if e.advert in ("syn-1", "syn-2")]
    # a few of them read by hand, as the random sample is: its readers are scored against
    # the weak labels they replaced
    test = [dataclasses.replace(e, origin="sample", weak="role") if i % 3 == 0 else e for i, e in enumerate(test)]
    report = evaluate.evaluate(model, test, units=units)
    assert 0.0 <= report["without_headings"]["macro_f1_without_other"] <= 1.0
    read = [e for e in test if e.origin == "sample"]
    assert report["reader_vs_weak"]["n"] == len(read) > 0
    assert report["reader_vs_weak"]["per_class"]["role"]["support"] == len(read)
    assert report["reader_vs_weak"]["accuracy"] == round(sum(e.label == "role" for e in read) / len(read), 4)
