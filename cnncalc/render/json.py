"""The JSON output: a public contract that users' CI jobs parse. Add keys; never rename or drop one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from cnncalc.engine.results import DTYPE_BYTES, Exact, Flag, LayerResult, NetworkResult, ReceptiveField
from cnncalc.render.formatting import number_value, ratio_text
from cnncalc.render.i18n import Lang, flag_text
from cnncalc.render.jsontext import Fragment, dumps_indented, printable_string
from cnncalc.text import json_document as printable_json

if TYPE_CHECKING:
    from cnncalc.spec.blocks import BlockRef


def network_dict(result: NetworkResult, strict: bool = False, dtype: str = "float32") -> dict[str, Any]:
    """One spec's result as plain data; shapes are channels-first lists, layers indexed from 1."""
    size = DTYPE_BYTES[dtype]
    # Layers that keep their input's field (relu, batchnorm, …) share its object: convert it once.
    fields: dict[int, dict[str, Any] | None] = {}
    layers = [_layer_dict(layer, size, fields) for layer in result.layers]
    if result.convention is not None:  # keys added only with a convention: nothing else changes
        for layer_data, layer in zip(layers, result.layers, strict=True):
            layer_data["buffers"] = layer.buffers
    return _network_data(result, strict, dtype, layers)


def _network_data(
    result: NetworkResult, strict: bool, dtype: str, layers: Any, warnings: Any = None
) -> dict[str, Any]:
    """The network's mapping around ``layers`` (its layers' dicts, or a Fragment writing them)
    and ``warnings`` (a Fragment writing them; their dicts by default)."""
    flagged = result.warnings
    if warnings is None:
        warnings = [flag_dict(flag, layer) for layer, flag in flagged]
    size = DTYPE_BYTES[dtype]
    data: dict[str, Any] = {
        "name": result.name,
        "input_shape": list(result.input_shape),
        "output_shape": list(result.output_shape),
        "total_params": result.total_params,
        "trainable_params": result.trainable_params,
        "non_trainable_params": result.non_trainable_params,
        "total_macs": result.total_macs,
        "ok": not ((strict or result.strict) and flagged),
        "warnings": warnings,
        "param_bytes": result.param_bytes(),
        "activation_bytes": result.activation_bytes(),
        "layers": layers,
        "dtype": dtype,
        "dtype_param_bytes": result.param_bytes(size),
        "dtype_activation_bytes": result.activation_bytes(size),
        "receptive_field": _field_dict(result.layers[-1].receptive_field) if result.layers else None,
    }
    if result.layout == "channels_last":  # shapes stay channels-first; this says how input was read
        data["layout"] = result.layout
    if result.batch is not None:  # the counts above stay per sample; these are per batch
        data["batch"] = result.batch
        data["batch_macs"] = result.batch * result.total_macs
        data["batch_activation_bytes"] = result.batch * result.activation_bytes(size)
    if result.convention is not None:
        data["convention"] = result.convention
        data["total_buffers"] = result.total_buffers
    if result.description is not None:
        data["description"] = result.description
    return data


def render_json(results: list[NetworkResult], strict: bool = False, dtype: str = "float32") -> str:
    """``json_document`` of the results' :func:`network_dict`: the same text (a test holds them
    equal), with every layer written straight from its result instead of through a dict, and
    each string as json_document leaves it (printable_string), instead of a pass over the text."""
    size = DTYPE_BYTES[dtype]
    items = []
    for result in results:
        sentence = _Sentences()  # a flag shared by repeated layers is written once
        layers = Fragment(partial(_layers_text, result, size, sentence))
        warnings = Fragment(partial(_warnings_text, result, sentence))
        items.append(_network_data(result, strict, dtype, layers, warnings))
    return dumps_indented(items[0] if len(items) == 1 else items, string=printable_string)


def json_document(items: list[dict[str, Any]]) -> str:
    """One spec → one object; several → an array of them."""
    return printable_json(dumps_indented(items[0] if len(items) == 1 else items))


def _layer_dict(
    layer: LayerResult, bytes_per_value: int, fields: dict[int, dict[str, Any] | None]
) -> dict[str, Any]:
    field = layer.receptive_field
    if id(field) not in fields:
        fields[id(field)] = _field_dict(field)
    data = {
        "index": layer.index,
        "name": layer.name,
        "type": layer.type,
        "input_shape": list(layer.input_shape),
        "output_shape": list(layer.output_shape),
        "params": layer.params,
        "trainable_params": layer.trainable_params,
        "non_trainable_params": layer.non_trainable_params,
        "macs": layer.macs,
        "warnings": [flag_dict(flag, layer) for flag in layer.warnings],
        "notes": [flag_dict(flag, layer) for flag in layer.notes],
        "inputs": list(layer.inputs),
        "input_shapes": [list(shape) for shape in layer.input_shapes],
        "block_path": [ref.name for ref in layer.block_path],
        "receptive_field": fields[id(field)],
        "activation_elements": layer.activation_elements,
        "memory_bytes": layer.memory_bytes(bytes_per_value),
    }
    if layer.outputs:  # a split: its parts (output_shape is the first part's)
        data["outputs"] = list(layer.outputs)
        data["output_shapes"] = [list(shape) for shape in layer.output_shapes]
    return data


def _field_dict(field: ReceptiveField | None) -> dict[str, Any] | None:
    """Per spatial axis: size, jump and start (the centre of the first output's field)."""
    if field is None:
        return None
    return {
        "size": [number_value(v) for v in field.size],
        "jump": [number_value(v) for v in field.jump],
        "start": [number_value(v) for v in field.start],
    }


def flag_dict(flag: Flag, layer: LayerResult, sentence: Sentence = None) -> dict[str, Any]:
    """A flag of ``layer``; ``sentence`` writes its English sentence (default: flag_text)."""
    data: dict[str, Any] = {
        "layer": layer.index,
        "name": layer.name,
        "kind": flag.kind,
        # the English sentence, as before flags were data
        "message": flag_text(flag, Lang.en) if sentence is None else sentence(flag),
    }
    if flag.axis is not None:
        data["axis"] = flag.axis + 1
    if flag.exact is not None:
        data["exact"] = ratio_text(flag.exact)
        data["exact_value"] = float(flag.exact)
    return data


# --- the layers written in one pass (render_json) ---------------------------------------------

Sentence = Callable[[Flag], str] | None


class _Sentences:
    """Each flag's English sentence, written once: the calculator gives a repeated layer's
    copies the same flags (by identity; each flag is kept, so its id is not reused)."""

    def __init__(self) -> None:
        self.written: dict[int, tuple[Flag, str]] = {}

    def __call__(self, flag: Flag) -> str:
        known = self.written.get(id(flag))
        if known is None:
            known = self.written[id(flag)] = (flag, flag_text(flag, Lang.en))
        return known[1]


_int_repr = int.__repr__
_INT = frozenset({int})
# A layer's keys in _layer_dict's order (the keys of a split's parts, and buffers, come after).
_LAYER_KEYS = (
    "index",
    "name",
    "type",
    "input_shape",
    "output_shape",
    "params",
    "trainable_params",
    "non_trainable_params",
    "macs",
    "warnings",
    "notes",
    "inputs",
    "input_shapes",
    "block_path",
    "receptive_field",
    "activation_elements",
    "memory_bytes",
)


def _layers_text(result: NetworkResult, bytes_per_value: int, sentence: Sentence, newline: str) -> str:
    """The text :func:`dumps_indented` writes for the layers' dicts after ``newline`` (a line
    break and the list's indent), written from each result with the dicts' keys in place."""
    if not result.layers:
        return "[]"
    item = newline + "  "
    writer = _LayerWriter(item + "  ", bytes_per_value, result.convention is not None, sentence)
    texts = [writer.layer(layer) for layer in result.layers]
    # The brackets put on the first and last layer's text, not around the joined text: that
    # would copy it again (tens of MB for 100,000 layers).
    texts[0] = "[" + item + texts[0]
    texts[-1] += newline + "]"
    return ("," + item).join(texts)


def _warnings_text(result: NetworkResult, sentence: Sentence, newline: str) -> str:
    """The text :func:`dumps_indented` writes for the network's warnings' dicts after ``newline``."""
    return _LayerWriter(newline, 0, False, sentence).flag_list(list(result.warnings))


class _LayerWriter:
    """One layer's JSON text at a fixed indent; the text of shapes and fields, which repeat
    from layer to layer, is kept and reused."""

    def __init__(self, key: str, bytes_per_value: int, buffers: bool, sentence: Sentence) -> None:
        self.sentence = sentence
        self.key = key  # a line break and the indent of a layer's keys
        self.inner = key + "  "  # … and of the items of its lists
        self.bytes_per_value = bytes_per_value
        self.buffers = buffers
        self.shapes: dict[tuple[int, ...], str] = {}
        self.input_shapes: dict[tuple[tuple[int, ...], ...], str] = {}
        self.fields: dict[ReceptiveField | None, str] = {}
        self.per_axis: dict[tuple[Exact, ...], str] = {}  # a field's jump and start repeat
        self.flag_texts: dict[int, tuple[Flag, str]] = {}  # flag_rest(), by the flag's id
        self.paths: dict[tuple[BlockRef, ...], str] = {}
        # Names' and types' strings: a layer's name is written again as a later layer's input.
        self.texts: dict[str, str] = {}
        # A layer's text with its values left to fill (%s: each is text by then, or an int):
        # one % formatting is several times faster than an f-string of fifty pieces.
        keys = "".join(f'{key}"{name}": %s,' for name in _LAYER_KEYS)
        self.template = "{" + keys[:-1] + "%s" + key[:-2] + "}"  # %s: what follows memory_bytes

    def layer(self, layer: LayerResult) -> str:
        k = self.key
        # The kept texts looked up here, a method called only for one not written yet (a text
        # is never empty): a thousand-layer network repeats its shapes, fields and paths.
        shapes, fields, texts = self.shapes, self.fields, self.texts
        input_shape = shapes.get(layer.input_shape) or self.shape(layer.input_shape)
        output_shape = shapes.get(layer.output_shape) or self.shape(layer.output_shape)
        input_shapes = self.input_shapes.get(layer.input_shapes) or self.shape_list(layer.input_shapes)
        path = self.paths.get(layer.block_path) or self.block_path(layer.block_path)
        field = fields.get(layer.receptive_field) or self.field(layer.receptive_field)
        warnings = self.flags(layer.warnings, layer) if layer.warnings else "[]"
        notes = self.flags(layer.notes, layer) if layer.notes else "[]"
        elements = layer.activation_elements
        buffers = f',{k}"buffers": {_number(layer.buffers)}' if self.buffers else ""
        if layer.outputs:  # a split: its parts, as _layer_dict adds them
            outputs, parts = self.names(layer.outputs), self.shape_list(layer.output_shapes)
            buffers = f',{k}"outputs": {outputs},{k}"output_shapes": {parts}{buffers}'
        counts: tuple[Any, ...] = (
            layer.index,
            layer.params,
            layer.trainable_params,
            layer.non_trainable_params,
            layer.macs,
            elements,
            elements * self.bytes_per_value,
        )
        if not _INT.issuperset(map(type, counts)):  # %s writes an int as JSON does, nothing else
            counts = tuple(map(_number, counts))
        index, params, trainable, non_trainable, macs, elements, memory = counts
        return self.template % (
            index,
            texts.get(layer.name) or self.text(layer.name),
            texts.get(layer.type) or self.text(layer.type),
            input_shape,
            output_shape,
            params,
            trainable,
            non_trainable,
            macs,
            warnings,
            notes,
            self.names(layer.inputs),
            input_shapes,
            path,
            field,
            elements,
            memory,
            buffers,
        )

    def shape(self, shape: tuple[int, ...]) -> str:
        text = self.shapes.get(shape)
        if text is None:
            text = self.shapes[shape] = dumps_indented(list(shape), self.key[1:])
        return text

    def shape_list(self, shapes: tuple[tuple[int, ...], ...]) -> str:
        text = self.input_shapes.get(shapes)
        if text is None:
            text = dumps_indented([list(shape) for shape in shapes], self.key[1:])
            self.input_shapes[shapes] = text
        return text

    def block_path(self, path: tuple[BlockRef, ...]) -> str:
        """The names of a layer's blocks: every layer of a block's copy has the same."""
        text = self.paths.get(path)
        if text is None:
            text = self.paths[path] = self.names([ref.name for ref in path])
        return text

    def names(self, names: Any) -> str:
        if not names:
            return "[]"
        inner, texts = self.inner, self.texts
        written = [texts.get(name) or self.text(name) for name in names]  # a text is never empty
        return "[" + inner + ("," + inner).join(written) + self.key + "]"

    def text(self, value: str) -> str:
        """A name's or a type's JSON string, written once."""
        text = self.texts.get(value)
        if text is None:
            text = self.texts[value] = _text(value)
        return text

    def flags(self, flags: tuple[Flag, ...], layer: LayerResult) -> str:
        return self.flag_list([(layer, flag) for flag in flags]) if flags else "[]"

    def flag_list(self, flags: list[tuple[LayerResult, Flag]]) -> str:
        """The list of :func:`flag_dict` texts after ``key``: each its layer's index and name,
        then the flag's own rest."""
        if not flags:
            return "[]"
        item = self.inner  # a line break and the indent of the list's items
        key = item + "  "
        texts = [
            f'{{{key}"layer": {_number(layer.index)},{key}"name": {_text(layer.name)},'
            + self.flag_rest(flag, layer)
            for layer, flag in flags
        ]
        return "[" + item + ("," + item).join(texts) + self.key + "]"

    def flag_rest(self, flag: Flag, layer: LayerResult) -> str:
        """A flag's text after its layer's index and name, which is the flag's own: written once
        for every layer that shares the flag (a repeated layer's copies do, by identity)."""
        known = self.flag_texts.get(id(flag))
        if known is None:
            data = flag_dict(flag, layer, self.sentence)
            del data["layer"], data["name"]
            text = dumps_indented(data, self.inner[1:], printable_string)  # "{", keys after a line break
            known = self.flag_texts[id(flag)] = (flag, text[1:])  # the flag kept: its id stays its own
        return known[1]

    def field(self, field: ReceptiveField | None) -> str:
        text = self.fields.get(field)
        if text is None:
            if field is None:
                text = "null"
            else:
                inner, axes = self.inner, self.axes
                size, jump, start = axes(field.size), axes(field.jump), axes(field.start)
                text = f'{{{inner}"size": {size},{inner}"jump": {jump},{inner}"start": {start}{self.key}}}'
            self.fields[field] = text
        return text

    def axes(self, values: tuple[Exact, ...]) -> str:
        """A field's values per axis, as :func:`_field_dict` gives them, inside the field."""
        text = self.per_axis.get(values)
        if text is None:  # 2 and Fraction(2) are one key: both are written 2
            text = self.per_axis[values] = dumps_indented([number_value(v) for v in values], self.inner[1:])
        return text


def _number(value: Any) -> str:
    return _int_repr(value) if type(value) is int else dumps_indented(value)


def _text(value: Any) -> str:
    return printable_string(value) if type(value) is str else dumps_indented(value, string=printable_string)
