"""Markdown written by staff, rendered so that content stays data.

Raw HTML in content is shown as text, never passed through, and links or images may only
point to web, e-mail, phone or relative addresses (no javascript: or data: URLs), decided the
way the browser will read the address (`portal.urls`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup

from portal.urls import is_safe_link


def is_safe_url(url: str) -> bool:
    """Whether an attribute value in Python-Markdown's tree is safe to leave on a link or image.

    Markdown keeps character references as written (`&#106;avascript:`) and its own `&` as a
    placeholder; the browser sees both as the characters they stand for, so the check does too.
    """
    return is_safe_link(url.replace(AMP_SUBSTITUTE, "&"))


class _SafeUrls(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is not None and not is_safe_url(url):
                    del element.attrib[attribute]
            if element.tag == "a" and (element.get("href") or "").startswith(("http://", "https://")):
                element.set("rel", "noopener")


def _content_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Without these two, "<script>" in content is escaped like any other text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeUrls(md), "safe_urls", 0)
    return md


_MARKDOWN = _content_markdown()


def render_markdown(text: str) -> Markup:
    _MARKDOWN.reset()
    return Markup(_MARKDOWN.convert(text))
