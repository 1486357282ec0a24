"""The ``instancenorm`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import LayerResult, Shape, Step, make_flag
from cnncalc.engine.windows import spatial
from cnncalc.errors import said
from cnncalc.kinds.base import SAVES_INPUT, Adjusted, Formula, Kind, Outcome, Say, Working
from cnncalc.kinds.groupnorm import keras_group_norm, norm_params, statistics_windows, torch_eps
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import Finite, LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule
    from cnncalc.spec.fields import Convention

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class InstanceNorm(LayerBase):
    """Instance normalisation (nn.InstanceNorm2d): each channel's mean and variance over its
    positions. PyTorch's defaults: ``affine=False`` (no γ, β: 0 parameters) and
    ``track_running_stats=False`` (no running statistics)."""

    type: Literal["instancenorm"]
    affine: bool = False
    track_running_stats: bool = False
    eps: Annotated[Finite, Field(gt=0)] = 1e-5


class InstanceNormFormula(Formula):
    PARAMS = "instancenorm_params"  # 2·C with affine, else 0
    STATISTICS = "instancenorm_statistics"  # 2·C running mean and variance, with track_running_stats


def rule(layer: InstanceNorm, shape: Shape) -> Outcome:
    sizes = spatial(shape, "instancenorm")
    channels = shape[0]
    trainable = f.norm_param_count(channels, layer.affine)
    steps = [
        Step("params", InstanceNormFormula.PARAMS, {"C": channels, "affine": int(layer.affine)}, trainable)
    ]
    statistics = 0
    if layer.track_running_stats:  # counted as batch norm's are: non-trainable parameters (Keras' way)
        statistics = 2 * channels
        steps.append(Step("params", InstanceNormFormula.STATISTICS, {"C": channels}, statistics))
    return Outcome(
        shape, trainable + statistics, trainable, 0, tuple(steps), windows=statistics_windows(sizes)
    )


def adjust(layer: InstanceNorm, shape: Shape, outcome: Outcome, convention: "Convention | None") -> Adjusted:
    """PyTorch keeps tracked running statistics as buffers, as it does batch norm's."""
    trainable = outcome.trainable_params if outcome.trainable_params is not None else outcome.params
    statistics = outcome.params - trainable
    if convention != "pytorch" or not statistics:
        return Adjusted(outcome)
    args = {"trainable": trainable, "buffers": statistics, "keras_params": trainable + statistics}
    note = make_flag("convention", args, "flag.convention.pytorch_instancenorm")
    steps = tuple(s for s in outcome.steps if s.formula != InstanceNormFormula.STATISTICS)
    counted = outcome._replace(
        params=trainable, trainable_params=trainable, steps=steps, notes=(*outcome.notes, note)
    )
    return Adjusted(counted, statistics)


def _statistics(step: Step, rank: int, say: Say) -> str:
    return f"{say('instancenorm_statistics')} = 2·C = 2·{step.operands['C']} = {w.count(step.result)}"


KIND = Kind(
    saves=SAVES_INPUT,  # the input (and per-channel statistics, negligible)
    model=InstanceNorm,
    rule=rule,
    working=Working({InstanceNormFormula.PARAMS: norm_params, InstanceNormFormula.STATISTICS: _statistics}),
    spellings=("instancenorm", "instance_norm", "instancenormalization", "instance_normalization"),
    framework_names=("InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"),
    dimensional=True,
    adjust=adjust,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import spatial_rank  # loaded only to export

    spec = cast("InstanceNorm", layer.layer)
    options = torch_eps(spec.eps, layer)
    options += ", affine=True" if spec.affine else ""
    options += ", track_running_stats=True" if spec.track_running_stats else ""
    module.add(layer.name, f"nn.InstanceNorm{spatial_rank(layer)}d({layer.input_shape[0]}{options})")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    """Keras 3 has no InstanceNormalization in its core; GroupNormalization with one group per
    channel is the same arithmetic (each channel's statistics over its positions)."""
    from cnncalc.render.emit import unsupported  # loaded only to export

    spec = cast("InstanceNorm", layer.layer)
    if spec.track_running_stats:
        raise unsupported(layer, "Keras", said("export.what.instancenorm_running"), "track_running_stats")
    keras_group_norm(calls, layer, layer.input_shape[0], spec.eps, spec.affine)


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True)
