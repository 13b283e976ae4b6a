"""The start page's links to the site in easy German and in German Sign Language (BITV 2.0 § 4)."""

from __future__ import annotations

from portal.render.pages import template_environment
from portal.render.ui import Interface


def render_home_access(site, lang: str) -> str:
    """The links block for the start page in `lang` (empty when the site has neither version)."""
    easy = next((language for language in site.languages if language.variant_of == site.default_language), None)
    # From the start page in any language to the easy-German start page (/ls/).
    depth = 0 if lang == site.default_language else 1
    easy_url = "../" * depth + (f"{easy.code}/" if easy else "")
    html = (
        template_environment(site.overrides_dir)
        .get_template("home_access.html")
        .render(t=Interface(lang, site.strings), site=site, lang=lang, easy=easy, easy_url=easy_url or "./")
    )
    return "\n".join(line for line in html.splitlines() if line.strip())
