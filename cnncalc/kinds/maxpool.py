"""The ``maxpool`` layer kind, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import (
    Drawing,
    Export,
    KerasCalls,
    TorchModule,
    keras_pool,
    torch_pool,
    window_operation,
)

if TYPE_CHECKING:
    from cnncalc.spec.models import MaxPool


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("MaxPool", layer.layer)
    torch_pool(module, layer, spec, "Max", spec.dilation)


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("MaxPool", layer.layer)
    keras_pool(calls, layer, spec, "Max", spec.dilation)


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("pool", operation=window_operation)


# (export engineer's section ends here)
