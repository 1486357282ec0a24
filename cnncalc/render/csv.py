"""CSV: one row per layer, for spreadsheets; several specs share one header."""

from __future__ import annotations

import csv
import io

from cnncalc.engine.results import NetworkResult

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
                    result.name,
                    layer.index,
                    layer.name,
                    layer.type,
                    "x".join(map(str, layer.input_shape)),
                    "x".join(map(str, layer.output_shape)),
                    layer.params,
                    layer.trainable_params,
                    layer.macs,
                    "; ".join(flag.message for flag in layer.warnings),
                    " ".join(layer.inputs),
                ]
            )
    return buffer.getvalue()
