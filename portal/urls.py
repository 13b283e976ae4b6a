"""Which addresses may become links: parsed the way a browser parses them (WHATWG URL standard).

A link is dangerous when the browser would run it (`javascript:`), or render content from it on
the portal's origin (`data:`, `blob:` …). Browsers forgive a lot before they decide on the scheme:
they decode character references in the attribute (`&#106;avascript:`), drop leading control
characters and spaces, remove tabs and line breaks anywhere (`java\tscript:`) and ignore case.
Guessing at those rules with regular expressions is how spellings slip through, so the address
is decoded as the HTML parser would, then parsed with `ada-url` (a WHATWG-conformant URL parser,
the one Node.js uses) against the site's own address, and only an allow-list of schemes passes.
"""

from __future__ import annotations

import html

import ada_url

# What readers may follow: web pages (relative addresses resolve to the site's https), e-mail, phone.
ALLOWED_SCHEMES = frozenset({"http:", "https:", "mailto:", "tel:"})
# Any https address will do: relative links resolve against it and so count as the site's own.
_BASE = "https://portal.invalid/page/"


def link_scheme(url: str, *, decoded: bool = False) -> str | None:
    """The scheme a browser would use for `url` as written in an href attribute, or None if it is no URL.

    `decoded`: the value is already what the attribute means (character references resolved).
    """
    value = url if decoded else html.unescape(url)
    try:
        return ada_url.URL(value, base=_BASE).protocol
    except ValueError:
        return None


def is_safe_link(url: str, *, decoded: bool = False) -> bool:
    """Whether a browser following `url` would open a web page, an e-mail or a phone call, and nothing else."""
    return link_scheme(url, decoded=decoded) in ALLOWED_SCHEMES


def is_web_address(url: str) -> bool:
    """A full http(s) address as written by staff: no spaces or control characters, a host, a web scheme."""
    if not url or any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in url):
        return False
    try:
        parsed = ada_url.URL(url)
    except ValueError:
        return False
    return parsed.protocol in ("http:", "https:") and bool(parsed.hostname)
