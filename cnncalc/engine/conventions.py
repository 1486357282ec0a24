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

:func:`prepare` adjusts a layer before its rule runs; :func:`adjust` the outcome after it. Each
change leaves a note saying what the other frameworks would answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cnncalc.engine import formulas as f
from cnncalc.engine.layout import channels_first
from cnncalc.engine.results import Shape, Step, make_flag
from cnncalc.errors import said
from cnncalc.spec import models as m
from cnncalc.spec.models import Convention as Convention
from cnncalc.spec.models import DenseReading, Layout

if TYPE_CHECKING:
    from cnncalc.engine.calculator import Outcome

_STRIDED = (m.Conv, m.DepthwiseConv, m.SeparableConv)


# How each framework's dense layer reads a non-flat input (m.DenseReading).
DENSE_READINGS: dict[str, DenseReading] = {"pytorch": "last_axis", "keras": "channels", "caffe": "flatten"}


@dataclass(frozen=True)
class InputReading:
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


def dense_reading(layer: m.Dense, shape: Shape, convention: Convention | None) -> DenseReading | None:
    """The reading a dense layer uses on ``shape``: its own, else the convention's, else None.

    On a C×1×1 map flattening and reading the channels agree, and PyTorch's ``nn.Linear(C, …)``
    is a shape error without the flatten every PyTorch model writes, so PyTorch's last-axis rule
    (in = 1) applies only to maps larger than 1×1.
    """
    if layer.reading is not None or convention is None or len(shape) < 2:
        return layer.reading
    reading = DENSE_READINGS[convention]
    if reading == "last_axis" and math.prod(shape[1:]) == 1:
        return None
    return reading


class Refused(Exception):
    """The chosen framework refuses this layer; ``field`` is the spec field to blame."""

    def __init__(self, message: str, field: str, hint: str) -> None:
        super().__init__(message)
        self.field = field
        self.hint = hint


def prepare(layer: m.LayerBase, convention: Convention | None, shape: Shape = ()) -> m.LayerBase:
    """The layer as the framework would build it on input ``shape``, or :class:`Refused`."""
    if isinstance(layer, m.Dense) and layer.reading is None:
        reading = dense_reading(layer, shape, convention)
        return layer if reading is None else layer.model_copy(update={"reading": reading})
    if convention == "pytorch":
        if isinstance(layer, _STRIDED) and layer.padding == "same" and _any_above_one(layer.stride):
            raise Refused(said("error.pytorch_same_stride"), "padding", said("hint.pytorch_same"))
        if isinstance(layer, (m.MaxPool, m.AvgPool)) and layer.padding == "same":
            raise Refused(said("error.pytorch_pool_same"), "padding", said("hint.pytorch_same"))
    if (
        convention == "caffe"
        and isinstance(layer, (m.MaxPool, m.AvgPool))
        and not layer.ceil_mode
        and layer.padding != "same"
    ):
        return layer.model_copy(update={"ceil_mode": True})
    return layer


def adjust(layer: m.LayerBase, shape: Shape, outcome: Outcome, convention: Convention | None) -> int:
    """Change the outcome as the framework counts it; return the buffers (non-parameter state)."""
    if isinstance(layer, m.BatchNorm):
        return _batchnorm(layer, shape, outcome, convention)
    if convention == "caffe" and isinstance(layer, (m.MaxPool, m.AvgPool)):
        _caffe_pool_note(outcome)
    if convention == "keras" and isinstance(layer, m.Activation):
        _keras_prelu(layer, shape, outcome)
    return 0


def _keras_prelu(layer: m.Activation, shape: Shape, outcome: Outcome) -> None:
    """Keras' ``PReLU()`` has a slope per element where PyTorch's ``nn.PReLU()`` has one."""
    if not layer.info.parametric or layer.num_parameters is not None or layer.shared_axes is not None:
        return
    from cnncalc.engine.calculator import prelu_keras_step

    keras_shape = (*shape[1:], shape[0])
    outcome.params = f.prelu_param_count(keras_shape)
    outcome.steps = [prelu_keras_step(keras_shape, (), outcome.params)]
    outcome.notes = [make_flag("prelu_slopes_keras", {"count": f"{outcome.params:,}"})]


def _batchnorm(layer: m.BatchNorm, shape: Shape, outcome: Outcome, convention: Convention | None) -> int:
    trainable = outcome.trainable_params if outcome.trainable_params is not None else outcome.params
    statistics = outcome.params - trainable  # running mean and variance: 2·C
    if convention == "pytorch":
        outcome.params = trainable
        outcome.trainable_params = trainable
        outcome.steps = [
            Step(
                "params", "batchnorm_params_pytorch", {"C": shape[0], "affine": int(layer.affine)}, trainable
            )
        ]
        args = {"trainable": trainable, "buffers": statistics, "keras_params": trainable + statistics}
        variant = "pytorch_batchnorm" if trainable else "pytorch_batchnorm_no_affine"
        outcome.notes.append(make_flag("convention", args, f"flag.convention.{variant}"))
        return statistics
    if convention == "keras":
        args = {
            "factor": 4 if trainable else 2,
            "params": outcome.params,
            "non_trainable": statistics,
            "trainable": trainable,
        }
        outcome.notes.append(make_flag("convention", args, "flag.convention.keras_batchnorm"))
    return 0


def _caffe_pool_note(outcome: Outcome) -> None:
    """One note for the axes where rounding up gave more than the floor the others use."""
    texts = []
    for step in outcome.steps:
        if step.quantity != "output_size" or step.exact is None or step.axis is None:
            continue
        floored = math.floor(step.exact)
        if step.result != floored:
            ops = step.operands
            texts.append(f"⌈({ops['N']} + 2·{ops.get('P', 0)} − {ops['F']})/{ops['S']}⌉ + 1 = {step.result}")
            floor_text = str(floored)
    if texts:
        shown = texts[0] if len(set(texts)) == 1 else "; ".join(texts)
        args = {"shown": shown, "floor": floor_text}
        outcome.notes.append(make_flag("convention", args, "flag.convention.caffe_pool"))


def _any_above_one(value: int | tuple[int, ...]) -> bool:
    return value > 1 if isinstance(value, int) else any(v > 1 for v in value)
