"""The rich table a user reads in the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group

from cnncalc.engine.results import DTYPE_BYTES, NetworkResult
from cnncalc.render.fasttable import LayerTable, TextLines
from cnncalc.render.formatting import (
    FLAGGED_STYLE,
    batch_text,
    byte_text,
    count_text,
    count_with_short,
    flagged_lines,
    layout_text,
    shape_text,
    short_count,
)
from cnncalc.render.i18n import Lang, t
from cnncalc.render.rows import Row, RowTexts, build_rows

FOLDED_STYLE = "cyan"

# On a terminal too narrow for the whole table, the columns left out, first to last (README,
# "Narrow terminals"): Input (a layer's input is the output of the row above it or of its
# inputs) and MACs; then, once names fold, Type and the receptive field's Start and Jump; then,
# when notes wrap to a word a line, Memory, Train mem, RF and a graph's Inputs. The index, name,
# output shape, parameters and notes are always shown. Ranks 0–1, 2–4, 5–8 are fasttable's three
# steps.
DROPPED_ON_NARROW: dict[str, int] = {
    key: rank
    for rank, key in enumerate(
        ["input_shape", "macs", "type", "rf_start", "rf_jump", "memory", "train_memory", "rf_size", "inputs"]
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
    train: Sequence[int] | None = None,
) -> Group:
    """The layer table and the totals under it.

    ``rf`` adds the receptive-field columns, ``dtype`` a per-layer memory column, ``depth`` folds
    blocks nested deeper than that into one row each, ``train`` (each layer's share of a training
    step) the ``Train mem`` column. A network that is not a chain shows each layer's inputs.
    ``lang`` is the language of the titles, notes and totals.
    """
    rows = build_rows(result, rf, dtype, depth, train)
    table = LayerTable(title=title_text(result, lang), title_justify="left", lang=lang, show_lines=False)
    for column in rows.columns:
        table.add_column(
            column.title(lang),
            justify="right" if column.numeric else "left",
            overflow="fold",
            wrap=column.key == "notes",
            fold=column.key in FOLDED_ON_NARROW,
            drop=DROPPED_ON_NARROW.get(column.key),
        )
    texts = RowTexts(rows, lang, short_count)
    for row in rows.rows:
        table.add_row(*texts(row), style=_style(row))
    return Group(table, summary_text(result, dtype or "float32", lang))


def _style(row: Row) -> str | None:
    """The input row dim, a flagged layer (or a block holding one) yellow, a folded block cyan."""
    if row.role == "input":
        return "dim"
    if row.flagged:
        return FLAGGED_STYLE
    return FOLDED_STYLE if row.role == "block" else None


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
    if result.description:  # a model file's: what was read, what its count means
        styled.append((result.description, "dim"))
    # Each warning its own line: one text with "\n" in it would be written as one line.
    styled += [(line, FLAGGED_STYLE) for line in flagged_lines(result, lang)]
    return TextLines(styled)
