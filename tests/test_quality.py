"""Quality gates on the built demo: accessibility (axe), HTML validity (vnu), keyboard, privacy, links."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import ROOT
from tests.test_browser import CHROMIUM, browser, search_result_links, server  # noqa: F401 - fixtures

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The representative pages of the portal, in German, English and a right-to-left language.
PAGES = [
    "",
    "events/",
    "events/calendar/2022-02/",
    "events/2022-02-16-infoveranstaltung-btz-borsdorf/",
    "events/sprechstunde-haus-des-handwerks/",
    "guidance/arbeitsmarktzugang-duldung/",
    "finder/",
    "finder/tolerated/work/",
    "glossary/",
    "places/",
    "stories/",
    "stories/hala/",
    "projects/resque-continued/",
    "network/",
    "news/",
    "news/2022-04-04-dokumentarfilm-ich-habs-geschafft/",
    "downloads/",
    "pages/datenschutz/",
]
LANGUAGE_PREFIXES = ["", "en/", "ar/"]
# Easy German: its start page, a guidance topic written for it, and the accessibility statement.
EASY_GERMAN = ["ls/", "ls/guidance/arbeitsmarktzugang-duldung/", "ls/pages/barrierefreiheit/"]
REPRESENTATIVE = [prefix + path for prefix in LANGUAGE_PREFIXES for path in PAGES] + EASY_GERMAN

required_tool = pytest.mark.skipif(
    not (AXE.is_file() and VNU.is_file()) and not __import__("os").environ.get("CI"),
    reason="needs the npm tools (npm ci)",
)


# WCAG 2.1 A and AA, and axe's best practices (landmarks, one main heading, a named dialog …).
AXE_RULES = """async () => await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
    resultTypes: ['violations']})"""


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(AXE_RULES)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


def axe_violations_at(browser, url: str) -> list[str]:  # noqa: F811 - the fixture, passed on
    """axe's findings on the page at `url`, opened in a new tab of `browser`."""
    page = browser.new_page()
    page.goto(url)
    violations = axe_violations(page)
    page.close()
    return violations


@required_tool
@pytest.mark.parametrize("path", REPRESENTATIVE)
def test_axe_finds_no_violations(browser, server, path):  # noqa: F811
    assert axe_violations_at(browser, f"{server}/{path}") == []


@required_tool
@pytest.mark.parametrize(
    "path,locale",
    [("", "ar-EG"), ("events/calendar/2026-12/", "uk-UA"), ("ar/events/", "en-GB"), ("fa/places/", "de-DE")],
)
def test_axe_finds_no_violations_on_a_phone_with_the_language_offer(browser, server, path, locale):  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale=locale)
    page = context.new_page()
    page.goto(f"{server}/{path}")
    assert page.locator(".portal-language-offer").is_visible()
    violations = axe_violations(page)
    context.close()
    assert violations == []


def vnu_errors(files: list) -> list[str]:
    """The Nu Html Checker's errors in `files` (built pages), as file:line: message."""
    java = shutil.which("java")
    assert java, "the HTML check needs Java (apt-get install default-jre-headless)"
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        check=False,  # vnu exits 1 when it finds errors; the assertion reports them
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


@required_tool
def test_nu_html_checker_finds_no_errors(demo_site):
    assert vnu_errors([demo_site / path / "index.html" for path in REPRESENTATIVE]) == []


KEYBOARD_PAGES = ["", "events/", "events/calendar/2022-02/", "ar/events/sprechstunde-haus-des-handwerks/"]


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_every_interactive_element_is_reachable_and_visibly_focused(browser, server, path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/{path}")
    interactive = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
            .filter(e => e.tabIndex >= 0 && !e.disabled && e.offsetParent !== null
                    && getComputedStyle(e).visibility !== 'hidden'
                    && !(e.tagName !== 'SUMMARY' && e.closest('details:not([open])')))
            .map((e, i) => { e.dataset.kbd = i; return i; })"""
    )
    reached, unfocused_style = set(), []
    for _ in range(len(interactive) + 10):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; if (!e || e.dataset.kbd === undefined) return null;
                const s = getComputedStyle(e);
                const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                                || s.boxShadow !== 'none' || s.textDecorationLine.includes('underline')
                                || s.backgroundColor !== 'rgba(0, 0, 0, 0)';
                return [Number(e.dataset.kbd), visible, e.outerHTML.slice(0, 80)]; }"""
        )
        if info:
            reached.add(info[0])
            if not info[1]:
                unfocused_style.append(info[2])
    page.close()
    missing = sorted(set(interactive) - reached)
    assert not missing, f"{len(missing)} of {len(interactive)} interactive elements not reachable by Tab"
    assert unfocused_style == []


@pytest.mark.parametrize("path", REPRESENTATIVE)
def test_pages_request_nothing_from_other_hosts_and_set_no_cookie(browser, server, path):  # noqa: F811
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/{path}", wait_until="networkidle")
    foreign = [url for url in requests if not url.startswith(server)]
    cookies = page.context.cookies()
    page.close()
    assert foreign == [] and cookies == []


# --- page weight -------------------------------------------------------------------------------

BUDGET_FIRST_VISIT = 100 * 1024
BUDGET_SECOND_VISIT = 15 * 1024
EVENT_PAGES = ["events/2022-02-16-infoveranstaltung-btz-borsdorf/", "ar/events/sprechstunde-haus-des-handwerks/"]


@pytest.mark.parametrize("path", EVENT_PAGES)
def test_event_page_weight_within_budget(demo_site, path):
    from portal.pageweight import page_weight

    weight = page_weight(demo_site, demo_site / path / "index.html")
    assert weight.first_visit <= BUDGET_FIRST_VISIT, weight.files
    assert weight.second_visit <= BUDGET_SECOND_VISIT
    assert not any("search_index" in name or "sitemap" in name for name in weight.files)


@pytest.mark.parametrize("path", EVENT_PAGES)
def test_weight_counts_exactly_what_the_browser_fetches(browser, server, demo_site, path):  # noqa: F811
    from portal.pageweight import fetched_files

    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/{path}", wait_until="networkidle")
    page.mouse.wheel(0, 10)  # the first interaction brings Material's script (material-on-demand.js)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    fetched = {url.removeprefix(server).split("?")[0] for url in requests}
    expected = {
        "/" + p.relative_to(demo_site).as_posix() for p in fetched_files(demo_site, demo_site / path / "index.html")
    }
    expected = {e.removesuffix("index.html") for e in expected}
    # The search loads once a reader wants it, and then still works.
    assert search_result_links(page, "Borsdorf")
    page.close()
    assert fetched == expected


# --- links ---------------------------------------------------------------------------------------


def test_no_broken_internal_link_or_anchor_in_any_language(demo_site):
    from portal.linkcheck import check_links

    report = check_links(demo_site, "https://resque-portal.example.org/")
    assert report.pages > 2000 and report.links > 100_000
    assert report.broken == []
    assert "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html" in report.external
    print(f"\n{len(report.external)} external links (listed, not fetched)")


def test_link_checker_finds_broken_links_and_anchors(tmp_path):
    from portal.linkcheck import check_links

    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="b/">gone</a><a href="a/#here">x</a><a href="a/#nowhere">y</a>'
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2><a href="https://example.org/">out</a>')
    report = check_links(tmp_path)
    assert report.broken == ["index.html: b/ (no such page or file)", "index.html: a/#nowhere (no anchor #nowhere)"]
    assert report.external == {"https://example.org/"}
