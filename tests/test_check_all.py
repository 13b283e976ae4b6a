"""`portal check` reports every mistake of a file in one run, also where other fields are wrong."""

from __future__ import annotations

from portal.cli import main

PARTNER = """
name: Handwerkskammer zu Leipzig
kind: network-partner
"""

# The README's example: an unknown category, an end before the start, an unknown partner.
README_EXAMPLE = """
title: Infoabend im BTZ
start: 2026-12-16 10:00
end: 2026-12-16 09:00
category: party
summary: Ausbildung im Handwerk
location:
  name: BTZ
  address: Borsdorf
organizer: hwk
"""

# Five independent mistakes: two that field validation finds (an unknown category, a misspelt
# field), two that need several fields (end before start, exceptions without a repeat rule)
# and one that needs another file (an unknown partner).
FIVE_MISTAKES = """
title: Sprechstunde
titel: Sprechstunde
start: 2026-12-16 10:00
end: 2026-12-16 09:00
category: party
summary: Beratung zur Anerkennung
location:
  name: BTZ
  address: Borsdorf
organizer: hwk
exceptions: [2026-12-23]
"""


def test_readme_example_reports_all_three_mistakes_at_once(project, capsys):
    project.write("content/partners/hwk-leipzig.yml", PARTNER)
    project.write("content/events/2026-12-16-infoabend.yml", README_EXAMPLE)
    code, out = project.check(capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("content/events/")]
    assert lines == [
        "content/events/2026-12-16-infoabend.yml:3: end: 2026-12-16 09:00 is before the start, 2026-12-16 10:00",
        lines[1],
        "content/events/2026-12-16-infoabend.yml:9: organizer: there is no partner 'hwk' (no file partners/hwk.yml)",
    ]
    assert lines[1].startswith("content/events/2026-12-16-infoabend.yml:4: category: 'party' is not")
    assert "3 problem(s) in 1 file(s)" in out


def test_five_independent_mistakes_give_five_messages(project, capsys):
    project.write("content/partners/hwk-leipzig.yml", PARTNER)
    project.write("content/events/2026-12-16-sprechstunde.yml", FIVE_MISTAKES)
    code, out = project.check(capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("content/events/")]
    fields = [line.split(": ")[1] for line in lines]
    assert fields == ["titel", "end", "category", "organizer", "exceptions"], out
    assert len(set(lines)) == 5
    assert "5 problem(s) in 1 file(s)" in out


def test_reference_to_a_file_with_mistakes_is_not_a_second_error(project, capsys):
    """The partner exists but has a wrong field: one message there, none at the event."""
    project.write("content/partners/hwk-leipzig.yml", PARTNER + "colour: blue\n")
    project.write(
        "content/events/2026-12-16-infoabend.yml",
        README_EXAMPLE.replace("end: 2026-12-16 09:00\n", "")
        .replace("party", "info-session")
        .replace("organizer: hwk", "organizer: hwk-leipzig"),
    )
    code, out = project.check(capsys)
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines() if line.startswith("content/")] == [
        "content/partners/hwk-leipzig.yml"
    ]


def test_german_messages_for_every_mistake(project, capsys):
    project.write("content/partners/hwk-leipzig.yml", PARTNER)
    project.write("content/events/2026-12-16-infoabend.yml", README_EXAMPLE)
    code = main(["--lang", "de", "--config", str(project.root / "mkdocs.yml"), "check"])
    out = capsys.readouterr().err
    assert code == 1
    assert "end: 2026-12-16 09:00 liegt vor dem Beginn, 2026-12-16 10:00" in out, out
    assert "3 Problem" in out, out


def test_a_check_with_a_cache_reads_only_changed_files_and_says_the_same(project):
    """The preview checks after every save with a cache: only the saved file is read and
    validated again, the checks across files run on everything, and the problems (with their
    lines) are exactly those of a check without a cache."""
    import time

    from portal.check import check_site
    from portal.content import ContentCache

    project.write("content/partners/hwk-leipzig.yml", PARTNER)
    good = README_EXAMPLE.replace("party", "workshop").replace("09:00", "12:00").replace("hwk", "hwk-leipzig")
    project.write("content/events/2026-12-16-infoabend.yml", good)
    project.write("content/events/2026-12-17-sprechstunde.yml", good)
    config, cache = project.root / "mkdocs.yml", ContentCache()
    first = check_site(config, cache)
    assert cache.reused == 0 and first.errors == []
    again = check_site(config, cache)
    assert cache.reused == 3 and again.problems == first.problems  # both events and the partner
    time.sleep(0.01)
    project.write("content/events/2026-12-17-sprechstunde.yml", FIVE_MISTAKES)
    (project.root / "content/partners/hwk-leipzig.yml").unlink()  # the other event's organizer is gone
    changed = check_site(config, cache)
    assert cache.reused == 1  # the unchanged event
    assert changed.problems == check_site(config).problems
    messages = [str(p) for p in changed.errors]
    assert len(messages) == 6, messages  # five in the changed file, and the reference from the unchanged one
    assert any(m.startswith("content/events/2026-12-16-infoabend.yml:9: organizer:") for m in messages), messages
