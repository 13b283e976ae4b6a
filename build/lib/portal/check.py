"""What every command that reads content starts with: the settings, every file validated, the
translation states. Done once per build; `portal check`, `portal build`, `portal serve` and the
engine adapter share it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.content import Content, load_content
from portal.problems import ContentError, Problem
from portal.site import SiteConfig, load_site
from portal.translations import TranslationState, check_translations, translation_states


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


def check_site(mkdocs_yml: Path) -> CheckedSite:
    """Every problem of the site at once; raises ContentError only if the settings cannot be read."""
    site = load_site(mkdocs_yml)
    content, problems = load_content(site)
    states = translation_states(site)
    try:
        problems += check_translations(site, states)
    except ContentError as err:
        problems += err.problems
    return CheckedSite(site, content, states, sorted(problems))


def checked_or_raise(mkdocs_yml: Path) -> CheckedSite:
    """Like check_site, but raises ContentError when anything is an error (for builds)."""
    checked = check_site(mkdocs_yml)
    if checked.errors:
        raise ContentError(checked.problems)
    return checked
