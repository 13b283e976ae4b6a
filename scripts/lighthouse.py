"""Lighthouse scores of the demo portal, as a reader's phone would see it.

    .venv/bin/python scripts/lighthouse.py [--site DIR] [--lang de ar] [--page events/ …] [--json FILE]

Builds the demo (as of today, as the nightly build does, or of `--today`) into a temporary folder, with
`site_url` pointing at the local server so that canonical and hreflang links are the page's
own (or takes a site built already, `--site`, with its own `site_url`: the test suite's build
of the demo), serves it with the shipped nginx configuration (gzip, caching, CSP) on 127.0.0.1, and runs
Lighthouse (npm `lighthouse`, pinned in package.json) in Debian's Chromium with its default
settings: a mid-range phone (mobile emulation, simulated slow 4G and a 4× slower CPU).
Prints one line per page with performance, accessibility, best practices and SEO, and every
audit that cost a point. Exits 1 when a score is below `--expect` (default 100).
Numbers for the README's quality section; `tests/test_lighthouse.py` runs it on two pages.
Performance is simulated from the processor time the page took here: on a machine busy with
other work it comes out lower (the script prints Lighthouse's CPU benchmark with the table).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.local_nginx import free_port, served_by_nginx

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# One page of each kind the issue names: home, events, a month, an event, a guidance topic, the finder.
PAGES = [
    "",
    "events/",
    "events/calendar/{month}/",  # the month of the build day
    "events/sprechstunde-haus-des-handwerks/",
    "guidance/arbeitsmarktzugang-duldung/",
    "finder/",
]
LANGUAGES = ["de", "ar"]


def build_demo(work: Path, address: str, today: str | None) -> Path:
    """The demo portal built into `work/site`, published (for the browser) at `address`."""
    from portal.publish import build_site

    for name in ("mkdocs.yml", "content", "docs", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    config = work / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url:.*$", f"site_url: {address}/", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    # As of the day the browser lives in (its clock is not pinned): what ended since the build
    # would leave the lists while Lighthouse watches, which no reader sees after a nightly build.
    previous = os.environ.pop("PORTAL_TODAY", None)
    if today:
        os.environ["PORTAL_TODAY"] = today
    try:
        return build_site(config, work / "site")
    finally:
        os.environ.pop("PORTAL_TODAY", None)
        if previous is not None:
            os.environ["PORTAL_TODAY"] = previous


def lighthouse(url: str) -> dict:
    """One Lighthouse run with its default (mobile) settings; the JSON report."""
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
    run = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={flags}",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if run.returncode != 0 or not run.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def summary(report: dict) -> tuple[dict[str, int], list[str]]:
    """The four scores (0–100) and the audits that cost points, with what they found."""
    scores = {key: round((report["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}
    lost = []
    for key in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lost.append(f"{key}: {ref['id']} ({audit['score']:.2f}) {shown}".rstrip())
    metrics = report["audits"]
    timings = ", ".join(
        f"{name} {metrics[audit]['displayValue']}"
        for name, audit in (
            ("FCP", "first-contentful-paint"),
            ("LCP", "largest-contentful-paint"),
            ("TBT", "total-blocking-time"),
            ("CLS", "cumulative-layout-shift"),
        )
        if audit in metrics and metrics[audit].get("displayValue")
    )
    return scores, [timings, *lost]


def measure(address: str, pages: list[str], languages: list[str], default: str = "de") -> list[dict]:
    results = []
    for lang in languages:
        for page in pages:
            path = page if lang == default else f"{lang}/{page}"
            report = lighthouse(f"{address}/{path}")
            scores, notes = summary(report)
            benchmark = round(report.get("environment", {}).get("benchmarkIndex", 0))
            results.append({"page": "/" + path, "lang": lang, **scores, "benchmark": benchmark, "notes": notes})
    return results


def table(results: list[dict]) -> str:
    lines = ["| page | performance | accessibility | best practices | SEO |", "|---|---|---|---|---|"]
    for row in results:
        lines.append(f"| `{row['page']}` | " + " | ".join(str(row[key]) for key in CATEGORIES) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", nargs="+", default=PAGES, help="paths below the language folder")
    parser.add_argument("--lang", nargs="+", default=LANGUAGES)
    parser.add_argument("--today", help="build the demo as of this day (YYYY-MM-DD; default: today)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building the demo")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--expect", type=int, default=100, help="exit 1 when a score is below this")
    parser.add_argument("--verbose", action="store_true", help="list the audits that cost points")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run npm ci (it is in package.json).", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="portal-lighthouse-") as scratch:
        work = Path(scratch)
        port = free_port()
        site = args.site or build_demo(work, f"http://127.0.0.1:{port}", args.today)
        month = (date.fromisoformat(args.today) if args.today else date.today()).strftime("%Y-%m")
        pages = [page.format(month=month) for page in args.page]
        (work / "nginx").mkdir()
        user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
        with served_by_nginx(site, work / "nginx", user, port=port) as address:
            results = measure(address, pages, args.lang)
    print(table(results))
    benchmarks = sorted(row["benchmark"] for row in results)
    print(f"\nLighthouse's CPU benchmark here: {benchmarks[0]}–{benchmarks[-1]} (higher is faster).")
    low = [row for row in results if any(row[key] < args.expect for key in CATEGORIES)]
    for row in results if args.verbose else low:
        print(f"\n{row['page']}:")
        for note in row["notes"]:
            print(f"  {note}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
