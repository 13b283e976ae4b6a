"""The browser editor for staff who do not use git: Decap CMS at /admin/, configured from the model.

Fields, required flags, allowed terms and references come from the same JSON Schemas as the
editor support and `portal new` (`portal.scaffold.top_fields`), and the choices of references
(partners, projects, guidance topics …) from the content of this build, so the form cannot
offer what `portal check` would refuse. Decap itself is bundled from the npm registry
(node_modules/decap-cms), never loaded from a CDN.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from portal.content import Content
from portal.kinds import kinds, references
from portal.messages import catalogue
from portal.scaffold import FIELD_HELP, Field, top_fields
from portal.schema import all_schemas

BUNDLE = Path("node_modules") / "decap-cms" / "dist" / "decap-cms.js"
# Text fields that hold more than a line.
SHORT_TEXTS = {"title", "name", "origin", "occupation", "kind", "term", "label", "first_name", "city", "by"}
# Field labels in the staff's language (German); hints come from the model's descriptions.
FIELD_LABELS = {
    "title": "Titel", "start": "Beginn", "end": "Ende", "timezone": "Zeitzone", "category": "Art der Veranstaltung",
    "summary": "Kurzbeschreibung", "description": "Beschreibung", "location": "Ort", "name": "Name",
    "address": "Adresse", "url": "Link", "audience": "Zielgruppe", "languages": "Sprachen",
    "organizer": "Veranstalter", "project": "Projekt", "guidance": "Rechtsthemen", "registration": "Anmeldung",
    "email": "E-Mail", "deadline": "Anmeldeschluss", "recurrence": "Wiederholung (Regel)",
    "exceptions": "Ausfalltermine", "status": "Status", "report": "Rückblick", "person": "Person",
    "first_name": "Vorname", "origin": "Herkunftsland", "occupation": "Beruf heute", "city": "Stadt",
    "field": "Berufsfeld", "region": "Region", "quote": "Zitat", "video": "Film", "host": "Anbieter des Films",
    "image": "Foto", "src": "Datei", "alt": "Bildbeschreibung", "consent": "Einwilligung",
    "given_by": "Eingewilligt hat", "date": "Datum", "scope": "Umfang der Einwilligung", "sources": "Rechtsquellen",
    "label": "Bezeichnung", "reviewed": "Zuletzt geprüft", "by": "Geprüft von", "applies_to": "Wegweiser",
    "statuses": "Aufenthaltsstatus", "questions": "Fragen", "projects": "Projekte", "events": "Veranstaltungen",
    "downloads": "Downloads", "stories": "Erfolgsgeschichten", "link": "Link zum Original", "term": "Begriff",
    "forms": "Andere Formen", "explanation": "Erklärung", "organisation": "Träger", "street": "Straße",
    "postcode": "Postleitzahl", "opening_hours": "Öffnungszeiten", "days": "Tage", "opens": "von",
    "closes": "bis", "hours_note": "Hinweis zu den Zeiten", "services": "Angebote", "helps_with": "Hilft bei",
    "booking": "Termin vereinbaren", "contact": "Kontakt", "phone": "Telefon", "step_free": "Stufenlos erreichbar",
    "access_note": "Hinweis zum Zugang", "publisher": "Herausgeber", "kind": "Art", "file": "PDF-Datei",
    "body": "Text",
}  # fmt: skip


def reference_options(content: Content, folder: str) -> list[dict[str, str]]:
    default = content.site.default_language
    options = []
    for slug, item in content.items.get(folder, {}).items():
        name = getattr(item, "title", None) or getattr(item, "name", None) or getattr(item, "term", slug)
        label = name.get(default, slug) if isinstance(name, dict) else str(name)
        options.append({"label": f"{label} ({slug})", "value": slug})
    return options


def _widget(field: Field, folder: str, content: Content) -> dict[str, Any]:
    site = content.site
    spec: dict[str, Any] = {
        "name": field.name,
        # A model may name its fields for staff itself (Field(json_schema_extra={"x-editor-label": …})).
        "label": field.node.get("x-editor-label") or FIELD_LABELS.get(field.name, field.name),
        "required": field.required,
    }
    hint = FIELD_HELP.get(field.path) or field.node.get("description")
    if hint:
        spec["hint"] = (catalogue().get(hint) or {}).get(site.default_language, hint)
    target = references().get((folder, field.path))
    is_list = field.node.get("type") == "array"
    if field.localized:
        every = field.node.get("$ref") == "#/$defs/EveryLanguageText"
        names = Locale.parse(site.default_language).languages
        kind = "string" if field.name in SHORT_TEXTS else "text"
        spec.update(
            widget="object",
            collapsed=False,
            fields=[
                {
                    "name": language.code,
                    "label": names.get(language.code, language.code),
                    "widget": kind,
                    "required": field.required and (every or language.default),
                }
                for language in site.languages
            ],
        )
    elif target:
        spec.update(widget="select", options=reference_options(content, target), multiple=is_list)
    elif field.choices:
        options = [
            {"label": label, "value": term} for term, label in zip(field.choices, field.choice_labels, strict=True)
        ]
        spec.update(widget="select", options=options, multiple=is_list)
    elif field.children:
        spec.update(
            widget="object", collapsed=not field.required, fields=[_widget(c, folder, content) for c in field.children]
        )
    elif field.item_fields:
        spec.update(widget="list", fields=[_widget(c, folder, content) for c in field.item_fields])
    elif is_list:
        spec.update(widget="list")
    elif field.node.get("format") == "date":
        spec.update(widget="datetime", format="YYYY-MM-DD", date_format="DD.MM.YYYY", time_format=False)
    elif "([T ]" in field.node.get("pattern", ""):  # a date, or a date with a time (start, end)
        spec.update(widget="datetime", format="YYYY-MM-DD HH:mm", date_format="DD.MM.YYYY", time_format="HH:mm")
    elif field.node.get("type") == "boolean":
        spec.update(widget="boolean")
    elif field.node.get("type") == "integer":
        spec.update(widget="number", value_type="int")
    else:
        spec.update(widget="string")
        if field.node.get("pattern"):
            spec["pattern"] = [field.node["pattern"], field.node.get("description") or "format"]
    return spec


def decap_config(content: Content, backend: dict[str, Any] | None = None) -> dict[str, Any]:
    site = content.site
    schemas = all_schemas(site)  # once, not once per kind: generating them is most of the work
    collections = []
    # The kinds staff edit in the browser (the registry says which). Translations of Markdown
    # files (x.en.md) are edited in git: Decap cannot keep the original as x.md beside them.
    for kind in (kind for kind in kinds() if kind.editor is not None):
        folder = kind.folder
        fields = [_widget(field, folder, content) for field in top_fields(site, folder, schemas)]
        collection = {
            "name": folder,
            "label": kind.editor.label,
            "folder": f"content/{folder}",
            "create": True,
            "identifier_field": kind.editor.identifier,
            "summary": "{{" + kind.editor.identifier + "}}",
            "fields": fields,
        }
        if kind.markdown:
            collection.update(extension="md", format="frontmatter")
            fields.append({"name": "body", "label": FIELD_LABELS["body"], "widget": "markdown", "required": False})
        else:
            collection.update(extension="yml", format="yml")
        if kind.date_field:
            # File names begin with the date, as in git (Decap 3.8 keeps the time of a start, too).
            collection["slug"] = "{{fields." + kind.date_field + " | date('YYYY-MM-DD')}}-{{slug}}"
        collections.append(collection)
    return {
        # Production: the hosting's git backend (see docs); in development the local backend
        # (`npx decap-server` in the repository) is used whenever the editor runs on localhost.
        "backend": backend or {"name": "git-gateway", "branch": "main"},
        "local_backend": True,
        "locale": site.default_language,
        "media_folder": "content/media",
        "public_folder": "/media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "publish_mode": "simple",
        "collections": collections,
    }


ADMIN_PAGE = """<!doctype html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>{noscript}</noscript>
<script src="decap-cms.js"></script>
</body>
</html>
"""


_DUMPED: dict[str, str] = {}


def _yaml_text(config: dict[str, Any]) -> str:
    """The configuration as YAML; the preview asks after every save, mostly for the same one."""
    key = json.dumps(config, ensure_ascii=False, default=repr)
    if key not in _DUMPED:
        _DUMPED.clear()  # one configuration at a time is all the preview needs
        # libyaml's emitter where PyYAML has it: the same text (tests/test_editor.py), much faster.
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        _DUMPED[key] = yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
    return _DUMPED[key]


def admin_files(content: Content, root: Path, backend: dict[str, Any] | None = None) -> dict[str, bytes]:
    """admin/index.html, admin/config.yml and the Decap bundle, when it is installed (npm ci)."""
    bundle = root / BUNDLE
    if not bundle.is_file():
        return {}
    config = _yaml_text(decap_config(content, backend))
    page = ADMIN_PAGE.format(
        lang=content.site.default_language,
        direction=content.site.language(content.site.default_language).direction,
        title="Redaktion – Browser-Editor",
        noscript="Der Browser-Editor braucht JavaScript. Ohne JavaScript: Dateien in git bearbeiten (siehe Anleitung).",
    )
    return {
        "admin/index.html": page.encode(),
        "admin/config.yml": ("# Generated by the portal from the content model; do not edit.\n" + config).encode(),
        "admin/decap-cms.js": bundle.read_bytes(),
    }
