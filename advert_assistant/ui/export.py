"""Export the improved advert as Markdown, plain text or Word, and the report as JSON.

:func:`to_markdown`, :func:`to_text` and :func:`to_docx_bytes` are pure; :func:`export`
writes one file atomically (a temporary file in the same directory, then
:func:`os.replace`) into a fresh directory per call, so two people exporting at the same
moment never see each other's file or a half-written one.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

from ..types import Report

FORMATS = ("md", "txt", "docx", "json")
#: Export directories older than this (seconds) are removed on the next export.
KEEP_SECONDS = 3600

_BULLET = re.compile(r"^[ \t]*(?:[-*•·–]|\d+[.)])\s+")
_HEADING_WORDS = 9


def _export_root() -> Path:
    root = Path(os.environ.get("ADVERT_ASSISTANT_EXPORT_DIR") or Path(tempfile.gettempdir()) / "advert-assistant-exports")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs (lists of lines) separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_heading(block: list[str]) -> bool:
    line = block[0].strip()
    return (len(block) == 1 and len(line.split()) <= _HEADING_WORDS
            and not line.endswith((".", ",", ";")) and not _BULLET.match(line))


def to_text(text: str) -> str:
    """Plain text: the advert with tidy line endings and one final newline."""
    return "\n\n".join("\n".join(b) for b in _blocks(text)) + "\n"


def _md_escape(line: str) -> str:
    # keep the advert's words; only stop a leading '#', '>' or '+' from becoming Markdown syntax
    return re.sub(r"^([#>+])", r"\\\1", line.strip())


def to_markdown(text: str) -> str:
    """Markdown: the first short line becomes the title, other short lines headings, bullets lists."""
    out: list[str] = []
    for i, block in enumerate(_blocks(text)):
        if _is_heading(block):
            level = "#" if i == 0 else "##"
            out.append(f"{level} {_md_escape(block[0])}")
            continue
        lines = []
        for line in block:
            if _BULLET.match(line):
                lines.append("- " + _md_escape(_BULLET.sub("", line, count=1)))
            else:
                lines.append(_md_escape(line))
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def to_docx_bytes(text: str) -> bytes:
    """A Word document: title, headings, paragraphs and bulleted lists."""
    import docx  # python-docx

    document = docx.Document()
    for i, block in enumerate(_blocks(text)):
        if _is_heading(block):
            document.add_heading(block[0].strip(), level=1 if i == 0 else 2)
            continue
        paragraph_lines: list[str] = []
        for line in block:
            if _BULLET.match(line):
                if paragraph_lines:
                    document.add_paragraph(" ".join(paragraph_lines))
                    paragraph_lines = []
                document.add_paragraph(_BULLET.sub("", line, count=1).strip(), style="List Bullet")
            else:
                paragraph_lines.append(line.strip())
        if paragraph_lines:
            document.add_paragraph(" ".join(paragraph_lines))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_json(report: Report) -> str:
    return report.to_json(indent=2) + "\n"


def slug(text: str, default: str = "advert") -> str:
    """A short file-name stem from the advert's first line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    ascii_first = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_first.lower())[:6]
    stem = "-".join(words)[:60].strip("-")
    return stem or default


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _prune(root: Path, now: float) -> None:
    for child in root.iterdir():
        try:
            if child.is_dir() and now - child.stat().st_mtime > KEEP_SECONDS:
                shutil.rmtree(child, ignore_errors=True)
        except OSError:
            continue


def export(fmt: str, *, text: str = "", report: Report | None = None,
           directory: str | Path | None = None) -> Path:
    """Write the advert (``md``, ``txt``, ``docx``) or the report (``json``) and return the file.

    Raises :class:`ValueError` for an unknown format, empty text or a JSON export with no report.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt == "json":
        if report is None:
            raise ValueError("there is no report to export yet: score an advert first")
        data = to_json(report).encode("utf-8")
        name = slug(report.text) + "-report.json"
    else:
        if not text.strip():
            raise ValueError("there is no advert text to export")
        if fmt == "md":
            data = to_markdown(text).encode("utf-8")
        elif fmt == "txt":
            data = to_text(text).encode("utf-8")
        else:
            data = to_docx_bytes(text)
        name = f"{slug(text)}.{fmt}"
    if directory is None:
        root = _export_root()
        _prune(root, time.time())
        out_dir = Path(tempfile.mkdtemp(dir=root))
    else:
        out_dir = Path(directory)
        out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / name
    _write_atomic(path, data)
    return path
