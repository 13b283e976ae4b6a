"""The event pages: upcoming list with filters, month grids, archive by year, one page per event."""

from __future__ import annotations

import json
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from babel.dates import format_interval, get_day_names
from markupsafe import Markup

from portal.calendar import (
    Occurrence,
    by_day,
    calendar_months,
    month_weeks,
    months_around,
    next_occurrences,
    past_events,
)
from portal.render import dates
from portal.render.recurrence import rule_in_words

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer

# How many past events the overview shows before pointing to the archive.
RECENT_PAST = 5
# How many next dates an event page lists for a recurring event.
NEXT_DATES = 5
# How many events a list page shows; the month calendar has all of them.
LIST_LIMIT = 200


def month_groups(occurrences: list[Occurrence]) -> list[tuple[date, list[Occurrence]]]:
    return [(month, list(items)) for month, items in groupby(occurrences, key=lambda occ: occ.first_day.replace(day=1))]


def month_src(month: date) -> str:
    return f"events/calendar/{month:%Y-%m}.md"


def filters(r: LanguageRenderer, coming: list[Occurrence]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(heading key, URL folder, [(term, label)]) for every filter that has upcoming events."""
    used_categories = {occ.event.category for occ in coming}
    used_audiences = {a for occ in coming for a in occ.event.audience}
    used_languages = {code for occ in coming for code in occ.event.languages}
    site = r.site
    return [
        (
            "filter_by_category",
            "category",
            [(c, r.label("categories", c)) for c in site.vocabulary("categories") if c in used_categories],
        ),
        (
            "filter_by_audience",
            "audience",
            [(a, r.label("audiences", a)) for a in site.vocabulary("audiences") if a in used_audiences],
        ),
        (
            "filter_by_language",
            "language",
            sorted(((c, r.language_name(c)) for c in used_languages), key=lambda x: x[1]),
        ),
    ]


def _matches(occ: Occurrence, folder: str, term: str) -> bool:
    event = occ.event
    return {
        "category": event.category == term,
        "audience": term in event.audience,
        "language": term in event.languages,
    }[folder]


def event_json_ld(r: LanguageRenderer, first: Occurrence | None) -> Markup:
    """schema.org Event data for search engines; `<` escaped so content cannot end the script."""
    event, default = first.event if first else None, r.site.default_language
    if event is None:
        return Markup("")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": r.text(event.title),
        "description": r.text(event.summary),
        "startDate": first.first_day.isoformat() if first.all_day else first.start.isoformat(),
        "eventStatus": {
            "scheduled": "https://schema.org/EventScheduled",
            "cancelled": "https://schema.org/EventCancelled",
            "postponed": "https://schema.org/EventPostponed",
        }[event.status],
        "inLanguage": event.languages or [default],
    }
    if first.has_end:
        data["endDate"] = first.last_day.isoformat() if first.all_day else first.end.isoformat()
    location = event.location
    if location.address:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = {"@type": "Place", "name": r.text(location.name), "address": location.address}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": location.url}
    if event.organizer:
        partner = r.content.partners[event.organizer]
        data["organizer"] = {"@type": "Organization", "name": r.text(partner.name)}
        if partner.url:
            data["organizer"]["url"] = partner.url
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return Markup('<script type="application/ld+json">{}</script>').format(Markup(text))


def rule_text(r: LanguageRenderer, first: Occurrence) -> Markup:
    """The series' rule in words, with its hours ("weekly on Thursday, 13:00–17:00")."""
    event = first.event
    hours = None
    if not event.all_day and event.end is not None and first.first_day == first.last_day:
        hours = format_interval(first.start.time(), first.end.time(), "Hm", locale=dates.locale(r.lang))
    return rule_in_words(event.recurrence, r.t, r.listing, hours)


def recurrence_text(r: LanguageRenderer, first: Occurrence, ended: bool = False) -> Markup:
    """The rule in words and the dates it skips."""
    event = first.event
    text = rule_text(r, first)
    # A running series names the dates it still skips; past ones stay in the feed (EXDATE).
    skips = event.exceptions if ended else [day for day in event.exceptions if day >= r.site.today]
    if skips:
        skipped = r.listing([dates.medium_date(day, r.lang) for day in skips])
        text = r.t("rule_with_exceptions", rule=text, exceptions=r.t("except_on", dates=skipped))
    return text


def event_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    content, today = r.content, r.site.today
    found = r.found
    coming = next_occurrences(found, today)
    past = past_events(found, today)
    months = calendar_months(found, today)
    choices = filters(r, coming)
    pages = [
        r.overview(
            "events",
            "event_index.html",
            "events",
            groups=month_groups(coming[:LIST_LIMIT]),
            more=len(coming) > LIST_LIMIT,
            recent_past=past[:RECENT_PAST],
            filters=choices,
            current_month=month_src(today.replace(day=1)),
        )
    ]
    for key, folder, terms in choices:
        for term, label in terms:
            chosen = [occ for occ in coming if _matches(occ, folder, term)]
            pages.append(
                r.render(
                    f"events/{folder}/{term}.md",
                    "event_filtered.html",
                    label,
                    str(r.t(key)),
                    searchable=False,
                    groups=month_groups(chosen[:LIST_LIMIT]),
                    more=len(chosen) > LIST_LIMIT,
                    current_month=month_src(today.replace(day=1)),
                    feed=f"{term}.ics" if folder == "category" else None,
                    filters=choices,
                )
            )
    by_event: dict[str, list[Occurrence]] = {}
    for occ in found:  # one pass; filtering `found` per event was quadratic at portal scale
        by_event.setdefault(occ.slug, []).append(occ)
    for slug, event in content.events.items():
        mine = by_event.get(slug, [])
        first = mine[0] if mine else None
        coming_dates = [occ for occ in mine if occ.last_day >= today]
        # "When" shows the date a reader can still attend; for a finished series, its first date.
        shown = coming_dates[0] if coming_dates else first
        pages.append(
            r.item_page(
                "events",
                slug,
                event,
                "event",
                first=shown,
                rule_text=recurrence_text(r, first, ended=not coming_dates) if first and event.recurrence else None,
                next_dates=coming_dates[:NEXT_DATES],
                last=mine[-1] if mine else None,
                json_ld=event_json_ld(r, shown),
                news=content.referrers("news", "events", slug),
            )
        )
    pages += calendar_pages(r, months)
    pages += archive_pages(r, past)
    return pages


# Dates a day of the month grid shows; the others are one link away, in the month's list below
# it. A national calendar has days with thirty dates: the grid repeated the whole list (190 KB
# of a 690 KB month page), and a phone showed the thirty as its agenda before the list.
GRID_DAY_LIMIT = 4
MONTH_LIST_ID = "month-list"


def day_anchors(month: date, month_days: list[date], days: dict, in_month: list) -> tuple[dict, dict]:
    """For each day of the month with more dates than the grid shows: the id of the list entry its
    "more" link leads to (the first date of the list from that day on); and those ids, by occurrence."""
    targets: dict[date, str] = {}
    card_ids: dict = {}
    for day in month_days:
        if len(days.get(day, ())) <= GRID_DAY_LIMIT:
            continue
        # The list is in order of start; a date begun in the month before counts from the 1st.
        first = next((occ for occ in in_month if max(occ.first_day, month) >= day), None)
        if first is None:
            targets[day] = MONTH_LIST_ID
            continue
        card_ids.setdefault(first, f"date-{max(first.first_day, month).isoformat()}")
        targets[day] = card_ids[first]
    return targets, card_ids


def first_per_event(in_month: list[Occurrence]) -> list[Occurrence]:
    """A month's list: each event once, at its first date in the month (in order of start).

    A weekly series is in the grid on each of its days; listed once, with its rule, the list of
    a national month is a third as long (940 dates, 300 events).
    """
    first: dict[str, Occurrence] = {}
    for occ in in_month:
        first.setdefault(occ.slug, occ)
    return list(first.values())  # in the order of their first dates


def calendar_pages(r: LanguageRenderer, months: list) -> list[GeneratedPage]:
    days = by_day(r.found)
    names = get_day_names("wide", locale=dates.locale(r.lang))
    short = get_day_names("abbreviated", locale=dates.locale(r.lang))
    weekdays = [(short[i], names[i]) for i in range(7)]
    today = r.site.today.replace(day=1)
    # Where the "this month" link may move (portal.js): months that all have a page.
    around = months_around(r.site.today)
    months_range = (f"{around[0]:%Y-%m}", f"{around[-1]:%Y-%m}")
    series: dict[str, Markup] = {}  # a series' rule in words, by slug: made once, shown in many months
    pages = [
        r.overview(
            "events/calendar",
            "calendar_index.html",
            "calendar",
            searchable=False,
            years=[(year, list(items)) for year, items in groupby(months, key=lambda m: m.year)],
            current_month=month_src(today),
            month_src=month_src,
            months_range=months_range,
        )
    ]
    for index, month in enumerate(months):
        weeks = month_weeks(month)
        month_days = [day for week in weeks for day in week if day.month == month.month]
        in_month = first_per_event(
            sorted({occ for day in month_days for occ in days.get(day, [])}, key=lambda occ: (occ.start, occ.slug))
        )
        for occ in in_month:
            if occ.event.recurrence and occ.slug not in series:
                series[occ.slug] = rule_text(r, occ)
        more_targets, card_ids = day_anchors(month, month_days, days, in_month)
        heading = dates.month_heading(month, r.lang)
        pages.append(
            r.render(
                month_src(month),
                "calendar_month.html",
                heading,
                str(r.t("events_of_month", month=heading)),
                hide=("navigation", "toc"),
                searchable=False,
                month=month,
                weeks=weeks,
                weekdays=weekdays,
                days=days,
                in_month=in_month,
                series=series,
                day_limit=GRID_DAY_LIMIT,
                more_targets=more_targets,
                card_ids=card_ids,
                month_list_id=MONTH_LIST_ID,
                filterable=False,
                previous=months[index - 1] if index else None,
                following=months[index + 1] if index + 1 < len(months) else None,
                current_month=month_src(today),
                month_src=month_src,
                months_range=months_range,
            )
        )
    return pages


def archive_pages(r: LanguageRenderer, past: list[Occurrence]) -> list[GeneratedPage]:
    by_year = sorted(((occ.event.first_start.year, occ) for occ in past), key=lambda item: (-item[0], item[1].start))
    years = [(year, [occ for _, occ in items]) for year, items in groupby(by_year, key=lambda item: item[0])]
    pages = [r.overview("events/archive", "archive_index.html", "archive", years=years)]
    for year, items in years:
        pages.append(
            r.render(
                f"events/archive/{year}.md",
                "archive_year.html",
                str(r.t("archive_year", year=year)),
                str(r.t("archive_intro")),
                searchable=False,
                year=year,
                items=sorted(items, key=lambda occ: occ.start),
            )
        )
    return pages
