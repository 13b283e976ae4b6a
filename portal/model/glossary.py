"""A glossary term: a German word readers meet at the authorities, explained in every language."""

from __future__ import annotations

from pydantic import Field

from portal.model.common import EveryLanguageText
from portal.model.document import Translatable


class GlossaryTerm(Translatable):
    term: str = Field(description="The German term as readers meet it, e.g. Duldung.")
    forms: list[str] = Field(
        [],
        description="Other spellings and forms to explain where they appear, e.g. Duldungen, geduldet.",
    )
    explanation: EveryLanguageText = Field(description="One or two plain sentences, in every site language.")

    def words(self) -> list[str]:
        return [self.term, *self.forms]
