"""The content model on its own: normalisation in the types, occurrences in time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError

from portal.calendar import all_occurrences, occurrences, past_events, upcoming
from portal.model import Event
from portal.site import load_site
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT / "mkdocs.yml", today=date(2022, 3, 1))


def event(site, **fields) -> Event:
    data = {
        "title": "Sprechstunde",
        "start": "2022-01-06 13:00",
        "end": "2022-01-06 17:00",
        "category": "consultation-hours",
        "summary": "Jeden Donnerstag.",
        "location": {"name": "Haus des Handwerks", "address": "Dresdner Straße 11/13, 04103 Leipzig"},
    }
    data.update(fields)
    return Event.model_validate(data, context={"site": site})


def test_plain_text_becomes_the_default_language(site):
    assert event(site).title == {"de": "Sprechstunde"}
    assert event(site, title={"en": "Hours", "de": "Sprechstunde"}).title == {"de": "Sprechstunde", "en": "Hours"}


def test_dates_are_wall_clock_and_date_alone_means_all_day(site):
    timed = event(site)
    assert timed.start == datetime(2022, 1, 6, 13, 0) and not timed.all_day
    assert timed.duration == timedelta(hours=4)
    course = event(site, start="2022-03-01", end="2022-08-26")
    assert course.all_day and course.duration == timedelta(days=179)


def test_invalid_values_are_refused_with_plain_words(site):
    with pytest.raises(ValidationError) as raised:
        event(site, start="2022-02-30 10:00", status="maybe")
    text = str(raised.value)
    assert "February 2022 has 28 days" in text
    assert "scheduled" in text


def test_weekly_rule_keeps_wall_clock_time_across_daylight_saving(site):
    weekly = event(site, recurrence="FREQ=WEEKLY;BYDAY=TH;UNTIL=20221231", exceptions=["2022-05-26"])
    found = occurrences("x", weekly, site.timezone, date(2022, 12, 31))
    starts = [occ.start for occ in found]
    assert all(start.hour == 13 and start.minute == 0 for start in starts)
    march = [s for s in starts if s.month in (3, 4)]
    # 24 March 2022 is winter time (+01:00), 31 March summer time (+02:00), both at 13:00 local.
    assert {s.utcoffset() for s in march} == {timedelta(hours=1), timedelta(hours=2)}
    assert date(2022, 5, 26) not in {s.date() for s in starts}
    assert len(starts) == 52 - 1


def test_upcoming_and_past_depend_on_today(site):
    events = {
        "old": event(site, start="2022-02-16 10:00", end="2022-02-16 13:00"),
        "course": event(site, start="2022-02-01", end="2022-08-26"),
        "later": event(site, start="2022-04-01 10:00", end="2022-04-01 12:00"),
    }
    found = all_occurrences(events, site.timezone, date(2023, 1, 1))
    assert [occ.slug for occ in upcoming(found, date(2022, 3, 1))] == ["course", "later"]
    assert [occ.slug for occ in past_events(found, date(2022, 3, 1))] == ["old"]
    assert [occ.slug for occ in upcoming(found, date(2022, 9, 1))] == []
