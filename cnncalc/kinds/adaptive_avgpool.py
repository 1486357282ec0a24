"""The ``adaptive_avgpool`` layer kind, declared in one place."""

from typing import Literal

from cnncalc.engine.pooling import adaptive_pool_outcome
from cnncalc.kinds.base import NOTHING_SAVED, SAVES_INPUT, Kind, Saves, Working
from cnncalc.render.declare import Drawing, adaptive_pool_export
from cnncalc.spec.fields import LayerBase, PerDim

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class AdaptiveAvgPool(LayerBase):
    """Average pooling to a fixed ``output_size``, as PyTorch's AdaptiveAvgPool."""

    type: Literal["adaptive_avgpool"]
    output_size: PerDim


def saves(layer: AdaptiveAvgPool) -> Saves:
    """To 1×1 PyTorch takes the mean, whose backward needs only the shape; otherwise
    adaptive_avg_pool2d_backward reads the input."""
    sizes = layer.output_size if isinstance(layer.output_size, tuple) else (layer.output_size,)
    return NOTHING_SAVED if all(size == 1 for size in sizes) else SAVES_INPUT


KIND = Kind(
    saves=saves,
    model=AdaptiveAvgPool,
    rule=adaptive_pool_outcome,
    working=Working({}),
    spellings=("adaptive_avgpool", "adaptiveavgpool"),
    framework_names=("AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d"),
    dimensional=True,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


EXPORT = adaptive_pool_export("Avg", "Average")
DRAWING = Drawing("pool")
