"""CSV: one row per layer, for spreadsheets; several specs share one header.

Every text cell (spec and layer names, types, warnings, inputs) goes through
:func:`cnncalc.text.csv_cell`, so that no name is read as a formula; numbers are written as
numbers, negative ones too.
"""

from __future__ import annotations

import csv
import io

from cnncalc.engine.results import NetworkResult
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


def render_csv(results: list[NetworkResult]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for result in results:
        for layer in result.layers:
            writer.writerow(
                [
                    csv_cell(result.name),
                    layer.index,
                    csv_cell(layer.name),
                    csv_cell(layer.type),
                    "x".join(map(str, layer.input_shape)),
                    "x".join(map(str, layer.output_shape)),
                    layer.params,
                    layer.trainable_params,
                    layer.macs,
                    csv_cell("; ".join(flag.message for flag in layer.warnings)),
                    csv_cell(" ".join(layer.inputs)),
                ]
            )
    return buffer.getvalue()
