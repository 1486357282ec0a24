"""Where the frameworks disagree, and how each one answers.

Without a convention the engine follows the core rules (C×H×W, batch-norm running statistics
counted as non-trainable parameters as Keras does, TensorFlow's ``same``, floor everywhere).
A convention changes only what that framework does differently:

- ``pytorch``: batch-norm running mean and variance are buffers, not parameters;
  ``padding='same'`` is refused with a stride other than 1 (as ``nn.Conv2d`` refuses it) and on
  pooling layers (which have no such option); a dense layer on a C×H×W map larger than 1×1 acts
  on the last axis (``nn.Linear``: in = W, output C×H×units).
- ``keras``: a list ``input`` is read as Keras writes it, channels last ((L, C), (H, W, C),
  (D, H, W, C)), and shapes are shown channels-last; a dense layer acts on the channels at each
  position (``Dense`` on the last axis of H×W×C). Otherwise the core rules already are Keras'.
- PReLU: without ``num_parameters`` or ``shared_axes``, Keras has a slope per element (the
  core rule, as PyTorch's ``nn.PReLU()``, has one).
- ``caffe``: pooling rounds up (``⌈(N + 2P − F)/S⌉ + 1``, Caffe's ``PoolingLayer``), with the
  same clip as PyTorch's ``ceil_mode`` when the last window would start in the padding; a dense
  layer flattens its input (``InnerProduct`` from axis 1).

:func:`prepare` adjusts a layer before its rule runs; :func:`adjust` returns a new outcome after
it. What a framework does differently is declared by each kind (its ``prepare`` and ``adjust``
in ``cnncalc/kinds``); each change leaves a note saying what the other frameworks would answer.
"""

# No `from __future__ import annotations`: see cnncalc.engine.results (its NamedTuples).

from typing import NamedTuple

from cnncalc.engine.layout import channels_first
from cnncalc.engine.results import Shape
from cnncalc.kinds import kind_of
from cnncalc.kinds.base import Adjusted, Outcome
from cnncalc.kinds.base import Refused as Refused
from cnncalc.spec import models as m
from cnncalc.spec.fields import Convention as Convention
from cnncalc.spec.fields import Layout


class InputReading(NamedTuple):
    """The spec's ``input`` as written, and as the engine reads it (channels first)."""

    written: tuple[int, ...]
    shape: Shape
    layout: Layout  # how a list is read; shapes are shown channels-last under it (and under Keras)
    chosen: bool  # the spec says how (``layout:``, or a mapping): nothing to guess, nothing flagged
    named: bool = False  # a mapping ({channels, height, width}): its axes are named


def read_input(spec: m.Spec, convention: Convention | None) -> InputReading:
    """``[32, 32, 3]`` → ``(3, 32, 32)`` when the layout is channels-last: the spec's ``layout:``,
    else Keras' own under ``convention: keras``, else channels-first. A mapping names its axes."""
    if isinstance(spec.input, m.InputMapping):  # its axes are named: no layout to read it by
        shape = spec.input.as_shape()
        return InputReading(shape, shape, spec.layout or "channels_first", True, True)
    layout: Layout = spec.layout or ("channels_last" if convention == "keras" else "channels_first")
    written = tuple(spec.input)
    shape = channels_first(written) if layout == "channels_last" else written
    return InputReading(written, shape, layout, spec.layout is not None)


def prepare(layer: m.LayerBase, convention: Convention | None, shape: Shape = ()) -> m.LayerBase:
    """The layer as the framework would build it on input ``shape``, or :class:`Refused`."""
    kind = kind_of(layer)
    if kind.prepare is None:
        return layer
    prepared: m.LayerBase = kind.prepare(layer, convention, shape)
    return prepared


def adjust(layer: m.LayerBase, shape: Shape, outcome: Outcome, convention: Convention | None) -> Adjusted:
    """The outcome as the framework counts it, and the buffers (non-parameter state)."""
    kind = kind_of(layer)
    if kind.adjust is None:
        return Adjusted(outcome)
    return kind.adjust(layer, shape, outcome, convention)
