"""Problems found in content, reported so that staff can fix all of them in one round."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from portal.messages import _


@dataclass(frozen=True)
class Problem:
    """One mistake in one content file: where it is and what is expected instead."""

    path: str
    line: int | None
    field: str | None
    message: str
    severity: str = "error"  # "error" stops the build, "warning" only informs

    def __lt__(self, other: Problem) -> bool:
        # By file, then line; a problem of the whole file (no line) comes first.
        return (self.path, self.line or 0, self.field or "", self.message) < (
            other.path,
            other.line or 0,
            other.field or "",
            other.message,
        )

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.field}: {self.message}" if self.field else self.message
        prefix = _("warning: ") if self.severity == "warning" else ""
        return terminal_safe(f"{where}: {prefix}{what}")


# Control characters (ESC starts sequences that move the cursor, repaint or retitle the
# terminal), line and paragraph separators, and the bidirectional overrides and isolates that
# make a line read differently from what it holds. Ordinary format characters such as the
# zero-width non-joiner of Persian stay.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` with every character that could act on a terminal written as an escape (\\x1b, \\u202e)."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(_("{n} problem(s) in the content:", n=len(errors)) + "\n" + "\n".join(map(str, errors)))


def display_path(path: Path, root: Path) -> str:
    """The path as staff see it in their repository: relative to the project, with slashes."""
    try:
        return path.relative_to(root).as_posix()  # no disk access in the common case
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
