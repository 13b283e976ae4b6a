"""Easy German (Leichte Sprache) as a language of the site: its own pages, German fallbacks,
the tag screen readers need, and the start page's way to it and to a sign-language film."""

from __future__ import annotations

import re

import pytest

from portal.site import load_site
from portal.strings import kit_strings
from portal.translations import translation_states
from tests.conftest import ROOT
from tests.test_build import page


@pytest.fixture
def project(demo_settings_project):
    """These tests are about the demo's languages (easy German, Ukrainian …): its settings."""
    return demo_settings_project


def test_easy_german_is_a_language_with_its_own_folder_tag_and_label(demo_site):
    site = load_site(ROOT / "mkdocs.yml")
    easy = site.language("ls")
    assert (easy.name, easy.tag, easy.variant_of, easy.direction) == ("Leichte Sprache", "de-x-ls", "de", "ltr")
    home = page(demo_site, "ls", "")
    assert '<html lang="de-x-ls" dir="ltr"' in home
    assert "Diese Internet-Seite ist von dem Netzwerk RESQUE." in home
    # Dates are German dates (Babel knows no ls).
    guidance = page(demo_site, "ls", "guidance/berufssprachkurse")
    assert re.search(r"Zuletzt geprüft am \w+, \d+\. \w+ 2026", guidance)
    switcher = {
        lang: name
        for lang, name in re.findall(r'hreflang="([^"]+)" class="md-select__link">\s*([^<]+?)\s*</a>', guidance)
    }
    assert switcher.get("de-x-ls") == "Leichte Sprache"  # the tag, not the site code ls


def test_easy_german_pages_are_written_for_it_and_marked_machine_written(demo_site):
    strings = kit_strings("ls")
    for path in (
        "",
        "pages/barrierefreiheit",
        "guidance/berufssprachkurse",
        "guidance/arbeitsmarktzugang-duldung",
        "guidance/anerkennung-auslaendischer-abschluesse",
    ):
        html = page(demo_site, "ls", path)
        assert strings["machine_translated"] in html, path
        assert strings["translation_missing"] not in html, path
    finder = page(demo_site, "ls", "finder")
    assert "Mein Asyl-Antrag läuft noch." in finder
    assert strings["machine_translated"] in finder  # the finder's questions, written by machine
    questions = page(demo_site, "ls", "finder/tolerated")
    assert "Ich will Deutsch lernen." in questions


def test_what_easy_german_lacks_falls_back_to_german_marked_as_such(demo_site):
    strings = kit_strings("ls")
    html = page(demo_site, "ls", "guidance/ausbildung-und-duldung")
    assert strings["translation_missing"] in html
    assert re.search(r'<div class="portal-text" lang="de" dir="ltr">', html)
    # Names and texts without an easy-German version use the German one, marked as German.
    places = page(demo_site, "ls", "places")
    assert strings["places_intro"] in places
    assert '<span lang="de" dir="ltr">Bildungs- und Technologiezentrum (BTZ)' in places
    # The glossary explains the hard words in easy German too.
    glossary = page(demo_site, "ls", "glossary")
    assert "Eine Duldung ist ein Papier. Die Duldung heißt: Sie müssen Deutschland eigentlich verlassen." in glossary


def test_easy_german_has_translation_states_like_any_language():
    site = load_site(ROOT / "mkdocs.yml")
    states = {(s.kind, s.item): s for s in translation_states(site) if s.lang == "ls"}
    assert states[("guidance", "berufssprachkurse")].state == "current"
    assert states[("guidance", "berufssprachkurse")].machine
    assert states[("guidance", "ausbildung-und-duldung")].state == "missing"
    assert states[("docs", "index")].state == "current"
    assert states[("site", "site")].state == "current"


def test_every_start_page_links_easy_german_and_no_film_is_embedded(demo_site):
    german = page(demo_site, "de", "")
    access = re.search(
        r'<nav class="portal-access" aria-label="([^"]+)" data-search-exclude>(.*?)</nav>', german, re.DOTALL
    )
    assert access and access.group(1) == kit_strings("de")["accessible_versions"]
    assert '<a href="ls/" hreflang="de-x-ls">Informationen in Leichter Sprache</a>' in access.group(2)
    arabic = page(demo_site, "ar", "")
    assert 'href="../ls/" hreflang="de-x-ls">' in arabic
    assert "<iframe" not in german and "<video" not in german


def test_a_sign_language_film_is_a_link_on_every_start_page(project):
    # The four languages the test reads (German, English, Arabic, easy German): the other six
    # would build in twice the time and show nothing else.
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"        - locale: (fa|uk|ru|tr|fr|ps)\n          name: [^\n]+\n", "", config)
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    settings = project.root / "content/site.yml"
    settings.write_text(
        settings.read_text() + 'sign_language_video: {url: "https://video.example.org/dgs", host: "Beispiel-Video"}\n',
        encoding="utf-8",
    )
    built = project.build()
    assert not (built / "fa").exists()  # the languages left out were left out
    for prefix, lang in (("", "de"), ("en/", "en"), ("ar/", "ar"), ("ls/", "ls")):
        html = (built / prefix / "index.html").read_text(encoding="utf-8")
        text = kit_strings(lang)["sign_language_video"].replace("{host}", "Beispiel-Video")
        assert f'<a href="https://video.example.org/dgs" rel="noopener">{text}</a>' in html, lang
        assert "<iframe" not in html


def test_no_page_or_sitemap_names_easy_german_by_its_site_code(demo_site):
    """hreflang takes language tags; `ls` is none (the Nu Html Checker rejects it)."""
    for path in ("", "ls/", "ar/guidance/berufssprachkurse/"):
        html = (demo_site / path / "index.html").read_text(encoding="utf-8")
        assert 'hreflang="ls"' not in html, path
        assert 'hreflang="de-x-ls" class="md-select__link"' in html
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="ls"' not in sitemap
    assert '<xhtml:link rel="alternate" hreflang="de-x-ls" href="https://resque-portal.example.org/ls/"/>' in sitemap
    feed = (demo_site / "ls/news/feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="de-x-ls"' in feed
