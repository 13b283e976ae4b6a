"""Atom (RFC 4287) feeds of the news, one per language, for feed readers.

Written with the standard library's ElementTree: the format is small and fixed. Timestamps
come from the news dates, not the clock, so two builds of the same content are identical.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from portal.content import Content
from portal.model.common import text_in
from portal.render.markdown import render_markdown

ATOM = "http://www.w3.org/2005/Atom"
# How many items a feed carries; older ones stay on the news pages.
FEED_LENGTH = 50


# Characters XML 1.0 does not allow at all (ElementTree writes them anyway, and the feed is then
# malformed for every reader): C0 controls but tab and line breaks, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot carry (the content check refuses them; this is the last guard)."""
    return _NOT_XML.sub("", text)


def _only_xml_characters(root: ET.Element) -> None:
    for element in root.iter():
        if element.text:
            element.text = xml_text(element.text)
        for name, value in element.attrib.items():
            element.set(name, xml_text(value))


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@dataclass(frozen=True)
class FeedEntry:
    """One entry of an Atom feed; `url` is its page, also its id."""

    url: str
    title: str
    day: date
    summary: str
    content_html: str = ""  # escaped into the feed (type="html")
    categories: tuple[tuple[str, str], ...] = ()  # (term, label)


def atom_feed(*, lang_tag: str, home: str, folder: str, title: str, author: str, entries: list[FeedEntry]) -> bytes:
    """An Atom feed of `entries` (newest first) listed at `home` + `folder`/ and published at `folder`/feed.xml.

    The news and the offers use it; the newest entry's date is the feed's, so two builds of the
    same content give the same bytes.
    """
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang_tag})  # easy German: de-x-ls
    ET.SubElement(feed, f"{{{ATOM}}}id").text = urljoin(home, f"{folder}/")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max((entry.day for entry in entries), default=date(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": urljoin(home, f"{folder}/feed.xml")})
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": urljoin(home, f"{folder}/")}
    )
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item.url
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.day)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(item.day)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": item.url})
        for term, label in item.categories:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": term, "label": label})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
        if item.content_html.strip():
            # Escaped HTML (type="html"), rendered by the same safe renderer as the pages.
            ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html"}).text = item.content_html
    _only_xml_characters(feed)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def news_feed(content: Content, lang: str, base_url: str) -> bytes:
    site = content.site
    default = site.default_language

    def text(value: dict[str, str] | None) -> str:
        return text_in(value, lang, default)

    home = urljoin(base_url, site.layout.prefix(lang))
    items = sorted(content.news.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True)[:FEED_LENGTH]
    entries = []
    for slug, item in items:
        body = item.body.get(lang) or item.body.get(default, "")
        entries.append(
            FeedEntry(
                url=urljoin(home, f"news/{slug}/"),
                title=text(item.title),
                day=item.date,
                summary=text(item.summary),
                content_html=str(render_markdown(body)) if body.strip() else "",
            )
        )
    title = text(site.title)
    return atom_feed(
        lang_tag=site.language(lang).tag, home=home, folder="news", title=title, author=title, entries=entries
    )


def render_news_feeds(content: Content, base_url: str, languages: list[str] | None = None) -> dict[str, bytes]:
    """news/feed.<lang>.xml for every language (the adapter places them in language folders)."""
    site = content.site
    return {
        f"news/feed{'' if code == site.default_language else '.' + code}.xml": news_feed(content, code, base_url)
        for code in languages or site.language_codes
    }
