"""CSV: one row per layer, for spreadsheets; several specs share one header.

Every text cell (spec and layer names, types, warnings, inputs) goes through
:func:`cnncalc.text.csv_cell`, so that no name is read as a formula; numbers are written as
numbers, negative ones too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from cnncalc.engine.results import Exact, NetworkResult
from cnncalc.render.formatting import number_value
from cnncalc.render.i18n import Lang, flag_text
from cnncalc.render.rows import FIELD_COLUMNS, Row, build_rows, warnings_of
from cnncalc.text import csv_cell

HEADER = [
    "spec",
    "index",
    "name",
    "type",
    "input_shape",
    "output_shape",
    "params",
    "trainable_params",
    "macs",
    "warnings",
    "inputs",
]
# Columns an option adds, after all of HEADER's (scripts that read columns by position keep working).
# --dtype: the output activation's bytes, as the JSON's key, and the precision they are counted at.
MEMORY_COLUMNS = ("memory_bytes", "dtype")
# --train: the layer's share of a training step, in bytes (the JSON's training_memory.total).
TRAIN_COLUMN = "train_memory_bytes"


def header(rf: bool = False, dtype: str | None = None, train: bool = False) -> list[str]:
    return [
        *HEADER,
        *(FIELD_COLUMNS if rf else ()),
        *(MEMORY_COLUMNS if dtype else ()),
        *((TRAIN_COLUMN,) if train else ()),
    ]


def render_csv(
    results: list[NetworkResult],
    rf: bool = False,
    dtype: str | None = None,
    depth: int | None = None,
    train: Sequence[Sequence[int]] | None = None,
) -> str:
    """One row per layer of every result; ``rf`` adds ``rf_size``, ``rf_jump`` and ``rf_start``,
    ``dtype`` adds ``memory_bytes`` and ``dtype`` and ``train`` (one per result: each layer's
    share of a training step) ``train_memory_bytes`` at the end of each row. ``depth`` folds a
    block nested deeper into one row of the same columns: its name and type as the table shows
    it, its first layer's input and last layer's output shape, its summed counts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header(rf, dtype, train is not None))
    for number, result in enumerate(results):
        shares = train[number] if train is not None else None
        for row in build_rows(result, rf, dtype, depth, shares).rows[1:]:
            added = _added_cells(row, rf, dtype) + ([row.train_bytes] if shares is not None else [])
            writer.writerow([csv_cell(result.name), *_cells(row), *added])
    return buffer.getvalue()


def _cells(row: Row) -> list[object]:
    return [
        row.first,
        csv_cell(row.name),
        csv_cell(row.type),
        "x".join(map(str, row.input_shapes[0])),  # the first input's (the inputs column names all)
        "x".join(map(str, row.output_shape)),
        row.params,
        row.trainable_params,
        row.macs,
        csv_cell("; ".join(flag_text(flag, Lang.en) for flag in warnings_of(row))),
        csv_cell(" ".join(row.inputs)),
    ]


def _added_cells(row: Row, rf: bool, dtype: str | None) -> list[object]:
    cells: list[object] = []
    if rf:
        field = row.receptive_field
        cells += (
            [_per_axis(values) for values in (field.size, field.jump, field.start)] if field else ["", "", ""]
        )
    if dtype:
        cells += [row.memory_bytes, dtype]
    return cells


def _per_axis(values: tuple[Exact, ...]) -> object:
    """A number when every spatial axis agrees (``5``, ``0.5``), else one per axis: ``3x5``."""
    numbers = [number_value(value) for value in values]
    if len(set(numbers)) == 1:
        return numbers[0]
    return "x".join(map(str, numbers))
