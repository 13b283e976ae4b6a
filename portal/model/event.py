"""An event: an information session, a consultation hour, a fair, a course …"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule
from pydantic import BeforeValidator, Field, WithJsonSchema

from portal.messages import _
from portal.model.common import (
    ContentModel,
    Day,
    Email,
    LocalizedText,
    Moment,
    Reference,
    SpokenLanguage,
    Timezone,
    Url,
    fail,
    vocabulary,
)
from portal.model.document import Translatable
from portal.rules import RuleError, first_date, parse_rule, rule_parts, series_days


def _rrule_text(value: object) -> str:
    if not isinstance(value, str):
        raise fail(_("must be a repeat rule written as text, like FREQ=WEEKLY;BYDAY=TH;UNTIL=20221231"))
    text = value.strip().removeprefix("RRULE:")
    try:
        rule_parts(text)
        parse_rule(text, datetime(2000, 1, 1))
    except RuleError as err:
        raise fail(
            _(
                "'{text}' is not a valid repeat rule ({error}); write it like FREQ=WEEKLY;BYDAY=TH;UNTIL=20221231",
                text=text,
                error=err,
            )
        ) from None
    return text


RecurrenceRule = Annotated[
    str,
    BeforeValidator(_rrule_text),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^(RRULE:)?FREQ=",
            "description": "An RFC 5545 repeat rule, e.g. FREQ=WEEKLY;BYDAY=TH;UNTIL=20221231",
        }
    ),
]


class Location(ContentModel):
    name: LocalizedText
    address: str | None = Field(None, description="Street, postcode and town; leave out for online events.")
    url: Url | None = Field(None, description="Link to join an online event.")


class Registration(ContentModel):
    url: Url | None = None
    email: Email | None = None
    deadline: Day | None = None


class ImportSource(ContentModel):
    """Where an imported event comes from; written by `portal import`, which matches on the uid."""

    uid: str
    feed: str


class Event(Translatable):
    """One event, or a series of events when it has a recurrence rule."""

    title: LocalizedText
    start: Moment = Field(description="Date (all day) or date and time, wall-clock in the event's timezone.")
    end: Moment | None = Field(None, description="Same form as start; for all-day events the last day.")
    timezone: Timezone | None = Field(None, description="IANA timezone; the site's default when left out.")
    category: vocabulary("categories")  # type: ignore[valid-type]
    summary: LocalizedText
    description: LocalizedText | None = Field(None, description="Markdown.")
    location: Location
    audience: list[vocabulary("audiences")] = []  # type: ignore[valid-type]
    languages: list[SpokenLanguage] = Field([], description="Languages spoken at the event.")
    organizer: Reference("partners") | None = Field(None, description="A partner's file name, e.g. hwk-leipzig.")
    project: Reference("projects") | None = Field(None, description="A project's file name, e.g. resque-continued.")
    guidance: list[Reference("guidance")] = Field(
        [], description="Guidance topics the event is about; their pages list it."
    )
    registration: Registration | None = None
    recurrence: RecurrenceRule | None = None
    exceptions: list[Day] = Field([], description="Dates on which a recurring event does not take place.")
    status: Literal["scheduled", "cancelled", "postponed"] = "scheduled"
    report: LocalizedText | None = Field(None, description="Markdown: a short review after the event.")
    source: ImportSource | None = Field(None, description="Set by portal import; leave as it is.")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def zone(self, default: str) -> ZoneInfo:
        return ZoneInfo(self.timezone or default)

    @property
    def duration(self) -> timedelta:
        """Length of one occurrence; all-day events count whole days, the last day included."""
        if self.end is None:
            return timedelta(days=1) if self.all_day else timedelta(0)
        if self.all_day:
            return self.end - self.start + timedelta(days=1)
        return self.end - self.start

    @property
    def first_start(self) -> datetime:
        return self.start if isinstance(self.start, datetime) else datetime.combine(self.start, time())

    def rule(self) -> rrule | None:
        if not self.recurrence:
            return None
        return parse_rule(self.recurrence, self.first_start)

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        # A field may be None here although required: `portal check` also runs these checks on
        # what is valid of a file with wrong fields (the wrong ones left out).
        problems: list[tuple[tuple, str]] = []
        if self.end is not None and self.start is not None:
            if isinstance(self.start, datetime) != isinstance(self.end, datetime):
                problems.append((("end",), _("start and end must both be dates (all day) or both dates with a time")))
            elif self.end < self.start:
                problems.append(
                    (("end",), _("{end} is before the start, {start}", end=_show(self.end), start=_show(self.start)))
                )
        if self.location is not None and not self.location.address and not self.location.url:
            problems.append((("location",), _("needs an address, or a url for an online event")))
        if self.registration and not (self.registration.url or self.registration.email):
            problems.append((("registration",), _("needs a url or an email where people register")))
        if self.exceptions and not self.recurrence:
            problems.append((("exceptions",), _("only makes sense for a recurring event (add a recurrence rule)")))
        if self.registration and self.registration.deadline and self.start is not None:
            last = self._last_day()
            if last is not None and self.registration.deadline > last:
                problems.append(
                    (
                        ("registration", "deadline"),
                        _(
                            "{deadline} is after the event ({last}); registration must close before it",
                            deadline=self.registration.deadline.isoformat(),
                            last=last.isoformat(),
                        ),
                    )
                )
        if self.recurrence and self.start is not None:
            problems += self._rule_problems()
        return problems

    def _last_day(self) -> date | None:
        """The last day of the event or series (None for a series without an end)."""
        if not self.recurrence:
            end = self.end if self.end is not None else self.start
            return end.date() if isinstance(end, datetime) else end
        parts = rule_parts(self.recurrence)
        if "UNTIL" in parts:
            until = parts["UNTIL"]
            return date(int(until[:4]), int(until[4:6]), int(until[6:8]))
        return None

    def _rule_problems(self) -> list[tuple[tuple, str]]:
        try:
            rule = self.rule()
            first = first_date(rule, self.first_start, self.recurrence)
        except (RuleError, ValueError, TypeError, OverflowError) as err:
            return [(("recurrence",), _("cannot be combined with the start date ({error})", error=err))]
        if first is None:
            return [
                (
                    ("recurrence",),
                    _("has no date in the {years} years after the start; check the days and months it names", years=8),
                )
            ]
        problems = []
        if self.exceptions:
            days = series_days(rule, self.first_start, max(self.exceptions)) | {self.first_start.date()}
            for index, day in enumerate(self.exceptions):
                if day not in days:
                    problems.append(
                        (
                            ("exceptions", index),
                            _(
                                "{day} is not a date of the series; list only dates on which it would take place",
                                day=day.isoformat(),
                            ),
                        )
                    )
        return problems


def _show(moment: date | datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else moment.isoformat()
