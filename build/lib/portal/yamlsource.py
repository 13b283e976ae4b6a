"""Reading content files: UTF-8 text, YAML with line numbers, Markdown with front matter.

Dates and times stay strings here so that the model, not the YAML parser, decides what a
valid date is and can say so in plain words (PyYAML would turn 2022-02-30 into a crash and
13:00 into the number 780).
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


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
for _resolvers in _ContentLoader.yaml_implicit_resolvers.values():
    _resolvers[:] = [(tag, _PLAIN_INT if tag == "tag:yaml.org,2002:int" else rx) for tag, rx in _resolvers]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring tags such as !ENV or !!python/name that only MkDocs resolves."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

Lines = dict[tuple, int]


@dataclass
class Source:
    """The data of one content file, with the line on which each field starts."""

    path: str
    data: Any
    lines: Lines = field(default_factory=dict)
    body: str | None = None

    def line_of(self, loc: tuple) -> int | None:
        """The line of the deepest part of `loc` that exists in the file (none for a missing top-level field)."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


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
    return text.removeprefix("\ufeff")


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool", "null"))
_BOOLS = yaml.constructor.SafeConstructor.bool_values


def _build(node: yaml.Node, loc: tuple, lines: Lines, loader: _ContentLoader) -> Any:
    """The data of a node, recording the line of every field and list item on the way.

    Builds plain scalars, mappings and lists directly: PyYAML's generic constructor spent most of
    `portal check`'s time on them. Anything else (floats, merge keys, binary …) goes to it.
    """
    lines.setdefault(loc, node.start_mark.line + 1)
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        # The fast paths take what the implicit resolvers produce; an explicit tag (`!!int 0x1F`)
        # may carry anything and goes to PyYAML, which says where a value cannot be read.
        if tag == _STR:
            return node.value
        if tag == _INT and _PLAIN_INT.match(node.value):
            return int(node.value.replace("_", ""))
        if tag == _BOOL and node.value.lower() in _BOOLS:
            return _BOOLS[node.value.lower()]
        if tag == _NULL:
            return None
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, KeyError):  # PyYAML's own constructors fail so on `!!int abc`, `!!bool maybe`
            kind = tag.rpartition(":")[2]
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid {kind}", node.start_mark
            ) from None
    if isinstance(node, yaml.MappingNode) and tag == "tag:yaml.org,2002:map":
        data = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                return loader.construct_object(node, deep=True)
            child = loc + (key.value,)
            lines[child] = key.start_mark.line + 1
            data[_build(key, (), {}, loader)] = _build(value, child, lines, loader)
        return data
    if isinstance(node, yaml.SequenceNode) and tag == "tag:yaml.org,2002:seq":
        return [_build(item, loc + (index,), lines, loader) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> tuple[Any, Lines]:
    loader = _ContentLoader(text)
    try:
        node = loader.get_single_node()
        lines: Lines = {}
        if node is None:
            return None, lines
        data = _build(node, (), lines, loader)
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
    if line_offset:
        lines = {loc: line + line_offset for loc, line in lines.items()}
    return data, lines


def read_yaml(path: Path, shown: str) -> Source:
    data, lines = parse_yaml(read_text(path, shown), shown)
    return Source(shown, data, lines)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


def read_markdown(path: Path, shown: str) -> Source:
    """A Markdown file with an optional YAML front matter block between --- lines."""
    text = read_text(path, shown)
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise SourceError(
                Problem(shown, 1, None, _("the front matter is not closed: add a line with --- after it"))
            )
        return Source(shown, {}, {}, text)
    data, lines = parse_yaml(match.group(1), shown, line_offset=1)
    return Source(shown, data if data is not None else {}, lines, text[match.end() :])


def read_config_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader)
