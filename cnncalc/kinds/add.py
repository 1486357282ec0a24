"""The ``add`` layer kind, declared in one place."""

from __future__ import annotations

import math
import operator
from typing import Literal

from cnncalc.engine.results import Dims, LayerResult, Shape
from cnncalc.errors import said
from cnncalc.kinds.base import Kind, Outcome, Working, check_inputs_agree
from cnncalc.render.emit import Drawing, Export, KerasCalls, TorchModule
from cnncalc.spec.fields import LayerBase

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Add(LayerBase):
    """Element-wise sum of its inputs (a residual connection): every input's shape must match."""

    type: Literal["add"]


def merge(layer: Add, inputs: tuple[str, ...], in_shapes: tuple[Shape, ...]) -> Outcome:
    check_inputs_agree(inputs, in_shapes, operator.eq, "error.add_shapes", _hint)
    return Outcome(in_shapes[0])


def _hint(first: Shape, other: Shape) -> str:
    """What would make two unequal ``add`` inputs equal (add does not broadcast).

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
    model=Add,
    merge=merge,
    working=Working({}),
    spellings=("add", "sum", "residual"),
    framework_names=(),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    module.assign(" + ".join(module.sources))


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    calls.merge(f"Add(name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("add")  # a ⊕, as the ResNet figure draws a residual sum
