"""The ``zero_padding`` layer kind, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import (
    Drawing,
    Export,
    KerasCalls,
    TorchModule,
    literal,
    per_axis,
    spatial_rank,
    torch_pad,
)

if TYPE_CHECKING:
    from cnncalc.spec.models import ZeroPadding


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("ZeroPadding", layer.layer)
    pads = [(p, p) for p in per_axis(spec.padding, spatial_rank(layer))]
    module.add(layer.name, torch_pad(pads, "0.0"))


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("ZeroPadding", layer.layer)
    calls.call(f"ZeroPadding{calls.nd}({literal(spec.padding)}, name={calls.name!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other")


# (export engineer's section ends here)
