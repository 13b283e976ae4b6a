"""The shipped nginx configuration, served by a real nginx on localhost: headers, caching, CSP."""

from __future__ import annotations

import getpass
import os
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from portal.strings import kit_strings
from scripts.local_nginx import NGINX, served_by_nginx
from tests.test_browser import CHROMIUM, browser, search_result_links  # noqa: F401 - fixtures

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists() and not os.environ.get("CI"), reason="needs Debian's nginx package"
)


@pytest.fixture(scope="module")
def nginx(demo_site, tmp_path_factory):
    # Workers run as this user: pytest's temporary folders are private to it.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    with served_by_nginx(demo_site, tmp_path_factory.mktemp("nginx"), user) as address:
        yield address


def fetch(url: str, **headers: str):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5)


def test_configuration_is_valid_for_nginx(tmp_path):
    run = subprocess.run([NGINX, "-t", "-c", "/etc/nginx/nginx.conf"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr  # the distribution's own config still parses


def test_security_headers_on_pages_feeds_and_assets(nginx, demo_site):
    bundle = next((demo_site / "assets/javascripts").glob("bundle.*.min.js")).name
    for path in ("/", "/ar/events/", "/events/feeds/all.ics", f"/assets/javascripts/{bundle}", "/missing/"):
        try:
            response = fetch(nginx + path)
        except urllib.error.HTTPError as error:  # the 404 page carries the headers too
            response = error
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "wasm" not in csp, path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
    assert (
        fetch(nginx + f"/assets/javascripts/{bundle}").headers["Cache-Control"] == "public, max-age=31536000, immutable"
    )
    assert fetch(nginx + "/events/").headers["Cache-Control"] == "no-cache"
    feed = fetch(nginx + "/en/events/feeds/all.ics")
    assert feed.headers["Content-Type"].startswith("text/calendar")
    assert fetch(nginx + "/en/news/feed.xml").headers["Content-Type"].startswith("application/atom+xml")
    # The browser editor gets its own, wider policy; the public pages keep the strict one.
    admin = fetch(nginx + "/admin/")
    assert "'unsafe-eval'" in admin.headers["Content-Security-Policy"]
    assert admin.headers["X-Robots-Tag"] == "noindex"
    assert fetch(nginx + "/admin/config.yml").headers["Content-Type"].startswith("text/yaml")
    # "Page not found" in the reader's language, with its direction.
    for path, lang, direction in (("/missing/", "de", "ltr"), ("/ar/missing/", "ar", "rtl"), ("/en/x/y", "en", "ltr")):
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(nginx + path)
        assert missing.value.code == 404
        body = missing.value.read().decode()
        assert f'<html lang="{lang}" dir="{direction}"' in body, path
        assert f"<h1>{kit_strings(lang)['page_not_found']}</h1>" in body, path
    compressed = fetch(nginx + "/events/", **{"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip"


def test_no_inline_script_left_for_the_policy_to_block(demo_site):
    for page in list(demo_site.rglob("index.html"))[:400]:
        html = page.read_text(encoding="utf-8")
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", html)
        assert inline == [], page


def test_pages_work_under_the_policy_in_the_browser(browser, nginx):  # noqa: F811
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(nginx + "/en/events/", wait_until="networkidle")
    page.select_option("select[name=category]", "workshop")  # the portal's script runs
    assert page.locator("form[data-portal-filter] output").inner_text().endswith("dates match.")
    page.goto(nginx + "/ar/", wait_until="networkidle")
    assert search_result_links(page, "الاعتراف")  # Material's script and the search run under the CSP
    assert page.evaluate("typeof __md_get") == "function"
    page.close()
    assert violations == []
