"""Success stories: the gallery with static filter pages, and one page per story."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer

# URL folder of each filter -> the story's term for it
_TERM_OF = {
    "field": lambda story: story.person.field,
    "region": lambda story: story.person.region,
    "project": lambda story: story.project,
}


def story_filters(r: LanguageRenderer) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The filters with the terms that have at least one story, in vocabulary order."""
    used = {folder: {term_of(s) for s in r.content.stories.values()} for folder, term_of in _TERM_OF.items()}
    terms = {
        "field": [(f, r.label("occupation-fields", f)) for f in r.site.vocabulary("occupation-fields")],
        "region": [(g, r.label("regions", g)) for g in r.site.vocabulary("regions")],
        "project": [(slug, r.text(p.title)) for slug, p in r.content.projects.items()],
    }
    return [
        (f"filter_by_{folder}", folder, [(term, label) for term, label in terms[folder] if term in used[folder]])
        for folder in _TERM_OF
    ]


def story_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    c = r.content
    pages = r.filtered_directory(
        "stories",
        "story_index.html",
        list(c.stories.items()),
        story_filters(r),
        lambda story, folder, term: _TERM_OF[folder](story) == term,
    )
    for slug, story in c.stories.items():
        pages.append(r.item_page("stories", slug, story, "story", news=c.referrers("news", "stories", slug)))
    return pages
