"""Staff add an event file and see it after the build; a bad file never breaks the last good site."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from portal.problems import ContentError
from tests.conftest import VALID_EVENT


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_dropped_in_event_file_becomes_a_page(project):
    project.write("content/events/2022-02-16-info.yml", VALID_EVENT)
    site = project.build()
    german = (site / "events/2022-02-16-info/index.html").read_text(encoding="utf-8")
    english = (site / "en/events/2022-02-16-info/index.html").read_text(encoding="utf-8")
    assert "Infoveranstaltung im BTZ" in german
    assert "Information session at the BTZ" in english
    assert "2022-02-16-info/" in (site / "events/index.html").read_text(encoding="utf-8")


def test_content_is_escaped_not_executed(project):
    hostile = VALID_EVENT.replace(
        "  de: Infoveranstaltung im BTZ", '  de: "</title><script>alert(2)</script>"'
    ).replace(
        "summary: Eine Veranstaltung.",
        'summary: "<script>alert(1)</script>"\ndescription: "Hallo <img src=x onerror=alert(1)> [klick](javascript:alert(1))"',
    )
    project.write("content/events/x.yml", hostile)
    html = (project.build() / "events/x/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html
    assert "<script>alert(2)" not in html and "&lt;/title&gt;&lt;script&gt;alert(2)" in html


def test_failed_portal_build_keeps_the_last_good_site(project):
    project.write("content/events/a.yml", VALID_EVENT)
    site = project.build()
    before = tree_digest(site)
    project.write("content/events/b.yml", VALID_EVENT.replace("end: 2022-02-16 13:00", "end: 2022-02-16 09:00"))
    with pytest.raises(ContentError) as raised:
        project.build()
    assert "content/events/b.yml:5: end: 2022-02-16 09:00 is before the start" in str(raised.value)
    assert tree_digest(site) == before
    assert not list(site.parent.glob(".site-*")), "the scratch folder of the failed build is left behind"


def test_plain_mkdocs_build_stops_before_touching_the_output(project, caplog):
    project.write("content/events/a.yml", VALID_EVENT)
    site = project.build()
    before = tree_digest(site)
    project.write("content/events/b.yml", VALID_EVENT.replace("start: 2022-02-16 10:00", "start: 2022-02-30 10:00"))
    config = load_config(str(project.root / "mkdocs.yml"))
    config.site_dir = str(site)
    with pytest.raises((PluginError, Abort)):
        build(config)
    assert "content/events/b.yml:4: start: '2022-02-30 10:00' is not a real date" in caplog.text
    assert tree_digest(site) == before


def test_plain_mkdocs_build_one_language_after_another_gives_the_same_site(project, tmp_path):
    """`mkdocs build` (static-i18n's own loop) and `portal build` (a process per language) agree."""
    project.write("content/events/a.yml", VALID_EVENT)
    parallel = project.build(tmp_path / "parallel")
    config = load_config(str(project.root / "mkdocs.yml"))
    config.site_dir = str(tmp_path / "sequential")
    build(config)
    sequential = tmp_path / "sequential"
    first = {p.relative_to(parallel).as_posix(): p for p in parallel.rglob("*") if p.is_file()}
    second = {p.relative_to(sequential).as_posix(): p for p in sequential.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert "ar/404.html" in first and "ar/search/search_index.json" in first
    different = {name for name, path in first.items() if path.read_bytes() != second[name].read_bytes()}
    # Under static-i18n's loop, a 404 page's language links are those of the page built last
    # in the language before (its alternates leak from page to page); the portal's 404 pages
    # link each language's home page.
    assert {name for name in different if not name.endswith("404.html")} <= {"sitemap.xml", "sitemap.xml.gz"}
    assert re.findall("<url>.*?</url>", (parallel / "sitemap.xml").read_text(), re.DOTALL) == re.findall(
        "<url>.*?</url>", (sequential / "sitemap.xml").read_text(), re.DOTALL
    )


def test_jobs_must_be_at_least_one(project, capsys):
    """With no process allowed to start, the build would wait forever."""
    from portal.cli import main as portal_main

    for jobs in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as stopped:
            portal_main(["--config", str(project.root / "mkdocs.yml"), "build", "--jobs", jobs])
        assert stopped.value.code == 2
        assert "must be a whole number, at least 1" in capsys.readouterr().err
    from portal.publish import build_site

    with pytest.raises(ValueError):  # the library call refuses it too
        build_site(project.root / "mkdocs.yml", project.root / "site", jobs=0)
    assert not (project.root / "site").exists()


def test_a_build_reads_and_validates_the_content_once(project, monkeypatch):
    import portal.check

    project.write("content/events/2022-02-16-info.yml", VALID_EVENT)
    calls = []
    load = portal.check.load_content
    monkeypatch.setattr(portal.check, "load_content", lambda site, *cache: calls.append(site) or load(site, *cache))
    project.build()
    assert len(calls) == 1


def test_a_sitemap_beyond_the_protocols_limits_becomes_an_index_of_parts(project, monkeypatch):
    from portal.engine.mkdocs import parallel

    for day in range(1, 6):
        project.write(f"content/events/2022-02-1{day}-info.yml", VALID_EVENT)
    single = project.build()
    every = re.findall(r"<loc>([^<]+)</loc>", (single / "sitemap.xml").read_text(encoding="utf-8"))
    monkeypatch.setattr(parallel, "SITEMAP_MAX_URLS", 40)
    site = project.build()
    index = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index
    parts = re.findall(r"<loc>(https://test-portal\.example\.org/sitemap-\d+\.xml\.gz)</loc>", index)
    assert len(parts) == -(-len(every) // 40)
    found = []
    for address in parts:
        text = gzip.decompress((site / address.rsplit("/", 1)[1]).read_bytes()).decode("utf-8")
        urls = re.findall(r"<url>\s*<loc>([^<]+)</loc>", text)
        assert 0 < len(urls) <= 40
        found += urls
    assert sorted(found) == sorted(every)  # every address once, in one of the parts
    assert not list(site.glob("sitemap-*.xml"))  # the parts only gzipped (60 MB of XML at national scale)


@pytest.mark.parametrize("jobs", [1, 3])
def test_every_language_gets_its_feeds_however_many_build_at_once(project, jobs):
    """With as many cores as languages, the default language's build started before its feeds
    were made, and a German site had no "add to calendar" file and no calendar to subscribe to."""
    from portal.publish import build_site

    project.write("content/events/2022-02-16-info.yml", VALID_EVENT)
    site = build_site(project.root / "mkdocs.yml", project.root / "site", jobs=jobs)
    for prefix in ("", "en/", "ar/"):  # the fixture's three languages
        for feed in ("events/2022-02-16-info/event.ics", "events/feeds/all.ics"):
            assert (site / prefix / feed).is_file(), (jobs, prefix + feed)
