"""Links in a built site: every internal link and anchor must resolve; external ones are listed.

Works on the output folder alone, so it checks what readers get, whatever built it. External
addresses are collected, never fetched (no network at build or test time).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_IDS = re.compile(r'\s(?:id|name)="([^"]+)"')
_LINKS = re.compile(r'<(?:a|link|area|use)\s[^>]*?href="([^"]*)"|<(?:script|img|source|iframe)\s[^>]*?src="([^"]*)"')
_EXTERNAL = ("http:", "https:", "mailto:", "tel:", "//")


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0
    broken: list[str] = field(default_factory=list)
    external: set[str] = field(default_factory=set)


def _target_file(site: Path, path: str) -> Path | None:
    candidate = site / unquote(path).lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_links(site: Path, site_url: str | None = None) -> LinkReport:
    """`site_url`: the published address; absolute links to it (canonical, hreflang) are checked as internal."""
    report = LinkReport()
    own = site_url.rstrip("/") + "/" if site_url else None
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8", errors="replace") for page in pages}
    ids: dict[Path, set[str]] = {}
    for page, text in texts.items():
        report.pages += 1
        page_url = "/" + page.relative_to(site).as_posix()
        for match in _LINKS.finditer(text):
            raw = html.unescape(match.group(1) or match.group(2) or "")
            if not raw or raw.startswith(("javascript:", "data:")):
                continue
            report.links += 1
            if own and raw.startswith(own):
                raw = "/" + raw[len(own) :]
            if raw.startswith(_EXTERNAL):
                report.external.add(raw)
                continue
            url = urlsplit(urljoin(page_url, raw))
            target = _target_file(site, url.path) if url.path else page
            where = f"{page.relative_to(site).as_posix()}: {raw}"
            if target is None:
                report.broken.append(f"{where} (no such page or file)")
                continue
            if url.fragment and target.suffix in (".html", ".svg"):  # a page's anchor, a symbol's id
                if target not in ids:
                    ids[target] = set(_IDS.findall(texts.get(target) or target.read_text(encoding="utf-8")))
                if unquote(url.fragment) not in ids[target] and url.fragment not in ids[target]:
                    report.broken.append(f"{where} (no anchor #{unquote(url.fragment)})")
    return report
