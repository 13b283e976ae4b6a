"""Where to get advice and who the network is: the counselling places and the network page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer


def ordered_places(r: LanguageRenderer, places: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """The site's home region first, then the other regions in the order of their vocabulary, then by name.

    portal.js moves the region a reader chooses to the front (and remembers it).
    """
    regions = r.site.vocabulary("regions")

    def key(item: tuple[str, object]) -> tuple:
        region = item[1].region
        home = region is not None and region == r.site.home_region
        order = regions.index(region) if region in regions else len(regions)
        return (not home, order, r.text(item[1].name).casefold())

    return sorted(places, key=key)


def place_regions(r: LanguageRenderer, places: list[tuple[str, object]]) -> list[tuple[str, str]]:
    """(term, label) of the regions these places serve, in the vocabulary's order."""
    used = {place.region for _slug, place in places}
    return [(term, r.label("regions", term)) for term in r.site.vocabulary("regions") if term in used]


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
        ("filter_by_region", "region", place_regions(r, list(r.content.places.items()))),
    ]


def _place_matches(place, folder: str, term: str) -> bool:
    return {"service": term in place.services, "language": term in place.languages, "region": place.region == term}[
        folder
    ]


def place_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    c = r.content
    return r.filtered_directory(
        "places",
        "place_index.html",
        ordered_places(r, list(c.places.items())),
        place_filters(r),
        _place_matches,
    )


def partner_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    """The network page: the partners by kind, the office hours, the contact."""
    c = r.content
    office = c.places.get(r.site.office) if r.site.office else None
    return [r.overview("network", "network_index.html", "network", office=office)]
