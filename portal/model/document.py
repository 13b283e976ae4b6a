"""What the Markdown content types share: a title, a body and its translations."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from portal.model.common import ContentModel, Day, LocalizedText


class TranslationRecord(ContentModel):
    """What is known about one language's translation: its original's version, machine, review."""

    machine_translated: bool = Field(False, description="true when a machine made this translation")
    translation_of: str | None = Field(
        None,
        pattern="^[0-9a-f]{12}$",
        description="Which version of the original's text this translation was made from. "
        "Written by `portal translations --mark-current` and `portal translations import`; do not edit by hand.",
    )
    reviewed_by: str | None = Field(
        None, description="Who checked this translation against the original (a person, e.g. 'Amal Haddad, RESQUE')."
    )
    reviewed_on: Day | None = Field(None, description="When that person checked it, e.g. 2026-12-01.")


class TranslationInfo(TranslationRecord):
    """Front matter of a translation file such as `hala.ar.md`."""

    title: str | None = None
    summary: str | None = None


class Translatable(ContentModel):
    """A YAML content file whose texts carry their translations inline ({de: …, ar: …})."""

    translations: dict[str, TranslationRecord] = Field(
        {},
        description="Per language: which version of the German texts its translations were made from, "
        "machine-made or reviewed by whom and when. Written by `portal translations`.",
    )
    minor_edit: Day | None = Field(
        None,
        description="Set to today's date with a change that leaves the translations valid (a typo fix); "
        "translations made before it stay current.",
    )


class Document(ContentModel):
    """A Markdown file with front matter; the body is translated by sibling files (`x.en.md`)."""

    title: LocalizedText
    minor_edit: Day | None = Field(
        None,
        description="Set to today's date with a change that leaves the translations valid (a typo fix); "
        "translations made before it stay current.",
    )
    body: SkipJsonSchema[dict[str, str]] = {}
    translations: SkipJsonSchema[dict[str, TranslationInfo]] = {}

    # Filled by the loader from the body and the translation files, not written by staff.
    INTERNAL_FIELDS: ClassVar[tuple[str, ...]] = ("body", "translations")
    # Fields of the front matter that a translation file may give in its own language.
    TRANSLATABLE_IN_SIBLING: ClassVar[tuple[str, ...]] = ("title", "summary")
