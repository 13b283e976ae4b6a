"""Every generated page of the site, per language, as Markdown files with an HTML body.

The pages are rendered here, independent of the site engine: the engine only wraps them in
the theme. Templates escape everything; content Markdown goes through `render_markdown`.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from babel import Locale
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from portal.calendar import Occurrence, all_occurrences, horizon
from portal.content import Content
from portal.kinds import listings, page_renderers
from portal.layout import Layout
from portal.model.common import text_in
from portal.render import dates
from portal.render.bidi import author_marks, isolate_latin
from portal.render.companion_pages import companion_pages
from portal.render.markdown import render_markdown
from portal.render.ui import Interface, check_strings
from portal.translations import TranslationState

# Which content kinds' texts (inline in YAML) the listings in each folder show: a listing with
# machine-made texts says so once, under its title (item pages have their own notice).
MACHINE_TEXTS_SHOWN = {
    "events": ("events",),
    "places": ("places",),
    "glossary": ("glossary",),
    "network": ("partners", "places"),
    "downloads": ("downloads",),
    "finder": ("site",),  # its statuses and questions are the site's labels
}

# A site may override any of the kit's page templates with a file of the same name in its
# overrides folder's `portal/` subfolder (overrides/portal/event_page.html).
SITE_TEMPLATES = "portal"


@cache
def template_environment(overrides_dir: Path | None) -> Environment:
    kit = PackageLoader("portal.render", "templates")
    own = overrides_dir / SITE_TEMPLATES if overrides_dir is not None else None
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(own), kit]) if own is not None and own.is_dir() else kit,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # no stat() per include (thousands per build); a build is short-lived
    )


page_url = Layout.page_url


@dataclass
class GeneratedPage:
    src: str  # e.g. events/2022-02-16-info.md, the same in every language
    title: str
    description: str
    body: str | None  # None: listed but not rendered (see LanguageRenderer.wanted)
    hide: tuple[str, ...] = ()  # theme parts to hide, e.g. the sidebars beside a wide month grid
    searchable: bool = True  # False for pages that only repeat others (month grids, filters)

    def markdown(self) -> str:
        # The theme prints these two into HTML as they are, so they are escaped here, once.
        # portal_page: the body is finished HTML; the engine need not run Markdown over it.
        meta = {"title": str(escape(self.title)), "portal_page": True}
        if self.description:
            meta["description"] = str(escape(self.description))
        if self.hide:
            meta["hide"] = list(self.hide)
        if not self.searchable:
            meta["search"] = {"exclude": True}
        # No blank lines: the engine's Markdown would end the raw HTML block at the first one.
        html = "\n".join(line for line in self.body.splitlines() if line.strip())
        return f"---\n{front_matter(meta)}\n---\n\n{html}\n"


# What YAML reads otherwise than JSON writes it: line breaks of YAML 1.1 (NEL, U+2028, U+2029)
# and what its reader refuses (DEL, C1 controls, surrogates, non-characters, a BOM).
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def front_matter(meta: dict) -> str:
    """A page's front matter as one line of JSON, which YAML reads as the same mapping: written
    in a thirtieth of yaml.safe_dump's time (which was a twentieth of a build)."""
    text = json.dumps(meta, ensure_ascii=False)
    return _NOT_YAML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class LanguageRenderer:
    """Renders the pages of one language."""

    def __init__(
        self,
        content: Content,
        lang: str,
        found: list[Occurrence],
        translations: dict[tuple[str, str, str], TranslationState] | None = None,
    ):
        self.translations = translations or {}
        # The kinds whose texts inside YAML are, in this language, machine-made and unreviewed.
        self.machine_kinds = {
            state.kind
            for (_kind, _item, state_lang), state in self.translations.items()
            if state_lang == lang and state.inline and state.machine and not state.reviewed and state.state != "missing"
        }
        self.content = content
        self.site = content.site
        self.lang = lang
        self.t = Interface(lang, self.site.strings)
        self.found = found
        self.here = ""
        # Which pages to render (by src); None: all. The others are listed, not rendered (the
        # preview re-renders only the pages a change affects).
        self.wanted: Callable[[str], bool] | None = None

    # --- helpers available in templates ----------------------------------------------------

    def text(self, value: dict[str, str] | None) -> str:
        return text_in(value, self.lang, self.site.default_language)

    def marked(self, html: Markup) -> Markup:
        """The author's `{de:…}` marks as isolated German fragments (see portal.render.bidi)."""
        return Markup(author_marks(str(html), self.lang, self.site.default_language))

    def tx(self, value: dict[str, str] | None) -> Markup:
        """Translated text; German fallback marked with its own lang/dir for screen readers."""
        if not value:
            return Markup("")
        if self.lang in value:
            return self.marked(escape(value[self.lang]))
        default = self.site.language(self.site.default_language)
        return Markup('<span lang="{}" dir="{}">{}</span>').format(
            default.code, default.direction, self.marked(escape(value[default.code]))
        )

    def md(self, value: dict[str, str] | None) -> Markup:
        if not value:
            return Markup("")
        if self.lang in value:
            return self.marked(render_markdown(value[self.lang]))
        default = self.site.language(self.site.default_language)
        return Markup('<div lang="{}" dir="{}">{}</div>').format(
            default.code, default.direction, self.marked(render_markdown(value[default.code]))
        )

    @cached_property
    def german_forms(self) -> list[str]:
        """The glossary's German words: a run holding one is marked as German."""
        return [word for entry in self.content.glossary.values() for word in entry.words()]

    def url_in_default_language(self, src: str) -> str:
        """Link from this page (in its language's folder) to the same page in the default language."""
        here = page_url(self.here)
        depth = here.count("/") + (0 if self.lang == self.site.default_language else 1)
        return "../" * depth + page_url(src) or "./"

    def url(self, src: str) -> str:
        target, here = page_url(src), page_url(self.here)
        relative = posixpath.relpath(target or ".", here or ".")
        return "./" if relative == "." else relative + "/"

    def listing(self, items: list) -> Markup:
        """Items joined the way the language does it ("a, b und c", "a و b")."""
        from babel.lists import format_list

        escaped = [str(escape(item)) for item in items]
        return Markup(format_list(escaped, locale=dates.locale(self.lang))) if escaped else Markup("")

    def labels(self, vocabulary: str, terms: list[str]) -> Markup:
        return self.listing([self.label(vocabulary, term) for term in terms])

    def languages(self, codes: list[str]) -> Markup:
        return self.listing([self.language_name(code) for code in codes])

    def partner_links(self, slugs: list[str]) -> Markup:
        href = self.url("network/index.md")
        return self.listing(
            [Markup('<a href="{}#{}">{}</a>').format(href, s, self.tx(self.content.partners[s].name)) for s in slugs]
        )

    def listed_on(self, folder: str, slug: str) -> list[tuple[str, str, list]]:
        """(heading, card template, items) of every kind whose items refer to this one and are
        listed on its page (the registry's `Listing`), e.g. the open offers of a project."""
        found = []
        for kind, listing in listings():
            items = listing.select(self, self.content.referrers(kind.folder, folder, slug))
            if items:
                found.append((listing.heading, listing.card, items))
        return found

    def finder_lists(self, status: str, question: str) -> list[tuple[str, str, list]]:
        """Like `listed_on`, for a finder result: what each kind lists for this status and question."""
        found = []
        for _kind, listing in listings():
            items = listing.for_finder(self, status, question)
            if items:
                found.append((listing.heading, listing.card, items))
        return found

    def mail_link(self, email: str) -> Markup:
        return Markup('<a href="mailto:{}" dir="ltr">{}</a>').format(email, email)

    def phone_link(self, phone: str) -> Markup:
        """A phone number a phone can dial: tel: with the digits (and a leading +) only."""
        digits = re.sub(r"[^\d+]", "", phone)
        digits = digits[:1] + digits[1:].replace("+", "")
        return Markup('<a href="tel:{}" dir="ltr">{}</a>').format(digits, phone)

    def feed_address(self, name: str) -> dict[str, str] | None:
        """The absolute addresses of a calendar feed (events/feeds/`name`): https and webcal."""
        if not self.site.site_url:
            return None
        https = f"{self.site.site_url.rstrip('/')}/{self.site.layout.prefix(self.lang)}events/feeds/{name}"
        return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}

    def media_url(self, name: str) -> str:
        """A file from content/media/, published once at /media/ for every language."""
        return self.url_in_default_language("index.md") + f"media/{name}"

    def file_size(self, name: str) -> str:
        from babel.numbers import format_decimal

        size = (self.site.content_dir / "media" / name).stat().st_size
        if size < 1024 * 1024:
            return f"{format_decimal(max(1, round(size / 1024)), locale=dates.locale(self.lang))} KB"
        return f"{format_decimal(round(size / 1024 / 1024, 1), locale=dates.locale(self.lang))} MB"

    def consultation_url(self) -> str:
        """Where readers ask in person: the network's office hours, else the counselling places."""
        places = self.url("places/index.md")
        office = self.site.office
        return f"{places}#{office}" if office and office in self.content.places else places

    def label(self, vocabulary: str, term: str) -> str:
        return self.site.label(vocabulary, term, self.lang)

    def language_name(self, code: str) -> str:
        """The name of a language in the page's language (Babel): Arabisch, Arabic, العربية."""
        return Locale.parse(dates.locale(self.lang)).languages.get(code, code)

    def render(
        self,
        src: str,
        template: str,
        title: str,
        description: str = "",
        hide: tuple[str, ...] = (),
        searchable: bool = True,
        **context: Any,
    ) -> GeneratedPage:
        if self.wanted is not None and not self.wanted(src):
            return GeneratedPage(src, title, description, None, hide, searchable)
        self.here = src
        body = (
            template_environment(self.site.overrides_dir)
            .get_template(template)
            .render(
                t=self.t,
                tx=self.tx,
                md=self.md,
                text=self.text,
                url=self.url,
                label=self.label,
                listing=self.listing,
                labels=self.labels,
                languages=self.languages,
                partner_links=self.partner_links,
                media_url=self.media_url,
                feed_address=self.feed_address,
                mail_link=self.mail_link,
                phone_link=self.phone_link,
                file_size=self.file_size,
                referrers=self.content.referrers,
                listed_on=self.listed_on,
                finder_lists=self.finder_lists,
                opening_hours=lambda hours: dates.opening_hours(hours, self.lang),
                partial_date=lambda value: dates.partial_date(value, self.lang),
                language_name=self.language_name,
                when=lambda occ, short=False: dates.when(occ, self.t, short),
                long_date=lambda day: dates.long_date(day, self.lang),
                medium_date=lambda day: dates.medium_date(day, self.lang),
                month_heading=lambda day: dates.month_heading(day, self.lang),
                clock=lambda moment: dates.clock(moment, self.lang),
                content=self.content,
                site=self.site,
                lang=self.lang,
                today=self.site.today,
                title=title,
                **context,
            )
        )
        if "translation" not in context and self._shows_machine_texts(src):
            notice = Markup('<p class="portal-notice" role="note" data-search-exclude>{}</p>').format(
                self.t("machine_translated")
            )
            body = body.replace("</h1>", f"</h1>\n{notice}", 1)
        if self.site.language(self.lang).rtl:
            body = isolate_latin(body, self.german_forms)
        return GeneratedPage(src, title, description, body, hide, searchable)

    def _shows_machine_texts(self, src: str) -> bool:
        """Whether a listing shows texts that a machine translated into this language (EU AI Act, Art. 50(4))."""
        kinds = MACHINE_TEXTS_SHOWN.get(src.partition("/")[0], ())
        return any(kind in self.machine_kinds for kind in kinds)

    # --- the pages -------------------------------------------------------------------------

    def overview(self, folder: str, template: str, key: str, **context: Any) -> GeneratedPage:
        # folder may be nested (events/calendar); the page is its index.md
        """The index page of a content folder, titled and introduced from the interface strings."""
        return self.render(f"{folder}/index.md", template, str(self.t(key)), str(self.t(f"{key}_intro")), **context)

    def filtered_directory(
        self,
        folder: str,
        template: str,
        everything: list[tuple[str, Any]],
        filters: list[tuple[str, str, list[tuple[str, str]]]],
        matches: Callable[[Any, str, str], bool],
    ) -> list[GeneratedPage]:
        """An overview (e.g. stories/) and one static page per filter term (stories/region/leipzig/).

        The template sees the items as `items`; `matches(item, filter folder, term)` decides.
        """
        pages = [
            self.overview(
                folder,
                template,
                folder,
                items=everything,
                filters=filters,
                filtered=False,
                intro=self.t(f"{folder}_intro"),
            )
        ]
        for key, filter_folder, terms in filters:
            for term, label in terms:
                pages.append(
                    self.render(
                        f"{folder}/{filter_folder}/{term}.md",
                        template,
                        f"{self.t(folder)}: {label}",
                        searchable=False,
                        items=[(slug, item) for slug, item in everything if matches(item, filter_folder, term)],
                        filters=filters,
                        filtered=True,
                        current=(filter_folder, term),
                        intro=self.t(key) + ": " + label,
                    )
                )
        return pages

    def item_page(self, folder: str, slug: str, item: Any, name: str, **context: Any) -> GeneratedPage:
        """The page of one content item; the template sees it as `name` (and Markdown types as `doc`)."""
        translation = self.translations.get((folder, slug, self.lang))
        self.here = f"{folder}/{slug}.md"  # for the addresses computed before rendering
        return self.render(
            f"{folder}/{slug}.md",
            f"{name}_page.html",
            self.text(item.title),
            self.text(getattr(item, "summary", None)),
            slug=slug,
            doc=item,
            translation=translation,
            original_url=self.url_in_default_language(f"{folder}/{slug}.md"),
            consultation_url=self.consultation_url(),
            # An outdated translation of a legal text, where the site chooses to show the German text instead.
            show_original=bool(
                translation
                and translation.state == "outdated"
                and translation.legal
                and self.site.outdated_legal == "original"
            ),
            **{name: item},
            **context,
        )

    def pages(self) -> list[GeneratedPage]:
        """Every kind's pages in this language (see the registry, `portal.kinds`), then the
        pages of the reader's companion that belong to no kind (saved items, offline)."""
        return [page for render in page_renderers() for page in render(self)] + companion_pages(self)


def render_notice(site, lang: str, state: TranslationState | None, src: str, content: Content | None = None) -> str:
    """The translation notice of a hand-written page, for the engine to put above its text."""
    renderer = LanguageRenderer(content or Content(site), lang, [])
    renderer.here = src
    return (
        template_environment(site.overrides_dir)
        .get_template("translation_notice.html")
        .render(
            t=renderer.t,
            site=site,
            lang=lang,
            translation=state,
            original_url=renderer.url_in_default_language(src),
            consultation_url=renderer.consultation_url() if content is not None else renderer.url("places/index.md"),
            long_date=lambda day: dates.long_date(day, lang),
        )
    )


class SiteRenderer:
    """The generated pages, one language at a time.

    What the languages share (every event's occurrences, the translation states) is computed
    once, so that each language's build (a process of its own) only renders its own pages.
    """

    def __init__(self, content: Content, translations: list[TranslationState] | None = None) -> None:
        site = content.site
        check_strings(site.strings, site.language_codes)
        self.content = content
        self.by_key = {(state.kind, state.item, state.lang): state for state in translations or []}
        self.found = all_occurrences(content.events, site.timezone, horizon(site.today, site.calendar_horizon_months))
        self.listed: set[str] = set()

    def language(self, code: str, wanted: Callable[[str], bool] | None = None) -> dict[str, str]:
        """Path inside the docs folder (with the language suffix) -> Markdown text.

        With `wanted`, only the pages whose src (events/x.md) it accepts.
        """
        layout = self.content.site.layout
        renderer = LanguageRenderer(self.content, code, self.found, self.by_key)
        renderer.wanted = wanted
        pages = renderer.pages()
        # Every page of the language, rendered or not (the preview removes the others).
        self.listed = {page.src for page in pages}
        return {layout.source(page.src, code): page.markdown() for page in pages if page.body is not None}
