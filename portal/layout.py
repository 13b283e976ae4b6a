"""Where each page and file of a language lives: the one place that knows the site's addresses.

The default language's pages are at the root (`events/`), every other language's under its code
(`en/events/`). Inside the docs folder the engine reads, and in the names of generated files,
a language other than the default one is a suffix before the ending (`events/x.en.md`,
`events/feeds/all.en.ics`), which mkdocs-static-i18n's "suffix" structure expects as well.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    default_language: str
    languages: tuple[str, ...]

    def prefix(self, lang: str) -> str:
        """The folder of a language's pages: '' for the default language, 'en/' for English."""
        return "" if lang == self.default_language else f"{lang}/"

    def suffix(self, lang: str) -> str:
        """What marks a language in a source file's name: '' or '.en'."""
        return "" if lang == self.default_language else f".{lang}"

    def source(self, name: str, lang: str) -> str:
        """events/x.md in English -> events/x.en.md."""
        stem, dot, ending = name.rpartition(".")
        return f"{stem}{self.suffix(lang)}{dot}{ending}"

    def language_of(self, name: str) -> tuple[str, str]:
        """events/x.en.md -> ('events/x.md', 'en'); a name without a language suffix is the default's."""
        stem, dot, ending = name.rpartition(".")
        base, _dot, lang = stem.rpartition(".")
        if base and lang in self.languages and lang != self.default_language:
            return f"{base}{dot}{ending}", lang
        return name, self.default_language

    def output(self, name: str) -> str:
        """Where a generated file with a language suffix is published: events/feeds/all.en.ics -> en/events/feeds/all.ics."""
        plain, lang = self.language_of(name)
        return self.prefix(lang) + plain

    def other_suffixes(self, *kept: str) -> tuple[str, ...]:
        """The endings of Markdown sources in every language but these: ('.ar.md', '.fa.md', …)."""
        return tuple(f".{code}.md" for code in self.languages if code not in kept)

    @staticmethod
    def page_url(src: str) -> str:
        """The address of a page (directory URLs): events/x.md -> events/x/, events/index.md -> events/."""
        path = src.removesuffix(".md")
        return path.removesuffix("index") if path.endswith("index") else path + "/"

    def address(self, src: str, lang: str) -> str:
        """The page's address from the site's root in a language: en/events/x/."""
        return self.prefix(lang) + self.page_url(src)
