"""The registry of content kinds: a kind added in three places (its module, its template, its
interface strings) is loaded, checked, rendered, put into the navigation, the JSON Schemas, the
browser editor and `portal new`, without a line changed anywhere else.

The kind here is defined in this test module and its template and strings sit in the test
site's own `overrides/` folder, which is how a network adds a kind of its own.
"""

from __future__ import annotations

import json

import pytest

from portal import kinds as registry
from portal.kinds import ContentKind, EditorCollection
from portal.model.common import ContentModel, LocalizedText, Reference, SpokenLanguage, vocabulary
from tests.conftest import navigation_links

# --- place 1: the kind's module (model, declaration, pages) -----------------------------------


class Mentor(ContentModel):
    """A labour-market mentor who accompanies refugees on their way into work."""

    name: LocalizedText
    organisation: Reference("partners")
    topics: list[vocabulary("mentoring-topics")]  # type: ignore[valid-type]
    languages: list[SpokenLanguage] = []


def mentor_pages(r) -> list:
    mentors = sorted(r.content.mentors.items(), key=lambda kv: r.text(kv[1].name))
    return [r.overview("mentors", "mentor_index.html", "mentors", items=mentors)]


MENTORS = ContentKind(
    folder="mentors",
    model=Mentor,
    noun="mentor",
    markdown=False,
    schema="mentor",
    order=45,
    pages="tests.test_kinds:mentor_pages",
    sections=((45, "mentors/index.md"),),
    vocabularies={"mentoring-topics": "mentoring topic"},
    new="mentor",
    editor=EditorCollection("Mentorinnen und Mentoren", identifier="name.de"),
)

# --- place 2: its template; place 3: its interface strings (here in the site's overrides) -----

TEMPLATE = """<h1>{{ title }}</h1>
<p>{{ t('mentors_intro') }}</p>
<ul class="portal-list">
{% for slug, mentor in items %}
<li class="portal-card mentor" id="{{ slug }}">{{ tx(mentor.name) }}: {{ labels('mentoring-topics', mentor.topics) }}</li>
{% endfor %}
</ul>
"""
STRINGS = {
    "de": {"mentors": "Mentorinnen und Mentoren", "mentors_intro": "Sie begleiten Sie in Arbeit."},
    "en": {"mentors": "Mentors", "mentors_intro": "They accompany you into work."},
    "ar": {"mentors": "المرشدون", "mentors_intro": "يرافقونك إلى العمل."},
}
VOCABULARY = """
  mentoring-topics:
    applications: {de: Bewerbungen, en: Applications, ar: طلبات التوظيف}
    first-job: {de: Erste Arbeitsstelle, en: First job, ar: الوظيفة الأولى}
"""
PARTNER = "name: Arbeit und Leben Sachsen\nkind: network-partner\n"


@pytest.fixture
def mentor_site(project):
    registry.register(MENTORS)
    try:
        settings = project.root / "content" / "site.yml"
        settings.write_text(settings.read_text(encoding="utf-8").rstrip("\n") + VOCABULARY, encoding="utf-8")
        project.write("overrides/portal/mentor_index.html", TEMPLATE)
        for lang, texts in STRINGS.items():
            project.write(f"overrides/strings/{lang}.yml", "".join(f'{k}: "{v}"\n' for k, v in texts.items()))
        project.write("content/partners/arbeit-und-leben.yml", PARTNER)
        yield project
    finally:
        registry.unregister(MENTORS)


def test_a_new_kinds_references_and_vocabulary_are_checked(mentor_site, capsys):
    mentor_site.write(
        "content/mentors/amira.yml",
        "name: {de: Amira, en: Amira}\norganisation: arbeit-und-lebn\ntopics: [applications]\n",
    )
    mentor_site.write("content/mentors/jonas.yml", "name: Jonas\norganisation: arbeit-und-leben\ntopics: [parties]\n")
    code, out = mentor_site.check(capsys)
    assert code == 1
    assert (
        "content/mentors/amira.yml:2: organisation: there is no partner 'arbeit-und-lebn' "
        "(no file partners/arbeit-und-lebn.yml); did you mean 'arbeit-und-leben'?" in out
    )
    assert "content/mentors/jonas.yml:3: topics[0]: 'parties' is not a known mentoring topic" in out


def test_a_new_kind_gets_pages_navigation_schema_editor_and_portal_new(mentor_site, capsys):
    from portal.cli import main as portal_main

    mentor_site.write(
        "content/mentors/amira.yml",
        "name: {de: Amira, en: Amira, ar: أميرة}\norganisation: arbeit-und-leben\ntopics: [applications]\n",
    )
    assert mentor_site.check(capsys)[0] == 0
    site = mentor_site.build()
    german = (site / "mentors" / "index.html").read_text(encoding="utf-8")
    arabic = (site / "ar" / "mentors" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Mentorinnen und Mentoren</h1>" in german and "Amira: Bewerbungen" in german
    assert '<html lang="ar" dir="rtl"' in arabic and "أميرة: طلبات التوظيف" in arabic
    # In the navigation after the counselling places (40) and before the events (50).
    home = (site / "index.html").read_text(encoding="utf-8")
    sections = navigation_links(home)
    assert [t for t in sections if "places" in t or "mentors" in t or "events" in t] == [
        "places/",
        "mentors/",
        "events/",
    ]
    schema = json.loads((site / "schemas" / "mentor.schema.json").read_text(encoding="utf-8"))
    assert {"name", "organisation", "topics"} <= set(schema["required"])
    assert '"mentoring-topics"' not in json.dumps(schema) or "applications" in json.dumps(schema)

    from portal.content import load_content
    from portal.editor import decap_config
    from portal.site import load_site

    loaded = load_site(mentor_site.root / "mkdocs.yml")
    content, _ = load_content(loaded)
    collection = next(c for c in decap_config(content)["collections"] if c["name"] == "mentors")
    assert collection["label"] == "Mentorinnen und Mentoren" and collection["folder"] == "content/mentors"
    organisation = next(f for f in collection["fields"] if f["name"] == "organisation")
    assert organisation["options"] == [
        {"label": "Arbeit und Leben Sachsen (arbeit-und-leben)", "value": "arbeit-und-leben"}
    ]

    code = portal_main(
        ["--config", str(mentor_site.root / "mkdocs.yml"), "new", "mentor", "--set", "organisation=arbeit-und-leben"]
    )
    capsys.readouterr()
    assert code == 0
    created = list((mentor_site.root / "content" / "mentors").glob("neu.yml"))
    assert created and 'organisation: "arbeit-und-leben"' in created[0].read_text(encoding="utf-8")


def test_the_demos_editor_settings_map_every_yaml_kind_to_its_schema():
    from portal.starter import vscode_settings
    from tests.conftest import ROOT

    assert json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8")) == vscode_settings()
