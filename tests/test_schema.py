"""JSON Schemas are generated from the model, kept in the repository, and accept the demo content."""

from __future__ import annotations

import json

import jsonschema
import pytest

from portal.schema import all_schemas, schema_text
from portal.site import load_site
from portal.yamlsource import read_yaml
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def schemas():
    return all_schemas(load_site(ROOT / "mkdocs.yml"))


def test_committed_schemas_match_the_model(schemas):
    for name, schema in schemas.items():
        committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == schema_text(schema), f"schemas/{name} is stale: run `portal schema`"


@pytest.mark.parametrize("folder,name", [("events", "event"), ("partners", "partner")])
def test_demo_files_satisfy_their_schema(schemas, folder, name):
    validator = jsonschema.Draft202012Validator(schemas[f"{name}.schema.json"])
    for path in sorted((ROOT / "content" / folder).glob("*.yml")):
        data = read_yaml(path, path.name).data
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (path.name, errors)


def test_schema_rejects_what_check_rejects(schemas):
    validator = jsonschema.Draft202012Validator(schemas["event.schema.json"])
    event = {"title": "T", "start": "2022-02-16 10:00", "category": "party", "summary": "S", "location": {"name": "X"}}
    messages = " ".join(e.message for e in validator.iter_errors(event))
    assert "'party' is not one of" in messages
    assert (
        json.loads(schema_text(schemas["event.schema.json"]))["properties"]["title"]["$ref"] == "#/$defs/LocalizedText"
    )


def test_explicitly_tagged_values_are_read_or_explained(tmp_path):
    """The fast reader builds plain values itself; explicit tags go to PyYAML, errors get a line."""
    from portal.yamlsource import SourceError

    good = tmp_path / "good.yml"
    good.write_text("a: !!int 0x1F\nb: !!bool yes\nc: 12\nd: !!str 12\n", encoding="utf-8")
    assert read_yaml(good, "good.yml").data == {"a": 31, "b": True, "c": 12, "d": "12"}
    for text, value in (("a: 1\nb: !!int abc\n", "'abc'"), ("a: 1\nb: !!bool maybe\n", "'maybe'")):
        bad = tmp_path / "bad.yml"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(SourceError) as failed:
            read_yaml(bad, "bad.yml")
        problem = failed.value.problem
        assert problem.line == 2 and value in problem.message
