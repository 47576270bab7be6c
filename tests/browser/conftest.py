"""Serve the page from app.py on a free loopback port and drive it with Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ADVERT_ASSISTANT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
START_TIMEOUT = 120


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(
                    reason=f"needs Chromium at {CHROMIUM} (apt-get install -y chromium; `make test` installs it)"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = dict(os.environ, ADVERT_ASSISTANT_HOST="127.0.0.1", ADVERT_ASSISTANT_PORT=str(port),
               GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1",
               ADVERT_ASSISTANT_EXPORT_DIR=str(tmp_path_factory.mktemp("exports")))
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app.py exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py did not answer within {START_TIMEOUT}s:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        _first_score(url)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        server_log = log.read_text(errors="replace")
        at = server_log.find("Traceback")
        assert at < 0, "the server logged a traceback:\n" + server_log[max(0, at - 300):at + 4000]


def _first_score(url: str) -> None:
    """Score once through the API so that tests start with the engine loaded."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    job = client.submit("Warm-up advert. You will work in Leeds for £30,000 a year.", api_name="/score")
    notice, scores = job.result(timeout=START_TIMEOUT)[:2]
    assert 'data-overall="' in scores, f"the page could not score an advert: {notice}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class PageLog:
    def __init__(self):
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def foreign(self) -> list[str]:
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname not in LOOPBACK:
                out.append(url)
        return out


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    log = PageLog()
    pg.on("request", lambda req: log.requests.append(req.url))
    pg.on("dialog", lambda d: (log.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda exc: log.errors.append(str(exc)))
    pg.log = log
    pg.set_default_timeout(20_000)
    pg.goto(server_url)
    pg.wait_for_selector("#aa-draft textarea")
    yield pg
    try:
        assert log.foreign() == [], f"requests left the machine: {log.foreign()}"
        assert log.dialogs == [], f"a dialog opened: {log.dialogs}"
    finally:
        context.close()
