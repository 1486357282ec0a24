"""Write zoo/efficientnet_{b0..b7,v2_s,v2_m,v2_l}.yaml: torchvision's EfficientNets.

torchvision builds every EfficientNet from a table of stages (``_efficientnet_conf``: expand
ratio, kernel, stride, input and output channels, layers); B1–B7 scale B0's table by a width
multiplier (channels × width, ``_make_divisible`` to a multiple of 8) and a depth multiplier
(layers × depth, rounded up). This works that table out as torchvision does, in plain Python, and
writes one line per block: each block has its own stochastic-depth probability
(0.2 × the block's index / the number of blocks), so the copies of a stage differ and a stage is
not one ``repeat``. The published figures and the crop size come from the reference JSON
(tools/zoo_reference.py), against which tests/test_zoo_reference.py checks every spec.

    python tools/zoo_efficientnet.py     # rewrites the eleven files; then cnncalc check zoo/
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
ZOO = ROOT / "zoo"
REFERENCE = ROOT / "tests" / "reference" / "zoo"

STOCHASTIC_DEPTH_PROB = 0.2  # EfficientNet's default, which no builder overrides


class Stage(NamedTuple):
    """One row of torchvision's table: MBConvConfig or FusedMBConvConfig."""

    fused: bool
    expand_ratio: int
    kernel: int
    stride: int
    input_channels: int
    out_channels: int
    num_layers: int


# B0's table: MBConvConfig(expand_ratio, kernel, stride, input, out, layers), the paper's Table 1
B0 = [(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
      (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1)]  # fmt: skip

# V2's tables (FusedMBConvConfig rows first), the EfficientNetV2 paper's Table 4 and torchvision's M and L
V2 = {
    "efficientnet_v2_s": (3, [(1, 3, 1, 24, 24, 2), (4, 3, 2, 24, 48, 4), (4, 3, 2, 48, 64, 4),
                              (4, 3, 2, 64, 128, 6), (6, 3, 1, 128, 160, 9), (6, 3, 2, 160, 256, 15)]),
    "efficientnet_v2_m": (3, [(1, 3, 1, 24, 24, 3), (4, 3, 2, 24, 48, 5), (4, 3, 2, 48, 80, 5),
                              (4, 3, 2, 80, 160, 7), (6, 3, 1, 160, 176, 14), (6, 3, 2, 176, 304, 18),
                              (6, 3, 1, 304, 512, 5)]),
    "efficientnet_v2_l": (3, [(1, 3, 1, 32, 32, 4), (4, 3, 2, 32, 64, 7), (4, 3, 2, 64, 96, 7),
                              (4, 3, 2, 96, 192, 10), (6, 3, 1, 192, 224, 19), (6, 3, 2, 224, 384, 25),
                              (6, 3, 1, 384, 640, 7)]),
}  # fmt: skip

# builder: (width_mult, depth_mult) for B0–B7; V2 has none
MULTIPLIERS = {
    "efficientnet_b0": (1.0, 1.0), "efficientnet_b1": (1.0, 1.1), "efficientnet_b2": (1.1, 1.2),
    "efficientnet_b3": (1.2, 1.4), "efficientnet_b4": (1.4, 1.8), "efficientnet_b5": (1.6, 2.2),
    "efficientnet_b6": (1.8, 2.6), "efficientnet_b7": (2.0, 3.1),
}  # fmt: skip

# builder: classifier dropout (the builders' kwargs.pop("dropout", …))
DROPOUT = {
    "efficientnet_b0": 0.2, "efficientnet_b1": 0.2, "efficientnet_b2": 0.3, "efficientnet_b3": 0.3,
    "efficientnet_b4": 0.4, "efficientnet_b5": 0.4, "efficientnet_b6": 0.5, "efficientnet_b7": 0.5,
    "efficientnet_v2_s": 0.2, "efficientnet_v2_m": 0.3, "efficientnet_v2_l": 0.4,
}  # fmt: skip

# builder: BatchNorm2d's eps and momentum where the builder changes them (B5–B7, V2)
NORM = {
    "efficientnet_b5": (0.001, 0.01), "efficientnet_b6": (0.001, 0.01),
    "efficientnet_b7": (0.001, 0.01), "efficientnet_v2_s": (0.001, None),
    "efficientnet_v2_m": (0.001, None), "efficientnet_v2_l": (0.001, None),
}  # fmt: skip


def make_divisible(value: float, divisor: int = 8) -> int:
    """torchvision's _make_divisible: the nearest multiple of divisor, not below 90% of value."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def stages(builder: str) -> list[Stage]:
    """The builder's table, as MBConvConfig and FusedMBConvConfig adjust it."""
    if builder in V2:
        fused_rows, rows = V2[builder]
        return [Stage(index < fused_rows, *row) for index, row in enumerate(rows)]
    width, depth = MULTIPLIERS[builder]
    return [
        Stage(False, ratio, kernel, stride, make_divisible(cin * width), make_divisible(cout * width),
              math.ceil(layers * depth))
        for ratio, kernel, stride, cin, cout, layers in B0
    ]  # fmt: skip


def block_line(stage: Stage, name: str, first: bool, probability: float) -> str:
    """One MBConv or FusedMBConv, as the block use that writes it."""
    cin = stage.input_channels if first else stage.out_channels
    stride = stage.stride if first else 1
    hidden = make_divisible(cin * stage.expand_ratio)
    block = "fused_mbconv" if stage.fused else "mbconv"
    fields = [f"block: {block}" if hidden != cin else f"block: {block}_t1", f"name: {name}"]
    if hidden != cin:
        fields.append(f"hidden: {hidden}")
    elif not stage.fused:
        fields.append(f"channels: {cin}")
    fields.append(f"filters: {stage.out_channels}")
    if not stage.fused:
        fields.append(f"squeeze: {max(1, cin // 4)}")
    fields += [f"kernel: {stage.kernel}", f"padding: {(stage.kernel - 1) // 2}"]
    if stride != 1:
        fields.append(f"stride: {stride}")
    if stride == 1 and cin == stage.out_channels:
        fields.append(f"p: {probability:.12g}")  # torch's float, to 12 digits
    else:
        fields.append("residual: false")
    return "  - {" + ", ".join(fields) + "}"


def stage_lines(builder: str) -> tuple[str, int]:
    """Every block's line, a comment per stage; and the last stage's output channels."""
    table = stages(builder)
    total = sum(stage.num_layers for stage in table)
    lines, index = [], 0
    for number, stage in enumerate(table, start=1):
        kind = "FusedMBConv" if stage.fused else "MBConv"
        lines.append(
            f"  # features.{number}: {kind}{stage.expand_ratio} k{stage.kernel}, stride {stage.stride}, "
            f"{stage.input_channels} → {stage.out_channels}, {stage.num_layers} "
            f"{'layer' if stage.num_layers == 1 else 'layers'}"
        )
        for copy in range(stage.num_layers):
            probability = STOCHASTIC_DEPTH_PROB * float(index) / total
            lines.append(block_line(stage, f"features.{number}.{copy}", copy == 0, probability))
            index += 1
    return "\n".join(lines), table[-1].out_channels


def norm_fields(builder: str) -> str:
    eps, momentum = NORM.get(builder, (None, None))
    fields = "" if eps is None else f", eps: {eps}"
    return fields if momentum is None else f"{fields}, momentum: {momentum}"


MBCONV = """\
  mbconv:                      # torchvision's MBConv: 1×1 expand, depthwise k×k, SE, 1×1 project
    params: {{hidden: null, filters: null, squeeze: null, kernel: null, padding: null, stride: 1,
             residual: true, p: 0.0}}
    layers:
      - {{type: conv2d, filters: "${{hidden}}", kernel: 1, bias: false, name: block.0.0}}
      - {{type: batchnorm{norm}, name: block.0.1}}
      - {{type: silu, inplace: true, name: block.0.2}}
      - {{type: depthwise_conv2d, kernel: "${{kernel}}", stride: "${{stride}}", padding: "${{padding}}",
         bias: false, name: block.1.0}}
      - {{type: batchnorm{norm}, name: block.1.1}}
      - {{type: silu, inplace: true, name: block.1.2}}
      - {{block: squeeze_excitation, channels: "${{hidden}}", squeeze: "${{squeeze}}", name: block.2}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, name: block.3.0}}
      - {{type: batchnorm{norm}, name: block.3.1}}
      - {{type: stochastic_depth, p: "${{p}}", mode: row, name: stochastic_depth, when: "${{residual}}"}}
      - {{type: add, inputs: [stochastic_depth, input], name: add, when: "${{residual}}"}}

  mbconv_t1:                   # the same with expand ratio 1: no expansion, so the depthwise conv is block.0
    params: {{channels: null, filters: null, squeeze: null, kernel: null, padding: null, stride: 1,
             residual: true, p: 0.0}}
    layers:
      - {{type: depthwise_conv2d, kernel: "${{kernel}}", stride: "${{stride}}",
         padding: "${{padding}}", bias: false, name: block.0.0}}
      - {{type: batchnorm{norm}, name: block.0.1}}
      - {{type: silu, inplace: true, name: block.0.2}}
      - {{block: squeeze_excitation, channels: "${{channels}}", squeeze: "${{squeeze}}", name: block.1}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, name: block.2.0}}
      - {{type: batchnorm{norm}, name: block.2.1}}
      - {{type: stochastic_depth, p: "${{p}}", mode: row, name: stochastic_depth, when: "${{residual}}"}}
      - {{type: add, inputs: [stochastic_depth, input], name: add, when: "${{residual}}"}}
"""

SQUEEZE_EXCITATION = """\
  squeeze_excitation:          # torchvision.ops.SqueezeExcitation(channels, squeeze, activation=SiLU)
    params: {{channels: null, squeeze: null}}
    layers:
      - {{type: adaptive_avgpool, output_size: 1, name: avgpool}}
      - {{type: conv2d, filters: "${{squeeze}}", kernel: 1, name: fc1}}
      - {{type: silu, inplace: true, name: activation}}
      - {{type: conv2d, filters: "${{channels}}", kernel: 1, name: fc2}}
      - {{type: sigmoid, name: scale_activation}}
      - {{type: multiply, inputs: [scale_activation, input], name: scale}}
"""

FUSED = """\
  fused_mbconv:                # torchvision's FusedMBConv: k×k expand (strided), 1×1 project
    params: {{hidden: null, filters: null, kernel: null, padding: null, stride: 1, residual: true, p: 0.0}}
    layers:
      - {{type: conv2d, filters: "${{hidden}}", kernel: "${{kernel}}", stride: "${{stride}}",
         padding: "${{padding}}", bias: false, name: block.0.0}}
      - {{type: batchnorm{norm}, name: block.0.1}}
      - {{type: silu, inplace: true, name: block.0.2}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, name: block.1.0}}
      - {{type: batchnorm{norm}, name: block.1.1}}
      - {{type: stochastic_depth, p: "${{p}}", mode: row, name: stochastic_depth, when: "${{residual}}"}}
      - {{type: add, inputs: [stochastic_depth, input], name: add, when: "${{residual}}"}}

  fused_mbconv_t1:             # the same with expand ratio 1: one k×k conv with its activation
    params: {{filters: null, kernel: null, padding: null, stride: 1, residual: true, p: 0.0}}
    layers:
      - {{type: conv2d, filters: "${{filters}}", kernel: "${{kernel}}", stride: "${{stride}}",
         padding: "${{padding}}", bias: false, name: block.0.0}}
      - {{type: batchnorm{norm}, name: block.0.1}}
      - {{type: silu, inplace: true, name: block.0.2}}
      - {{type: stochastic_depth, p: "${{p}}", mode: row, name: stochastic_depth, when: "${{residual}}"}}
      - {{type: add, inputs: [stochastic_depth, input], name: add, when: "${{residual}}"}}
"""

HEADER = """\
# {builder} as torchvision.models.{builder} builds it (torchvision 0.28.0):
# {weights}: published num_params {params:,} and _ops {ops}
# GMACs at {shape}, the weights' crop size.
# Layer names are torchvision's named_modules(); other names (add, concat, flatten, a module's
# earlier calls such as relu1) are the functional steps of its forward().
{about}
# One line per block (written by tools/zoo_efficientnet.py): each has its own stochastic-depth
# probability p = 0.2 × the block's index / {total} blocks, applied (with the add) only where the block
# keeps its shape (stride 1, as many channels out as in); 'hidden' is the input channels × the
# expand ratio (a multiple of 8), 'squeeze' the input channels // 4. Every conv with a norm is
# Conv2dNormActivation (conv without bias, batchnorm, SiLU; numbered 0–2).
name: {builder}
input: {input}
layout: channels_first

blocks:
{blocks}
layers:
  - {{type: conv2d, filters: {stem}, kernel: 3, stride: 2, padding: 1, bias: false, name: features.0.0}}
  - {{type: batchnorm{norm}, name: features.0.1}}
  - {{type: silu, inplace: true, name: features.0.2}}
{stages}
  - {{type: conv2d, filters: {last}, kernel: 1, bias: false, name: features.{head}.0}}
  - {{type: batchnorm{norm}, name: features.{head}.1}}
  - {{type: silu, inplace: true, name: features.{head}.2}}
  - {{type: adaptive_avgpool, output_size: 1, name: avgpool}}
  - {{type: flatten, name: flatten}}
  - {{type: dropout, rate: {dropout}, name: classifier.0}}
  - {{type: linear, units: 1000, name: classifier.1}}

expect: {{output: [1000], trainable_params: {params}, total_macs: {macs}}}
"""


def about(builder: str) -> str:
    if builder in V2:
        return (
            "# EfficientNetV2 (Tan & Le 2021): FusedMBConv stages (a k×k conv in place of the expand and\n"
            "# depthwise convs, no squeeze-and-excitation), then MBConv stages; the head widens to 1280."
        )
    width, depth = MULTIPLIERS[builder]
    return (
        f"# EfficientNet (Tan & Le 2019) at width multiplier {width} and depth multiplier {depth}: B0's\n"
        "# channels × width (a multiple of 8) and layers × depth (rounded up); MBConv with\n"
        "# squeeze-and-excitation (SiLU, sigmoid gate, multiply); the head widens to 4 × the last channels."
    )


def spec(builder: str) -> str:
    reference = json.loads((REFERENCE / f"{builder}.json").read_text(encoding="utf-8"))
    table = stages(builder)
    lines, last_out = stage_lines(builder)
    norm = norm_fields(builder)
    blocks = MBCONV.format(norm=norm) + "\n" + SQUEEZE_EXCITATION.format()
    if builder in V2:
        blocks = FUSED.format(norm=norm) + "\n" + blocks
    shape = reference["input"]
    return HEADER.format(
        builder=builder,
        weights=reference["weights"],
        params=reference["num_params"],
        ops=reference["ops_gmacs"],
        shape="×".join(map(str, shape)),
        about=about(builder),
        total=sum(stage.num_layers for stage in table),
        input=json.dumps(shape).replace(",", ", ").replace(",  ", ", "),
        blocks=blocks,
        norm=norm,
        stem=table[0].input_channels,
        stages=lines,
        last=1280 if builder in V2 else 4 * last_out,
        head=len(table) + 1,
        dropout=DROPOUT[builder],
        macs=reference.get("macs_with_aux", reference["macs"]),
    )


if __name__ == "__main__":
    import sys

    for builder in sys.argv[1:] or DROPOUT:
        if (REFERENCE / f"{builder}.json").exists():
            (ZOO / f"{builder}.yaml").write_text(spec(builder), encoding="utf-8")
            print(f"zoo/{builder}.yaml")
        else:
            print(f"{builder}: no reference JSON yet (tools/zoo_reference.py {builder})")
