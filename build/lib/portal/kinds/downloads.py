"""Documents: brochures, position papers, reports."""

from portal.kinds import ContentKind, EditorCollection
from portal.model.download import Download

KIND = ContentKind(
    folder="downloads",
    model=Download,
    noun="download",
    markdown=False,
    schema="download",
    order=90,
    pages="portal.render.news_pages:download_pages",
    sections=((90, "downloads/index.md"),),
    editor=EditorCollection("Downloads"),
)
