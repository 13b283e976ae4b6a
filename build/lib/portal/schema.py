"""JSON Schemas of the content types, generated from the model, for editors such as VS Code."""

from __future__ import annotations

import json
from pathlib import Path

from portal.kinds import kinds
from portal.model.document import Document
from portal.site import SiteConfig

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _resolve_site_definitions(node: object) -> object:
    """Turn the model's placeholders for site-dependent types into references to $defs.

    The model cannot name them as $ref itself: their definitions (languages, vocabularies)
    are only known once the site settings are read.
    """
    if isinstance(node, dict):
        node = {key: _resolve_site_definitions(value) for key, value in node.items()}
        if "x-portal-def" in node:
            node["$ref"] = "#/$defs/" + node.pop("x-portal-def")
        return node
    if isinstance(node, list):
        return [_resolve_site_definitions(item) for item in node]
    return node


def content_schema(site: SiteConfig, model: type) -> dict:
    schema = _resolve_site_definitions(model.model_json_schema(mode="validation"))
    internal = getattr(model, "INTERNAL_FIELDS", ())
    for name in internal:
        schema.get("properties", {}).pop(name, None)
    defs = schema.setdefault("$defs", {})
    languages = site.language_codes
    defs["LocalizedText"] = {
        "description": f"Text in {site.default_language_name}, or one text per language: " + ", ".join(languages),
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "properties": {code: {"type": "string"} for code in languages},
                "required": [site.default_language],
                "additionalProperties": False,
            },
        ],
    }
    defs["EveryLanguageText"] = {
        "description": "One text per site language, all of them: " + ", ".join(languages),
        "type": "object",
        "properties": {code: {"type": "string", "minLength": 1} for code in languages},
        "required": languages,
        "additionalProperties": False,
    }
    for name, terms in site.vocabularies.items():
        defs[f"vocabulary-{name}"] = {
            "enum": list(terms),
            "markdownEnumDescriptions": [terms[term][site.default_language] for term in terms],
        }
    return {"$schema": SCHEMA_DIALECT, **schema}


def all_schemas(site: SiteConfig) -> dict[str, dict]:
    """File name -> schema, one per content type (for Markdown types: their front matter)."""
    schemas = {}
    for kind in kinds():
        schema = content_schema(site, kind.model)
        if issubclass(kind.model, Document):
            schema["description"] = f"Front matter of a {kind.noun} file (content/{kind.folder}/*.md)."
        schemas[f"{kind.schema}.schema.json"] = schema
    return schemas


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(site: SiteConfig, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas(site).items():
        path = folder / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
