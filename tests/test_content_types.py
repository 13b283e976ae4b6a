"""Guidance with reviews and the finder, glossary, counselling places, network, news and feeds,
downloads, stories gallery, the fixed pages in the footer, and the links between all of them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_build import LANGUAGES, page

ATOM = "{http://www.w3.org/2005/Atom}"
STATUSES = ["asylum-seeker", "tolerated", "temporary-protection", "recognised-refugee", "residence-permit"]
QUESTIONS = ["work", "training", "language-course", "recognition"]


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def guidance_topics() -> dict[str, dict]:
    return {
        path.stem: front_matter(path)
        for path in sorted((ROOT / "content" / "guidance").glob("*.md"))
        if "." not in path.stem
    }


def links(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


def resolve(site: Path, base: str, href: str) -> Path:
    """The built file a relative link on the page at URL path `base` points to."""
    path = urlparse(urljoin("http://x/" + base, href)).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


# --- guidance: review interval ------------------------------------------------------------

STALE_TOPIC = """
---
title: Arbeiten mit Duldung
summary: Kurz.
sources: [{label: "§ 60a AufenthG", url: "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html"}]
reviewed: {date: 2025-09-30, by: Beratungsteam}
applies_to: {statuses: [tolerated], questions: [work]}
---
Text.
"""


def test_a_topic_past_its_review_date_warns_and_fails_strict(project, capsys):
    # Today is 2026-11-22 (conftest); the interval is 12 months, so the review was due on 2026-09-30.
    project.write("content/guidance/arbeit-duldung.md", STALE_TOPIC)
    code, out = project.check(capsys)
    assert code == 0, out
    assert "content/guidance/arbeit-duldung.md:5: warning: reviewed.date: was last reviewed on 2025-09-30" in out
    assert "a review was due on 2026-09-30" in out
    code, out = project.check(capsys, "--strict")
    assert code == 1
    assert "reviewed.date" in out


def test_a_topic_reviewed_within_the_interval_does_not_warn(project, capsys):
    project.write("content/guidance/arbeit-duldung.md", STALE_TOPIC.replace("2025-09-30", "2025-11-22"))
    _code, out = project.check(capsys)
    assert "reviewed" not in out, out


def test_readers_see_the_overdue_review(project):
    project.write("content/guidance/arbeit-duldung.md", STALE_TOPIC)
    site = project.build()
    german = (site / "guidance/arbeit-duldung/index.html").read_text(encoding="utf-8")
    assert "zuletzt am Dienstag, 30. September 2025 geprüft" in german
    arabic = (site / "ar/guidance/arbeit-duldung/index.html").read_text(encoding="utf-8")
    assert 'class="portal-notice portal-notice--outdated"' in arabic


def test_demo_guidance_has_sources_review_line_and_disclaimer(demo_site):
    # The overdue warning shows exactly on topics reviewed more than 12 months before "today".
    for slug, meta in guidance_topics().items():
        overdue = meta["reviewed"]["date"] < date(2025, 11, 22)
        for lang in ("de", "en", "ar"):
            html = page(demo_site, lang, f"guidance/{slug}")
            assert 'class="portal-sources"' in html
            assert "https://www.gesetze-im-internet.de/" in html
            assert 'class="portal-reviewed"' in html
            assert "portal-notice--legal" in html
            assert ("portal-notice--outdated" in html) == overdue, (lang, slug)


# --- the finder ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en", "ar", "ps"])
def test_finder_paths_lead_to_exactly_the_matching_topics(demo_site, lang):
    topics = guidance_topics()
    start = page(demo_site, lang, "finder")
    for status in STATUSES:
        assert f'href="{status}/"' in start
        step = page(demo_site, lang, f"finder/{status}")
        for question in QUESTIONS:
            assert f'href="{question}/"' in step
            html = page(demo_site, lang, f"finder/{status}/{question}")
            expected = {
                slug
                for slug, meta in topics.items()
                if status in meta["applies_to"]["statuses"] and question in meta["applies_to"]["questions"]
            }
            found = set(re.findall(r'href="\.\./\.\./\.\./guidance/([a-z0-9-]+)/"', html))
            assert found == expected, (status, question)
            if not expected:
                assert "portal-notice" in html  # no dead end: it says so and lists counselling places
            assert "../../../places/" in html


def test_every_status_has_a_topic_on_work(demo_site):
    topics = guidance_topics()
    for status in STATUSES:
        assert any(
            status in meta["applies_to"]["statuses"] and "work" in meta["applies_to"]["questions"]
            for meta in topics.values()
        ), status


def test_finder_works_without_javascript(demo_site):
    # Plain links from step to step, no script on the finder's own pages. The one form is the
    # choice of region, hidden without the script (the network's home region comes first then).
    html = page(demo_site, "de", "finder/tolerated/work")
    article = html.split('<article class="md-content__inner')[1].split("</article>")[0]
    assert "<script" not in article
    assert re.findall(r"<form[^>]*>", article) == [
        '<form class="portal-filter portal-region" data-portal-region hidden>'
    ]
    assert "arbeitsmarktzugang-duldung" in article


# --- glossary -----------------------------------------------------------------------------


def test_glossary_lists_every_term_in_every_language(demo_site):
    terms = sorted((ROOT / "content" / "glossary").glob("*.yml"))
    assert len(terms) >= 8
    for lang in LANGUAGES:
        html = page(demo_site, lang, "glossary")
        for path in terms:
            entry = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert f'<dt id="{path.stem}">' in html
            # Right-to-left pages isolate German words in the text (portal.render.bidi): compare the text.
            text = re.sub(r'<span (?:lang="de" )?dir="ltr">|</span>', "", html)
            assert entry["explanation"][lang].replace("'", "&#39;").replace('"', "&#34;")[:30] in text


def test_guidance_explains_glossary_terms_where_they_appear(demo_site):
    duldung = yaml.safe_load((ROOT / "content/glossary/duldung.yml").read_text(encoding="utf-8"))
    for lang in ("de", "en", "ar"):
        html = page(demo_site, lang, "guidance/arbeitsmarktzugang-duldung")
        match = re.search(
            r'<a class="portal-term__word" href="\.\./\.\./glossary/#duldung" aria-describedby="term-duldung">'
            r'(?:<span lang="de" dir="ltr">)?(Duldung)(?:</span>)?</a>'
            r'<span class="portal-term__tip" role="tooltip" id="term-duldung" lang="(\w+)" dir="(\w+)">(.*?)</span></span>',
            html,
        )
        assert match, lang
        assert match.group(2) == lang
        tip = re.sub(r'<span (?:lang="de" )?dir="ltr">|</span>', "", match.group(4))  # isolated German words
        assert tip.startswith(duldung["explanation"][lang][:20].replace("'", "&#39;"))
        # Only the first mention is marked, and never inside a heading or link.
        assert html.count('aria-describedby="term-duldung"') == 1
        assert not re.search(r"<h[1-6][^>]*>[^<]*<span class=\"portal-term", html)


# --- counselling places and the network ---------------------------------------------------


def test_places_show_hours_in_words_map_link_and_booking(demo_site):
    de = page(demo_site, "de", "places")
    assert 'id="sprechstunde-haus-des-handwerks"' in de
    assert "Donnerstag: 13:00–17:00 Uhr" in de
    assert "https://www.openstreetmap.org/search?query=Dresdner%20Stra%C3%9Fe%2011/13" in de
    assert "Thursday: 13:00–17:00" in page(demo_site, "en", "places")
    assert "الخميس: 13:00–17:00" in page(demo_site, "ar", "places")


def test_place_filters_are_static_pages(demo_site):
    places = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "content/places").glob("*.yml")}
    services = {s for p in places.values() for s in p["services"]}
    for service in services:
        for lang in ("de", "ar"):
            html = page(demo_site, lang, f"places/service/{service}")
            shown = set(re.findall(r'<li class="portal-card portal-place" id="([a-z0-9-]+)"', html))
            assert shown == {slug for slug, p in places.items() if service in p["services"]}, service
    html = page(demo_site, "en", "places/language/de")
    assert html.count('class="portal-card portal-place"') == sum("de" in p["languages"] for p in places.values())


def test_guidance_and_finder_link_to_places_that_help(demo_site):
    html = page(demo_site, "de", "guidance/anerkennung-auslaendischer-abschluesse")
    advice = html.split('id="advice"')[1]
    places = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "content/places").glob("*.yml")}
    helping = {slug for slug, p in places.items() if "recognition" in p.get("helps_with", [])}
    assert helping
    for slug in helping:
        assert f"../../places/#{slug}" in advice


def test_network_page_groups_partners_with_funding_statement_and_office(demo_site):
    for lang in ("de", "en", "ar"):
        html = page(demo_site, lang, "network")
        assert 'id="aufbauwerk-leipzig"' in html or 'id="stadt-leipzig-migration"' in html
        assert 'id="funding"' in html and "IvAF" in html
        assert 'id="office"' in html
    assert "Donnerstag: 13:00–17:00 Uhr" in page(demo_site, "de", "network")


# --- news, feeds, downloads ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_news_feed_parses_and_points_at_built_pages(demo_site, lang):
    feed_path = demo_site / LANGUAGES[lang] / "news" / "feed.xml"
    root = ET.parse(feed_path).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    news = sorted(p for p in (ROOT / "content/news").glob("*.md") if p.stem.count(".") == 0)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(news)
    dates = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        path = urlparse(href).path.lstrip("/")
        assert (demo_site / path / "index.html").is_file(), href
        assert entry.find(f"{ATOM}title").text.strip()
        assert entry.find(f"{ATOM}id").text == href
    english = {ET.parse(demo_site / "en/news/feed.xml").getroot().find(f"{ATOM}entry/{ATOM}title").text}
    german = {ET.parse(demo_site / "news/feed.xml").getroot().find(f"{ATOM}entry/{ATOM}title").text}
    assert english != german
    head = page(demo_site, lang, "news")
    assert 'rel="alternate " type="application/atom+xml"' in head


def test_news_index_is_newest_first(demo_site):
    html = page(demo_site, "de", "news")
    dates = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', html)
    assert dates and dates == sorted(dates, reverse=True)


def test_downloads_show_publisher_date_language(demo_site):
    downloads = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "content/downloads").glob("*.yml")
    }
    assert len(downloads) >= 4
    html = page(demo_site, "de", "downloads")
    for slug, item in downloads.items():
        assert f'id="{slug}"' in html
        assert item["publisher"].replace("&", "&amp;") in html
    assert "Juli 2021" in html  # a month-precise date stays month-precise


def test_a_local_pdf_is_published_with_its_size(project):
    project.write("content/media/broschuere.pdf", b"%PDF-1.4\n" + b"0" * 3000)
    project.write(
        "content/downloads/broschuere.yml",
        "title: Broschüre\npublisher: DRK\ndate: 2021-07\nlanguages: [de, ar]\nfile: broschuere.pdf\n",
    )
    site = project.build()
    assert (site / "media/broschuere.pdf").read_bytes().startswith(b"%PDF")
    html = (site / "ar/downloads/index.html").read_text(encoding="utf-8")
    assert 'href="../../media/broschuere.pdf"' in html
    assert "PDF, ٣ KB" in html or "PDF, 3 KB" in html


# --- stories ------------------------------------------------------------------------------


def test_story_gallery_filters_are_static_pages(demo_site):
    for lang in ("de", "en", "ar"):
        html = page(demo_site, lang, "stories")
        assert 'aria-hidden="true"' in html  # the neutral drawing for stories without a photo
        for folder in ("field", "region", "project"):
            for target in re.findall(rf'href="{folder}/([a-z0-9-]+)/"', html):
                filtered = page(demo_site, lang, f"stories/{folder}/{target}")
                assert "portal-story-card" in filtered
    assert page(demo_site, "de", "stories/region/dresden").count("portal-story-card") >= 1
    assert "hala" in page(demo_site, "de", "stories/field/education")
    assert "lewis" not in page(demo_site, "de", "stories/field/education")


def test_story_photo_needs_alt_text_and_is_published(project):
    project.write("content/media/hala.jpg", b"\xff\xd8\xff\xe0fakejpeg")
    alt = {
        "de": "Hala an der Tafel",
        "en": "Hala at the blackboard",
        "ar": "هالة أمام السبورة",
    }
    project.write(
        "content/stories/hala.md",
        "---\ntitle: Hala\nperson: {first_name: Hala, origin: Syrien, occupation: Lehrerin, city: Dresden, "
        "field: education, region: dresden}\nimage:\n  src: hala.jpg\n  alt: "
        + yaml.safe_dump(alt, allow_unicode=True, default_flow_style=True)
        + "consent: {given_by: Hala, date: 2021-06-01, scope: Foto}\n---\nText\n",
    )
    site = project.build()
    assert (site / "media/hala.jpg").is_file()
    assert 'src="../../media/hala.jpg" alt="هالة أمام السبورة"' in (site / "ar/stories/index.html").read_text(
        encoding="utf-8"
    )


def test_consent_details_never_reach_the_site(demo_site):
    for path in (ROOT / "content/stories").glob("*.md"):
        if path.stem.count("."):
            continue
        scope = front_matter(path)["consent"]["scope"]
        for built in demo_site.rglob("*.html"):
            assert scope not in built.read_text(encoding="utf-8"), built


def test_videos_are_links_never_embedded(demo_site):
    html = page(demo_site, "en", "stories/hala")
    assert 'href="https://youtu.be/LT-25-b3uFU"' in html
    assert "<iframe" not in html and "youtube.com/embed" not in html
    assert "hosted by YouTube" in html


# --- fixed pages and the footer -----------------------------------------------------------


def test_every_page_links_imprint_privacy_and_accessibility(demo_site):
    checked = 0
    for path in demo_site.rglob("index.html"):
        if path.parent.name == "admin":  # the browser editor is an application, not a page
            continue
        html = path.read_text(encoding="utf-8")
        footer = re.search(r'<nav class="portal-footer-links"[^>]*>(.*?)</nav>', html, re.DOTALL)
        assert footer, path
        hrefs = re.findall(r'href="([^"]+)"', footer.group(1))
        assert [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs] == ["impressum", "datenschutz", "barrierefreiheit"], (
            path
        )
        checked += 1
        if checked % 50 == 0:  # resolving every link of every page is the link checker's job
            base = path.parent.relative_to(demo_site).as_posix() + "/"
            for href in hrefs:
                assert resolve(demo_site, base, href).is_file(), (path, href)
    assert checked > 9 * 50


def test_translated_legal_pages_say_the_german_text_is_binding(demo_site):
    assert "Verbindlich ist allein" not in page(demo_site, "de", "pages/impressum")
    for lang in ("en", "ar", "fa"):
        html = page(demo_site, lang, "pages/datenschutz")
        assert 'hreflang="de"' in html
    assert "Only the German version of this page is legally binding." in page(demo_site, "en", "pages/barrierefreiheit")


def test_privacy_statement_matches_the_server_configuration():
    nginx = (ROOT / "deploy/nginx/portal.conf").read_text(encoding="utf-8")
    assert "access_log off;" in nginx
    privacy = (ROOT / "content/pages/datenschutz.md").read_text(encoding="utf-8")
    assert "Cookies" in privacy


# --- cross-links ---------------------------------------------------------------------------


def test_references_link_both_ways(demo_site):
    news = {p.stem: front_matter(p) for p in (ROOT / "content/news").glob("*.md") if p.stem.count(".") == 0}
    checked = 0
    for slug, meta in news.items():
        html = page(demo_site, "en", f"news/{slug}")
        for folder, field in (
            ("projects", "projects"),
            ("events", "events"),
            ("guidance", "guidance"),
            ("stories", "stories"),
        ):
            for target in meta.get(field) or []:
                assert f'href="../../{folder}/{target}/"' in html, (slug, target)
                # …and the page of what it refers to lists the news item.
                back = page(demo_site, "en", f"{folder}/{target}")
                assert f'href="../../news/{slug}/"' in back, (folder, target, slug)
                checked += 1
        for target in meta.get("downloads") or []:
            assert f'href="../../downloads/#{target}"' in html
            assert f'href="../news/{slug}/"' in page(demo_site, "en", "downloads")
            checked += 1
    assert checked >= 8


def test_events_link_guidance_and_guidance_lists_coming_events(demo_site):
    events = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "content/events").glob("*.yml")}
    linked = {slug: e["guidance"] for slug, e in events.items() if e.get("guidance")}
    assert linked
    for slug, topics in linked.items():
        html = page(demo_site, "de", f"events/{slug}")
        for topic in topics:
            assert f'href="../../guidance/{topic}/"' in html
    upcoming = "2026-12-10-online-anerkennung-berufsabschluesse"
    for topic in linked.get(upcoming, []):
        assert f'href="../../events/{upcoming}/"' in page(demo_site, "de", f"guidance/{topic}")


def test_projects_list_their_events_stories_and_news(demo_site):
    html = page(demo_site, "de", "projects/arbeitsmarktmentoren-sachsen")
    assert 'href="../../stories/hala/"' in html and 'href="../../stories/lewis/"' in html
    assert "../../network/#" in html
