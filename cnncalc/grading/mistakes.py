"""The likely mistake behind a wrong answer, found by making it: the layer (or the network) is
computed again with the mistake made, by the same calculator, and the mistake is named when that
gives the student's number. Nothing is guessed from the digits.

A layer's mistakes: its bias left out (150 for 156), its input channels left out (416 for
2,416), its padding or stride left out, floor where a ceil is meant or the reverse (a pool's
``ceil_mode``), a dense layer read another way (flattened, or per position), a batch norm
counted as the other framework counts it, FLOPs given for MACs (×2). The network's totals: the
same mistakes made in every layer, or the student's own layer answers added up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from cnncalc.engine.check import CHANNELS_LAST, FLAT, Expectation, Value
from cnncalc.engine.results import LayerResult, NetworkResult
from cnncalc.errors import CnncalcError
from cnncalc.spec.fields import LayerBase
from cnncalc.spec.models import Spec

BIAS = "bias_left_out"
CHANNELS = "input_channels_left_out"
PADDING = "padding_left_out"
STRIDE = "stride_left_out"
CEIL = "ceil_for_floor"
FLOOR = "floor_for_ceil"
FLATTENED = "dense_flattened"
PER_POSITION = "dense_per_position"
LAST_AXIS = "dense_last_axis"
PYTORCH_BN = "batchnorm_pytorch"
KERAS_BN = "batchnorm_keras"
FLOPS = "flops_for_macs"
SUMMED = "own_layer_answers"
CHANNELS_LAST_SHAPE = CHANNELS_LAST  # from check: the right sizes, written H×W×C
FLAT_SHAPE = FLAT

READINGS = {"flatten": FLATTENED, "channels": PER_POSITION, "last_axis": LAST_AXIS}
ATTRIBUTE = {
    "output": "output_shape",
    "params": "params",
    "trainable_params": "trainable_params",
    "macs": "macs",
    "total_params": "total_params",
    "total_macs": "total_macs",
    "non_trainable_params": "non_trainable_params",
}


class Mistake(NamedTuple):
    """What the student likely did: ``kind`` (one of the names above) and the value it gives."""

    kind: str
    value: Value


# A mistake made in one layer: (the layer, its input shape, the convention) → the same with the
# mistake made, or None where it cannot be made.
Made = tuple[LayerBase, tuple[int, ...], "str | None"]
Making = Callable[[LayerBase, tuple[int, ...], "str | None"], Iterator[tuple[str, Made]]]


def _layer_mistakes(
    layer: LayerBase, shape: tuple[int, ...], convention: str | None
) -> Iterator[tuple[str, Made]]:
    fields = type(layer).model_fields
    if getattr(layer, "bias", None) is True:
        yield BIAS, (layer.model_copy(update={"bias": False}), shape, convention)
    if shape[0] > 1 and ("filters" in fields or "units" in fields):
        yield CHANNELS, (layer, (1, *shape[1:]), convention)
    padding = getattr(layer, "padding", None)
    if "padding" in fields and padding not in (0, None, "valid") and not _all_zero(padding):
        yield PADDING, (layer.model_copy(update={"padding": 0}), shape, convention)
    if "stride" in fields and getattr(layer, "stride", None) != 1:
        yield STRIDE, (layer.model_copy(update={"stride": 1}), shape, convention)
    if "ceil_mode" in fields:
        ceil = bool(getattr(layer, "ceil_mode", False))
        yield FLOOR if ceil else CEIL, (layer.model_copy(update={"ceil_mode": not ceil}), shape, convention)
    if "reading" in fields and len(shape) > 1:
        for reading, kind in READINGS.items():
            if getattr(layer, "reading", None) != reading:
                yield kind, (layer.model_copy(update={"reading": reading}), shape, convention)
    if layer.kind == "batchnorm":
        if convention == "pytorch":
            yield KERAS_BN, (layer, shape, "keras")
        else:
            yield PYTORCH_BN, (layer, shape, "pytorch")


def _all_zero(value: Any) -> bool:
    return isinstance(value, tuple) and all(v == 0 for v in value)


def rerun_layer(made: Made) -> LayerResult | None:
    """One layer computed alone on ``shape`` (channels first), or None when it cannot be."""
    from cnncalc.engine.calculator import calculate

    layer, shape, convention = made
    alone = Spec.model_construct(
        input=list(shape), layers=[layer.model_copy(update={"inputs": None})], layout="channels_first"
    )
    try:
        return calculate(alone, "mistake", convention).layers[0]  # type: ignore[arg-type]
    except CnncalcError:
        return None


# What each mistake gives, per (layer index or None, answer kind): computed once for a key.
Memo = dict[tuple[int | None, str], list[tuple[str, Value]]]


def layer_mistake(
    spec: Spec, result: NetworkResult, index: int, check: Expectation, memo: Memo | None = None
) -> Mistake | None:
    """The mistake that gives the student's wrong answer for layer ``index``, or None (each
    mistake's value is computed once per key and answer, and kept in ``memo``)."""
    if check.expected is None or check.passed:
        return None
    if check.hint in (CHANNELS_LAST, FLAT):
        return Mistake(check.hint, check.expected)
    if check.kind == "macs" and _doubled(check):
        return Mistake(FLOPS, check.expected)
    computed = result.layers[index]
    if len(computed.input_shapes) != 1 or check.kind not in ATTRIBUTE:
        return None
    memo = {} if memo is None else memo
    if (index, check.kind) not in memo:
        made = _layer_mistakes(spec.layers[index], computed.input_shape, result.convention)
        again = ((kind, rerun_layer(one)) for kind, one in made)
        memo[index, check.kind] = [(kind, _value(r, check.kind)) for kind, r in again if r is not None]
    return next((Mistake(k, v) for k, v in memo[index, check.kind] if v == check.expected), None)


def network_mistake(
    spec: Spec,
    result: NetworkResult,
    check: Expectation,
    layer_answers: dict[str, int],
    memo: Memo | None = None,
) -> Mistake | None:
    """The mistake that gives the student's wrong total: one made in every layer it applies to,
    FLOPs for MACs, or the student's own layer answers summed (``layer_answers``: kind → sum)."""
    if check.expected is None or check.passed:
        return None
    if check.hint in (CHANNELS_LAST, FLAT):
        return Mistake(check.hint, check.expected)
    if check.kind == "total_macs" and _doubled(check):
        return Mistake(FLOPS, check.expected)
    if check.kind not in ATTRIBUTE:
        return None
    memo = {} if memo is None else memo
    if (None, check.kind) not in memo:
        kinds = (BIAS, PYTORCH_BN, KERAS_BN, PADDING, FLATTENED, PER_POSITION)
        again = ((kind, _rerun_network(spec, result.convention, kind)) for kind in kinds)
        memo[None, check.kind] = [(kind, _value(r, check.kind)) for kind, r in again if r is not None]
    found = next((Mistake(k, v) for k, v in memo[None, check.kind] if v == check.expected), None)
    if found is not None:
        return found
    own = layer_answers.get({"total_params": "params", "total_macs": "macs"}.get(check.kind, ""))
    if own is not None and own == check.expected:
        return Mistake(SUMMED, check.expected)
    return None


def _rerun_network(spec: Spec, convention: str | None, kind: str) -> NetworkResult | None:
    """The whole network with the mistake ``kind`` made in every layer it applies to."""
    from cnncalc.engine.calculator import calculate

    layers, changed = [], False
    conventions = {convention}
    for layer in spec.layers:
        made = dict(_layer_mistakes(layer, (2, 2), convention)).get(kind)
        if made is not None:
            changed = True
            layers.append(made[0])
            conventions.add(made[2])
        else:
            layers.append(layer)
    if not changed:
        return None
    chosen = (conventions - {convention}).pop() if len(conventions) > 1 else convention
    try:
        return calculate(spec.model_copy(update={"layers": layers}), "mistake", chosen)  # type: ignore[arg-type]
    except CnncalcError:
        return None


def _doubled(check: Expectation) -> bool:
    """FLOPs for MACs: the answer is twice the MACs (a multiply and an add each)."""
    return isinstance(check.computed, int) and check.expected == 2 * check.computed


def _value(result: LayerResult | NetworkResult, kind: str) -> Value:
    value = getattr(result, ATTRIBUTE[kind])
    return tuple(value) if isinstance(value, (list, tuple)) else value
