"""Every rule carries examples that must and must not fire; run them all."""

from __future__ import annotations

import pytest

from advert_assistant import assess
from advert_assistant.config import Config
from advert_assistant.ruledata import builtin_rules

RULES = builtin_rules()
CONFIG = Config(use_model=False)


def _cases(kind: str):
    for rule in RULES:
        examples = rule.examples_fire if kind == "fire" else rule.examples_pass
        for i, text in enumerate(examples):
            yield pytest.param(rule, text, id=f"{rule.id}-{kind}-{i}")


def test_every_rule_has_examples_both_ways():
    missing = [r.id for r in RULES if not r.examples_fire or not r.examples_pass]
    assert not missing, f"rules without fire/pass examples: {missing}"


def test_rule_ids_are_namespaced_by_dimension():
    for rule in RULES:
        assert rule.id.split(".")[0] == rule.dimension, rule.id


@pytest.mark.parametrize("rule,text", list(_cases("fire")))
def test_rule_fires_on_its_examples(rule, text):
    report = assess(text, config=CONFIG)
    got = {f.rule_id for f in report.findings}
    assert rule.id in got, f"{rule.id} did not fire on {text[:80]!r}; got {sorted(got)}"


@pytest.mark.parametrize("rule,text", list(_cases("pass")))
def test_rule_is_quiet_on_its_pass_examples(rule, text):
    report = assess(text, config=CONFIG)
    hits = [f.text for f in report.findings if f.rule_id == rule.id]
    assert not hits, f"{rule.id} fired on {text[:80]!r}: {hits}"
