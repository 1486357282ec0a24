"""The ``multiply`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal

from cnncalc.engine.results import Dims, LayerResult, Shape, Step
from cnncalc.errors import said
from cnncalc.kinds.add import broadcast, broadcast_line, broadcast_steps
from cnncalc.kinds.base import SAVES_INPUT, Formula, Kind, Outcome, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Multiply(LayerBase):
    """Element-wise product of its inputs (a squeeze-and-excitation gate ``C×1×1 ⊙ C×H×W``),
    broadcast as ``add`` is: on each axis the sizes are equal, or 1 and repeated. No parameters;
    0 MACs, as PyTorch's FlopCounterMode counts no element-wise operation."""

    type: Literal["multiply"]


class MultiplyFormula(Formula):
    BROADCAST = "multiply_broadcast"  # an axis of 1 repeated to the others' size
    MACS = "multiply_macs"  # 0: element-wise products are not counted


def merge(layer: Multiply, inputs: tuple[str, ...], in_shapes: tuple[Shape, ...]) -> Outcome:
    out = broadcast(inputs, in_shapes, "error.multiply_shapes", _hint)
    steps = (
        *broadcast_steps(MultiplyFormula.BROADCAST, in_shapes, out),
        Step("macs", MultiplyFormula.MACS, {}, 0),
    )
    return Outcome(out, steps=steps)


def _hint(first: Shape, other: Shape) -> str:
    """A flat ``[C]`` gate (a global pool's) against ``C×H×W`` wants ``C×1×1``; else the rule."""
    flat, full = sorted((first, other), key=len)
    if len(flat) == 1 and len(full) > 1 and flat[0] == full[0]:
        return said(
            "hint.multiply_flat_gate", channels=flat[0], keep=Dims((flat[0],) + (1,) * (len(full) - 1))
        )
    return said("hint.broadcast")


def _macs(step: Step, rank: int, say: Say) -> str:
    return say("explain.elementwise_macs")


KIND = Kind(
    saves=SAVES_INPUT,  # each input (for the other's gradient)
    model=Multiply,
    merge=merge,
    working=Working({MultiplyFormula.BROADCAST: broadcast_line, MultiplyFormula.MACS: _macs}),
    spellings=("multiply", "mul", "product"),
    framework_names=("Multiply",),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    module.assign(" * ".join(module.sources))


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    calls.merge(f"Multiply(name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")
