"""Every rule of `portal check`: the message names the file, the line, the field and what is expected."""

from __future__ import annotations

import pytest

from tests.conftest import VALID_EVENT

PROJECT = """
---
title: RESQUE continued
summary: Ein Projekt.
period: {start: 2016-07-01, end: 2022-09-30}
---
Text.
"""


def test_valid_content_passes(project, capsys):
    project.write("content/events/2022-02-16-info.yml", VALID_EVENT)
    code, out = project.check(capsys)
    assert code == 0, out
    assert "All content is valid" in out
    assert "1 events" in out


CASES = {
    "yaml syntax": (
        {"content/events/a.yml": "title: [unclosed\nstart: 2022-01-01\n"},
        "content/events/a.yml:2: the YAML cannot be read",
    ),
    "missing field": (
        {"content/events/a.yml": VALID_EVENT.replace("category: info-session\n", "")},
        "content/events/a.yml: category: is required but missing",
    ),
    "wrong type": (
        {
            "content/events/a.yml": VALID_EVENT.replace(
                "category: info-session", "category: info-session\nlanguages: de"
            )
        },
        "content/events/a.yml:7: languages: must be a list",
    ),
    "impossible date": (
        {"content/events/a.yml": VALID_EVENT.replace("start: 2022-02-16 10:00", "start: 2022-02-30 10:00")},
        "content/events/a.yml:4: start: '2022-02-30 10:00' is not a real date: February 2022 has 28 days",
    ),
    "end before start": (
        {"content/events/a.yml": VALID_EVENT.replace("end: 2022-02-16 13:00", "end: 2022-02-16 09:00")},
        "content/events/a.yml:5: end: 2022-02-16 09:00 is before the start, 2022-02-16 10:00",
    ),
    "unknown timezone": (
        {"content/events/a.yml": VALID_EVENT + "timezone: Europe/Berln\n"},
        "content/events/a.yml:11: timezone: 'Europe/Berln' is not a known timezone; use an IANA name such as Europe/Berlin",
    ),
    "unknown category": (
        {"content/events/a.yml": VALID_EVENT.replace("category: info-session", "category: party")},
        "content/events/a.yml:6: category: 'party' is not a known category; use one of: info-session, consultation-hours",
    ),
    "unknown spoken language": (
        {"content/events/a.yml": VALID_EVENT + "languages: [de, xx]\n"},
        "content/events/a.yml:11: languages[1]: 'xx' is not a language code",
    ),
    "unknown site language in text": (
        {"content/events/a.yml": VALID_EVENT.replace("  en: Information", "  xx: Information")},
        "content/events/a.yml:1: title: has text for the unknown language xx",
    ),
    "invalid rrule": (
        {"content/events/a.yml": VALID_EVENT + "recurrence: FREQ=WEEKLY;BYDAY=XX\n"},
        "content/events/a.yml:11: recurrence: 'FREQ=WEEKLY;BYDAY=XX' is not a valid repeat rule",
    ),
    "unknown project": (
        {"content/events/a.yml": VALID_EVENT + "project: resque-continud\n"},
        "content/events/a.yml:11: project: there is no project 'resque-continud' (no file projects/resque-continud.md)",
    ),
    "unknown partner": (
        {"content/events/a.yml": VALID_EVENT + "organizer: hwk\n"},
        "content/events/a.yml:11: organizer: there is no partner 'hwk' (no file partners/hwk.yml)",
    ),
    "same slug twice": (
        {"content/events/a.yml": VALID_EVENT, "content/events/a.yaml": VALID_EVENT},
        "content/events/a.yml: has the same name as content/events/a.yaml",
    ),
    "translation without original": (
        {"content/projects/resque.en.md": "---\ntitle: RESQUE\n---\nText\n"},
        "content/projects/resque.en.md: is a translation, but its Deutsch original resque.md is missing",
    ),
    "not utf-8": (
        {
            "content/events/a.yml": VALID_EVENT.replace("Eine Veranstaltung.", "Veranstaltung für alle").encode(
                "latin-1"
            )
        },
        "content/events/a.yml:8: the file is not saved as UTF-8 text (unreadable byte 0xfc)",
    ),
    "unknown field with suggestion": (
        {"content/events/a.yml": VALID_EVENT + "sumary: Tippfehler\n"},
        "content/events/a.yml:11: sumary: is not a known field (did you mean 'summary'?)",
    ),
    "bad file name": (
        {"content/events/Info Tag.yml": VALID_EVENT},
        "content/events/Info Tag.yml: the file name must use only lower-case letters, digits and hyphens",
    ),
    "story without consent": (
        {
            "content/stories/hala.md": "---\ntitle: Hala\nperson: {first_name: Hala, origin: Syrien, occupation: Lehrerin, city: Dresden}\n---\nText\n"
        },
        "content/stories/hala.md: consent: is required but missing",
    ),
    "guidance without sources": (
        {
            "content/guidance/duldung.md": "---\ntitle: Duldung\nsummary: Kurz.\nsources: []\nreviewed: {date: 2026-01-01, by: Team}\n---\nText\n"
        },
        "content/guidance/duldung.md:4: sources: needs at least one entry",
    ),
    "missing german text": (
        {"content/events/a.yml": VALID_EVENT.replace("summary: Eine Veranstaltung.", "summary: {en: An event.}")},
        "content/events/a.yml:7: summary: needs the Deutsch text under 'de:'",
    ),
    "online event without url": (
        {"content/events/a.yml": VALID_EVENT.replace("  address: Borsdorf\n", "")},
        "content/events/a.yml:8: location: needs an address, or a url for an online event",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_names_file_line_field_and_expectation(project, capsys, case):
    files, expected = CASES[case]
    for name, text in files.items():
        project.write(name, text)
    code, out = project.check(capsys)
    assert code == 1
    assert expected in out, out
    assert "nothing was published" in out


def test_every_problem_is_reported_in_one_round(project, capsys):
    project.write("content/events/a.yml", VALID_EVENT.replace("start: 2022-02-16 10:00", "start: 2022-02-30 10:00"))
    project.write("content/events/b.yml", VALID_EVENT + "organizer: nobody\n")
    project.write("content/projects/x.md", PROJECT.replace("end: 2022-09-30", "end: 2015-01-01"))
    code, out = project.check(capsys)
    assert code == 1
    assert "content/events/a.yml:4: start:" in out
    assert "content/events/b.yml:11: organizer:" in out
    assert "content/projects/x.md:4: period.end: 2015-01-01 is before start" in out or "period.end" in out
    assert "3 problem(s) in 3 file(s)" in out
