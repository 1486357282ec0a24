"""The part of an ONNX file cnncalc reads, decoded from protobuf's wire format by hand.

An ONNX model is a protobuf ``ModelProto`` (onnx/onnx.proto3). cnncalc needs the graph's nodes,
their attributes, the initializers' names, element types and dims, the inputs' and outputs' shapes
and the opset, never a weight: so the file is mapped (``mmap``) and each tensor's data is skipped
by its length, the bytes never touched, and a 100 MB model costs a few pages. Only small integer
and float tensors (a Reshape's target shape, a Resize's scales) are decoded, when asked for. No
dependency: the ``onnx`` package is not needed to read a model.

Field numbers below are onnx.proto3's. A file that is no protobuf, or is cut short, raises
:class:`WireError` with what is wrong and where (the byte offset), for the reader to say in one line.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

# TensorProto.DataType values cnncalc decodes or counts.
FLOAT, UINT8, INT8, UINT16, INT16, INT32, INT64 = 1, 2, 3, 4, 5, 6, 7
BOOL, FLOAT16, DOUBLE, UINT32, UINT64, BFLOAT16 = 9, 10, 11, 12, 13, 16
FLOAT_TYPES = frozenset({FLOAT, FLOAT16, DOUBLE, BFLOAT16, 17, 18, 19, 20, 23})
# A tensor decoded to values only when it is this small: shapes, scales, pads, axes.
MAX_DECODED = 4096
# Subgraphs (If, Loop) are skipped; this bounds what a hostile file can make cnncalc build.
MAX_ITEMS = 2_000_000

_VARINT, _FIXED64, _LENGTH, _FIXED32 = 0, 1, 2, 5


class WireError(ValueError):
    """The bytes are no ONNX protobuf: ``args[0]`` says what (``truncated``, ``corrupt``), ``args[1]``
    the byte offset."""


@dataclass
class Tensor:
    """A TensorProto without its data: where the data lies, decoded on demand by :func:`values`."""

    name: str = ""
    dims: tuple[int, ...] = ()
    data_type: int = 0
    external: bool = False
    # field number → the (start, end) byte ranges of its data in the file (raw_data, float_data, …).
    data: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    varints: dict[int, list[int]] = field(default_factory=dict)  # unpacked int64/int32 data


@dataclass
class Attribute:
    name: str = ""
    f: float | None = None
    i: int | None = None
    s: bytes | None = None
    t: Tensor | None = None
    floats: list[float] = field(default_factory=list)
    ints: list[int] = field(default_factory=list)
    has_graph: bool = False

    def value(self) -> Any:
        """The attribute's value, whichever field holds it (ONNX sets one)."""
        for value in (self.i, self.f, self.s, self.t):
            if value is not None:
                return value
        return self.ints or self.floats or None


@dataclass
class Node:
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    name: str = ""
    op_type: str = ""
    domain: str = ""
    attributes: dict[str, Attribute] = field(default_factory=dict)


@dataclass
class ValueInfo:
    """A graph input's, output's or value_info's name and shape: a dim is an int, a name (``N``,
    a symbolic ``dim_param``) or None (unknown)."""

    name: str = ""
    elem_type: int = 0
    dims: list[int | str | None] | None = None


@dataclass
class Graph:
    name: str = ""
    nodes: list[Node] = field(default_factory=list)
    initializers: dict[str, Tensor] = field(default_factory=dict)
    inputs: list[ValueInfo] = field(default_factory=list)
    outputs: list[ValueInfo] = field(default_factory=list)
    value_info: dict[str, ValueInfo] = field(default_factory=dict)


@dataclass
class Model:
    ir_version: int | None = None
    producer: str = ""
    opsets: dict[str, int] = field(default_factory=dict)
    graph: Graph | None = None


# --- the wire format ----------------------------------------------------------------------------


def _varint(buf: Any, pos: int, end: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= end:
            raise WireError("truncated", pos)
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise WireError("corrupt", pos)


def _signed(value: int) -> int:
    """An int64 as protobuf writes a negative one: ten bytes of two's complement."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _fields(buf: Any, pos: int, end: int) -> Any:
    """Each field of the message in ``buf[pos:end]``: (number, wire type, value), the value an int
    (varint) or the (start, end) of its bytes."""
    while pos < end:
        key, pos = _varint(buf, pos, end)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise WireError("corrupt", pos)
        if wire == _VARINT:
            value, pos = _varint(buf, pos, end)
            yield number, wire, value
            continue
        size = {_FIXED64: 8, _FIXED32: 4}.get(wire)
        if size is None:
            if wire != _LENGTH:
                raise WireError("corrupt", pos)
            size, pos = _varint(buf, pos, end)
        if pos + size > end:
            raise WireError("truncated", end)
        yield number, wire, (pos, pos + size)
        pos += size


def _text(buf: Any, span: tuple[int, int]) -> str:
    return bytes(buf[span[0] : span[1]]).decode("utf-8", "backslashreplace")


def _ints(buf: Any, wire: int, value: Any, signed: bool = True) -> list[int]:
    """A repeated integer field's entries in this occurrence: packed (one run) or one varint."""
    if wire == _VARINT:
        return [_signed(value) if signed else value]
    if wire != _LENGTH:
        raise WireError("corrupt", 0)
    out, pos, end = [], value[0], value[1]
    while pos < end:
        item, pos = _varint(buf, pos, end)
        out.append(_signed(item) if signed else item)
    return out


def _floats(buf: Any, wire: int, value: Any) -> list[float]:
    if not isinstance(value, tuple):
        raise WireError("corrupt", 0)
    start, end = value
    if wire == _FIXED32 or (wire == _LENGTH and (end - start) % 4 == 0):
        return list(struct.unpack(f"<{(end - start) // 4}f", bytes(buf[start:end])))
    raise WireError("corrupt", start)


def _span(wire: int, value: Any) -> tuple[int, int]:
    if wire != _LENGTH:
        raise WireError("corrupt", 0)
    span: tuple[int, int] = value
    return span


# --- the messages -------------------------------------------------------------------------------


def read_model(buf: Any) -> Model:
    """The ModelProto in ``buf`` (bytes or an mmap); WireError when it is none."""
    model = Model()
    for number, wire, value in _fields(buf, 0, len(buf)):
        if number == 1 and wire == _VARINT:
            model.ir_version = value
        elif number == 2 and wire == _LENGTH:
            model.producer = _text(buf, value)
        elif number == 7:
            model.graph = _graph(buf, _span(wire, value))
        elif number == 8:
            domain, version = _opset(buf, _span(wire, value))
            model.opsets[domain] = version
    return model


def _opset(buf: Any, span: tuple[int, int]) -> tuple[str, int]:
    domain, version = "", 0
    for number, wire, value in _fields(buf, *span):
        if number == 1:
            domain = _text(buf, _span(wire, value))
        elif number == 2 and wire == _VARINT:
            version = value
    return domain, version


def _graph(buf: Any, span: tuple[int, int]) -> Graph:
    graph = Graph()
    for items, (number, wire, value) in enumerate(_fields(buf, *span)):
        if items >= MAX_ITEMS:
            raise WireError("too_large", value[0] if isinstance(value, tuple) else 0)
        if number == 1:
            graph.nodes.append(_node(buf, _span(wire, value)))
        elif number == 2:
            graph.name = _text(buf, _span(wire, value))
        elif number == 5:
            tensor = _tensor(buf, _span(wire, value))
            graph.initializers[tensor.name] = tensor
        elif number in (11, 12, 13):
            info = _value_info(buf, _span(wire, value))
            if number == 11:
                graph.inputs.append(info)
            elif number == 12:
                graph.outputs.append(info)
            else:
                graph.value_info[info.name] = info
    return graph


def _node(buf: Any, span: tuple[int, int]) -> Node:
    node = Node()
    for number, wire, value in _fields(buf, *span):
        if number == 1:
            node.inputs.append(_text(buf, _span(wire, value)))
        elif number == 2:
            node.outputs.append(_text(buf, _span(wire, value)))
        elif number == 3:
            node.name = _text(buf, _span(wire, value))
        elif number == 4:
            node.op_type = _text(buf, _span(wire, value))
        elif number == 5:
            attribute = _attribute(buf, _span(wire, value))
            node.attributes[attribute.name] = attribute
        elif number == 7:
            node.domain = _text(buf, _span(wire, value))
    return node


def _attribute(buf: Any, span: tuple[int, int]) -> Attribute:
    attribute = Attribute()
    for number, wire, value in _fields(buf, *span):
        if number == 1:
            attribute.name = _text(buf, _span(wire, value))
        elif number == 2 and wire == _FIXED32:
            attribute.f = struct.unpack("<f", bytes(buf[value[0] : value[1]]))[0]
        elif number == 3 and wire == _VARINT:
            attribute.i = _signed(value)
        elif number == 4:
            start, end = _span(wire, value)
            attribute.s = bytes(buf[start:end])
        elif number == 5:
            attribute.t = _tensor(buf, _span(wire, value))
        elif number in (6, 11):
            attribute.has_graph = True  # a subgraph (If, Loop, Scan): never read
        elif number == 7:
            attribute.floats += _floats(buf, wire, value)
        elif number == 8:
            attribute.ints += _ints(buf, wire, value)
    return attribute


def _tensor(buf: Any, span: tuple[int, int]) -> Tensor:
    tensor = Tensor()
    dims: list[int] = []
    for number, wire, value in _fields(buf, *span):
        if number == 1:
            dims += _ints(buf, wire, value)
        elif number == 2 and wire == _VARINT:
            tensor.data_type = value
        elif number == 8:
            tensor.name = _text(buf, _span(wire, value))
        elif number == 14 and wire == _VARINT:
            tensor.external = value == 1
        elif number in (4, 5, 7, 9, 10, 11):
            if wire == _VARINT:
                tensor.varints.setdefault(number, []).append(value)
            elif wire == _LENGTH:
                tensor.data.setdefault(number, []).append(value)
            else:  # an unpacked float (fixed32) or double (fixed64)
                tensor.data.setdefault(number, []).append(value)
    tensor.dims = tuple(dims)
    return tensor


def _value_info(buf: Any, span: tuple[int, int]) -> ValueInfo:
    info = ValueInfo()
    for number, wire, value in _fields(buf, *span):
        if number == 1:
            info.name = _text(buf, _span(wire, value))
        elif number == 2:  # TypeProto → tensor_type (1) → elem_type (1), shape (2)
            for n2, w2, v2 in _fields(buf, *_span(wire, value)):
                if n2 == 1 and w2 == _LENGTH:
                    _tensor_type(buf, v2, info)
    return info


def _tensor_type(buf: Any, span: tuple[int, int], info: ValueInfo) -> None:
    for number, wire, value in _fields(buf, *span):
        if number == 1 and wire == _VARINT:
            info.elem_type = value
        elif number == 2 and wire == _LENGTH:
            info.dims = [_dimension(buf, v) for n, w, v in _fields(buf, *value) if n == 1 and w == _LENGTH]


def _dimension(buf: Any, span: tuple[int, int]) -> int | str | None:
    """A TensorShapeProto.Dimension: dim_value (1), dim_param (2), or neither (unknown)."""
    for number, wire, value in _fields(buf, *span):
        if number == 1 and wire == _VARINT:
            return _signed(value)
        if number == 2 and wire == _LENGTH:
            return _text(buf, value)
    return None


# --- a small tensor's values ----------------------------------------------------------------------

_RAW_FORMATS = {FLOAT: "f", DOUBLE: "d", INT64: "q", INT32: "i", INT16: "h", INT8: "b", UINT8: "B", BOOL: "?"}


def element_count(tensor: Tensor) -> int:
    count = 1
    for dim in tensor.dims:
        count *= dim
    return count


def values(buf: Any, tensor: Tensor) -> list[float] | list[int] | None:
    """The values of a small tensor (at most MAX_DECODED), flat; None when it is larger, held in
    an external file, or of a type cnncalc does not decode."""
    if tensor.external or element_count(tensor) > MAX_DECODED:
        return None
    if 9 in tensor.data:  # raw_data: little-endian, packed
        code = _RAW_FORMATS.get(tensor.data_type)
        start, end = tensor.data[9][-1]
        if code is None or (end - start) != element_count(tensor) * struct.calcsize(code):
            return None
        return list(struct.unpack(f"<{element_count(tensor)}{code}", bytes(buf[start:end])))
    if tensor.data_type == FLOAT:
        return [v for span in tensor.data.get(4, []) for v in _floats(buf, _LENGTH, span)]
    if tensor.data_type == DOUBLE:
        spans = tensor.data.get(10, [])
        return [v for s, e in spans for v in struct.unpack(f"<{(e - s) // 8}d", bytes(buf[s:e]))]
    number = (
        7 if tensor.data_type == INT64 else 5 if tensor.data_type in (INT32, INT16, INT8, UINT8, BOOL) else 0
    )
    if number == 0:
        return None
    ints = [_signed(v) for v in tensor.varints.get(number, [])]
    for span in tensor.data.get(number, []):
        ints += _ints(buf, _LENGTH, span)
    return ints
