"""One search index per language, for Material's search under mkdocs-static-i18n.

static-i18n merges every language into one `search/search_index.json`: readers then get
results from all languages, and lunr's trimmer for several languages at once drops words in
scripts none of them covers (Farsi, Pashto, Ukrainian). Here each language's build writes
its own `<language>/search/search_index.json` (the default language's at the root), with
lunr set up for that language alone, and each page's Material config points its search at
its own language's folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
from mkdocs.config.defaults import MkDocsConfig

from portal.site import SiteConfig

# Languages for which the installed Material ships lunr support (lunr.<code>.min.js).
_LUNR_FILES = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
LUNR_LANGUAGES = {path.name.split(".")[1] for path in _LUNR_FILES.glob("lunr.*.min.js")} - {"stemmer", "multi"}

_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)(")')


def language_search_base(html: str, lang: str, default: str) -> str:
    """Point Material's `base` (used to fetch the search index) at the page's language folder."""
    if lang == default:
        return html
    # The trailing slash matters: Material resolves "search/search_index.json" against it.
    return _CONFIG_BASE.sub(lambda m: f"{m.group(1)}{m.group(2).rstrip('/')}/{lang}/{m.group(3)}", html, count=1)


def lunr_languages(lang: str) -> list[str]:
    # For a language without lunr support, no stemmer at all: the default pipeline keeps words whole.
    return [lang] if lang in LUNR_LANGUAGES else ["en"]


def search_plugin(config: MkDocsConfig):
    return config.plugins.get("search") or config.plugins.get("material/search")


def write_language_index(site_dir: Path, site: SiteConfig, lang: str, index) -> None:
    """Write the entries of Material's search index (one language's build) for that language."""
    prefix = "" if lang == site.default_language else f"{lang}/"
    docs = [dict(entry, location=entry["location"].removeprefix(prefix)) for entry in index.entries]
    # The same settings Material's own index carries, with lunr set up for this language alone.
    config = {key: index.config[key] for key in ("separator", "pipeline", "fields")}
    config["lang"] = lunr_languages(lang)
    target = site_dir / prefix / "search" / "search_index.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"), default=str)
    target.write_text(text, encoding="utf-8")
