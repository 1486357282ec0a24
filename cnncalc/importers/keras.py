"""Keras models read as plain JSON, with no TensorFlow or Keras: a ``.keras`` file (a ZIP whose
``config.json`` is the model's configuration) or a ``model.to_json()`` file.

The configuration becomes the spec a person would write under ``convention: keras``: the input
channels-last as ``keras.Input`` gives it, one layer per Keras layer under the Keras layer's name,
and ``inputs:`` where a Functional graph is not a chain. Nothing in the file is executed or
imported; a layer cnncalc does not know (a custom class, an unknown ``class_name``) is one error
naming it, never a layer counted as zero. Keras 2 (``batch_input_shape``, list-style
``inbound_nodes``) and Keras 3 configurations are both read.
"""

from __future__ import annotations

import itertools
import json
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cnncalc.errors import Loc, Problem, SpecError, said
from cnncalc.spec.loader import MAX_BYTES, Document, _parse_json

# A .keras archive holds config.json, metadata.json and model.weights.h5 (and assets/); a
# thousand members is far past any saved model, and the directory is read before anything else.
MAX_MEMBERS = 1000
CONFIG = "config.json"
MODEL_CLASSES = ("Sequential", "Functional", "Model")


class KerasDocument(Document):
    """A Keras model's data; a layer's line is the line of its Keras layer in a ``to_json()``
    file (a ``.keras`` file is a ZIP: its problems have no line)."""

    def __init__(
        self, display_name: str, stem: str, data: Any, text: str, is_json: bool, lines: list[int | None]
    ) -> None:
        super().__init__(display_name, stem, data, text, is_json)
        self.lines = lines

    def line_of(self, loc: Loc, aliases: dict[str, tuple[str, ...]] | None = None) -> int | None:
        if len(loc) >= 2 and loc[0] == "layers" and isinstance(loc[1], int) and 0 <= loc[1] < len(self.lines):
            return self.lines[loc[1]]
        return None


class _Refused(Exception):
    """A layer cnncalc cannot read: the message (and hint), the place added by the caller."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# ── Reading the file ─────────────────────────────────────────────────────────────────────────


def read(path: Path) -> Document:
    """A ``.keras`` file → its model's spec data (``cnncalc.importers.READERS``)."""
    name = str(path)
    text = _config_text(path, name)
    data = _parse_json(text, f"{name}:{CONFIG}")
    return document(data, "", name, Path(name).stem, with_lines=False)


def _config_text(path: Path, name: str) -> str:
    """``config.json``'s text, read within bounds: at most MAX_MEMBERS members, at most MAX_BYTES
    uncompressed (a member that says less and inflates to more is a ZIP bomb, stopped there)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _file_error(name, said("keras.too_many_members", count=len(members), max=MAX_MEMBERS))
            info = next((m for m in members if m.filename == CONFIG), None)
            if info is None:
                shown = ", ".join(m.filename for m in members[:5]) or said("keras.nothing")
                raise _file_error(name, said("keras.no_config", members=shown), said("hint.keras_save"))
            if info.flag_bits & 0x1:
                raise _file_error(name, said("keras.encrypted"))
            if info.file_size > MAX_BYTES:
                raise _file_error(name, said("keras.config_too_large", mb=MAX_BYTES // (1024 * 1024)))
            raw = _member(archive, info, name)
    except zipfile.BadZipFile as exc:
        raise _file_error(name, said("keras.not_zip", reason=str(exc)), said("hint.keras_save")) from None
    # An unknown compression method, an encrypted archive zipfile meets first, a cut member.
    except (NotImplementedError, RuntimeError, EOFError, zlib.error) as exc:
        raise _file_error(name, said("keras.bad_member", reason=str(exc) or type(exc).__name__)) from None
    if len(raw) > MAX_BYTES:
        raise _file_error(name, said("keras.config_too_large", mb=MAX_BYTES // (1024 * 1024)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(
            f"{name}:{CONFIG}", said("error.not_utf8", byte=f"{raw[exc.start]:02x}", offset=exc.start)
        ) from None


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of ``info``; a member that inflates to more than its header
    says fails its CRC there (zipfile stops at the declared size)."""
    try:
        with archive.open(info) as handle:
            return handle.read(MAX_BYTES + 1)
    except zipfile.BadZipFile as exc:
        raise _file_error(name, said("keras.bad_member", reason=str(exc))) from None


def _file_error(name: str, message: str, hint: str | None = None) -> SpecError:
    return SpecError([Problem(message, file=name, hint=hint)])


def is_model(data: Any) -> bool:
    """Whether parsed JSON is a Keras model (``model.to_json()``), not a spec: a spec has no
    ``class_name``; a model's top level is ``{"class_name": …, "config": {…}}``."""
    return isinstance(data, dict) and "class_name" in data and "config" in data and "layers" not in data


def document(data: Any, text: str, display_name: str, stem: str, with_lines: bool = True) -> Document:
    """A Keras model's parsed JSON → the :class:`Document` of its spec data."""
    converted = convert(data, display_name)
    lines = _layer_lines(text, converted.layer_names) if with_lines else []
    return KerasDocument(display_name, stem, converted.spec, text, True, lines=lines)


def _layer_lines(text: str, names: list[str]) -> list[int | None]:
    """The line where each layer's name is first written, searched in order (a layer's own
    entry comes before any later layer names it as an input)."""
    lines: list[int | None] = []
    at, line = 0, 1  # counted on from the last layer found: one pass over the text
    for name in names:
        found = text.find(f'"name": {json.dumps(name)}', at)
        if found < 0:
            lines.append(None)
            continue
        line += text.count("\n", at, found)
        lines.append(line)
        at = found
    return lines


# ── The model ────────────────────────────────────────────────────────────────────────────────


@dataclass
class Converted:
    spec: dict[str, Any]
    layer_names: list[str]


@dataclass
class _Layer:
    """One Keras layer of the configuration: its place, class, config and inbound layers."""

    index: int
    cls: str
    config: dict[str, Any]
    name: str
    inbound: list[str] | None  # None in a Sequential model: the previous layer
    custom: str | None = None
    calls: int = 1  # a Functional layer's inbound nodes: more than one is a shared layer


def convert(data: Any, file: str) -> Converted:
    """A Keras model's configuration (``to_json()``'s object, or ``config.json``) → spec data."""
    if not isinstance(data, dict) or not isinstance(data.get("config"), dict):
        raise _file_error(file, said("keras.not_a_model"))
    cls = data.get("class_name")
    if cls not in MODEL_CLASSES:
        raise _file_error(
            file, said("keras.model_class", model_class=_shown(cls)), said("hint.keras_model_class")
        )
    config = data["config"]
    raw_layers = config.get("layers")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise _file_error(file, said("keras.no_layers"))
    layers = _expanded(raw_layers, file, cls == "Sequential")
    shape, first = _input_shape(layers, config, file)
    folds = _folds(layers[first:])
    _number(layers[first:], folds, file)
    if cls != "Sequential":
        _check_graph(layers, config, file)
    spec_layers, names = _converted_layers(layers, first, len(shape), folds, file)
    name = config.get("name")
    spec: dict[str, Any] = {"name": name} if isinstance(name, str) and name else {}
    spec |= {"convention": "keras", "layout": "channels_last", "input": shape, "layers": spec_layers}
    if folds:
        _check_folds(spec, folds, file)
        spec = {"description": _folds_said(folds), **spec}
    return Converted(spec, names)


def _folds_said(folds: dict[str, _Fold]) -> str:
    """Why the table has fewer rows than the Keras model has layers: the paddings folded."""
    pairs = [f"{fold.pad.name} → {fold.consumer}" for fold in folds.values()]
    shown = ", ".join(pairs[:3]) + (", …" if len(pairs) > 3 else "")
    return str(said("keras.folded", count=len(pairs), pairs=shown))


def _number(layers: list[_Layer], folds: dict[str, _Fold], file: str) -> None:
    """Number the layers as cnncalc's table will (the input not a layer, a folded padding its
    consumer's number), so that every error on a file counts alike; refuse a shared layer."""
    number = 0
    for layer in layers:
        layer.index = number
        if layer.name not in folds:
            number += 1
    for layer in layers:
        if layer.calls > 1:
            message = said("keras.shared_layer", count=layer.calls)
            raise _layer_error(file, layer, message, said("hint.keras_shared"))


def _converted_layers(
    layers: list[_Layer], first: int, rank: int, folds: dict[str, _Fold], file: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each Keras layer after the input as a cnncalc layer, and its name; a folded padding layer
    is left out and its consumer reads the padding's input with ``padding: same``."""
    input_name = layers[0].name if layers[0].cls == "InputLayer" else None
    renamed = {fold.pad.name: fold.pad.inbound for fold in folds.values() if fold.pad.inbound}
    consumers = {fold.consumer: fold for fold in folds.values()}
    spec_layers: list[dict[str, Any]] = []
    names: list[str] = []
    previous = "input"
    for layer in layers[first:]:
        if layer.name in folds:
            continue
        try:
            if layer.cls == "InputLayer":
                raise _Refused(said("keras.second_input"))
            entry = _mapped(layer, rank) | {"name": layer.name}
            if layer.name in consumers:
                entry["padding"] = "same"
            refs = [ref for given in layer.inbound or [] for ref in renamed.get(given, [given])]
            inputs = ["input" if ref == input_name else ref for ref in refs]
            if layer.inbound is not None and inputs != [previous]:
                entry["inputs"] = inputs
        except _Refused as refused:
            raise _layer_error(file, layer, refused.message, refused.hint) from None
        spec_layers.append(entry)
        names.append(layer.name)
        previous = layer.name
    return spec_layers, names


# ── Asymmetric zero padding, folded into the next layer ──────────────────────────────────────

# keras.applications pads before a stride-2 'valid' layer with ZeroPadding2D(((0, 1), (0, 1)))
# (MobileNetV2's correct_pad): TensorFlow's 'same' padding of that layer, written out.
_SAME_CAPABLE = {"Conv1D", "Conv2D", "Conv3D", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D"}
_SAME_CAPABLE |= {"SeparableConv2D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D"}


@dataclass
class _Fold:
    pad: _Layer
    consumer: str
    pairs: list[tuple[int, int]]  # (before, after) per spatial axis


def _folds(layers: list[_Layer]) -> dict[str, _Fold]:
    """Each asymmetric ZeroPadding whose one consumer is the next layer, a 'valid' convolution
    or max pool: it may be that layer with ``padding: same`` (checked on the shapes afterwards)."""
    folds: dict[str, _Fold] = {}
    for pad, consumer in itertools.pairwise(layers):
        if not pad.cls.startswith("ZeroPadding") or pad.custom is not None:
            continue
        pairs = _pad_pairs(pad.config.get("padding"))
        if pairs is None or all(before == after for before, after in pairs):
            continue
        users = [layer for layer in layers if pad.name in (layer.inbound or [])]
        chained = consumer.inbound is None or consumer.inbound == [pad.name]
        if (
            consumer.cls in _SAME_CAPABLE
            and consumer.config.get("padding", "valid") == "valid"
            and chained
            and users in ([], [consumer])
        ):
            folds[pad.name] = _Fold(pad, consumer.name, pairs)
    return folds


def _pad_pairs(padding: Any) -> list[tuple[int, int]] | None:
    if not isinstance(padding, list):
        return None
    pairs = []
    for item in padding:
        if not (isinstance(item, list) and len(item) == 2 and all(type(n) is int for n in item)):
            return None
        pairs.append((item[0], item[1]))
    return pairs


def tf_same_pads(n: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """TensorFlow's 'same' padding of one axis: ``total = max((⌈N/S⌉ − 1)·S + D(F − 1) + 1 − N, 0)``,
    ``⌊total/2⌋`` before and the rest after.

    >>> tf_same_pads(112, 3, 2)
    (0, 1)
    >>> tf_same_pads(7, 3, 1)
    (1, 1)
    """
    total = max((-(-n // stride) - 1) * stride + dilation * (kernel - 1) + 1 - n, 0)
    return total // 2, total - total // 2


def _check_folds(spec: dict[str, Any], folds: dict[str, _Fold], file: str) -> None:
    """Keep a fold only where the consumer's 'same' padding is the Keras padding, on the shapes
    cnncalc computes; else refuse the padding layer as before."""
    from cnncalc.errors import CnncalcError
    from cnncalc.pipeline import compute_document, document_of

    try:
        layers = {layer.name: layer for layer in compute_document(document_of(spec, file)).result.layers}
    except CnncalcError:
        return  # the spec's own problem: the real run reports it, on its layer
    for fold in folds.values():
        layer = layers[fold.consumer]
        spatial = layer.input_shape[1:]
        kernel, stride, dilation = _window_of(layer.layer, len(spatial))
        pads = [
            tf_same_pads(n, k, s, d) for n, k, s, d in zip(spatial, kernel, stride, dilation, strict=False)
        ]
        if pads != fold.pairs:
            value = _shown([list(pair) for pair in fold.pairs])
            message = said("keras.asymmetric_padding", value=value)
            raise _layer_error(file, fold.pad, message, said("hint.keras_asymmetric"))


def _window_of(layer: Any, rank: int) -> tuple[list[int], list[int], list[int]]:
    """A convolution's or pool's kernel, stride and dilation, one per spatial axis."""
    kernel = _listed(layer.kernel, rank)
    stride = _listed(layer.stride if layer.stride is not None else layer.kernel, rank)
    return kernel, stride, _listed(getattr(layer, "dilation", 1), rank)


def _expanded(raw_layers: list[Any], file: str, sequential: bool, offset: int = 0) -> list[_Layer]:
    """The layers of ``config["layers"]``, a model inside the model replaced by its own layers
    (a Functional base in a Sequential, as transfer learning builds it): Keras counts its weights
    once, as a layer of the outer model, and so does cnncalc. ``offset``: the layers before these
    in cnncalc's numbering (a nested model's problems name the number its layer will have)."""
    layers = [_layer(i, item, file, sequential) for i, item in enumerate(raw_layers)]
    if not any(layer.cls in MODEL_CLASSES and layer.custom is None for layer in layers):
        return layers
    out: list[_Layer] = []
    aliases: dict[str, str] = {}  # a nested model's name → its output layer's
    for layer in layers:
        if layer.inbound is not None:
            layer.inbound = [aliases.get(ref, ref) for ref in layer.inbound]
        if layer.cls not in MODEL_CLASSES or layer.custom is not None:
            out.append(layer)
            continue
        layer.index = offset + sum(1 for done in out if done.cls != "InputLayer")
        if layer.inbound is not None and len(layer.inbound) != 1:
            message = said("keras.several_inputs", count=len(layer.inbound), names=", ".join(layer.inbound))
            raise _layer_error(file, layer, message)
        source = layer.inbound[0] if layer.inbound else (out[-1].name if out else "input")
        inner = _inlined(layer, source, file)
        out.extend(inner)
        aliases[layer.name] = inner[-1].name
    return out


def _inlined(model: _Layer, source: str, file: str) -> list[_Layer]:
    """A nested model's layers after its input, reading ``source`` where they read its input."""
    raw_layers = model.config.get("layers")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise _layer_error(file, model, said("keras.no_layers"))
    inner = _expanded(raw_layers, file, model.cls == "Sequential", model.index)
    input_name = inner[0].name if inner[0].cls == "InputLayer" else None
    body = inner[1:] if input_name is not None else inner
    if not body:
        raise _layer_error(file, model, said("keras.no_layers"))
    for number, layer in enumerate(body, start=model.index):
        layer.index = number
    if model.cls != "Sequential":
        _check_graph(inner, model.config, file)
    previous = source
    for layer in body:
        if layer.inbound is None:
            layer.inbound = [previous]
        else:
            layer.inbound = [source if ref == input_name else ref for ref in layer.inbound]
        previous = layer.name
    return body


def _layer(index: int, item: Any, file: str, sequential: bool) -> _Layer:
    """One entry of ``config["layers"]``, checked for the keys every Keras layer has."""
    if not isinstance(item, dict) or not isinstance(item.get("config"), dict):
        raise SpecError.single(said("keras.bad_layer"), file=file, loc=("layers", index))
    cls = item.get("class_name")
    config = item["config"]
    name = config.get("name", item.get("name"))
    if not isinstance(cls, str) or not isinstance(name, str) or not name:
        raise SpecError.single(said("keras.bad_layer"), file=file, loc=("layers", index))
    registered = item.get("registered_name")
    module = item.get("module")
    custom = None
    if (isinstance(registered, str) and registered != cls) or (
        isinstance(module, str) and not module.startswith("keras")
    ):
        custom = registered if isinstance(registered, str) else f"{module}.{cls}"
    inbound = None if sequential else _inbound(item, file, index, name, cls)
    nodes = item.get("inbound_nodes")
    calls = len(nodes) if isinstance(nodes, list) and not sequential else 1
    return _Layer(index, cls, config, name, inbound, custom, calls)


def _inbound(item: dict[str, Any], file: str, index: int, name: str, cls: str) -> list[str]:
    """The layers a Functional layer is called on (at its first call): Keras 3's
    ``keras_history`` tensors or Keras 2's ``[name, node, tensor, kwargs]`` lists."""
    nodes = item.get("inbound_nodes", [])
    if not isinstance(nodes, list):
        raise _layer_error(file, _Layer(index, cls, {}, name, None), said("keras.bad_layer"))
    refs: list[str] = []
    stack: list[Any] = [nodes[0]] if nodes else []
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            tensor = value.get("config") if value.get("class_name") == "__keras_tensor__" else None
            history = tensor.get("keras_history") if isinstance(tensor, dict) else None
            if isinstance(history, list) and history and isinstance(history[0], str):
                refs.append(history[0])
            else:
                stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            if len(value) >= 3 and isinstance(value[0], str) and isinstance(value[1], int):
                refs.append(value[0])  # Keras 2: [name, node_index, tensor_index, kwargs]
            else:
                stack.extend(reversed(value))
    return refs


def _check_graph(layers: list[_Layer], config: dict[str, Any], file: str) -> None:
    """One input, one output (the last layer), every inbound layer an earlier one."""
    inputs = _endpoints(config.get("input_layers"))
    outputs = _endpoints(config.get("output_layers"))
    if len(inputs) != 1:
        raise _file_error(file, said("keras.several_inputs", count=len(inputs), names=", ".join(inputs)))
    if len(outputs) != 1 or outputs[0] != layers[-1].name:
        raise _file_error(file, said("keras.output_not_last", names=", ".join(outputs) or "-"))
    seen: set[str] = set()
    for layer in layers:
        for ref in layer.inbound or []:
            if ref not in seen:
                raise _layer_error(file, layer, said("keras.unknown_inbound", ref=ref))
        if layer.name in seen or (layer.name == "input" and layer.cls != "InputLayer"):
            raise _layer_error(file, layer, said("keras.name_taken", name=layer.name))
        seen.add(layer.name)


def _endpoints(value: Any) -> list[str]:
    """``input_layers``/``output_layers``: ``["x", 0, 0]`` (one) or ``[["x", 0, 0], …]``."""
    if isinstance(value, list) and value and isinstance(value[0], str):
        return [value[0]]
    if isinstance(value, list):
        return [item[0] for item in value if isinstance(item, list) and item and isinstance(item[0], str)]
    return []


def _input_shape(layers: list[_Layer], config: dict[str, Any], file: str) -> tuple[list[int], int]:
    """The input's sizes without the batch (channels-last, as Keras writes them) and the index of
    the first layer that is not the input."""
    first = layers[0]
    if first.cls == "InputLayer":
        shape, skip = first.config.get("batch_shape", first.config.get("batch_input_shape")), 1
    else:  # a Sequential built from input_shape=…: Keras 3 keeps it as build_input_shape
        shape, skip = config.get("build_input_shape", first.config.get("batch_input_shape")), 0
    if not isinstance(shape, list) or len(shape) < 2:
        raise _input_error(file, said("keras.no_input_shape"), said("hint.keras_input"))
    sizes = shape[1:]
    for axis, size in enumerate(sizes, start=1):
        if size is None:
            raise _input_error(file, said("keras.unknown_size", axis=axis), said("hint.keras_input"))
        if not isinstance(size, int) or isinstance(size, bool):
            raise _input_error(file, said("keras.bad_size", axis=axis, got=_shown(size)))
    return sizes, skip


def _input_error(file: str, message: str, hint: str | None = None) -> SpecError:
    return SpecError([Problem(message, file=file, loc=("input",), hint=hint)])


def _layer_error(file: str, layer: _Layer, message: str, hint: str | None = None) -> SpecError:
    return SpecError(
        [
            Problem(
                message,
                file=file,
                loc=("layers", layer.index),
                layer_name=f"{layer.name}, {layer.cls}",
                hint=hint,
            )
        ]
    )


def _shown(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


# ── The layers ───────────────────────────────────────────────────────────────────────────────


def _mapped(layer: _Layer, rank: int) -> dict[str, Any]:
    """A Keras layer's config → a cnncalc layer (without its name and inputs); ``rank`` is the
    input's number of axes without the batch (the channels' axis number)."""
    if layer.custom is not None:
        raise _Refused(said("keras.custom_layer", registered=layer.custom), said("hint.keras_custom"))
    mapping = LAYERS.get(layer.cls)
    if mapping is None:
        raise _Refused(said("keras.unknown_class"), said("hint.keras_known"))
    config = layer.config
    if "axis" in config and config["axis"] in (rank, [rank]):
        config = config | {"axis": -1}  # the last axis by its number (ResNet50's axis=3)
    if config.get("data_format", "channels_last") != "channels_last":
        raise _Refused(said("keras.unsupported", field="data_format", value=_shown(config["data_format"])))
    try:
        return mapping(config)
    except _Refused:
        raise
    except (TypeError, KeyError, AttributeError, ValueError, IndexError):
        raise _Refused(said("keras.bad_layer")) from None


def _per_dim(value: Any) -> Any:
    """``[3, 3]`` → ``3`` (one entry for every axis, as a spec writes it); a list otherwise."""
    if isinstance(value, list) and value and all(item == value[0] for item in value):
        return value[0]
    return value


def _activation(config: dict[str, Any]) -> dict[str, Any]:
    """A fused ``activation`` (``"relu"``); Keras' ``"linear"`` is none."""
    name = config.get("activation", "linear")
    if name in (None, "linear"):
        return {}
    if not isinstance(name, str):
        raise _Refused(said("keras.unsupported", field="activation", value=_shown(name)))
    return {"activation": name}


def _padding(config: dict[str, Any]) -> str:
    padding = config.get("padding", "valid")
    if padding not in ("valid", "same"):
        raise _Refused(said("keras.unsupported", field="padding", value=_shown(padding)))
    return str(padding)


def _window(config: dict[str, Any], kernel: str = "kernel_size") -> dict[str, Any]:
    """Kernel, stride, padding and dilation, each left out where it is cnncalc's default (a
    convolution's stride 1, a pool's stride its window, as Keras' ``strides=None``)."""
    out: dict[str, Any] = {"kernel": _per_dim(config[kernel])}
    strides = _per_dim(config.get("strides"))
    if strides is not None and strides != (out["kernel"] if kernel == "pool_size" else 1):
        out["stride"] = strides
    padding = _padding(config)
    if padding != "valid":
        out["padding"] = padding
    dilation = _per_dim(config.get("dilation_rate", 1))
    if dilation != 1:
        out["dilation"] = dilation
    return out


def _conv(config: dict[str, Any]) -> dict[str, Any]:
    out = {"type": "conv", "filters": config["filters"], **_window(config)}
    if config.get("groups", 1) != 1:
        out["groups"] = config["groups"]
    return out | _bias(config) | _activation(config)


def _bias(config: dict[str, Any]) -> dict[str, Any]:
    return {} if config.get("use_bias", True) else {"bias": False}


def _conv_transpose(config: dict[str, Any]) -> dict[str, Any]:
    """Keras' transposed convolution. Its ``valid`` output is ``(N − 1)·S + max(K, S)`` for a
    dilated kernel K = D(F − 1) + 1 when ``output_padding`` is None, which is cnncalc's
    ``(N − 1)·S + K + output_padding`` with ``output_padding = max(K, S) − K``."""
    out = {"type": "conv_transpose", "filters": config["filters"], **_window(config)}
    given = config.get("output_padding")
    kernel, stride = (
        _listed(config["kernel_size"]),
        _listed(config.get("strides", 1), len(_listed(config["kernel_size"]))),
    )
    dilation = _listed(config.get("dilation_rate", 1), len(kernel))
    if given is not None:
        if out.get("padding") == "same":
            raise _Refused(said("keras.unsupported", field="output_padding", value=_shown(given)))
        out["output_padding"] = _per_dim(given)
    elif out.get("padding") != "same":
        extra = [
            max(d * (k - 1) + 1, s) - (d * (k - 1) + 1)
            for k, s, d in zip(kernel, stride, dilation, strict=True)
        ]
        if any(extra):
            out["output_padding"] = _per_dim(extra)
    return out | _bias(config) | _activation(config)


def _listed(value: Any, rank: int = 1) -> list[int]:
    return [int(v) for v in value] if isinstance(value, (list, tuple)) else [int(value)] * rank


def _depthwise(config: dict[str, Any]) -> dict[str, Any]:
    out = {"type": "depthwise_conv", **_window(config)}
    if config.get("depth_multiplier", 1) != 1:
        out["depth_multiplier"] = config["depth_multiplier"]
    return out | _bias(config) | _activation(config)


def _separable(config: dict[str, Any]) -> dict[str, Any]:
    out = {"type": "separable_conv", "filters": config["filters"], **_window(config)}
    if config.get("depth_multiplier", 1) != 1:
        out["depth_multiplier"] = config["depth_multiplier"]
    return out | _bias(config) | _activation(config)


def _pool(kind: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda config: {"type": kind, **_window(config, "pool_size")}


def _global(kind: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """``keepdims=True`` keeps 1×1: an adaptive pool to 1, as torchvision writes it."""

    def mapped(config: dict[str, Any]) -> dict[str, Any]:
        if config.get("keepdims", False):
            return {"type": f"adaptive_{kind}", "output_size": 1}
        return {"type": f"global_{kind}"}

    return mapped


def _dense(config: dict[str, Any]) -> dict[str, Any]:
    return {"type": "dense", "units": config["units"]} | _bias(config) | _activation(config)


def _last_axis(config: dict[str, Any], name: str = "axis") -> None:
    """Keras' normalisations and Concatenate act on the last axis (the channels) by default;
    cnncalc's on the channels only."""
    axis = config.get(name, -1)
    if isinstance(axis, list) and len(axis) == 1:
        axis = axis[0]
    if axis != -1:
        raise _Refused(
            said("keras.unsupported", field=name, value=_shown(config.get(name))), said("hint.keras_axis")
        )


def _batchnorm(config: dict[str, Any]) -> dict[str, Any]:
    _last_axis(config)
    center, scale = config.get("center", True), config.get("scale", True)
    if center != scale:
        raise _Refused(
            said("keras.unsupported", field="center/scale", value=f"{center}/{scale}"),
            said("hint.keras_norm"),
        )
    out: dict[str, Any] = {"type": "batchnorm"} if center else {"type": "batchnorm", "affine": False}
    return out | ({"eps": config["epsilon"]} if "epsilon" in config else {})


def _layernorm(config: dict[str, Any]) -> dict[str, Any]:
    _last_axis(config)
    center, scale = config.get("center", True), config.get("scale", True)
    if config.get("rms_scaling", False) or (center and not scale):
        raise _Refused(
            said("keras.unsupported", field="center/scale", value=f"{center}/{scale}"),
            said("hint.keras_norm"),
        )
    out: dict[str, Any] = {"type": "layernorm", "over": "channels"}
    if not scale:
        out["elementwise_affine"] = False
    elif not center:
        out["bias"] = False
    return out | ({"eps": config["epsilon"]} if "epsilon" in config else {})


def _relu(config: dict[str, Any]) -> dict[str, Any]:
    """``ReLU()`` is relu, ``ReLU(6.0)`` relu6 (MobileNetV2), a slope leaky_relu; any other
    clipping or threshold has no cnncalc spelling."""
    ceiling, slope, threshold = (
        config.get("max_value"),
        config.get("negative_slope", 0),
        config.get("threshold", 0),
    )
    if threshold == 0 and slope == 0 and ceiling in (None, 6):
        return {"type": "relu" if ceiling is None else "relu6"}
    if threshold == 0 and ceiling is None:
        return {"type": "leaky_relu"}
    raise _Refused(said("keras.unsupported", field="max_value", value=_shown([ceiling, slope, threshold])))


def _prelu(config: dict[str, Any]) -> dict[str, Any]:
    shared = config.get("shared_axes")
    return {"type": "prelu"} | ({"shared_axes": _listed(shared)} if shared is not None else {})


def _concat(config: dict[str, Any]) -> dict[str, Any]:
    _last_axis(config)
    return {"type": "concat"}


def _upsample(config: dict[str, Any]) -> dict[str, Any]:
    """``UpSampling2D(size, interpolation)``: ``size`` is the factor."""
    mode = config.get("interpolation", "nearest")
    if mode not in ("nearest", "bilinear", "bicubic"):
        raise _Refused(said("keras.unsupported", field="interpolation", value=_shown(mode)))
    factor = _per_dim(config.get("size", 2))
    return {"type": "upsample", "scale_factor": factor} | ({"mode": mode} if mode != "nearest" else {})


def _zero_padding(config: dict[str, Any]) -> dict[str, Any]:
    """``padding``: one int, one per axis, or ``[before, after]`` per axis (kept only when equal:
    cnncalc's zero padding is symmetric)."""
    padding = config.get("padding", 1)
    per_axis = padding if isinstance(padding, list) else [padding]
    sides = []
    for item in per_axis:
        pair = item if isinstance(item, list) else [item, item]
        if len(pair) != 2 or pair[0] != pair[1]:
            raise _Refused(
                said("keras.asymmetric_padding", value=_shown(padding)), said("hint.keras_asymmetric")
            )
        sides.append(pair[0])
    return {"type": "zero_padding", "padding": _per_dim(sides)}


def reshape(config: dict[str, Any]) -> dict[str, Any]:
    """``Reshape(target_shape)`` → ``{type: reshape, shape: [...]}``: the target without the batch
    axis, channels-last as Keras writes it (the kind reads it so under ``convention: keras``),
    ``-1`` inferred."""
    target = config["target_shape"]
    if not isinstance(target, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in target
    ):
        raise _Refused(said("keras.unsupported", field="target_shape", value=_shown(target)))
    return {"type": "reshape", "shape": list(target)}


def _kept(kind: str, **fields: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda config: {"type": kind, **fields}


def _conv_nd(config: dict[str, Any]) -> dict[str, Any]:
    return _conv(config)


LAYERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    **{f"Conv{n}D": _conv_nd for n in (1, 2, 3)},
    **{f"Conv{n}DTranspose": _conv_transpose for n in (1, 2, 3)},
    "DepthwiseConv1D": _depthwise,
    "DepthwiseConv2D": _depthwise,
    "SeparableConv1D": _separable,
    "SeparableConv2D": _separable,
    **{f"MaxPooling{n}D": _pool("maxpool") for n in (1, 2, 3)},
    **{f"AveragePooling{n}D": _pool("avgpool") for n in (1, 2, 3)},
    **{f"GlobalAveragePooling{n}D": _global("avgpool") for n in (1, 2, 3)},
    **{f"GlobalMaxPooling{n}D": _global("maxpool") for n in (1, 2, 3)},
    "Dense": _dense,
    "Flatten": _kept("flatten"),
    "BatchNormalization": _batchnorm,
    "LayerNormalization": _layernorm,
    "Dropout": lambda config: {"type": "dropout", "rate": config.get("rate", 0.5)},
    "Activation": lambda config: {
        "type": "activation",
        "function": _activation(config).get("activation", "linear"),
    },
    "ReLU": _relu,
    "LeakyReLU": _kept("leaky_relu"),
    "PReLU": _prelu,
    "ELU": _kept("elu"),
    "Softmax": _kept("softmax"),
    "Add": _kept("add"),
    "Multiply": _kept("multiply"),
    "Concatenate": _concat,
    **{f"UpSampling{n}D": _upsample for n in (1, 2, 3)},
    **{f"ZeroPadding{n}D": _zero_padding for n in (1, 2, 3)},
    # Rescaling multiplies and shifts every value: no parameter, the shape kept.
    "Rescaling": _kept("activation", function="linear"),
    "Identity": _kept("activation", function="linear"),
    "Reshape": reshape,
}
