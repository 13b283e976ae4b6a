"""A counselling place: where readers get personal advice, with opening hours and access."""

from __future__ import annotations

from pydantic import Field

from portal.model.common import (
    Address,
    Contact,
    LocalizedText,
    OpeningHours,
    Reference,
    SpokenLanguage,
    vocabulary,
)
from portal.model.document import Translatable


class Place(Translatable):
    name: LocalizedText
    organisation: Reference("partners") | None = Field(None, description="The partner that runs the place.")
    address: Address
    region: vocabulary("regions") | None = Field(  # type: ignore[valid-type]
        None, description="The region the place serves; the finder lists the reader's region first."
    )
    opening_hours: list[OpeningHours] = Field([], description="Regular hours; leave out for appointments only.")
    hours_note: LocalizedText | None = Field(None, description="E.g. 'and by appointment'; closed on public holidays.")
    languages: list[SpokenLanguage] = Field(min_length=1, description="Languages spoken in the counselling.")
    services: list[vocabulary("services")] = Field(min_length=1)  # type: ignore[valid-type]
    helps_with: list[vocabulary("questions")] = Field(  # type: ignore[valid-type]
        [], description="The finder's questions this place helps with; guidance on them links here."
    )
    booking: LocalizedText = Field(description="How to get an appointment.")
    contact: Contact | None = None
    step_free: bool | None = Field(None, description="true: reachable without steps; leave out when unknown.")
    access_note: LocalizedText | None = None

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        return [
            (("opening_hours", index, *loc), message)
            for index, hours in enumerate(self.opening_hours)
            for loc, message in hours.cross_field_problems()
        ]
