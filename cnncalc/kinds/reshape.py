"""The ``reshape`` layer kind, declared in one place: the same elements viewed in another shape."""

import math
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from cnncalc.engine.results import Count, Dims, LayerResult, Shape, Step
from cnncalc.engine.windows import whole
from cnncalc.errors import said
from cnncalc.kinds.base import Formula, Invalid, Kind, Outcome, Saves, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule
    from cnncalc.spec.fields import Convention

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────

# An entry of the target shape: a size, -1 (inferred) or 0 (PyTorch's and ONNX's "copy this axis").
ShapeEntry = Annotated[int, Field(ge=-1, le=2**40)]


class Reshape(LayerBase):
    """The same elements in another shape (``torch.reshape``, ONNX ``Reshape``, Keras' ``Reshape``):
    ``shape`` is the target without the batch axis, channels first (under ``convention: keras``
    channels last, as Keras' Reshape writes it); -1 is inferred, 0 copies the input's size on that
    axis. No parameters, no MACs; the element count must stay the same."""

    type: Literal["reshape"]
    shape: list[ShapeEntry] = Field(min_length=1, max_length=4)


class ReshapeFormula(Formula):
    OUTPUT = "reshape_output"  # ∏ input = ∏ output, -1 = ∏ input / ∏ the others


def reshape_output_shape(shape: Shape, target: tuple[int, ...]) -> tuple[int, ...]:
    """The target shape with 0 replaced by the input's size on that axis and -1 by
    ``∏ input / ∏ the other entries``; ValueError (with the sentence's id) when it cannot hold
    the input's elements.

    >>> reshape_output_shape((64, 4, 4), (-1,)), reshape_output_shape((6, 8, 8), (2, 3, 0, 8))
    ((1024,), (2, 3, 8, 8))
    """
    if target.count(-1) > 1:
        raise ValueError("error.reshape_two_inferred")
    if any(size == 0 and axis >= len(shape) for axis, size in enumerate(target)):
        raise ValueError("error.reshape_copy_axis")
    sizes = [shape[axis] if size == 0 else size for axis, size in enumerate(target)]
    total = math.prod(shape)
    known = math.prod(size for size in sizes if size != -1)
    if -1 in sizes:
        if known == 0 or total % known:
            raise ValueError("error.reshape_count")
        sizes[sizes.index(-1)] = total // known
    if math.prod(sizes) != total:
        raise ValueError("error.reshape_count")
    return tuple(sizes)


def keras_target(layer: Reshape, convention: "Convention | None", shape: Shape) -> Reshape:
    """Under ``convention: keras`` the target is written as Keras writes it, H×W×C: read as C×H×W,
    the order cnncalc's shapes have (Keras' ``Reshape((7, 7, 64))`` is 64×7×7)."""
    if convention != "keras" or len(layer.shape) < 2:
        return layer
    return layer.model_copy(update={"shape": [layer.shape[-1], *layer.shape[:-1]]})


def rule(layer: Reshape, shape: Shape) -> Outcome:
    target = tuple(layer.shape)
    try:
        out = reshape_output_shape(shape, target)
    except ValueError as exc:
        details = {
            "shape": Dims(shape),
            "target": list(target),
            "count": Count(math.prod(shape)),
            "rank": len(shape),
        }
        raise Invalid(said(exc.args[0], **details), "shape", said("hint.reshape", **details)) from None
    operands = {f"d{i}": s for i, s in enumerate(shape)}
    step = Step("output_size", ReshapeFormula.OUTPUT, operands, math.prod(out))
    # A view that keeps the spatial sizes keeps each position's field; any other mixes positions.
    windows = None if out[1:] == shape[1:] else whole(shape[1:])
    return Outcome(out, steps=(step,), windows=windows)


def _output(step: Step, rank: int, say: Say) -> str:
    values = "·".join(map(str, step.operands.values()))
    return say("explain.reshape", product=values, count=step.result)


KIND = Kind(
    model=Reshape,
    rule=rule,
    working=Working({ReshapeFormula.OUTPUT: _output}),
    spellings=("reshape", "view"),
    framework_names=("Reshape",),
    prepare=keras_target,
    saves=Saves(view=True),  # a view of its input (a copy only when it is not contiguous)
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    out = layer.output_shape
    if len(out) == 1:
        module.add(layer.name, "nn.Flatten()")
    else:  # nn.Unflatten needs its input flat: the view as torch.reshape takes it
        module.add(layer.name, f"nn.Sequential(nn.Flatten(), nn.Unflatten(1, {tuple(out)!r}))")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    """Keras' tensors are channels-last: the same output shape, written H×W×C."""
    from cnncalc.render.emit import channels_last  # loaded only to export

    target = channels_last(layer.output_shape)
    calls.call(f"Reshape({tuple(target)!r}, name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")
