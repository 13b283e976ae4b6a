"""Occurrences of events in time: recurring events expanded, upcoming and past separated.

Times are wall-clock times in the event's timezone: a rule is expanded on naive local times
and each occurrence is then placed in the zone, so 13:00 stays 13:00 across daylight saving.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from portal.model import Event
from portal.rules import MAX_COUNT, expand


@dataclass(frozen=True, eq=False)  # compared by identity: the event (a mapping of texts) is not hashable
class Occurrence:
    slug: str
    event: Event
    start: datetime  # aware
    end: datetime  # aware; for all-day events midnight after the last day

    @property
    def all_day(self) -> bool:
        return self.event.all_day

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last calendar day the occurrence touches (all-day ends are exclusive)."""
        if self.all_day or (self.end > self.start and self.end.time() == time()):
            return (self.end - timedelta(days=1)).date() if self.end > self.start else self.start.date()
        return self.end.date()

    @property
    def has_end(self) -> bool:
        return self.event.end is not None


# Kept per event (the very object): the pages, the feeds and the offline lists ask for the same
# events' occurrences several times per build, and the preview keeps unchanged items between saves.
_KEPT: dict[tuple[int, str, str, date], tuple[Event, list[Occurrence]]] = {}
KEPT_MAX = 50_000


def occurrences(slug: str, event: Event, default_tz: str, until: date) -> list[Occurrence]:
    """Every occurrence of the event that starts on or before `until` (at most MAX_COUNT of a series)."""
    key = (id(event), slug, default_tz, until)
    kept = _KEPT.get(key)
    if kept is None or kept[0] is not event:
        if len(_KEPT) >= KEPT_MAX:
            _KEPT.clear()
        kept = _KEPT[key] = (event, _occurrences(slug, event, default_tz, until))
    return list(kept[1])


def _occurrences(slug: str, event: Event, default_tz: str, until: date) -> list[Occurrence]:
    """Every occurrence of the event that starts on or before `until` (at most MAX_COUNT of a series).

    The start is always the first occurrence, as in iCalendar (RFC 5545 3.8.5.3), also when it is
    not a date of the rule: calendar apps that read the feed show it, so the pages do too.
    """
    zone = event.zone(default_tz)
    rule = event.rule()
    limit = datetime.combine(until, time.max)
    starts = [event.first_start]
    if rule is not None:
        dates = expand(rule, event.first_start, limit, MAX_COUNT)
        if dates[:1] != [event.first_start] and rule._count:  # dateutil keeps COUNT only here
            dates = dates[: rule._count - 1]  # RFC 5545: the start is one of the COUNT dates
        starts += [moment for moment in dates if moment != event.first_start]
    skipped = set(event.exceptions)
    result = []
    for local_start in starts:
        if local_start.date() in skipped or local_start > limit:
            continue
        local_end = local_start + event.duration
        result.append(Occurrence(slug, event, local_start.replace(tzinfo=zone), local_end.replace(tzinfo=zone)))
    return result


def horizon(today: date, months: int) -> date:
    return today + relativedelta(months=months)


def all_occurrences(events: dict[str, Event], default_tz: str, until: date) -> list[Occurrence]:
    found = [occ for slug, event in events.items() for occ in occurrences(slug, event, default_tz, until)]
    return sorted(found, key=lambda occ: (occ.start, occ.slug))


def upcoming(found: list[Occurrence], today: date) -> list[Occurrence]:
    """Occurrences that have not ended before `today` (an event running today is still upcoming)."""
    return [occ for occ in found if occ.last_day >= today]


def next_occurrences(found: list[Occurrence], today: date) -> list[Occurrence]:
    """Each event once, at its next date: a weekly consultation hour does not fill a whole list."""
    seen: set[str] = set()
    result = []
    for occ in upcoming(found, today):
        if occ.slug not in seen:
            seen.add(occ.slug)
            result.append(occ)
    return result


def past_events(found: list[Occurrence], today: date) -> list[Occurrence]:
    """The last past occurrence of every event with nothing left to come, newest first."""
    latest: dict[str, Occurrence] = {}
    ongoing = {occ.slug for occ in found if occ.last_day >= today}
    for occ in found:
        if occ.slug not in ongoing and occ.last_day < today:
            latest[occ.slug] = occ
    return sorted(latest.values(), key=lambda occ: (occ.start, occ.slug), reverse=True)


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from `first` to `last`, both included."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current += relativedelta(months=1)
    return months


# Months around today that get a page even without events (a reader looks there first, and
# the calendar's "this month" link moves within them when the reader's month is not the build's).
MONTHS_BEFORE_TODAY = 1
MONTHS_AFTER_TODAY = 6


def months_around(today: date) -> list[date]:
    month = today.replace(day=1)
    return months_between(
        month - relativedelta(months=MONTHS_BEFORE_TODAY), month + relativedelta(months=MONTHS_AFTER_TODAY)
    )


def calendar_months(found: list[Occurrence], today: date) -> list[date]:
    """Every month with an occurrence (on any of its days) and the months around today.

    Empty months far from today have no page (at portal scale most of the months since 2009 were
    empty grids, in every language); a month's previous and next links go to the nearest months
    that have one.
    """
    months = set(months_around(today))
    for occ in found:
        months.update(months_between(occ.first_day, occ.last_day))
    return sorted(months)


def month_weeks(month: date) -> list[list[date]]:
    """The weeks of a month grid, Monday first (the German calendar) in every language."""
    return stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)


def by_day(found: list[Occurrence]) -> dict[date, list[Occurrence]]:
    """Occurrences under every day they touch (a multi-day event appears on each of its days)."""
    days: dict[date, list[Occurrence]] = {}
    for occ in found:
        day = occ.first_day
        while day <= occ.last_day:
            days.setdefault(day, []).append(occ)
            day += timedelta(days=1)
    return days
