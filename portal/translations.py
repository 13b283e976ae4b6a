"""Translation state: for every translatable text and language, current, outdated or missing.

A translation records the version of its original's *text* that it was made from
(`translation_of`, a short digest written by `portal translations --mark-current` or by
`portal translations import`): in the front matter of a translation file (`x.ar.md`), or for
texts inside YAML files (events, places, glossary, partners, downloads, the site's labels) in
the file's `translations:` block, per language. Only the translatable text goes into the
digest (title, summary, body; the texts written per language), never metadata such as a
review date, sources' addresses or `applies_to`: re-checking a topic against the law does not
outdate its eight translations.

When the text changes afterwards the digests differ and the translation is outdated, unless
staff said that the change leaves the translations valid (a typo fix, a "minor edit"): with
`[minor edit]` in the commit message, or by setting `minor_edit: <date>` in the original in the
same change. Then the translations made from the version before stay current. The date readers
see is the day the text last changed (its last commit that changed the text, else the file date).

A translation also records who made it and who checked it: `machine_translated: true`, and
`reviewed_by` / `reviewed_on` once a person has reviewed it (EU AI Act, Art. 50(4): a reviewed
translation under someone's editorial responsibility need not carry the machine notice).
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from portal.kinds import kinds
from portal.messages import _
from portal.problems import Problem
from portal.site import SiteConfig
from portal.yamlsource import SourceError, parse_yaml, read_text

DOCS = "docs"  # hand-written pages in docs/
SITE = "site"  # the site's own texts in content/site.yml: title, funding statement, vocabulary labels
# What a translation file's front matter holds in its own language, besides the body.
SIBLING_TEXTS = ("title", "summary")
# The record of a translation, in a translation file's front matter or in a YAML file's
# `translations:` block (content/site.yml: `translations: records:`).
RECORD_FIELDS = ("translation_of", "machine_translated", "reviewed_by", "reviewed_on")
STATES = ("current", "outdated", "missing")
# Marks a commit whose change to a text leaves its translations valid.
MINOR_EDIT_MARKERS = ("[minor edit]", "[kleine änderung]")
HISTORY_DEPTH = 40  # commits looked at per file for minor edits and the day the text changed


def content_kinds():
    """The content kinds (folder, model, Markdown or YAML): the one place this module learns them."""
    return kinds()


def tracked_kinds() -> list[str]:
    """Every kind whose texts are tracked, in report order: the content kinds, docs, site labels."""
    return [kind.folder for kind in content_kinds()] + [DOCS, SITE]


@dataclass(frozen=True)
class TranslationState:
    kind: str  # a content folder (guidance, events …), docs or site
    item: str  # slug, or the page's path in docs/ without ending, or "site"
    lang: str
    state: str  # current, outdated or missing
    machine: bool
    original: Path
    translation: Path | None  # the translation file; for texts inside YAML the YAML file itself
    original_changed: date | None
    reviewed_by: str | None = None
    reviewed_on: date | None = None
    legal: bool = False  # guidance, or a page whose German text is binding: readers are told what to do
    inline: bool = False  # texts inside a YAML file rather than a translation file
    missing_texts: tuple[str, ...] = ()  # texts of the item with no translation in this language

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewed_by and self.reviewed_on)

    def as_dict(self, site: SiteConfig) -> dict:
        return {
            "kind": self.kind,
            "item": self.item,
            "language": self.lang,
            "state": self.state,
            "machine_translated": self.machine,
            "reviewed_by": self.reviewed_by,
            "reviewed_on": self.reviewed_on.isoformat() if self.reviewed_on else None,
            "legal": self.legal,
            "inline": self.inline,
            "missing_texts": list(self.missing_texts),
            "original": site.relative(self.original),
            "translation": site.relative(self.translation) if self.translation else None,
            "original_changed": self.original_changed.isoformat() if self.original_changed else None,
        }


@dataclass
class Unit:
    """One translatable item: its German texts and, per language, its translations and record."""

    kind: str
    item: str
    original: Path
    inline: bool
    source: dict[str, str]  # text name (title, body, location.name, vocabularies.questions.work) -> German
    translated: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> text name -> text
    records: dict[str, dict] = field(default_factory=dict)  # language -> record
    files: dict[str, Path] = field(default_factory=dict)  # language -> translation file (Markdown)
    legal: bool = False
    _digests: dict[tuple | str, str] = field(default_factory=dict, repr=False)  # by names, by language, "file"

    def whole_file_digest(self) -> str:
        """`original_digest` of the original, read once for all its languages."""
        if "file" not in self._digests:
            self._digests["file"] = original_digest(self.original)
        return self._digests["file"]

    def covered(self, lang: str) -> tuple[str, ...]:
        """The names of the German texts this language's translation covers."""
        if self.inline:
            return tuple(name for name in self.source if name in self.translated.get(lang, {}))
        return tuple(self.source)

    def digest(self, lang: str) -> str:
        """The fingerprint of the German texts this language's translation covers.

        A translation file covers the whole page; texts inside YAML only those it has, so that
        a new German description does not outdate a translated title.
        """
        if lang in self._digests:
            return self._digests[lang]
        names = self.covered(lang)
        if names not in self._digests:  # most languages cover the same texts: one digest for them all
            self._digests[names] = text_digest({name: self.source[name] for name in names})
        self._digests[lang] = self._digests[names]
        return self._digests[lang]


# Everything str.splitlines() breaks a line at.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _normal(text: str) -> str:
    text = str(text)
    if not _LINE_BREAK.search(text):
        return text.strip()  # one line (a title, a summary): the same, without splitting it
    text = text.replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def text_digest(texts: dict[str, str]) -> str:
    """A short fingerprint of texts; line endings and trailing spaces do not count."""
    joined = "\x1e".join(f"{name}\x1f{_normal(texts[name])}" for name in sorted(texts))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def original_digest(path: Path) -> str:
    """The fingerprint of a whole file, as translations recorded it before only texts counted.

    Still accepted, so that a site's translations stay current when it upgrades the kit.
    """
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


# --- reading the texts -------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


def split_markdown(text: str) -> tuple[dict, str]:
    """Front matter and body of a Markdown text (empty front matter when there is none)."""
    text = text.removeprefix("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    data, _lines = parse_yaml(match.group(1), "")
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def _localized(annotation: Any) -> bool:
    """Whether a field holds a text per language (LocalizedText), possibly optional."""
    for meta in getattr(annotation, "__metadata__", ()):
        schema = getattr(meta, "json_schema", None) or {}
        if schema.get("x-portal-def") in ("LocalizedText", "EveryLanguageText"):
            return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_localized(arg) for arg in typing.get_args(annotation))
    return False


def localized_fields(model: type[BaseModel], prefix: tuple = ()) -> list[tuple]:
    """The paths of a model's per-language texts: ('title',), ('location', 'name') …"""
    paths = []
    for name, info in model.model_fields.items():
        if name in getattr(model, "INTERNAL_FIELDS", ()):
            continue
        annotated = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        if _localized(annotated):
            paths.append((*prefix, name))
            continue
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                paths += localized_fields(arg, (*prefix, name))
    return paths


def _texts_at(data: dict, paths: list[tuple], default: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """German texts and translations per language found at `paths` in a file's data."""
    source: dict[str, str] = {}
    translated: dict[str, dict[str, str]] = {}
    for path in paths:
        value: Any = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        name = ".".join(path)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            source[name] = str(value)
        elif isinstance(value, dict) and value.get(default) is not None:
            source[name] = str(value[default])
            for lang, text in value.items():
                if lang != default and text is not None and str(text).strip():
                    translated.setdefault(str(lang), {})[name] = str(text)
    return source, translated


def _records(block: Any, languages: list[str]) -> dict[str, dict]:
    if not isinstance(block, dict):
        return {}
    return {str(lang): dict(record) for lang, record in block.items() if lang in languages and isinstance(record, dict)}


def _front_and_body(path: Path, site: SiteConfig, parsed: dict | None) -> tuple[dict, str]:
    """A Markdown file's front matter and body, from what the check has read when it has (no second parse)."""
    source = parsed.get(path) if parsed else None
    if source is not None and not isinstance(source, Problem):
        return (source.data if isinstance(source.data, dict) else {}), source.body or ""
    return split_markdown(read_text(path, site.relative(path)))


def _markdown_item(path: Path, site: SiteConfig) -> str:
    """The item a Markdown file belongs to: its name without the ending and language."""
    stem = path.name.removesuffix(".md")
    base, _dot, lang = stem.rpartition(".")
    return base if base and lang in site.language_codes else stem


def _markdown_units(
    site: SiteConfig, kind: str, folder: Path, files: list[Path], parsed: dict | None = None
) -> list[Unit]:
    names = {path.relative_to(folder).as_posix(): path for path in files}
    others = [code for code in site.language_codes if code != site.default_language]
    units = []
    for name, path in names.items():
        stem = name.removesuffix(".md")
        if "." in stem and stem.rpartition(".")[2] in site.language_codes:
            continue  # a translation; handled with its original
        try:
            meta, body = _front_and_body(path, site, parsed)
        except SourceError:
            continue  # `portal check` reports it
        source, translated = _texts_at(meta, [(n,) for n in SIBLING_TEXTS], site.default_language)
        source["body"] = body
        unit = Unit(kind, stem, path, False, source, translated, legal=kind == "guidance" or bool(meta.get("legal")))
        for lang in others:
            sibling = names.get(f"{stem}.{lang}.md")
            if sibling is None:
                unit.translated.pop(lang, None)  # a title in the original's front matter alone is no page
                continue
            try:
                front, text = _front_and_body(sibling, site, parsed)
            except SourceError:
                front, text = {}, ""
            texts = dict(unit.translated.get(lang, {}))
            texts.update({n: str(front[n]) for n in SIBLING_TEXTS if front.get(n)})
            if text.strip():
                texts["body"] = text
            unit.translated[lang] = texts
            unit.records[lang] = {key: front.get(key) for key in RECORD_FIELDS if key in front}
            unit.files[lang] = sibling
        units.append(unit)
    return units


def _yaml_units(site: SiteConfig, kind: str, model: type[BaseModel], folder: Path) -> list[Unit]:
    paths = localized_fields(model)
    units = []
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        try:
            data, _lines = parse_yaml(read_text(path, site.relative(path)), site.relative(path))
        except SourceError:
            continue
        if not isinstance(data, dict):
            continue
        source, translated = _texts_at(data, paths, site.default_language)
        if not source:
            continue
        unit = Unit(kind, path.stem, path, True, source, translated)
        unit.records = _records(data.get("translations"), site.language_codes)
        units.append(unit)
    return units


def _yaml_units_from_content(site: SiteConfig, kind: str, model: type[BaseModel], content) -> list[Unit]:
    """The same units as `_yaml_units`, from content already read and validated (no second parse)."""
    paths = localized_fields(model)
    units = []
    for slug, item in content.items.get(kind, {}).items():
        source: dict[str, str] = {}
        translated: dict[str, dict[str, str]] = {}
        for path in paths:
            value: Any = item
            for part in path:
                value = getattr(value, part, None)
            if not isinstance(value, dict) or site.default_language not in value:
                continue
            name = ".".join(path)
            source[name] = value[site.default_language]
            for lang, text in value.items():
                if lang != site.default_language and text.strip():
                    translated.setdefault(lang, {})[name] = text
        if not source:
            continue
        unit = Unit(kind, slug, site.root / content.files[(kind, slug)], True, source, translated)
        # A kind whose model has no `translations` block (one a site or test adds) records nothing yet.
        records = getattr(item, "translations", None) or {}
        # What model_dump(exclude_none=True) gives for these flat records, at a fraction of its cost.
        unit.records = {
            lang: {name: value for name, value in record.__dict__.items() if value is not None}
            for lang, record in records.items()
        }
        units.append(unit)
    return units


def site_text_paths(data: dict) -> list[tuple]:
    """The site's own translatable texts in content/site.yml: title, funding statement, labels."""
    paths = [("title",), ("funding_statement",)]
    for name, terms in (data.get("vocabularies") or {}).items():
        if isinstance(terms, dict):
            paths += [("vocabularies", name, term) for term in terms]
    return paths


def site_settings_file(site: SiteConfig) -> Path:
    return site.settings_path or site.content_dir / "site.yml"


def _site_unit(site: SiteConfig) -> list[Unit]:
    path = site_settings_file(site)
    if not path.is_file():
        return []
    try:
        data, _lines = parse_yaml(read_text(path, site.relative(path)), site.relative(path))
    except SourceError:
        return []
    if not isinstance(data, dict):
        return []
    source, translated = _texts_at(data, site_text_paths(data), site.default_language)
    unit = Unit(SITE, SITE, path, True, source, translated)
    unit.records = _records((data.get("translations") or {}).get("records"), site.language_codes)
    return [unit]


def translation_units(site: SiteConfig, content=None) -> list[Unit]:
    """Every translatable item of the site, Markdown pages and texts inside YAML alike.

    With `content` (already read by the check), the YAML files are not parsed a second time:
    at 5,000 events that halves what the translation states cost. The items `portal check`
    remembered (`content.remembered`) come from their memo, without their texts.
    """
    units: list[Unit] = []
    remembered = content.remembered if content is not None else {}
    for item in remembered.values():
        if item.unit is not None:
            units.append(unit_from_memo(item.unit))
    for kind in content_kinds():
        folder = site.content_dir / kind.folder
        if not folder.is_dir():
            continue
        if kind.markdown:
            parsed = content.parsed if content is not None else None
            files = sorted(folder.glob("*.md"))
            if remembered:
                files = [path for path in files if (kind.folder, _markdown_item(path, site)) not in remembered]
            units += _markdown_units(site, kind.folder, folder, files, parsed)
        elif content is not None:
            units += _yaml_units_from_content(site, kind.folder, kind.model, content)
        else:
            units += _yaml_units(site, kind.folder, kind.model, folder)
    if site.docs_dir is not None and site.docs_dir.is_dir():
        units += _markdown_units(site, DOCS, site.docs_dir, sorted(site.docs_dir.rglob("*.md")))
    units += _site_unit(site)
    return units


def unit_for_memo(unit: Unit, languages: list[str]) -> dict:
    """What the translation states need of a unit, without its texts: their names and, per
    language, the fingerprint of the German texts it covers (check_memo.py keeps it)."""
    return {
        "kind": unit.kind,
        "item": unit.item,
        "original": str(unit.original),
        "inline": unit.inline,
        "source": list(unit.source),
        "translated": {lang: list(texts) for lang, texts in unit.translated.items()},
        "records": unit.records,
        "files": {lang: str(path) for lang, path in unit.files.items()},
        "legal": unit.legal,
        "digests": {lang: unit.digest(lang) for lang in languages},
    }


def unit_from_memo(data: dict) -> Unit:
    """A unit as `unit_for_memo` kept it: names without texts, and the fingerprints it had."""
    unit = Unit(
        data["kind"],
        data["item"],
        Path(data["original"]),
        data["inline"],
        dict.fromkeys(data["source"], ""),
        {lang: dict.fromkeys(names, "") for lang, names in data["translated"].items()},
        data["records"],
        {lang: Path(path) for lang, path in data["files"].items()},
        data["legal"],
    )
    unit._digests.update(data["digests"])
    return unit


# --- history: minor edits and the day the text changed --------------------------------------


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=60).stdout


@dataclass
class Commit:
    sha: str
    day: date
    message: str


class History:
    """What git knows about the originals: their commits, and their text at each commit."""

    def __init__(self, root: Path, paths: list[Path]):
        self.root = root
        self.commits: dict[Path, list[Commit]] = {}
        self.modified: set[Path] = set()
        self.top = root
        if not paths:
            return
        names = [str(p) for p in paths]
        try:
            self.top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
            log = _git(root, "log", "--format=%x1e%H%x1f%cs%x1f%B%x1f", "--name-only", "--", *names)
            dirty = _git(root, "status", "--porcelain", "--", *names)
        except (OSError, subprocess.SubprocessError):
            return
        for record in log.split("\x1e")[1:]:
            sha, day, message, files = (record.split("\x1f") + ["", "", "", ""])[:4]
            commit = Commit(sha, date.fromisoformat(day), message)
            for name in files.strip().splitlines():
                self.commits.setdefault((self.top / name).resolve(), []).append(commit)
        self.modified = {(self.top / line[3:].strip()).resolve() for line in dirty.splitlines() if line.strip()}

    def text_at(self, path: Path, commit: Commit) -> str | None:
        relative = path.resolve().relative_to(self.top).as_posix()
        try:
            return _git(self.root, "show", f"{commit.sha}:{relative}")
        except (OSError, subprocess.SubprocessError):
            return None

    def versions(self, path: Path):
        """(text, day it was made, whether the change that made it was minor), newest first.

        The first is the file as it is; then each committed version, back to HISTORY_DEPTH.
        """
        resolved = path.resolve()
        commits = self.commits.get(resolved, [])[:HISTORY_DEPTH]
        current = path.read_text(encoding="utf-8")
        texts: list[tuple[str, date, str]] = []  # (text, day, commit message)
        if resolved in self.modified or not commits:
            texts.append((current, datetime.fromtimestamp(path.stat().st_mtime).date(), ""))
        for commit in commits:
            text = self.text_at(path, commit)
            if text is None:
                break
            texts.append((text, commit.day, commit.message))
        return texts


def _minor_edit_of(text: str, markdown: bool) -> Any:
    try:
        data = split_markdown(text)[0] if markdown else parse_yaml(text, "")[0]
    except SourceError:
        return None
    return data.get("minor_edit") if isinstance(data, dict) else None


def _unit_texts(unit: Unit, text: str, site: SiteConfig) -> dict[str, str] | None:
    """The German texts of an earlier version of the unit's original file."""
    try:
        if not unit.inline:
            meta, body = split_markdown(text)
            source, _t = _texts_at(meta, [(n,) for n in SIBLING_TEXTS], site.default_language)
            source["body"] = body
            return source
        data = parse_yaml(text, "")[0]
    except SourceError:
        return None
    if not isinstance(data, dict):
        return None
    paths = site_text_paths(data) if unit.kind == SITE else [tuple(name.split(".")) for name in unit.source]
    return _texts_at(data, paths, site.default_language)[0]


def _walk(unit: Unit, history: History, site: SiteConfig, lang: str, recorded: str | None) -> tuple[bool, date | None]:
    """Whether the recorded digest is valid after minor edits; and the day the text last changed."""
    versions = history.versions(unit.original)
    names = None
    if unit.inline:
        names = [name for name in unit.source if name in unit.translated.get(lang, {})]
    digests, minors, days = [], [], []
    for index, (text, day, message) in enumerate(versions):
        texts = _unit_texts(unit, text, site)
        if texts is None:
            break
        if names is not None:
            texts = {name: texts[name] for name in names if name in texts}
        digests.append(text_digest(texts))
        days.append(day)
        older = versions[index + 1][0] if index + 1 < len(versions) else None
        marked = any(marker in message.lower() for marker in MINOR_EDIT_MARKERS)
        flagged = older is not None and _minor_edit_of(text, not unit.inline) not in (
            None,
            _minor_edit_of(older, not unit.inline),
        )
        minors.append(marked or flagged)
    changed = None
    for index in range(len(digests)):
        older = digests[index + 1] if index + 1 < len(digests) else None
        if older != digests[index] and not minors[index]:
            changed = days[index]
            break
    valid = False
    for index, digest in enumerate(digests):
        if digest == recorded:
            valid = True
            break
        if index + 1 < len(digests) and digests[index + 1] != digest and not minors[index]:
            break  # a real change of the text since: the translation is outdated
    return valid, changed


def translation_states(
    site: SiteConfig, content=None, units: list[Unit] | None = None, only_outdated: bool = False
) -> list[TranslationState]:
    """Every translation's state; with `only_outdated`, only the outdated ones (what a check
    reports: at 5,000 events the other 40,000 states are a third of a check's time)."""
    units = translation_units(site, content) if units is None else units
    history = History(site.root, [unit.original for unit in units])
    states = []
    others = [code for code in site.language_codes if code != site.default_language]
    for unit in units:
        # Resolved only when git knows something: 5,000 resolve() calls cost a good part of a check.
        resolved = unit.original.resolve() if history.commits else None
        last_commit = history.commits.get(resolved) if resolved else None
        fallback_day = None
        for lang in others:
            texts = unit.translated.get(lang, {})
            record = unit.records.get(lang, {})
            missing = not texts or (not unit.inline and lang not in unit.files)
            recorded = None if missing else (str(record.get("translation_of") or "") or None)
            current = recorded is not None and (
                recorded == unit.digest(lang)
                or (not unit.inline and len(recorded) == 12 and recorded == unit.whole_file_digest())
            )
            if only_outdated and (missing or current):
                continue
            if fallback_day is None:
                fallback_day = (
                    last_commit[0].day
                    if last_commit and resolved not in history.modified
                    else datetime.fromtimestamp(unit.original.stat().st_mtime).date()
                )
            common = {
                "legal": unit.legal,
                "inline": unit.inline,
                "missing_texts": tuple(name for name in unit.source if name not in texts),
                "reviewed_by": str(record["reviewed_by"]) if record.get("reviewed_by") else None,
                "reviewed_on": _day(record.get("reviewed_on")),
            }
            if missing:
                states.append(
                    TranslationState(
                        unit.kind, unit.item, lang, "missing", False, unit.original, None, fallback_day, **common
                    )
                )
                continue
            day = fallback_day
            if not current and recorded is not None:
                current, changed = _walk(unit, history, site, lang, recorded)
                day = changed or fallback_day
            if only_outdated and current:
                continue
            target = unit.files.get(lang) if not unit.inline else unit.original
            states.append(
                TranslationState(
                    unit.kind,
                    unit.item,
                    lang,
                    "current" if current else "outdated",
                    bool(record.get("machine_translated")),
                    unit.original,
                    target,
                    day,
                    **common,
                )
            )
    return states


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- problems for check and build -----------------------------------------------------------


def outdated_problems(
    states: list[TranslationState], site: SiteConfig, kinds: list[str] | None, severity: str
) -> list[Problem]:
    """Outdated translations as problems for `portal check` (warnings) or a strict build (errors)."""
    return [
        Problem(
            site.relative(state.translation),
            None,
            None,
            _(
                "the translation may be outdated: its {language} original {original} changed on {date}; "
                "update the translation, then run: portal translations --mark-current {translation}",
                language=site.default_language_name,
                original=site.relative(state.original),
                date=state.original_changed,
                translation=site.relative(state.translation) + (f" --language {state.lang}" if state.inline else ""),
            ),
            severity,
        )
        for state in states
        if state.state == "outdated" and state.translation is not None and (kinds is None or state.kind in kinds)
    ]


def check_translations(site: SiteConfig, states: list[TranslationState] | None = None) -> list[Problem]:
    """Raise for outdated translations of the content types the site is strict about; warn for the rest.

    By default no kind is strict: a German correction is published at once, and readers of an
    outdated translation are told (see the translation notice); staff see the warnings here.
    """
    from portal.problems import ContentError

    states = translation_states(site) if states is None else states
    strict = outdated_problems(states, site, site.fail_on_outdated, "error") if site.fail_on_outdated else []
    if strict:
        raise ContentError(strict)
    lenient = [state for state in states if state.kind not in site.fail_on_outdated]
    return outdated_problems(lenient, site, None, "warning")


# --- marking translations current -------------------------------------------------------------


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never wrap a long text onto new lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def yaml_text(text: str) -> Any:
    """A text as the content files write it: in double quotes, or as a block when it has lines."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    return LiteralScalarString(text.rstrip("\n") + "\n") if "\n" in text.strip() else DoubleQuotedScalarString(text)


def dump_yaml(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def load_yaml_roundtrip(text: str) -> Any:
    return _yaml().load(text)


def _record(old: dict, digest: str, machine: bool | None, reviewed_by: str | None, today: date) -> dict[str, Any]:
    record = {"translation_of": digest}
    is_machine = old.get("machine_translated") if machine is None else machine
    if is_machine:
        record["machine_translated"] = True
    # A review belongs to the text that was reviewed: a new text needs a new one.
    if reviewed_by:
        record["reviewed_by"] = reviewed_by
        record["reviewed_on"] = today.isoformat()
    return record


def write_front_matter(
    path: Path, updates: dict[str, Any], remove: tuple[str, ...] = (), body: str | None = None
) -> None:
    """Set fields of a Markdown file's front matter, keeping its other lines (and the body, unless given)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    match = _FRONT_MATTER.match(text)
    front = load_yaml_roundtrip(match.group(1)) if match else None
    if body is None:
        body = text[match.end() :] if match else text
    if front is None:
        front = load_yaml_roundtrip("{}\n")
        front.fa.set_block_style()
    for key in remove:
        front.pop(key, None)
    for key, value in updates.items():
        # Quoted: a digest of digits alone would read as a number.
        front[key] = DoubleQuotedScalarString(value) if key == "translation_of" else value
    path.write_text(f"---\n{dump_yaml(front)}---\n{body}", encoding="utf-8")


def set_yaml_record(path: Path, lang: str, record: dict[str, Any], site_settings: bool = False) -> None:
    """Write one language's record into a YAML file's `translations:` block, comments kept."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    data = load_yaml_roundtrip(path.read_text(encoding="utf-8"))
    holder = data
    if site_settings:
        holder = data.setdefault("translations", CommentedMap())
        block = holder.setdefault("records", CommentedMap())
    else:
        block = data.setdefault("translations", CommentedMap())
    entry = CommentedMap()
    for key, value in record.items():
        entry[key] = DoubleQuotedScalarString(value) if key == "translation_of" else value
    entry.fa.set_flow_style()
    block[lang] = entry
    path.write_text(dump_yaml(data), encoding="utf-8")


def mark_current(
    translation: Path,
    site: SiteConfig,
    lang: str | None = None,
    machine: bool | None = None,
    reviewed_by: str | None = None,
) -> str:
    """Record that a translation matches the current original. Returns the digest.

    `translation` is a translation file (`x.ar.md`), or a YAML file whose inline texts in `lang`
    are meant. `reviewed_by` records a person's review today; without it a review is dropped,
    because it was a review of an earlier text.
    """
    translation = translation.resolve()
    if translation.suffix in (".yml", ".yaml"):
        return _mark_inline(translation, site, lang, machine, reviewed_by)
    stem, _dot, file_lang = translation.name.removesuffix(".md").rpartition(".")
    if file_lang not in site.language_codes or file_lang == site.default_language or not stem:
        raise ValueError(_("{file} is not a translation file (name.<language>.md)", file=site.relative(translation)))
    original = translation.with_name(f"{stem}.md")
    if not original.is_file():
        raise ValueError(
            _("{file} has no original {original}", file=site.relative(translation), original=original.name)
        )
    unit = next(u for u in translation_units_for(site, original) if u.original.resolve() == original.resolve())
    digest = unit.digest(file_lang)
    old = unit.records.get(file_lang, {})
    record = _record(old, digest, machine, reviewed_by, site.today)
    write_front_matter(translation, record, remove=tuple(k for k in RECORD_FIELDS if k not in record))
    return digest


def _mark_inline(path: Path, site: SiteConfig, lang: str | None, machine, reviewed_by) -> str:
    others = [code for code in site.language_codes if code != site.default_language]
    if lang not in others:
        raise ValueError(
            _(
                "{file} holds its translations inline: name the language, e.g. --language {example}",
                file=site.relative(path),
                example=others[0] if others else "en",
            )
        )
    unit = next((u for u in translation_units_for(site, path) if u.original.resolve() == path), None)
    if unit is None:
        raise ValueError(_("{file} has no translatable texts", file=site.relative(path)))
    if lang not in unit.translated:
        raise ValueError(_("{file} has no text in {lang} yet", file=site.relative(path), lang=lang))
    digest = unit.digest(lang)
    record = _record(unit.records.get(lang, {}), digest, machine, reviewed_by, site.today)
    set_yaml_record(path, lang, record, site_settings=unit.kind == SITE)
    return digest


def translation_units_for(site: SiteConfig, path: Path) -> list[Unit]:
    """The units of the folder a file is in (reading one folder, not the whole site)."""
    path = path.resolve()
    if path == site_settings_file(site).resolve():
        return _site_unit(site)
    for kind in content_kinds():
        folder = (site.content_dir / kind.folder).resolve()
        if path.parent == folder:
            if kind.markdown:
                return _markdown_units(site, kind.folder, folder, sorted(folder.glob("*.md")))
            return _yaml_units(site, kind.folder, kind.model, folder)
    if site.docs_dir is not None and path.is_relative_to(site.docs_dir.resolve()):
        docs = site.docs_dir.resolve()
        return _markdown_units(site, DOCS, docs, sorted(docs.rglob("*.md")))
    return []


# --- the report -------------------------------------------------------------------------------


def coverage(states: list[TranslationState], languages: list[str]) -> dict[str, dict[str, float | int]]:
    summary = {}
    for lang in languages:
        mine = [s for s in states if s.lang == lang]
        summary[lang] = _counts(mine)
    return summary


def _counts(states: list[TranslationState]) -> dict[str, float | int]:
    counts: dict[str, float | int] = {name: sum(s.state == name for s in states) for name in STATES}
    present = [s for s in states if s.state != "missing"]
    counts["machine_translated"] = sum(s.machine and not s.reviewed for s in present)
    counts["reviewed"] = sum(s.reviewed for s in present)
    counts["total"] = len(states)
    counts["coverage"] = round(100 * counts["current"] / len(states), 1) if states else 100.0
    return counts


def by_kind(states: list[TranslationState], languages: list[str]) -> dict[str, dict[str, dict]]:
    """Counts per kind and language (kinds in report order, only those the site has)."""
    table: dict[str, dict[str, dict]] = {}
    for kind in tracked_kinds():
        mine = [s for s in states if s.kind == kind]
        if mine:
            table[kind] = {lang: _counts([s for s in mine if s.lang == lang]) for lang in languages}
    return table
