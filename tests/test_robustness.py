"""Robustness: hostile content stays text, broken content never replaces a good site, builds repeat exactly."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal.cli import main as portal_main
from tests.conftest import DEMO_TODAY, on_demo_day, serve_folder
from tests.test_browser import CHROMIUM, browser, server  # noqa: F401 - fixtures
from tests.test_publish import tree_digest
from tests.test_validation import CASES, copy_case

# Markup that would run script if it ever reached a page unescaped.
PAYLOAD = (
    '<script>window.__pwned="script"</script><img src=x onerror="window.__pwned=\'img\'">'
    "\"'><svg onload=\"window.__pwned='svg'\"></b></div><!--"
)
MARKDOWN_PAYLOAD = (
    PAYLOAD
    + "\n\n[click](javascript:window.__pwned='link') <iframe src=\"javascript:window.__pwned='frame'\"></iframe>"
)
URL_PAYLOAD = "https://example.org/\"><script>window.__pwned='url'</script>"


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


HOSTILE_FILES = {
    "content/partners/evil.yml": f"""
name: {quoted(PAYLOAD)}
short_name: {quoted(PAYLOAD)}
kind: network-partner
url: {quoted(URL_PAYLOAD)}
role: {quoted(PAYLOAD)}
address: {quoted(PAYLOAD)}
""",
    "content/projects/evil.md": f"""
---
title: {quoted(PAYLOAD)}
summary: {{de: {quoted(PAYLOAD)}, en: {quoted(PAYLOAD)}}}
period: {{start: 2026-01-01}}
lead: evil
partners: [evil]
programme: {quoted(PAYLOAD)}
target_group: {quoted(PAYLOAD)}
region: {quoted(PAYLOAD)}
website: {quoted(URL_PAYLOAD)}
contact: {{email: {quoted('"><script>x</script>@example.org')}, phone: {quoted(PAYLOAD)}}}
---
{MARKDOWN_PAYLOAD}
""",
    "content/projects/evil.en.md": f"---\ntitle: {quoted(PAYLOAD)}\nsummary: {quoted(PAYLOAD)}\n---\n{MARKDOWN_PAYLOAD}\n",
    "content/events/2026-12-01-evil.yml": f"""
title: {quoted(PAYLOAD)}
start: 2026-12-01 10:00
end: 2026-12-01 12:00
category: workshop
summary: {quoted(PAYLOAD)}
description: {quoted(MARKDOWN_PAYLOAD)}
report: {quoted(MARKDOWN_PAYLOAD)}
location: {{name: {quoted(PAYLOAD)}, address: {quoted(PAYLOAD)}, url: {quoted(URL_PAYLOAD)}}}
organizer: evil
project: evil
registration: {{url: {quoted(URL_PAYLOAD)}, email: {quoted('"><svg/onload=x>@example.org')}}}
""",
    "content/stories/evil.md": f"""
---
title: {quoted(PAYLOAD)}
summary: {quoted(PAYLOAD)}
person: {{first_name: {quoted(PAYLOAD)}, origin: {quoted(PAYLOAD)}, occupation: {quoted(PAYLOAD)}, city: {quoted(PAYLOAD)}, field: care, region: leipzig}}
project: evil
quote: {quoted(PAYLOAD)}
video: {{url: {quoted(URL_PAYLOAD)}, host: {quoted(PAYLOAD)}, title: {quoted(PAYLOAD)}}}
consent: {{given_by: {quoted(PAYLOAD)}, date: 2026-01-01, scope: {quoted(PAYLOAD)}}}
---
{MARKDOWN_PAYLOAD}
""",
    "content/glossary/evil.yml": f"""
term: {quoted(PAYLOAD)}
forms: [script, amp, quot, "39", img]
explanation: {{{", ".join(f"{code}: {quoted(PAYLOAD)}" for code in ("de", "en", "ar"))}}}
""",
    "content/places/evil.yml": f"""
name: {quoted(PAYLOAD)}
organisation: evil
address: {{street: {quoted(PAYLOAD)}, postcode: {quoted(PAYLOAD)}, city: {quoted(PAYLOAD)}}}
opening_hours: [{{days: [mo, tu, we], opens: "09:00", closes: "12:00"}}]
hours_note: {quoted(PAYLOAD)}
languages: [de, ar]
services: [counselling]
helps_with: [work]
booking: {quoted(PAYLOAD)}
contact: {{email: "a@example.org", phone: {quoted(PAYLOAD)}}}
access_note: {quoted(PAYLOAD)}
""",
    "content/downloads/evil.yml": f"""
title: {quoted(PAYLOAD)}
publisher: {quoted(PAYLOAD)}
date: 2021-07
languages: [de]
summary: {quoted(PAYLOAD)}
kind: {quoted(PAYLOAD)}
url: {quoted(URL_PAYLOAD)}
projects: [evil]
""",
    "content/news/2026-11-01-evil.md": f"""
---
title: {quoted(PAYLOAD)}
date: 2026-11-01
summary: {quoted(PAYLOAD)}
projects: [evil]
events: [2026-12-01-evil]
guidance: [evil]
downloads: [evil]
stories: [evil]
link: {quoted(URL_PAYLOAD)}
video: {{url: {quoted(URL_PAYLOAD)}, host: {quoted(PAYLOAD)}, title: {quoted(PAYLOAD)}}}
---
{MARKDOWN_PAYLOAD}
""",
    "content/pages/evil.md": f"""
---
title: {quoted(PAYLOAD)}
summary: {quoted(PAYLOAD)}
footer: 1
legal: true
---
{MARKDOWN_PAYLOAD}
""",
    "content/guidance/evil.md": f"""
---
title: {quoted(PAYLOAD)}
summary: {quoted(PAYLOAD)}
sources: [{{label: {quoted(PAYLOAD)}, url: {quoted(URL_PAYLOAD)}}}]
reviewed: {{date: 2026-10-01, by: {quoted(PAYLOAD)}}}
applies_to: {{statuses: [tolerated], questions: [work]}}
---
{MARKDOWN_PAYLOAD}
""",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from tests.conftest import ScratchProject

    with on_demo_day():
        project = ScratchProject(tmp_path_factory.mktemp("hostile"))
        for name, text in HOSTILE_FILES.items():
            project.write(name, text)
        return project.build()


def test_hostile_content_is_checked_not_refused_where_it_is_only_text(hostile_site):
    assert (hostile_site / "events/2026-12-01-evil/index.html").is_file()


HOSTILE_PAGES = [
    "events/",
    "events/2026-12-01-evil/",
    "events/calendar/2026-12/",
    "projects/",
    "projects/evil/",
    "stories/",
    "stories/evil/",
    "guidance/",
    "guidance/evil/",
    "network/",
    "glossary/",
    "places/",
    "finder/tolerated/work/",
    "news/",
    "news/2026-11-01-evil/",
    "downloads/",
    "pages/evil/",
]


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    httpd, address = serve_folder(hostile_site)
    yield address
    httpd.shutdown()


@pytest.mark.parametrize("prefix", ["", "en/", "ar/"])
def test_hostile_content_never_runs_in_the_browser(browser, hostile_server, prefix):  # noqa: F811
    # Four tabs load four pages at a time: each page is inspected once the network has been idle
    # on it for half a second, and those half seconds pass side by side instead of one by one.
    context = browser.new_context()
    dialogs: list[str] = []
    tabs = [context.new_page() for _ in range(4)]
    for tab in tabs:
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        # The reader's day is the build's: the lists hide what ended before the reader's today,
        # and the hostile event (1 December 2026) must stay in them.
        tab.clock.set_fixed_time(datetime.fromisoformat(f"{DEMO_TODAY}T12:00:00+01:00"))
    for start in range(0, len(HOSTILE_PAGES), len(tabs)):
        batch = list(zip(HOSTILE_PAGES[start : start + len(tabs)], tabs))
        for path, page in batch:
            page.goto(f"{hostile_server}/{prefix}{path}", wait_until="commit")
        for path, page in batch:
            page.wait_for_load_state("networkidle")
            _assert_nothing_runs(page, path)
    context.close()
    assert dialogs == []


def _assert_nothing_runs(page, path: str) -> None:
    """No javascript: link, no handler or script from the content, the payload shown as text."""
    for link in page.locator(".md-content a").element_handles():
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:"), path
    found = page.evaluate(
        """() => ({
            pwned: window.__pwned || null,
            handlers: [...document.querySelectorAll('.md-content *')]
                .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).map(e => e.outerHTML.slice(0, 60)),
            injected: [...document.querySelectorAll('.md-content script:not([type="application/ld+json"]), .md-content svg[onload], .md-content iframe')]
                .map(e => e.outerHTML.slice(0, 60)),
            shown: document.querySelector('.md-content').innerText.includes('<script>window.__pwned'),
        })"""
    )
    assert found["pwned"] is None and not found["handlers"] and not found["injected"], (path, found)
    if path != "events/calendar/2026-12/":
        assert found["shown"], f"{path}: the hostile text should be shown as text"


def test_javascript_urls_in_address_fields_are_refused_by_the_check(project, capsys):
    expected = copy_case("javascript-url", project)
    code, out = project.check(capsys)
    assert code == 1 and expected in out


# --- broken content never replaces a good site ------------------------------------------------


@pytest.fixture(scope="module")
def good_project(tmp_path_factory):
    from tests.conftest import VALID_EVENT, ScratchProject

    # The day stays pinned while the module's tests build the project again (its digest depends on it).
    with on_demo_day():
        project = ScratchProject(tmp_path_factory.mktemp("good"))
        project.write("content/events/2026-12-01-info.yml", VALID_EVENT.replace("2022-02-16", "2026-12-01"))
        site = project.build()
        yield project, site, tree_digest(site)


@pytest.mark.parametrize("case", CASES)
def test_each_broken_file_stops_the_build_and_keeps_the_last_good_site(good_project, capsys, case):
    project, site, digest = good_project
    before = {p for p in (project.root / "content").rglob("*") if p.is_file()}
    try:
        expected = copy_case(case, project)
        code = portal_main(["--config", str(project.root / "mkdocs.yml"), "build", "--site-dir", str(site)])
        out = capsys.readouterr().err
        assert code == 1
        assert expected in out
        assert "the site from the last good build is unchanged" in out
        assert tree_digest(site) == digest
    finally:
        for path in (project.root / "content").rglob("*"):
            if path.is_file() and path not in before:
                path.unlink()


def test_a_language_whose_build_fails_stops_the_build_and_keeps_the_last_good_site(project, monkeypatch):
    from portal.engine.mkdocs.plugin import PortalPlugin
    from portal.problems import ContentError

    site = project.build()
    digest = tree_digest(site)
    finish = PortalPlugin.on_post_page

    def broken_in_arabic(self, output, page, config):
        if self._language(config) == "ar":
            raise RuntimeError("the disk is full")
        return finish(self, output, page, config)

    # The language builds are forked from this process, so they inherit the broken method.
    monkeypatch.setattr(PortalPlugin, "on_post_page", broken_in_arabic)
    with pytest.raises(ContentError) as failed:
        project.build()
    message = str(failed.value.problems[0])
    assert "'ar'" in message and "the disk is full" in message
    assert tree_digest(site) == digest
    assert not list(site.parent.glob(".site-*")), "no scratch folder is left behind"


# --- the same content, the same bytes ---------------------------------------------------------


def test_two_builds_of_the_same_content_are_byte_identical(demo_site, demo_rebuild):
    # The second build (conftest.demo_rebuild) is of a fresh copy of the demo's files, one
    # language at a time this time: the order in which the languages' processes run changes
    # nothing.
    again = demo_rebuild
    first = {p.relative_to(demo_site): p for p in demo_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    different = [str(name) for name, path in first.items() if path.read_bytes() != second[name].read_bytes()]
    assert different == []
