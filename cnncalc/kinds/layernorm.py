"""The ``layernorm`` layer kind, declared in one place.

Two layer norms share the name, and a spec says which: ``over: channels`` normalises the C
channels at each position (ConvNeXt's LayerNorm2d; Keras' ``LayerNormalization()`` on an H×W×C
map; 2·C parameters), ``normalized_shape: [...]`` the last axes (PyTorch's ``nn.LayerNorm``;
2·∏normalized_shape). On a flat vector both are the same. On a map with neither field, the
layer is computed over the channels (Keras' default, ``axis=-1``; nn.LayerNorm has no default)
and flagged with both counts; under ``convention: keras`` that is a note, under ``pytorch`` an
error.
"""

import math
from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field, PlainValidator, WithJsonSchema

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, Dims, Flag, LayerResult, Shape, Step, make_flag
from cnncalc.errors import said
from cnncalc.kinds.base import (
    SAVES_INPUT,
    Adjusted,
    Formula,
    Invalid,
    Kind,
    Outcome,
    ReceptiveWindow,
    Refused,
    Say,
    Working,
)
from cnncalc.kinds.groupnorm import statistics_windows, torch_eps
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import MAX_DIM, Finite, LayerBase, shown

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule
    from cnncalc.spec.fields import Convention

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


def _size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_DIM


def _normalized_shape(value: object) -> int | list[int]:
    """nn.LayerNorm's normalized_shape: one size or a list of 1 to 4 (C and the spatial sizes)."""
    if _size(value):
        return value  # type: ignore[return-value]
    if isinstance(value, list) and 1 <= len(value) <= 4 and all(_size(v) for v in value):
        return list(value)
    raise ValueError(said("error.layernorm_normalized_shape", got=shown(value)))


_SIZE = {"type": "integer", "minimum": 1, "maximum": MAX_DIM}
NormalizedShape = Annotated[
    int | list[int],
    PlainValidator(_normalized_shape),
    WithJsonSchema({"anyOf": [_SIZE, {"type": "array", "items": _SIZE, "minItems": 1, "maxItems": 4}]}),
]


class LayerNorm(LayerBase):
    """Layer normalisation over the channels at each position (``over: channels``) or over the
    last axes (``normalized_shape``, PyTorch's nn.LayerNorm); γ and β per normalised feature."""

    type: Literal["layernorm"]
    over: Literal["channels"] | None = None
    normalized_shape: NormalizedShape | None = None
    elementwise_affine: bool = True
    bias: bool = True
    eps: Annotated[Finite, Field(gt=0)] = 1e-5


class LayerNormFormula(Formula):
    CHANNELS = "layernorm_params_channels"  # 2·C
    LAST_AXES = "layernorm_params_last_axes"  # 2·∏normalized_shape


def _last_axes(layer: LayerNorm) -> tuple[int, ...] | None:
    given = layer.normalized_shape
    return None if given is None else (given,) if isinstance(given, int) else tuple(given)


def rule(layer: LayerNorm, shape: Shape) -> Outcome:
    last = _last_axes(layer)
    if last is not None and layer.over is not None:
        raise Invalid(said("error.layernorm_both"), "normalized_shape", said("hint.layernorm_both"))
    affine, bias = layer.elementwise_affine, layer.bias and layer.elementwise_affine
    flags = {"affine": int(affine), "bias": int(bias)}
    if last is None:
        params = f.norm_param_count(shape[0], affine, bias)
        step = Step("params", LayerNormFormula.CHANNELS, {"C": shape[0], **flags}, params)
        warnings = (_unspecified(shape, affine, bias),) if layer.over is None and len(shape) > 1 else ()
        return Outcome(shape, params, steps=(step,), warnings=warnings)
    if tuple(shape[-len(last) :]) != last or len(last) > len(shape):
        got = Dims(last)
        ending = Dims(shape[-len(last) :] if len(last) <= len(shape) else shape)
        message = said("error.layernorm_shape", given=got, shape=Dims(shape))
        raise Invalid(message, "normalized_shape", said("hint.layernorm_shape", ending=ending))
    features = math.prod(last)
    params = f.norm_param_count(features, affine, bias)
    operands = {"F": features, "k": len(last), **{f"n{i}": n for i, n in enumerate(last)}, **flags}
    step = Step("params", LayerNormFormula.LAST_AXES, operands, params)
    # The statistics are taken over the spatial axes it covers: each output reads all of them.
    sizes = shape[1:]
    kept = len(sizes) - min(len(last), len(sizes))
    windows = (*(ReceptiveWindow(1, 1) for _ in sizes[:kept]), *statistics_windows(sizes[kept:]))
    # Over the last axes only: each output reads one index of the first axis (after a permute too).
    first_kept = len(last) < len(shape)
    return Outcome(
        shape, params, steps=(step,), windows=windows if sizes else None, keeps_first_axis=first_kept
    )


def _unspecified(shape: Shape, affine: bool, bias: bool) -> Flag:
    """The flag of a layer norm on a map that says neither what it normalises: both counts."""
    args = {
        "shape": Dims(shape),
        "channels": Count(f.norm_param_count(shape[0], affine, bias)),
        "all_axes": Count(f.norm_param_count(math.prod(shape), affine, bias)),
        "normalized_shape": list(shape),
    }
    return make_flag("layernorm_unspecified", args)


def prepare(layer: LayerNorm, convention: "Convention | None", shape: Shape) -> LayerNorm:
    """PyTorch's nn.LayerNorm has no default: on a map it needs ``normalized_shape`` (or, for
    ConvNeXt's LayerNorm2d, ``over: channels``)."""
    if convention == "pytorch" and layer.over is None and layer.normalized_shape is None and len(shape) > 1:
        raise Refused(said("error.layernorm_pytorch_default"), "type", _choose(shape, layer))
    return layer


def _choose(shape: Shape, layer: LayerNorm) -> str:
    affine, bias = layer.elementwise_affine, layer.bias and layer.elementwise_affine
    return said(
        "hint.layernorm_choose",
        channels=Count(f.norm_param_count(shape[0], affine, bias)),
        all_axes=Count(f.norm_param_count(math.prod(shape), affine, bias)),
        normalized_shape=list(shape),
    )


def adjust(layer: LayerNorm, shape: Shape, outcome: Outcome, convention: "Convention | None") -> Adjusted:
    """Under Keras, no field is Keras' own default (``axis=-1``, the channels): a note, not a warning."""
    if convention != "keras" or not outcome.warnings:
        return Adjusted(outcome)
    note = make_flag("convention", {"params": Count(outcome.params)}, "flag.convention.keras_layernorm")
    return Adjusted(outcome._replace(warnings=(), notes=(*outcome.notes, note)))


def _affine_factor(step: Step) -> str:
    return "" if not step.operands.get("bias", 1) else "2·"


def _channels(step: Step, rank: int, say: Say) -> str:
    if not step.operands.get("affine", 1):
        return f"{say('params')} = 0 (elementwise_affine=False)"
    factor, c = _affine_factor(step), step.operands["C"]
    # The first axis: the channels, unless a permute put another axis there.
    first = w.input_symbols(step.input_order, rank)[0]
    line = w.count_line("params", f"{factor}{first}", f"{factor}{c}", step, say)
    over = say("layernorm_over_channels") if first == "C" else say("layernorm_over_first_axis", axis=first)
    return f"{line} ({over})"


def _last_axes_params(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    if not o.get("affine", 1):
        return f"{say('params')} = 0 (elementwise_affine=False)"
    dims = [str(o[f"n{i}"]) for i in range(o["k"])]
    product = "·".join(dims) if len(dims) > 1 else dims[0]
    factor = _affine_factor(step)
    numbers = f"{factor}({product})" if len(dims) > 1 and factor else f"{factor}{product}"
    line = w.count_line("params", f"{factor}∏normalized_shape", numbers, step, say)
    return f"{line} ({say('layernorm_last_axes', shape='[' + ', '.join(dims) + ']')})"


KIND = Kind(
    saves=SAVES_INPUT,  # the input (and a mean and deviation per position, negligible)
    model=LayerNorm,
    rule=rule,
    working=Working({LayerNormFormula.CHANNELS: _channels, LayerNormFormula.LAST_AXES: _last_axes_params}),
    spellings=(
        "layernorm",
        "layer_norm",
        "layernormalization",
        "layer_normalization",
        "layernorm2d",
    ),
    framework_names=("LayerNorm", "LayerNormalization", "LayerNorm2d"),
    # Keras' LayerNormalization() and ConvNeXt's LayerNorm2d normalise the channels at each position.
    implied_fields={"layernormalization": {"over": "channels"}, "layernorm2d": {"over": "channels"}},
    prepare=prepare,
    adjust=adjust,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    spec = cast("LayerNorm", layer.layer)
    options = torch_eps(spec.eps, layer)
    options += "" if spec.elementwise_affine else ", elementwise_affine=False"
    options += "" if spec.bias or not spec.elementwise_affine else ", bias=False"
    last = _last_axes(spec)
    if last is not None:
        shape = str(last[0]) if len(last) == 1 else "(" + ", ".join(map(str, last)) + ")"
        module.add(layer.name, f"nn.LayerNorm({shape}{options})")
    elif len(layer.input_shape) > 1:  # the channels at each position: moved last, normalised, moved back
        module.helpers.add("PerPosition")
        module.add(layer.name, f"PerPosition(nn.LayerNorm({layer.input_shape[0]}{options}))")
    else:
        module.add(layer.name, f"nn.LayerNorm({layer.input_shape[0]}{options})")


def _keras_axes(layer: LayerResult, covered: int) -> str:
    """The last ``covered`` axes of C×spatial, as Keras numbers them on H×W×C (C is −1)."""
    rank = len(layer.input_shape)  # C and the spatial axes, no batch
    first = rank - covered  # 0-based among C, spatial…
    axes = sorted(rank if a == 0 else a for a in range(first, rank))
    return str(axes[0]) if len(axes) == 1 else "[" + ", ".join(map(str, axes)) + "]"


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import number  # loaded only to export

    spec = cast("LayerNorm", layer.layer)
    last = _last_axes(spec)
    axis = "-1" if last is None or len(layer.input_shape) == 1 else _keras_axes(layer, len(last))
    options = f"axis={axis}, epsilon={number(spec.eps, layer, 'eps')}"
    if not spec.elementwise_affine:
        options += ", center=False, scale=False"
    elif not spec.bias:
        options += ", center=False"
    calls.call(f"LayerNormalization({options}, name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True)
