"""The nodes that only compute constants (a Reshape's target from ``Shape``, ``Gather``, ``Concat``…),
evaluated as the graph is read so that the layers get numbers. Values are flat lists with their
dims; only the small integer and float arithmetic exporters write for shapes is done."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cnncalc.errors import said
from cnncalc.importers import onnx_wire as wire
from cnncalc.importers.onnx_graph import Const

if TYPE_CHECKING:
    from cnncalc.importers.onnx_graph import Reader
    from cnncalc.importers.onnx_wire import Node

Values = list[Any]


def fold(reader: Reader, node: Node) -> None:
    """The node's outputs as constants (an Identity of an initializer stays that initializer)."""
    if node.op_type == "Identity":
        reader.consts[node.outputs[0]] = reader.consts[node.inputs[0]]
        return
    dims, data = RULES[node.op_type](reader, node)
    if len(data) != math.prod(dims) or len(data) > wire.MAX_DECODED:  # a shape is a few numbers
        raise reader.fail(said("error.onnx_fold"))
    reader.consts[node.outputs[0]] = Const(tuple(dims), data=data)


def _values(reader: Reader, node: Node, position: int) -> tuple[tuple[int, ...], Values]:
    const = reader.const(node, position)
    if const is None:
        raise reader.fail(said("error.onnx_needs_constant", position=position + 1, tensor=""))
    data = const.values()
    if data is None:
        raise reader.fail(said("error.onnx_constant_values", tensor=node.inputs[position]))
    return const.dims, data


def _attr(node: Node, name: str, default: Any = None) -> Any:
    attribute = node.attributes.get(name)
    return default if attribute is None else attribute.value()


def _constant(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    """``Constant``: its ``value`` tensor, or ``value_int(s)``/``value_float(s)``."""
    for name, attribute in node.attributes.items():
        if name == "value" and attribute.t is not None:
            data = wire.values(reader.buf, attribute.t)
            if data is None:
                raise reader.fail(said("error.onnx_constant_values", tensor=node.outputs[0]))
            return attribute.t.dims, data
        if name in ("value_int", "value_float"):
            return (), [attribute.value()]
        if name in ("value_ints", "value_floats"):
            values = list(attribute.ints or attribute.floats)
            return (len(values),), values
    raise reader.fail(said("error.onnx_fold"))


def _shape(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    """``Shape``: an activation's dims with the batch axis (1), or a constant's; ``start``/``end``."""
    name = node.inputs[0]
    dims = [1, *reader.acts[name].shape] if name in reader.acts else list(reader.consts[name].dims)
    start, end = _attr(node, "start", 0), _attr(node, "end", len(dims))
    picked = dims[start:end]
    return (len(picked),), picked


def _gather(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    dims, data = _values(reader, node, 0)
    index_dims, indices = _values(reader, node, 1)
    if len(dims) != 1 or _attr(node, "axis", 0) not in (0, -1):
        raise reader.fail(said("error.onnx_fold"))
    return index_dims, [data[int(i) + (len(data) if int(i) < 0 else 0)] for i in indices]


def _axes(reader: Reader, node: Node) -> list[int]:
    axes = reader.ints(node, 1) if len(node.inputs) > 1 else _attr(node, "axes", [])
    return list(axes or [])


def _unsqueeze(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    dims, data = _values(reader, node, 0)
    out = list(dims)
    rank = len(dims) + len(_axes(reader, node))
    for axis in sorted(a + rank if a < 0 else a for a in _axes(reader, node)):
        out.insert(axis, 1)
    return tuple(out), data


def _squeeze(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    dims, data = _values(reader, node, 0)
    axes = {a + len(dims) if a < 0 else a for a in _axes(reader, node)}
    return tuple(d for i, d in enumerate(dims) if (i not in axes if axes else d != 1)), data


def _concat(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    out: Values = []
    for position, name in enumerate(node.inputs):
        if name:
            dims, data = _values(reader, node, position)
            if len(dims) > 1:
                raise reader.fail(said("error.onnx_fold"))
            out += data
    return (len(out),), out


def _cast(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    dims, data = _values(reader, node, 0)
    to = _attr(node, "to", wire.FLOAT)
    return dims, [float(v) for v in data] if to in wire.FLOAT_TYPES else [int(v) for v in data]


def _slice(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    dims, data = _values(reader, node, 0)
    if len(dims) != 1:
        raise reader.fail(said("error.onnx_fold"))
    starts, ends = reader.ints(node, 1) or [0], reader.ints(node, 2) or [len(data)]
    steps = (reader.ints(node, 4) if len(node.inputs) > 4 else None) or [1]
    picked = data[slice(starts[0], min(ends[0], len(data)), steps[0])]
    return (len(picked),), picked


def _arithmetic(operation: Callable[[Any, Any], Any]) -> Callable[[Reader, Node], Any]:
    def folded(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
        (left_dims, left), (right_dims, right) = _values(reader, node, 0), _values(reader, node, 1)
        if len(left) != len(right) and 1 not in (len(left), len(right)):
            raise reader.fail(said("error.onnx_fold"))
        dims = left_dims if len(left) >= len(right) else right_dims
        count = max(len(left), len(right))
        pairs = zip(
            left * count if len(left) == 1 else left, right * count if len(right) == 1 else right, strict=True
        )
        return dims, [operation(a, b) for a, b in pairs]

    return folded


def _divide(a: Any, b: Any) -> Any:
    """ONNX's Div: integer division truncates toward zero; floats divide."""
    if isinstance(a, int) and isinstance(b, int):
        return int(a / b) if b else 0
    return a / b


def _reshape(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    dims, data = _values(reader, node, 0)
    target = [int(v) for v in _values(reader, node, 1)[1]]
    target = [dims[i] if v == 0 else v for i, v in enumerate(target)]
    if -1 in target:
        known = math.prod(v for v in target if v != -1) or 1
        target[target.index(-1)] = len(data) // known
    return tuple(target), data


def _unary(operation: Callable[[Any], Any]) -> Callable[[Reader, Node], Any]:
    def folded(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
        dims, data = _values(reader, node, 0)
        return dims, [operation(v) for v in data]

    return folded


def _constant_of_shape(reader: Reader, node: Node) -> tuple[tuple[int, ...], Values]:
    dims = tuple(int(v) for v in _values(reader, node, 0)[1])
    if math.prod(dims) > wire.MAX_DECODED:
        raise reader.fail(said("error.onnx_fold"))
    value = node.attributes.get("value")
    fill = (
        (wire.values(reader.buf, value.t) or [0.0])[0] if value is not None and value.t is not None else 0.0
    )
    return dims, [fill] * math.prod(dims)


RULES: dict[str, Callable[[Reader, Node], tuple[tuple[int, ...], Values]]] = {
    "Identity": _constant,  # not called: fold() makes it an alias of the constant
    "Constant": _constant,
    "Shape": _shape,
    "Gather": _gather,
    "Unsqueeze": _unsqueeze,
    "Squeeze": _squeeze,
    "Concat": _concat,
    "Cast": _cast,
    "Slice": _slice,
    "Reshape": _reshape,
    "Add": _arithmetic(lambda a, b: a + b),
    "Sub": _arithmetic(lambda a, b: a - b),
    "Mul": _arithmetic(lambda a, b: a * b),
    "Div": _arithmetic(_divide),
    "Floor": _unary(math.floor),
    "Ceil": _unary(math.ceil),
    "Sqrt": _unary(math.sqrt),
    "ConstantOfShape": _constant_of_shape,
}

# op → the handler that folds it, as cnncalc.importers.onnx_graph.Reader.spec takes them.
FOLDS: dict[str, Callable[[Reader, Node], None]] = dict.fromkeys(RULES, fold)
