"""Exceptions raised by advert-assistant.

Every error a user can cause derives from :class:`AdvertAssistantError`, so callers
can catch one type; each carries a one-line, human-readable message.
"""

from __future__ import annotations


class AdvertAssistantError(Exception):
    """Base class for every error advert-assistant raises on purpose."""


class InputError(AdvertAssistantError, ValueError):
    """The advert text cannot be assessed (empty, too large, binary...)."""


class EmptyTextError(InputError):
    """The text is empty or holds only white space or invisible characters."""


class TextTooLargeError(InputError):
    """The text is larger than :data:`advert_assistant.limits.MAX_CHARS`."""


class UnsupportedFileError(InputError):
    """A file's type is not one the loader reads, or its content is corrupt."""


class ConfigError(AdvertAssistantError):
    """An organisation config or rule file is invalid."""


class ModelError(AdvertAssistantError):
    """A trained model or the spaCy pipeline is missing or cannot be loaded."""
