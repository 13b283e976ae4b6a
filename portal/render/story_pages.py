"""Success stories: the gallery with static filter pages, and one page per story."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer

# (heading key, URL folder, how a story gives its term)
_FILTERS = (
    ("filter_by_field", "field", lambda story: story.person.field),
    ("filter_by_region", "region", lambda story: story.person.region),
    ("filter_by_project", "project", lambda story: story.project),
)


def story_filters(r: LanguageRenderer) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The filters with the terms that have at least one story, in vocabulary order."""
    stories = r.content.stories.values()
    used = {folder: {term_of(s) for s in stories} for _, folder, term_of in _FILTERS}
    projects = [(slug, r.text(p.title)) for slug, p in r.content.projects.items() if slug in used["project"]]
    return [
        (
            "filter_by_field",
            "field",
            [
                (f, r.label("occupation-fields", f))
                for f in r.site.vocabulary("occupation-fields")
                if f in used["field"]
            ],
        ),
        (
            "filter_by_region",
            "region",
            [(g, r.label("regions", g)) for g in r.site.vocabulary("regions") if g in used["region"]],
        ),
        ("filter_by_project", "project", projects),
    ]


def story_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    c = r.content
    term_of = {folder: get for _, folder, get in _FILTERS}
    pages = r.filtered_directory(
        "stories",
        "story_index.html",
        list(c.stories.items()),
        story_filters(r),
        lambda story, folder, term: term_of[folder](story) == term,
    )
    for slug, story in c.stories.items():
        pages.append(r.item_page("stories", slug, story, "story", news=c.referrers("news", "stories", slug)))
    return pages
