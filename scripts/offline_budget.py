"""What each language's offline copy costs a reader's phone, from a built site.

    .venv/bin/python scripts/offline_budget.py                 # builds the demo into a temporary folder
    .venv/bin/python scripts/offline_budget.py --site site/    # a site built already
    .venv/bin/python scripts/offline_budget.py --past-events 2000   # the demo plus a long archive

Prints per language the pages and files the service worker keeps (portal/offline.py writes the
list), the bytes they take in the phone's storage (uncompressed, as the Cache API keeps them)
against the budget of 2 MB, and the data the first visit's fetching costs (gzip, as nginx sends
it; files the page itself loaded come from the browser's cache and are left out of the second
figure). --past-events adds that many past events to a copy of the demo first, to show that
the copy does not grow with the archive.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from portal.offline import BUDGET, LIST_FILE
from portal.pageweight import fetched_files

ROOT = Path(__file__).resolve().parent.parent
DEMO_TODAY = "2026-11-22"


def build_demo(work: Path, past_events: int) -> Path:
    from portal.publish import build_site

    for name in ("mkdocs.yml", "content", "docs", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    for number in range(past_events):
        year, day = 2010 + number // 300, 1 + number % 28
        month = 1 + (number // 28) % 10
        (work / "content" / "events" / f"{year}-{month:02d}-{day:02d}-archive-{number}.yml").write_text(
            f"title: Archivtermin {number}\nstart: {year}-{month:02d}-{day:02d} 10:00\n"
            f"end: {year}-{month:02d}-{day:02d} 12:00\ncategory: workshop\nsummary: Ein vergangener Termin.\n"
            "location: {name: DAA Leipzig, address: Leipzig}\n",
            encoding="utf-8",
        )
    os.environ["PORTAL_TODAY"] = DEMO_TODAY
    return build_site(work / "mkdocs.yml", work / "site")


def file_of(site: Path, url: str) -> Path:
    """The built file behind an address of the list (pages are folders with an index.html)."""
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def report(site: Path) -> bool:
    lists = sorted(site.glob(LIST_FILE)) + sorted(site.glob(f"*/{LIST_FILE}"))
    print(f"{'language':8} {'pages':>5} {'files':>5} {'stored KB':>10} {'budget KB':>9} {'fetched KB (gzip)':>18}")
    within = True
    for path in lists:
        kept = json.loads(path.read_text(encoding="utf-8"))
        pages = [url for url in kept["urls"] if url.endswith("/") or url == kept["scope"]]
        stored = kept["bytes"]
        home = site / kept["scope"] / "index.html"
        loaded = {p.relative_to(site).as_posix() for p in fetched_files(site, home)}
        fetched = sum(
            len(gzip.compress(file_of(site, url).read_bytes(), 6, mtime=0))
            for url in kept["urls"]
            if file_of(site, url).relative_to(site).as_posix() not in loaded
        )
        within &= stored <= BUDGET
        flag = "" if stored <= BUDGET else "  OVER BUDGET"
        print(
            f"{kept['lang']:8} {len(pages):5d} {len(kept['urls']):5d} {stored / 1024:10.0f} {BUDGET / 1024:9.0f} "
            f"{fetched / 1024:18.0f}{flag}"
        )
    return within


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build the demo)")
    parser.add_argument("--past-events", type=int, default=0, help="past events added to the demo first")
    args = parser.parse_args()
    if args.site:
        return 0 if report(args.site) else 1
    with tempfile.TemporaryDirectory() as work:
        site = build_demo(Path(work), args.past_events)
        print(
            f"demo built as on {DEMO_TODAY}"
            + (f", with {args.past_events} past events added" if args.past_events else "")
        )
        return 0 if report(site) else 1


if __name__ == "__main__":
    sys.exit(main())
