"""The portal on the phone: what each language keeps for offline reading, its app manifest.

A reader's first visit in a language makes the service worker (`portal/theme/sw.js`) keep that
language's core: the pages a person needs at an appointment without Wi-Fi (home, every
guidance topic, the finder, the glossary, the counselling places, the upcoming events and the
event pages of the next weeks, the saved-items list, the offline page) and the files those
pages load. This module decides which pages those are (it knows the content, not the engine)
and, after the build, writes per language:

- `<lang>/offline/precache.json`: the addresses to keep, their size and a version made from
  their bytes, so that a new build with other bytes replaces the kept copy, and an unchanged
  one costs the reader one small revalidated request;
- `<lang>/manifest.webmanifest`: name, start page and scope of the language, its direction.

Each language's build, before those lists (which keep it), writes `<lang>/interface-texts.js`
(`interface_texts_file`): what the scripts of every page say in that language (the companion's
settings and messages, the save, share and read-aloud buttons' labels and messages, every
language's first-visit offer), and what the engine's pages of the language share and leave to
it (Material's search dialog and script texts). One file per language, cached with the
stylesheets, in place of the same 4-5 KB in each of a national portal's 45,000 event pages.

The core does not grow with the archive: past events, month grids, filter pages, stories,
news and the other languages are fetched only when a reader opens them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from babel.core import get_global

from portal.calendar import all_occurrences, horizon, next_occurrences
from portal.content import Content
from portal.model.common import text_in
from portal.pageweight import fetched_files
from portal.render.pages import page_url

# Event pages kept offline: events with a date in the next weeks, at most this many, so that a
# busy calendar cannot push a language past its budget.
EVENT_WEEKS = 6
EVENT_PAGES = 30
# What one language may keep on a reader's phone (bytes as the browser stores them, uncompressed).
BUDGET = 2 * 1024 * 1024

SAVED_PAGE = "saved/index.md"
OFFLINE_PAGE = "offline/index.md"
LIST_FILE = "offline/precache.json"
MANIFEST_FILE = "manifest.webmanifest"
TEXTS_FILE = "interface-texts.js"
ICONS = (("assets/images/portal-icon-192.png", 192), ("assets/images/portal-icon-512.png", 512))
SHARE_IMAGE = "assets/images/portal-share.png"
THEME_COLOUR = "#3f51b5"  # Material's indigo, the demo's primary colour (mkdocs.yml palette)


@dataclass(frozen=True)
class CorePage:
    src: str  # e.g. guidance/x.md, the same in every language
    kind: str  # what the offline page groups it under


def upcoming_event_slugs(content: Content) -> list[str]:
    site = content.site
    found = all_occurrences(content.events, site.timezone, horizon(site.today, site.calendar_horizon_months))
    until = site.today + timedelta(weeks=EVENT_WEEKS)
    return [occ.slug for occ in next_occurrences(found, site.today) if occ.first_day <= until][:EVENT_PAGES]


def core_pages(content: Content) -> list[CorePage]:
    """The pages every language keeps for offline reading, in the order the offline page lists them."""
    pages = [CorePage("index.md", "home"), CorePage("finder/index.md", "finder")]
    statuses, questions = content.site.vocabulary("residence-statuses"), content.site.vocabulary("questions")
    for status in statuses:
        pages.append(CorePage(f"finder/{status}/index.md", "finder-step"))
        pages += [CorePage(f"finder/{status}/{question}.md", "finder-step") for question in questions]
    pages.append(CorePage("guidance/index.md", "guidance"))
    pages += [CorePage(f"guidance/{slug}.md", "guidance-topic") for slug in content.guidance]
    if content.glossary:
        pages.append(CorePage("glossary/index.md", "glossary"))
    pages.append(CorePage("places/index.md", "places"))
    pages.append(CorePage("events/index.md", "events"))
    pages += [CorePage(f"events/{slug}.md", "event") for slug in upcoming_event_slugs(content)]
    pages += [CorePage(SAVED_PAGE, "saved"), CorePage(OFFLINE_PAGE, "offline")]
    return pages


def language_prefix(content: Content, lang: str) -> str:
    return "" if lang == content.site.default_language else f"{lang}/"


def og_locale(lang: str) -> str:
    """ar -> ar_EG: the language_TERRITORY form Open Graph asks for, from Unicode's likely subtags."""
    likely = get_global("likely_subtags").get(lang, lang)
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else lang


def precache_list(site_dir: Path, content: Content, lang: str, unwritten: dict[str, bytes] | None = None) -> dict:
    """What the worker keeps for `lang`, read from the built pages (and the files they load).

    `unwritten`: files of the output that are not in `site_dir` yet (the manifests), by name.
    """
    unwritten = unwritten or {}
    prefix = language_prefix(content, lang)
    urls: list[str] = []
    files: dict[str, Path | bytes] = {}
    for core in core_pages(content):
        url = prefix + page_url(core.src)
        html = site_dir / url / "index.html"
        if not html.is_file():
            continue  # e.g. no glossary page on a site without glossary
        urls.append(url)
        files[url] = html
        for path in fetched_files(site_dir, html)[1:]:
            name = path.relative_to(site_dir).as_posix()
            if name not in files:
                urls.append(name)
                files[name] = path
    manifest = prefix + MANIFEST_FILE
    for name in [manifest, *(icon for icon, _size in ICONS)]:
        if name in files:
            continue
        if name in unwritten:
            urls.append(name)
            files[name] = unwritten[name]
        elif (site_dir / name).is_file():
            urls.append(name)
            files[name] = site_dir / name
    digest = hashlib.sha256()
    size = 0
    for url in urls:
        data = files[url] if isinstance(files[url], bytes) else files[url].read_bytes()
        size += len(data)
        digest.update(url.encode() + b"\0" + hashlib.sha256(data).digest())
    return {
        "lang": lang,
        "version": digest.hexdigest()[:16],
        "scope": prefix,
        "offline": prefix + page_url(OFFLINE_PAGE),
        "languages": {code: language_prefix(content, code) for code in content.site.language_codes},
        "bytes": size,
        "urls": urls,
    }


def web_manifest(content: Content, lang: str, short_name: str) -> dict:
    """The app manifest of one language: installed from an Arabic page, the app opens in Arabic."""
    site = content.site
    language = site.language(lang)
    up = "../" if lang != site.default_language else ""
    return {
        "name": text_in(site.title, lang, site.default_language),
        "short_name": short_name,
        "lang": lang,
        "dir": language.direction,
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": f"{up}{icon}", "sizes": f"{px}x{px}", "type": "image/png", "purpose": "any maskable"}
            for icon, px in ICONS
        ],
    }


def offline_files(
    site_dir: Path, content: Content, short_name: str, languages: list[str] | None = None
) -> dict[str, bytes]:
    """Per language: its app manifest and, from the built pages, the list of what it keeps.

    `languages`: the lists of these only (the preview, after it built one language again).
    """
    manifests = {
        language_prefix(content, lang) + MANIFEST_FILE: _json(web_manifest(content, lang, short_name))
        for lang in content.site.language_codes
    }
    lists = {
        language_prefix(content, lang) + LIST_FILE: _json(precache_list(site_dir, content, lang, manifests))
        for lang in (languages or content.site.language_codes)
    }
    return {**manifests, **lists}


def over_budget(lists: dict[str, bytes]) -> list[tuple[str, int]]:
    """(language, bytes) of every language whose offline core is larger than BUDGET."""
    result = []
    for data in lists.values():
        kept = json.loads(data)
        if "bytes" in kept and kept["bytes"] > BUDGET:
            result.append((kept["lang"], kept["bytes"]))
    return result


def _json(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def companion_context(content: Content, lang: str) -> dict:
    """What the theme's page template needs for the manifest, the share preview and the scripts' texts."""
    site = content.site
    prefix = language_prefix(content, lang)
    return {
        "manifest": prefix + MANIFEST_FILE,
        "texts": prefix + TEXTS_FILE,
        "theme_colour": THEME_COLOUR,
        "share_image": SHARE_IMAGE,
        "og_locale": og_locale(lang),
        "site_title": text_in(site.title, lang, site.default_language),
    }


def interface_texts_file(content: Content, lang: str, frame: dict | None = None) -> tuple[str, bytes]:
    """The language's `interface-texts.js`: its name in the output and its bytes.

    `frame`: what the engine's pages of the language share and leave to this file (with
    Material: its search dialog and its script's texts, `compat.SharedFrame`).
    """
    texts = {
        "companion": _companion_settings(content, lang),
        "tools": _tools_texts(content, lang),
        "offers": language_offers(content),
    }
    if frame:
        texts["frame"] = frame
    return language_prefix(content, lang) + TEXTS_FILE, _script_data(texts)


def _companion_settings(content: Content, lang: str) -> dict:
    site = content.site
    texts = site.strings.texts(lang)  # as they are: companion.js puts them in as text, not HTML
    prefix = language_prefix(content, lang)
    return {
        "lang": lang,
        "prefix": prefix,
        "timezone": site.timezone,
        "list": prefix + LIST_FILE,
        "offline": prefix + page_url(OFFLINE_PAGE),
        "worker": "sw.js",
        "saved": prefix + page_url(SAVED_PAGE),
        "savedCopy": texts["offline_saved_copy"],
        "kept": texts["offline_kept"],
        "keptLink": texts["offline_kept_link"],
    }


def _tools_texts(content: Content, lang: str) -> dict:
    """The save, share and read-aloud buttons' labels and what they announce (companion.js
    writes them into the empty groups of render/templates/companion_tools.html)."""
    texts = content.site.strings.texts(lang)
    return {
        "label": texts["tools_label"],
        "save": texts["save_for_later"],
        "share": texts["share"],
        "read": texts["read_aloud"],
        "pause": texts["read_pause"],
        "stop": texts["read_stop"],
        "list": texts["saved_list"],
        "added": texts["saved_status_added"],
        "removed": texts["saved_status_removed"],
        "copied": texts["share_copied"],
        "copyManually": texts["share_copy_manually"],
        "reading": texts["read_status_reading"],
        "paused": texts["read_status_paused"],
        "stopped": texts["read_status_stopped"],
    }


def language_offers(content: Content) -> dict:
    """Each language's offer of itself, for language-offer.js."""
    offers = {}
    for language in content.site.languages:
        texts = content.site.strings.texts(language.code)
        offers[language.code] = {
            "text": texts["language_offer"],
            "accept": texts["language_offer_accept"],
            "decline": texts["language_offer_decline"],
            "dir": language.direction,
        }
    return offers


def _script_data(value: dict) -> bytes:
    """A script that only sets window.portalTexts: data, never code, from the strings files."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # JSON is a JavaScript expression (U+2028 and U+2029 too, since ES2019).
    return f"window.portalTexts = {data};\n".encode()
