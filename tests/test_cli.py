"""The advert-assistant command: check and rules (main(argv) -> int)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from advert_assistant.cli import main
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

IT = str(FIXTURES / "adverts" / "public_sector_it.txt")
NURSE = str(FIXTURES / "adverts" / "plain_nurse.txt")


def test_check_text_output_is_linter_shaped(capsys):
    assert main(["check", "--no-model", IT]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{IT}:") and " jargon.cliche " in line and " -> " in line for line in out)
    assert out[-1].startswith(f"{IT}: overall ")


def test_check_json_and_fail_under(capsys):
    assert main(["check", "--no-model", "--format", "json", IT]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"] < 90
    assert main(["check", "--no-model", "--fail-under", "95", IT]) == 1
    assert "below --fail-under" in capsys.readouterr().err


def test_check_markdown(capsys):
    assert main(["check", "--no-model", "--format", "markdown", NURSE]) == 0
    assert "| Jargon |" in capsys.readouterr().out


def test_check_stdin():
    proc = subprocess.run([sys.executable, "-m", "advert_assistant", "check", "--no-model", "-"],
                          input="You will utilise our tools in Leeds.".encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert b"<stdin>:1:10 jargon.govuk-words" in proc.stdout


@pytest.mark.parametrize("content,suffix,needle", [
    (b"", ".txt", "empty"),
    (b"\x00\x01\x02binary\xff\xfe", ".txt", ""),
    (b"hello", ".xyz", "xyz"),
])
def test_bad_files_exit_2_with_one_line(tmp_path, capsys, content, suffix, needle):
    path = tmp_path / f"advert{suffix}"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("advert-assistant: error:")
    assert needle in err[0].lower()


def test_missing_file_and_bad_config(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.txt")]) == 2
    bad = tmp_path / "cfg.yml"
    bad.write_text("weights: {jargon: lots}\n")
    assert main(["check", "--config", str(bad), NURSE]) == 2
    err = capsys.readouterr().err
    assert "weights.jargon" in err and "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml", IT])
    assert exc.value.code == 2


def test_config_file_changes_results(tmp_path, capsys):
    cfg = tmp_path / "org.yml"
    cfg.write_text("disable: [jargon.]\nallow: [stakeholders]\n")
    assert main(["check", "--no-model", "--config", str(cfg), "--format", "json", IT]) == 0
    data = json.loads(capsys.readouterr().out)
    assert not [f for f in data["findings"] if f["dimension"] == "jargon"]
    assert data["scores"]["jargon"] == 100


def test_rules_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rid in ("jargon.cliche", "clarity.long-sentence", "inclusivity.masculine-coded"):
        assert rid in out
    assert main(["rules", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_console_script_cold_run():
    exe = [sys.executable, "-m", "advert_assistant", "check", "--no-model", NURSE]
    proc = subprocess.run(exe, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
