"""The ``batchnorm`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import LayerResult, Shape, Step, make_flag
from cnncalc.kinds.base import Adjusted, Formula, Kind, Outcome, Saves, Say, Working
from cnncalc.spec.fields import Finite, LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule
    from cnncalc.spec.fields import Convention

from decimal import Decimal

from cnncalc.errors import said
from cnncalc.render.declare import Drawing, Export

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class BatchNorm(LayerBase):
    """Batch normalisation: γ, β trainable; running mean and variance not (Keras counts all four)."""

    type: Literal["batchnorm"]
    affine: bool = True
    eps: Annotated[Finite, Field(gt=0)] = 1e-5
    # No count depends on it; a spec keeps it (public contract) and the exporters pass it on.
    momentum: Annotated[Finite, Field(ge=0, le=1)] | None = None


class BatchNormFormula(Formula):
    PARAMS = "batchnorm_params"  # 4·C (γ, β, running mean, running variance)
    PARAMS_PYTORCH = "batchnorm_params_pytorch"  # 2·C (γ, β; the statistics are buffers)


def rule(layer: BatchNorm, shape: Shape) -> Outcome:
    trainable, non_trainable = f.batchnorm_param_counts(shape[0], layer.affine)
    params = trainable + non_trainable
    step = Step("params", BatchNormFormula.PARAMS, {"C": shape[0], "affine": int(layer.affine)}, params)
    return Outcome(shape, params, trainable, 0, (step,))


def adjust(layer: BatchNorm, shape: Shape, outcome: Outcome, convention: "Convention | None") -> Adjusted:
    """PyTorch keeps the running statistics as buffers, not parameters; Keras counts them."""
    trainable = outcome.trainable_params if outcome.trainable_params is not None else outcome.params
    statistics = outcome.params - trainable  # running mean and variance: 2·C
    if convention == "pytorch":
        ops = {"C": shape[0], "affine": int(layer.affine)}
        step = Step("params", BatchNormFormula.PARAMS_PYTORCH, ops, trainable)
        args = {"trainable": trainable, "buffers": statistics, "keras_params": trainable + statistics}
        variant = "pytorch_batchnorm" if trainable else "pytorch_batchnorm_no_affine"
        note = make_flag("convention", args, f"flag.convention.{variant}")
        counted = outcome._replace(
            params=trainable,
            trainable_params=trainable,
            steps=(step,),
            notes=(*outcome.notes, note),
        )
        return Adjusted(counted, statistics)
    if convention == "keras":
        args = {
            "factor": 4 if trainable else 2,
            "params": outcome.params,
            "non_trainable": statistics,
            "trainable": trainable,
        }
        note = make_flag("convention", args, "flag.convention.keras_batchnorm")
        return Adjusted(outcome._replace(notes=(*outcome.notes, note)))
    return Adjusted(outcome)


def _params(step: Step, rank: int, say: Say) -> str:
    c = step.operands["C"]
    factor = 4 if step.operands.get("affine", 1) else 2
    return w.count_line("params", f"{factor}·C", f"{factor}·{c}", step, say)


def _params_pytorch(step: Step, rank: int, say: Say) -> str:
    c = step.operands["C"]
    if not step.operands.get("affine", 1):
        return f"{say('params')} = 0 (affine=False)"
    return w.count_line("params", "2·C", f"2·{c}", step, say) + " (PyTorch: γ, β)"


def _params_extras(layer: LayerResult, say: Say) -> list[str]:
    """Which of the counts are trained, and (PyTorch) the statistics kept as buffers."""
    if layer.buffers:
        return [
            say(
                "batchnorm_buffers", trainable=w.count(layer.trainable_params), buffers=w.count(layer.buffers)
            )
        ]
    return [
        say(
            "batchnorm_split",
            trainable=w.count(layer.trainable_params),
            non_trainable=w.count(layer.non_trainable_params),
        )
    ]


KIND = Kind(
    saves=Saves(
        inputs=True, channel_stats=2
    ),  # the input, and the batch mean and inverse deviation per channel
    model=BatchNorm,
    rule=rule,
    working=Working(
        {BatchNormFormula.PARAMS: _params, BatchNormFormula.PARAMS_PYTORCH: _params_pytorch},
        params_extras=_params_extras,
    ),
    spellings=("batchnorm", "batch_norm", "batchnormalization", "batch_normalization"),
    framework_names=("BatchNormalization", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "batch_norm"),
    dimensional=True,
    field_aliases={"eps": ("epsilon",)},
    adjust=adjust,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import number, spatial_rank  # loaded only to export

    spec = cast("BatchNorm", layer.layer)
    options = f", eps={number(spec.eps, layer, 'eps')}" if spec.eps != 1e-5 else ""
    if spec.momentum is not None:  # PyTorch's: running = (1 − m)·running + m·batch
        options += f", momentum={number(spec.momentum, layer, 'momentum')}"
    if not spec.affine:
        options += ", affine=False"
    module.add(layer.name, f"nn.BatchNorm{max(spatial_rank(layer), 1)}d({layer.input_shape[0]}{options})")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import number, unsupported  # loaded only to export

    spec = cast("BatchNorm", layer.layer)
    if not spec.affine:
        raise unsupported(layer, "Keras", said("export.what.batchnorm_no_affine"), "affine")
    options = f"epsilon={number(spec.eps, layer, 'eps')}"
    if spec.momentum is not None:
        options += f", momentum={_keras_momentum(spec.momentum, layer)}"
    calls.call(f"BatchNormalization({options}, name={calls.name!r})")


def _keras_momentum(momentum: float, layer: LayerResult) -> str:
    """PyTorch's momentum m as Keras': Keras keeps ``moving = moving·momentum + batch·(1 − momentum)``,
    so the same update is ``1 − m`` (worked in decimal, so 0.7 gives 0.3, not 0.30000000000000004).

    >>> _keras_momentum(0.1, None), _keras_momentum(0.7, None)  # type: ignore[arg-type]
    ('0.9', '0.3')
    """
    from cnncalc.render.emit import number  # loaded only to export

    return repr(float(Decimal(1) - Decimal(number(momentum, layer, "momentum"))))


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True)
