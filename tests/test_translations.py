"""Ten languages (easy German among them) and translation integrity: notices, the report, marking current, strict builds."""

from __future__ import annotations

import gzip
import html
import json
import re

import pytest

from portal.cli import main as portal_main
from portal.site import load_site
from portal.strings import Strings, kit_strings
from portal.translations import mark_current, translation_states
from tests.conftest import GUIDANCE, ROOT
from tests.test_build import LANGUAGES, page
from tests.test_build import page as built_page

RTL = {"ar", "fa", "ps"}


# The lang attribute of each site language: easy German (ls) is German to screen readers.
TAG = {"ls": "de-x-ls"}


def test_languages_are_declared_once_and_all_ten_are_built(demo_site):
    site = load_site(ROOT / "mkdocs.yml")
    assert site.language_codes == ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "ps", "ls"]
    assert {lang.code for lang in site.languages if lang.rtl} == RTL
    for lang in site.language_codes:
        assert (demo_site / LANGUAGES[lang] / "index.html").is_file()


def test_the_kits_interface_strings_are_complete_and_a_language_it_lacks_is_named():
    assert Strings().missing(list(LANGUAGES)) == []
    problems = Strings().missing(["de", "it"])
    assert len(problems) == 1
    assert str(problems[0]).startswith("overrides/strings/it.yml: the interface has no text in it for ")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_interface_strings_appear_in_the_page_language(demo_site, lang):
    events = page(demo_site, lang, "events")
    assert kit_strings(lang)["upcoming_events"] in events
    html_lang, direction = re.search(r'<html lang="([^"]+)" dir="([^"]+)"', events).groups()
    assert (html_lang, direction) == (TAG.get(lang, lang), "rtl" if lang in RTL else "ltr")


def test_pashto_has_its_own_theme_interface(demo_site):
    home = page(demo_site, "ps", "")
    assert '<html lang="ps" dir="rtl"' in home
    # The search dialog, the same on every Pashto page, comes with the language's texts file.
    texts = (demo_site / "ps" / "interface-texts.js").read_text(encoding="utf-8")
    dialog = json.loads(texts.removeprefix("window.portalTexts = ").rstrip().removesuffix(";"))["frame"]["searchDialog"]
    search_label = re.search(r'<input type="text" class="md-search__input"[^>]*placeholder="([^"]+)"', dialog).group(1)
    assert search_label == "لټون"  # the kit's Pashto interface (portal/theme/partials/languages/ps.html)


def test_hreflang_alternates_are_in_the_sitemap_not_in_every_page(demo_site):
    html = page(demo_site, "fa", "guidance/berufssprachkurse")
    assert "hreflang" not in html.split("</head>")[0]  # 1.4 KB less on every page a phone loads
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(
        r"<url>\s*<loc>https://resque-portal\.example\.org/fa/guidance/berufssprachkurse/</loc>.*?</url>",
        sitemap,
        re.DOTALL,
    ).group(0)
    alternates = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry))
    assert set(alternates) == {TAG.get(lang, lang) for lang in LANGUAGES} | {"x-default"}
    assert alternates["uk"] == "https://resque-portal.example.org/uk/guidance/berufssprachkurse/"
    assert (
        alternates["x-default"] == alternates["de"] == "https://resque-portal.example.org/guidance/berufssprachkurse/"
    )
    # One sitemap for all languages (each built in its own process): every page once, as <loc>.
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locations) == len(set(locations))
    assert "https://resque-portal.example.org/ps/guidance/berufssprachkurse/" in locations
    assert "https://resque-portal.example.org/guidance/berufssprachkurse/" in locations
    pages = [p for p in demo_site.rglob("index.html") if p.relative_to(demo_site).parts[0] != "admin"]
    assert len(locations) == len(pages)
    assert gzip.decompress((demo_site / "sitemap.xml.gz").read_bytes()).decode() == sitemap


def test_every_language_has_its_own_page_not_found(demo_site):
    """Each language's build writes its 404 page into its folder; the default one is at the root."""
    for lang in LANGUAGES:
        folder = demo_site if lang == "de" else demo_site / lang
        html = (folder / "404.html").read_text(encoding="utf-8")
        direction = "rtl" if lang in ("ar", "fa", "ps") else "ltr"
        assert f'<html lang="{TAG.get(lang, lang)}" dir="{direction}"' in html, lang
        assert f"<h1>{kit_strings(lang)['page_not_found']}</h1>" in html, lang
        home = "/" if lang == "de" else f"/{lang}/"
        assert f'<a href="{home}">' in html, lang
        # The footer's legal pages, with addresses that work from any folder the page is served for.
        assert f'href="{home}pages/impressum/"' in html, lang


def test_untranslated_page_shows_the_german_text_under_a_notice_in_the_readers_language(demo_site):
    html = page(demo_site, "uk", "news/2022-04-04-dokumentarfilm-ich-habs-geschafft")
    assert kit_strings("uk")["translation_missing"] in html
    assert 'lang="de" dir="ltr"' in html


def test_outdated_translation_says_when_the_original_changed_and_links_to_it(demo_site):
    html = page(demo_site, "en", "projects/bof-2022")
    notice = re.search(
        r'<p class="portal-notice portal-notice--outdated" role="note" data-search-exclude>(.*?)</p>', html, re.DOTALL
    ).group(1)
    assert notice.startswith("The German original was changed on ")
    assert 'href="../../../projects/bof-2022/"' in notice


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "de"])
def test_notices_appear_in_every_language(demo_site, lang):
    strings = kit_strings(lang)

    def page(site, lang, path):  # the text as readers see it (entities such as &#39; decoded)
        return html.unescape(built_page(site, lang, path))

    guidance = page(demo_site, lang, "guidance/arbeitsmarktzugang-duldung")
    assert strings["machine_translated"] in guidance
    assert strings["translation_missing"] not in guidance
    if lang != "en":  # projects are translated into English only
        assert strings["translation_missing"] in page(demo_site, lang, "projects/resque-continued")
    # Event titles are translated, their longer descriptions only into English.
    event = page(demo_site, lang, "events/2022-02-16-infoveranstaltung-btz-borsdorf")
    assert (strings["partly_untranslated"] in event) is (lang != "en")
    home = page(demo_site, lang, "")
    assert strings["machine_translated"] in home


def test_language_switcher_stays_on_the_same_page(demo_site):
    html = page(demo_site, "fa", "guidance/berufssprachkurse")
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" class="md-select__link"', html)
    switcher = {lang: href for href, lang in links}
    assert switcher["de"] == "../../../guidance/berufssprachkurse/"
    assert switcher["ps"] == "../../../ps/guidance/berufssprachkurse/"
    assert len(switcher) == len(LANGUAGES)


def test_translation_report_matches_what_was_left_missing_and_outdated(capsys):
    code = portal_main(["--config", str(ROOT / "mkdocs.yml"), "translations", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    states = {(i["kind"], i["item"], i["language"]): i["state"] for i in report["items"]}
    assert states[("news", "2022-04-04-dokumentarfilm-ich-habs-geschafft", "uk")] == "missing"
    assert states[("guidance", "beschaeftigungszuschuss-16e-sgb-ii", "uk")] == "current"
    assert states[("projects", "bof-2022", "en")] == "outdated"
    assert states[("guidance", "arbeitsmarktzugang-duldung", "ps")] == "current"
    assert states[("docs", "index", "fa")] == "current"
    outdated = [key for key, state in states.items() if state == "outdated"]
    assert outdated == [("projects", "bof-2022", "en")]
    french = [state for (_, _, lang), state in states.items() if lang == "fr"]
    assert report["languages"]["fr"]["coverage"] == pytest.approx(100 * french.count("current") / len(french), abs=0.1)
    assert 0 < french.count("current") < len(french)
    assert set(report["languages"]) == set(LANGUAGES) - {"de"}


def test_translation_table_and_fail_on_outdated(capsys):
    code = portal_main(["--config", str(ROOT / "mkdocs.yml"), "translations", "--fail-on-outdated", "projects"])
    out = capsys.readouterr()
    assert code == 1
    assert "language    current  outdated  missing  machine  reviewed  coverage" in out.out
    assert "content/projects/bof-2022.en.md: the translation may be outdated" in out.err
    assert portal_main(["--config", str(ROOT / "mkdocs.yml"), "translations", "--fail-on-outdated", "guidance"]) == 0


def test_mark_current_records_the_original_and_a_change_makes_it_outdated(project, capsys):
    project.write("content/guidance/duldung.md", GUIDANCE)
    translation = project.write("content/guidance/duldung.en.md", "---\ntitle: Toleration\n---\nText.\n")
    site = load_site(project.root / "mkdocs.yml")
    state = lambda: {(s.item, s.lang): s.state for s in translation_states(site)}[("duldung", "en")]
    assert state() == "outdated"  # no record yet of the original it was made from
    assert (
        portal_main(["--config", str(project.root / "mkdocs.yml"), "translations", "--mark-current", str(translation)])
        == 0
    )
    assert "marked current (translation_of: " in capsys.readouterr().out
    assert re.search(r'^translation_of: "[0-9a-f]{12}"$', translation.read_text(), re.MULTILINE)
    assert state() == "current"
    project.write("content/guidance/duldung.md", GUIDANCE.replace("Text.", "Neuer Text."))
    assert state() == "outdated"
    mark_current(translation, site)
    assert state() == "current"
    assert translation.read_text().count("translation_of:") == 1


def test_build_fails_on_outdated_guidance_when_configured(project):
    from portal.problems import ContentError

    settings = project.root / "content/site.yml"
    # One `translations:` block: a key given twice is refused (the demo's own block goes first).
    without = re.sub(r"^translations:\n(?:[ #].*\n)*", "", settings.read_text(encoding="utf-8"), flags=re.MULTILINE)
    settings.write_text(without + "translations:\n  fail_on_outdated: [guidance]\n", encoding="utf-8")
    project.write("content/guidance/duldung.md", GUIDANCE)
    project.write(
        "content/guidance/duldung.en.md", "---\ntitle: Toleration\ntranslation_of: 000000000000\n---\nText.\n"
    )
    with pytest.raises(ContentError) as raised:
        project.build()
    assert "content/guidance/duldung.en.md: the translation may be outdated" in str(raised.value)


def test_each_language_has_its_own_search_index(demo_site):
    """The search keeps one index per language, in the language's folder; Material's own index file
    keeps its settings for the search box, without entries (a phone would fetch them all)."""
    counts = set()
    for lang, prefix in LANGUAGES.items():
        indexed = [
            json.loads(p.read_text(encoding="utf-8")) for p in (demo_site / prefix / "search" / "pages").glob("*.json")
        ]
        others = [other for other in LANGUAGES.values() if other and other != prefix]
        assert all(entry["url"].startswith(prefix) for entry in indexed)  # this language's pages only
        assert not [entry["url"] for entry in indexed if entry["url"].startswith(tuple(others))]
        counts.add(len(indexed))
        index = json.loads((demo_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["docs"] == []
        stemmer = {"ls": "de"}.get(lang, lang)  # easy German is stemmed as German
        assert index["config"]["lang"] == ([stemmer] if stemmer in {"de", "en", "ar", "ru", "tr", "fr"} else ["en"])
        # What the search indexes: the article of searchable pages; month grids are left out.
        assert "data-search-body" in page(demo_site, lang, "guidance/arbeitsmarktzugang-duldung")
        assert "data-search-body" not in page(demo_site, lang, "events/calendar/2026-12")
    assert len(counts) == 1 and counts.pop() > 20  # the same pages in every language
    fa_home = page(demo_site, "fa", "")
    assert re.search(r'"base": "\.\./fa/"', fa_home)


def test_translation_report_as_a_pull_request_comment(capsys):
    assert portal_main(["--config", str(ROOT / "mkdocs.yml"), "translations", "--markdown"]) == 0
    report = capsys.readouterr().out
    assert report.startswith("### Translations")
    assert "| ar |" in report and "- `content/projects/bof-2022.en.md`" in report
    assert portal_main(["--lang", "de", "--config", str(ROOT / "mkdocs.yml"), "translations", "--markdown"]) == 0
    assert capsys.readouterr().out.startswith("### Übersetzungen")
