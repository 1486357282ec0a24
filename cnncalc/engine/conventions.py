"""Where the frameworks disagree, and how each one answers.

Without a convention the engine follows the core rules (C×H×W, batch-norm running statistics
counted as non-trainable parameters as Keras does, TensorFlow's ``same``, floor everywhere).
A convention changes only what that framework does differently:

- ``pytorch``: batch-norm running mean and variance are buffers, not parameters;
  ``padding='same'`` is refused with a stride other than 1 (as ``nn.Conv2d`` refuses it) and on
  pooling layers (which have no such option).
- ``keras``: the core rules already are Keras' arithmetic; shapes are shown channels-last;
  a PReLU without ``num_parameters`` or ``shared_axes`` has Keras' slope per element (the core
  rule, as PyTorch's ``nn.PReLU()``, has one).
- ``caffe``: pooling rounds up (``⌈(N + 2P − F)/S⌉ + 1``, Caffe's ``PoolingLayer``), with the
  same clip as PyTorch's ``ceil_mode`` when the last window would start in the padding.

:func:`prepare` adjusts a layer before its rule runs; :func:`adjust` the outcome after it. Each
change leaves a note saying what the other frameworks would answer.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from cnncalc.engine import formulas as f
from cnncalc.engine.results import Flag, Shape, Step
from cnncalc.render.i18n import english
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
    args = {"count": outcome.params}
    outcome.notes = [Flag("prelu_slopes_keras", english("flag.prelu_slopes_keras", **args), args=args)]


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
        outcome.notes.append(
            Flag(
                "convention",
                f"PyTorch counts {'2·C = ' + str(trainable) if trainable else 'no'} parameters and "
                f"2·C = {statistics} buffers (running mean and variance); Keras would report "
                f"{trainable + statistics} parameters, {statistics} of them non-trainable",
            )
        )
        return statistics
    if convention == "keras":
        outcome.notes.append(
            Flag(
                "convention",
                f"Keras counts {'4' if trainable else '2'}·C = {outcome.params} parameters "
                f"({statistics} non-trainable); PyTorch would report {trainable} parameters and "
                f"{statistics} buffers",
            )
        )
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
        outcome.notes.append(
            Flag("convention", f"Caffe rounds up: {shown} (PyTorch and Keras floor to {floor_text})")
        )


def _any_above_one(value: int | tuple[int, ...]) -> bool:
    return value > 1 if isinstance(value, int) else any(v > 1 for v in value)
