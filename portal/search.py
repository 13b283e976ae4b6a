"""The readers' search: a Pagefind index of the finished pages, in small pieces per language.

A whole lunr index of one language is 600-700 KB (gzipped) at 5,000 events, fetched before the
first result. Pagefind splits each language's index into chunks of words and one fragment per
page, and a query fetches only the chunks of its words and the fragments of the results it
shows. Pagefind takes each page's language from `<html lang>` (one index per language: results
in the reader's language) and indexes only the parts marked `data-pagefind-body` (the article;
pages left out of the search have none). German words on a translated page (an untranslated
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

# Pagefind's output folder, at the site's root (every language's index in it).
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
)
# Inside the article: what is no text of the page (Markdown's heading anchors, the buttons to
# save, share and read aloud, the same on every page).
_EXCLUDED = ".headerlink, .portal-tools"


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index of every language's pages into `site_dir/pagefind/`."""
    output = site_dir / FOLDER
    shutil.rmtree(output, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        FOLDER,
        "--exclude-selectors",
        _EXCLUDED,
        "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(
            _("The search index could not be written: {error}", error=(done.stderr or done.stdout).strip()[-2000:])
        )
    for name in _UNUSED:
        (output / name).unlink(missing_ok=True)
