"""The ``split`` layer kind (``chunk``), declared in one place: one input, several outputs.

A split's parts are named by ``outputs: [x1, x2]``, or else ``<name>.0``, ``<name>.1``, … (a
split named ``split`` gives ``split.0`` and ``split.1``); later layers take a part by that name in
``inputs``. Inside a block the names are local, as every layer's: ``layer1.0.x1`` when expanded.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from pydantic import Field, model_validator

from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, Flag, LayerResult, Shape, Step, make_flag
from cnncalc.errors import said
from cnncalc.kinds.base import Formula, Invalid, Kind, Outcome, Saves, Say, Working
from cnncalc.render.declare import Drawing, Export
from cnncalc.spec.fields import MAX_DIM, LayerBase, Name, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────

MAX_PARTS = 1024


class Split(LayerBase):
    """The input split on the channel axis into parts: ``chunks: n`` as ``torch.chunk(x, n, dim=1)``
    (⌈C/n⌉ channels a part, the last what is left), or ``sizes: [C1, C2, …]`` as
    ``torch.split(x, [C1, C2, …], dim=1)`` (they must add up to C). No parameters, no MACs."""

    type: Literal["split"]
    chunks: Annotated[int, Field(ge=2, le=MAX_PARTS)] | None = None
    sizes: Annotated[list[Size], Field(min_length=2, max_length=MAX_PARTS)] | None = None
    outputs: Annotated[list[Name], Field(min_length=2, max_length=MAX_PARTS)] | None = Field(
        None, description="the parts' names, for later layers' inputs; default <name>.0, <name>.1, …"
    )

    @model_validator(mode="after")
    def _one_way(self) -> "Split":
        if (self.chunks is None) == (self.sizes is None):
            raise ValueError(said("error.split_how"))
        parts = self.chunks if self.sizes is None else len(self.sizes)
        if self.outputs is not None and len(self.outputs) != parts:
            raise ValueError(said("error.split_outputs", names=len(self.outputs), parts=parts))
        if self.outputs is not None and len(set(self.outputs)) != len(self.outputs):
            raise ValueError(said("error.split_outputs_twice"))
        return self


class SplitFormula(Formula):
    CHUNK = "split_chunk"  # ⌈C/n⌉ channels a part
    SIZES = "split_sizes"  # C = C1 + C2 + …


def rule(layer: Split, shape: Shape) -> Outcome:
    channels = shape[0]
    notes: tuple[Flag, ...] = ()
    if layer.sizes is not None:
        sizes = tuple(layer.sizes)
        if sum(sizes) != channels:
            raise Invalid(
                said(
                    "error.split_sizes",
                    sizes=" + ".join(map(str, sizes)),
                    total=Count(sum(sizes)),
                    channels=Count(channels),
                ),
                "sizes",
                _sizes_hint(sizes, channels),
            )
        operands = {f"C{i + 1}": size for i, size in enumerate(sizes)}
        step = Step("output_size", SplitFormula.SIZES, operands, channels)
    else:
        chunks = cast(int, layer.chunks)
        sizes = f.chunk_sizes(channels, chunks)
        if len(sizes) != chunks:
            per = " + ".join(map(str, sizes))
            raise Invalid(
                said(
                    "error.chunk_parts",
                    channels=channels,
                    chunks=chunks,
                    size=sizes[0],
                    parts=len(sizes),
                    sizes=per,
                ),
                "chunks",
                said("hint.chunk_parts", channels=channels),
            )
        step = Step("output_size", SplitFormula.CHUNK, {"C": channels, "n": chunks}, sizes[0])
        if sizes[-1] != sizes[0]:
            notes = (
                make_flag(
                    "chunk_uneven",
                    {"channels": channels, "chunks": chunks, "size": sizes[0], "last": sizes[-1]},
                ),
            )
    shapes = tuple((size, *shape[1:]) for size in sizes)
    return Outcome(
        shapes[0], steps=(step,), notes=notes, output_shapes=shapes, output_names=tuple(layer.outputs or ())
    )


def _sizes_hint(sizes: tuple[int, ...], channels: int) -> str:
    rest = channels - sum(sizes[:-1])
    if 0 < rest <= MAX_DIM:
        return said("hint.split_sizes_last", sizes=list((*sizes[:-1], rest)), channels=Count(channels))
    return said("hint.split_sizes", channels=Count(channels))


def part_names(raw: Mapping[str, Any], name: str) -> list[str]:
    """The names a raw split layer's parts are known by in its scope: its ``outputs``, else
    ``<name>.0``, ``<name>.1``, …; none while the mapping cannot say (its model reports why)."""
    outputs, chunks, sizes = raw.get("outputs"), raw.get("chunks"), raw.get("sizes")
    if isinstance(outputs, list):
        return [part for part in outputs if isinstance(part, str) and part]
    if isinstance(sizes, list) and 2 <= len(sizes) <= MAX_PARTS:
        return [f"{name}.{k}" for k in range(len(sizes))]
    if isinstance(chunks, int) and not isinstance(chunks, bool) and 2 <= chunks <= MAX_PARTS:
        return [f"{name}.{k}" for k in range(chunks)]
    return []


def _chunk(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    return say("explain.split_chunk", channels=o["C"], chunks=o["n"], size=step.result)


def _sizes(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    values = " + ".join(str(v) for v in o.values())
    return f"C = {' + '.join(o)} = {values} = {step.result:,}"


KIND = Kind(
    saves=Saves(view=True),  # views of its input
    model=Split,
    rule=rule,
    working=Working({SplitFormula.CHUNK: _chunk, SplitFormula.SIZES: _sizes}),
    spellings=("split", "chunk"),
    framework_names=(),
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    """``x1, x2 = torch.chunk(x, 2, dim=1)`` or ``torch.split(x, [a, b], dim=1)`` (the variables
    the parts are written to are the module's target)."""
    spec = cast("Split", layer.layer)
    if spec.chunks is not None:
        module.assign(f"torch.chunk({module.source}, {spec.chunks}, dim=1)")
    else:
        module.assign(f"torch.split({module.source}, {list(spec.sizes or ())}, dim=1)")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    """``keras.ops.split`` on the last axis (channels-last), at the parts' boundaries."""
    sizes = [shape[0] for shape in layer.output_shapes]
    boundaries = [sum(sizes[: k + 1]) for k in range(len(sizes) - 1)]
    calls.assign(f"keras.ops.split({calls.sources[0]}, {boundaries}, axis=-1)")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")
