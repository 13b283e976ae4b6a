"""News ("Aktuelles") with references to projects, events, guidance, downloads and stories."""

from portal.kinds import ContentKind, EditorCollection
from portal.model.news import News

KIND = ContentKind(
    folder="news",
    model=News,
    noun="news item",
    markdown=True,
    schema="news-item",
    order=80,
    pages="portal.render.news_pages:news_pages",
    sections=((80, "news/index.md"),),
    date_field="date",
    new="news",
    editor=EditorCollection("Aktuelles"),
)
