"""The rich table a user reads in the terminal."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from cnncalc.engine.results import NetworkResult
from cnncalc.render.fasttable import LayerTable
from cnncalc.render.formatting import (
    COLUMN_TITLES,
    byte_text,
    count_text,
    notes_text,
    shape_text,
    short_count,
)

FLAGGED_STYLE = "bold yellow"


def render_table(result: NetworkResult) -> Group:
    """The layer table and the totals under it."""
    table = LayerTable(title=result.name, title_justify="left", show_lines=False)
    for key, title in COLUMN_TITLES.items():
        numeric = key in ("index", "params", "macs")
        table.add_column(title, justify="right" if numeric else "left", overflow="fold")
    table.add_row(
        "", "input", "", "", shape_text(result.input_shape, result.channels_last), "", "", "", style="dim"
    )
    for layer in result.layers:
        table.add_row(
            str(layer.index),
            layer.name,
            layer.type,
            shape_text(layer.input_shape, result.channels_last),
            shape_text(layer.output_shape, result.channels_last),
            count_text(layer.params),
            short_count(layer.macs) if layer.macs else "0",
            notes_text(layer),
            style=FLAGGED_STYLE if layer.flagged else None,
        )
    return Group(table, summary_text(result))


def summary_text(result: NetworkResult) -> Text:
    lines = [
        f"Total params: {count_text(result.total_params)}",
        f"Trainable params: {count_text(result.trainable_params)}",
        f"Non-trainable params: {count_text(result.non_trainable_params)}",
        f"Total MACs: {count_text(result.total_macs)} ({short_count(result.total_macs)})",
        f"Output shape: {shape_text(result.output_shape, result.channels_last)}",
        *([f"Buffers (not parameters): {count_text(result.total_buffers)}"] if result.total_buffers else []),
        f"Memory (float32): params {byte_text(result.param_bytes())}, "
        f"activations {byte_text(result.activation_bytes())}",
    ]
    text = Text("\n".join(lines))
    flagged = [layer for layer in result.layers if layer.flagged]
    if flagged:
        which = ", ".join(f"{layer.index} ({layer.name})" for layer in flagged)
        text.append(
            f"\n⚠ {len(flagged)} layer(s) with a stride that does not fit: {which}", style=FLAGGED_STYLE
        )
    return text
