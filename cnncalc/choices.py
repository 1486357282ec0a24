"""The closed sets of choices the spec format and the command line share, in a module that
imports nothing heavy, so that ``--help`` and ``--version`` can offer them without loading the
models (pydantic) or the engine."""

from __future__ import annotations

from typing import Literal

# The frameworks whose rules cnncalc can follow where they differ (cnncalc.engine.conventions).
Convention = Literal["pytorch", "keras", "caffe"]
# How a list ``input`` is written: [C, *spatial] or [*spatial, C] (Keras' H, W, C).
Layout = Literal["channels_first", "channels_last"]
# How a dense layer reads a non-flat input C×H×W: ``flatten`` (in = C·H·W, the book's Affine,
# Caffe's InnerProduct), ``channels`` (in = C at each position, Keras' Dense on H×W×C) or
# ``last_axis`` (in = W, PyTorch's nn.Linear on C×H×W).
DenseReading = Literal["flatten", "channels", "last_axis"]

# Bytes per value of each --dtype.
DTYPE_BYTES: dict[str, int] = {"float32": 4, "float16": 2, "int8": 1}
