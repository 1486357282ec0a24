"""The ``dense`` layer kind, declared in one place."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.errors import said
from cnncalc.render.emit import (
    Drawing,
    Export,
    KerasCalls,
    TorchModule,
    spatial_rank,
    torch_activation,
    unsupported,
    with_activation,
)

if TYPE_CHECKING:
    from cnncalc.spec.models import Dense


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("Dense", layer.layer)
    rank = spatial_rank(layer)
    bias = "" if spec.bias else ", bias=False"
    linear = f"nn.Linear({layer.input_shape[0]}, {spec.units}{bias})"
    if rank and spec.reading == "flatten":  # the book's Affine: x.reshape(N, -1) first
        linear = f"nn.Sequential(nn.Flatten(), nn.Linear({math.prod(layer.input_shape)}, {spec.units}{bias}))"
    elif rank and spec.reading == "last_axis":  # nn.Linear itself: the last axis
        linear = f"nn.Linear({layer.input_shape[-1]}, {spec.units}{bias})"
    elif rank:
        module.helpers.add("PerPosition")
        linear = f"PerPosition({linear})"
    module.add(layer.name, linear)
    torch_activation(module, layer, spec.activation)


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("Dense", layer.layer)
    rank = spatial_rank(layer)
    bias = "" if spec.bias else ", use_bias=False"
    if rank and spec.reading == "last_axis":
        raise unsupported(layer, "Keras", said("export.what.dense_last_axis"), "reading")
    if rank and spec.reading == "flatten":
        calls.call(f"Flatten(name={calls.fresh('_flatten')!r})")
    calls.call(f"Dense({spec.units}{bias}{calls.activation(spec.activation)}, name={calls.name!r})")


def _operation(layer: LayerResult) -> str:
    spec = cast("Dense", layer.layer)
    return with_activation(f"dense {spec.units}", spec.activation)


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("dense", operation=_operation)


# (export engineer's section ends here)
