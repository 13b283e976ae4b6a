"""Projects: running and completed ones, and each project's page with what refers to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.calendar import Occurrence

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer


def project_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    c, today = r.content, r.site.today
    projects = sorted(c.projects.items(), key=lambda kv: kv[1].period.start, reverse=True)
    pages = [
        r.overview(
            "projects",
            "project_index.html",
            "projects",
            running=[(s, p) for s, p in projects if p.running_on(today)],
            completed=[(s, p) for s, p in projects if not p.running_on(today)],
        )
    ]
    for slug, project in c.projects.items():
        pages.append(
            r.item_page(
                "projects",
                slug,
                project,
                "project",
                events=_first_occurrences(r.found, {s for s, e in c.events.items() if e.project == slug}),
                stories=c.referrers("stories", "projects", slug),
                news=c.referrers("news", "projects", slug),
                downloads=c.referrers("downloads", "projects", slug),
            )
        )
    return pages


def _first_occurrences(found: list[Occurrence], slugs: set[str]) -> list[Occurrence]:
    seen: dict[str, Occurrence] = {}
    for occ in found:
        if occ.slug in slugs and occ.slug not in seen:
            seen[occ.slug] = occ
    return sorted(seen.values(), key=lambda occ: occ.start, reverse=True)
