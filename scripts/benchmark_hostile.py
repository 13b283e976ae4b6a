"""Benchmark: how long `portal check` takes on the worst hostile files, and the import corpus.

    .venv/bin/python scripts/benchmark_hostile.py

Each hostile case of tests/test_hostile.py (billion laughs, deep nesting, never-occurring and
fine-frequency repeat rules, years 1 and 9999 …) is put into a scratch portal of its own and
checked in this process; the time and the peak memory growth of each check are printed,
slowest first. Then every calendar of tests/fixtures/ical-corpus/ is imported and checked.
Numbers, not assertions: it is not a test. Results go to stdout.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PORTAL_TODAY", "2026-11-22")
os.environ["PORTAL_LANG"] = "en"

from portal.cli import main as portal_main
from portal.content import load_content
from portal.ical_import import FeedError, import_feed
from portal.site import load_site
from tests.conftest import ScratchProject
from tests.test_hostile import REFUSED, _apply


def hostile_checks() -> None:
    results = []
    for case in sorted(REFUSED):
        with tempfile.TemporaryDirectory() as folder:
            project = ScratchProject(Path(folder))
            _apply(project, REFUSED[case][0])
            tracemalloc.start()
            started = time.perf_counter()
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                code = portal_main(["--config", str(project.root / "mkdocs.yml"), "check"])
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            results.append((seconds, peak, case, code))
    print(f"{'hostile case':<32}{'check s':>10}{'peak MB':>10}{'exit':>6}")
    for seconds, peak, case, code in sorted(results, reverse=True):
        print(f"{case:<32}{seconds:>10.3f}{peak / 1e6:>10.1f}{code:>6}")


def corpus() -> None:
    files = sorted((ROOT / "tests/fixtures/ical-corpus").rglob("*.ics"))
    with tempfile.TemporaryDirectory() as folder:
        project = ScratchProject(Path(folder))
        site = load_site(project.root / "mkdocs.yml")
        imported = unreadable = events = skipped = 0
        started = time.perf_counter()
        for path in files:
            shutil.rmtree(site.content_dir / "events", ignore_errors=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    report = import_feed(str(path), site, "info-session")
                except FeedError:
                    unreadable += 1
                    continue
            content, _problems = load_content(site)
            imported += 1
            events += len(content.events)
            skipped += len(report.skipped)
        seconds = time.perf_counter() - started
    print(
        f"\ncorpus: {len(files)} files, {imported} imported, {unreadable} unreadable as a whole, "
        f"{events} event files written, {skipped} events not imported (with the reason), {seconds:.1f} s"
    )


if __name__ == "__main__":
    hostile_checks()
    corpus()
