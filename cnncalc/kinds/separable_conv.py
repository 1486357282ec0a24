"""The ``separable_conv`` layer kind, declared in one place."""

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
from cnncalc.kinds.base import Formula, Kind, Outcome, Saves, Say, Working
from cnncalc.render.declare import Drawing, Export, conv_operation
from cnncalc.spec.fields import FusedActivation, LayerBase, Padding, PerDim, Size

if TYPE_CHECKING:
    from cnncalc.render.emit import KerasCalls, TorchModule

# ── The kind: model, spellings, framework names, rule, working (KIND) ──────────────────────


class SeparableConv(LayerBase):
    """Depthwise convolution followed by a 1×1 (pointwise) convolution to ``filters`` channels."""

    type: Literal["separable_conv"]
    filters: Size
    kernel: PerDim
    depth_multiplier: Size = 1
    stride: PerDim = 1
    padding: Padding = 0
    dilation: PerDim = 1
    bias: bool = True
    activation: FusedActivation | None = None


class SeparableFormula(Formula):
    PARAMS = "separable_params"  # FC·M·FH·FW + FC·M·FN + FN
    MACS = "separable_macs"  # FC·M·OH·OW·FH·FW + FC·M·FN·OH·OW


def rule(layer: SeparableConv, shape: Shape) -> Outcome:
    channels = shape[0]
    kernel, (sizes, steps, warnings, notes, windows) = convolved(layer, shape, "separable_conv")
    out = (layer.filters, *sizes)
    params = f.separable_param_count(kernel, channels, layer.filters, layer.depth_multiplier, layer.bias)
    k_ops = kernel_operands(kernel)
    multiplier = layer.depth_multiplier
    param_ops = {**k_ops, "C": channels, "M": multiplier, "FN": layer.filters, "bias": int(layer.bias)}
    steps.append(Step("params", SeparableFormula.PARAMS, param_ops, params))
    macs = f.separable_macs(sizes, channels, layer.filters, kernel, layer.depth_multiplier)
    mac_ops = {"C": channels, "M": multiplier, "FN": layer.filters, **out_operands(sizes), **k_ops}
    steps.append(Step("macs", SeparableFormula.MACS, mac_ops, macs))
    return Outcome(out, params, None, macs, tuple(steps), tuple(warnings), tuple(notes), windows)


def _params(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    k_sym, k_num = w.kernel(o)
    m_sym, m_num = w.multiplier(o)
    symbolic = f"{m_sym}·{k_sym} + {m_sym}·FN"
    numbers = f"{m_num}·{k_num} + {m_num}·{o['FN']}"
    if o["bias"]:
        symbolic += " + FN"
        numbers += f" + {o['FN']}"
    return w.count_line("params", symbolic, numbers, step, say)


def _macs(step: Step, rank: int, say: Say) -> str:
    o = step.operands
    out_sym, out_num = w.dims(o, w.OUT_KEYS)
    k_sym, k_num = w.kernel(o)
    m_sym, m_num = w.multiplier(o)
    symbolic = f"{m_sym}·{out_sym}·{k_sym} + {m_sym}·FN·{out_sym}"
    numbers = f"{m_num}·{out_num}·{k_num} + {m_num}·{o['FN']}·{out_num}"
    return w.count_line("macs", symbolic, numbers, step, say)


KIND = Kind(
    saves=Saves(inputs=True, extra_outputs=1),  # the input and the depthwise output the pointwise conv reads
    model=SeparableConv,
    rule=rule,
    working=Working(
        {**w.WINDOW_TEMPLATES, SeparableFormula.PARAMS: _params, SeparableFormula.MACS: _macs},
        channel_symbol="FN",
    ),
    spellings=("separable_conv", "separableconv", "separable"),
    framework_names=("SeparableConv1D", "SeparableConv2D"),
    dimensional=True,
    prepare=pytorch_strided_same,
)


# ── Export and drawing (EXPORT, DRAWING) ────────────────────────────────────────────────────


def _torch(module: "TorchModule", layer: LayerResult) -> None:
    """A depthwise convolution (no bias, as Keras'), then a pointwise 1×1 one."""
    from cnncalc.render.emit import (  # loaded only to export
        spatial_rank,
        torch_activation,
        torch_conv_arguments,
    )

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


def _keras(calls: "KerasCalls", layer: LayerResult) -> None:
    from cnncalc.render.emit import keras_conv_arguments  # loaded only to export

    spec = cast("SeparableConv", layer.layer)
    args = keras_conv_arguments(calls, spec)
    tail = f"{calls.activation(spec.activation)}, name={calls.name!r}"
    calls.call(
        f"SeparableConv{calls.nd}({spec.filters}, {args}, depth_multiplier={spec.depth_multiplier}{tail})"
    )


EXPORT = Export(torch=_torch, keras=_keras)
DRAWING = Drawing("conv", operation=conv_operation)
