"""Where to get advice and who the network is: the counselling places and the network page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer


def place_filters(r: LanguageRenderer) -> list[tuple[str, str, list[tuple[str, str]]]]:
    places = r.content.places.values()
    services = {s for p in places for s in p.services}
    spoken = {code for p in places for code in p.languages}
    return [
        (
            "filter_by_service",
            "service",
            [(s, r.label("services", s)) for s in r.site.vocabulary("services") if s in services],
        ),
        ("filter_by_language", "language", sorted(((c, r.language_name(c)) for c in spoken), key=lambda x: x[1])),
    ]


def place_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    c = r.content
    return r.filtered_directory(
        "places",
        "place_index.html",
        sorted(c.places.items(), key=lambda kv: r.text(kv[1].name).casefold()),
        place_filters(r),
        lambda place, folder, term: term in (place.services if folder == "service" else place.languages),
    )


def partner_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    """The network page: the partners by kind, the office hours, the contact."""
    c = r.content
    office = c.places.get(r.site.office) if r.site.office else None
    return [r.overview("network", "network_index.html", "network", office=office)]
