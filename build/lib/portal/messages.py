"""Messages to staff (`portal check`, `build`, `new`, `import`) in German or English.

Messages are written in English in the code, as templates: `_("{value!r} is not a date", value=v)`.
`messages.yml` holds the German text of every template, keyed by the English one (the way
gettext keys by msgid, without the compile step). The language comes from `--lang`, else from
PORTAL_LANG, else from the system locale (LC_ALL, LC_MESSAGES, LANG); anything that is not
German gets English.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("de", "en")
CATALOGUE = Path(__file__).with_name("messages.yml")
_language: ContextVar[str] = ContextVar("portal_message_language", default="en")


def language_from_environment(environ: os._Environ | dict | None = None) -> str:
    environ = os.environ if environ is None else environ
    if environ.get("PORTAL_LANG") in LANGUAGES:
        return environ["PORTAL_LANG"]
    # POSIX order: the first of these that is set decides.
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "de" if value.split("_")[0].split(".")[0].lower() == "de" else "en"
    return "en"


def set_language(code: str) -> None:
    _language.set(code if code in LANGUAGES else "en")


def current_language() -> str:
    return _language.get()


@cache
def catalogue() -> dict[str, dict[str, str]]:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8")) or {}


def _(template: str, **values: object) -> str:
    """The message in the current language, with its placeholders filled in."""
    lang = _language.get()
    text = template if lang == "en" else catalogue().get(template, {}).get(lang) or template
    return text.format(**values) if values else text
