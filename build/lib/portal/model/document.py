"""What the Markdown content types share: a title, a body and its translations."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from portal.model.common import ContentModel, LocalizedText


class TranslationInfo(ContentModel):
    """Front matter of a translation file such as `hala.ar.md`."""

    title: str | None = None
    summary: str | None = None
    machine_translated: bool = Field(False, description="true when a machine made this translation")
    translation_of: str | None = Field(
        None,
        pattern="^[0-9a-f]{12}$",
        description="Which version of the original this translation was made from. "
        "Written by `portal translations mark-current`; do not edit by hand.",
    )


class Document(ContentModel):
    """A Markdown file with front matter; the body is translated by sibling files (`x.en.md`)."""

    title: LocalizedText
    body: SkipJsonSchema[dict[str, str]] = {}
    translations: SkipJsonSchema[dict[str, TranslationInfo]] = {}

    # Filled by the loader from the body and the translation files, not written by staff.
    INTERNAL_FIELDS: ClassVar[tuple[str, ...]] = ("body", "translations")
    # Fields of the front matter that a translation file may give in its own language.
    TRANSLATABLE_IN_SIBLING: ClassVar[tuple[str, ...]] = ("title", "summary")
