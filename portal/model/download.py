"""A document to download or read: brochure, position paper, handout."""

from __future__ import annotations

from pydantic import Field

from portal.messages import _
from portal.model.common import LocalizedText, PartialDate, Reference, SpokenLanguage, Url, media_file
from portal.model.document import Translatable


class Download(Translatable):
    title: LocalizedText
    publisher: str = Field(description="Who published it, e.g. Deutscher Städtetag.")
    date: PartialDate = Field(description="2021, 2021-07 or 2021-07-15: as precisely as the document says.")
    languages: list[SpokenLanguage] = Field(min_length=1, description="The languages the document is written in.")
    summary: LocalizedText | None = None
    kind: LocalizedText | None = Field(None, description="E.g. Broschüre, Positionspapier.")
    file: media_file(("pdf",), "broschuere-2021.pdf") | None = Field(  # type: ignore[valid-type]
        None, description="A PDF in content/media/, e.g. broschuere-2021.pdf."
    )
    url: Url | None = Field(None, description="Where the publisher offers the document.")
    projects: list[Reference("projects")] = []

    def cross_field_problems(self) -> list[tuple[tuple, str]]:
        if self.file is None and self.url is None:
            return [(("file",), _("give the document as a file (in content/media/) or a url where it can be found"))]
        return []
