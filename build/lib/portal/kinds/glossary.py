"""Glossary: German terms from the authorities, explained in every language (pages: see guidance)."""

from portal.kinds import ContentKind, EditorCollection
from portal.model.glossary import GlossaryTerm

KIND = ContentKind(
    folder="glossary",
    model=GlossaryTerm,
    noun="glossary term",
    markdown=False,
    schema="glossary-term",
    order=30,
    sections=((30, "glossary/index.md"),),
    editor=EditorCollection("Wörterbuch", identifier="term"),
)
