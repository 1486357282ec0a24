"""The ``maxpool`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal, cast

import cnncalc.kinds.working as w
from cnncalc.engine.pooling import pool_adjust, pool_outcome, pool_prepare
from cnncalc.engine.results import LayerResult, Shape
from cnncalc.kinds.base import Kind, Outcome, Saves, Working
from cnncalc.render.declare import Drawing, Export, window_operation
from cnncalc.spec.fields import LayerBase, Padding, PerDim

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class MaxPool(LayerBase):
    """Max pooling; ``stride`` defaults to the kernel."""

    type: Literal["maxpool"]
    kernel: PerDim
    stride: PerDim | None = None
    padding: Padding = 0
    dilation: PerDim = 1
    ceil_mode: bool = False
    trainable: bool = False


def rule(layer: MaxPool, shape: Shape) -> Outcome:
    return pool_outcome(layer, shape, layer.dilation, whole_3d=False)


KIND = Kind(
    saves=Saves(inputs=True, index_bytes=8),  # the input and the argmax indices (int64)
    model=MaxPool,
    rule=rule,
    working=Working(w.POOL_TEMPLATES, params_extras=w.pool_params_extras),
    spellings=("maxpool", "max_pool", "maxpooling", "max_pooling"),
    framework_names=(
        "MaxPooling1D",
        "MaxPooling2D",
        "MaxPooling3D",
        "MaxPool1d",
        "MaxPool2d",
        "MaxPool3d",
        "maxpool2d",
    ),
    dimensional=True,
    field_aliases={"kernel": ("pool_size",), "stride": ("strides",), "dilation": ("dilation_rate",)},
    prepare=pool_prepare,
    adjust=pool_adjust,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import torch_pool  # loaded only to export

    spec = cast("MaxPool", layer.layer)
    torch_pool(module, layer, spec, "Max", spec.dilation)


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import keras_pool  # loaded only to export

    spec = cast("MaxPool", layer.layer)
    keras_pool(calls, layer, spec, "Max", spec.dilation)


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("pool", operation=window_operation)
