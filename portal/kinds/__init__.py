"""The registry of content kinds: each kind describes itself once, everything else iterates it.

A content kind (events, places, offers …) is one module in this package that defines `KIND`,
a `ContentKind`: its folder under `content/`, its model, the word for one item, whether its
files are Markdown, the pages it renders, where those sit in the readers' navigation, the
vocabularies it needs, and how `portal new` and the browser editor offer it. Its references to
other kinds are declared as types in the model (`Reference("partners")`), not listed here.

The loader, `portal check`, the renderer, the JSON Schemas, the browser editor, `portal new`,
the navigation and the editor settings all read this registry, so a new kind touches three
places: its module here (model, declaration, pages), its templates, its interface strings.
Other packages can add kinds through the `portal.kinds` entry point group.
"""

from __future__ import annotations

import importlib
import pkgutil
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class EditorCollection:
    """How the browser editor (Decap CMS) offers a kind to staff who do not use git."""

    label: str  # in German, the staff's language
    identifier: str = "title.de"  # the field that names an item in the editor's list


@dataclass(frozen=True)
class Listing:
    """How a kind's items are listed on other kinds' pages: on the page of every item they
    refer to (a project's page lists the offers that name it) and in the finder's results."""

    heading: str  # interface string of the list's heading
    card: str  # template of one item in such a list; it sees `slug`, `item` and `heading_level`
    # "module:function(renderer, items) -> items": which of the referring items to list (e.g.
    # only open offers); all of them when None.
    shown: str | None = None
    # "module:function(renderer, status, question) -> items" for a finder result; None: not listed.
    finder: str | None = None

    def select(self, renderer, items: list) -> list:
        return _call(self.shown, renderer, items) if self.shown else items

    def for_finder(self, renderer, status: str, question: str) -> list:
        return _call(self.finder, renderer, status, question) if self.finder else []


def _call(path: str, *args):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)(*args)


@dataclass(frozen=True)
class ContentKind:
    folder: str  # content/<folder>/, and the address of its pages
    model: type[BaseModel]
    noun: str  # one item, in messages: "there is no partner 'x'"
    markdown: bool  # Markdown files with front matter (translations as x.en.md), else YAML
    schema: str  # its JSON Schema is schemas/<schema>.schema.json
    order: int  # position among the kinds: in the navigation, the editor, `portal check`'s count
    # "module:function" that renders the kind's pages in one language; it takes the
    # LanguageRenderer and returns GeneratedPages. A string, because rendering imports the
    # content layer, which imports this registry.
    pages: str | None = None
    # Pages of the readers' navigation, with their place in it (lower first).
    sections: tuple[tuple[int, str], ...] = ()
    # Further folders its pages live in besides its own (the finder of guidance, network/ of partners).
    page_folders: tuple[str, ...] = ()
    # Vocabularies of content/site.yml it needs: name -> the word for one term.
    vocabularies: dict[str, str] = field(default_factory=dict)
    # File names begin with this field's date (2022-02-16-info-btz.yml), in git and in the editor.
    date_field: str | None = None
    new: str | None = None  # `portal new <new>`; None: not offered
    editor: EditorCollection | None = None  # None: edited in git only
    # Listed on the pages of the items it refers to, and in the finder (see Listing).
    listing: Listing | None = None
    # "module:function(content, base_url, lang) -> {name: bytes}": files of one language beside
    # the pages, such as feeds (offers/feed.en.xml; the engine puts them in the language's folder).
    files: str | None = None

    def render_pages(self, renderer) -> list:
        return _call(self.pages, renderer) if self.pages else []

    def render_files(self, content, base_url: str, lang: str) -> dict[str, bytes]:
        return _call(self.files, content, base_url, lang) if self.files else {}

    def file_name(self, slug: str) -> str:
        return f"{self.folder}/{slug}{'.md' if self.markdown else '.yml'}"


@dataclass(frozen=True)
class ReferenceTo:
    """Marks a model field whose value names an item of another kind (by its file name)."""

    folder: str


# Kinds registered by code (`register`), beside the modules here and the entry points.
_REGISTERED: list[ContentKind] = []


def register(kind: ContentKind) -> None:
    """Add a kind at run time (a site's own code, a test); the registry is read anew."""
    _REGISTERED.append(kind)
    _forget()


def unregister(kind: ContentKind) -> None:
    _REGISTERED.remove(kind)
    _forget()


def _forget() -> None:
    for cached in (kinds, by_folder, references):
        cached.cache_clear()


@cache
def kinds() -> tuple[ContentKind, ...]:
    """Every registered kind, in their order."""
    found: list[ContentKind] = list(_REGISTERED)
    for module in pkgutil.iter_modules(__path__):
        kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
        if isinstance(kind, ContentKind):
            found.append(kind)
    for entry in entry_points(group="portal.kinds"):
        kind = entry.load()
        if isinstance(kind, ContentKind):
            found.append(kind)
    folders = [kind.folder for kind in found]
    duplicates = sorted({folder for folder in folders if folders.count(folder) > 1})
    if duplicates:
        raise RuntimeError(f"two content kinds claim the folder(s) {', '.join(duplicates)}")
    return tuple(sorted(found, key=lambda kind: (kind.order, kind.folder)))


@cache
def by_folder() -> dict[str, ContentKind]:
    return {kind.folder: kind for kind in kinds()}


def by_new_name() -> dict[str, ContentKind]:
    return {kind.new: kind for kind in kinds() if kind.new}


@cache
def references() -> dict[tuple[str, str], str]:
    """(folder, field) -> the folder it refers to, read from the models' `Reference` types."""
    found = {}
    for kind in kinds():
        for name, info in kind.model.model_fields.items():
            target = _reference_target(info.annotation, info.metadata)
            if target is not None:
                found[(kind.folder, name)] = target
    return found


def _reference_target(annotation: Any, metadata: list) -> str | None:
    for item in metadata:
        if isinstance(item, ReferenceTo):
            return item.folder
    if typing.get_origin(annotation) is typing.Annotated:
        _base, *extra = typing.get_args(annotation)
        return _reference_target(_base, extra)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            target = _reference_target(arg, [])
            if target is not None:
                return target
    return None


def vocabulary_nouns() -> dict[str, str]:
    """The vocabularies the kinds need (every site declares them): name -> the word for one term."""
    nouns: dict[str, str] = {}
    for kind in kinds():
        nouns.update(kind.vocabularies)
    return nouns


def navigation() -> list[str]:
    """The readers' navigation: the home page, then every kind's sections in their order."""
    sections = sorted((order, page) for kind in kinds() for order, page in kind.sections)
    return ["index.md", *(page for _order, page in sections)]


def generated_folders() -> list[str]:
    """Folders of generated pages (reached from their overview pages, not from the navigation)."""
    return sorted({folder for kind in kinds() for folder in (kind.folder, *kind.page_folders)})


def page_renderers() -> list[Callable]:
    return [kind.render_pages for kind in kinds() if kind.pages]


def listings() -> list[tuple[ContentKind, Listing]]:
    return [(kind, kind.listing) for kind in kinds() if kind.listing is not None]


def language_files(content, base_url: str, lang: str) -> dict[str, bytes]:
    """Every kind's own files of one language (feeds), beside its pages."""
    return {name: data for kind in kinds() for name, data in kind.render_files(content, base_url, lang).items()}
