"""Every use of the internals of MkDocs, Material for MkDocs and mkdocs-static-i18n, in one place.

The portal relies on things these packages do not promise: attributes of static-i18n's
plugin, the shape of Material's search index and of its finished HTML, MkDocs' theme folder
list. Each use is a function here; each has a contract test in `tests/test_compat.py` that
fails when an installed version behaves differently, and each raises `EngineMismatch` (with
the package and version) where it can tell at build time, instead of building a wrong site.
Material for MkDocs is in end-of-life maintenance: when it changes or is replaced, this file
and its tests say what to adapt.

What it adjusts in Material's finished pages, because the theme offers no setting for it:

- `dir` on <html>: Material sets it on <body> only.
- invalid attributes (Nu Html Checker): `autocomplete` on Material's toggle checkboxes and the
  non-standard `autocorrect` on its search field.
- inline scripts: Material writes two small ones into every page; they are replaced by the
  same code as files (`material-scope.js`, `material-tabs.js`), so the Content-Security-Policy
  can forbid inline script altogether.
- hreflang links: Material writes one per language into every page's head, relative, and its
  script fetches `sitemap.xml` next to every alternate on every page load (nine requests, all
  missing, for a page-aware language switcher that mkdocs-static-i18n already provides). They
  are taken out: the sitemap names every page's alternates for search engines (with
  x-default, `sitemap_x_default`), which search engines take as equal to links in the
  page, and a reader's phone no longer loads 1.4 KB of them with every page (49 MB of HTML
  at 5,000 events in nine languages, `scripts/search_budget.py`). A browser test checks that
  no sitemap is fetched.
- hreflang values: static-i18n writes a language's site code, which for easy German (`ls`) is no
  valid language tag; they become the language's BCP 47 tag (`de-x-ls`), in pages and sitemap.
- Material's script: it costs a phone's processor a few hundred milliseconds right after the
  page appears (Lighthouse's "total blocking time") while a reader who only reads needs none
  of it. Its tag is replaced by `material-on-demand.js`, which loads it on the first
  interaction (the bundle's address in `data-bundle`).
- Material's page config (`__config`): its texts as UTF-8 instead of `\\uXXXX` escapes, half the
  size on an Arabic page (`page_config`, which also points its search at the language).
- an empty table of contents (`without_empty_toc`): its sidebar is left out, not an empty
  landmark that screen readers announce.
- the frame's icons (`frame_icons`): Material writes the icons of its header, drawer and search
  as inline SVG into every page (nine on an event page, seven different ones, 2 KB). They
  become references into one file of symbols,
  `assets/images/frame-icons.svg`, which the browser loads once and caches. Icons in the
  article, and any icon the file does not hold, stay inline.
- what Material writes the same into every page of a language (`SharedFrame`): its search dialog
  (1.2 KB on an Arabic page) and the texts of its script in the page config (0.6 KB). Without
  JavaScript neither does anything (Material's stylesheet hides the search). They go into the
  language's `interface-texts.js`, which every page loads in its head; `material-on-demand.js`
  puts them back before Material's script starts. A page whose dialog or texts differ from the
  language's keeps its own.
- the search dialog gets an accessible name (its own "Search" label): a `role="dialog"`
  without one fails axe and Lighthouse (`aria-dialog-name`).
- search: static-i18n merges every language into one `search/search_index.json`, and lunr's
  trimmer for several languages at once drops words in scripts none of them covers (Farsi,
  Pashto, Ukrainian). Each language's build writes its own index instead, with lunr set up for
  that language alone, and each page's Material config points its search at it (`page_config`).
- search at scale: a whole lunr index is 600-700 KB per language at 5,000 events, fetched on
  the first query. portal/search.py indexes each language's finished pages in small pieces
  instead, into the language's folder (Material's `base`); Material's search box stays and
  gets its answers through Material's documented worker protocol (search-index.js answers
  for the worker at `__config.search`). So the index Material fetches carries its settings but
  no entries, the search plugin collects none, and the article of every searchable page is
  marked `data-search-body`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import material
from jinja2 import TemplateNotFound
from mkdocs import utils as mkdocs_utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from portal.language_variants import babel_locale
from portal.messages import _
from portal.search import MARKER as SEARCH_BODY

KIT_THEME = Path(__file__).resolve().parent.parent.parent / "theme"


class EngineMismatch(PluginError):
    """An installed engine package no longer behaves as the portal expects."""

    def __init__(self, package: str, what: str):
        super().__init__(
            _(
                "{package} {version} behaves differently from the versions the portal kit was tested with: "
                "{what}. Install the versions the kit asks for (pip install --upgrade portal-kit), "
                "or report this to the kit's maintainers.",
                package=package,
                version=version(package),
                what=what,
            )
        )


# --- MkDocs -----------------------------------------------------------------------------------


def add_kit_theme(config: MkDocsConfig) -> None:
    """The kit's templates and assets, between the site's own overrides and Material.

    A site needs no overrides folder; where it has one (theme.custom_dir), its files win.
    """
    dirs = getattr(config.theme, "dirs", None)
    if not isinstance(dirs, list):
        raise EngineMismatch("mkdocs", "its theme has no list of template folders (Theme.dirs)")
    if str(KIT_THEME) in dirs:
        return  # on_config runs again for every language of static-i18n's loop
    custom = getattr(config.theme, "custom_dir", None)
    dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(KIT_THEME))


def set_navigation(config: MkDocsConfig, nav: list[str] | None, not_in_nav: list[str]) -> None:
    """The readers' navigation (unless the site's mkdocs.yml has its own) and the generated pages
    that are reached from overview pages, not from the navigation (MkDocs would list each one)."""
    import pathspec

    if nav is not None and not config.nav:
        config.nav = nav
    lines = [*(config.not_in_nav.patterns if config.not_in_nav is not None else []), *not_in_nav]
    patterns = [p.pattern if hasattr(p, "pattern") else str(p) for p in lines]
    config.not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines(lines=list(dict.fromkeys(p for p in patterns if p)))


MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"


def missing_theme_languages(languages: list[str], overrides_dir: Path | None) -> list[str]:
    """The site's languages for which no theme folder has Material's interface partial.

    Material fails with TemplateNotFound for such a language; the kit brings Pashto, a site
    brings others in `overrides/partials/languages/<code>.html`.
    """
    folders = [overrides_dir, KIT_THEME, MATERIAL_LANGUAGES.parent.parent]
    return [
        code
        for code in languages
        if not any(f and (f / "partials" / "languages" / f"{code}.html").is_file() for f in folders)
    ]


def never_clean_site_dir() -> None:
    """In a forked language build: the site folder holds the other languages' pages, being written."""
    mkdocs_utils.clean_directory = lambda _folder: None


# --- mkdocs-static-i18n ---------------------------------------------------------------------


def i18n_plugin(config: MkDocsConfig):
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return None
    for attribute in ("current_language", "building"):
        if not hasattr(i18n, attribute):
            raise EngineMismatch("mkdocs-static-i18n", f"its plugin has no attribute '{attribute}'")
    return i18n


def i18n_current_language(config: MkDocsConfig) -> str | None:
    i18n = i18n_plugin(config)
    return i18n.current_language if i18n is not None else None


def i18n_in_nested_build(config: MkDocsConfig) -> bool:
    """True inside one of the further languages that static-i18n builds after the default one."""
    i18n = i18n_plugin(config)
    return bool(i18n is not None and i18n.building)


def i18n_build_one_language(config: MkDocsConfig, lang: str) -> None:
    """Make static-i18n build `lang` as a further language of a running build (not the others)."""
    i18n = i18n_plugin(config)
    i18n.current_language = lang
    i18n.building = True


def i18n_languages(config: MkDocsConfig) -> list[str]:
    i18n = i18n_plugin(config)
    return [language.locale for language in i18n.config.languages if language.build]


# --- Material's search ----------------------------------------------------------------------

# Languages for which the installed Material ships lunr support (lunr.<code>.min.js).
_LUNR_FILES = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
LUNR_LANGUAGES = {path.name.split(".")[1] for path in _LUNR_FILES.glob("lunr.*.min.js")} - {"stemmer", "multi"}

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)([^<]*)(</script>)')


def search_plugin(config: MkDocsConfig):
    return config.plugins.get("search") or config.plugins.get("material/search")


def page_config(html: str, lang: str, default: str, shared: SharedFrame | None = None) -> str:
    """Material's page config (`__config`): its `base` (where the search index is fetched from)
    pointed at the page's language folder, and its texts as UTF-8, not \\uXXXX. Jinja's tojson
    escapes every letter outside ASCII, which made the config of an Arabic page 1.5 KB, not 0.7.
    With `shared`, the texts (the same on every page of the language) are kept there instead."""
    match = _CONFIG.search(html)
    if not match:
        return html
    config = json.loads(match.group(2))
    if shared is not None and shared.takes_texts(html, config.get("translations")):
        del config["translations"]
    if lang != default:
        if "base" not in config:
            raise EngineMismatch("mkdocs-material", 'its page config (script id="__config") has no "base"')
        # The trailing slash matters: Material resolves "search/search_index.json" against it.
        config["base"] = f"{config['base'].rstrip('/')}/{lang}/"
    text = json.dumps(config, ensure_ascii=False)
    # What tojson escapes for a page (htmlsafe_json_dumps), so no </script> or markup can form.
    for char in "<>&'":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return html[: match.start(2)] + text + html[match.end(2) :]


_ARTICLE = '<article class="md-content__inner md-typeset">'
_SEARCH_WORKER = re.compile(r'"search": "[^"]*/workers/search\.[0-9a-f]+\.min\.js"')


def mark_search_body(html: str) -> str:
    """Mark Material's article as what the search indexes (the navigation and footer are not)."""
    if _ARTICLE not in html:
        if '<div class="md-content"' in html:
            raise EngineMismatch("mkdocs-material", f"its pages have no {_ARTICLE}")
        return html
    return html.replace(_ARTICLE, _ARTICLE[:-1] + f" {SEARCH_BODY}>", 1)


def has_search_worker(html: str) -> bool:
    """Material's page config names its search worker where search-index.js expects it."""
    return bool(_SEARCH_WORKER.search(html))


def collect_no_search_entries(search) -> None:
    """Material's search plugin collects no entries (portal/search.py reads the finished pages instead)."""
    index = getattr(search, "search_index", None)
    if index is None or not callable(getattr(index, "add_entry_from_context", None)):
        raise EngineMismatch("mkdocs-material", "its search plugin keeps no search_index.add_entry_from_context")
    index.add_entry_from_context = lambda page: None


def lunr_languages(lang: str) -> list[str]:
    # For a language without lunr support, no stemmer at all: the default pipeline keeps words whole.
    lang = babel_locale(lang)  # easy German is stemmed as German
    return [lang] if lang in LUNR_LANGUAGES else ["en"]


def write_language_index(site_dir: Path, prefix: str, lang: str, search, rebuilt: set[str] | None = None) -> None:
    """Write the entries of Material's search index (one language's build) for that language.

    After a build of only some pages (`rebuilt`, see `build_pages`), the other pages' entries
    come from the index written before, in the order of a full build.
    """
    index = getattr(search, "search_index", None)
    if index is None or not hasattr(index, "entries") or not isinstance(getattr(index, "config", None), dict):
        raise EngineMismatch("mkdocs-material", "its search plugin keeps no search_index with entries and config")
    docs = [dict(entry, location=entry["location"].removeprefix(prefix)) for entry in index.entries]
    target = site_dir / prefix / "search" / "search_index.json"
    if rebuilt is not None and target.is_file():
        docs = _merged_entries(json.loads(target.read_text(encoding="utf-8"))["docs"], docs, prefix)
    # The same settings Material's own index carries, with lunr set up for this language alone.
    config = {key: index.config[key] for key in ("separator", "pipeline", "fields")}
    config["lang"] = lunr_languages(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"), default=str)
    target.write_text(text, encoding="utf-8")


def _merged_entries(old: list[dict], new: list[dict], prefix: str) -> list[dict]:
    """Each page's entries from `new` if it was built again, else from `old`; pages in build order."""

    def by_page(entries: list[dict]) -> dict[str, list[dict]]:
        pages: dict[str, list[dict]] = {}
        for entry in entries:
            pages.setdefault(entry["location"].split("#")[0], []).append(entry)
        return pages

    before, after = by_page(old), by_page(new)
    merged = []
    for url, built in _BUILD_ORDER:
        url = url.removeprefix(prefix)
        merged += after.get(url, []) if built else before.get(url, [])
    return merged


# --- building some pages only (the preview) ---------------------------------------------------

# (page url, built again) of every page of the last `build_pages`, in MkDocs' order.
_BUILD_ORDER: list[tuple[str, bool]] = []


def build_pages(config: MkDocsConfig, rebuild: set[str], same_pages: bool = False) -> None:
    """MkDocs' build, but only the pages whose source (src_uri) is in `rebuild` are rendered and
    written; every other page is only read (its title and meta, for the navigation), and the
    theme's files are copied only when they changed. The output equals a full build's when the
    other pages' sources are unchanged (tests/test_compat.py).

    `same_pages`: the language has the same pages as at its last build, so its sitemap is the
    same; then neither the sitemap nor the other pages' alternates (static-i18n's File objects
    for every page in every language, most of a partial build at 1,000 events) are made.
    """
    from mkdocs.commands import build as mkdocs_build

    for name in ("_populate_page", "_build_page"):
        if not callable(getattr(mkdocs_build, name, None)):
            raise EngineMismatch("mkdocs", f"mkdocs.commands.build has no function {name}")
    populate, build_page = mkdocs_build._populate_page, mkdocs_build._build_page
    _BUILD_ORDER.clear()
    if same_pages:
        _only_alternates_of(config, rebuild)
        config.theme.static_templates.discard("sitemap.xml")

    def populate_some(page, config, files, dirty=False):
        if page.file.src_uri in rebuild:
            populate(page, config, files)
        else:
            page.read_source(config)

    def build_some(page, config, doc_files, nav, env, dirty=False, excluded=False):
        built = page.file.src_uri in rebuild
        _BUILD_ORDER.append((page.url, built))
        if built:
            build_page(page, config, doc_files, nav, env, excluded=excluded)

    mkdocs_build._populate_page, mkdocs_build._build_page = populate_some, build_some
    # MkDocs warns that a dirty build has an inaccurate navigation: not this one, which reads
    # every page (staff would only be alarmed).
    quiet = _WithoutMessage("A 'dirty' build is being performed")
    mkdocs_build.log.addFilter(quiet)
    try:
        # dirty: MkDocs copies only the theme's and the docs' files that changed.
        mkdocs_build.build(config, dirty=True)
    finally:
        mkdocs_build._populate_page, mkdocs_build._build_page = populate, build_page
        mkdocs_build.log.removeFilter(quiet)


def _only_alternates_of(config: MkDocsConfig, rebuild: set[str]) -> None:
    """static-i18n finds each page's alternates on its own (a loop per page), so the alternates
    of the pages built are the same when the others' are left out."""
    i18n = i18n_plugin(config)
    if i18n is None:
        return
    find = getattr(i18n, "reconfigure_files_alternates", None)
    if not callable(find):
        raise EngineMismatch("mkdocs-static-i18n", "its plugin has no reconfigure_files_alternates()")

    def only_built(i18n_src_uris, alternate_src_uris, *args, **kwargs):
        wanted = {uri: file for uri, file in i18n_src_uris.items() if file.src_uri in rebuild}
        return find(wanted, alternate_src_uris, *args, **kwargs)

    i18n.reconfigure_files_alternates = only_built


class _WithoutMessage:
    def __init__(self, start: str) -> None:
        self.start = start

    def filter(self, record) -> bool:
        return not str(record.msg).startswith(self.start)


def keep_theme_templates(cache_dir: Path) -> None:
    """For the preview's many short builds, each in a fresh fork: Jinja keeps the compiled theme
    templates in `cache_dir` (compiling Material's templates took most of a one-page build), and
    the list of the theme's static files is kept there too (MkDocs walks thousands of icons on
    every build). `forget_theme_files` drops the list when overrides/ change.

    MkDocs makes a new Jinja environment per build in `Theme.get_env`; this wraps it.
    """
    import hashlib

    import jinja2
    from mkdocs.theme import Theme

    if getattr(Theme.get_env, "portal_keeps_templates", False):
        return
    if not callable(getattr(Theme, "get_env", None)):
        raise EngineMismatch("mkdocs", "its Theme has no get_env()")
    cache_dir.mkdir(parents=True, exist_ok=True)
    original = Theme.get_env

    def get_env(theme):
        env = original(theme)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
        key = repr((list(theme.dirs), list(theme.static_templates))).encode()
        kept = cache_dir / f"theme-files-{hashlib.sha256(key).hexdigest()[:16]}.json"
        list_templates = env.list_templates

        def listed(extensions=None, filter_func=None):
            if extensions is not None or filter_func is None:
                return list_templates(extensions, filter_func)
            # Only MkDocs' add_files_from_theme asks with a filter (the theme's static files).
            if kept.is_file():
                return json.loads(kept.read_text(encoding="utf-8"))
            names = list_templates(filter_func=filter_func)
            scratch = kept.with_suffix(f".{os.getpid()}")
            scratch.write_text(json.dumps(names), encoding="utf-8")
            scratch.replace(kept)  # whole or not at all: languages' builds read it at the same time
            return names

        env.list_templates = listed
        return env

    get_env.portal_keeps_templates = True
    get_env.portal_cache_dir = cache_dir
    Theme.get_env = get_env


def forget_theme_files() -> None:
    """The theme's files may have changed (overrides/): list them again on the next build."""
    from mkdocs.theme import Theme

    cache_dir = getattr(Theme.get_env, "portal_cache_dir", None)
    if cache_dir is not None:
        for path in cache_dir.glob("theme-files-*.json"):
            path.unlink(missing_ok=True)


# --- Material's finished pages --------------------------------------------------------------

_HTML_TAG = re.compile(r'<html lang="([^"]+)"')
_HREFLANG = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">\n?')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_SCOPE_SCRIPT = re.compile(r'<script>__md_scope=new URL\("([^"]*)",location\),__md_hash=.*?</script>', re.DOTALL)
_INLINE_SCRIPT = re.compile(r"<script>(?!\s*</script>)")
_BUNDLE_SCRIPT = re.compile(r'<script src="([^"]*?)(bundle\.[0-9a-f]{8,}\.min\.js)"></script>')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(r'<nav class="md-search__options" aria-label="([^"]*)"')
_TABS_SCRIPT = re.compile(
    r"<script>var target=document\.getElementById\(location\.hash\.slice\(1\)\);.*?</script>", re.DOTALL
)


def finish_material_page(
    html: str,
    direction: str,
    lang: str,
    default: str,
    tags: dict[str, str] | None = None,
    icons: FrameIcons | None = None,
    shared: SharedFrame | None = None,
) -> str:
    """Every adjustment of one of Material's finished pages (see the module's docstring).

    `shared`: where the parts every page of the language has in common are kept, out of the page.
    """
    html = external_scripts(valid_markup(set_direction(html, direction)))
    html = search_dialog_name(material_on_demand(html))
    if shared is not None:
        html = shared.without_dialog(html)  # before the icons: the kept dialog keeps its own
    if icons is not None:
        html = icons.referenced(html)
    html = without_hreflang_links(html)
    html = language_tags(html, tags or {})
    html = without_empty_toc(html)
    if _INLINE_SCRIPT.search(html):
        raise EngineMismatch(
            "mkdocs-material", "its pages carry inline scripts the portal does not know (the CSP forbids them)"
        )
    return page_config(html, lang, default, shared)


_EMPTY_TOC = re.compile(
    r'<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc" ?(?:hidden)?>\s*'
    r'<div class="md-sidebar__scrollwrap">\s*<div class="md-sidebar__inner">\s*'
    r'<nav class="md-nav md-nav--secondary" aria-label="[^"]*">\s*</nav>\s*</div>\s*</div>\s*</div>\s*'
)


FRAME_ICONS = "assets/images/frame-icons.svg"
_ICON_DEFAULT = re.compile(r'\bor "([a-z]+/[a-z0-9-]+)"')  # {% set icon = config.theme.icon.menu or "material/menu" %}
_INLINE_ICON = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([0-9. ]+)">(.*?)</svg>', re.DOTALL)
_ASSETS_PREFIX = re.compile(r'<link rel="stylesheet" href="([^"]*?)assets/stylesheets/main\.[0-9a-f]+\.min\.css">')
_CONTENT_START = '<div class="md-content" data-md-component="content">'


@dataclass(frozen=True)
class FrameIcons:
    """Material's frame icons as symbols of one file, and each icon's inline markup -> symbol id."""

    sprite: bytes
    ids: dict[str, str]

    def referenced(self, html: str) -> str:
        """The page with its frame's known inline icons as references into the symbols' file.

        The frame is what lies outside Material's content block (header, drawer, search, the
        back-to-top button): the article's own icons stay as they are.
        """
        prefix = _ASSETS_PREFIX.search(html)
        start, end = html.find(_CONTENT_START), html.rfind("</article>")
        if prefix is None or start < 0 or end < start:
            return html
        href = prefix.group(1) + FRAME_ICONS

        def reference(match: re.Match) -> str:
            symbol = self.ids.get(match.group(0))
            return f'<svg><use href="{href}#{symbol}"/></svg>' if symbol else match.group(0)

        return _INLINE_ICON.sub(reference, html[:start]) + html[start:end] + _INLINE_ICON.sub(reference, html[end:])


_DIALOG = re.compile(
    r'<div class="md-search" data-md-component="search" role="dialog"[^>]*>.*?</ol>(?:\s*</div>){5}\s*', re.DOTALL
)


@dataclass
class SharedFrame:
    """The search dialog and the script's texts of one language's pages, taken out of them.

    The first page sets them; a later page gives up its own only where it has the same. A page
    that does not load the language's texts file keeps everything.
    """

    texts_file: str  # e.g. "ar/interface-texts.js": only pages that load it give up their parts
    dialog: str | None = None
    translations: dict | None = None

    def _loads_texts(self, html: str) -> bool:
        return 0 <= html.find(f'{self.texts_file}"></script>') < html.find("</head>")  # in the head

    def without_dialog(self, html: str) -> str:
        match = _DIALOG.search(html)
        if match is None or not self._loads_texts(html):
            return html
        self.dialog = self.dialog or match.group(0)
        if match.group(0) != self.dialog:
            return html
        return html[: match.start()] + html[match.end() :]

    def takes_texts(self, html: str, translations: dict | None) -> bool:
        if not translations or not self._loads_texts(html):
            return False
        self.translations = self.translations or translations
        return translations == self.translations

    def texts(self) -> dict:
        """What `interface-texts.js` carries for `material-on-demand.js`."""
        return {"searchDialog": self.dialog, "translations": self.translations}


def frame_icons(config: MkDocsConfig) -> FrameIcons:
    """The icons Material's templates can put in the frame: each template's default ("material/menu")
    and every icon the site's `theme.icon` names, read through the theme's folders (a site's
    overrides and the kit's theme win over Material, as in its pages)."""
    env = config.theme.get_env()
    names = set()
    for folder in config.theme.dirs:
        for template in [Path(folder) / "base.html", *sorted((Path(folder) / "partials").glob("*.html"))]:
            if template.is_file():
                names.update(_ICON_DEFAULT.findall(template.read_text(encoding="utf-8")))
    names.update(value for value in (config.theme.get("icon") or {}).values() if isinstance(value, str))
    symbols, ids = [], {}
    for name in sorted(names):
        try:
            source = env.loader.get_source(env, f".icons/{name}.svg")[0]
        except TemplateNotFound:  # a name no theme folder has: its icon, if any, stays inline
            continue
        # The page holds the file's text as Material's include writes it: without its final line break.
        inline = source.rstrip("\n")
        match = _INLINE_ICON.fullmatch(inline)
        if match is None or inline in ids:
            continue
        # A name from the icon's own markup, the same in every build and every language's process.
        symbol = "i" + hashlib.sha1(inline.encode("utf-8")).hexdigest()[:8]
        ids[inline] = symbol
        symbols.append(f'<symbol id="{symbol}" viewBox="{match.group(1)}">{match.group(2)}</symbol>')
    sprite = '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n"
    return FrameIcons(sprite.encode("utf-8"), ids)


class NavigationCache:
    """Material's `site_nav` block (the navigation drawer and the table of contents beside it)
    rendered once per folder instead of once per page, for the pages outside the navigation.

    The block depends on the page only through the active entries (none, for a page outside the
    navigation), the page's table of contents (empty: the portal's generated pages have none),
    its `hide` setting, and the links, which are relative to the page's folder. The 45,000
    event pages of a national portal share one drawer per language: rendering it was a tenth
    of the build. The theme's main.html asks `key` and keeps what it rendered with `keep`; a
    cache serves one navigation, that is one language's build.
    """

    def __init__(self, nav) -> None:
        self.kept: dict[tuple, str] = {}
        # Every navigation entry's address and the folders above it: a page at one of them is
        # in the navigation, or has an entry below it (whose link does not start with ../).
        self.in_nav = {""}
        for page in nav.pages:
            self.in_nav.update(page.url[: index + 1] for index, char in enumerate(page.url) if char == "/")
            self.in_nav.add(page.url)

    def key(self, page) -> tuple | None:
        """What the page's block is the same for, or None where it must be rendered."""
        if page is None or page.url in self.in_nav or len(page.toc):
            return None
        directory = page.url.endswith("/")
        folder = page.url.rstrip("/").rpartition("/")[0]
        return (folder, directory, tuple(page.meta.get("hide") or ()))

    def get(self, key: tuple) -> str | None:
        return self.kept.get(key)

    def keep(self, key: tuple, html: str) -> str:
        self.kept[key] = html
        return html


def without_empty_toc(html: str) -> str:
    """Material's table-of-contents sidebar when it lists nothing (most of the portal's pages):
    an empty "Table of contents" landmark for screen readers, 300 bytes a page, and the room
    of a column on a wide screen, as with `hide: toc`."""
    return _EMPTY_TOC.sub("", html, count=1)


def valid_markup(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    return html.replace(' autocorrect="off"', "", 1)


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


def language_tags(text: str, tags: dict[str, str]) -> str:
    """hreflang values as BCP 47 tags: static-i18n writes its site codes (easy German: ls -> de-x-ls).

    Its language switcher, Material's alternate links and static-i18n's sitemap all take the
    code from the i18n configuration, which accepts only two-letter codes.
    """
    for code, tag in tags.items():
        text = text.replace(f'hreflang="{code}"', f'hreflang="{tag}"')
    return text


def sitemap_x_default(sitemap: str, default_tag: str) -> str:
    """static-i18n's sitemap, each page's alternates followed by x-default: the default language's
    page (what the pages' hreflang links said before they were taken out)."""
    link = re.compile(rf'(\n *)<xhtml:link rel="alternate" hreflang="{re.escape(default_tag)}" href="([^"]*)"/>')

    def add(match: re.Match) -> str:
        indent, href = match.groups()
        return f'{match.group(0)}{indent}<xhtml:link rel="alternate" hreflang="x-default" href="{href}"/>'

    return link.sub(add, sitemap)


def material_on_demand(html: str) -> str:
    """Material's bundle loaded at the first interaction (assets/javascripts/material-on-demand.js)."""
    return _BUNDLE_SCRIPT.sub(
        lambda m: f'<script src="{m.group(1)}material-on-demand.js" data-bundle="{m.group(1)}{m.group(2)}"></script>',
        html,
        count=1,
    )


def search_dialog_name(html: str) -> str:
    """The search dialog named by its own label ("Suche", "بحث")."""
    label = _SEARCH_LABEL.search(html)
    if _SEARCH_DIALOG not in html or label is None:
        return html
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label.group(1)}">', 1)


def set_direction(html: str, direction: str) -> str:
    return _HTML_TAG.sub(lambda m: f'<html lang="{m.group(1)}" dir="{direction}"', html, count=1)


def without_hreflang_links(html: str) -> str:
    """The page without Material's hreflang links: the sitemap names the alternates."""
    return _HREFLANG.sub("", html)
