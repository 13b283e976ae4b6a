"""The readers' search: each language's index of its finished pages, in small static pieces.

A phone that searches fetches only what a query needs, from the folder of the page's language
(`<language folder>/search/`): the piece of the word list that holds the query's words, and one
small file for each result it shows. Nothing else: no index to download and build first, no
WebAssembly (at 5,000 events a whole lunr index was 600-700 KB a language; Pagefind's fixed
files alone 110 KB). The browser side is `theme/assets/javascripts/search-index.js`, which
answers Material's search box.

What is indexed: the article of each page the plugin marks `data-search-body` (the navigation,
the month grids and the filters are not), without what `_EXCLUDED_CLASSES` and
`_EXCLUDED_ATTRIBUTE` name. German words on a translated page (an untranslated event, a term
in brackets) are in that language's index like any other word, so a German term typed while
reading Arabic finds the Arabic page.

Words are compared folded (`fold`): case, accents and Arabic vowel marks do not count, Arabic
and Persian letter forms and digits are one, the Arabic article is not part of the word. The
browser folds the query in the same way. Instead of a stemmer per language, a query word
matches the words it begins (ausbild: Ausbildung), and the words that share all but its last
letters (Ausbildungen: Ausbildung), which works alike in every script.

The pieces, under `<language folder>/search/`:

- `words/<key>.json`: the words that begin with `key` (two letters; where that piece would be
  large, split by the next letter), each with the pages it is on and how much it weighs there:
  `{"pages": N, "words": {word: [page, weight, page, weight, ...]}}`, the page numbers as
  differences to the one before. A piece that was split holds only the word that is its key
  itself, and names the pieces of the longer words by their next letter:
  `"split": {letter: key}`.
- `pages/<n>.json`: one page: its address, its title and its text by section,
  `{"url": ..., "title": ..., "sections": [[anchor, heading, text], ...]}`, the first section
  the text before the first heading (anchor and heading empty).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# The index lives beside Material's search settings (`search/search_index.json`, see
# compat.write_language_index) in each language's folder.
FOLDER = "search"
MARKER = "data-search-body"
# Inside the article, what is no text of the page: Markdown's heading anchors, the buttons to
# save, share and read aloud (the same on every page), and what the templates mark
# data-search-exclude: the notices about the translation, the review and legal advice, which
# would otherwise begin every excerpt of a translated page.
_EXCLUDED_CLASSES = {"headerlink", "portal-tools"}
_EXCLUDED_ATTRIBUTE = "data-search-exclude"
_NO_TEXT = {"script", "style", "template", "svg", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Inline elements join their text to the words around them; every other tag separates words.
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong"}
_INLINE |= {"sub", "sup", "time", "u", "var", "kbd", "data", "del", "ins"}

# How much a word counts where it stands, and BM25's constants (saturation, length): a page
# that names a word in its title or headings ranks above one that mentions it; length counts
# only a little (0.2), so a short card that names a word does not outrank the topic that
# explains it (chosen on the demo's searches in seven languages, tests/test_browser.py).
_TITLE_WEIGHT, _HEADING_WEIGHT = 3, 3
_K1, _B = 1.5, 0.2
# A piece of the word list above this size (JSON, before gzip) is split by its words' next letter.
_PIECE_LIMIT = 24_000
_SHORTEST, _LONGEST = 2, 40  # words shorter or longer are not indexed (the browser skips them too)

# Folding: Arabic and Persian forms of the same letter, Eastern Arabic digits.
_LETTERS = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ـ": None, "ß": "ss"}
    | {chr(0x0660 + d): str(d) for d in range(10)}
    | {chr(0x06F0 + d): str(d) for d in range(10)}
)
_ARTICLES = (("وال", "بال", "کال", "فال"), ("ال", "لل"))
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Text as the index compares it (the browser's `fold` in search-index.js does the same)."""
    decomposed = unicodedata.normalize("NFKD", text).lower()
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").translate(_LETTERS)


def without_article(word: str) -> str:
    """An Arabic word without its article (and a joined "and", "with", "like", "so" before it)."""
    for length, prefixes in zip((3, 2), _ARTICLES):
        if len(word) >= length + 2 and word.startswith(prefixes):
            return word[length:]
    return word


def words(text: str) -> list[str]:
    """The index's words in `text`, in order."""
    found = (without_article(word) for word in _WORD.findall(fold(text)))
    return [word for word in found if _SHORTEST <= len(word) <= _LONGEST]


@dataclass
class Section:
    anchor: str = ""
    heading: str = ""
    text: list[str] = field(default_factory=list)


class _ArticleText(HTMLParser):
    """The title, headings and text by section of one article's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.sections = [Section()]
        self.open: list[str] = []
        self.skip_depth: int | None = None  # depth of the excluded element we are inside
        self.heading: str | None = None  # "h1" or the open heading's tag

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _VOID:
            self._space()
            return
        self.open.append(tag)
        if self.skip_depth is not None:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag in _NO_TEXT or classes & _EXCLUDED_CLASSES or _EXCLUDED_ATTRIBUTE in attributes:
            self.skip_depth = len(self.open)
            return
        if tag == "h1" and not self.title:
            self.heading = "h1"
        elif tag in {"h2", "h3", "h4", "h5", "h6"} and attributes.get("id"):
            self.sections.append(Section(anchor=attributes["id"]))
            self.heading = tag
        if tag not in _INLINE:
            self._space()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.open:
            return
        while self.open:  # an element left open ends with its parent
            closed = self.open.pop()
            if self.skip_depth is not None and len(self.open) < self.skip_depth:
                self.skip_depth = None
            if closed == tag:
                break
        if self.skip_depth is None:
            if tag == self.heading:
                self.heading = None
            if tag not in _INLINE:
                self._space()

    def handle_data(self, data: str) -> None:
        if self.skip_depth is not None:
            return
        if self.heading == "h1":
            self.title.append(data)
        elif self.heading:
            self.sections[-1].heading += data
        else:
            self.sections[-1].text.append(data)

    def _space(self) -> None:
        if self.heading == "h1":
            self.title.append(" ")
        elif self.heading:
            self.sections[-1].heading += " "
        else:
            self.sections[-1].text.append(" ")


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass
class IndexedPage:
    url: str
    title: str
    sections: list[list[str]]  # [anchor, heading, text]

    def weighted_words(self) -> Counter:
        counts: Counter = Counter(words(self.title) * _TITLE_WEIGHT)
        for _, heading, text in self.sections:
            counts.update(words(heading) * _HEADING_WEIGHT)
            counts.update(words(text))
        return counts


def read_page(html: str, url: str) -> IndexedPage | None:
    """The searchable text of a finished page, or None for a page left out of the search."""
    start = html.find(MARKER)
    if start < 0:
        return None
    start = html.index(">", start) + 1
    end = html.rfind("</article>")
    parser = _ArticleText()
    parser.feed(html[start : end if end > start else len(html)])
    parser.close()
    title = _clean("".join(parser.title))
    if not title:
        found = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
        title = _clean(found.group(1)) if found else url
    sections = [[s.anchor, _clean(s.heading), _clean("".join(s.text))] for s in parser.sections]
    sections = [sections[0]] + [s for s in sections[1:] if s[1] or s[2]]
    return IndexedPage(url=url, title=title, sections=sections)


def language_pages(site_dir: Path, prefix: str, other_prefixes: list[str]) -> list[Path]:
    """The HTML files of one language: its folder, or for the default language (at the root)
    all but the other languages' folders. In the order of their addresses."""
    if prefix:
        return sorted((site_dir / prefix).rglob("*.html"))
    skip = {p.strip("/") for p in other_prefixes}
    pages = list(site_dir.glob("*.html"))
    for child in site_dir.iterdir():
        if child.is_dir() and child.name not in skip:
            pages.extend(child.rglob("*.html"))
    return sorted(pages)


def page_url(site_dir: Path, path: Path) -> str:
    relative = path.relative_to(site_dir).as_posix()
    return relative.removesuffix("index.html")


def _piece_key(prefix: str) -> str:
    """A file name for a word's first letters: ASCII letters and digits as they are."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}" for c in prefix)


def _postings(pages: dict[int, int]) -> list[int]:
    flat, previous = [], 0
    for number in sorted(pages):
        flat += [number - previous, pages[number]]
        previous = number
    return flat


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _pieces(index: dict[str, list[int]], page_count: int, prefix: str, found: dict[str, bytes]) -> None:
    """Write the words beginning with `prefix` as one piece, or split by their next letter.

    A split piece keeps the word that is `prefix` itself and names, for each next letter, the
    piece of the words that follow: named by all the letters they share, so that a word on
    every page (a piece of its own) is one fetch away, not one per letter.
    """
    data = _dump({"pages": page_count, "words": index})
    if len(data) <= _PIECE_LIMIT or all(len(word) <= len(prefix) for word in index):
        found[_piece_key(prefix)] = data
        return
    own = {word: postings for word, postings in index.items() if len(word) <= len(prefix)}
    longer: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for word, postings in index.items():
        if len(word) > len(prefix):
            longer[word[len(prefix)]][word] = postings
    children = {letter: os.path.commonprefix(list(words)) for letter, words in longer.items()}
    found[_piece_key(prefix)] = _dump({"pages": page_count, "split": children, "words": own})
    for letter, child_index in longer.items():
        _pieces(child_index, page_count, children[letter], found)


def build_index(pages: list[IndexedPage]) -> dict[str, bytes]:
    """The index's files (relative name: content) for one language's pages."""
    counts = [page.weighted_words() for page in pages]
    lengths = [sum(count.values()) for count in counts]
    average = (sum(lengths) / len(lengths)) if lengths else 1
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    for number, (count, length) in enumerate(zip(counts, lengths)):
        norm = _K1 * (1 - _B + _B * length / average)
        for word, frequency in count.items():
            # BM25's weight of a word on a page, 1-100 (the browser multiplies it by the word's rarity).
            weight = frequency * (_K1 + 1) / (frequency + norm)
            postings[word][number] = max(1, min(100, math.floor(weight * 100 / (_K1 + 1) + 0.5)))
    by_start: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for word in sorted(postings):
        by_start[word[:_SHORTEST]][word] = _postings(postings[word])
    pieces: dict[str, bytes] = {}
    for start, index in by_start.items():
        _pieces(index, len(pages), start, pieces)
    files = {f"words/{key}.json": data for key, data in pieces.items()}
    for number, page in enumerate(pages):
        files[f"pages/{number}.json"] = _dump({"url": page.url, "title": page.title, "sections": page.sections})
    return files


def index_language(site_dir: Path, prefix: str, other_prefixes: list[str]) -> int:
    """Write the index of one language's finished pages into `site_dir/<prefix>search/`.

    Returns the number of pages indexed. Material's settings file in the same folder stays.
    """
    site_dir = site_dir.resolve()
    pages = []
    for path in language_pages(site_dir, prefix, other_prefixes):
        page = read_page(path.read_text(encoding="utf-8"), page_url(site_dir, path))
        if page is not None:
            pages.append(page)
    output = site_dir / prefix / FOLDER
    for part in ("words", "pages"):
        shutil.rmtree(output / part, ignore_errors=True)  # nothing of an earlier index stays behind
    for name, data in build_index(pages).items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(pages)
