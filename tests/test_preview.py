"""The preview (`portal serve`): a change builds only what it affects, byte-identical to a full
build; while content has errors the last good site stays, with a banner listing them."""

from __future__ import annotations

import filecmp
import json
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from portal.engine.mkdocs.preview import Preview, _handler

PARTNER = """
name: Handwerkskammer zu Leipzig
kind: network-partner
"""

EVENT = """
title:
  de: Infoabend Ausbildung
  en: Information evening on training
start: {start}
end: {end}
category: info-session
summary: Ausbildung im Handwerk
location:
  name: Haus des Handwerks
  address: Dresdner Straße 11/13, 04103 Leipzig
organizer: hwk-leipzig
"""

GUIDE = """---
title: Arbeitserlaubnis
summary: Wann Geflüchtete arbeiten dürfen
sources: [{label: "§ 4a AufenthG", url: "https://www.gesetze-im-internet.de/aufenthg_2004/__4a.html"}]
reviewed: {date: 2026-10-01, by: Team}
applies_to: {statuses: [tolerated], questions: [work]}
---

Text.
"""


def fill(project) -> None:
    project.write("content/partners/hwk-leipzig.yml", PARTNER)
    project.write(
        "content/events/2026-12-10-infoabend.yml", EVENT.format(start="2026-12-10 17:00", end="2026-12-10 19:00")
    )
    project.write(
        "content/events/2027-01-14-infoabend.yml", EVENT.format(start="2027-01-14 17:00", end="2027-01-14 19:00")
    )
    project.write("content/guidance/arbeitserlaubnis.md", GUIDE)


def settle(preview: Preview) -> None:
    """Build until no language is behind (what the watcher thread does)."""
    while preview.step() or preview.pending:
        pass


def different_files(left: Path, right: Path) -> list[str]:
    """Every file that is not byte-identical in both folders, or only in one."""
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return sorted(
        name
        for name in names
        if not (left / name).is_file()
        or not (right / name).is_file()
        or not filecmp.cmp(left / name, right / name, shallow=False)
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    time.sleep(0.01)  # a new modification time, also on coarse file systems
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edits_build_only_what_they_affect_and_equal_a_full_build(project, tmp_path):
    fill(project)
    preview = Preview(project.root / "mkdocs.yml", tmp_path / "preview")
    settle(preview)
    event = project.root / "content/events/2026-12-10-infoabend.yml"
    edits = [
        (event, "de: Infoabend Ausbildung", "de: Infoabend Ausbildung im Handwerk"),  # a title
        (event, "start: 2026-12-10 17:00", "start: 2026-12-10 16:00"),  # a date
        # Into another month of the calendar: its month pages and the old one's, no others.
        (event, "start: 2026-12-10 16:00\nend: 2026-12-10 19:00", "start: 2027-01-20 16:00\nend: 2027-01-20 19:00"),
        (project.root / "content/partners/hwk-leipzig.yml", "zu Leipzig", "Leipzig"),  # a referenced item
        (project.root / "docs/index.en.md", "# Home", "# Welcome"),  # a hand-written page
    ]
    for path, old, new in edits:
        edit(path, old, new)
        settle(preview)
        assert preview.full_builds == 1, "not rebuilt page by page"
        full = project.build(tmp_path / f"full-{path.stem}-{len(new)}")
        assert different_files(preview.site_dir, full) == []
    page = (preview.site_dir / "events/2026-12-10-infoabend/index.html").read_text(encoding="utf-8")
    assert "Infoabend Ausbildung im Handwerk" in page and "Handwerkskammer Leipzig" in page


def test_a_new_and_a_removed_event_equal_a_full_build(project, tmp_path):
    fill(project)
    preview = Preview(project.root / "mkdocs.yml", tmp_path / "preview")
    settle(preview)
    project.write(
        "content/events/2026-12-17-sprechstunde.yml", EVENT.format(start="2026-12-17 10:00", end="2026-12-17 12:00")
    )
    (project.root / "content/events/2027-01-14-infoabend.yml").unlink()
    settle(preview)
    assert preview.full_builds == 1
    assert different_files(preview.site_dir, project.build(tmp_path / "full")) == []
    # Once more, now that each language's partial build knows its pages: a page gone changes
    # the sitemap, which an edit that keeps the pages does not make again.
    (project.root / "content/events/2026-12-17-sprechstunde.yml").unlink()
    settle(preview)
    assert preview.full_builds == 1
    assert different_files(preview.site_dir, project.build(tmp_path / "full-again")) == []


def test_a_save_stops_the_build_of_a_language_nobody_looks_at(project, tmp_path, monkeypatch):
    """Staff save again while the other languages are still being built: the language being
    built is stopped, the previewed one is built first, and in the end everything equals a full build."""
    fill(project)
    preview = Preview(project.root / "mkdocs.yml", tmp_path / "preview")
    settle(preview)
    preview.previewed = "de"
    event = project.root / "content/events/2026-12-10-infoabend.yml"
    edit(event, "de: Infoabend Ausbildung", "de: Infoabend Ausbildung im Handwerk")
    edit(event, "en: Information evening on training", "en: Information evening on crafts")
    assert preview.step() and preview.behind == ["ar", "en"]  # German first, as the browser shows it

    second = "en: Information evening on crafts and trades"
    saved = []

    def save_while_building():
        if not saved:  # the first time the build asks: staff save again
            edit(event, "en: Information evening on crafts", second)
            saved.append(True)
        return Preview.saved_meanwhile(preview)

    monkeypatch.setattr(preview, "saved_meanwhile", save_while_building)
    monkeypatch.setattr("portal.engine.mkdocs.parallel.INTERRUPT_POLL_SECONDS", 0.001)
    preview.step()  # a background language's build: stopped by the save
    assert saved and preview.unbuilt and set(preview.behind) == {"ar", "en"}
    version = preview.version
    preview.previewed = "en"
    preview.step()  # the save: the language being looked at first
    assert preview.version == version + 1 and "en" not in preview.behind
    settle(preview)
    assert preview.full_builds == 1 and not preview.unbuilt
    page = (preview.site_dir / "en/events/2026-12-10-infoabend/index.html").read_text(encoding="utf-8")
    assert "crafts and trades" in page
    assert different_files(preview.site_dir, project.build(tmp_path / "full")) == []


@pytest.fixture
def served(project, tmp_path):
    """The preview's own server on a free port, its watcher running, as `portal serve` starts it."""
    from http.server import ThreadingHTTPServer

    fill(project)
    preview = Preview(project.root / "mkdocs.yml", tmp_path / "preview")
    settle(preview)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(preview))
    server.daemon_threads = True
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, daemon=True),
        threading.Thread(target=preview.watch, args=(stop,), daemon=True),
    ]
    for thread in threads:
        thread.start()
    yield preview, f"http://127.0.0.1:{server.server_address[1]}"
    stop.set()
    server.shutdown()
    server.server_close()
    threads[1].join(timeout=60)


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def wait_for_reload(base: str, version: int) -> int:
    data = json.loads(get(f"{base}/.portal/reload?version={version}"))
    return data["version"]


def wait_until_idle(base: str) -> dict:
    for _ in range(600):
        status = json.loads(get(f"{base}/.portal/status"))
        if not status["pending"]:
            return status
        time.sleep(0.1)
    raise AssertionError("the preview never caught up")


def test_errors_keep_the_last_good_site_with_a_banner_and_it_recovers(served, project, capsys):
    _preview, base = served
    event = project.root / "content/events/2026-12-10-infoabend.yml"
    version = json.loads(get(f"{base}/.portal/status"))["version"]
    edit(event, "category: info-session", "category: party")
    edit(event, "start: 2026-12-10 17:00", "start: 2026-12-10 20:00")  # end before start too
    time.sleep(1)
    version = wait_for_reload(base, version)
    status = json.loads(get(f"{base}/.portal/status"))
    page = get(f"{base}/events/2026-12-10-infoabend/")
    # The last good page, with every problem above it: file, line, field; the same count as portal check.
    assert "Infoabend Ausbildung" in page and "portal-preview-problems" in page
    assert "content/events/2026-12-10-infoabend.yml:5</code> end: 2026-12-10 19:00 is before the start" in page
    assert "content/events/2026-12-10-infoabend.yml:6</code> category: &#x27;party&#x27; is not" in page
    code, out = project.check(capsys)
    assert code == 1
    assert "2 problem(s) in 1 file(s)" in out and "2 problem(s) in 1 file(s)" in page
    assert status["errors"] == 2
    # Fixed: the banner goes by itself, the page shows the change.
    edit(event, "category: party", "category: workshop")
    edit(event, "start: 2026-12-10 20:00", "start: 2026-12-10 18:00")
    wait_for_reload(base, version)
    wait_until_idle(base)
    page = get(f"{base}/events/2026-12-10-infoabend/")
    assert "portal-preview-problems" not in page and "Workshop" in page
    assert "portal-preview-warnings" in page  # warnings stay, folded


def test_banner_in_german_and_warnings_as_warnings(served, project):
    preview, base = served
    preview.language = "de"  # portal --lang de serve
    guide = project.root / "content/guidance/arbeitserlaubnis.md"
    edit(guide, "date: 2026-10-01", "date: 2024-10-01")  # an overdue review: a warning only
    version = json.loads(get(f"{base}/.portal/status"))["version"]
    wait_for_reload(base, version)
    status = wait_until_idle(base)
    # As many as portal check reports (among them the overdue review).
    from portal.check import check_site

    expected = len(check_site(project.root / "mkdocs.yml").warnings)
    assert status["errors"] == 0 and status["warnings"] == expected >= 1
    page = get(f"{base}/guidance/arbeitserlaubnis/")
    assert "portal-preview-problems" not in page
    assert (
        f"{expected} Warnung(en)" in page
        and "<code>content/guidance/arbeitserlaubnis.md:5</code> reviewed.date:" in page
    )
    # Inside a right-to-left page the banner keeps the staff member's language and direction,
    # so that German text is not reordered as Arabic.
    arabic = get(f"{base}/ar/guidance/arbeitserlaubnis/")
    assert 'dir="rtl"' in arabic.split("<body", 1)[0]
    assert '<details class="portal-preview-warnings" lang="de" dir="ltr"' in arabic


def test_the_browser_reloads_by_itself_and_the_banner_fits_a_phone(served, project, tmp_path):
    """Chromium on an event page: a save with two mistakes makes the page reload with the banner
    (no horizontal scrolling at 360 px), the fix makes it reload without."""
    from playwright.sync_api import sync_playwright

    _preview, base = served
    event = project.root / "content/events/2026-12-10-infoabend.yml"
    shots = Path("/tmp/portal-preview-screenshots")
    shots.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            phone = browser.new_page(viewport={"width": 360, "height": 740})
            desktop = browser.new_page(viewport={"width": 1280, "height": 800})
            for page in (phone, desktop):
                page.goto(f"{base}/events/2026-12-10-infoabend/")
            edit(event, "category: info-session", "category: party")
            edit(event, "organizer: hwk-leipzig", "organizer: hwk")
            for page in (phone, desktop):
                # On a busy machine the first save's page may reload before the second save is
                # seen, with one problem; the next reload lists both.
                page.wait_for_function(
                    "document.querySelectorAll('.portal-preview-problems li').length >= 2", timeout=120_000
                )
                assert page.locator(".portal-preview-problems li").count() == 2
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
            phone.screenshot(path=str(shots / "banner-360.png"))
            # The search opens over the banner: its field is what a tap on it reaches.
            phone.locator('label.md-header__button[for="__search"]').click()
            field = phone.locator("input.md-search__input")
            field.wait_for(state="visible")
            box = field.bounding_box()
            on_top = "([x, y]) => document.elementFromPoint(x, y) === document.querySelector('input.md-search__input')"
            assert phone.evaluate(on_top, [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
            phone.wait_for_timeout(500)  # for the screenshot only: Material's opening transition
            phone.screenshot(path=str(shots / "banner-search-360.png"))
            phone.keyboard.press("Escape")
            desktop.screenshot(path=str(shots / "banner-1280.png"))
            edit(event, "category: party", "category: workshop")
            edit(event, "organizer: hwk", "organizer: hwk-leipzig")
            for page in (phone, desktop):
                page.wait_for_selector(".portal-preview-problems", state="detached", timeout=120_000)
                page.wait_for_function(
                    "document.body && document.body.textContent.includes('Workshop')", timeout=120_000
                )
        finally:
            browser.close()
