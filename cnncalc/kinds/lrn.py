"""The ``lrn`` layer kind, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import Drawing, Export, TorchModule, number, refuse

if TYPE_CHECKING:
    from cnncalc.spec.models import LRN


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("LRN", layer.layer)
    module.add(
        layer.name,
        f"nn.LocalResponseNorm({spec.size}, alpha={number(spec.alpha, layer, 'alpha')}, "
        f"beta={number(spec.beta, layer, 'beta')}, k={number(spec.k, layer, 'k')})",
    )


EXPORT = Export(torch=_torch, keras=refuse("Keras", "export.what.lrn", "type"))
DRAWING = Drawing("other", folded=True)


# (export engineer's section ends here)
