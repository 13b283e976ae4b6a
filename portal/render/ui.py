"""The interface string catalogue: every text of the portal's own templates, per language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from portal.messages import _
from portal.problems import ContentError, Problem

CATALOGUE = Path(__file__).with_name("strings.yml")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


def missing_strings(languages: list[str]) -> list[Problem]:
    """One problem per catalogue entry that lacks a text in one of the site's languages."""
    problems = []
    for key, texts in catalogue().items():
        missing = [code for code in languages if not texts.get(code)]
        if missing:
            problems.append(
                Problem(
                    "portal/render/strings.yml", None, key, _("has no text for {missing}", missing=", ".join(missing))
                )
            )
    return problems


def check_catalogue(languages: list[str]) -> None:
    problems = missing_strings(languages)
    if problems:
        raise ContentError(problems)


class Interface:
    """The interface texts in one language; `t('key', name=value)` fills placeholders, escaped."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, key: str, **values: object) -> Markup:
        text = catalogue()[key][self.lang]
        return Markup(escape(text).format(**{k: _as_markup(v) for k, v in values.items()}))


def _as_markup(value: object) -> Markup:
    return value if isinstance(value, Markup) else escape(value)
