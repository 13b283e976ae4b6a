"""Benchmark: build a synthetic portal at scale and compare it with plain Material.

    .venv/bin/python scripts/benchmark.py --events 1000 5000 --guidance 200 [--languages 1 3 9]
    .venv/bin/python scripts/benchmark.py --events 5000 --floor per-language   # without static-i18n's floor

For each size (and number of languages, the first N of the demo's nine) it generates events
(a fifth of them recurring weekly), guidance topics and their translations, then prints:
- `portal check` alone (seconds): the content, the command reading everything (`--fresh`), and
  the command with its memo, unchanged and after one saved event,
- the portal's build (`portal build`, languages in parallel on every core): wall time, peak
  memory of all its processes together (sum of proportional set sizes, sampled), pages,
  pages per second,
- two floors, both plain mkdocs-material without the portal, with the same languages and the
  same number of Markdown pages per language:
  - "static-i18n": one MkDocs project with mkdocs-static-i18n, the usual way to build
    several languages with Material (it builds them one after another);
  - "per language": one plain MkDocs project per language, run in parallel on every core,
    the fastest plain Material can do with the same cores;
- the ratio portal / floor for both, and the weight of an event page (first and second visit).
Numbers, not assertions: it is not a test. Results go to stdout.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT_THEME = ROOT / "portal" / "theme"
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


# The words sentences are drawn from. By default ten per language, so that every word is on
# every page: the worst case for a search index's chunks. `use_demo_texts()` draws them from the
# demo's own texts instead, each word as often as it occurs there (few words on every page, most
# on few: the shape of real text).
VOCABULARY = {lang: words.split() for lang, words in WORDS.items()}


def demo_words(lang: str) -> list[str]:
    """Every word of the demo's Markdown texts in `lang`, as often as it occurs."""
    suffixes = tuple(f".{code}.md" for code in [*LANGUAGES, "ls"])
    if lang == "de":
        files = [path for path in (ROOT / "content").rglob("*.md") if not path.name.endswith(suffixes)]
        files += [path for path in (ROOT / "docs").rglob("*.md") if not path.name.endswith(suffixes)]
    else:
        files = [*(ROOT / "content").rglob(f"*.{lang}.md"), *(ROOT / "docs").rglob(f"*.{lang}.md")]
    words = []
    for path in sorted(files):
        text = path.read_text(encoding="utf-8")
        body = text.split("---", 2)[2] if text.startswith("---") else text  # not the front matter's field names
        words += re.findall(r"[^\W\d_]{2,}", body)
    return words


def use_demo_texts() -> None:
    for lang in LANGUAGES:
        VOCABULARY[lang] = demo_words(lang)


def query_words(lang: str) -> list[str]:
    """Two words to search for: with the ten-word vocabulary its 4th and 2nd; with the demo's
    texts the 4th and 2nd most frequent words of at least seven letters (topic words) that are
    not German (English for German): names and citations are, in every language."""
    if VOCABULARY[lang] == WORDS[lang].split():
        return [VOCABULARY[lang][3], VOCABULARY[lang][1]]
    other = set(VOCABULARY["en" if lang == "de" else "de"])
    counts = collections.Counter(word for word in VOCABULARY[lang] if len(word) >= 7 and word not in other)
    common = [word for word, _count in counts.most_common(4)]
    return [common[3], common[1]]


def sentence(lang: str, rng: random.Random, words: int) -> str:
    vocabulary = VOCABULARY[lang]
    return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def mkdocs_config(languages: list[str]) -> str:
    """The demo's mkdocs.yml with only `languages` declared, and its navigation written out.

    The portal builds the same navigation from its content kinds; written out, the floors
    (plain Material) get the same sections.
    """
    from portal.kinds import navigation

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").rstrip("\n")
    head, _sep, entries = config.partition("      languages:\n")
    kept = [e for e in re.split(r"\n(?=        - locale: )", entries) if e.split("locale: ")[1].split()[0] in languages]
    sections = navigation()  # the staff guide (mitmachen/) is not in the readers' navigation
    return head + "      languages:\n" + "\n".join(kept) + "\n\nnav:\n" + "".join(f"  - {s}\n" for s in sections)


def without_languages(data, languages: list[str]):
    """YAML data with the texts of other languages dropped (keys that are language codes)."""
    if isinstance(data, dict):
        return {k: without_languages(v, languages) for k, v in data.items() if k not in LANGUAGES or k in languages}
    if isinstance(data, list):
        return [without_languages(v, languages) for v in data]
    return data


def base_project(folder: Path, languages: list[str]) -> None:
    import yaml

    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "mkdocs.yml").write_text(mkdocs_config(languages), encoding="utf-8")
    others = tuple(f".{lang}.md" for lang in LANGUAGES if lang not in languages)
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=lambda _d, names: [n for n in names if n.endswith(others)])
    (folder / "content" / "partners").mkdir(parents=True)
    for source in [ROOT / "content" / "site.yml", *sorted((ROOT / "content" / "partners").glob("*.yml"))]:
        data = without_languages(yaml.safe_load(source.read_text(encoding="utf-8")), languages)
        target = folder / source.relative_to(ROOT)
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def generate_portal(folder: Path, events: int, guidance: int, languages: list[str], seed: int = 1) -> None:
    from portal.translations import text_digest

    rng = random.Random(seed)
    base_project(folder, languages)
    (folder / "content" / "events").mkdir()
    start = date.today() - timedelta(days=365)
    for number in range(events):
        day = start + timedelta(days=rng.randrange(730))
        hour = rng.choice([9, 10, 13, 14, 17])
        title = {lang: sentence(lang, rng, 5) for lang in languages}
        summary = {lang: sentence(lang, rng, 20) for lang in languages}
        description = {lang: sentence(lang, rng, 60) for lang in languages[:2]}
        lines = ["title:"] + [f"  {lang}: {quoted(title[lang])}" for lang in languages]
        lines += [
            f'start: "{day} {hour:02d}:00"',
            f'end: "{day} {hour + 2:02d}:00"',
            f"category: {rng.choice(CATEGORIES)}",
        ]
        lines += ["summary:"] + [f"  {lang}: {quoted(summary[lang])}" for lang in languages]
        lines += ["description:"] + [f"  {lang}: {quoted(description[lang])}" for lang in languages[:2]]
        lines += ["location:", "  name: Haus des Handwerks", "  address: Dresdner Straße 11/13, 04103 Leipzig"]
        lines += [
            "audience: [refugees]",
            f"languages: [{', '.join(rng.sample(LANGUAGES, 2))}]",
            "organizer: hwk-leipzig",
        ]
        if number % 5 == 0:
            until = day + timedelta(days=rng.randrange(30, 180))
            lines.append(f"recurrence: FREQ=WEEKLY;UNTIL={until:%Y%m%d}")
        # Machine translations recorded as current, as `portal translations --mark-current` writes them.
        if languages[1:]:
            lines.append("translations:")  # an empty group is a mistake `portal check` reports
        for lang in languages[1:]:
            texts = {"title": title["de"], "summary": summary["de"]}
            if lang in description:
                texts["description"] = description["de"]
            lines.append(f'  {lang}: {{translation_of: "{text_digest(texts)}", machine_translated: true}}')
        (folder / "content" / "events" / f"event-{number:05d}.yml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    from portal.translations import original_digest

    topics = folder / "content" / "guidance"
    topics.mkdir()
    for number in range(guidance):
        digest = ""
        for lang in languages:
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


def floor_page(lang: str, rng: random.Random) -> str:
    body = "\n\n".join(sentence(lang, rng, 60) for _ in range(3))
    return f"---\ntitle: {quoted(sentence(lang, rng, 4))}\n---\n\n# {sentence(lang, rng, 4)}\n\n{body}\n"


def plain_config(config: str) -> str:
    """The portal's mkdocs.yml without the portal: the same theme, languages and navigation."""
    config = re.sub(r"  - portal:\n(?:      .*\n|        .*\n)*", "", config)
    config = config.replace("watch:\n  - content\n", "")
    # The kit's theme files (the portal's plugin adds them by itself), as a plain theme override.
    return config.replace(
        "\nmarkdown_extensions:",
        "\nextra_css:\n  - assets/stylesheets/portal.css\nextra_javascript:\n  - assets/javascripts/portal.js\n"
        "\nmarkdown_extensions:",
    )


def copy_kit_theme(folder: Path) -> None:
    """The kit's templates and assets as the floor's theme overrides: the same pages as the portal's."""
    shutil.copytree(KIT_THEME, folder / "overrides")


def floor_page_names(config: str, count: int) -> list[str]:
    """The pages of the navigation (the same sections as the portal's), then numbered ones."""
    sections = re.findall(r"^  - (\S+\.md)$", config.partition("\nnav:")[2], re.MULTILINE)
    names = [name.removesuffix(".md") for name in sections][:count]
    return names + [f"page-{number:05d}" for number in range(count - len(names))]


def generate_floor(folder: Path, pages_per_language: int, languages: list[str], seed: int = 2) -> None:
    """Plain Material + static-i18n: the same languages and number of Markdown pages, no portal."""
    rng = random.Random(seed)
    config = plain_config(mkdocs_config(languages))
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    copy_kit_theme(folder)
    for name in floor_page_names(config, pages_per_language):
        for lang in languages:
            suffix = "" if lang == "de" else f".{lang}"
            path = folder / "docs" / f"{name}{suffix}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(floor_page(lang, rng), encoding="utf-8")


def generate_floor_per_language(folder: Path, pages_per_language: int, languages: list[str], seed: int = 2) -> None:
    """Plain Material, one MkDocs project per language (no i18n plugin), all into one site folder."""
    rng = random.Random(seed)
    base = plain_config(mkdocs_config(languages))
    names = floor_page_names(base, pages_per_language)
    nav = "\nnav:" + base.partition("\nnav:")[2]
    base = base[: base.index("  # The one place where")]  # no i18n plugin
    copy_kit_theme(folder)
    for lang in languages:
        project = folder / lang
        (project / "docs").mkdir(parents=True)
        # Each into a folder of its own: a build cleans its folder first.
        config = base.replace("site_dir: site", f"site_dir: ../site/{lang}")
        config = config.replace("custom_dir: overrides", "custom_dir: ../overrides").replace(
            "language: de", f"language: {lang}"
        )
        (project / "mkdocs.yml").write_text(config + nav, encoding="utf-8")
        for name in names:
            path = project / "docs" / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(floor_page(lang, rng), encoding="utf-8")


class TreeMemory:
    """Peak of the summed proportional set size (PSS) of a process and all its descendants."""

    def __init__(self, pid: int, include_root: bool = True) -> None:
        self.pid, self.include_root, self.peak, self._stop = pid, include_root, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    parents[int(entry)] = int(stat.rpartition(")")[2].split()[1])
                except OSError:
                    continue
        tree, frontier = [self.pid] if self.include_root else [], [self.pid]
        while frontier:
            frontier = [pid for pid, parent in parents.items() if parent in frontier]
            tree += frontier
        return tree

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            total = 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            total += int(line.split()[1])
                except OSError:
                    continue
            self.peak = max(self.peak, total)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 1024


def timed_builds(commands: list[tuple[Path, list[str]]], jobs: int = 1) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, all processes together) of builds, `jobs` at a time."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    memory = TreeMemory(os.getpid(), include_root=False)  # the children, not this script
    started = time.perf_counter()
    waiting, running = list(commands), {}
    while waiting or running:
        while waiting and len(running) < jobs:
            folder, command = waiting.pop(0)
            child = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            running[child.pid] = child
        pid, status = os.wait()
        child = running.pop(pid, None)
        if child is not None and os.waitstatus_to_exitcode(status):
            raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), child.args)
    return time.perf_counter() - started, memory.stop()


def site_size(site: Path) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """(files, bytes) of a built site by kind (HTML, iCalendar, search, sitemap, other), and of
    its HTML by the kind of page (event pages, month pages, each other section), all languages."""
    kinds: dict[str, tuple[int, int]] = {}
    pages: dict[str, tuple[int, int]] = {}
    languages = {path.parent.name for path in site.glob("*/search")}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        if "/search/" in f"/{relative}":
            kind = "search"
        elif path.name.startswith("sitemap"):
            kind = "sitemap"
        elif path.suffix == ".html":
            kind = "HTML"
            _add(pages, _page_kind(relative, languages), path.stat().st_size)
        elif path.suffix == ".ics":
            kind = "iCalendar"
        else:
            kind = "other"
        _add(kinds, kind, path.stat().st_size)
    return kinds, pages


def _add(totals: dict[str, tuple[int, int]], key: str, size: int) -> None:
    files, total = totals.get(key, (0, 0))
    totals[key] = (files + 1, total + size)


def _page_kind(relative: str, languages: set[str]) -> str:
    parts = relative.split("/")
    if parts[0] in languages:
        parts = parts[1:]
    if len(parts) == 1:
        return "home"
    if (
        parts[0] == "events"
        and len(parts) > 2
        and parts[1] not in ("calendar", "archive", "category", "audience", "language")
    ):
        return "events: event pages"
    return "/".join(parts[:2]) if parts[0] == "events" and len(parts) > 2 else parts[0]


def print_site_size(site: Path) -> None:
    kinds, pages = site_size(site)
    total = sum(size for _files, size in kinds.values())
    print(f"site size:               {total / 1e6:8.1f} MB   ({sum(f for f, _s in kinds.values())} files)")
    for kind in ("HTML", "iCalendar", "search", "sitemap", "other"):
        files, size = kinds.get(kind, (0, 0))
        print(
            f"  {kind + ':':22} {size / 1e6:8.1f} MB   {files} files"
            + (f", {size / files / 1024:.1f} KB each" if files else "")
        )
    print("  HTML by kind of page (the largest):")
    for name, (files, size) in sorted(pages.items(), key=lambda item: -item[1][1])[:8]:
        print(f"    {name + ':':24} {size / 1e6:8.1f} MB   {files} pages, {size / files / 1024:.1f} KB each")


def check_seconds(folder: Path) -> float:
    from portal.content import load_content
    from portal.site import load_site

    started = time.perf_counter()
    load_content(load_site(folder / "mkdocs.yml"))
    return time.perf_counter() - started


def check_command_seconds(folder: Path, runs: int = 3, *args: str) -> tuple[float, float]:
    """`portal check` as staff run it (a fresh process: imports, settings, content, translations):
    the median wall time and the median CPU time of the process and its workers."""
    command = [str(ROOT / ".venv" / "bin" / "portal"), "check", *args]
    walls, cpus = [], []
    for _run in range(runs):
        before = os.times()
        started = time.perf_counter()
        subprocess.run(command, cwd=folder, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = os.times()
        cpus.append(after.children_user + after.children_system - before.children_user - before.children_system)
    return sorted(walls)[runs // 2], sorted(cpus)[runs // 2]


def remembered_check_seconds(folder: Path) -> tuple[float, float]:
    """`portal check` with its memo (check_memo.py): unchanged since the last check, and after
    one event was saved (median of 3 each). Every file is dated an hour back first, since the
    memo keeps nothing saved in the last two seconds."""
    an_hour_ago = time.time() - 3600
    for path in (folder / "content").rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    check_command_seconds(folder, 1)  # writes the memo
    unchanged, _cpu = check_command_seconds(folder)
    event = next((folder / "content" / "events").glob("*.yml"))
    edits = []
    for number in range(3):
        event.write_text(event.read_text(encoding="utf-8") + f"# edit {number}\n", encoding="utf-8")
        os.utime(event, (an_hour_ago + number + 1, an_hour_ago + number + 1))
        edits.append(check_command_seconds(folder, 1)[0])
    return unchanged, sorted(edits)[1]


def translation_seconds(folder: Path) -> float:
    """The translation states of every text, from the content the check has read (what `portal check` adds)."""
    from portal.content import load_content
    from portal.site import load_site
    from portal.translations import translation_states

    site = load_site(folder / "mkdocs.yml")
    content, _problems = load_content(site)
    started = time.perf_counter()
    translation_states(site, content)
    return time.perf_counter() - started


def run(events: int, guidance: int, languages: list[str], floor: str | None, build: bool = True) -> None:
    """`floor`: "both" floors, "per-language" only (the goal's; static-i18n's takes longest), or None."""
    from portal.pageweight import page_weight

    bin_dir = ROOT / ".venv" / "bin"
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix=f"portal-bench-{events}-") as tmp:
        portal = Path(tmp) / "portal"
        portal.mkdir()
        generate_portal(portal, events, guidance, languages)
        check = check_seconds(portal)
        states = translation_seconds(portal)
        command, command_cpu = check_command_seconds(portal, 3, "--fresh")
        unchanged, edited = remembered_check_seconds(portal)
        load = "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
        if not build:
            print(
                f"\n## {events} events, {guidance} guidance topics, {len(languages)} languages ({', '.join(languages)})"
            )
            print(f"portal check:            {check:8.2f} s   (content)")
            print(f"translation states:      {states:8.2f} s   (also part of portal check)")
            print(f"portal check --fresh:    {command:8.2f} s   (CPU {command_cpu:.2f} s; median of 3; {load})")
            print(f"portal check, unchanged: {unchanged:8.2f} s   (from its memo; median of 3)")
            print(f"portal check, one saved: {edited:8.2f} s   (one event saved since; median of 3)")
            return
        wall, peak = timed_builds([(portal, [str(bin_dir / "portal"), "build"])])
        site = portal / "site"
        pages = sum(1 for _ in site.rglob("index.html"))
        event_page = next((site / "events").glob("event-*/index.html"))
        weight = page_weight(site, event_page)
        print(f"\n## {events} events, {guidance} guidance topics, {len(languages)} languages ({', '.join(languages)})")
        print(f"portal check:            {check:8.2f} s   (content)")
        print(f"translation states:      {states:8.2f} s   (also part of portal check)")
        print(f"portal check --fresh:    {command:8.2f} s   (CPU {command_cpu:.2f} s; median of 3; {load})")
        print(f"portal check, unchanged: {unchanged:8.2f} s   (from its memo; median of 3)")
        print(f"portal check, one saved: {edited:8.2f} s   (one event saved since; median of 3)")
        print(
            f"portal build:            {wall:8.1f} s   peak {peak:7.0f} MB   {pages} pages   {pages / wall:6.1f} pages/s"
        )
        print(
            f"event page weight:       first visit {weight.first_visit / 1024:.1f} KB, second visit {weight.second_visit / 1024:.1f} KB"
        )
        print_site_size(site)
        sys.stdout.flush()
        if floor:
            per_language = pages // len(languages)
        if floor == "both":
            plain = Path(tmp) / "floor"
            plain.mkdir()
            generate_floor(plain, per_language, languages)
            i18n_wall, i18n_peak = timed_builds([(plain, [str(bin_dir / "mkdocs"), "build", "--quiet"])])
            i18n_pages = sum(1 for _ in (plain / "site").rglob("*.html"))
            shutil.rmtree(plain)
            print(
                f"floor, static-i18n:      {i18n_wall:8.1f} s   peak {i18n_peak:7.0f} MB   {i18n_pages} pages   ratio {wall / i18n_wall:5.2f}"
            )
            sys.stdout.flush()
        if floor:
            separate = Path(tmp) / "floor-per-language"
            separate.mkdir()
            generate_floor_per_language(separate, per_language, languages)
            builds = [(separate / lang, [str(bin_dir / "mkdocs"), "build", "--quiet"]) for lang in languages]
            separate_wall, separate_peak = timed_builds(builds, jobs=cores)
            separate_pages = sum(1 for _ in (separate / "site").rglob("*.html"))
            print(
                f"floor, per language:     {separate_wall:8.1f} s   peak {separate_peak:7.0f} MB   {separate_pages} pages   ratio {wall / separate_wall:5.2f}"
                f"   ({cores} at a time)"
            )
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=textwrap.dedent(__doc__).split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--guidance", type=int, default=200)
    parser.add_argument(
        "--languages",
        type=int,
        nargs="+",
        default=[len(LANGUAGES)],
        help="numbers of languages (the first N of the demo's)",
    )
    parser.add_argument("--no-floor", action="store_true", help="skip the plain-Material comparison")
    parser.add_argument(
        "--floor",
        choices=["both", "per-language"],
        default="both",
        help="which plain-Material builds to compare with (per-language: the goal's, without static-i18n's)",
    )
    parser.add_argument("--check-only", action="store_true", help="time portal check and the translation states only")
    args = parser.parse_args()
    print(f"Benchmark on {len(os.sched_getaffinity(0))} cores, Python {sys.version.split()[0]}, {date.today()}")
    for events in args.events:
        for count in args.languages:
            run(events, args.guidance, LANGUAGES[:count], None if args.no_floor else args.floor, not args.check_only)


if __name__ == "__main__":
    main()
