"""Field types shared by every content type: translated text, dates, slugs, links.

Validators read the site settings from the pydantic validation context, so that the list of
languages and vocabularies is declared once (in the site configuration) and never repeated here.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from babel import Locale
from babel.dates import format_skeleton
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from portal.language_variants import variant_of
from portal.messages import _, current_language
from portal.rules import FIRST_YEAR, LAST_YEAR
from portal.site import SiteConfig, is_timezone
from portal.urls import is_web_address


def fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("portal", message)


def site_of(info: ValidationInfo) -> SiteConfig:
    return info.context["site"]


class ContentModel(BaseModel):
    """Base of all content types: unknown fields are mistakes (usually typos), not extras."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        """Mistakes that involve more than one field: (location, message)."""
        return []

    def site_problems(self, site: SiteConfig) -> list[tuple[tuple, str, str]]:
        """Problems that depend on the site settings or today: (location, message, severity)."""
        return []


# --- translated text -------------------------------------------------------------------------


def _localized_text(value: Any, info: ValidationInfo) -> dict[str, str]:
    site = site_of(info)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        # Stripped: a folded block (`title: >`) ends in a line break that is no part of the text.
        if not value.strip():
            raise fail(_("is empty; write the text or remove the field"))
        return {site.default_language: value.strip()}
    if isinstance(value, dict):
        unknown = [str(k) for k in value if k not in site.language_codes]
        if unknown:
            raise fail(
                _(
                    "has text for the unknown language {unknown}; the site's languages are {known}",
                    unknown=", ".join(unknown),
                    known=", ".join(site.language_codes),
                )
            )
        if site.default_language not in value:
            raise fail(
                _(
                    "needs the {language} text under '{code}:' (translations are added beside it)",
                    language=site.default_language_name,
                    code=site.default_language,
                )
            )
        texts = {}
        for code, text in value.items():
            if not isinstance(text, (str, int, float)) or isinstance(text, bool):
                raise fail(_("the '{code}' text must be plain text", code=code))
            if not str(text).strip():
                raise fail(_("the '{code}' text is empty; write it or remove the line", code=code))
            texts[code] = str(text).strip()
        return {code: texts[code] for code in site.language_codes if code in texts}
    raise fail(
        _(
            "must be text, or one text per language such as {example}; found {found}",
            example="{de: Text, en: Text}",
            found=_describe(value),
        )
    )


LocalizedText = Annotated[
    dict[str, str],
    BeforeValidator(_localized_text),
    WithJsonSchema({"x-portal-def": "LocalizedText"}),
]


# `{de:…}`: an author's mark for a German fragment inside a translation (see portal.render.bidi).
AUTHOR_MARK = re.compile(r"\{de:\s?(.*?)\}", re.DOTALL)


def without_marks(text: str) -> str:
    """Plain text (titles, feeds, descriptions): the author's `{de:…}` without its braces."""
    return AUTHOR_MARK.sub(lambda m: m[1], text) if "{de:" in text else text


def text_in(value: dict[str, str] | None, lang: str, default: str) -> str:
    """The plain text of a LocalizedText in `lang`, else in the default language ("" for none)."""
    return "" if not value else without_marks(value.get(lang) or value[default])


def _every_language(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    # Easy German readers can fall back to the German text; other readers could not.
    missing = [code for code in site_of(info).language_codes if code not in value and not variant_of(code)]
    if missing:
        raise fail(_("needs a text in every site language; missing: {missing}", missing=", ".join(missing)))
    return value


# Text that readers cannot do without in their own language (image descriptions, glossary
# explanations): a German fallback would leave them with nothing they can read.
EveryLanguageText = Annotated[
    LocalizedText,
    AfterValidator(_every_language),
    WithJsonSchema({"x-portal-def": "EveryLanguageText"}),
]


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("yes/no ({value})", value=value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a group of fields")
    return repr(value)


# --- dates -----------------------------------------------------------------------------------

_MOMENT = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)
_MOMENT_SCHEMA = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$",
    "description": "A date (2022-02-16, all day) or a wall-clock date and time (2022-02-16 10:00).",
}


def _parse_moment(value: Any, allow_time: bool) -> date | datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if allow_time else value.date()
    if isinstance(value, date):
        return value
    expected = (
        _("a date like 2022-02-16 or a date and time like 2022-02-16 10:00")
        if allow_time
        else _("a date like 2022-02-16")
    )
    if not isinstance(value, str):
        raise fail(_("must be {expected}; found {found}", expected=expected, found=_describe(value)))
    match = _MOMENT.match(value.strip())
    if not match or (match["H"] and not allow_time):
        raise fail(_("'{value}' is not {expected}", value=value, expected=expected))
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise fail(
            _(
                "'{value}' is not a year from {first} to {last}; check the year",
                value=value,
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    if not 1 <= month <= 12:
        raise fail(_("'{value}' is not a real date: there is no month {month}", value=value, month=month))
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        month_name = format_skeleton("yMMMM", date(year, month, 1), locale=current_language())
        raise fail(
            _("'{value}' is not a real date: {month} has {days} days", value=value, month=month_name, days=last_day)
        )
    if not match["H"]:
        return date(year, month, day)
    hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise fail(_("'{value}' is not a real time of day (use 00:00 to 23:59)", value=value))
    return datetime(year, month, day, hour, minute, second)


Moment = Annotated[
    date | datetime,
    BeforeValidator(lambda v: _parse_moment(v, allow_time=True)),
    WithJsonSchema(_MOMENT_SCHEMA),
]
Day = Annotated[
    date,
    BeforeValidator(lambda v: _parse_moment(v, allow_time=False)),
    WithJsonSchema({"type": "string", "format": "date", "description": "A date such as 2022-02-16."}),
]


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def _clock(value: Any) -> time:
    if isinstance(value, int) and not isinstance(value, bool):
        raise fail(_('{value} is not a time of day; write it in quotes like "09:00"', value=value))
    match = _CLOCK.match(str(value).strip()) if isinstance(value, str) else None
    if not match or int(match[1]) > 24 or int(match[2]) > 59:
        raise fail(_("{value!r} is not a time of day like 09:00 or 17:30", value=value))
    if int(match[1]) == 24 and int(match[2]):
        raise fail(_("{value!r} is past midnight; a day ends at 24:00", value=value))
    hour, minute = int(match[1]), int(match[2])
    return time(23, 59) if hour == 24 else time(hour, minute)


Clock = Annotated[
    time,
    BeforeValidator(_clock),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "description": "A time of day, e.g. 09:00."}),
]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _partial_date(value: Any) -> str:
    """A year, a month or a day: publications are often dated "July 2021" and no more precisely."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, date):
        return value.isoformat()
    match = _PARTIAL_DATE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise fail(
            _("{value!r} is not a date; write 2021, 2021-07 or 2021-07-15, as precisely as you know it", value=value)
        )
    if match[3]:
        _parse_moment(value.strip(), allow_time=False)
    elif match[2] and not 1 <= int(match[2]) <= 12:
        raise fail(_("{value!r} is not a real month", value=value))
    return "-".join(f"{int(part):02d}" if i else part for i, part in enumerate(match.groups()) if part)


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "description": "2021, 2021-07 or 2021-07-15"}
    ),
]


# --- identifiers and vocabularies ------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """A file name from a title: "Infoabend Anerkennung" -> infoabend-anerkennung (umlauts spelled out)."""
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-") or "event"


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise fail(
            _(
                "{value!r} is not a valid name of another content file: use the file name without "
                "its ending, in lower-case letters, digits and hyphens (e.g. resque-continued)",
                value=value,
            )
        )
    return value


Slug = Annotated[
    str,
    BeforeValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG.pattern}),
]


def Reference(folder: str):
    """The file name of an item of another kind; `portal check` makes sure that item exists."""
    from portal.kinds import ReferenceTo

    return Annotated[
        str, BeforeValidator(_slug), ReferenceTo(folder), WithJsonSchema({"type": "string", "pattern": SLUG.pattern})
    ]


def vocabulary(name: str):
    """A field whose value must be one of the site's declared terms, e.g. the event categories."""

    def check(value: Any, info: ValidationInfo) -> str:
        allowed = site_of(info).vocabulary(name)
        if value not in allowed:
            raise fail(
                _(
                    "{value!r} is not a known {noun}; use one of: {allowed}",
                    value=value,
                    noun=_(site_of(info).vocabulary_noun(name)),
                    allowed=", ".join(allowed),
                )
            )
        return value

    return Annotated[
        str,
        BeforeValidator(check),
        WithJsonSchema({"x-portal-def": f"vocabulary-{name}"}),
    ]


_KNOWN_LANGUAGES = frozenset(Locale("en").languages)


def _spoken_language(value: Any) -> str:
    if not isinstance(value, str) or value not in _KNOWN_LANGUAGES:
        raise fail(_("{value!r} is not a language code; use ISO 639 codes such as de, en, ar, fa, uk, ti", value=value))
    return value


SpokenLanguage = Annotated[
    str,
    BeforeValidator(_spoken_language),
    WithJsonSchema({"type": "string", "pattern": "^[a-z]{2,3}$", "description": "ISO 639 code, e.g. ar"}),
]


def _timezone(value: Any) -> str:
    if not isinstance(value, str) or not is_timezone(value):
        raise fail(_("{value!r} is not a known timezone; use an IANA name such as Europe/Berlin", value=value))
    return value


Timezone = Annotated[
    str,
    BeforeValidator(_timezone),
    WithJsonSchema({"type": "string", "examples": ["Europe/Berlin"]}),
]


def media_file(endings: tuple[str, ...], example: str):
    """The name of a file in content/media/ with one of `endings`: a plain name, no folders."""

    def check(value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*\.(" + "|".join(endings) + ")", value):
            raise fail(
                _(
                    "{value!r} is not the name of a file in content/media/: write only the file name, "
                    "in lower-case letters, digits, hyphens and dots, ending in {endings} (e.g. {example}); "
                    "no folders, no leading / and no ..",
                    value=value,
                    endings=_(" or ").join("." + ending for ending in endings),
                    example=example,
                )
            )
        return value

    return Annotated[
        str,
        BeforeValidator(check),
        WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]*\.(" + "|".join(endings) + ")$"}),
    ]


_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _url(value: Any) -> str:
    if not isinstance(value, str) or not _URL.match(value.strip()) or not is_web_address(value.strip()):
        raise fail(_("{value!r} is not a web address; write it in full, starting with https://", value=value))
    return value.strip()


def _email(value: Any) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise fail(_("{value!r} is not an e-mail address like name@example.org", value=value))
    return value.strip()


Url = Annotated[str, BeforeValidator(_url), WithJsonSchema({"type": "string", "format": "uri"})]
Email = Annotated[str, BeforeValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]


class Contact(ContentModel):
    email: Email | None = None
    phone: str | None = None
    url: Url | None = None


class Address(ContentModel):
    street: str
    postcode: str = Field(description='German postcodes in quotes, e.g. "04103", so the leading 0 stays.')
    city: str

    def line(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
Weekday = Literal["mo", "tu", "we", "th", "fr", "sa", "su"]


class OpeningHours(ContentModel):
    """One time range on some weekdays, e.g. Thursday 13:00–17:00."""

    days: list[Weekday] = Field(min_length=1, description="Weekdays: mo, tu, we, th, fr, sa, su.")
    opens: Clock
    closes: Clock

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        if self.closes <= self.opens:
            return [
                (
                    ("closes",),
                    _(
                        "closes ({closes}) is not after opens ({opens})",
                        closes=f"{self.closes:%H:%M}",
                        opens=f"{self.opens:%H:%M}",
                    ),
                )
            ]
        return []
