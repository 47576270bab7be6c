"""Which kind of employer an advert is from, so that example rewrites sound like it.

A finding about something missing comes with example sentences to add. "You'll join the NHS
Pension Scheme" is the right example for a hospital trust and the wrong one for a government
department, a council or a software company, so rules can hold examples per sector
(``sector_suggestions`` in the rule files, docs/rules.md) and the engine puts the advert's
own sector's examples first.

The sector comes from the organisation's config (``sector: nhs``) or, by default
(``sector: auto``), from telling markers in the advert's own words, listed as data in
``rules/sectors.yml``: "Agenda for Change" or a band for the NHS; a civil service grade,
"Civil Service Jobs" or the civil service pension for central government; the Local
Government Pension Scheme or a council for local government. An advert with too few
markers is ``general``.
"""

from __future__ import annotations

import functools
import re

#: The sectors, in the order ties are broken.
SECTORS = ("nhs", "civil_service", "local_government", "general")
#: What a config's ``sector`` may say: a sector, or ``auto`` to detect it from the advert.
SECTOR_SETTINGS = ("auto",) + SECTORS

#: The rule file that holds the markers (rules/sectors.yml: pattern, needles and weight each).
MARKERS_FILE = "sectors"


def _load_markers() -> dict[str, tuple[tuple[tuple[str, ...], str, int], ...]]:
    """The markers of rules/sectors.yml per sector, in :data:`SECTORS` order, validated."""
    from .errors import ConfigError
    from .ruledata import load_file

    where = f"rules/{MARKERS_FILE}.yml"
    data = load_file(MARKERS_FILE).get("markers")
    if not isinstance(data, dict) or not data:
        raise ConfigError(f"{where}: needs 'markers', a mapping of sector to a list of markers")
    unknown = set(data) - set(SECTORS[:-1])
    if unknown:
        raise ConfigError(f"{where}: unknown sector {sorted(unknown)[0]!r}; "
                          f"known: {', '.join(SECTORS[:-1])}")
    out = {}
    for sector in SECTORS[:-1]:
        markers = []
        for k, raw in enumerate(data.get(sector) or ()):
            at = f"{where}: markers.{sector}[{k}]"
            if not isinstance(raw, dict):
                raise ConfigError(f"{at}: expected a mapping with pattern, needles and weight")
            pattern, needles, weight = raw.get("pattern"), raw.get("needles"), raw.get("weight")
            if not isinstance(pattern, str) or not pattern:
                raise ConfigError(f"{at}: 'pattern' must be a regular expression")
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"{at}: bad regular expression: {exc}") from None
            if not isinstance(needles, list) or not needles or \
                    not all(isinstance(n, str) and n and n == n.lower() for n in needles):
                raise ConfigError(f"{at}: 'needles' must be a list of lower-case strings")
            if weight not in (1, 2):
                raise ConfigError(f"{at}: 'weight' must be 1 or 2")
            markers.append((tuple(needles), pattern, weight))
        out[sector] = tuple(markers)
    return out


@functools.lru_cache(maxsize=None)
def _patterns() -> dict[str, tuple[tuple[tuple[str, ...], re.Pattern[str], int, int | None], ...]]:
    """Per sector: (needles, compiled pattern, weight, the longest match it can make or None)."""
    from re import _parser  # the pattern's width, from the standard library's own parser

    out = {}
    for sector, markers in _load_markers().items():
        compiled = []
        for needles, p, w in markers:
            longest = _parser.parse(p).getwidth()[1]
            compiled.append((needles, re.compile(p), w, longest if longest < 200 else None))
        out[sector] = tuple(compiled)
    return out


def _marked(low: str, needles: tuple[str, ...], pattern: re.Pattern[str], reach: int | None) -> bool:
    """Whether ``pattern`` matches ``low``. Every match holds one of ``needles``, so with a
    bounded match length (``reach``) only a window around each needle is searched; a window
    ends at white space (or the end), where a word boundary is the same as in the whole text."""
    if reach is None:
        return any(n in low for n in needles) and pattern.search(low) is not None
    size = len(low)
    for needle in needles:
        at = low.find(needle)
        while at >= 0:
            end = min(size, at + len(needle) + reach)
            while end < size and not low[end].isspace():
                end += 1
            if pattern.search(low, max(0, at - reach), end) is not None:
                return True
            at = low.find(needle, at + 1)
    return False


def detect(text: str) -> str:
    """The sector of an advert: ``nhs``, ``civil_service``, ``local_government`` or ``general``.

    Each marker counts once however often it occurs; the sector with the most weight wins
    when it reaches 2 (ties go to the earlier sector in :data:`SECTORS`).
    """
    low = text.lower()
    best, best_score = "general", 1
    for sector, markers in _patterns().items():
        score = sum(w for needles, pattern, w, reach in markers if _marked(low, needles, pattern, reach))
        if score > best_score:
            best, best_score = sector, score
    return best


def resolve(setting: str, text: str) -> str:
    """The sector for a config's ``sector`` setting (``auto`` detects it from ``text``)."""
    return detect(text) if setting == "auto" else setting
