"""A page of fixed text: imprint, privacy statement, accessibility statement, about."""

from __future__ import annotations

from pydantic import Field

from portal.model.common import LocalizedText
from portal.model.document import Document


class Page(Document):
    summary: LocalizedText | None = None
    footer: int | None = Field(
        None, description="Position in the footer links of every page (1 first); leave out otherwise."
    )
    legal: bool = Field(False, description="true: the German text is the binding one; translations say so.")
    imprint: bool = Field(
        False, description="true for the imprint: it also names who holds editorial responsibility (site setting)."
    )
