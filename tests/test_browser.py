"""The demo portal in the system Chromium (Debian's package), driven by Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import serve_folder

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Locally the browser tests may be skipped without Chromium; in CI a missing browser is a failure.
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="needs Debian's chromium package"
)


@pytest.fixture(scope="module")
def server(demo_site):
    httpd, address = serve_folder(demo_site)
    yield address
    httpd.shutdown()


class QuietBrowser:
    """The browser, set to a language the demo does not have unless a test names one (locale=…).

    A first visit offers the reader the language of their browser (language-offer.js), at the
    bottom of the screen; tests that are not about that offer get none in their way.
    """

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **options):
        options.setdefault("locale", "nl-NL")
        return self.browser.new_context(**options)

    def new_page(self, **options):
        options.setdefault("locale", "nl-NL")
        return self.browser.new_page(**options)

    def __getattr__(self, name):
        return getattr(self.browser, name)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield QuietBrowser(browser)
        browser.close()


def test_arabic_home_page_is_right_to_left(browser, server):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/ar/")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("h1").first.inner_text().strip()
    assert all(url.startswith(server) for url in requests), [u for u in requests if not u.startswith(server)]
    assert not [url for url in requests if "sitemap" in url], "the theme fetches sitemaps for its language switcher"
    assert page.context.cookies() == []
    page.close()


def test_german_event_reached_from_the_overview(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/events/")
    assert page.get_attribute("html", "dir") == "ltr"
    page.get_by_role("link", name="Online-Information: Anerkennung ausländischer Berufsabschlüsse").click()
    page.wait_for_url("**/events/2026-12-10-online-anerkennung-berufsabschluesse/")
    assert "Donnerstag, 10. Dezember 2026" in page.locator("article").first.inner_text()
    page.close()


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable by keyboard")


@pytest.mark.parametrize("prefix,heading", [("", "Februar 2022"), ("/ar", "فبراير 2022")])
def test_month_calendar_by_keyboard_to_next_month_and_back(browser, server, prefix, heading):
    page = browser.new_page()
    page.goto(f"{server}{prefix}/events/calendar/2022-02/")
    assert page.locator("table.portal-month-grid caption").inner_text() == heading
    if prefix == "/ar":
        assert page.evaluate("getComputedStyle(document.querySelector('table.portal-month-grid')).direction") == "rtl"
        # Right to left: Monday's column is the rightmost.
        boxes = [page.locator("thead th").nth(i).bounding_box()["x"] for i in (0, 6)]
        assert boxes[0] > boxes[1]
    tab_to(page, "a[rel=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/calendar/2022-03/")
    tab_to(page, "a[rel=prev]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/calendar/2022-02/")
    page.close()


def test_event_from_grid_add_to_calendar_downloads_a_valid_ics(browser, server):
    import icalendar

    page = browser.new_page(accept_downloads=True)
    page.goto(f"{server}/en/events/calendar/2022-02/")
    page.locator('td[data-date="2022-02-16"] a').first.click()
    page.wait_for_url("**/en/events/2022-02-16-infoveranstaltung-btz-borsdorf/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    (event,) = calendar.events
    assert str(event["SUMMARY"]) == "Information session at the BTZ Borsdorf"
    start = event.decoded("DTSTART")  # a single date in UTC: 10:00 in Leipzig
    assert start.utcoffset().total_seconds() == 0 and start.isoformat() == "2022-02-16T09:00:00+00:00"
    page.close()


def test_script_filter_narrows_the_upcoming_list(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/en/events/")
    visible = "document.querySelectorAll('[data-portal-upcoming] li.portal-event:not([hidden])').length"
    before = page.evaluate(visible)
    assert page.locator("form[data-portal-filter]").is_visible()
    page.select_option("select[name=category]", "workshop")
    after = page.evaluate(visible)
    assert 0 < after < before
    assert page.locator("form[data-portal-filter] output").inner_text() == f"{after} dates match."
    page.select_option("select[name=category]", "")
    page.select_option("select[name=language]", "fa")
    titles = page.locator("[data-portal-upcoming] li.portal-event:not([hidden]) h3 a").all_inner_texts()
    assert titles == ["Online information session: recognition of foreign vocational qualifications"]
    page.close()


def test_without_script_the_filter_form_stays_hidden_and_links_work(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/events/")
    assert not page.locator("form[data-portal-filter]").is_visible()
    page.get_by_role("link", name="Workshop").first.click()
    page.wait_for_url("**/events/category/workshop/")
    context.close()


def test_events_that_ended_after_the_build_leave_the_list(browser, server):
    """The demo is built on 2026-11-22; a reader on 2026-12-15 must not see the 10 December event."""
    page = browser.new_page()
    page.clock.set_fixed_time("2026-12-15T10:00:00+01:00")
    page.goto(f"{server}/events/")
    upcoming = page.locator("[data-portal-upcoming] li.portal-event")
    ended = page.locator('[data-portal-upcoming] li.portal-event[data-end="2026-12-10"]')
    assert ended.count() == 1 and ended.is_hidden()
    assert upcoming.filter(has_text="Bewerbungstraining").first.is_visible()
    page.goto(f"{server}/events/calendar/2026-12/")
    assert page.get_attribute('td[data-date="2026-12-15"]', "aria-current") == "date"
    page.close()


SEARCHES = {
    # language: (a word from that language's demo text, the page it must find)
    "ar": ("الاعتراف", "guidance/anerkennung-auslaendischer-abschluesse/"),
    "fa": ("شناختن", "guidance/anerkennung-auslaendischer-abschluesse/"),
    "ps": ("پېژندنه", "guidance/anerkennung-auslaendischer-abschluesse/"),
    "uk": ("визнання", "guidance/anerkennung-auslaendischer-abschluesse/"),
}


def search_result_links(page, query: str) -> list[str]:
    """Types `query` into the page's search box as a reader would and returns the results' links.

    Playwright inserts non-Latin text without key events; a real key press lets Material search.
    """
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill(query)
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    return [page.evaluate("(a) => a.href", handle) for handle in results.element_handles()]


@pytest.mark.parametrize("lang", list(SEARCHES))
def test_search_finds_words_in_the_readers_language_only(browser, server, lang):
    word, expected = SEARCHES[lang]
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/{lang}/")
    links = search_result_links(page, word)
    assert f"/{lang}/{expected}" in links[0], links  # the topic itself comes first
    assert all(f"{server}/{lang}/" in link for link in links), links
    index_requests = [url for url in requests if url.endswith("search_index.json")]
    assert index_requests == [f"{server}/{lang}/search/search_index.json"]  # settings only, no entries
    # The index in the page's language folder only: pieces of its word list, one file per result shown.
    pieces = [url for url in requests if "/search/words/" in url or "/search/pages/" in url]
    assert pieces and all(url.startswith(f"{server}/{lang}/search/") for url in pieces), pieces
    assert 1 <= len([url for url in pieces if "/search/pages/" in url]) <= 10
    page.close()


def test_a_german_term_typed_while_reading_arabic_finds_the_arabic_page(browser, server):
    """Readers meet the German words of the authorities (Duldung): typed into the Arabic search,
    they find the Arabic pages that use them, not the German ones."""
    page = browser.new_page()
    page.goto(f"{server}/ar/")
    links = search_result_links(page, "Duldung")
    assert f"{server}/ar/guidance/arbeitsmarktzugang-duldung/" in links[0], links
    assert all(f"{server}/ar/" in link for link in links), links
    # Text from content reaches the page as text: the only markup in a result is the <mark> of the words found.
    assert page.locator(".md-search-result__article mark").count() > 0
    assert page.locator(".md-search-result__article script, .md-search-result__article img").count() == 0
    page.close()


@pytest.mark.parametrize(
    "prefix,typed",
    [
        ("", "Anerkennungen"),  # another form of the page's word
        ("", "auslandische abschlusse"),  # typed without the umlauts
        ("en/", "recogni"),  # still typing
        ("ar/", "اعتراف"),  # without the article the page writes
        ("fa/", "شناختن"),
    ],
)
def test_the_search_finds_the_topic_as_readers_type_its_words(browser, server, prefix, typed):
    """The browser spells the query as portal/search.py spelled the index (search-index.js: fold)."""
    page = browser.new_page()
    page.goto(f"{server}/{prefix}")
    links = search_result_links(page, typed)
    assert f"{server}/{prefix}guidance/anerkennung-auslaendischer-abschluesse/" in links[0], links
    assert page.locator(".md-search-result__article mark").count() > 0  # the words found, marked
    page.close()


@pytest.mark.parametrize("prefix,results", [("", "Suchergebnis"), ("en/", "matching document"), ("ar/", "نتائج البحث")])
def test_the_search_dialog_and_its_texts_come_from_the_languages_texts_file(
    browser, server, demo_site, prefix, results
):
    """Pages do not carry Material's search dialog or its script's texts (compat.SharedFrame):
    the language's interface-texts.js brings them, in the page's language."""
    html = (demo_site / prefix / "events" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in html and '"translations"' not in html
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/{prefix}events/")
    assert page.locator(".md-header__inner > [data-md-component=search][role=dialog][aria-label]").count() == 1
    search_result_links(page, "Leipzig")
    assert results in page.locator(".md-search-result__meta").inner_text()  # Material's text, not its key
    assert errors == []
    page.close()


def test_without_the_texts_file_the_search_button_is_not_shown(browser, server):
    page = browser.new_page()
    page.route("**/interface-texts.js", lambda route: route.abort())
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/ar/events/")
    assert not page.locator('.md-header__button[for="__search"]').is_visible()  # it would open nothing
    page.mouse.wheel(0, 300)  # the first interaction starts Material's script all the same
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    assert errors == []
    page.close()


@pytest.mark.parametrize("prefix", ["", "en/", "ar/"])
def test_glossary_term_explained_on_keyboard_focus(browser, server, prefix):
    page = browser.new_page()
    page.goto(f"{server}/{prefix}guidance/arbeitsmarktzugang-duldung/")
    term = page.locator(".portal-term__word").first
    tip_id = term.get_attribute("aria-describedby")
    tip = page.locator(f"#{tip_id}")
    assert not tip.is_visible()
    # Tab until the term has focus: it is reachable by keyboard like any link.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('portal-term__word')"):
            break
    else:
        pytest.fail("the glossary term was not reached with Tab")
    focused = page.locator(":focus")
    assert focused.get_attribute("aria-describedby") == tip_id
    assert tip.is_visible()
    assert tip.get_attribute("role") == "tooltip"
    # The accessible description is the explanation (what a screen reader announces).
    description = page.evaluate("id => document.getElementById(id).textContent", tip_id)
    assert len(description) > 20
    # Escape hides it without moving focus (WCAG 1.4.13, dismissible).
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('portal-term__word')")
    page.close()


def test_glossary_term_opens_on_tap_before_following_the_link(browser, server):
    context = browser.new_context(has_touch=True, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/guidance/arbeitsmarktzugang-duldung/")
    term = page.locator(".portal-term__word").first
    term.scroll_into_view_if_needed()
    term.tap()
    tip = page.locator("#" + term.get_attribute("aria-describedby"))
    assert tip.is_visible()
    assert page.url.endswith("/guidance/arbeitsmarktzugang-duldung/")
    term.tap()  # the second tap follows the link to the glossary entry
    page.wait_for_url("**/glossary/#*")
    context.close()


def test_guidance_prints_without_navigation_and_with_source_addresses(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/guidance/arbeitsmarktzugang-duldung/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), selector
    source = page.locator(".portal-sources a").first
    after = page.evaluate("a => getComputedStyle(a, '::after').content", source.element_handle())
    assert "https://www.gesetze-im-internet.de/" in after
    page.close()


def test_filter_narrows_the_past_events_too_and_lives_in_the_address(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/en/events/")
    past = "[data-portal-past] li.portal-event:not([hidden])"
    assert page.locator(past).count() == 5
    page.select_option("select[name=category]", "network-meeting")
    assert page.locator(past).count() == 1
    assert page.url.endswith("/en/events/?category=network-meeting")
    page.select_option("select[name=language]", "fa")
    assert page.locator(past).count() == 0
    assert page.locator("[data-portal-past] .portal-empty").is_visible()
    assert page.url.endswith("?category=network-meeting&language=fa")
    # The address is shareable: a fresh visit restores the choice.
    shared = browser.new_page()
    shared.goto(f"{server}/en/events/?category=info-session")
    assert shared.locator("select[name=category]").input_value() == "info-session"
    titles = shared.locator("[data-portal-upcoming] li.portal-event:not([hidden])").all()
    assert titles and all(item.get_attribute("data-category") == "info-session" for item in titles)
    assert shared.locator(past).count() == 1
    page.select_option("select[name=category]", "")
    page.select_option("select[name=language]", "")
    assert page.url.endswith("/en/events/")
    shared.close()
    page.close()


@pytest.mark.parametrize("how", ["fill", "paste"])
def test_search_answers_a_pasted_or_dictated_query_without_a_key_press(browser, server, how):
    page = browser.new_page()
    page.goto(f"{server}/ar/")
    page.locator(".md-search__input").first.click()
    if how == "fill":  # what autofill and dictation do: the value changes, an input event, no key
        page.locator("input.md-search__input").fill("الاعتراف")
    else:
        page.evaluate(
            """() => { const field = document.querySelector('input.md-search__input');
                field.value = 'الاعتراف';
                field.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'})); }"""
        )
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    assert "/ar/guidance/anerkennung-auslaendischer-abschluesse/" in results.first.get_attribute("href")
    page.close()


def test_first_visit_offers_the_browsers_language_and_remembers_the_answer(browser, server):
    context = browser.new_context(locale="ar-SY")
    page = context.new_page()
    page.goto(f"{server}/events/")
    offer = page.locator(".portal-language-offer")
    assert offer.is_visible()
    assert offer.get_attribute("lang") == "ar" and offer.get_attribute("dir") == "rtl"
    assert "العربية" in offer.inner_text()
    accept = offer.locator("a")
    assert accept.get_attribute("href").endswith("/ar/events/")
    assert page.url.endswith("/events/")  # offered, never forced
    offer.locator("button").click()  # "No, thanks"
    assert offer.count() == 0
    page.goto(f"{server}/news/")
    assert page.locator(".portal-language-offer").count() == 0  # remembered
    assert context.cookies() == []
    assert page.evaluate("localStorage.getItem('portal.language')") == "de"
    context.close()
    # On a small phone the offer fits the screen.
    context = browser.new_context(locale="uk-UA", viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/places/")
    box = page.locator(".portal-language-offer")
    assert box.get_attribute("lang") == "uk"
    assert page.evaluate("(b) => b.scrollWidth <= b.clientWidth", box.element_handle())
    # The search and the drawer open over it, not under it; it is back when they close.
    for toggle, opened in (("__search", "input.md-search__input"), ("__drawer", ".md-nav--primary")):
        page.locator(f'label.md-header__button[for="{toggle}"]').click()
        page.locator(opened).first.wait_for(state="visible")
        assert box.is_hidden(), toggle
        page.evaluate("(id) => { document.getElementById(id).click(); }", toggle)  # close it again
        box.wait_for(state="visible")
    context.close()
    # Accepting leads to the same page in the reader's language; nothing is offered there.
    context = browser.new_context(locale="fa-IR")
    page = context.new_page()
    page.goto(f"{server}/guidance/")
    page.locator(".portal-language-offer a").click()
    page.wait_for_url("**/fa/guidance/")
    assert page.locator(".portal-language-offer").count() == 0
    context.close()
    # A reader whose browser speaks the page's language is offered nothing.
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{server}/")
    assert page.locator(".portal-language-offer").count() == 0
    context.close()
