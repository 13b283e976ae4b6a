"""News ("Aktuelles"), downloads and the fixed pages (imprint, privacy, accessibility)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.model.common import text_in

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer


def news_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    c = r.content
    newest_first = sorted(c.news.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True)
    pages = [r.overview("news", "news_index.html", "news", items=newest_first)]
    pages += [r.item_page("news", slug, item, "news") for slug, item in c.news.items()]
    return pages


def download_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    downloads = sorted(r.content.downloads.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True)
    return [r.overview("downloads", "download_index.html", "downloads", items=downloads)]


def fixed_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    return [r.item_page("pages", slug, page, "page") for slug, page in r.content.pages.items()]


def footer_links(content, lang: str) -> list[tuple[str, str]]:
    """(title, path from the site root) of the pages that every page's footer links to."""
    site = content.site
    pages = sorted((p.footer, slug, p) for slug, p in content.pages.items() if p.footer is not None)
    return [
        (text_in(p.title, lang, site.default_language), site.layout.address(f"pages/{slug}.md", lang))
        for _, slug, p in pages
    ]
