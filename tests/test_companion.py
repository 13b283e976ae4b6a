"""The portal as a companion on the phone: offline copy per language, saved items, share,
Open Graph previews and read aloud, in Chromium (service workers need http://127.0.0.1)."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.offline import BUDGET, core_pages
from portal.strings import kit_strings
from tests.conftest import serve_folder
from tests.test_browser import CHROMIUM, browser, server  # noqa: F401 - fixtures
from tests.test_nginx import NGINX, fetch, nginx  # noqa: F401 - fixture
from tests.test_quality import axe_violations, required_tool, vnu_errors

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not __import__("os").environ.get("CI"), reason="needs Debian's chromium package"
)

GUIDANCE = "guidance/berufssprachkurse/"
EVENT = "events/2026-12-10-online-anerkennung-berufsabschluesse/"
ENDED_EVENT = "events/2022-02-16-infoveranstaltung-btz-borsdorf/"
ARCHIVE = "events/archive/2022/"

CACHE_SIZE = """async (lang) => {
    let bytes = 0, files = 0;
    for (const name of await caches.keys()) {
        if (!name.startsWith('portal-' + lang + '-')) continue;
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            bytes += (await (await cache.match(request)).blob()).size;
            files += 1;
        }
    }
    return [bytes, files];
}"""

# Voices as a phone might have them: speechSynthesis is replaced before the page's scripts run.
VOICES = """(voices) => {
    window.__speech = [];
    speechSynthesis.getVoices = () => voices;
    speechSynthesis.speak = (u) => { window.__speech.push(['speak', u.lang, u.text]); };
    speechSynthesis.pause = () => window.__speech.push(['pause']);
    speechSynthesis.resume = () => window.__speech.push(['resume']);
    speechSynthesis.cancel = () => window.__speech.push(['cancel']);
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
}"""
LOCAL_VOICES = [
    {"name": "Local Arabic", "lang": "ar-SA", "localService": True, "default": False, "voiceURI": "ar"},
    {"name": "Local German", "lang": "de-DE", "localService": True, "default": True, "voiceURI": "de"},
    {"name": "Local English", "lang": "en-GB", "localService": True, "default": False, "voiceURI": "en"},
]


def prefix(lang: str) -> str:
    return "" if lang == "de" else f"{lang}/"


def keep_language(page, address: str) -> str:
    """Open a page and wait until the worker has kept its language; the time it was saved."""
    page.goto(address)
    page.wait_for_selector("[data-portal-kept]", timeout=60000)
    return page.get_attribute("[data-portal-kept]", "data-portal-kept")


served = serve_folder


# --- offline -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "de"])
def test_first_visit_keeps_the_language_core_for_offline_reading(browser, server, lang):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    keep_language(page, f"{server}/{prefix(lang)}")
    texts = kit_strings(lang)
    context.set_offline(True)
    for path, heading in (
        (GUIDANCE, None),
        ("finder/", texts["finder"]),
        ("places/", texts["places"]),
    ):
        page.goto(f"{server}/{prefix(lang)}{path}")
        assert page.get_attribute("html", "lang") == lang
        if heading:
            assert page.locator("h1").first.inner_text() == heading
        notice = page.locator(".portal-saved-copy")
        notice.wait_for(timeout=10000)  # the worker tells the page that it answered from the copy
        before, _date, after = texts["offline_saved_copy"].partition("{date}")
        assert notice.inner_text().startswith(before) and notice.inner_text().endswith(after)
    # A search result's link (Material adds the words searched for) opens the kept page too.
    page.goto(f"{server}/{prefix(lang)}guidance/arbeitsmarktzugang-duldung/?h=Duldung")
    assert page.locator("[data-portal-tools]").count() == 1
    # The archive is not kept: the offline page of the reader's language, listing what is.
    page.goto(f"{server}/{prefix(lang)}{ARCHIVE}")
    assert page.locator("h1").first.inner_text() == texts["offline_title"]
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("[data-portal-not-kept]").is_visible()
    listed = page.locator(".portal-offline a")
    assert listed.filter(has_text=texts["finder"]).count() == 1
    # Its links lead to kept pages (resolved from the offline page, not the address asked for).
    listed.filter(has_text=texts["places"]).click()
    page.wait_for_url(f"**/{prefix(lang)}places/")
    assert page.locator("h1").first.inner_text() == texts["places"]
    context.close()


def test_cache_of_a_language_within_budget_nothing_from_other_hosts_no_cookie(browser, server, demo_site):  # noqa: F811
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))  # the worker's requests too
    page = context.new_page()
    keep_language(page, f"{server}/ar/")
    size, files = page.evaluate(CACHE_SIZE, "ar")
    listed = json.loads((demo_site / "ar/offline/precache.json").read_text(encoding="utf-8"))
    print(f"\noffline copy of ar: {size / 1024:.0f} KB in {files} files (budget {BUDGET // 1024} KB)")
    assert files == len(listed["urls"]) + 1  # and the list itself
    assert size <= BUDGET
    # Only this language's core: no archive, month grids or other languages.
    assert not [u for u in listed["urls"] if re.search(r"archive|calendar|category|stories|news/", u)]
    assert all(u.startswith(("ar/", "assets/")) for u in listed["urls"]), listed["urls"]
    foreign = [url for url in requests if not url.startswith(server)]
    assert foreign == []
    assert context.cookies() == []
    context.close()


def test_a_reader_who_asked_to_save_data_gets_no_copy_fetched(browser, server):  # noqa: F811
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}});")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(f"{server}/ar/")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)
    page.wait_for_timeout(1500)
    assert page.evaluate("caches.keys()") == []
    assert not [url for url in requests if url.endswith("precache.json")]
    context.close()


def test_the_browser_editor_is_never_kept_or_answered_from_the_copy(browser, server, demo_site):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    keep_language(page, f"{server}/")
    keys = page.evaluate(
        """async () => { const all = [];
            for (const name of await caches.keys()) {
                for (const r of await (await caches.open(name)).keys()) all.push(r.url); }
            return all; }"""
    )
    assert keys and not [key for key in keys if "/admin/" in key]
    if (demo_site / "admin/index.html").is_file():
        context.set_offline(True)
        with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
            page.goto(f"{server}/admin/")  # the server's, or nothing: never a stale editor
    context.close()


@pytest.mark.skipif(not Path(NGINX).exists() and not __import__("os").environ.get("CI"), reason="needs nginx")
def test_the_worker_works_under_the_shipped_content_security_policy(browser, nginx):  # noqa: F811
    worker = fetch(nginx + "/sw.js")
    assert worker.headers["Cache-Control"] == "no-cache"  # a new worker reaches readers with the next visit
    assert "worker-src 'self'" in worker.headers["Content-Security-Policy"]
    manifest = fetch(nginx + "/ar/manifest.webmanifest")
    assert manifest.headers["Content-Type"].startswith("application/manifest+json")
    assert "manifest-src 'self'" in manifest.headers["Content-Security-Policy"]
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    keep_language(page, f"{nginx}/ar/{EVENT}")
    context.set_offline(True)
    page.goto(f"{nginx}/ar/{GUIDANCE}")
    page.locator(".portal-saved-copy").wait_for(timeout=10000)
    page.goto(f"{nginx}/ar/{ARCHIVE}")
    assert page.locator("h1").first.inner_text() == kit_strings("ar")["offline_title"]
    context.close()
    assert violations == []


def scratch_site(project, text: str):
    # Three languages are enough here and build in a third of the time.
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"        - locale: (fa|uk|ru|tr|fr|ps)\n          name: [^\n]+\n", "", config)
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    project.write(
        "content/guidance/arbeit.md",
        f"""
        ---
        title: {{de: Arbeiten mit Duldung, ar: العمل مع وثيقة تعليق الترحيل}}
        summary: {{de: Kurz gesagt., ar: باختصار.}}
        sources: [{{label: "§ 60a AufenthG", url: "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html"}}]
        reviewed: {{date: 2026-10-01, by: Beratungsteam}}
        applies_to: {{statuses: [tolerated], questions: [work]}}
        ---
        {text}
        """,
    )
    return project.build()


def test_a_new_build_replaces_the_offline_copy_after_the_next_visit(browser, project):  # noqa: F811
    site = scratch_site(project, "Die Beschäftigungserlaubnis gibt die Ausländerbehörde.")
    httpd, address = served(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        first = keep_language(page, f"{address}/")
        scratch_site(project, "Seit 2026 gilt eine neue Regel für die Beschäftigungserlaubnis.")
        # The next online visit finds a new version of the list and keeps the new build, in the background.
        page.goto(f"{address}/")
        page.wait_for_function(
            "(first) => { const e = document.querySelector('[data-portal-kept]');"
            " return e && e.dataset.portalKept !== first; }",
            arg=first,
            timeout=60000,
        )
        names = page.evaluate("caches.keys()")
        assert len([n for n in names if n.startswith("portal-de-")]) == 1, names  # the old copy is gone
        context.set_offline(True)
        page.goto(f"{address}/guidance/arbeit/")
        page.locator(".portal-saved-copy").wait_for(timeout=10000)
        assert "Seit 2026 gilt eine neue Regel" in page.locator(".md-content__inner").inner_text()
        context.close()
    finally:
        httpd.shutdown()


# --- saved items -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_saved_items_survive_offline_and_can_be_removed(browser, server, lang):  # noqa: F811
    texts = kit_strings(lang)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/{prefix(lang)}{ENDED_EVENT}")
    page.get_by_role("button", name=texts["save_for_later"]).click()
    assert page.get_attribute("[data-portal-save]", "aria-pressed") == "true"
    expect(page.locator(".portal-tools__status")).to_have_text(texts["saved_status_added"])
    keep_language(page, f"{server}/{prefix(lang)}places/")
    place_tools = page.locator("li.portal-place [data-portal-tools]").first
    place_name = page.locator("li.portal-place h2").first.inner_text()
    place_tools.get_by_role("button", name=texts["save_for_later"]).click()
    context.set_offline(True)
    page.goto(f"{server}/{prefix(lang)}saved/")
    assert page.locator("h1").first.inner_text() == texts["saved_list"]
    assert texts["saved_list_intro"] in page.locator(".md-content__inner").inner_text()  # the list stays on this device
    items = page.locator("[data-portal-saved-list] > li")
    assert items.count() == 2
    assert items.nth(0).locator("h2").inner_text() == place_name
    # The information session of February 2022 has ended, and says so.
    assert texts["saved_ended"] in items.nth(1).inner_text()
    assert texts["saved_ended"] not in items.nth(0).inner_text()
    items.nth(1).get_by_role("button", name=re.compile(re.escape(texts["saved_remove"]))).click()
    assert items.count() == 1
    page.reload()
    assert page.locator("[data-portal-saved-list] > li").count() == 1
    assert page.locator("[data-portal-saved-list] h2").inner_text() == place_name
    assert page.evaluate("document.cookie") == ""
    context.close()


def test_without_script_no_button_that_needs_it(browser, server):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/{EVENT}")
    assert page.locator("[data-portal-tools]").count() == 1
    assert not page.locator("[data-portal-tools]").is_visible()
    assert page.locator("[data-portal-tools] button:visible").count() == 0
    page.goto(f"{server}/saved/")
    assert page.locator("[data-portal-saved-noscript]").is_visible()
    context.close()


# --- share -------------------------------------------------------------------------------------


def test_share_copies_the_link_where_the_phone_has_no_share_sheet(browser, server):  # noqa: F811
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    context.add_init_script("delete Navigator.prototype.share; delete navigator.share;")
    page = context.new_page()
    page.goto(f"{server}/ar/{EVENT}")
    assert page.evaluate("typeof navigator.share") == "undefined"
    page.get_by_role("button", name=kit_strings("ar")["share"]).click()
    status = page.locator(".portal-tools__status")
    status.filter(has_text=kit_strings("ar")["share_copied"]).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}/ar/{EVENT}"
    context.close()


def test_share_uses_the_share_sheet_where_there_is_one(browser, server):  # noqa: F811
    context = browser.new_context()
    context.add_init_script(
        "window.__shared = []; navigator.share = (data) => { window.__shared.push(data); return Promise.resolve(); };"
    )
    page = context.new_page()
    page.goto(f"{server}/places/")
    page.locator("li.portal-place").first.get_by_role("button", name="Teilen").click()
    shared = page.evaluate("window.__shared")
    slug = page.locator("li.portal-place").first.get_attribute("id")
    assert shared == [
        {"title": page.locator("li.portal-place h2").first.inner_text(), "url": f"{server}/places/#{slug}"}
    ]
    context.close()


def meta(html: str, key: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    assert found, key
    return found.group(1)


def test_open_graph_preview_of_an_arabic_event_page_is_arabic(demo_site):
    import yaml

    event = yaml.safe_load(
        (demo_site.parent / "content/events/2026-12-10-online-anerkennung-berufsabschluesse.yml").read_text()
    )
    html = (demo_site / "ar" / EVENT / "index.html").read_text(encoding="utf-8")
    assert meta(html, "og:title") == event["title"]["ar"]
    assert meta(html, "og:description") == event["summary"]["ar"]
    # X falls back to the og: texts; saying them twice cost every page half a kilobyte.
    assert "twitter:title" not in html and "twitter:description" not in html and "twitter:image" not in html
    assert meta(html, "og:locale") == "ar_EG"
    assert meta(html, "og:url") == f"https://resque-portal.example.org/ar/{EVENT}"
    assert meta(html, "og:site_name") == "شبكة RESQUE للعمل والتدريب المهني"
    assert meta(html, "twitter:card") == "summary_large_image"
    image = meta(html, "og:image")
    assert image == "https://resque-portal.example.org/assets/images/portal-share.png"
    png = (demo_site / "assets/images/portal-share.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1200, 630)
    # Every page has its preview in its own language, the German one in German.
    german = (demo_site / EVENT / "index.html").read_text(encoding="utf-8")
    assert meta(german, "og:title") == event["title"]["de"]
    assert meta(german, "og:locale") == "de_DE"


# --- read aloud --------------------------------------------------------------------------------


def read_aloud_page(browser, server, voices, path=f"ar/{GUIDANCE}"):  # noqa: F811
    context = browser.new_context()
    context.add_init_script(f"({VOICES})({json.dumps(voices)})")
    page = context.new_page()
    page.goto(f"{server}/{path}")
    return context, page


def test_read_aloud_only_where_the_device_has_a_local_voice(browser, server):  # noqa: F811
    name = kit_strings("ar")["read_aloud"]
    for voices, shown in (
        ([], False),
        # A voice that is not the device's own sends the text to a server: never used.
        ([{"name": "Cloud Arabic", "lang": "ar-EG", "localService": False, "default": True, "voiceURI": "c"}], False),
        ([v for v in LOCAL_VOICES if v["lang"] != "ar-SA"], False),
        (LOCAL_VOICES, True),
    ):
        context, page = read_aloud_page(browser, server, voices)
        assert page.get_by_role("button", name=name).is_visible() == shown, voices
        context.close()


def test_read_aloud_appears_when_the_voices_arrive_late(browser, server):  # noqa: F811
    context = browser.new_context()
    context.add_init_script(f"({VOICES})([])")
    page = context.new_page()
    page.goto(f"{server}/ar/{EVENT}")
    read = page.get_by_role("button", name=kit_strings("ar")["read_aloud"])
    assert not read.is_visible()
    page.evaluate(
        f"speechSynthesis.getVoices = () => {json.dumps(LOCAL_VOICES)};"
        " speechSynthesis.dispatchEvent(new Event('voiceschanged'));"
    )
    expect(read).to_be_visible()
    context.close()


def test_read_aloud_by_keyboard_play_pause_stop(browser, server):  # noqa: F811
    texts = kit_strings("ar")
    context, page = read_aloud_page(browser, server, LOCAL_VOICES)
    read = page.get_by_role("button", name=texts["read_aloud"])
    read.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__speech")
    assert spoken[0] == ["speak", "ar-SA", page.locator("article h1").inner_text()]
    expect(page.locator(".portal-tools__status")).to_have_text(texts["read_status_reading"])
    page.keyboard.press("Tab")  # to "pause"
    assert page.evaluate("document.activeElement.textContent") == texts["read_pause"]
    page.keyboard.press("Enter")
    assert page.evaluate("window.__speech.at(-1)") == ["pause"]
    expect(page.locator(".portal-tools__status")).to_have_text(texts["read_status_paused"])
    page.keyboard.press("Tab")  # to "stop"
    assert page.evaluate("document.activeElement.textContent") == texts["read_stop"]
    page.keyboard.press("Enter")
    assert page.evaluate("window.__speech.at(-1)") == ["cancel"]
    # The pause and stop buttons leave; the focus goes back to "read aloud", not to the page's start.
    assert not page.get_by_role("button", name=texts["read_pause"]).is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-portal-read')")
    context.close()


def test_read_aloud_of_a_place_reads_that_place(browser, server):  # noqa: F811
    context, page = read_aloud_page(browser, server, LOCAL_VOICES, "places/")
    place = page.locator("li.portal-place").nth(1)
    place.get_by_role("button", name="Vorlesen").click()
    spoken = page.evaluate("window.__speech")
    assert spoken[0] == ["speak", "de-DE", place.locator("h2").inner_text()]
    context.close()


# --- accessibility and valid HTML --------------------------------------------------------------

COMPANION_PAGES = [EVENT, GUIDANCE, "places/", "saved/", "offline/"]


@required_tool
@pytest.mark.parametrize("lang", ["de", "en", "ar"])
@pytest.mark.parametrize("path", COMPANION_PAGES)
def test_axe_finds_nothing_on_pages_with_the_new_buttons(browser, server, lang, path):  # noqa: F811
    context = browser.new_context()
    context.add_init_script(f"({VOICES})({json.dumps(LOCAL_VOICES)})")
    page = context.new_page()
    if path == "saved/":  # with saved items, an ended event among them
        for item in (ENDED_EVENT, EVENT):
            page.goto(f"{server}/{prefix(lang)}{item}")
            page.locator("[data-portal-save]").click()
    page.goto(f"{server}/{prefix(lang)}{path}")
    if path != "saved/" and path != "offline/":
        assert page.locator("[data-portal-read]").first.is_visible()  # every button is checked
        page.locator("[data-portal-read]").first.click()  # and pause and stop with it
    violations = axe_violations(page)
    context.close()
    assert violations == []


@required_tool
def test_nu_html_checker_finds_nothing_on_pages_with_the_new_buttons(demo_site):
    pages = [demo_site / prefix(lang) / path / "index.html" for lang in ("de", "en", "ar") for path in COMPANION_PAGES]
    assert vnu_errors(pages) == []


# --- manifest and what is kept ------------------------------------------------------------------


@pytest.mark.parametrize("lang,direction", [("de", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_each_language_has_its_app_manifest(demo_site, lang, direction):
    from urllib.parse import urljoin

    html = (demo_site / prefix(lang) / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<link rel="manifest" href="([^"]+)">', html).group(1)
    manifest_url = urljoin(f"https://x/{prefix(lang)}", href)
    assert manifest_url == f"https://x/{prefix(lang)}manifest.webmanifest"
    manifest = json.loads((demo_site / prefix(lang) / "manifest.webmanifest").read_text(encoding="utf-8"))
    site_title = __import__("yaml").safe_load((demo_site.parent / "content/site.yml").read_text())["title"][lang]
    assert manifest["name"] == site_title and manifest["short_name"] == "RESQUE"
    assert (manifest["lang"], manifest["dir"]) == (lang, direction)
    assert (
        urljoin(manifest_url, manifest["start_url"])
        == urljoin(manifest_url, manifest["scope"])
        == f"https://x/{prefix(lang)}"
    )
    assert manifest["theme_color"] == meta(html, "theme-color")
    for icon in manifest["icons"]:
        png = (demo_site / urljoin(manifest_url, icon["src"]).removeprefix("https://x/")).read_bytes()
        width, height = struct.unpack(">II", png[16:24])
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png"


def test_the_core_does_not_grow_with_the_archive(project):
    from portal.content import check_content
    from portal.site import load_site

    def core() -> list[str]:
        content, _warnings = check_content(load_site(project.root / "mkdocs.yml"))
        return [page.src for page in core_pages(content)]

    project.write("content/events/2026-12-01-workshop.yml", EVENT_FILE.format(day="2026-12-01"))
    before = core()
    assert "events/2026-12-01-workshop.md" in before  # next week's event is kept
    for year in range(2010, 2026):  # sixteen years of archive
        for month in ("03", "09"):
            project.write(f"content/events/{year}-{month}-10-workshop.yml", EVENT_FILE.format(day=f"{year}-{month}-10"))
    project.write("content/events/2027-06-01-workshop.yml", EVENT_FILE.format(day="2027-06-01"))  # months ahead
    assert core() == before


def test_a_language_over_budget_is_reported():
    from portal.offline import over_budget

    lists = {
        "ar/offline/precache.json": json.dumps({"lang": "ar", "bytes": BUDGET + 1}).encode(),
        "offline/precache.json": json.dumps({"lang": "de", "bytes": BUDGET}).encode(),
    }
    assert over_budget(lists) == [("ar", BUDGET + 1)]


EVENT_FILE = """
title: Bewerbungstraining
start: {day} 10:00
end: {day} 12:00
category: workshop
summary: Bewerbungen schreiben.
location: {{name: DAA Leipzig, address: Leipzig}}
"""
