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
    return _dump(value, default_flow_style=True, width=math.inf).removesuffix("\n...\n").rstrip("\n")


def _block(value: Any) -> str:
    return _dump(value, default_flow_style=None, width=100)


def _dump(value: Any, **style: Any) -> str:
    """``value`` as YAML, its text readable (Korean as written); escaped where PyYAML's unicode
    output would not read back the same (a NEL or a line separator in a name becomes a space)."""
    text: str = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, **style)
    if yaml.safe_load(text) != value:
        text = yaml.safe_dump(value, sort_keys=False, allow_unicode=False, **style)
    return text
