"""A guidance topic: general legal information for refugees and counsellors, with its sources."""

from __future__ import annotations

from pydantic import Field

from portal.model.common import ContentModel, Day, LocalizedText, Url, vocabulary
from portal.model.document import Document


class LegalSource(ContentModel):
    label: str = Field(description="How the law is cited, e.g. § 60a AufenthG.")
    url: Url = Field(description="Link to the official text.")


class Review(ContentModel):
    date: Day
    by: str


class Guidance(Document):
    summary: LocalizedText
    sources: list[LegalSource] = Field(min_length=1, description="The legal sources the topic rests on.")
    reviewed: Review
    audience: list[vocabulary("audiences")] = []  # type: ignore[valid-type]

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        return []
