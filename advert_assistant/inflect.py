"""English inflection helpers: pure, fast, no spaCy.

The rule engine uses :func:`variants` and :func:`spellings` to expand a listed term into
every form it may take in an advert ("leverage" also matches "leverages", "leveraged",
"leveraging"; "utilise" also "utilize"), and :func:`inflect_like` to put a suggestion
in the form that matched ("leveraging" -> "using"). :mod:`advert_assistant.rewrite`
uses :func:`match_case` and :func:`fix_article` when it applies a suggestion.

All functions are deterministic and cached; none of them knows the part of speech, so
:func:`variants` returns every plausible form (verb forms *and* a plural) and lets the
matcher find the one the text uses. British spelling is the default where the two
differ ("travelled", "modelling", "ageing").

>>> variants("commit")["ing"], variants("plan")["ed"], variants("deliver")["ed"]
('committing', 'planned', 'delivered')
>>> inflect_like("use", "ing"), inflect_like("drive", "en"), inflect_like("joint venture", "plural")
('using', 'driven', 'joint ventures')
>>> match_case("Leverage", "use"), fix_article("a", "MBA"), fix_article("an", "user")
('Use', 'an', 'a')
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "FORMS",
    "variants",
    "inflect_like",
    "spellings",
    "base_of_s",
    "match_case",
    "fix_article",
    "starts_with_vowel_sound",
]

#: The forms :func:`variants` returns and :func:`inflect_like` accepts. "s" is the
#: third person singular, "ed" the simple past, "en" the past participle, "ing" the
#: present participle and "plural" the noun plural. "past" is accepted as "ed".
FORMS: tuple[str, ...] = ("base", "s", "ed", "en", "ing", "plural")

_VOWELS = frozenset("aeiou")

# base -> (past, past participle). Prefixed compounds are listed where common in adverts.
_IRREGULAR: dict[str, tuple[str, str]] = {
    "arise": ("arose", "arisen"), "awake": ("awoke", "awoken"), "be": ("was", "been"),
    "bear": ("bore", "borne"), "beat": ("beat", "beaten"), "become": ("became", "become"),
    "begin": ("began", "begun"), "bend": ("bent", "bent"), "bet": ("bet", "bet"),
    "bid": ("bid", "bid"), "bind": ("bound", "bound"), "bite": ("bit", "bitten"),
    "bleed": ("bled", "bled"), "blow": ("blew", "blown"), "break": ("broke", "broken"),
    "breed": ("bred", "bred"), "bring": ("brought", "brought"),
    "broadcast": ("broadcast", "broadcast"), "build": ("built", "built"),
    "buy": ("bought", "bought"), "catch": ("caught", "caught"), "choose": ("chose", "chosen"),
    "come": ("came", "come"), "cost": ("cost", "cost"), "creep": ("crept", "crept"),
    "cut": ("cut", "cut"), "deal": ("dealt", "dealt"), "dig": ("dug", "dug"),
    "do": ("did", "done"), "draw": ("drew", "drawn"), "drink": ("drank", "drunk"),
    "drive": ("drove", "driven"), "eat": ("ate", "eaten"), "fall": ("fell", "fallen"),
    "feed": ("fed", "fed"), "feel": ("felt", "felt"), "fight": ("fought", "fought"),
    "find": ("found", "found"), "flee": ("fled", "fled"), "fly": ("flew", "flown"),
    "forbid": ("forbade", "forbidden"), "forecast": ("forecast", "forecast"),
    "foresee": ("foresaw", "foreseen"), "forget": ("forgot", "forgotten"),
    "forgive": ("forgave", "forgiven"), "freeze": ("froze", "frozen"), "get": ("got", "got"),
    "give": ("gave", "given"), "go": ("went", "gone"), "grow": ("grew", "grown"),
    "hang": ("hung", "hung"), "have": ("had", "had"), "hear": ("heard", "heard"),
    "hide": ("hid", "hidden"), "hit": ("hit", "hit"), "hold": ("held", "held"),
    "hurt": ("hurt", "hurt"), "input": ("input", "input"), "keep": ("kept", "kept"),
    "know": ("knew", "known"), "lay": ("laid", "laid"), "lead": ("led", "led"),
    "leave": ("left", "left"), "lend": ("lent", "lent"), "let": ("let", "let"),
    "light": ("lit", "lit"), "lose": ("lost", "lost"), "make": ("made", "made"),
    "mean": ("meant", "meant"), "meet": ("met", "met"), "mislead": ("misled", "misled"),
    "outgrow": ("outgrew", "outgrown"), "output": ("output", "output"),
    "overcome": ("overcame", "overcome"), "override": ("overrode", "overridden"),
    "oversee": ("oversaw", "overseen"), "overtake": ("overtook", "overtaken"),
    "pay": ("paid", "paid"), "put": ("put", "put"), "quit": ("quit", "quit"),
    "read": ("read", "read"), "rebuild": ("rebuilt", "rebuilt"), "redo": ("redid", "redone"),
    "reset": ("reset", "reset"), "rethink": ("rethought", "rethought"),
    "rewrite": ("rewrote", "rewritten"), "ride": ("rode", "ridden"), "ring": ("rang", "rung"),
    "rise": ("rose", "risen"), "run": ("ran", "run"), "say": ("said", "said"),
    "see": ("saw", "seen"), "seek": ("sought", "sought"), "sell": ("sold", "sold"),
    "send": ("sent", "sent"), "set": ("set", "set"), "shake": ("shook", "shaken"),
    "shine": ("shone", "shone"), "shoot": ("shot", "shot"), "show": ("showed", "shown"),
    "shrink": ("shrank", "shrunk"), "shut": ("shut", "shut"), "sing": ("sang", "sung"),
    "sink": ("sank", "sunk"), "sit": ("sat", "sat"), "sleep": ("slept", "slept"),
    "slide": ("slid", "slid"), "speak": ("spoke", "spoken"), "spend": ("spent", "spent"),
    "spin": ("spun", "spun"), "split": ("split", "split"), "spread": ("spread", "spread"),
    "stand": ("stood", "stood"), "steal": ("stole", "stolen"), "stick": ("stuck", "stuck"),
    "strike": ("struck", "struck"), "strive": ("strove", "striven"), "swim": ("swam", "swum"),
    "swing": ("swung", "swung"), "take": ("took", "taken"), "teach": ("taught", "taught"),
    "tear": ("tore", "torn"), "tell": ("told", "told"), "think": ("thought", "thought"),
    "throw": ("threw", "thrown"), "undergo": ("underwent", "undergone"),
    "understand": ("understood", "understood"), "undertake": ("undertook", "undertaken"),
    "undo": ("undid", "undone"), "uphold": ("upheld", "upheld"), "upset": ("upset", "upset"),
    "wake": ("woke", "woken"), "wear": ("wore", "worn"), "win": ("won", "won"),
    "withdraw": ("withdrew", "withdrawn"), "withhold": ("withheld", "withheld"),
    "write": ("wrote", "written"),
}

_IRREGULAR_S = {"be": "is", "have": "has", "do": "does", "go": "goes", "undergo": "undergoes",
                "undo": "undoes", "redo": "redoes", "outdo": "outdoes", "forgo": "forgoes",
                "echo": "echoes", "veto": "vetoes"}

_IRREGULAR_PLURAL = {
    "person": "people", "child": "children", "man": "men", "woman": "women", "foot": "feet",
    "tooth": "teeth", "mouse": "mice", "analysis": "analyses", "basis": "bases",
    "crisis": "crises", "criterion": "criteria", "phenomenon": "phenomena", "thesis": "theses",
    "hypothesis": "hypotheses", "diagnosis": "diagnoses", "life": "lives", "wife": "wives",
    "knife": "knives", "half": "halves", "self": "selves", "leaf": "leaves", "shelf": "shelves",
    "thief": "thieves", "wolf": "wolves", "hero": "heroes", "potato": "potatoes",
    "tomato": "tomatoes", "echo": "echoes", "veto": "vetoes", "sheep": "sheep",
    "series": "series", "species": "species", "staff": "staff", "quiz": "quizzes",
}
#: Words that are plural already (or have no plural): their plural is themselves.
_ALREADY_PLURAL = frozenset(_IRREGULAR_PLURAL.values()) | frozenset(
    "data media news staff people police cattle clothes premises headquarters goods "
    "thanks earnings savings outskirts belongings".split())
_MEN_SUFFIXES = ("chairman", "spokesman", "salesman", "foreman", "workman", "tradesman",
                 "craftsman", "businessman", "fireman", "policeman", "postman", "handyman",
                 "middleman", "linesman", "woman")

# Words of more than one syllable whose last syllable is stressed: the final consonant
# doubles ("committed", "preferred"). One-syllable words are detected; "visit",
# "deliver", "target" and "benefit" are stressed earlier and do not double.
_DOUBLE_FINAL = frozenset("""
    commit admit submit permit transmit omit emit remit refer prefer confer infer defer
    transfer deter occur recur incur concur begin forget regret beget upset reset equip
    acquit outfit abet allot rebut embed forbid outrun overrun rerun unplug kidnap worship
    handicap format program input output overlap
""".split())
# British English doubles a final "l" after a single vowel ("travelled", "modelling")
# but not in these.
_NO_DOUBLE_L = frozenset("parallel appeal reveal conceal".split())
_IC_K = frozenset("panic mimic picnic traffic frolic".split())
_E_KEEP_ING = {"age": "ageing", "singe": "singeing", "dye": "dyeing", "be": "being"}
_MINOR_WORDS = frozenset("a an and as at but by for from in into nor of on or the to up via with".split())
_PREPOSITIONS = frozenset("of in for to on at with from by into about across within under over".split())


def _is_vowel_at(word: str, i: int) -> bool:
    """Whether ``word[i]`` is a vowel sound letter (``y`` counts after a consonant)."""
    ch = word[i]
    if ch in _VOWELS:
        return not (ch == "u" and i > 0 and word[i - 1] == "q")
    if ch == "y":
        return i > 0 and word[i - 1] not in _VOWELS
    return False


def _syllables(word: str) -> int:
    groups = 0
    prev = False
    for i in range(len(word)):
        v = _is_vowel_at(word, i)
        if v and not prev:
            groups += 1
        prev = v
    # a silent final e ("make", "use") does not make a syllable
    if len(word) > 2 and word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return groups


def _doubles(word: str) -> bool:
    """Whether the final consonant doubles before -ed/-ing ("plan" -> "planned")."""
    if len(word) < 3 or not word.isalpha():
        return False
    if word in _DOUBLE_FINAL:
        return True
    last, mid, first = word[-1], word[-2], word[-3]
    if last == "l" and mid in _VOWELS and word not in _NO_DOUBLE_L:
        # travel, model, cancel, control, fulfil; fuel, dial, trial; not feel, sail, appeal
        return not _is_vowel_at(word, len(word) - 3) or word.endswith(("uel", "ial"))
    if last in "wxy" or last in _VOWELS or not _is_vowel_at(word, len(word) - 2):
        return False
    if _is_vowel_at(word, len(word) - 3):
        return False  # two vowels: "need", "cook"
    return _syllables(word) == 1


def _ends_sibilant(word: str) -> bool:
    return word.endswith(("s", "x", "z", "ch", "sh"))


def _s_form(word: str) -> str:
    if word in _IRREGULAR_S:
        return _IRREGULAR_S[word]
    if word == "quiz":
        return "quizzes"
    if _ends_sibilant(word):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _plural(word: str) -> str:
    if word in _IRREGULAR_PLURAL:
        return _IRREGULAR_PLURAL[word]
    if word in _ALREADY_PLURAL:
        return word
    if (len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
            and _plural(word[:-1]) == word):
        return word  # already plural: "tools" stays "tools", not "toolses"
    if word.endswith("men") and word[:-3] + "man" in _MEN_SUFFIXES:
        return word
    if word.endswith(_MEN_SUFFIXES):
        return word[:-2] + "en"
    if _ends_sibilant(word):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _ed_form(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word][0]
    if word.endswith("e"):
        return word + "d"
    if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        return word[:-1] + "ied"
    if word in _IC_K:
        return word + "ked"
    if _doubles(word):
        return word + word[-1] + "ed"
    return word + "ed"


def _en_form(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word][1]
    return _ed_form(word)


def _ing_form(word: str) -> str:
    if word in _E_KEEP_ING:
        return _E_KEEP_ING[word]
    if word.endswith("ie") and len(word) > 2:
        return word[:-2] + "ying"
    if word.endswith(("ee", "oe", "ye")):
        return word + "ing"
    if word.endswith("e") and len(word) > 2:
        return word[:-1] + "ing"
    if word in _IC_K:
        return word + "king"
    if _doubles(word):
        return word + word[-1] + "ing"
    return word + "ing"


_MAKERS = {"s": _s_form, "ed": _ed_form, "past": _ed_form, "en": _en_form, "ing": _ing_form,
           "plural": _plural}


def _split_affix(word: str) -> tuple[str, str]:
    """("co-", "ordinate") for "co-ordinate": hyphenated words inflect their last part."""
    if "-" in word.strip("-"):
        head, _, tail = word.rpartition("-")
        return head + "-", tail
    return "", word


def _inflect_word(word: str, form: str) -> str:
    if form == "base" or not word:
        return word
    maker = _MAKERS.get(form)
    if maker is None:
        raise ValueError(f"unknown form {form!r}; expected one of {', '.join(FORMS)}")
    head, core = _split_affix(word)
    if not core:
        return word
    low = core.lower()
    if len(core) >= 2 and core.isupper():
        if form in ("s", "plural") and len(core) <= 4:
            return head + core + "s"  # KPI -> KPIs
        return head + maker(low).upper()
    if not low.isalpha():
        return head + core + ("s" if form in ("s", "plural") else "")
    return head + match_case(core, maker(low)) if core != low else head + maker(low)


def _head_index(words: list[str], form: str) -> int:
    """Which word of a phrase carries the inflection."""
    if form == "plural":
        # "centre of excellence" -> "centres of excellence"; "joint venture" -> "joint ventures"
        for i, w in enumerate(words):
            if i > 0 and w.lower() in _PREPOSITIONS:
                return i - 1
        return len(words) - 1
    return 0  # verb phrases inflect the verb: "drive out" -> "drove out"


@functools.lru_cache(maxsize=8192)
def inflect_like(base_word: str, form: str) -> str:
    """``base_word`` (a word or phrase in its base form) put in ``form`` (see :data:`FORMS`).

    Verb forms inflect the first word of a phrase ("make use of" -> "making use of"),
    plurals the head noun ("centre of excellence" -> "centres of excellence").
    Unknown forms raise ``ValueError``.
    """
    if form not in _MAKERS and form != "base":
        raise ValueError(f"unknown form {form!r}; expected one of {', '.join(FORMS)}")
    if form == "base" or not base_word.strip():
        return base_word
    parts = re.split(r"(\s+)", base_word)
    words = parts[0::2]
    idx = [i for i, w in enumerate(words) if w]
    i = idx[_head_index([words[i] for i in idx], form)]
    words[i] = _inflect_word(words[i], form)
    parts[0::2] = words
    return "".join(parts)


@functools.lru_cache(maxsize=8192)
def _variants(word: str) -> tuple[tuple[str, str], ...]:
    out = [("base", word)]
    for form in ("s", "ed", "en", "ing", "plural"):
        out.append((form, inflect_like(word, form)))
    return tuple(out)


def variants(word: str) -> dict[str, str]:
    """Every plausible form of ``word``: verb forms and the noun plural.

    >>> variants("leverage")
    {'base': 'leverage', 's': 'leverages', 'ed': 'leveraged', 'en': 'leveraged', 'ing': 'leveraging', 'plural': 'leverages'}
    """
    return dict(_variants(word))


# ----------------------------------------------------------------- -s verbs back to base

_S_BASE_IRREGULAR = {"is": "are", "has": "have", "does": "do", "goes": "go", "was": "were",
                     "focuses": "focus", "biases": "bias", "buses": "bus", "gases": "gas",
                     "undergoes": "undergo", "echoes": "echo", "vetoes": "veto"}


@functools.lru_cache(maxsize=4096)
def base_of_s(word: str) -> str:
    """The base form of a third-person singular verb: "leads" -> "lead", "carries" -> "carry".

    "is", "has", "was" and "does" give the forms that go with "you" ("are", "have",
    "were", "do"). A word that does not end in "s" is returned unchanged.
    """
    low = word.lower()
    if low in _S_BASE_IRREGULAR:
        return match_case(word, _S_BASE_IRREGULAR[low]) if word != low else _S_BASE_IRREGULAR[low]
    if not low.endswith("s") or len(low) < 3 or low.endswith("ss"):
        return word
    if low.endswith("ies") and len(low) > 4:
        base = low[:-3] + "y"          # carries -> carry (but "ties", "lies" below)
    elif low.endswith(("sses", "shes", "ches", "xes", "zzes")):
        base = low[:-2]
    else:
        base = low[:-1]
    if low in ("ties", "lies", "dies", "vies"):
        base = low[:-1]
    return base if word == low else match_case(word, base)


# ----------------------------------------------------------------- spellings

# -ise words that are never -ize (whole words, or endings of longer words).
_ISE_ONLY_EXACT = frozenset("rise arise wise raise praise noise poise guise anise vise".split())
_ISE_ONLY_SUFFIX = (
    "advise", "devise", "revise", "supervise", "televise", "improvise", "exercise", "expertise",
    "franchise", "merchandise", "enterprise", "compromise", "surprise", "comprise", "despise",
    "promise", "premise", "demise", "chastise", "disguise", "excise", "incise", "precise",
    "concise", "paradise", "treatise", "otherwise", "likewise", "clockwise", "advertise",
    "sunrise", "uprise", "reprise", "apprise", "mortise", "chemise", "valise",
    "aise", "oise", "uise",  # raise, liaise, fundraise; noise, tortoise; cruise, disguise
)
# -ize words that are never -ise.
_IZE_ONLY = frozenset("size prize seize capsize resize downsize oversize maize baize".split())
_ISE_RE = re.compile(
    r"^(?P<stem>.+?[a-z])(?P<v>[iy])(?P<z>[sz])(?P<end>e|ed|es|ing|er|ers|ation|ations|ational|"
    r"ationally|able|ability)$"
)


def _ise_base(stem: str, v: str) -> str:
    return stem + v + "se"


@functools.lru_cache(maxsize=8192)
def _spellings(word: str) -> frozenset[str]:
    low = word.lower()
    m = _ISE_RE.match(low)
    if not m:
        return frozenset((word,))
    stem, v, z, end = m.group("stem"), m.group("v"), m.group("z"), m.group("end")
    if v == "y" and end.startswith("ation"):
        return frozenset((word,))  # "analysation" is not a word
    ise = _ise_base(stem, v)
    ize = stem + v + "ze"
    if ise in _ISE_ONLY_EXACT or ise.endswith(_ISE_ONLY_SUFFIX) or ize in _IZE_ONLY:
        return frozenset((word,))
    if any(ize.endswith(w) and len(ize) - len(w) < 3 for w in _IZE_ONLY):
        return frozenset((word,))
    other = stem + v + ("z" if z == "s" else "s") + end
    if word != low:
        other = match_case(word, other)
    return frozenset((word, other))


def spellings(word: str) -> set[str]:
    """The word and its other spelling: -ise/-ize, -isation/-ization, -yse/-yze.

    >>> sorted(spellings("utilising"))
    ['utilising', 'utilizing']
    >>> sorted(spellings("advertise"))
    ['advertise']
    """
    return set(_spellings(word))


# ----------------------------------------------------------------- case and articles

def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation pattern of ``template``.

    ALL CAPS stays caps ("LEVERAGE" -> "USE"); a capitalised first letter is kept
    ("Leverage" -> "Use"); a title-cased phrase gives a title-cased replacement
    ("Key Stakeholders" -> "Main Partners"); anything else leaves ``replacement`` as it is.
    """
    if not replacement:
        return replacement
    letters = [c for c in template if c.isalpha()]
    if not letters:
        return replacement
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return replacement.upper()
    if not letters[0].isupper():
        return replacement
    words = template.split()
    major = [w for w in words if any(c.isalpha() for c in w) and w.lower() not in _MINOR_WORDS]
    if len(words) >= 2 and len(major) >= 2 and all(_first_alpha(w).isupper() for w in major):
        out = []
        for i, w in enumerate(replacement.split(" ")):
            out.append(w if (i and w.lower() in _MINOR_WORDS) else _capitalise(w))
        return " ".join(out)
    return _capitalise(replacement)


def _first_alpha(word: str) -> str:
    for c in word:
        if c.isalpha():
            return c
    return ""


def _capitalise(text: str) -> str:
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1:]
        if not c.isspace() and c not in "\"'“‘([":
            return text
    return text


# Letters whose names start with a vowel sound: an F, an H, an L, an M, an N, an S, an X...
_VOWEL_NAMED_LETTERS = frozenset("AEFHILMNORSX")
_SILENT_H = ("hour", "honest", "honour", "honor", "heir")
_ONE_SOUND = re.compile(r"^(one|once)(?![a-z])|^ones$|^oneself$")
_NUMBER = re.compile(r"^(\d[\d,]*)")


@functools.lru_cache(maxsize=4096)
def starts_with_vowel_sound(word: str) -> bool | None:
    """Whether ``word`` is said with a vowel sound first (``None`` if it cannot tell)."""
    word = word.strip().lstrip("\"'“‘([")
    if not word:
        return None
    first = word[0]
    num = _NUMBER.match(word)
    if num:
        digits = num.group(1).replace(",", "")
        if digits.startswith("8"):
            return True  # eight, eighty, 8-week
        if digits[:2] in ("11", "18") and len(digits) in (2, 5, 8):
            return True  # eleven, eighteen, 11,000, 18,000
        return False
    if not first.isalpha():
        return None
    core = re.match(r"[A-Za-z]+", word)
    token = core.group(0) if core else word
    # initialisms are said letter by letter: an MBA, an NHS trust, a UK visa, an HR role
    if len(token) >= 2 and token.isupper() and (len(token) <= 3 or not re.search(r"[AEIOU]", token)):
        return token[0] in _VOWEL_NAMED_LETTERS
    if len(token) >= 2 and token[0].isupper() and token[1].isupper() and not token.isupper():
        return token[0] in _VOWEL_NAMED_LETTERS  # an MSc, an MPhil, a BEng
    if len(token) == 1 and (token.isupper() or not word[1:2].isalpha()):
        return token.upper() in _VOWEL_NAMED_LETTERS  # "an A-level", "an x-ray"
    low = token.lower()
    if low.startswith(_SILENT_H):
        return True
    if first.lower() == "u":
        return _u_vowel(low)
    if low.startswith(("eu", "ewe")):
        return False  # a European, a eulogy
    if first.lower() == "o" and _ONE_SOUND.match(low):
        return False  # a one-off, a once-in-a-lifetime
    return low[0] in _VOWELS


def _u_vowel(low: str) -> bool:
    """"u" words: "a user", "a unique", "a utility" but "an umbrella", "an unusual"."""
    if len(low) < 3:
        return True  # "an up", "an us"
    if low.startswith("uni"):
        # un- + i... ("an uninspiring", "an unimportant", "an unidentified") vs uni- ("a unit")
        return low.startswith(("unim", "unin", "unid", "unir"))
    if low.startswith("unan"):
        return False  # a unanimous decision
    if low.startswith("un") or low.startswith("up"):
        return True  # an unusual, an unexpected, an update, an upper limit
    # u + one consonant + vowel says "you": a user, a usual, a utility, a urinal, a ubiquitous
    if low[1] not in _VOWELS and low[2] in _VOWELS | {"y"}:
        return False
    return True  # an ulterior, an urgent, an umbrella, an utter


def fix_article(prev_article: str, next_word: str) -> str:
    """The right indefinite article ("a" or "an") before ``next_word``, in the case of
    ``prev_article``. Anything that is not "a"/"an", or a word it cannot tell, is
    returned unchanged.

    >>> fix_article("a", "innovative"), fix_article("An", "useful"), fix_article("a", "hour")
    ('an', 'A', 'an')
    """
    low = prev_article.lower()
    if low not in ("a", "an"):
        return prev_article
    vowel = starts_with_vowel_sound(next_word)
    if vowel is None:
        return prev_article
    want = "an" if vowel else "a"
    if want == low:
        return prev_article
    if prev_article == "AN":
        return "A"
    if prev_article == "A" and len(next_word) >= 4 and next_word.isupper() and re.search(r"[AEIOU]", next_word):
        return "AN"  # A INNOVATIVE ROLE -> AN INNOVATIVE ROLE (but "A MBA" -> "An MBA")
    if prev_article[0].isupper():
        return want.capitalize()
    return want
