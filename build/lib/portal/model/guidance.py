"""A guidance topic: general legal information for refugees and counsellors, with its sources."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from pydantic import Field

from portal.messages import _
from portal.model.common import ContentModel, Day, LocalizedText, Url, vocabulary
from portal.model.document import Document
from portal.site import SiteConfig


class LegalSource(ContentModel):
    label: str = Field(description="How the law is cited, e.g. § 60a AufenthG.")
    url: Url = Field(description="Link to the official text.")


class Review(ContentModel):
    date: Day
    by: str = Field(description="Who checked the topic against the current law, e.g. a counsellor's organisation.")


class AppliesTo(ContentModel):
    """Where the finder ("Which rules apply to me?") leads to this topic."""

    statuses: list[vocabulary("residence-statuses")] = Field(min_length=1)  # type: ignore[valid-type]
    questions: list[vocabulary("questions")] = Field(min_length=1)  # type: ignore[valid-type]


class Guidance(Document):
    summary: LocalizedText
    sources: list[LegalSource] = Field(min_length=1, description="The legal sources the topic rests on.")
    reviewed: Review
    applies_to: AppliesTo
    audience: list[vocabulary("audiences")] = []  # type: ignore[valid-type]

    def review_due(self, site: SiteConfig) -> date:
        return self.reviewed.date + relativedelta(months=site.review_interval_months)

    def review_overdue(self, site: SiteConfig) -> bool:
        return site.today > self.review_due(site)

    def site_problems(self, site: SiteConfig) -> list[tuple[tuple, str, str]]:
        if not self.review_overdue(site):
            return []
        return [
            (
                ("reviewed", "date"),
                _(
                    "was last reviewed on {date}; topics are reviewed every {months} months, so a review "
                    "was due on {due}. Check the text against the current law, then set the new date",
                    date=self.reviewed.date,
                    months=site.review_interval_months,
                    due=self.review_due(site),
                ),
                "warning",
            )
        ]
