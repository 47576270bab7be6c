"""Turn pasted or extracted advert text into the one plain text every offset refers to.

:func:`normalise` runs on every keystroke of the web page and on every advert of a
batch, so it is a handful of whole-text regular-expression passes, each linear in the
length of the text. It is idempotent: ``normalise(normalise(x)) == normalise(x)``.

The output holds no control characters except ``"\\n"``, no tabs or odd spaces, no runs
of spaces, no spaces at either end of a line, at most one blank line in a row and no
blank lines at either end; it is in Unicode NFC. List items start with ``"• "``
(numbered items keep ``"1. "``).
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["FORMATS", "GLUE_EXCEPTIONS", "detect_format", "normalise"]

#: Values accepted by the ``fmt`` argument of :func:`normalise`.
FORMATS: tuple[str, ...] = ("auto", "text", "markdown", "html")

BULLET = "\u2022 "  # "• "
#: The characters that start a bullet line in normalised text, as the checks read them
#: (``analysis``, ``checks``, ``coverage``).
BULLET_CHARS = frozenset("•●▪‣◦-*·–")

# --------------------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------------------

# Every character the clean-up changes, found in one scan; _ODD_CHAR_MAP says what each
# becomes. Everything str.isspace() or str.splitlines() treats as white space, apart
# from " " and "\n", maps to one of those two (the paragraph separator to a blank line).
# Removed outright: C0/C1 controls (except \n), the replacement and object-replacement
# characters, soft hyphen, zero-width and bidi formatting characters, BOM,
# noncharacters U+FFFE/U+FFFF and lone surrogates.
_ODD_CHAR_RE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xa0\xad\u061c\u1680\u180e\u2000-\u200c\u200e\u200f"
    "\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\uffff\ud800-\udfff]"
)
_ODD_CHAR_MAP = dict.fromkeys("\t\xa0\u1680\u202f\u205f\u3000", " ")
_ODD_CHAR_MAP.update((chr(c), " ") for c in range(0x2000, 0x200B))
_ODD_CHAR_MAP.update(dict.fromkeys("\r\v\f\x85\u2028", "\n"))
_ODD_CHAR_MAP["\u2029"] = "\n\n"


def _odd_char_sub(m: re.Match[str]) -> str:
    return _ODD_CHAR_MAP.get(m.group(), "")


# A zero-width joiner survives only inside an emoji sequence (e.g. the technologist
# emoji is woman + ZWJ + laptop).
_EMOJI = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
_LONE_ZWJ_RE = re.compile(f"(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])")

_BLANKS_RE = re.compile("\n{3,}")

# Bullets at the start of a line. "-", "*", "+", "–" and "o" need a space after them
# ("-5°C", "*Terms apply", "+44" and words stay as they are); dedicated bullet glyphs
# (including the private-use glyphs Word's Symbol font leaves in pasted or extracted
# text) do not.
_BULLET_RE = re.compile(
    "\n(?:[-*+\u2013o](?= )|[\u2022\u00b7\u25cf\u25aa\u25e6\u2023\u2043\u25cb\u25a0\u25a1"
    "\u27a2\u25ba\u25b8\u2713\u2714\uf0b7\uf0a7\uf0a8\uf0d8\uf076\uf0fc])[ ]*(?=\\S)"
)
_BULLET_LINE = "\n" + "\u2022 "

# --------------------------------------------------------------------------------------
# Glued list items: "...systemsResearching blogs" and "...needs.Roni uses..."
# --------------------------------------------------------------------------------------

#: Lower-case words that really are followed by a capitalised word with no space. Only
#: words made of a lower-case run of three or more letters followed by one capitalised
#: run can be split at all, so brand names that start with a capital (SharePoint,
#: JavaScript, McDonald, PhD...) or with one lower-case letter (iPhone, eBay) are safe
#: anyway; the list also holds their lower-case-initial spellings. Compared in lower case.
GLUE_EXCEPTIONS: frozenset[str] = frozenset(
    {
        "javascript", "typescript", "coffeescript", "powerpoint", "sharepoint", "linkedin",
        "youtube", "github", "gitlab", "devops", "devsecops", "wordpress", "mcdonald",
        "mcdonalds", "iphone", "macbook", "easyjet", "easyhotel", "owncloud",
        "nopcommerce", "paypal", "dropbox", "hubspot", "mailchimp", "quickbooks",
        "photoshop", "phd", "dbs", "camelcase", "usestate", "useeffect", "onclick",
        "nodejs", "reactjs", "vuejs", "nextjs",
    }
)

# Candidates: a lower-case letter, an optional full stop, then a capitalised word. The
# patterns start at the capital or the stop, which are rare, and look behind for the
# lower-case letter: much faster to scan for than a pattern starting with [a-z].
# Each is then checked in Python: the lower-case run before it must be a word of its
# own of three or more letters (not the tail of "JavaScript" or "3rdParty"), and the
# capitalised word must end there (not "getElementById").
_GLUE_CANDIDATE_RE = re.compile(r"[A-Z](?<=[a-z].)[a-z]")
_GLUE_STOP_CANDIDATE_RE = re.compile(r"\.(?<=[a-z]\.)[A-Z][a-z]")
_CAP_WORD_RE = re.compile(r"[A-Z][a-z]+")
_WORD_CHAR_RE = re.compile(r"\w")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_GLUE_FUNCTION_WORDS = frozenset(
    "the and our your for with from via per its this that their his her any all are was "
    "use get set new has not but see can you who how why let put add".split()
)
# Next to these, the words are part of a URL, an e-mail address, a path or code.
_GLUE_BAD_BEFORE = frozenset("/@\\.#_=&?%~+")
_GLUE_BAD_AFTER = frozenset("/@\\_=(#&?%~+")


def _unglue(text: str) -> str:
    """Insert the missing line break (or space after a full stop) between glued items.

    One regular-expression scan finds candidates; each is decided by looking only at
    the two words and the characters right next to them, so the pass is linear.
    """
    pieces: list[str] = []
    last = 0  # end of the text already copied into pieces
    line_start = 0
    scanned_to = 0  # line_start is right for every position up to here
    n = len(text)
    candidates = [m.start() for m in _GLUE_CANDIDATE_RE.finditer(text)]
    if "." in text:
        stops = [m.start() for m in _GLUE_STOP_CANDIDATE_RE.finditer(text)]
        if stops:
            candidates = sorted(candidates + stops)
    for left_end in candidates:
        start = left_end
        while start and text[start - 1] in _LOWER:
            start -= 1
        if left_end - start < 3:
            continue
        if start and (text[start - 1] in _GLUE_BAD_BEFORE or _WORD_CHAR_RE.match(text, start - 1)):
            continue
        dot = text[left_end] == "."
        cut = left_end + 1 if dot else left_end
        cap_end = _CAP_WORD_RE.match(text, cut).end()
        if cap_end < n:
            after = text[cap_end]
            if after in _GLUE_BAD_AFTER or after.isupper() or after.isdigit():
                continue
            if after == "." and cap_end + 1 < n and text[cap_end + 1].isalnum():
                continue
        left = text[start:left_end]
        if left in _GLUE_FUNCTION_WORDS:
            continue
        if dot:
            insert = " "
        else:
            if (left + text[cut:cap_end]).lower() in GLUE_EXCEPTIONS:
                continue
            nl = text.rfind("\n", scanned_to, start)
            if nl != -1:
                line_start = nl + 1
            scanned_to = start
            insert = "\n\u2022 " if text.startswith(BULLET, line_start) else "\n"
        pieces.append(text[last:cut])
        pieces.append(insert)
        last = cut
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


# --------------------------------------------------------------------------------------
# The common final pass
# --------------------------------------------------------------------------------------


def _fix_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _needs_char_cleanup(text: str) -> bool:
    """True when the text may hold a character that the clean-up changes.

    str.isprintable() is False for every control, format, odd-space, surrogate and
    noncharacter code point (and for private-use and unassigned ones, which only cost a
    needless regex pass); the two printable characters removed are checked apart.
    """
    return (
        not text.replace("\n", "").isprintable() or "\ufffd" in text or "\ufffc" in text
    )


def _finish(text: str) -> str:
    """Character clean-up, spaces, blank lines, bullets and glued items (all formats)."""
    text = _fix_newlines(text)
    if _needs_char_cleanup(text):
        text = _ODD_CHAR_RE.sub(_odd_char_sub, text)
        if "\u200d" in text:
            text = _LONE_ZWJ_RE.sub("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    while "  " in text:  # faster than a regex; each pass halves every run
        text = text.replace("  ", " ")
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if "\n " in text:
        text = text.replace("\n ", "\n")
    text = text.strip(" \n")
    if not text:
        return text
    # The pattern starts with a literal "\n", which the regex engine finds fast.
    text = _BULLET_RE.sub(_BULLET_LINE, "\n" + text)[1:]
    text = _unglue(text)
    if "\n\n\n" in text:
        text = _BLANKS_RE.sub("\n\n", text)
    return text


# --------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------

_KNOWN_TAG_RE = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|table|tbody|thead|tr|td|th|section|article|header|"
    r"footer|main|nav|aside|blockquote|pre|hr|dl|dt|dd|span|strong|b|em|i|u|a|font|"
    r"small|sup|sub|img|script|style|body|html|head|title|meta|link|center|code)\b[^<>]*>",
    re.I,
)
_HTML_START_RE = re.compile(r"\s*<(?:!doctype\b|!--|\?xml\b|html\b|head\b|body\b)", re.I)

# Markdown signs, each pattern starting with a literal so the scan is fast; the text is
# searched with a "\n" in front so that line starts are "\n" too.
_MD_HEADING_RE = re.compile(r"\n[ ]{0,3}#{1,6}[ \t]+\S")
_MD_FENCE_RE = re.compile(r"\n[ ]{0,3}(?:```|~~~)")
_MD_BOLD_RE = re.compile(r"\*\*[^\s*][^*\n]*\*\*|__[^\s_][^_\n]*__")
_MD_LINK_RE = re.compile(r"\[[^\[\]\n]+\]\([^()\s]+\)")
_MD_WEAK_RE = re.compile(r"(?<![\w*])\*[^\s*][^*\n]*\*(?![\w*])|`[^`\n]+`")


def _looks_like_markdown(text: str) -> bool:
    # Single-character "in" tests are a memchr; the regexes run only when needed.
    if "#" in text and _MD_HEADING_RE.search("\n" + text):
        return True
    if ("`" in text or "~" in text) and _MD_FENCE_RE.search("\n" + text):
        return True
    if ("*" in text or "_" in text) and _MD_BOLD_RE.search(text):
        return True
    if "]" in text and _MD_LINK_RE.search(text):
        return True
    if "*" in text or "`" in text:
        weak = 0
        for _ in _MD_WEAK_RE.finditer(text):
            weak += 1
            if weak >= 2:
                return True
    return False


def detect_format(text: str) -> str:
    """Guess whether ``text`` is ``"html"``, ``"markdown"`` or plain ``"text"``.

    HTML is chosen only when the text really looks like markup: it starts with a
    doctype, comment or ``<html>``/``<body>``, or it has at least two known tags and
    at least one tag for every two non-empty lines (so a plain-text advert with a stray
    ``<br>`` stays text and keeps its line breaks). Markdown needs a heading, a code
    fence, ``**bold**``/``__bold__`` or a ``[link](url)``, or two weaker signs
    (``*em*``, ```code```). Plain ``-``/``*`` lists alone read the same either way.
    """
    if not isinstance(text, str):
        raise TypeError(f"detect_format() expects str, not {type(text).__name__}")
    if "<" in text:
        if _HTML_START_RE.match(text):
            return "html"
        tags = len(_KNOWN_TAG_RE.findall(text))
        if tags >= 2:
            lines = sum(1 for line in text.split("\n") if line.strip())
            if tags * 2 >= lines:
                return "html"
    if _looks_like_markdown(text):
        return "markdown"
    return "text"


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

# One token at a time. Every alternative either always succeeds once started (comments
# and raw-text elements run to the end of the text when unclosed, as in a browser) or
# stops at the next "<" or ">", so the scan is linear.
_HTML_TOKEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|title|noscript|template|svg|iframe|object)\b[^<>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][\w:.-]*)(?![\w:.-])([^<>]*)>"
    r"|<[!?][^<>]*>",
    re.S | re.I,
)
_HTML_WS_RE = re.compile(r"[ \t\n\r\f]+")
_ATTR_START_RE = re.compile(r"""\bstart\s*=\s*["']?(-?\d{1,6})""", re.I)
_ATTR_MAILTO_RE = re.compile(r"""\bhref\s*=\s*["']?\s*mailto:([^"'\s?>]+)""", re.I)

# What each tag does to the text around it.
_BR, _LI, _LIST, _CELL, _ROW, _PRE, _LINK, _PARA, _LINE = range(9)
_TAG_KIND: dict[str, int] = {"br": _BR, "li": _LI, "ul": _LIST, "ol": _LIST, "td": _CELL,
                             "th": _CELL, "tr": _ROW, "pre": _PRE, "a": _LINK}
_TAG_KIND.update(
    dict.fromkeys(
        "p h1 h2 h3 h4 h5 h6 table blockquote hr dl figure address fieldset details".split(),
        _PARA,
    )
)
_TAG_KIND.update(
    dict.fromkeys(
        "div section article header footer main nav aside dt dd caption figcaption form "
        "summary center option legend body html".split(),
        _LINE,
    )
)
_PRE_TAG_RE = re.compile(r"<pre\b", re.I)


def _html_to_text(src: str) -> str:
    """Render HTML as a browser would show it, as plain text with "• " list items.

    Blocks become line breaks (paragraphs, headings, lists and tables a blank line),
    table cells are joined with " | ", entities are decoded after the tags are gone (so
    "&lt;p&gt;" stays text) and script, style, comments and the like are dropped.
    """
    has_pre = _PRE_TAG_RE.search(src) is not None
    if not has_pre:
        # One pass instead of one per text run. str.split() also splits at Unicode
        # spaces, which the final pass turns into spaces anyway.
        src = " ".join(src.split())
    out: list[str] = []
    pending = 0  # line breaks owed before the next text
    prefix = ""  # list marker, or " | " between table cells, owed before the next text
    lists: list[list[int] | None] = []  # [next number] for <ol>, None for <ul>
    row_cells = 0
    in_pre = 0
    mailto: tuple[int, str] | None = None  # (len(out) at <a href="mailto:...">, address)
    has_text = False
    pos = 0
    n = len(src)
    token_iter = _HTML_TOKEN_RE.finditer(src)
    while True:
        m = next(token_iter, None)
        end = m.start() if m is not None else n
        if end > pos:  # the text before this token
            seg = src[pos:end]
            if has_pre and not in_pre:
                seg = _HTML_WS_RE.sub(" ", seg)
            if "&" in seg:
                seg = html.unescape(seg)
            if seg.strip():
                if pending:
                    out.append("\n" * pending)
                    pending = 0
                    if prefix == " | ":
                        prefix = ""
                    seg = seg.lstrip(" ")
                if prefix:
                    out.append(prefix)
                    prefix = ""
                    seg = seg.lstrip(" ")
                out.append(seg)
                has_text = True
            elif seg and has_text and not pending and not prefix:
                out.append(" ")
        if m is None:
            break
        pos = m.end()
        name = m.group(3)
        if name is None:
            continue  # comment, raw-text element, doctype: dropped
        name = name.lower()
        kind = _TAG_KIND.get(name)
        if kind is None:
            continue  # inline or unknown element: no effect on the layout
        closing = m.group(2) == "/"
        if kind == _PARA:
            if name == "p" and lists:  # <li><p>...</p></li>: keep the item together
                if not (prefix and prefix != " | "):
                    pending = max(pending, 1)
            else:
                pending = max(pending, 2)
        elif kind == _LINE:
            pending = max(pending, 1)
        elif kind == _BR:
            pending += 1
        elif kind == _LI:
            pending = max(pending, 1)
            if closing:
                prefix = ""
            else:
                top = lists[-1] if lists else None
                if top is not None:
                    prefix = f"{top[0]}. "
                    top[0] += 1
                else:
                    prefix = BULLET
        elif kind == _LIST:
            nested = len(lists) > (1 if closing else 0)
            pending = max(pending, 1 if nested else 2)
            if not closing:
                if name == "ol":
                    start = _ATTR_START_RE.search(m.group(4))
                    lists.append([int(start.group(1)) if start else 1])
                else:
                    lists.append(None)
            elif lists:
                lists.pop()
        elif kind == _CELL:
            if not closing:
                if row_cells and not pending:
                    prefix = " | "
                row_cells += 1
        elif kind == _ROW:
            pending = max(pending, 1)
            row_cells = 0
        elif kind == _PRE:
            pending = max(pending, 2)
            in_pre = in_pre + 1 if not closing else max(in_pre - 1, 0)
        else:  # _LINK. Links do not nest: a new <a> ends the previous one, so each
            # piece of output is looked at once at most.
            if not closing:
                addr = _ATTR_MAILTO_RE.search(m.group(4))
                mailto = (len(out), html.unescape(addr.group(1))) if addr else None
            elif mailto is not None:
                start_index, addr = mailto
                mailto = None
                if addr not in "".join(out[start_index:]):
                    out.append(f" ({addr})")
    return "".join(out)


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------

# Block markers at the start of a line: any mix of quote ">" and heading "#" markers.
# ">5 years" is not a quote: the marker needs a space after it.
_MD_PREFIX_RE = re.compile(r"^[ \t]*(?:(?:>|#{1,6})(?=[ \t]|$)[ \t]*)+")
_MD_RULE_RE = re.compile(r"^[ \t]*(?:(?:[-*_][ \t]*){3,}|=+[ \t]*|```.*|~~~.*)$")
_MD_TABLE_SEP_RE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?[ \t]*)?$")
_MD_LIST_RE = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?(?=\S)")
_MD_NUMBERED_RE = re.compile(r"^[ \t]*(\d{1,9})[.)][ \t]+(?=\S)")
_MD_TABLE_EDGE_RE = re.compile(r"^[ \t]*(?:\|[ \t]*)+|(?:[ \t]*\|)+[ \t]*$")

# Inline marks, one pattern per mark; each starts with its literal character so that a
# pattern whose character is absent costs nothing and the others scan fast. Contents
# never cross a line or contain the mark's own character, so every scan is linear.
_MD_CODE_RE = re.compile(r"`([^`\n]+)`")
_MD_LINK_INLINE_RE = re.compile(
    r"\[([^\[\]\n]*)\]\(([^()\s]*)(?:[ \t]+\"[^\"\n]*\")?\)"
)
_MD_IMAGE_RE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)")
_MD_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
# "*em*", "**strong**", "***both***": a run of one to three marks not touching another
# mark, a backslash or a letter on the outside, and not space on the inside.
_MD_STAR_RE = re.compile(r"\*(?<![*\\\w]\*)(\*{0,2})(?=[^\s*])([^*\n]*?[^\s*\\])\*\1(?![*\w])")
_MD_UNDERSCORE_RE = re.compile(
    r"_(?<![_\\\w/]_)(_{0,2})(?=[^\s_])([^_\n]*?[^\s_\\])_\1(?![_\w])"
)
_MD_STRIKE_RE = re.compile(r"~~(?=\S)([^~\n]*?\S)~~")


def _md_link_sub(m: re.Match[str]) -> str:
    label, url = m.group(1).strip(), m.group(2)
    if not url or label == url:
        return label or url
    if not label:
        return url
    return f"{label} ({url})"


def _md_inline(src: str) -> str:
    if "`" in src:
        src = _MD_CODE_RE.sub(r"\1", src)
    if "](" in src:
        if "![" in src:  # an image keeps its alt text only
            src = _MD_IMAGE_RE.sub(r"\1", src)
        src = _MD_LINK_INLINE_RE.sub(_md_link_sub, src)
    if "<" in src:
        src = _MD_AUTOLINK_RE.sub(r"\1", src)
    if "*" in src:
        src = _MD_STAR_RE.sub(r"\2", src)
    if "_" in src:
        src = _MD_UNDERSCORE_RE.sub(r"\2", src)
    if "~" in src:
        src = _MD_STRIKE_RE.sub(r"\1", src)
    return src


#: Nested emphasis and links inside links take one more pass per level.
_MD_INLINE_MAX_PASSES = 8


def _strip_closing_hashes(line: str) -> str:
    """Drop a heading's closing "##" runs ("Benefits ##" -> "Benefits"; "C#" stays)."""
    end = len(line)
    while True:
        while end and line[end - 1] in " \t":
            end -= 1
        j = end
        while j and line[j - 1] == "#":
            j -= 1
        if j == end or (j and line[j - 1] not in " \t"):
            return line[:end]
        end = j


def _markdown_to_text(src: str) -> str:
    # Inline marks first: removing them can expose a block marker ("**# x**").
    for _ in range(_MD_INLINE_MAX_PASSES):
        new = _md_inline(src)
        if new == src:
            break
        src = new
    lines = []
    for line in src.split("\n"):
        if "|" in line:
            if _MD_TABLE_SEP_RE.match(line):
                continue
            if line.lstrip().startswith("|"):
                line = _MD_TABLE_EDGE_RE.sub("", line)
        prefixed = _MD_PREFIX_RE.match(line)
        if prefixed:
            line = line[prefixed.end() :]
            if "#" in prefixed.group():
                line = _strip_closing_hashes(line)
        if _MD_RULE_RE.match(line):
            continue
        listed = _MD_LIST_RE.match(line)
        if listed:
            line = BULLET + line[listed.end() :]
        else:
            numbered = _MD_NUMBERED_RE.match(line)
            if numbered:
                line = f"{numbered.group(1)}. " + line[numbered.end() :]
        lines.append(line)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------

#: Passes in auto mode: converting can leave text that still reads as markup (HTML
#: whose entities spelt tags, nested Markdown); the loop stops at the first fixed point.
_AUTO_MAX_ROUNDS = 4


def _convert(text: str, fmt: str) -> str:
    if fmt == "html":
        text = _html_to_text(text)
    elif fmt == "markdown":
        text = _markdown_to_text(text)
    return _finish(text)


def normalise(text: str, fmt: str = "auto") -> str:
    """Return the plain text of an advert that every offset of a Report refers to.

    ``fmt`` is one of :data:`FORMATS`: ``"auto"`` (the default) picks the format with
    :func:`detect_format`; ``"text"`` keeps markup characters as text; ``"markdown"``
    and ``"html"`` convert. Raises :class:`TypeError` for a non-string and
    :class:`ValueError` for an unknown ``fmt``. Never raises on any string.
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise() expects str, not {type(text).__name__}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    text = _fix_newlines(text)
    if fmt != "auto":
        return _convert(text, fmt)
    fmt = detect_format(text)
    for _ in range(_AUTO_MAX_ROUNDS):
        new = _convert(text, fmt)
        if new == text:
            break
        # The final pass is idempotent, so output that reads as plain text is done.
        fmt = detect_format(new)
        text = new
        if fmt == "text":
            break
    return text
