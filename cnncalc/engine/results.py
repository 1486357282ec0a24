"""What the engine returns: frozen data, computed once; renderers only read it.

The records made per layer (and every record made on every run) are ``NamedTuple``s: a
dataclass costs ≈ 1.5 ms to create at import and several times as much to construct; a copy
with changes is ``record._replace(...)``.
"""

# No `from __future__ import annotations`: a NamedTuple's string annotations are compiled one by
# one when its class is made (≈5 µs a field, at every start-up); these are evaluated once instead.

import math
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from cnncalc.choices import DTYPE_BYTES as DTYPE_BYTES

if TYPE_CHECKING:
    from cnncalc.spec.blocks import BlockRef
    from cnncalc.spec.models import LayerBase

Shape = tuple[int, ...]


class Count(int):
    """An operand that is a count (parameters, MACs, elements): a flag's or an error's sentence
    writes it as every count is written (``61,706``, by ``render/i18n``)."""

    __slots__ = ()


class HugeCount(int):
    """A count past the limits (``engine/limits``): a sentence writes it ``1.235e+19``."""

    __slots__ = ()


class Names(tuple[str, ...]):
    """An operand that lists layers' names: a sentence writes them ``conv1, conv2``."""

    __slots__ = ()


class RoundedUp(NamedTuple):
    """An output size Caffe rounds up, as a note quotes it: ``⌈(N + 2·P − F)/S⌉ + 1 = size``."""

    n: int
    padding: int
    kernel: int
    stride: int
    size: int


class RoundedUpSizes(tuple[RoundedUp, ...]):
    """The axes a Caffe note names: written once when they agree, else each, ``; `` between."""

    __slots__ = ()


class FlooredSizes(tuple[int, ...]):
    """What the other frameworks give on those axes (the floor): written as RoundedUpSizes are."""

    __slots__ = ()


class Dims(tuple[int, ...]):
    """An operand that is a shape: a sentence writes it ``3×32×32`` (by ``render/i18n``)."""

    __slots__ = ()


# An exact rational: an int while it is whole (fast), a Fraction once it is not.
Exact = int | Fraction


class ReceptiveField(NamedTuple):
    """Per spatial axis: the field's size r, the jump j (effective stride) and the centre of the
    first output's field (in input pixel indices), as fractions (a transposed conv halves jumps)."""

    size: tuple[Exact, ...]
    jump: tuple[Exact, ...]
    start: tuple[Exact, ...]


class Step(NamedTuple):
    """One line of working: a named formula with its operands, as the lecture notes write it.

    ``formula`` names a template in the explain renderer; ``operands`` are the symbols'
    values (``{"N": 32, "P": 0, "F": 5, "S": 1}``); ``exact`` is the value before flooring.
    """

    quantity: str  # "output_size" | "params" | "macs"
    formula: str
    operands: dict[str, int]
    result: int
    exact: Fraction | None = None
    axis: int | None = None  # spatial axis (0-based) for output sizes
    # For --explain only (set from LayerResult.input_order, never by a rule): the network's axis
    # each input axis holds after a permute, so that a formula names the axis it reads.
    input_order: tuple[int, ...] | None = None


class Flag(NamedTuple):
    """A warning (a stride that does not fit) or a note (Dense applied per position, …), as data.

    ``kind`` says what it is and ``args`` are its operands; the renderers write its sentence, the
    text ``message_id`` (default ``"flag." + kind``) of ``render/i18n`` in the chosen language
    (``render.i18n.flag_text``). The engine writes no sentence.
    """

    kind: str
    axis: int | None = None
    exact: Fraction | None = None
    result: int | None = None  # the size used, when it is not ⌊exact⌋ (ceil_mode, Caffe)
    # For a stride that does not fit: the strides that would (same padding), and the paddings
    # with which this stride would.
    fitting_strides: tuple[int, ...] = ()
    fitting_paddings: tuple[int, ...] = ()
    args: Mapping[str, object] = MappingProxyType({})  # make_flag gives each flag its own
    message_id: str = ""  # a variant's text id, when one kind has several sentences


def make_flag(kind: str, args: Mapping[str, object], message_id: str = "", **fields: Any) -> Flag:
    """A flag of ``kind`` with its operands ``args``; ``message_id`` names its sentence when the
    kind has several (else ``flag.<kind>``)."""
    return Flag(kind, args=dict(args), message_id=message_id, **fields)


class LayerResult(NamedTuple):
    index: int  # type: ignore[assignment]  # from 1, as every output numbers layers (not tuple.index)
    name: str
    type: str
    input_shape: Shape
    output_shape: Shape
    params: int
    trainable_params: int
    macs: int
    layer: "LayerBase"
    steps: tuple[Step, ...] = ()
    warnings: tuple[Flag, ...] = ()
    notes: tuple[Flag, ...] = ()
    buffers: int = 0  # state that is not a parameter (PyTorch's batch-norm running statistics)
    inputs: tuple[str, ...] = ("input",)  # the names of the layers it takes ('input': the network's)
    input_shapes: tuple[Shape, ...] = ()  # one per input; input_shape is the first
    receptive_field: ReceptiveField | None = None  # None while there is no spatial axis
    block_path: "tuple[BlockRef, ...]" = ()  # enclosing blocks, outermost first
    # A layer with several outputs (split): its parts' names and shapes; output_shape is the first.
    outputs: tuple[str, ...] = ()
    output_shapes: tuple[Shape, ...] = ()
    # Its input's axes as the network's (0 the channels, k the spatial axis k), when a permute
    # left them in another order; None: the network input's order (windows.Order).
    input_order: tuple[int, ...] | None = None

    @property
    def non_trainable_params(self) -> int:
        return self.params - self.trainable_params

    @property
    def activation_elements(self) -> int:
        if self.output_shapes:  # every part's
            return sum(math.prod(shape) for shape in self.output_shapes)
        return math.prod(self.output_shape)

    def memory_bytes(self, bytes_per_value: int = 4) -> int:
        """The output activation's size: elements × bytes per value."""
        return self.activation_elements * bytes_per_value

    @property
    def flagged(self) -> bool:
        return bool(self.warnings)


class FoldedBlock(NamedTuple):
    """Consecutive layers of one block instance shown as one row (``--depth``), with their sums."""

    name: str
    label: str
    layers: tuple[LayerResult, ...]
    inputs: tuple[str, ...]  # names from outside the block that its layers take
    params: int
    trainable_params: int
    macs: int

    @property
    def first_index(self) -> int:
        return self.layers[0].index

    @property
    def last(self) -> "LayerResult":
        return self.layers[-1]


def fold(layers: tuple[LayerResult, ...], depth: int | None) -> list[LayerResult | FoldedBlock]:
    """Rows for a table that shows blocks nested ``depth`` deep and folds the deeper ones, as
    torchinfo's ``depth``: 0 folds every top-level block use into one row; None folds nothing."""
    if depth is None:
        return list(layers)
    rows: list[LayerResult | FoldedBlock] = []
    group: list[LayerResult] = []

    def close() -> None:
        if group:
            ref = group[0].block_path[depth]
            inside = {name for layer in group for name in (layer.name, *layer.outputs)}
            outside = tuple(dict.fromkeys(n for layer in group for n in layer.inputs if n not in inside))
            rows.append(
                FoldedBlock(
                    ref.name,
                    ref.label,
                    tuple(group),
                    outside,
                    sum(layer.params for layer in group),
                    sum(layer.trainable_params for layer in group),
                    sum(layer.macs for layer in group),
                )
            )
            group.clear()

    for layer in layers:
        if len(layer.block_path) > depth:
            if group and group[0].block_path[depth] != layer.block_path[depth]:
                close()
            group.append(layer)
        else:
            close()
            rows.append(layer)
    close()
    return rows


class NetworkResult(NamedTuple):
    """Every layer's result and the totals (made by :meth:`of`, which computes them once)."""

    name: str
    input_shape: Shape
    layers: tuple[LayerResult, ...]
    strict: bool
    convention: str | None  # "pytorch" | "keras" | "caffe", or None for the core rules
    # How a list ``input`` was read ("channels_first" | "channels_last"; cnncalc.engine.conventions).
    layout: str
    batch: int | None  # the spec's ``batch:``; every count above is per sample
    total_params: int
    trainable_params: int
    total_macs: int
    activation_elements: int
    total_buffers: int
    # The spec's ``description``: what a model file's reader says it read (cnncalc.importers).
    description: str | None = None

    @classmethod
    def of(
        cls,
        name: str,
        input_shape: Shape,
        layers: tuple[LayerResult, ...],
        strict: bool = False,
        convention: str | None = None,
        layout: str = "channels_first",
        batch: int | None = None,
        description: str | None = None,
    ) -> "NetworkResult":
        """The network's result, with its totals summed over ``layers``."""
        return cls(
            name,
            input_shape,
            layers,
            strict,
            convention,
            layout,
            batch,
            sum(layer.params for layer in layers),
            sum(layer.trainable_params for layer in layers),
            sum(layer.macs for layer in layers),
            sum(layer.activation_elements for layer in layers),
            sum(layer.buffers for layer in layers),
            description,
        )

    @property
    def non_trainable_params(self) -> int:
        return self.total_params - self.trainable_params

    @property
    def output_shape(self) -> Shape:
        return self.layers[-1].output_shape if self.layers else self.input_shape

    @property
    def channels_last(self) -> bool:
        """Shapes shown H×W×C: under Keras (as ``model.summary()``) or for an input written so."""
        return self.convention == "keras" or self.layout == "channels_last"

    @property
    def is_chain(self) -> bool:
        """Every layer takes exactly the one before it (or the input, for the first)."""
        previous = "input"
        for layer in self.layers:
            if layer.inputs != (previous,):
                return False
            previous = layer.name
        return True

    @property
    def warnings(self) -> list[tuple[LayerResult, Flag]]:
        return [(layer, flag) for layer in self.layers for flag in layer.warnings]

    def param_bytes(self, bytes_per_value: int = 4) -> int:
        return self.total_params * bytes_per_value

    def activation_bytes(self, bytes_per_value: int = 4) -> int:
        return self.activation_elements * bytes_per_value
