"""cnncalc's layers against ONNX's shapes, by node name: shared by tools/onnx_reference.py,
tools/onnx_opsets.py and tests/test_onnx.py (it needs neither onnx nor torch)."""

from __future__ import annotations

from typing import Any


def compare(layers: list[dict[str, Any]], nodes: dict[str, list[list[int] | None]]) -> tuple[int, list[str]]:
    """How many layers named as a node were compared, and each disagreement (a shape ONNX's
    inference leaves unknown is not compared). A split read from a Slice holds the slice's part
    among its parts."""
    compared, wrong = 0, []
    for layer in layers:
        expected = nodes.get(layer["name"])
        if expected is None or None in expected:
            continue
        compared += 1
        got = layer.get("output_shapes") or [layer["output_shape"]]
        ok = expected[0] in got if layer["type"] == "split" and len(expected) == 1 else got == expected
        if not ok:
            wrong.append(f"{layer['name']}: cnncalc {got}, ONNX {expected}")
    return compared, wrong
