"""A GitHub-flavoured Markdown table, for reports and pull requests."""

from __future__ import annotations

from cnncalc.engine.results import DTYPE_BYTES, LayerResult, NetworkResult
from cnncalc.render.formatting import (
    COLUMN_TITLES,
    EXTRA_TITLES,
    byte_text,
    count_text,
    notes_text,
    per_axis_text,
    shape_text,
)


def render_markdown(result: NetworkResult, rf: bool = False, dtype: str | None = None) -> str:
    """The layer table; ``rf`` and ``dtype`` add the receptive-field and memory columns, as in the
    terminal table, and a network that is not a chain shows each layer's inputs."""
    titles = list(COLUMN_TITLES.values())
    graph = not result.is_chain
    if graph:
        titles.insert(3, EXTRA_TITLES["inputs"])
    extra = [
        key
        for key, wanted in (("rf_size", rf), ("rf_jump", rf), ("rf_start", rf), ("memory", dtype))
        if wanted
    ]
    titles[-1:-1] = [EXTRA_TITLES[key] for key in extra]
    lines = [
        f"### {_cell(result.name)}",
        "",
        "| " + " | ".join(titles) + " |",
        "|"
        + "|".join(
            "---" if t in ("Name", "Type", "Inputs", "Input", "Output", "Notes") else "---:" for t in titles
        )
        + "|",
    ]
    for layer in result.layers:
        cells = [
            str(layer.index),
            layer.name,
            layer.type,
            shape_text(layer.input_shape, result.channels_last),
            shape_text(layer.output_shape, result.channels_last),
            count_text(layer.params),
            count_text(layer.macs),
            notes_text(layer),
        ]
        if graph:
            cells.insert(3, ", ".join(layer.inputs))
        cells[-1:-1] = [_extra_cell(layer, key, dtype) for key in extra]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += [
        "",
        f"**Total params:** {count_text(result.total_params)} "
        f"(trainable {count_text(result.trainable_params)}, "
        f"non-trainable {count_text(result.non_trainable_params)})  ",
        f"**Total MACs:** {count_text(result.total_macs)}  ",
        f"**Output shape:** {shape_text(result.output_shape, result.channels_last)}",
        "",
    ]
    return "\n".join(lines)


def _extra_cell(layer: LayerResult, key: str, dtype: str | None) -> str:
    field = layer.receptive_field
    if key == "memory":
        return byte_text(layer.memory_bytes(DTYPE_BYTES[dtype or "float32"]))
    values = {"rf_size": field.size, "rf_jump": field.jump, "rf_start": field.start}[key] if field else None
    return per_axis_text(values)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
