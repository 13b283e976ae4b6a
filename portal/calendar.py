"""Occurrences of events in time: recurring events expanded, upcoming and past separated.

Times are wall-clock times in the event's timezone: a rule is expanded on naive local times
and each occurrence is then placed in the zone, so 13:00 stays 13:00 across daylight saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from portal.model import Event


@dataclass(frozen=True)
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


def occurrences(slug: str, event: Event, default_tz: str, until: date) -> list[Occurrence]:
    """Every occurrence of the event that starts on or before `until`."""
    zone = event.zone(default_tz)
    rule = event.rule()
    limit = datetime.combine(until, time.max)
    starts = [event.first_start] if rule is None else list(rule.between(event.first_start, limit, inc=True))
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


def past_events(found: list[Occurrence], today: date) -> list[Occurrence]:
    """The last past occurrence of every event with nothing left to come, newest first."""
    latest: dict[str, Occurrence] = {}
    ongoing = {occ.slug for occ in found if occ.last_day >= today}
    for occ in found:
        if occ.slug not in ongoing and occ.last_day < today:
            latest[occ.slug] = occ
    return sorted(latest.values(), key=lambda occ: (occ.start, occ.slug), reverse=True)
