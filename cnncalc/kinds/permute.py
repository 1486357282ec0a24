"""The ``permute`` layer kind, declared in one place: the axes reordered (``torch.permute``).

``dims`` is written as PyTorch writes it, with the batch axis: torchvision's ConvNeXt moves the
channels last with ``Permute([0, 2, 3, 1])`` (N×C×H×W → N×H×W×C) and back with
``Permute([0, 3, 1, 2])``. The batch axis must stay first (cnncalc's shapes have none); a list one
shorter, which would be the same permutation without the batch axis, is refused with the list to
write, never guessed. The output is the input's sizes in that order; no parameters, no MACs.

Layers after a permute see the permuted shape, as PyTorch's do: ``layernorm`` with
``normalized_shape`` and ``dense`` with ``reading: last_axis`` act on its last axis. The receptive
field is carried through, each spatial axis under its own name wherever it moved (the calculator
follows the order: a window a later layer slides along a moved axis grows that axis' field).
"""

from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field

from cnncalc.engine.results import Dims, LayerResult, Shape, Step
from cnncalc.errors import said
from cnncalc.kinds.base import Formula, Invalid, Kind, Outcome, Saves, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Permute(LayerBase):
    """The axes reordered as ``torch.permute(x, dims)`` (batch axis included, first):
    ``out[i] = in[dims[i]]``; no parameters, no MACs."""

    type: Literal["permute"]
    dims: Annotated[list[Annotated[int, Field(ge=-5, le=5)]], Field(min_length=2, max_length=5)] = Field(
        description="the order of the axes as torch.permute writes it, the batch axis (0) first: "
        "[0, 2, 3, 1] moves the channels last (a negative axis counts from the end, as in torch)"
    )


class PermuteFormula(Formula):
    ORDER = "permute_order"  # out[i] = in[dims[i]]


def permuted_shape(shape: Shape, dims: tuple[int, ...]) -> Shape:
    """The shape after ``torch.permute(x, dims)``, ``dims`` with the batch axis (0) first:
    ``out[i] = in[dims[i + 1] − 1]``.

    >>> permuted_shape((96, 56, 56), (0, 2, 3, 1)), permuted_shape((56, 56, 96), (0, 3, 1, 2))
    ((56, 56, 96), (96, 56, 56))
    """
    return tuple(shape[d - 1] for d in dims[1:])


def counted_from_the_start(dims: tuple[int, ...], rank: int) -> tuple[int, ...]:
    """torch's negative axes counted from the end: ``d + rank`` for d < 0.

    >>> counted_from_the_start((0, -1, 1, 2), 4)
    (0, 3, 1, 2)
    """
    return tuple(d + rank if d < 0 else d for d in dims)


def _checked(layer: Permute, shape: Shape) -> tuple[int, ...]:
    """``dims`` as a permutation of the batch axis and the input's axes, or Invalid with the fix."""
    rank = len(shape) + 1  # the input's axes and the batch axis
    if len(layer.dims) == rank - 1:  # read without the batch axis, to say so if it is an order
        short = counted_from_the_start(tuple(layer.dims), rank - 1)
        if sorted(short) == list(range(rank - 1)):
            message = said("error.permute_no_batch", dims=list(layer.dims), shape=Dims(shape))
            raise Invalid(message, "dims", said("hint.permute_no_batch", dims=[0, *(d + 1 for d in short)]))
    dims = counted_from_the_start(tuple(layer.dims), rank)
    if len(dims) != rank or sorted(dims) != list(range(rank)):
        message = said("error.permute_not_order", dims=list(layer.dims), rank=rank, shape=Dims(shape))
        raise Invalid(message, "dims", said("hint.permute_not_order", identity=list(range(rank))))
    if dims[0] != 0:
        message = said("error.permute_batch", dims=list(layer.dims))
        raise Invalid(message, "dims", said("hint.permute_batch"))
    return dims


def rule(layer: Permute, shape: Shape) -> Outcome:
    dims = _checked(layer, shape)
    out = permuted_shape(shape, dims)
    operands = {f"d{i}": d for i, d in enumerate(dims)} | {f"n{i}": n for i, n in enumerate(shape)}
    step = Step("output_size", PermuteFormula.ORDER, operands, 0)
    # axes: each output axis' input axis, among C×spatial (the batch axis left out).
    return Outcome(out, steps=(step,), axes=tuple(d - 1 for d in dims[1:]))


def _order(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    dims = [o[f"d{i}"] for i in range(len(o) // 2 + 1) if f"d{i}" in o]
    sizes = [o[f"n{i}"] for i in range(len(dims) - 1)]
    out = [sizes[d - 1] for d in dims[1:]]
    return say(
        "explain.permute",
        dims=", ".join(map(str, dims)),
        before="×".join(map(str, ["N", *sizes])),
        after="×".join(map(str, ["N", *out])),
    )


KIND = Kind(
    model=Permute,
    rule=rule,
    working=Working({PermuteFormula.ORDER: _order}),
    spellings=("permute", "transpose_axes"),
    framework_names=("Permute", "permute"),
    field_aliases={"dims": ("permutation",)},
    saves=Saves(view=True),  # torch.permute is a view of its input: nothing kept
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _dims(layer: LayerResult) -> tuple[int, ...]:
    """The layer's dims, each counted from the start (checked by the rule)."""
    return counted_from_the_start(tuple(cast("Permute", layer.layer).dims), len(layer.input_shape) + 1)


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    """``x.permute(0, 2, 3, 1)``: a tensor method, no module (torchvision's Permute has no weights)."""
    dims = ", ".join(map(str, _dims(layer)))
    module.assign(f"{module.source}.permute({dims})")


def keras_dims(shape: Shape, dims: tuple[int, ...]) -> tuple[int, ...]:
    """Keras' ``Permute`` dims (1-based, no batch axis) for the same reordering, the Keras tensor
    being cnncalc's shape with its first axis last (channels-last): cnncalc's axis a is Keras'
    axis a, and its axis 0 Keras' last.

    >>> keras_dims((96, 56, 56), (0, 2, 3, 1)), keras_dims((56, 56, 96), (0, 3, 1, 2))
    ((2, 3, 1), (3, 1, 2))
    """
    rank = len(shape)
    order = [d - 1 for d in dims[1:]]  # cnncalc's output axis i is its input axis order[i]
    keras_order = [*order[1:], order[0]]  # Keras' output: cnncalc's output with its first axis last
    return tuple(rank if a == 0 else a for a in keras_order)


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    dims = keras_dims(layer.input_shape, _dims(layer))
    calls.call(f"Permute({dims}, name={calls.name!r})")


def _operation(layer: LayerResult) -> str:
    return "permute (" + ", ".join(map(str, _dims(layer))) + ")"


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", operation=_operation)
