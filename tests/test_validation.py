"""Every rule of `portal check`: the message names the file, the line, the field and what is expected."""

from __future__ import annotations

from pathlib import Path

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


BAD_CONTENT = Path(__file__).parent / "fixtures" / "bad-content"
CASES = sorted(path.name for path in BAD_CONTENT.iterdir() if path.is_dir())


def copy_case(case: str, project) -> str:
    """Put the broken files of one corpus folder into the project; returns the expected message."""
    folder = BAD_CONTENT / case
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            project.write(path.relative_to(folder).as_posix(), path.read_bytes())
    return (folder / "expected.txt").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("case", CASES)
def test_each_rule_names_file_line_field_and_expectation(project, capsys, case):
    expected = copy_case(case, project)
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


def test_parallel_reading_finds_the_same_as_sequential(project, capsys, monkeypatch):
    import portal.content

    for number in range(12):
        project.write(f"content/events/2022-02-{number + 10}-info.yml", VALID_EVENT)
    project.write("content/events/broken.yml", "title: [unclosed\n")
    sequential = project.check(capsys)
    monkeypatch.setattr(portal.content, "PARALLEL_FROM", 1)
    monkeypatch.setattr(portal.content.threading, "active_count", lambda: 1)  # pytest's own threads are idle
    parallel = project.check(capsys)
    assert parallel[0] == sequential[0] == 1
    strip = lambda out: [line for line in out.splitlines() if " in 0." not in line]
    assert strip(parallel[1]) == strip(sequential[1])
    assert "content/events/broken.yml:2: the YAML cannot be read" in parallel[1]
