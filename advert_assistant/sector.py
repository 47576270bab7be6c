"""Which kind of employer an advert is from, so that example rewrites sound like it.

A finding about something missing comes with example sentences to add. "You'll join the NHS
Pension Scheme" is the right example for a hospital trust and the wrong one for a government
department, a council or a software company, so rules can hold examples per sector
(``sector_suggestions`` in the rule files, docs/rules.md) and the engine puts the advert's
own sector's examples first.

The sector comes from the organisation's config (``sector: nhs``) or, by default
(``sector: auto``), from telling markers in the advert's own words: "Agenda for Change" or a
band for the NHS; a civil service grade, "Civil Service Jobs" or the civil service pension for
central government; the Local Government Pension Scheme or a council for local government.
An advert with too few markers is ``general``.
"""

from __future__ import annotations

import functools
import re

#: The sectors, in the order ties are broken.
SECTORS = ("nhs", "civil_service", "local_government", "general")
#: What a config's ``sector`` may say: a sector, or ``auto`` to detect it from the advert.
SECTOR_SETTINGS = ("auto",) + SECTORS

#: Markers that settle the sector on their own count 2, suggestive ones 1; a sector needs 2.
#: Each is (needles, pattern, weight): the pattern runs only on a text that contains one of
#: its needles (plain substrings that every match contains), which keeps detection to a few
#: microseconds for most adverts.
_MARKERS: dict[str, tuple[tuple[tuple[str, ...], str, int], ...]] = {
    "nhs": (
        (("nhs",), r"\bnhs\b", 2),
        (("agenda for change",), r"\bagenda for change\b", 2),
        (("band",), r"\b(?:afc\s+)?band\s+[2-9][abcd]?\b", 1),
        (("foundation trust",), r"\bfoundation trust\b", 2),
        (("trust",), r"\b(?:hospitals?|health(?:care)?|ambulance|partnership|community) (?:nhs )?trust\b", 1),
        (("ward", "clinic", "patient", "nursing", "midwi"),
         r"\b(?:ward|clinic(?:al)?|patients?|nursing|midwi(?:fe|ves|fery))\b", 1),
    ),
    "civil_service": (
        (("civil serv",), r"\bcivil serv(?:ice|ant)s?\b", 2),
        (("success profile",), r"\bsuccess profiles?\b", 2),
        (("executive officer",), r"\b(?:higher|senior) executive officer\b", 2),
        (("heo", "seo", "grade ", "g6", "g7", "scs"), r"\b(?:heo|seo|grade [67]|g[67]|scs(?: pay band)? ?[1-4]?)\b", 1),
        (("hm ", "hmrc", "hmpps", "dwp", "cabinet office"),
         r"\b(?:hm (?:revenue|treasury|prison|courts|land registry)|hmrc|hmpps|dwp|cabinet office)\b", 2),
        (("government department", "department for", "ministry of", "home office", "foreign, commonwealth"),
         r"\b(?:government department|department for|ministry of|home office|foreign, commonwealth)\b", 1),
        (("ddat", "government digital and data", "security clearance", "baseline personnel security"),
         r"\b(?:ddat|government digital and data|security clearance|baseline personnel security)\b", 1),
    ),
    "local_government": (
        (("local government pension scheme",), r"\blocal government pension scheme\b", 2),
        (("lgps",), r"\blgps\b", 2),
        (("council",), r"\b(?:city|county|borough|district|town|parish|metropolitan) council\b", 2),
        (("council",), r"\bcouncil\b", 1),
        (("local authority",), r"\blocal authority\b", 1),
    ),
}


@functools.lru_cache(maxsize=None)
def _patterns() -> dict[str, tuple[tuple[tuple[str, ...], re.Pattern[str], int, int | None], ...]]:
    """Per sector: (needles, compiled pattern, weight, the longest match it can make or None)."""
    from re import _parser  # the pattern's width, from the standard library's own parser

    out = {}
    for sector, markers in _MARKERS.items():
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
