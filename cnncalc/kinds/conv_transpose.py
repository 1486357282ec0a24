"""The ``conv_transpose`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal, cast

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import LayerResult, Shape, Step
from cnncalc.engine.windows import (
    channels_divisible,
    in_operands,
    kernel_operands,
    per_axis,
    spatial,
    spread,
)
from cnncalc.errors import said
from cnncalc.kinds.base import SAVES_INPUT, Formula, Invalid, Kind, Outcome, ReceptiveWindow, Say, Working
from cnncalc.render.declare import Drawing, Export, conv_operation
from cnncalc.spec.fields import FusedActivation, LayerBase, Padding, PerDim, PerDimOrZero, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class ConvTranspose(LayerBase):
    """Transposed convolution: ``OH = (H − 1)S − 2P + D(FH − 1) + output_padding + 1``."""

    type: Literal["conv_transpose"]
    filters: Size
    kernel: PerDim
    stride: PerDim = 1
    padding: Padding = 0
    output_padding: PerDimOrZero = 0
    dilation: PerDim = 1
    groups: Size = 1
    bias: bool = True
    activation: FusedActivation | None = None


class ConvTransposeFormula(Formula):
    OUTPUT = "conv_transpose_output"  # (N − 1)·S − 2P + D(F − 1) + output_padding + 1
    SAME_OUTPUT = "transpose_same_output"  # N·S
    PARAMS = "conv_transpose_params"  # FC·FH·FW·FN/G + FN
    MACS = "conv_transpose_macs"  # FC·H·W·(FN/G)·FH·FW


def _axis_size(
    axis: int, rank: int, n: int, k: int, s: int, d: int, op: int, padding: int | tuple[int, ...] | str
) -> tuple[Step, int]:
    """One axis' output size as a Step, and its padding before (for the receptive field)."""
    if op >= max(s, d):
        raise Invalid(
            said("error.output_padding_too_large", op=op, s=s, d=d),
            "output_padding",
            said("hint.pytorch_refuses"),
        )
    if padding == "same":
        if op:
            # Keras then drops N·S for (N − 1)S + (D(F − 1) + 1) mod 2 + OP, and PyTorch has no 'same'.
            raise Invalid(
                said("error.output_padding_same", op=op), "output_padding", said("hint.output_padding_same")
            )
        out = f.transpose_same_output_size(n, s)
        step = Step("output_size", ConvTransposeFormula.SAME_OUTPUT, {"N": n, "S": s}, out, None, axis)
        return step, f.transpose_same_padding(k, s, d)
    p = 0 if isinstance(padding, str) else per_axis(padding, rank, "padding")[axis]
    out = f.conv_transpose_output_size(n, k, s, p, op, d)
    ops = {"N": n, "F": k, "S": s, "P": p, "OP": op, "D": d}
    return Step("output_size", ConvTransposeFormula.OUTPUT, ops, out, None, axis), p


def rule(layer: ConvTranspose, shape: Shape) -> Outcome:
    sizes_in = spatial(shape, "conv_transpose")
    rank, channels = len(sizes_in), shape[0]
    kernel = per_axis(layer.kernel, rank, "kernel")
    stride = per_axis(layer.stride, rank, "stride")
    dilation = per_axis(layer.dilation, rank, "dilation")
    output_padding = per_axis(layer.output_padding, rank, "output_padding")
    channels_divisible(channels, layer.filters, layer.groups)
    steps: list[Step] = []
    pads: list[int] = []
    for axis in range(rank):
        n, k, s, d, op = sizes_in[axis], kernel[axis], stride[axis], dilation[axis], output_padding[axis]
        step, pad = _axis_size(axis, rank, n, k, s, d, op, layer.padding)
        steps.append(step)
        pads.append(pad)
    sizes = tuple(step.result for step in steps)
    params = f.conv_transpose_param_count(kernel, channels, layer.filters, layer.groups, layer.bias)
    k_ops = kernel_operands(kernel)
    param_ops = {**k_ops, "C": channels, "G": layer.groups, "FN": layer.filters, "bias": int(layer.bias)}
    steps.append(Step("params", ConvTransposeFormula.PARAMS, param_ops, params))
    macs = f.conv_transpose_macs(shape, layer.filters, kernel, layer.groups)
    mac_ops = {"C": channels, **in_operands(sizes_in), "FN": layer.filters, "G": layer.groups, **k_ops}
    steps.append(Step("macs", ConvTransposeFormula.MACS, mac_ops, macs))
    windows = tuple(
        ReceptiveWindow(kernel[axis], stride[axis], pads[axis], dilation[axis], transposed=True)
        for axis in range(rank)
    )
    return Outcome((layer.filters, *sizes), params, None, macs, tuple(steps), windows=windows)


def _output(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    out, n_sym, f_sym = w.symbols(step, rank)
    n, k, s, p, op, d = o["N"], o["F"], o["S"], o["P"], o.get("OP", 0), o.get("D", 1)
    extra_sym, extra_num = (" + output_padding", f" + {op}") if op else ("", "")
    if d == 1:
        symbolic = f"({n_sym} − 1)·S − 2P + {f_sym}{extra_sym}"
        numbers = f"({n} − 1)·{s} − 2·{p} + {k}{extra_num}"
    else:
        symbolic = f"({n_sym} − 1)·S − 2P + D({f_sym} − 1){extra_sym} + 1"
        numbers = f"({n} − 1)·{s} − 2·{p} + {d}·({k} − 1){extra_num} + 1"
    return w.size_line(out, symbolic, numbers, step, say)


def _same_output(step: Step, rank: int, say: Say) -> str:
    out, n_sym, _ = w.symbols(step, rank)
    return w.size_line(out, f"{n_sym}·S", f"{step.operands['N']}·{step.operands['S']}", step, say)


def _params(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    k_sym, k_num = w.kernel(o)
    groups_sym, groups_num = ("/G", f"/{o['G']}") if o["G"] != 1 else ("", "")
    symbolic = f"FC·{k_sym}·FN{groups_sym}"
    numbers = f"{o['C']}·{k_num}·{o['FN']}{groups_num}"
    if o["bias"]:
        symbolic += " + FN"
        numbers += f" + {o['FN']}"
    return w.count_line("params", symbolic, numbers, step, say)


def _macs(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    in_sym, in_num = w.dims(o, w.IN_KEYS)
    k_sym, k_num = w.kernel(o)
    fn_sym, fn_num = w.per_group("FN", o["FN"], o["G"], parens=True)
    symbolic = f"FC·{in_sym}·{fn_sym}·{k_sym}"
    numbers = f"{o['C']}·{in_num}·{fn_num}·{k_num}"
    return w.count_line("macs", symbolic, numbers, step, say)


KIND = Kind(
    saves=SAVES_INPUT,  # convolution_backward reads the input
    model=ConvTranspose,
    rule=rule,
    working=Working(
        {
            ConvTransposeFormula.OUTPUT: _output,
            ConvTransposeFormula.SAME_OUTPUT: _same_output,
            ConvTransposeFormula.PARAMS: _params,
            ConvTransposeFormula.MACS: _macs,
        },
        channel_symbol="FN",
    ),
    spellings=(
        "conv_transpose",
        "convtranspose",
        "conv_transposend",
        "deconv",
        "deconvolution",
        "transposed_conv",
    ),
    framework_names=(
        "Conv1DTranspose",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "ConvTranspose1d",
        "ConvTranspose2d",
        "ConvTranspose3d",
        "deconv",
    ),
    dimensional=True,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import literal, spatial_rank, torch_activation  # loaded only to export

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
    from cnncalc.render.emit import literal, spatial_rank, unsupported  # loaded only to export

    rank = spatial_rank(layer)
    pads, extras = [], []
    axes = zip(spread(spec.kernel, rank), spread(spec.stride, rank), spread(spec.dilation, rank), strict=True)
    for k, s, d in axes:
        extra = f.transpose_same_output_padding(k, s, d)
        if not 0 <= extra < max(s, d):
            raise unsupported(layer, "PyTorch", said("export.what.transpose_same"), "padding")
        pads.append(f.transpose_same_padding(k, s, d))
        extras.append(extra)
    return literal(tuple(pads)), tuple(extras)


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import literal, spatial_rank, unsupported  # loaded only to export

    spec = cast("ConvTranspose", layer.layer)
    if spec.groups != 1:
        raise unsupported(layer, "Keras", said("export.what.grouped_transpose"), "groups")
    numeric = not isinstance(spec.padding, str) and any(spread(spec.padding, spatial_rank(layer)))
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
