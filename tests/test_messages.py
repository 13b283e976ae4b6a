"""Messages to staff in German and English: every message has its German text, and the language
follows --lang, PORTAL_LANG or the system locale."""

from __future__ import annotations

import ast

import pytest

from portal.cli import main as portal_main
from portal.kinds import kinds
from portal.messages import catalogue, language_from_environment
from portal.scaffold import FIELD_HELP, top_fields, what_to_create
from portal.site import load_site, required_vocabularies
from tests.conftest import ROOT
from tests.test_validation import CASES, copy_case


def templates_in_code() -> set[str]:
    """Every literal first argument of a call to `_` in the package."""
    found = set()
    for path in (ROOT / "portal").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def dynamic_templates() -> set[str]:
    """Texts passed to `_` through a variable: content kinds, vocabulary nouns, field help."""
    site = load_site(ROOT / "mkdocs.yml")
    texts = {kind.noun for kind in kinds()} | {kind.folder for kind in kinds()} | set(required_vocabularies().values())
    texts |= set(FIELD_HELP.values())

    def descriptions(fields):
        for field in fields:
            if field.node.get("description") and field.path not in FIELD_HELP:
                texts.add(field.node["description"])
            descriptions(field.children + field.item_fields)

    for folder in what_to_create().values():
        descriptions(top_fields(site, folder))
    return texts


def test_every_message_has_a_german_text():
    known = catalogue()
    missing = sorted(t for t in templates_in_code() | dynamic_templates() if not (known.get(t) or {}).get("de"))
    assert not missing, "messages.yml lacks German for:\n" + "\n".join(missing)


def test_german_texts_keep_the_placeholders():
    import string

    for english, texts in catalogue().items():
        names = {name for _, name, _, _ in string.Formatter().parse(english) if name}
        german = {name for _, name, _, _ in string.Formatter().parse(texts["de"]) if name}
        assert names == german, english


@pytest.mark.parametrize(
    "environ,expected",
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "de_AT.UTF-8", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LC_MESSAGES": "C", "LANG": "de_DE.UTF-8"}, "en"),
        ({"PORTAL_LANG": "de", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LANG": "ar_SY.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_follows_the_system_locale(environ, expected):
    assert language_from_environment(environ) == expected


@pytest.mark.parametrize("case", CASES)
def test_every_rule_speaks_german_too(project, capsys, case, monkeypatch):
    copy_case(case, project)
    monkeypatch.setenv("PORTAL_LANG", "en")
    english = project.check(capsys)[1]
    code = portal_main(["--lang", "de", "--config", str(project.root / "mkdocs.yml"), "check"])
    german = capsys.readouterr().err
    assert code == 1
    assert "nichts wurde veröffentlicht" in german
    # The same problems, at the same places, in other words.
    where = lambda out: [line.split(": ")[0] for line in out.splitlines() if line.startswith("content/")]
    assert where(german) == where(english)
    assert german != english


def test_messages_follow_the_locale_without_an_option(project, capsys, monkeypatch):
    project.write("content/events/2022-02-30-x.yml", "title: X\nstart: 2022-02-30\n")
    monkeypatch.delenv("PORTAL_LANG", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    code, out = project.check(capsys)
    assert code == 1
    assert "'2022-02-30' ist kein echtes Datum: Februar 2022 hat 28 Tage" in out
    assert "ist Pflicht, fehlt aber" in out
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    code, out = project.check(capsys)
    assert "'2022-02-30' is not a real date: February 2022 has 28 days" in out


def test_build_messages_in_german(project, capsys, monkeypatch):
    project.write("content/events/x.yml", "title: X\n")
    code = portal_main(["--lang", "de", "--config", str(project.root / "mkdocs.yml"), "build"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Der Build wurde abgebrochen; die Website vom letzten erfolgreichen Build bleibt unverändert." in err
    assert "content/events/x.yml: start: ist Pflicht, fehlt aber" in err
