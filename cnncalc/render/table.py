"""The rich table a user reads in the terminal."""

from __future__ import annotations

from rich.console import Group

from cnncalc.engine.results import DTYPE_BYTES, FoldedBlock, LayerResult, NetworkResult, fold
from cnncalc.render.fasttable import LayerTable, TextLines
from cnncalc.render.formatting import (
    FLAGGED_STYLE,
    NUMERIC_COLUMNS,
    batch_text,
    byte_text,
    column_title,
    columns,
    count_text,
    count_with_short,
    field_cells,
    flagged_text,
    input_shapes_text,
    layout_text,
    notes_text,
    shape_text,
    short_count,
)
from cnncalc.render.i18n import Lang, t

FOLDED_STYLE = "cyan"

# On a terminal too narrow for the whole table, the columns left out, first to last (README,
# "Narrow terminals"): Input (a layer's input is the output of the row above it or of its
# inputs) and MACs; then, once names fold, Type and the receptive field's Start and Jump; then,
# when notes wrap to a word a line, Memory, RF and a graph's Inputs. The index, name, output
# shape, parameters and notes are always shown. Ranks 0–1, 2–4, 5–7 are fasttable's three steps.
DROPPED_ON_NARROW: dict[str, int] = {
    key: rank
    for rank, key in enumerate(
        ["input_shape", "macs", "type", "rf_start", "rf_jump", "memory", "rf_size", "inputs"]
    )
}
# Text columns that may, as the last resort, break inside a word (never numbers, shapes, notes).
FOLDED_ON_NARROW = frozenset({"name", "type", "inputs"})


def render_table(
    result: NetworkResult,
    *,
    rf: bool = False,
    dtype: str | None = None,
    depth: int | None = None,
    lang: Lang = Lang.en,
) -> Group:
    """The layer table and the totals under it.

    ``rf`` adds the receptive-field columns, ``dtype`` a per-layer memory column, ``depth`` folds
    blocks nested deeper than that into one row each. A network that is not a chain shows each
    layer's inputs. ``lang`` is the language of the titles, notes and totals.
    """
    keys = columns(result, rf, dtype)
    table = LayerTable(title=title_text(result, lang), title_justify="left", lang=lang, show_lines=False)
    for key in keys:
        table.add_column(
            column_title(key, lang),
            justify="right" if key in NUMERIC_COLUMNS else "left",
            overflow="fold",
            wrap=key == "notes",
            fold=key in FOLDED_ON_NARROW,
            drop=DROPPED_ON_NARROW.get(key),
        )
    first: dict[str, str] = dict.fromkeys(keys, "")
    last = result.channels_last
    first |= {"name": "input", "output_shape": shape_text(result.input_shape, last)}
    table.add_row(*(first[key] for key in keys), style="dim")
    rows = fold(result.layers, depth) if depth is not None else list(result.layers)
    for row in rows:
        style: str | None
        if isinstance(row, FoldedBlock):
            cells = _folded_cells(row, dtype, last, lang)
            style = FLAGGED_STYLE if any(layer.flagged for layer in row.layers) else FOLDED_STYLE
        else:
            cells = _layer_cells(row, dtype, last, lang)
            style = FLAGGED_STYLE if row.flagged else None
        table.add_row(*(cells[key] for key in keys), style=style)
    return Group(table, summary_text(result, dtype or "float32", lang))


def _layer_cells(
    layer: LayerResult, dtype: str | None, channels_last: bool = False, lang: Lang = Lang.en
) -> dict[str, str]:
    return {
        "index": str(layer.index),
        "name": layer.name,
        "type": layer.type,
        "inputs": ", ".join(layer.inputs),
        "input_shape": input_shapes_text(layer, channels_last),
        "output_shape": shape_text(layer.output_shape, channels_last),
        "params": count_text(layer.params),
        "macs": short_count(layer.macs) if layer.macs else "0",
        **field_cells(layer, dtype),
        "notes": notes_text(layer, lang),
    }


def _folded_cells(
    block: FoldedBlock, dtype: str | None, channels_last: bool = False, lang: Lang = Lang.en
) -> dict[str, str]:
    last = block.last
    flagged = sum(1 for layer in block.layers if layer.flagged)
    notes = t("table.folded_layers", lang, count=len(block.layers))
    if flagged:
        notes += t("table.folded_flagged", lang, count=flagged)
    return {
        "index": f"{block.first_index}–{last.index}",
        "name": f"▸ {block.name}",
        "type": block.label,
        "inputs": ", ".join(block.inputs),
        "input_shape": shape_text(block.layers[0].input_shape, channels_last),
        "output_shape": shape_text(last.output_shape, channels_last),
        "params": count_text(block.params),
        "macs": short_count(block.macs) if block.macs else "0",
        **field_cells(last, dtype),
        "notes": notes,
    }


def title_text(result: NetworkResult, lang: Lang = Lang.en) -> str:
    """The network's name, and how its input was read when that is channels-last."""
    return result.name + (f" — {layout_text(result, lang)}" if result.layout == "channels_last" else "")


def summary_text(result: NetworkResult, dtype: str = "float32", lang: Lang = Lang.en) -> TextLines:
    size = DTYPE_BYTES[dtype]
    lines = [
        t("table.total_params", lang, value=count_text(result.total_params)),
        t("table.trainable_params", lang, value=count_text(result.trainable_params)),
        t("table.non_trainable_params", lang, value=count_text(result.non_trainable_params)),
        t("table.total_macs", lang, value=count_with_short(result.total_macs)),
        t("table.output_shape", lang, value=shape_text(result.output_shape, result.channels_last)),
        *([t("table.buffers", lang, value=count_text(result.total_buffers))] if result.total_buffers else []),
        t(
            "table.memory",
            lang,
            dtype=dtype,
            params=byte_text(result.param_bytes(size)),
            activations=byte_text(result.activation_bytes(size)),
        ),
        *([batch_text(result, size, lang)] if result.batch is not None else []),
    ]
    styled: list[tuple[str, str | None]] = [(line, None) for line in lines]
    flagged = flagged_text(result, lang)
    if flagged:
        styled.append((flagged, FLAGGED_STYLE))
    return TextLines(styled)
