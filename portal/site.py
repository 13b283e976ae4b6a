"""Site settings: languages, vocabularies, timezone and calendar horizon.

Languages are declared once, in the i18n section of mkdocs.yml (the site engine needs them
there); everything else lives in the settings file that the portal section of mkdocs.yml
points to (default `content/site.yml`), because staff edit it like other content.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale, UnknownLocaleError
from dateutil.relativedelta import relativedelta

from portal.language_variants import babel_locale, language_tag, variant_of
from portal.layout import Layout
from portal.messages import _
from portal.problems import ContentError, Problem, display_path
from portal.strings import Strings
from portal.yamlsource import SourceError, read_config_yaml, read_yaml


def required_vocabularies() -> dict[str, str]:
    """The vocabularies every site declares (those its content kinds need): name -> word for one term."""
    from portal.kinds import vocabulary_nouns  # the kinds' models import this module

    return vocabulary_nouns()


# The longest calendar horizon: every month of it is a page in every language.
MAX_HORIZON_MONTHS = 60
# A term becomes part of file names and addresses (events/category/<term>/): a safe name only.
SAFE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


@cache
def _places() -> frozenset[str]:
    # The time-zone database's zones of places: "Area/Location" (Europe/Berlin, America/Argentina/Salta)
    # and UTC. Folders (`Europe`), and names such as Factory or EST5EDT, are not where an event is.
    return frozenset(
        name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/"))
    )


def is_timezone(name: str) -> bool:
    """Whether `name` is a place's zone in the IANA database (or UTC), which zoneinfo can load."""
    if name != "UTC" and name not in _places():
        return False
    try:
        ZoneInfo(name)
    except (OSError, ValueError):  # a database entry that cannot be read
        return False
    return True


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    default: bool = False

    @property
    def rtl(self) -> bool:
        return Locale.parse(babel_locale(self.code)).character_order == "right-to-left"

    @property
    def tag(self) -> str:
        """The language's BCP 47 tag for lang attributes (the code, or de-x-ls for easy German)."""
        return language_tag(self.code)

    @property
    def variant_of(self) -> str | None:
        """The language this one is a plainer form of (easy German: de), else None."""
        return variant_of(self.code)

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


@dataclass
class SiteConfig:
    root: Path
    languages: list[Language]
    content_dir: Path
    docs_dir: Path | None = None
    title: dict[str, str] = field(default_factory=dict)
    timezone: str = "Europe/Berlin"
    vocabularies: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    calendar_horizon_months: int = 12
    # How far back the feeds to subscribe to (all events, each category) reach: a calendar app
    # fetches the whole feed again on every refresh, and a national portal's archive would make
    # that megabytes a day. An event's own file ("add to calendar") is always written.
    calendar_feed_past_months: int = 3
    calendar_uid_domain: str = "portal.invalid"
    # Content folders whose outdated translations stop the build (e.g. guidance).
    fail_on_outdated: list[str] = field(default_factory=list)
    # What readers of an outdated translation of a legal text get: the translation under a
    # notice that the German original changed ("notice"), or the German text with it ("original").
    outdated_legal: str = "notice"
    # Who holds editorial responsibility for the site's texts and translations (the imprint says so).
    editorial_responsibility: str | None = None
    # A film in German Sign Language explaining the site, linked from the start page: {url, host}.
    sign_language_video: dict[str, str] | None = None
    # The site settings file (content/site.yml).
    settings_path: Path | None = None
    site_url: str | None = None
    review_interval_months: int = 12
    contact: dict[str, str] = field(default_factory=dict)
    # The funding statement that ESF-funded projects must show, per language.
    funding_statement: dict[str, str] = field(default_factory=dict)
    # The counselling place (content/places/) whose hours and address are the network's office.
    office: str | None = None
    # The hand-written staff guide (a page in the docs folder, e.g. mitmachen/index.md): linked
    # from the footer in the languages it is written in, kept out of the readers' navigation.
    staff_guide: str | None = None
    # The region (a term of the `regions` vocabulary) whose counselling places come first
    # until a reader chooses another one.
    home_region: str | None = None
    # The git backend of the browser editor in production (Decap CMS), e.g. {name: github, repo: org/portal}.
    editor_backend: dict | None = None
    # The site's own theme folder (mkdocs.yml's theme.custom_dir), if it has one.
    overrides_dir: Path | None = None
    strings: Strings = field(default_factory=Strings)
    today: date = field(default_factory=date.today)

    # Cached: the languages are fixed once the site is loaded, and validation asks for them
    # for every text of every file.
    @cached_property
    def default_language(self) -> str:
        return next(lang.code for lang in self.languages if lang.default)

    @property
    def default_language_name(self) -> str:
        return next(lang.name for lang in self.languages if lang.default)

    @cached_property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    @cached_property
    def layout(self) -> Layout:
        """Addresses, language folders and suffixes of this site's pages and files."""
        return Layout(self.default_language, tuple(self.language_codes))

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    def vocabulary_noun(self, name: str) -> str:
        return required_vocabularies().get(name, name)

    def vocabulary(self, name: str) -> list[str]:
        return list(self.vocabularies.get(name, {}))

    def label(self, vocabulary: str, term: str, lang: str) -> str:
        labels = self.vocabularies[vocabulary][term]
        return labels.get(lang) or labels[self.default_language]

    def relative(self, path: Path) -> str:
        return display_path(path, self.root)

    @property
    def feed_window_start(self) -> date:
        """The first day the feeds to subscribe to reach back to (`calendar_feed_past_months`)."""
        return self.today - relativedelta(months=self.calendar_feed_past_months)


def today_in(timezone: str) -> date:
    """The day in the site's timezone; PORTAL_TODAY pins it for reproducible builds and tests."""
    pinned = os.environ.get("PORTAL_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(ZoneInfo(timezone)).date()


def _languages_from_mkdocs(config: dict, shown: str) -> list[Language]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            languages = [
                Language(str(e["locale"]), str(e.get("name", e["locale"])), bool(e.get("default")))
                for e in entries
                if e.get("build", True)
            ]
            if languages and sum(lang.default for lang in languages) == 1:
                return languages
    raise ContentError(
        [
            Problem(
                shown,
                None,
                "plugins.i18n.languages",
                "declare the site's languages there, exactly one with default: true",
            )
        ]
    )


def _portal_options(config: dict) -> dict:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "portal" in plugin:
            return plugin["portal"] or {}
    return {}


def load_site(mkdocs_yml: Path, today: date | None = None) -> SiteConfig:
    """Read the site settings from mkdocs.yml and the settings file it points to."""
    site, problems = read_site(mkdocs_yml, today)
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    return site


def read_site(mkdocs_yml: Path, today: date | None = None) -> tuple[SiteConfig, list[Problem]]:
    """The site settings and every problem with them; raises ContentError only when the site's
    languages cannot be read (nothing else can be checked without them)."""
    mkdocs_yml = mkdocs_yml.resolve()
    root = mkdocs_yml.parent
    config = read_config_yaml(mkdocs_yml) or {}
    languages = _languages_from_mkdocs(config, display_path(mkdocs_yml, root))
    options = _portal_options(config)
    content_dir = root / options.get("content_dir", "content")
    settings_path = root / options.get("site", "content/site.yml")
    site = SiteConfig(
        root=root,
        settings_path=settings_path,
        languages=languages,
        content_dir=content_dir,
        docs_dir=root / config.get("docs_dir", "docs"),
        site_url=config.get("site_url"),
    )
    custom_dir = (config.get("theme") or {}).get("custom_dir") if isinstance(config.get("theme"), dict) else None
    site.overrides_dir = root / (custom_dir or "overrides")
    site.strings = Strings(site.overrides_dir / "strings", root)
    problems = _check_languages(site, display_path(mkdocs_yml, root))
    if problems:
        raise ContentError(problems)
    problems += _apply_settings(site, settings_path)
    site.today = today or today_in(site.timezone)
    return site, problems


def _check_languages(site: SiteConfig, shown: str) -> list[Problem]:
    problems = []
    for lang in site.languages:
        try:
            Locale.parse(babel_locale(lang.code))
        except (UnknownLocaleError, ValueError):
            problems.append(
                Problem(shown, None, "plugins.i18n.languages", _("{code!r} is not a language code", code=lang.code))
            )
    return problems


def _apply_settings(site: SiteConfig, path: Path) -> list[Problem]:
    shown = site.relative(path)
    if not path.is_file():
        return [Problem(shown, None, None, _("the site settings file is missing"))]
    try:
        source = read_yaml(path, shown)
    except SourceError as err:
        return [err.problem]
    data: Any = source.data or {}
    problems: list[Problem] = []

    def problem(loc: tuple, message: str) -> None:
        problems.append(Problem(shown, source.line_of(loc), ".".join(map(str, loc)), message))

    def labels(loc: tuple, value: Any) -> dict[str, str]:
        if isinstance(value, str):
            value = {site.default_language: value}
        if not isinstance(value, dict):
            problem(loc, _("must be one text per language, such as {example}", example="{de: …, en: …}"))
            return {}
        # A plainer form of a language (easy German) may fall back to that language's label.
        missing = [code for code in site.language_codes if not value.get(code) and not variant_of(code)]
        if missing:
            problem(loc, _("has no text for {missing}; every site language needs one", missing=", ".join(missing)))
        return {str(k): str(v) for k, v in value.items()}

    known = {
        "title",
        "timezone",
        "vocabularies",
        "calendar_horizon_months",
        "calendar_feed_past_months",
        "calendar_uid_domain",
        "review_interval_months",
        "contact",
        "translations",
        "funding_statement",
        "office",
        "editor_backend",
        "editorial_responsibility",
        "sign_language_video",
        "minor_edit",  # a change of the labels that leaves their translations valid (portal.translations)
        "staff_guide",
        "home_region",
    }
    for key in data:
        if key not in known:
            problem((key,), _("is not a site setting; known settings: {known}", known=", ".join(sorted(known))))
    site.title = labels(("title",), data.get("title", "Portal"))
    timezone = data.get("timezone", site.timezone)
    if isinstance(timezone, str) and is_timezone(timezone):
        site.timezone = timezone
    else:
        problem(
            ("timezone",),
            _("{value!r} is not a known timezone; use an IANA name such as Europe/Berlin", value=timezone),
        )
    for key in ("calendar_horizon_months", "review_interval_months"):
        value = data.get(key, getattr(site, key))
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_HORIZON_MONTHS:
            problem((key,), _("must be a whole number of months from 1 to {most}", most=MAX_HORIZON_MONTHS))
        else:
            setattr(site, key, value)
    past = data.get("calendar_feed_past_months", site.calendar_feed_past_months)
    if not isinstance(past, int) or isinstance(past, bool) or not 0 <= past <= MAX_HORIZON_MONTHS:
        problem(
            ("calendar_feed_past_months",),
            _("must be a whole number of months from 0 (upcoming events only) to {most}", most=MAX_HORIZON_MONTHS),
        )
    else:
        site.calendar_feed_past_months = past
    domain = data.get("calendar_uid_domain", site.calendar_uid_domain)
    if isinstance(domain, str) and _HOST_NAME.match(domain):
        site.calendar_uid_domain = domain
    else:
        problem(
            ("calendar_uid_domain",),
            _(
                "{value!r} is not a domain name; write the site's domain in lower case, such as portal.example.org",
                value=domain,
            ),
        )
    translations = data.get("translations") or {}
    strict_kinds = translations.get("fail_on_outdated") or []
    from portal.translations import tracked_kinds  # here: the translations module reads site settings

    known_kinds = tracked_kinds()
    if not isinstance(strict_kinds, list) or any(kind not in known_kinds for kind in strict_kinds):
        problem(("translations", "fail_on_outdated"), _("must be a list of: {kinds}", kinds=", ".join(known_kinds)))
    else:
        site.fail_on_outdated = [str(kind) for kind in strict_kinds]
    legal = translations.get("outdated_legal", site.outdated_legal)
    if legal not in ("notice", "original"):
        problem(("translations", "outdated_legal"), _("must be notice or original"))
    else:
        site.outdated_legal = legal
    if data.get("editorial_responsibility"):
        site.editorial_responsibility = str(data["editorial_responsibility"])
    video = data.get("sign_language_video")
    if video is not None:
        if isinstance(video, dict) and str(video.get("url", "")).startswith("https://") and video.get("host"):
            site.sign_language_video = {"url": str(video["url"]), "host": str(video["host"])}
        else:
            problem(
                ("sign_language_video",),
                _(
                    "must give the film's address and where it is hosted, e.g. {example}",
                    example="{url: https://…, host: …}",
                ),
            )
    site.contact = {str(k): str(v) for k, v in (data.get("contact") or {}).items()}
    if data.get("funding_statement"):
        site.funding_statement = labels(("funding_statement",), data["funding_statement"])
    site.office = str(data["office"]) if data.get("office") else None
    site.staff_guide = str(data["staff_guide"]) if data.get("staff_guide") else None
    backend = data.get("editor_backend")
    if backend is not None and not (isinstance(backend, dict) and backend.get("name")):
        problem(
            ("editor_backend",),
            _("must name the editor's git backend, e.g. {example}", example="{name: github, repo: org/portal}"),
        )
    else:
        site.editor_backend = backend
    vocabularies = data.get("vocabularies") or {}
    for name in required_vocabularies():
        terms = vocabularies.get(name)
        if not isinstance(terms, dict) or not terms:
            problem(("vocabularies", name), _("must list the allowed terms, each with its label per language"))
            continue
        for term in terms:
            if not isinstance(term, str) or not SAFE_NAME.match(term):
                problem(
                    ("vocabularies", name, term),
                    _(
                        "{term!r} cannot be a term: terms become part of addresses and file names, so use only "
                        "lower-case letters, digits and hyphens (e.g. info-session)",
                        term=term,
                    ),
                )
        site.vocabularies[name] = {
            str(term): labels(("vocabularies", name, term), label)
            for term, label in terms.items()
            if isinstance(term, str) and SAFE_NAME.match(term)
        }
    if data.get("home_region"):
        region, regions = str(data["home_region"]), site.vocabulary("regions")
        if regions and region not in regions:
            problem(
                ("home_region",),
                _(
                    "{value!r} is not a known {noun}; use one of: {allowed}",
                    value=region,
                    noun="region",
                    allowed=", ".join(regions),
                ),
            )
        site.home_region = region
    return problems
