"""Loading and validating the rule files in ``advert_assistant/rules/``.

Each file holds ``rules:`` (see docs/rules.md) and, for the coverage dimensions,
``categories:``. Files are read once per process and validated, so a typo in a rule
file is a :class:`~advert_assistant.errors.ConfigError` naming the file and the rule,
not a surprise at run time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from .errors import ConfigError
from .sector import SECTORS
from .types import DIMENSIONS, SEVERITIES

#: libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` through :data:`SafeLoader`."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader

RULES_DIR = Path(__file__).with_name("rules")
RULE_TYPES = ("terms", "regex", "check")
RULE_FILES = ("jargon", "clarity", "inclusivity", "benefits", "career_path", "essentials")


@dataclass(frozen=True)
class Rule:
    id: str
    dimension: str
    type: str
    message: str
    why: str
    severity: str = "warning"
    points: float = 0.0
    suggestions: tuple[str, ...] = ()
    link: str | None = None
    terms: tuple[Mapping[str, Any], ...] = ()
    patterns: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    examples_fire: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()
    source: str = ""
    #: Example rewrites for one sector of employer (advert_assistant.sector), put before
    #: ``suggestions`` when the advert is from that sector.
    sector_suggestions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def suggestions_for(self, sector: str | None) -> tuple[str, ...]:
        """The suggestions for an advert of ``sector``: that sector's own examples first,
        then the general ones (all of them, once each)."""
        own = self.sector_suggestions.get(sector, ()) if sector else ()
        return tuple(dict.fromkeys(own + self.suggestions)) if own else self.suggestions

    def render(self, template: str | None = None, **values: str) -> str:
        """Fill ``{match}``/``{suggestion}``-style placeholders, leaving unknown ones."""
        text = template if template is not None else self.message
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text


def _as_tuple(value: Any, where: str) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise ConfigError(f"{where}: expected a list, got {type(value).__name__}")


def parse_rule(raw: Mapping[str, Any], source: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{source}: each rule must be a mapping")
    rid = raw.get("id")
    where = f"{source}: rule {rid!r}"
    if not rid or not isinstance(rid, str):
        raise ConfigError(f"{source}: a rule has no id")
    for key in ("dimension", "type", "message", "why"):
        if not raw.get(key):
            raise ConfigError(f"{where} has no {key!r}")
    if raw["dimension"] not in DIMENSIONS:
        raise ConfigError(f"{where}: dimension must be one of {', '.join(DIMENSIONS)}")
    if raw["type"] not in RULE_TYPES:
        raise ConfigError(f"{where}: type must be one of {', '.join(RULE_TYPES)}")
    severity = raw.get("severity", "warning")
    if severity not in SEVERITIES:
        raise ConfigError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    terms = tuple(_as_tuple(raw.get("terms"), where))
    for term in terms:
        if not isinstance(term, Mapping) or not str(term.get("match", "")).strip():
            raise ConfigError(f"{where}: every term needs a non-empty 'match'")
        for key in ("suggestions", "attributive", "unless_next", "unless_prev", "only_next", "only_prev"):
            values = term.get(key)
            if values is not None and (not isinstance(values, list) or not all(isinstance(v, str) for v in values)):
                raise ConfigError(
                    f"{where}: term {term['match']!r}: {key} must be a list of strings "
                    "(quote words such as \"on\" or \"no\", which YAML reads as true/false)"
                )
    if raw["type"] == "terms" and not terms:
        raise ConfigError(f"{where}: a terms rule needs 'terms'")
    patterns = tuple(str(p) for p in _as_tuple(raw.get("patterns"), where))
    if raw["type"] == "regex" and not patterns:
        raise ConfigError(f"{where}: a regex rule needs 'patterns'")
    examples = raw.get("examples") or {}
    sector_suggestions = raw.get("sector_suggestions") or {}
    if not isinstance(sector_suggestions, Mapping):
        raise ConfigError(f"{where}: sector_suggestions must map a sector to a list of suggestions")
    for sector, values in sector_suggestions.items():
        if sector not in SECTORS:
            raise ConfigError(f"{where}: sector_suggestions: unknown sector {sector!r}; "
                              f"known: {', '.join(SECTORS)}")
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise ConfigError(f"{where}: sector_suggestions.{sector} must be a non-empty list of strings")
    return Rule(
        id=rid,
        dimension=raw["dimension"],
        type=raw["type"],
        message=str(raw["message"]).strip(),
        why=str(raw["why"]).strip(),
        severity=severity,
        points=float(raw.get("points", 0)),
        suggestions=tuple(str(s) for s in _as_tuple(raw.get("suggestions"), where)),
        link=raw.get("link"),
        terms=terms,
        patterns=patterns,
        params=dict(raw.get("params") or {}),
        examples_fire=tuple(_as_tuple(examples.get("fire"), where + " examples.fire")),
        examples_pass=tuple(_as_tuple(examples.get("pass"), where + " examples.pass")),
        source=source,
        sector_suggestions={k: tuple(v) for k, v in sector_suggestions.items()},
    )


@functools.lru_cache(maxsize=None)
def load_file(name: str) -> Mapping[str, Any]:
    """The parsed YAML of ``rules/<name>.yml`` (``{}`` when the file does not exist)."""
    path = RULES_DIR / f"{name}.yml"
    if not path.exists():
        return {}
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}".splitlines()[0]) from None
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


@functools.lru_cache(maxsize=None)
def builtin_rules() -> tuple[Rule, ...]:
    """Every built-in rule, validated, in file order. Ids are unique."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name in RULE_FILES:
        data = load_file(name)
        for raw in data.get("rules") or ():
            rule = parse_rule(raw, f"rules/{name}.yml")
            if rule.id in seen:
                raise ConfigError(f"rule id {rule.id!r} is defined twice ({seen[rule.id]}, {rule.source})")
            seen[rule.id] = rule.source
            rules.append(rule)
    return tuple(rules)


@functools.lru_cache(maxsize=None)
def _rules_by_id() -> Mapping[str, Rule]:
    return {rule.id: rule for rule in builtin_rules()}


def rule_by_id(rule_id: str) -> Rule:
    """The built-in rule ``rule_id``; ``KeyError`` when there is none."""
    return _rules_by_id()[rule_id]


def categories(name: str) -> Mapping[str, Any]:
    """The ``categories:`` section of a coverage rule file (benefits, career_path, essentials)."""
    return load_file(name).get("categories") or {}
