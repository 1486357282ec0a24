"""The ``add`` layer kind, declared in one place (and the broadcasting it shares with ``multiply``)."""

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import Dims, LayerResult, Shape, Step
from cnncalc.errors import said
from cnncalc.kinds.base import Formula, Invalid, Kind, Outcome, Saves, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Add(LayerBase):
    """Element-wise sum of its inputs (a residual connection), broadcast over sizes of 1: on each
    axis the inputs' sizes are equal, or 1 and repeated to the others' (NumPy's rule)."""

    type: Literal["add"]


class AddFormula(Formula):
    BROADCAST = "add_broadcast"  # an axis of 1 repeated to the others' size


def merge(layer: Add, inputs: tuple[str, ...], in_shapes: tuple[Shape, ...]) -> Outcome:
    out = broadcast(inputs, in_shapes, "error.add_shapes", _hint)
    return Outcome(out, steps=broadcast_steps(AddFormula.BROADCAST, in_shapes, out))


def broadcast(
    inputs: tuple[str, ...], in_shapes: tuple[Shape, ...], message: str, hint: Callable[[Shape, Shape], str]
) -> Shape:
    """The inputs' broadcast shape (:func:`cnncalc.engine.formulas.broadcast_shape`), or Invalid
    naming the first two inputs that do not broadcast and both shapes (``message``: ``first``,
    ``first_shape``, ``other``, ``other_shape``), with ``hint``'s fix."""
    out = f.broadcast_shape(in_shapes)
    if out is not None:
        return out
    pairs = ((i, j) for i in range(len(inputs)) for j in range(i + 1, len(inputs)))
    i, j = next(p for p in pairs if f.broadcast_shape((in_shapes[p[0]], in_shapes[p[1]])) is None)
    first, other = in_shapes[i], in_shapes[j]
    details = {"first_shape": Dims(first), "other": inputs[j], "other_shape": Dims(other)}
    raise Invalid(said(message, first=inputs[i], **details), "inputs", hint(first, other))


def broadcast_steps(formula: Formula, in_shapes: tuple[Shape, ...], out: Shape) -> tuple[Step, ...]:
    """One line of working per axis whose sizes differ (a 1 repeated); none when all agree."""
    if in_shapes.count(out) == len(in_shapes):  # the common add: every input already the output's shape
        return ()
    steps = []
    for axis, size in enumerate(out):
        sizes = {f"N{k + 1}": shape[axis] for k, shape in enumerate(in_shapes)}
        if any(value != size for value in sizes.values()):
            spatial_axis = axis - 1 if axis else None  # None: the channels
            steps.append(Step("output_size", formula, sizes, size, None, spatial_axis))
    return tuple(steps)


def broadcast_line(step: Step, rank: int, say: Say) -> str:
    """``OH: 1, 56 → 56 (broadcast: …)``: the axis, each input's size, the output's."""
    symbol = "C" if step.axis is None else w.symbols(step, rank)[0]
    sizes = ", ".join(str(v) for v in step.operands.values())
    return say("explain.broadcast", axis=symbol, sizes=sizes, result=step.result)


def _hint(first: Shape, other: Shape) -> str:
    """What would make two ``add`` inputs broadcast.

    A 1×1 projection (ResNet's downsample) fixes the channels, and with a stride the sizes; when
    only the spatial sizes differ a projection is not what is missing.
    """
    if len(first) != len(other):
        return said("hint.add_rank")
    if first[0] == other[0]:
        return said("hint.add_spatial", a=Dims(first[1:]), b=Dims(other[1:]))
    if first[1:] == other[1:]:
        few, many = sorted((first, other))
        return said("hint.add_channels", a=first[0], b=other[0], shape=Dims(few), filters=many[0])
    big, small = (first, other) if math.prod(first[1:]) >= math.prod(other[1:]) else (other, first)
    strides = {b // s for b, s in zip(big[1:], small[1:], strict=True) if s and b % s == 0}
    if len(strides) == 1 and all(b == s * min(strides) for b, s in zip(big[1:], small[1:], strict=True)):
        return said("hint.add_downsample", shape=Dims(big), filters=small[0], stride=strides.pop())
    return said("hint.add_both", a=first[0], b=other[0], c=Dims(first[1:]), d=Dims(other[1:]))


KIND = Kind(
    # Nothing saved; the gradient passes to each input unchanged (derivatives.yaml: ``grad`` itself).
    saves=Saves(passes_gradient=True),
    model=Add,
    merge=merge,
    working=Working({AddFormula.BROADCAST: broadcast_line}),
    spellings=("add", "sum", "residual"),
    framework_names=(),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    module.assign(" + ".join(module.sources))


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    calls.merge(f"Add(name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("add")  # a ⊕, as the ResNet figure draws a residual sum
