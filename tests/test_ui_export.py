"""Export: Markdown, plain text, Word and the JSON report, written atomically."""

from __future__ import annotations

import json
import os

import docx
import pytest

from advert_assistant.ui import export
from ui_support import finding, report

ADVERT = """Senior Data Analyst

# not a heading in the advert
You will turn messy data
into clear answers.

What we offer
- A pension
• 25 days' leave
1) Flexible hours

How to apply: send your CV."""


def test_markdown():
    md = export.to_markdown(ADVERT)
    assert md == (
        "# Senior Data Analyst\n\n"
        "\\# not a heading in the advert\nYou will turn messy data\ninto clear answers.\n\n"
        "What we offer\n- A pension\n- 25 days' leave\n- Flexible hours\n\n"
        "How to apply: send your CV.\n"
    )


def test_text_tidies_line_endings_and_blank_lines():
    assert export.to_text("A\r\n\r\n\r\n\r\nB  \rC\n\n") == "A\n\nB\nC\n"


def test_docx_has_title_paragraphs_and_bullets():
    doc = docx.Document(__import__("io").BytesIO(export.to_docx_bytes(ADVERT)))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paras[0] == ("Heading 1", "Senior Data Analyst")
    assert ("Normal", "# not a heading in the advert You will turn messy data into clear answers.") in paras
    assert ("Normal", "What we offer") in paras
    assert [t for s, t in paras if s == "List Bullet"] == ["A pension", "25 days' leave", "Flexible hours"]


@pytest.mark.parametrize("fmt", ["md", "txt", "docx"])
def test_export_advert_files(tmp_path, fmt):
    path = export.export(fmt, text=ADVERT, directory=tmp_path)
    assert path.name == f"senior-data-analyst.{fmt}"
    assert path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [path.name]     # no temporary file left behind
    if fmt == "txt":
        assert path.read_text(encoding="utf-8") == export.to_text(ADVERT)


def test_export_json_report(tmp_path):
    r = report(ADVERT, [finding(ADVERT, "messy")], overall=55)
    path = export.export("json", report=r, directory=tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path.name == "senior-data-analyst-report.json"
    assert data["overall"] == 55 and data["findings"][0]["text"] == "messy" and data["text"] == ADVERT


def test_each_export_gets_its_own_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("ADVERT_ASSISTANT_EXPORT_DIR", str(tmp_path))
    a = export.export("txt", text=ADVERT)
    b = export.export("txt", text=ADVERT)
    assert a.parent != b.parent and a.parent.parent == b.parent.parent == tmp_path
    old = tmp_path / "old"
    old.mkdir()
    os.utime(old, (0, 0))
    export.export("md", text=ADVERT)
    assert not old.exists()            # exports older than an hour are cleared


@pytest.mark.parametrize("fmt,kwargs,message", [
    ("pdf", {"text": ADVERT}, "unknown export format"),
    ("md", {"text": "  \n"}, "no advert text"),
    ("json", {}, "no report"),
])
def test_export_refuses(tmp_path, fmt, kwargs, message):
    with pytest.raises(ValueError, match=message):
        export.export(fmt, directory=tmp_path, **kwargs)


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise OSError("disk full")
    monkeypatch.setattr(export.os, "replace", boom)
    with pytest.raises(OSError):
        export.export("txt", text=ADVERT, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text,stem", [("", "advert"), ("<script>x</script>\nmore", "script-x-script"),
                                       ("Café Manager – Leeds (Full Time)!", "cafe-manager-leeds-full-time")])
def test_slug(text, stem):
    assert export.slug(text) == stem
