"""The advert-assistant web page (Gradio).

:func:`build_app` returns the page without launching it, so tests can build it and
``app.py`` can serve it. The pieces are plain modules, usable and tested without a
server: :mod:`.handlers` (what each control does), :mod:`.render` (HTML, always
escaped), :mod:`.builders` (benefits and career-path sections), :mod:`.channels`
(LinkedIn and X posts) and :mod:`.export` (md/txt/docx/json files).
"""

from __future__ import annotations

import os

from ..config import Config


def build_app(config: Config | None = None):
    """The web page as a ``gradio.Blocks``, not launched.

    ``config`` is the organisation config every assessment uses; by default the file
    named by ``$ADVERT_ASSISTANT_CONFIG`` when that is set, else the built-in settings.
    Gradio's analytics and the Hugging Face hub are switched off before Gradio is
    imported, so the page works fully offline.
    """
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    # Gradio rebuilds a pandas summary of every past event after each event, for a
    # monitoring dashboard the page does not use; refresh it rarely and keep less history.
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "2000")
    if config is None and os.environ.get("ADVERT_ASSISTANT_CONFIG"):
        from ..config import load_config

        config = load_config(os.environ["ADVERT_ASSISTANT_CONFIG"])
    from .page import build

    return build(config)


__all__ = ["build_app"]
