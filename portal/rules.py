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


def first_date(rule: rrule, start: datetime) -> datetime | None:
    """The rule's first date within SEARCH_YEARS of `start`, or None when it has none (it never occurs)."""
    return next(iter(expand(rule, start, start + timedelta(days=366 * SEARCH_YEARS), limit=1)), None)


def series_days(rule: rrule, start: datetime, last: date) -> set[date]:
    """The days of the series from its start up to `last` (for checking the dates it skips)."""
    return {moment.date() for moment in expand(rule, start, datetime.combine(last, time.max))}
