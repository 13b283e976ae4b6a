"""iCalendar (RFC 5545) feeds: all events, one per category, one per event, per language.

The feeds to subscribe to (all events, each category) hold what is still to come and the last
`calendar_feed_past_months` (site settings): a calendar app fetches a subscribed feed whole on
every refresh, and with every event since the first a national portal's feed would be
megabytes a day on a prepaid phone. Each event's own file, behind "add to calendar", is written
for every event, past ones too.

Generated with the `icalendar` library. UIDs come from the file name (slug), so they survive
rebuilds and changed titles. DTSTAMP is taken from the event's first start rather than the
clock, so two builds of the same content give byte-identical feeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, partial

import icalendar

from portal.calendar import horizon, occurrences
from portal.content import Content
from portal.model import Event
from portal.model.common import text_in
from portal.render.ui import Interface

_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def _utc_until(event: Event, until: date | datetime, zone) -> date | datetime:
    """RFC 5545: with a zoned DTSTART, UNTIL must be a UTC date-time (a date means the whole day)."""
    if event.all_day:
        return until if not isinstance(until, datetime) else until.date()
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59))
    if until.tzinfo is None:
        until = until.replace(tzinfo=zone)
    return until.astimezone(UTC)


def event_component(slug: str, event: Event, content: Content, t: Interface) -> icalendar.Event:
    lang = t.lang
    site = content.site
    default = site.default_language
    zone = event.zone(site.timezone)
    if event.all_day:
        start: date | datetime = event.start
        end = event.start + event.duration
    else:
        start = event.first_start.replace(tzinfo=zone)
        end = start + event.duration if event.end is not None else None
        if not event.recurrence:
            # A single date needs no timezone rules: in UTC, and the file holds no VTIMEZONE
            # (two thirds of a single event's file; 45,000 files at national scale). A series
            # keeps its zone, so that its time stays the same across daylight saving time.
            start = start.astimezone(UTC)
            end = end.astimezone(UTC) if end is not None else None
    title = text_in(event.title, lang, default)
    if event.status != "scheduled":
        title = f"{t('status_' + event.status)}: {title}"
    location = ", ".join(
        part
        for part in (text_in(event.location.name, lang, default), event.location.address or event.location.url)
        if part
    )
    description = text_in(event.summary, lang, default)
    url = None
    if site.site_url:
        url = f"{site.site_url.rstrip('/')}/{site.layout.address(f'events/{slug}.md', lang)}"
        description = f"{description}\n\n{url}"
    component = icalendar.Event.new(
        uid=f"{slug}@{site.calendar_uid_domain}",
        summary=title,
        start=start,
        end=end,
        stamp=datetime.combine(event.start, time(), UTC) if event.all_day else start.astimezone(UTC),
        location=location or None,
        description=description,
        url=url,
        categories=[site.label("categories", event.category, lang)],
        status=_STATUS[event.status],
    )
    if event.recurrence:
        recur = icalendar.vRecur.from_ical(event.recurrence)
        if "UNTIL" in recur:
            recur["UNTIL"] = [_utc_until(event, recur["UNTIL"][0], zone)]
        component.add("rrule", recur)
        for day in event.exceptions:
            component.add("exdate", day if event.all_day else datetime.combine(day, event.first_start.time(), zone))
    return component


def calendar(
    content: Content, t: Interface, key: str, name: str | None, slugs: list[str], vevents: dict[str, bytes]
) -> bytes:
    """One feed, put together from the events' serialized VEVENTs (`vevents`, by slug).

    Every event appears in several feeds of a language (all, its category, its own), with the
    same bytes; each VEVENT and VTIMEZONE is serialized once and the feeds are joined from
    them, which gives the bytes icalendar would give for the whole calendar.

    `name`: the calendar's name, which a calendar app shows for a subscribed feed; None for an
    event's own file, which is imported into a calendar the reader has.
    """
    domain = content.site.calendar_uid_domain
    feed = icalendar.Calendar.new(
        prodid=f"-//portal-kit//{domain}//{t.lang.upper()}",
        uid=f"{key}.{t.lang}@{domain}",  # fixed, not random: same content, same bytes
        # One line: icalendar writes the calendar's NAME unescaped, and a line break in it
        # (a title written as a YAML block) would end the property and break the file.
        name=" ".join(name.split()) if name is not None else None,
        method="PUBLISH",
    )
    events = [content.events[slug] for slug in slugs]
    # Timezone rules only for the years the feed's events span, not 1970-2038 in every file: an
    # event's own feed of 2009 needs 2009's rules only (most of a small feed were such rules).
    today = content.site.today
    first = min((event.first_start.date() for event in events), default=today)
    last = max((_last_day(event, today) for event in events), default=today)
    # Rules for the zones of the series only: all-day events have no time, single dates are in UTC.
    zones = sorted(
        {event.timezone or content.site.timezone for event in events if event.recurrence and not event.all_day},
        reverse=True,
    )
    if not events:
        # A feed with nothing in its window stays a feed: subscribed calendars keep it, and RFC
        # 5545 wants a calendar to hold at least one component (this year's timezone rules).
        zones = [content.site.timezone]
    body = b"".join(_timezone_ical(zone, first.year, last.year) for zone in zones)
    body += b"".join(vevents[slug] for slug in slugs)
    head = feed.to_ical()
    end = b"END:VCALENDAR\r\n"
    return head.removesuffix(end) + body + end


def subscription_events(content: Content) -> list[str]:
    """The events of the feeds to subscribe to: each with a date on or after the window's first
    day (`calendar_feed_past_months` before today), series that run on included."""
    site = content.site
    first_day = site.feed_window_start
    until = horizon(site.today, site.calendar_horizon_months)
    return [
        slug
        for slug, event in content.events.items()
        if event.first_start.date() >= first_day
        or any(occ.last_day >= first_day for occ in occurrences(slug, event, site.timezone, until))
    ]


def _last_day(event: Event, today: date) -> date:
    """The last day whose timezone rules the event's dates may need."""
    if event.recurrence:  # a series may run on: a year beyond today (or its start), as before
        return max(today, event.first_start.date()) + timedelta(days=400)
    return (event.first_start + event.duration).date()


@cache
def _timezone_ical(zone: str, first_year: int, last_year: int) -> bytes:
    """VTIMEZONE for whole years; computed once per zone and range, shared by all feeds."""
    timezone = icalendar.Timezone.from_tzid(zone, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31))
    return timezone.to_ical()


def feed_name(content: Content, lang: str, title: str) -> str:
    return f"{text_in(content.site.title, lang, content.site.default_language)} – {title}"


@dataclass
class FeedCache:
    """What the last feeds of each language were made of, for the preview's many small builds.

    An event's VEVENT depends on the event and on the site (its address, labels, strings): the
    preview hands out the same event object while its file is unchanged, and drops this cache
    whenever it builds everything (a change of the settings, strings or templates). A feed is
    put together again only when one of its events is another object, or its name changed.
    """

    vevents: dict[tuple[str, str], tuple[Event, bytes]] = field(default_factory=dict)
    feeds: dict[tuple[str, str], tuple[tuple[Event, ...], str, bytes]] = field(default_factory=dict)

    def vevent(self, lang: str, slug: str, event: Event, make) -> bytes:
        hit = self.vevents.get((lang, slug))
        if hit is None or hit[0] is not event:
            hit = self.vevents[(lang, slug)] = (event, make())
        return hit[1]

    def feed(self, lang: str, path: str, events: tuple[Event, ...], name: str, make) -> bytes:
        hit = self.feeds.get((lang, path))
        if hit is None or hit[1] != name or not _same_objects(hit[0], events):
            hit = self.feeds[(lang, path)] = (events, name, make())
        return hit[2]


def _same_objects(old: tuple, new: tuple) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new))


def _vevent_bytes(slug: str, event: Event, content: Content, t: Interface) -> bytes:
    return event_component(slug, event, content, t).to_ical()


def render_feeds(
    content: Content, languages: list[str] | None = None, kept: FeedCache | None = None
) -> dict[str, bytes]:
    """Path in the docs folder (with language suffix for other languages) -> iCalendar bytes.

    With `kept` (the preview), what did not change since the last call is taken from it.
    """
    kept = kept if kept is not None else FeedCache()
    files: dict[str, bytes] = {}
    if not content.events:
        return files
    subscribed = subscription_events(content)  # the same in every language
    for language in content.site.languages:
        if languages is None or language.code in languages:
            files |= _language_feeds(content, Interface(language.code, content.site.strings), kept, subscribed)
    return files


def _language_feeds(content: Content, t: Interface, kept: FeedCache, subscribed: list[str]) -> dict[str, bytes]:
    """One language's feeds: all events, one per category (the `subscribed` events), one per event."""
    site, lang, files = content.site, t.lang, {}
    slugs = list(content.events)
    vevents = {
        slug: kept.vevent(lang, slug, event, partial(_vevent_bytes, slug, event, content, t))
        for slug, event in content.events.items()
    }

    def feed(name: str, key: str, title: str | None, chosen: list[str]) -> None:
        path = site.layout.source(name, lang)
        events = tuple(content.events[slug] for slug in chosen)
        files[path] = kept.feed(lang, path, events, title, lambda: calendar(content, t, key, title, chosen, vevents))

    feed("events/feeds/all.ics", "all", feed_name(content, lang, str(t("all_events_feed"))), subscribed)
    # A category's feed is written while it has any event (its pages link the feed), empty if need be.
    with_events = {event.category for event in content.events.values()}
    for category in site.vocabulary("categories"):
        chosen = [slug for slug in subscribed if content.events[slug].category == category]
        if category in with_events:
            label = site.label("categories", category, lang)
            feed(f"events/feeds/{category}.ics", category, feed_name(content, lang, label), chosen)
    for slug in slugs:
        feed(f"events/{slug}/event.ics", slug, None, [slug])
    return files
