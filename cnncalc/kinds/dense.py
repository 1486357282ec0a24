"""The ``dense`` layer kind, declared in one place."""

import math
from typing import TYPE_CHECKING, Literal, cast

from pydantic import Field

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, Dims, Flag, Shape, Step, make_flag
from cnncalc.engine.windows import whole
from cnncalc.kinds.base import SAVES_INPUT, Formula, Kind, Outcome, ReceptiveWindow, Say, Working
from cnncalc.spec.fields import DenseReading, FusedActivation, LayerBase, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule
    from cnncalc.spec.fields import Convention


from cnncalc.engine.results import LayerResult
from cnncalc.errors import said
from cnncalc.render.declare import Drawing, Export, with_activation

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Dense(LayerBase):
    """Fully connected: ``params = (in + 1)·units``."""

    type: Literal["dense"]
    units: Size
    bias: bool = True
    activation: FusedActivation | None = None
    reading: DenseReading | None = Field(
        None,
        description="on a non-flat input: flatten (in = C·H·W; set by type: affine), channels "
        "(in = C per position, Keras' Dense) or last_axis (in = W, PyTorch's nn.Linear); "
        "default: the convention's, else channels with a warning",
    )


class DenseFormula(Formula):
    PARAMS = "dense_params"  # (in + 1)·units
    FLATTEN_PARAMS = "dense_flatten_params"  # (C·H·W + 1)·units
    LAST_AXIS_PARAMS = "dense_last_axis_params"  # (W + 1)·units
    MACS = "dense_macs"  # in·units·positions


# How each framework's dense layer reads a non-flat input.
DENSE_READINGS: dict[str, DenseReading] = {"pytorch": "last_axis", "keras": "channels", "caffe": "flatten"}


def dense_reading(layer: Dense, shape: Shape, convention: "Convention | None") -> DenseReading | None:
    """The reading a dense layer uses on ``shape``: its own, else the convention's, else None.

    On a C×1×1 map flattening and reading the channels agree, and PyTorch's ``nn.Linear(C, …)``
    is a shape error without the flatten every PyTorch model writes, so PyTorch's last-axis rule
    (in = 1) applies only to maps larger than 1×1.
    """
    if layer.reading is not None or convention is None or len(shape) < 2:
        return layer.reading
    reading = DENSE_READINGS[convention]
    if reading == "last_axis" and math.prod(shape[1:]) == 1:
        return None
    return reading


def prepare(layer: Dense, convention: "Convention | None", shape: Shape) -> Dense:
    """The convention's reading, when the layer names none."""
    reading = dense_reading(layer, shape, convention)
    return (
        layer
        if reading is None or layer.reading is not None
        else layer.model_copy(update={"reading": reading})
    )


def rule(layer: Dense, shape: Shape) -> Outcome:
    """A flat input: ``(in + 1)·units``. A C×H×W map is read as ``layer.reading`` says (set by
    ``affine`` or the convention); without one, per position on the channels as Keras' Dense,
    with a warning naming every reading's count when the map is larger than 1×1."""
    if len(shape) == 1:
        return _outcome(layer, shape, "channels")
    reading = layer.reading or "channels"
    outcome = _outcome(layer, shape, reading)
    positions = math.prod(shape[1:])
    if positions == 1 and reading == "channels":
        args = {"shape": Dims(shape), "channels": shape[0], "positions": positions}
        return outcome._replace(notes=(make_flag("dense_per_position", args),))
    if positions > 1:
        flag = _readings_flag(layer, shape, reading, outcome.params)
        if layer.reading is None:
            return outcome._replace(warnings=(flag,))
        return outcome._replace(notes=(flag,))
    return outcome


def _readings_flag(layer: Dense, shape: Shape, reading: DenseReading, params: int) -> Flag:
    """Every reading's count, so that the user can tell which one they meant."""
    args: dict[str, object] = {
        "shape": Dims(shape),
        "reading": reading,
        "params": Count(params),
        "flatten": Count(f.dense_param_count(math.prod(shape), layer.units, layer.bias)),
        "channels": shape[0],
        "channels_params": Count(f.dense_param_count(shape[0], layer.units, layer.bias)),
        "last": shape[-1],
        "last_params": Count(f.dense_param_count(shape[-1], layer.units, layer.bias)),
        "units": layer.units,
        "bias": int(layer.bias),
    }
    return make_flag("dense_not_flat" if layer.reading is None else "dense_reading", args)


def _outcome(layer: Dense, shape: Shape, reading: DenseReading) -> Outcome:
    """in = C·H·W (flatten), C at each of H·W positions (channels), or W at each of C·H
    positions (last_axis, nn.Linear on C×H×W)."""
    bias = int(layer.bias)
    windows: tuple[ReceptiveWindow, ...] | None = None
    out: Shape
    if reading == "flatten":
        in_features, positions, out = math.prod(shape), 1, (layer.units,)
        ops = {f"d{i}": s for i, s in enumerate(shape)} | {"units": layer.units, "bias": bias}
        formula = DenseFormula.FLATTEN_PARAMS
        windows = whole(shape[1:])
    elif reading == "last_axis":
        in_features, positions, out = shape[-1], math.prod(shape[:-1]), (*shape[:-1], layer.units)
        ops = {"in": in_features, "units": layer.units, "bias": bias}
        formula = DenseFormula.LAST_AXIS_PARAMS
        windows = (*(ReceptiveWindow(1, 1) for _ in shape[1:-1]), ReceptiveWindow(shape[-1], shape[-1]))
    else:
        in_features, positions, out = shape[0], math.prod(shape[1:]), (layer.units, *shape[1:])
        ops = {"in": in_features, "units": layer.units, "bias": bias}
        formula = DenseFormula.PARAMS
    params = f.dense_param_count(in_features, layer.units, layer.bias)
    macs = f.dense_macs(in_features, layer.units, positions)
    mac_ops = {"in": in_features, "units": layer.units, "positions": positions}
    steps = (Step("params", formula, ops, params), Step("macs", DenseFormula.MACS, mac_ops, macs))
    # nn.Linear on the last axis reads one index of every other axis (after a permute too).
    return Outcome(out, params, None, macs, steps, windows=windows, keeps_first_axis=reading == "last_axis")


def _params(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    if o["bias"]:
        symbolic, numbers = "(in + 1)·units", f"({o['in']} + 1)·{o['units']}"
    else:
        symbolic, numbers = "in·units", f"{o['in']}·{o['units']}"
    return w.count_line("params", symbolic, numbers, step, say)


def _flatten_params(step: Step, rank: int, say: Say) -> str:
    """``params = (C·H·W + 1)·units = (30·12·12 + 1)·100 = 432,100``: the flatten, then the dense."""
    o = step.operands
    sizes = [value for key, value in o.items() if key.startswith("d")]
    if len(sizes) <= 4:  # C·H·W, or as a permute left the axes (H·W·C)
        symbols = "·".join(w.input_symbols(step.input_order, len(sizes) - 1))
    else:  # past three spatial axes: no letters
        symbols = "·".join(f"d{i}" for i in range(len(sizes)))
    numbers = "·".join(map(str, sizes))
    if o["bias"]:
        return w.count_line("params", f"({symbols} + 1)·units", f"({numbers} + 1)·{o['units']}", step, say)
    return w.count_line("params", f"{symbols}·units", f"{numbers}·{o['units']}", step, say)


def _last_axis_params(step: Step, rank: int, say: Say) -> str:
    """``params = (W + 1)·units = (12 + 1)·100 = 1,300``: nn.Linear reads the last axis only
    (``C + 1`` once a permute has moved the channels last)."""
    o = step.operands
    last = w.input_symbols(step.input_order, rank)[-1]
    if o["bias"]:
        return w.count_line("params", f"({last} + 1)·units", f"({o['in']} + 1)·{o['units']}", step, say)
    return w.count_line("params", f"{last}·units", f"{o['in']}·{o['units']}", step, say)


def _macs(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    if o.get("positions", 1) != 1:
        symbolic, numbers = "in·units·positions", f"{o['in']}·{o['units']}·{o['positions']}"
    else:
        symbolic, numbers = "in·units", f"{o['in']}·{o['units']}"
    return w.count_line("macs", symbolic, numbers, step, say)


KIND = Kind(
    saves=SAVES_INPUT,  # the input (for the weights' gradient)
    model=Dense,
    rule=rule,
    working=Working(
        {
            DenseFormula.PARAMS: _params,
            DenseFormula.FLATTEN_PARAMS: _flatten_params,
            DenseFormula.LAST_AXIS_PARAMS: _last_axis_params,
            DenseFormula.MACS: _macs,
        },
        channel_symbol="units",
    ),
    spellings=("dense", "linear", "fc", "affine", "fully_connected"),
    framework_names=("Dense", "Linear", "linear", "fc", "affine"),
    field_aliases={"units": ("out_features",), "bias": ("use_bias",)},
    # The book's Affine (밑바닥부터 시작하는 딥러닝) reshapes its input to N×(C·H·W) before the
    # product, so ``affine`` is a dense layer that flattens first. The other spellings read a
    # non-flat input as the spec's ``reading:`` or convention says (dense_reading).
    implied_fields={"affine": {"reading": "flatten"}},
    prepare=prepare,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import spatial_rank, torch_activation  # loaded only to export

    spec = cast("Dense", layer.layer)
    rank = spatial_rank(layer)
    bias = "" if spec.bias else ", bias=False"
    linear = f"nn.Linear({layer.input_shape[0]}, {spec.units}{bias})"
    if rank and spec.reading == "flatten":  # the book's Affine: x.reshape(N, -1) first
        linear = f"nn.Sequential(nn.Flatten(), nn.Linear({math.prod(layer.input_shape)}, {spec.units}{bias}))"
    elif rank and spec.reading == "last_axis":  # nn.Linear itself: the last axis
        linear = f"nn.Linear({layer.input_shape[-1]}, {spec.units}{bias})"
    elif rank:
        module.helpers.add("PerPosition")
        linear = f"PerPosition({linear})"
    module.add(layer.name, linear)
    torch_activation(module, layer, spec.activation)


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import spatial_rank, unsupported  # loaded only to export

    spec = cast("Dense", layer.layer)
    rank = spatial_rank(layer)
    bias = "" if spec.bias else ", use_bias=False"
    if rank and spec.reading == "last_axis":
        raise unsupported(layer, "Keras", said("export.what.dense_last_axis"), "reading")
    if rank and spec.reading == "flatten":
        calls.call(f"Flatten(name={calls.fresh('_flatten')!r})")
    calls.call(f"Dense({spec.units}{bias}{calls.activation(spec.activation)}, name={calls.name!r})")


def _operation(layer: LayerResult) -> str:
    spec = cast("Dense", layer.layer)
    return with_activation(f"dense {spec.units}", spec.activation)


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("dense", operation=_operation)
