"""Languages that are a plainer form of another one: easy German (Leichte Sprache).

Easy German has no code of its own in ISO 639 or CLDR. A site declares it in mkdocs.yml
like any language, with the short code `ls` (the folder /ls/, files such as `index.ls.md`,
the interface strings `strings/ls.yml`: mkdocs-static-i18n accepts only two-letter codes).
Everything that must understand the language treats it as the one it simplifies: Babel
writes its dates as German ones, screen readers get the BCP 47 tag `de-x-ls` (German, a
private-use subtag for "Leichte Sprache") so that they read it with a German voice, and a
page or text it lacks falls back to the German one, which its readers can also use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    of: str  # the language it simplifies, e.g. de
    tag: str  # the BCP 47 tag for lang and hreflang attributes
    name: str  # what the language switcher calls it


VARIANTS: dict[str, Variant] = {
    "ls": Variant(of="de", tag="de-x-ls", name="Leichte Sprache"),
}


def babel_locale(code: str) -> str:
    """The locale Babel knows for a site language code (ls -> de)."""
    variant = VARIANTS.get(code)
    return variant.of if variant else code


def language_tag(code: str) -> str:
    """The BCP 47 tag for HTML's lang and hreflang (ls -> de-x-ls)."""
    variant = VARIANTS.get(code)
    return variant.tag if variant else code


def variant_of(code: str) -> str | None:
    variant = VARIANTS.get(code)
    return variant.of if variant else None
