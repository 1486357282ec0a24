"""The ``conv`` layer kind, declared in one place."""

from typing import TYPE_CHECKING, Literal, cast

import cnncalc.kinds.working as w
from cnncalc.engine import formulas as f
from cnncalc.engine.results import LayerResult, Shape, Step
from cnncalc.engine.windows import (
    convolved,
    kernel_operands,
    out_operands,
    pytorch_strided_same,
)
from cnncalc.kinds.base import SAVES_INPUT, Formula, Kind, Outcome, Say, Working
from cnncalc.render.declare import Drawing, Export, conv_operation
from cnncalc.spec.fields import FusedActivation, LayerBase, Padding, PerDim, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class Conv(LayerBase):
    """Convolution: ``OH = (H + 2P − D(FH − 1) − 1)/S + 1``."""

    type: Literal["conv"]
    filters: Size
    kernel: PerDim
    stride: PerDim = 1
    padding: Padding = 0
    dilation: PerDim = 1
    groups: Size = 1
    bias: bool = True
    activation: FusedActivation | None = None


class ConvFormula(Formula):
    PARAMS = "conv_params"  # (FH·FW·FC/G + 1)·FN
    MACS = "conv_macs"  # FN·OH·OW·(FC/G)·FH·FW


def rule(layer: Conv, shape: Shape) -> Outcome:
    channels = shape[0]
    kernel, (sizes, steps, warnings, notes, windows) = convolved(layer, shape, "conv", layer.filters)
    out = (layer.filters, *sizes)
    params = f.conv_param_count(kernel, channels, layer.filters, layer.groups, layer.bias)
    # Each operand dict written at once (unpacking, not ``|`` merges: no dicts in between).
    k_ops = kernel_operands(kernel)
    param_ops = {**k_ops, "C": channels, "G": layer.groups, "FN": layer.filters, "bias": int(layer.bias)}
    steps.append(Step("params", ConvFormula.PARAMS, param_ops, params))
    macs = f.conv_macs(out, channels, kernel, layer.groups)
    mac_ops = {"FN": layer.filters, **out_operands(sizes), "C": channels, "G": layer.groups, **k_ops}
    steps.append(Step("macs", ConvFormula.MACS, mac_ops, macs))
    return Outcome(out, params, None, macs, tuple(steps), tuple(warnings), tuple(notes), windows)


def _params(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    k_sym, k_num = w.kernel(o)
    channels_sym, channels_num = w.per_group("FC", o["C"], o["G"])
    if o["bias"]:
        symbolic = f"({k_sym}·{channels_sym} + 1)·FN"
        numbers = f"({k_num}·{channels_num} + 1)·{o['FN']}"
    elif o["G"] != 1:
        symbolic = f"{k_sym}·({channels_sym})·FN"
        numbers = f"{k_num}·({channels_num})·{o['FN']}"
    else:
        symbolic = f"{k_sym}·{channels_sym}·FN"
        numbers = f"{k_num}·{channels_num}·{o['FN']}"
    return w.count_line("params", symbolic, numbers, step, say)


def _macs(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    out_sym, out_num = w.dims(o, w.OUT_KEYS)
    k_sym, k_num = w.kernel(o)
    channels_sym, channels_num = w.per_group("FC", o["C"], o["G"], parens=True)
    symbolic = f"FN·{out_sym}·{channels_sym}·{k_sym}"
    numbers = f"{o['FN']}·{out_num}·{channels_num}·{k_num}"
    return w.count_line("macs", symbolic, numbers, step, say)


KIND = Kind(
    saves=SAVES_INPUT,  # convolution_backward reads the input (for the weights' gradient)
    model=Conv,
    rule=rule,
    working=Working(
        {**w.WINDOW_TEMPLATES, ConvFormula.PARAMS: _params, ConvFormula.MACS: _macs}, channel_symbol="FN"
    ),
    spellings=("conv", "convolution", "convnd"),
    framework_names=(
        "Conv1D",
        "Conv2D",
        "Conv3D",
        "Conv1d",
        "Conv2d",
        "Conv3d",
        "conv1d",
        "conv2d",
        "conv3d",
    ),
    dimensional=True,
    field_aliases={
        "filters": ("out_channels",),
        "kernel": ("kernel_size",),
        "stride": ("strides",),
        "dilation": ("dilation_rate",),
        "bias": ("use_bias",),
    },
    prepare=pytorch_strided_same,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import (  # loaded only to export
        spatial_rank,
        torch_activation,
        torch_conv_arguments,
    )

    spec = cast("Conv", layer.layer)
    common = torch_conv_arguments(module, layer, spec)
    groups = f", groups={spec.groups}" if spec.groups != 1 else ""
    bias = "" if spec.bias else ", bias=False"
    channels, nd = layer.input_shape[0], f"{spatial_rank(layer)}d"
    module.add(layer.name, f"nn.Conv{nd}({channels}, {spec.filters}, {common}{groups}{bias})")
    torch_activation(module, layer, spec.activation)


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import keras_conv_arguments  # loaded only to export

    spec = cast("Conv", layer.layer)
    args = keras_conv_arguments(calls, spec)
    groups = f", groups={spec.groups}" if spec.groups != 1 else ""
    tail = f"{calls.activation(spec.activation)}, name={calls.name!r}"
    calls.call(f"Conv{calls.nd}({spec.filters}, {args}{groups}{tail})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("conv", operation=conv_operation)
