"""A project: a funded programme of the network, with a period, partners and funders."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from portal.messages import _
from portal.model.common import Contact, ContentModel, Day, LocalizedText, Reference, Url, vocabulary
from portal.model.document import Document


class Period(ContentModel):
    start: Day
    end: Day | None = Field(None, description="Leave out while the project is running.")


class Project(Document):
    summary: LocalizedText
    period: Period
    lead: Reference("partners") | None = Field(None, description="The partner that leads the project.")
    partners: list[Reference("partners")] = []
    funding: list[Reference("partners")] = Field([], description="Partners (of kind funder) that fund the project.")
    programme: str | None = Field(None, description="Funding programme, e.g. ESF-Integrationsrichtlinie Bund (IvAF).")
    target_group: LocalizedText | None = None
    services: list[vocabulary("services")] = []  # type: ignore[valid-type]
    region: str | None = None
    website: Url | None = None
    contact: Contact | None = None
    successor_of: Reference("projects") | None = Field(None, description="The project this one continues.")

    def running_on(self, day: date) -> bool:
        return self.period.start <= day and (self.period.end is None or day <= self.period.end)

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        end = self.period.end
        if end is not None and end < self.period.start:
            return [(("period", "end"), _("end ({end}) is before start ({start})", end=end, start=self.period.start))]
        return []
