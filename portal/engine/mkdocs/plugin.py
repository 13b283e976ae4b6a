"""The MkDocs adapter: checks the content, renders the portal's pages and hands them to MkDocs.

All the work happens in the content layer (`portal.content`, `portal.render`, `portal.feeds`,
`portal.translations`); this file only connects it to MkDocs' events, plus what only exists
because of Material and mkdocs-static-i18n: the kit's theme folder, one search index and one
404 page per language, fixes of Material's pages (all three through `compat`, the one module
that touches those packages' internals), and keeping each language's build to its own files
when the languages are built in parallel (`parallel`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from portal.check import CheckedSite, checked_or_raise
from portal.editor import admin_files
from portal.engine.mkdocs import compat
from portal.feeds import render_feeds
from portal.kinds import generated_folders, language_files, navigation
from portal.messages import _, language_from_environment, set_language
from portal.news_feed import render_news_feeds
from portal.problems import ContentError
from portal.render.news_pages import footer_links
from portal.render.pages import SITE_TEMPLATES, SiteRenderer, render_notice
from portal.render.ui import Interface
from portal.schema import all_schemas, schema_text
from portal.staging import folder_files, prune_empty_folders, sync_folder
from portal.translations import DOCS

log = get_plugin_logger(__name__)

KIT_STYLESHEET = "assets/stylesheets/portal.css"
KIT_SCRIPT = "assets/javascripts/portal.js"


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
        # This language build's own output files written beside MkDocs' (feeds).
        self.language_files: dict[str, bytes] = {}
        # The hand-written docs folder; config.docs_dir is pointed at the staging folder later.
        self.source_docs: Path | None = None
        # Set by portal.engine.mkdocs.parallel when each language is built in a process of its own: an
        # event set once the default language's pages are staged. Such a build hands its sitemap
        # back (`sitemap`) instead of writing it.
        self.default_staged = None
        self.sitemap: str | None = None
        self.search_enabled: bool | None = None
        # The checked content, when the caller (portal build) has checked it already.
        self.checked: CheckedSite | None = None

    def _language(self, config: MkDocsConfig) -> str:
        return (config.theme.get("language") or self.site.default_language).split("_")[0].split("-")[0]

    @event_priority(100)  # before i18n, which reads the docs folder we set here
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        compat.add_kit_theme(config)
        compat.set_navigation(
            config,
            [*navigation(), *self.config.extra_nav],
            [f"/{folder}/**/*.md" for folder in generated_folders()],
        )
        # The kit's stylesheet and script, on every page, without a line in the site's mkdocs.yml.
        if KIT_STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, KIT_STYLESHEET)
        if KIT_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.insert(0, KIT_SCRIPT)
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
        if lang != self.site.default_language:
            self.stage_language(lang)  # a further language: its pages, rendered in its own build
        if self.default_staged is not None:
            # A build of one language among parallel ones: the process that started it stages the
            # default language's pages meanwhile, and every language needs them (its fallback).
            self.default_staged.wait()
        return config

    def prepare(self, config: MkDocsConfig) -> None:
        """Check the content and compute what every language's pages share."""
        root = Path(config.config_file_path).parent
        set_language(language_from_environment())  # `mkdocs build` has no --lang; `portal` sets PORTAL_LANG
        try:
            checked = self.checked or checked_or_raise(Path(config.config_file_path))
        except ContentError as err:
            for problem in err.problems:
                log.error(str(problem))
            # Raised before MkDocs cleans the site folder: the last good site stays untouched.
            raise PluginError(_("The content has {n} problem(s); nothing was built.", n=len(err.problems))) from None
        for warning in checked.warnings:
            log.warning(str(warning))
        self.checked = None  # `mkdocs serve` checks again on every rebuild
        self.site, content, states = checked.site, checked.content, checked.translations
        self.content = content
        self.renderer = SiteRenderer(content, states)
        self.base_url = config.site_url or f"https://{self.site.calendar_uid_domain}/"
        # Written once into the output, by no language's build in particular.
        self.static_files = {
            # The browser editor for staff, configured from the model (when Decap is installed).
            **admin_files(content, root, self.site.editor_backend),
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
            others = tuple(f".{code}.md" for code in self.site.language_codes if code != lang)
            wanted = {**self.docs, **generated}
            sync_folder(self.staging, wanted, owns=lambda name: name in self.docs or not name.endswith(others))
        else:
            # Beside the other languages' builds, at the same time: this language's files only.
            own = f".{lang}.md"
            sync_folder(self.staging, generated, owns=lambda name: name.endswith(own) and name not in self.docs)
        # Feeds need nothing from MkDocs: they go straight into the output after the build
        # (through static-i18n, 9,000 feeds cost files × languages).
        self.language_files = {
            **self._language_folders(render_feeds(self.content, [lang])),
            **self._language_folders(render_news_feeds(self.content, self.base_url, [lang])),
            # The kinds' own files (the offers' feed), from the registry.
            **self._language_folders(language_files(self.content, self.base_url, lang)),
        }

    def _media_files(self) -> list[Path]:
        folder = self.site.content_dir / "media"
        return (
            sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")) if folder.is_dir() else []
        )

    def _language_folders(self, files: dict[str, bytes]) -> dict[str, bytes]:
        """events/feeds/all.en.ics -> en/events/feeds/all.ics: the output layout of static-i18n."""
        placed = {}
        for name, data in files.items():
            stem, _dot, ending = name.rpartition(".")
            base, _dot, lang = stem.rpartition(".")
            if base and lang in self.site.language_codes and lang != self.site.default_language:
                name = f"{lang}/{base}.{ending}"
            placed[name] = data
        return placed

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
        return context

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files) -> str:
        if page.meta.get("portal_page"):
            # Finished HTML from the content layer: parsing it as Markdown cost a third of the
            # build and changes nothing. It comes back in on_page_content.
            self.finished_bodies[page.file.src_uri] = markdown
            return ""
        state, stem = self._page_translation(page, config)
        if state is None:
            return markdown
        notice = render_notice(self.site, state.lang, state, f"{stem}.md").strip()
        return f"{notice}\n\n{markdown}" if notice else markdown

    def on_page_content(self, html: str, page, config: MkDocsConfig, files) -> str:
        if page.file.src_uri in self.finished_bodies:
            return self.finished_bodies.pop(page.file.src_uri)
        state, _ = self._page_translation(page, config)
        if state is not None and state.state == "missing":
            default = self.site.language(self.site.default_language)
            return f'<div lang="{default.code}" dir="{default.direction}">{html}</div>'
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
        own = [self.site.overrides_dir / "strings", self.site.overrides_dir / SITE_TEMPLATES]
        for file in [f for f in files if f.abs_src_path and any(Path(f.abs_src_path).is_relative_to(d) for d in own)]:
            files.remove(file)
        lang = self._language(config)
        kept = (lang, self.site.default_language)
        others = tuple(f".{code}.md" for code in self.site.language_codes if code not in kept)
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

    def _finish_page(self, html: str, lang: str, address: str | None) -> str:
        language = self.site.language(lang)
        return compat.finish_material_page(html, language.direction, address, lang, self.site.default_language)

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        if self.site is None:
            return output
        address = urljoin(config.site_url, page.url) if config.site_url else None
        return self._finish_page(output, self._language(config), address)

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        """The 404 page gets the footer and its text in the language of its build."""
        if self.site is None or template_name != "404.html":
            return context
        lang = self._language(config)
        t = Interface(lang, self.site.strings)
        home = context["base_url"].rstrip("/") + ("/" if lang == self.site.default_language else f"/{lang}/")
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
            output = self._finish_page(output, lang, None)
            if lang != self.site.default_language:
                _write_files(Path(config.site_dir), {f"{lang}/404.html": output.encode("utf-8")})
                return ""  # MkDocs writes nothing for an empty result: the root one stays German
        elif template_name == "sitemap.xml" and self.default_staged is not None:
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
        search = compat.search_plugin(config)
        if search is not None and search.config.enabled:
            lang = self._language(config)
            prefix = "" if lang == self.site.default_language else f"{lang}/"
            compat.write_language_index(site_dir, prefix, lang, search)
            search.config.enabled = False  # on_config switches it on again for the next language

    @event_priority(-200)  # after i18n has built every language
    def _write_shared_files_after_build(self, config: MkDocsConfig) -> None:
        if self.site is None or compat.i18n_in_nested_build(config):
            return
        self.write_shared_files(Path(config.site_dir))

    on_post_build = CombinedEvent(_write_language_files, _write_shared_files_after_build)

    def write_shared_files(self, site_dir: Path) -> None:
        """Schemas, media and the editor: written once, not by any language's build."""
        _write_files(site_dir, self.static_files)


def _write_files(site_dir: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _page_context(content, lang: str) -> dict:
    """Template values for every page in `lang`: the footer links and the news feed link."""
    t = Interface(lang, content.site.strings)
    prefix = "" if lang == content.site.default_language else f"{lang}/"
    return {
        "portal_footer": footer_links(content, lang),
        "portal_footer_label": str(t("legal_information")),
        "portal_news_feed": f"{prefix}news/feed.xml" if content.news else None,
        "portal_news_feed_title": str(t("news_feed")),
    }
