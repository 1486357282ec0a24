"""What ONNX itself says of a model, for cnncalc's ONNX tests (tools/onnx_reference.py and
tools/onnx_test_files.py): each node's output shapes by ``onnx.shape_inference`` and the
initializers' count. It uses none of cnncalc's code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import shape_inference

FLOATS = {
    onnx.TensorProto.FLOAT,
    onnx.TensorProto.FLOAT16,
    onnx.TensorProto.DOUBLE,
    onnx.TensorProto.BFLOAT16,
}


def inferred_shapes(model: onnx.ModelProto) -> dict[str, list[list[int] | None]]:
    """Each node's output shapes (batch dropped) by ONNX's shape inference, by node name; with
    ``data_prop`` so that a shape computed by Shape, Gather… nodes is known. A layer that stands
    for a pattern (ShuffleNet's Reshape–Transpose–Reshape, named as the Transpose) is given the
    shape at the pattern's end."""
    inferred = shape_inference.infer_shapes(model, strict_mode=True, data_prop=True)
    shapes: dict[str, list[int] | None] = {}
    for info in [*inferred.graph.value_info, *inferred.graph.output, *inferred.graph.input]:
        dims = info.type.tensor_type.shape.dim
        known = dims and all(d.HasField("dim_value") for d in dims)
        shapes[info.name] = [d.dim_value for d in dims][1:] if known else None
    return _by_node(inferred, shapes)


def initializer_counts(model: onnx.ModelProto) -> tuple[int, int]:
    """The float initializers the nodes read: each once, and each once per node that reads it
    (through the Identity nodes by which the exporter shares one)."""
    sizes = {t.name: int(np.prod(t.dims)) for t in model.graph.initializer if t.data_type in FLOATS}
    alias = {
        n.output[0]: n.input[0] for n in model.graph.node if n.op_type == "Identity" and n.input[0] in sizes
    }
    read = [alias.get(name, name) for n in model.graph.node if n.op_type != "Identity" for name in n.input]
    once = sum(sizes[name] for name in set(read) if name in sizes)
    return once, sum(sizes[name] for name in read if name in sizes)


def runtime_shapes(
    model: onnx.ModelProto, input_shape: list[int], folder: Path | None = None
) -> dict[str, list[list[int] | None]]:
    """Each node's output shapes (batch dropped) as onnxruntime computes them on zeros, every
    node output made a graph output; by node name, a pattern given its end as above. A model
    whose weights are external data (over protobuf's 2 GB) is given with ``folder``, where they
    are: the copy is saved there for onnxruntime to read them."""
    import onnxruntime

    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    known = {o.name for o in copy.graph.output}
    for node in copy.graph.node:
        for name in node.output:
            if name and name not in known and node.op_type != "Constant":
                copy.graph.output.append(onnx.helper.make_empty_tensor_value_info(name))
                known.add(name)
    if folder is None:
        source: Any = copy.SerializeToString()
    else:
        source = str(folder / "every-output.onnx")
        onnx.save(copy, source)
    session = onnxruntime.InferenceSession(source, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    feed = {session.get_inputs()[0].name: np.zeros(input_shape, np.float32)}
    values = dict(zip(names, session.run(names, feed), strict=True))
    shapes = {name: list(np.shape(value))[1:] for name, value in values.items()}
    return _by_node(model, shapes)


def _by_node(
    model: onnx.ModelProto, shapes: dict[str, list[int] | None]
) -> dict[str, list[list[int] | None]]:
    """Tensor shapes → each node's outputs' shapes, by node name; a Transpose read by a Reshape
    (ShuffleNet's channel shuffle, which cnncalc names as the Transpose) gets the Reshape's."""
    readers: dict[str, list[onnx.NodeProto]] = {}
    for node in model.graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    found = {}
    for node in model.graph.node:
        outputs = list(node.output)
        after = readers.get(outputs[0], [])
        if node.op_type == "Transpose" and len(after) == 1 and after[0].op_type == "Reshape":
            outputs = list(after[0].output)  # the channel shuffle's end
        if node.op_type == "ReduceMean" and len(after) == 1 and after[0].op_type == "Sub":
            outputs = _layernorm_end(readers, after[0]) or outputs
        found[node.name] = [shapes.get(out) for out in outputs]
    return found


def _layernorm_end(readers: dict[str, list[onnx.NodeProto]], sub: onnx.NodeProto) -> list[str] | None:
    """nn.LayerNorm below opset 17 (x − mean, divided by the deviation, ·γ + β), which cnncalc
    names as its first ReduceMean: the output of its Div, or of the Mul and Add after it."""
    div = [n for n in readers.get(sub.output[0], []) if n.op_type == "Div"]
    if len(div) != 1:
        return None
    end = div[0]
    for op in ("Mul", "Add"):
        after = readers.get(end.output[0], [])
        if len(after) != 1 or after[0].op_type != op:
            break
        end = after[0]
    return list(end.output)


def dump(found: dict[str, Any]) -> str:
    """The reference as JSON, one key a line and one node a line in the shape tables (diffable,
    a few KB)."""
    lines = []
    for key, value in found.items():
        if isinstance(value, dict):
            rows = [f"  {json.dumps(name)}: {json.dumps(shapes)}" for name, shapes in value.items()]
            lines.append(f"{json.dumps(key)}: {{\n" + ",\n".join(rows) + "\n }")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
