"""The ``conv`` layer kind, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cnncalc.engine.results import LayerResult
from cnncalc.render.emit import (
    Drawing,
    Export,
    KerasCalls,
    TorchModule,
    conv_operation,
    keras_conv_arguments,
    spatial_rank,
    torch_activation,
    torch_conv_arguments,
)

if TYPE_CHECKING:
    from cnncalc.spec.models import Conv


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("Conv", layer.layer)
    common = torch_conv_arguments(module, layer, spec)
    groups = f", groups={spec.groups}" if spec.groups != 1 else ""
    bias = "" if spec.bias else ", bias=False"
    channels, nd = layer.input_shape[0], f"{spatial_rank(layer)}d"
    module.add(layer.name, f"nn.Conv{nd}({channels}, {spec.filters}, {common}{groups}{bias})")
    torch_activation(module, layer, spec.activation)


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("Conv", layer.layer)
    args = keras_conv_arguments(calls, spec)
    groups = f", groups={spec.groups}" if spec.groups != 1 else ""
    tail = f"{calls.activation(spec.activation)}, name={calls.name!r}"
    calls.call(f"Conv{calls.nd}({spec.filters}, {args}{groups}{tail})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("conv", operation=conv_operation)


# (export engineer's section ends here)
