"""Translation state: for every translatable page and language, current, outdated or missing.

A translation file records the version of its original that it was made from
(`translation_of`, a short digest written by `portal translations mark-current`). When the
original changes afterwards, the digests differ and the translation is outdated; the date
readers see is the day the original last changed (its last commit, else its file date).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from portal.kinds import kinds
from portal.messages import _
from portal.problems import Problem
from portal.site import SiteConfig
from portal.yamlsource import SourceError, read_markdown

DOCS = "docs"  # hand-written pages in docs/


@dataclass(frozen=True)
class TranslationState:
    kind: str  # projects, stories, guidance or pages
    item: str  # slug, or the page's path in docs/ without ending
    lang: str
    state: str  # current, outdated or missing
    machine: bool
    original: Path
    translation: Path | None
    original_changed: date | None

    def as_dict(self, site: SiteConfig) -> dict:
        return {
            "kind": self.kind,
            "item": self.item,
            "language": self.lang,
            "state": self.state,
            "machine_translated": self.machine,
            "original": site.relative(self.original),
            "translation": site.relative(self.translation) if self.translation else None,
            "original_changed": self.original_changed.isoformat() if self.original_changed else None,
        }


def original_digest(path: Path) -> str:
    """A short fingerprint of the original file; line endings and trailing spaces do not count."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def translation_units(site: SiteConfig) -> list[tuple[str, str, Path, dict[str, Path]]]:
    """(kind, item, original, {language: translation file}) for every translatable page."""
    folders = [(kind.folder, site.content_dir / kind.folder) for kind in kinds() if kind.markdown]
    if site.docs_dir is not None:
        folders.append((DOCS, site.docs_dir))
    units = []
    others = [code for code in site.language_codes if code != site.default_language]
    for kind, folder in folders:
        if not folder.is_dir():
            continue
        files = sorted(folder.rglob("*.md")) if kind == DOCS else sorted(folder.glob("*.md"))
        names = {path.relative_to(folder).as_posix(): path for path in files}
        for name, path in names.items():
            stem = name.removesuffix(".md")
            if stem.rpartition(".")[2] in site.language_codes and "." in stem:
                continue  # a translation; handled with its original
            translations = {lang: names[f"{stem}.{lang}.md"] for lang in others if f"{stem}.{lang}.md" in names}
            units.append((kind, stem, path, translations))
    return units


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=60).stdout


def changed_dates(paths: list[Path], root: Path) -> dict[Path, date]:
    """When each file last changed: its last commit, or its file date if it has uncommitted changes."""
    dates: dict[Path, date] = {}
    names = [str(p) for p in paths]
    try:
        log = _git(root, "log", "--format=%x00%cs", "--name-only", "--", *names)
        dirty = _git(root, "status", "--porcelain", "--", *names)
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    except (OSError, subprocess.SubprocessError):
        log, dirty, top = "", "", root
    for block in log.split("\x00")[1:]:
        lines = block.strip().splitlines()
        if not lines:
            continue
        day = date.fromisoformat(lines[0])
        for name in lines[1:]:
            dates.setdefault((top / name).resolve(), day)
    modified = {(top / line[3:].strip()).resolve() for line in dirty.splitlines() if line.strip()}
    for path in paths:
        resolved = path.resolve()
        if resolved in modified or resolved not in dates:
            dates[resolved] = datetime.fromtimestamp(path.stat().st_mtime).date()
    return {path: dates[path.resolve()] for path in paths}


def translation_states(site: SiteConfig) -> list[TranslationState]:
    units = translation_units(site)
    originals = [original for _kind, _item, original, _paths in units]
    changed = changed_dates(originals, site.root) if originals else {}
    states = []
    for kind, item, original, translations in units:
        digest = original_digest(original)
        for lang in site.language_codes:
            if lang == site.default_language:
                continue
            path = translations.get(lang)
            if path is None:
                states.append(TranslationState(kind, item, lang, "missing", False, original, None, changed[original]))
                continue
            meta = _front_matter(path, site)
            state = "current" if meta.get("translation_of") == digest else "outdated"
            machine = bool(meta.get("machine_translated"))
            states.append(TranslationState(kind, item, lang, state, machine, original, path, changed[original]))
    return states


def _front_matter(path: Path, site: SiteConfig) -> dict:
    try:
        data = read_markdown(path, site.relative(path)).data
    except SourceError:
        return {}
    return data if isinstance(data, dict) else {}


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
                translation=site.relative(state.translation),
            ),
            severity,
        )
        for state in states
        if state.state == "outdated" and state.translation is not None and (kinds is None or state.kind in kinds)
    ]


_RECORD = re.compile(r"^translation_of:.*$", re.MULTILINE)


def mark_current(translation: Path, site: SiteConfig) -> str:
    """Record in the translation file that it matches the current original. Returns the digest."""
    stem, _dot, lang = translation.name.removesuffix(".md").rpartition(".")
    if lang not in site.language_codes or lang == site.default_language or not stem:
        raise ValueError(_("{file} is not a translation file (name.<language>.md)", file=site.relative(translation)))
    original = translation.with_name(f"{stem}.md")
    if not original.is_file():
        raise ValueError(
            _("{file} has no original {original}", file=site.relative(translation), original=original.name)
        )
    digest = original_digest(original)
    text = translation.read_text(encoding="utf-8")
    line = f'translation_of: "{digest}"'  # quoted: a digest of digits alone would read as a number
    if _RECORD.search(text.split("\n---", 1)[0] if text.startswith("---") else ""):
        text = _RECORD.sub(line, text, count=1)
    elif text.startswith("---"):
        text = text.replace("\n", f"\n{line}\n", 1)
    else:
        text = f"---\n{line}\n---\n{text}"
    translation.write_text(text, encoding="utf-8")
    return digest


def coverage(states: list[TranslationState], languages: list[str]) -> dict[str, dict[str, float | int]]:
    summary = {}
    for lang in languages:
        mine = [s for s in states if s.lang == lang]
        counts = {name: sum(s.state == name for s in mine) for name in ("current", "outdated", "missing")}
        counts["machine_translated"] = sum(s.machine for s in mine if s.state != "missing")
        counts["total"] = len(mine)
        counts["coverage"] = round(100 * counts["current"] / len(mine), 1) if mine else 100.0
        summary[lang] = counts
    return summary


def check_translations(site: SiteConfig, states: list[TranslationState] | None = None) -> list[Problem]:
    """Raise for outdated translations of the content types the site is strict about; warn for the rest."""
    from portal.problems import ContentError

    states = translation_states(site) if states is None else states
    strict = outdated_problems(states, site, site.fail_on_outdated, "error") if site.fail_on_outdated else []
    if strict:
        raise ContentError(strict)
    lenient = [state for state in states if state.kind not in site.fail_on_outdated]
    return outdated_problems(lenient, site, None, "warning")
