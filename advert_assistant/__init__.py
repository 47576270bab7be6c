"""advert-assistant: job adverts people actually want to answer.

>>> from advert_assistant import assess
>>> report = assess(open("advert.txt").read())            # doctest: +SKIP
>>> report.overall, report.scores["jargon"]               # doctest: +SKIP
>>> for f in report.ranked_fixes(): print(f.message, f.suggestions)   # doctest: +SKIP
"""

from .config import Config, load_config
from .errors import (
    AdvertAssistantError,
    ConfigError,
    EmptyTextError,
    InputError,
    ModelError,
    TextTooLargeError,
    UnsupportedFileError,
)
from .types import (
    BENEFIT_CATEGORIES,
    DIMENSIONS,
    ESSENTIALS,
    CareerPath,
    CategoryCoverage,
    Coverage,
    Evidence,
    Finding,
    Report,
    SentenceLabel,
)

__version__ = "0.1.0"


def assess(text, *, config=None):
    """Assess one advert; see :func:`advert_assistant.engine.assess`."""
    from .engine import assess as _assess

    return _assess(text, config=config)


def assess_many(texts, *, config=None, batch_size=64, errors="raise"):
    """Assess many adverts; see :func:`advert_assistant.engine.assess_many`."""
    from .engine import assess_many as _assess_many

    return _assess_many(texts, config=config, batch_size=batch_size, errors=errors)


__all__ = [
    "assess", "assess_many", "Config", "load_config", "Report", "Finding", "Coverage",
    "CategoryCoverage", "CareerPath", "Evidence", "SentenceLabel", "DIMENSIONS",
    "BENEFIT_CATEGORIES", "ESSENTIALS", "AdvertAssistantError", "InputError", "EmptyTextError",
    "TextTooLargeError", "UnsupportedFileError", "ConfigError", "ModelError", "__version__",
]
