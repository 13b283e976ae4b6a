"""German (and other Latin-script) fragments inside right-to-left text keep their order.

In an Arabic, Farsi or Pashto sentence the browser lays out a Latin fragment by the Unicode
bidi algorithm, which attaches neutral characters at its edges to the surrounding right-to-left
text: "(§ 4a AufenthG)" shows as "(4a AufenthG §)", and the quotes of AG „Ausbildung und Arbeit“
land on the wrong side. Readers take these citations and names to the authorities, so every
maximal Latin-script run (law citations, names of offices and programmes, addresses, e-mail
addresses, times) becomes an isolate of its own, `<span dir="ltr">`, marked `lang="de"` where it
is recognisably German (a § citation, a glossary term's German form, German letters or words).

Authors mark what cannot be recognised with `{de:…}` (documented in the staff guide): it becomes
`<span lang="de" dir="ltr">…</span>` in every language, and plain text where text cannot carry
mark-up (page titles, feeds).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from portal.model.common import AUTHOR_MARK as _AUTHOR_MARK

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
# Elements a Latin run may span: they do not end a line of text.
_INLINE = {"a", "abbr", "b", "cite", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "small", "span", "strong"}
_INLINE |= {"sub", "sup", "time", "u", "var", "wbr"}
# Elements whose content is left alone: literal text, or already isolated.
_SKIP = {"script", "style", "code", "pre", "textarea", "bdi", "svg", "math", "title", "select", "option", "datalist"}
_VOID = {"br", "img", "input", "wbr", "hr", "meta", "link", "source", "col", "area", "base", "embed", "track"}

_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_INNER = _LATIN + r"0-9\s.,:;/\\\-\u2010-\u2014'\u2018\u2019\u201a\u201e\u201c\u201d\"()\[\]§&+@_%#*=~·"
_CANDIDATE = re.compile(rf"(?:[§\u201e\u201c\"\u201a\u2018(\[«‹]\s?)*[{_LATIN}§][{_INNER}«»‹›]*")
_LATIN_LETTER = re.compile(rf"[{_LATIN}]")
_PAIRS = {
    "(": ")",
    "[": "]",
    "\u201e": "\u201c",
    "\u201c": "\u201d",
    "\u201a": "\u2018",
    "\u2018": "\u2019",
    '"': '"',
    "«": "»",
    "‹": "›",
}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_GERMAN = re.compile(
    r"[äöüßÄÖÜ\u201e§]|\b(?:und|der|die|das|des|dem|den|für|im|zu|zur|zum|von|vom|mit|bei|auf|nach|Abs|Satz|Nr|Uhr|"
    r"Straße|Str|Gesetz|AufenthG|BeschV|SGB|AsylG)\b"
)


def _trim(run: str) -> tuple[int, int]:
    """The part of a candidate run that starts and ends with a letter, a digit or a matched bracket."""
    start, end = 0, len(run)
    changed = True
    while changed and start < end:
        changed = False
        while end > start and not (run[end - 1].isalnum() or run[end - 1] in _CLOSERS):
            end -= 1
            changed = True
        while start < end and not (run[start].isalpha() or run[start] == "§" or run[start] in _PAIRS):
            start += 1
            changed = True
        inner = run[start:end]
        if end > start and run[end - 1] in _CLOSERS and _CLOSERS[run[end - 1]] not in inner[:-1]:
            end -= 1
            changed = True
        elif end > start and run[start] in _PAIRS and _PAIRS[run[start]] not in inner[1:]:
            start += 1
            changed = True
    return start, end


class _Context:
    """The text of one line-breaking context, its text tokens and the inline tags between them."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.starts: list[int] = []  # where each text item begins in the joined text
        self.text_items: list[int] = []  # the item index of each text item
        self.items: list[tuple] = []  # ("x", token, start in text, length) or ("t", token, name, closing)
        self.length = 0

    def add_text(self, token: int, text: str) -> None:
        self.starts.append(self.length)
        self.text_items.append(len(self.items))
        self.items.append(("x", token, self.length, len(text)))
        self.text.append(text)
        self.length += len(text)

    def at(self, position: int) -> tuple[int, int]:
        """(item index, offset in its token) of a character of the joined text."""
        which = bisect_right(self.starts, position) - 1
        return self.text_items[which], position - self.starts[which]


def _contexts(tokens: list[str]) -> Iterable[_Context]:
    context = _Context()
    skipping: list[str] = []
    opened: list[tuple[str, bool]] = []  # open elements: (name, ends a run at its edges)
    for index, token in enumerate(tokens):
        if index % 2 == 0:  # text
            if token and not skipping and not token.isspace():  # spaces between tags change no run
                context.add_text(index, token)
            continue
        match = _TAG_NAME.match(token)
        if not match:  # a comment or a doctype
            continue
        closing, name = match[1] == "/", match[2].lower()
        if skipping:
            if name == skipping[-1]:
                skipping.pop() if closing else skipping.append(name)
            continue
        void = name in _VOID or token.endswith("/>")
        isolated = " dir=" in token or " dir =" in token
        if not closing and not void and (name in _SKIP or (isolated and 'dir="ltr"' in token)):
            # Literal, already isolated, or left to right already: nothing inside to isolate.
            skipping.append(name)
            yield context
            context = _Context()
            continue
        boundary = name not in _INLINE or isolated
        if closing:
            while opened and opened[-1][0] != name and opened[-1][0] in _INLINE:
                opened.pop()  # an inline element left open by the author
            boundary = opened.pop()[1] if opened and opened[-1][0] == name else name not in _INLINE
        elif not void:
            opened.append((name, boundary))
        if boundary:  # a block, a line break, an element with a direction of its own: a run ends here
            yield context
            context = _Context()
        else:
            context.items.append(("t", index, name, closing))
    yield context


def _pieces(run: str) -> list[tuple[int, int]]:
    """The bracket-balanced parts of a run: cut at every bracket without its partner."""
    cuts, stack = [], []
    for position, char in enumerate(run):
        if char in "([":
            stack.append(position)
        elif char in ")]":
            if stack and run[stack[-1]] == {")": "(", "]": "["}[char]:
                stack.pop()
            else:
                cuts.append(position)
    cuts = sorted(cuts + stack)
    pieces, start = [], 0
    for cut in cuts:
        pieces.append((start, cut))
        start = cut + 1
    pieces.append((start, len(run)))
    return pieces


def _balance(items: list[tuple], first: int, last: int, whole_start: bool, whole_end: bool) -> tuple[int, int] | None:
    """Widen items [first, last] over adjacent tags until every element in it is whole; None if it cannot be.

    `whole_start`/`whole_end`: the run begins at the start (ends at the end) of its first (last)
    text item, so that tags right before (after) it are adjacent.
    """
    while True:
        opened: list[int] = []
        unmatched_close: list[int] = []
        for position in range(first, last + 1):
            item = items[position]
            if item[0] != "t" or item[2] in _VOID:
                continue
            if not item[3]:
                opened.append(position)
            elif opened and items[opened[-1]][2] == item[2]:
                opened.pop()
            else:
                unmatched_close.append(position)
        if not opened and not unmatched_close:
            return first, last
        if unmatched_close:  # its opening tag lies before: take it in if only tags are between
            if items[first][0] == "x" and not whole_start:
                return None
            step, position, wanted_closing = -1, first - 1, False
        else:  # an element opened in the run closes after it: take the closing tag in likewise
            if items[last][0] == "x" and not whole_end:
                return None
            step, position, wanted_closing = 1, last + 1, True
        while 0 <= position < len(items) and items[position][0] == "t" and items[position][3] != wanted_closing:
            position += step
        if not (0 <= position < len(items)) or items[position][0] != "t":
            return None
        if step < 0:
            first = position
        else:
            last = position


def _runs(context: _Context) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """((token, offset) of the first character or tag, the same of the last one, run text) per Latin run."""
    text = "".join(context.text)
    if not _LATIN_LETTER.search(text):
        return []
    found = []
    for match in _CANDIDATE.finditer(text):
        for piece_start, piece_end in _pieces(match[0]):
            piece = match[0][piece_start:piece_end]
            start, end = _trim(piece)
            run = piece[start:end]
            if not _LATIN_LETTER.search(run):
                continue
            offset = match.start() + piece_start
            (first, first_offset), (last, last_offset) = context.at(offset + start), context.at(offset + end - 1)
            whole_end = last_offset == context.items[last][3] - 1
            span = _balance(context.items, first, last, first_offset == 0, whole_end)
            if span is None:
                continue
            begin = (context.items[span[0]][1], first_offset if span[0] == first else -1)
            finish = (context.items[span[1]][1], last_offset if span[1] == last else -1)
            found.append((begin, finish, run))
    return found


def isolate_latin(html: str, german: Iterable[str] = ()) -> str:
    """Wrap every Latin-script run of right-to-left `html` (safe HTML) in an isolate."""
    if not _LATIN_LETTER.search(html):
        return html
    tokens = _TAG.split(html)
    german_words = (
        re.compile("|".join(re.escape(w) for w in sorted(set(german), key=len, reverse=True))) if german else None
    )
    # Per token: offset (-1: the tag itself) -> mark-up to insert before / after it.
    before: dict[int, dict[int, str]] = {}
    after: dict[int, dict[int, str]] = {}
    for context in _contexts(tokens):
        for (start_token, start_offset), (end_token, end_offset), run in _runs(context):
            is_german = bool(_GERMAN.search(run)) or bool(german_words and german_words.search(run))
            opening = '<span lang="de" dir="ltr">' if is_german else '<span dir="ltr">'
            marks = before.setdefault(start_token, {})
            marks[start_offset] = marks.get(start_offset, "") + opening
            marks = after.setdefault(end_token, {})
            marks[end_offset] = "</span>" + marks.get(end_offset, "")
    if not before:
        return html
    out = []
    for index, token in enumerate(tokens):
        opening, closing = before.get(index, {}), after.get(index, {})
        if not opening and not closing:
            out.append(token)
        elif index % 2:  # a tag
            out.append(opening.get(-1, "") + token + closing.get(-1, ""))
        else:
            position = 0
            for offset in sorted(set(opening) | set(closing)):
                out.append(token[position:offset])
                out.append(opening.get(offset, ""))
                out.append(token[offset])
                out.append(closing.get(offset, ""))
                position = offset + 1
            out.append(token[position:])
    return "".join(out)


_LITERAL = re.compile(r"(<pre[\s>].*?</pre>|<code[\s>].*?</code>)", re.DOTALL)


def author_marks(html: str, lang: str, default: str) -> str:
    """`{de:…}` written by an author: an isolated German fragment (plain in German pages)."""
    if "{de:" not in html:
        return html

    def mark(match: re.Match) -> str:
        inner = match[1]
        names = [(m[1] == "/", m[2].lower()) for m in map(_TAG_NAME.match, _TAG.findall(inner)) if m]
        opened = sum(1 for closing, name in names if not closing and name not in _VOID)
        closed = sum(1 for closing, _name in names if closing)
        if opened != closed:
            return match[0]  # it would cut an element in two: leave the author's text as it is
        return inner if lang == default else f'<span lang="de" dir="ltr">{inner}</span>'

    # Literal text (code, preformatted) keeps its braces: that is where the mark is explained.
    parts = _LITERAL.split(html)
    return "".join(part if index % 2 else _AUTHOR_MARK.sub(mark, part) for index, part in enumerate(parts))
