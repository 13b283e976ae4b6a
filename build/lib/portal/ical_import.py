"""`portal import`: events from an iCalendar feed (a city's or chamber's calendar) into content/events/.

Idempotent: every imported file records the feed's UID (`source.uid`), and importing the same
feed again updates that file instead of creating another. Only what the feed says is
overwritten (title, summary and description in the feed's language, dates, place, repeat
rule, status); what staff added (translations, category, audience, project …) stays.
"""

from __future__ import annotations

import re
import textwrap
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import yaml

from portal.messages import _
from portal.model.common import slugify
from portal.site import SiteConfig
from portal.yamlsource import SourceError, read_yaml

# Longest summary taken from a description: the first sentence, if it is short enough.
SUMMARY_LENGTH = 240


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages: what could not be imported and why
    gone: list[str] = field(default_factory=list)  # files whose UID is no longer in the feed


def read_feed(source: str) -> bytes:
    if re.match(r"^https?://", source):
        with urllib.request.urlopen(source, timeout=30) as response:
            return response.read()
    return Path(source).read_bytes()


def import_feed(
    source: str, site: SiteConfig, category: str, language: str | None = None, dry_run: bool = False
) -> ImportReport:
    language = language or site.default_language
    calendar = icalendar.Calendar.from_ical(read_feed(source))
    folder = site.content_dir / "events"
    folder.mkdir(parents=True, exist_ok=True)
    known, feeds = _imported_files(folder, site)
    report = ImportReport()
    masters: dict[str, icalendar.Event] = {}
    overrides: list[icalendar.Event] = []
    for component in calendar.walk("VEVENT"):
        if "UID" not in component or "DTSTART" not in component:
            report.skipped.append(
                _("an event without UID or start ({title}) was left out", title=component.get("SUMMARY", "?"))
            )
            continue
        if "RECURRENCE-ID" in component:
            overrides.append(component)
        else:
            masters.setdefault(str(component["UID"]), component)
    moved: dict[str, list[date]] = {}
    entries: list[tuple[str, icalendar.Event]] = list(masters.items())
    for override in overrides:
        uid = str(override["UID"])
        original = _wall_clock(override["RECURRENCE-ID"].dt, site)[0]
        moved.setdefault(uid, []).append(original.date() if isinstance(original, datetime) else original)
        # A changed single date of a series: the series skips it, and it becomes an event of its own
        # (unless it was only cancelled).
        if str(override.get("STATUS", "")).upper() != "CANCELLED":
            entries.append((f"{uid}#{original:%Y%m%dT%H%M%S}", override))
    seen = set()
    for uid, event in entries:
        seen.add(uid)
        try:
            data = _event_fields(event, site, category, language, moved.get(uid, []))
        except ValueError as err:
            report.skipped.append(f"{event.get('SUMMARY', uid)}: {err}")
            continue
        data["source"] = {"uid": uid, "feed": source}
        path = known.get(uid)
        if path is None:
            path = _new_path(folder, data)
            text = _yaml(data, source, language)
            report.created.append(site.relative(path))
        else:
            text = _yaml(_merge(path, data, language), source, language)
            if path.read_text(encoding="utf-8") == text:
                report.unchanged.append(site.relative(path))
                continue
            report.updated.append(site.relative(path))
        if not dry_run:
            path.write_text(text, encoding="utf-8")
        known[uid] = path
    report.gone = sorted(site.relative(path) for uid, path in known.items() if uid not in seen and feeds[uid] == source)
    return report


def _imported_files(folder: Path, site: SiteConfig) -> tuple[dict[str, Path], dict[str, str]]:
    """The files an import wrote before, by UID, and the feed each came from."""
    paths, feeds = {}, {}
    for path in sorted(folder.glob("*.yml")):
        try:
            data = read_yaml(path, site.relative(path)).data
        except SourceError:
            continue
        origin = (data.get("source") or {}) if isinstance(data, dict) else {}
        if origin.get("uid"):
            paths[str(origin["uid"])] = path
            feeds[str(origin["uid"])] = origin.get("feed")
    return paths, feeds


# --- one VEVENT to the portal's fields -----------------------------------------------------


def _wall_clock(value: date | datetime, site: SiteConfig) -> tuple[date | datetime, str | None]:
    """(local wall-clock date or time, the IANA zone it is in when not the site's)."""
    if not isinstance(value, datetime):
        return value, None
    if value.tzinfo is None:  # floating time: the site's clock
        return value, None
    key = getattr(value.tzinfo, "key", None)
    if key and key != "UTC":
        try:
            ZoneInfo(key)
            return value.replace(tzinfo=None), (None if key == site.timezone else key)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    # UTC or a zone without an IANA name (e.g. Outlook's "W. Europe Standard Time"): site time.
    return value.astimezone(ZoneInfo(site.timezone)).replace(tzinfo=None), None


def _moment(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def _event_fields(event: icalendar.Event, site: SiteConfig, category: str, language: str, skipped: list[date]) -> dict:
    start, zone = _wall_clock(event["DTSTART"].dt, site)
    data: dict[str, Any] = {"title": {language: _clean(event.get("SUMMARY")) or _("(no title)")}}
    data["start"] = _moment(start)
    end = event["DTEND"].dt if "DTEND" in event else None
    if end is None and "DURATION" in event:
        end = event["DTSTART"].dt + event["DURATION"].dt
    if end is not None:
        end, _zone = _wall_clock(end, site)
        if not isinstance(start, datetime):
            end = end - timedelta(days=1)  # iCalendar's all-day end is exclusive; ours is the last day
            if end > start:
                data["end"] = _moment(end)
        elif end > start:
            data["end"] = _moment(end)
    if zone:
        data["timezone"] = zone
    data["category"] = _category(event, site, category)
    description = _clean(event.get("DESCRIPTION"))
    data["summary"] = {language: _summary(description) or data["title"][language]}
    if description and description != data["summary"][language]:
        data["description"] = {language: description}
    location = _clean(event.get("LOCATION"))
    url = str(event.get("URL", "")).strip() or None
    if location:
        data["location"] = {"name": location.split(",")[0].strip(), "address": location}
        if url:
            data["registration"] = {"url": url}
    elif url:
        data["location"] = {"name": "Online", "url": url}
    else:
        raise ValueError(_("has no LOCATION and no URL; add the place in the source calendar"))
    if "RRULE" in event:
        data["recurrence"] = _rule(event, site, zone)
        exceptions = set(skipped)
        for exdate in event.get("EXDATE", []) if isinstance(event.get("EXDATE"), list) else [event.get("EXDATE")]:
            if exdate is None:
                continue
            for item in exdate.dts:
                moment, _z = _wall_clock(item.dt, site)
                exceptions.add(moment.date() if isinstance(moment, datetime) else moment)
        if exceptions:
            data["exceptions"] = sorted(day.isoformat() for day in exceptions)
    status = str(event.get("STATUS", "")).upper()
    data["status"] = {"CANCELLED": "cancelled", "TENTATIVE": "postponed"}.get(status, "scheduled")
    if data["status"] == "scheduled":
        del data["status"]
    return data


def _rule(event: icalendar.Event, site: SiteConfig, zone: str | None) -> str:
    rule = dict(event["RRULE"])
    until = rule.get("UNTIL")
    if until:
        value = until[0]
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(zone or site.timezone)).replace(tzinfo=None)
        rule["UNTIL"] = [value]
    return icalendar.vRecur(rule).to_ical().decode()


def _category(event: icalendar.Event, site: SiteConfig, default: str) -> str:
    """A CATEGORIES entry that names one of the site's categories (by term or label), else the default."""
    names = []
    for entry in (
        event.get("CATEGORIES", []) if isinstance(event.get("CATEGORIES"), list) else [event.get("CATEGORIES")]
    ):
        if entry is not None:
            names += [str(c).strip().casefold() for c in entry.cats]
    for term, labels in site.vocabularies.get("categories", {}).items():
        if term.casefold() in names or any(label.casefold() in names for label in labels.values()):
            return term
    return default


def _clean(value: Any) -> str:
    return str(value).replace("\r\n", "\n").strip() if value is not None else ""


def _summary(description: str) -> str:
    first = description.split("\n\n")[0].replace("\n", " ").strip()
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= SUMMARY_LENGTH else sentence[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


# --- files ---------------------------------------------------------------------------------


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


def _merge(path: Path, data: dict, language: str) -> dict:
    existing = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    merged = dict(existing)
    for name in _FEED_FIELDS:
        if name in data:
            merged[name] = data[name]
        else:
            merged.pop(name, None)
    for name in _FEED_TEXTS:
        texts = existing.get(name)
        texts = dict(texts) if isinstance(texts, dict) else ({language: texts} if texts else {})
        if name in data:
            texts[language] = data[name][language]
        else:
            texts.pop(language, None)
        if texts:
            merged[name] = texts
        else:
            merged.pop(name, None)
    if "registration" in data and "registration" not in existing:
        merged["registration"] = data["registration"]
    order = ["title", "start", "end", "timezone", "category", "summary", "description", "location"]
    return {k: merged[k] for k in order if k in merged} | {k: v for k, v in merged.items() if k not in order}


def _yaml(data: dict, source: str, language: str) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    header = _(
        "Imported from {feed} by `portal import`. Importing the feed again updates the fields that come "
        "from it (title, summary and description in {language}, dates, place, repeat rule, status); "
        "everything else you add here stays.",
        feed=source,
        language=language,
    )
    return "".join(f"# {line}\n" for line in textwrap.wrap(header, 96)) + body
