"""A success story: a person's way into work or training, published only with consent."""

from __future__ import annotations

from pydantic import Field

from portal.model.common import ContentModel, Day, LocalizedText, Slug, Url
from portal.model.document import Document


class Person(ContentModel):
    first_name: str
    origin: LocalizedText = Field(description="Country of origin.")
    occupation: LocalizedText = Field(description="Occupation now.")
    city: str


class Video(ContentModel):
    url: Url
    host: str = Field(description="Where the video is hosted, e.g. YouTube; readers are told before they leave.")
    title: LocalizedText | None = None


class Image(ContentModel):
    src: str
    alt: LocalizedText = Field(description="What the picture shows, for people who cannot see it.")


class Consent(ContentModel):
    """Recorded consent of the person portrayed; checked, never shown on the site."""

    given_by: str
    date: Day
    scope: str = Field(description="What the person agreed to be published.")


class Story(Document):
    summary: LocalizedText | None = None
    person: Person
    project: Slug | None = None
    quote: LocalizedText | None = None
    video: Video | None = None
    image: Image | None = None
    consent: Consent = Field(description="Required: who consented, when, and to what.")

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        return []
