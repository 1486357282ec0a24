"""The JSON Schema of the spec format, generated from the pydantic models for editors.

pydantic's schema describes the models after :mod:`cnncalc.spec.aliases` has normalised a layer
(``type: conv``, ``kernel``); an editor sees the file before that, so two things are added here:
every layer's ``type`` lists the spellings the loader accepts (``Conv2d``, ``MaxPooling2D``, …), and
every field alias (``kernel_size``, ``out_channels``, …) is a property of its own, with "one of the
names is required" in place of the canonical name's ``required``.
"""

from __future__ import annotations

import copy
from typing import Any

from cnncalc.kinds import BY_NAME, KINDS
from cnncalc.spec.aliases import FIELD_ALIASES
from cnncalc.spec.models import Spec

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Spellings offered to an editor, besides each kind's canonical name: what each kind declares the
# frameworks call it. Type names are matched case-insensitively and without ``_``/``-``, so these
# are the common ones, not all accepted ones.
FRAMEWORK_NAMES: tuple[str, ...] = tuple(name for kind in KINDS for name in kind.framework_names)


BLOCK_USE: dict[str, Any] = {
    "type": "object",
    "description": "a use of a block defined under 'blocks'; other keys are the block's parameters",
    "required": ["block"],
    "properties": {
        "block": {"type": "string", "description": "the block's name"},
        "name": {"type": "string", "description": "prefix of the expanded layers' names"},
        "repeat": {"type": "integer", "minimum": 1, "description": "copies in a row: <name>.0, <name>.1, …"},
        "first": {"type": "object", "description": "parameters for the first copy only"},
        "inputs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "when": {"type": "boolean"},
    },
    "not": {"required": ["type"]},
}


def type_spellings(kind: str) -> list[str]:
    """The canonical name(s) of a layer kind, then the framework spellings that resolve to it."""
    declared = BY_NAME[kind]
    return list(dict.fromkeys((*declared.types, *declared.framework_names)))


def spec_json_schema() -> dict[str, Any]:
    """The spec format's JSON Schema (draft 2020-12), ready for yaml-language-server."""
    schema = copy.deepcopy(Spec.model_json_schema())
    definitions = schema["$defs"]
    for kind in KINDS:
        definition = definitions[kind.model.__name__]
        properties = definition["properties"]
        properties["type"] = {
            "enum": type_spellings(kind.name),
            "description": f"{kind.name} (case-insensitive; also any spelling the frameworks use)",
        }
        _add_aliases(definition)
        properties["when"] = {
            "type": "boolean",
            "description": "false drops the layer (its name then means its input)",
        }
    # A layer of the list may also be a use of a block (expanded by cnncalc.spec.blocks).
    definitions["BlockUse"] = BLOCK_USE
    layers = schema["properties"]["layers"]
    layers["items"] = {"anyOf": [layers["items"], {"$ref": "#/$defs/BlockUse"}]}
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "cnncalc spec",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def _add_aliases(definition: dict[str, Any]) -> None:
    properties: dict[str, Any] = definition["properties"]
    required: list[str] = definition.get("required", [])
    one_of_names = []
    for field, aliases in FIELD_ALIASES.items():
        if field not in properties:
            continue
        for alias in aliases:
            alias_schema = {k: v for k, v in properties[field].items() if k != "title"}
            properties[alias] = {**alias_schema, "description": f"another name for '{field}'"}
        if field in required:
            required.remove(field)
            one_of_names.append({"anyOf": [{"required": [name]} for name in (field, *aliases)]})
    if one_of_names:
        definition["required"] = required
        definition["allOf"] = one_of_names
