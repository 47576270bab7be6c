"""An organisation's own settings: switch rules off, allow words, add terms, weights.

A config is a YAML file (see docs/rules.md, "An organisation's own config")::

    disable: [jargon.govuk-words]
    allow: [stakeholders]
    terms:
      - {dimension: jargon, match: "one team ethos", suggestions: ["working together"]}
    weights: {jargon: 1.5}
    require_benefits: [pension, annual_leave]
    sector: civil_service          # whose example rewrites to show first (default: auto)
    params:
      clarity.long-sentence: {max_words: 20}

:func:`load_config` validates it and names the file and key of any mistake.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

import yaml

from .errors import ConfigError
from .ruledata import safe_load
from .sector import SECTOR_SETTINGS
from .types import BENEFIT_CATEGORIES, DIMENSIONS

#: How much each dimension counts in the overall score by default.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "jargon": 1.0,
    "clarity": 1.0,
    "career_path": 1.0,
    "benefits": 1.0,
    "inclusivity": 1.0,
    "essentials": 1.0,
}

_KNOWN_KEYS = {"disable", "allow", "terms", "weights", "require_benefits", "params", "use_model", "sector"}


@dataclass(frozen=True)
class Config:
    """Settings for one assessment. ``Config()`` is the built-in default."""

    disable: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    terms: tuple[Mapping[str, Any], ...] = ()
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    require_benefits: tuple[str, ...] = BENEFIT_CATEGORIES
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    use_model: bool = True
    #: Whose example rewrites come first (advert_assistant.sector): ``auto`` detects the
    #: sector from each advert; ``nhs``, ``civil_service``, ``local_government`` or
    #: ``general`` fixes it for every advert.
    sector: str = "auto"

    def __post_init__(self) -> None:
        _check_sector(self.sector, "config")

    def is_disabled(self, rule_id: str) -> bool:
        for item in self.disable:
            if rule_id == item or (item.endswith(".") and rule_id.startswith(item)):
                return True
        return False

    def is_allowed(self, matched: str) -> bool:
        low = " ".join(matched.lower().split())
        return low in self._allow_set

    @functools.cached_property
    def _allow_set(self) -> frozenset[str]:
        return frozenset(" ".join(a.lower().split()) for a in self.allow)

    def param(self, rule_id: str, name: str, default: Any) -> Any:
        """A check's threshold: the config's override, else the rule file's, else ``default``."""
        override = self.params.get(rule_id) or {}
        if name in override:
            return override[name]
        from .ruledata import rule_by_id

        try:
            return rule_by_id(rule_id).params.get(name, default)
        except KeyError:
            return default

    def with_allowed(self, *terms: str) -> "Config":
        """A copy that also allows ``terms`` (the web page's "ignore" button)."""
        return replace(self, allow=tuple(dict.fromkeys(self.allow + tuple(terms))))

    def fingerprint(self) -> str:
        """A stable hash of the settings that change matching (for caches)."""
        payload = json.dumps(
            {"disable": self.disable, "allow": sorted(self._allow_set), "terms": list(self.terms)},
            sort_keys=True, default=str,
        )
        return hashlib.sha1(payload.encode()).hexdigest()


def _check_sector(value: Any, where: str) -> str:
    if value not in SECTOR_SETTINGS:
        raise ConfigError(f"{where}: sector must be one of {', '.join(SECTOR_SETTINGS)}, not {value!r}")
    return value


def _list_of_str(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def config_from_dict(data: Mapping[str, Any], source: str = "config") -> Config:
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping of settings at the top level")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(
            f"{source}: unknown setting(s) {', '.join(sorted(map(str, unknown)))}; "
            f"known: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    weights = dict(DEFAULT_WEIGHTS)
    for dim, w in (data.get("weights") or {}).items():
        if dim not in DIMENSIONS:
            raise ConfigError(f"{source}: weights: unknown dimension {dim!r}; known: {', '.join(DIMENSIONS)}")
        if not isinstance(w, (int, float)) or isinstance(w, bool) or w < 0:
            raise ConfigError(f"{source}: weights.{dim} must be a number >= 0")
        weights[dim] = float(w)
    if sum(weights.values()) <= 0:
        raise ConfigError(f"{source}: weights: at least one dimension must have a weight above 0")
    require = data.get("require_benefits")
    if require is None:
        require_benefits = BENEFIT_CATEGORIES
    else:
        require_benefits = _list_of_str(require, f"{source}: require_benefits")
        bad = [c for c in require_benefits if c not in BENEFIT_CATEGORIES]
        if bad:
            raise ConfigError(
                f"{source}: require_benefits: unknown categor{'y' if len(bad) == 1 else 'ies'} "
                f"{', '.join(bad)}; known: {', '.join(BENEFIT_CATEGORIES)}"
            )
    terms = []
    for i, term in enumerate(data.get("terms") or []):
        where = f"{source}: terms[{i}]"
        if not isinstance(term, Mapping) or not isinstance(term.get("match"), str) or not term["match"].strip():
            raise ConfigError(f"{where}: each term needs a 'match' string")
        dim = term.get("dimension", "jargon")
        if dim not in DIMENSIONS:
            raise ConfigError(f"{where}: unknown dimension {dim!r}")
        _list_of_str(term.get("suggestions"), f"{where}.suggestions")
        terms.append(dict(term, dimension=dim))
    params = data.get("params") or {}
    if not isinstance(params, Mapping) or not all(isinstance(v, Mapping) for v in params.values()):
        raise ConfigError(f"{source}: params: expected rule id -> mapping of thresholds")
    use_model = data.get("use_model", True)
    if not isinstance(use_model, bool):
        raise ConfigError(f"{source}: use_model must be true or false")
    sector = _check_sector(data.get("sector", "auto"), source)
    return Config(
        disable=_list_of_str(data.get("disable"), f"{source}: disable"),
        allow=_list_of_str(data.get("allow"), f"{source}: allow"),
        terms=tuple(terms),
        weights=weights,
        require_benefits=require_benefits,
        params={str(k): dict(v) for k, v in params.items()},
        use_model=use_model,
        sector=sector,
    )


def load_config(path: str | Path) -> Config:
    """Read and validate an organisation config file (YAML or JSON)."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read config file: {exc}") from None
    try:
        data = safe_load(raw)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p}: not valid YAML: {str(exc).splitlines()[0]}") from None
    return config_from_dict(data, str(p))


DEFAULT_CONFIG = Config()
