"""The ``flatten`` layer kind, declared in one place."""

import math
from typing import TYPE_CHECKING, Literal

import cnncalc.kinds.working as w
from cnncalc.engine.results import LayerResult, Shape, Step
from cnncalc.engine.windows import whole
from cnncalc.kinds.base import Formula, Kind, Outcome, Saves, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Flatten(LayerBase):
    """``[C, H, W]`` → ``[C·H·W]``."""

    type: Literal["flatten"]


class FlattenFormula(Formula):
    OUTPUT = "flatten"  # C·H·W


def rule(layer: Flatten, shape: Shape) -> Outcome:
    out = math.prod(shape)
    step = Step("output_size", FlattenFormula.OUTPUT, {f"d{i}": s for i, s in enumerate(shape)}, out)
    return Outcome((out,), steps=(step,), windows=whole(shape[1:]))


def _output(step: Step, rank: int, say: Say) -> str:
    values = list(step.operands.values())
    names = {1: ("C",), 2: ("C", "N"), 3: ("C", "H", "W"), 4: ("C", "ID", "H", "W")}.get(
        len(values), tuple(f"d{i}" for i in range(len(values)))
    )
    label = say("output_shape")
    return f"{label} = {'·'.join(names)} = {'·'.join(map(str, values))} = {w.count(step.result)}"


KIND = Kind(
    saves=Saves(view=True),  # a view of its input
    model=Flatten,
    rule=rule,
    working=Working({FlattenFormula.OUTPUT: _output}, axes_shown=False),
    spellings=("flatten",),
    framework_names=("Flatten",),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    module.add(layer.name, "nn.Flatten()")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    calls.call(f"Flatten(name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")
