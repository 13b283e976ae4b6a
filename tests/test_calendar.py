"""The event calendar of the demo portal: month grids, archive, filters, event pages, feeds."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from portal.calendar import months_between
from portal.content import check_content
from portal.feeds import render_feeds, subscription_events
from portal.problems import ContentError
from portal.site import load_site
from tests.conftest import DEMO_TODAY, FINISHED_SERIES, ROOT, VALID_EVENT
from tests.test_build import LANGUAGES, page

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def demo_content():
    site = load_site(ROOT / "mkdocs.yml", today=date.fromisoformat(DEMO_TODAY))
    return check_content(site)[0]


def test_a_month_page_for_every_month_with_events_and_around_today(demo_site):
    # The demo's events: February to April 2009, then every month from January 2021 on.
    with_events = months_between(date(2009, 2, 1), date(2009, 4, 1)) + months_between(
        date(2021, 1, 1), date(2027, 11, 1)
    )
    around_today = months_between(date(2026, 10, 1), date(2027, 5, 1))  # the demo is built on 2026-11-22
    for lang in LANGUAGES:
        calendar = demo_site / LANGUAGES[lang] / "events/calendar"
        built = sorted(path.name for path in calendar.iterdir() if (path / "index.html").is_file())
        assert built == sorted({f"{month:%Y-%m}" for month in with_events + around_today})
        assert not (calendar / "2015-06").exists()  # empty and far from today: no page


def test_month_navigation_skips_empty_months_and_links_only_existing_pages(demo_site):
    for lang in ("de", "ar"):
        april, january = (
            page(demo_site, lang, "events/calendar/2009-04"),
            page(demo_site, lang, "events/calendar/2021-01"),
        )
        assert 'rel="next" href="../2021-01/"' in april
        assert 'rel="prev" href="../2009-04/"' in january
        calendar = demo_site / LANGUAGES[lang] / "events/calendar"
        for month in [path for path in calendar.iterdir() if path.is_dir()]:
            html = (month / "index.html").read_text(encoding="utf-8")
            for target in re.findall(r'href="\.\./(\d{4}-\d{2})/"', html):
                assert (calendar / target / "index.html").is_file(), (month.name, target)
        # The calendar's overview lists only the months that have a page.
        overview = page(demo_site, lang, "events/calendar")
        for target in re.findall(r'href="(\d{4}-\d{2})/"', overview):
            assert (calendar / target / "index.html").is_file(), target


@pytest.mark.parametrize(
    "lang,weekdays,heading",
    [
        ("de", ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."], "Februar 2022"),
        ("en", ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], "February 2022"),
        ("ar", ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"], "فبراير 2022"),
    ],
)
def test_month_grid_starts_on_monday_with_babel_names(demo_site, lang, weekdays, heading):
    html = page(demo_site, lang, "events/calendar/2022-02")
    headers = re.findall(r'<th scope="col"><abbr title="[^"]+">([^<]+)</abbr></th>', html)
    assert headers == weekdays
    assert f"<caption>{heading}</caption>" in html
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1], re.DOTALL)
    first_week = re.findall(r'data-date="([\d-]+)"', rows[0])
    assert first_week[0] == "2022-01-31" and len(first_week) == 7  # Monday before 1 February
    cell = re.search(r'<td data-date="2022-02-16"[^>]*>(.*?)</td>', html, re.DOTALL).group(1)
    assert "../../2022-02-16-infoveranstaltung-btz-borsdorf/" in cell
    assert 'rel="prev" href="../2022-01/"' in html and 'rel="next" href="../2022-03/"' in html


def test_weekly_consultation_skips_its_exception_dates_in_the_grid(demo_site):
    may = page(demo_site, "de", "events/calendar/2022-05")
    for day, expected in (("2022-05-19", True), ("2022-05-26", False)):
        cell = re.search(rf'<td data-date="{day}"[^>]*>(.*?)</td>', may, re.DOTALL).group(1)
        assert ("sprechstunde-haus-des-handwerks" in cell) is expected, day


@pytest.mark.parametrize(
    "lang,rule",
    [
        ("de", "Regelmäßiger Termin: jeden Donnerstag, 13:00–17:00 Uhr"),
        ("en", "Recurring event: every Thursday, 13:00–17:00"),
        ("ar", "موعد متكرر: كل يوم الخميس، 13:00–17:00"),
    ],
)
def test_a_weekly_series_is_on_each_of_its_days_in_the_grid_and_once_in_the_months_list(demo_site, lang, rule):
    """The month's list names a series once, at its first date in the month, with its rule: a
    national month's list was 940 dates, most of them the same weekly courses again."""
    may = page(demo_site, lang, "events/calendar/2022-05")
    grid, listed = may.split('id="month-list"', 1)
    days = [
        d
        for d in re.findall(r'<td data-date="(2022-05-\d\d)"[^>]*>(.*?)</td>', grid, re.DOTALL)
        if "sprechstunde" in d[1]
    ]
    assert [day for day, _cell in days] == ["2022-05-05", "2022-05-12", "2022-05-19"]  # the 26th is skipped
    cards = [c for c in re.findall(r"<li[^>]* class=\"portal-card.*?</li>", listed, re.DOTALL) if "sprechstunde" in c]
    assert len(cards) == 1 and 'datetime="2022-05-05T13:00:00+02:00"' in cards[0]
    assert rule in cards[0], cards[0]


def test_multi_day_event_appears_on_each_of_its_days(demo_site):
    november = page(demo_site, "en", "events/calendar/2021-11")
    for day in ("2021-11-04", "2021-11-05"):
        cell = re.search(rf'<td data-date="{day}"[^>]*>(.*?)</td>', november, re.DOTALL).group(1)
        assert "2021-11-04-fachtagung-pandemie-schutzsuchende" in cell


def test_a_busy_day_shows_four_dates_in_the_grid_and_links_to_the_rest_in_the_list(project):
    """A national calendar's day with many dates: the grid shows four, then "+N more" leading to
    that day's first date in the month's list, which keeps every date."""
    for hour in range(6, 13):  # seven dates on 16 February
        project.write(f"content/events/2022-02-16-info-{hour}.yml", VALID_EVENT.replace("10:00", f"{hour:02d}:00"))
    project.write("content/events/2022-02-17-info.yml", VALID_EVENT.replace("2022-02-16", "2022-02-17"))
    site = project.build()
    for prefix, more in (("", "+3 weitere"), ("en/", "+3 more"), ("ar/", "المزيد: 3")):
        html = (site / prefix / "events/calendar/2022-02/index.html").read_text(encoding="utf-8")
        busy = re.search(r'<td data-date="2022-02-16"[^>]*>(.*?)</td>', html, re.DOTALL).group(1)
        assert busy.count('href="../../2022-02-16-info-') == 4, prefix
        link = re.search(
            r'<li class="portal-more"><a href="#([^"]+)"><span class="portal-sr-only">([^<]+)</span>([^<]+)</a>', busy
        )
        assert link and link.group(3) == more and "2022" in link.group(2), prefix
        target = re.search(rf'<li id="{link.group(1)}" class="portal-card[^>]*>.*?<a href="([^"]+)"', html, re.DOTALL)
        assert target and target.group(1).endswith("/2022-02-16-info-6/"), prefix  # the day's first date
        quiet = re.search(r'<td data-date="2022-02-17"[^>]*>(.*?)</td>', html, re.DOTALL).group(1)
        assert "portal-more" not in quiet
        listed = html.split('id="month-list"', 1)[1]
        assert len(re.findall(r'<li[^>]* class="portal-card portal-event', listed)) == 8, prefix
        assert "data-category" not in listed  # no filter on a month's page: no data for one


def test_archive_by_year_with_reports(demo_site):
    archive = page(demo_site, "de", "events/archive")
    assert "../archive/2009/" in archive or "2009/" in archive
    year = page(demo_site, "en", "events/archive/2009")
    assert "Review" in year and "48" in year  # the temporary-work fair's report: 48 agencies


def test_static_filter_pages_per_category_audience_and_language(demo_site):
    for lang in LANGUAGES:
        for path in ("events/category/workshop", "events/audience/refugees", "events/language/fa"):
            assert (demo_site / LANGUAGES[lang] / path / "index.html").is_file(), (lang, path)
    workshop = page(demo_site, "de", "events/category/workshop")
    assert "2027-02-04-bewerbungstraining-daa" in workshop
    assert "2026-12-10-online-anerkennung" not in workshop
    assert "../../feeds/workshop.ics" in workshop


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("de", "jeden Donnerstag, 13:00–17:00 Uhr; außer am 24. Dezember 2026, 31. Dezember 2026 und 6. Mai 2027"),
        ("en", "every Thursday, 13:00–17:00; except on 24 December 2026, 31 December 2026 and 6 May 2027"),
        ("ar", "كل يوم الخميس، 13:00–17:00؛ باستثناء 24 ديسمبر 2026"),
    ],
)
def test_recurrence_in_words(demo_site, lang, expected):
    assert expected in page(demo_site, lang, "events/sprechstunde-haus-des-handwerks")


def test_event_page_has_json_ld_and_add_to_calendar(demo_site):
    html = page(demo_site, "en", "events/2026-12-10-online-anerkennung-berufsabschluesse")
    assert 'href="event.ics"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-12-10T17:00:00+01:00"
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert data["location"]["@type"] == "VirtualLocation"
    cancelled = page(demo_site, "de", "events/2027-01-21-infoveranstaltung-btz-borsdorf")
    assert '"eventStatus": "https://schema.org/EventCancelled"' in cancelled


# --- feeds ------------------------------------------------------------------------------------


def parse(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_every_feed_parses_and_matches_the_content(demo_site, demo_content):
    categories = {event.category for event in demo_content.events.values()}
    assert len(list(demo_site.rglob("*.ics"))) == len(LANGUAGES) * (1 + len(categories) + len(demo_content.events))
    for lang, prefix in LANGUAGES.items():
        for slug, event in demo_content.events.items():
            calendar = parse(demo_site / prefix / "events" / slug / "event.ics")
            (component,) = calendar.events
            assert component["UID"] == f"{slug}@projekt-resque.de"
            title = event.title.get(lang) or event.title["de"]
            assert title in str(component["SUMMARY"])
            start = component.decoded("DTSTART")
            if event.all_day:
                assert start == event.start
            else:  # the same instant; a series in its zone, a single date in UTC without zone rules
                assert start == event.first_start.replace(tzinfo=BERLIN)
                if event.recurrence:
                    assert calendar.walk("VTIMEZONE"), slug
                else:
                    assert start.utcoffset() == timedelta(0) and not calendar.walk("VTIMEZONE"), slug
            assert ("RRULE" in component) == bool(event.recurrence)
            expected_status = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
            assert component["STATUS"] == expected_status[event.status]


def test_recurring_feed_has_exdates_and_no_end(demo_site):
    (event,) = parse(demo_site / "events/sprechstunde-haus-des-handwerks/event.ics").events
    assert "UNTIL" not in event["RRULE"] and event["RRULE"]["BYDAY"] == ["TH"]
    properties = event["EXDATE"] if isinstance(event["EXDATE"], list) else [event["EXDATE"]]
    exdates = [value.dt for prop in properties for value in prop.dts]
    assert [d.date() for d in exdates][:2] == [date(2022, 5, 26), date(2022, 12, 29)]
    assert date(2026, 12, 24) in [d.date() for d in exdates] and len(exdates) == 15
    assert all(d.hour == 13 for d in exdates)


def test_recurring_feed_has_utc_until(project):
    project.write("content/events/weekly.yml", FINISHED_SERIES)
    site = project.build()
    (event,) = parse(site / "events/weekly/event.ics").events
    assert event["RRULE"]["UNTIL"][0] == datetime(2022, 12, 31, 22, 59, 59, tzinfo=ZoneInfo("UTC"))


def test_feeds_per_language_and_category(demo_site, demo_content):
    german = parse(demo_site / "events/feeds/all.ics")
    english = parse(demo_site / "en/events/feeds/all.ics")
    assert len(german.events) == len(english.events) == len(subscription_events(demo_content)) > 0
    assert {str(e["UID"]) for e in german.events} == {str(e["UID"]) for e in english.events}
    assert "Online information session: recognition of foreign vocational qualifications" in {
        str(e["SUMMARY"]) for e in english.events
    }
    consultation = parse(demo_site / "ar/events/feeds/consultation-hours.ics")
    assert {str(e["CATEGORIES"].cats[0]) for e in consultation.events} == {"ساعات الاستشارة"}


def test_feeds_to_subscribe_to_hold_upcoming_and_recent_events_and_each_event_keeps_its_own(demo_site, demo_content):
    """A calendar app fetches a subscribed feed whole on every refresh: it reaches back
    `calendar_feed_past_months` (the demo: 3, from 22 August 2026), not to 2009."""
    window = subscription_events(demo_content)
    assert demo_content.site.feed_window_start == date(2026, 8, 22)
    assert "sprechstunde-haus-des-handwerks" in window  # weekly since 2022, without end
    assert "2026-12-10-online-anerkennung-berufsabschluesse" in window
    old = "2022-02-16-infoveranstaltung-btz-borsdorf"
    assert old not in window
    for lang, prefix in LANGUAGES.items():
        feed = parse(demo_site / prefix / "events/feeds/all.ics")
        assert {str(e["UID"]) for e in feed.events} == {f"{slug}@projekt-resque.de" for slug in window}
        assert len(parse(demo_site / prefix / "events" / old / "event.ics").events) == 1  # add to calendar
    # A category whose events all left the window keeps its feed: empty, with its timezone.
    categories = {event.category for event in demo_content.events.values()}
    empty = sorted(categories - {demo_content.events[slug].category for slug in window})
    assert empty
    feed = parse(demo_site / "ar/events/feeds" / f"{empty[0]}.ics")
    assert feed.events == [] and feed.walk("VTIMEZONE")
    # The events page says since when, in the reader's language.
    for lang, since in [
        ("de", "seit dem 22. August 2026"),
        ("en", "since 22 August 2026"),
        ("ar", "منذ 22 أغسطس 2026"),
    ]:
        assert since in page(demo_site, lang, "events"), lang


@pytest.mark.parametrize(
    "value,problem",
    [(0, None), (60, None), (-1, "from 0 (upcoming events only) to 60"), ("drei", "from 0"), (True, "from 0")],
)
def test_the_subscription_window_is_a_setting(project, value, problem):
    project.write("content/events/old.yml", VALID_EVENT)
    project.write("content/events/weekly.yml", FINISHED_SERIES)
    project.write("content/events/soon.yml", VALID_EVENT.replace("2022-02-16", "2026-11-25"))
    settings = project.root / "content" / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"calendar_feed_past_months: {json.dumps(value)}\n")
    if problem:
        with pytest.raises(ContentError) as caught:
            load_site(project.root / "mkdocs.yml")
        assert "calendar_feed_past_months" in str(caught.value) and problem in str(caught.value)
        return
    content = check_content(load_site(project.root / "mkdocs.yml"))[0]
    # 0: only what is still to come; 60 months back from 2026-11-22 reaches the events of 2022.
    assert subscription_events(content) == (["soon"] if value == 0 else ["old", "soon", "weekly"])
    assert len(icalendar.Calendar.from_ical(render_feeds(content)["events/feeds/all.ics"]).events) == (
        1 if value == 0 else 3
    )


def test_feeds_are_byte_identical_between_builds(demo_site, demo_content):
    """A fresh render of the same content gives exactly the bytes of the built site."""
    for name, data in render_feeds(demo_content).items():
        built = name
        for lang, prefix in LANGUAGES.items():
            if prefix and name.endswith(f".{lang}.ics"):
                built = prefix + name.removesuffix(f".{lang}.ics") + ".ics"
        assert (demo_site / built).read_bytes() == data, name
