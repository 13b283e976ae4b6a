"""Legal guidance topics, the finder ("Which rules apply to me?") and the glossary page."""

from portal.kinds import ContentKind, EditorCollection
from portal.model.guidance import Guidance

KIND = ContentKind(
    folder="guidance",
    model=Guidance,
    noun="guidance topic",
    markdown=True,
    schema="guidance",
    order=20,
    pages="portal.render.guidance_pages:guidance_pages",
    sections=((10, "finder/index.md"), (20, "guidance/index.md")),
    page_folders=("finder", "glossary"),
    vocabularies={"residence-statuses": "residence status", "questions": "finder question", "audiences": "audience"},
    new="guidance",
    editor=EditorCollection("Rechtsthemen"),
)
