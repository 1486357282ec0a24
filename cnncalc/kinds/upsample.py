"""The ``upsample`` layer kind (``interpolate``), declared in one place.

PyTorch's ``nn.Upsample``/``F.interpolate`` and Keras' ``UpSampling1D/2D/3D`` spell one field two
ways: PyTorch's ``size`` is the output size, Keras' ``size`` the factor. Under a Keras spelling
(``type: UpSampling2D``) ``size`` is read as the factor (``size_is: factor``, implied by the
spelling; write ``size_is`` to choose), and a note on the layer says which reading was used.
"""

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import PlainValidator, WithJsonSchema

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import Dims, Flag, LayerResult, Shape, Step, make_flag
from cnncalc.engine.windows import spatial
from cnncalc.errors import said
from cnncalc.kinds.base import NOTHING_SAVED, Formula, Invalid, Kind, Outcome, ReceptiveWindow, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase, PerDim, shown

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1e6


def _factor(value: object) -> float | list[float]:
    """A scale factor once for every axis or one per axis: positive finite numbers (1.5, [2, 0.5])."""
    if _positive(value):
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, list) and 1 <= len(value) <= 3 and all(_positive(v) for v in value):
        return [float(v) for v in value]
    raise ValueError(said("error.upsample_scale_factor", got=shown(value)))


_NUMBER = {"type": "number", "exclusiveMinimum": 0, "maximum": 1e6}
Factor = Annotated[
    float | list[float],
    PlainValidator(_factor),
    WithJsonSchema({"anyOf": [_NUMBER, {"type": "array", "items": _NUMBER, "minItems": 1, "maxItems": 3}]}),
]
Mode = Literal["nearest", "linear", "bilinear", "bicubic", "trilinear"]
# The interpolating modes PyTorch accepts on each number of spatial axes.
_MODES_BY_RANK: dict[int, tuple[str, ...]] = {1: ("linear",), 2: ("bilinear", "bicubic"), 3: ("trilinear",)}


class Upsample(LayerBase):
    """Resizing by interpolation (nn.Upsample, F.interpolate, Keras' UpSampling2D): a scale factor
    per axis (output ⌊N·s⌋) or an output size; no parameters, no MACs."""

    type: Literal["upsample"]
    scale_factor: Factor | None = None
    size: PerDim | None = None
    # What ``size`` is: PyTorch's output size (the default) or Keras' factor (its spellings' default).
    size_is: Literal["output", "factor"] | None = None
    mode: Mode = "nearest"
    align_corners: bool | None = None


class UpsampleFormula(Formula):
    BY_FACTOR = "upsample_by_factor"  # ⌊N·s⌋
    TO_SIZE = "upsample_to_size"  # the size given


def _factors(layer: Upsample, rank: int) -> tuple[float, ...] | None:
    """The factor per axis, or None when ``size`` is the output size."""
    if layer.scale_factor is not None:
        given: float | list[float] = layer.scale_factor
    elif layer.size_is == "factor":
        given = [float(v) for v in layer.size] if isinstance(layer.size, tuple) else float(layer.size or 2)
    else:
        return None
    values = tuple(float(v) for v in given) if isinstance(given, list) else (float(given),) * rank
    if len(values) != rank:
        field = "scale_factor" if layer.scale_factor is not None else "size"
        raise Invalid(
            said("error.upsample_axes", field=field, given=len(values), rank=rank),
            field,
            said("hint.upsample_axes", rank=rank),
        )
    return values


def _check(layer: Upsample, rank: int) -> None:
    if layer.scale_factor is not None and layer.size is not None:
        raise Invalid(said("error.upsample_both"), "size", said("hint.upsample_both"))
    if layer.scale_factor is None and layer.size is None and layer.size_is != "factor":
        raise Invalid(said("error.upsample_neither"), "scale_factor", said("hint.upsample_neither"))
    if layer.mode != "nearest" and layer.mode not in _MODES_BY_RANK[rank]:
        fits = " or ".join(_MODES_BY_RANK[rank])
        message = said("error.upsample_mode", mode=layer.mode, rank=rank)
        raise Invalid(message, "mode", said("hint.upsample_mode", fits=fits, rank=rank))
    if layer.mode == "nearest" and layer.align_corners is not None:
        raise Invalid(
            said("error.upsample_align_nearest"), "align_corners", said("hint.upsample_align_nearest")
        )


def rule(layer: Upsample, shape: Shape) -> Outcome:
    sizes = spatial(shape, "upsample")
    rank = len(sizes)
    _check(layer, rank)
    factors = _factors(layer, rank)
    steps: list[Step] = []
    warnings: list[Flag] = []
    if factors is None:
        outs = _output_sizes(layer, rank)
        steps = [
            Step("output_size", UpsampleFormula.TO_SIZE, {"N": n, "OUT": o}, o, None, axis)
            for axis, (n, o) in enumerate(zip(sizes, outs, strict=True))
        ]
    else:
        outs = tuple(
            _by_factor(n, s, axis, steps, warnings)
            for axis, (n, s) in enumerate(zip(sizes, factors, strict=True))
        )
    align = bool(layer.align_corners)
    windows = tuple(
        _window(n, o, None if factors is None else factors[axis], layer.mode, align)
        for axis, (n, o) in enumerate(zip(sizes, outs, strict=True))
    )
    notes = (_reading(layer, outs),) if layer.size is not None else ()
    return Outcome(
        (shape[0], *outs), steps=tuple(steps), warnings=tuple(warnings), notes=notes, windows=windows
    )


def _output_sizes(layer: Upsample, rank: int) -> tuple[int, ...]:
    """PyTorch's ``size``: the output size, once for every axis or one per axis."""
    given = layer.size if layer.size is not None else 1
    outs = (given,) * rank if isinstance(given, int) else given
    if len(outs) != rank:
        raise Invalid(
            said("error.upsample_axes", field="size", given=len(outs), rank=rank),
            "size",
            said("hint.upsample_axes", rank=rank),
        )
    return outs


def _by_factor(n: int, s: float, axis: int, steps: list[Step], warnings: list[Flag]) -> int:
    """⌊N·s⌋ in floating point, as PyTorch; its Step (s as a fraction of the decimal written)."""
    written = Fraction(repr(s))
    out = f.interpolated_size(n, s)
    exact = n * written
    operands = {"N": n, "s_num": written.numerator, "s_den": written.denominator}
    steps.append(Step("output_size", UpsampleFormula.BY_FACTOR, operands, out, exact, axis))
    if out < 1:
        raise Invalid(
            said("error.upsample_empty", n=n, s=repr(s), out=out),
            "scale_factor",
            said("hint.upsample_empty", n=n),
        )
    if out != int(exact):  # the double product fell below a whole number (100·0.29)
        args = {"n": n, "s": repr(s), "product": repr(float(n) * s), "out": out, "exact": int(exact)}
        warnings.append(make_flag("upsample_rounding", args, axis=axis))
    return out


def _window(n: int, out: int, factor: float | None, mode: str, align: bool) -> ReceptiveWindow:
    """How one output reads its axis: ``taps`` neighbours of the point it samples, the points
    ``step`` input pixels apart, the first at ``first`` (see formulas.interpolation_*)."""
    taps = f.interpolation_taps(mode)
    step = f.interpolation_step(n, out, factor, align)
    first = f.interpolation_first_point(step, mode, align)
    return ReceptiveWindow(taps, f.exact(step), f.exact(Fraction(taps - 1, 2) - first))


def _reading(layer: Upsample, outs: tuple[int, ...]) -> Flag:
    """The note that says how ``size`` was read: Keras' factor or PyTorch's output size."""
    size = list(layer.size) if isinstance(layer.size, tuple) else layer.size
    reading = "factor" if layer.size_is == "factor" else "output"
    return make_flag("upsample_size", {"size": size, "output": Dims(outs)}, f"flag.upsample_size_{reading}")


def _decimal(step: Step) -> str:
    num, den = step.operands["s_num"], step.operands["s_den"]
    return str(num) if den == 1 else repr(num / den)


def _by_factor_line(step: Step, rank: int, say: Say) -> str:
    out, n_sym, _ = w.symbols(step, rank)
    n, s = step.operands["N"], _decimal(step)
    line = f"{w.lhs(out, say)} = ⌊{n_sym}·s⌋ = ⌊{n}·{s}⌋ = "
    product = step.exact
    if product is not None and math.floor(product) != step.result:  # the double product fell short
        return line + f"⌊{float(n) * float(s)!r}⌋ = {step.result} ({say('upsample_float')})"
    if product is not None and product.denominator != 1:
        return line + f"⌊{w.decimal_text(product)}⌋ = {step.result}"
    return line + str(step.result)


def _to_size_line(step: Step, rank: int, say: Say) -> str:
    out, _, _ = w.symbols(step, rank)
    return f"{w.lhs(out, say)} = size = {step.result} ({say('upsample_output_size')})"


_FACTOR = {"size_is": "factor"}
KIND = Kind(
    saves=NOTHING_SAVED,  # its backward needs only the sizes
    model=Upsample,
    rule=rule,
    working=Working({UpsampleFormula.BY_FACTOR: _by_factor_line, UpsampleFormula.TO_SIZE: _to_size_line}),
    spellings=("upsample", "interpolate", "upsampling", "upsamplingnearest", "upsamplingbilinear"),
    framework_names=(
        "Upsample",
        "UpSampling1D",
        "UpSampling2D",
        "UpSampling3D",
        "UpsamplingNearest2d",
        "UpsamplingBilinear2d",
        "interpolate",
    ),
    dimensional=True,
    field_aliases={"mode": ("interpolation",)},
    # Keras' UpSampling1D/2D/3D: size is the factor (default 2); PyTorch's UpsamplingBilinear2d
    # is bilinear with align_corners=True.
    implied_fields={
        "upsampling": _FACTOR,
        "upsampling1d": _FACTOR,
        "upsampling2d": _FACTOR,
        "upsampling3d": _FACTOR,
        "upsamplingbilinear2d": {"mode": "bilinear", "align_corners": True},
    },
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import literal, number  # loaded only to export

    spec = cast("Upsample", layer.layer)
    factors = _factors(spec, len(layer.input_shape) - 1)
    if factors is None:
        target = f"size={literal(spec.size or 1)}"
    else:
        values = [number(s, layer, "scale_factor") for s in factors]
        target = f"scale_factor={values[0] if len(set(values)) == 1 else '(' + ', '.join(values) + ')'}"
    align = f", align_corners={spec.align_corners}" if spec.align_corners is not None else ""
    module.add(layer.name, f"nn.Upsample({target}, mode={spec.mode!r}{align})")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    """Keras' UpSampling repeats (nearest) or interpolates with half-pixel centres (bilinear, 2-D
    only) by whole factors: PyTorch's align_corners=False. Anything else would differ."""
    from cnncalc.render.emit import literal, unsupported  # loaded only to export

    spec = cast("Upsample", layer.layer)
    rank = len(layer.input_shape) - 1
    factors = _factors(spec, rank)
    whole = factors is not None and all(s == int(s) for s in factors)
    mode_fits = spec.mode == "nearest" or (spec.mode == "bilinear" and not spec.align_corners)
    if factors is None or not whole or not mode_fits:
        blamed = "size" if spec.scale_factor is None else "scale_factor"
        if whole:
            blamed = "align_corners" if spec.align_corners else "mode"
        raise unsupported(layer, "Keras", said("export.what.upsample"), blamed)
    size = literal(tuple(int(s) for s in factors))
    interpolation = f", interpolation={spec.mode!r}" if rank == 2 else ""
    calls.call(f"UpSampling{calls.nd}(size={size}{interpolation}, name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")
