"""A worksheet from a spec: the same network with a blank for every answer asked, as YAML the
student fills in (``expect: {output: , params: }`` under each layer), and its key: the same
again with the asks, the points and the computed answers written in (``cnncalc check`` passes
on a key).

The YAML is written here line by line from the spec's layers as written (blocks expanded),
each value by PyYAML's safe dumper, so any name is quoted as YAML needs and reads back as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from cnncalc.grading.asks import Ask
from cnncalc.pipeline import Computed

# What a worksheet keeps of the spec's top level, in this order (the layers and answers follow).
TOP_FIELDS = ("name", "description", "variant", "input", "layout", "convention", "batch")
# What a layer's fields leave out: the answers, asks and points are written by the worksheet.
TEACHING_FIELDS = frozenset({"expect", "ask", "points"})


class Source(NamedTuple):
    """A spec to make a worksheet of: its top level and flat layers as written, computed."""

    data: dict[str, Any]
    layers: list[dict[str, Any]]
    computed: Computed
    file: str


def load_source(path: Path) -> Source:
    from cnncalc.errors import display_path
    from cnncalc.pipeline import compute_document, read
    from cnncalc.spec.blocks import expand

    document = read(path)
    computed = compute_document(document)  # every problem of the spec first, as for any spec
    data = document.data if isinstance(document.data, dict) else {}
    layers = expand(read(path).data, document.display_name, document.line_of).layers
    return Source(data, [dict(layer) for layer in layers], computed, display_path(path))


def value_yaml(value: object) -> str:
    """One value as YAML flow text: ``6``, ``'6: x'``, ``[1, 32, 32]``, ``{channels: 1}``."""
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=1_000_000, sort_keys=False
    )
    text = text.strip()
    return text[: -len("...")].strip() if text.endswith("...") else text


def answer_yaml(value: object) -> str:
    """A computed answer as a key writes it: a shape as a list, a count as a number."""
    return value_yaml(list(value) if isinstance(value, tuple) else value)


def worksheet_text(
    source: Source,
    asks: Sequence[Ask],
    *,
    key: bool = False,
    variant: str | None = None,
) -> str:
    """The worksheet (``key=False``: blanks) or its key (asks, points and answers)."""
    from cnncalc.grading.grade import _computed, _total

    result = source.computed.result
    data = dict(source.data)
    if variant is not None:
        data["variant"] = variant
    lines = _header(result.name, key)
    lines += [f"{field}: {value_yaml(data[field])}" for field in TOP_FIELDS if data.get(field) is not None]
    if key:
        lines += _key_top(data, asks)
    lines.append("layers:")
    by_layer: dict[int | None, list[Ask]] = {}
    for ask in asks:
        by_layer.setdefault(ask.layer, []).append(ask)
    for index, raw in enumerate(source.layers):
        fields = [(name, value) for name, value in raw.items() if name not in TEACHING_FIELDS]
        fields.sort(key=lambda field: field[0] != "name")  # the name first, as the notes title a layer
        lines += [
            ("  - " if n == 0 else "    ") + f"{name}: {value_yaml(value)}"
            for n, (name, value) in enumerate(fields)
        ]
        asked = by_layer.get(index, [])
        if key and asked:
            lines.append(f"    ask: {value_yaml([ask.kind for ask in asked])}")
            if raw.get("points") is not None:
                lines.append(f"    points: {value_yaml(raw['points'])}")
        if asked:
            lines.append("    expect:")
            for ask in asked:
                answer = _computed(result.layers[index], ask.kind) if key else None
                lines.append(f"      {ask.kind}:" + (f" {answer_yaml(answer)}" if answer is not None else ""))
    network = by_layer.get(None, [])
    if network:
        lines.append("expect:")
        for ask in network:
            lines.append(f"  {ask.kind}:" + (f" {answer_yaml(_total(result, ask.kind))}" if key else ""))
    return "\n".join(lines) + "\n"


def _header(name: str, key: bool) -> list[str]:
    from cnncalc.text import visible

    if key:
        return [f"# The answer key of {visible(name)}: keep it from the students (cnncalc grade --key)."]
    return [
        f"# Worksheet: {visible(name)}. Fill in every blank after expect: (6x28x28, 156)",
        "# and hand this file in.",
        "# Change nothing else: your answers are graded against this network.",
    ]


def _key_top(data: dict[str, Any], asks: Sequence[Ask]) -> list[str]:
    lines = [f"ask: {value_yaml([ask.kind for ask in asks if ask.layer is None])}"]
    if data.get("points") is not None:
        lines.append(f"points: {value_yaml(data['points'])}")
    return lines
