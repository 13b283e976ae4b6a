"""The readers' search: a Pagefind index of the finished pages, in small pieces per language.

A whole lunr index of one language is 600-700 KB (gzipped) at 5,000 events, fetched before the
first result. Pagefind splits each language's index into chunks of words and one fragment per
page, and a query fetches only the chunks of its words and the fragments of the results it
shows. Each language has its own index (`<language folder>/pagefind/`: results in the reader's
language), of the parts marked `data-pagefind-body` only (the article; pages left out of the
search have none). German words on a translated page (an untranslated
event, a term in brackets) are in that language's index like any other word.

The browser side is `theme/assets/javascripts/search-pagefind.js`: Material's search box, with
Pagefind answering its queries.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from portal.messages import _

# Each language's index in its own folder: <language folder>/pagefind/ (the default language's
# at the root). A language's build writes its own, beside the others, and the preview writes
# again only the language it built.
FOLDER = "pagefind"
# Pagefind also writes its own search interfaces; the portal uses Material's search box.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",  # search-pagefind.js runs Pagefind without its worker
)
# Inside the article: what is no text of the page (Markdown's heading anchors, the buttons to
# save, share and read aloud, the same on every page), and what the templates mark
# data-search-exclude: the notices about the translation, the review and legal advice, which
# would otherwise begin every snippet of a translated page.
_EXCLUDED = [".headerlink", ".portal-tools", "[data-search-exclude]"]


class SearchIndexError(RuntimeError):
    pass


def language_glob(site_dir: Path, prefix: str, other_prefixes: list[str]) -> str | None:
    """The pages of one language: its folder, or for the default language (at the root) all
    but the other languages' folders."""
    if prefix:
        return f"{prefix}**/*.html"
    skip = {p.strip("/") for p in other_prefixes} | {FOLDER}
    parts = sorted(
        f"{child.name}/**/*.html" if child.is_dir() else child.name
        for child in site_dir.iterdir()
        if child.name not in skip and (child.is_dir() or child.suffix == ".html")
    )
    return "{" + ",".join(parts) + "}" if parts else None


def index_language(site_dir: Path, prefix: str, other_prefixes: list[str]) -> None:
    """Write the Pagefind index of one language's pages into `site_dir/<prefix>pagefind/`."""
    site_dir = site_dir.resolve()
    output = site_dir / prefix / FOLDER
    shutil.rmtree(output, ignore_errors=True)  # nothing of an earlier index stays behind
    glob = language_glob(site_dir, prefix, other_prefixes)
    if glob is None:
        return
    # Pagefind's command line, not its Python service: the service answered before all files were
    # written, and closing it then left empty ones (seen under load).
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", glob]
    command += ["--output-path", str(output), "--exclude-selectors", ", ".join(_EXCLUDED), "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        error = (done.stderr or done.stdout).strip()[-2000:]
        raise SearchIndexError(_("The search index could not be written: {error}", error=error))
    for name in _UNUSED:
        (output / name).unlink(missing_ok=True)
