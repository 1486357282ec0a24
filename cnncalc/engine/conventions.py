"""Where the frameworks disagree, and how each one answers.

Without a convention the engine follows the core rules (C×H×W, batch-norm running statistics
counted as non-trainable parameters as Keras does, TensorFlow's ``same``, floor everywhere).
A convention changes only what that framework does differently:

- ``pytorch``: batch-norm running mean and variance are buffers, not parameters;
  ``padding='same'`` is refused with a stride other than 1 (as ``nn.Conv2d`` refuses it) and on
  pooling layers (which have no such option).
- ``keras``: the core rules already are Keras' arithmetic; shapes are shown channels-last.
- ``caffe``: pooling rounds up (``⌈(N + 2P − F)/S⌉ + 1``, Caffe's ``PoolingLayer``), with the
  same clip as PyTorch's ``ceil_mode`` when the last window would start in the padding.

:func:`prepare` adjusts a layer before its rule runs; :func:`adjust` the outcome after it. Each
change leaves a note saying what the other frameworks would answer.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from cnncalc.engine.results import Shape, Step, make_flag
from cnncalc.spec import models as m
from cnncalc.spec.models import Convention as Convention

if TYPE_CHECKING:
    from cnncalc.engine.calculator import Outcome

_STRIDED = (m.Conv, m.DepthwiseConv, m.SeparableConv)


class Refused(Exception):
    """The chosen framework refuses this layer; ``field`` is the spec field to blame."""

    def __init__(self, message: str, field: str, hint: str) -> None:
        super().__init__(message)
        self.field = field
        self.hint = hint


def prepare(layer: m.LayerBase, convention: Convention | None) -> m.LayerBase:
    """The layer as the framework would build it, or :class:`Refused`."""
    if convention == "pytorch":
        if isinstance(layer, _STRIDED) and layer.padding == "same" and _any_above_one(layer.stride):
            raise Refused(
                "PyTorch refuses padding='same' with a stride other than 1",
                "padding",
                "give the padding as a number, or leave out the convention for TensorFlow's 'same'",
            )
        if isinstance(layer, (m.MaxPool, m.AvgPool)) and layer.padding == "same":
            raise Refused(
                "PyTorch's pooling layers have no padding='same'",
                "padding",
                "give the padding as a number, or leave out the convention for TensorFlow's 'same'",
            )
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
    return 0


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
