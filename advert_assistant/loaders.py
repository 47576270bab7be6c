"""Read an advert from a file: the one loader the CLI, the web page and batch scoring share.

:func:`load_file` and :func:`load_bytes` return :func:`~advert_assistant.normalise.normalise`d
text. Every error is an :class:`~advert_assistant.errors.InputError` (or a subclass) with a
one-line message that names the file:

- :class:`~advert_assistant.errors.UnsupportedFileError`: unknown suffix; a DOCX or PDF
  that cannot be read; a PDF with no extractable text (a scanned image);
- :class:`~advert_assistant.errors.InputError`: a missing or unreadable file, a file
  larger than :data:`~advert_assistant.limits.MAX_FILE_BYTES`, a text file that is
  binary or not UTF-8 (never guessed as Latin-1);
- :class:`~advert_assistant.errors.EmptyTextError`: no text left after extraction;
- :class:`~advert_assistant.errors.TextTooLargeError`: more text than
  :data:`~advert_assistant.limits.MAX_CHARS`.
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
import zipfile
from typing import Iterator

from .errors import EmptyTextError, InputError, TextTooLargeError, UnsupportedFileError
from .limits import MAX_CHARS, MAX_FILE_BYTES
from .normalise import normalise

__all__ = ["SUPPORTED_SUFFIXES", "load_bytes", "load_file"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")

#: The normalise() format used for each text suffix.
_TEXT_FORMATS = {
    ".txt": "auto",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

#: Largest total size of the XML parts of a DOCX once unzipped. A long advert's
#: document.xml is well under 1 MB; this refuses zip bombs before lxml builds a tree.
MAX_DOCX_XML_BYTES = 30_000_000

#: Most pages read from a PDF. An advert is a few pages; text extraction costs time
#: per page, so a 2,000-page report is refused rather than read for minutes.
MAX_PDF_PAGES = 100

_UNSUPPORTED_HINTS = {
    ".doc": "save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".pages": "export it as .docx or .pdf",
}


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def load_file(path: str | os.PathLike) -> str:
    """Read the advert in ``path`` and return its normalised text."""
    raw = os.fspath(path)
    name = _display(os.fsdecode(raw))
    suffix = _suffix(name)
    try:
        with open(raw, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            _check_size(size, name)
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: could not be read ({_one_line(exc.strerror or exc)})") from None
    _check_size(len(data), name)  # a file that grew, or a device with no size
    return _load(data, name, suffix)


def load_bytes(data: bytes, filename: str) -> str:
    """Return the normalised text of an uploaded file's ``data``.

    ``filename`` gives the type (by its suffix) and the name used in error messages.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"load_bytes() expects bytes, not {type(data).__name__}")
    name = _display(os.fsdecode(os.fspath(filename)))
    suffix = _suffix(name)
    data = bytes(data)
    _check_size(len(data), name)
    return _load(data, name, suffix)


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

# Controls, line separators and lone surrogates (undecodable bytes of a file name, which
# would fail when the message is printed).
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_WS_RE = re.compile(r"\s+")


def _display(name: str) -> str:
    """The file name as shown in a message: on one line, printable in any encoding."""
    return _CONTROL_RE.sub("?", name) or "(unnamed file)"


def _one_line(reason: object, limit: int = 200) -> str:
    text = _WS_RE.sub(" ", str(reason)).strip() or "unknown error"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _suffix(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    supported = ", ".join(SUPPORTED_SUFFIXES)
    what = f"{suffix} files are" if suffix else "a file with no suffix is"
    hint = _UNSUPPORTED_HINTS.get(suffix)
    hint = f"; {hint}" if hint else ""
    raise UnsupportedFileError(f"{name}: {what} not supported (use {supported}){hint}")


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{name}: the file is {size / 1e6:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES / 1e6:g} MB (limits.MAX_FILE_BYTES)"
        )


def _load(data: bytes, name: str, suffix: str) -> str:
    if suffix == ".docx":
        text = normalise(_docx_text(data, name), "text")
    elif suffix == ".pdf":
        text = normalise(_pdf_text(data, name), "text")
    else:
        text = normalise(_decode(data, name), _TEXT_FORMATS[suffix])
    if not text:
        what = "the file is empty" if not data else "no text is left after reading it"
        raise EmptyTextError(f"{name}: {what}")
    if len(text) > MAX_CHARS:
        raise TextTooLargeError(
            f"{name}: the text is {len(text):,} characters; the limit is "
            f"{MAX_CHARS:,} (limits.MAX_CHARS)"
        )
    return text


# --------------------------------------------------------------------------------------
# Text files
# --------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), or UTF-16/32 with a BOM; anything else is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            break
    else:
        encoding = "utf-8"
        nul = data.find(b"\x00")
        if nul != -1:
            raise InputError(
                f"{name}: looks like a binary file, not text (NUL byte at offset {nul})"
            )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        raise InputError(
            f"{name}: is not valid {label} text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8 and try again"
        ) from None


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------


def _docx_text(data: bytes, name: str) -> str:
    _check_docx_archive(data, name)
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise UnsupportedFileError(f"{name}: reading DOCX needs python-docx ({exc})") from None
    try:
        document = docx.Document(io.BytesIO(data))
        tags = {"p": qn("w:p"), "tbl": qn("w:tbl"), "sdt": qn("w:sdt"),
                "sdtContent": qn("w:sdtContent"), "pPr": qn("w:pPr"), "numPr": qn("w:numPr")}
        lines: list[str] = []
        for element in _docx_blocks(document.element.body, tags):
            if element.tag == tags["p"]:
                lines.extend(_docx_paragraph(Paragraph(element, document), tags))
            else:
                lines.extend(_docx_table(Table(element, document)))
        return "\n".join(lines)
    except InputError:
        raise
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds
        raise UnsupportedFileError(
            f"{name}: could not be read as DOCX: {_docx_reason(exc)}"
        ) from None


def _check_docx_archive(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = sum(
                info.file_size
                for info in archive.infolist()
                if info.filename.endswith((".xml", ".rels"))
            )
    except Exception as exc:  # BadZipFile, and odd headers raising ValueError etc.
        raise UnsupportedFileError(
            f"{name}: could not be read as DOCX: {_docx_reason(exc)}"
        ) from None
    if xml > MAX_DOCX_XML_BYTES:
        raise UnsupportedFileError(
            f"{name}: could not be read as DOCX: its XML unpacks to {xml / 1e6:.0f} MB, "
            f"more than the {MAX_DOCX_XML_BYTES / 1e6:g} MB a document may hold"
        )


def _docx_reason(exc: BaseException) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return f"it is not a ZIP archive as DOCX files are ({_one_line(exc)})"
    message = _one_line(exc)
    if "is not a Word file" in message:
        return "it is a ZIP archive but not a Word document"
    if isinstance(exc, KeyError):
        return f"a part of the document is missing ({message})"
    if type(exc).__name__ == "XMLSyntaxError":
        return f"its XML is malformed ({message})"
    return f"its structure is damaged ({type(exc).__name__}: {message})"


def _docx_blocks(parent, tags: dict[str, str]) -> Iterator:
    """Paragraphs and tables in document order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (tags["p"], tags["tbl"]):
            yield child
        elif child.tag == tags["sdt"]:
            content = child.find(tags["sdtContent"])
            if content is not None:
                yield from _docx_blocks(content, tags)


def _docx_paragraph(paragraph, tags: dict[str, str]) -> list[str]:
    text = paragraph.text
    style = paragraph.style
    style_name = (style.name or "") if style is not None else ""
    if style_name.startswith(("Heading", "Title", "Subtitle")):
        return ["", text, ""] if text.strip() else [""]
    ppr = paragraph._p.find(tags["pPr"])
    numbered = ppr is not None and ppr.find(tags["numPr"]) is not None
    if (numbered or "List" in style_name) and text.strip():
        return ["\u2022 " + text.lstrip()]
    return [text]


def _docx_table(table) -> list[str]:
    lines = [""]
    for row in table.rows:
        cells = []
        seen = set()
        for cell in row.cells:
            key = id(cell._tc)  # a merged cell is returned once per grid column
            if key in seen:
                continue
            seen.add(key)
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text:
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    lines.append("")
    return lines


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

_PDF_LOGGER = logging.getLogger("pypdf")
_PDF_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st"}
)
_PDF_TRAILING_SPACE_RE = re.compile(r"[ \t]+\n")
# "develop-\nment" -> "development" (lower case on both sides only).
_PDF_HYPHEN_RE = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
# A line that does not end a sentence, followed by one that starts in lower case (but
# is not an "o " bullet), is one sentence broken by the page layout.
_PDF_BROKEN_LINE_RE = re.compile(r"(?<=[^\s.!?:;])\n(?=[a-z])(?!o )")


def _pdf_text(data: bytes, name: str) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise UnsupportedFileError(f"{name}: reading PDF needs pypdf ({exc})") from None
    # pypdf logs its repairs of damaged files ("EOF marker not found"). With no handler
    # of its own, Python's last-resort handler would print each to stderr beside our
    # one-line error; a NullHandler stops that, and an application that configures
    # logging still receives them.
    if not _PDF_LOGGER.handlers:
        _PDF_LOGGER.addHandler(logging.NullHandler())
    if b"%PDF-" not in data[:1024]:
        what = "the file is empty" if not data else "it has no PDF header (%PDF-)"
        raise UnsupportedFileError(f"{name}: could not be read as PDF: {what}")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise UnsupportedFileError(
                    f"{name}: the PDF is password-protected; save an unprotected copy"
                )
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise UnsupportedFileError(
                f"{name}: the PDF has {count} pages; the loader reads at most "
                f"{MAX_PDF_PAGES} (an advert is a few pages)"
            )
        pages = []
        total = 0
        for page in reader.pages:
            page_text = page.extract_text() or ""
            total += len(page_text)
            if total > 2 * MAX_CHARS:
                raise TextTooLargeError(
                    f"{name}: the PDF holds more than {MAX_CHARS:,} characters of text "
                    f"(limits.MAX_CHARS)"
                )
            pages.append(page_text)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise UnsupportedFileError(
            f"{name}: could not be read as PDF: {_one_line(exc)} ({type(exc).__name__})"
        ) from None
    if not any(p.strip() for p in pages):
        raise UnsupportedFileError(
            f"{name}: the PDF has no extractable text (it may be a scanned image); "
            "run it through OCR or paste the text instead"
        )
    return _repair_pdf_text("\n\n".join(p.strip("\n") for p in pages))


def _repair_pdf_text(text: str) -> str:
    """Undo the layout's hyphenation and mid-sentence line breaks."""
    text = text.translate(_PDF_LIGATURES).replace("\r\n", "\n").replace("\r", "\n")
    text = _PDF_TRAILING_SPACE_RE.sub("\n", text)
    text = _PDF_HYPHEN_RE.sub("", text)
    return _PDF_BROKEN_LINE_RE.sub(" ", text)
