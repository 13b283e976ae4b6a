"""Translations people can trust: text-only tracking, minor edits, review, legal corrections,
texts inside YAML, files for translators (PO export and import, round trip through a build)."""

from __future__ import annotations

import json
import re
import subprocess

import polib
import pytest

from portal.cli import main as portal_main
from portal.site import load_site
from portal.strings import kit_strings
from portal.translations import mark_current, translation_states
from tests.conftest import DEMO_TODAY, VALID_EVENT, ScratchProject

GUIDANCE = """
---
title: Arbeiten mit Duldung
summary: Mit einer Duldung ist Arbeit oft möglich.
sources: [{label: "§ 60a AufenthG", url: "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html"}]
reviewed: {date: 2026-10-01, by: Team}
applies_to: {statuses: [tolerated], questions: [work]}
---
Eine Duldung ist kein Aufenthaltstitel. Fragen Sie die Ausländerbehörde.

## Arbeit nur mit Erlaubnis

- Sie finden eine Stelle.
- Sie stellen einen [Antrag](https://www.leipzig.de/antrag).
"""

ARABIC = """
---
title: "العمل مع Duldung"
summary: "مع Duldung يكون العمل ممكناً في كثير من الأحيان."
machine_translated: true
---
الـ Duldung ليست إقامة. اسأل دائرة الأجانب (Ausländerbehörde).

## العمل بإذن فقط

- تجد وظيفة.
- تقدّم [طلباً](https://www.leipzig.de/antrag).
"""


@pytest.fixture
def project(demo_settings_project):
    """These tests are about the demo's languages (easy German, Ukrainian …): its settings."""
    return demo_settings_project


@pytest.fixture
def small_project(tmp_path, monkeypatch):
    """The test site (the demo's settings in German, English and Arabic), for the tests that build
    and look only at those languages: a third of the languages to build."""
    monkeypatch.setenv("PORTAL_TODAY", DEMO_TODAY)
    return ScratchProject(tmp_path)


def _state(site, kind, item, lang):
    return {(s.kind, s.item, s.lang): s for s in translation_states(site)}[(kind, item, lang)]


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _with_guidance(project):
    project.write("content/guidance/duldung.md", GUIDANCE)
    arabic = project.write("content/guidance/duldung.ar.md", ARABIC)
    site = load_site(project.root / "mkdocs.yml")
    mark_current(arabic, site)
    return project, site, arabic


@pytest.fixture
def guidance_site(project):
    return _with_guidance(project)


@pytest.fixture
def small_guidance_site(small_project):
    """The same guidance and its Arabic translation, in the three-language test site."""
    return _with_guidance(small_project)


def test_a_review_date_sources_or_applies_to_never_outdate_a_translation(guidance_site, capsys):
    project, site, _arabic = guidance_site
    original = project.root / "content/guidance/duldung.md"
    changed = (
        GUIDANCE.replace("2026-10-01, by: Team", "2026-11-20, by: Beratungsteam")
        .replace("__60a.html", "__60a.html#absatz6")
        .replace("questions: [work]", "questions: [work, training]")
    )
    original.write_text(changed.lstrip("\n"), encoding="utf-8")
    assert _state(site, "guidance", "duldung", "ar").state == "current"
    code, out = project.check(capsys)
    assert code == 0 and "duldung.ar.md: the translation may be outdated" not in out
    original.write_text(changed.lstrip("\n").replace("kein Aufenthaltstitel", "keine Erlaubnis"), encoding="utf-8")
    assert _state(site, "guidance", "duldung", "ar").state == "outdated"


def test_a_minor_edit_in_the_commit_message_or_the_file_keeps_translations_current(guidance_site):
    project, site, _arabic = guidance_site
    root = project.root
    _git(root, "init", "-q")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "Guidance on Duldung")
    original = root / "content/guidance/duldung.md"
    # A typo fix, committed as a minor edit: the translation stays current.
    original.write_text(original.read_text().replace("Stelle.", "Arbeitsstelle."), encoding="utf-8")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "Tippfehler [minor edit]")
    assert _state(site, "guidance", "duldung", "ar").state == "current"
    # Recorded in the file instead: minor_edit set with the change.
    text = original.read_text().replace("Fragen Sie", "Bitte fragen Sie")
    original.write_text(text.replace("---\n", "---\nminor_edit: 2026-11-22\n", 1), encoding="utf-8")
    assert _state(site, "guidance", "duldung", "ar").state == "current"
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "Wording")
    assert _state(site, "guidance", "duldung", "ar").state == "current"
    # A real change afterwards (minor_edit left as it was) outdates it.
    original.write_text(original.read_text().replace("kein Aufenthaltstitel", "keine Erlaubnis"), encoding="utf-8")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "New rule")
    state = _state(site, "guidance", "duldung", "ar")
    assert state.state == "outdated"


def test_texts_inside_yaml_are_tracked_with_the_same_states(project, capsys):
    event = project.write("content/events/2022-02-16-info.yml", VALID_EVENT)
    site = load_site(project.root / "mkdocs.yml")
    states = {s.lang: s for s in translation_states(site) if s.kind == "events"}
    assert states["en"].state == "outdated" and states["en"].inline  # translated, but no record yet
    assert states["ar"].state == "missing"
    assert set(states["en"].missing_texts) == {"summary", "location.name"}
    assert (
        portal_main(
            [
                "--config",
                str(project.root / "mkdocs.yml"),
                "translations",
                "--mark-current",
                str(event),
                "--language",
                "en",
            ]
        )
        == 0
    )
    assert re.search(r'^  en: \{translation_of: "[0-9a-f]{12}"\}$', event.read_text(), re.MULTILINE)
    assert _state(site, "events", "2022-02-16-info", "en").state == "current"
    # A new German summary does not outdate the English title (the summary has no English yet) …
    event.write_text(event.read_text().replace("Eine Veranstaltung.", "Eine neue Veranstaltung."), encoding="utf-8")
    assert _state(site, "events", "2022-02-16-info", "en").state == "current"
    # … a new German title does.
    event.write_text(event.read_text().replace("im BTZ", "in Borsdorf"), encoding="utf-8")
    assert _state(site, "events", "2022-02-16-info", "en").state == "outdated"
    capsys.readouterr()
    assert portal_main(["--config", str(project.root / "mkdocs.yml"), "translations", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    kinds = {item["kind"] for item in report["items"]}
    assert {"events", "site", "docs"} <= kinds
    assert report["kinds"]["events"]["en"]["outdated"] == 1


def test_a_reviewed_translation_says_so_instead_of_the_machine_notice(small_guidance_site):
    project, site, arabic = small_guidance_site
    built = project.build()
    before = (built / "ar/guidance/duldung/index.html").read_text(encoding="utf-8")
    assert kit_strings("ar")["machine_translated"] in before
    mark_current(arabic, site, reviewed_by="Amal Haddad")
    assert "reviewed_by: Amal Haddad" in arabic.read_text()
    assert "machine_translated: true" in arabic.read_text()  # who made it stays known
    built = project.build()
    after = (built / "ar/guidance/duldung/index.html").read_text(encoding="utf-8")
    assert kit_strings("ar")["machine_translated"] not in after
    reviewed = re.search(
        r'<p class="portal-notice portal-notice--reviewed" role="note" data-search-exclude>([^<]+)</p>', after
    ).group(1)
    assert reviewed.startswith("راجع شخصٌ هذه الترجمة في ") and "2026" in reviewed
    # Marking it current again without a reviewer drops the review: it belonged to the old text.
    mark_current(arabic, site)
    assert "reviewed_by" not in arabic.read_text()


@pytest.mark.parametrize("mode", ["notice", "original"])
def test_an_urgent_legal_correction_is_published_and_outdated_translations_say_what_to_do(small_guidance_site, mode):
    project, _site, _arabic = small_guidance_site
    settings = project.root / "content/site.yml"
    text = settings.read_text().replace("outdated_legal: notice", f"outdated_legal: {mode}")
    settings.write_text(text, encoding="utf-8")
    original = project.root / "content/guidance/duldung.md"
    original.write_text(original.read_text().replace("kein Aufenthaltstitel", "KEIN Titel"), encoding="utf-8")
    built = project.build()  # not blocked by the outdated translation
    assert "KEIN Titel" in (built / "guidance/duldung/index.html").read_text(encoding="utf-8")
    html = (built / "ar/guidance/duldung/index.html").read_text(encoding="utf-8")
    notice = re.search(
        r'<div class="portal-notice portal-notice--outdated" role="note" data-search-exclude>(.*?)</div>',
        html,
        re.DOTALL,
    )
    assert notice, "the outdated legal translation has no notice"
    strings = kit_strings("ar")
    assert strings["legal_outdated"].split("{date}")[0] in notice.group(1)
    assert 'href="../../../guidance/duldung/" hreflang="de"' in notice.group(1)
    assert strings["ask_consultation_hours"] in notice.group(1)
    body = re.search(r'<div class="portal-text"([^>]*)>(.*?)</div>', html, re.DOTALL)
    if mode == "original":
        assert 'lang="de"' in body.group(1) and "KEIN Titel" in body.group(2)
        assert strings["legal_showing_original"] in notice.group(1)
    else:
        assert 'lang="de"' not in body.group(1) and "الـ" in body.group(2)


def test_the_imprint_names_who_holds_editorial_responsibility(small_project):
    small_project.write("content/pages/impressum.md", "---\ntitle: Impressum\nlegal: true\nimprint: true\n---\nText.\n")
    small_project.write("content/pages/impressum.en.md", "---\ntitle: Imprint\n---\nText.\n")
    built = small_project.build()
    english = (built / "en/pages/impressum/index.html").read_text(encoding="utf-8")
    assert "Editorial responsibility for the contents and their translations: " in english
    assert '<span lang="de" dir="ltr">Stadt Leipzig, Referat für Migration und Integration' in english
    assert "Die Redaktion" not in english


def test_export_import_round_trip_writes_the_translation_and_the_build_shows_it(guidance_site, tmp_path, capsys):
    project, site, _arabic = guidance_site
    config = str(project.root / "mkdocs.yml")
    project.write("content/glossary/auslaenderbehoerde.yml", GLOSSARY)
    project.write("content/events/2022-02-16-info.yml", VALID_EVENT)
    before = project.build(tmp_path / "before")
    exported = tmp_path / "fa.po"
    kinds = ["--kind", "guidance", "--kind", "events", "--kind", "glossary"]
    assert (
        portal_main(["--config", config, "translations", "export", "--language", "fa", *kinds, "--out", str(exported)])
        == 0
    )
    po = polib.pofile(str(exported))
    assert po.metadata["Language"] == "fa"
    by_context = {entry.msgctxt: entry for entry in po}
    heading = by_context["guidance/duldung:body:1"]
    assert heading.msgid == "## Arbeit nur mit Erlaubnis" and heading.msgstr == ""
    body0 = by_context["guidance/duldung:body:0"]
    assert "Page: /fa/guidance/duldung/" in body0.comment
    assert "Ausländerbehörde" in body0.comment and "اداره اتباع خارجی" in body0.comment
    assert by_context["events/2022-02-16-info:title"].msgid == "Infoveranstaltung im BTZ"
    # A translator fills every target (here: a marker before each German text, keeping its structure).
    for entry in po:
        entry.msgstr = _farsi(entry.msgid)
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]  # checked by the translator
    po.save(str(exported))
    capsys.readouterr()
    assert portal_main(["--config", config, "translations", "import", str(exported)]) == 0
    out = capsys.readouterr().out
    assert "content/guidance/duldung.fa.md" in out and "content/events/2022-02-16-info.yml" in out
    translation = (project.root / "content/guidance/duldung.fa.md").read_text(encoding="utf-8")
    assert "## فا: Arbeit nur mit Erlaubnis" in translation
    assert (
        "- فا: Sie finden eine Stelle.\n- فا: Sie stellen einen [Antrag](https://www.leipzig.de/antrag)." in translation
    )
    assert "machine_translated" not in translation
    states = {(s.kind, s.item): s.state for s in translation_states(site) if s.lang == "fa"}
    assert states[("guidance", "duldung")] == states[("events", "2022-02-16-info")] == "current"
    after = project.build(tmp_path / "after")
    page = (after / "fa/guidance/duldung/index.html").read_text(encoding="utf-8")
    # German words inside the Farsi text are isolated (portal.render.bidi): compare the text, not the markup.
    text = re.sub(r"<[^>]+>", "", page)
    assert '<h2 id="arbeit-nur-mit-erlaubnis">' not in page and "فا: Arbeit nur mit Erlaubnis" in text
    assert 'href="https://www.leipzig.de/antrag"' in page
    event = (after / "fa/events/2022-02-16-info/index.html").read_text(encoding="utf-8")
    assert "فا: Infoveranstaltung im BTZ" in re.sub(r"<[^>]+>", "", event)
    # Nothing else changed: every other page of the site is as before.
    changed = [
        str(path.relative_to(after))
        for path in after.rglob("*.html")
        if (before / path.relative_to(after)).read_bytes() != path.read_bytes()
    ]
    assert changed and all(name.startswith("fa/") for name in changed), changed
    assert {"fa/guidance/duldung/index.html", "fa/events/2022-02-16-info/index.html"} <= set(changed)
    assert "fa/index.html" not in changed and "fa/network/index.html" not in changed  # shows none of the texts


def test_import_refuses_a_text_that_lost_a_link_structure_or_glossary_term(guidance_site, tmp_path, capsys):
    project, _site, _arabic = guidance_site
    project.write("content/glossary/auslaenderbehoerde.yml", GLOSSARY)
    config = str(project.root / "mkdocs.yml")
    exported = tmp_path / "uk.po"
    assert portal_main(["--config", config, "translations", "export", "--language", "uk", "--out", str(exported)]) == 0
    po = polib.pofile(str(exported))
    for entry in po:
        entry.msgstr = _farsi(entry.msgid)
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    broken = {e.msgctxt: e for e in po}
    broken["guidance/duldung:body:2"].msgstr = "- Ви знаходите роботу.\n- Ви подаєте заяву."  # the link is gone
    broken["guidance/duldung:body:1"].msgstr = "Робота лише з дозволом"  # no longer a heading
    broken["guidance/duldung:body:0"].msgstr = "Дульдунг — це не дозвіл."  # the German term is gone
    po.save(str(exported))
    capsys.readouterr()
    assert portal_main(["--config", config, "translations", "import", str(exported)]) == 1
    err = capsys.readouterr().err
    assert "links are missing or changed: https://www.leipzig.de/antrag" in err
    assert "Markdown structure changed" in err
    assert "the German glossary term Ausländerbehörde is missing" in err
    assert not (project.root / "content/guidance/duldung.uk.md").exists()


def test_export_only_outdated_and_missing_of_one_kind(guidance_site, tmp_path):
    project, _site, _arabic = guidance_site
    project.write("content/events/2022-02-16-info.yml", VALID_EVENT)
    config = str(project.root / "mkdocs.yml")
    exported = tmp_path / "ar.po"
    args = ["--config", config, "translations", "export", "--language", "ar", "--kind", "guidance"]
    assert portal_main([*args, "--only", "missing,outdated", "--out", str(exported)]) == 0
    assert len(polib.pofile(str(exported))) == 0  # the Arabic guidance is current
    original = project.root / "content/guidance/duldung.md"
    original.write_text(original.read_text().replace("kein Aufenthaltstitel", "keine Erlaubnis"), encoding="utf-8")
    assert portal_main([*args, "--only", "missing,outdated", "--out", str(exported)]) == 0
    entries = polib.pofile(str(exported))
    assert entries and all(e.msgctxt.startswith("guidance/") for e in entries)
    outdated = {e.msgctxt: e for e in entries}["guidance/duldung:body:0"]
    assert outdated.fuzzy and outdated.msgstr.startswith("الـ Duldung")  # the current translation, to check


def test_the_pull_request_report_shows_states_per_kind_and_language_reviewed_and_machine(guidance_site, capsys):
    project, site, arabic = guidance_site
    mark_current(arabic, site, reviewed_by="Amal Haddad")
    capsys.readouterr()
    assert portal_main(["--config", str(project.root / "mkdocs.yml"), "translations", "--markdown"]) == 0
    report = capsys.readouterr().out
    assert "| language | current | outdated | missing | machine | reviewed | coverage |" in report
    assert re.search(r"^\| guidance \| .*\| 1 / 0 / 0; 0, 1 \|", report, re.MULTILINE)  # ar: reviewed
    assert "| ls |" in report


GLOSSARY = """
term: "Ausländerbehörde"
explanation:
  de: "Das Amt für Ausländer."
  en: "The immigration office."
  ar: "دائرة الأجانب."
  fa: "اداره اتباع خارجی."
  uk: "Відомство у справах іноземців."
  ru: "Ведомство по делам иностранцев."
  tr: "Yabancılar Dairesi."
  fr: "Le service des étrangers."
  ps: "د بهرنیانو اداره."
"""


def _farsi(german: str) -> str:
    """A stand-in translation that keeps the Markdown marks, links and German terms of the original."""
    match = re.match(r"^(#{1,6} |[-*+] )", german)
    lines = german.splitlines()
    out = []
    for line in lines:
        mark = re.match(r"^(#{1,6} |[-*+] |\d+\. )", line)
        prefix = mark.group(1) if mark else ""
        out.append(f"{prefix}فا: {line[len(prefix) :]}")
    return "\n".join(out) if match or len(lines) > 1 else f"فا: {german}"


def test_listings_of_machine_translated_yaml_texts_say_so_until_a_person_reviewed_them(small_project):
    event = small_project.write("content/events/2022-02-16-info.yml", VALID_EVENT)
    site = load_site(small_project.root / "mkdocs.yml")
    mark_current(event, site, lang="en", machine=True)
    machine = kit_strings("en")["machine_translated"]
    built = small_project.build()
    listing = (built / "en/events/archive/2022/index.html").read_text(encoding="utf-8")
    item = (built / "en/events/2022-02-16-info/index.html").read_text(encoding="utf-8")
    assert listing.count(machine) == 1 and item.count(machine) == 1
    assert machine not in (built / "ar/events/archive/2022/index.html").read_text(encoding="utf-8")  # no Arabic
    mark_current(event, site, lang="en", reviewed_by="Jana Schulz")
    built = small_project.build()
    listing = (built / "en/events/archive/2022/index.html").read_text(encoding="utf-8")
    item = (built / "en/events/2022-02-16-info/index.html").read_text(encoding="utf-8")
    assert machine not in listing and machine not in item
    assert kit_strings("en")["reviewed_by_person"].split("{date}")[0] in item
