"""Adjustments of Material's finished pages that the theme offers no setting for.

- `dir` on <html>: Material sets it on <body> only.
- invalid attributes (Nu Html Checker): `autocomplete` on Material's toggle checkboxes and the
  non-standard `autocorrect` on its search field.
- inline scripts: Material writes two small ones into every page; they are replaced by the
  same code as files (`material-scope.js`, `material-tabs.js`), so the Content-Security-Policy
  can forbid inline script altogether.
- hreflang links: Material writes them relative, and its script fetches `sitemap.xml` next to
  every alternate on every page load (nine requests, all missing, for a page-aware language
  switcher that mkdocs-static-i18n already provides). Search engines want absolute hreflang
  URLs, so they are written absolute, and with `rel="alternate "`: the same link relation for
  browsers and crawlers (rel is a token list), but no exact match for Material's
  `link[rel=alternate]` selector. A browser test checks that no sitemap is fetched.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_HTML_TAG = re.compile(r'<html lang="([^"]+)"')
_HREFLANG = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">')


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')


def valid_markup(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    return html.replace(' autocorrect="off"', "", 1)


_SCOPE_SCRIPT = re.compile(r'<script>__md_scope=new URL\("([^"]*)",location\),__md_hash=.*?</script>', re.DOTALL)
_TABS_SCRIPT = re.compile(
    r"<script>var target=document\.getElementById\(location\.hash\.slice\(1\)\);.*?</script>", re.DOTALL
)


def external_scripts(html: str) -> str:
    match = _SCOPE_SCRIPT.search(html)
    if not match:
        return html
    assets = (
        match.group(1).rstrip("/") + "/assets/javascripts/"
        if match.group(1) not in ("", ".")
        else "assets/javascripts/"
    )
    html = html.replace(match.group(0), f'<script src="{assets}material-scope.js"></script>', 1)
    return _TABS_SCRIPT.sub(f'<script src="{assets}material-tabs.js"></script>', html, count=1)


def set_direction(html: str, direction: str) -> str:
    return _HTML_TAG.sub(lambda m: f'<html lang="{m.group(1)}" dir="{direction}"', html, count=1)


def absolute_hreflang(html: str, page_address: str | None, default: str) -> str:
    """Absolute hreflang links plus x-default (the default language), none of them fetched by Material."""
    links: list[str] = []

    def rewrite(match: re.Match) -> str:
        href, lang = match.groups()
        absolute = urljoin(page_address, href) if page_address else href
        link = f'<link rel="alternate " href="{absolute}" hreflang="{lang}">'
        if lang == default:
            link += f'\n<link rel="alternate " href="{absolute}" hreflang="x-default">'
        links.append(link)
        return link

    return _HREFLANG.sub(rewrite, html)
