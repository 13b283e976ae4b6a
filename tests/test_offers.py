"""Offers (internships, trial work, training places, jobs, courses): the model's rules, the list
with its static and script filters, each offer's page in German, English and Arabic, expiry on
the day of the build and on the reader's day, the finder, the pages of what offers refer to,
schema.org JSON-LD, the Atom feed, the editor collection, `portal new offer`, and axe and the Nu
Html Checker on the demo's offers pages.

Most tests share one build of the kit's test site (de, en, ar) with a handful of offers.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portal.cli import main as portal_main
from tests.conftest import DEMO_TODAY, ScratchProject, serve_folder
from tests.test_browser import CHROMIUM, browser, server  # noqa: F401 - fixtures
from tests.test_quality import axe_violations_at, required_tool, vnu_errors

PARTNER = "name: Handwerkskammer zu Leipzig\nkind: network-partner\nurl: https://www.hwk-leipzig.de\n"
EMPLOYER = "name: Malereibetriebe temps GmbH\nkind: employer\n"
PLACE = """
name: Sprechstunde im Haus des Handwerks
organisation: hwk-leipzig
address: {street: Dresdner Straße 11/13, postcode: "04103", city: Leipzig}
languages: [de]
services: [counselling]
helps_with: [work, training]
booking: Donnerstags ohne Termin.
"""
PROJECT = """---
title: BOF 2022
summary: Berufliche Orientierung.
period: {start: 2022-03-01, end: 2022-12-31}
---
Text.
"""
GUIDANCE = """---
title: {de: Arbeit mit Duldung, en: Work with a Duldung}
summary: Was mit Duldung gilt.
sources: [{label: § 60a AufenthG, url: "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html"}]
reviewed: {date: 2026-10-01, by: Beratungsteam}
applies_to: {statuses: [tolerated], questions: [work]}
---
Text.
"""
# Open, for tolerated people, B1, an internship at a partner, newest.
INTERNSHIP = """---
title: {de: Praktikum in der Malerwerkstatt, en: Internship in the paint shop}
summary: {de: Vier Wochen Praktikum im Malerbetrieb., en: A four-week internship at a painting company.}
kind: internship
provider: malereibetriebe-temps
where:
  address: {street: Hauptstraße 1, postcode: "04109", city: Leipzig}
start: 2026-12-01
end: 2026-12-31
deadline: 2026-11-30
apply: {email: praktikum@example.org, phone: "+49 341 000000"}
counselling_place: sprechstunde-haus-des-handwerks
german_level: b1
statuses: [tolerated, recognised-refugee]
questions: [work]
field: crafts
region: leipzig
guidance: [arbeit-mit-duldung]
working_time: full-time
published: 2026-11-10
---
Sie lernen den Alltag in einer Malerwerkstatt kennen.
"""
INTERNSHIP_EN = """---
title: Internship in the paint shop
summary: A four-week internship at a painting company.
machine_translated: true
---
You get to know everyday life in a paint shop.
"""
# Open, online, for every status, a course of a project, older.
COURSE = """---
title: {de: Online-Bewerbungstraining, en: Online application training}
summary: Bewerbungen schreiben, online.
kind: course
other_provider: {name: Beispiel-Bildungsträger, url: "https://bildung.example.org"}
project: bof-2022
where: {online: true}
ongoing: true
apply: {url: "https://bildung.example.org/anmelden"}
all_statuses: true
questions: [work, training]
published: 2026-10-01
---
"""
# Closed: its deadline has passed.
EXPIRED = """---
title: Probearbeit in der Küche
summary: Ein Tag Probearbeit.
kind: trial-work
provider: hwk-leipzig
where: {area: Leipzig}
start: 2026-09-01
deadline: 2026-08-15
counselling_place: sprechstunde-haus-des-handwerks
statuses: [tolerated]
questions: [work]
published: 2026-08-01
---
"""


def write_site(project: ScratchProject) -> None:
    project.write("content/partners/hwk-leipzig.yml", PARTNER)
    project.write("content/partners/malereibetriebe-temps.yml", EMPLOYER)
    project.write("content/places/sprechstunde-haus-des-handwerks.yml", PLACE)
    project.write("content/projects/bof-2022.md", PROJECT)
    project.write("content/guidance/arbeit-mit-duldung.md", GUIDANCE)
    project.write("content/offers/praktikum-malerwerkstatt.md", INTERNSHIP)
    project.write("content/offers/praktikum-malerwerkstatt.en.md", INTERNSHIP_EN)
    project.write("content/offers/online-bewerbungstraining.md", COURSE)
    project.write("content/offers/probearbeit-kueche.md", EXPIRED)


@pytest.fixture(scope="module")
def offers_site(tmp_path_factory) -> Path:
    """The test site with the offers above, built once as if today were DEMO_TODAY (2026-11-22)."""
    project = ScratchProject(tmp_path_factory.mktemp("offers"))
    write_site(project)
    previous = os.environ.get("PORTAL_TODAY")
    os.environ["PORTAL_TODAY"] = DEMO_TODAY
    try:
        return project.build()
    finally:
        if previous is None:
            del os.environ["PORTAL_TODAY"]
        else:
            os.environ["PORTAL_TODAY"] = previous


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def main_text(html: str) -> str:
    return html[html.index('<article class="md-content__inner') :]


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(found) == 1
    return json.loads(found[0])


# --- the model and its rules -------------------------------------------------------------------


def test_rules_name_file_line_and_field(project, capsys):
    write_site(project)
    project.write(
        "content/offers/kaputt.md",
        """---
title: Kaputtes Angebot
summary: Alles falsch.
kind: internship
provider: hwk-leipzig
other_provider: {name: Noch ein Betrieb}
where: {name: Irgendwo}
start: 2026-12-01
deadline: 2026-10-01
statuses: [tolerated]
all_statuses: true
published: 2026-11-01
expires: 2026-11-15
---
""",
    )
    project.write(
        "content/offers/tippfehler.md",
        """---
title: Tippfehler
summary: Partner und Beratungsstelle falsch geschrieben.
kind: taster
provider: hwk-leipzg
where: {online: true}
ongoing: true
start: 2026-12-01
counselling_place: sprechstunde
published: 2026-11-01
---
""",
    )
    project.write(
        "content/offers/vokabular.md",
        """---
title: Unbekannte Begriffe
summary: Status und Niveau gibt es nicht.
kind: job
provider: hwk-leipzig
where: {online: true}
ongoing: true
counselling_place: sprechstunde-haus-des-handwerks
statuses: [tolerated, refugee]
german_level: b3
published: 2026-11-01
---
""",
    )
    code, out = project.check(capsys)
    assert code == 1
    file = "content/offers/kaputt.md"
    for line, field, message in [
        (9, "deadline", "the application deadline 2026-10-01 is before the offer was published (2026-11-01)"),
        (13, "expires", "2026-11-15 is before the offer starts (2026-12-01)"),
        (7, "where", "needs an address, an area (the town), or online: true"),
        (6, "other_provider", "give either provider (a partner) or other_provider (not a partner), not both"),
        (10, "statuses", "all_statuses: true already opens the offer to every status"),
        (4, "kind", "needs a way to apply: url, email or phone under apply, or the counselling place"),
    ]:
        assert f"{file}:{line}: {field}: {message}" in out, (field, out)
    assert "content/offers/tippfehler.md:5: provider: there is no partner 'hwk-leipzg'" in out
    assert "content/offers/tippfehler.md:9: counselling_place: there is no counselling place 'sprechstunde'" in out
    assert "content/offers/tippfehler.md:7: ongoing: an ongoing offer has no fixed dates" in out
    assert "content/offers/vokabular.md:9: statuses[1]: 'refugee' is not a known residence status" in out
    assert "content/offers/vokabular.md:10: german_level: 'b3' is not a known German level" in out


def test_rules_in_german(project, capsys):
    write_site(project)
    project.write(
        "content/offers/kaputt.md",
        "---\ntitle: X\nsummary: Y\nkind: job\nprovider: hwk-leipzig\nwhere: {online: true}\nongoing: true\n"
        "counselling_place: sprechstunde-haus-des-handwerks\ndeadline: 2026-01-01\npublished: 2026-02-01\n---\n",
    )
    code = portal_main(["--lang", "de", "--config", str(project.root / "mkdocs.yml"), "check"])
    captured = capsys.readouterr()
    assert code == 1
    assert (
        "content/offers/kaputt.md:9: deadline: der Bewerbungsschluss 2026-01-01 liegt vor der Veröffentlichung "
        "des Angebots (2026-02-01)" in captured.out + captured.err
    )


# --- pages and filters in German, English and Arabic --------------------------------------------


def test_list_shows_open_offers_newest_first_in_every_language(offers_site):
    german = main_text(read(offers_site, "offers"))
    titles = re.findall(r'<h2 class="portal-card__title"><a href="([^"/]+)/">', german)
    assert titles == ["praktikum-malerwerkstatt", "online-bewerbungstraining"]  # the expired one has left
    assert "<h1>Angebote</h1>" in german
    # The script's filter form: hidden until the script shows it; one select per filter with terms.
    form = re.search(r'<form class="portal-filter" data-portal-filter hidden>(.*?)</form>', german, re.DOTALL).group(1)
    assert re.findall(r'<select name="([a-z]+)">', form) == ["kind", "field", "region", "german", "status"]
    card = re.search(r'<li class="portal-card portal-event portal-offer"[^>]*data-kind="internship"[^>]*>', german)
    assert 'data-german="b1 b2 c1 c2"' in card.group(0) and 'data-status="tolerated recognised-refugee"' in card.group(
        0
    )
    assert 'data-end="2026-11-30"' in card.group(0)

    english = read(offers_site, "en/offers")
    assert "<h1>Offers</h1>" in english and "Internship in the paint shop" in english
    arabic = read(offers_site, "ar/offers")
    assert '<html lang="ar" dir="rtl"' in arabic and "<h1>العروض</h1>" in arabic
    # Untranslated titles are marked as German for screen readers.
    assert '<span lang="de" dir="ltr">Praktikum in der Malerwerkstatt</span>' in arabic


@pytest.mark.parametrize("prefix", ["", "en/", "ar/"])
def test_static_filter_pages(offers_site, prefix):
    def listed(path: str) -> list[str]:
        html = main_text(read(offers_site, prefix + "offers/" + path))
        return re.findall(r'<h2 class="portal-card__title"><a href="\.\./\.\./([^"/]+)/">', html)

    assert listed("kind/internship") == ["praktikum-malerwerkstatt"]
    assert listed("kind/course") == ["online-bewerbungstraining"]
    assert listed("field/crafts") == ["praktikum-malerwerkstatt"]
    assert listed("region/leipzig") == ["praktikum-malerwerkstatt"]
    # "With my German": an offer expecting B1 is listed under B1 and every higher level, not A2.
    assert listed("german/b1") == listed("german/c2") == ["praktikum-malerwerkstatt"]
    assert not (offers_site / prefix / "offers/german/a2/index.html").exists()
    # Statuses: the internship names two, the course is open to all.
    assert listed("status/tolerated") == ["praktikum-malerwerkstatt", "online-bewerbungstraining"]
    assert listed("status/asylum-seeker") == ["online-bewerbungstraining"]
    # No filter page for a term that only the expired offer has.
    assert not (offers_site / prefix / "offers/kind/trial-work/index.html").exists()


def test_offer_page_facts_and_translation_notices(offers_site):
    german = main_text(read(offers_site, "offers/praktikum-malerwerkstatt"))
    assert "<h1>Praktikum in der Malerwerkstatt</h1>" in german
    assert "So bewerben Sie sich" in german and 'href="mailto:praktikum@example.org"' in german
    assert "Bewerbung bis Montag, 30. November 2026" in german and "B1" in german
    assert 'href="../../guidance/arbeit-mit-duldung/"' in german  # the legal side
    assert 'href="../../places/#sprechstunde-haus-des-handwerks"' in german  # help with applying
    english = main_text(read(offers_site, "en/offers/praktikum-malerwerkstatt"))
    assert "machine" in english.lower() and "You get to know everyday life" in english
    arabic = main_text(read(offers_site, "ar/offers/praktikum-malerwerkstatt"))
    assert "portal-notice" in arabic and "طريقة التقديم" in arabic  # missing translation noticed, interface Arabic
    assert '<div class="portal-text" lang="de" dir="ltr">' in arabic  # the German description, marked


# --- expiry ------------------------------------------------------------------------------------


def test_expired_offer_keeps_its_page_which_says_no_longer_open(offers_site):
    for prefix, closed in [("", "Dieses Angebot ist nicht mehr offen."), ("en/", "This offer is no longer open.")]:
        html = main_text(read(offers_site, prefix + "offers/probearbeit-kueche"))
        # Said at the top, before the facts; how to apply is gone.
        assert html.index(
            '<p class="portal-notice portal-notice--closed" role="status"><strong>' + closed
        ) < html.index('<dl class="portal-facts">')
        assert 'id="apply"' not in html and "data-portal-upcoming" not in html
    open_page = main_text(read(offers_site, "offers/praktikum-malerwerkstatt"))
    assert '<p class="portal-empty portal-notice" role="status" hidden>' in open_page


def test_the_day_of_the_build_decides_what_is_open(project, monkeypatch):
    from portal.content import check_content
    from portal.render.pages import LanguageRenderer
    from portal.site import load_site

    write_site(project)

    def listed(today: str) -> list[str]:
        monkeypatch.setenv("PORTAL_TODAY", today)
        content, _ = check_content(load_site(project.root / "mkdocs.yml"))
        pages = {page.src: page for page in LanguageRenderer(content, "de", []).pages()}
        return re.findall(r'<a href="([a-z-]+)/">', pages["offers/index.md"].body)

    assert listed("2026-08-10") == ["praktikum-malerwerkstatt", "online-bewerbungstraining", "probearbeit-kueche"]
    assert listed("2026-11-30") == ["praktikum-malerwerkstatt", "online-bewerbungstraining"]  # its last day
    assert listed("2026-12-01") == ["online-bewerbungstraining"]  # ongoing, no expiry: stays


@pytest.fixture(scope="module")
def offers_server(offers_site):
    httpd, address = serve_folder(offers_site)
    yield address
    httpd.shutdown()


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="needs Chromium")
def test_the_script_hides_closed_offers_on_the_readers_day_and_filters(browser, offers_server):  # noqa: F811
    from datetime import datetime

    page = browser.new_page()
    page.clock.set_fixed_time(datetime(2026, 12, 5, 12, 0))  # after the internship's last day
    page.goto(f"{offers_server}/offers/")
    assert page.is_hidden("li[data-kind='internship']")
    assert page.is_visible("li[data-kind='course']")
    page.goto(f"{offers_server}/offers/praktikum-malerwerkstatt/")
    assert page.is_hidden("#apply") and page.is_visible("text=Dieses Angebot ist nicht mehr offen.")
    page.close()

    page = browser.new_page()
    page.clock.set_fixed_time(datetime(2026, 11, 22, 12, 0))
    page.goto(f"{offers_server}/ar/offers/")
    assert page.is_visible("form[data-portal-filter]")
    page.select_option("select[name=status]", "asylum-seeker")
    assert page.is_hidden("li[data-kind='internship']") and page.is_visible("li[data-kind='course']")
    assert "1" in page.text_content("output.portal-filter__result")
    page.select_option("select[name=status]", "")
    page.select_option("select[name=german]", "b2")
    assert page.is_visible("li[data-kind='internship']") and page.is_hidden("li[data-kind='course']")
    page.close()
    # Without JavaScript the form stays hidden; the static filter links do the job.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{offers_server}/offers/")
    assert page.is_hidden("form[data-portal-filter]") and page.is_visible("a[href='kind/internship/']")
    context.close()


# --- the finder, and the pages of what offers refer to -----------------------------------------


def test_finder_results_list_open_offers_for_the_status_and_question(offers_site):
    def offers_in(path: str) -> list[str]:
        html = main_text(read(offers_site, path))
        return re.findall(r'<a href="\.\./\.\./\.\./offers/([a-z-]+)/">', html)

    assert offers_in("finder/tolerated/work") == ["praktikum-malerwerkstatt", "online-bewerbungstraining"]
    assert offers_in("finder/asylum-seeker/work") == ["online-bewerbungstraining"]  # open to every status
    assert offers_in("finder/tolerated/training") == ["online-bewerbungstraining"]
    assert offers_in("finder/tolerated/recognition") == []
    arabic = main_text(read(offers_site, "ar/finder/tolerated/work"))
    assert "<h2>عروض متاحة</h2>" in arabic


def test_projects_partners_places_and_guidance_list_their_open_offers(offers_site):
    project = main_text(read(offers_site, "projects/bof-2022"))
    assert "<h2>Offene Angebote</h2>" in project and "online-bewerbungstraining/" in project
    network = main_text(read(offers_site, "network"))
    temps = network[network.index('id="malereibetriebe-temps"') :]
    assert "<h4>Offene Angebote</h4>" in temps[: temps.index("</li>\n")]
    hwk = network[network.index('id="hwk-leipzig"') :]
    assert "probearbeit-kueche" not in hwk[: hwk.index("</li>\n")]  # closed offers are not listed
    places = main_text(read(offers_site, "places"))
    assert "<h3>Offene Angebote</h3>" in places and "praktikum-malerwerkstatt/" in places
    guidance = main_text(read(offers_site, "en/guidance/arbeit-mit-duldung"))
    assert "<h2>Open offers</h2>" in guidance and "Internship in the paint shop" in guidance


# --- structured data and feed ------------------------------------------------------------------


def test_job_posting_and_course_json_ld(offers_site):
    posting = json_ld(read(offers_site, "en/offers/praktikum-malerwerkstatt"))
    assert posting["@type"] == "JobPosting"
    for required in ("title", "description", "datePosted", "hiringOrganization", "validThrough", "employmentType"):
        assert posting.get(required), required
    assert posting["title"] == "Internship in the paint shop"
    assert posting["validThrough"] == "2026-11-30" and posting["datePosted"] == "2026-11-10"
    assert posting["employmentType"] == ["INTERN", "FULL_TIME"]
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Malereibetriebe temps GmbH"}
    assert posting["jobLocation"]["address"]["postalCode"] == "04109"
    assert posting["jobLocation"]["address"]["addressCountry"] == "DE"
    course = json_ld(read(offers_site, "offers/online-bewerbungstraining"))
    assert course["@type"] == "Course" and course["provider"]["name"] == "Beispiel-Bildungsträger"
    assert course["hasCourseInstance"]["courseMode"] == "online"
    expired = json_ld(read(offers_site, "offers/probearbeit-kueche"))
    assert expired["employmentType"] == ["TEMPORARY"] and expired["validThrough"] == "2026-08-15"
    assert "jobLocation" in expired


def test_an_online_job_says_telecommute(project):
    from portal.content import check_content
    from portal.render.pages import LanguageRenderer
    from portal.site import load_site

    write_site(project)
    project.write(
        "content/offers/remote.md",
        "---\ntitle: Homeoffice\nsummary: Von zu Hause.\nkind: job\nprovider: hwk-leipzig\nwhere: {online: true}\n"
        "ongoing: true\napply: {email: a@example.org}\nall_statuses: true\npublished: 2026-11-01\n---\n",
    )
    os.environ.setdefault("PORTAL_TODAY", DEMO_TODAY)
    content, _ = check_content(load_site(project.root / "mkdocs.yml"))
    pages = {page.src: page for page in LanguageRenderer(content, "de", []).pages()}
    data = json_ld(pages["offers/remote.md"].body)
    assert data["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in data
    assert data["hiringOrganization"]["sameAs"] == "https://www.hwk-leipzig.de"


def test_atom_feed_of_open_offers_per_language(offers_site):
    atom = "{http://www.w3.org/2005/Atom}"
    for path, lang, first in [
        ("offers/feed.xml", "de", "Praktikum in der Malerwerkstatt"),
        ("en/offers/feed.xml", "en", "Internship in the paint shop"),
        ("ar/offers/feed.xml", "ar", "Praktikum in der Malerwerkstatt"),
    ]:
        feed = ET.parse(offers_site / path).getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        entries = feed.findall(f"{atom}entry")
        assert entries[0].find(f"{atom}title").text == first
        assert len(entries) == 2  # the expired offer is not in it
        assert (
            entries[0]
            .find(f"{atom}link")
            .get("href")
            .endswith(f"{'' if lang == 'de' else lang + '/'}offers/praktikum-malerwerkstatt/")
        )
    assert 'href="./feed.xml" type="application/atom+xml"' in read(offers_site, "offers")


# --- editor, schema, portal new ----------------------------------------------------------------


def test_editor_collection_schema_and_portal_new_come_from_the_model(project, capsys):
    from portal.content import load_content
    from portal.editor import decap_config
    from portal.schema import all_schemas
    from portal.site import load_site

    write_site(project)
    site = load_site(project.root / "mkdocs.yml")
    content, _ = load_content(site)
    collection = next(c for c in decap_config(content)["collections"] if c["name"] == "offers")
    assert collection["label"] == "Angebote" and collection["folder"] == "content/offers"
    assert collection["extension"] == "md"
    fields = {f["name"]: f for f in collection["fields"]}
    assert {"kind", "provider", "other_provider", "where", "deadline", "german_level", "statuses", "expires"} <= set(
        fields
    )
    assert fields["provider"]["options"] == [
        {"label": "Handwerkskammer zu Leipzig (hwk-leipzig)", "value": "hwk-leipzig"},
        {"label": "Malereibetriebe temps GmbH (malereibetriebe-temps)", "value": "malereibetriebe-temps"},
    ]
    assert fields["german_level"]["label"] == "Deutschkenntnisse"
    assert [o["value"] for o in fields["german_level"]["options"]] == ["none", "a1", "a2", "b1", "b2", "c1", "c2"]
    assert fields["statuses"]["multiple"] is True and fields["kind"]["required"] is True
    assert fields["counselling_place"]["options"][0]["value"] == "sprechstunde-haus-des-handwerks"
    assert {f["name"] for f in fields["where"]["fields"]} == {"name", "address", "area", "online"}

    schema = all_schemas(site)["offer.schema.json"]
    assert {"title", "kind", "summary", "where", "published"} <= set(schema["required"])
    assert "internship" in schema["$defs"]["vocabulary-offer-kinds"]["enum"]

    code = portal_main(["--config", str(project.root / "mkdocs.yml"), "new", "offer", "--title", "Praktikum im Lager"])
    capsys.readouterr()
    assert code == 0
    created = (project.root / "content" / "offers" / "praktikum-im-lager.md").read_text(encoding="utf-8")
    assert created.startswith("---\n") and 'de: "Praktikum im Lager"' in created and "# kind:" not in created
    assert "kind:" in created and "published:" in created


# --- quality on the demo's offers pages ---------------------------------------------------------

DEMO_OFFER_PAGES = [
    "offers/",
    "offers/kind/internship/",
    "offers/german/a2/",
    "offers/rundgang-btz-borsdorf/",
    "offers/praktika-bei-partnerbetrieben/",
    "offers/bof-2022-durchgang-1/",  # closed
    "finder/tolerated/work/",
]
DEMO_PAGES = [prefix + path for prefix in ("", "en/", "ar/") for path in DEMO_OFFER_PAGES]


@required_tool
@pytest.mark.parametrize("path", DEMO_PAGES)
def test_axe_finds_no_violations_on_offers_pages(browser, server, path):  # noqa: F811
    assert axe_violations_at(browser, f"{server}/{path}") == []


@required_tool
def test_nu_html_checker_finds_no_errors_on_offers_pages(demo_site):
    assert vnu_errors([demo_site / path / "index.html" for path in DEMO_PAGES]) == []


def test_demo_offers_json_ld_and_closed_offers(demo_site):
    posting = json_ld(read(demo_site, "offers/praktika-bei-partnerbetrieben"))
    assert posting["@type"] == "JobPosting" and posting["employmentType"] == ["INTERN"]
    assert posting["hiringOrganization"]["name"] == "Aufbauwerk Region Leipzig" and posting["validThrough"]
    assert posting["jobLocation"]["address"]["addressLocality"] == "Betriebe in Leipzig und Umgebung"
    assert json_ld(read(demo_site, "offers/job-berufssprachkurs"))["@type"] == "Course"
    listed = main_text(read(demo_site, "offers"))
    assert "bof-2022-durchgang-1/" not in listed and "stellen-arbeitgeberservice-2009/" not in listed
    assert "Dieses Angebot ist nicht mehr offen." in read(demo_site, "offers/stellen-arbeitgeberservice-2009")


def test_a_new_portal_has_the_offers_vocabularies_and_an_example_offer(tmp_path, capsys):
    from datetime import date

    from portal.starter import NewPortal, create_portal

    folder = tmp_path / "new"
    create_portal(
        folder, NewPortal("IQ Netzwerk", ["de", "en", "ar"], region="Kaiserslautern", today=date(2026, 2, 28))
    )
    assert (folder / "content" / "offers" / "beispiel-praktikum.md").is_file()
    site_yml = (folder / "content" / "site.yml").read_text(encoding="utf-8")
    assert "offer-kinds:" in site_yml and "german-levels:" in site_yml and "ar: تجربة عمل" in site_yml
    assert portal_main(["--config", str(folder / "mkdocs.yml"), "check"]) == 0, capsys.readouterr().out
