"""A news item ("Aktuelles"): dated, linked to the projects, events and documents it is about."""

from __future__ import annotations

from pydantic import Field

from portal.model.common import Day, LocalizedText, Reference, Url
from portal.model.document import Document
from portal.model.story import Video


class News(Document):
    date: Day
    summary: LocalizedText
    projects: list[Reference("projects")] = []
    events: list[Reference("events")] = []
    guidance: list[Reference("guidance")] = []
    downloads: list[Reference("downloads")] = []
    stories: list[Reference("stories")] = []
    link: Url | None = Field(None, description="Where the full text or the original is published.")
    video: Video | None = Field(None, description="A film: linked, never embedded.")
