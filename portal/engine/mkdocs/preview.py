"""`portal serve`: the preview for staff, rebuilt in a second or two after each save.

The first build is a full one (languages in parallel). After that, a change of a content file
re-renders only the pages the change affects (`portal.dependencies`), and MkDocs writes only
those pages again (`compat.build_pages`), in the language being previewed first: the browser
reloads as soon as that language is done; the other languages follow, one after another.
A change of what every page shows (settings, templates, strings, the footer's pages, the
glossary) builds everything again, beside the last good site, and swaps it in.

While the content has errors, nothing is built: the preview keeps the last good site and
shows, on every page, a banner that lists the problems (file, line, field) in the staff
member's language; it recovers by itself once they are fixed. The server is a small one of
its own (no MkDocs livereload): it serves the built folder, adds the banner and a script that
waits for the next version, and knows which language the browser shows.
"""

from __future__ import annotations

import html
import json
import logging
import resource
import shutil
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from portal.check import CheckedSite, check_site
from portal.content import Content, ContentCache
from portal.dependencies import (
    MONTH_PAGES,
    affected_item_pages,
    affected_month_pages,
    affects_everything,
    classify,
    is_month_page,
    item_page_test,
)
from portal.engine.mkdocs import compat
from portal.engine.mkdocs.parallel import BuildInterrupted, build_language_pages, build_languages, write_sitemap
from portal.engine.mkdocs.plugin import index_search
from portal.feeds import FeedCache
from portal.messages import _, current_language, set_language
from portal.problems import ContentError, Problem
from portal.render.pages import page_url
from portal.site import Language
from portal.staging import folder_files, replace_folder

log = logging.getLogger("portal.preview")

RELOAD_PATH = "/.portal/reload"
STATUS_PATH = "/.portal/status"
# How often the watcher looks at the files' modification times (seconds).
POLL_SECONDS = 0.2


class Preview:
    """The preview's state: the built site, the problems, and which languages are behind."""

    def __init__(self, config_file: Path, site_dir: Path | None = None) -> None:
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.site_dir = (site_dir or self.root / ".portal" / "preview").resolve()
        compat.keep_theme_templates(self.site_dir.parent / f".{self.site_dir.name}-templates")
        self.version = 0  # goes up when the browser should reload
        self.changed = threading.Condition()
        self.problems: list[Problem] = []
        self.checked: CheckedSite | None = None
        self.built: dict[str, Content] = {}  # per language: the content it was built from
        self.pending: dict[str, set[Path]] = {}  # per language: files changed since its build
        self.everything_pending = False
        self.sitemaps: dict[str, str] = {}
        self.languages: list[str] = []
        self.default_language = "de"
        self.previewed: str | None = None  # the language of the last page the browser asked for
        self.last_timing: dict[str, float] = {}
        self.full_builds = 0
        # The staff member's language, for the server's and the watcher's threads too (each
        # thread starts with the default of the messages' context variable).
        self.language = current_language()
        self.stamps: dict[Path, float] = {}
        self.cache = ContentCache()  # what each file gave when last read: a save re-reads only that file
        self.docs_names: set[str] = set()
        # Languages whose pages were built and whose feeds, offline lists and search index are
        # still to be written (the plugin of their build, whether they have a search index).
        self.finishing: dict[str, tuple[object, bool]] = {}
        self.building: str | None = None  # the language whose build runs now
        self.listed: dict[str, set[str]] = {}  # per language: its generated pages at its last partial build
        self.unbuilt: dict[str, set[str]] = {}  # per language: pages staged by a build that was interrupted
        self.early: set[Path] = set()  # files saved while a build ran, seen by saved_meanwhile()
        self.feeds = FeedCache()  # what the feeds were made of: a save puts together only those it changes

    # --- watching ---------------------------------------------------------------------------

    def watched_files(self) -> dict[Path, float]:
        stamps = {}
        for folder in (self.root / "content", self.root / "docs", self.root / "overrides"):
            if folder.is_dir():
                for path in folder.rglob("*"):
                    if path.is_file() and not path.name.startswith("."):
                        try:
                            stamps[path] = path.stat().st_mtime_ns
                        except FileNotFoundError:
                            continue
        stamps[self.config_file] = self.config_file.stat().st_mtime_ns
        return stamps

    def changes(self) -> set[Path]:
        now = self.watched_files()
        changed = {path for path in now.keys() | self.stamps.keys() if now.get(path) != self.stamps.get(path)}
        self.stamps = now
        return changed

    # --- building ---------------------------------------------------------------------------

    def check(self) -> CheckedSite | None:
        """Check everything; report the problems (errors as errors, warnings as warnings)."""
        try:
            checked = check_site(self.config_file, self.cache)
            problems = checked.problems
        except ContentError as err:
            checked, problems = None, err.problems
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        for problem in problems:
            (log.error if problem.severity == "error" else log.warning)("%s", problem)
        if errors:
            log.error(
                "%s",
                _(
                    "{n} problem(s) in {files} file(s). The preview shows the last good version until they are fixed.",
                    n=len(errors),
                    files=len({p.path for p in errors}),
                ),
            )
            return None
        return checked

    def _config(self, checked: CheckedSite):
        config = load_config(str(self.config_file))
        config.plugins["portal"].checked = checked
        config.plugins["portal"].report_warnings = False  # reported by check()
        return config

    def build_all(self, checked: CheckedSite) -> None:
        """A full build beside the last good site, swapped in when it is complete."""
        started = time.perf_counter()
        compat.forget_theme_files()  # overrides/ may have changed
        config = self._config(checked)
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-", dir=self.site_dir.parent))
        try:
            self.sitemaps = build_languages(config, scratch)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        replace_folder(scratch, self.site_dir)
        self.feeds = FeedCache()  # the settings, strings or templates may have changed
        self.listed, self.unbuilt = {}, {}
        site = checked.site
        self.languages, self.default_language = site.language_codes, site.default_language
        self.built = dict.fromkeys(self.languages, checked.content)
        self.pending = {}
        self.everything_pending = False
        self.docs_names = set(folder_files(self.root / "docs"))
        self.full_builds += 1
        self.last_timing = {"all": time.perf_counter() - started}
        log.info("%s", _("Preview built in {seconds:.1f} s", seconds=self.last_timing["all"]))

    def build_language(self, checked: CheckedSite, lang: str, paths: set[Path], interruptible: bool = False) -> bool:
        """Build again only what `paths` affect, in `lang`. `interruptible` (a language nobody is
        looking at): a save meanwhile stops the build, and False is returned; the language stays
        behind, with what it was to build, and the saved file is built first."""
        started = time.perf_counter()
        before, after = self.built[lang], checked.content
        change = classify(paths, after, self.root / "docs")
        config = self._config(checked)
        config.site_dir = str(self.site_dir)
        portal = config.plugins["portal"]
        portal.prepare(config, media_and_schemas=False)
        pages = affected_item_pages(before, after, change.items)
        months = affected_month_pages(before, after, change.items)
        is_item_page = item_page_test(after)
        staged_months = self._staged_month_pages(portal, lang)

        def wanted(src: str) -> bool:
            if src in pages:
                return True
            if is_item_page(src):
                return False
            # The lists, filters and overviews always; of the month grids those of the changed days.
            return months is None or src in months or not is_month_page(src)

        rebuild, removed = portal.stage_pages(lang, wanted, change.docs)
        if months is not None and {src for src in portal.renderer.listed if is_month_page(src)} != staged_months:
            # A month came or went: every month page names the calendar's first and last month.
            more, _gone = portal.stage_pages(lang, lambda src: src in pages or not is_item_page(src), set())
            rebuild |= more
        prefix = "" if lang == self.default_language else f"{lang}/"
        for src in removed:
            # The page's folder: its page and what belongs to it alone (an event's .ics).
            folder = self.site_dir / prefix / page_url(src)
            if src.endswith("index.md"):
                (folder / "index.html").unlink(missing_ok=True)  # the pages below it have their own fate
            else:
                shutil.rmtree(folder, ignore_errors=True)
        search = compat.search_plugin(config)
        portal.search_index_later = True
        # The usual edit keeps the language's pages (and so its sitemap) as they were; an added or
        # removed page changes the list (an interrupted build's too: `listed` is set on success only).
        same_pages = self.listed.get(lang) == portal.renderer.listed
        rebuild |= self.unbuilt.pop(lang, set())
        try:
            sitemap = build_language_pages(
                config, lang, rebuild, same_pages, self.saved_meanwhile if interruptible else None
            )
        except BuildInterrupted:
            # Staged but not built: the next build of the language builds these pages too (their
            # staged text no longer differs from what it will render).
            self.unbuilt[lang] = rebuild
            self.pending.setdefault(lang, set()).update(paths)
            log.info("%s", _("{lang}: stopped for a newer save; built again after it", lang=lang))
            return False
        if sitemap is not None:
            self.sitemaps[lang] = sitemap
        self.listed[lang] = set(portal.renderer.listed)
        self.built[lang] = after
        self.finishing[lang] = (portal, search is not None and search.config.enabled)
        self.last_timing[lang] = time.perf_counter() - started
        log.info(
            "%s",
            _(
                "{lang}: {n} page(s) built again in {seconds:.1f} s",
                lang=lang,
                n=len(rebuild),
                seconds=self.last_timing[lang],
            ),
        )
        return True

    def saved_meanwhile(self) -> bool:
        """Whether a file was saved since the last look (kept for the next step)."""
        self.early |= self.changes()
        return bool(self.early)

    def finish_languages(self) -> None:
        """What the pages do not show, for the languages whose pages were just built: their feeds,
        offline lists, the sitemap and the search index. For the language being previewed this
        comes after the reload (at 1,000 events the feeds and the search index took seconds)."""
        if not self.finishing:
            return
        for lang, (portal, searchable) in sorted(self.finishing.items()):
            portal.write_feed_files(self.site_dir, lang, self.feeds)
            portal.write_shared_files(self.site_dir, [lang])
            if searchable:
                index_search(self.site_dir, portal.site.layout, lang)
        write_sitemap(self.site_dir, [self.sitemaps[code] for code in self.languages])
        self.finishing.clear()

    @staticmethod
    def _staged_month_pages(portal, lang: str) -> set[str]:
        """The month pages (by src) of `lang` in the staging folder: what the last build had."""
        layout = portal.site.layout
        folder = portal.staging / MONTH_PAGES
        found = set()
        for path in folder.glob("*.md") if folder.is_dir() else []:
            src, language = layout.language_of(MONTH_PAGES + path.name)
            if language == lang and is_month_page(src):
                found.add(src)
        return found

    def needs_everything(self, paths: set[Path], checked: CheckedSite) -> bool:
        docs = self.root / "docs"
        for lang in self.languages:
            change = classify(paths, checked.content, docs)
            if change.everything or change.other_docs_files or affects_everything(self.built[lang], checked.content):
                return True
        # A page added to docs/ or removed from it can change the navigation of every page.
        return set(folder_files(docs)) != self.docs_names

    def step(self) -> bool:
        """Look for changes and build what is behind; returns whether anything was done."""
        changed = self.early | self.changes()
        self.early = set()
        if changed:
            self.cpu_since_change = _cpu_seconds()
            for lang in self.languages:
                self.pending.setdefault(lang, set()).update(changed)
            shown = self.banner()
            self.checked = self.check()
            if self.checked is not None and (not self.built or self.needs_everything(changed, self.checked)):
                self.everything_pending = True
            if self.banner() != shown:
                self._bump()  # the banner appears, changes or goes: reload now, not after the build
        if self.checked is None or not (self.pending or self.everything_pending):
            return bool(changed)
        try:
            if self.everything_pending:
                self.build_all(self.checked)
            else:
                lang = self.previewed if self.previewed in self.pending else next(iter(self.pending))
                self.building = lang
                previewed = lang == (self.previewed or self.default_language)
                if not self.build_language(self.checked, lang, self.pending.pop(lang), interruptible=not previewed):
                    return True  # a newer save: the next step builds the previewed language first
                if previewed:
                    # The machine's work from the save to the reload: on a busy machine (as in
                    # the benchmark) it says more than the wall-clock time.
                    self.last_timing["cpu_to_reload"] = _cpu_seconds() - self.cpu_since_change
                elif self.pending:
                    self.finish_languages()  # nobody waits for this language's page: at once
                    return True  # the browser shows another language: it reloads when that one is done
            self._bump()
            self.finish_languages()
        except (PluginError, Abort, OSError) as err:
            log.error("%s", _("the build failed: {error}", error=err))
            self.problems = [Problem(self.config_file.name, None, None, _("the build failed: {error}", error=err))]
            self.everything_pending = True
            self.checked = None
            self.finishing.clear()
            self._bump()
        finally:
            self.building = None
        return True

    @property
    def behind(self) -> list[str]:
        """The languages not yet current: changed since their build, or being built now."""
        if not self.built:
            return ["all"]
        return sorted(self.pending.keys() | self.finishing.keys() | ({self.building} if self.building else set()))

    cpu_since_change = 0.0

    def _bump(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def watch(self, stop: threading.Event) -> None:
        while not stop.is_set():
            set_language(self.language)
            try:
                busy = self.step()
            except Exception:  # the preview keeps running; the next save tries again
                log.exception("%s", _("the preview could not be updated"))
                self.everything_pending = True
                busy = False
            if not busy:
                stop.wait(POLL_SECONDS)

    # --- what the browser sees --------------------------------------------------------------

    def banner(self) -> str:
        """The problems, above every page, in the staff member's language: errors open, warnings folded."""
        errors = [p for p in self.problems if p.severity == "error"]
        warnings = [p for p in self.problems if p.severity != "error"]
        # In the staff member's language and direction, also inside a right-to-left page: without
        # its own lang and dir, German text in an Arabic page is reordered and read wrongly.
        staff = Language(self.language, self.language)
        language = f'lang="{html.escape(staff.tag)}" dir="{staff.direction}"'
        parts = []
        if errors:
            heading = _(
                "{n} problem(s) in {files} file(s). The preview shows the last good version until they are fixed.",
                n=len(errors),
                files=len({p.path for p in errors}),
            )
            parts.append(
                f'<aside class="portal-preview-problems" role="alert" {language} style="{_BANNER_STYLE}">'
                f'<p style="margin:0 0 .4em;font-weight:bold">{html.escape(heading)}</p>{_problem_list(errors)}</aside>'
            )
        if warnings:
            heading = _("{n} warning(s); they do not stop publishing", n=len(warnings))
            parts.append(
                f'<details class="portal-preview-warnings" {language} style="{_WARNING_STYLE}">'
                f'<summary style="cursor:pointer">{html.escape(heading)}</summary>{_problem_list(warnings)}</details>'
            )
        return "".join(parts)

    def page_language(self, path: str) -> str:
        first = path.lstrip("/").split("/", 1)[0]
        return first if first in self.languages and first != self.default_language else self.default_language


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the forked language builds)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# In the page's flow and below Material's layers: the search and the drawer, which open over
# the page, open over the banner too (with a z-index of its own it covered the search field).
_BANNER_STYLE = (
    "margin:0;padding:.8em 1em;background:#fff3cd;color:#1a1a1a;"
    "border-bottom:3px solid #b45309;font:15px/1.45 system-ui,sans-serif;overflow-wrap:anywhere"
)

_WARNING_STYLE = (
    "margin:0;padding:.4em 1em;background:#eef4fb;color:#1a1a1a;"
    "border-bottom:1px solid #8aa6c1;font:14px/1.45 system-ui,sans-serif;overflow-wrap:anywhere"
)


def _problem_list(problems: list[Problem]) -> str:
    items = []
    for problem in problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        what = f"{problem.field}: {problem.message}" if problem.field else problem.message
        items.append(f"<li><code>{html.escape(where)}</code> {html.escape(what)}</li>")
    return '<ul style="margin:0;padding-inline-start:1.2em">' + "".join(items) + "</ul>"


_RELOAD_SCRIPT = """<script>(function(){var v=%d;function wait(){fetch("%s?version="+v,{cache:"no-store"})
.then(function(r){return r.json()}).then(function(d){if(d.version>v){location.reload()}else{wait()}})
.catch(function(){setTimeout(wait,1000)})}wait()})();</script>"""


def _handler(preview: Preview):
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.site_dir), **kwargs)

        def log_message(self, format, *args):
            log.debug(format, *args)

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self):
            set_language(preview.language)
            path = self.path.split("?", 1)[0]
            if path == RELOAD_PATH:
                return self._wait_for_version()
            if path == STATUS_PATH:
                return self._json(
                    {
                        "version": preview.version,
                        "errors": sum(1 for p in preview.problems if p.severity == "error"),
                        "warnings": sum(1 for p in preview.problems if p.severity != "error"),
                        "pending": preview.behind,
                        "timing": preview.last_timing,
                    }
                )
            target = Path(self.translate_path(path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" or not target.exists():
                preview.previewed = preview.page_language(path)
                return self._page(target)
            return super().do_GET()

        def _page(self, target: Path):
            status = HTTPStatus.OK
            if not target.is_file():
                status = HTTPStatus.NOT_FOUND
                lang = preview.previewed or preview.default_language
                prefix = "" if lang == preview.default_language else f"{lang}/"
                target = preview.site_dir / prefix / "404.html"
            text = target.read_text(encoding="utf-8") if target.is_file() else _EMPTY_PAGE
            version = preview.version
            banner = preview.banner()
            if banner:
                start = text.find(">", text.find("<body")) + 1
                text = text[:start] + banner + text[start:]
            script = _RELOAD_SCRIPT % (version, RELOAD_PATH)
            end = text.rfind("</body>")
            text = text[:end] + script + text[end:] if end >= 0 else text + script
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _wait_for_version(self):
            query = self.path.partition("?")[2]
            seen = int(query.partition("version=")[2] or 0) if "version=" in query else 0
            with preview.changed:
                preview.changed.wait_for(lambda: preview.version > seen, timeout=25)
            self._json({"version": preview.version})

        def _json(self, data):
            body = json.dumps(data).encode("utf-8")
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page reloaded or closed while it waited: nothing to tell it any more

    return Handler


_EMPTY_PAGE = (
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Preview</title></head><body></body></html>'
)


def serve(config_file: Path, dev_addr: str = "127.0.0.1:8000", site_dir: Path | None = None) -> None:
    """Build, serve and rebuild on every save until interrupted."""
    host, _colon, port = dev_addr.rpartition(":")
    preview = Preview(config_file, site_dir)
    log.info("%s", _("Building the preview (all languages; later saves build only what they change) …"))
    preview.step()  # the first build, before the server answers
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), _handler(preview))
    server.daemon_threads = True
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), name="portal-preview-watch", daemon=True)
    watcher.start()
    log.info("%s", _("Serving the preview on http://{address}/ (Ctrl+C to stop)", address=dev_addr))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
