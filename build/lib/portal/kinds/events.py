"""Events: information sessions, consultation hours, workshops, fairs; the calendar and its feeds."""

from portal.kinds import ContentKind, EditorCollection
from portal.model.event import Event

KIND = ContentKind(
    folder="events",
    model=Event,
    noun="event",
    markdown=False,
    schema="event",
    order=50,
    pages="portal.render.calendar_pages:event_pages",
    sections=((50, "events/index.md"),),
    vocabularies={"categories": "category", "audiences": "audience"},
    date_field="start",
    new="event",
    editor=EditorCollection("Veranstaltungen"),
)
