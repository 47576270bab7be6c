"""Build the sentence dataset for the sentence classifier from the adverts corpus.

Weak labels come from the structure the sources already have (``sections`` of each
advert in ``../shared/data/corpus``):

* EMSCAD: ``About us`` -> organisation, ``The role`` -> role, ``Requirements`` ->
  requirements, ``Benefits`` -> benefits.
* NHS Jobs: the advert's own headings, mapped by :data:`HEADING_RULES` (first match wins;
  a heading that matches no rule leaves its section unlabelled).
* SkillSpan: ``Job benefits`` -> benefits, ``Company description`` -> organisation (its
  ``Job description`` block mixes everything and is not used).
* The header lines every advert starts with (title, employer, ``Location:``, ``Salary:``,
  ``Closing date:``, ``Employment type:``) -> other.

Career progression has no field of its own: its sentences come from the hand labels in
``data/labels/career_sentences.jsonl`` (advert id + character offsets into the advert's
``text`` + label, never the text). A hand label overrides the weak label of the same
sentence. Candidates for labelling are printed by ``python -m training.build_dataset
candidates`` (rules in :data:`CAREER_SEED`).

Adverts of the engine's coverage dev set (``tests/devset/select_devset.py``) are left out,
so that dev-set figures stay honest.

Every example carries the advert id; the held-out split (:func:`split_of`) is by advert.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pathlib
import random
import re
import sys
from dataclasses import asdict, dataclass, replace
from typing import Iterator

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from advert_assistant.structure import LABELS, segment, split_sentences  # noqa: E402

SEED = 20240611
#: Share of adverts held out for evaluation (by a seeded hash of the advert id).
TEST_SHARE = 0.2
#: Share of adverts whose header lines (title, Location:, Salary: ...) are used as "other";
#: they are alike from advert to advert, so a sample is enough.
HEADER_SHARE = 0.3
#: Glassdoor adverts have no sections: they give header lines and hand labels only.
CORPUS_FILES = ("emscad.jsonl.gz", "nhs.jsonl.gz", "skillspan.jsonl.gz", "glassdoor.jsonl.gz")
LABELS_FILE = REPO / "data" / "labels" / "career_sentences.jsonl"
#: Evaluation only: a sample of held-out sentences (150 drawn at random for each weak label
#: but career), labelled by hand without seeing the weak label or the model's. Every advert
#: in it is a held-out ("test") advert, so none of it is ever trained on.
SAMPLE_FILE = REPO / "data" / "labels" / "heldout_sample.jsonl"
#: Origins of examples whose label was given by hand.
HAND_ORIGINS = ("hand", "sample")
#: The engine's hand-labelled coverage sets under tests/devset/: their adverts are never used here.
LABELLED_SETS = ("labels.jsonl", "holdout.jsonl")
MISSING_CORPUS = "needs ../shared/data (the adverts corpus)"


def corpus_dir() -> pathlib.Path:
    """``$ADVERT_ASSISTANT_CORPUS`` or ``../shared/data/corpus`` beside the repository."""
    env = os.environ.get("ADVERT_ASSISTANT_CORPUS")
    return pathlib.Path(env) if env else REPO.parent / "shared" / "data" / "corpus"


# ----------------------------------------------------------------------------------------
# Heading -> label table (documented in training/README.md)
# ----------------------------------------------------------------------------------------

EMSCAD_SECTIONS = {"About us": "organisation", "The role": "role", "Requirements": "requirements", "Benefits": "benefits"}
SKILLSPAN_SECTIONS = {"job benefits": "benefits", "company description": "organisation"}

#: (pattern on the lower-cased heading, label); the first that matches wins. "skip" leaves
#: the section out (mixed or unclear content).
HEADING_RULES: tuple[tuple[str, str], ...] = (
    # mixed sections first
    (r"skills\s*(/|&|and)\s*responsib|responsibilities\s*(/|&|and)\s*(skills|requirements)|job description and person", "skip"),
    (r"^(additional|more|further|other|general) information\W*$|^(please )?note\W*$|^important\W*$|^description\W*$|^introduction\W*$|^advert\W*$|^job advert\W*$", "skip"),
    # metadata lines that the NHS pages set in bold: what follows them is anything
    (r"^(permanent|fixed.term|bank|full.time|part.time)|contract|^hours|hours per week|working hours|shift|^salary\W*$|^salary:|^pay rates?\W*$|"
     r"example of earnings|high cost area|band \d|^job (title|type|reference)|^location\W*$|start date|(interview|shortlisting|closing) date|"
     r"interviews? (to be held|will be held)|^\W*[£$\d]|@|^registered|nurse\W*$|^\W*\*", "skip"),
    # career headings are too mixed to trust: career sentences come from the hand labels
    (r"career|progression|promotion|preceptorship|cesr|rotation|programme|apprenticeship|development", "skip"),
    # how to apply and the process
    (r"how to apply|^to apply|^apply\b|apply (now|today|with us)|ready to apply|application|informal (visit|discussion|chat)|"
     r"further details|for further information|contact|what.?s next|what next|next steps?|^interested|want to know more|"
     r"^interviews?\W*$|interview (info|process|arrangement)|assessment/interview|selection process|recruitment process", "apply"),
    # legal, safeguarding, terms: other
    (r"disclaimer|safeguard|disclosure|\bdbs\b|equal opportunit|equality|diversity|inclusion|disability confident|small print|"
     r"follow us|twitter|facebook|terms and conditions|agenc|gdpr|privacy|data protection|covid|vaccin|probation|previous applicants|"
     r"right to work|sponsorship|immigration", "other"),
    # what the candidate gets
    (r"benefit|offer|reward|perk|in return|what you (will|’ll|'ll) get|in it for you|feel valued|pension|package|"
     r"commitment to you|golden hello|bonus|tax free|accommodation|car parking|why (work|join|choose)|how will we support you|"
     r"what we can do for you|what do we offer|training (&|and) support", "benefits"),
    # the person specification
    (r"essential|desirable|requirement|person spec|criteria|looking for|about you|^you\b|you are|are you|the person|ideal candidate|"
     r"successful candidate|you will (have|need)|you.ll need|you need|skills|experience|qualification|must.?have|nice to have|"
     r"candidate|need from you|eligib|to be successful|what it takes|what we look for|who you (are|will be)|your skills|beneficial", "requirements"),
    # the job
    (r"role|duties|responsibilit|job description|job summary|about the (job|post|position|opportunity)|you will be doing|you.ll do|"
     r"day.to.day|job purpose|purpose|the post|the posts?\W*$|opportunity|job spec|job profile|accountabilit|main tasks|overview|"
     r"what will (i|you) be doing|in this role|the position|what does .* involve|key (tasks|areas)|this vacancy|post details|job details|"
     r"what is involved|the job", "role"),
    # the employer and the place
    (r"about (us|the trust|our|the team|the service|the department|the company|the organisation|the practice|the hospital|the location|the area|[a-z]+ (group|trust|healthcare|hospital|care))|"
     r"who (are|we are)|^our\b|^the (trust|team|department|company|organisation|service|practice|hospital|area|location)\W*$|values|mission|vision|"
     r"where you will be working|where will i be working|living here|working at|^why\b", "organisation"),
)
_COMPILED_RULES = tuple((re.compile(p), label) for p, label in HEADING_RULES)


def map_heading(source: str, heading: str) -> str | None:
    """The weak label of a section from its heading, or None to leave it out."""
    h = heading.strip()
    if source == "emscad":
        return EMSCAD_SECTIONS.get(h)
    low = re.sub(r"\s+", " ", h.lower())
    if source == "skillspan":
        return SKILLSPAN_SECTIONS.get(low)
    for rx, label in _COMPILED_RULES:
        if rx.search(low):
            return None if label == "skip" else label
    return None


# ----------------------------------------------------------------------------------------
# Career seed rules (for choosing sentences to label by hand)
# ----------------------------------------------------------------------------------------

CAREER_SEED = re.compile(
    r"career|progress(ion)?\b|promot(ion|ed|e)\b|preceptorship|development programme|graduate (scheme|programme)|"
    r"apprenticeship|rotation(al)?\b|band [5-8][a-d]?\b.*\b(after|once|on completion|progress)|"
    r"route (to|into)|pathway to|fast.?track|grow (with|within) (us|the)|opportunit(y|ies) to (develop|grow|progress|move up|step up)|"
    r"succession|talent programme|leadership programme|study towards|fund(ed|ing)? (your|a|the)? ?(degree|master|qualification|course)|"
    r"sponsor(ship)? (for|to|your)|cipd|acca|cima|aat\b|nvq|level [2-7] (diploma|qualification|apprenticeship)|"
    r"next step in your|step up|move into a (senior|lead)|become a (team leader|senior|manager|lead)|advance(ment)?\b|"
    r"develop your (skills|career)|professional (growth|development)|personal development plan|\bpdp\b|\bksf\b|"
    r"opportunities for (growth|development|advancement|progression)",
    re.I,
)


#: Contact lines for informal visits or further details: NHS pages often set them as the last
#: line of another section ("Benefits", "About you"), so their section says nothing; they are
#: how-to-apply lines wherever they stand. Overrides the weak label (not a hand label).
APPLY_LINE = re.compile(
    r"^\W*(for (an |any )?(further|more) (details|information)|for (an |any )?informal (discussion|chat|visit|enquir)|"
    r"to arrange an informal|informal (visits?|discussions?|enquiries|chats?) (are )?(welcome|encouraged|contact))"
    r"(?=.*\b(contact|call|email|e-mail|ring|speak)\b)",
    re.I,
)


# ----------------------------------------------------------------------------------------
# Reading the corpus
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    advert: str
    source: str
    start: int
    end: int
    text: str
    context: str
    label: str
    origin: str  # "section", "header", "heading", "hand", "sample" (see HAND_ORIGINS)
    #: For a hand label that replaced a weak one: the weak label it replaced.
    weak: str = ""

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.advert, self.start, self.end)


def iter_adverts(names: tuple[str, ...] = CORPUS_FILES, corpus: pathlib.Path | None = None) -> Iterator[dict]:
    corpus = corpus or corpus_dir()
    for name in names:
        path = corpus / name
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def source_of(advert_id: str) -> str:
    return advert_id.split("-", 1)[0]


def devset_ids(corpus: pathlib.Path | None = None) -> set[str]:
    """Ids of the adverts of the engine's coverage dev set and hold-out set (left out of
    training and evaluation): those drawn by ``tests/devset/select_devset.py`` and those
    in ``tests/devset/labels.jsonl`` and ``holdout.jsonl``."""
    out: set[str] = set()
    for name in LABELLED_SETS:
        path = REPO / "tests" / "devset" / name
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                out.update(json.loads(line)["id"] for line in fh if line.strip())
    script = REPO / "tests" / "devset" / "select_devset.py"
    if not script.is_file():
        return out
    import importlib.util

    spec = importlib.util.spec_from_file_location("_select_devset", script)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return out | {advert for _name, advert in mod.select(corpus or corpus_dir())}


def split_of(advert_id: str, seed: int = SEED, test_share: float = TEST_SHARE) -> str:
    """"train" or "test" for an advert, from a seeded hash of its id (stable forever)."""
    h = hashlib.sha256(f"{seed}:{advert_id}".encode()).digest()
    return "test" if int.from_bytes(h[:8], "big") / 2**64 < test_share else "train"


def _header_examples(row: dict, source: str) -> list[Example]:
    """The lines before the first blank line (title, employer, Location:, Salary: ...)."""
    if source == "skillspan" or split_of(row["id"], seed=SEED + 1, test_share=HEADER_SHARE) != "test":
        return []
    text = row["text"]
    head_end = text.find("\n\n")
    if head_end < 0:
        return []
    out = []
    for start, end in split_sentences(text[:head_end]):
        out.append(Example(row["id"], source, start, end, text[start:end], "", "other", "header"))
    return out


def weak_examples(row: dict) -> list[Example]:
    """Examples from one advert's sections and header lines."""
    source = source_of(row["id"])
    text = row["text"]
    out = _header_examples(row, source)
    pos = 0
    for heading, body in (row.get("sections") or {}).items():
        label = map_heading(source, heading)
        if label is None or not body or not body.strip():
            continue
        at = text.find(body, pos)
        if at < 0:
            at = text.find(body)
            if at < 0:
                continue
        else:
            pos = at + len(body)
        # the heading line itself, when the text has it just before the body
        h_at = text.rfind(heading.strip(), 0, at)
        if h_at >= 0 and not text[h_at + len(heading.strip()) : at].strip(" \t\r\n:"):
            out.append(Example(row["id"], source, h_at, h_at + len(heading.strip()), heading.strip(), "", label, "heading"))
        for s, e in split_sentences(body):
            out.append(Example(row["id"], source, at + s, at + e, body[s:e], heading.strip(), label, "section"))
    return out


def load_hand_labels(path: pathlib.Path = LABELS_FILE) -> list[dict]:
    """Hand labels: one JSON object a line, ``{"advert", "start", "end", "label"}``."""
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                advert, start, end, label = rec["advert"], int(rec["start"]), int(rec["end"]), rec["label"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: bad label record ({exc})") from None
            if label not in LABELS:
                raise ValueError(f"{path}:{n}: unknown label {label!r}")
            if set(rec) - {"advert", "start", "end", "label"}:
                raise ValueError(f"{path}:{n}: only advert, start, end and label are stored")
            out.append({"advert": advert, "start": start, "end": end, "label": label})
    return out


def context_for(text: str, start: int) -> str:
    """The heading a sentence at ``start`` sits under, as :func:`segment` sees it."""
    heading = ""
    for seg in segment(text):
        if seg.start > start:
            break
        heading = seg.heading if seg.start == start else (seg.text.rstrip(":").strip() if seg.is_heading else seg.heading)
    return heading


def build(corpus: pathlib.Path | None = None, labels_path: pathlib.Path = LABELS_FILE, *, strict: bool = True,
          exclude: set[str] | None = None, sample_path: pathlib.Path | None = SAMPLE_FILE) -> list[Example]:
    """All examples: weak labels from sections and headers, then the hand labels
    (``labels_path``, origin "hand") and the hand-labelled held-out sample (``sample_path``,
    origin "sample"; every advert in it must be held out).

    ``exclude``: advert ids to leave out (default: the engine's coverage dev set)."""
    corpus = corpus or corpus_dir()
    if exclude is None:
        exclude = devset_ids(corpus)
    hand_by_advert: dict[str, list[tuple[dict, str]]] = {}
    for path, origin in ((labels_path, "hand"), (sample_path, "sample")):
        if path is None:
            continue
        for rec in load_hand_labels(path):
            if origin == "sample" and split_of(rec["advert"]) != "test":
                raise ValueError(f"{path}: advert {rec['advert']} is not a held-out advert")
            hand_by_advert.setdefault(rec["advert"], []).append((rec, origin))
    examples: list[Example] = []
    found = set()
    for row in iter_adverts(corpus=corpus):
        if row["id"] in exclude:
            continue
        weak = weak_examples(row)
        recs = hand_by_advert.get(row["id"])
        if recs:
            found.add(row["id"])
            by_key = {ex.key: i for i, ex in enumerate(weak)}
            text = row["text"]
            for rec, origin in recs:
                start, end = rec["start"], rec["end"]
                if not (0 <= start < end <= len(text)):
                    raise ValueError(f"hand label {rec} lies outside advert {row['id']}")
                key = (row["id"], start, end)
                if key in by_key:
                    old = weak[by_key[key]]
                    was = "apply" if old.origin in ("section", "heading") and APPLY_LINE.search(old.text) else old.label
                    weak[by_key[key]] = replace(old, label=rec["label"], origin=origin, weak=was)
                else:
                    weak.append(
                        Example(row["id"], source_of(row["id"]), start, end, text[start:end], context_for(text, start), rec["label"], origin)
                    )
        examples.extend(weak)
    missing = set(hand_by_advert) - found - exclude
    if missing and strict:
        raise ValueError(f"{len(missing)} hand-labelled adverts are not in the corpus, e.g. {sorted(missing)[:3]}")
    # one example per span (a heading can also be a header line): the last one wins.
    # A sentence that the career seed rules match is kept only when labelled by hand: its
    # section's weak label says nothing about whether it speaks of a career path.
    dedup: dict[tuple[str, int, int], Example] = {}
    for ex in examples:
        if ex.origin not in HAND_ORIGINS and CAREER_SEED.search(ex.text):
            continue
        if ex.origin in ("section", "heading") and ex.label != "apply" and APPLY_LINE.search(ex.text):
            ex = replace(ex, label="apply")
        if ex.key in dedup and dedup[ex.key].origin in HAND_ORIGINS:
            continue
        dedup[ex.key] = ex
    return list(dedup.values())


@dataclass(frozen=True)
class Units:
    """The sentences of one advert in order, as the engine reads them: each sentence of
    :func:`segment` and each example's span. ``heading_lines[i]`` marks heading lines (the
    section headings of the source and the lines :func:`segment` takes for headings)."""

    spans: list[tuple[int, int]]
    texts: list[str]
    headings: list[str]
    heading_lines: list[bool]

    def index(self) -> dict[tuple[int, int], int]:
        return {span: i for i, span in enumerate(self.spans)}


def advert_units(examples, texts: dict[str, str] | None = None) -> dict[str, Units]:
    """:class:`Units` of every advert of ``examples``; ``texts``: advert id -> text (default:
    read from the corpus). An advert whose text is not there is its examples alone. An
    example's span gets the example's own heading (``context``)."""
    by_advert: dict[str, list] = {}
    for e in examples:
        by_advert.setdefault(e.advert, []).append(e)
    if texts is None:
        texts = {row["id"]: row["text"] for row in iter_adverts() if row["id"] in by_advert}
    out = {}
    for advert, exs in by_advert.items():
        text = texts.get(advert)
        units: dict[tuple[int, int], list] = {}
        if text is not None:
            for seg in segment(text):
                units[(seg.start, seg.end)] = [seg.text, seg.heading, seg.is_heading]
        for e in exs:
            unit = units.setdefault((e.start, e.end), [e.text, e.context, False])
            unit[1] = e.context
            unit[2] = unit[2] or e.origin == "heading"
        spans = sorted(units)
        out[advert] = Units(spans, [units[k][0] for k in spans], [units[k][1] for k in spans],
                            [units[k][2] for k in spans])
    return out


def data_hash(corpus: pathlib.Path | None = None, labels_path: pathlib.Path = LABELS_FILE,
              sample_path: pathlib.Path = SAMPLE_FILE) -> str:
    """sha256 over the corpus files used, the hand labels and this file (the heading table)."""
    corpus = corpus or corpus_dir()
    h = hashlib.sha256()
    for path in [*(corpus / n for n in CORPUS_FILES), labels_path, sample_path, pathlib.Path(__file__)]:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.is_file() else b"<absent>")
    return h.hexdigest()


# ----------------------------------------------------------------------------------------
# Candidates for hand labelling
# ----------------------------------------------------------------------------------------


def candidates(n: int, seed: int = SEED, extra_negatives: int = 0, names: tuple[str, ...] = CORPUS_FILES) -> list[dict]:
    """Sentences matching :data:`CAREER_SEED` (and a few hard negatives), a seeded sample."""
    rng = random.Random(seed)
    exclude = devset_ids()
    pos, neg = [], []
    hard = re.compile(r"train|develop|learn|support|growth|grow", re.I)
    for row in iter_adverts(names):
        if row["id"] in exclude:
            continue
        text = row["text"]
        for seg in segment(text):
            if len(seg.text) < 15:
                continue
            rec = {"advert": row["id"], "start": seg.start, "end": seg.end, "context": seg.heading, "text": seg.text}
            if CAREER_SEED.search(seg.text):
                pos.append(rec)
            elif extra_negatives and hard.search(seg.text):
                neg.append(rec)
    out = rng.sample(pos, min(n, len(pos)))
    if extra_negatives:
        out += rng.sample(neg, min(extra_negatives, len(neg)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    st = sub.add_parser("stats", help="print how many examples each label and origin has")
    st.add_argument("--out", help="also write the examples (with text) to this .jsonl.gz, outside the repo")
    ca = sub.add_parser("candidates", help="print career candidates for hand labelling")
    ca.add_argument("-n", type=int, default=50)
    ca.add_argument("--seed", type=int, default=SEED)
    ca.add_argument("--negatives", type=int, default=0)
    ca.add_argument("--skip-labelled", action="store_true")
    ca.add_argument("--sources", default=",".join(CORPUS_FILES), help="comma-separated corpus files to draw from")
    args = ap.parse_args(argv)
    if not corpus_dir().is_dir():
        print(f"error: {MISSING_CORPUS}: {corpus_dir()} not found", file=sys.stderr)
        return 2
    if args.cmd == "stats":
        from collections import Counter

        exs = build()
        print(f"{len(exs)} examples from {len({e.advert for e in exs})} adverts")
        for split in ("train", "test"):
            c = Counter(e.label for e in exs if split_of(e.advert) == split)
            print(split, {k: c[k] for k in LABELS})
        print("origin", dict(Counter(e.origin for e in exs)))
        print("source", dict(Counter(e.source for e in exs)))
        if args.out:
            with gzip.open(args.out, "wt", encoding="utf-8") as fh:
                for e in exs:
                    fh.write(json.dumps(asdict(e), ensure_ascii=False) + "\n")
        return 0
    labelled = {(r["advert"], r["start"], r["end"]) for r in load_hand_labels()} if args.skip_labelled else set()
    for rec in candidates(args.n, args.seed, args.negatives, tuple(args.sources.split(","))):
        if (rec["advert"], rec["start"], rec["end"]) in labelled:
            continue
        print(json.dumps(rec, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
