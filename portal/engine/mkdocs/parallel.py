"""Every language built in a process of its own, on all cores.

mkdocs-static-i18n builds the languages one after another, inside the default language's
build: one core idles, and the theme's files, the docs' images, the search index, the sitemap
and the 404 page are written again by every language. Here the portal's plugin checks the
content once, in this process; then a process is forked per language (it inherits the checked
content), renders that language's pages and builds them: static-i18n in it is told that it
is building that one language as a further language of a running build, so it does not start
the others itself. Meanwhile this process renders the default language's pages, which every
language's build waits for (they are its fallback).

Each language's build writes only its own files (the plugin sees to it, in
`portal.engine.mkdocs.plugin`): the theme's assets and 404 page come from the default language's
build, every language's search index and 404 page go into its own folder, and the sitemap
entries come back here to be written as one sitemap of all languages.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import re
import traceback
from multiprocessing.connection import wait
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from portal.engine.mkdocs import compat
from portal.messages import _


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_languages(config: MkDocsConfig, site_dir: Path, jobs: int | None = None) -> dict[str, str]:
    """Build the site in `config` into the empty folder `site_dir`, languages in parallel.

    Returns each language's sitemap entries (the preview joins them again after a partial build).
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")  # none would ever start
    portal = config.plugins["portal"]
    config.site_dir = str(site_dir)
    if "fork" not in multiprocessing.get_all_start_methods():
        build(config)  # Windows has no fork: static-i18n's own loop, one language after another
        return {}
    portal.prepare(config)  # check the content, once, before the processes fork
    default = portal.site.default_language
    languages = compat.i18n_languages(config)
    context = multiprocessing.get_context("fork")
    portal.default_staged = context.Event()

    def stage_default_language() -> None:
        # While the first languages' processes render their own pages: every language's build
        # needs the default language's pages before it starts (they are its fallback).
        portal.stage_language(default)
        portal.default_staged.set()

    results = site_dir.parent / f".{site_dir.name}-languages"
    results.mkdir(exist_ok=True)
    # The default language's build last: its pages are staged by this process meanwhile.
    order = [lang for lang in languages if lang != default] + [default]
    try:
        _run_forked(context, config, order, results, jobs or available_cores(), stage_default_language, default)
        sitemaps = {lang: (results / f"{lang}.sitemap.xml").read_text(encoding="utf-8") for lang in languages}
    finally:
        for path in results.iterdir():
            path.unlink()
        results.rmdir()
    write_sitemap(site_dir, [sitemaps[lang] for lang in languages], config.site_url)
    portal.write_shared_files(site_dir)
    return sitemaps


class BuildInterrupted(Exception):
    """A language's build was stopped because something more urgent came (`interrupted`)."""


def build_language_pages(
    config: MkDocsConfig, lang: str, rebuild: set[str], same_pages: bool = False, interrupted=None
) -> str | None:
    """Build only the pages `rebuild` (staged names) of `lang` into config.site_dir, which holds a
    complete build; returns the language's sitemap entries. The caller has staged the pages.

    `same_pages`: the language has the pages of its last build; its sitemap is not made (None).
    `interrupted`: asked now and then while the build runs; when it says yes, the build stops
    and BuildInterrupted is raised (pages may be half written: the caller builds them again).
    """
    portal = config.plugins["portal"]
    portal.rebuilt = rebuild
    portal.same_pages = same_pages
    context = multiprocessing.get_context("fork")
    portal.default_staged = context.Event()
    portal.default_staged.set()  # staged by the caller: nothing to wait for
    site_dir = Path(config.site_dir)
    results = site_dir.parent / f".{site_dir.name}-languages"
    results.mkdir(exist_ok=True)
    try:
        _run_forked(context, config, [lang], results, 1, None, interrupted=interrupted)
        return None if same_pages else (results / f"{lang}.sitemap.xml").read_text(encoding="utf-8")
    finally:
        for path in results.iterdir():
            path.unlink()
        results.rmdir()


# How often a build that may be interrupted asks whether it should stop (seconds).
INTERRUPT_POLL_SECONDS = 0.5


def _run_forked(
    context,
    config: MkDocsConfig,
    languages: list[str],
    results: Path,
    jobs: int,
    after_start,
    started_after: str | None = None,
    interrupted=None,
) -> None:
    """At most `jobs` language builds at a time, each in a fresh fork of this process.

    `after_start` runs here once the first builds have started; the build of `started_after`
    only after it has run (its fork must inherit what after_start made: the default language's
    feeds, which with as many cores as languages were missing from its build). `interrupted`
    (if given) is asked every half second whether to stop the builds (BuildInterrupted).
    """
    waiting = list(languages)
    running: dict[int, tuple[str, multiprocessing.Process]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < jobs and not (waiting[0] == started_after and after_start):
                lang = waiting.pop(0)
                process = context.Process(target=_build_one_language, args=(config, lang, results), name=lang)
                process.start()
                running[process.sentinel] = (lang, process)
            if after_start is not None:
                after_start()
                after_start = None
                continue  # start the build that waited for it
            finished = wait(list(running), timeout=None if interrupted is None else INTERRUPT_POLL_SECONDS)
            if not finished and interrupted():
                raise BuildInterrupted(", ".join(lang for lang, _process in running.values()))
            for sentinel in finished:
                lang, process = running.pop(sentinel)
                process.join()
                if process.exitcode != 0:
                    error_file = results / f"{lang}.error"
                    reason = error_file.read_text(encoding="utf-8") if error_file.is_file() else ""
                    raise PluginError(
                        _("the build of the language '{lang}' failed: {reason}", lang=lang, reason=reason)
                        if reason
                        else _(
                            "the build of the language '{lang}' stopped unexpectedly (exit code {code})",
                            lang=lang,
                            code=process.exitcode,
                        )
                    )
    finally:
        for _lang, process in running.values():
            process.terminate()
            process.join()


def _build_one_language(config: MkDocsConfig, lang: str, results: Path) -> None:
    """In the forked process: build `lang` only, into the shared site folder."""
    try:
        compat.i18n_build_one_language(config, lang)
        compat.never_clean_site_dir()
        rebuilt = config.plugins["portal"].rebuilt
        if rebuilt is None:
            build(config)
        else:
            compat.build_pages(config, rebuilt, config.plugins["portal"].same_pages)
        sitemap = config.plugins["portal"].sitemap or ""
        (results / f"{lang}.sitemap.xml").write_text(sitemap, encoding="utf-8")
    except BaseException as err:  # noqa: BLE001 - whatever it was, the parent must hear of it
        if os.environ.get("PORTAL_DEBUG"):  # staff get the parent's sentence, not a traceback
            traceback.print_exc()
        (results / f"{lang}.error").write_text(str(err) or type(err).__name__, encoding="utf-8")
        os._exit(1)
    os._exit(0)  # no atexit handlers of the parent (pytest, temp folders) in the child


_URL_ENTRY = re.compile(r"<url>.*?</url>", re.DOTALL)
_SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)
# The sitemap protocol's limits for one file (sitemaps.org): 50,000 addresses, 50 MiB uncompressed.
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 50 * 1024 * 1024


def write_sitemap(site_dir: Path, sitemaps: list[str], site_url: str | None = None) -> None:
    """The pages of every language, each with its alternates (the pages carry none): one
    sitemap.xml (and .gz) while it keeps within the protocol's limits, else gzipped numbered
    parts and sitemap.xml as their index."""
    entries = [entry for sitemap in sitemaps for entry in _URL_ENTRY.findall(sitemap)]
    parts = _sitemap_parts(entries)
    if len(parts) == 1 or not site_url:
        _write_xml(site_dir / "sitemap.xml", _urlset(entries))
        return
    base = site_url.rstrip("/") + "/"
    # The parts only gzipped (the protocol allows it, search engines read it): a national
    # portal's alternates in nine languages are 60 MB of XML, 3 MB gzipped.
    for number, part in enumerate(parts, start=1):
        _write_gzip(site_dir / f"sitemap-{number}.xml.gz", _urlset(part))
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"\n    <sitemap><loc>{base}sitemap-{n}.xml.gz</loc></sitemap>" for n in range(1, len(parts) + 1))
        + "\n</sitemapindex>\n"
    )
    _write_xml(site_dir / "sitemap.xml", index)


def _urlset(entries: list[str]) -> str:
    return _SITEMAP_HEAD + "".join(f"\n    {entry}" for entry in entries) + "\n</urlset>\n"


def _sitemap_parts(entries: list[str]) -> list[list[str]]:
    room = SITEMAP_MAX_BYTES - len(_urlset([]).encode("utf-8"))
    parts: list[list[str]] = [[]]
    size = 0
    for entry in entries:
        length = len(entry.encode("utf-8")) + 5  # the line break and indentation before it
        if parts[-1] and (len(parts[-1]) >= SITEMAP_MAX_URLS or size + length > room):
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += length
    return parts


def _write_xml(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    _write_gzip(path.with_name(path.name + ".gz"), text)


def _write_gzip(path: Path, text: str) -> None:
    # mtime 0: the same content gives the same bytes (the build is deterministic).
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
