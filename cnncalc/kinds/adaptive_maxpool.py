"""The ``adaptive_maxpool`` layer kind, declared in one place."""

from typing import Literal

from cnncalc.engine.pooling import adaptive_pool_outcome
from cnncalc.kinds.base import Kind, Saves, Working
from cnncalc.render.declare import Drawing, adaptive_pool_export
from cnncalc.spec.fields import LayerBase, PerDim

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class AdaptiveMaxPool(LayerBase):
    """Max pooling to a fixed ``output_size``, as PyTorch's AdaptiveMaxPool."""

    type: Literal["adaptive_maxpool"]
    output_size: PerDim


KIND = Kind(
    saves=Saves(inputs=True, index_bytes=8),  # the input and the argmax indices (int64)
    model=AdaptiveMaxPool,
    rule=adaptive_pool_outcome,
    working=Working({}),
    spellings=("adaptive_maxpool", "adaptivemaxpool"),
    framework_names=("AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d"),
    dimensional=True,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


EXPORT = adaptive_pool_export("Max", "Max")
DRAWING = Drawing("pool")
