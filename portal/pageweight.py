"""What a page costs a reader with little data: every file it fetches by itself, compressed.

Computed from the built files. The list is what the HTML loads (stylesheets, scripts, icons,
images) plus what Material's script fetches on load: a sitemap for every hreflang link it selects,
and, unless the page defers the search until a reader wants it
(`search-on-demand.js`), the search index of the page's language, the search worker and
lunr's language support. Material's script counts even where `material-on-demand.js` holds it
back until the reader's first tap or key: nearly every reader does something. A browser test
checks this list against a real page load (and one tap). On a page that registers the service
worker, the first visit also counts the worker's script.

First visit: everything, gzip-compressed as a server would send it. Second visit: files with a
content hash in their name are cached for good (see the nginx configuration); the rest are
revalidated (an empty 304) except the page itself, which is sent again.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_HASHED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)$")
_FETCHED = re.compile(
    # Not rel="manifest": a browser fetches the app manifest when a reader installs the app, not on load.
    r'<link[^>]+rel="(?:stylesheet|icon|preload|modulepreload)"[^>]+href="([^"]+)"'
    r'|<(?:script|img)[^>]+src="([^"]+)"'
    r'|<use href="([^"#]+)#'  # a file of symbols (the frame's icons)
)
# Material's bundle, which material-on-demand.js loads at the reader's first interaction.
_ON_DEMAND = re.compile(r'<script[^>]+data-bundle="([^"]+)"')
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_MATERIAL_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]+)" hreflang=')


@dataclass
class PageWeight:
    files: dict[str, int]  # site-relative path -> gzip bytes
    first_visit: int
    second_visit: int


def compressed_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def fetched_files(site: Path, page: Path) -> list[Path]:
    html = page.read_text(encoding="utf-8")
    page_url = "/" + page.relative_to(site).as_posix()
    urls = [a or b or c for a, b, c in _FETCHED.findall(html)] + _ON_DEMAND.findall(html)
    config_match = _CONFIG.search(html)
    deferred = "search-on-demand.js" in html
    if config_match and 'name="search"' in html and not deferred:
        config = json.loads(config_match.group(1))
        base = urljoin(page_url, config["base"].rstrip("/") + "/")
        index_url = urljoin(base, "search/search_index.json")
        urls += [index_url, config["search"]]
        index = site / urlsplit(index_url).path.lstrip("/")
        if index.is_file():
            worker = urljoin(page_url, config["search"])
            languages = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
            lunr = [lang for lang in languages if lang != "en"]
            if lunr:
                urls.append(urljoin(worker, "../lunr/min/lunr.stemmer.support.min.js"))
                urls += [urljoin(worker, f"../lunr/min/lunr.{lang}.min.js") for lang in lunr]
            if len(languages) > 1:
                urls.append(urljoin(worker, "../lunr/min/lunr.multi.min.js"))
    urls += [urljoin(href, "sitemap.xml") for href in _MATERIAL_ALTERNATE.findall(html)]
    files = [page]
    for url in urls:
        if url.startswith(("http:", "https:", "//", "data:")):
            continue
        path = site / unquote(urlsplit(urljoin(page_url, url)).path).lstrip("/")
        if path.is_file() and path not in files:
            files.append(path)
    return files


def page_weight(site: Path, page: Path) -> PageWeight:
    sizes = {path.relative_to(site).as_posix(): compressed_size(path) for path in fetched_files(site, page)}
    page_name = page.relative_to(site).as_posix()
    worker = site / "sw.js"
    if worker.is_file() and "companion.js" in page.read_text(encoding="utf-8"):
        # The page registers the service worker, whose script comes on the first visit (the browser
        # reports it as the worker's request, not the page's). What the worker then keeps for
        # offline reading has a budget of its own (portal/offline.py, scripts/offline_budget.py).
        sizes["sw.js"] = compressed_size(worker)
    second = sizes[page_name]  # hashed files come from the cache, the others answer 304
    return PageWeight(sizes, sum(sizes.values()), second)
