"""Reading content files: UTF-8 text, YAML with line numbers, Markdown with front matter.

Dates and times stay strings here so that the model, not the YAML parser, decides what a
valid date is and can say so in plain words (PyYAML would turn 2022-02-30 into a crash and
13:00 into the number 780). Likewise YAML 1.1's words for yes, no and nothing: `no` is Norwegian
and `Null` a German word, so only `true`, `false`, `null` and `~` mean anything but text.

A file is refused, with its line, when it could not mean what staff see in it: a field given
twice, a field name that is a list, invisible control characters, aliases that expand into more
data than any content file holds ("billion laughs"), an alias inside itself, nesting deeper than
any content needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.messages import _
from portal.problems import Problem

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None


# libyaml's C parser when PyYAML has it (its wheels do): it reads content about ten times
# faster than the pure-Python one, with the same marks for line numbers.
_Parser = (
    (CParser,) if CParser else (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer)
)


class _ContentLoader(*_Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """A safe loader without YAML 1.1 timestamps and base-60 integers."""

    def __init__(self, stream: str) -> None:
        if CParser:
            CParser.__init__(self, stream)
        else:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    # The parser asks for the tag of every node: half a million times in a check at 5,000 events.
    # Content has no path resolvers, so a tag depends on the text of a plain scalar alone.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG  # quoted, or with the non-specific tag "!"
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)
            if len(_PLAIN_TAGS) < 50_000:
                _PLAIN_TAGS[value] = tag
        return tag


_PLAIN_TAGS: dict[str, str] = {}


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
# YAML 1.2's words instead of 1.1's: `yes`, `no`, `on`, `off`, `Null` stay the text written
# (`no` is Norwegian, `Null` a German word), and so do numbers with a point ("1.10" is a
# version or a section, not 1.1). An explicit tag (`!!bool yes`, `!!float 1.5`) still counts.
_IMPLICIT = {
    "tag:yaml.org,2002:int": _PLAIN_INT,
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:null": re.compile(r"^(?:~|null|)$"),
}
for _resolvers in _ContentLoader.yaml_implicit_resolvers.values():
    _resolvers[:] = [(tag, _IMPLICIT.get(tag, rx)) for tag, rx in _resolvers if tag != "tag:yaml.org,2002:float"]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring tags such as !ENV or !!python/name that only MkDocs resolves."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

Lines = dict[tuple, int]


@dataclass
class Source:
    """The data of one content file, with the line on which each field starts.

    `lines` None: not recorded when the file was read (most files have no mistake, and the
    lines are most of what a parsed file weighs); the file is read again for them when a
    message needs one.
    """

    path: str
    data: Any
    lines: Lines | None = field(default_factory=dict)
    body: str | None = None
    origin: Path | None = None  # the file, to read the lines from
    markdown: bool = False

    def line_of(self, loc: tuple) -> int | None:
        """The line of the deepest part of `loc` that exists in the file (none for a missing top-level field).

        An empty `loc` (the file's data as a whole, e.g. a list where fields were expected) is where the data starts.
        """
        lines = self.known_lines()
        if not loc:
            return lines.get(())
        for end in range(len(loc), 0, -1):
            if loc[:end] in lines:
                return lines[loc[:end]]
        return None

    def known_lines(self) -> Lines:
        if self.lines is None:
            self.lines = {}
            if self.origin is not None:
                try:
                    self.lines = (read_markdown if self.markdown else read_yaml)(self.origin, self.path).lines or {}
                except SourceError:  # changed since, into something unreadable: no lines, the message stays
                    pass
        return self.lines


class _Refused(Exception):
    """A YAML file that parses but cannot be taken as content; `line` is 1-based within the YAML."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


# Expanded size and depth beyond any real content file (the demo's largest has a few hundred
# values and six levels); past them a file is refused before anything walks it.
MAX_VALUES = 20_000
MAX_DEPTH = 40

# Characters nobody types on purpose and that break what is made of the text: C0 controls
# except tab and line feed (a vertical tab makes an Atom feed malformed XML, NUL ends strings in
# other tools, ESC repaints terminals), DEL and the C1 controls (U+0085 is a line break to
# iCalendar readers), the Unicode line and paragraph separators, and non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def control_character_problem(text: str) -> tuple[int, str] | None:
    """(0-based offset, message) for the first invisible control character in `text`, if any."""
    found = _CONTROL.search(text)
    if not found:
        return None
    code = f"U+{ord(found[0]):04X}"
    return found.start(), _(
        "contains an invisible control character ({code}), often pasted from a word processor; "
        "delete it (retype the text around it if you cannot see it)",
        code=code,
    )


def _check_characters(text: str, line: int) -> None:
    problem = control_character_problem(text)
    if problem:
        offset, message = problem
        raise _Refused(line + text.count("\n", 0, offset), message)


def _measure(root: yaml.Node) -> None:
    """Refuse aliases that expand beyond MAX_VALUES, an alias inside itself and too deep nesting.

    The composer keeps an alias as a second reference to its node, so a small file can stand for
    billions of values that every later step would walk; sizes are counted once per node.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1
        if done:
            active.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_VALUES:
                raise _Refused(
                    line,
                    _(
                        "holds more than {limit} values once its aliases (*name) are expanded; "
                        "write the values out instead of repeating aliases",
                        limit=MAX_VALUES,
                    ),
                )
            continue
        if key in sizes:
            continue
        if key in active:
            raise _Refused(line, _("an alias (*name) refers to the block it is part of; it would never end"))
        if depth > MAX_DEPTH:
            raise _Refused(
                line, _("is nested more than {limit} levels deep; no content field needs that", limit=MAX_DEPTH)
            )
        active.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) in active:
                raise _Refused(
                    child.start_mark.line + 1,
                    _("an alias (*name) refers to the block it is part of; it would never end"),
                )
            stack.append((child, depth + 1, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class SourceError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_text(path: Path, shown: str) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(
            Problem(
                shown,
                line,
                None,
                _(
                    "the file is not saved as UTF-8 text (unreadable byte 0x{byte}); "
                    "open it in your editor and save it again with the encoding UTF-8",
                    byte=f"{raw[err.start]:02x}",
                ),
            )
        ) from None
    # Old Mac files end lines with CR alone; Windows ones with CR LF. Both are line breaks to staff.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    problem = control_character_problem(text)
    if problem:
        offset, message = problem
        raise SourceError(Problem(shown, text.count("\n", 0, offset) + 1, None, message))
    return text


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool", "null"))
_BOOLS = {"true": True, "false": False}


def _build(node: yaml.Node, loc: tuple, lines: Lines | None, loader: _ContentLoader, guard: _Guard) -> Any:
    """The data of a node, recording the line of every field and list item on the way.

    Builds plain scalars, mappings and lists directly: PyYAML's generic constructor spent most of
    `portal check`'s time on them. Anything else (floats, merge keys, binary …) goes to it.
    `lines` None: no lines recorded.
    """
    if lines is not None:
        lines.setdefault(loc, node.start_mark.line + 1)
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if guard.characters:
            _check_characters(node.value, node.start_mark.line + 1)
        # The fast paths take what the implicit resolvers produce; an explicit tag (`!!int 0x1F`)
        # may carry anything and goes to PyYAML, which says where a value cannot be read.
        if tag == _STR:
            return node.value
        if tag == _INT and _PLAIN_INT.match(node.value):
            return int(node.value.replace("_", ""))
        if tag == _BOOL and node.value.lower() in _BOOLS:
            return _BOOLS[node.value.lower()]
        if tag == _NULL and node.value in ("", "~", "null"):
            return None
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, KeyError):  # PyYAML's own constructors fail so on `!!int abc`, `!!bool maybe`
            kind = tag.rpartition(":")[2]
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid {kind}", node.start_mark
            ) from None
    if guard.depth and len(loc) >= MAX_DEPTH:
        raise _Refused(
            node.start_mark.line + 1,
            _("is nested more than {limit} levels deep; no content field needs that", limit=MAX_DEPTH),
        )
    if isinstance(node, yaml.MappingNode) and tag == "tag:yaml.org,2002:map":
        data = {}
        key_lines: dict[Any, int] = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                return loader.construct_object(node, deep=True)
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode):
                raise _Refused(line, _("a field name must be a single word followed by a colon, not a list or a group"))
            name = _build(key, (), None, loader, guard)
            if name in key_lines:
                raise _Refused(
                    line,
                    _(
                        "'{name}' is given twice, on line {first} and on line {second}; keep one of them",
                        name=name,
                        first=key_lines[name],
                        second=line,
                    ),
                )
            key_lines[name] = line
            child = loc + (name,)
            if lines is not None:
                lines[child] = line
            data[name] = _build(value, child, lines, loader, guard)
        return data
    if isinstance(node, yaml.SequenceNode) and tag == "tag:yaml.org,2002:seq":
        return [_build(item, loc + (index,), lines, loader, guard) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


@dataclass(frozen=True)
class _Guard:
    """What `_build` still has to check on the way, because a look at the whole text could not rule it out."""

    characters: bool  # control characters in values (only escapes in quotes, such as \\x0b, make them)
    depth: bool  # nesting (when `_measure` did not already walk the nodes)

    @classmethod
    def of(cls, text: str) -> tuple[_Guard, bool]:
        """The guard for `text`, and whether the nodes need `_measure` (aliases can only follow an anchor).

        Without an anchor (`&name`) every node is written out in the text, so a text shorter than
        MAX_VALUES cannot hold more values, and nesting is checked while the data is built: the
        common case skips a walk over every node.
        """
        measure = "&" in text or len(text) >= MAX_VALUES
        return cls("\\" in text or _CONTROL.search(text) is not None, not measure), measure


def parse_yaml(text: str, shown: str, line_offset: int = 0, with_lines: bool = True) -> tuple[Any, Lines | None]:
    loader = _ContentLoader(text)
    try:
        node = loader.get_single_node()
        lines: Lines | None = {} if with_lines else None
        if node is None:
            return None, lines
        guard, measure = _Guard.of(text)
        if measure:
            _measure(node)
        data = _build(node, (), lines, loader, guard)
    except _Refused as err:
        raise SourceError(Problem(shown, err.line + line_offset, None, err.message)) from None
    except RecursionError:  # PyYAML's own composer, on nesting libyaml would have taken
        raise SourceError(
            Problem(
                shown,
                None,
                None,
                _("is nested more than {limit} levels deep; no content field needs that", limit=MAX_DEPTH),
            )
        ) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow (read_text checks files first)
        line = text.count("\n", 0, err.position) + 1 + line_offset
        raise SourceError(
            Problem(shown, line, None, _("the YAML cannot be read ({reason})", reason=err.reason))
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + line_offset if mark else None
        reason = err.problem or "unreadable YAML"
        raise SourceError(
            Problem(
                shown,
                line,
                None,
                _(
                    "the YAML cannot be read ({reason}); check indentation, colons and quotes "
                    '(text containing ": " must be put in quotes)',
                    reason=reason,
                ),
            )
        ) from None
    finally:
        loader.dispose()
    if line_offset and lines:
        lines = {loc: line + line_offset for loc, line in lines.items()}
    return data, lines


def read_yaml(path: Path, shown: str, with_lines: bool = True) -> Source:
    """A YAML file; without lines, they are read again when a message asks for one."""
    data, lines = parse_yaml(read_text(path, shown), shown, with_lines=with_lines)
    return Source(shown, data, lines, origin=path)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


def read_markdown(path: Path, shown: str, with_lines: bool = True) -> Source:
    """A Markdown file with an optional YAML front matter block between --- lines."""
    text = read_text(path, shown)
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise SourceError(
                Problem(shown, 1, None, _("the front matter is not closed: add a line with --- after it"))
            )
        return Source(shown, {}, {}, text)
    data, lines = parse_yaml(match.group(1), shown, line_offset=1, with_lines=with_lines)
    return Source(shown, data if data is not None else {}, lines, text[match.end() :], path, markdown=True)


def read_config_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader)
