"""Shared fixtures: a scratch project in a temporary folder, and one build of the demo site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from portal.cli import main as portal_main
from portal.publish import build_site

ROOT = Path(__file__).resolve().parent.parent
# The demo site is built as if today were this day, so that "upcoming" is reproducible.
DEMO_TODAY = "2026-11-22"


# The kit's own test site: the demo's settings in German, English and Arabic, no content. Most
# tests build it instead of the nine-language demo, so the demo's content can change freely.
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"


class ScratchProject:
    """A minimal portal (the test site's settings, no content) that a test fills with files."""

    def __init__(self, root: Path, demo_settings: bool = False):
        self.root = root
        shutil.copytree(FIXTURE_SITE, root, dirs_exist_ok=True)
        if demo_settings:  # the demo's languages (all ten) and settings, for tests about them
            shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
            shutil.copy(ROOT / "content" / "site.yml", root / "content" / "site.yml")
        (root / "docs").mkdir(exist_ok=True)
        (root / "overrides").mkdir(exist_ok=True)
        self.write("docs/index.md", "---\ntitle: Start\n---\n# Start\n")
        self.write("docs/index.en.md", "---\ntitle: Home\n---\n# Home\n")

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def check(self, capsys, *args: str) -> tuple[int, str]:
        code = portal_main(["--config", str(self.root / "mkdocs.yml"), "check", *args])
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    def build(self, site_dir: Path | None = None) -> Path:
        return build_site(self.root / "mkdocs.yml", site_dir or self.root / "site")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass  # one line per request would bury the test report


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that stopped a download
            super().handle_error(request, client_address)


def serve_folder(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A built site served on a free port of 127.0.0.1 (shut it down with `.shutdown()`): the server and its address."""
    httpd = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def navigation_links(html: str) -> list[str]:
    """The addresses in a page's main navigation (Material's primary sidebar, the drawer on phones)."""
    primary = html[html.index("md-nav--primary") : html.index('<div class="md-content"')]
    return re.findall(r'<a href="([^"]+)" class="md-nav__link', primary)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Messages in English unless a test asks for German; `--lang` sets PORTAL_LANG for the process."""
    from portal.messages import set_language

    monkeypatch.setenv("PORTAL_LANG", "en")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def project(tmp_path, monkeypatch) -> ScratchProject:
    monkeypatch.setenv("PORTAL_TODAY", DEMO_TODAY)
    return ScratchProject(tmp_path)


@pytest.fixture
def demo_settings_project(tmp_path, monkeypatch) -> ScratchProject:
    """A scratch project with the demo's languages and settings (tests about all its languages)."""
    monkeypatch.setenv("PORTAL_TODAY", DEMO_TODAY)
    return ScratchProject(tmp_path, demo_settings=True)


def copy_demo(work: Path) -> Path:
    """The demo portal's files in `work`, as a checkout after `npm ci` has them."""
    for name in ("mkdocs.yml", "content", "docs", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    if (ROOT / "node_modules").is_dir():  # the browser editor's bundle
        (work / "node_modules").symlink_to(ROOT / "node_modules")
    return work


@contextlib.contextmanager
def on_demo_day():
    """PORTAL_TODAY set to DEMO_TODAY for a fixture wider than one test (monkeypatch is per test)."""
    previous = os.environ.get("PORTAL_TODAY")
    os.environ["PORTAL_TODAY"] = DEMO_TODAY
    try:
        yield
    finally:
        if previous is None:
            del os.environ["PORTAL_TODAY"]
        else:
            os.environ["PORTAL_TODAY"] = previous


def _build_demo(work: Path) -> Path:
    with on_demo_day():
        return build_site(copy_demo(work) / "mkdocs.yml", work / "site")


# pytest-xdist runs the tests in one process per core (`scripts/test` asks for it); the demo is
# then built by the first worker that needs it, into the folder all workers share, and read by
# every worker. No test writes into it.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, request) -> Path:
    """The real demo portal, built once into a temporary folder."""
    if XDIST_WORKER is None:
        site = _build_demo(tmp_path_factory.mktemp("demo"))
        if any(item.name == REBUILD_TEST for item in request.session.items):
            _start_demo_rebuild(request.config, tmp_path_factory)
        return site
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent / "demo"
    with FileLock(f"{shared}.lock"):
        built = shared / "built"
        if not built.exists():
            shutil.rmtree(shared, ignore_errors=True)  # a build that failed in another worker
            shared.mkdir()
            _build_demo(shared)
            built.touch()
    return shared / "site"


# The second build of the demo that test_robustness compares with demo_site byte by byte: one
# language at a time (jobs=1), in a process of its own. Without xdist it starts as soon as
# demo_site is built, so that it runs on the core the tests in between leave idle (most of them
# use one); with xdist both cores are busy, and the test starts it when it needs it.
REBUILD_TEST = "test_two_builds_of_the_same_content_are_byte_identical"
REBUILD = pytest.StashKey[tuple]()
REBUILD_SCRIPT = """
import sys
from pathlib import Path
from portal.publish import build_site
build_site(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)
"""


def _start_demo_rebuild(config, tmp_path_factory) -> None:
    if REBUILD in config.stash:
        return
    work = copy_demo(tmp_path_factory.mktemp("demo-again"))
    env = {**os.environ, "PORTAL_TODAY": DEMO_TODAY, "PORTAL_LANG": "en"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    log = (work / "build.log").open("wb")  # a file, not a pipe: nothing waits for a reader
    process = subprocess.Popen(
        [sys.executable, "-c", REBUILD_SCRIPT, str(work / "mkdocs.yml"), str(work / "site")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    config.stash[REBUILD] = (process, work / "site")
    config.add_cleanup(lambda: process.poll() is None and (process.kill(), process.wait()))  # a session cut short


@pytest.fixture(scope="session")
def demo_rebuild(demo_site, tmp_path_factory, request) -> Path:
    """A second build of the demo, of a fresh copy of its files, one language at a time."""
    _start_demo_rebuild(request.config, tmp_path_factory)
    process, site = request.config.stash[REBUILD]
    process.wait(timeout=900)
    log = (site.parent / "build.log").read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, log[-4000:]
    return site


# A weekly series that ended in 2022 (the demo's consultation hours before they went on).
FINISHED_SERIES = """
title: Sprechstunde
start: 2022-01-06 13:00
end: 2022-01-06 17:00
category: consultation-hours
summary: Jeden Donnerstag.
location: {name: Haus des Handwerks, address: Leipzig}
recurrence: FREQ=WEEKLY;BYDAY=TH;UNTIL=20221231
"""

VALID_EVENT = """
title:
  de: Infoveranstaltung im BTZ
  en: Information session at the BTZ
start: 2022-02-16 10:00
end: 2022-02-16 13:00
category: info-session
summary: Eine Veranstaltung.
location:
  name: BTZ Borsdorf
  address: Borsdorf
"""

# A guidance topic with every field a topic needs.
GUIDANCE = """
---
title: Duldung
summary: Kurz.
sources: [{label: "§ 60a AufenthG", url: "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html"}]
reviewed: {date: 2026-01-01, by: Team}
applies_to: {statuses: [tolerated], questions: [work]}
---
Text.
"""
