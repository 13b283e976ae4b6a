"""Legal guidance: the topics, the finder ("Which rules apply to me?") and the glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from portal.calendar import next_occurrences
from portal.render.glossary import Explanation, annotate

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer


def finder_src(status: str | None = None, question: str | None = None) -> str:
    if status is None:
        return "finder/index.md"
    if question is None:
        return f"finder/{status}/index.md"
    return f"finder/{status}/{question}.md"


def topics_for(r: LanguageRenderer, status: str, question: str) -> list[tuple[str, object]]:
    return [
        (slug, topic)
        for slug, topic in r.content.guidance.items()
        if status in topic.applies_to.statuses and question in topic.applies_to.questions
    ]


def places_for(r: LanguageRenderer, questions: list[str]) -> list[tuple[str, object]]:
    """The places that help with these questions, the reader's (or the site's home) region first."""
    from portal.render.network_pages import ordered_places

    return ordered_places(
        r, [(slug, place) for slug, place in r.content.places.items() if set(place.helps_with) & set(questions)]
    )


def glossary_terms(r: LanguageRenderer) -> dict[str, tuple[list[str], Explanation]]:
    """Every glossary term with its explanation in the reader's language (once per language)."""
    own, default = r.site.language(r.lang), r.site.language(r.site.default_language)

    def explanation(entry) -> tuple[str, object]:
        # Every language has its own explanation, except easy German, which may use the German one.
        return (
            (entry.explanation[r.lang], own)
            if r.lang in entry.explanation
            else (entry.explanation[default.code], default)
        )

    explained = {slug: explanation(entry) for slug, entry in r.content.glossary.items()}
    return {
        slug: (
            entry.words(),
            Explanation(slug, entry.term, explained[slug][0], explained[slug][1].tag, explained[slug][1].direction),
        )
        for slug, entry in r.content.glossary.items()
    }


def guidance_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    c = r.content
    pages = [r.overview("guidance", "guidance_index.html", "guidance")]
    terms = glossary_terms(r)
    coming = next_occurrences(r.found, r.site.today)

    def explain_terms(html: Markup) -> Markup:
        # r.url is relative to the page being rendered, so it is taken when the page calls this.
        return annotate(str(html), terms, r.url("glossary/index.md"), "term")

    for slug, topic in c.guidance.items():
        pages.append(
            r.item_page(
                "guidance",
                slug,
                topic,
                "guidance",
                overdue=topic.review_overdue(r.site),
                places=places_for(r, topic.applies_to.questions),
                events=[occ for occ in coming if slug in occ.event.guidance],
                news=c.referrers("news", "guidance", slug),
                explain_terms=explain_terms,
            )
        )
    # Written without terms too: the navigation always names it (an empty page, not a dead link).
    pages.append(
        r.overview(
            "glossary",
            "glossary_index.html",
            "glossary",
            terms=sorted(c.glossary.items(), key=lambda kv: kv[1].term.casefold()),
        )
    )
    statuses, questions = r.site.vocabulary("residence-statuses"), r.site.vocabulary("questions")
    pages.append(
        r.render(finder_src(), "finder_start.html", str(r.t("finder")), str(r.t("finder_intro")), statuses=statuses)
    )
    for status in statuses:
        pages.append(
            r.render(
                finder_src(status),
                "finder_status.html",
                r.label("residence-statuses", status),
                str(r.t("finder_step_question")),
                status=status,
                questions=[(q, len(topics_for(r, status, q))) for q in questions],
                searchable=False,
            )
        )
        for question in questions:
            pages.append(
                r.render(
                    finder_src(status, question),
                    "finder_result.html",
                    f"{r.label('residence-statuses', status)}: {r.label('questions', question)}",
                    str(r.t("finder_result_intro")),
                    status=status,
                    question=question,
                    topics=topics_for(r, status, question),
                    places=places_for(r, [question]),
                    searchable=False,
                )
            )
    return pages
