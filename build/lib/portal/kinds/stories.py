"""Success stories, published only with recorded consent."""

from portal.kinds import ContentKind, EditorCollection
from portal.model.story import Story

KIND = ContentKind(
    folder="stories",
    model=Story,
    noun="story",
    markdown=True,
    schema="story",
    order=70,
    pages="portal.render.story_pages:story_pages",
    sections=((70, "stories/index.md"),),
    vocabularies={"occupation-fields": "occupation field", "regions": "region"},
    new="story",
    editor=EditorCollection("Erfolgsgeschichten"),
)
