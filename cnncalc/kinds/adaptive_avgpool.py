"""The ``adaptive_avgpool`` layer kind, declared in one place."""

from __future__ import annotations

from typing import Literal

from cnncalc.engine.pooling import adaptive_pool_outcome
from cnncalc.kinds.base import Kind, Working
from cnncalc.render.emit import Drawing, adaptive_pool_export
from cnncalc.spec.fields import LayerBase, PerDim

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class AdaptiveAvgPool(LayerBase):
    """Average pooling to a fixed ``output_size``, as PyTorch's AdaptiveAvgPool."""

    type: Literal["adaptive_avgpool"]
    output_size: PerDim


KIND = Kind(
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
