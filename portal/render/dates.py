"""Dates and times in words, in the reader's language (Babel; no hand-written month names)."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache

from babel.dates import format_date, format_interval, format_skeleton, get_day_names
from babel.lists import format_list
from markupsafe import Markup

from portal.calendar import Occurrence
from portal.language_variants import babel_locale
from portal.model.common import WEEKDAYS
from portal.render.ui import Interface

# Babel's "en" writes American dates (February 16, 2022); readers in Germany expect 16 February 2022.
_LOCALES = {"en": "en_GB"}


def locale(lang: str) -> str:
    return _LOCALES.get(lang) or babel_locale(lang)


# Cached: Babel parses its patterns on every call, and a calendar names the same days and
# hours again and again (an event appears in the upcoming list, its month, its category…).
@cache
def long_date(day: date, lang: str) -> str:
    return format_date(day, "full", locale=locale(lang))


@cache
def medium_date(day: date, lang: str) -> str:
    return format_date(day, "long", locale=locale(lang))


@cache
def month_heading(day: date, lang: str) -> str:
    return format_skeleton("yMMMM", day, locale=locale(lang))


@cache
def short_day(day: date, lang: str) -> str:
    return format_skeleton("yMMMEd", day, locale=locale(lang))


@cache
def clock(moment: datetime, lang: str) -> str:
    """'14:00' in every language: the 24-hour 'Hm' skeleton, as in hour ranges (Arabic's short time is '2:00 م')."""
    return format_skeleton("Hm", moment, locale=locale(lang))


def when(occ: Occurrence, t: Interface, short: bool = False) -> Markup:
    """'Thursday, 16 February 2022, 10:00–13:00', or a range for all-day and multi-day events."""
    lang = t.lang
    day = short_day if short else long_date
    first, last = occ.first_day, occ.last_day
    if occ.all_day:
        if first == last:
            return Markup.escape(day(first, lang))
        return Markup("{} – {}").format(day(first, lang), day(last, lang))
    start, end = occ.start.replace(tzinfo=None), occ.end.replace(tzinfo=None)
    if not occ.has_end:
        return t("date_and_time", date=day(first, lang), time=clock(start, lang))
    if first == last:
        return t("date_and_time", date=day(first, lang), time=hour_range(start.time(), end.time(), lang))
    return Markup("{} – {}").format(
        t("date_and_time", date=day(first, lang), time=clock(start, lang)),
        t("date_and_time", date=day(last, lang), time=clock(end, lang)),
    )


@cache
def hour_range(opens: time, closes: time, lang: str) -> str:
    """'10:00–13:00' in the language's digits and 24-hour pattern (the 'Hm' skeleton)."""
    return format_interval(opens, closes, "Hm", locale=locale(lang))


def partial_date(value: str, lang: str) -> str:
    """A publication date as precise as it is known: 2021, July 2021 or 15 July 2021."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return month_heading(date(parts[0], parts[1], 1), lang)
    return medium_date(date(*parts), lang)


def opening_hours(hours: list, lang: str) -> list[str]:
    """Regular hours in words, days in week order: 'Montag–Freitag: 09:00–12:00', 'Thursday: 13:00–17:00'.

    Runs of three or more days become a range; the times use the language's own digits and
    24-hour clock pattern (the 'Hm' skeleton), as in the event pages.
    """
    names = get_day_names("wide", locale=locale(lang))
    lines = []
    for entry in hours:
        indexes = sorted(WEEKDAYS.index(day) for day in set(entry.days))
        runs: list[list[int]] = []
        for index in indexes:
            if runs and index == runs[-1][-1] + 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        days = []
        for run in runs:
            if len(run) >= 3:
                days.append(f"{names[run[0]]}–{names[run[-1]]}")
            else:
                days += [names[i] for i in run]
        lines.append(f"{format_list(days, locale=locale(lang))}: {hour_range(entry.opens, entry.closes, lang)}")
    return lines
