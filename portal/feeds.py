"""iCalendar (RFC 5545) feeds: all events, one per category, one per event, per language.

Generated with the `icalendar` library. UIDs come from the file name (slug), so they survive
rebuilds and changed titles. DTSTAMP is taken from the event's first start rather than the
clock, so two builds of the same content give byte-identical feeds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import icalendar

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


def calendar(content: Content, t: Interface, key: str, name: str, slugs: list[str], vevents: dict[str, bytes]) -> bytes:
    """One feed, put together from the events' serialized VEVENTs (`vevents`, by slug).

    Every event appears in several feeds of a language (all, its category, its own), with the
    same bytes; each VEVENT and VTIMEZONE is serialized once and the feeds are joined from
    them, which gives the bytes icalendar would give for the whole calendar.
    """
    domain = content.site.calendar_uid_domain
    feed = icalendar.Calendar.new(
        prodid=f"-//portal-kit//{domain}//{t.lang.upper()}",
        uid=f"{key}.{t.lang}@{domain}",  # fixed, not random: same content, same bytes
        # One line: icalendar writes the calendar's NAME unescaped, and a line break in it
        # (a title written as a YAML block) would end the property and break the file.
        name=" ".join(name.split()),
        method="PUBLISH",
    )
    events = [content.events[slug] for slug in slugs]
    # Timezone rules only for the years the feed's events span, not 1970-2038 in every file: an
    # event's own feed of 2009 needs 2009's rules only (most of a small feed were such rules).
    first = min(event.first_start.date() for event in events)
    last = max(_last_day(event, content.site.today) for event in events)
    zones = sorted({event.timezone or content.site.timezone for event in events if not event.all_day}, reverse=True)
    body = b"".join(_timezone_ical(zone, first.year, last.year) for zone in zones)
    body += b"".join(vevents[slug] for slug in slugs)
    head = feed.to_ical()
    end = b"END:VCALENDAR\r\n"
    return head.removesuffix(end) + body + end


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


def render_feeds(content: Content, languages: list[str] | None = None) -> dict[str, bytes]:
    """Path in the docs folder (with language suffix for other languages) -> iCalendar bytes."""
    site, files = content.site, {}
    for language in site.languages:
        if languages is not None and language.code not in languages:
            continue
        lang, source = language.code, lambda name, code=language.code: site.layout.source(name, code)
        t = Interface(lang, site.strings)
        slugs = list(content.events)
        if not slugs:
            continue
        vevents = {slug: event_component(slug, content.events[slug], content, t).to_ical() for slug in slugs}
        files[source("events/feeds/all.ics")] = calendar(
            content, t, "all", feed_name(content, lang, str(t("all_events_feed"))), slugs, vevents
        )
        for category in site.vocabulary("categories"):
            chosen = [slug for slug in slugs if content.events[slug].category == category]
            if chosen:
                label = site.label("categories", category, lang)
                files[source(f"events/feeds/{category}.ics")] = calendar(
                    content, t, category, feed_name(content, lang, label), chosen, vevents
                )
        for slug in slugs:
            title = text_in(content.events[slug].title, lang, site.default_language)
            files[source(f"events/{slug}/event.ics")] = calendar(content, t, slug, title, [slug], vevents)
    return files
