"""``cnncalc schema``: generated from the models, usable by an editor before the aliases are resolved."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from cnncalc.cli import app
from cnncalc.spec.aliases import resolve_type
from cnncalc.spec.models import LAYER_MODELS
from cnncalc.spec.schema import FRAMEWORK_NAMES, spec_json_schema, type_spellings
from tests.conftest import ROOT, SPECS

SHIPPED_SCHEMA = ROOT / "schema" / "cnncalc.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(spec_json_schema())


def test_command_prints_the_generated_schema_and_the_shipped_file_is_current() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == spec_json_schema()
    # Regenerate with: cnncalc schema > schema/cnncalc.schema.json
    assert result.stdout == SHIPPED_SCHEMA.read_text(encoding="utf-8")


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(spec_json_schema())


@pytest.mark.parametrize(
    "path", [*sorted(SPECS.glob("*.yaml")), *sorted((ROOT / "examples").glob("*.yaml"))], ids=lambda p: p.name
)
def test_every_shipped_spec_validates(path: Path) -> None:
    errors = list(VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert errors == []


def test_aliases_are_accepted_and_mistakes_are_not() -> None:
    alias = {"input": [1, 8, 8], "layers": [{"type": "Conv2d", "out_channels": 2, "kernel_size": 3}]}
    assert list(VALIDATOR.iter_errors(alias)) == []
    for layer in (
        {"type": "Conv2d", "out_channels": 2},  # no kernel under any name
        {"type": "conv2dd", "filters": 2, "kernel": 3},  # unknown type
        {"type": "conv", "filters": 2, "kernal": 3},  # unknown field
        {"type": "conv", "filters": 0, "kernel": 3},  # not positive
    ):
        assert list(VALIDATOR.iter_errors({"input": [1, 8, 8], "layers": [layer]})), layer


def test_every_offered_spelling_is_one_the_loader_accepts() -> None:
    for model in LAYER_MODELS:
        for spelling in type_spellings(model.kind):
            resolved = resolve_type(spelling)
            assert resolved is not None and resolved[0] == model.kind, spelling
    offered = {name for model in LAYER_MODELS for name in type_spellings(model.kind)}
    assert set(FRAMEWORK_NAMES) <= offered
