"""The browser suite: the built site served on 127.0.0.1, driven with Playwright in the system's Chromium.

Test tools cannot download browsers here, so Playwright uses an installed Chromium: $CHROMIUM if
set, else the first of chromium, chromium-browser, google-chrome on the PATH (`make test` installs
Debian's `chromium` package when none is there).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from ..conftest import REPO

SCREENSHOTS = REPO / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# One page of each type; the English twin of each is at en/<path>.
PAGE_TYPES = {
    "home": "",
    "topics": "topics/",
    "topic": "topics/kursk-deployment/",
    "timeline": "timeline/",
    "claims": "claims/",
    "entities": "entities/",
    "entity": "entities/kim-jong-un/",
    "sources": "sources/",
    "excerpt": "sources/2024-12-pyongyang-offered-troops-en/",
    "excerpt-vi": "sources/2025-04-kursk-confirmation-vi/",
    "about": "about/",
    "data": "data/",
    "contributing": "contributing/",
}


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail("no Chromium found: install Debian's `chromium` package (make test does) or set CHROMIUM=/path/to/chrome")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site on a free port of 127.0.0.1, as a static host serves it (404.html for misses)."""

    class Handler(_Quiet):
        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code == 404 and (built_site / "404.html").exists():
                body = (built_site / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()
