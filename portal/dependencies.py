"""Which generated pages a change of some files affects: what the preview re-renders.

The content layer knows what its pages are made of:

- an item's page (events/x.md) shows the item, the items it refers to (its organizer's name,
  its project's title) and the items that refer to it (the news about it, the events of a
  guidance topic);
- the other pages of a kind (lists, filters, months, the archive, overviews) show any number of
  items, also of other kinds (the network page shows the office's hours): they are few and
  always rendered again, and only those whose text changed are rebuilt;
- some things appear on every page (the footer's pages, glossary terms in every text, the news
  feed link, the site settings, templates and strings): a change there affects everything.

A change of a hand-written page in docs/ affects that page, in every language (a translation's
notice depends on its original).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portal.calendar import horizon, months_between, occurrences
from portal.content import Content
from portal.kinds import by_folder, kinds, references
from portal.render.calendar_pages import month_src

# Kinds whose items show up on every page: a change is a change of everything.
EVERYWHERE = {"pages", "glossary"}


@dataclass
class Change:
    """What changed, sorted by what it affects. `everything`: build all pages again."""

    items: set[tuple[str, str]] = field(default_factory=set)  # (folder, slug) of content files
    docs: set[str] = field(default_factory=set)  # hand-written pages, by src without language (about.md)
    other_docs_files: bool = False  # images and other files in docs/
    everything: bool = False


def classify(paths: set[Path], content: Content, docs_dir: Path) -> Change:
    """Sort changed (or removed) files into items, hand-written pages, and the rest."""
    site = content.site
    change = Change()
    folders = by_folder()
    for path in paths:
        if path.is_relative_to(docs_dir):
            relative = path.relative_to(docs_dir).as_posix()
            if relative.endswith(".md"):
                stem = relative.removesuffix(".md")
                base, _dot, lang = stem.rpartition(".")
                change.docs.add((base if base and lang in site.language_codes else stem) + ".md")
            else:
                change.other_docs_files = True
            continue
        if not path.is_relative_to(site.content_dir):
            change.everything = True  # mkdocs.yml, overrides, templates, strings
            continue
        parts = path.relative_to(site.content_dir).parts
        if len(parts) != 2 or parts[0] not in folders or parts[0] in EVERYWHERE:
            change.everything = True  # site.yml, media, a folder of its own
            continue
        stem = parts[1].rsplit(".", 1)[0]
        if folders[parts[0]].markdown:
            base, _dot, lang = stem.rpartition(".")
            stem = base if base and lang in site.language_codes else stem
        change.items.add((parts[0], stem))
    return change


def affected_item_pages(before: Content, after: Content, changed: set[tuple[str, str]]) -> set[str]:
    """The item pages (events/x.md) a change of these items affects, in the old and the new content."""
    pages = set()
    for folder, slug in changed:
        pages.add(f"{folder}/{slug}.md")
        for content in (before, after):
            item = content.items.get(folder, {}).get(slug)
            # Items that refer to this one show its title; it shows theirs.
            for (source, name), target in references().items():
                if target == folder:
                    pages |= {f"{source}/{other}.md" for other, _item in content.referrers(source, folder, slug)}
                if source == folder and item is not None:
                    value = getattr(item, name)
                    for ref in value if isinstance(value, list) else [value]:
                        if ref is not None:
                            pages.add(f"{target}/{ref}.md")
    return pages


MONTH_PAGES = "events/calendar/"


def is_month_page(src: str) -> bool:
    """events/calendar/2026-12.md: a month's grid (the calendar's index is not one)."""
    return src.startswith(MONTH_PAGES) and src != f"{MONTH_PAGES}index.md"


def affected_month_pages(before: Content, after: Content, changed: set[tuple[str, str]]) -> set[str] | None:
    """The month pages a change of these items affects: the months of the changed events' days,
    before and after. None: any month may have changed (a change of another kind, whose items
    the event cards show). A month page also names the first and the last month of the calendar:
    when the months themselves change, the caller renders them all again."""
    if any(folder != "events" for folder, _slug in changed):
        return None
    site = after.site
    until = horizon(site.today, site.calendar_horizon_months)
    pages = set()
    for _folder, slug in changed:
        for content in (before, after):
            event = content.events.get(slug)
            if event is None:
                continue
            for occ in occurrences(slug, event, site.timezone, until):
                pages |= {month_src(month) for month in months_between(occ.first_day, occ.last_day)}
    return pages


def affects_everything(before: Content, after: Content) -> bool:
    """What the engine puts on every page changed: whether there are news (the feed link)."""
    return bool(before.news) != bool(after.news)


def item_page_test(content: Content):
    """A test whether a page (by src) is the page of an item: the pages that are not always rendered."""
    item_pages = {f"{kind.folder}/{slug}.md" for kind in kinds() for slug in content.items.get(kind.folder, {})}
    return item_pages.__contains__
