"""A success story: a person's way into work or training, published only with consent."""

from __future__ import annotations

from pydantic import Field

from portal.model.common import ContentModel, Day, EveryLanguageText, LocalizedText, Reference, Url, vocabulary
from portal.model.document import Document


class Person(ContentModel):
    first_name: str
    origin: LocalizedText = Field(description="Country of origin.")
    occupation: LocalizedText = Field(description="Occupation now.")
    city: str
    field: vocabulary("occupation-fields")  # type: ignore[valid-type]
    region: vocabulary("regions")  # type: ignore[valid-type]


class Video(ContentModel):
    url: Url
    host: str = Field(description="Where the video is hosted, e.g. YouTube; readers are told before they leave.")
    title: LocalizedText | None = None


class Image(ContentModel):
    src: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*\.(jpg|jpeg|png|webp)$", description="A picture in content/media/.")
    alt: EveryLanguageText = Field(
        description="What the picture shows, for people who cannot see it, in every language."
    )


class Consent(ContentModel):
    """Recorded consent of the person portrayed; checked, never shown on the site."""

    given_by: str
    date: Day
    scope: str = Field(description="What the person agreed to be published.")


class Story(Document):
    summary: LocalizedText | None = None
    person: Person
    project: Reference("projects") | None = None
    quote: LocalizedText | None = None
    video: Video | None = None
    image: Image | None = None
    consent: Consent = Field(description="Required: who consented, when, and to what.")
