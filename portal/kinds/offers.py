"""Offers: internships, trial work, training places, jobs and courses opened to refugees.

One Markdown file per offer (`content/offers/<slug>.md`, translations beside it as
`<slug>.en.md`): the front matter holds the facts, the text below it the description. An offer
is open until the first of its `expires`, its application `deadline` and its `end`; after that
it leaves the list at the next build (the page's script hides it on the reader's day already),
and its page stays, saying that it is no longer open.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Literal
from urllib.parse import urljoin

from markupsafe import Markup
from pydantic import Field

from portal.kinds import ContentKind, EditorCollection, Listing
from portal.messages import _
from portal.model.common import (
    Address,
    ContentModel,
    Day,
    Email,
    LocalizedText,
    Reference,
    SpokenLanguage,
    Url,
    text_in,
    vocabulary,
)
from portal.model.document import Document
from portal.news_feed import FeedEntry, atom_feed

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer


def label(german: str) -> dict:
    """The field's name in the browser editor, in the staff's language."""
    return {"x-editor-label": german}


# --- the model -------------------------------------------------------------------------------


class OtherProvider(ContentModel):
    """An employer or provider that is not one of the network's partners."""

    name: str
    address: Address | None = None
    url: Url | None = None


class Where(ContentModel):
    name: LocalizedText | None = Field(None, description="Name of the place, e.g. the company's training centre.")
    address: Address | None = Field(None, description="Leave out for an offer that is only online.")
    area: LocalizedText | None = Field(
        None,
        description="The town or area when there is no single address, e.g. Borsdorf.",
        json_schema_extra=label("Ort oder Gegend (ohne Adresse)"),
    )
    online: bool = Field(False, description="true: takes place online (also when there is an address, for both).")


class HowToApply(ContentModel):
    url: Url | None = Field(None, description="Where to apply or register online.")
    email: Email | None = None
    phone: str | None = None
    note: LocalizedText | None = Field(
        None, description="What to send or say, e.g. 'Send a short CV'.", json_schema_extra=label("Hinweis")
    )


class Offer(Document):
    """One chance to work, train or learn; the description is the text below the front matter."""

    kind: vocabulary("offer-kinds")  # type: ignore[valid-type]
    summary: LocalizedText
    provider: Reference("partners") | None = Field(
        None,
        description="The partner that offers it (its file name, e.g. hwk-leipzig).",
        json_schema_extra=label("Anbieter (Partner)"),
    )
    other_provider: OtherProvider | None = Field(
        None,
        description="An employer or provider that is not a partner: its name, address and website.",
        json_schema_extra=label("Anbieter (kein Partner)"),
    )
    where: Where = Field(description="Where it takes place: an address, or online.", json_schema_extra=label("Ort"))
    field: vocabulary("occupation-fields") | None = None  # type: ignore[valid-type]
    region: vocabulary("regions") | None = None  # type: ignore[valid-type]
    start: Day | None = Field(None, description="First day; leave out for an ongoing offer.")
    end: Day | None = Field(None, description="Last day; leave out for an ongoing offer.")
    ongoing: bool = Field(
        False, description="true: no fixed dates (e.g. can be booked at any time).", json_schema_extra=label("Laufend")
    )
    number_of_places: int | None = Field(None, ge=1, json_schema_extra=label("Anzahl der Plätze"))
    deadline: Day | None = Field(None, description="Last day to apply.", json_schema_extra=label("Bewerbungsschluss"))
    apply: HowToApply | None = Field(None, description="How to apply.", json_schema_extra=label("Bewerbung"))
    counselling_place: Reference("places") | None = Field(
        None,
        description="The counselling place that helps with the application (its file name).",
        json_schema_extra=label("Hilfe bei der Bewerbung"),
    )
    languages: list[SpokenLanguage] = Field([], description="Languages spoken at the offer.")
    german_level: vocabulary("german-levels") | None = Field(  # type: ignore[valid-type]
        None,
        description="The German expected (CEFR level, or none); leave out when the provider does not say.",
        json_schema_extra=label("Deutschkenntnisse"),
    )
    audience: list[vocabulary("audiences")] = []  # type: ignore[valid-type]
    statuses: list[vocabulary("residence-statuses")] = Field(  # type: ignore[valid-type]
        [], description="The residence statuses it is open to; or all_statuses: true."
    )
    all_statuses: bool = Field(
        False,
        description="true: open to every residence status.",
        json_schema_extra=label("Für jeden Aufenthaltsstatus"),
    )
    questions: list[vocabulary("questions")] = Field(  # type: ignore[valid-type]
        [], description="The finder's questions under which it is listed (e.g. work, training)."
    )
    guidance: list[Reference("guidance")] = Field(
        [], description="Guidance topics on the legal side (e.g. work with a Duldung); the offer links to them."
    )
    project: Reference("projects") | None = Field(None, description="A project's file name, e.g. bof-2022.")
    working_time: Literal["full-time", "part-time"] | None = Field(None, json_schema_extra=label("Arbeitszeit"))
    published: Day = Field(description="When the offer was published; the list shows the newest first.")
    expires: Day | None = Field(
        None,
        description="Last day the offer is shown as open; after it the page says it is no longer open.",
        json_schema_extra=label("Sichtbar bis"),
    )

    @property
    def last_open_day(self) -> date | None:
        """The last day one can still take the offer up: the first of expires, deadline and end."""
        days = [day for day in (self.expires, self.deadline, None if self.ongoing else self.end) if day]
        return min(days) if days else None

    def open_on(self, day: date) -> bool:
        last = self.last_open_day
        return last is None or day <= last

    def open_to(self, status: str) -> bool:
        return self.all_statuses or status in self.statuses

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        problems: list[tuple[tuple, str]] = []

        def add(loc: tuple, message: str) -> None:
            problems.append((loc, message))

        if self.deadline and self.deadline < self.published:
            add(
                ("deadline",),
                _(
                    "the application deadline {deadline} is before the offer was published ({published})",
                    deadline=self.deadline,
                    published=self.published,
                ),
            )
        if self.expires and self.start and self.expires < self.start:
            add(
                ("expires",),
                _("{expires} is before the offer starts ({start})", expires=self.expires, start=self.start),
            )
        if self.expires and self.expires < self.published:
            add(
                ("expires",),
                _(
                    "{expires} is before the offer was published ({published})",
                    expires=self.expires,
                    published=self.published,
                ),
            )
        if self.end and self.start and self.end < self.start:
            add(("end",), _("{end} is before the start, {start}", end=self.end, start=self.start))
        if self.ongoing and (self.start or self.end):
            add(
                ("ongoing",),
                _("an ongoing offer has no fixed dates: remove start and end, or ongoing: true"),
            )
        if not self.ongoing and not self.start:
            add(
                self._present(("start",), ("end",), ("published",)),
                _("needs a start date, or ongoing: true for an offer without fixed dates"),
            )
        if not self.where.address and not self.where.area and not self.where.online:
            add(
                ("where",),
                _("needs an address, an area (the town), or online: true for an offer that takes place online"),
            )
        if self.provider and self.other_provider:
            add(
                ("other_provider",),
                _("give either provider (a partner) or other_provider (not a partner), not both"),
            )
        if not self.provider and not self.other_provider:
            add(
                self._present(("provider",), ("other_provider",), ("kind",)),
                _(
                    "needs who offers it: provider, a partner's file name, or other_provider with the name "
                    "of an employer or provider that is not a partner"
                ),
            )
        if self.all_statuses and self.statuses:
            add(("statuses",), _("all_statuses: true already opens the offer to every status; remove the list"))
        apply = self.apply
        if not (apply and (apply.url or apply.email or apply.phone)) and not self.counselling_place:
            add(
                self._present(("apply",), ("counselling_place",), ("kind",)),
                _(
                    "needs a way to apply: url, email or phone under apply, or the counselling place "
                    "that helps (counselling_place)"
                ),
            )
        return problems

    def _present(self, *locs: tuple) -> tuple:
        """The first of these fields that the file has, so that the message can name its line."""
        for loc in locs:
            if loc[0] in self.model_fields_set:
                return loc
        return locs[0]


# --- which offers, where ---------------------------------------------------------------------

# schema.org types of the kit's offer kinds (content/site.yml may add kinds of its own, which
# then have no structured data): JobPosting with its employmentType, or Course.
JOB_POSTINGS = {"job": None, "internship": "INTERN", "trial-work": "TEMPORARY", "training-place": "OTHER"}
COURSES = {"course", "language-course"}
WORKING_TIMES = {"full-time": "FULL_TIME", "part-time": "PART_TIME"}


def open_offers(r: LanguageRenderer) -> list[tuple[str, Offer]]:
    """The offers open on the day of the build, newest first."""
    today = r.site.today
    found = [(slug, offer) for slug, offer in r.content.offers.items() if offer.open_on(today)]
    return sorted(found, key=lambda kv: (kv[1].published, kv[0]), reverse=True)


def still_open(r: LanguageRenderer, items: list[tuple[str, Offer]]) -> list[tuple[str, Offer]]:
    return sorted(
        ((slug, offer) for slug, offer in items if offer.open_on(r.site.today)),
        key=lambda kv: (kv[1].published, kv[0]),
        reverse=True,
    )


def for_finder(r: LanguageRenderer, status: str, question: str) -> list[tuple[str, Offer]]:
    return [(slug, o) for slug, o in open_offers(r) if o.open_to(status) and question in o.questions]


def levels_reached(r: LanguageRenderer, offer: Offer) -> list[str]:
    """The German levels with which one can take the offer up: its own and every higher one."""
    levels = r.site.vocabulary("german-levels")
    if offer.german_level is None:
        return []
    return levels[levels.index(offer.german_level) :]


def statuses_of(r: LanguageRenderer, offer: Offer) -> list[str]:
    return r.site.vocabulary("residence-statuses") if offer.all_statuses else offer.statuses


def _terms(r: LanguageRenderer, offer: Offer, folder: str) -> list[str]:
    return {
        "kind": [offer.kind],
        "field": [offer.field] if offer.field else [],
        "region": [offer.region] if offer.region else [],
        "german": levels_reached(r, offer),
        "status": statuses_of(r, offer),
    }[folder]


FILTERS = (
    ("filter_by_offer_kind", "kind", "offer-kinds"),
    ("filter_by_field", "field", "occupation-fields"),
    ("filter_by_region", "region", "regions"),
    ("filter_by_german_level", "german", "german-levels"),
    ("filter_by_status", "status", "residence-statuses"),
)


def offer_filters(r: LanguageRenderer, offers: list[tuple[str, Offer]]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Every filter with the terms that have at least one open offer, in vocabulary order."""
    found = []
    for key, folder, name in FILTERS:
        used = {term for _slug, offer in offers for term in _terms(r, offer, folder)}
        found.append((key, folder, [(term, r.label(name, term)) for term in r.site.vocabulary(name) if term in used]))
    return found


# --- structured data and feed ----------------------------------------------------------------


def _organisation(r: LanguageRenderer, offer: Offer) -> dict:
    if offer.provider:
        partner = r.content.partners[offer.provider]
        found = {"@type": "Organization", "name": r.text(partner.name)}
        if partner.url:
            found["sameAs"] = partner.url
        return found
    found = {"@type": "Organization", "name": offer.other_provider.name}
    if offer.other_provider.url:
        found["sameAs"] = offer.other_provider.url
    return found


def _place(r: LanguageRenderer, where: Where) -> dict:
    if where.address:
        return {"@type": "Place", "address": _postal(where.address)}
    return {
        "@type": "Place",
        "address": {"@type": "PostalAddress", "addressLocality": r.text(where.area), "addressCountry": "DE"},
    }


def _postal(address: Address) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": address.street,
        "postalCode": address.postcode,
        "addressLocality": address.city,
        "addressCountry": "DE",
    }


def offer_json_ld(r: LanguageRenderer, slug: str, offer: Offer) -> Markup:
    """schema.org JobPosting (jobs, internships, trial work, training places) or Course data."""
    from portal.render.markdown import render_markdown

    body = offer.body.get(r.lang, "").strip() or offer.body.get(r.site.default_language, "")
    description = f"<p>{Markup.escape(r.text(offer.summary))}</p>{render_markdown(body) if body.strip() else ''}"
    languages = offer.languages or [r.site.default_language]
    where = offer.where
    if offer.kind in JOB_POSTINGS:
        types = [JOB_POSTINGS[offer.kind]] if JOB_POSTINGS[offer.kind] else []
        if offer.working_time:
            types.append(WORKING_TIMES[offer.working_time])
        data = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": r.text(offer.title),
            "description": description,
            "datePosted": offer.published.isoformat(),
            "hiringOrganization": _organisation(r, offer),
            "employmentType": types or ["OTHER"],
        }
        if offer.last_open_day:
            data["validThrough"] = offer.last_open_day.isoformat()
        if where.address or where.area:
            data["jobLocation"] = _place(r, where)
        if where.online:
            data["jobLocationType"] = "TELECOMMUTE"
            data["applicantLocationRequirements"] = {"@type": "Country", "name": "DE"}
        if offer.start:
            data["jobStartDate"] = offer.start.isoformat()
        if offer.number_of_places:
            data["totalJobOpenings"] = offer.number_of_places
    elif offer.kind in COURSES:
        instance = {
            "@type": "CourseInstance",
            "courseMode": ("blended" if where.address or where.area else "online") if where.online else "onsite",
            "inLanguage": languages,
        }
        if offer.start:
            instance["startDate"] = offer.start.isoformat()
        if offer.end:
            instance["endDate"] = offer.end.isoformat()
        if where.address or where.area:
            instance["location"] = _place(r, where)
        data = {
            "@context": "https://schema.org",
            "@type": "Course",
            "name": r.text(offer.title),
            "description": r.text(offer.summary),
            "provider": _organisation(r, offer),
            "inLanguage": languages,
            "hasCourseInstance": instance,
        }
    else:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return Markup('<script type="application/ld+json">{}</script>').format(Markup(text))


FEED_LENGTH = 50  # the newest open offers; the list page has all of them


def offer_feed(content, base_url: str, lang: str) -> dict[str, bytes]:
    """offers/feed.<lang>.xml: an Atom feed of the open offers, newest first."""
    site = content.site
    if not content.offers:
        return {}

    def text(value) -> str:
        return text_in(value, lang, site.default_language)

    home = urljoin(base_url, site.layout.prefix(lang))
    items = sorted(
        ((slug, offer) for slug, offer in content.offers.items() if offer.open_on(site.today)),
        key=lambda kv: (kv[1].published, kv[0]),
        reverse=True,
    )[:FEED_LENGTH]
    entries = [
        FeedEntry(
            url=urljoin(home, f"offers/{slug}/"),
            title=text(offer.title),
            day=offer.published,
            summary=text(offer.summary),
            categories=((offer.kind, site.label("offer-kinds", offer.kind, lang)),),
        )
        for slug, offer in items
    ]
    feed = atom_feed(
        lang_tag=site.language(lang).tag,
        home=home,
        folder="offers",
        title=f"{text(site.title)}: {site.strings.texts(lang)['offers']}",
        author=text(site.title),
        entries=entries,
    )
    return {site.layout.source("offers/feed.xml", lang): feed}


# --- the pages -------------------------------------------------------------------------------


def offer_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    offers = open_offers(r)
    filters = offer_filters(r, offers)
    pages = r.filtered_directory(
        "offers",
        "offer_index.html",
        offers,
        filters,
        lambda offer, folder, term: term in _terms(r, offer, folder),
    )
    for slug, offer in r.content.offers.items():
        pages.append(
            r.item_page(
                "offers",
                slug,
                offer,
                "offer",
                is_open=offer.open_on(r.site.today),
                json_ld=offer_json_ld(r, slug, offer),
            )
        )
    return pages


KIND = ContentKind(
    folder="offers",
    model=Offer,
    noun="offer",
    markdown=True,
    schema="offer",
    order=55,
    pages="portal.kinds.offers:offer_pages",
    sections=((55, "offers/index.md"),),
    vocabularies={
        "offer-kinds": "offer kind",
        "german-levels": "German level",
        "occupation-fields": "occupation field",
        "regions": "region",
        "residence-statuses": "residence status",
        "questions": "finder question",
        "audiences": "audience",
    },
    new="offer",
    editor=EditorCollection("Angebote"),
    listing=Listing(
        "offers_listed",
        "offer_card.html",
        shown="portal.kinds.offers:still_open",
        finder="portal.kinds.offers:for_finder",
    ),
    files="portal.kinds.offers:offer_feed",
)
