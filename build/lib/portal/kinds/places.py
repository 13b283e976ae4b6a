"""Counselling places with opening hours, languages and services."""

from portal.kinds import ContentKind, EditorCollection
from portal.model.place import Place

KIND = ContentKind(
    folder="places",
    model=Place,
    noun="counselling place",
    markdown=False,
    schema="counselling-place",
    order=40,
    pages="portal.render.network_pages:place_pages",
    sections=((40, "places/index.md"),),
    vocabularies={"services": "service", "questions": "finder question"},
    editor=EditorCollection("Beratungsstellen", identifier="name.de"),
)
