"""A site adds a language the kit does not have yet (Tigrinya), in its own repository only:
`portal check` names what is missing, and with those files the site builds in that language."""

from __future__ import annotations

import re

import yaml

from portal.engine.mkdocs.compat import MATERIAL_LANGUAGES
from portal.strings import KIT_STRINGS


def add_tigrinya(project) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("        - locale: ar\n", "        - locale: ti\n          name: ትግርኛ\n        - locale: ar\n"),
        encoding="utf-8",
    )


def test_check_names_the_strings_partial_and_labels_a_new_language_lacks(project, capsys):
    add_tigrinya(project)
    code, out = project.check(capsys)
    assert code == 1
    assert re.search(
        r"overrides/strings/ti\.yml: the interface has no text in ti for \d+ string\(s\): home, events", out
    )
    assert "overrides/partials/languages/ti.html: the theme has no interface texts in ti" in out
    assert "content/site.yml:" in out and "has no text for ti" in out


def test_with_its_own_files_the_new_language_builds(project, capsys):
    add_tigrinya(project)
    # The site's own files: interface strings, Material's texts, the vocabulary labels.
    strings = yaml.safe_load((KIT_STRINGS / "en.yml").read_text(encoding="utf-8"))
    strings["home"] = "መበገሲ ገጽ"
    project.write("overrides/strings/ti.yml", yaml.safe_dump(strings, allow_unicode=True))
    material_texts = (MATERIAL_LANGUAGES / "en.html").read_text(encoding="utf-8")
    project.write(
        "overrides/partials/languages/ti.html", material_texts.replace('"language": "en"', '"language": "ti"')
    )
    settings = project.root / "content" / "site.yml"
    data = settings.read_text(encoding="utf-8")
    data = re.sub(
        r"^(\s+)en: (.*)$",
        lambda m: f"{m.group(1)}en: {m.group(2)}\n{m.group(1)}ti: {m.group(2)}",
        data,
        flags=re.MULTILINE,
    )
    settings.write_text(data, encoding="utf-8")
    code, out = project.check(capsys)
    assert code == 0, out
    site = project.build()
    home = (site / "ti" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ti" dir="ltr"' in home
    events = (site / "ti" / "events" / "index.html").read_text(encoding="utf-8")
    assert "Upcoming events" in events  # the site's own (here still English) strings
    assert (site / "ti" / "search" / "search_index.json").is_file()
