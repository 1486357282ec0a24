"""Each ONNX op cnncalc reads, as the layer of its kinds it is (opset 7 to 21 spellings).

A handler reads its node's attributes and inputs and writes one layer with ``Reader.emit`` (or
none: an ``Identity`` is its input). What cannot be expressed in cnncalc's kinds (a general
``Transpose``, a ``Clip`` that is no ReLU6, padding that is not the same on both sides) raises the
node's error; it is never written as a layer of no cost.
"""

from __future__ import annotations

import itertools
import math
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cnncalc.errors import said
from cnncalc.importers.onnx_graph import Act

if TYPE_CHECKING:
    from cnncalc.importers.onnx_graph import Reader
    from cnncalc.importers.onnx_wire import Node


def outcome_of(reader: Reader, layer: dict[str, Any], inputs: list[str], shapes: tuple[Any, ...]) -> Any:
    """The kind's outcome for ``layer`` on ``shapes`` (cnncalc's own rule: one source of shapes),
    or the node's error with the kind's sentence."""
    from pydantic import ValidationError

    from cnncalc.engine.formulas import NonPositiveSize
    from cnncalc.kinds import BY_NAME
    from cnncalc.kinds.base import Invalid, Refused
    from cnncalc.spec.aliases import resolve_type
    from cnncalc.spec.models import validate_layer

    resolved = resolve_type(layer["type"])
    assert resolved is not None, layer["type"]
    kind = BY_NAME[resolved[0]]
    fields = {key: value for key, value in layer.items() if key not in ("name", "inputs")}
    try:
        built = validate_layer(kind.model, fields)
        if kind.merge is not None:
            return kind.merge(built, tuple(inputs), shapes)
        assert kind.rule is not None
        return kind.rule(built, shapes[0])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise reader.fail(
            said("error.onnx_layer_fields", field=where, value=repr(first.get("input")))
        ) from None
    except (Invalid, Refused) as exc:
        raise reader.fail(exc.args[0], getattr(exc, "hint", None)) from None
    except NonPositiveSize as exc:
        raise reader.fail(
            said("error.size_not_positive", detail=exc.args[0]), said("hint.size_not_positive")
        ) from None


# --- attributes -------------------------------------------------------------------------------


def attr(node: Node, name: str, default: Any = None) -> Any:
    attribute = node.attributes.get(name)
    if attribute is None:
        return default
    value = attribute.value()
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def f32(value: float) -> float:
    """A float32 attribute as the decimal that reads back to it (1e-05, not 9.99999974e-06)."""
    packed = struct.pack("<f", value)
    for digits in range(1, 10):
        short = float(f"{value:.{digits}g}")
        if struct.pack("<f", short) == packed:
            return short
    return value


def per_dim(values: list[int]) -> int | list[int]:
    """One value when every axis has it, as specs write ``kernel: 3``."""
    return values[0] if values and all(v == values[0] for v in values) else list(values)


def _padding(reader: Reader, node: Node, rank: int) -> int | list[int] | str:
    """``pads`` (begin of each axis, then end of each) or ``auto_pad`` → a spec's padding."""
    auto = attr(node, "auto_pad", "NOTSET")
    if auto == "VALID":
        return 0
    if auto == "SAME_UPPER":
        return "same"
    if auto == "SAME_LOWER":
        raise reader.fail(said("error.onnx_same_lower"))
    pads = list(attr(node, "pads", [0] * 2 * rank))
    begin, end = pads[:rank], pads[rank:]
    if begin != end:
        raise reader.fail(said("error.onnx_asymmetric_pads", pads=pads), said("hint.onnx_asymmetric_pads"))
    return per_dim(begin)


def _weight(reader: Reader, node: Node, position: int) -> tuple[int, ...]:
    """The dims of the weight initializer (or constant) at ``position``."""
    const = reader.const(node, position)
    if const is None:
        raise reader.fail(said("error.onnx_needs_constant", position=position + 1, tensor=""))
    return const.dims


def _params(reader: Reader, node: Node, positions: range) -> tuple[str, ...]:
    """The initializers a layer counts (weights, bias, statistics), for the sharing note."""
    found = []
    for position in positions:
        const = reader.const(node, position) if position < len(node.inputs) else None
        if const is not None and const.initializer is not None:
            found.append(const.initializer)
    return tuple(found)


def _has(node: Node, position: int) -> bool:
    return position < len(node.inputs) and node.inputs[position] != ""


# --- convolutions, dense layers, pools ------------------------------------------------------------


def conv(reader: Reader, node: Node) -> None:
    source = reader.act(node)
    weight = _weight(reader, node, 1)
    rank = len(weight) - 2
    raw: dict[str, Any] = {"type": "conv", "filters": weight[0], "kernel": per_dim(list(weight[2:]))}
    _window_fields(reader, node, raw, rank)
    groups = attr(node, "group", 1)
    if groups != 1:
        raw["groups"] = groups
    raw["bias"] = _has(node, 2)
    reader.emit(node, raw, [source], _params(reader, node, range(1, 3)))
    if node.inputs[1].startswith("onnx::"):  # a tensor torch.onnx computed: a batch norm folded in
        reader.folded.append(reader.layers[-1]["name"])


def conv_transpose(reader: Reader, node: Node) -> None:
    source = reader.act(node)
    weight = _weight(reader, node, 1)
    rank = len(weight) - 2
    if attr(node, "output_shape") is not None:
        raise reader.fail(said("error.onnx_attribute", name="output_shape"))
    groups = attr(node, "group", 1)
    raw: dict[str, Any] = {"type": "conv_transpose", "filters": weight[1] * groups}
    raw["kernel"] = per_dim(list(weight[2:]))
    _window_fields(reader, node, raw, rank)
    output_padding = attr(node, "output_padding")
    if output_padding and any(output_padding):
        raw["output_padding"] = per_dim(list(output_padding))
    if groups != 1:
        raw["groups"] = groups
    raw["bias"] = _has(node, 2)
    reader.emit(node, raw, [source], _params(reader, node, range(1, 3)))


def _window_fields(reader: Reader, node: Node, raw: dict[str, Any], rank: int) -> None:
    """stride (ONNX's default 1, for pools too, where a spec's default is the kernel), padding and
    dilation, as a spec writes them."""
    stride = per_dim(list(attr(node, "strides", [1] * rank)))
    if stride != 1 or raw["type"] in ("maxpool", "avgpool"):
        raw["stride"] = stride
    padding = _padding(reader, node, rank)
    if padding != 0:
        raw["padding"] = padding
    dilations = list(attr(node, "dilations", [1] * rank))
    if any(d != 1 for d in dilations):
        raw["dilation"] = per_dim(dilations)


def gemm(reader: Reader, node: Node) -> None:
    source = reader.act(node)
    if attr(node, "transA", 0):
        raise reader.fail(said("error.onnx_attribute", name="transA"))
    weight = _weight(reader, node, 1)
    units = weight[0] if attr(node, "transB", 0) else weight[-1]
    raw = {"type": "dense", "units": units, "bias": _has(node, 2)}
    reader.emit(node, raw, [source], _params(reader, node, range(1, 3)))


def matmul(reader: Reader, node: Node) -> None:
    """``MatMul`` by a weight: a dense layer on the last axis (PyTorch's nn.Linear); its ``Add`` of
    a bias of ``units`` values, when it is the only reader, is the layer's bias."""
    source = reader.act(node)
    weight = _weight(reader, node, 1)
    if len(weight) != 2:
        raise reader.fail(said("error.onnx_matmul"))
    units = weight[1]
    params = list(_params(reader, node, range(1, 2)))
    add = reader.only_consumer(node.outputs[0])
    bias = None
    if add is not None and add.op_type == "Add":
        other = [name for name in add.inputs if name != node.outputs[0]]
        bias = reader.consts.get(other[0]) if len(other) == 1 else None
        if bias is not None and bias.count == units:
            reader.fused.add(reader.consumer_index(node.outputs[0]))
            params += [bias.initializer] if bias.initializer else []
        else:
            bias = None
    raw: dict[str, Any] = {"type": "dense", "units": units, "bias": bias is not None}
    if len(source.shape) > 1:
        raw["reading"] = "last_axis"
    reader.emit(node, raw, [source], tuple(params))
    if bias is not None and add is not None:
        reader.alias(add, reader.acts[node.outputs[0]])


def pool(kind: str) -> Callable[[Reader, Node], None]:
    def handler(reader: Reader, node: Node) -> None:
        source = reader.act(node)
        if len(node.outputs) > 1 and node.outputs[1]:
            raise reader.fail(said("error.onnx_attribute", name="Indices"))
        kernel = list(attr(node, "kernel_shape", []))
        raw: dict[str, Any] = {"type": kind, "kernel": per_dim(kernel)}
        _window_fields(reader, node, raw, len(kernel))
        if kind == "avgpool":
            raw.pop("dilation", None)
        if attr(node, "ceil_mode", 0):
            raw["ceil_mode"] = True
        reader.emit(node, raw, [source])

    return handler


def global_pool(kind: str) -> Callable[[Reader, Node], None]:
    """ONNX keeps the spatial axes (N×C×1×1): the adaptive pool to 1, not the flat global pool."""

    def handler(reader: Reader, node: Node) -> None:
        reader.emit(node, {"type": kind, "output_size": 1}, [reader.act(node)])

    return handler


def reduce(kind: str) -> Callable[[Reader, Node], None]:
    """``ReduceMean``/``ReduceMax`` over every spatial axis: a global pool (kept as C×1×1 with
    ``keepdims``)."""

    def handler(reader: Reader, node: Node) -> None:
        source = reader.act(node)
        rank = len(source.shape) + 1
        axes = reader.ints(node, 1) if _has(node, 1) else attr(node, "axes")
        spatial = set(range(2, rank))
        last = kind == "avgpool" and axes is not None and [a % rank for a in axes] == [rank - 1]
        if last and attr(node, "keepdims", 1) and _layernorm_of_means(reader, node, source):
            return
        if axes is None or {a + rank if a < 0 else a for a in axes} != spatial or not spatial:
            raise reader.fail(said("error.onnx_reduce", axes=list(axes or [])))
        if attr(node, "keepdims", 1):
            reader.emit(node, {"type": f"adaptive_{kind}", "output_size": 1}, [source])
        else:
            reader.emit(node, {"type": f"global_{kind}"}, [source])

    return handler


def _layernorm_of_means(reader: Reader, node: Node, source: Act) -> bool:
    """nn.LayerNorm as torch.onnx writes it below opset 17: ``d = x − mean(x)``,
    ``d / √(mean(d²) + ε)``, then ``·γ + β`` (each mean over the last axis): one ``layernorm``
    layer named as the first ReduceMean (the other nodes are its arithmetic)."""
    x = node.inputs[0]
    chain: list[Node] = []
    sub = reader.only_consumer(node.outputs[0])
    if sub is None or sub.op_type != "Sub" or list(sub.inputs) != [x, node.outputs[0]]:
        return False
    uses = [reader.graph.nodes[i] for i in reader.consumers.get(sub.outputs[0], [])]
    power = next((n for n in uses if n.op_type == "Pow" and n.inputs[0] == sub.outputs[0]), None)
    div = next((n for n in uses if n.op_type == "Div" and n.inputs[0] == sub.outputs[0]), None)
    if len(uses) != 2 or power is None or div is None or _constant_of(reader, power.inputs[1]) != [2.0]:
        return False
    step = power
    for op in ("ReduceMean", "Add", "Sqrt"):
        after = reader.only_consumer(step.outputs[0])
        if after is None or after.op_type != op:
            return False
        chain.append(after)
        step = after
    std = step.outputs[0]
    if reader.only_consumer(std) is not div or list(div.inputs) != [sub.outputs[0], std]:
        return False
    rank, axes = len(source.shape) + 1, attr(chain[0], "axes")
    eps = _constant_of(reader, next(i for i in chain[1].inputs if i != chain[0].outputs[0]))
    if axes is None or [a % rank for a in axes] != [rank - 1] or not attr(chain[0], "keepdims", 1):
        return False
    if eps is None or len(eps) != 1:
        return False
    affine = _affine_after(reader, div, source.shape[-1])
    end = affine[-1] if affine else div
    for inner in (sub, power, *chain, div, *affine):  # each read by the node before it
        reader.fused.update(i for i in reader.consumers[inner.inputs[0]] if reader.graph.nodes[i] is inner)
    raw: dict[str, Any] = {"type": "layernorm", "normalized_shape": [source.shape[-1]]}
    if not affine:
        raw["elementwise_affine"] = False
    elif len(affine) == 1:
        raw["bias"] = False
    raw["eps"] = f32(eps[0])
    params = tuple(
        c.initializer for n in affine for i in n.inputs if (c := reader.consts.get(i)) and c.initializer
    )
    reader.emit(node, raw, [source], params)
    reader.alias(end, reader.acts[node.outputs[0]])
    return True


def _affine_after(reader: Reader, div: Node, features: int) -> list[Node]:
    """γ's ``Mul`` after the normalisation and β's ``Add`` after it, each by a constant of
    ``features`` values (the ones present, in order)."""
    found: list[Node] = []
    step = div
    for op in ("Mul", "Add"):
        after = reader.only_consumer(step.outputs[0])
        if after is None or after.op_type != op:
            break
        other = [reader.consts.get(i) for i in after.inputs if i != step.outputs[0]]
        if len(other) != 1 or other[0] is None or other[0].count != features or (op == "Add" and not found):
            break
        found.append(after)
        step = after
    return found


def _constant_of(reader: Reader, tensor: str) -> list[float] | None:
    """A small constant's values, also from a ``Constant`` node the walk has not reached yet."""
    from cnncalc.importers.onnx_fold import _constant

    const = reader.consts.get(tensor)
    if const is None:
        maker = next((n for n in reader.graph.nodes if tensor in n.outputs), None)
        if maker is None or maker.op_type != "Constant":
            return None
        data: list[Any] | None = _constant(reader, maker)[1]
    else:
        data = const.values()
    return None if data is None else [float(v) for v in data]


# --- normalisation, activations ------------------------------------------------------------------


def batchnorm(reader: Reader, node: Node) -> None:
    raw = {"type": "batchnorm", "eps": f32(attr(node, "epsilon", 1e-5))}
    reader.emit(node, raw, [reader.act(node)], _params(reader, node, range(1, 5)))


def layernorm(reader: Reader, node: Node) -> None:
    source = reader.act(node)
    rank = len(source.shape) + 1
    axis = attr(node, "axis", -1)
    axis = axis + rank if axis < 0 else axis
    if axis < 1:
        raise reader.fail(said("error.onnx_attribute", name="axis"))
    raw: dict[str, Any] = {"type": "layernorm", "normalized_shape": list(source.shape[axis - 1 :])}
    if not _has(node, 2):
        raw["bias"] = False
    raw["eps"] = f32(attr(node, "epsilon", 1e-5))
    reader.emit(node, raw, [source], _params(reader, node, range(1, 3)))


def lrn(reader: Reader, node: Node) -> None:
    raw = {
        "type": "lrn",
        "size": attr(node, "size", 5),
        "alpha": f32(attr(node, "alpha", 1e-4)),
        "beta": f32(attr(node, "beta", 0.75)),
        "k": f32(attr(node, "bias", 1.0)),
    }
    reader.emit(node, raw, [reader.act(node)])


def activation(function: str) -> Callable[[Reader, Node], None]:
    def handler(reader: Reader, node: Node) -> None:
        reader.emit(node, {"type": function}, [reader.act(node)])

    return handler


def erf(reader: Reader, node: Node) -> None:
    """``x·½(1 + erf(x/√2))``, as torch.onnx writes nn.GELU before opset 20: one ``gelu`` layer,
    named as the Erf (the division and the ½ are by one number: no layers)."""
    source = reader.act(node)
    add = reader.only_consumer(node.outputs[0])
    product = reader.only_consumer(add.outputs[0]) if add is not None and add.op_type == "Add" else None
    if add is None or product is None or product.op_type != "Mul":
        raise reader.fail(said("error.onnx_erf"), said("hint.onnx_erf"))
    others = [name for name in product.inputs if name != add.outputs[0]]
    if len(others) != 1 or reader.acts.get(others[0]) is not source:
        raise reader.fail(said("error.onnx_erf"), said("hint.onnx_erf"))
    reader.fused.update({reader.consumer_index(node.outputs[0]), reader.consumer_index(add.outputs[0])})
    reader.emit(node, {"type": "gelu"}, [source])
    reader.alias(product, reader.acts[node.outputs[0]])


def clip(reader: Reader, node: Node) -> None:
    """``Clip(0, 6)`` is ReLU6 and ``Clip(0)`` ReLU (min and max are inputs from opset 11)."""
    low = reader.floats(node, 1) if _has(node, 1) else [attr(node, "min", -math.inf)]
    high = reader.floats(node, 2) if _has(node, 2) else [attr(node, "max", math.inf)]
    bounds = ((low or [-math.inf])[0], (high or [math.inf])[0])
    functions = {(0.0, 6.0): "relu6", (0.0, math.inf): "relu"}
    function = functions.get(bounds)
    if function is None:
        raise reader.fail(said("error.onnx_clip", low=bounds[0], high=bounds[1]), said("hint.onnx_clip"))
    reader.emit(node, {"type": function}, [reader.act(node)])


def prelu(reader: Reader, node: Node) -> None:
    slope = reader.const(node, 1)
    count = 1 if slope is None else slope.count
    raw: dict[str, Any] = {"type": "prelu"}
    if count != 1:
        raw["num_parameters"] = count
    reader.emit(node, raw, [reader.act(node)], _params(reader, node, range(1, 2)))


def dropout(reader: Reader, node: Node) -> None:
    ratio = reader.floats(node, 1) if _has(node, 1) else [attr(node, "ratio", 0.5)]
    reader.emit(node, {"type": "dropout", "rate": f32((ratio or [0.5])[0])}, [reader.act(node)])


def identity(reader: Reader, node: Node) -> None:
    """An Identity (or a Cast) of an activation is that activation: no layer."""
    reader.alias(node, reader.act(node))


# --- element-wise ops and merges ------------------------------------------------------------------


def elementwise(reader: Reader, node: Node) -> None:
    """Two activations: ``add`` or ``multiply`` (broadcast as NumPy's). An activation and a
    constant: a factor per channel is a ``scale`` (C parameters); a single number (x·0.5, x/√2)
    is no layer of its own, the activation itself; anything else is refused."""
    sources = [reader.acts.get(name) for name in node.inputs]
    acts = [source for source in sources if source is not None]
    kinds = {"Add": "add", "Mul": "multiply"}
    if len(acts) == 2 and node.op_type in kinds:
        reader.emit(node, {"type": kinds[node.op_type]}, acts)
        return
    if len(acts) != 1:
        raise reader.fail(said("error.onnx_elementwise"), said("hint.onnx_elementwise"))
    source = acts[0]
    const = reader.consts[next(name for name, s in zip(node.inputs, sources, strict=True) if s is None)]
    channels = source.shape[0]
    per_channel = const.count == channels and channels > 1 and _channel_dims(const.dims, len(source.shape))
    if node.op_type == "Mul" and per_channel and const.initializer is not None:
        reader.emit(node, {"type": "scale"}, [source], (const.initializer,))
    elif const.count == 1:
        reader.alias(node, source)
        reader.by_constant.append(node.name or node.outputs[0])
    else:
        raise reader.fail(
            said("error.onnx_elementwise_constant", dims=list(const.dims)), said("hint.onnx_elementwise")
        )


def _channel_dims(dims: tuple[int, ...], rank: int) -> bool:
    """A constant's dims that broadcast along the channel axis only: C×1×1 (or C on a vector)."""
    return len(dims) in (rank, rank + 1) and all(d == 1 for d in dims[len(dims) - rank + 1 :])


def concat(reader: Reader, node: Node) -> None:
    sources = [reader.act(node, position) for position in range(len(node.inputs))]
    rank = len(sources[0].shape) + 1
    axis = attr(node, "axis", 1)
    if (axis + rank if axis < 0 else axis) != 1:
        raise reader.fail(said("error.onnx_axis", axis=axis), said("hint.onnx_axis"))
    if len(sources) == 1:
        reader.alias(node, sources[0])
        return
    reader.emit(node, {"type": "concat"}, sources)


def softmax(reader: Reader, node: Node) -> None:
    reader.emit(node, {"type": "softmax"}, [reader.act(node)])


# --- shapes: flatten, reshape, transpose, split, slice, resize, pad -------------------------------


def flatten(reader: Reader, node: Node) -> None:
    source = reader.act(node)
    axis = attr(node, "axis", 1)
    if axis != 1 and axis != -(len(source.shape)):
        raise reader.fail(said("error.onnx_axis", axis=axis), said("hint.onnx_axis"))
    reader.emit(node, {"type": "flatten"}, [source])


def _reshape_to(reader: Reader, node: Node, source: Act, target: list[int]) -> None:
    """A reshape to ``target`` (with the batch axis, as ONNX writes it): the batch entry dropped."""
    if len(target) < 2 or target[0] not in (0, 1, -1, reader.batch):
        raise reader.fail(said("error.onnx_reshape_batch", shape=target), said("hint.onnx_reshape_batch"))
    rest = target[1:]
    if target[0] == -1 and -1 in rest:
        raise reader.fail(said("error.onnx_reshape_batch", shape=target), said("hint.onnx_reshape_batch"))
    reader.emit(node, {"type": "reshape", "shape": rest}, [source])


def reshape(reader: Reader, node: Node) -> None:
    source = reader.act(node)
    target = reader.ints(node, 1) or []
    if attr(node, "allowzero", 0) and 0 in target:
        raise reader.fail(said("error.onnx_attribute", name="allowzero"))
    if _channel_shuffle(reader, node, source, target):
        return
    _reshape_to(reader, node, source, target)


def _channel_shuffle(reader: Reader, node: Node, source: Act, target: list[int]) -> bool:
    """ShuffleNet's shuffle, ``x.view(N, g, C/g, H, W).transpose(1, 2).reshape(N, C, H, W)``:
    one ``channel_shuffle`` layer, named as the Transpose."""
    shape = source.shape
    if len(target) != len(shape) + 2 or len(shape) < 2:
        return False
    groups = target[1]
    if groups <= 0 or target[2] not in (-1, shape[0] // groups) or list(target[3:]) != list(shape[1:]):
        return False
    transpose = reader.only_consumer(node.outputs[0])
    if transpose is None or transpose.op_type != "Transpose":
        return False
    if list(attr(transpose, "perm", [])) != [0, 2, 1, *range(3, len(target))]:
        return False
    back = reader.only_consumer(transpose.outputs[0])
    if back is None or back.op_type != "Reshape":
        return False
    reader.fused.update({reader.consumer_index(node.outputs[0]), reader.consumer_index(transpose.outputs[0])})
    reader.emit(transpose, {"type": "channel_shuffle", "groups": groups}, [source])
    reader.alias(back, reader.acts[transpose.outputs[0]])
    return True


def squeeze(reader: Reader, node: Node) -> None:
    """``Squeeze``/``Unsqueeze`` of an activation: the reshape they are."""
    source = reader.act(node)
    dims = [1, *source.shape]
    axes = (reader.ints(node, 1) if _has(node, 1) else attr(node, "axes")) or []
    if node.op_type == "Squeeze":
        drop = {a + len(dims) if a < 0 else a for a in axes} or {i for i, d in enumerate(dims) if d == 1}
        target = [d for i, d in enumerate(dims) if i not in drop or i == 0]
    else:
        target = list(dims)
        for axis in sorted(a + len(dims) + len(axes) if a < 0 else a for a in axes):
            target.insert(axis, 1)
    _reshape_to(reader, node, source, target)


def transpose(reader: Reader, node: Node) -> None:
    """A ``permute`` (ConvNeXt's channels-last blocks), but for the channels-last ``Transpose``s of
    a graph exported from Keras or TensorFlow: N×H×W×C → N×C×H×W on the input (the spec reads it
    channels-first), and back to N×H×W×C where the result is only flattened (or is the output):
    the same elements, counted alike."""
    source = reader.act(node)
    perm = list(attr(node, "perm", []))
    rank = len(source.shape) + 1
    to_first = [0, rank - 1, *range(1, rank - 1)]
    if source.source == "input" and perm == to_first and not reader.layers:
        shape = source.shape
        reader.acts[node.outputs[0]] = Act("input", (shape[-1], *shape[:-1]))
        reader.input_shape = (shape[-1], *shape[:-1])
        reader.notes.append(said("note.onnx_channels_last", node=node.name or node.outputs[0]))
        return
    if perm == [0, *range(2, rank), 1] and _only_flattened(reader, node.outputs[0]):
        reader.alias(node, source)  # channels-last again, then flat: the same count of elements
        reader.notes.append(said("note.onnx_channels_last_back", node=node.name or node.outputs[0]))
        return
    reader.emit(node, {"type": "permute", "dims": perm}, [source])  # perm counts the batch axis, as dims does


def _only_flattened(reader: Reader, tensor: str) -> bool:
    """Every reader of ``tensor`` flattens it (Flatten, or a Reshape to N×k) or it is an output."""
    readers = [reader.graph.nodes[i] for i in reader.consumers.get(tensor, [])]
    outputs = {info.name for info in reader.graph.outputs}
    if not readers:
        return tensor in outputs
    for later in readers:
        if later.op_type == "Flatten" and attr(later, "axis", 1) == 1:
            continue
        target = reader.consts.get(later.inputs[1]) if later.op_type == "Reshape" else None
        values = target.values() if target is not None else None
        if values is None or len(values) != 2:
            return False
    return True


def split(reader: Reader, node: Node) -> None:
    source = reader.act(node)
    rank = len(source.shape) + 1
    axis = attr(node, "axis", 0)
    if (axis + rank if axis < 0 else axis) != 1:
        raise reader.fail(said("error.onnx_axis", axis=axis), said("hint.onnx_axis"))
    sizes = reader.ints(node, 1) if _has(node, 1) else attr(node, "split")
    parts = len(node.outputs)
    if not sizes:  # equal parts (num_outputs from opset 18), the last smaller as torch.chunk's
        each = -(-source.shape[0] // parts)
        sizes = [each] * (parts - 1) + [source.shape[0] - each * (parts - 1)]
    reader.emit(node, {"type": "split", "sizes": list(sizes)}, [source])


def slice_(reader: Reader, node: Node) -> None:
    """A ``Slice`` of channels (torch.chunk and x[:, a:b] export so): a ``split`` at its bounds,
    the part it keeps; the slices of one tensor at the same bounds share one split."""
    source = reader.act(node)
    rank, channels = len(source.shape) + 1, source.shape[0]
    starts, ends = reader.ints(node, 1) or [], reader.ints(node, 2) or []
    axes = (reader.ints(node, 3) if _has(node, 3) else None) or list(range(len(starts)))
    steps = (reader.ints(node, 4) if _has(node, 4) else None) or [1] * len(starts)
    if [a + rank if a < 0 else a for a in axes] != [1] or steps != [1]:
        raise reader.fail(said("error.onnx_slice"), said("hint.onnx_slice"))
    start, end = (max(0, min(v + channels if v < 0 else v, channels)) for v in (starts[0], ends[0]))
    if start >= end:
        raise reader.fail(said("error.onnx_slice"), said("hint.onnx_slice"))
    if (start, end) == (0, channels):
        reader.alias(node, source)
        return
    bounds = sorted({0, start, end, channels})
    key = (source.source, tuple(bounds))
    part = bounds.index(start)
    name = reader.reused.get(key)
    if name is None:
        sizes = [b - a for a, b in itertools.pairwise(bounds)]
        reader.emit(node, {"type": "split", "sizes": sizes}, [source])
        name = reader.layers[-1]["name"]
        reader.reused[key] = name
    spatial = source.shape[1:]
    reader.acts[node.outputs[0]] = Act(f"{name}.{part}", (end - start, *spatial))


def resize(reader: Reader, node: Node) -> None:
    """``Resize`` (and the older ``Upsample``) by scales or to sizes: an ``upsample``."""
    source = reader.act(node)
    spatial = len(source.shape) - 1
    sizes = reader.ints(node, 3) if _has(node, 3) else None
    scales = None if sizes else reader.floats(node, 2 if node.op_type == "Resize" else 1)
    if scales is None and node.op_type == "Resize" and not sizes and _has(node, 1):
        scales = reader.floats(node, 1)  # opset 10: Resize(X, scales)
    raw: dict[str, Any] = {"type": "upsample"}
    if sizes:
        if sizes[:2] != [1, source.shape[0]] and sizes[1:2] != [source.shape[0]]:
            raise reader.fail(said("error.onnx_resize"))
        raw["size"] = per_dim(sizes[2:])
    elif scales and len(scales) == spatial + 2 and scales[:2] == [1.0, 1.0]:
        raw["scale_factor"] = scales[2] if len(set(scales[2:])) == 1 else list(scales[2:])
    else:
        raise reader.fail(said("error.onnx_resize"))
    mode = attr(node, "mode", "nearest")
    modes = {
        "nearest": "nearest",
        "cubic": "bicubic",
        "linear": {1: "linear", 2: "bilinear", 3: "trilinear"}[spatial],
    }
    raw["mode"] = modes.get(mode, "nearest")
    if mode != "nearest" and attr(node, "coordinate_transformation_mode") == "align_corners":
        raw["align_corners"] = True
    reader.emit(node, raw, [source])


def pad(reader: Reader, node: Node) -> None:
    """Zero ``Pad`` of the spatial axes, the same on both sides: ``zero_padding``."""
    source = reader.act(node)
    rank = len(source.shape) + 1
    pads = reader.ints(node, 1) if _has(node, 1) else list(attr(node, "pads", []))
    value = reader.floats(node, 2) if _has(node, 2) else [attr(node, "value", 0.0)]
    if _has(node, 3) or attr(node, "mode", "constant") != "constant" or (value or [0.0])[0] != 0:
        raise reader.fail(said("error.onnx_pad"), said("hint.onnx_pad"))
    pads = list(pads or [0] * 2 * rank)
    begin, end = pads[:rank], pads[rank:]
    if begin != end or any(begin[:2]) or any(p < 0 for p in begin):
        raise reader.fail(said("error.onnx_asymmetric_pads", pads=pads), said("hint.onnx_asymmetric_pads"))
    reader.emit(node, {"type": "zero_padding", "padding": per_dim(begin[2:])}, [source])


HANDLERS: dict[str, Callable[[Reader, Node], None]] = {
    "Conv": conv,
    "ConvTranspose": conv_transpose,
    "Gemm": gemm,
    "MatMul": matmul,
    "MaxPool": pool("maxpool"),
    "AveragePool": pool("avgpool"),
    "GlobalAveragePool": global_pool("adaptive_avgpool"),
    "GlobalMaxPool": global_pool("adaptive_maxpool"),
    "ReduceMean": reduce("avgpool"),
    "ReduceMax": reduce("maxpool"),
    "BatchNormalization": batchnorm,
    "LayerNormalization": layernorm,
    "LRN": lrn,
    "Relu": activation("relu"),
    "Sigmoid": activation("sigmoid"),
    "Tanh": activation("tanh"),
    "HardSwish": activation("hardswish"),
    "HardSigmoid": activation("hardsigmoid"),
    "Elu": activation("elu"),
    "Selu": activation("selu"),
    "LeakyRelu": activation("leaky_relu"),
    "Softplus": activation("softplus"),
    "Softsign": activation("softsign"),
    "Gelu": activation("gelu"),
    "Mish": activation("mish"),
    "LogSoftmax": activation("log_softmax"),
    "Softmax": softmax,
    "Clip": clip,
    "Erf": erf,
    "PRelu": prelu,
    "Dropout": dropout,
    "Identity": identity,
    "Cast": identity,
    "Add": elementwise,
    "Mul": elementwise,
    "Sub": elementwise,
    "Div": elementwise,
    "Concat": concat,
    "Flatten": flatten,
    "Reshape": reshape,
    "Squeeze": squeeze,
    "Unsqueeze": squeeze,
    "Transpose": transpose,
    "Split": split,
    "Slice": slice_,
    "Resize": resize,
    "Upsample": resize,
    "Pad": pad,
}
