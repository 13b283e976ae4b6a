"""One search index per language, for Material's search under mkdocs-static-i18n.

static-i18n merges every language into one `search/search_index.json`: readers then get
results from all languages, and lunr's trimmer for several languages at once drops words in
scripts none of them covers (Farsi, Pashto, Ukrainian). Here the merged index is split into
`<language>/search/search_index.json`, each with lunr set up for that language alone, and
each page's Material config points its search at its own language's folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import material

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


def split_search_index(site_dir: Path, site: SiteConfig) -> None:
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.is_file():
        return
    merged = json.loads(index_path.read_text(encoding="utf-8"))
    prefixes = {code: f"{code}/" for code in site.language_codes if code != site.default_language}
    for lang in site.language_codes:
        prefix = prefixes.get(lang, "")
        if prefix:
            docs = [
                dict(d, location=d["location"][len(prefix) :])
                for d in merged["docs"]
                if d["location"].startswith(prefix)
            ]
        else:
            docs = [d for d in merged["docs"] if not any(d["location"].startswith(p) for p in prefixes.values())]
        config = dict(merged["config"], lang=lunr_languages(lang))
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text, encoding="utf-8")
