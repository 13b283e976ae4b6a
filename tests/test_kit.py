"""The kit as another network gets it: a wheel installed into a fresh virtual environment,
`portal init`, a build of the new site, and a site that overrides a template and a string.

The virtual environment is not this repository's and the install is not editable, so the test
sees exactly what a wheel ships (templates, theme, strings, starter files).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from portal import __version__
from tests.conftest import ROOT, navigation_links, serve_folder
from tests.test_browser import CHROMIUM, search_result_links

TODAY = "2026-12-01"


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PORTAL_TODAY": TODAY, "PORTAL_LANG": "en"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(part) for part in command], check=False, cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the kit's wheel installed; returns its bin folder."""
    work = tmp_path_factory.mktemp("kit")
    # From a copy of what git tracks: the wheel holds only that, and the build leaves no
    # build/ or egg-info folder in the working tree.
    source = work / "source"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist", source)
    wheel = next((work / "dist").glob("portal_kit-*.whl"))
    # The fresh environment without a pip of its own (ensurepip takes seconds): this pip installs
    # the wheel and its dependencies into it (`--python`), as the environment's own pip would.
    venv.create(work / "venv", with_pip=False)
    bin_dir = work / "venv" / "bin"
    run(sys.executable, "-m", "pip", "--python", bin_dir / "python", "install", "--quiet", wheel)
    return bin_dir


@pytest.fixture(scope="module")
def new_site(installed, tmp_path_factory) -> Path:
    """`portal init` with de, en and ar, outside the repository, then one template and one string overridden."""
    folder = tmp_path_factory.mktemp("network") / "my-portal"
    run(
        installed / "portal",
        "init",
        folder,
        "--name",
        "IQ Netzwerk Rheinland-Pfalz",
        "--languages",
        "de,en,ar",
        "--email",
        "info@iq-rlp.example",
        "--region",
        "Kaiserslautern",
    )
    # The site's own version of one of the kit's page templates, and of one interface string.
    kit_templates = run(
        installed / "python", "-c", "import portal.render, pathlib; print(pathlib.Path(portal.render.__file__).parent)"
    ).stdout.strip()
    card = (Path(kit_templates) / "templates" / "event_card.html").read_text(encoding="utf-8")
    (folder / "overrides" / "portal").mkdir(parents=True)
    (folder / "overrides" / "portal" / "event_card.html").write_text(
        '<div class="network-own-card">\n' + card + "\n</div>\n", encoding="utf-8"
    )
    (folder / "overrides" / "strings").mkdir()
    (folder / "overrides" / "strings" / "de.yml").write_text('upcoming_events: "Nächste Termine"\n', encoding="utf-8")
    run(installed / "portal", "check", cwd=folder)
    run(installed / "portal", "build", cwd=folder)
    return folder


def test_the_wheel_says_its_version(installed):
    assert run(installed / "portal", "--version").stdout.strip() == f"portal-kit {__version__}"


def test_init_writes_only_what_the_site_edits(new_site):
    files = {p.relative_to(new_site).as_posix() for p in new_site.rglob("*") if p.is_file()}
    files = {name for name in files if not name.startswith(("site/", ".portal/"))}  # the build's output
    kinds = ["events", "partners", "projects", "stories", "guidance", "glossary", "places", "downloads", "news"]
    for kind in kinds:
        assert any(name.startswith(f"content/{kind}/") for name in files), kind
    for name in [
        "mkdocs.yml",
        "content/site.yml",
        "content/pages/impressum.md",
        "content/pages/datenschutz.md",
        "content/pages/barrierefreiheit.md",
        ".github/workflows/portal.yml",
        ".gitlab-ci.yml",
        ".vscode/settings.json",
        "README.md",
        "requirements.txt",
    ]:
        assert name in files, name
    # No copy of the kit's theme, templates or strings: those come from the installed package.
    assert not [name for name in files if name.endswith((".css", ".js"))]
    assert {name for name in files if name.startswith("overrides/")} == {
        "overrides/README.md",
        "overrides/portal/event_card.html",  # added by this test
        "overrides/strings/de.yml",  # added by this test
    }
    settings = json.loads((new_site / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/event.schema.json"] == "content/events/*.yml"
    assert (new_site / "schemas" / "event.schema.json").is_file()
    site_yml = (new_site / "content" / "site.yml").read_text(encoding="utf-8")
    assert "ar: جلسة إعلامية" in site_yml and "fa:" not in site_yml  # labels in the chosen languages only
    assert "portal-kit>=" in (new_site / "requirements.txt").read_text(encoding="utf-8")


def test_the_new_site_has_the_kits_look_and_right_to_left_arabic(new_site):
    site = new_site / "site"
    assert (site / "assets" / "stylesheets" / "portal.css").is_file()
    assert (site / "assets" / "javascripts" / "portal.js").is_file()
    home = (site / "ar" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in home
    assert "assets/stylesheets/portal.css" in home
    assert "<script>" not in home  # Material's inline scripts moved into files, as on the demo
    events = (site / "ar" / "events" / "index.html").read_text(encoding="utf-8")
    assert "الفعاليات القادمة" in events  # the kit's Arabic interface string
    # Navigation from the content kinds' registry: the finder first, the network page last.
    sections = navigation_links(home)
    assert sections[1].endswith("finder/") and sections[-1].endswith("network/"), sections


def test_the_site_overrides_a_template_and_a_string_and_keeps_the_kits_defaults(new_site):
    site = new_site / "site"
    german = (site / "events" / "index.html").read_text(encoding="utf-8")
    english = (site / "en" / "events" / "index.html").read_text(encoding="utf-8")
    assert "Nächste Termine" in german and "Kommende Veranstaltungen" not in german  # overridden
    assert "Upcoming events" in english  # the kit's string where the site changed nothing
    assert 'class="network-own-card"' in german and 'class="network-own-card"' in english
    assert not (site / "strings").exists() and not (site / "portal").exists()  # not published


def test_the_new_sites_calendar_feeds_and_search_work(new_site):
    site = new_site / "site"
    feed = (site / "events" / "feeds" / "all.ics").read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in feed and "DTSTART:20261215T090000Z" in feed  # 10:00 in Berlin
    assert (site / "ar" / "events" / "feeds" / "all.ics").is_file()
    assert "<entry>" in (site / "en" / "news" / "feed.xml").read_text(encoding="utf-8")
    assert (site / "events" / "calendar" / "2026-12" / "index.html").is_file()
    for prefix, lang in (("", "de"), ("en/", "en"), ("ar/", "ar")):
        pages = [json.loads(p.read_text(encoding="utf-8")) for p in (site / prefix / "search" / "pages").glob("*.json")]
        assert pages and all(page["url"].startswith(prefix) for page in pages), lang


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="needs Debian's chromium package")
def test_the_new_sites_search_finds_its_event_in_the_browser(new_site):
    from playwright.sync_api import sync_playwright

    httpd, server = serve_folder(new_site / "site")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"{server}/en/")
            links = search_result_links(page, "Information")
            assert any("/en/events/2026-12-15-infoveranstaltung/" in link for link in links), links
            browser.close()
    finally:
        httpd.shutdown()
