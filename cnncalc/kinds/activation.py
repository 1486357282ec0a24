"""The ``activation`` layer kind, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import Drawing, Export, KerasCalls, TorchModule, keras_activation, torch_activation

if TYPE_CHECKING:
    from cnncalc.spec.models import Activation


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("Activation", layer.layer)
    torch_activation(module, layer, spec.info.name, own=True)


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("Activation", layer.layer)
    info = spec.info
    calls.call(
        f"Activation({info.keras!r}, name={calls.name!r})"
        if info.keras is not None
        else keras_activation(layer, info, calls.name, "function", spec.shared_axes)
    )


def _caption(layer: LayerResult) -> str:
    spec = cast("Activation", layer.layer)
    return f"+ {spec.function or spec.type}"


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("other", folded=True, caption=_caption)


# (export engineer's section ends here)
