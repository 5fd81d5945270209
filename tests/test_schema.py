"""The published JSON Schemas match the models, and every source file points its editor at one."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.cli import SCHEMA_DIR, schema_documents
from generator.strict_yaml import parse

from .conftest import REPO

FILES = sorted((REPO / "sources").rglob("*.yml"))


def schema_for(path: Path) -> tuple[str, str]:
    """The schema a source file follows, and the relative path it names it by."""
    if path.parent.name == "sources":
        return path.stem, f"../generator/schemas/{path.stem}.schema.json"
    name = "topic" if path.parent.name == "topics" else "translation" if path.name.count(".") == 2 else "excerpt"
    return name, f"../../generator/schemas/{name}.schema.json"


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in schema_documents().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == text, f"run: python -m generator schema ({name})"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_source_file_names_its_schema_and_validates_against_it(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    name, reference = schema_for(path)
    assert first == f"# yaml-language-server: $schema={reference}"
    assert (path.parent / reference).resolve() == (SCHEMA_DIR / f"{name}.schema.json").resolve()
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    doc, errors = parse(path.read_text(encoding="utf-8"), path.name)
    assert not errors and doc is not None
    jsonschema.validate(doc.data, schema)


def test_schema_rejects_what_the_validator_rejects() -> None:
    schema = json.loads((SCHEMA_DIR / "excerpt.schema.json").read_text(encoding="utf-8"))
    data = {"id": "x", "language": "fr", "title": {"vi": "a", "en": "b"}, "published": {}, "topics": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
