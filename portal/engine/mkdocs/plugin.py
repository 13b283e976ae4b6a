"""The MkDocs adapter: checks the content, renders the portal's pages and hands them to MkDocs.

All the work happens in the content layer (`portal.content`, `portal.render`, `portal.feeds`,
`portal.translations`); this file only connects it to MkDocs' events, plus what only exists
because of Material and mkdocs-static-i18n: the kit's theme folder, one search index and one
404 page per language, fixes of Material's pages (all three through `compat`, the one module
that touches those packages' internals), and keeping each language's build to its own files
when the languages are built in parallel (`parallel`).
"""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from portal.check import CheckedSite, checked_or_raise
from portal.compact import compact_html
from portal.editor import admin_files
from portal.engine.mkdocs import compat
from portal.feeds import FeedCache, render_feeds
from portal.kinds import generated_folders, language_files, navigation
from portal.media import media_files
from portal.messages import _, language_from_environment, set_language
from portal.news_feed import render_news_feeds
from portal.offline import (
    OFFLINE_PAGE,
    SAVED_PAGE,
    TEXTS_FILE,
    companion_context,
    interface_texts_file,
    offline_files,
    over_budget,
)
from portal.problems import ContentError
from portal.render.access import render_home_access
from portal.render.bidi import author_marks, isolate_latin
from portal.render.news_pages import footer_links
from portal.render.pages import SITE_TEMPLATES, SiteRenderer, render_notice
from portal.render.ui import Interface
from portal.schema import all_schemas, schema_text
from portal.search import index_language
from portal.staging import folder_files, prune_empty_folders, sync_folder
from portal.translations import DOCS

log = get_plugin_logger(__name__)

KIT_STYLESHEET = "assets/stylesheets/portal.css"
KIT_SCRIPT = "assets/javascripts/portal.js"
# Offline, saved items, share and read aloud (portal/offline.py).
COMPANION_STYLESHEET = "assets/stylesheets/companion.css"
COMPANION_SCRIPT = "assets/javascripts/companion.js"


class PortalPluginConfig(Config):
    content_dir = config_options.Type(str, default="content")
    site = config_options.Type(str, default="content/site.yml")
    staging_dir = config_options.Type(str, default=".portal/docs")
    # Hand-written sections of docs/ that follow the content kinds' ones in the navigation
    # (when mkdocs.yml has no nav of its own).
    extra_nav = config_options.Type(list, default=[])


class PortalPlugin(BasePlugin[PortalPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site = None
        # Per language: what the theme's templates add to every page (footer links, feed link).
        self.page_context: dict[str, dict] = {}
        self.translations = {}
        self.finished_bodies: dict[str, str] = {}
        self.static_files: dict[str, bytes] = {}
        self.frame_icons: compat.FrameIcons | None = None
        # Per language: what its pages leave to its interface-texts.js (written after its build).
        self.shared_frame: dict[str, compat.SharedFrame] = {}
        # The drawer of the pages outside the navigation, rendered once (for the navigation `navigation_of`).
        self.navigation: compat.NavigationCache | None = None
        self.navigation_of = None
        # This language build's own output files written beside MkDocs' (feeds).
        self.language_files: dict[str, bytes] = {}
        # The hand-written docs folder; config.docs_dir is pointed at the staging folder later.
        self.source_docs: Path | None = None
        # Set by portal.engine.mkdocs.parallel when each language is built in a process of its own: an
        # event set once the default language's pages are staged. Such a build hands its sitemap
        # back (`sitemap`) instead of writing it.
        self.default_staged = None
        self.sitemap: str | None = None
        self.same_pages = False  # a partial build of a language whose pages are those of its last build
        self.search_enabled: bool | None = None
        # The preview indexes the search after it has told the browser to reload (see index_search).
        self.search_index_later = False
        # The checked content, when the caller (portal build) has checked it already.
        self.checked: CheckedSite | None = None
        # Set by the preview (portal.engine.mkdocs.preview) for a build of only some pages: the
        # pages are staged by the caller, and the search index keeps the other pages' entries.
        self.rebuilt: set[str] | None = None
        # False when the caller has reported the warnings already (the preview, on every save).
        self.report_warnings = True

    def _language(self, config: MkDocsConfig) -> str:
        return (config.theme.get("language") or self.site.default_language).split("_")[0].split("-")[0]

    @event_priority(100)  # before i18n, which reads the docs folder we set here
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        compat.add_kit_theme(config)
        compat.set_navigation(
            config,
            [*navigation(), *self.config.extra_nav],
            # The kinds' generated pages and the companion's two (saved items, offline).
            [f"/{folder}/**/*.md" for folder in generated_folders()] + [f"/{p}" for p in (SAVED_PAGE, OFFLINE_PAGE)],
        )
        # The kit's stylesheet and script, on every page, without a line in the site's mkdocs.yml.
        if KIT_STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, KIT_STYLESHEET)
        if COMPANION_STYLESHEET not in config.extra_css:
            config.extra_css.insert(1, COMPANION_STYLESHEET)
        if KIT_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.insert(0, KIT_SCRIPT)
        if COMPANION_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.insert(1, COMPANION_SCRIPT)
        search = compat.search_plugin(config)
        if search is not None:
            # Switched off after each language's index is written (see _write_language_files).
            if self.search_enabled is None:
                self.search_enabled = search.config.enabled
            search.config.enabled = self.search_enabled
        if not compat.i18n_in_nested_build(config):
            self.prepare(config)
            self.stage_language(self.site.default_language)
        # Not self._language(config): static-i18n sets the theme's language in its own
        # on_config, after this one; its current language is set before the build starts.
        lang = compat.i18n_current_language(config) or self.site.default_language
        if lang != self.site.default_language and self.rebuilt is None:
            self.stage_language(lang)  # a further language: its pages, rendered in its own build
        if self.default_staged is not None:
            # A build of one language among parallel ones: the process that started it stages the
            # default language's pages meanwhile, and every language needs them (its fallback).
            self.default_staged.wait()
        return config

    def prepare(self, config: MkDocsConfig, media_and_schemas: bool = True) -> None:
        """Check the content and compute what every language's pages share.

        Without `media_and_schemas` (the preview, after a change of content files only) the
        shared files are the editor's alone: media and schemas change only with files that make
        the preview build everything again.
        """
        root = Path(config.config_file_path).parent
        set_language(language_from_environment())  # `mkdocs build` has no --lang; `portal` sets PORTAL_LANG
        try:
            checked = self.checked or checked_or_raise(Path(config.config_file_path))
        except ContentError as err:
            for problem in err.problems:
                log.error(str(problem))
            # Raised before MkDocs cleans the site folder: the last good site stays untouched.
            raise PluginError(_("The content has {n} problem(s); nothing was built.", n=len(err.problems))) from None
        if self.report_warnings:
            for warning in checked.warnings:
                log.warning(str(warning))
        self.checked = None  # `mkdocs serve` checks again on every rebuild
        self.site, content, states = checked.site, checked.content, checked.translations
        self.content = content
        self.renderer = SiteRenderer(content, states)
        self.base_url = config.site_url or f"https://{self.site.calendar_uid_domain}/"
        self.site_name = config.site_name  # the short name of the installed app, in every language
        self.frame_icons = compat.frame_icons(config)
        # Written once into the output, by no language's build in particular.
        self.static_files = {
            # The browser editor for staff, configured from the model (when Decap is installed).
            **admin_files(content, root, self.site.editor_backend),
            # The icons of Material's frame, once for every page (compat.frame_icons).
            compat.FRAME_ICONS: self.frame_icons.sprite,
        }
        if media_and_schemas:
            self.static_files |= {
                # Photos and PDFs, once for all languages.
                **{f"media/{path.name}": path.read_bytes() for path in self._media_files()},
                # Published with the site, so editors can point at them by URL too.
                **{f"schemas/{name}": schema_text(s).encode() for name, s in all_schemas(self.site).items()},
            }
        self.translations = {(s.item, s.lang): s for s in states if s.kind == DOCS}
        self.page_context = {lang: _page_context(content, lang) for lang in self.site.language_codes}
        if self.source_docs is None:
            self.source_docs = Path(config.docs_dir)
        self.staging = root / self.config.staging_dir
        self.docs = folder_files(self.source_docs)
        config.docs_dir = str(self.staging)
        prune_empty_folders(self.staging)  # now, before the languages' builds write into it

    def stage_language(self, lang: str) -> None:
        """Render one language's pages into the staging folder, and its feeds for the output."""
        generated = self.renderer.language(lang)
        if lang == self.site.default_language:
            # The hand-written docs (all languages) come with the default language, first.
            others = self.site.layout.other_suffixes(lang)
            wanted = {**self.docs, **generated}
            sync_folder(self.staging, wanted, owns=lambda name: name in self.docs or not name.endswith(others))
        else:
            # Beside the other languages' builds, at the same time: this language's files only.
            own = self.site.layout.suffix(lang) + ".md"
            sync_folder(self.staging, generated, owns=lambda name: name.endswith(own) and name not in self.docs)
        # Feeds need nothing from MkDocs: they go straight into the output after the build
        # (through static-i18n, 9,000 feeds cost files × languages).
        self.language_files = self.feed_files(lang)

    def feed_files(self, lang: str, kept: FeedCache | None = None) -> dict[str, bytes]:
        """This language's feeds and the kinds' own files (the offers' feed), by output path.
        `kept`: the preview's cache of what the last feeds were made of (`portal.feeds`)."""
        return {
            **self._language_folders(render_feeds(self.content, [lang], kept)),
            **self._language_folders(render_news_feeds(self.content, self.base_url, [lang])),
            **self._language_folders(language_files(self.content, self.base_url, lang)),
        }

    def write_feed_files(self, site_dir: Path, lang: str, kept: FeedCache) -> None:
        """After a partial build (the preview): this language's feeds, writing only those that changed."""
        for name, data in self.feed_files(lang, kept).items():
            _write_if_changed(site_dir / name, data, name)

    def stage_pages(self, lang: str, wanted, docs: set[str]) -> tuple[set[str], set[str]]:
        """Render only the `wanted` pages of `lang` (and copy the changed hand-written `docs`) into the
        staging folder; returns the staged names whose text changed (what MkDocs must rebuild), and
        the pages (events/x.md) that are no longer there (their staged files are removed).
        """
        suffix = "" if lang == self.site.default_language else f".{lang}"
        written = set()
        for name, text in self.renderer.language(lang, wanted).items():
            written |= _write_if_changed(self.staging / name, text.encode("utf-8"), name)
        others = tuple(f".{code}.md" for code in self.site.language_codes if code != lang)
        removed = set()
        for path in self.staging.rglob("*.md"):
            name = path.relative_to(self.staging).as_posix()
            if name in self.docs or (name.endswith(others) if not suffix else not name.endswith(f"{suffix}.md")):
                continue
            src = name.removesuffix(f"{suffix}.md") + ".md" if suffix else name
            if src not in self.renderer.listed:
                path.unlink()
                removed.add(src)
        for src in docs:
            stem = src.removesuffix(".md")
            for name in {src, f"{stem}{suffix}.md"}:
                if name in self.docs:
                    written |= _write_if_changed(self.staging / name, self.docs[name].read_bytes(), name)
                    written.add(name)  # its translation notice may have changed too
                elif (self.staging / name).is_file():
                    (self.staging / name).unlink()
        # The feeds are the caller's, after the page is shown (nobody waits for them).
        self.language_files = {}
        return written, removed

    def _media_files(self) -> list[Path]:
        # Only what portal.media lets through (known types whose content matches, no links out).
        return media_files(self.site.content_dir / "media", self.site.root, self.site.relative)[0]

    def _language_folders(self, files: dict[str, bytes]) -> dict[str, bytes]:
        """events/feeds/all.en.ics -> en/events/feeds/all.ics (the site's layout)."""
        return {self.site.layout.output(name): data for name, data in files.items()}

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Watch what staff edit, not the staging folder we write (that would rebuild forever).
        server.unwatch(config.docs_dir)
        server.watch(str(self.source_docs))
        return server

    def _page_translation(self, page, config: MkDocsConfig):
        """The translation state of a hand-written page in this build's language, if it has one."""
        lang = self._language(config)
        stem = page.file.src_uri.removesuffix(".md")
        if stem.rpartition(".")[2] in self.site.language_codes and "." in stem:
            stem = stem.rpartition(".")[0]
        return self.translations.get((stem, lang)), stem

    def on_page_context(self, context, page, config: MkDocsConfig, nav):
        if self.site is not None:
            context.update(self.page_context[self._language(config)])
            if nav is not None and self.navigation_of is not nav:  # a new build or language
                self.navigation, self.navigation_of = compat.NavigationCache(nav), nav
            context["portal_nav"] = self.navigation if nav is not None else None
        return context

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files) -> str:
        if page.meta.get("portal_page"):
            # Finished HTML from the content layer: parsing it as Markdown cost a third of the
            # build and changes nothing. It comes back in on_page_content.
            self.finished_bodies[page.file.src_uri] = markdown
            return ""
        state, stem = self._page_translation(page, config)
        if stem == "index":  # the start page: easy German and sign language, right under the title
            access = render_home_access(self.site, self._language(config))
            markdown = f"{access}\n\n{markdown}" if access else markdown
        if state is None or state.state == "missing":  # a missing one's notice: on_page_content
            return markdown
        notice = render_notice(self.site, state.lang, state, f"{stem}.md", self.content).strip()
        return f"{notice}\n\n{markdown}" if notice else markdown

    def on_page_content(self, html: str, page, config: MkDocsConfig, files) -> str:
        if page.file.src_uri in self.finished_bodies:
            return self.finished_bodies.pop(page.file.src_uri)
        state, stem = self._page_translation(page, config)
        if state is not None and state.state == "missing":
            # The notice in the reader's language, then the German original marked as German.
            default = self.site.language(self.site.default_language)
            notice = render_notice(self.site, state.lang, state, f"{stem}.md", self.content).strip()
            html = f'{notice}\n<div lang="{default.code}" dir="{default.direction}">{html}</div>'
        lang = self._language(config)
        html = author_marks(html, lang, self.site.default_language)  # an author's {de:…}
        if self.site.language(lang).rtl:
            html = isolate_latin(html)  # German names and citations keep their order (portal.render.bidi)
        return html

    @event_priority(90)  # before i18n, which would look at every file once per language
    def _without_other_languages(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out the pages in languages other than this build's and the default one.

        static-i18n needs them only for the addresses of a page's other language versions, and
        those stay the same without them (a missing version falls back to the default
        language's file at the same address). So each language's build handles two files per
        page instead of one per language: build time grows with the languages, not with their
        square.
        """
        if self.site is None:
            return files
        # The site's interface strings and page templates are read by the portal, not published.
        # (Compared as text: a Path per file of the theme's thousands was most of this hook.)
        own = tuple(
            os.path.join(os.path.abspath(d), "")
            for d in (self.site.overrides_dir / "strings", self.site.overrides_dir / SITE_TEMPLATES)
        )
        for file in [f for f in files if f.abs_src_path and os.path.abspath(f.abs_src_path).startswith(own)]:
            files.remove(file)
        if self.rebuilt is not None:
            # A partial build (the preview's): the theme's files are in the output already and
            # have not changed (a change there builds everything), so static-i18n need not
            # handle its thousands of icons.
            docs = os.path.join(os.path.abspath(config.docs_dir), "")
            for file in [f for f in files if f.abs_src_path and not os.path.abspath(f.abs_src_path).startswith(docs)]:
                files.remove(file)
        lang = self._language(config)
        others = self.site.layout.other_suffixes(lang, self.site.default_language)
        for file in [f for f in files if f.src_uri.endswith(others)]:
            files.remove(file)
        return files

    @event_priority(-150)  # after i18n has chosen this language's files
    def _without_shared_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.site is None or self._language(config) == self.site.default_language:
            return files
        # The theme's files are the same for every language: the default language's build
        # copies them. (The docs' images stay: links to them are resolved through `files`.)
        docs = Path(config.docs_dir)
        for file in [
            f for f in files if not f.is_documentation_page() and not Path(f.abs_src_path).is_relative_to(docs)
        ]:
            files.remove(file)
        return files

    on_files = CombinedEvent(_without_other_languages, _without_shared_files)

    def _finish_page(self, html: str, lang: str) -> str:
        language = self.site.language(lang)
        if lang not in self.shared_frame:
            self.shared_frame[lang] = compat.SharedFrame(self.site.layout.prefix(lang) + TEXTS_FILE)
        html = compat.finish_material_page(
            html,
            language.direction,
            lang,
            self.site.default_language,
            self._language_tags(),
            self.frame_icons,
            self.shared_frame[lang],
        )
        return compact_html(html)

    def _language_tags(self) -> dict[str, str]:
        """Site codes that are not language tags themselves (easy German: ls -> de-x-ls)."""
        return {language.code: language.tag for language in self.site.languages if language.tag != language.code}

    def on_pre_build(self, config: MkDocsConfig) -> None:
        search = compat.search_plugin(config)
        if self.site is not None and search is not None and search.config.enabled:
            compat.collect_no_search_entries(search)  # portal/search.py reads the finished pages

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        if self.site is None:
            return output
        output = self._finish_page(output, self._language(config))
        if self.search_enabled and not (page.meta.get("search") or {}).get("exclude"):
            output = compat.mark_search_body(output)
        return output

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        """The 404 page gets the footer and its text in the language of its build."""
        if self.site is None or template_name != "404.html":
            return context
        lang = self._language(config)
        t = Interface(lang, self.site.strings)
        home = context["base_url"].rstrip("/") + "/" + self.site.layout.prefix(lang)
        context.update(self.page_context[lang])
        context["portal_not_found"] = {
            "title": str(t("page_not_found")),
            "text": str(t("page_not_found_help")),
            "home": str(t("home")),
            "home_url": home,
        }
        return context

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page in each language's folder, and the sitemap handed back in a separate build."""
        if self.site is None:
            return output
        lang = self._language(config)
        if template_name == "404.html":
            output = self._finish_page(output, lang)
            if lang != self.site.default_language:
                _write_files(
                    Path(config.site_dir), {self.site.layout.prefix(lang) + "404.html": output.encode("utf-8")}
                )
                return ""  # MkDocs writes nothing for an empty result: the root one stays German
        elif template_name == "sitemap.xml":
            output = compat.language_tags(output, self._language_tags())
            output = compat.sitemap_x_default(output, self.site.language(self.site.default_language).tag)
            if self.default_staged is not None:
                self.sitemap = output
                return ""
        return output

    @event_priority(10)  # before the search plugin, which would put every language into one file
    def _write_language_files(self, config: MkDocsConfig) -> None:
        """This language's search index and feeds (before i18n starts the next language)."""
        if self.site is None:
            return
        site_dir = Path(config.site_dir)
        _write_files(site_dir, self.language_files)
        self._write_interface_texts(site_dir, self._language(config))
        search = compat.search_plugin(config)
        if search is not None and search.config.enabled:
            lang = self._language(config)
            prefix = self.site.layout.prefix(lang)
            compat.write_language_index(site_dir, prefix, lang, search, self.rebuilt)
            search.config.enabled = False  # on_config switches it on again for the next language
            if not self.search_index_later:
                index_search(site_dir, self.site.layout, lang)

    def _write_interface_texts(self, site_dir: Path, lang: str) -> None:
        """The language's interface-texts.js, with what its pages of this build left to it.

        Each build of the language writes it, since only its pages tell what they left out.
        A build that finished no page (a preview's that changed nothing Material renders)
        keeps the file of the last one.
        """
        shared = self.shared_frame.pop(lang, None)
        frame = shared.texts() if shared else None
        if frame and frame["searchDialog"]:
            frame["searchDialog"] = compact_html(frame["searchDialog"])  # as the pages are written
        name, data = interface_texts_file(self.content, lang, frame)
        if frame is None and (site_dir / name).is_file():
            return
        _write_if_changed(site_dir / name, data, name)

    @event_priority(-200)  # after i18n has built every language
    def _write_shared_files_after_build(self, config: MkDocsConfig) -> None:
        if self.site is None or compat.i18n_in_nested_build(config):
            return
        self.write_shared_files(Path(config.site_dir))

    on_post_build = CombinedEvent(_write_language_files, _write_shared_files_after_build)

    def write_shared_files(self, site_dir: Path, languages: list[str] | None = None) -> None:
        """Schemas, media, the editor and the offline lists: written once, not by any language's build.

        `languages`: only their offline lists (the others' pages did not change).
        """
        _write_files(site_dir, self.static_files)
        # Each language's app manifest and the list of what it keeps offline (read from the built pages).
        offline = offline_files(site_dir, self.content, self.site_name, languages)
        _write_files(site_dir, offline)
        for lang, size in over_budget(offline):
            log.warning(
                _(
                    "The offline copy in {lang} is {size} KB, more than the 2 MB a phone should keep.",
                    lang=lang,
                    size=size // 1024,
                )
            )


def _write_if_changed(target: Path, data: bytes, name: str) -> set[str]:
    if target.is_file() and target.read_bytes() == data:
        return set()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return {name}


def _write_files(site_dir: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def index_search(site_dir: Path, layout, lang: str) -> None:
    """The search index of one language's finished pages (after a partial build too: all of them)."""
    prefix = layout.prefix(lang)
    index_language(site_dir, prefix, [layout.prefix(code) for code in layout.languages if code != lang])


def _page_context(content, lang: str) -> dict:
    """Template values for every page in `lang`: footer, news feed link, the first-visit language offer."""
    site = content.site
    t = Interface(lang, site.strings)
    prefix = site.layout.prefix(lang)
    credit = Markup('<a href="https://squidfunk.github.io/mkdocs-material/" rel="noopener">Material for MkDocs</a>')
    return {
        "portal_footer": footer_links(content, lang),
        "portal_footer_label": str(t("legal_information")),
        "portal_news_feed": f"{prefix}news/feed.xml" if content.news else None,
        "portal_news_feed_title": str(t("news_feed")),
        "portal_companion": companion_context(content, lang),
        "portal_made_with": t("made_with", link=credit),
        "portal_staff_guide": _staff_guide(site, lang, str(t("staff_guide"))),
        "portal_language_offers": len(site.languages) > 1,
    }


def _staff_guide(site, lang: str, title: str) -> tuple[str, str] | None:
    """(title, path) of the staff guide in the footer, in the languages it is written in."""
    if not site.staff_guide or site.docs_dir is None:
        return None
    if not (site.docs_dir / site.layout.source(site.staff_guide, lang)).is_file():
        return None
    return title, site.layout.address(site.staff_guide, lang)
