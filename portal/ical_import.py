"""`portal import`: events from an iCalendar feed (a city's or chamber's calendar) into content/events/.

Idempotent: every imported file records the feed's UID (`source.uid`), and importing the same
feed again updates that file instead of creating another. Only what the feed says is
overwritten (title, summary and description in the feed's language, dates, place, repeat
rule, status); what staff added (translations, category, audience, project, comments …) stays:
files are rewritten with ruamel.yaml, which keeps comments, order and quoting.

Real-world feeds are messy, so every event is taken on its own: what one event gets wrong
(a value list where one value belongs, a date mixed with a date-time, a rule finer than
daily) leaves that event out, with the reason, and never stops the import. Whatever is
written passes `portal check`: each event is validated with the content model first.

Series are taken as calendar apps show them: the highest SEQUENCE of a UID wins; a date moved
or edited (RECURRENCE-ID) is skipped by the series and becomes an event of its own; an RDATE
(an extra date of the series) becomes an event of its own too, unless the rule has it anyway.
"""

from __future__ import annotations

import io
import re
import textwrap
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from portal.messages import _
from portal.model import Event
from portal.model.common import slugify
from portal.rules import RuleError, expand, parse_rule
from portal.site import SiteConfig, is_timezone
from portal.urls import is_web_address
from portal.yamlsource import SourceError, read_yaml

# Longest summary taken from a description: the first sentence, if it is short enough.
SUMMARY_LENGTH = 240


class FeedError(ValueError):
    """The feed as a whole cannot be read."""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages: what could not be imported and why
    skipped_uids: set[str] = field(default_factory=set)  # the feed's UIDs of what was left out
    gone: list[str] = field(default_factory=list)  # files whose UID is no longer in the feed


class Skip(Exception):
    """This event cannot be imported; the message says why, in staff's words."""


def read_feed(source: str) -> bytes:
    if re.match(r"^https?://", source):
        with urllib.request.urlopen(source, timeout=30) as response:
            return response.read()
    return Path(source).read_bytes()


def parse_feed(data: bytes) -> list[icalendar.Calendar]:
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as err:
        raise FeedError(_("it is not an iCalendar file that can be read ({error})", error=err)) from None
    if not calendars:
        raise FeedError(_("it holds no calendar (no BEGIN:VCALENDAR)"))
    return calendars


def import_feed(
    source: str, site: SiteConfig, category: str, language: str | None = None, dry_run: bool = False
) -> ImportReport:
    language = language or site.default_language
    calendars = parse_feed(read_feed(source))
    folder = site.content_dir / "events"
    if not dry_run:
        folder.mkdir(parents=True, exist_ok=True)
    known, feeds = _imported_files(folder, site)
    report = ImportReport()
    entries = _entries(calendars, site, report)
    seen = set()
    for key, uid, event, extra in entries:
        seen.add(key)
        try:
            data = _event_fields(event, site, category, language, **extra)
            data["source"] = {"uid": key, "feed": source}
            _validate(data, site)
        except Skip as err:
            _skip(report, event, uid, str(err))
            continue
        except Exception as err:  # noqa: BLE001 - a feed can hold anything; one event never stops the import
            _skip(report, event, uid, _("cannot be read ({error})", error=f"{type(err).__name__}: {err}"))
            continue
        path = known.get(key)
        if path is None:
            path = _new_path(folder, data)
            text = _new_file(data, source, language)
            report.created.append(site.relative(path))
        else:
            text = _merged_file(path, data, language)
            if path.read_text(encoding="utf-8") == text:
                report.unchanged.append(site.relative(path))
                continue
            report.updated.append(site.relative(path))
        if not dry_run:
            path.write_text(text, encoding="utf-8")
        known[key] = path
    report.gone = sorted(site.relative(path) for uid, path in known.items() if uid not in seen and feeds[uid] == source)
    return report


def _skip(report: ImportReport, event: icalendar.Event, uid: str, reason: str) -> None:
    title = _clean(_one(event, "SUMMARY")) or uid
    report.skipped.append(f"{title}: {reason}")
    report.skipped_uids.add(uid)


def _entries(calendars: list[icalendar.Calendar], site: SiteConfig, report: ImportReport) -> list:
    """(file key, feed UID, VEVENT, extra fields) for every event to write, series first."""
    masters: dict[str, icalendar.Event] = {}
    overrides: dict[tuple[str, str], icalendar.Event] = {}
    for component in (c for calendar in calendars for c in calendar.walk("VEVENT")):
        uid = _clean(_one(component, "UID"))
        broken = _broken_dates(component)
        if uid and broken:
            _skip(report, component, uid, broken)
            continue
        if not uid or _one(component, "DTSTART") is None:
            report.skipped.append(
                _(
                    "an event without UID or start ({title}) was left out",
                    title=_clean(_one(component, "SUMMARY")) or "?",
                )
            )
            continue
        recurrence_id = _one(component, "RECURRENCE-ID")
        if recurrence_id is None:
            if uid not in masters or _sequence(component) > _sequence(masters[uid]):
                masters[uid] = component  # a later version of the same event (SEQUENCE) replaces it
            continue
        key = (uid, _stamp(recurrence_id.dt, site))
        if key not in overrides or _sequence(component) > _sequence(overrides[key]):
            overrides[key] = component
    entries: list = []
    skipped_days: dict[str, list[date]] = {}
    for (uid, stamp), override in sorted(overrides.items()):
        recurrence_id = _one(override, "RECURRENCE-ID")
        if str(recurrence_id.params.get("RANGE", "")).upper() == "THISANDFUTURE":
            _skip(
                report,
                masters.get(uid, override),
                uid,
                _("changes a date and all later ones (RANGE=THISANDFUTURE); split the series in the source calendar"),
            )
            masters.pop(uid, None)
            continue
        master = masters.get(uid)
        if master is not None:
            skipped_days.setdefault(uid, []).append(_series_day(master, recurrence_id.dt, site))
            if _deleted(master, recurrence_id.dt, site):
                continue  # a later version of the series removed the date that was changed
            if _sequence(override) < _sequence(master) and not _in_series(master, recurrence_id.dt, site):
                continue  # a change to a date that a later version of the series no longer has
        # A changed single date of a series: the series skips it, and it becomes an event of its
        # own; a cancelled one too, so that readers see "cancelled" on that date instead of nothing.
        entries.append((f"{uid}#{stamp}", uid, override, {}))
    series = []
    for uid, master in masters.items():
        series.append((uid, uid, master, {"skipped": skipped_days.get(uid, [])}))
        try:
            extra = _extra_dates(master, site)
        except Exception as err:  # noqa: BLE001 - a broken RDATE leaves out that date, with the reason
            _skip(report, master, uid, _("an extra date (RDATE) cannot be read ({error})", error=err))
            continue
        replaced = {_instant(_one(o, "RECURRENCE-ID").dt) for (other, _stamp_), o in overrides.items() if other == uid}
        for moment in extra:
            if _instant(moment) in replaced:  # an extra date that was moved or edited itself
                continue
            series.append((f"{uid}#rdate-{_stamp(moment, site)}", uid, master, {"moved_to": moment}))
    return series + entries


_DATE_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "EXDATE", "RDATE", "RRULE")
# Given twice, these leave the event's time open: which one a calendar app takes is anyone's guess.
_ONCE = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")


def _broken_dates(component: icalendar.Event) -> str | None:
    """Why the event's dates cannot be read (a value that is no date, a time without a day), or None."""
    for name in _DATE_PROPERTIES:
        if name in _ONCE and len(_all(component, name)) > 1:
            return _("{name} is given more than once; the source calendar must give one", name=name)
        for value in _all(component, name):
            try:
                if name == "RRULE":
                    dict(value)
                    continue
                moments = [item.dt for item in value.dts] if hasattr(value, "dts") else [value.dt]
            except Exception as err:  # noqa: BLE001 - icalendar raises many kinds for broken values
                return _("{name} cannot be read ({error})", name=name, error=err)
            for moment in moments:
                if isinstance(moment, tuple):
                    moment = moment[0]
                if name != "DURATION" and not isinstance(moment, date):
                    return _("{name} is not a date or a date with a time", name=name)
    return None


def _deleted(master: icalendar.Event, moment: date | datetime, site: SiteConfig) -> bool:
    """Whether the series' EXDATEs remove the date `moment` (a RECURRENCE-ID) altogether."""
    start = _one(master, "DTSTART").dt
    local = _series_clock(_as_kind_of(moment, start), start, site)
    return any(
        _series_clock(_as_kind_of(item.dt, start), start, site) == local
        for exdate in _all(master, "EXDATE")
        for item in getattr(exdate, "dts", [])
    )


def _in_series(master: icalendar.Event, moment: date | datetime, site: SiteConfig) -> bool:
    """Whether `moment` (a RECURRENCE-ID) is one of the dates of the series `master`."""
    start = _one(master, "DTSTART").dt
    local = _series_clock(_as_kind_of(moment, start), start, site)
    first = _series_clock(start, start, site)
    if local == first:
        return True
    if not _is_series(master):
        return False
    try:
        begin = first if isinstance(first, datetime) else datetime.combine(first, time())
        rule = parse_rule(_rule(master, site, _wall_clock(start, site, keep_utc=True)[1]), begin)
        end = local if isinstance(local, datetime) else datetime.combine(local, time.max)
        found = expand(rule, begin, end)
    except (RuleError, ValueError, TypeError, Skip):
        return True  # cannot tell: keep the change
    return local in (found if isinstance(local, datetime) else {m.date() for m in found})


def _sequence(component: icalendar.Event) -> int:
    try:
        return int(_one(component, "SEQUENCE") or 0)
    except (TypeError, ValueError):
        return 0


def _stamp(moment: date | datetime, site: SiteConfig) -> str:
    """A date's part of a file key: the site's wall-clock time (as the first imports wrote it)."""
    return f"{_wall_clock(moment, site)[0]:%Y%m%dT%H%M%S}"


def _instant(moment: date | datetime) -> date | datetime:
    """The moment for comparing: a zoned time in UTC, a floating time or a date as it is."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _one(component: icalendar.Component, name: str) -> Any:
    """The property's value; the first, when a feed gives it more than once."""
    value = component.get(name)
    return value[0] if isinstance(value, list) and value else (None if isinstance(value, list) else value)


def _all(component: icalendar.Component, name: str) -> list:
    value = component.get(name)
    return value if isinstance(value, list) else ([] if value is None else [value])


# --- one VEVENT to the portal's fields -----------------------------------------------------


def _zone_name(value: datetime) -> str | None:
    key = getattr(value.tzinfo, "key", None) or getattr(value.tzinfo, "zone", None)
    return key if isinstance(key, str) and is_timezone(key) else None


def _wall_clock(value: date | datetime, site: SiteConfig, keep_utc: bool = False) -> tuple[date | datetime, str | None]:
    """(local wall-clock date or time, the IANA zone it is in when not the site's).

    UTC and zones without an IANA name (Outlook's "W. Europe Standard Time") become the site's
    wall clock; a series in UTC (`keep_utc`) stays in UTC, so that its dates stay the same instants.
    """
    if not isinstance(value, datetime):
        return value, None
    if value.tzinfo is None:  # floating time: the site's clock
        return value, None
    key = _zone_name(value)
    if key and key != "UTC":
        return value.replace(tzinfo=None), (None if key == site.timezone else key)
    if keep_utc and value.utcoffset() == timedelta(0):
        return value.astimezone(UTC).replace(tzinfo=None), "UTC"
    return value.astimezone(ZoneInfo(site.timezone)).replace(tzinfo=None), None


def _moment(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")


def _as_kind_of(value: date | datetime, start: date | datetime) -> date | datetime:
    """`value` as the same kind as `start`: feeds mix dates and date-times in one event."""
    if isinstance(start, datetime) and not isinstance(value, datetime):
        return datetime.combine(value, start.time(), start.tzinfo)
    if not isinstance(start, datetime) and isinstance(value, datetime):
        return value.date()
    return value


def _series_day(master: icalendar.Event, moment: date | datetime, site: SiteConfig) -> date | None:
    """The day of the series that `moment` (a RECURRENCE-ID) replaces, in the series' own clock."""
    start = _one(master, "DTSTART").dt
    moment = _as_kind_of(moment, start)
    if isinstance(moment, datetime) and isinstance(start, datetime) and moment.tzinfo and start.tzinfo:
        moment = moment.astimezone(start.tzinfo)
    local, _zone = _wall_clock(moment, site, keep_utc=_is_series(master))
    return local.date() if isinstance(local, datetime) else local


def _is_series(event: icalendar.Event) -> bool:
    return bool(_all(event, "RRULE"))


def _extra_dates(master: icalendar.Event, site: SiteConfig) -> list[date | datetime]:
    """The RDATEs of a series that its rule does not give anyway (each becomes an event of its own)."""
    start = _one(master, "DTSTART").dt
    extra = []
    for rdate in _all(master, "RDATE"):
        for item in getattr(rdate, "dts", []):
            value = item.dt
            if isinstance(value, tuple):  # a PERIOD: its start
                value = value[0]
            extra.append(_as_kind_of(value, start))
    if not extra:
        return []
    rule_moments: set = set()
    if _is_series(master):
        try:
            local_start = _series_clock(start, start, site)
            first = local_start if isinstance(local_start, datetime) else datetime.combine(local_start, time())
            rule = parse_rule(_rule(master, site, _wall_clock(start, site, keep_utc=True)[1]), first)
            last = max(_series_clock(v, start, site) for v in extra)
            last = last if isinstance(last, datetime) else datetime.combine(last, time.max)
            rule_moments = set(expand(rule, first, last)) | {first}
            if not isinstance(local_start, datetime):
                rule_moments = {m.date() for m in rule_moments}
        except (RuleError, ValueError, TypeError, Skip):
            rule_moments = set()
    excluded = {
        _series_clock(_as_kind_of(item.dt, start), start, site)
        for exdate in _all(master, "EXDATE")
        for item in getattr(exdate, "dts", [])
    }
    found, seen = [], set()
    for value in sorted(extra, key=lambda v: _stamp(v, site)):
        local = _series_clock(value, start, site)
        if local in rule_moments or local in seen or local in excluded:  # the rule has that date anyway
            continue
        seen.add(local)
        found.append(value)
    return found


def _series_clock(value: date | datetime, start: date | datetime, site: SiteConfig) -> date | datetime:
    """`value` on the wall clock of a series that starts at `start` (the clock its rule runs on)."""
    if isinstance(value, datetime) and isinstance(start, datetime) and value.tzinfo and start.tzinfo:
        value = value.astimezone(start.tzinfo)
    return _wall_clock(value, site, keep_utc=True)[0]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _event_fields(
    event: icalendar.Event,
    site: SiteConfig,
    category: str,
    language: str,
    skipped: list[date] | None = None,
    moved_to: date | datetime | None = None,
) -> dict:
    dtstart = _one(event, "DTSTART").dt
    # A moved date (RECURRENCE-ID) is one date, even where a feed copies the series' rule into it.
    series = _is_series(event) and moved_to is None and _one(event, "RECURRENCE-ID") is None
    start_value = moved_to if moved_to is not None else dtstart
    start, zone = _wall_clock(start_value, site, keep_utc=series)
    data: dict[str, Any] = {"title": {language: _clean(_one(event, "SUMMARY")) or _("(no title)")}}
    data["start"] = _moment(start)
    end = _one(event, "DTEND")
    end = end.dt if end is not None else None
    if end is None and _one(event, "DURATION") is not None:
        end = dtstart + _one(event, "DURATION").dt
    if end is not None:
        end = _as_kind_of(end, dtstart)
        if end < dtstart:  # start and end swapped in the feed: calendar apps take the earlier as the start
            dtstart, end = end, dtstart
            if moved_to is None:
                start, zone = _wall_clock(dtstart, site, keep_utc=series)
                data["start"] = _moment(start)
        if moved_to is not None:  # an extra date of a series lasts as long as the series' dates
            end = _as_kind_of(moved_to, dtstart) + (end - dtstart)
        if isinstance(end, datetime) and isinstance(start_value, datetime) and end.tzinfo and start_value.tzinfo:
            end = end.astimezone(start_value.tzinfo)
        end, _zone = _wall_clock(end, site, keep_utc=series)
        if not isinstance(start, datetime):
            end = end - timedelta(days=1)  # iCalendar's all-day end is exclusive; ours is the last day
            if end > start:
                data["end"] = _moment(end)
        elif end > start:
            data["end"] = _moment(end)
    if zone:
        data["timezone"] = zone
    data["category"] = _category(event, site, category)
    description = _clean(_one(event, "DESCRIPTION"))
    data["summary"] = {language: _summary(description) or data["title"][language]}
    if description and description != data["summary"][language]:
        data["description"] = {language: description}
    location = _clean(_one(event, "LOCATION"))
    url = _clean(_one(event, "URL")) or None
    if url and not is_web_address(url):
        url = None  # a relative or broken address leads nowhere from the portal
    if location:
        data["location"] = {"name": location.split(",")[0].strip() or location, "address": location}
        if url:
            data["registration"] = {"url": url}
    elif url:
        data["location"] = {"name": "Online", "url": url}
    else:
        raise Skip(_("has no LOCATION and no URL; add the place in the source calendar"))
    if series:
        data["recurrence"] = _rule(event, site, zone)
        exceptions = set(skipped or [])
        for exdate in _all(event, "EXDATE"):
            for item in getattr(exdate, "dts", []):
                moment = _as_kind_of(item.dt, dtstart)
                if isinstance(moment, datetime) and isinstance(dtstart, datetime) and moment.tzinfo and dtstart.tzinfo:
                    moment = moment.astimezone(dtstart.tzinfo)
                moment, _z = _wall_clock(moment, site, keep_utc=True)
                exceptions.add(moment.date() if isinstance(moment, datetime) else moment)
        days = _series_days(data, start, exceptions)
        exceptions = sorted(day for day in exceptions if day in days)
        if exceptions:
            data["exceptions"] = [day.isoformat() for day in exceptions]
    status = str(_one(event, "STATUS") or "").upper()
    data["status"] = {"CANCELLED": "cancelled", "TENTATIVE": "postponed"}.get(status, "scheduled")
    if data["status"] == "scheduled":
        del data["status"]
    return data


def _series_days(data: dict, start: date | datetime, exceptions: set[date]) -> set[date]:
    """The days of the series up to its last exception: only those can be exceptions."""
    if not exceptions:
        return set()
    first = start if isinstance(start, datetime) else datetime.combine(start, time())
    try:
        rule = parse_rule(data["recurrence"], first)
    except RuleError:
        return set()
    return {m.date() for m in expand(rule, first, datetime.combine(max(exceptions), time.max))} | {first.date()}


def _rule(event: icalendar.Event, site: SiteConfig, zone: str | None) -> str:
    rules = _all(event, "RRULE")
    if len(rules) > 1:
        raise Skip(_("has more than one repeat rule (RRULE); the portal takes one per event"))
    rule = {name: list(value) if isinstance(value, list) else [value] for name, value in dict(rules[0]).items()}
    if not rule:
        raise Skip(_("has an empty repeat rule (RRULE)"))
    until = rule.get("UNTIL")
    if until:
        value = until[0]
        start = _one(event, "DTSTART").dt
        if not isinstance(start, datetime) and isinstance(value, datetime):
            # An all-day series with an UNTIL time (Outlook): the day it falls on in UTC, as calendar apps read it.
            value = (value.astimezone(UTC) if value.tzinfo else value).date()
        elif isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(zone or site.timezone)).replace(tzinfo=None)
        rule["UNTIL"] = [value]
    return icalendar.vRecur(rule).to_ical().decode()


def _validate(data: dict, site: SiteConfig) -> None:
    """Raise Skip with `portal check`'s own message when the event would not pass it."""
    try:
        event = Event.model_validate(data, context={"site": site})
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise Skip(_("{field}: {message}", field=where, message=first["msg"])) from None
    problems = [(loc, message) for loc, message in event.cross_field_problems()]
    problems += [(loc, message) for loc, message, level in event.site_problems(site) if level == "error"]
    if problems:
        loc, message = problems[0]
        raise Skip(_("{field}: {message}", field=".".join(str(part) for part in loc), message=message))


def _category(event: icalendar.Event, site: SiteConfig, default: str) -> str:
    """A CATEGORIES entry that names one of the site's categories (by term or label), else the default."""
    names = []
    for entry in _all(event, "CATEGORIES"):
        names += [str(c).strip().casefold() for c in getattr(entry, "cats", [entry])]
    for term, labels in site.vocabularies.get("categories", {}).items():
        if term.casefold() in names or any(label.casefold() in names for label in labels.values()):
            return term
    return default


# Characters a content file refuses (portal.yamlsource): line breaks and tabs become spaces or
# line feeds, the rest goes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def _clean(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _CONTROL.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n")).strip()


def _summary(description: str) -> str:
    first = description.split("\n\n")[0].replace("\n", " ").strip()
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= SUMMARY_LENGTH else sentence[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


# --- files ---------------------------------------------------------------------------------


def _imported_files(folder: Path, site: SiteConfig) -> tuple[dict[str, Path], dict[str, str]]:
    """The files an import wrote before, by UID, and the feed each came from."""
    paths, feeds = {}, {}
    for path in sorted(folder.glob("*.yml")):
        try:
            data = read_yaml(path, site.relative(path)).data
        except SourceError:
            continue
        origin = (data.get("source") or {}) if isinstance(data, dict) else {}
        if isinstance(origin, dict) and origin.get("uid"):
            paths[str(origin["uid"])] = path
            feeds[str(origin["uid"])] = origin.get("feed")
    return paths, feeds


def _new_path(folder: Path, data: dict) -> Path:
    title = next(iter(data["title"].values()))
    base = f"{data['start'][:10]}-{slugify(title)}"
    path, number = folder / f"{base}.yml", 2
    while path.exists():
        path, number = folder / f"{base}-{number}.yml", number + 1
    return path


# Fields the feed owns; text fields only in the feed's language.
_FEED_FIELDS = ("start", "end", "timezone", "location", "recurrence", "exceptions", "status", "source")
_FEED_TEXTS = ("title", "summary", "description")
_ORDER = ["title", "start", "end", "timezone", "category", "summary", "description", "location"]


def _round_trip() -> YAML:
    yaml = YAML()  # round-trip: comments, order and quotes of the file stay
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def _dump(data: Any) -> str:
    stream = io.StringIO()
    _round_trip().dump(data, stream)
    return stream.getvalue()


def _new_file(data: dict, source: str, language: str) -> str:
    header = _(
        "Imported from {feed} by `portal import`. Importing the feed again updates the fields that come "
        "from it (title, summary and description in {language}, dates, place, repeat rule, status); "
        "everything else you add here stays.",
        feed=source,
        language=language,
    )
    ordered = {k: data[k] for k in _ORDER if k in data} | {k: v for k, v in data.items() if k not in _ORDER}
    return "".join(f"# {line}\n" for line in textwrap.wrap(header, 96)) + _dump(ordered)


def _merged_file(path: Path, data: dict, language: str) -> str:
    """The file at `path` with the feed's fields replaced, everything staff wrote (and commented) kept."""
    text = path.read_text(encoding="utf-8")
    try:
        existing = _round_trip().load(text)
    except YAMLError:
        existing = None
    if not isinstance(existing, CommentedMap):
        existing = CommentedMap()
    for name in _FEED_FIELDS:
        if name in data:
            if existing.get(name) != data[name]:
                existing[name] = data[name]
        else:
            existing.pop(name, None)
    for name in _FEED_TEXTS:
        texts = existing.get(name)
        if not isinstance(texts, dict):
            texts = {language: texts} if texts else {}
        if name in data:
            texts[language] = data[name][language]
        else:
            texts.pop(language, None)
        if texts:
            existing[name] = texts
        else:
            existing.pop(name, None)
    if "registration" in data and "registration" not in existing:
        existing["registration"] = data["registration"]
    for index, name in enumerate(k for k in _ORDER if k in existing):
        if list(existing).index(name) != index:  # a field the feed added: put it where it belongs
            value = existing.pop(name)
            existing.insert(index, name, value)
    return _dump(existing)
