"""Loading all content: every file read, validated against the model and cross-checked.

Every problem is collected before anything fails, so staff can fix all of them in one round.
"""

from __future__ import annotations

import dataclasses
import difflib
import multiprocessing
import os
import threading
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from portal.check_memo import CheckMemo, Remembered
from portal.kinds import ContentKind, by_folder, kinds, references
from portal.media import media_files, outside_link_problem, outside_links
from portal.messages import _
from portal.model import Download, Story
from portal.model.common import SLUG
from portal.model.document import Document, TranslationInfo
from portal.problems import ContentError, Problem
from portal.site import SiteConfig
from portal.yamlsource import Source, SourceError, read_markdown, read_yaml


@dataclass
class Content:
    """All content of a site, validated; items keyed by slug, in file-name order.

    Each kind's items are also an attribute named after its folder: `content.events`.
    """

    site: SiteConfig
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    # Every content file as read (before translations are merged): the translation states use it.
    parsed: dict[Path, Source | Problem] = field(default_factory=dict, repr=False)
    # Items `portal check` took from its memo instead of reading them (check_memo.py): not in
    # `items`, so such a Content serves counts and problems only, never a build.
    remembered: dict[tuple[str, str], Remembered] = field(default_factory=dict, repr=False)

    def count(self, folder: str) -> int:
        """The valid items of a kind, read or remembered."""
        remembered = sum(1 for (kind, _slug), item in self.remembered.items() if kind == folder and item.valid)
        return len(self.items.get(folder, {})) + remembered

    def __getattr__(self, name: str) -> dict[str, Any]:
        folder = name.replace("_", "-")
        if folder in by_folder():
            return self.__dict__.get("items", {}).get(folder, {})
        raise AttributeError(name)

    def referrers(self, folder: str, target: str, slug: str) -> list[tuple[str, Any]]:
        """The items of `folder` whose references point at `target`/`slug` (e.g. news about a project)."""
        found = []
        for name in (name for (source, name), kind in references().items() if source == folder and kind == target):
            for item_slug, item in self.items.get(folder, {}).items():
                value = getattr(item, name)
                if value == slug or (isinstance(value, list) and slug in value):
                    found.append((item_slug, item))
        return found


@dataclass
class ContentCache:
    """What reading and validating each file gave, kept between checks of one site.

    The preview checks the whole site after every save; with this, only the files that changed
    are read and validated again (a file is known by its modification time, size and inode).
    The checks across files (references, translations) always run on everything. Validation
    results are kept only while the settings, the media files and the day stay the same.
    """

    parsed: dict[Path, tuple[tuple, tuple, Source | Problem]] = field(default_factory=dict)
    items: dict[tuple[str, str], tuple[tuple, tuple]] = field(default_factory=dict)
    site_key: tuple | None = None
    reused: int = 0  # files taken from the cache in the last check (for tests and benchmarks)

    def begin(self, site: SiteConfig) -> None:
        key = validation_key(site)
        if key != self.site_key:
            self.items.clear()
            self.site_key = key
        self.reused = 0


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def validation_key(site: SiteConfig) -> tuple:
    """What validation depends on besides the file itself: the settings, the media files, today."""
    settings = [site.root / "mkdocs.yml", site.settings_path or site.content_dir / "site.yml"]
    media = site.content_dir / "media"
    files = sorted(media.rglob("*")) if media.is_dir() else []
    return (site.today, *((path, _stamp(path)) for path in [*settings, *files]))


def load_content(
    site: SiteConfig, cache: ContentCache | None = None, memo: CheckMemo | None = None
) -> tuple[Content, list[Problem]]:
    """Read and validate everything; returns the valid items and every problem found.

    With a cache, files unchanged since the last call are not read or validated again. With a
    memo (`portal check`'s), unchanged items are not even kept: `content.remembered` stands in.
    """
    content = Content(site)
    problems: list[Problem] = []
    sources: dict[tuple[str, str], Source] = {}
    # Every item whose references can be checked: the valid ones, and the valid part of the others.
    checkable: dict[tuple[str, str], Any] = {}
    if cache is not None:
        cache.begin(site)
    for kind in kinds():
        content.items[kind.folder] = {}
        folder = site.content_dir / kind.folder
        if not folder.is_dir():
            continue
        reference_names = [name for (source_folder, name) in references() if source_folder == kind.folder]
        for slug, original, siblings, stamps in _read_folder(kind, folder, site, problems, cache, content.parsed, memo):
            key = (kind.folder, slug)
            if isinstance(original, Problem):
                content.files[key] = original.path
                continue
            if isinstance(original, Remembered):
                problems += original.problems
                content.files[key] = original.path
                content.remembered[key] = original
                # Enough of the source for a reference's message: the file, read again for its lines.
                sources[key] = Source(original.path, None, None, origin=original.origin, markdown=kind.markdown)
                if original.references is not None:
                    checkable[key] = types.SimpleNamespace(**original.references)
                continue
            source, item, checked, found = _item(kind, slug, original, siblings, site, cache)
            problems += found
            sources[key] = source
            content.files[key] = source.path
            if item is not None:
                content.items[kind.folder][slug] = item
            if checked is not None:
                checkable[key] = checked
            if memo is not None:
                refs = {name: getattr(checked, name) for name in reference_names} if checked is not None else None
                memo.remember(kind.folder, slug, stamps, Remembered(source.path, item is not None, found, refs))
    if memo is not None:
        memo.forget_all_but(set(content.files))
    problems += _check_references(content, sources, checkable)
    problems += media_files(site.content_dir / "media", site.root, site.relative)[1]
    if site.docs_dir is not None:
        problems += outside_links(site.docs_dir, site.root, site.relative)
    return content, list(dict.fromkeys(problems))  # each problem once, in the order found


def check_content(site: SiteConfig) -> tuple[Content, list[Problem]]:
    """Like load_content, but raises ContentError when any problem is an error."""
    content, problems = load_content(site)
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    return content, problems


def check_new_file(kind: ContentKind, source: Source, site: SiteConfig) -> list[Problem]:
    """What `portal check` would say about one new file (before it is written): its fields, the
    fields against each other, and its references to the files that exist."""
    problems: list[Problem] = []
    _item, checked = _validate(kind, source, site, problems)
    if checked is None:
        return problems
    content = Content(site)
    for other in kinds():
        folder = site.content_dir / other.folder
        if folder.is_dir():
            for path in folder.iterdir():
                stem = path.name.rsplit(".", 1)[0]
                content.files[(other.folder, stem.rpartition(".")[0] if other.markdown and "." in stem else stem)] = ""
    return problems + _check_references(content, {(kind.folder, "new"): source}, {(kind.folder, "new"): checked})


# --- reading files ---------------------------------------------------------------------------


def _item(
    kind: ContentKind,
    slug: str,
    original: Source,
    siblings: dict[str, Source | Problem],
    site: SiteConfig,
    cache: ContentCache | None,
) -> tuple[Source, Any, Any, list[Problem]]:
    """One item from its file and its translations' files: (source, valid item, checkable part, problems)."""
    inputs = (original, *sorted(siblings.items(), key=lambda pair: pair[0]))
    if cache is not None:
        hit = cache.items.get((kind.folder, slug))
        if hit is not None and _same_inputs(hit[0], inputs):
            cache.reused += 1
            return hit[1]
    found: list[Problem] = []
    source = _merge_translations(original, siblings, site, found) if kind.markdown else original
    item, checked = _validate(kind, source, site, found)
    result = (source, item, checked, found)
    if cache is not None:
        cache.items[(kind.folder, slug)] = (inputs, result)
    return result


def _same_inputs(old: tuple, new: tuple) -> bool:
    """The same parsed files (the very objects the cache handed out), for the same languages."""
    if len(old) != len(new) or old[0] is not new[0]:
        return False
    return all(a[0] == b[0] and a[1] is b[1] for a, b in zip(old[1:], new[1:], strict=True))


def _read_folder(
    kind: ContentKind,
    folder: Path,
    site: SiteConfig,
    problems: list[Problem],
    cache: ContentCache | None = None,
    read: dict[Path, Source | Problem] | None = None,
    memo: CheckMemo | None = None,
):
    """The folder's items: (slug, its parsed file or the problem reading it, its translations'
    parsed files, its files' stamps). An item the memo holds unchanged is not read: its
    Remembered stands in for the parsed file."""
    endings = (".md",) if kind.markdown else (".yml", ".yaml")
    originals: dict[str, Path] = {}
    translations: dict[str, dict[str, Path]] = {}
    outside = outside_link_problem(folder, site.root, site.relative(folder))
    if outside:
        problems.append(outside)
        return
    shown_folder = site.relative(folder)
    shown_names: dict[Path, str] = {}
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = folder / entry.name
        shown = shown_names[path] = f"{shown_folder}/{entry.name}"
        hidden = entry.name.startswith(".") and not entry.name.endswith(endings)  # .gitkeep, not ..yml
        if hidden or entry.name.lower() == "readme.md":
            continue
        if entry.is_dir():
            if path.name.endswith(endings):
                problems.append(
                    Problem(
                        shown,
                        None,
                        None,
                        _("is a folder, but named like a content file; a content file must be a file"),
                    )
                )
            continue
        # The folder lies inside the repository (checked above): only a link can lead out of it.
        outside = outside_link_problem(path, site.root, shown) if entry.is_symlink() else None
        if outside:
            problems.append(outside)
            continue
        if path.suffix not in endings:
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    _(
                        "is not a content file: {folder} are {endings} files",
                        folder=kind.folder,
                        endings=_(" or ").join(endings),
                    ),
                )
            )
            continue
        stem = path.name[: -len(path.suffix)]
        base, _dot, lang = stem.rpartition(".")
        if not kind.markdown or not base:
            base, lang = stem, site.default_language
        elif lang not in site.language_codes:
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    _(
                        "'{lang}' is not one of the site's languages ({languages})",
                        lang=lang,
                        languages=", ".join(site.language_codes),
                    ),
                )
            )
            continue
        slug = base.lower()
        if not SLUG.match(base):
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    _("the file name must use only lower-case letters, digits and hyphens (e.g. 2022-02-16-info-btz)"),
                )
            )
            continue
        if lang == site.default_language:
            if slug in originals:
                problems.append(
                    Problem(
                        shown,
                        None,
                        None,
                        _(
                            "has the same name as {other}; every {noun} needs its own file name",
                            other=site.relative(originals[slug]),
                            noun=_(kind.noun),
                        ),
                    )
                )
                continue
            originals[slug] = path
        else:
            translations.setdefault(slug, {})[lang] = path
    for slug, by_lang in translations.items():
        if slug not in originals:
            for path in by_lang.values():
                problems.append(
                    Problem(
                        site.relative(path),
                        None,
                        None,
                        _(
                            "is a translation, but its {language} original {slug}.md is missing",
                            language=site.default_language_name,
                            slug=slug,
                        ),
                    )
                )
    stamps: dict[str, list] = {}
    recalled: dict[str, Remembered] = {}
    if memo is not None:
        for slug, path in originals.items():
            files = [path, *(translations.get(slug, {})[lang] for lang in sorted(translations.get(slug, {})))]
            # Taken before reading: a file saved while it is read is read again next time.
            stamps[slug] = [[shown_names[file], *_stamp(file)] for file in files]
            remembered = memo.recall(kind.folder, slug, stamps[slug])
            if remembered is not None:
                remembered.origin = path
                recalled[slug] = remembered
    every = [
        path
        for slug, path in [
            *originals.items(),
            *((s, p) for s, by_lang in translations.items() for p in by_lang.values()),
        ]
        if slug not in recalled
    ]
    parsed = parse_files([(path, shown_names[path], kind.markdown) for path in every], cache)
    if read is not None:
        read.update(parsed)
    for slug, path in originals.items():
        if slug in recalled:
            yield slug, recalled[slug], {}, stamps[slug]
            continue
        source = parsed[path]
        if isinstance(source, Problem):
            problems.append(source)
            yield slug, source, {}, None  # it exists: references to it are no mistake of their own
            continue
        siblings = {lang: parsed[sibling] for lang, sibling in translations.get(slug, {}).items()}
        yield slug, source, siblings, stamps.get(slug)


# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 400


def _parse_file(job: tuple[Path, str, bool]) -> Source | Problem:
    path, shown, markdown = job
    try:
        # Without lines: read again for the few files that have a mistake to point at.
        return (read_markdown if markdown else read_yaml)(path, shown, with_lines=False)
    except SourceError as err:
        return err.problem


def parse_files(jobs: list[tuple[Path, str, bool]], cache: ContentCache | None = None) -> dict[Path, Source | Problem]:
    """Read and parse files, on every core for large portals (parsing YAML is most of a check).

    Worker processes are forked, which is only safe while no other thread runs (a live-reload
    server, a test's web server): then the files are read here, one after another. Files the
    cache holds unchanged are not read at all.
    """
    found: dict[Path, Source | Problem] = {}
    stamps: dict[Path, tuple] = {}
    if cache is not None:
        todo = []
        for job in jobs:
            # Taken before reading: a file saved while it is read is read again next time.
            stamp = stamps[job[0]] = _stamp(job[0])
            hit = cache.parsed.get(job[0])
            if hit is not None and stamp and hit[0] == stamp and hit[1] == job[1:]:
                found[job[0]] = hit[2]
            else:
                todo.append(job)
        jobs = todo
    cores = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or cores < 2 or threading.active_count() > 1:
        results = [_parse_file(job) for job in jobs]
    else:
        context = multiprocessing.get_context("fork")
        with context.Pool(cores) as pool:
            results = pool.map(_parse_file, jobs, chunksize=max(1, len(jobs) // (cores * 4)))
    for job, result in zip(jobs, results, strict=True):
        found[job[0]] = result
        if cache is not None:
            cache.parsed[job[0]] = (stamps[job[0]], job[1:], result)
    return found


def _merge_translations(
    source: Source,
    siblings: dict[str, Source | Problem],
    site: SiteConfig,
    problems: list[Problem],
) -> Source:
    if not isinstance(source.data, dict):
        return source
    data = dict(source.data)
    body = {site.default_language: source.body or ""}
    infos: dict[str, dict] = {}
    for lang, sibling in sorted(siblings.items(), key=lambda pair: pair[0]):
        if isinstance(sibling, Problem):
            problems.append(sibling)
            continue
        try:
            info = TranslationInfo.model_validate(sibling.data, context={"site": site})
        except ValidationError as err:
            problems += _explain(err, sibling, TranslationInfo)
            continue
        for name in Document.TRANSLATABLE_IN_SIBLING:
            value = getattr(info, name)
            if value is not None:
                current = data.get(name)
                merged = (
                    dict(current)
                    if isinstance(current, dict)
                    else ({site.default_language: current} if current is not None else {})
                )
                merged[lang] = value
                data[name] = merged
        body[lang] = sibling.body or ""
        infos[lang] = info
    data["body"] = body
    data["translations"] = infos
    return dataclasses.replace(source, data=data)  # the lines are the original's


def _validate(kind: ContentKind, source: Source, site: SiteConfig, problems: list[Problem]):
    """The valid item (or None), and what its further checks can run on (the valid part, if any).

    A file with a wrong field still gets its cross-field, site and reference checks on the
    fields that are right, so staff see every mistake of the file in one round.
    """
    if not isinstance(source.data, dict):
        problems.append(
            Problem(
                source.path,
                source.line_of(()) or 1,  # where the data starts: in Markdown, after the first ---
                None,
                _("must be a list of fields (title: …, start: …); the file is empty or holds something else"),
            )
        )
        return None, None
    try:
        item = kind.model.model_validate(source.data, context={"site": site})
    except ValidationError as err:
        problems += _explain(err, source, kind.model)
        partial = _valid_part(kind.model, source.data, err, site)
        if partial is not None:
            problems += _further_problems(partial, source, site, partial=True)
        return None, partial
    problems += _further_problems(item, source, site)
    return item, item


def _further_problems(item: Any, source: Source, site: SiteConfig, partial: bool = False) -> list[Problem]:
    """The checks that need a whole item: fields against each other, the site's settings, media files."""
    found: list[Problem] = []
    checks = (
        lambda: [(loc, message, "error") for loc, message in item.cross_field_problems()],
        lambda: item.site_problems(site),
    )
    for check in checks:
        try:
            results = check()
        except (AttributeError, TypeError):
            # A field these checks need was wrong and is left out; its own message says so.
            if not partial:
                raise
            continue
        for loc, message, severity in results:
            found.append(Problem(source.path, source.line_of(loc), _field_name(loc), message, severity))
    if isinstance(item, Story) and item.image:
        found += _missing_media(site, source, ("image", "src"), item.image.src)
    if isinstance(item, Download) and item.file:
        found += _missing_media(site, source, ("file",), item.file)
    return found


def _valid_part(model: type[BaseModel], data: dict, err: ValidationError, site: SiteConfig) -> Any:
    """The file's fields without the wrong ones, validated, as an item of `model` (missing fields None).

    None when even that cannot be validated (then only the field errors are reported).
    """
    data = dict(data)
    for _attempt in range(3):
        for error in err.errors(include_url=False):
            if error["loc"]:
                data.pop(error["loc"][0], None)
        try:
            return _partial_model(model).model_validate(data, context={"site": site})
        except ValidationError as again:
            err = again
    return None


_PARTIAL_MODELS: dict[type, type] = {}


def _partial_model(model: type[BaseModel]) -> type[BaseModel]:
    """`model` with every required field optional: what is left of a file once its wrong fields are out."""
    if model not in _PARTIAL_MODELS:
        optional = {
            name: (typing.Optional[info.rebuild_annotation()], None)  # noqa: UP045 - built at run time
            for name, info in model.model_fields.items()
            if info.is_required()
        }
        _PARTIAL_MODELS[model] = create_model(f"Partial{model.__name__}", __base__=model, **optional)
    return _PARTIAL_MODELS[model]


def _missing_media(site: SiteConfig, source: Source, loc: tuple, name: str) -> list[Problem]:
    if (site.content_dir / "media" / name).is_file():
        return []
    return [
        Problem(
            source.path, source.line_of(loc), _field_name(loc), _("there is no file content/media/{name}", name=name)
        )
    ]


# --- explaining validation errors in plain words ---------------------------------------------


def _explain(err: ValidationError, source: Source, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for error in err.errors(include_url=False):
        loc = tuple(error["loc"])
        problems.append(Problem(source.path, source.line_of(loc), _field_name(loc), _message(error, model, loc)))
    return problems


def _field_name(loc: tuple) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _message(error: dict, model: type[BaseModel], loc: tuple) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "portal":
        return error["msg"]
    if kind == "missing":
        return _("is required but missing")
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        suggestion = _(" (did you mean '{hint}'?)", hint=hint[0]) if hint else ""
        return _(
            "is not a known field{suggestion}; known fields here: {known}",
            suggestion=suggestion,
            known=", ".join(known),
        )
    if kind == "literal_error":
        allowed = ctx.get("expected", "").replace("'", "").replace(" or ", _(" or "))
        return _("{value!r} is not allowed; use one of: {allowed}", value=error["input"], allowed=allowed)
    if kind == "list_type":
        return _("must be a list, written [a, b] or as lines starting with '- '")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("must be a group of fields, written as indented lines below it")
    if kind == "string_type":
        return _("must be text")
    if kind == "bool_type":
        return _("must be true or false")
    if kind == "too_short":
        return _("needs at least one entry")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("{value!r} is not a whole number; write a number such as 1", value=error["input"])
    if kind in ("bool_parsing",):
        return _("{value!r} is not yes or no; write true or false", value=error["input"])
    if kind == "string_pattern_mismatch":
        described = _field_description(model, loc)
        return _(
            "{value!r} is not written the way this field needs{description}",
            value=error["input"],
            description=f" ({described})" if described else "",
        )
    return error["msg"]


def _field_description(model: type[BaseModel], loc: tuple) -> str:
    """The description of the field at `loc`, which says what to write there."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return ""
        info = current.model_fields[part]
        current = _inner_model(info.annotation) or info
    return (getattr(current, "description", None) or "") if not isinstance(current, type) else ""


def _known_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _inner_model(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        internal = getattr(current, "INTERNAL_FIELDS", ())
        return [name for name in current.model_fields if name not in internal]
    return []


def _inner_model(annotation: Any) -> Any:
    """The model inside Optional[...] or list[...], if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            inner = _inner_model(arg)
            if inner is not None:
                return inner
    return None


# --- references between files ----------------------------------------------------------------


def _check_references(
    content: Content, sources: dict[tuple[str, str], Source], checkable: dict[tuple[str, str], Any]
) -> list[Problem]:
    problems = []
    for (folder, name), target in references().items():
        # A file that exists is a known target even while it has mistakes of its own (they are
        # reported there): one wrong field must not turn every reference to it into a second error.
        known = {slug for kind, slug in content.files if kind == target}
        target_kind = by_folder()[target]
        for (item_folder, slug), item in checkable.items():
            if item_folder != folder:
                continue
            value = getattr(item, name)
            refs = value if isinstance(value, list) else [value]
            for index, ref in enumerate(refs):
                if ref is None or ref in known:
                    continue
                loc = (name, index) if isinstance(value, list) else (name,)
                source = sources[(folder, slug)]
                hint = difflib.get_close_matches(ref, sorted(known), n=1)
                suggestion = _("; did you mean '{hint}'?", hint=hint[0]) if hint else ""
                problems.append(
                    Problem(
                        source.path,
                        source.line_of(loc),
                        _field_name(loc),
                        _(
                            "there is no {noun} '{ref}' (no file {file}){suggestion}",
                            noun=_(target_kind.noun),
                            ref=ref,
                            file=target_kind.file_name(ref),
                            suggestion=suggestion,
                        ),
                    )
                )
    return problems
