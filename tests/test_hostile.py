"""Hostile and real-world input: every kind of hole an outside test found, as a test of its own.

Content that cannot be published is refused by `portal check` with a message that names the
file and the line and says what to write instead, never with a Python traceback; a build that
fails leaves the last good site byte-identical; what is published cannot run script on the
portal's address (checked in Chromium: nothing runs, no dialog, no request to another host).
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portal.cli import main as portal_main
from portal.problems import Problem
from portal.publish import remove_abandoned_scratch
from portal.render.glossary import Explanation, annotate
from portal.render.markdown import render_markdown
from portal.urls import is_safe_link
from scripts.local_nginx import NGINX, served_by_nginx
from tests.conftest import DEMO_TODAY, VALID_EVENT, ScratchProject, on_demo_day, serve_folder
from tests.test_browser import CHROMIUM, browser  # noqa: F401 - fixture
from tests.test_publish import tree_digest

EVENT = VALID_EVENT.replace("2022-02-16", "2026-12-01")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# --- javascript: links ------------------------------------------------------------------------

# Markdown that browsers would follow into `javascript:` (or another active scheme) if the
# link survived: case, spaces, control characters and character references inside the scheme,
# angle brackets, reference-style links, autolinks, images.
JAVASCRIPT_LINKS = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(2))",
    "[a]( javascript:alert(3))",
    "[a](java\tscript:alert(4))",
    "[a](&#106;avascript:alert(5))",
    "[a](&#x6A;avascript&#58;alert(6))",
    "[a](javascript&colon;alert(7))",
    "[a](jav&#x09;ascript:alert(8))",
    "[a](java&#10;script:alert(9))",
    "[a](jav&Tab;ascript:alert(10))",
    "[a](&#0000106avascript:alert(11))",
    "[a](<javascript:alert(12)>)",
    "[a][ref13]\n\n[ref13]: javascript:alert(13)",
    "[a][ref14]\n\n[ref14]: <JAVASCRIPT:alert(14)>",
    "<javascript:alert(15)>",
    "![a](javascript:alert(16))",
    "[a](vbscript:msgbox(17))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxOCk8L3NjcmlwdD4=)",
    "[a](&#x26;#106;avascript:alert(19))",
    "[a](javascript://%0aalert(20))",
]
# Control characters cannot reach a page (the content check refuses them); the renderer is safe anyway.
CONTROL_LINKS = ["[a](\x01javascript:alert(1))", "[a](java\x00script:alert(1))", "[a](\x1fjavascript:alert(1))"]


def _links(markup: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in ("href", "src") and value is not None:
                    found.append(value)  # as the browser reads it: character references decoded

    Links().feed(markup)
    return found


@pytest.mark.parametrize("markdown", JAVASCRIPT_LINKS + CONTROL_LINKS)
def test_no_spelling_of_an_active_link_survives_markdown(markdown):
    html = str(render_markdown(markdown))
    for url in _links(html):
        assert is_safe_link(url, decoded=True), (markdown, html)


@pytest.mark.parametrize(
    "markdown",
    [
        "[a](https://example.org/x)",
        "[a](/events/)",
        "[a](../guidance/)",
        "[a](#top)",
        "<mailto:a@example.org>",
        "[a](tel:+49341123)",
        "[a](x.pdf)",
    ],
)
def test_ordinary_links_stay_links(markdown):
    assert _links(str(render_markdown(markdown))), markdown


def test_the_link_check_reads_urls_like_a_browser():
    for url in [
        "java\tscript:x",
        " javascript:x",
        "\x01javascript:x",
        "JAVASCRIPT:x",
        "&#106;avascript:x",
        "data:text/html,x",
        "vbscript:x",
        "blob:https://a/b",
        "file:///etc/passwd",
    ]:
        assert not is_safe_link(url), url
    for url in ["https://a.example/", "//a.example/x", "/x", "x", "#a", "mailto:a@b.example", "tel:+49"]:
        assert is_safe_link(url), url


HOSTILE_MARKDOWN = "\n\n".join(JAVASCRIPT_LINKS)


def _scratch(tmp: Path) -> ScratchProject:
    return ScratchProject(tmp)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """A site with every link spelling in a project body, an event description and a news body,
    media files, a glossary of entity-like terms; built with `portal build --site-dir` into a
    folder that everybody may read (like /var/www)."""
    with on_demo_day():
        project = _scratch(tmp_path_factory.mktemp("hostile-links"))
        project.write(
            "content/projects/links.md",
            "---\ntitle: Links\nsummary: Ein Projekt.\nperiod: {start: 2026-01-01}\n---\n" + HOSTILE_MARKDOWN + "\n",
        )
        description = textwrap.indent(HOSTILE_MARKDOWN, "  ")
        project.write("content/events/2026-12-01-links.yml", EVENT + "description: |\n" + description + "\n")
        project.write(
            "content/news/2026-11-01-links.md",
            "---\ntitle: Links\ndate: 2026-11-01\nsummary: Neu.\n---\n" + HOSTILE_MARKDOWN + "\n",
        )
        project.write("content/media/photo.png", PNG)
        project.write("content/media/flyer.pdf", PDF)
        www = Path(tempfile.mkdtemp(prefix="portal-www-"))
        www.chmod(0o755)  # as /var/www: readable by the web server's user
        target = www / "portal"
        code = portal_main(["--config", str(project.root / "mkdocs.yml"), "build", "--site-dir", str(target)])
        assert code == 0
        yield project, target
        shutil.rmtree(www, ignore_errors=True)


HOSTILE_LINK_PAGES = [
    "projects/links/",
    "events/2026-12-01-links/",
    "news/2026-11-01-links/",
    "en/news/2026-11-01-links/",
]


def test_no_active_link_reaches_a_page_or_the_feed(hostile_build):
    _project, site = hostile_build
    for page in HOSTILE_LINK_PAGES:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        for url in _links(html):
            assert is_safe_link(url, decoded=True), (page, url)
    feed = ET.parse(site / "news" / "feed.xml").getroot()
    for content in feed.iter("{http://www.w3.org/2005/Atom}content"):
        for url in _links(content.text or ""):
            assert is_safe_link(url, decoded=True), url


@pytest.fixture(scope="module")
def plain_server(hostile_build):
    """The site without the nginx policy (which would block javascript: URLs on its own)."""
    httpd, address = serve_folder(hostile_build[1])
    yield address
    httpd.shutdown()


@pytest.mark.parametrize("path", HOSTILE_LINK_PAGES)
def test_clicking_every_hostile_link_runs_nothing(browser, plain_server, path):  # noqa: F811
    page = browser.new_page()
    dialogs: list[str] = []
    foreign: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((plain_server, "data:", "blob:")) else foreign.append(request.url)
        ),
    )
    address = f"{plain_server}/{path}"
    page.goto(address, wait_until="networkidle")
    # The payload's links all read "a"; they are there, as text without an address.
    links = page.locator(".md-content a", has_text="a")
    hostile = [index for index in range(links.count()) if links.nth(index).inner_text().strip() == "a"]
    assert len(hostile) >= len(JAVASCRIPT_LINKS) - 3, len(hostile)
    for index in hostile:
        link = links.nth(index)
        if link.is_visible():
            link.click(timeout=2000, no_wait_after=True)
            page.wait_for_timeout(30)
        if page.url.rstrip("/") != address.rstrip("/"):
            page.goto(address, wait_until="networkidle")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__pwned || null") is None
    page.close()
    assert dialogs == [] and foreign == [], (dialogs, foreign)


# --- media ------------------------------------------------------------------------------------

ACTIVE_MEDIA = {
    "evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
    "page.html": b"<!doctype html><script>alert(1)</script>",
    "fake.png": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "fake.pdf": b"<html><script>alert(1)</script></html>",
    "script.js": b"alert(1)",
}


def test_active_files_in_media_are_refused_with_a_clear_message(project, capsys):
    project.write("content/events/2026-12-01-info.yml", EVENT)
    project.write("content/media/photo.png", PNG)
    project.write("content/media/flyer.pdf", PDF)
    for name, data in ACTIVE_MEDIA.items():
        project.write(f"content/media/{name}", data)
    code, out = project.check(capsys)
    assert code == 1
    assert "content/media/evil.svg: cannot be published" in out
    assert "content/media/page.html: cannot be published" in out
    assert "content/media/script.js: cannot be published" in out
    assert "content/media/fake.png: is named .png but is not a PNG file" in out
    assert "content/media/fake.pdf: is named .pdf but is not a PDF file" in out
    assert "photo.png" not in out and "flyer.pdf" not in out
    assert "5 problem(s)" in out


def test_only_sniffed_media_is_published(hostile_build):
    _project, site = hostile_build
    assert sorted(p.name for p in (site / "media").iterdir()) == ["flyer.pdf", "photo.png"]


# --- symbolic links out of the repository -------------------------------------------------------


def test_links_out_of_the_repository_are_refused(project, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.yml").write_text(EVENT, encoding="utf-8")
    (outside / "secret.png").write_bytes(PNG)
    (project.root / "content/events").mkdir(parents=True)
    (project.root / "content/events/2026-12-01-secret.yml").symlink_to(outside / "secret.yml")
    (project.root / "content/media").mkdir()
    (project.root / "content/media/secret.png").symlink_to(outside / "secret.png")
    code, out = project.check(capsys)
    assert code == 1
    assert "content/events/2026-12-01-secret.yml: is a symbolic link to a place outside the repository" in out
    assert "content/media/secret.png: is a symbolic link to a place outside the repository" in out


def test_a_media_folder_linked_out_of_the_repository_is_refused(project, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside-media")
    (outside / "id_rsa.png").write_bytes(PNG)
    (project.root / "content/media").symlink_to(outside)
    code, out = project.check(capsys)
    assert code == 1 and "content/media: is a symbolic link to a place outside the repository" in out


def test_links_inside_the_repository_are_fine(project, capsys):
    project.write("shared/photo.png", PNG)
    (project.root / "content/media").mkdir(parents=True)
    (project.root / "content/media/photo.png").symlink_to(project.root / "shared/photo.png")
    code, out = project.check(capsys)
    assert code == 0, out


# --- content that must be refused with a message (never a traceback) ---------------------------

PROJECT_HEAD = "---\ntitle: P\nsummary: Ein Projekt.\nperiod: {start: 2026-01-01}\n---\n"
STORY = """---
title: Hala
summary: Eine Geschichte.
person: {first_name: Hala, origin: Syrien, occupation: Pflegerin, city: Leipzig, field: care, region: leipzig}
consent: {given_by: Hala, date: 2026-01-01, scope: Website}
---
Text.
"""


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n" + EVENT


# name -> (files, expected text in the output)
REFUSED = {
    # iCalendar injection: line breaks and control characters in what goes into the feeds
    "line-feed-in-title": (
        {
            "content/events/2026-12-01-a.yml": EVENT.replace(
                "  de: Infoveranstaltung im BTZ", '  de: "Info\\r\\nBEGIN:VEVENT"'
            )
        },
        "content/events/2026-12-01-a.yml:2: contains an invisible control character (U+000D)",
    ),
    "line-separator-in-summary": (
        {"content/events/2026-12-01-a.yml": EVENT.replace("summary: Eine Veranstaltung.", 'summary: "a\\Lb"')},
        ":7: contains an invisible control character (U+2028)",
    ),
    "next-line-in-place": (
        {"content/events/2026-12-01-a.yml": EVENT.replace("name: BTZ Borsdorf", 'name: "BTZ\\NBorsdorf"')},
        ":9: contains an invisible control character (U+0085)",
    ),
    "nul-in-address": (
        {"content/events/2026-12-01-a.yml": EVENT.replace("address: Borsdorf", 'address: "Bors\\0dorf"')},
        ":10: contains an invisible control character (U+0000)",
    ),
    "line-feed-in-rule": (
        {"content/events/2026-12-01-a.yml": EVENT + 'recurrence: "FREQ=WEEKLY;COUNT=3\\nBEGIN:VEVENT"\n'},
        "recurrence: 'FREQ=WEEKLY;COUNT=3\nBEGIN:VEVENT' is not a valid repeat rule".replace("\n", "\\x0a"),
    ),
    "raw-control-character": (
        {"content/events/2026-12-01-a.yml": EVENT.replace("Eine Veranstaltung.", "Eine\x0bVeranstaltung.")},
        ":7: contains an invisible control character (U+000B)",
    ),
    "vertical-tab-in-news-body": (
        {"content/news/2026-11-01-n.md": "---\ntitle: N\ndate: 2026-11-01\nsummary: S\n---\nA\n\nB\x0bC\n"},
        "content/news/2026-11-01-n.md:8: contains an invisible control character (U+000B)",
    ),
    "uid-domain-with-line-break": (
        {"content/site.yml": '@site calendar_uid_domain: "x.org\\nBEGIN:VEVENT"'},
        "calendar_uid_domain: 'x.org\\nBEGIN:VEVENT' is not a domain name",
    ),
    # path traversal through a term
    "category-leaving-the-site": (
        {
            "content/site.yml": "@category ../../../../tmp/portal-escape",
            "content/events/2026-12-01-a.yml": EVENT.replace(
                "category: info-session", "category: ../../../../tmp/portal-escape"
            ),
        },
        "'../../../../tmp/portal-escape' cannot be a term",
    ),
    # YAML that means something else than staff wrote
    "summary-twice": (
        {"content/events/2026-12-01-a.yml": EVENT + "summary: Noch eine.\n"},
        "content/events/2026-12-01-a.yml:11: 'summary' is given twice, on line 7 and on line 11; keep one of them",
    ),
    "de-twice": (
        {"content/events/2026-12-01-a.yml": EVENT.replace("  en: Information session at the BTZ", "  de: Zweimal")},
        ":3: 'de' is given twice, on line 2 and on line 3",
    ),
    "complex-key": (
        {"content/events/2026-12-01-a.yml": "? [title, start]\n: x\n" + EVENT},
        ":1: a field name must be a single word followed by a colon, not a list or a group",
    ),
    "second-rule-in-recurrence": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=WEEKLY;COUNT=3 RRULE:FREQ=MONTHLY;COUNT=2\n"},
        "holds more than one rule, or spaces",
    ),
    # one typo must not hang or crash the build
    "secondly": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=SECONDLY\n"},
        "FREQ=SECONDLY is finer than daily",
    ),
    "minutely": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=MINUTELY\n"},
        "FREQ=MINUTELY is finer than daily",
    ),
    "hourly-huge-count": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=HOURLY;COUNT=100000000\n"},
        "FREQ=HOURLY is finer than daily",
    ),
    "daily-huge-count": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=DAILY;COUNT=100000000\n"},
        "COUNT must be a whole number from 1 to 5000",
    ),
    "by-hour": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=DAILY;BYHOUR=1,2,3\n"},
        "BYHOUR repeats the event several times a day",
    ),
    "never-occurs": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31\n"},
        "recurrence: has no date in the 8 years after the start",
    ),
    "never-occurs-weekly-position": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=WEEKLY;BYDAY=MO;BYSETPOS=3\n"},
        "recurrence: has no date in the 8 years after the start",
    ),
    "never-occurs-sixth-monday": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=MONTHLY;BYDAY=6MO\n"},
        "recurrence: has no date in the 8 years after the start",
    ),
    "never-occurs-minutely": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=31\n"},
        "FREQ=MINUTELY is finer than daily",
    ),
    "year-1": (
        {"content/events/2026-12-01-a.yml": EVENT.replace("start: 2026-12-01 10:00", "start: 0001-12-01 10:00")},
        "start: '0001-12-01 10:00' is not a year from 1900 to 2200",
    ),
    "year-0": (
        {"content/events/2026-12-01-a.yml": EVENT.replace("start: 2026-12-01 10:00", "start: 0000-12-01 10:00")},
        "start: '0000-12-01 10:00' is not a year from 1900 to 2200",
    ),
    "year-9999": (
        {"content/events/2026-12-01-a.yml": EVENT.replace("end: 2026-12-01 13:00", "end: 9999-12-31 13:00")},
        "end: '9999-12-31 13:00' is not a year from 1900 to 2200",
    ),
    "until-9999": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=YEARLY;UNTIL=99991231\n"},
        "UNTIL=99991231 is not a date from 1900 to 2200",
    ),
    "huge-horizon": (
        {"content/site.yml": "@site calendar_horizon_months: 100000"},
        "calendar_horizon_months: must be a whole number of months from 1 to 60",
    ),
    "billion-laughs": (
        {"content/events/2026-12-01-a.yml": _billion_laughs()},
        "content/events/2026-12-01-a.yml:5: holds more than 20000 values once its aliases (*name) are expanded",
    ),
    "recursive-alias": (
        {"content/events/2026-12-01-a.yml": "loop: &a [*a]\n" + EVENT},
        "content/events/2026-12-01-a.yml:1: an alias (*name) refers to the block it is part of",
    ),
    "deep-nesting": (
        {"content/events/2026-12-01-a.yml": EVENT + "description: " + "[" * 600 + "]" * 600 + "\n"},
        "content/events/2026-12-01-a.yml:11: is nested more than 40 levels deep",
    ),
    "timezone-folder": (
        {"content/events/2026-12-01-a.yml": EVENT + "timezone: Europe\n"},
        "timezone: 'Europe' is not a known timezone",
    ),
    "timezone-factory": (
        {"content/events/2026-12-01-a.yml": EVENT + "timezone: Factory\n"},
        "timezone: 'Factory' is not a known timezone",
    ),
    "timezone-long": (
        {"content/events/2026-12-01-a.yml": EVENT + "timezone: " + "x" * 300 + "\n"},
        "is not a known timezone",
    ),
    "timezone-traversal": (
        {"content/events/2026-12-01-a.yml": EVENT + "timezone: ../../../etc/passwd\n"},
        "is not a known timezone",
    ),
    "site-timezone-folder": (
        {"content/site.yml": "@site timezone: America"},
        "timezone: 'America' is not a known timezone",
    ),
    # semantic slips
    "closes-at-24-30": (
        {
            "content/places/p.yml": 'name: P\naddress: {street: S 1, postcode: "04103", city: Leipzig}\n'
            'opening_hours: [{days: [mo], opens: "09:00", closes: "24:30"}]\nlanguages: [de]\nservices: [counselling]\n'
        },
        "'24:30' is past midnight; a day ends at 24:00",
    ),
    "deadline-after-event": (
        {"content/events/2026-12-01-a.yml": EVENT + "registration: {email: a@example.org, deadline: 2026-12-05}\n"},
        "registration.deadline: 2026-12-05 is after the event (2026-12-01)",
    ),
    "consent-in-the-future": (
        {"content/stories/hala.md": STORY.replace("date: 2026-01-01", "date: 2027-06-01")},
        "consent.date: 2027-06-01 is in the future",
    ),
    "consent-empty-scope": (
        {"content/stories/hala.md": STORY.replace("scope: Website", 'scope: ""')},
        "consent.scope: is empty; the consent record needs it",
    ),
    "exception-not-in-series": (
        {"content/events/2026-12-01-a.yml": EVENT + "recurrence: FREQ=WEEKLY;COUNT=4\nexceptions: [2026-12-09]\n"},
        "exceptions[0]: 2026-12-09 is not a date of the series",
    ),
    # programmer-speak
    "story-image-absolute": (
        {
            "content/stories/hala.md": STORY.replace(
                "consent:",
                "image: {src: /etc/passwd.png, alt: {de: a, en: a, ar: a, fa: a, uk: a, ru: a, tr: a, fr: a, ps: a}}\nconsent:",
            )
        },
        "image.src: '/etc/passwd.png' is not the name of a file in content/media/",
    ),
    "download-with-dots": (
        {"content/downloads/d.yml": "title: D\npublisher: P\ndate: 2021\nlanguages: [de]\nfile: ../../secret.pdf\n"},
        "file: '../../secret.pdf' is not the name of a file in content/media/",
    ),
    # smaller ones
    "folder-named-like-a-file": (
        {"content/events/2027-03-04-x.yml/README": "x"},
        "content/events/2027-03-04-x.yml: is a folder, but named like a content file",
    ),
    "dot-dot-yml": (
        {"content/events/..yml": EVENT},
        "content/events/..yml: the file name must use only lower-case letters",
    ),
    "list-front-matter": (
        {"content/projects/p.md": "---\n- a\n- b\n---\nText\n"},
        "content/projects/p.md:2: must be a list of fields",
    ),
}


def _apply(project: ScratchProject, files: dict[str, str]) -> None:
    for name, text in files.items():
        if name == "content/site.yml":
            site = (project.root / name).read_text(encoding="utf-8")
            kind, _sep, value = text.partition(" ")
            if kind == "@site":
                key = value.split(":")[0]
                lines = [line for line in site.splitlines() if not line.startswith(key + ":")]
                site = "\n".join(lines) + "\n" + value + "\n"
            else:  # @category TERM: one more category
                site = site.replace(
                    "  categories:\n",
                    f"  categories:\n    {value}: {{de: X, en: X, ar: X, fa: X, uk: X, ru: X, tr: X, fr: X, ps: X}}\n",
                    1,
                )
            (project.root / name).write_text(site, encoding="utf-8")
        else:
            project.write(name, text)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_file_line_and_what_to_write(project, capsys, case):
    files, expected = REFUSED[case]
    _apply(project, files)
    code, out = project.check(capsys)
    assert code == 1, out
    assert expected in out, out
    assert "Traceback" not in out and "should have explained" not in out, out
    assert "nothing was published" in out


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    with on_demo_day():
        project = _scratch(tmp_path_factory.mktemp("good-hostile"))
        project.write("content/events/2026-12-01-info.yml", EVENT)
        site = project.build()
        yield project, site, tree_digest(site)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_content_stops_the_build_and_keeps_the_last_good_site(good_site, capsys, case):
    project, site, digest = good_site
    backup = project.root.parent / f"backup-{case}"
    shutil.copytree(project.root / "content", backup, symlinks=True)
    try:
        _apply(project, REFUSED[case][0])
        code = portal_main(["--config", str(project.root / "mkdocs.yml"), "build", "--site-dir", str(site)])
        out = capsys.readouterr().err
        assert code == 1 and "Traceback" not in out and "should have explained" not in out, out
        assert tree_digest(site) == digest
        assert not Path("/tmp/portal-escape.ics").exists()
    finally:
        shutil.rmtree(project.root / "content")
        shutil.move(backup, project.root / "content")


def test_a_term_leading_out_of_the_site_writes_nothing_outside(project, capsys, tmp_path):
    escape = tmp_path / "escaped"
    files, _expected = REFUSED["category-leaving-the-site"]
    _apply(
        project,
        {
            name: text.replace("../../../../tmp/portal-escape", "../../../../" + str(escape).lstrip("/"))
            for name, text in files.items()
        },
    )
    with pytest.raises(Exception):  # noqa: B017 - refused by the check, whichever way it says so
        project.build()
    assert not list(tmp_path.glob("escaped*"))


# --- terminal escape sequences ------------------------------------------------------------------


def test_escape_sequences_from_content_never_reach_the_terminal(project, capsys):
    project.write("content/events/2026-12-01-a.yml", EVENT + '"\\e[2J\\e[HAll content is valid\\e]0;x\\a": 1\n')
    project.write("content/events/\x1b[2J\x1b]0;owned\x07.yml", EVENT)
    code, out = project.check(capsys)
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "content/events/2026-12-01-a.yml:11: contains an invisible control character (U+001B)" in out
    assert "content/events/\\x1b[2J\\x1b]0;owned\\x07.yml: the file name must use only" in out


def test_every_message_is_terminal_safe():
    text = str(Problem("a\x1b.yml", 1, "f\u202e", "x\x9by\nz"))
    assert text == "a\\x1b.yml:1: f\\u202e: x\\x9by\\x0az"


# --- YAML read as staff wrote it ----------------------------------------------------------------


def test_yaml_1_1_words_are_the_text_staff_wrote(project, capsys):
    event = EVENT.replace("  de: Infoveranstaltung im BTZ", "  de: Null").replace(
        "summary: Eine Veranstaltung.", "summary: yes"
    )
    project.write("content/events/2026-12-01-a.yml", event + "languages: [de, no]\n")
    code, out = project.check(capsys)
    assert code == 0, out
    from portal.content import load_content
    from portal.site import load_site

    content, _problems = load_content(load_site(project.root / "mkdocs.yml"))
    event = content.events["2026-12-01-a"]
    assert event.title["de"] == "Null" and event.summary["de"] == "yes" and event.languages == ["de", "no"]


def test_folded_title_builds_and_its_feeds_are_valid(project):
    project.write(
        "content/events/2026-12-01-a.yml",
        EVENT.replace("  de: Infoveranstaltung im BTZ", "  de: >\n    Infoveranstaltung\n    im BTZ\n"),
    )
    site = project.build()
    import icalendar

    feed = icalendar.Calendar.from_ical((site / "events/2026-12-01-a/event.ics").read_bytes())
    assert str(feed.walk("VEVENT")[0]["SUMMARY"]) == "Infoveranstaltung im BTZ"
    # An event's own file names no calendar (it goes into one the reader has).
    assert b"NAME:" not in (site / "events/2026-12-01-a/event.ics").read_bytes()


def test_old_mac_line_endings_are_line_breaks(project, capsys):
    project.write("content/projects/p.md", (PROJECT_HEAD + "Text.\n").replace("\n", "\r").encode())
    project.write("content/events/2026-12-01-a.yml", EVENT.replace("\n", "\r").encode())
    code, out = project.check(capsys)
    assert code == 0, out


def test_the_page_and_the_feed_give_the_same_dates_of_a_series(project):
    # The start counts as the first date, as in the feed, also when the rule would not give it.
    project.write("content/events/2026-12-01-a.yml", EVENT + "recurrence: FREQ=WEEKLY;BYDAY=FR;COUNT=2\n")
    from portal.calendar import occurrences
    from portal.content import load_content
    from portal.site import load_site

    site = load_site(project.root / "mkdocs.yml")
    content, _problems = load_content(site)
    found = [
        occ.start.date().isoformat()
        for occ in occurrences("a", content.events["2026-12-01-a"], site.timezone, site.today.replace(year=2027))
    ]
    assert found == ["2026-12-01", "2026-12-04"]  # RFC 5545: COUNT includes the start


# --- glossary terms that look like HTML ----------------------------------------------------------


def test_glossary_terms_that_look_like_entities_never_break_them():
    terms = {
        slug: ([word], Explanation(slug, word, "Erklärung", "de", "ltr"))
        for slug, word in [
            ("amp", "amp"),
            ("n39", "#39"),
            ("and", "&"),
            ("lt", "&lt"),
            ("quot", "quot"),
            ("x27", "x27"),
        ]
    }
    html = "<p>Tom &amp; Jerry&#39;s &lt;b&gt; &quot;quot&quot; &#x27;x27 amp</p>"
    result = str(annotate(html, terms, "/glossary/", "tip"))
    import html as html_module

    def text(markup: str) -> str:
        import re

        without_tips = re.sub(r'<span class="portal-term__tip"[^>]*>.*?</span>', "", markup)
        return html_module.unescape(re.sub(r"<[^>]+>", "", without_tips))

    assert text(result) == text(html)
    assert "&amp;#" not in result and "&amp;amp;" not in result


# --- builds: scratch folders, signals, permissions, 404 ------------------------------------------


def test_scratch_folders_of_killed_builds_are_removed(tmp_path):
    target = tmp_path / "site"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned = tmp_path / f".site.building-{dead.pid}-abc123"
    (abandoned / "x").mkdir(parents=True)
    results = tmp_path / f"..site.building-{dead.pid}-abc123-languages"
    results.mkdir()
    running = tmp_path / f".site.building-{os.getpid()}-def456"
    running.mkdir()
    assert sorted(remove_abandoned_scratch(target)) == sorted([abandoned, results])
    assert running.is_dir() and not abandoned.exists() and not results.exists()


def test_a_build_stopped_by_a_signal_leaves_no_scratch_and_the_last_good_site(good_site):
    project, site, digest = good_site
    env = dict(os.environ, PORTAL_TODAY=DEMO_TODAY, PORTAL_LANG="en")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "portal.cli",
            "--config",
            str(project.root / "mkdocs.yml"),
            "build",
            "--site-dir",
            str(site),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(site.parent.glob(f".{site.name}.building-*")):
        time.sleep(0.02)
    assert list(site.parent.glob(f".{site.name}.building-*")), "the build made no scratch folder"
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert b"Traceback" not in err, err.decode()
    assert not list(site.parent.glob(f"*.{site.name}.building-*"))
    assert tree_digest(site) == digest


def test_published_folder_has_the_usual_permissions(hostile_build):
    _project, site = hostile_build
    modes = {stat.S_IMODE(path.stat().st_mode) for path in [site, *site.rglob("*")] if path.is_dir()}
    files = {stat.S_IMODE(path.stat().st_mode) for path in site.rglob("*") if path.is_file()}
    assert modes == {0o755} and files == {0o644}, (modes, files)


def test_not_found_pages_link_the_feed_on_this_host(hostile_build):
    _project, site = hostile_build
    for page in ("404.html", "en/404.html", "ar/404.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert 'type="application/atom+xml"' in html, page
        assert 'href="//' not in html, page


def test_python_m_portal_cli_works(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "portal.cli", "--help"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert run.returncode == 0 and "portal" in run.stdout, run.stderr


def test_german_messages_for_the_new_rules(project, capsys):
    project.write("content/events/2026-12-01-a.yml", EVENT + "recurrence: FREQ=MINUTELY\n")
    code = portal_main(["--lang", "de", "--config", str(project.root / "mkdocs.yml"), "check"])
    out = capsys.readouterr().err
    assert code == 1 and "feiner als täglich" in out, out


# --- nginx: unprivileged user, media policy -----------------------------------------------------


@pytest.fixture(scope="module")
def nginx_as_nobody(hostile_build, tmp_path_factory):
    """The shipped configuration served by nginx whose workers run as `nobody` (as root) or as us."""
    if not Path(NGINX).exists() and not os.environ.get("CI"):
        pytest.skip("needs Debian's nginx package")
    _project, site = hostile_build
    # Planted after the build, as if something had slipped past the check: the server must still not run it.
    for name, data in ACTIVE_MEDIA.items():
        (site / "media" / name).write_bytes(data)
        (site / "media" / name).chmod(0o644)
    work = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
    work.chmod(0o755)
    # As root, the workers run as nobody, who may read only what is published world-readable.
    with served_by_nginx(site, work, "user nobody nogroup;" if os.geteuid() == 0 else "") as address:
        yield address, getpass.getuser()
    shutil.rmtree(work, ignore_errors=True)


def test_nginx_as_an_unprivileged_user_serves_the_published_folder(nginx_as_nobody):
    address, _user = nginx_as_nobody
    for path in ("/", "/events/", "/en/events/", "/media/photo.png", "/events/feeds/all.ics"):
        with urllib.request.urlopen(address + path, timeout=5) as response:
            assert response.status == 200, path


@pytest.mark.parametrize("name", sorted(ACTIVE_MEDIA))
def test_nginx_never_serves_media_as_a_page(nginx_as_nobody, name):
    address, _user = nginx_as_nobody
    with urllib.request.urlopen(f"{address}/media/{name}", timeout=5) as response:
        kind = response.headers["Content-Type"]
        policies = response.headers.get_all("Content-Security-Policy")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "html" not in kind and "svg" not in kind and "javascript" not in kind, kind
    assert any("default-src 'none'" in policy for policy in policies), policies
    if not name.endswith(".pdf"):
        assert any("sandbox" in policy for policy in policies), policies


def test_planted_media_runs_nothing_in_the_browser(browser, nginx_as_nobody):  # noqa: F811
    address, _user = nginx_as_nobody
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name in ("fake.png", "photo.png"):
        page.goto(f"{address}/media/{name}")
        page.wait_for_timeout(200)
    for name in ("evil.svg", "page.html"):  # served as downloads: the navigation never becomes a page
        try:
            with page.expect_download(timeout=5000):
                page.goto(f"{address}/media/{name}")
        except Exception:  # noqa: BLE001, S110 - Playwright reports a navigation that became a download as an error
            pass
        page.wait_for_timeout(200)
    context.close()
    assert dialogs == []


# --- more messages in staff's words ------------------------------------------------------------


def test_no_programmer_speak_for_patterns_and_numbers(project, capsys):
    project.write("content/projects/p.md", PROJECT_HEAD + "Text.\n")
    project.write("content/projects/p.en.md", "---\ntitle: P\ntranslation_of: ../../x\n---\nText.\n")
    project.write("content/pages/imprint.md", "---\ntitle: Impressum\nfooter: first\n---\nText.\n")
    code, out = project.check(capsys)
    assert code == 1
    assert "String should match pattern" not in out and "Input should be" not in out, out
    assert "translation_of: '../../x' is not written the way this field needs (Which version of the original" in out
    assert "footer: 'first' is not a whole number; write a number such as 1" in out


def test_docs_linked_out_of_the_repository_are_refused(project, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside-docs")
    (outside / "secrets.md").write_text("# token\n", encoding="utf-8")
    (project.root / "docs/secrets.md").symlink_to(outside / "secrets.md")
    code, out = project.check(capsys)
    assert code == 1 and "docs/secrets.md: is a symbolic link to a place outside the repository" in out


# --- re-import keeps what staff wrote, comments included -------------------------------------------

FEED = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:kurs@example.org
DTSTAMP:20261101T120000Z
DTSTART;TZID=Europe/Berlin:20270107T130000
DTEND;TZID=Europe/Berlin:20270107T170000
RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=10
RDATE;TZID=Europe/Berlin:20270110T100000
SUMMARY:Sprachkurs
LOCATION:Volkshochschule, Löhrstraße 3, 04105 Leipzig
END:VEVENT
BEGIN:VEVENT
UID:kein-ort@example.org
DTSTAMP:20261101T120000Z
DTSTART:20270108
URL:/relative/address
SUMMARY:Ohne Ort
END:VEVENT
END:VCALENDAR
"""


def test_reimport_keeps_staff_comments_and_additions(project, capsys):
    feed = project.write("feed.ics", FEED)
    config = ["--config", str(project.root / "mkdocs.yml"), "import", str(feed), "--category", "info-session"]
    assert portal_main(config) == 0
    out = capsys.readouterr()
    assert "not imported: Ohne Ort: has no LOCATION and no URL" in out.err  # a relative URL leads nowhere
    path = project.root / "content/events/2027-01-07-sprachkurs.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "category: info-session",
        "category: info-session  # agreed with the VHS on 3 Nov\n# English title checked by Amal\naudience: [refugees]",
    )
    path.write_text(text, encoding="utf-8")
    project.write("feed.ics", FEED.replace("SUMMARY:Sprachkurs", "SUMMARY:Sprachkurs Deutsch B1"))
    assert portal_main(config) == 0
    capsys.readouterr()
    again = path.read_text(encoding="utf-8")
    assert "# agreed with the VHS on 3 Nov" in again and "# English title checked by Amal" in again
    assert "audience: [refugees]" in again and "Sprachkurs Deutsch B1" in again
    extra = (project.root / "content/events/2027-01-10-sprachkurs.yml").read_text(encoding="utf-8")
    assert "start: 2027-01-10 10:00" in extra and "uid: kurs@example.org#rdate-20270110T100000" in extra  # the RDATE
    code, report = project.check(capsys)
    assert code == 0, report


def test_feed_text_never_carries_characters_xml_forbids():
    from portal.news_feed import xml_text

    assert xml_text("Word\x0bpaste\x0c\x00 ok\t\n") == "Wordpaste ok\t\n"
    ET.fromstring(f"<a>{xml_text('x' + chr(0x1F) + chr(0xFFFE) + 'y')}</a>")
