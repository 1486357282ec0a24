"""What a layer kind declares, once: the :class:`Kind` each module of ``cnncalc/kinds`` sets as
``KIND`` (with the data its rule returns, from :mod:`cnncalc.engine.outcome`, re-exported here).

Everything that lists kinds (the ``Layer`` union, the spelling tables, the schema's names, the
calculator's rules, the explain templates) is derived from these declarations (the modules
``cnncalc.kinds.NAMES`` lists; the spellings through the generated ``cnncalc.kinds.index``);
``tests/test_kinds.py`` fails on a kind that lacks a part.
"""

# No `from __future__ import annotations`: see cnncalc.engine.results (its NamedTuples).

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from cnncalc.engine.outcome import Adjusted as Adjusted
from cnncalc.engine.outcome import FlatInput as FlatInput
from cnncalc.engine.outcome import Formula as Formula
from cnncalc.engine.outcome import Invalid as Invalid
from cnncalc.engine.outcome import Outcome as Outcome
from cnncalc.engine.outcome import ReceptiveWindow as ReceptiveWindow
from cnncalc.engine.outcome import Refused as Refused
from cnncalc.engine.results import Dims, Shape, Step
from cnncalc.errors import said

if TYPE_CHECKING:
    from cnncalc.engine.results import LayerResult
    from cnncalc.spec.fields import Convention, LayerBase


# say(message_id, **args): a sentence of render/i18n in the language being written.
Say = Callable[..., str]
# One line of working: (the step, the layer's number of spatial axes, say) → the line.
Template = Callable[[Step, int, Say], str]


class Working(NamedTuple):
    """How ``--explain`` writes a kind's working: a template per formula its rule records."""

    templates: Mapping[Formula, Template]
    channel_symbol: str = "C"  # the output's channel axis in ``output = FN×OH×OW``
    axes_shown: bool = True  # False: the output line gives the shape only (flatten)
    # Lines after the parameter working (batch norm's split, a pool's "no weights").
    params_extras: "Callable[[LayerResult, Say], list[str]] | None" = None


# rule(layer, input shape) → Outcome, or Invalid.
Rule = Callable[[Any, Shape], Outcome]
# merge rule(layer, input names, input shapes) → Outcome, for a layer of two inputs or more.
MergeRule = Callable[[Any, tuple[str, ...], tuple[Shape, ...]], Outcome]
# prepare(layer, convention, input shape) → the layer as the framework builds it, or Refused.
Prepare = Callable[[Any, "Convention | None", Shape], Any]
# adjust(layer, input shape, outcome, convention) → a new outcome as the framework counts it.
Adjust = Callable[[Any, Shape, Outcome, "Convention | None"], Adjusted]


class Saves:
    """What a kind's backward pass keeps from the forward pass, as PyTorch's autograd saves it
    (``--train``'s activation memory, by :mod:`cnncalc.engine.training`): the input tensor(s),
    the output, or neither; ``view``: the output is its input seen another way, storage and
    gradient (a flatten, a split's parts); ``inplace``: the output overwrites the input's storage
    but has a gradient of its own (an activation with ``inplace: true``); besides,
    ``index_bytes`` per output element (max pool's int64 indices: 8; dropout's bool mask: 1),
    ``channel_stats`` float32 values per channel (batch norm's saved mean and inverse
    deviation: 2) and ``extra_outputs`` more output-sized tensors; ``passes_gradient``: its backward
    hands its output's gradient to every input of the same shape as it is, one tensor (an add)."""

    # A plain class with slots, not a named tuple: one is made at import, and a named tuple's
    # class costs some 140 µs to create there (start-up; only --train reads it).
    __slots__ = (
        "channel_stats",
        "extra_outputs",
        "index_bytes",
        "inplace",
        "inputs",
        "output",
        "passes_gradient",
        "view",
    )

    def __init__(
        self,
        inputs: bool = False,
        output: bool = False,
        view: bool = False,
        inplace: bool = False,
        index_bytes: int = 0,
        channel_stats: int = 0,
        extra_outputs: int = 0,
        passes_gradient: bool = False,
    ) -> None:
        self.inputs = inputs
        self.output = output
        self.view = view
        self.inplace = inplace
        self.index_bytes = index_bytes
        self.channel_stats = channel_stats
        self.extra_outputs = extra_outputs
        self.passes_gradient = passes_gradient

    def with_extra_outputs(self, more: int) -> "Saves":
        """The same rule keeping ``more`` output-sized tensors besides (a fused activation's)."""
        return Saves(
            self.inputs,
            self.output,
            self.view,
            self.inplace,
            self.index_bytes,
            self.channel_stats,
            self.extra_outputs + more,
            self.passes_gradient,
        )


NOTHING_SAVED = Saves()
SAVES_INPUT = Saves(inputs=True)


class Kind(NamedTuple):
    """One layer kind. Its name is its model's ``type: Literal[...]`` (written there only)."""

    model: "type[LayerBase]"
    working: Working
    # How a spec may write the type (matched ignoring case, ``_`` and ``-``), canonical name first.
    spellings: tuple[str, ...]
    # What the frameworks call it (Conv2D, nn.Conv2d's Conv2d): offered to editors by the schema.
    framework_names: tuple[str, ...]
    # The names may carry a dimension (conv2d, MaxPool1d), which sets the layer's spatial_dims.
    dimensional: bool = False
    # Its arithmetic: a rule on one input, or a merge rule on two inputs or more (add, concat).
    rule: Rule | None = None
    merge: MergeRule | None = None
    # canonical field → other names for it (kernel_size, out_channels).
    field_aliases: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    # A spelling that says more than its kind → the fields it implies (affine → reading: flatten).
    implied_fields: Mapping[str, Mapping[str, object]] = MappingProxyType({})
    # The names a spec's ``type`` may hold after normalising (activations: relu, tanh, …), and
    # the one a spelling (squashed: ``leakyrelu``) is shown as; default: the kind's name.
    type_names: tuple[str, ...] = ()
    shown_type: Callable[[str], str] | None = None
    prepare: Prepare | None = None  # a convention's change to the layer, before the rule
    adjust: Adjust | None = None  # a convention's change to the outcome, after the rule
    # What its backward keeps (--train): a Saves, or saves(layer) → Saves where the fields decide.
    saves: Saves | Callable[[Any], Saves] | None = None

    @property
    def name(self) -> str:
        """The canonical type (``conv``), as the model's ``type`` Literal writes it."""
        return self.model.kind

    @property
    def types(self) -> tuple[str, ...]:
        return self.type_names or (self.name,)


def same_shape(layer: Any, shape: Shape) -> Outcome:
    """The rule of a kind that leaves the shape as it is and has no parameters (dropout, LRN)."""
    return Outcome(shape)


def check_inputs_agree(
    inputs: tuple[str, ...],
    in_shapes: tuple[Shape, ...],
    agree: Callable[[Shape, Shape], bool],
    message: str,
    hint: Callable[[Shape, Shape], str],
) -> None:
    """A merge's inputs against its first: Invalid naming the first that disagrees and both shapes
    (``message``: ``first``, ``first_shape``, ``other``, ``other_shape``), with ``hint``'s fix."""
    first = in_shapes[0]
    for source, shape in zip(inputs[1:], in_shapes[1:], strict=True):
        if not agree(first, shape):
            details = {"first_shape": Dims(first), "other": source, "other_shape": Dims(shape)}
            raise Invalid(said(message, first=inputs[0], **details), "inputs", hint(first, shape))
