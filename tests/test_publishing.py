"""Publishing without programming: `portal new` scaffolds and `portal import` of iCalendar feeds."""

from __future__ import annotations

import builtins
import functools
import http.server
import threading
from pathlib import Path

import pytest
import yaml

from portal.cli import main as portal_main

# --- portal new ------------------------------------------------------------------------------

FILLED = {
    "event": [
        "--title", "Infoabend Anerkennung", "--start", "2026-12-10 18:00", "--category", "info-session",
        "--summary", "Wie ausländische Abschlüsse anerkannt werden.", "--place", "Haus des Handwerks",
        "--address", "Dresdner Straße 11/13, 04103 Leipzig",
    ],
    "story": [
        "--title", "Amal: Pflegefachfrau in Leipzig", "--summary", "Kurz.", "--first-name", "Amal",
        "--set", "person.origin=Syrien", "--set", "person.occupation=Pflegefachfrau", "--set", "person.city=Leipzig",
        "--set", "person.field=care", "--set", "person.region=leipzig", "--set", "consent.given_by=Amal",
        "--set", "consent.date=2026-11-01", "--set", "consent.scope=Vorname, Herkunft, Beruf, Stadt",
    ],
    "guidance": [
        "--title", "Arbeiten mit Duldung", "--summary", "Kurz.", "--set", "sources.label=§ 60a AufenthG",
        "--set", "sources.url=https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html",
        "--set", "reviewed.date=2026-11-01", "--set", "reviewed.by=Beratungsteam",
        "--set", "applies_to.statuses=tolerated", "--set", "applies_to.questions=work, training",
    ],
    "news": ["--title", "Neue Sprechstunde", "--date", "2026-11-20", "--summary", "Ab Dezember auch dienstags."],
}  # fmt: skip


@pytest.mark.parametrize("what", sorted(FILLED))
def test_new_file_with_all_values_passes_check(project, capsys, what):
    args = ["--config", str(project.root / "mkdocs.yml"), "new", what, *FILLED[what]]
    assert portal_main(args) == 0
    out = capsys.readouterr().out
    assert "Created content/" in out and "Still to fill in" not in out
    code, report = project.check(capsys)
    assert code == 0, report


@pytest.mark.parametrize("what", sorted(FILLED))
def test_new_file_explains_its_fields_and_fails_check_until_filled(project, capsys, what):
    assert portal_main(["--config", str(project.root / "mkdocs.yml"), "new", what, "--title", "Entwurf"]) == 0
    out = capsys.readouterr().out
    assert "Still to fill in:" in out
    folder = {"event": "events", "story": "stories", "guidance": "guidance", "news": "news"}[what]
    path = next((project.root / "content" / folder).iterdir())
    text = path.read_text(encoding="utf-8")
    assert text.count("(required)") >= 3 and "(optional)" in text
    code, report = project.check(capsys)
    assert code == 1
    assert path.name in report


def test_new_event_file_name_and_german_comments(project, capsys):
    args = ["--lang", "de", "--config", str(project.root / "mkdocs.yml"), "new", "event", *FILLED["event"]]
    assert portal_main(args) == 0
    assert "content/events/2026-12-10-infoabend-anerkennung.yml wurde angelegt" in capsys.readouterr().out
    text = (project.root / "content/events/2026-12-10-infoabend-anerkennung.yml").read_text(encoding="utf-8")
    assert "(Pflicht)" in text and "(optional)" in text
    assert "# Art der Veranstaltung" in text or "info-session, consultation-hours" in text
    assert 'start: "2026-12-10 18:00"' in text


def test_new_asks_question_by_question(project, capsys, monkeypatch):
    answers = iter(
        [
            "Sprachcafé",  # title
            "2027-01-14 16:00",  # start
            "",  # end: the default, two hours later
            "network-meeting",  # category
            "Deutsch üben bei Kaffee.",  # summary
            "Stadtteilzentrum",  # location name
        ]
    )
    asked: list[str] = []
    monkeypatch.setattr(builtins, "input", lambda prompt: (asked.append(prompt), next(answers, ""))[1])
    assert portal_main(["--config", str(project.root / "mkdocs.yml"), "new", "event", "--ask"]) == 0
    assert len(asked) == 6
    assert "one of: info-session" in asked[3]
    path = project.root / "content/events/2027-01-14-sprachcafe.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["location"]["name"] == {"de": "Stadtteilzentrum"}
    # The place needs an address or a link: check says so, in plain words.
    _code, report = project.check(capsys)
    assert "location: needs an address, or a url for an online event" in report


# --- portal import ---------------------------------------------------------------------------

FEED = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Stadt Leipzig//Veranstaltungen//DE
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:info-2027-01@leipzig.example
DTSTAMP:20261101T120000Z
DTSTART;TZID=Europe/Berlin:20270112T100000
DTEND;TZID=Europe/Berlin:20270112T120000
SUMMARY:Infoveranstaltung Ausbildung im Handwerk
DESCRIPTION:Die Handwerkskammer stellt Ausbildungsberufe vor. Bitte melden
  Sie sich an.
LOCATION:Haus des Handwerks, Dresdner Straße 11/13, 04103 Leipzig
CATEGORIES:Infoveranstaltung
URL:https://leipzig.example/veranstaltungen/info-2027-01
END:VEVENT
BEGIN:VEVENT
UID:sprechstunde@leipzig.example
DTSTAMP:20261101T120000Z
DTSTART;TZID=Europe/Berlin:20270107T130000
DTEND;TZID=Europe/Berlin:20270107T170000
RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270325T120000Z
EXDATE;TZID=Europe/Berlin:20270204T130000
SUMMARY:Sprechstunde Arbeit und Ausbildung
LOCATION:Neues Rathaus, Martin-Luther-Ring 4-6, 04109 Leipzig
END:VEVENT
BEGIN:VEVENT
UID:sprechstunde@leipzig.example
RECURRENCE-ID;TZID=Europe/Berlin:20270218T130000
DTSTAMP:20261101T120000Z
DTSTART;TZID=Europe/Berlin:20270219T090000
DTEND;TZID=Europe/Berlin:20270219T120000
SUMMARY:Sprechstunde Arbeit und Ausbildung (verschoben auf Freitag)
LOCATION:Neues Rathaus, Martin-Luther-Ring 4-6, 04109 Leipzig
END:VEVENT
BEGIN:VEVENT
UID:jobmesse@leipzig.example
DTSTAMP:20261101T120000Z
DTSTART;VALUE=DATE:20270310
DTEND;VALUE=DATE:20270312
SUMMARY:Jobmesse für Geflüchtete
LOCATION:Messe Leipzig
END:VEVENT
BEGIN:VEVENT
UID:online@newyork.example
DTSTAMP:20261101T120000Z
DTSTART;TZID=America/New_York:20270120T120000
DTEND;TZID=America/New_York:20270120T133000
SUMMARY:Online: Arbeiten in Deutschland
URL:https://meet.example/arbeiten
END:VEVENT
BEGIN:VEVENT
UID:utc@leipzig.example
DTSTAMP:20261101T120000Z
DTSTART:20270201T090000Z
DTEND:20270201T100000Z
SUMMARY:Frühstück der Initiativen
LOCATION:Café Global, Leipzig
END:VEVENT
END:VCALENDAR
"""


def run_import(project, capsys, source: str, *extra: str) -> tuple[int, str]:
    code = portal_main(
        ["--config", str(project.root / "mkdocs.yml"), "import", source, "--category", "info-session", *extra]
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def imported(project) -> dict[str, dict]:
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((project.root / "content/events").glob("*.yml"))
    }


def test_import_creates_valid_events(project, capsys):
    feed = project.write("feed.ics", FEED)
    code, out = run_import(project, capsys, str(feed))
    assert code == 0, out
    assert "6 new, 0 updated, 0 unchanged" in out
    files = imported(project)
    info = files["2027-01-12-infoveranstaltung-ausbildung-im-handwerk.yml"]
    assert info["start"] == "2027-01-12 10:00" and info["end"] == "2027-01-12 12:00"
    assert info["category"] == "info-session"  # CATEGORIES named the German label
    assert info["summary"] == {"de": "Die Handwerkskammer stellt Ausbildungsberufe vor."}
    assert info["location"] == {
        "name": "Haus des Handwerks",
        "address": "Haus des Handwerks, Dresdner Straße 11/13, 04103 Leipzig",
    }
    assert info["source"]["uid"] == "info-2027-01@leipzig.example"
    code, report = project.check(capsys)
    assert code == 0, report


def test_import_recurring_event_with_exceptions_and_a_moved_date(project, capsys):
    run_import(project, capsys, str(project.write("feed.ics", FEED)))
    files = imported(project)
    series = files["2027-01-07-sprechstunde-arbeit-und-ausbildung.yml"]
    assert series["recurrence"] == "FREQ=WEEKLY;UNTIL=20270325T130000;BYDAY=TH"  # UNTIL back in local time
    # The skipped date and the date that moved to Friday are both exceptions of the series…
    assert series["exceptions"] == ["2027-02-04", "2027-02-18"]
    # …and the moved date is an event of its own.
    moved = files["2027-02-19-sprechstunde-arbeit-und-ausbildung-verschoben-auf-freitag.yml"]
    assert moved["start"] == "2027-02-19 09:00"
    assert moved["source"]["uid"] == "sprechstunde@leipzig.example#20270218T130000"


def test_import_all_day_and_other_timezones(project, capsys):
    run_import(project, capsys, str(project.write("feed.ics", FEED)))
    files = imported(project)
    fair = files["2027-03-10-jobmesse-fuer-gefluechtete.yml"]
    assert fair["start"] == "2027-03-10" and fair["end"] == "2027-03-11"  # DTEND is exclusive in iCalendar
    online = files["2027-01-20-online-arbeiten-in-deutschland.yml"]
    assert online["start"] == "2027-01-20 12:00" and online["timezone"] == "America/New_York"
    assert online["location"] == {"name": "Online", "url": "https://meet.example/arbeiten"}
    breakfast = files["2027-02-01-fruehstueck-der-initiativen.yml"]
    assert breakfast["start"] == "2027-02-01 10:00" and "timezone" not in breakfast  # UTC → Berlin wall clock


def test_import_again_changes_nothing(project, capsys):
    feed = project.write("feed.ics", FEED)
    run_import(project, capsys, str(feed))
    before = {name: (project.root / "content/events" / name).read_text(encoding="utf-8") for name in imported(project)}
    _code, out = run_import(project, capsys, str(feed))
    assert "0 new, 0 updated, 6 unchanged" in out
    after = {name: (project.root / "content/events" / name).read_text(encoding="utf-8") for name in imported(project)}
    assert before == after


def test_changed_and_cancelled_events_update_their_files_and_keep_staff_additions(project, capsys):
    feed = project.write("feed.ics", FEED)
    run_import(project, capsys, str(feed))
    path = project.root / "content/events/2027-01-12-infoveranstaltung-ausbildung-im-handwerk.yml"
    # Staff add an English title, an audience and the project.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"]["en"] = "Information session on training in the crafts"
    data["audience"] = ["refugees"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    changed = FEED.replace("DTSTART;TZID=Europe/Berlin:20270112T100000", "DTSTART;TZID=Europe/Berlin:20270112T110000")
    changed = changed.replace("SUMMARY:Jobmesse für Geflüchtete", "SUMMARY:Jobmesse für Geflüchtete\nSTATUS:CANCELLED")
    project.write("feed.ics", changed)
    code, out = run_import(project, capsys, str(feed))
    assert "0 new, 2 updated, 4 unchanged" in out  # the moved start (in staff's edited file), the cancelled fair
    files = imported(project)
    assert len(files) == 6  # no duplicates
    info = files[path.name]
    assert info["start"] == "2027-01-12 11:00"
    assert info["title"] == {
        "de": "Infoveranstaltung Ausbildung im Handwerk",
        "en": "Information session on training in the crafts",
    }
    assert info["audience"] == ["refugees"]
    assert files["2027-03-10-jobmesse-fuer-gefluechtete.yml"]["status"] == "cancelled"
    code, report = project.check(capsys)
    assert code == 0, report


def test_import_from_a_url_and_events_that_left_the_feed(project, capsys):
    folder = project.root / "served"
    folder.mkdir()
    (folder / "feed.ics").write_text(FEED, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/feed.ics"
    try:
        _code, out = run_import(project, capsys, url)
        assert "6 new" in out
        shorter = FEED.split("BEGIN:VEVENT\nUID:utc@")[0] + "END:VCALENDAR\n"
        (folder / "feed.ics").write_text(shorter, encoding="utf-8")
        _code, out = run_import(project, capsys, url)
    finally:
        httpd.shutdown()
    assert "no longer in the feed (not deleted): content/events/2027-02-01-fruehstueck-der-initiativen.yml" in out
    assert Path(project.root / "content/events/2027-02-01-fruehstueck-der-initiativen.yml").is_file()


def test_import_reports_what_it_cannot_take(project, capsys):
    feed = FEED.replace("LOCATION:Messe Leipzig\n", "")
    _code, out = run_import(project, capsys, str(project.write("feed.ics", feed)), "--dry-run")
    assert "not imported: Jobmesse für Geflüchtete: has no LOCATION and no URL" in out
    assert not list((project.root / "content/events").glob("*.yml"))  # dry run writes nothing


@pytest.mark.parametrize("guide", ["docs/mitmachen/index.md", "docs/mitmachen/index.en.md"])
def test_the_guides_example_event_passes_check(project, capsys, guide):
    import re

    from tests.conftest import ROOT

    text = (ROOT / guide).read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "start:" in block)
    project.write("content/events/2026-12-10-infoabend.yml", example)
    code, report = project.check(capsys)
    assert code == 0, report
