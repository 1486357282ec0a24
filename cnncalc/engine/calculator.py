"""Apply the formulas layer by layer: a validated :class:`Spec` → a :class:`NetworkResult`.

Each layer kind has one rule, found by the model's class in ``_RULES``. A rule receives the
layer and its input shape and returns an :class:`Outcome`; it raises :class:`Invalid` when the
layer cannot apply to that input, which the loop turns into a :class:`LayerError` with its place.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, TypeVar

from cnncalc.engine import conventions
from cnncalc.engine import formulas as f
from cnncalc.engine.conventions import Convention
from cnncalc.engine.layout import channels_first, looks_channels_first, looks_channels_last, without_batch
from cnncalc.engine.layout import written as written_as
from cnncalc.engine.limits import HINT, size_problem
from cnncalc.engine.results import (
    Exact,
    Flag,
    LayerResult,
    NetworkResult,
    ReceptiveField,
    Shape,
    Step,
    make_flag,
)
from cnncalc.errors import LayerError, said
from cnncalc.spec import models as m
from cnncalc.spec.blocks import INPUT, layer_names

# At most this many strides (the smallest) and paddings are suggested for a stride that does not fit.
SUGGESTIONS = 8


class Invalid(Exception):
    """A layer cannot apply to its input; ``field`` is the spec field to blame."""

    def __init__(self, message: str, field: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.hint = hint


class FlatInput(Invalid):
    """A spatial layer given a flat vector; its hint depends on what made the vector (calculate)."""


@dataclass(frozen=True)
class Window:
    """How one spatial axis of a layer looks at its input, for the receptive field."""

    kernel: int
    stride: Exact
    pad_before: int = 0
    dilation: int = 1
    transposed: bool = False


@dataclass
class Outcome:
    output_shape: Shape
    params: int = 0
    trainable_params: int | None = None  # None: all parameters are trainable
    macs: int = 0
    steps: list[Step] = field(default_factory=list)
    warnings: list[Flag] = field(default_factory=list)
    notes: list[Flag] = field(default_factory=list)
    windows: tuple[Window, ...] | None = None  # None: each output sees the same field as its input


def calculate(spec: m.Spec, name: str | None = None, convention: Convention | None = None) -> NetworkResult:
    """Compute every layer's shapes, parameters, MACs and receptive field; raise LayerError at the
    first layer that fails. Layers may take earlier layers by name (``inputs``), so the network is
    a graph computed in the order written. ``convention`` (or the spec's own ``convention:``)
    applies one framework's rules where they differ. An input that looks written the other way
    round (or with a batch size left in) is flagged on the first layer that reads it, with the
    other reading computed too."""
    convention = convention or spec.convention
    reading = conventions.read_input(spec, convention)
    results = _layers(spec, reading.shape, convention, _input_hint(reading))
    flag = _input_flag(spec, reading, convention, results)
    if flag is not None:
        first = next(i for i, layer in enumerate(results) if INPUT in layer.inputs)
        layer = results[first]
        results[first] = replace(layer, warnings=(flag, *layer.warnings))
    return NetworkResult(
        spec.name or name or "network",
        reading.shape,
        tuple(results),
        spec.strict,
        convention,
        reading.layout,
        spec.batch,
    )


def _layers(
    spec: m.Spec, input_shape: Shape, convention: Convention | None, input_hint: str | None
) -> list[LayerResult]:
    names = _layer_names(spec.layers)
    shapes: dict[str, Shape] = {INPUT: input_shape}
    fields: dict[str, ReceptiveField | None] = {INPUT: _input_field(input_shape)}
    # Which layer made each shape, (type, name), looking through layers that keep it (relu, dropout),
    # so that a hint names the flatten or global pool really before a layer.
    makers: dict[str, tuple[str, str]] = {INPUT: (INPUT, INPUT)}
    results: list[LayerResult] = []
    previous = INPUT
    for index, (layer, layer_name) in enumerate(zip(spec.layers, names, strict=True)):
        inputs = tuple(layer.inputs) if layer.inputs else (previous,)
        in_shapes = tuple(shapes[source] for source in inputs)
        # A size error on a layer that reads the input is most often the input written another way.
        hint = input_hint if inputs == (INPUT,) else None
        try:
            built = conventions.prepare(layer, convention, in_shapes[0])
            outcome = _apply(built, inputs, in_shapes)
            too_large = size_problem(outcome.output_shape, outcome.params, outcome.macs)
            if too_large:
                raise Invalid(too_large, None, HINT)
            buffers = conventions.adjust(built, in_shapes[0], outcome, convention)
        except (Invalid, conventions.Refused) as exc:
            if isinstance(exc, FlatInput):
                exc.hint = _flat_input_hint(*makers[inputs[0]])
            raise LayerError(index, layer_name, exc.args[0], exc.field, hint or exc.hint) from None
        except f.NonPositiveSize as exc:
            raise LayerError(
                index,
                layer_name,
                said("error.size_not_positive", detail=exc.args[0]),
                "kernel",
                hint or said("hint.size_not_positive"),
            ) from None
        receptive = _receptive_field([fields[source] for source in inputs], outcome.windows)
        trainable = outcome.params if outcome.trainable_params is None else outcome.trainable_params
        results.append(
            LayerResult(
                index=index + 1,
                name=layer_name,
                type=layer.type,
                input_shape=in_shapes[0],
                output_shape=outcome.output_shape,
                params=outcome.params,
                trainable_params=trainable,
                macs=outcome.macs,
                layer=built,
                steps=tuple(outcome.steps),
                warnings=tuple(outcome.warnings),
                notes=tuple(outcome.notes),
                buffers=buffers,
                inputs=inputs,
                input_shapes=in_shapes,
                receptive_field=receptive,
                block_path=layer.block_path,
            )
        )
        shapes[layer_name] = outcome.output_shape
        fields[layer_name] = receptive
        keeps = len(inputs) == 1 and outcome.output_shape == in_shapes[0]
        makers[layer_name] = makers[inputs[0]] if keeps else (layer.type, layer_name)
        previous = layer_name
    return results


# --- the input's layout ------------------------------------------------------------------------


def _input_flag(
    spec: m.Spec,
    reading: conventions.InputReading,
    convention: Convention | None,
    results: list[LayerResult],
) -> Flag | None:
    """A batch size left in, or an input that looks written the other way round, when the other
    reading computes too (a network that computes only as written was written for it)."""
    written, layout = reading.written, reading.layout
    image = None if reading.named else without_batch(written)
    if image is not None:
        kind, other = "input_batch", image
    elif reading.chosen:
        return None
    elif layout == "channels_first" and looks_channels_last(written):
        kind, other = "input_channels_last", channels_first(written)
    elif layout == "channels_last" and looks_channels_first(written):
        kind, other = "input_channels_first", written
    else:
        return None
    try:
        other_results = _layers(spec, other, convention, None)
    except LayerError:
        return None
    other_params = sum(layer.params for layer in other_results)
    shape = reading.shape
    rank = len(shape) - 1
    args: dict[str, object] = {
        "written": list(written),
        "channels": shape[0],
        "spatial": _shape_text(shape[1:]),
        "rank": rank,
        "params": _count(sum(layer.params for layer in results)),
        "other": _shape_text(other),
        "other_params": _count(other_params),
        "axes": _LAST_AXES[len(written) - 1],
        "suggested": written_as(other, layout),
    }
    # The first layer's parameter working under each reading, as plain data, for --explain.
    args["working"] = [
        _params_working(_shape_text(shape), results),
        _params_working(_shape_text(other), other_results),
    ]
    return make_flag(kind, args)


def _params_working(shape: str, results: list[LayerResult]) -> dict[str, object]:
    first = next(layer for layer in results if INPUT in layer.inputs)
    step = next((step for step in first.steps if step.quantity == "params"), None)
    if step is None:
        return {"shape": shape, "rank": len(first.input_shape) - 1}
    return {
        "shape": shape,
        "rank": len(first.input_shape) - 1,
        "formula": step.formula,
        "operands": dict(step.operands),
        "result": step.result,
    }


_LAST_AXES = {1: "L×C", 2: "H×W×C", 3: "D×H×W×C"}


def _count(value: int) -> str:
    return f"{value:,}"


def _input_hint(reading: conventions.InputReading) -> str | None:
    """What a size error on the first layer most likely means about the input as written."""
    written, layout = reading.written, reading.layout
    image = None if reading.named else without_batch(written)
    if image is not None:
        return said("hint.drop_batch", input=written_as(image, layout))
    if reading.chosen:
        return None
    if layout == "channels_first" and _old_channels_last(written):
        return said("hint.channels_first", shape=list(channels_first(written)))
    if layout == "channels_last" and looks_channels_first(written):
        return said("hint.keras_channels_last", input=written_as(written, layout))
    return None


def _old_channels_last(shape: tuple[int, ...]) -> bool:
    """The error hint's wider test: ``[32, 32, 3]`` (H, W, C as Keras prints it) meeting a size
    error is worth a question even where the flag's rule would not fire."""
    return len(shape) >= 3 and shape[-1] in (1, 3, 4) and shape[0] > 4 * shape[-1]


def _apply(layer: m.LayerBase, inputs: tuple[str, ...], in_shapes: tuple[Shape, ...]) -> Outcome:
    merge = _MERGE_RULES.get(type(layer))
    if merge is not None:
        if len(inputs) < 2:
            raise Invalid(
                said(
                    "error.needs_two_inputs",
                    layer=_a_layer(layer.kind),
                    count=len(inputs),
                    names=", ".join(inputs),
                ),
                "inputs",
                said("hint.name_inputs"),
            )
        return merge(layer, inputs, in_shapes)
    if len(inputs) != 1:
        raise Invalid(
            said(
                "error.takes_one_input",
                layer=_a_layer(layer.kind),
                count=len(inputs),
                names=", ".join(inputs),
            ),
            "inputs",
            said("hint.join_inputs"),
        )
    _check_rank(layer, in_shapes[0])
    return _RULES[type(layer)](layer, in_shapes[0])


def _a_layer(kind: str) -> str:
    """``a conv layer``, ``an add layer``."""
    return said("part.an_layer" if kind[:1] in "aeiou" else "owner.layer", kind=kind)


def _layer_names(layers: list[Any]) -> list[str]:
    """The user's names; unnamed layers get ``conv_1``, ``conv_2``… per type, skipping taken names."""
    return layer_names([(layer.name, layer.type) for layer in layers])


def _check_rank(layer: m.LayerBase, shape: Shape) -> None:
    rank = len(shape) - 1
    if layer.spatial_dims is not None and layer.spatial_dims != rank:
        raise (FlatInput if rank == 0 else Invalid)(
            said(
                "error.rank",
                dims=layer.spatial_dims,
                shape=_shape_text(shape),
                rank=rank,
                plural="s" if rank != 1 else "",
            ),
            "type",
            _rank_hint(layer.spatial_dims, rank),
        )


def _rank_hint(wanted: int, rank: int) -> str:
    if rank + 1 == wanted:
        # [32, 32] for a 2-D layer: the channel count was left out.
        return said("hint.rank_or_channels", rank=rank)
    return said("hint.rank", rank=rank)


# --- helpers shared by the rules ---------------------------------------------------------------


def _shape_text(shape: Shape) -> str:
    return "×".join(str(s) for s in shape)


def _spatial(shape: Shape, kind: str) -> tuple[int, ...]:
    if len(shape) < 2:
        raise FlatInput(said("error.needs_spatial", kind=kind, shape=_shape_text(shape)), "type")
    return shape[1:]


# A global pool's form that keeps C×1×1 (PyTorch's AdaptiveAvgPool2d(1), Keras' keepdims=True).
_KEEPDIMS_POOL = {"global_avgpool": "adaptive_avgpool", "global_maxpool": "adaptive_maxpool"}


def _flat_input_hint(kind: str, name: str) -> str:
    """What to do about a flat input, by what made it: a flatten, a global pool, a dense layer or
    the spec's own input."""
    if kind == INPUT:
        return said("hint.flat_input")
    if kind == "flatten":
        return said("hint.flat_after_flatten", name=name)
    if kind in _KEEPDIMS_POOL:
        return said("hint.flat_after_global_pool", kind=kind, name=name, pool=_KEEPDIMS_POOL[kind])
    if kind == "dense":
        return said("hint.flat_after_dense", name=name)
    return said("hint.flat_after_other", name=name, kind=kind)


def _per_dim(value: int | tuple[int, ...], rank: int, field_name: str) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,) * rank
    if len(value) != rank:
        raise Invalid(
            said(
                "error.per_dim_entries",
                field=field_name,
                count=len(value),
                rank=rank,
                plural="s" if rank != 1 else "",
            ),
            field_name,
            said("hint.per_dim_entries"),
        )
    return value


def _channels_divisible(channels: int, filters: int, groups: int) -> None:
    if channels % groups or filters % groups:
        raise Invalid(
            said("error.groups", groups=groups, channels=channels, filters=filters),
            "groups",
            said("hint.groups", channels=channels, filters=filters),
        )


def _fit_flag(axis: int, exact: Fraction, operands: dict[str, int], out: int) -> Flag:
    n, kernel, stride = operands["N"], operands["F"], operands["S"]
    dilation = operands.get("D", 1)
    strides: tuple[int, ...] = ()
    paddings: tuple[int, ...] = ()
    if "P" in operands:  # 'same' chooses its own padding; only numeric padding gets suggestions
        strides = f.fitting_strides(n, kernel, operands["P"], dilation, max_stride=SUGGESTIONS)
        paddings = f.fitting_paddings(n, kernel, stride, dilation, limit=SUGGESTIONS)
    args = {
        "axis": axis + 1,
        "exact": _fraction_text(exact),
        "out": out,
        "n": n,
        "kernel": kernel,
        "stride": stride,
        "padding": operands.get("P", 0),
    }
    return make_flag(
        "stride_does_not_fit",
        args,
        "" if out == math.floor(exact) else "flag.stride_does_not_fit_rounded_up",
        axis=axis,
        exact=exact,
        result=None if out == math.floor(exact) else out,
        fitting_strides=strides,
        fitting_paddings=paddings,
    )


def _fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator} ≈ {float(value):.2f}"


def _windowed_sizes(
    spatial: tuple[int, ...],
    kernel: tuple[int, ...],
    stride: tuple[int, ...],
    padding: int | tuple[int, ...] | str,
    dilation: tuple[int, ...],
    ceil_mode: bool = False,
) -> tuple[tuple[int, ...], list[Step], list[Flag], list[Flag], tuple[Window, ...]]:
    """Output sizes of a sliding window (conv or pool), with the working, the flags and each
    axis' window for the receptive field."""
    rank = len(spatial)
    sizes, steps, warnings, notes, windows = [], [], [], [], []
    for axis in range(rank):
        n, k, s, d = spatial[axis], kernel[axis], stride[axis], dilation[axis]
        if padding == "same":
            before, after = f.same_padding(n, k, s, d)
            out = f.same_output_size(n, s)
            ops = {"N": n, "F": k, "S": s, "D": d, "P_before": before, "P_after": after}
            exact = Fraction(n + before + after - f.effective_kernel(k, d), s) + 1
            steps.append(Step("output_size", "same_output", ops, out, exact, axis))
            if before != after:
                notes.append(
                    make_flag(
                        "same_padding_asymmetric",
                        {"axis": axis + 1, "before": before, "after": after},
                        axis=axis,
                    )
                )
        else:
            p = before = 0 if padding == "valid" else _per_dim(padding, rank, "padding")[axis]  # type: ignore[arg-type]
            ops = {"N": n, "F": k, "S": s, "P": p, "D": d}
            exact = f.conv_output_exact(n, k, s, p, d)
            if ceil_mode:
                out = f.pool_output_size_ceil(n, k, s, p, d)
                steps.append(Step("output_size", "pool_ceil_output", ops, out, exact, axis))
            else:
                out = f.conv_output_size(n, k, s, p, d)
                steps.append(Step("output_size", "conv_output", ops, out, exact, axis))
        if exact.denominator != 1:
            warnings.append(_fit_flag(axis, exact, ops, out))
        sizes.append(out)
        windows.append(Window(k, s, before, d))
    return tuple(sizes), steps, warnings, notes, tuple(windows)


def _check_padding_rank(padding: int | tuple[int, ...] | str, rank: int) -> None:
    if isinstance(padding, tuple):
        _per_dim(padding, rank, "padding")


# --- one rule per layer kind -------------------------------------------------------------------


def _conv(layer: m.Conv, shape: Shape) -> Outcome:
    spatial = _spatial(shape, "conv")
    rank, channels = len(spatial), shape[0]
    kernel = _per_dim(layer.kernel, rank, "kernel")
    stride = _per_dim(layer.stride, rank, "stride")
    dilation = _per_dim(layer.dilation, rank, "dilation")
    _check_padding_rank(layer.padding, rank)
    _channels_divisible(channels, layer.filters, layer.groups)
    sizes, steps, warnings, notes, windows = _windowed_sizes(spatial, kernel, stride, layer.padding, dilation)
    out = (layer.filters, *sizes)
    params = f.conv_param_count(kernel, channels, layer.filters, layer.groups, layer.bias)
    steps.append(
        Step(
            "params",
            "conv_params",
            _kernel_ops(kernel)
            | {"C": channels, "G": layer.groups, "FN": layer.filters, "bias": int(layer.bias)},
            params,
        )
    )
    macs = f.conv_macs(out, channels, kernel, layer.groups)
    mac_ops = (
        {"FN": layer.filters} | _out_ops(sizes) | {"C": channels, "G": layer.groups} | _kernel_ops(kernel)
    )
    steps.append(Step("macs", "conv_macs", mac_ops, macs))
    return Outcome(out, params, None, macs, steps, warnings, notes, windows)


def _conv_transpose(layer: m.ConvTranspose, shape: Shape) -> Outcome:
    spatial = _spatial(shape, "conv_transpose")
    rank, channels = len(spatial), shape[0]
    kernel = _per_dim(layer.kernel, rank, "kernel")
    stride = _per_dim(layer.stride, rank, "stride")
    dilation = _per_dim(layer.dilation, rank, "dilation")
    output_padding = _per_dim(layer.output_padding, rank, "output_padding")
    _channels_divisible(channels, layer.filters, layer.groups)
    steps: list[Step] = []
    sizes = []
    pads = []
    for axis in range(rank):
        n, k, s, d, op = spatial[axis], kernel[axis], stride[axis], dilation[axis], output_padding[axis]
        if op >= max(s, d):
            raise Invalid(
                said("error.output_padding_too_large", op=op, s=s, d=d),
                "output_padding",
                said("hint.pytorch_refuses"),
            )
        if layer.padding == "same":
            if op:
                # Keras then drops N·S for (N − 1)S + (D(F − 1) + 1) mod 2 + OP, and PyTorch has no 'same'.
                raise Invalid(
                    said("error.output_padding_same", op=op),
                    "output_padding",
                    said("hint.output_padding_same"),
                )
            out = f.transpose_same_output_size(n, s)
            steps.append(Step("output_size", "transpose_same_output", {"N": n, "S": s}, out, None, axis))
            pads.append(f.transpose_same_padding(k, s, d))
        else:
            p = 0 if layer.padding == "valid" else _per_dim(layer.padding, rank, "padding")[axis]  # type: ignore[arg-type]
            out = f.conv_transpose_output_size(n, k, s, p, op, d)
            ops = {"N": n, "F": k, "S": s, "P": p, "OP": op, "D": d}
            steps.append(Step("output_size", "conv_transpose_output", ops, out, None, axis))
            pads.append(p)
        sizes.append(out)
    params = f.conv_transpose_param_count(kernel, channels, layer.filters, layer.groups, layer.bias)
    steps.append(
        Step(
            "params",
            "conv_transpose_params",
            _kernel_ops(kernel)
            | {"C": channels, "G": layer.groups, "FN": layer.filters, "bias": int(layer.bias)},
            params,
        )
    )
    macs = f.conv_transpose_macs(shape, layer.filters, kernel, layer.groups)
    mac_ops = (
        {"C": channels} | _in_ops(spatial) | {"FN": layer.filters, "G": layer.groups} | _kernel_ops(kernel)
    )
    steps.append(Step("macs", "conv_transpose_macs", mac_ops, macs))
    windows = tuple(
        Window(kernel[axis], stride[axis], pads[axis], dilation[axis], transposed=True)
        for axis in range(rank)
    )
    return Outcome((layer.filters, *sizes), params, None, macs, steps, windows=windows)


def _depthwise(layer: m.DepthwiseConv, shape: Shape) -> Outcome:
    spatial = _spatial(shape, "depthwise_conv")
    rank, channels = len(spatial), shape[0]
    kernel = _per_dim(layer.kernel, rank, "kernel")
    stride = _per_dim(layer.stride, rank, "stride")
    dilation = _per_dim(layer.dilation, rank, "dilation")
    _check_padding_rank(layer.padding, rank)
    sizes, steps, warnings, notes, windows = _windowed_sizes(spatial, kernel, stride, layer.padding, dilation)
    depth = channels * layer.depth_multiplier
    out = (depth, *sizes)
    params = f.depthwise_param_count(kernel, channels, layer.depth_multiplier, layer.bias)
    steps.append(
        Step(
            "params",
            "depthwise_params",
            _kernel_ops(kernel) | {"C": channels, "M": layer.depth_multiplier, "bias": int(layer.bias)},
            params,
        )
    )
    macs = f.conv_macs(out, channels, kernel, channels)
    mac_ops = {"C": channels, "M": layer.depth_multiplier} | _out_ops(sizes) | _kernel_ops(kernel)
    steps.append(Step("macs", "depthwise_macs", mac_ops, macs))
    return Outcome(out, params, None, macs, steps, warnings, notes, windows)


def _separable(layer: m.SeparableConv, shape: Shape) -> Outcome:
    spatial = _spatial(shape, "separable_conv")
    rank, channels = len(spatial), shape[0]
    kernel = _per_dim(layer.kernel, rank, "kernel")
    stride = _per_dim(layer.stride, rank, "stride")
    dilation = _per_dim(layer.dilation, rank, "dilation")
    _check_padding_rank(layer.padding, rank)
    sizes, steps, warnings, notes, windows = _windowed_sizes(spatial, kernel, stride, layer.padding, dilation)
    out = (layer.filters, *sizes)
    params = f.separable_param_count(kernel, channels, layer.filters, layer.depth_multiplier, layer.bias)
    steps.append(
        Step(
            "params",
            "separable_params",
            _kernel_ops(kernel)
            | {"C": channels, "M": layer.depth_multiplier, "FN": layer.filters, "bias": int(layer.bias)},
            params,
        )
    )
    macs = f.separable_macs(sizes, channels, layer.filters, kernel, layer.depth_multiplier)
    mac_ops = {"C": channels, "M": layer.depth_multiplier, "FN": layer.filters} | _out_ops(sizes)
    steps.append(Step("macs", "separable_macs", mac_ops | _kernel_ops(kernel), macs))
    return Outcome(out, params, None, macs, steps, warnings, notes, windows)


def _pool(layer: m.MaxPool | m.AvgPool, shape: Shape) -> Outcome:
    spatial = _spatial(shape, layer.type)
    rank, channels = len(spatial), shape[0]
    kernel = _per_dim(layer.kernel, rank, "kernel")
    stride = kernel if layer.stride is None else _per_dim(layer.stride, rank, "stride")
    dilation = _per_dim(layer.dilation, rank, "dilation") if isinstance(layer, m.MaxPool) else (1,) * rank
    _check_padding_rank(layer.padding, rank)
    if isinstance(layer.padding, (int, tuple)):
        for axis, p in enumerate(_per_dim(layer.padding, rank, "padding")):
            # PyTorch checks the kernel itself, not its dilated span: padding ≤ ⌊F/2⌋.
            if p > kernel[axis] // 2:
                raise Invalid(
                    said("error.pool_padding", p=p, kernel=kernel[axis]),
                    "padding",
                    said("hint.pool_padding"),
                )
    if isinstance(layer, m.AvgPool) and rank == 3 and layer.padding != "same":
        for axis, (n, k) in enumerate(zip(spatial, kernel, strict=True)):
            if n < k:
                raise Invalid(
                    said("error.avgpool3d_small", n=n, k=k, axis=axis + 1),
                    "kernel",
                    said("hint.avgpool3d_small"),
                )
    if layer.ceil_mode and layer.padding == "same":
        raise Invalid(said("error.ceil_same"), "ceil_mode")
    sizes, steps, warnings, notes, windows = _windowed_sizes(
        spatial, kernel, stride, layer.padding, dilation, layer.ceil_mode
    )
    params = 0
    if layer.trainable:
        params = f.subsampling_param_count(channels)
        steps.append(Step("params", "subsampling_params", {"C": channels}, params))
    return Outcome((channels, *sizes), params, None, 0, steps, warnings, notes, windows)


def _global_pool(layer: m.GlobalAvgPool | m.GlobalMaxPool, shape: Shape) -> Outcome:
    spatial = _spatial(shape, layer.type)
    return Outcome((shape[0],), windows=_whole(spatial))


def _adaptive_pool(layer: m.AdaptiveAvgPool | m.AdaptiveMaxPool, shape: Shape) -> Outcome:
    spatial = _spatial(shape, layer.type)
    sizes = _per_dim(layer.output_size, len(spatial), "output_size")
    # PyTorch's windows run from ⌊i·N/out⌋ to ⌈(i + 1)·N/out⌉, N/out apart: the first is ⌈N/out⌉
    # wide, and the field is the first output's (a later window may be one wider when out ∤ N).
    windows = tuple(
        Window(-(-n // out), f.exact(Fraction(n, out))) for n, out in zip(spatial, sizes, strict=True)
    )
    return Outcome((shape[0], *sizes), windows=windows)


def _flatten(layer: m.Flatten, shape: Shape) -> Outcome:
    out = math.prod(shape)
    step = Step("output_size", "flatten", {f"d{i}": s for i, s in enumerate(shape)}, out)
    return Outcome((out,), steps=[step], windows=_whole(shape[1:]))


def _dense(layer: m.Dense, shape: Shape) -> Outcome:
    """A flat input: ``(in + 1)·units``. A C×H×W map is read as ``layer.reading`` says (set by
    ``affine`` or the convention); without one, per position on the channels as Keras' Dense,
    with a warning naming every reading's count when the map is larger than 1×1."""
    if len(shape) == 1:
        return _dense_outcome(layer, shape, "channels")
    reading = layer.reading or "channels"
    outcome = _dense_outcome(layer, shape, reading)
    positions = math.prod(shape[1:])
    if positions == 1 and reading == "channels":
        outcome.notes.append(
            make_flag(
                "dense_per_position",
                {"shape": _shape_text(shape), "channels": shape[0], "positions": positions},
            )
        )
    elif positions > 1:
        args: dict[str, object] = {
            "shape": _shape_text(shape),
            "reading": reading,
            "params": _count(outcome.params),
            "flatten": _count(f.dense_param_count(math.prod(shape), layer.units, layer.bias)),
            "channels": shape[0],
            "channels_params": _count(f.dense_param_count(shape[0], layer.units, layer.bias)),
            "last": shape[-1],
            "last_params": _count(f.dense_param_count(shape[-1], layer.units, layer.bias)),
            "units": layer.units,
            "bias": int(layer.bias),
        }
        kind = "dense_not_flat" if layer.reading is None else "dense_reading"
        flag = make_flag(kind, args)
        (outcome.warnings if layer.reading is None else outcome.notes).append(flag)
    return outcome


def _dense_outcome(layer: m.Dense, shape: Shape, reading: m.DenseReading) -> Outcome:
    """in = C·H·W (flatten), C at each of H·W positions (channels), or W at each of C·H
    positions (last_axis, nn.Linear on C×H×W)."""
    bias = int(layer.bias)
    windows: tuple[Window, ...] | None = None
    out: Shape
    if reading == "flatten":
        in_features, positions, out = math.prod(shape), 1, (layer.units,)
        dims = {f"d{i}": s for i, s in enumerate(shape)}
        step = Step("params", "dense_flatten_params", dims | {"units": layer.units, "bias": bias}, 0)
        windows = _whole(shape[1:])
    elif reading == "last_axis":
        in_features, positions, out = shape[-1], math.prod(shape[:-1]), (*shape[:-1], layer.units)
        step = Step(
            "params", "dense_last_axis_params", {"in": in_features, "units": layer.units, "bias": bias}, 0
        )
        windows = (*(Window(1, 1) for _ in shape[1:-1]), Window(shape[-1], shape[-1]))
    else:
        in_features, positions, out = shape[0], math.prod(shape[1:]), (layer.units, *shape[1:])
        step = Step("params", "dense_params", {"in": in_features, "units": layer.units, "bias": bias}, 0)
    params = f.dense_param_count(in_features, layer.units, layer.bias)
    macs = f.dense_macs(in_features, layer.units, positions)
    mac_ops = {"in": in_features, "units": layer.units, "positions": positions}
    steps = [replace(step, result=params), Step("macs", "dense_macs", mac_ops, macs)]
    return Outcome(out, params, None, macs, steps, windows=windows)


def _unchanged(layer: m.LayerBase, shape: Shape) -> Outcome:
    return Outcome(shape)


def _activation(layer: m.Activation, shape: Shape) -> Outcome:
    """No parameters, but PReLU's slopes: PyTorch's ``num_parameters`` (1 by default, or C), or
    Keras' one per element but along ``shared_axes``. Without either, PyTorch's default: 1 (a
    ``keras`` convention makes it Keras' default, in :mod:`cnncalc.engine.conventions`)."""
    if not layer.info.parametric:
        return Outcome(shape)
    channels = shape[0]
    if layer.shared_axes is not None:
        keras_shape = (*shape[1:], channels)
        outside = [axis for axis in layer.shared_axes if axis > len(keras_shape)]
        if outside:
            raise Invalid(
                said("error.shared_axes", axis=outside[0], shape=_shape_text(shape), count=len(keras_shape)),
                "shared_axes",
                said("hint.shared_axes", axes=list(range(1, len(keras_shape)))),
            )
        params = f.prelu_param_count(keras_shape, tuple(layer.shared_axes))
        return Outcome(shape, params, steps=[prelu_keras_step(keras_shape, layer.shared_axes, params)])
    count = layer.num_parameters or 1
    if count not in (1, channels):
        raise Invalid(
            said("error.prelu_count", channels=channels, count=count),
            "num_parameters",
            said("hint.prelu_count", channels=channels),
        )
    outcome = Outcome(shape, count, steps=[Step("params", "prelu_params_pytorch", {"n": count}, count)])
    if layer.num_parameters is None:
        keras = f.prelu_param_count((*shape[1:], channels))
        outcome.notes.append(make_flag("prelu_slopes", {"keras": f"{keras:,}", "channels": channels}))
    return outcome


def prelu_keras_step(keras_shape: Shape, shared_axes: list[int] | tuple[int, ...], params: int) -> Step:
    """The working of Keras' PReLU count: the sizes of the axes not shared, named H, W, C…"""
    names = {2: ("N", "C"), 3: ("H", "W", "C"), 4: ("D", "H", "W", "C")}.get(len(keras_shape), ("C",))
    kept = {
        name: n
        for axis, (name, n) in enumerate(zip(names, keras_shape, strict=False), 1)
        if axis not in shared_axes
    }
    return Step("params", "prelu_params_keras", kept, params)


def _batchnorm(layer: m.BatchNorm, shape: Shape) -> Outcome:
    trainable, non_trainable = f.batchnorm_param_counts(shape[0], layer.affine)
    params = trainable + non_trainable
    steps = [Step("params", "batchnorm_params", {"C": shape[0], "affine": int(layer.affine)}, params)]
    return Outcome(shape, params, trainable, 0, steps)


def _zero_padding(layer: m.ZeroPadding, shape: Shape) -> Outcome:
    spatial = _spatial(shape, "zero_padding")
    padding = _per_dim(layer.padding, len(spatial), "padding")
    sizes = tuple(n + 2 * p for n, p in zip(spatial, padding, strict=True))
    steps = [
        Step("output_size", "zero_padding_output", {"N": n, "P": p}, n + 2 * p, None, axis)
        for axis, (n, p) in enumerate(zip(spatial, padding, strict=True))
    ]
    return Outcome((shape[0], *sizes), steps=steps, windows=tuple(Window(1, 1, p) for p in padding))


def _add(layer: m.Add, inputs: tuple[str, ...], in_shapes: tuple[Shape, ...]) -> Outcome:
    first = in_shapes[0]
    for source, shape in zip(inputs[1:], in_shapes[1:], strict=True):
        if shape != first:
            raise Invalid(
                said(
                    "error.add_shapes",
                    first=inputs[0],
                    first_shape=_shape_text(first),
                    other=source,
                    other_shape=_shape_text(shape),
                ),
                "inputs",
                _add_hint(first, shape),
            )
    return Outcome(first)


def _add_hint(first: Shape, other: Shape) -> str:
    """What would make two unequal ``add`` inputs equal (add does not broadcast).

    A 1×1 projection (ResNet's downsample) fixes the channels, and with a stride the sizes; when
    only the spatial sizes differ a projection is not what is missing.
    """
    if len(first) != len(other):
        return said("hint.add_rank")
    if first[0] == other[0]:
        return said("hint.add_spatial", a=_shape_text(first[1:]), b=_shape_text(other[1:]))
    if first[1:] == other[1:]:
        few, many = sorted((first, other))
        return said("hint.add_channels", a=first[0], b=other[0], shape=_shape_text(few), filters=many[0])
    big, small = (first, other) if math.prod(first[1:]) >= math.prod(other[1:]) else (other, first)
    strides = {b // s for b, s in zip(big[1:], small[1:], strict=True) if s and b % s == 0}
    if len(strides) == 1 and all(b == s * min(strides) for b, s in zip(big[1:], small[1:], strict=True)):
        return said("hint.add_downsample", shape=_shape_text(big), filters=small[0], stride=strides.pop())
    return said("hint.add_both", a=first[0], b=other[0], c=_shape_text(first[1:]), d=_shape_text(other[1:]))


def _concat(layer: m.Concat, inputs: tuple[str, ...], in_shapes: tuple[Shape, ...]) -> Outcome:
    first = in_shapes[0]
    for source, shape in zip(inputs[1:], in_shapes[1:], strict=True):
        if shape[1:] != first[1:]:
            raise Invalid(
                said(
                    "error.concat_spatial",
                    first=inputs[0],
                    first_shape=_shape_text(first),
                    other=source,
                    other_shape=_shape_text(shape),
                ),
                "inputs",
                said("hint.concat_spatial"),
            )
    channels = sum(shape[0] for shape in in_shapes)
    step = Step(
        "output_size", "concat_channels", {f"C{i + 1}": s[0] for i, s in enumerate(in_shapes)}, channels
    )
    return Outcome((channels, *first[1:]), steps=[step])


# --- receptive field ---------------------------------------------------------------------------


def _input_field(shape: Shape) -> ReceptiveField | None:
    rank = len(shape) - 1
    if rank == 0:
        return None
    one, zero = (1,) * rank, (0,) * rank
    return ReceptiveField(one, one, zero)


def _receptive_field(
    sources: list[ReceptiveField | None], windows: tuple[Window, ...] | None
) -> ReceptiveField | None:
    """Along the largest path: per axis, the input whose field is largest, then this layer's window."""
    known = [source for source in sources if source is not None]
    if not known:
        return None
    if windows is None and len(known) == 1:
        return known[0]  # relu, batchnorm, dropout…: the same field (and the same object)
    rank = len(known[0].size)
    size, jump, start = [], [], []
    for axis in range(rank):
        best = max(known, key=lambda rf: rf.size[axis] if axis < len(rf.size) else 0)
        r, j, c = best.size[axis], best.jump[axis], best.start[axis]
        if windows is not None and axis < len(windows):
            r, j, c = _through(windows[axis], r, j, c)
        size.append(r)
        jump.append(j)
        start.append(c)
    return ReceptiveField(tuple(size), tuple(jump), tuple(start))


def _through(window: Window, r: Exact, j: Exact, c: Exact) -> tuple[Exact, Exact, Exact]:
    k, d = window.kernel, window.dilation
    if window.transposed:
        return f.transposed_receptive_field(r, j, c, k, int(window.stride), window.pad_before, d)
    return (
        f.receptive_field_size(r, k, j, d),
        f.receptive_field_jump(j, window.stride),
        f.receptive_field_start(c, k, window.pad_before, j, d),
    )


def _whole(spatial: tuple[int, ...]) -> tuple[Window, ...]:
    """A window over the whole input: global pooling, and flatten (whatever follows sees it all)."""
    return tuple(Window(n, n) for n in spatial)


def _out_ops(sizes: tuple[int, ...]) -> dict[str, int]:
    names = {1: ("O",), 2: ("OH", "OW"), 3: ("OD", "OH", "OW")}[len(sizes)]
    return dict(zip(names, sizes, strict=True))


def _in_ops(sizes: tuple[int, ...]) -> dict[str, int]:
    names = {1: ("N",), 2: ("H", "W"), 3: ("ID", "H", "W")}[len(sizes)]
    return dict(zip(names, sizes, strict=True))


def _kernel_ops(kernel: tuple[int, ...]) -> dict[str, int]:
    names = {1: ("F",), 2: ("FH", "FW"), 3: ("FD", "FH", "FW")}[len(kernel)]
    return dict(zip(names, kernel, strict=True))


L = TypeVar("L", bound=m.LayerBase)
Rule = Callable[[Any, Shape], Outcome]

_RULES: dict[type[m.LayerBase], Rule] = {
    m.Conv: _conv,
    m.ConvTranspose: _conv_transpose,
    m.DepthwiseConv: _depthwise,
    m.SeparableConv: _separable,
    m.MaxPool: _pool,
    m.AvgPool: _pool,
    m.GlobalAvgPool: _global_pool,
    m.GlobalMaxPool: _global_pool,
    m.AdaptiveAvgPool: _adaptive_pool,
    m.AdaptiveMaxPool: _adaptive_pool,
    m.Flatten: _flatten,
    m.Dense: _dense,
    m.Dropout: _unchanged,
    m.Activation: _activation,
    m.LRN: _unchanged,
    m.BatchNorm: _batchnorm,
    m.ZeroPadding: _zero_padding,
}
MergeRule = Callable[[Any, tuple[str, ...], tuple[Shape, ...]], Outcome]
_MERGE_RULES: dict[type[m.LayerBase], MergeRule] = {m.Add: _add, m.Concat: _concat}
assert set(_RULES) | set(_MERGE_RULES) == set(m.LAYER_MODELS), "every layer model needs a rule"
