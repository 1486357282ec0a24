"""The ``dropout`` layer kind, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import Drawing, Export, KerasCalls, TorchModule, number

if TYPE_CHECKING:
    from cnncalc.spec.models import Dropout


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("Dropout", layer.layer)
    module.add(layer.name, f"nn.Dropout(p={number(spec.rate, layer, 'rate')})")


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("Dropout", layer.layer)
    calls.call(f"Dropout({number(spec.rate, layer, 'rate')}, name={calls.name!r})")


def _caption(layer: LayerResult) -> str:
    return f"+ dropout {cast('Dropout', layer.layer).rate:g}"


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True, caption=_caption)


# (export engineer's section ends here)
