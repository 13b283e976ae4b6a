"""`portal new`: a new content file with the fields to fill and a comment on each.

The fields, which are required, the allowed terms and the explanations come from the content
model's JSON Schema (the same one editors and the browser editor use), so a new file always
matches what `portal check` expects. Values come from options, or are asked one by one.
"""

from __future__ import annotations

import difflib
import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from portal.content import check_new_file
from portal.kinds import by_folder, by_new_name
from portal.messages import _
from portal.model.common import slugify
from portal.schema import all_schemas
from portal.site import SiteConfig
from portal.yamlsource import SourceError, read_markdown, read_yaml


def what_to_create() -> dict[str, str]:
    """`portal new <what>` -> content folder, for every kind that offers it (the registry)."""
    return {name: kind.folder for name, kind in by_new_name().items()}


# Explanations of fields whose model has no description (the model's descriptions are used
# otherwise). English here; German in messages.yml like every message.
FIELD_HELP = {
    "title": "Title, in German; translations can be added beside it (en: …)",
    "summary": "One or two sentences: what it is and who it is for",
    "category": "What kind of event",
    "location": "Where it takes place",
    "location.name": "Name of the place, e.g. Haus des Handwerks",
    "audience": "Who it is for",
    "registration": "How to register",
    "person": "The person the story is about",
    "person.first_name": "First name only",
    "person.origin": "Country of origin",
    "person.city": "City where the person lives or works now",
    "person.field": "Occupation field (for the gallery filter)",
    "person.region": "Region (for the gallery filter)",
    "consent": "Required: the person's consent to publish (never shown on the site)",
    "consent.given_by": "Who consented (the person, or a guardian)",
    "consent.date": "When (the signed form is kept by the organisation)",
    "reviewed": "Who checked the text against the current law, and when",
    "reviewed.date": "Date of the last check",
    "sources": "The laws the text rests on, each with a link to the official text",
    "sources.label": "How the law is cited, e.g. § 60a AufenthG",
    "sources.url": "Link to the law, e.g. on gesetze-im-internet.de",
    "applies_to": "Where the finder leads to this topic",
    "applies_to.statuses": "Residence statuses the topic is for",
    "applies_to.questions": "Questions the topic answers",
    "date": "Date of the news item",
}

# Fields that tools write (`portal import`, `portal translations`), never staff.
WRITTEN_BY_TOOLS = {"source", "translations", "minor_edit"}

# Options of `portal new` that set a field directly (the rest: --set field=value).
OPTION_FIELDS = {
    "title": "title",
    "start": "start",
    "end": "end",
    "category": "category",
    "summary": "summary",
    "place": "location.name",
    "address": "location.address",
    "online_url": "location.url",
    "date": "date",
    "first_name": "person.first_name",
}


class Field:
    """One field of the schema, flattened: `location.name`, with what the file needs to know."""

    def __init__(self, path: str, node: dict, required: bool, defs: dict):
        self.path = path
        self.required = required
        self.node, self.nullable = _resolve(node, defs)
        self.defs = defs

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def localized(self) -> bool:
        return self.node.get("$ref") in ("#/$defs/LocalizedText", "#/$defs/EveryLanguageText")

    def _choice_node(self) -> dict:
        node = self.node.get("items", self.node) if self.node.get("type") == "array" else self.node
        return _resolve(node, self.defs)[0]

    @property
    def choices(self) -> list[str]:
        return list(self._choice_node().get("enum", []))

    @property
    def choice_labels(self) -> list[str]:
        """Labels of the choices in the site's default language (vocabularies), else the terms."""
        return list(self._choice_node().get("markdownEnumDescriptions", self.choices))

    @property
    def children(self) -> list[Field]:
        if self.localized or "properties" not in self.node:
            return []
        required = set(self.node.get("required", []))
        return [Field(f"{self.path}.{k}", v, k in required, self.defs) for k, v in self.node["properties"].items()]

    @property
    def item_fields(self) -> list[Field]:
        """Fields of each entry of a list of groups (e.g. sources: label, url)."""
        if self.node.get("type") != "array":
            return []
        items, _nullable = _resolve(self.node.get("items", {}), self.defs)
        required = set(items.get("required", []))
        return [Field(f"{self.path}.{k}", v, k in required, self.defs) for k, v in items.get("properties", {}).items()]

    def help(self) -> str:
        text = FIELD_HELP.get(self.path) or self.node.get("description") or FIELD_HELP.get(self.name, "")
        text = _(text) if text else ""
        if self.choices:
            text += (" – " if text else "") + _("one of: {choices}", choices=", ".join(self.choices))
        state = _("required") if self.required else _("optional")
        return f"{text} ({state})" if text else f"({state})"


def _resolve(node: dict, defs: dict) -> tuple[dict, bool]:
    nullable = False
    if "anyOf" in node and node.get("$ref") is None:
        options = [option for option in node["anyOf"] if option.get("type") != "null"]
        nullable = len(options) < len(node["anyOf"])
        if len(options) == 1:
            merged = {k: v for k, v in node.items() if k != "anyOf"}
            node = {**options[0], **merged}
    ref = node.get("$ref")
    if ref and ref not in ("#/$defs/LocalizedText", "#/$defs/EveryLanguageText"):
        target = defs[ref.split("/")[-1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, nullable


def top_fields(site: SiteConfig, folder: str, schemas: dict[str, dict] | None = None) -> list[Field]:
    """The fields of a kind's files; `schemas`: all_schemas(site), when the caller has them already."""
    schema = (schemas or all_schemas(site))[f"{by_folder()[folder].schema}.schema.json"]
    required = set(schema.get("required", []))
    defs = schema.get("$defs", {})
    return [
        Field(name, node, name in required, defs)
        for name, node in schema["properties"].items()
        if name not in WRITTEN_BY_TOOLS
    ]


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _value_lines(field: Field, value: Any, indent: str, site: SiteConfig) -> list[str]:
    if field.localized:
        return [f"{indent}{field.name}:", f"{indent}  {site.default_language}: {_quoted(str(value))}"]
    if field.node.get("type") == "array":
        items = value if isinstance(value, list) else [v.strip() for v in str(value).split(",") if v.strip()]
        return [f"{indent}{field.name}: [{', '.join(items)}]"]
    return [f"{indent}{field.name}: {_quoted(str(value))}"]


def _field_lines(field: Field, values: dict[str, Any], indent: str, site: SiteConfig) -> list[str]:
    lines = [f"{indent}# {field.help()}"]
    children = field.children
    given = {path: v for path, v in values.items() if path == field.path or path.startswith(field.path + ".")}
    if children:
        if not field.required and not given:
            lines.append(f"{indent}# {field.name}:")
            for child in children:
                lines.append(f"{indent}#   {child.name}: …")
            return lines
        lines.append(f"{indent}{field.name}:")
        for child in children:
            lines += _field_lines(child, values, indent + "  ", site)
        return lines
    if field.item_fields and field.required:
        lines.append(f"{indent}{field.name}:")
        for number, child in enumerate(field.item_fields):
            child_lines = _field_lines(child, values, indent + "    ", site)
            if number == 0:  # the first field of the entry starts the list item: "  - label: …"
                last = child_lines[-1]
                child_lines[-1] = f"{indent}  - {last.strip()}" if not last.lstrip().startswith("#") else last
            lines += child_lines
        return lines
    if field.path in values:
        return lines + _value_lines(field, values[field.path], indent, site)
    if field.required:
        empty = [] if field.node.get("type") == "array" else ""
        if field.localized:
            return lines + [f"{indent}{field.name}:", f'{indent}  {site.default_language}: ""']
        return lines + ([f"{indent}{field.name}: []"] if empty == [] else [f'{indent}{field.name}: ""'])
    return lines + [f"{indent}# {field.name}:"]


def missing_required(fields: list[Field], values: dict[str, Any]) -> list[Field]:
    """The required fields, down to nested ones, that have no value yet."""
    missing = []
    for field in fields:
        if field.children:
            if field.required or any(p.startswith(field.path + ".") for p in values):
                missing += missing_required(field.children, values)
        elif field.item_fields and field.required:
            missing += missing_required(field.item_fields, values)
        elif field.required and field.path not in values:
            missing.append(field)
    return missing


def file_name(folder: str, values: dict[str, Any]) -> str:
    kind = by_folder()[folder]
    name = slugify(str(values.get("title") or "neu"))
    if kind.date_field:
        name = str(values.get(kind.date_field) or date.today().isoformat())[:10] + "-" + name
    return kind.file_name(name).partition("/")[2]


def render(site: SiteConfig, folder: str, values: dict[str, Any]) -> str:
    fields = top_fields(site, folder)
    lines = [
        f"# {_('Created by portal new. Lines starting with # are explanations; fill in the fields, then run: portal check')}"
    ]
    for field in fields:
        lines += _field_lines(field, values, "", site)
    yaml_text = "\n".join(lines) + "\n"
    if by_folder()[folder].markdown:
        hint = _(
            "The text goes below the closing ---, in Markdown: ## for headings, - for lists, [text](https://…) for links."
        )
        return f"---\n{yaml_text}# {hint}\n---\n\n"
    return yaml_text


# --- values as staff type them ---------------------------------------------------------------

_GERMAN_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(.*))?")
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](.*))?")
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(?::00)?\s*(?:uhr|h)?", re.IGNORECASE)


def iso_moment(text: str, day: str | None = None) -> str:
    """A date or date and time as Germans write it, in the ISO form the files use.

    17.12.2026 -> 2026-12-17; 17.12.2026 10:00, "17.12.2026, 10 Uhr" -> 2026-12-17 10:00; a time
    alone (10.30 Uhr) is on `day` (the start's day, for an end). Anything else is left as it is,
    for the check to explain.
    """
    text = " ".join(text.replace(",", " ").split())
    if match := _GERMAN_DAY.fullmatch(text):
        on, rest = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}", match[4] or ""
    elif match := _ISO_DAY.fullmatch(text):
        on, rest = match[1], match[2] or ""
    elif day and _CLOCK.fullmatch(text):
        on, rest = day, text
    else:
        return text
    if not rest:
        return on
    clock = _CLOCK.fullmatch(rest)
    return f"{on} {int(clock[1]):02d}:{clock[2] or '00'}" if clock else text


def _is_date_field(field: Field) -> bool:
    node = field.node
    return node.get("format") == "date" or str(node.get("pattern", "")).startswith("^\\d{4}-\\d{2}-\\d{2}")


def _term(field: Field, value: str) -> str | None:
    """The term for what staff typed: the term itself, or its label (Workshop, Infoveranstaltung)."""
    for term, label in zip(field.choices, field.choice_labels, strict=False):
        if value.strip().lower() in (term.lower(), str(label).strip().lower()):
            return term
    return None


def _fields_by_path(site: SiteConfig, folder: str) -> dict[str, Field]:
    found: dict[str, Field] = {}

    def walk(fields: list[Field]) -> None:
        for field in fields:
            found[field.path] = field
            walk(field.children)
            walk(field.item_fields)

    walk(top_fields(site, folder))
    return found


def normalise(site: SiteConfig, folder: str, values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Values in the form the files use (ISO dates, terms for labels), and what cannot be a term."""
    fields = _fields_by_path(site, folder)
    values, problems = dict(values), []
    start_day = None
    for path in sorted(values, key=lambda p: p != "start"):  # the start first: an end may be a time alone
        field, value = fields.get(path), values[path]
        if field is None or not isinstance(value, str):
            continue
        if _is_date_field(field):
            values[path] = iso_moment(value, start_day if path == "end" else None)
            if path == "start":
                start_day = values[path][:10]
        elif field.choices:
            terms = [v.strip() for v in value.split(",") if v.strip()] if field.node.get("type") == "array" else [value]
            chosen = []
            for typed in terms:
                term = _term(field, typed)
                if term is None:
                    problems.append(f"{path}: {_unknown_term(field, typed)}")
                chosen.append(term or typed)
            values[path] = ", ".join(chosen)
    return values, problems


def _unknown_term(field: Field, typed: str) -> str:
    offered = ", ".join(
        f"{term} ({label})" if str(label) != term else term
        for term, label in zip(field.choices, field.choice_labels, strict=False)
    )
    labels = {str(label).lower(): term for term, label in zip(field.choices, field.choice_labels, strict=False)}
    hint = difflib.get_close_matches(typed.lower(), [*field.choices, *labels], n=1, cutoff=0.5)
    if hint:
        return _(
            "'{value}' is not an allowed term; did you mean '{hint}'? Allowed: {terms}",
            value=typed,
            hint=labels.get(hint[0], hint[0]),
            terms=offered,
        )
    return _("'{value}' is not an allowed term. Allowed: {terms}", value=typed, terms=offered)


def value_problems(site: SiteConfig, folder: str, values: dict[str, Any]) -> list[str]:
    """What `portal check` would say about the given values, as 'field: message' lines.

    Fields without a value yet are not mistakes here (the file says they are still to fill in).
    """
    values, problems = normalise(site, folder, values)
    reported = {line.split(":", 1)[0] for line in problems}
    kind = by_folder()[folder]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "new.md"
        path.write_text(render(site, folder, values), encoding="utf-8")
        try:
            source = (read_markdown if kind.markdown else read_yaml)(path, "new")
        except SourceError as err:
            return [err.problem.message]
    for problem in check_new_file(kind, source, site):
        field = problem.field or ""
        given = any(field == p or field.startswith((p + ".", p + "[")) for p in values)
        top = field.split(".")[0].split("[")[0]
        if given and top not in reported and field not in reported:
            problems.append(f"{field}: {problem.message}")
    return problems


def usual_end(site: SiteConfig, category: str | None, start: str) -> str:
    """The end an event of this category usually has: the most common length of the site's
    events of the category (two hours when there are none); the same day for an all-day event."""
    if len(start) <= 10:
        return start
    from portal.content import load_content

    content, _problems = load_content(site)
    lengths = Counter(
        event.end - event.start
        for event in content.events.values()
        if event.category == category and isinstance(event.start, datetime) and isinstance(event.end, datetime)
    )
    length = lengths.most_common(1)[0][0] if lengths else timedelta(hours=2)
    try:
        begins = datetime.fromisoformat(start)
    except ValueError:
        return ""
    return (begins + length).strftime("%Y-%m-%d %H:%M")


class InvalidValues(ValueError):
    """Values that `portal check` would refuse: nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def create(
    site: SiteConfig,
    what: str,
    values: dict[str, Any],
    ask: Callable[[str], str] | None = None,
    tell: Callable[[str], None] = print,
) -> tuple[Path, list[Field]]:
    """Write the new file once every value is as `portal check` wants it.

    With `ask`, first ask for every required field that has no value (and an event's end),
    and again for a value that is wrong, saying why; without, raise InvalidValues.
    """
    folder = what_to_create()[what]
    values = dict(values)
    if ask is not None:
        questions = list(missing_required(top_fields(site, folder), values))
        fields = _fields_by_path(site, folder)
        if "end" in fields and "start" in fields and "end" not in values:
            # Asked right after the start, with the usual length as the default.
            at = next((i + 1 for i, f in enumerate(questions) if f.path == "start"), len(questions))
            questions.insert(at, fields["end"])
        for field in questions:
            _ask_field(site, folder, field, values, ask, tell)
    values, problems = normalise(site, folder, values)
    problems = value_problems(site, folder, values)
    if problems:
        raise InvalidValues(problems)
    target = site.content_dir / folder / file_name(folder, values)
    if target.exists():
        raise FileExistsError(_("{file} exists already; choose another title", file=site.relative(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(site, folder, values), encoding="utf-8")
    return target, missing_required(top_fields(site, folder), values)


def _ask_field(site, folder: str, field: Field, values: dict[str, Any], ask, tell) -> None:
    """Ask until the answer is one `portal check` accepts (or empty: left to fill in later)."""
    default = ""
    if field.path == "end" and values.get("start"):
        start = normalise(site, folder, {"start": values["start"]})[0]["start"]
        default = usual_end(site, values.get("category"), start)
    question = field.help()[:1].upper() + field.help()[1:] + f" [{field.path}]"
    question += f" ({_('Enter for {default}', default=default)}): " if default else ": "
    for _attempt in range(5):
        answer = ask(question).strip() or default
        if not answer:
            values.pop(field.path, None)
            return
        values[field.path] = answer
        wrong = [line for line in value_problems(site, folder, values) if line.split(":")[0].startswith(field.path)]
        if not wrong:
            return
        for line in wrong:
            tell(line)
    values.pop(field.path, None)
