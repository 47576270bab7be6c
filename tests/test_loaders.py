"""advert_assistant.loaders: one loader for the CLI, the web page and batch scoring."""

from __future__ import annotations

import codecs
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advert_assistant import loaders
from advert_assistant.errors import (
    EmptyTextError,
    InputError,
    TextTooLargeError,
    UnsupportedFileError,
)
from advert_assistant.limits import MAX_CHARS, MAX_FILE_BYTES
from advert_assistant.loaders import SUPPORTED_SUFFIXES, load_bytes, load_file
from advert_assistant.normalise import normalise

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixtures.make_fixtures import make_docx, make_pdf  # noqa: E402

ADVERT = (
    "Care Assistant\n"
    "Salary: £23,500 a year\n"
    "- 27 days' annual leave\n"
    "- NHS pension\n"
    "Closing date: 14 March 2025"
)
ADVERT_TEXT = normalise(ADVERT)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(exc_info, name: str) -> str:
    """The message, checked to be one line that names the file."""
    message = str(exc_info.value)
    assert "\n" not in message and "\r" not in message
    assert name in message
    return message


# --------------------------------------------------------------------------------------
# Text files
# --------------------------------------------------------------------------------------


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("advert.txt", ADVERT.encode(), ADVERT_TEXT),
        ("ADVERT.TXT", ADVERT.encode(), ADVERT_TEXT),
        ("crlf.txt", ADVERT.replace("\n", "\r\n").encode(), ADVERT_TEXT),
        ("bom.txt", codecs.BOM_UTF8 + ADVERT.encode(), ADVERT_TEXT),
        ("utf16le.txt", codecs.BOM_UTF16_LE + ADVERT.encode("utf-16-le"), ADVERT_TEXT),
        ("utf16be.txt", codecs.BOM_UTF16_BE + ADVERT.encode("utf-16-be"), ADVERT_TEXT),
        ("utf32.txt", ADVERT.encode("utf-32"), ADVERT_TEXT),
        ("pasted.txt", b"<p>Care Assistant</p><ul><li>Pension</li></ul>", "Care Assistant\n\n• Pension"),
        ("advert.md", b"## Care Assistant\n\n**Salary:** \xc2\xa323,500\n* Pension",
         "Care Assistant\n\nSalary: £23,500\n• Pension"),
        ("advert.markdown", b"# Care Assistant", "Care Assistant"),
        ("advert.html", b"<h1>Care &amp; support</h1><p>Line one\nstill one</p>",
         "Care & support\n\nLine one still one"),
        ("advert.htm", b"<ol><li>Apply</li><li>Interview</li></ol>", "1. Apply\n2. Interview"),
        # .html is HTML even when it does not look like it: line breaks are spaces.
        ("plain.html", b"one\ntwo", "one two"),
        # .md is Markdown even without any Markdown sign.
        ("plain.md", b"one *two* three", "one two three"),
    ],
)
def test_text_files(tmp_path, name, data, expected):
    assert load_file(_write(tmp_path, name, data)) == expected
    assert load_bytes(data, name) == expected


def test_fixture_advert_as_text_and_html_loads_the_same():
    fixtures = Path(__file__).resolve().parent / "fixtures"
    text = load_file(fixtures / "advert_600_words.txt")
    assert load_file(fixtures / "advert_600_words.html") == text
    assert text.startswith("Senior Data Analyst\nRiverside Community Health Trust\n")


def test_load_file_takes_str_and_pathlike(tmp_path):
    path = _write(tmp_path, "a.txt", b"Nurse")
    assert load_file(str(path)) == load_file(path) == "Nurse"


def test_non_utf8_is_refused_with_the_offset(tmp_path):
    data = "Café manager".encode("latin-1")
    path = _write(tmp_path, "latin1.txt", data)
    with pytest.raises(InputError) as exc_info:
        load_file(path)
    message = _error(exc_info, "latin1.txt")
    assert "not valid UTF-8" in message and "0xe9" in message and "offset 3" in message
    with pytest.raises(InputError, match="offset 3"):
        load_bytes(data, "latin1.txt")


def test_binary_text_file_is_refused(tmp_path):
    data = b"Nurse\x00\x01\x02\x03"
    with pytest.raises(InputError) as exc_info:
        load_file(_write(tmp_path, "binary.txt", data))
    message = _error(exc_info, "binary.txt")
    assert "binary" in message and "offset 5" in message


def test_bad_utf16_is_refused():
    data = codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(InputError) as exc_info:
        load_bytes(data, "odd.txt")
    assert "not valid UTF-16" in _error(exc_info, "odd.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u200b\ufeff".encode()])
def test_empty_text_file(tmp_path, data):
    with pytest.raises(EmptyTextError) as exc_info:
        load_file(_write(tmp_path, "empty.txt", data))
    _error(exc_info, "empty.txt")


def test_html_with_only_a_script_is_empty():
    with pytest.raises(EmptyTextError) as exc_info:
        load_bytes(b"<script>alert(1)</script>", "x.html")
    assert "no text is left" in _error(exc_info, "x.html")


# --------------------------------------------------------------------------------------
# Names, sizes, missing files
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["advert.xlsx", "advert", "advert.txt.exe", ".bashrc"])
def test_unsupported_suffix_names_the_supported_ones(name):
    with pytest.raises(UnsupportedFileError) as exc_info:
        load_bytes(b"Nurse", name)
    message = _error(exc_info, name)
    assert all(suffix in message for suffix in SUPPORTED_SUFFIXES)


def test_doc_gets_a_hint(tmp_path):
    with pytest.raises(UnsupportedFileError, match=r"save it as \.docx"):
        load_file(_write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0"))


def test_file_larger_than_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(11_000_000)  # sparse: 11 MB of NUL bytes, instantly
    with pytest.raises(InputError) as exc_info:
        load_file(path)
    message = _error(exc_info, "huge.txt")
    assert "11.0 MB" in message and f"{MAX_FILE_BYTES / 1e6:g} MB" in message
    with pytest.raises(InputError, match="the limit is 10 MB"):
        load_bytes(b"a" * (MAX_FILE_BYTES + 1), "huge.txt")


def test_text_over_max_chars(tmp_path):
    data = ("word " * (MAX_CHARS // 5 + 1000)).encode()
    assert len(data) < MAX_FILE_BYTES
    with pytest.raises(TextTooLargeError) as exc_info:
        load_file(_write(tmp_path, "long.txt", data))
    assert f"{MAX_CHARS:,}" in _error(exc_info, "long.txt")


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as exc_info:
        load_file(path)
    assert "no such file" in _error(exc_info, str(path))


def test_folder(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError) as exc_info:
        load_file(folder)
    assert "folder" in _error(exc_info, "folder.txt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(tmp_path):
    path = _write(tmp_path, "locked.txt", b"Nurse")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        load_file(path)


def test_name_with_a_newline_stays_on_one_line():
    with pytest.raises(UnsupportedFileError) as exc_info:
        load_bytes(b"x", "evil\nname.exe")
    assert "\n" not in str(exc_info.value) and "evil?name.exe" in str(exc_info.value)


def test_undecodable_file_name_is_printable(tmp_path):
    name = os.fsdecode(b"caf\xe9.xyz")  # a Latin-1 name on a UTF-8 file system
    with pytest.raises(UnsupportedFileError) as exc_info:
        load_bytes(b"x", name)
    str(exc_info.value).encode("utf-8")  # no lone surrogate left in the message
    assert "caf?.xyz" in str(exc_info.value)


def test_load_bytes_rejects_str():
    with pytest.raises(TypeError, match="bytes"):
        load_bytes("text", "a.txt")  # type: ignore[arg-type]


def test_load_bytes_accepts_bytearray_and_memoryview():
    assert load_bytes(bytearray(b"Nurse"), "a.txt") == "Nurse"
    assert load_bytes(memoryview(b"Nurse"), "a.txt") == "Nurse"


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------

DOCX_TEXT = """Senior Data Analyst

Location: Leeds. Salary: £38,500 a year.

What we offer

• 27 days' annual leave
• NHS Pension Scheme
• Flexible working
Closing date: 14 March 2025.

Band | Salary
6 | £38,500

Apply online."""


def test_docx(tmp_path):
    path = make_docx(tmp_path / "advert.docx")
    assert load_file(path) == DOCX_TEXT
    assert load_bytes(path.read_bytes(), "upload.docx") == DOCX_TEXT


def test_docx_numbering_content_controls_and_merged_cells(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    numbered = document.add_paragraph("Send your CV")  # Normal style, numbering set
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        num_pr.append(child)
    numbered._p.get_or_add_pPr().append(num_pr)
    controlled = document.add_paragraph("Inside a content control")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    controlled._p.addprevious(sdt)
    sdt.append(content)
    content.append(controlled._p)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Pay band"
    table.cell(0, 2).text = "Hours"
    table.cell(1, 0).text = "6"
    table.cell(1, 2).text = "37.5"  # (1, 1) left empty
    document.add_paragraph("Line one\tafter a tab").add_run().add_break()
    path = tmp_path / "more.docx"
    document.save(str(path))
    assert load_file(path) == (
        "• Send your CV\nInside a content control\n\nPay band | Hours\n6 | 37.5\n\n"
        "Line one after a tab"
    )


def test_docx_with_no_text(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(EmptyTextError) as exc_info:
        load_file(path)
    _error(exc_info, "blank.docx")


def test_corrupt_docx(tmp_path):
    path = _write(tmp_path, "corrupt.docx", os.urandom(2048))
    with pytest.raises(UnsupportedFileError) as exc_info:
        load_file(path)
    message = _error(exc_info, "corrupt.docx")
    assert "could not be read as DOCX" in message and "ZIP" in message


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(UnsupportedFileError) as exc_info:
        load_bytes(buffer.getvalue(), "fake.docx")
    assert "could not be read as DOCX" in _error(exc_info, "fake.docx")


def test_docx_zip_bomb_is_refused(monkeypatch, tmp_path):
    path = make_docx(tmp_path / "bomb.docx")
    monkeypatch.setattr(loaders, "MAX_DOCX_XML_BYTES", 1_000)
    with pytest.raises(UnsupportedFileError, match="XML unpacks to") as exc_info:
        load_file(path)
    _error(exc_info, "bomb.docx")


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------


def test_pdf(tmp_path):
    data = make_pdf(
        [
            [
                "Senior Data Analyst",
                "Salary: £38,500 a year",
                "We need an analyst to lead the develop-",
                "ment of our reporting platform and to",
                "support two junior analysts.",
                "Benefits:",
                "pension and leave",
            ],
            ["Page two.", "\u2022 Pension", "o Leave"],
        ]
    )
    expected = (
        "Senior Data Analyst\n"
        "Salary: £38,500 a year\n"
        "We need an analyst to lead the development of our reporting platform and to "
        "support two junior analysts.\n"
        "Benefits:\n"
        "pension and leave\n\n"
        "Page two.\n• Pension\n• Leave"
    )
    assert load_file(_write(tmp_path, "advert.pdf", data)) == expected
    assert load_bytes(data, "ADVERT.PDF") == expected


def test_scanned_pdf_says_so():
    with pytest.raises(UnsupportedFileError) as exc_info:
        load_bytes(make_pdf([[], []]), "scan.pdf")
    message = _error(exc_info, "scan.pdf")
    assert "no extractable text" in message and "scanned" in message


def test_corrupt_pdf(tmp_path):
    for name, data in [
        ("random.pdf", os.urandom(4096)),
        ("truncated.pdf", make_pdf([["Hello"]])[:200]),
        ("empty.pdf", b""),
    ]:
        with pytest.raises(UnsupportedFileError) as exc_info:
            load_file(_write(tmp_path, name, data))
        assert "could not be read as PDF" in _error(exc_info, name)


def test_password_protected_pdf():
    from pypdf import PdfReader, PdfWriter

    def encrypted(user_password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Apply now."]]))))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    with pytest.raises(UnsupportedFileError) as exc_info:
        load_bytes(encrypted("secret"), "locked.pdf")
    assert "password-protected" in _error(exc_info, "locked.pdf")
    # An owner password alone (no password to open) does not stop reading.
    assert load_bytes(encrypted(""), "owner-only.pdf") == "Apply now."


def test_pdf_with_too_many_pages(monkeypatch):
    monkeypatch.setattr(loaders, "MAX_PDF_PAGES", 3)
    with pytest.raises(UnsupportedFileError, match="has 4 pages") as exc_info:
        load_bytes(make_pdf([["a"]] * 4), "long.pdf")
    _error(exc_info, "long.pdf")


REPAIR_CASES = [
    ("hyphenated word", "develop-\nment", "development"),
    ("capital after hyphen kept", "Anglo-\nSaxon", "Anglo-\nSaxon"),
    ("broken sentence", "we will train\nyou on site", "we will train you on site"),
    ("sentence end kept", "Apply now.\nwe reply", "Apply now.\nwe reply"),
    ("colon kept", "Benefits:\npension", "Benefits:\npension"),
    ("capital start kept", "Salary\nLocation", "Salary\nLocation"),
    ("blank line kept", "one\n\ntwo", "one\n\ntwo"),
    ("o bullet kept", "Benefits\no leave", "Benefits\no leave"),
    ("trailing spaces", "to   \nbe", "to be"),
    ("ligatures", "\ufb01le pro\ufb01le \ufb02exible", "file profile flexible"),
]


@pytest.mark.parametrize("name,text,expected", REPAIR_CASES, ids=[c[0] for c in REPAIR_CASES])
def test_pdf_repair(name, text, expected):
    assert loaders._repair_pdf_text(text) == expected


def test_damaged_pdf_prints_nothing_to_stderr():
    # pypdf logs its repairs; without a handler Python would print them to stderr.
    code = (
        "from advert_assistant.loaders import load_bytes\n"
        "try:\n    load_bytes(b'%PDF-1.4 junk', 'x.pdf')\n"
        "except Exception as e:\n    print(type(e).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "UnsupportedFileError"
    assert result.stderr == ""


# --------------------------------------------------------------------------------------
# Arbitrary bytes
# --------------------------------------------------------------------------------------

_PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.4\n", b"PK\x03\x04", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"<p>", b"# "]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PREFIXES, st.binary(max_size=600), st.sampled_from(SUPPORTED_SUFFIXES + (".xyz",)))
def test_arbitrary_bytes_raise_only_input_errors(prefix, data, suffix):
    name = "upload" + suffix
    try:
        text = load_bytes(prefix + data, name)
    except InputError as exc:
        message = str(exc)
        assert "\n" not in message and name in message
    else:
        assert text and text == normalise(text, "text")
