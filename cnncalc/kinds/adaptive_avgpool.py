"""The ``adaptive_avgpool`` layer kind, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import (
    Drawing,
    Export,
    KerasCalls,
    TorchModule,
    keras_adaptive_pool,
    literal,
    spatial_rank,
)

if TYPE_CHECKING:
    from cnncalc.spec.models import AdaptiveAvgPool


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("AdaptiveAvgPool", layer.layer)
    nd = f"{spatial_rank(layer)}d"
    module.add(layer.name, f"nn.AdaptiveAvgPool{nd}({literal(spec.output_size)})")


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    keras_adaptive_pool(calls, layer, cast("AdaptiveAvgPool", layer.layer), "Average")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("pool")


# (export engineer's section ends here)
