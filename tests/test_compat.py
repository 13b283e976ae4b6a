"""Contract tests: one per internal of MkDocs, Material for MkDocs and mkdocs-static-i18n that
`portal.engine.mkdocs.compat` relies on. Each builds or loads a plain Material project (no
portal plugin) and checks the assumption against what the installed versions really do, so an
upgrade that changes one of them fails here, by name, instead of building a wrong site."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import material
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from portal.engine.mkdocs import compat

PLAIN_MATERIAL = """
site_name: Contract
site_url: https://contract.example.org/
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  custom_dir: overrides
  language: de
  font: false
  features: [navigation.tabs, navigation.top, search.highlight]
  palette: {primary: indigo, accent: indigo}
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: true
      languages:
        - {locale: de, name: Deutsch, default: true}
        - {locale: en, name: English}
"""


def plain_project(folder: Path) -> Path:
    (folder / "docs" / "events").mkdir(parents=True)
    (folder / "overrides").mkdir()
    (folder / "mkdocs.yml").write_text(textwrap.dedent(PLAIN_MATERIAL), encoding="utf-8")
    for name, text in {
        "index.md": "# Start\n\nHallo.",
        "index.en.md": "# Home\n\nHello.",
        "events/index.md": "# Termine\n\nText.",
    }.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    return folder / "mkdocs.yml"


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory) -> Path:
    """Material + static-i18n's own output, without the portal's adjustments."""
    config = load_config(str(plain_project(tmp_path_factory.mktemp("plain"))))
    build(config)
    return Path(config.site_dir)


# --- MkDocs -----------------------------------------------------------------------------------


def test_theme_dirs_take_the_kits_theme_between_the_sites_overrides_and_material(tmp_path):
    config = load_config(str(plain_project(tmp_path)))
    compat.add_kit_theme(config)
    compat.add_kit_theme(config)  # again, as on every language's on_config: no second entry
    dirs = config.theme.dirs
    assert dirs[0] == str(tmp_path / "overrides") and dirs[1] == str(compat.KIT_THEME)
    assert dirs.count(str(compat.KIT_THEME)) == 1
    assert "material" in dirs[2]
    # The theme's Jinja environment searches the folders in that order.
    template = config.theme.get_env().get_template("partials/languages/ps.html")
    assert Path(template.filename).is_relative_to(compat.KIT_THEME)


def test_navigation_and_not_in_nav_are_set_the_way_mkdocs_reads_them(tmp_path):
    config = load_config(str(plain_project(tmp_path)))
    compat.set_navigation(config, ["index.md", "events/index.md"], ["/events/**/*.md"])
    compat.set_navigation(config, ["other.md"], ["/events/**/*.md"])  # a site's own nav is kept
    assert config.nav == ["index.md", "events/index.md"]
    assert config.not_in_nav.match_file("events/2027-01-01-x.md")
    assert not config.not_in_nav.match_file("guidance/x.md")
    assert [p.pattern for p in config.not_in_nav.patterns].count("/events/**/*.md") == 1


def test_a_forked_language_build_can_keep_mkdocs_from_cleaning_the_site_folder(tmp_path, monkeypatch):
    from mkdocs import utils

    config = load_config(str(plain_project(tmp_path)))
    site = Path(config.site_dir)
    site.mkdir()
    (site / "other-language.html").write_text("written by another process", encoding="utf-8")
    monkeypatch.setattr(utils, "clean_directory", utils.clean_directory)  # restored after the test
    compat.never_clean_site_dir()
    build(config, dirty=False)
    assert (site / "other-language.html").is_file()


# --- mkdocs-static-i18n -----------------------------------------------------------------------


def test_static_i18n_builds_one_language_when_told_it_is_a_further_language(tmp_path):
    config = load_config(str(plain_project(tmp_path)))
    assert compat.i18n_languages(config) == ["de", "en"]
    assert compat.i18n_current_language(config) is None and not compat.i18n_in_nested_build(config)
    compat.i18n_build_one_language(config, "en")
    assert compat.i18n_current_language(config) == "en" and compat.i18n_in_nested_build(config)
    build(config)
    site = Path(config.site_dir)
    assert (site / "en" / "index.html").is_file()
    assert not (site / "index.html").exists(), "static-i18n built the default language too"


def test_a_plugin_without_the_expected_attributes_is_reported_by_name(tmp_path):
    config = load_config(str(plain_project(tmp_path)))
    del config.plugins["i18n"].building
    with pytest.raises(compat.EngineMismatch, match="mkdocs-static-i18n .* 'building'"):
        compat.i18n_in_nested_build(config)


# --- Material's search ------------------------------------------------------------------------


def test_materials_search_plugin_keeps_an_index_with_entries_and_settings(tmp_path):
    config = load_config(str(plain_project(tmp_path)))
    build(config)
    search = compat.search_plugin(config)
    compat.write_language_index(tmp_path / "out", "en/", "en", search)
    written = (tmp_path / "out" / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["en"]' in written and '"docs":[' in written
    with pytest.raises(compat.EngineMismatch, match="search_index"):
        compat.write_language_index(tmp_path / "out", "", "de", object())


def test_materials_search_plugin_collects_no_entries_when_the_portal_reads_the_pages(tmp_path):
    import inspect

    config = load_config(str(plain_project(tmp_path)))
    search = compat.search_plugin(config)
    search.on_config(config)  # where Material makes its index
    # Material adds each page through this one method (on_page_context).
    assert "self.search_index.add_entry_from_context(page)" in inspect.getsource(type(search).on_page_context)
    compat.collect_no_search_entries(search)
    search.search_index.add_entry_from_context(object())
    compat.write_language_index(tmp_path / "out", "", "de", search)
    written = (tmp_path / "out" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"docs":[]' in written and '"separator":' in written  # Material's settings, no entries
    with pytest.raises(compat.EngineMismatch, match="add_entry_from_context"):
        compat.collect_no_search_entries(object())


def test_material_names_its_search_worker_where_search_index_js_replaces_it(plain_site):
    """search-index.js stands in for the worker whose address Material's page config names."""
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    assert compat.has_search_worker(html)
    script = (compat.KIT_THEME / "assets" / "javascripts" / "search-index.js").read_text(encoding="utf-8")
    assert r"/\/workers\/search\.[0-9a-f]+\.min\.js$/" in script
    # The protocol's message types, as Material numbers them (SETUP, READY, QUERY, RESULT).
    scripts = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    source = json.loads(next(scripts.glob("bundle.*.min.js.map")).read_text(encoding="utf-8"))
    message = next(
        text
        for name, text in zip(source["sources"], source["sourcesContent"], strict=True)
        if name.endswith("search/worker/message/index.ts")
    )
    assert re.search(r"SETUP,.*READY,.*QUERY,.*RESULT", message, re.DOTALL)
    assert "var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;" in script


def test_materials_article_is_marked_as_what_the_search_indexes(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    marked = compat.mark_search_body(html)
    assert marked.count("data-search-body") == 1
    assert '<article class="md-content__inner md-typeset" data-search-body>' in marked
    with pytest.raises(compat.EngineMismatch, match="article"):
        compat.mark_search_body(html.replace('<article class="md-content__inner md-typeset">', "<article>"))


def test_material_ships_lunr_for_the_languages_it_stems():
    assert {"de", "ar", "ru", "tr", "fr"} <= compat.LUNR_LANGUAGES
    assert compat.lunr_languages("fa") == ["en"]  # no stemmer: words are kept whole


# --- Material's finished pages ----------------------------------------------------------------


def test_material_writes_the_two_inline_scripts_the_portal_moves_into_files(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    assert compat._SCOPE_SCRIPT.search(html) and compat._TABS_SCRIPT.search(html)
    finished = compat.external_scripts(html)
    assert "<script>" not in finished
    assert '<script src="assets/javascripts/material-scope.js"></script>' in finished
    # The files hold the same code as Material's inline scripts.
    scope = (compat.KIT_THEME / "assets" / "javascripts" / "material-scope.js").read_text(encoding="utf-8")
    assert "__md_scope" in scope


def test_material_sets_dir_on_body_only_and_the_portal_adds_it_to_html(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    assert compat._HTML_TAG.search(html) and 'dir="' not in html.split("<head>")[0]
    assert '<html lang="de" dir="rtl"' in compat.set_direction(html, "rtl")


def test_material_writes_relative_hreflang_links_that_its_script_would_fetch(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    assert [lang for _href, lang in compat._HREFLANG.findall(html)] == ["de", "en"]
    assert "hreflang" not in compat.without_hreflang_links(html).split("</head>")[0]


def test_static_i18n_sitemap_names_each_pages_alternates(plain_site):
    sitemap = (plain_site / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"<url>.*?</url>", compat.sitemap_x_default(sitemap, "de"), re.DOTALL).group(0)
    links = re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry)
    assert [lang for lang, _href in links] == ["de", "x-default", "en"]
    assert links[0][1] == links[1][1]


def test_materials_page_config_has_the_base_the_search_is_fetched_from(plain_site):
    html = (plain_site / "en" / "index.html").read_text(encoding="utf-8")
    assert "base" in json.loads(compat._CONFIG.search(html).group(2))
    assert '"base": "../en/"' in compat.page_config(html, "en", "de")
    with pytest.raises(compat.EngineMismatch, match="base"):
        compat.page_config('<script id="__config" type="application/json">{}</script>', "en", "de")


def test_materials_page_config_is_written_with_escaped_letters_and_read_back_the_same(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    config = compat._CONFIG.search(html).group(2)
    assert "\\u00" in config  # German umlauts as \\uXXXX (Jinja's tojson)
    readable = compat._CONFIG.search(compat.page_config(html, "de", "de")).group(2)
    assert "\\u00" not in readable and len(readable.encode()) < len(config.encode())
    assert json.loads(readable) == json.loads(config)
    from jinja2.utils import htmlsafe_json_dumps  # what Material's template writes with

    hostile = html.replace(config, htmlsafe_json_dumps({"base": "../", "translations": {"x": "</script><b>'&"}}))
    written = compat._CONFIG.search(compat.page_config(hostile, "de", "de")).group(2)
    assert "<" not in written and ">" not in written and "&" not in written and "'" not in written
    assert json.loads(written)["translations"]["x"] == "</script><b>'&"


def test_an_empty_table_of_contents_is_left_out_and_a_full_one_kept(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-type="toc"' in html and compat._EMPTY_TOC.search(html)  # Material writes it empty
    assert 'data-md-type="toc"' not in compat.without_empty_toc(html)
    full = html.replace('aria-label="Inhaltsverzeichnis">', 'aria-label="Inhaltsverzeichnis"><ul><li>x</li></ul>', 1)
    assert compat.without_empty_toc(full) == full


def test_materials_frame_icons_become_references_into_one_file_of_symbols(tmp_path, plain_site):
    from xml.etree import ElementTree

    icons = compat.frame_icons(load_config(str(plain_project(tmp_path))))
    html = (plain_site / "events" / "index.html").read_text(encoding="utf-8")
    inline = [m.group(0) for m in compat._INLINE_ICON.finditer(html)]
    assert len(inline) >= 6 and compat._ASSETS_PREFIX.search(html)  # menu, search, language, ... inline
    in_article = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1h2v2H1z"/></svg>'
    page = html.replace("<p>Text.</p>", "<p>Text.</p>" + in_article + inline[0], 1)
    finished = icons.referenced(page)
    frame = finished.split(compat._CONTENT_START)[0] + finished.rsplit("</article>", 1)[1]
    assert "<svg xmlns" not in frame  # Material's every frame icon is in the file of symbols
    assert in_article + inline[0] in finished  # the article's own icons stay inline
    references = re.findall(r'<svg><use href="\.\./assets/images/frame-icons\.svg#(i[0-9a-f]{8})"/></svg>', finished)
    assert len(references) == len(inline)
    symbols = {element.get("id") for element in ElementTree.fromstring(icons.sprite)}
    assert set(references) <= symbols


def test_materials_search_dialog_and_script_texts_are_left_to_the_languages_texts_file(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    html = compat.search_dialog_name(compat.valid_markup(html))
    assert len(compat._DIALOG.findall(html)) == 1  # the whole dialog, and nothing after it
    assert html[compat._DIALOG.search(html).end() :].startswith("</nav>")  # the header's, after the dialog
    assert json.loads(compat._CONFIG.search(html).group(2))["translations"]
    loading = html.replace("</head>", '<script src="interface-texts.js"></script></head>', 1)

    def finished(page: str, shared: compat.SharedFrame) -> str:
        return compat.page_config(shared.without_dialog(page), "de", "de", shared)

    shared = compat.SharedFrame("interface-texts.js")
    first = finished(loading, shared)
    assert 'data-md-component="search"' not in first and "<header" in first and "md-container" in first
    assert "translations" not in json.loads(compat._CONFIG.search(first).group(2))
    assert shared.texts()["searchDialog"].startswith('<div class="md-search" data-md-component="search"')
    assert shared.texts()["translations"]["search.result.none"]
    # The same parts on a second page are left out too; different ones stay.
    assert finished(loading, shared) == first
    other = finished(loading.replace('placeholder="Suche"', 'placeholder="Finden"'), shared)
    assert 'placeholder="Finden"' in other
    # A page that does not load the texts file keeps both.
    assert 'data-md-component="search"' in finished(html, compat.SharedFrame("interface-texts.js"))


def test_material_writes_the_attributes_the_nu_html_checker_refuses(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8")
    assert compat._CHECKBOX_AUTOCOMPLETE.search(html) and ' autocorrect="off"' in html
    fixed = compat.valid_markup(html)
    assert not compat._CHECKBOX_AUTOCOMPLETE.search(fixed) and ' autocorrect="off"' not in fixed


def test_an_unknown_inline_script_stops_the_build_instead_of_breaking_the_csp(plain_site):
    html = (plain_site / "index.html").read_text(encoding="utf-8").replace("__md_scope=new URL", "__md_scope=new Url")
    with pytest.raises(compat.EngineMismatch, match="inline scripts"):
        compat.finish_material_page(html, "ltr", "de", "de")


# --- building some pages only (the preview) -----------------------------------------------------


def test_building_some_pages_only_gives_the_full_builds_output(tmp_path):
    """MkDocs' build with `_populate_page` and `_build_page` replaced: only the chosen page is
    rendered and written, every other file stays as it was, and the result equals a full build."""
    import filecmp
    import shutil

    project = plain_project(tmp_path / "project")
    first = load_config(str(project), site_dir=str(tmp_path / "first"))
    build(first)
    first_index = tmp_path / "first-index"
    compat.write_language_index(first_index, "", "de", compat.search_plugin(first))
    changed = tmp_path / "project" / "docs" / "events" / "index.md"
    changed.write_text("# Termine\n\nNeuer Text.", encoding="utf-8")
    full = load_config(str(project), site_dir=str(tmp_path / "full"))
    build(full)
    compat.write_language_index(tmp_path / "full-index", "", "de", compat.search_plugin(full))

    partial_dir = tmp_path / "partial"
    shutil.copytree(tmp_path / "first", partial_dir)  # modification times kept, as in the preview's folder
    shutil.copytree(first_index, tmp_path / "partial-index")
    untouched = (partial_dir / "index.html").stat().st_mtime_ns
    partial = load_config(str(project), site_dir=str(partial_dir))
    compat.build_pages(partial, {"events/index.md"})
    assert (partial_dir / "index.html").stat().st_mtime_ns == untouched, "an unaffected page was written"
    assert "Neuer Text." in (partial_dir / "events" / "index.html").read_text(encoding="utf-8")
    names = {p.relative_to(partial_dir).as_posix() for p in partial_dir.rglob("*") if p.is_file()}
    # Material's own index (not the portal's per language) holds only what was built: left out here.
    names.discard("search/search_index.json")
    assert names == {
        p.relative_to(tmp_path / "full").as_posix() for p in (tmp_path / "full").rglob("*") if p.is_file()
    } - {"search/search_index.json"}
    different = [n for n in sorted(names) if not filecmp.cmp(partial_dir / n, tmp_path / "full" / n, shallow=False)]
    assert different == []
    # The portal's index keeps the other pages' entries from before, in the full build's order.
    compat.write_language_index(
        tmp_path / "partial-index", "", "de", compat.search_plugin(partial), {"events/index.md"}
    )
    index = "search/search_index.json"
    assert (tmp_path / "partial-index" / index).read_text(encoding="utf-8") == (
        tmp_path / "full-index" / index
    ).read_text(encoding="utf-8")


def test_building_some_pages_needs_mkdocs_build_functions(monkeypatch, tmp_path):
    from mkdocs.commands import build as mkdocs_build

    monkeypatch.delattr(mkdocs_build, "_build_page")
    with pytest.raises(compat.EngineMismatch, match="mkdocs .*_build_page"):
        compat.build_pages(load_config(str(plain_project(tmp_path))), set())


def test_mkdocs_reads_a_generated_pages_front_matter_as_the_portal_wrote_it():
    """Generated pages carry their front matter as one line of JSON (`render.pages.front_matter`),
    which MkDocs reads with YAML: the same mapping must come back, whatever a title holds."""
    from mkdocs.utils.meta import get_data

    from portal.render.pages import front_matter

    meta = {
        "title": 'A "title": # \\ \t 😀 ' + "\x85 \u2028 \u2029 \x7f \x9f \ufeff \ufffe ' & <b>",
        "portal_page": True,
        "description": "وصف قصير – 2027",
        "hide": ["navigation", "toc"],
        "search": {"exclude": True},
    }
    markdown, read = get_data(f"---\n{front_matter(meta)}\n---\n\nbody\n")
    assert read == meta and markdown.strip() == "body"


def test_materials_drawer_rendered_once_per_folder_is_what_it_renders_for_each_page(project, monkeypatch):
    """`NavigationCache` assumes that Material's `site_nav` block of a page outside the
    navigation depends only on the page's folder and `hide`: a site built with the cache is
    byte for byte the site built without it."""
    from portal.publish import build_site
    from tests.conftest import GUIDANCE, VALID_EVENT

    for day in ("2022-02-16", "2022-02-17", "2022-03-01"):
        project.write(f"content/events/{day}-info.yml", VALID_EVENT.replace("2022-02-16", day))
    project.write("content/guidance/duldung.md", GUIDANCE)
    project.write("docs/about.md", "# Über uns\n\n## Wer wir sind\n\nText.\n\n## Kontakt\n\nText.\n")
    cached = build_site(project.root / "mkdocs.yml", project.root / "cached")
    monkeypatch.setattr(compat.NavigationCache, "get", lambda self, key: None)  # every page renders its own
    rendered = build_site(project.root / "mkdocs.yml", project.root / "rendered")
    pages = sorted(path.relative_to(rendered) for path in rendered.rglob("*.html"))
    assert len(pages) > 30 and any("events/2022-02-17-info" in str(page) for page in pages)
    for page in pages:
        assert (cached / page).read_bytes() == (rendered / page).read_bytes(), page
