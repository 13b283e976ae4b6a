"""Finished pages without the indentation and blank lines of their templates.

Material's templates indent every line and leave a blank line for each template tag: a fifth of
an event page (26 KB of 5 KB gzipped, at 47,000 pages a quarter of a gigabyte) is such
whitespace. A run of whitespace with a line break in it becomes one line break, which a browser
renders the same (both are one space, or nothing between blocks). Left as they are: <pre>,
<textarea> and <script> (their whitespace is their content), and runs without a line break.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_BROKEN_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")


def compact_html(html: str) -> str:
    parts = _KEPT.split(html)
    # split() yields text, then each kept element and its tag name's group.
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(_BROKEN_RUN.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)
