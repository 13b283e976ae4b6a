"""What readers on a phone rely on, in the built pages: links a phone can use, text in their
language, German names that keep their order, and a demo that tells one story."""

from __future__ import annotations

import json
import re

import pytest

from tests.test_build import page


def test_calendar_subscription_by_webcal_beside_the_download_with_help_in_the_readers_language(demo_site):
    arabic = page(demo_site, "ar", "events")
    assert 'href="webcal://resque-portal.example.org/ar/events/feeds/all.ics"' in arabic
    assert 'href="feeds/all.ics" type="text/calendar" download' in arabic
    assert 'value="https://resque-portal.example.org/ar/events/feeds/all.ics"' in arabic
    for line in ("آيفون وآيباد وماك", "أندرويد", "Outlook"):
        assert line in arabic
    workshop = page(demo_site, "de", "events/category/workshop")
    assert 'href="webcal://resque-portal.example.org/events/feeds/workshop.ics"' in workshop
    assert "So abonnieren Sie den Kalender" in workshop


def test_registration_email_and_phone_numbers_are_links_a_phone_can_use(demo_site, project):
    online = page(demo_site, "de", "events/2026-12-10-online-anerkennung-berufsabschluesse")
    assert 'Anmeldung per E-Mail: <a href="mailto:iq@caritas-koblenz.de" dir="ltr">iq@caritas-koblenz.de</a>' in online
    project.write(
        "content/places/beratung.yml",
        """
        name: Beratung
        address: {street: Dresdner Straße 11/13, postcode: "04103", city: Leipzig}
        languages: [de]
        services: [counselling]
        booking: Anrufen.
        contact: {phone: "+49 (0)341 123 45-67", email: beratung@example.org}
        """,
    )
    places = (project.build() / "places/index.html").read_text(encoding="utf-8")
    assert '<a href="tel:+4903411234567" dir="ltr">+49 (0)341 123 45-67</a>' in places
    assert '<a href="mailto:beratung@example.org" dir="ltr">beratung@example.org</a>' in places


def test_footer_credit_in_the_readers_language_and_the_staff_guide_out_of_the_readers_menus(demo_site):
    arabic = page(demo_site, "ar", "")
    assert "أُنشئ باستخدام" in arabic and "Made with" not in arabic
    assert "Erstellt mit" in page(demo_site, "de", "")
    for lang in ("de", "en", "ar", "fa"):
        html = page(demo_site, lang, "events")
        menus = "".join(re.findall(r'<nav class="md-(?:tabs|nav)[^"]*".*?</nav>', html, re.DOTALL))
        assert "mitmachen/" not in menus and "Veranstaltung veröffentlichen" not in menus, lang
    # Staff reach it from the footer of the languages it is written in.
    assert '<a href="../mitmachen/">Für Mitarbeitende: Veranstaltung veröffentlichen</a>' in page(
        demo_site, "de", "events"
    )
    assert "For staff: publishing an event" in page(demo_site, "en", "events")
    assert "mitmachen/" not in page(demo_site, "ar", "events")
    assert (demo_site / "mitmachen" / "index.html").is_file()


def test_an_online_event_says_online_once(demo_site):
    german = page(demo_site, "de", "events")
    assert "Online (Videokonferenz) (Online-Veranstaltung)" not in german
    assert "<span>Online (Videokonferenz)</span>" in german
    assert "<span>فعالية عبر الإنترنت</span>" in page(demo_site, "ar", "events")  # not the German name


def indexed_texts(site, folder: str) -> dict[str, str]:
    """Each indexed page's text (address: text) from a language's search index ("ar", "" for German)."""
    texts = {}
    for fragment in (site / folder / "search" / "pages").glob("*.json"):
        data = json.loads(fragment.read_text(encoding="utf-8"))
        texts[data["url"]] = " ".join(text for _, _, text in data["sections"])
    return texts


def test_search_entries_do_not_start_with_the_translation_notice(demo_site):
    texts = indexed_texts(demo_site, "ar")
    assert not [url for url, text in texts.items() if "هذه الترجمة آلية" in text or "لم تُترجم هذه الصفحة" in text]
    assert texts["ar/"].startswith("أهلاً وسهلاً")


@pytest.mark.parametrize("lang,links", [("de", ("Kalender", "OpenStreetMap")), ("ar", ("التقويم", "OpenStreetMap"))])
def test_an_events_search_entry_keeps_its_facts_and_leaves_out_its_links(demo_site, lang, links):
    """ "Add to calendar" and the map link are on every event page: in the search's text they
    would be in every event's excerpt, and in the index of every page."""
    prefix = "" if lang == "de" else f"{lang}/"
    text = indexed_texts(demo_site, prefix)[f"{prefix}events/2009-03-04-zeitarbeitsmesse-paunsdorf/"]
    assert "Paunsdorf Center, Leipzig" in text and "2009" in text  # where and when stay
    assert not [link for link in links if link in text], text


def test_arabic_times_use_the_24_hour_clock_in_the_grid_as_in_the_list(demo_site):
    grid = page(demo_site, "ar", "events/calendar/2026-12")
    cell = re.search(r'<td data-date="2026-12-10"[^>]*>(.*?)</td>', grid, re.DOTALL).group(1)
    assert "17:00" in cell and " م" not in cell and " ص" not in cell


def test_german_fragments_in_right_to_left_text_are_isolated(demo_site):
    arabic = page(demo_site, "ar", "guidance/arbeitsmarktzugang-duldung")
    assert '<span lang="de" dir="ltr">(§ 4a AufenthG)</span>' in arabic
    title = page(demo_site, "ar", "events/ag-ausbildung-und-arbeit")
    assert '<span lang="de" dir="ltr">(AG „Ausbildung und Arbeit“)</span></h1>' in title
    assert '<span lang="de" dir="ltr">Dresdner Straße 11/13, 04103 Leipzig</span>' in page(demo_site, "ar", "")
    # Left-to-right pages need nothing of the kind.
    assert 'dir="ltr">(§ 4a AufenthG)' not in page(demo_site, "en", "guidance/arbeitsmarktzugang-duldung")


def test_authors_mark_german_fragments_with_de_braces(project):
    project.write(
        "content/events/a.yml",
        """
        title:
          de: Treffen der AG Ausbildung
          ar: "اجتماع {de:AG Ausbildung 2.0} اليوم"
          en: "Meeting of the {de:AG Ausbildung}"
        start: 2026-12-10 10:00
        category: info-session
        summary: Ein Treffen.
        location: {name: Rathaus, address: Leipzig}
        """,
    )
    site = project.build()
    arabic = (site / "ar/events/a/index.html").read_text(encoding="utf-8")
    assert '<h1>اجتماع <span lang="de" dir="ltr">AG Ausbildung 2.0</span> اليوم</h1>' in arabic
    assert "<title>اجتماع AG Ausbildung 2.0 اليوم" in arabic and "{de:" not in arabic
    english = (site / "en/events/a/index.html").read_text(encoding="utf-8")
    assert '<h1>Meeting of the <span lang="de" dir="ltr">AG Ausbildung</span></h1>' in english
    assert "{de:" not in (site / "ar/events/feeds/all.ics").read_text(encoding="utf-8")


def test_the_consultation_hours_tell_one_story(demo_site):
    # Every Thursday, on the home page, the place and the events page alike.
    assert "Jeden Donnerstag von 13:00 bis 17:00 Uhr" in page(demo_site, "de", "")
    assert "Donnerstag: 13:00–17:00 Uhr" in page(demo_site, "de", "places")
    upcoming = page(demo_site, "de", "events").split('id="past"')[0]
    assert "sprechstunde-haus-des-handwerks/" in upcoming
    assert 'data-category="consultation-hours"' in upcoming
    # Arabic is spoken there, and the place speaks Arabic and Farsi on its pages.
    arabic, farsi = page(demo_site, "ar", "places"), page(demo_site, "fa", "places")
    assert "ساعات الاستشارة في" in arabic and "تعال يوم الخميس" in arabic
    assert "ساعت مشاوره در" in farsi and "پنجشنبه‌ها بین ساعت" in farsi
    assert "Kommen Sie donnerstags" not in arabic + farsi


def test_places_of_the_readers_region_come_first_and_readers_choose_another(demo_site):
    result = page(demo_site, "en", "finder/tolerated/work")
    regions = re.findall(r'<li class="portal-card" data-region="([^"]+)"', result)
    assert regions[0] == "leipzig" and regions.index("rheinland-pfalz") > regions.index("leipzig")
    assert regions == sorted(regions, key=lambda r: (r != "leipzig",))  # Leipzig's places together, first
    assert '<form class="portal-filter portal-region" data-portal-region hidden>' in result
    assert '<option value="leipzig" selected>Leipzig</option>' in result
    # Without the script: a page per region.
    assert "Koblenz" in page(demo_site, "de", "places/region/rheinland-pfalz")
    assert "Koblenz" not in page(demo_site, "de", "places/region/leipzig")
