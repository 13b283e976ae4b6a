"""`portal check` reads only the files changed since its last run (portal/check_memo.py), and
says exactly what a check that reads everything says."""

from __future__ import annotations

import json
import os
import time

from portal.check import check_site
from portal.check_memo import MEMO_FILE
from portal.cli import main as portal_main
from tests.conftest import GUIDANCE, VALID_EVENT

PARTNER = "name: Handwerkskammer zu Leipzig\nkind: network-partner\n"
ARABIC = "---\ntitle: الإقامة المؤقتة\n---\nنص.\n"


def settle(root) -> None:
    """Every content file as if saved an hour ago: the memo keeps nothing saved in the last seconds."""
    an_hour_ago = time.time() - 3600
    for path in (root / "content").rglob("*"):
        if path.is_file():
            os.utime(path, (an_hour_ago, an_hour_ago))


def with_content(project):
    project.write("content/partners/hwk-leipzig.yml", PARTNER)
    for number in range(3):
        project.write(f"content/events/2026-12-0{number + 1}-info.yml", VALID_EVENT + "organizer: hwk-leipzig\n")
    project.write("content/guidance/duldung.md", GUIDANCE)
    project.write("content/guidance/duldung.ar.md", ARABIC)
    settle(project.root)
    return project.root / "mkdocs.yml"


def both(mkdocs_yml):
    """A check through the memo, and one that reads everything: (the first, its problems, the second's)."""
    remembered = check_site(mkdocs_yml, memo=True)
    fresh = check_site(mkdocs_yml)
    return remembered, remembered.problems, fresh.problems


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_a_second_check_reads_only_what_changed_and_says_the_same(project):
    mkdocs_yml = with_content(project)
    first = check_site(mkdocs_yml, memo=True)
    assert (project.root / MEMO_FILE).is_file()
    second, problems, fresh = both(mkdocs_yml)
    assert messages(problems) == messages(fresh) == messages(first.problems)
    assert second.content.count("events") == 3 and second.content.count("guidance") == 1
    assert second.content.events == {}  # remembered, not read
    project.write("content/events/2026-12-02-info.yml", VALID_EVENT.replace("Borsdorf", "Leipzig"))
    third = check_site(mkdocs_yml, memo=True)
    assert set(third.content.events) == {"2026-12-02-info"}  # the one file saved since
    assert third.content.count("events") == 3


def test_a_new_mistake_in_a_remembered_file_is_found(project):
    mkdocs_yml = with_content(project)
    check_site(mkdocs_yml, memo=True)
    project.write("content/events/2026-12-01-info.yml", VALID_EVENT.replace("info-session", "party"))
    settle(project.root)  # saved "an hour ago" again: only its size and inode say it changed
    _checked, problems, fresh = both(mkdocs_yml)
    assert messages(problems) == messages(fresh)
    assert any("content/events/2026-12-01-info.yml" in m and "category" in m for m in messages(problems))


def test_a_reference_to_a_removed_file_is_found_in_the_files_that_did_not_change(project):
    mkdocs_yml = with_content(project)
    check_site(mkdocs_yml, memo=True)
    (project.root / "content/partners/hwk-leipzig.yml").unlink()
    checked, problems, fresh = both(mkdocs_yml)
    assert checked.content.events == {}  # the events themselves were not read again
    assert messages(problems) == messages(fresh)
    dangling = [m for m in messages(problems) if "there is no partner 'hwk-leipzig'" in m]
    # With the line of the field, read again from the file for the message.
    assert dangling == [
        f"content/events/2026-12-0{n}-info.yml:11: organizer: {dangling[0].split(': ', 2)[2]}" for n in (1, 2, 3)
    ]


def test_a_changed_original_outdates_its_remembered_translation(project):
    mkdocs_yml = with_content(project)
    portal_main(
        [
            "--config",
            str(mkdocs_yml),
            "translations",
            "--mark-current",
            str(project.root / "content/guidance/duldung.ar.md"),
        ]
    )
    settle(project.root)
    _checked, problems, _fresh = both(mkdocs_yml)
    assert not [m for m in messages(problems) if m.startswith("content/guidance/")]
    project.write("content/guidance/duldung.md", GUIDANCE.replace("Text.", "Neuer Text."))
    settle(project.root)
    _checked, problems, fresh = both(mkdocs_yml)
    assert messages(problems) == messages(fresh)
    guidance = [m for m in messages(problems) if m.startswith("content/guidance/")]
    assert len(guidance) == 1 and guidance[0].startswith("content/guidance/duldung.ar.md: warning: the translation may")


def test_new_settings_make_every_file_read_again(project):
    mkdocs_yml = with_content(project)
    check_site(mkdocs_yml, memo=True)
    settings = project.root / "content/site.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("info-session:", "info-evening:", 1), encoding="utf-8"
    )
    checked, problems, fresh = both(mkdocs_yml)
    assert messages(problems) == messages(fresh)
    assert len([m for m in messages(problems) if "'info-session' is not" in m]) == 3
    assert checked.content.count("events") == 0


def test_the_messages_language_is_part_of_what_is_remembered(project, capsys):
    mkdocs_yml = with_content(project)
    project.write("content/events/2026-12-01-info.yml", VALID_EVENT.replace("info-session", "party"))
    settle(project.root)
    assert portal_main(["--config", str(mkdocs_yml), "check"]) == 1
    assert "is not a known category" in capsys.readouterr().err
    assert portal_main(["--lang", "de", "--config", str(mkdocs_yml), "check"]) == 1
    german = capsys.readouterr().err
    assert "is not a known category" not in german and "content/events/2026-12-01-info.yml:6: category" in german


def test_a_file_saved_just_now_is_not_remembered(project):
    """Two saves within one tick of the file system's clock can leave the same stamp: a file
    saved in the last seconds is read again next time, whatever its stamp says."""
    mkdocs_yml = with_content(project)
    project.write("content/events/2026-12-03-info.yml", VALID_EVENT)
    check_site(mkdocs_yml, memo=True)
    memo = json.loads((project.root / MEMO_FILE).read_text(encoding="utf-8"))
    slugs = {slug for _folder, slug, _stamps, _item in memo["items"]}
    assert "2026-12-03-info" not in slugs and "2026-12-01-info" in slugs


def test_a_damaged_or_planted_memo_is_ignored(project, capsys):
    """The memo is JSON, read defensively: a planted or broken file only costs a full read."""
    mkdocs_yml = with_content(project)
    memo = project.root / MEMO_FILE
    memo.parent.mkdir(exist_ok=True)
    for planted in [b"{not json", b'{"format": 1, "key": [], "items": 5}', b"\x80\x04\x95cos\nsystem\n."]:
        memo.write_bytes(planted)  # the last one a pickle that would run a command if unpickled
        assert portal_main(["--config", str(mkdocs_yml), "check"]) == 0
        assert "All content is valid (1 guidance" in capsys.readouterr().out
    check_site(mkdocs_yml, memo=True)
    key = json.loads(memo.read_text(encoding="utf-8"))["key"]
    stamps = json.loads(memo.read_text(encoding="utf-8"))["items"][0][2]
    # The right key and stamps, and problems in a shape the kit never writes (a number for a path).
    item = {"path": "x", "valid": True, "problems": [[5, 1, None, "m", "error"]], "references": None, "unit": None}
    for shape in [
        item,
        {**item, "problems": [], "unit": {"kind": "events"}},
        {**item, "problems": [], "references": 5},
    ]:
        planted = {"format": 1, "key": key, "items": [["events", "2026-12-01-info", stamps, shape]]}
        memo.write_text(json.dumps(planted), encoding="utf-8")
        assert portal_main(["--config", str(mkdocs_yml), "check"]) == 0
        assert "3 events" in capsys.readouterr().out
