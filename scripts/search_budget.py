"""What a search costs a phone, and what the site weighs: benchmark.py's portal, built and measured.

    .venv/bin/python scripts/search_budget.py                      # 5,000 events x 9 languages
    .venv/bin/python scripts/search_budget.py --events 500 --languages 3
    .venv/bin/python scripts/search_budget.py --site /tmp/big/site # a site built before

Generates the synthetic portal of scripts/benchmark.py (unless --site), builds it with
`portal build`, prints the site's size by kind of file (HTML, iCalendar, search, sitemap,
other), then opens each language's home page in Chromium (no service worker, empty cache),
types a first and then a further query into the search box and adds up what the browser
fetched for each: every file's size as nginx sends it (deploy/nginx/portal.conf: gzip level 6
for the text types it lists, the search index's JSON pieces among them, other files as they
are). Also a German word typed on the Arabic home page (German text that the Arabic pages
show, here the events' German descriptions) must find Arabic pages.

Numbers, not assertions: it is not a test. Results go to stdout.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import LANGUAGES, generate_portal, print_site_size, query_words, use_demo_texts

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# What deploy/nginx/portal.conf compresses (gzip_types, gzip_min_length 512).
GZIPPED = {".html", ".css", ".js", ".json", ".webmanifest", ".ics", ".svg", ".xml", ".yml"}
BUDGET_FIRST, BUDGET_FURTHER = 150 * 1024, 50 * 1024


def sent_bytes(path: Path) -> int:
    """The bytes nginx sends for a file (its body, without headers)."""
    data = path.read_bytes()
    if path.suffix in GZIPPED and len(data) >= 512:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def file_for(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    if target.is_dir() or path.endswith("/") or not path:
        target = target / "index.html"
    return target if target.is_file() else None


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.handle_error = lambda request, address: None  # a request the browser gave up (closed page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def measure_search(site: Path, languages: list[str], verbose: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    server, httpd = serve(site)
    print("\n## Search: bytes sent for a query (as nginx would send them)\n")
    print("| language | first query | files | further query | files | results (first / further) | words |")
    print("|---|---:|---:|---:|---:|---|---|")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            for lang in languages:
                words = query_words(lang)
                row = query_costs(browser, server, site, lang, words, verbose=verbose)
                (first, first_files, first_hits), (further, further_files, further_hits) = row
                flag = "" if first <= BUDGET_FIRST and further <= BUDGET_FURTHER else "  (over budget)"
                print(
                    f"| {lang} | {first / 1024:.1f} KB | {first_files} | {further / 1024:.1f} KB | {further_files} "
                    f"| {first_hits} / {further_hits}{flag} | {' / '.join(words)} |"
                )
                sys.stdout.flush()
            if "ar" in languages:
                ((sent, _files, hits),) = query_costs(browser, server, site, "ar", ["Handwerk"], links=True)
                print(f"\nA German word (Handwerk) typed on the Arabic home page: {hits} results, {sent / 1024:.1f} KB")
            browser.close()
    finally:
        httpd.shutdown()


def query_costs(
    browser, server: str, site: Path, lang: str, queries: list[str], links: bool = False, verbose: bool = False
):
    """(bytes, files, results) for each query in turn, typed into the search box of `lang`'s home page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(service_workers="block")
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    prefix = "" if lang == LANGUAGES[0] else f"{lang}/"
    page.goto(f"{server}/{prefix}", wait_until="networkidle")
    seen = set(fetched)
    costs = []
    for number, query in enumerate(queries):
        before = len(fetched)
        if number == 0:  # opening the search belongs to the first query's cost
            page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").fill(query)
        page.keyboard.press("End")  # a key event: Material searches on keyup
        results = page.locator(".md-search-result__item")
        try:
            results.first.wait_for(timeout=30000)
        except PlaywrightTimeout:
            print(f"  {lang}: no result for {query!r} within 30 s")
        # The search waits for the reader to pause (300 ms) before it fetches; the list of the
        # query before stays until the new one arrives.
        # (Playwright reports the requests only while it waits itself, so no time.sleep here:
        # before 2026-12-02 a further query's files were counted as none.)
        page.wait_for_timeout(2000)
        new = [url for url in fetched[before:] if url not in seen]
        seen.update(new)
        files = [file_for(site, url) for url in new]
        sent = sum(sent_bytes(path) for path in files if path is not None)
        if verbose:
            for url, path in zip(new, files, strict=True):
                size = f"{sent_bytes(path) / 1024:6.1f} KB" if path else "     (none)"
                print(f"    {lang} {query}: {size}  {url.removeprefix(server)}")
        hits = results.count()
        if links:
            hrefs = [
                page.evaluate("(a) => a.href", a) for a in page.locator(".md-search-result__item a").element_handles()
            ]
            own = sum(1 for href in hrefs if f"/{prefix}" in href.removeprefix(server))
            hits = f"{hits} ({own} links in /{prefix})"
        costs.append((sent, len(new), hits))
    context.close()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--guidance", type=int, default=200)
    parser.add_argument("--languages", type=int, default=len(LANGUAGES), help="the first N of the demo's nine")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    parser.add_argument("--keep", type=Path, help="generate and build the portal in this folder, and keep it")
    parser.add_argument("--verbose", action="store_true", help="list every file a query fetched")
    parser.add_argument(
        "--text",
        choices=["worst", "demo"],
        default="worst",
        help="the generated texts: ten words per language, every word on every page (worst), "
        "or words drawn from the demo's own texts as often as they occur there (demo)",
    )
    args = parser.parse_args()
    if args.text == "demo":
        use_demo_texts()
    languages = LANGUAGES[: args.languages]
    if args.site:
        site = args.site
    else:
        folder = args.keep or Path(tempfile.mkdtemp(prefix="portal-search-budget-"))
        folder.mkdir(parents=True, exist_ok=True)
        generate_portal(folder, args.events, args.guidance, languages)
        started = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "portal"), "build"], cwd=folder, check=True, capture_output=True)
        print(f"{args.events} events, {args.guidance} guidance topics, {len(languages)} languages")
        print(f"portal build: {time.perf_counter() - started:.0f} s")
        site = folder / "site"
    print_site_size(site)
    measure_search(site, languages, args.verbose)
    if not args.site and not args.keep:
        shutil.rmtree(site.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
