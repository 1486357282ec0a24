"""The JSON output: a public contract that users' CI jobs parse. Add keys; never rename or drop one."""

from __future__ import annotations

from typing import Any

from cnncalc.engine.results import DTYPE_BYTES, Flag, LayerResult, NetworkResult, ReceptiveField
from cnncalc.render.formatting import number_value, ratio_text
from cnncalc.render.i18n import Lang, flag_text
from cnncalc.render.jsontext import dumps_indented
from cnncalc.text import json_document as printable_json


def network_dict(result: NetworkResult, strict: bool = False, dtype: str = "float32") -> dict[str, Any]:
    """One spec's result as plain data; shapes are channels-first lists, layers indexed from 1."""
    warnings = [flag_dict(flag, layer) for layer, flag in result.warnings]
    size = DTYPE_BYTES[dtype]
    # Layers that keep their input's field (relu, batchnorm, …) share its object: convert it once.
    fields: dict[int, dict[str, Any] | None] = {}
    data: dict[str, Any] = {
        "name": result.name,
        "input_shape": list(result.input_shape),
        "output_shape": list(result.output_shape),
        "total_params": result.total_params,
        "trainable_params": result.trainable_params,
        "non_trainable_params": result.non_trainable_params,
        "total_macs": result.total_macs,
        "ok": not ((strict or result.strict) and warnings),
        "warnings": warnings,
        "param_bytes": result.param_bytes(),
        "activation_bytes": result.activation_bytes(),
        "layers": [_layer_dict(layer, size, fields) for layer in result.layers],
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
    if result.convention is not None:  # keys added only with a convention: nothing else changes
        data["convention"] = result.convention
        data["total_buffers"] = result.total_buffers
        for layer_data, layer in zip(data["layers"], result.layers, strict=True):
            layer_data["buffers"] = layer.buffers
    return data


def render_json(results: list[NetworkResult], strict: bool = False, dtype: str = "float32") -> str:
    return json_document([network_dict(result, strict, dtype) for result in results])


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


def flag_dict(flag: Flag, layer: LayerResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "layer": layer.index,
        "name": layer.name,
        "kind": flag.kind,
        "message": flag_text(flag, Lang.en),  # the English sentence, as before flags were data
    }
    if flag.axis is not None:
        data["axis"] = flag.axis + 1
    if flag.exact is not None:
        data["exact"] = ratio_text(flag.exact)
        data["exact_value"] = float(flag.exact)
    return data
