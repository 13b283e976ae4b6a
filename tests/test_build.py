"""The real demo portal, built into a temporary folder, inspected page by page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FINISHED_SERIES, ROOT, navigation_links

LANGUAGES = {
    code: "" if code == "de" else f"{code}/" for code in ("de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "ps", "ls")
}
DIRECTION = {code: "rtl" if code in ("ar", "fa", "ps") else "ltr" for code in LANGUAGES}


def page(site: Path, lang: str, path: str) -> str:
    return (site / LANGUAGES[lang] / path / "index.html").read_text(encoding="utf-8")


def html_tag(text: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)"', text)
    assert match, "no <html> tag with lang and dir"
    return match.group(1), match.group(2)


def test_every_page_has_lang_and_dir_of_its_language(demo_site):
    pages = list(demo_site.rglob("index.html"))
    assert len(pages) >= 10 * 40  # ten languages (easy German among them), every page kind
    for path in pages:
        relative = path.relative_to(demo_site).as_posix()
        lang = relative.split("/")[0] if relative.split("/")[0] in LANGUAGES else "de"
        tag = "de-x-ls" if lang == "ls" else lang  # easy German is German to screen readers
        assert html_tag(path.read_text(encoding="utf-8")) == (tag, DIRECTION[lang]), relative


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_all_page_kinds_exist_in_every_language(demo_site, lang):
    for path in (
        "",
        "events",
        "projects",
        "stories",
        "guidance",
        "finder",
        "glossary",
        "places",
        "news",
        "downloads",
        "network",
    ):
        assert (demo_site / LANGUAGES[lang] / path / "index.html").is_file(), path
    for folder in ("events", "projects", "stories", "guidance"):
        slugs = {p.name.split(".")[0] for p in (ROOT / "content" / folder).iterdir() if p.suffix in (".md", ".yml")}
        for slug in slugs:
            assert (demo_site / LANGUAGES[lang] / folder / slug / "index.html").is_file(), f"{folder}/{slug}"


def test_no_generated_page_is_committed():
    assert not (ROOT / "docs" / "events").exists()
    assert not (ROOT / "docs" / "projects").exists()


def test_event_page_in_words_per_language(demo_site):
    slug = "events/2022-02-16-infoveranstaltung-btz-borsdorf"
    assert "Mittwoch, 16. Februar 2022, 10:00–13:00" in page(demo_site, "de", slug)
    assert "Wednesday, 16 February 2022, 10:00–13:00" in page(demo_site, "en", slug)
    assert "الأربعاء، 16 فبراير 2022" in page(demo_site, "ar", slug)
    english = page(demo_site, "en", slug)
    assert "Information session" in english
    assert "Organiser" in english and "../../network/#hwk-leipzig" in english
    assert "openstreetmap.org/search?query=" in english


def test_upcoming_events_depend_on_today(demo_site):
    overview = page(demo_site, "de", "events")
    upcoming = overview.split('id="past"')[0]
    assert "Online-Information" in upcoming
    assert "Abgesagt" in upcoming  # the cancelled session of January 2027 keeps its marker
    assert "Zeitarbeitsmesse" not in upcoming
    assert "Zeitarbeitsmesse" in page(demo_site, "de", "events/archive/2009")
    # A recurring working group with no end appears with its next date, not its first one.
    assert "ag-ausbildung-und-arbeit" in upcoming
    assert "2021" not in re.findall(r"datetime=\"(\d{4})", upcoming)


def test_recurring_event_lists_next_dates_or_its_end(demo_site):
    ongoing = page(demo_site, "en", "events/ag-ausbildung-und-arbeit")
    assert "Next dates" in ongoing
    assert ongoing.count('<li><time datetime="') == 5
    # The weekly consultation hours go on: the next Thursdays, one skipped (Christmas Eve).
    weekly = page(demo_site, "de", "events/sprechstunde-haus-des-handwerks")
    assert "Donnerstag, 26. November 2026, 13:00–17:00 Uhr" in weekly
    assert "außer am 24. Dezember 2026, 31. Dezember 2026 und 6. Mai 2027" in weekly  # no past exceptions
    assert "Terminreihe endete" not in weekly


def test_a_portal_without_content_has_no_dead_link_in_its_navigation(project):
    """A new network's portal before its first glossary term, place or event: every section of
    the navigation is a page (the glossary was a link to glossary/index.md titled "None")."""
    site = project.build()
    for prefix, empty in (("", "Hier sind noch keine Begriffe erklärt."), ("ar/", "لم يُشرح هنا أي مصطلح بعد.")):
        home = site / prefix / "index.html"
        links = navigation_links(home.read_text(encoding="utf-8"))
        assert len(links) > 5 and not [a for a in links if a.endswith(".md")], links
        for address in links:
            assert (home.parent / address / "index.html").resolve().is_file(), (prefix, address)
        assert empty in (site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")
    assert ">None<" not in (site / "en" / "index.html").read_text(encoding="utf-8").replace("\n", "")


def test_finished_series_says_when_it_ended(project, capsys):
    project.write("content/events/sprechstunde.yml", FINISHED_SERIES + "exceptions: [2022-05-26, 2022-12-29]\n")
    site = project.build()
    ended = (site / "events/sprechstunde/index.html").read_text(encoding="utf-8")
    assert "Diese Terminreihe endete am Donnerstag, 22. Dezember 2022." in ended
    assert "Donnerstag, 6. Januar 2022, 13:00–17:00" in ended  # a finished series shows its first date
    assert "bis 31. Dezember 2022; außer am 26. Mai 2022 und 29. Dezember 2022" in ended  # all its exceptions


def test_guidance_in_arabic_is_marked_machine_translated_and_cites_sources(demo_site):
    arabic = page(demo_site, "ar", "guidance/arbeitsmarktzugang-duldung")
    assert "هذه الترجمة آلية." in arabic
    assert "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html" in arabic
    assert "آخر مراجعة في" in arabic
    german = page(demo_site, "de", "guidance/arbeitsmarktzugang-duldung")
    assert "keine Rechtsberatung" in german and "Zuletzt geprüft am" in german


def test_missing_translation_falls_back_to_german_marked_as_such(demo_site):
    # Projects have no Arabic text in the demo: the German text is shown, marked lang="de".
    arabic = page(demo_site, "ar", "projects/resque-continued")
    assert "لم تُترجم هذه الصفحة إلى العربية بعد" in arabic
    assert '<div class="portal-text" lang="de" dir="ltr">' in arabic


def test_project_links_partners_and_its_events_and_stories(demo_site):
    project = page(demo_site, "de", "projects/arbeitsmarktmentoren-sachsen")
    assert "../../stories/hala/" in project and "../../stories/lewis/" in project
    resque = page(demo_site, "de", "projects/resque-continued")
    assert "../../events/sprechstunde-haus-des-handwerks/" in resque
    assert "Laufende Projekte" not in resque


def test_story_links_video_without_embedding_it(demo_site):
    story = page(demo_site, "en", "stories/hala")
    assert 'href="https://youtu.be/LT-25-b3uFU"' in story
    assert "<iframe" not in story
    assert "2021-06-01" not in story and "consent" not in story.lower()


def test_site_makes_no_third_party_request(demo_site):
    for path in demo_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        # What the browser fetches by itself: scripts, stylesheets and icons, images, frames.
        # (canonical and hreflang links name the site's own address and are not fetched.)
        fetched = re.findall(r'<(?:script|img|iframe|source|video|audio)[^>]+src="([^"]+)"', text)
        fetched += re.findall(
            r'<link[^>]+rel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]+href="([^"]+)"', text
        )
        for attribute in fetched:
            assert not attribute.startswith(("http:", "https:", "//")), (path, attribute)


def test_json_schemas_are_published(demo_site):
    assert (demo_site / "schemas" / "event.schema.json").is_file()


def test_contributor_guide_is_built_in_german_and_english_with_its_pictures(demo_site):
    german = page(demo_site, "de", "mitmachen")
    english = page(demo_site, "en", "mitmachen")
    assert "Veranstaltung veröffentlichen" in german and "portal new event" in german
    assert "Publishing an event" in english and "portal import" in english
    for html in (german, english):
        pictures = re.findall(r'<img alt="([^"]+)" src="([^"]+)"', html)
        assert len(pictures) == 3
        for alt, src in pictures:
            assert len(alt) > 30
            assert (demo_site / "mitmachen" / src).resolve().is_file() or (
                demo_site / "en/mitmachen" / src
            ).resolve().is_file()
