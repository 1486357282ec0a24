"""The JSON output: a public contract that users' CI jobs parse. Add keys; never rename or drop one."""

from __future__ import annotations

from typing import Any

from cnncalc.engine.results import Flag, LayerResult, NetworkResult
from cnncalc.render.jsontext import dumps_indented


def network_dict(result: NetworkResult, strict: bool = False) -> dict[str, Any]:
    """One spec's result as plain data; shapes are channels-first lists, layers indexed from 1."""
    warnings = [_flag_dict(flag, layer) for layer, flag in result.warnings]
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
        "layers": [_layer_dict(layer) for layer in result.layers],
    }
    if result.convention is not None:  # keys added only with a convention: nothing else changes
        data["convention"] = result.convention
        data["total_buffers"] = result.total_buffers
        for layer_data, layer in zip(data["layers"], result.layers, strict=True):
            layer_data["buffers"] = layer.buffers
    return data


def render_json(results: list[NetworkResult], strict: bool = False) -> str:
    """One spec → one object; several → an array of them."""
    items = [network_dict(result, strict) for result in results]
    return dumps_indented(items[0] if len(items) == 1 else items)


def _layer_dict(layer: LayerResult) -> dict[str, Any]:
    return {
        "index": layer.index,
        "name": layer.name,
        "type": layer.type,
        "input_shape": list(layer.input_shape),
        "output_shape": list(layer.output_shape),
        "params": layer.params,
        "trainable_params": layer.trainable_params,
        "non_trainable_params": layer.non_trainable_params,
        "macs": layer.macs,
        "warnings": [_flag_dict(flag, layer) for flag in layer.warnings],
        "notes": [_flag_dict(flag, layer) for flag in layer.notes],
    }


def _flag_dict(flag: Flag, layer: LayerResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "layer": layer.index,
        "name": layer.name,
        "kind": flag.kind,
        "message": flag.message,
    }
    if flag.axis is not None:
        data["axis"] = flag.axis + 1
    if flag.exact is not None:
        data["exact"] = f"{flag.exact.numerator}/{flag.exact.denominator}"
        data["exact_value"] = float(flag.exact)
    return data
