"""The demo portal in the system Chromium (Debian's package), driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Locally the browser tests may be skipped without Chromium; in CI a missing browser is a failure.
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="needs Debian's chromium package"
)


@pytest.fixture(scope="module")
def server(demo_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(demo_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *args: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


def test_arabic_home_page_is_right_to_left(browser, server):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/ar/")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("h1").first.inner_text().strip()
    assert all(url.startswith(server) for url in requests), [u for u in requests if not u.startswith(server)]
    assert page.context.cookies() == []
    page.close()


def test_german_event_reached_from_the_overview(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/events/")
    assert page.get_attribute("html", "dir") == "ltr"
    page.get_by_role("link", name="Online-Information: Anerkennung ausländischer Berufsabschlüsse").click()
    page.wait_for_url("**/events/2026-12-10-online-anerkennung-berufsabschluesse/")
    assert "Donnerstag, 10. Dezember 2026" in page.locator("article").first.inner_text()
    page.close()
