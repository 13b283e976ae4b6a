"""The two pages of the portal as a companion on the phone, in every language.

- `saved/`: the reader's saved items ("Merkliste"). The list lives in the reader's browser
  (localStorage), so the page is a frame that `companion.js` fills; without JavaScript it
  says that the list needs it.
- `offline/`: what the service worker shows in place of a page that is not kept on the
  device, listing every page that is (the same list the worker keeps, `portal.offline`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.render.pages import GeneratedPage, LanguageRenderer

# Interface string of each group of the offline page's list.
GROUPS = {
    "home": "home",
    "finder": "finder",
    "guidance": "guidance",
    "glossary": "glossary",
    "places": "places",
    "events": "offline_events",
    "saved": "saved_list",
}


def companion_pages(r: LanguageRenderer) -> list[GeneratedPage]:
    from portal.offline import OFFLINE_PAGE, SAVED_PAGE, core_pages

    c = r.content
    groups: list[tuple[str, str, list[tuple[str, str]]]] = []  # (heading, link of the group, items)

    def group(kind: str, src: str) -> None:
        groups.append((str(r.t(GROUPS[kind])), src, []))

    for page in core_pages(c):
        slug = page.src.rpartition("/")[2].removesuffix(".md")
        if page.kind in GROUPS:
            group(page.kind, page.src)
        elif page.kind == "guidance-topic":
            groups[-1][2].append((page.src, r.text(c.guidance[slug].title)))
        elif page.kind == "event":
            groups[-1][2].append((page.src, r.text(c.events[slug].title)))
        # finder steps and the offline page itself are reached from their groups' pages
    save = str(r.t("save_for_later"))
    return [
        r.render(
            SAVED_PAGE,
            "saved_page.html",
            str(r.t("saved_list")),
            str(r.t("saved_list_intro")),
            searchable=False,
            save=save,
        ),
        r.render(
            OFFLINE_PAGE,
            "offline_page.html",
            str(r.t("offline_title")),
            str(r.t("offline_intro")),
            searchable=False,
            groups=groups,
        ),
    ]
