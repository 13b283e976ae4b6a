"""Benchmark: build a synthetic portal at scale and compare it with plain Material.

    .venv/bin/python scripts/benchmark.py --events 1000 5000 --guidance 200

For each size it generates events (a fifth of them recurring weekly), guidance topics and
their translations in all nine languages of the demo, then prints:
- `portal check` alone (seconds),
- the portal's build: wall time, peak memory, pages, pages per second,
- the floor: plain mkdocs-material with mkdocs-static-i18n, the same languages and the same
  number of Markdown pages per language, without the portal,
- the ratio portal / floor, and the weight of an event page (first and second visit).
Numbers, not assertions: it is not a test. Results go to stdout.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "ps"]
WORDS = {
    "de": "Beratung Ausbildung Arbeit Anerkennung Sprache Kurs Termin Netzwerk Handwerk Zukunft",
    "en": "counselling training work recognition language course date network crafts future",
    "ar": "الإرشاد التدريب العمل الاعتراف اللغة الدورة الموعد الشبكة الحرف المستقبل",
    "fa": "مشاوره آموزش کار شناسایی زبان دوره قرار شبکه حرفه آینده",
    "uk": "консультація навчання робота визнання мова курс зустріч мережа ремесло майбутнє",
    "ru": "консультация обучение работа признание язык курс встреча сеть ремесло будущее",
    "tr": "danışmanlık eğitim iş tanınma dil kurs randevu ağ zanaat gelecek",
    "fr": "conseil formation travail reconnaissance langue cours rendez-vous réseau artisanat avenir",
    "ps": "مشوره زده کړه کار پېژندنه ژبه کورس نېټه شبکه حرفه راتلونکی",
}
CATEGORIES = ["info-session", "consultation-hours", "workshop", "conference", "network-meeting", "job-fair", "course"]


def sentence(lang: str, rng: random.Random, words: int) -> str:
    vocabulary = WORDS[lang].split()
    return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def base_project(folder: Path) -> None:
    for name in ("mkdocs.yml", "overrides", "docs"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    (folder / "content").mkdir()
    shutil.copy(ROOT / "content" / "site.yml", folder / "content" / "site.yml")
    shutil.copytree(ROOT / "content" / "partners", folder / "content" / "partners")


def generate_portal(folder: Path, events: int, guidance: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    base_project(folder)
    (folder / "content" / "events").mkdir()
    start = date.today() - timedelta(days=365)
    for number in range(events):
        day = start + timedelta(days=rng.randrange(730))
        hour = rng.choice([9, 10, 13, 14, 17])
        lines = ["title:"] + [f"  {lang}: {quoted(sentence(lang, rng, 5))}" for lang in LANGUAGES]
        lines += [
            f'start: "{day} {hour:02d}:00"',
            f'end: "{day} {hour + 2:02d}:00"',
            f"category: {rng.choice(CATEGORIES)}",
        ]
        lines += ["summary:"] + [f"  {lang}: {quoted(sentence(lang, rng, 20))}" for lang in LANGUAGES]
        lines += ["description:"] + [f"  {lang}: {quoted(sentence(lang, rng, 60))}" for lang in ("de", "en")]
        lines += ["location:", "  name: Haus des Handwerks", "  address: Dresdner Straße 11/13, 04103 Leipzig"]
        lines += [
            "audience: [refugees]",
            f"languages: [{', '.join(rng.sample(LANGUAGES, 2))}]",
            "organizer: hwk-leipzig",
        ]
        if number % 5 == 0:
            until = day + timedelta(days=rng.randrange(30, 180))
            lines.append(f"recurrence: FREQ=WEEKLY;UNTIL={until:%Y%m%d}")
        (folder / "content" / "events" / f"event-{number:05d}.yml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    from portal.translations import original_digest

    topics = folder / "content" / "guidance"
    topics.mkdir()
    for number in range(guidance):
        digest = ""
        for lang in LANGUAGES:
            suffix = "" if lang == "de" else f".{lang}"
            front = [f"title: {quoted(sentence(lang, rng, 4))}", f"summary: {quoted(sentence(lang, rng, 15))}"]
            if lang == "de":
                front += [
                    'sources: [{label: "§ 60a AufenthG", url: "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html"}]',
                    "reviewed: {date: 2026-10-01, by: Team}",
                    "applies_to: {statuses: [tolerated, asylum-seeker], questions: [work]}",
                ]
            else:
                front += ["machine_translated: true", f'translation_of: "{digest}"']
            body = "\n\n".join(f"## {sentence(lang, rng, 3)}\n\n{sentence(lang, rng, 80)}" for _ in range(4))
            text = "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"
            (topics / f"topic-{number:04d}{suffix}.md").write_text(text, encoding="utf-8")
            if lang == "de":
                digest = original_digest(topics / f"topic-{number:04d}.md")


def generate_floor(folder: Path, pages_per_language: int, seed: int = 2) -> None:
    """Plain Material + static-i18n: the same languages and number of Markdown pages, no portal."""
    rng = random.Random(seed)
    (folder / "docs").mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - portal:\n      content_dir: content\n      site: content/site.yml\n", "")
    config = config.split("\nnav:")[0] + "\nnav:\n  - index.md\n"
    config = config.replace("watch:\n  - content\n", "watch:\n")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    for number in range(pages_per_language):
        name = "index" if number == 0 else f"page-{number:05d}"
        for lang in LANGUAGES:
            suffix = "" if lang == "de" else f".{lang}"
            body = "\n\n".join(sentence(lang, rng, 60) for _ in range(3))
            text = f"---\ntitle: {quoted(sentence(lang, rng, 4))}\n---\n\n# {sentence(lang, rng, 4)}\n\n{body}\n"
            (folder / "docs" / f"{name}{suffix}.md").write_text(text, encoding="utf-8")


def timed_build(folder: Path, command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of a build in a child process."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory, not the largest so far
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return wall, usage.ru_maxrss / 1024


def check_seconds(folder: Path) -> float:
    from portal.content import load_content
    from portal.site import load_site

    started = time.perf_counter()
    load_content(load_site(folder / "mkdocs.yml"))
    return time.perf_counter() - started


def run(events: int, guidance: int, floor: bool) -> None:
    from portal.pageweight import page_weight

    bin_dir = ROOT / ".venv" / "bin"
    with tempfile.TemporaryDirectory(prefix=f"portal-bench-{events}-") as tmp:
        portal = Path(tmp) / "portal"
        portal.mkdir()
        generate_portal(portal, events, guidance)
        check = check_seconds(portal)
        wall, peak = timed_build(portal, [str(bin_dir / "portal"), "build"])
        site = portal / "site"
        pages = sum(1 for _ in site.rglob("index.html"))
        event_page = next((site / "events").glob("event-*/index.html"))
        weight = page_weight(site, event_page)
        print(f"\n## {events} events, {guidance} guidance topics, {len(LANGUAGES)} languages")
        print(f"portal check:        {check:8.2f} s")
        print(f"portal build:        {wall:8.1f} s   peak {peak:7.0f} MB   {pages} pages   {pages / wall:6.1f} pages/s")
        print(
            f"event page weight:   first visit {weight.first_visit / 1024:.1f} KB, second visit {weight.second_visit / 1024:.1f} KB"
        )
        if floor:
            plain = Path(tmp) / "floor"
            plain.mkdir()
            generate_floor(plain, pages // len(LANGUAGES))
            floor_wall, floor_peak = timed_build(plain, [str(bin_dir / "mkdocs"), "build", "--quiet"])
            floor_pages = sum(1 for _ in (plain / "site").rglob("*.html"))
            print(f"floor (Material):    {floor_wall:8.1f} s   peak {floor_peak:7.0f} MB   {floor_pages} pages")
            print(f"ratio portal/floor:  {wall / floor_wall:8.2f}")
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=textwrap.dedent(__doc__).split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--guidance", type=int, default=200)
    parser.add_argument("--no-floor", action="store_true", help="skip the plain-Material comparison")
    args = parser.parse_args()
    print(f"Benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}, {date.today()}")
    for events in args.events:
        run(events, args.guidance, not args.no_floor)


if __name__ == "__main__":
    main()
