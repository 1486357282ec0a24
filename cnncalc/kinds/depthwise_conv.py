"""The ``depthwise_conv`` layer kind, declared in one place."""

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


class DepthwiseConv(LayerBase):
    """Depthwise convolution: one filter (times ``depth_multiplier``) per input channel."""

    type: Literal["depthwise_conv"]
    kernel: PerDim
    depth_multiplier: Size = 1
    stride: PerDim = 1
    padding: Padding = 0
    dilation: PerDim = 1
    bias: bool = True
    activation: FusedActivation | None = None


class DepthwiseFormula(Formula):
    PARAMS = "depthwise_params"  # FC·M·FH·FW + FC·M
    MACS = "depthwise_macs"  # FC·M·OH·OW·FH·FW


def rule(layer: DepthwiseConv, shape: Shape) -> Outcome:
    channels = shape[0]
    kernel, (sizes, steps, warnings, notes, windows) = convolved(layer, shape, "depthwise_conv")
    out = (channels * layer.depth_multiplier, *sizes)
    params = f.depthwise_param_count(kernel, channels, layer.depth_multiplier, layer.bias)
    k_ops = kernel_operands(kernel)
    param_ops = {**k_ops, "C": channels, "M": layer.depth_multiplier, "bias": int(layer.bias)}
    steps.append(Step("params", DepthwiseFormula.PARAMS, param_ops, params))
    macs = f.conv_macs(out, channels, kernel, channels)
    mac_ops = {"C": channels, "M": layer.depth_multiplier, **out_operands(sizes), **k_ops}
    steps.append(Step("macs", DepthwiseFormula.MACS, mac_ops, macs))
    return Outcome(out, params, None, macs, tuple(steps), tuple(warnings), tuple(notes), windows)


def _params(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    k_sym, k_num = w.kernel(o)
    m_sym, m_num = w.multiplier(o)
    symbolic, numbers = f"{m_sym}·{k_sym}", f"{m_num}·{k_num}"
    if o["bias"]:
        symbolic += f" + {m_sym}"
        numbers += f" + {m_num}"
    return w.count_line("params", symbolic, numbers, step, say)


def _macs(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    out_sym, out_num = w.dims(o, w.OUT_KEYS)
    k_sym, k_num = w.kernel(o)
    m_sym, m_num = w.multiplier(o)
    symbolic, numbers = f"{m_sym}·{out_sym}·{k_sym}", f"{m_num}·{out_num}·{k_num}"
    return w.count_line("macs", symbolic, numbers, step, say)


KIND = Kind(
    saves=SAVES_INPUT,  # convolution_backward reads the input
    model=DepthwiseConv,
    rule=rule,
    working=Working(
        {**w.WINDOW_TEMPLATES, DepthwiseFormula.PARAMS: _params, DepthwiseFormula.MACS: _macs},
        channel_symbol="C·M",
    ),
    spellings=("depthwise_conv", "depthwiseconv", "depthwise"),
    framework_names=("DepthwiseConv1D", "DepthwiseConv2D"),
    dimensional=True,
    prepare=pytorch_strided_same,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    from cnncalc.render.emit import (  # loaded only to export
        spatial_rank,
        torch_activation,
        torch_conv_arguments,
    )

    spec = cast("DepthwiseConv", layer.layer)
    common = torch_conv_arguments(module, layer, spec)
    channels, nd = layer.input_shape[0], f"{spatial_rank(layer)}d"
    depth = channels * spec.depth_multiplier
    bias = "" if spec.bias else ", bias=False"
    module.add(layer.name, f"nn.Conv{nd}({channels}, {depth}, {common}, groups={channels}{bias})")
    torch_activation(module, layer, spec.activation)


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import keras_conv_arguments  # loaded only to export

    spec = cast("DepthwiseConv", layer.layer)
    args = keras_conv_arguments(calls, spec)
    tail = f"{calls.activation(spec.activation)}, name={calls.name!r}"
    calls.call(f"DepthwiseConv{calls.nd}({args}, depth_multiplier={spec.depth_multiplier}{tail})")


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("conv", operation=conv_operation)
