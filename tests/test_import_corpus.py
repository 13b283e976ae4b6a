"""`portal import` on real-world calendars nobody here wrote, checked against an independent implementation.

The corpus (tests/fixtures/ical-corpus/, origins and licences in its README) holds the test
calendars of three iCalendar projects: exports of Thunderbird, Google, Outlook and Apple,
holiday and community calendars, moved and edited dates, RDATE, forward-referenced and
vendor-prefixed time zones, and plain broken files. For every file:

- the import never fails with a traceback: a feed that cannot be read at all is one message,
  an event that cannot be taken is listed with the reason;
- what it writes passes `portal check`;
- the dates readers get from the portal's own feed, and the dates on its pages, are the dates
  the source calendar has, as `recurring-ical-events` expands both, over several years.
"""

from __future__ import annotations

import re
import shutil
import warnings
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from portal.calendar import occurrences
from portal.cli import main as portal_main
from portal.content import load_content
from portal.feeds import render_feeds
from portal.ical_import import FeedError, import_feed, parse_feed
from portal.site import load_site
from tests.conftest import ScratchProject, on_demo_day

CORPUS = Path(__file__).parent / "fixtures" / "ical-corpus"
FILES = sorted(path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*.ics"))
# How far the comparison looks from the first date in a file.
WINDOW_YEARS = 5


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    with on_demo_day():
        project = ScratchProject(tmp_path_factory.mktemp("corpus"))
        yield project, load_site(project.root / "mkdocs.yml")


def _instant(value: date | datetime, zone: str) -> date | datetime:
    """A date stays a date; a time becomes UTC (a floating time is the site's wall clock)."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC).replace(tzinfo=None)


def _window(calendars: list[icalendar.Calendar]) -> tuple[datetime, datetime] | None:
    starts = []
    for component in (c for calendar in calendars for c in calendar.walk("VEVENT")):
        try:
            value = component.get("DTSTART")
            value = value[0] if isinstance(value, list) else value
            moment = value.dt
        except Exception:  # noqa: BLE001, S112 - broken values are the importer's business, not the window's
            continue
        if isinstance(moment, date) and 1900 <= moment.year <= 2200:
            starts.append(moment if isinstance(moment, datetime) else datetime.combine(moment, datetime.min.time()))
    if not starts:
        return None
    # From midnight the day before the first date: no occurrence starts or ends on the window's edges.
    first = datetime.combine(min(start.replace(tzinfo=None) for start in starts).date() - timedelta(days=1), time())
    return first, first + timedelta(days=366 * WINDOW_YEARS)


def _oracle(calendars: list[icalendar.Calendar], window, zone: str, key_of) -> set[tuple]:
    found = set()
    for calendar in calendars:
        # Events without UID or start: the import leaves them out and says so; the oracle fails on them.
        calendar.subcomponents = [
            c for c in calendar.subcomponents if c.name != "VEVENT" or ("UID" in c and "DTSTART" in c)
        ]
        query = recurring_ical_events.of(calendar, components=["VEVENT"], skip_bad_series=True)
        for occurrence in query.between(*window):
            key = key_of(str(occurrence.get("UID")))
            if key is not None:
                found.add((key, _instant(occurrence["DTSTART"].dt, zone)))
    return found


# Where the portal reads a calendar differently from recurring-ical-events, on purpose.
DIFFERENT = {
    # An extra date with a time (RDATE, EXDATE) in a series of whole days, or the other way round:
    # a portal event is either all day or at a time, so the date takes the series' kind.
    "recurring-ical-events/recurring_ical_events__test__calendars__issue_201_mixed_datetime_and_date.ics",
    "recurring-ical-events/recurring_ical_events__test__calendars__issue_201_test_matrix.ics",
    # RDATE;VALUE=PERIOD with bare dates (RFC 5545 allows only date-times): taken at the series' time.
    "icalendar/src__icalendar__tests__calendars__issue_1633_rdate_with_dates.ics",
}


@pytest.mark.parametrize("name", FILES)
def test_real_world_calendar_imports_checks_and_keeps_its_dates(scratch, name):
    project, site = scratch
    events = site.content_dir / "events"
    shutil.rmtree(events, ignore_errors=True)
    # Many test calendars have no LOCATION, which the portal requires: each event gets one, so
    # that the comparison covers their series too (and a second LOCATION exercises value lists).
    source = project.root / "feed.ics"
    source.write_bytes(re.sub(rb"(BEGIN:VEVENT\r?\n)", rb"\1LOCATION:Leipzig\r\n", (CORPUS / name).read_bytes()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns about vendor-prefixed zones it maps
        try:
            report = import_feed(str(source), site, "info-session")
        except FeedError:
            return  # said in one sentence by `portal import` (see test_unreadable_feed_is_one_message)
        content, problems = load_content(site)
        errors = [str(p) for p in problems if p.severity == "error"]
        assert not errors, errors
        calendars = parse_feed(source.read_bytes())
        window = _window(calendars)
        if window is None or not content.events:
            return
        # An event the import left out (it says why) is compared with none of its dates, moved ones included.
        skipped = report.skipped_uids
        expected = _oracle(calendars, window, site.timezone, lambda uid: None if uid in skipped else uid)

        origin = {f"{slug}@{site.calendar_uid_domain}": event.source.uid for slug, event in content.events.items()}
        # Each event's own feed: those to subscribe to reach back only a few months (feeds.py).
        feeds = render_feeds(content, [site.default_language])
        own = [icalendar.Calendar.from_ical(data) for path, data in feeds.items() if path.endswith("/event.ics")]

        def source_uid(uid: str) -> str | None:
            found = origin[uid].split("#")[0]
            return None if found in skipped else found

        in_feed = _oracle(own, window, site.timezone, source_uid)
    if name in DIFFERENT:
        assert in_feed != expected, f"{name} now matches the oracle: take it out of DIFFERENT"
        return
    assert in_feed == expected, (sorted(expected - in_feed)[:5], sorted(in_feed - expected)[:5])

    on_pages = set()
    for slug, event in content.events.items():
        for occ in occurrences(slug, event, site.timezone, window[1].date()):
            start = occ.start.date() if event.all_day else occ.start.astimezone(UTC).replace(tzinfo=None)
            uid = event.source.uid.split("#")[0]
            if window[0] <= occ.start.replace(tzinfo=None) < window[1] and uid not in skipped:
                on_pages.add((uid, start))
    assert on_pages == expected, (sorted(expected - on_pages)[:5], sorted(on_pages - expected)[:5])


def test_the_corpus_is_large_and_mostly_readable(scratch):
    readable = 0
    for name in FILES:
        try:
            parse_feed((CORPUS / name).read_bytes())
            readable += 1
        except FeedError:
            pass
    assert len(FILES) >= 200 and readable >= 0.95 * len(FILES), (len(FILES), readable)


def test_unreadable_feed_is_one_message_not_a_traceback(scratch, capsys):
    project, _site = scratch
    broken = CORPUS / "icalendar" / "src__icalendar__tests__calendars__issue_104_broken_calendar.ics"
    code = portal_main(["--config", str(project.root / "mkdocs.yml"), "import", str(broken)])
    err = capsys.readouterr().err
    assert code == 1
    assert "The feed cannot be read" in err and "Traceback" not in err
