"""The ``separable_conv`` layer kind, declared in one place."""

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
    from cnncalc.spec.models import SeparableConv


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    """A depthwise convolution (no bias, as Keras'), then a pointwise 1×1 one."""
    spec = cast("SeparableConv", layer.layer)
    common = torch_conv_arguments(module, layer, spec)
    channels, nd = layer.input_shape[0], f"{spatial_rank(layer)}d"
    depth = channels * spec.depth_multiplier
    module.add(
        f"{layer.name}_depthwise",
        f"nn.Conv{nd}({channels}, {depth}, {common}, groups={channels}, bias=False)",
    )
    bias = "" if spec.bias else ", bias=False"
    module.add(f"{layer.name}_pointwise", f"nn.Conv{nd}({depth}, {spec.filters}, kernel_size=1{bias})")
    torch_activation(module, layer, spec.activation)


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("SeparableConv", layer.layer)
    args = keras_conv_arguments(calls, spec)
    tail = f"{calls.activation(spec.activation)}, name={calls.name!r}"
    calls.call(
        f"SeparableConv{calls.nd}({spec.filters}, {args}, depth_multiplier={spec.depth_multiplier}{tail})"
    )


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("conv", operation=conv_operation)


# (export engineer's section ends here)
