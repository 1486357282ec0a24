"""The ``avgpool`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal, cast

import cnncalc.kinds.working as w
from cnncalc.engine.pooling import pool_adjust, pool_outcome, pool_prepare
from cnncalc.engine.results import LayerResult, Shape
from cnncalc.kinds.base import SAVES_INPUT, Kind, Outcome, Working
from cnncalc.render.declare import Drawing, Export, window_operation
from cnncalc.spec.fields import LayerBase, Padding, PerDim

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class AvgPool(LayerBase):
    """Average pooling; ``trainable: true`` is LeNet-5's subsampling (a weight and a bias per channel)."""

    type: Literal["avgpool"]
    kernel: PerDim
    stride: PerDim | None = None
    padding: Padding = 0
    ceil_mode: bool = False
    trainable: bool = False


def rule(layer: AvgPool, shape: Shape) -> Outcome:
    return pool_outcome(layer, shape, 1, whole_3d=True)


KIND = Kind(
    saves=SAVES_INPUT,  # avg_pool2d_backward reads the input
    model=AvgPool,
    rule=rule,
    working=Working(w.POOL_TEMPLATES, params_extras=w.pool_params_extras),
    spellings=("avgpool", "avg_pool", "averagepooling", "average_pooling", "avgpooling"),
    framework_names=(
        "AveragePooling1D",
        "AveragePooling2D",
        "AveragePooling3D",
        "AvgPool1d",
        "AvgPool2d",
        "AvgPool3d",
        "avgpool2d",
    ),
    dimensional=True,
    field_aliases={"kernel": ("pool_size",), "stride": ("strides",)},
    prepare=pool_prepare,
    adjust=pool_adjust,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import torch_pool  # loaded only to export

    spec = cast("AvgPool", layer.layer)
    torch_pool(module, layer, spec, "Avg")


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import keras_pool  # loaded only to export

    spec = cast("AvgPool", layer.layer)
    keras_pool(calls, layer, spec, "Average")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("pool", operation=window_operation)
