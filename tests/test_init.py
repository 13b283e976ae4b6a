"""`portal init` in this process: the questions it asks, the languages it accepts, what it refuses.
(tests/test_kit.py runs it from an installed wheel.)"""

from __future__ import annotations

import builtins
import io

import pytest

from portal.cli import main as portal_main
from portal.publish import build_site


@pytest.mark.parametrize("languages", ["de", "de,en,ls", "de,en,ar,fa,uk,ru,tr,fr,ps"])
def test_a_new_portal_passes_portal_check_in_any_choice_of_the_kits_languages(tmp_path, capsys, monkeypatch, languages):
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-01")
    folder = tmp_path / "portal"
    assert portal_main(["init", str(folder), "--name", "Niedersachsen packt an", "--languages", languages]) == 0
    capsys.readouterr()
    assert portal_main(["--config", str(folder / "mkdocs.yml"), "check"]) == 0, capsys.readouterr().err
    mkdocs_yml = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert mkdocs_yml.count("- locale: ") == len(languages.split(","))
    if languages == "de":  # no contact given, one language: the build needs neither
        site = build_site(folder / "mkdocs.yml")
        assert (site / "network" / "index.html").is_file() and not (site / "en").exists()


def test_init_asks_for_what_is_not_given_when_run_in_a_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-01")
    answers = iter(["Beschäftigungspiloten Kaiserslautern", "de,ar", "", "info@example.org", "", "", "Kaiserslautern"])
    asked = []
    monkeypatch.setattr(builtins, "input", lambda question: asked.append(question) or next(answers))
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    folder = tmp_path / "kl"
    assert portal_main(["init", str(folder)]) == 0
    assert asked[0].startswith("Name of the network") and "[de,en]" in asked[1] and "[Europe/Berlin]" in asked[2]
    site_yml = (folder / "content" / "site.yml").read_text(encoding="utf-8")
    assert (
        "de: Beschäftigungspiloten Kaiserslautern" in site_yml
        and "ar: Beschäftigungspiloten Kaiserslautern" in site_yml
    )
    assert "email: info@example.org" in site_yml and "timezone: Europe/Berlin" in site_yml
    assert "kaiserslautern:" in site_yml  # the network's region, its first term
    assert "Created " in capsys.readouterr().out


@pytest.mark.parametrize(
    "options,expected",
    [
        (
            ["--languages", "de,it"],
            "the kit has no interface in it; choose from: ar, de, en, fa, fr, ls, ps, ru, tr, uk",
        ),
        (["--languages", "en,ar"], "German (de) must be one of the languages"),
        (["--timezone", "Europe"], "'Europe' is not a known timezone"),
        (["--email", "info-at-example"], "'info-at-example' is not an e-mail address"),
        (["--url", "portal.example.org"], "'portal.example.org' is not a web address"),
    ],
)
def test_init_refuses_values_that_cannot_work_and_writes_nothing(tmp_path, capsys, options, expected):
    folder = tmp_path / "portal"
    assert portal_main(["init", str(folder), "--name", "Netzwerk", *options]) == 1
    assert expected in capsys.readouterr().err
    assert not folder.exists()


def test_init_never_writes_into_a_folder_that_holds_files(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    assert portal_main(["init", str(tmp_path), "--name", "Netzwerk"]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: mine\n"
