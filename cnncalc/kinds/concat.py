"""The ``concat`` layer kind, declared in one place."""

from __future__ import annotations

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import Drawing, Export, KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    module.assign(f"torch.cat([{', '.join(module.sources)}], dim=1)")


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    calls.merge(f"Concatenate(axis=-1, name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")


# (export engineer's section ends here)
