"""assess() and assess_many(): the one entry point every consumer uses.

The flow for one advert:

1. :func:`~advert_assistant.normalise.normalise` the text (HTML, Markdown, odd
   characters); refuse empty or oversized input with a documented exception.
2. Run the spaCy pipeline (:mod:`advert_assistant.nlp`): tokens and sentences.
3. :func:`~advert_assistant.analysis.analyse`: one pass for counts and voice.
4. Rules: terms and regex rules (:mod:`advert_assistant.matching`), measuring checks
   (:mod:`advert_assistant.checks`), coverage (:mod:`advert_assistant.coverage`),
   optionally helped by the trained sentence classifier (:mod:`advert_assistant.structure`).
5. :mod:`advert_assistant.scoring` turns findings and coverage into scores.

``assess_many`` does the same for a stream of texts through ``nlp.pipe`` and gives the
same reports as calling ``assess`` one by one.
"""

from __future__ import annotations

import bisect
import threading
from typing import Iterable, Iterator, Sequence

from . import analysis as _analysis
from . import checks as _checks
from . import coverage as _coverage
from . import scoring
from . import sector as _sector
from .config import DEFAULT_CONFIG, Config
from .errors import AdvertAssistantError, EmptyTextError, InputError, TextTooLargeError
from .limits import MAX_CHARS
from .matching import RegexMatcher, TermMatcher
from .nlp import get_nlp
from .normalise import normalise
from .ruledata import builtin_rules, parse_rule
from .stats import summarise
from .types import Finding, Report, SentenceLabel

_COVERAGE_DIMENSIONS = ("benefits", "career_path", "essentials")
_lock = threading.Lock()


# ---------------------------------------------------------------- rule sets

class RuleSet:
    """The built-in rules plus a config's own terms, compiled for matching."""

    def __init__(self, config: Config):
        nlp = get_nlp()
        rules = list(builtin_rules())
        if config.terms:
            extra_terms = {}
            for term in config.terms:
                extra_terms.setdefault(term["dimension"], []).append(term)
            for dim, terms in extra_terms.items():
                rules.append(parse_rule({
                    "id": f"{dim}.organisation-terms",
                    "dimension": dim,
                    "type": "terms",
                    "points": 3,
                    "message": "“{match}” is on your organisation's list of terms to avoid.",
                    "why": "Your organisation's style guide asks for plainer words here.",
                    "terms": terms,
                }, "config"))
        self.rules = tuple(rules)
        self.terms = TermMatcher(nlp, self.rules)
        self.regexes = RegexMatcher(self.rules)
        self.checks = tuple(
            (rule, _checks.CHECKS[rule.id]) for rule in self.rules
            if rule.type == "check" and rule.id in _checks.CHECKS
        )


_RULESETS: dict[str, RuleSet] = {}


def ruleset(config: Config) -> RuleSet:
    """The compiled rules for ``config``, built once per distinct set of terms and switches."""
    key = config.fingerprint()
    with _lock:
        rules = _RULESETS.get(key)
        if rules is None:
            if len(_RULESETS) >= 32:
                _RULESETS.pop(next(iter(_RULESETS)))
            rules = _RULESETS[key] = RuleSet(config)
        return rules


# ---------------------------------------------------------------- input

def prepare(text: str) -> str:
    """Normalise ``text`` and check it against the documented limits."""
    if not isinstance(text, str):
        raise InputError(f"the advert must be text (str), not {type(text).__name__}")
    if len(text) > 4 * MAX_CHARS:
        raise TextTooLargeError(
            f"the advert is {len(text):,} characters; the limit is {MAX_CHARS:,} characters"
        )
    clean = normalise(text)
    if len(clean) > MAX_CHARS:
        raise TextTooLargeError(
            f"the advert is {len(clean):,} characters; the limit is {MAX_CHARS:,} characters"
        )
    if not clean.strip() or not any(ch.isalnum() for ch in clean):
        raise EmptyTextError("the advert is empty: there is no text to assess")
    return clean


# ---------------------------------------------------------------- assessment

def _sentence_labels(a: _analysis.Analysis, config: Config) -> list[tuple[str, float]] | None:
    """The classifier's top label and probability for each sentence; each item is a
    :class:`~advert_assistant.coverage.LabelProbs`, which also carries the whole distribution
    (coverage weighs, e.g., benefits + career together)."""
    if not config.use_model or not a.sentences:
        return None
    from .structure import LABELS, SentenceClassifier, heading_line_starts

    model = SentenceClassifier.load()
    text = a.text
    # the sentences on heading lines: a sentence is on the line that starts after the last
    # "\n" before it, so those of a heading line start at or after it and at or before the
    # line's "\n"
    starts = [start for start, _end in a.sentences]
    n = len(starts)
    own = []
    for line in sorted(heading_line_starts(text)):
        if line and text[line - 1] != "\n":
            continue
        end = text.find("\n", line)
        last = bisect.bisect_right(starts, end if end >= 0 else len(text))
        own.extend(range(bisect.bisect_left(starts, line), last))
    is_heading = [False] * n
    # each sentence's heading: the last sentence before it that starts a heading line
    heads = [-1] * n
    for k, i in enumerate(own):
        is_heading[i] = True
        stop = own[k + 1] + 1 if k + 1 < len(own) else n
        heads[i + 1 : stop] = [i] * (stop - i - 1)
    # features straight from the engine's own tokens; then the context stage
    proba = model.predict_proba_doc(a.doc, a.sentences, heads, is_heading, tokens=a.model_tokens)
    make = _coverage.LabelProbs
    return [make(LABELS[j], row[j], dict(zip(LABELS, row)))
            for j, row in zip(proba.argmax(axis=1).tolist(), proba.tolist())]


def _report(doc, text: str, config: Config, rules: RuleSet) -> Report:
    """``text`` is ``doc.text`` (which spaCy would rebuild token by token on every access)."""
    a = _analysis.analyse(doc, text)
    findings: list[Finding] = []
    findings += rules.terms.find(doc, text, config)
    findings += rules.regexes.find(text, config)
    for rule, fn in rules.checks:
        if rule.dimension in _COVERAGE_DIMENSIONS or config.is_disabled(rule.id):
            continue
        findings += fn(a, rule, config)
    labels = _sentence_labels(a, config)
    coverage = _coverage.detect(text, a.sentences, config=config, labels=labels)
    sector = _sector.resolve(config.sector, text)
    findings += _coverage.missing_findings(coverage, text, config, sector=sector)
    findings += _coverage.extra_findings(text, a.sentences, config=config, labels=labels, sector=sector)

    coding = _checks.gender_coding(a)
    stats = summarise(
        a.counts,
        characters=len(text),
        passive_sentences=_analysis.passive_sentence_count(a),
        you=a.you,
        we=a.we,
        third_person=sum(1 for f in findings if f.rule_id == "clarity.third-person"),
        bullet_words=a.bullet_words,
        bullets=sum(a.is_bullet),
        paragraphs=len(a.paragraphs),
    )
    stats["gender_coding"] = {k: v for k, v in coding.items() if not k.startswith("_")}
    stats["english_share"] = (a.stop_tokens / a.alpha_tokens) if a.alpha_tokens else 0.0

    findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
    scores, overall, findings = scoring.score(findings, coverage, config)
    warnings = []
    if any(f.rule_id == "clarity.not-english" for f in findings):
        warnings.append("This does not look like English: advert-assistant checks English adverts, "
                        "so its scores are not meaningful for this text.")
    sentence_labels = ()
    if labels is not None:
        sentence_labels = tuple(
            SentenceLabel(s, e, label, prob) for (s, e), (label, prob) in zip(a.sentences, labels)
        )
    return Report(
        text=text,
        overall=overall,
        scores=scores,
        findings=tuple(findings),
        coverage=coverage,
        stats=stats,
        sentences=sentence_labels,
        warnings=tuple(warnings),
        sector=sector,
    )


def assess(text: str, *, config: Config | None = None) -> Report:
    """Assess one advert.

    Raises :class:`~advert_assistant.errors.EmptyTextError` for empty text,
    :class:`~advert_assistant.errors.TextTooLargeError` above
    :data:`~advert_assistant.limits.MAX_CHARS`, :class:`~advert_assistant.errors.InputError`
    for anything that is not text, and :class:`~advert_assistant.errors.ModelError` when the
    spaCy pipeline or the trained model is missing.
    """
    config = config or DEFAULT_CONFIG
    clean = prepare(text)
    rules = ruleset(config)
    doc = get_nlp()(clean)
    return _report(doc, clean, config, rules)


def assess_many(
    texts: Iterable[str],
    *,
    config: Config | None = None,
    batch_size: int = 64,
    errors: str = "raise",
) -> Iterator[Report | AdvertAssistantError]:
    """Assess a stream of adverts through ``nlp.pipe``; yields one result per text, in order.

    With ``errors="raise"`` the first bad text raises its :class:`InputError`; with
    ``errors="return"`` the exception is yielded in that text's place and the stream
    goes on.
    """
    if errors not in ("raise", "return"):
        raise ValueError("errors must be 'raise' or 'return'")
    config = config or DEFAULT_CONFIG
    rules = ruleset(config)
    nlp = get_nlp()
    iterator = iter(texts)
    while True:
        chunk = []
        for _ in range(batch_size):
            try:
                chunk.append(next(iterator))
            except StopIteration:
                break
        if not chunk:
            return
        prepared: list[str | AdvertAssistantError] = []
        for t in chunk:
            try:
                prepared.append(prepare(t))
            except InputError as exc:
                if errors == "raise":
                    raise
                prepared.append(exc)
        good = [p for p in prepared if isinstance(p, str)]
        docs = iter(nlp.pipe(good, batch_size=batch_size))
        for p in prepared:
            if isinstance(p, str):
                yield _report(next(docs), p, config, rules)
            else:
                yield p


def warm_up(config: Config | None = None) -> None:
    """Load the pipeline, rules and model so that the first assessment is fast."""
    config = config or DEFAULT_CONFIG
    ruleset(config)
    assess("Warm-up advert. You will work in Leeds. Salary £30,000. Apply by 1 May 2030.", config=config)


def rules_table(config: Config | None = None) -> Sequence:
    """Every rule in force, for ``advert-assistant rules`` and the web page."""
    config = config or DEFAULT_CONFIG
    return tuple(r for r in ruleset(config).rules if not config.is_disabled(r.id))


def clear_sentence_caches() -> None:
    """Forget what was remembered per sentence (the sentence model's scores, long-sentence
    splits), so that a benchmark can time adverts as if every sentence were new. Compiled
    rules and per-word figures are kept: they are the same for every advert."""
    import sys

    _checks._split.cache_clear()
    structure = sys.modules.get(f"{__package__}.structure")
    if structure is not None:  # only models already loaded
        for model in list(getattr(structure, "_CACHE", {}).values()):
            model.clear_score_cache()
