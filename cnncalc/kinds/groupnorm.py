"""The ``groupnorm`` layer kind, declared in one place (and what instance and layer norm share)."""

from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, LayerResult, Shape, Step
from cnncalc.errors import said
from cnncalc.kinds.base import SAVES_INPUT, Formula, Invalid, Kind, Outcome, ReceptiveWindow, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import Finite, LayerBase, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class GroupNorm(LayerBase):
    """Group normalisation (nn.GroupNorm, Keras' GroupNormalization): the mean and variance of each
    group of C/G channels over every position; γ, β per channel (2·C), no running statistics."""

    type: Literal["groupnorm"]
    groups: Size
    affine: bool = True
    eps: Annotated[Finite, Field(gt=0)] = 1e-5


class GroupNormFormula(Formula):
    PARAMS = "groupnorm_params"  # 2·C


def statistics_windows(sizes: tuple[int, ...]) -> tuple[ReceptiveWindow, ...]:
    """The field of a layer whose statistics are taken over every position of an axis: each
    output reads the whole axis (``r_out = r_in + (N − 1)·j_in``, as a gradient shows), and its
    jump and start stay (a window of N, stride 1, centred: P = (N − 1)/2)."""
    return tuple(ReceptiveWindow(n, 1, f.exact(Fraction(n - 1, 2))) for n in sizes)


def _groups_hint(channels: int, groups: int) -> str:
    """The divisors of C nearest to the groups asked for (one when the groups exceed C)."""
    divisors = [g for g in range(1, channels + 1) if channels % g == 0]
    below = max(g for g in divisors if g <= groups)
    above = min((g for g in divisors if g > groups), default=None)
    if above is None:
        return said("hint.groupnorm_groups_one", value=Count(below))
    return said("hint.groupnorm_groups", below=Count(below), above=Count(above))


def rule(layer: GroupNorm, shape: Shape) -> Outcome:
    channels, groups = shape[0], layer.groups
    if channels % groups:
        message = said("error.groupnorm_groups", channels=Count(channels), groups=Count(groups))
        raise Invalid(message, "groups", _groups_hint(channels, groups))
    params = f.norm_param_count(channels, layer.affine)
    step = Step("params", GroupNormFormula.PARAMS, {"C": channels, "affine": int(layer.affine)}, params)
    return Outcome(shape, params, steps=(step,), windows=statistics_windows(shape[1:]))


def norm_params(step: Step, rank: int, say: Say) -> str:
    """``params = 2·C = 2·64 = 128 (γ, β)``, or 0 without affine (group and instance norm)."""
    if not step.operands.get("affine", 1):
        return f"{say('params')} = 0 (affine=False)"
    return w.count_line("params", "2·C", f"2·{step.operands['C']}", step, say) + " (γ, β)"


KIND = Kind(
    saves=SAVES_INPUT,  # the input (and a mean and deviation per group, negligible)
    model=GroupNorm,
    rule=rule,
    working=Working({GroupNormFormula.PARAMS: norm_params}),
    spellings=("groupnorm", "group_norm", "groupnormalization", "group_normalization"),
    framework_names=("GroupNorm", "GroupNormalization"),
    field_aliases={"groups": ("num_groups",)},
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def torch_eps(eps: float, layer: LayerResult) -> str:
    """``, eps=1e-06``, or nothing at PyTorch's default 1e-5."""
    from cnncalc.render.emit import number  # loaded only to export

    return f", eps={number(eps, layer, 'eps')}" if eps != 1e-5 else ""


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    spec = cast("GroupNorm", layer.layer)
    affine = "" if spec.affine else ", affine=False"
    module.add(
        layer.name, f"nn.GroupNorm({spec.groups}, {layer.input_shape[0]}{torch_eps(spec.eps, layer)}{affine})"
    )


def keras_group_norm(calls: "KerasCalls", layer: LayerResult, groups: int, eps: float, affine: bool) -> None:
    """Keras' GroupNormalization with PyTorch's epsilon (Keras' default is 1e-3) and affine."""
    from cnncalc.render.emit import number  # loaded only to export

    options = f"groups={groups}, epsilon={number(eps, layer, 'eps')}"
    options += "" if affine else ", center=False, scale=False"
    calls.call(f"GroupNormalization({options}, name={calls.name!r})")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    spec = cast("GroupNorm", layer.layer)
    keras_group_norm(calls, layer, spec.groups, spec.eps, spec.affine)


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True)
