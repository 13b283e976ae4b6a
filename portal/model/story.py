"""A success story: a person's way into work or training, published only with consent."""

from __future__ import annotations

from pydantic import Field

from portal.messages import _
from portal.model.common import (
    ContentModel,
    Day,
    EveryLanguageText,
    LocalizedText,
    Reference,
    Url,
    media_file,
    vocabulary,
)
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
    src: media_file(("jpg", "jpeg", "png", "webp"), "hala.jpg") = Field(  # type: ignore[valid-type]
        description="A picture in content/media/."
    )
    alt: EveryLanguageText = Field(
        description="What the picture shows, for people who cannot see it, in every language."
    )


class Consent(ContentModel):
    """Recorded consent of the person portrayed; checked, never shown on the site."""

    given_by: str
    date: Day
    scope: str = Field(description="What the person agreed to be published.")

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        problems = []
        for name in ("given_by", "scope"):
            if not getattr(self, name).strip():
                problems.append(((name,), _("is empty; the consent record needs it")))
        return problems

    def site_problems(self, site) -> list[tuple[tuple, str, str]]:
        if self.date > site.today:
            return [
                (
                    ("date",),
                    _(
                        "{date} is in the future; write the day the person gave consent",
                        date=self.date.isoformat(),
                    ),
                    "error",
                )
            ]
        return []


class Story(Document):
    summary: LocalizedText | None = None
    person: Person
    project: Reference("projects") | None = None
    quote: LocalizedText | None = None
    video: Video | None = None
    image: Image | None = None
    consent: Consent = Field(description="Required: who consented, when, and to what.")

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        own = super().cross_field_problems()
        return own + [(("consent", *loc), message) for loc, message in self.consent.cross_field_problems()]

    def site_problems(self, site) -> list[tuple[tuple, str, str]]:
        own = super().site_problems(site)
        return own + [(("consent", *loc), message, level) for loc, message, level in self.consent.site_problems(site)]
