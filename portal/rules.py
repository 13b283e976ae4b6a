"""Repeat rules (RFC 5545 RRULE) as staff write them: read strictly, expanded within bounds.

A rule is one line of `NAME=VALUE` parts joined by `;`. Everything else is refused, because it
would mean different things to different readers: a second rule after a space (dateutil reads
one of them, the feed's calendar app the other), a rule finer than daily (a portal event
happens at most once a day; `FREQ=MINUTELY` without an end is half a million dates a year),
a COUNT in the millions. Expansion is always bounded, by a date and by a number of dates, so
that no rule, however written, can keep a build busy: a rule that never occurs
(`BYMONTH=2;BYMONTHDAY=31`) would otherwise be searched until the year 9999.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice

from dateutil.rrule import rrule, rrulestr

from portal.messages import _

# The parts RFC 5545 defines, less those that set a time of day (the time comes from `start`).
PARTS = (
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
)
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# More dates than any series on a portal has (ten years of a daily course is 3,650).
MAX_COUNT = 5000
# A rule that has no date in this many years after its start never has one (leap days included:
# 29 February comes back within eight years even across 2100).
SEARCH_YEARS = 8
# Dates and times anywhere in content: beyond these, a year is a typo.
FIRST_YEAR, LAST_YEAR = 1900, 2200

_PART = re.compile(r"^([A-Z]+)=([A-Z0-9,+\-]+)$")
_UNTIL = re.compile(r"^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$")


class RuleError(ValueError):
    """A rule that cannot be published, with the reason in staff's words."""


def rule_parts(text: str) -> dict[str, str]:
    """The parts of a rule, upper-cased, after checking that it is one well-formed rule."""
    text = text.strip()
    upper = text.upper().removeprefix("RRULE:")
    if re.search(r"\s", upper) or "RRULE:" in upper or "DTSTART" in upper:
        raise RuleError(
            _(
                "holds more than one rule, or spaces; write a single rule such as FREQ=WEEKLY;BYDAY=TH;UNTIL=20221231 "
                "(for dates outside the rule, make an event of their own)"
            )
        )
    parts: dict[str, str] = {}
    for part in upper.split(";"):
        match = _PART.match(part)
        if not match:
            raise RuleError(_("'{part}' is not a part of a repeat rule (NAME=VALUE)", part=part))
        name, value = match.groups()
        if name in TIME_PARTS:
            raise RuleError(
                _(
                    "{name} repeats the event several times a day; the time comes from start, and an event repeats "
                    "at most daily",
                    name=name,
                )
            )
        if name not in PARTS:
            raise RuleError(_("{name} is not a part of a repeat rule; use: {parts}", name=name, parts=", ".join(PARTS)))
        if name in parts:
            raise RuleError(_("{name} is given twice", name=name))
        parts[name] = value
    freq = parts.get("FREQ")
    if freq is None:
        raise RuleError(_("has no FREQ; write it like FREQ=WEEKLY;BYDAY=TH"))
    if freq not in FREQUENCIES:
        raise RuleError(
            _(
                "FREQ={freq} is finer than daily; an event repeats at most once a day: use one of {allowed}",
                freq=freq,
                allowed=", ".join(FREQUENCIES),
            )
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError(_("has both COUNT and UNTIL; keep one of them"))
    if "COUNT" in parts and not (parts["COUNT"].isdigit() and 1 <= int(parts["COUNT"]) <= MAX_COUNT):
        raise RuleError(_("COUNT must be a whole number from 1 to {limit}", limit=MAX_COUNT))
    if "INTERVAL" in parts and not (parts["INTERVAL"].isdigit() and 1 <= int(parts["INTERVAL"]) <= 1000):
        raise RuleError(_("INTERVAL must be a whole number from 1 to 1000"))
    if "UNTIL" in parts:
        match = _UNTIL.match(parts["UNTIL"])
        if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            raise RuleError(
                _(
                    "UNTIL={until} is not a date from {first} to {last} written like 20221231",
                    until=parts["UNTIL"],
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )
    return parts


def parse_rule(text: str, start: datetime) -> rrule:
    """The rule as dateutil's rrule from `start` (naive wall-clock time); RuleError if it cannot be."""
    return _parse_rule(text, start)


# Kept: the check, the pages, the feeds and each language's build ask for the same rules again
# (dateutil's parser was a third of validating a recurring event). An rrule is not changed by
# its use (`replace` makes a new one); a rule that cannot be parsed is not kept and fails again.
@lru_cache(maxsize=20_000)
def _parse_rule(text: str, start: datetime) -> rrule:
    rule_parts(text)
    try:
        rule = rrulestr(text.strip().removeprefix("RRULE:").removeprefix("rrule:"), dtstart=start)
    except (ValueError, TypeError, OverflowError) as err:
        raise RuleError(str(err)) from None
    if not isinstance(rule, rrule):  # rrulestr gives an rruleset for several rules, ruled out above
        raise RuleError(_("holds more than one rule"))
    return rule


def expand(rule: rrule, start: datetime, until: datetime, limit: int = MAX_COUNT) -> list[datetime]:
    """The rule's dates from `start` up to `until` (both included), at most `limit` of them.

    The rule is cut at `until` before it is iterated: dateutil's own `between` would search on
    until the year 9999 for a rule without further dates.
    """
    return list(islice(_bounded(rule, until), limit))


def _bounded(rule: rrule, until: datetime) -> Iterator[datetime]:
    own_until = rule._until  # dateutil keeps UNTIL and COUNT only in private fields
    count = rule._count
    cut = until if own_until is None else min(own_until, until)
    if cut < rule._dtstart:
        return iter(())
    bounded = rule.replace(until=cut, count=None)
    return islice(bounded, count) if count else iter(bounded)


def first_date(rule: rrule, start: datetime, text: str | None = None) -> datetime | None:
    """The rule's first date within SEARCH_YEARS of `start`, or None when it has none (it never occurs).

    With the rule's `text`, rules that cannot occur are found without iterating: dateutil checks
    its end only on dates it produces, so a rule without any date runs until the year 9999 (a
    daily one for seconds, a weekly BYSETPOS=3 with one day a week for ten).
    """
    if text is not None and cannot_occur(rule_parts(text), start):
        return None
    return next(iter(expand(rule, start, start + timedelta(days=366 * SEARCH_YEARS), limit=1)), None)


# At most this many candidate days per period, for the range of BYSETPOS and n-th weekdays.
_DAYS_PER_PERIOD = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_WEEKS_PER_PERIOD = {"DAILY": 1, "WEEKLY": 1, "MONTHLY": 5, "YEARLY": 53}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def cannot_occur(parts: dict[str, str], start: datetime) -> bool:
    """Whether the rule has no date at all: its day filters match no day of SEARCH_YEARS, or it
    asks for a position (BYSETPOS, the n-th weekday) beyond what a period holds."""
    freq = parts["FREQ"]

    def numbers(name: str) -> list[int]:
        try:
            return [int(value) for value in parts[name].split(",") if value] if name in parts else []
        except ValueError:
            return []

    weekdays = [value for value in parts.get("BYDAY", "").split(",") if value]
    positions = []
    for value in weekdays:
        prefix = value[:-2]
        if value[-2:] not in _WEEKDAYS or (prefix and not prefix.lstrip("+-").isdigit()):
            return False  # dateutil has refused it already
        positions.append(int(prefix) if prefix else 0)
    if any(abs(n) > _WEEKS_PER_PERIOD[freq] for n in positions):
        return True
    candidates = _DAYS_PER_PERIOD[freq]
    if "BYMONTHDAY" in parts:
        candidates = min(candidates, max(len(numbers("BYMONTHDAY")), 1) * (12 if freq == "YEARLY" else 1))
    if weekdays and freq in ("WEEKLY", "DAILY"):
        candidates = min(candidates, len(weekdays))
    elif weekdays:  # each weekday at most 5 times a month, 53 times a year
        weeks = 5 * len(numbers("BYMONTH")) if freq == "YEARLY" and "BYMONTH" in parts else _WEEKS_PER_PERIOD[freq]
        candidates = min(candidates, len(weekdays) * weeks)
    if any(abs(n) > candidates for n in numbers("BYSETPOS")):
        return True
    months, monthdays, yeardays, weeks = (
        numbers("BYMONTH"),
        numbers("BYMONTHDAY"),
        numbers("BYYEARDAY"),
        numbers("BYWEEKNO"),
    )
    days_of_week = {_WEEKDAYS.index(value[-2:]) for value in weekdays}
    day = start.date()
    for _day_number in range(366 * SEARCH_YEARS):
        if _matches(day, months, monthdays, yeardays, weeks, days_of_week):
            return False
        day += timedelta(days=1)
    return True


def _matches(day: date, months, monthdays, yeardays, weeks, days_of_week) -> bool:
    """Whether `day` passes the rule's plain day filters (a necessary condition for being one of its dates)."""
    if months and day.month not in months:
        return False
    if monthdays:
        length = (date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)).day
        if day.day not in monthdays and day.day - length - 1 not in monthdays:
            return False
    if yeardays:
        number = day.timetuple().tm_yday
        length = 366 if date(day.year, 12, 31).timetuple().tm_yday == 366 else 365
        if number not in yeardays and number - length - 1 not in yeardays:
            return False
    if weeks:
        # Week numbers depend on WKST; a neighbouring week counts too, so this never refuses wrongly.
        week = day.isocalendar()[1]
        if not any(abs(week - abs(w)) <= 1 or abs(w) >= 52 for w in weeks):
            return False
    return not days_of_week or day.weekday() in days_of_week


def series_days(rule: rrule, start: datetime, last: date) -> set[date]:
    """The days of the series from its start up to `last` (for checking the dates it skips)."""
    return {moment.date() for moment in expand(rule, start, datetime.combine(last, time.max))}
