"""The ``conv_transpose`` layer kind, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cnncalc.engine import formulas as f
from cnncalc.engine.results import LayerResult
from cnncalc.errors import said
from cnncalc.render.emit import (
    Drawing,
    Export,
    KerasCalls,
    TorchModule,
    conv_operation,
    literal,
    per_axis,
    spatial_rank,
    torch_activation,
    unsupported,
)

if TYPE_CHECKING:
    from cnncalc.spec.models import ConvTranspose


# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


# (kinds engineer's section ends here)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: TorchModule, layer: LayerResult) -> None:
    spec = cast("ConvTranspose", layer.layer)
    output_padding: int | tuple[int, ...] = spec.output_padding
    if spec.padding == "same":
        padding, output_padding = _torch_same(layer, spec)
    else:
        padding = "0" if spec.padding == "valid" else literal(spec.padding)
    channels, nd = layer.input_shape[0], f"{spatial_rank(layer)}d"
    args = f"{channels}, {spec.filters}, kernel_size={literal(spec.kernel)}, stride={literal(spec.stride)}"
    args += f", padding={padding}, output_padding={literal(output_padding)}"
    args += f", groups={spec.groups}, bias={spec.bias}, dilation={literal(spec.dilation)}"
    module.add(layer.name, f"nn.ConvTranspose{nd}({args})")
    torch_activation(module, layer, spec.activation)


def _torch_same(layer: LayerResult, spec: ConvTranspose) -> tuple[str, tuple[int, ...]]:
    """Keras' ``same`` (output N·S) as PyTorch's padding and output_padding, where PyTorch takes
    that output_padding (below max(S, D))."""
    rank = spatial_rank(layer)
    pads, extras = [], []
    axes = zip(
        per_axis(spec.kernel, rank), per_axis(spec.stride, rank), per_axis(spec.dilation, rank), strict=True
    )
    for k, s, d in axes:
        extra = f.transpose_same_output_padding(k, s, d)
        if not 0 <= extra < max(s, d):
            raise unsupported(layer, "PyTorch", said("export.what.transpose_same"), "padding")
        pads.append(f.transpose_same_padding(k, s, d))
        extras.append(extra)
    return literal(tuple(pads)), tuple(extras)


def _keras(calls: KerasCalls, layer: LayerResult) -> None:
    spec = cast("ConvTranspose", layer.layer)
    if spec.groups != 1:
        raise unsupported(layer, "Keras", said("export.what.grouped_transpose"), "groups")
    numeric = not isinstance(spec.padding, str) and any(per_axis(spec.padding, spatial_rank(layer)))
    pad = "same" if spec.padding == "same" else "valid"
    args = f"{spec.filters}, kernel_size={literal(spec.kernel)}, strides={literal(spec.stride)}"
    args += f", padding={pad!r}"
    if pad == "valid":
        # Keras' default (None) gives N·S + max(F − S, 0); an explicit output_padding gives
        # PyTorch's (N − 1)S + D(F − 1) + 1 + OP, which is cnncalc's number.
        args += f", output_padding={literal(spec.output_padding)}"
    if spec.dilation != 1:
        args += f", dilation_rate={literal(spec.dilation)}"
    if not spec.bias:
        args += ", use_bias=False"
    calls.call(f"Conv{calls.nd}Transpose({args}{calls.activation(spec.activation)}, name={calls.name!r})")
    if numeric:  # PyTorch's padding P crops P from each side of the output
        calls.call(f"Cropping{calls.nd}({literal(spec.padding)}, name={calls.fresh('_crop')!r})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("conv", operation=conv_operation)


# (export engineer's section ends here)
