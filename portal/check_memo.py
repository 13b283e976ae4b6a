"""What `portal check` found in each item last time, kept on disk so the next check reads only
the files that changed since.

At national scale (5,000 events in nine languages, 49 MB of YAML) reading and validating every
file is most of a check's four to five seconds, while staff change one or two files between
checks. An item's own problems, its references and its translation texts' fingerprints depend
only on its files, the site's settings and media, the day, the kit and the language of the
messages: the memo keeps them per item, keyed by its files' modification stamps, and is thrown
away whole when any of the rest changes. The checks across items (references, translation
states, media, links) run on everything every time, from what the memo kept.

The memo is JSON, not pickle: it lies in the site's folder, and a file someone put there must
never run as code. Anything unexpected in it is ignored (the check then reads everything).
Only `portal check` uses it; builds and the preview read every item themselves.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import portal
from portal.problems import Problem

FORMAT = 1
MEMO_FILE = Path(".portal") / "check-memo.json"
# A file changed this recently is not remembered: the file system's clock ticks every few
# milliseconds, so a second save within the same tick, with the same size, would keep the
# stamp the memo knows (git's "racy clean" problem).
RACY_NS = 2_000_000_000


@dataclass
class Remembered:
    """One item as the last check left it: what `load_content` would find in its files again."""

    path: str  # the original's path as shown in messages
    valid: bool
    problems: list[Problem]
    references: dict[str, Any] | None  # its reference fields, when they could be checked
    unit: dict | None = None  # its translation texts' names and fingerprints (translations.unit_for_memo)
    origin: Path | None = None  # the original file, set when recalled (not kept: the memo moves with the folder)


def kit_stamp() -> list:
    """The kit's own files as they are now: a new kit version, or an edit of it, may say other things."""
    package = Path(portal.__file__).parent
    stamps = [portal.__version__]
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yml")]):
        stat = path.stat()
        stamps.append([path.relative_to(package).as_posix(), stat.st_mtime_ns, stat.st_size])
    return stamps


class CheckMemo:
    def __init__(self, root: Path, key: list):
        self.file = root / MEMO_FILE
        self.key = key
        self.entries: dict[tuple[str, str], tuple[list, Remembered]] = {}
        self.changed = False
        self.settled_before = time.time_ns() - RACY_NS
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("key") != self.key:
                return
            for folder, slug, stamps, item in data["items"]:
                problems = [_problem(problem) for problem in item["problems"]]
                _expect(isinstance(folder, str) and isinstance(slug, str) and isinstance(stamps, list))
                _expect(isinstance(item["path"], str) and isinstance(item["valid"], bool))
                _expect(_is_references(item["references"]) and _is_unit(item["unit"]))
                remembered = Remembered(item["path"], item["valid"], problems, item["references"], item["unit"])
                self.entries[(folder, slug)] = (stamps, remembered)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.entries = {}  # no memo, another kit's or a damaged one: read everything

    def recall(self, folder: str, slug: str, stamps: list) -> Remembered | None:
        entry = self.entries.get((folder, slug))
        return entry[1] if entry is not None and entry[0] == stamps else None

    def remember(self, folder: str, slug: str, stamps: list, item: Remembered) -> None:
        if any(len(stamp) < 2 or stamp[1] > self.settled_before for stamp in stamps):
            self.entries.pop((folder, slug), None)  # just saved (or gone): read again next time
        else:
            self.entries[(folder, slug)] = (stamps, item)
        self.changed = True

    def forget_all_but(self, present: set[tuple[str, str]]) -> None:
        """Drop the items whose files are gone."""
        for key in set(self.entries) - present:
            del self.entries[key]
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        items = [
            [
                folder,
                slug,
                stamps,
                {
                    "path": item.path,
                    "valid": item.valid,
                    "problems": [
                        [problem.path, problem.line, problem.field, problem.message, problem.severity]
                        for problem in item.problems
                    ],
                    "references": item.references,
                    "unit": item.unit,
                },
            ]
            for (folder, slug), (stamps, item) in self.entries.items()
        ]
        text = json.dumps({"format": FORMAT, "key": self.key, "items": items}, ensure_ascii=False, default=str)
        try:
            self.file.parent.mkdir(exist_ok=True)
            partial = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, self.file)  # a check cut short leaves the last whole memo
        except OSError:
            pass  # a read-only checkout: the next check reads everything again


# --- what the kit writes, and nothing else, is taken back ---------------------------------


def _expect(condition: bool) -> None:
    if not condition:
        raise ValueError("not a memo the kit wrote")


def _is_text(value: Any, empty: bool = False) -> bool:
    return isinstance(value, str) or (empty and value is None)


def _problem(raw: Any) -> Problem:
    path, line, name, message, severity = raw
    _expect(_is_text(path) and (line is None or type(line) is int) and _is_text(name, empty=True))
    _expect(_is_text(message) and severity in ("error", "warning"))
    return Problem(path, line, name, message, severity)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(text, str) for text in value)


def _is_references(value: Any) -> bool:
    return value is None or (
        isinstance(value, dict) and all(_is_text(ref, empty=True) or _is_texts(ref) for ref in value.values())
    )


def _is_unit(unit: Any) -> bool:
    """The shape of translations.unit_for_memo's dict."""
    if unit is None:
        return True
    return (
        isinstance(unit, dict)
        and all(_is_text(unit[name]) for name in ("kind", "item", "original"))
        and all(isinstance(unit[name], bool) for name in ("inline", "legal"))
        and _is_texts(unit["source"])
        and all(_is_texts(names) for names in _mapping(unit["translated"]))
        and all(isinstance(record, dict) for record in _mapping(unit["records"]))
        and all(_is_text(path) for path in _mapping(unit["files"]))
        and all(_is_text(digest) for digest in _mapping(unit["digests"]))
    )


def _mapping(value: Any) -> list:
    _expect(isinstance(value, dict) and all(isinstance(key, str) for key in value))
    return list(value.values())
