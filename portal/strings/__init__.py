"""Interface strings: every text of the portal's own pages, one file per language.

The kit ships a file per language here (`de.yml`, `ar.yml` …). A site changes any of them,
or adds a language the kit does not have yet, with a file of the same name in its own
`overrides/strings/` folder: its entries replace the kit's, key by key, so an upgrade of the
kit brings new strings without touching the site's.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from portal.messages import _
from portal.problems import ContentError, Problem, display_path

KIT_STRINGS = Path(__file__).parent


@cache
def _read(path: Path) -> dict[str, str]:
    # libyaml's loader where PyYAML has it: the same safe loading, ten times faster (a check reads every language's strings).
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict):
        raise ContentError([Problem(str(path), None, None, _("must be a list of `key: text` lines"))])
    return {str(key): str(value) for key, value in data.items()}


def kit_strings(lang: str) -> dict[str, str]:
    path = KIT_STRINGS / f"{lang}.yml"
    return _read(path) if path.is_file() else {}


def kit_languages() -> list[str]:
    return sorted(path.stem for path in KIT_STRINGS.glob("*.yml"))


class Strings:
    """The interface strings of one site: the kit's, with the site's own files over them."""

    def __init__(self, site_folder: Path | None = None, root: Path | None = None):
        self.site_folder = site_folder
        self.root = root or Path.cwd()
        self._texts: dict[str, dict[str, str]] = {}

    def site_file(self, lang: str) -> Path | None:
        if self.site_folder is None:
            return None
        path = self.site_folder / f"{lang}.yml"
        return path if path.is_file() else None

    def texts(self, lang: str) -> dict[str, str]:
        if lang not in self._texts:
            own = self.site_file(lang)
            self._texts[lang] = {**kit_strings(lang), **(_read(own) if own else {})}
        return self._texts[lang]

    def missing(self, languages: list[str]) -> list[Problem]:
        """One problem per language that lacks some of the kit's strings (a language the kit lacks)."""
        keys = list(kit_strings("en"))
        problems = []
        for lang in languages:
            texts = self.texts(lang)
            absent = [key for key in keys if not texts.get(key)]
            if not absent:
                continue
            own = self.site_file(lang)
            where = (
                display_path(own, self.root)
                if own
                else display_path((self.site_folder or Path("overrides/strings")) / f"{lang}.yml", self.root)
            )
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    _(
                        "the interface has no text in {lang} for {n} string(s): {keys}; "
                        "copy them from the kit's en.yml and translate them",
                        lang=lang,
                        n=len(absent),
                        keys=", ".join(absent[:8]) + (" …" if len(absent) > 8 else ""),
                    ),
                )
            )
        return problems
