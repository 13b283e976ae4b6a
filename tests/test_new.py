"""`portal new` refuses what `portal check` would refuse, before writing, and understands dates
as Germans write them."""

from __future__ import annotations

import builtins

import pytest
import yaml

from portal.cli import main as portal_main
from portal.scaffold import iso_moment

BASE = ["--title", "Infoabend", "--category", "info-session", "--summary", "Kurz.", "--place", "BTZ"]
BASE += ["--address", "Dresdner Straße 11/13, 04103 Leipzig"]


def new(project, *args: str) -> int:
    return portal_main(["--config", str(project.root / "mkdocs.yml"), "new", "event", *args])


@pytest.mark.parametrize(
    ("typed", "day", "iso"),
    [
        ("17.12.2026", None, "2026-12-17"),
        ("17.12.2026 10:00", None, "2026-12-17 10:00"),
        ("17.12.2026, 10 Uhr", None, "2026-12-17 10:00"),
        ("1.2.2027 9.30 Uhr", None, "2027-02-01 09:30"),
        ("10.30 Uhr", "2026-12-17", "2026-12-17 10:30"),
        ("12 Uhr", "2026-12-17", "2026-12-17 12:00"),
        ("2026-12-17 10:00", None, "2026-12-17 10:00"),
        ("nächsten Dienstag", None, "nächsten Dienstag"),
    ],
)
def test_german_dates_and_times_in_iso(typed, day, iso):
    assert iso_moment(typed, day) == iso


def test_german_start_gives_an_iso_file_and_name(project, capsys):
    assert new(project, *BASE, "--start", "17.12.2026 10:00", "--end", "12 Uhr") == 0
    path = project.root / "content/events/2026-12-17-infoabend.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (data["start"], data["end"]) == ("2026-12-17 10:00", "2026-12-17 12:00")
    assert project.check(capsys)[0] == 0


def test_wrong_values_are_refused_before_anything_is_written(project, capsys):
    code = new(project, *BASE, "--start", "nächsten Dienstag", "--set", "organizer=hwk")
    err = capsys.readouterr().err
    assert code == 1
    assert not (project.root / "content/events").exists() or not any((project.root / "content/events").iterdir())
    assert "start: " in err and "organizer: there is no partner 'hwk'" in err
    assert "2 value(s) portal check would refuse; nothing was written." in err


def test_end_before_start_is_refused(project, capsys):
    assert new(project, *BASE, "--start", "17.12.2026 10:00", "--end", "17.12.2026 09:00") == 1
    assert "end: 2026-12-17 09:00 is before the start, 2026-12-17 10:00" in capsys.readouterr().err


def test_unknown_term_offers_the_allowed_ones_with_german_labels(project, capsys):
    code = portal_main(
        [
            "--lang",
            "de",
            "--config",
            str(project.root / "mkdocs.yml"),
            "new",
            "event",
            *BASE[:2],
            "--category",
            "worksop",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "meinten Sie 'workshop'?" in err and "info-session (Infoveranstaltung)" in err


def test_ask_asks_again_for_a_wrong_value_and_for_the_end(project, capsys, monkeypatch):
    answers = iter(
        [
            "Sprachcafé für Anfänger",  # title
            "nächsten Dienstag",  # start: not a date, asked again
            "14.01.2027 16 Uhr",  # start
            "",  # end: the default, two hours later
            "foo",  # category: unknown, asked again
            "Netzwerktreffen",  # category, by its German label
            "Deutsch üben bei Kaffee.",  # summary
            "Stadtteilzentrum",  # location name
        ]
    )
    asked: list[str] = []
    monkeypatch.setattr(builtins, "input", lambda prompt: (asked.append(prompt), next(answers, ""))[1])
    assert new(project, "--ask") == 0
    out = capsys.readouterr().out
    assert "(Enter for 2027-01-14 18:00)" in asked[3]
    assert "category: 'foo' is not an allowed term" in out
    path = project.root / "content/events/2027-01-14-sprachcafe-fuer-anfaenger.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (data["start"], data["end"], data["category"]) == ("2027-01-14 16:00", "2027-01-14 18:00", "network-meeting")
