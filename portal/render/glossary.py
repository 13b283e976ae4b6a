"""Glossary terms explained where they appear: the first mention of each term in a text.

The term becomes a link to its glossary entry with the explanation as a tooltip. Without
JavaScript the link leads to the glossary; the tooltip shows on hover and keyboard focus (CSS)
and is read by screen readers through `aria-describedby`; `portal.js` adds tap-to-show and
Escape-to-close (WCAG 1.4.13: dismissible, hoverable, persistent).
"""

from __future__ import annotations

import html as html_entities
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

# Text inside these elements is never annotated: links cannot nest, headings stay clean for
# the table of contents, code is literal.
_SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "button"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")


@dataclass(frozen=True)
class Explanation:
    slug: str
    term: str
    text: str  # in the reader's language
    lang: str
    direction: str


def _pattern(words: list[str]) -> re.Pattern:
    # Longest first, so "Ausbildungsduldung" wins over "Duldung"; whole words only (\w is
    # Unicode-aware, so umlauts count as letters).
    alternatives = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in alternatives) + r")(?!\w)")


def annotate(html: str, terms: dict[str, tuple[list[str], Explanation]], glossary_url: str, prefix: str) -> Markup:
    """Mark the first appearance of every glossary term in `html` (already safe HTML)."""
    if not terms:
        return Markup(html)
    slug_of = {word: slug for slug, (words, _) in terms.items() for word in words}
    pattern = _pattern(list(slug_of))
    done: set[str] = set()
    skipping: list[str] = []
    parts = []
    for index, part in enumerate(_TAG.split(html)):
        if index % 2:  # a tag
            match = _TAG_NAME.match(part)
            if match:
                closing, name = match[1] == "/", match[2].lower()
                if name in _SKIP and not part.endswith("/>"):
                    if closing and skipping and skipping[-1] == name:
                        skipping.pop()
                    elif not closing:
                        skipping.append(name)
            parts.append(part)
            continue
        if skipping or not part:
            parts.append(part)
            continue

        def mark(found: re.Match) -> str:
            slug = slug_of[found[1]]
            if slug in done:
                return str(escape(found[0]))
            done.add(slug)
            explanation = terms[slug][1]
            tip = f"{prefix}-{slug}"
            return str(
                Markup(
                    '<span class="portal-term"><a class="portal-term__word" href="{}#{}" '
                    'aria-describedby="{}">{}</a><span class="portal-term__tip" role="tooltip" id="{}" '
                    'lang="{}" dir="{}">{}</span></span>'
                ).format(
                    glossary_url,
                    slug,
                    tip,
                    found[0],
                    tip,
                    explanation.lang,
                    explanation.direction,
                    escape(explanation.text),
                )
            )

        # Terms are found in the text as readers see it, not in its HTML: a term such as "amp",
        # "#39" or "&" must never cut through a character reference (&amp;, &#39;). The text is
        # escaped again piece by piece around the marked terms.
        text, pieces, last = html_entities.unescape(part), [], 0
        for found in pattern.finditer(text):
            pieces.append(str(escape(text[last : found.start()])))
            pieces.append(mark(found))
            last = found.end()
        pieces.append(str(escape(text[last:])))
        parts.append("".join(pieces))
    return Markup("".join(parts))
