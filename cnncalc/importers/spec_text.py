"""A spec's data as the YAML a person writes: top-level keys in block style, one layer a line."""

from __future__ import annotations

import math
from typing import Any

import yaml


def spec_yaml(data: dict[str, Any]) -> str:
    """``data`` (a spec's mapping) as YAML that reads back to equal data. Each layer is one flow
    mapping on its line, as the shipped specs write them; every string is quoted where YAML needs
    it (a name from a model file may hold any character)."""
    lines: list[str] = []
    for key, value in data.items():
        if key == "layers" and isinstance(value, list):
            lines.append("layers:")
            lines.extend(f"  - {_flow(layer)}" for layer in value)
        elif isinstance(value, (dict, list)) and value:
            lines.append(_block({key: value}).rstrip("\n"))
        else:
            lines.append(f"{_flow({key: value})[1:-1]}")
    return "\n".join(lines) + "\n"


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, width=math.inf, sort_keys=False, allow_unicode=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def _block(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=None, width=100, sort_keys=False, allow_unicode=True)
