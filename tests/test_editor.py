"""The browser editor (Decap CMS at /admin/): configured from the model, bundled, and working
against the local repository through Decap's local backend (decap-server, from npm)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from portal.cli import main as portal_main
from portal.publish import build_site
from tests.conftest import DEMO_TODAY, ROOT, VALID_EVENT, ScratchProject, serve_folder
from tests.test_browser import CHROMIUM, browser  # noqa: F401 - fixture

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
NODE = shutil.which("node")
needs_decap = pytest.mark.skipif(
    not (DECAP_SERVER.is_file() and NODE and Path(CHROMIUM).exists()) and not os.environ.get("CI"),
    reason="needs npm ci (decap-cms, decap-server), Node.js and Chromium",
)


def test_editor_config_follows_the_model(demo_site):
    config = yaml.safe_load((demo_site / "admin/config.yml").read_text(encoding="utf-8"))
    assert '<script src="decap-cms.js">' in (demo_site / "admin/index.html").read_text(encoding="utf-8")
    assert (demo_site / "admin/decap-cms.js").stat().st_size > 1_000_000  # bundled, no CDN
    events = next(c for c in config["collections"] if c["name"] == "events")
    assert events["folder"] == "content/events" and events["format"] == "yml"
    fields = {f["name"]: f for f in events["fields"]}
    # Required exactly where the model requires it.
    assert fields["start"]["required"] and not fields["end"]["required"]
    assert fields["start"]["widget"] == "datetime" and fields["start"]["format"] == "YYYY-MM-DD HH:mm"
    assert {"de": True, "en": False} == {
        f["name"]: f["required"] for f in fields["title"]["fields"] if f["name"] in ("de", "en")
    }
    # Vocabularies and references: the terms of the site settings, the files of the content.
    site = yaml.safe_load((ROOT / "content/site.yml").read_text(encoding="utf-8"))
    assert [o["value"] for o in fields["category"]["options"]] == list(site["vocabularies"]["categories"])
    partners = sorted(p.stem for p in (ROOT / "content/partners").glob("*.yml"))
    assert sorted(o["value"] for o in fields["organizer"]["options"]) == partners
    stories = next(c for c in config["collections"] if c["name"] == "stories")
    story_fields = {f["name"]: f for f in stories["fields"]}
    assert story_fields["consent"]["required"]
    assert story_fields["body"]["widget"] == "markdown"
    glossary = next(c for c in config["collections"] if c["name"] == "glossary")
    explanation = next(f for f in glossary["fields"] if f["name"] == "explanation")
    assert all(f["required"] for f in explanation["fields"])  # every language, as the model says


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def editable_portal(tmp_path, monkeypatch):
    """The kit's test site (de, en, ar) with one event, built, served, and decap-server writing into it.

    Not the demo: the editor's form comes from the content model and the site's settings, the
    same in both, and two builds of the nine-language demo would cost CI two minutes.
    """
    monkeypatch.setenv("PORTAL_TODAY", DEMO_TODAY)
    ScratchProject(tmp_path).write("content/events/2022-02-16-info.yml", VALID_EVENT)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")  # the editor's bundle, as after npm ci
    site = build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    api_port = free_port()
    config_path = site / "admin/config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["local_backend"] = {"url": f"http://localhost:{api_port}/api/v1"}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    proxy = subprocess.Popen(
        [NODE, str(DECAP_SERVER)],
        cwd=tmp_path,
        env={**os.environ, "PORT": str(api_port), "GIT_REPO_DIRECTORY": str(tmp_path), "MODE": "fs"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    httpd, address = serve_folder(site)
    deadline = time.time() + 20
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", api_port)) == 0:
                break
        time.sleep(0.2)
    try:
        yield tmp_path, address
    finally:
        httpd.shutdown()
        proxy.terminate()
        proxy.wait(timeout=10)


@needs_decap
def test_editor_config_text_is_the_same_with_libyaml(demo_settings_project):
    """The configuration is written with libyaml's emitter (fast enough for every save in the
    preview): the text must be exactly what PyYAML's own emitter writes."""
    from portal.check import check_site
    from portal.editor import _yaml_text, decap_config

    config = decap_config(check_site(demo_settings_project.root / "mkdocs.yml").content)
    assert _yaml_text(config) == yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def test_event_created_in_the_browser_editor_passes_check_and_appears_on_the_site(
    browser,  # noqa: F811
    editable_portal,
    capsys,
):
    root, server = editable_portal
    before = set((root / "content/events").iterdir())
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(f"{server}/admin/")
    page.get_by_role("button", name="Login").click()
    page.goto(f"{server}/admin/#/collections/events/new")
    page.locator('[id^="de-field-"]').first.wait_for()
    german = page.locator('[id^="de-field-"]')  # title, summary, description, location name …
    german.nth(0).fill("Bewerbungstraining im Haus des Handwerks")
    page.locator('[id^="start-field-"]').fill("2027-03-04T10:00")
    page.locator('[id^="end-field-"]').fill("2027-03-04T13:00")
    page.locator('[id^="category-field-"]').click()
    page.get_by_text("Workshop", exact=True).click()
    german.nth(1).fill("Wir üben Bewerbungsgespräche für eine Ausbildung im Handwerk.")
    german.nth(3).fill("Haus des Handwerks")
    page.locator('[id^="address-field-"]').fill("Dresdner Straße 11/13, 04103 Leipzig")
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    deadline = time.time() + 20
    while time.time() < deadline and set((root / "content/events").iterdir()) == before:
        time.sleep(0.2)
    page.close()
    created = set((root / "content/events").iterdir()) - before
    assert len(created) == 1, "the editor wrote no file"
    path = created.pop()
    # Named from the start and the title, in the form `portal check` requires.
    assert path.name.startswith("2027-03-04-") and path.name.endswith("-bewerbungstraining-im-haus-des-handwerks.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["title"]["de"] == "Bewerbungstraining im Haus des Handwerks"
    assert data["category"] == "workshop"
    code = portal_main(["--config", str(root / "mkdocs.yml"), "check"])
    out = capsys.readouterr()
    assert code == 0, out.err
    site = build_site(root / "mkdocs.yml", root / "site")
    html = (site / f"events/{path.stem}/index.html").read_text(encoding="utf-8")
    assert "Bewerbungstraining im Haus des Handwerks" in html
    assert "Donnerstag, 4. März 2027" in html
