"""What every command that reads content starts with: the settings, every file validated, the
translation states. Done once per build; `portal check`, `portal build`, `portal serve` and the
engine adapter share it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from portal.check_memo import CheckMemo, kit_stamp
from portal.content import Content, ContentCache, load_content, validation_key
from portal.messages import _, current_language
from portal.problems import ContentError, Problem, display_path
from portal.site import SiteConfig, read_site
from portal.translations import (
    TranslationState,
    Unit,
    check_translations,
    translation_states,
    translation_units,
    unit_for_memo,
)


@dataclass
class CheckedSite:
    site: SiteConfig
    content: Content
    translations: list[TranslationState]
    problems: list[Problem]  # errors and warnings, in file order

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def check_site(mkdocs_yml: Path, cache: ContentCache | None = None, memo: bool = False) -> CheckedSite:
    """Every problem of the site at once; raises ContentError only if the settings cannot be read.

    With a cache (the preview's), only the files changed since the last check are read and
    validated. With `memo` (`portal check`), the same across processes, through a file in the
    site's `.portal/` folder; the content it returns then holds counts, not every item, and the
    translation states only the outdated ones.
    """
    site, problems = read_site(mkdocs_yml)
    if any(p.severity == "error" and p.path == site.relative(site.root / "mkdocs.yml") for p in problems):
        raise ContentError(problems)
    problems += site.strings.missing(site.language_codes) + engine_problems(site)
    check_memo = None
    if not any(p.severity == "error" for p in problems):
        # Content is validated against the settings (vocabularies, languages): only when they are sound.
        check_memo = CheckMemo(site.root, memo_key(site)) if memo else None
        content, content_problems = load_content(site, cache, check_memo)
        problems += content_problems
    else:
        content = Content(site)
    units = translation_units(site, content)
    states = translation_states(site, units=units, only_outdated=memo)
    if check_memo is not None:
        _remember_units(check_memo, content, units, site)
        check_memo.save()
    try:
        problems += check_translations(site, states)
    except ContentError as err:
        problems += err.problems
    return CheckedSite(site, content, states, sorted(problems))


def memo_key(site: SiteConfig) -> list:
    """All that an item's own problems depend on besides its files (check_memo.py)."""
    return json.loads(
        json.dumps([kit_stamp(), current_language(), site.language_codes, validation_key(site)], default=str)
    )


def _remember_units(memo: CheckMemo, content: Content, units: list[Unit], site: SiteConfig) -> None:
    """The translation units of the items read in this check, for the next one."""
    others = [code for code in site.language_codes if code != site.default_language]
    for unit in units:
        entry = memo.entries.get((unit.kind, unit.item))
        if entry is not None and (unit.kind, unit.item) not in content.remembered:
            entry[1].unit = unit_for_memo(unit, others)


def engine_problems(site: SiteConfig) -> list[Problem]:
    """What the site engine (MkDocs with Material) needs besides the content, e.g. a language's theme texts."""
    from portal.engine.mkdocs.compat import missing_theme_languages

    return [
        Problem(
            display_path(
                (site.overrides_dir or site.root / "overrides") / "partials" / "languages" / f"{code}.html", site.root
            ),
            None,
            None,
            _(
                "the theme has no interface texts in {lang}; copy Material's partials/languages/en.html "
                "to this file, set its language to {lang} and translate it",
                lang=code,
            ),
        )
        for code in missing_theme_languages(site.language_codes, site.overrides_dir)
    ]


def checked_or_raise(mkdocs_yml: Path) -> CheckedSite:
    """Like check_site, but raises ContentError when anything is an error (for builds)."""
    checked = check_site(mkdocs_yml)
    if checked.errors:
        raise ContentError(checked.problems)
    return checked
