"""Interface texts in one language, as the templates use them (placeholders filled in, escaped)."""

from __future__ import annotations

from markupsafe import Markup, escape

from portal.problems import ContentError
from portal.strings import Strings


def check_strings(strings: Strings, languages: list[str]) -> None:
    problems = strings.missing(languages)
    if problems:
        raise ContentError(problems)


class Interface:
    """The interface texts in one language; `t('key', name=value)` fills placeholders, escaped."""

    def __init__(self, lang: str, strings: Strings):
        self.lang = lang
        self.texts = strings.texts(lang)

    def __call__(self, key: str, **values: object) -> Markup:
        text = self.texts[key]
        return Markup(escape(text).format(**{k: _as_markup(v) for k, v in values.items()}))


def _as_markup(value: object) -> Markup:
    return value if isinstance(value, Markup) else escape(value)
