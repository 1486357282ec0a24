"""What a kind's rule returns and raises: plain data the calculator places in the network
(records are ``NamedTuple``: see :mod:`cnncalc.engine.results`; a copy with changes is
``outcome._replace(...)``).

It lives in the engine, apart from ``cnncalc.kinds``, so that the rule helpers the kinds share
(:mod:`cnncalc.engine.windows`, :mod:`cnncalc.engine.pooling`) need not import the registry that
imports them.
"""

# No `from __future__ import annotations`: see cnncalc.engine.results (its NamedTuples).

from enum import Enum
from typing import NamedTuple

from cnncalc.engine.results import Exact, Flag, Shape, Step


class Formula(str, Enum):
    """A formula a rule's :class:`Step` records, keying its template in :class:`Working`.

    Each kind subclasses this with its own formulas; the values are the names the JSON shows."""

    def __str__(self) -> str:
        return str(self.value)


class Invalid(Exception):
    """A layer cannot apply to its input; ``field`` is the spec field to blame."""

    def __init__(self, message: str, field: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.hint = hint


class FlatInput(Invalid):
    """A spatial layer given a flat vector; its hint depends on what made the vector (calculate)."""


class Refused(Exception):
    """The chosen framework refuses this layer; ``field`` is the spec field to blame."""

    def __init__(self, message: str, field: str, hint: str) -> None:
        super().__init__(message)
        self.field = field
        self.hint = hint


class ReceptiveWindow(NamedTuple):
    """How one spatial axis of a layer looks at its input, for the receptive field."""

    kernel: int
    stride: Exact
    pad_before: Exact = 0  # a fraction only for an interpolation's half-pixel offset
    dilation: int = 1
    transposed: bool = False


class Outcome(NamedTuple):
    """What a rule computes for one layer, before the calculator places it in the network."""

    output_shape: Shape
    params: int = 0
    trainable_params: int | None = None  # None: all parameters are trainable
    macs: int = 0
    steps: tuple[Step, ...] = ()
    warnings: tuple[Flag, ...] = ()
    notes: tuple[Flag, ...] = ()
    windows: tuple[ReceptiveWindow, ...] | None = None  # None: each output sees its input's field
    # A layer with several outputs (split): each part's shape (output_shape is the first) and
    # the names given to them (none: the calculator names them <layer>.0, <layer>.1, …).
    output_shapes: tuple[Shape, ...] = ()
    output_names: tuple[str, ...] = ()
    # A permute: each output axis' input axis, over C×spatial (the calculator follows the order,
    # so that the receptive field stays on the spatial axes wherever they moved).
    axes: tuple[int, ...] | None = None
    # On a permuted tensor whose first axis is a spatial one: True when each output reads one
    # index of that axis (nn.Linear or a layer norm on the last axes), so the axis keeps its field.
    keeps_first_axis: bool = False


class Adjusted(NamedTuple):
    """A convention's answer: the outcome as the framework counts it, and its buffers."""

    outcome: Outcome
    buffers: int = 0  # state that is not a parameter (PyTorch's batch-norm running statistics)
