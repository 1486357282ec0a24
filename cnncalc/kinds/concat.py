"""The ``concat`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal

import cnncalc.kinds.working as w
from cnncalc.engine.results import LayerResult, Shape, Step
from cnncalc.errors import said
from cnncalc.kinds.base import NOTHING_SAVED, Formula, Kind, Outcome, Say, Working, check_inputs_agree
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import LayerBase

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Concat(LayerBase):
    """Concatenation on the channel axis: spatial sizes must match, channels add up."""

    type: Literal["concat"]


class ConcatFormula(Formula):
    CHANNELS = "concat_channels"  # C = C1 + C2 + …


def _same_spatial(first: Shape, other: Shape) -> bool:
    return first[1:] == other[1:]


def _hint(first: Shape, other: Shape) -> str:
    return said("hint.concat_spatial")


def merge(layer: Concat, inputs: tuple[str, ...], in_shapes: tuple[Shape, ...]) -> Outcome:
    check_inputs_agree(inputs, in_shapes, _same_spatial, "error.concat_spatial", _hint)
    first = in_shapes[0]
    channels = sum(shape[0] for shape in in_shapes)
    operands = {f"C{i + 1}": s[0] for i, s in enumerate(in_shapes)}
    step = Step("output_size", ConcatFormula.CHANNELS, operands, channels)
    return Outcome((channels, *first[1:]), steps=(step,))


def _channels(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    return f"C = {' + '.join(o)} = {' + '.join(str(v) for v in o.values())} = {w.count(step.result)}"


KIND = Kind(
    saves=NOTHING_SAVED,  # its backward slices the gradient
    model=Concat,
    merge=merge,
    working=Working({ConcatFormula.CHANNELS: _channels}),
    spellings=("concat", "concatenate", "cat"),
    framework_names=(),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    module.assign(f"torch.cat([{', '.join(module.sources)}], dim=1)")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    calls.merge(f"Concatenate(axis=-1, name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")
