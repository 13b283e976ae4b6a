"""Fixed pages: imprint, privacy statement, accessibility statement (linked from every footer)."""

from portal.kinds import ContentKind
from portal.model.page import Page

KIND = ContentKind(
    folder="pages",
    model=Page,
    noun="page",
    markdown=True,
    schema="page",
    order=110,
    pages="portal.render.news_pages:fixed_pages",
)
