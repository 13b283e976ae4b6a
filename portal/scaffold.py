"""`portal new`: a new content file with the fields to fill and a comment on each.

The fields, which are required, the allowed terms and the explanations come from the content
model's JSON Schema (the same one editors and the browser editor use), so a new file always
matches what `portal check` expects. Values come from options, or are asked one by one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from portal.kinds import by_folder, by_new_name
from portal.messages import _
from portal.model.common import slugify
from portal.schema import all_schemas
from portal.site import SiteConfig


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


def top_fields(site: SiteConfig, folder: str) -> list[Field]:
    schema = all_schemas(site)[f"{by_folder()[folder].schema}.schema.json"]
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


def create(
    site: SiteConfig,
    what: str,
    values: dict[str, Any],
    ask: Callable[[str], str] | None = None,
) -> tuple[Path, list[Field]]:
    """Write the new file; with `ask`, first ask for every required field that has no value."""
    folder = what_to_create()[what]
    values = dict(values)
    if ask is not None:
        for field in missing_required(top_fields(site, folder), values):
            answer = ask(field.help()[:1].upper() + field.help()[1:] + f" [{field.path}]: ").strip()
            if answer:
                values[field.path] = answer
    target = site.content_dir / folder / file_name(folder, values)
    if target.exists():
        raise FileExistsError(_("{file} exists already; choose another title", file=site.relative(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(site, folder, values), encoding="utf-8")
    return target, missing_required(top_fields(site, folder), values)
