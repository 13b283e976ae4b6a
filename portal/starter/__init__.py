"""`portal init`: a new, complete portal in a folder, ready for `portal serve` and `portal check`.

The new site gets only what it is meant to edit: its settings (`mkdocs.yml`,
`content/site.yml` with the vocabularies in its languages), one example of every content
kind, the imprint, privacy and accessibility pages to complete, the CI workflows, the editor
settings, a README for staff and an empty `overrides/` with instructions. The kit's
templates, styles, scripts and interface strings stay in the installed package, so
`pip install --upgrade portal-kit` updates them.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from portal import __version__
from portal.messages import _
from portal.model.common import slugify
from portal.site import is_timezone, today_in
from portal.strings import kit_languages

STARTER = Path(__file__).parent / "site"
VOCABULARIES = Path(__file__).parent / "vocabularies.yml"

# The names the language switcher shows, each in its own language.
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "uk": "Українська",
    "ru": "Русский",
    "tr": "Türkçe",
    "fr": "Français",
    "ps": "پښتو",
    "ls": "Leichte Sprache",  # easy German (portal/language_variants.py)
}
RENAMED = {"gitignore": ".gitignore"}  # files a package cannot ship under their real name


class InitError(ValueError):
    """A value for the new portal that cannot work; the message says what to give instead."""


@dataclass
class NewPortal:
    name: str
    languages: list[str] = field(default_factory=lambda: ["de", "en"])
    timezone: str = "Europe/Berlin"
    email: str = ""
    phone: str = ""
    url: str = ""
    region: str = ""
    today: date | None = None  # the day in `timezone` (PORTAL_TODAY pins it), as `portal check` sees it

    def __post_init__(self) -> None:
        # Not the machine's date: a consent or review dated by a clock in another timezone, or
        # ahead of a pinned day, would be "in the future" for the new portal's first check.
        if self.today is None:  # with a timezone the site would refuse, check() says so first
            self.today = today_in(self.timezone if is_timezone(self.timezone) else "UTC")

    def check(self) -> None:
        if not self.name.strip():
            raise InitError(_("the network's name is missing"))
        known = kit_languages()
        unknown = [code for code in self.languages if code not in known]
        if unknown:
            raise InitError(
                _(
                    "the kit has no interface in {unknown}; choose from: {known} (a site can add a language later)",
                    unknown=", ".join(unknown),
                    known=", ".join(known),
                )
            )
        if "de" not in self.languages:
            raise InitError(_("German (de) must be one of the languages: it is the language of the originals"))
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as "Europe"
            raise InitError(
                _("{value!r} is not a known timezone; use an IANA name such as Europe/Berlin", value=self.timezone)
            ) from None
        if self.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.email):
            raise InitError(_("{value!r} is not an e-mail address like name@example.org", value=self.email))
        if self.url and urlsplit(self.url).scheme not in ("http", "https"):
            raise InitError(
                _("{value!r} is not a web address; write it in full, starting with https://", value=self.url)
            )


def create_portal(folder: Path, portal: NewPortal) -> list[Path]:
    """Write the new portal into `folder` (new or empty); returns the files written."""
    portal.check()
    if folder.exists() and any(folder.iterdir()):
        raise InitError(_("{folder} is not empty; choose a new folder", folder=folder))
    values = _values(portal)
    env = Environment(
        loader=FileSystemLoader(STARTER),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML and Markdown, not HTML; values go through the yaml filter
    )
    env.filters["yaml"] = _yaml_scalar
    written = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        relative = source.relative_to(STARTER).as_posix()
        name = RENAMED.get(relative, relative).removesuffix(".j2")
        name = name.replace("EVENT_DATE", values["event_day"]).replace("NEWS_DATE", values["today"].isoformat())
        language = name.removesuffix(".md").rpartition(".")[2] if name.endswith(".md") else None
        if language in LANGUAGE_NAMES and language not in portal.languages:
            continue  # a translation into a language the site does not have
        text = (
            env.get_template(relative).render(**values)
            if relative.endswith(".j2")
            else source.read_text(encoding="utf-8")
        )
        if relative.startswith("content/"):
            text = _only_languages(text, portal.languages)
        written.append(_write(folder / name, text))
    written += _editor_settings(folder)
    return written


def _values(portal: NewPortal) -> dict:
    major = int(__version__.split(".")[0])
    url = portal.url or f"https://{slugify(portal.name)}.example.org/"
    region = portal.region or portal.name
    event_day = portal.today + timedelta(days=14)
    return {
        "name": portal.name.strip(),
        "languages": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "default": code == "de"}
            for code in ["de", *[c for c in portal.languages if c != "de"]]
        ],
        "codes": portal.languages,
        "default_language": "de",
        "timezone": portal.timezone,
        "email": portal.email,
        "phone": portal.phone,
        "url": url if url.endswith("/") else url + "/",
        "url_is_real": bool(portal.url),
        "domain": urlsplit(url).hostname or "portal.invalid",
        "region": region,
        "region_term": slugify(region) or "region",
        "address": f"Musterstraße 1, 00000 {region}",
        "vocabularies": _vocabularies(portal.languages, region),
        "today": portal.today,
        "event_day": event_day.isoformat(),
        "kit_version": __version__,
        "next_major": f"{major + 1}" if major else "1",
    }


def _vocabularies(languages: list[str], region: str) -> str:
    kit = yaml.safe_load(VOCABULARIES.read_text(encoding="utf-8"))
    chosen = {
        # Easy German has no labels of its own yet: it shows the German ones (its fallback).
        name: {term: {code: labels[code] for code in languages if code in labels} for term, labels in terms.items()}
        for name, terms in kit.items()
    }
    # Regions are the network's own: one to start with, named after its place.
    chosen["regions"] = {slugify(region) or "region": {code: region for code in languages}}
    text = yaml.safe_dump(chosen, allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join("  " + line for line in text.splitlines())


def _only_languages(text: str, languages: list[str]) -> str:
    """The example texts in the site's languages only (a text in another language is a mistake)."""
    kept = []
    for line in text.splitlines():
        match = re.match(r"^\s+([a-z]{2}): ", line)
        if match and match.group(1) in LANGUAGE_NAMES and match.group(1) not in languages:
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def _editor_settings(folder: Path) -> list[Path]:
    """The JSON Schemas and VS Code's mapping of them to the YAML content folders; translations marked current."""
    from portal.schema import write_schemas
    from portal.site import load_site
    from portal.translations import mark_current

    site = load_site(folder / "mkdocs.yml")
    # The starter's translations match their originals: record it, as staff would after translating
    # (the machine-made home pages keep their label).
    for translation in sorted(folder.glob("docs/**/*.*.md")):
        mark_current(translation, site)
    others = [code for code in site.language_codes if code != site.default_language]
    for data in [folder / "content" / "site.yml", *sorted(folder.glob("content/*/*.yml"))]:
        for lang in others:
            # A file with no text in that language (easy German, say) has nothing to record.
            with contextlib.suppress(ValueError):
                mark_current(data, site, lang)
    written = write_schemas(site, folder / "schemas")
    settings = vscode_settings()
    written.append(_write(folder / ".vscode" / "settings.json", json.dumps(settings, indent=2) + "\n"))
    return written


def vscode_settings() -> dict:
    """VS Code (YAML extension): each YAML content folder checked against its kind's schema."""
    from portal.kinds import kinds

    return {
        "yaml.schemas": {
            f"./schemas/{kind.schema}.schema.json": f"content/{kind.folder}/*.yml"
            for kind in kinds()
            if not kind.markdown
        },
        "files.encoding": "utf8",
    }


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _yaml_scalar(value: object) -> str:
    """A value as one YAML scalar, quoted where YAML would read it otherwise."""
    return (
        yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).removesuffix("\n...\n").strip()
    )
