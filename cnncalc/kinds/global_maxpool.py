"""The ``global_maxpool`` layer kind, declared in one place."""

from __future__ import annotations

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import Drawing, Export, KerasCalls, TorchModule, spatial_rank

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    nd = f"{spatial_rank(layer)}d"
    module.add(layer.name, f"nn.Sequential(nn.AdaptiveMaxPool{nd}(1), nn.Flatten())")


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    calls.call(f"GlobalMaxPooling{calls.nd}(name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("pool")


# (export engineer's section ends here)
