"""Write zoo/regnet_x_*.yaml and zoo/regnet_y_*.yaml: torchvision's RegNetX and RegNetY models, one
template and each model's stages.

torchvision derives each RegNet's stages from four numbers (depth, w_0, w_a, w_m) and a group
width, in float32 (``BlockParams.from_init_params``: widths quantised to multiples of 8 in log
space, then made divisible by the group width). The stages below are what that gives in torchvision
0.28, copied from ``BlockParams.from_init_params(...)`` with torch (widths, depths, group widths);
every spec is then checked against torchvision itself (tools/zoo_reference.py). A stage is one
block use, its copies named as torchvision's AnyStage names them (``block2-0``, ``block2-1``).
RegNetY is RegNetX with a squeeze-and-excitation gate in every block, between the grouped 3×3 and
the last 1×1 (torchvision's BottleneckTransform ``se``: SqueezeExcitation of the block's width,
squeezed to round(0.25 · the block's input width), relu inside, sigmoid gate). The MACs in each
spec's ``expect`` are its reference JSON's (FlopCounterMode's count, halved).

    python tools/zoo_regnet.py           # rewrites the fifteen files; then cnncalc check zoo/
    python tools/zoo_regnet.py regnet_y_8gf
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ZOO = Path(__file__).resolve().parent.parent / "zoo"
REFERENCE = ZOO.parent / "tests" / "reference" / "zoo"

# builder: (weights, (depth, w_0, w_a, w_m, group width), stage widths, stage depths, group widths,
#           published num_params, published _ops, crop size)
MODELS = {
    "regnet_x_400mf": ("RegNet_X_400MF_Weights.IMAGENET1K_V1", (22, 24, 24.48, 2.54, 16),
                       [32, 64, 160, 400], [1, 2, 7, 12], [16, 16, 16, 16], 5495976, "0.414", 224),
    "regnet_x_800mf": ("RegNet_X_800MF_Weights.IMAGENET1K_V1", (16, 56, 35.73, 2.28, 16),
                       [64, 128, 288, 672], [1, 3, 7, 5], [16, 16, 16, 16], 7259656, "0.8", 224),
    "regnet_x_1_6gf": ("RegNet_X_1_6GF_Weights.IMAGENET1K_V1", (18, 80, 34.01, 2.25, 24),
                       [72, 168, 408, 912], [2, 4, 10, 2], [24, 24, 24, 24], 9190136, "1.603", 224),
    "regnet_x_3_2gf": ("RegNet_X_3_2GF_Weights.IMAGENET1K_V1", (25, 88, 26.31, 2.25, 48),
                       [96, 192, 432, 1008], [2, 6, 15, 2], [48, 48, 48, 48], 15296552, "3.177", 224),
    "regnet_x_8gf": ("RegNet_X_8GF_Weights.IMAGENET1K_V1", (23, 80, 49.56, 2.88, 120),
                     [80, 240, 720, 1920], [2, 5, 15, 1], [80, 120, 120, 120], 39572648, "7.995", 224),
    "regnet_x_16gf": ("RegNet_X_16GF_Weights.IMAGENET1K_V1", (22, 216, 55.59, 2.1, 128),
                      [256, 512, 896, 2048], [2, 6, 13, 1], [128, 128, 128, 128],
                      54278536, "15.941", 224),
    "regnet_x_32gf": ("RegNet_X_32GF_Weights.IMAGENET1K_V1", (23, 320, 69.86, 2.0, 168),
                      [336, 672, 1344, 2520], [2, 7, 13, 1], [168, 168, 168, 168],
                      107811560, "31.736", 224),
    "regnet_y_400mf": ("RegNet_Y_400MF_Weights.IMAGENET1K_V1", (16, 48, 27.89, 2.09, 8),
                       [48, 104, 208, 440], [1, 3, 6, 6], [8, 8, 8, 8], 4344144, "0.402", 224),
    "regnet_y_800mf": ("RegNet_Y_800MF_Weights.IMAGENET1K_V1", (14, 56, 38.84, 2.4, 16),
                       [64, 144, 320, 784], [1, 3, 8, 2], [16, 16, 16, 16], 6432512, "0.834", 224),
    "regnet_y_1_6gf": ("RegNet_Y_1_6GF_Weights.IMAGENET1K_V1", (27, 48, 20.71, 2.65, 24),
                       [48, 120, 336, 888], [2, 6, 17, 2], [24, 24, 24, 24], 11202430, "1.612", 224),
    "regnet_y_3_2gf": ("RegNet_Y_3_2GF_Weights.IMAGENET1K_V1", (21, 80, 42.63, 2.66, 24),
                       [72, 216, 576, 1512], [2, 5, 13, 1], [24, 24, 24, 24], 19436338, "3.176", 224),
    "regnet_y_8gf": ("RegNet_Y_8GF_Weights.IMAGENET1K_V1", (17, 192, 76.82, 2.19, 56),
                     [224, 448, 896, 2016], [2, 4, 10, 1], [56, 56, 56, 56], 39381472, "8.473", 224),
    "regnet_y_16gf": ("RegNet_Y_16GF_Weights.IMAGENET1K_V1", (18, 200, 106.23, 2.48, 112),
                      [224, 448, 1232, 3024], [2, 4, 11, 1], [112, 112, 112, 112],
                      83590140, "15.912", 224),
    "regnet_y_32gf": ("RegNet_Y_32GF_Weights.IMAGENET1K_V1", (20, 232, 115.89, 2.53, 232),
                      [232, 696, 1392, 3712], [2, 5, 12, 1], [232, 232, 232, 232],
                      145046770, "32.28", 224),
    "regnet_y_128gf": ("RegNet_Y_128GF_Weights.IMAGENET1K_SWAG_E2E_V1", (27, 456, 160.83, 2.52, 264),
                       [528, 1056, 2904, 7392], [2, 7, 17, 1], [264, 264, 264, 264],
                       644812894, "374.57", 384),
}  # fmt: skip

HEADER = """\
# {builder} as torchvision.models.{builder} builds it (torchvision 0.28.0):
# {weights}: published num_params {params:,} and _ops {ops}
# GMACs at 3×{crop}×{crop}, the weights' crop size.
# Layer names are torchvision's named_modules(); other names (add, concat, flatten, a module's
# earlier calls such as relu1) are the functional steps of its forward().
{family}
name: {builder}
input: [3, {crop}, {crop}]
layout: channels_first

blocks:
{block}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, stride: "${{stride}}", bias: false,
         inputs: [input], name: proj.0, when: "${{proj}}"}}
      - {{type: batchnorm, name: proj.1, when: "${{proj}}"}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, inputs: [input], name: f.a.0}}
      - {{type: batchnorm, name: f.a.1}}
      - {{type: relu, inplace: true, name: f.a.2}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 3, stride: "${{stride}}", padding: 1,
         groups: "${{groups}}", bias: false, name: f.b.0}}
      - {{type: batchnorm, name: f.b.1}}
      - {{type: relu, inplace: true, name: f.b.2}}
{se}      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, name: f.c.0}}
      - {{type: batchnorm, name: f.c.1}}
      - {{type: add, inputs: [proj.1, f.c.1], name: add}}
      - {{type: relu, inplace: true, name: activation}}

layers:
  - {{type: conv2d, filters: 32, kernel: 3, stride: 2, padding: 1, bias: false, name: stem.0}}
  - {{type: batchnorm, name: stem.1}}
  - {{type: relu, inplace: true, name: stem.2}}
{stages}
  - {{type: adaptive_avgpool, output_size: [1, 1], name: avgpool}}
  - {{type: flatten, name: flatten}}
  - {{type: linear, units: 1000, name: fc}}

expect: {{output: [1000], trainable_params: {params}, total_macs: {macs}}}
"""

FAMILY_X = """\
# RegNetX (Radosavovic et al. 2020) with depth {depth}, w_0 {w0}, w_a {wa}, w_m {wm}, group width {gw}:
# stages of widths {widths}, depths {depths} (torchvision's BlockParams; written by
# tools/zoo_regnet.py). Each stage is one block use; its first block strides and projects its
# skip; 'groups' is the width / the group width. The stem and every conv are Conv2dNormActivation
# (conv without bias, batchnorm, relu; numbered 0–2)."""

FAMILY_Y = """\
# RegNetY (Radosavovic et al. 2020) with depth {depth}, w_0 {w0}, w_a {wa}, w_m {wm}, group width {gw},
# SE ratio 0.25: stages of widths {widths}, depths {depths} (torchvision's BlockParams; written by
# tools/zoo_regnet.py). Each stage is one block use; its first block strides and projects its
# skip; 'groups' is the width / the group width; 'squeeze' is round(0.25 · the block's input
# width). The stem and every conv are Conv2dNormActivation (conv without bias, batchnorm, relu;
# numbered 0–2); f.se is torchvision.ops.SqueezeExcitation (scale_activation · its input)."""

BLOCK_X = """\
  res_bottleneck:              # torchvision's ResBottleneckBlock: [proj] + f (1×1, grouped 3×3, 1×1), relu
    params: {filters: null, groups: null, stride: 1, proj: false}
    layers:"""

BLOCK_Y = """\
  res_bottleneck_se:   # torchvision's ResBottleneckBlock: [proj] + f (1×1, grouped 3×3, SE, 1×1), relu
    params: {filters: null, groups: null, squeeze: null, stride: 1, proj: false}
    layers:"""

SE = """\
      - {type: adaptive_avgpool, output_size: [1, 1], name: f.se.avgpool}
      - {type: conv2d, filters: "${squeeze}", kernel: 1, name: f.se.fc1}
      - {type: relu, name: f.se.activation}
      - {type: conv2d, filters: "${filters}", kernel: 1, name: f.se.fc2}
      - {type: sigmoid, name: f.se.scale_activation}
      - {type: multiply, inputs: [f.se.scale_activation, f.b.2], name: f.se.scale}
"""


def squeeze(width_in: int) -> int:
    """torchvision's SE width: int(round(se_ratio · width_in)), se_ratio 0.25."""
    return round(0.25 * width_in)


def stage_lines(widths: list[int], depths: list[int], group_widths: list[int], se: bool) -> str:
    """One block use per stage; its first copy strides and projects (and, in RegNetY, squeezes
    its input's width)."""
    lines = []
    width_in = 32  # the stem's width
    block = "res_bottleneck_se" if se else "res_bottleneck"
    stages = zip(widths, depths, group_widths, strict=True)
    for index, (width, depth, group_width) in enumerate(stages, start=1):
        first = "stride: 2, proj: true" + (f", squeeze: {squeeze(width_in)}" if se else "")
        rest = f"squeeze: {squeeze(width)}, " if se else ""
        fields = f"{rest}first: {{{first}}}" if depth > 1 else first
        lines.append(
            f"  - {{block: {block}, name: trunk_output.block{index}, repeat: {depth}, "
            f"start: block{index}-0,\n     filters: {width}, groups: {width // group_width}, {fields}}}"
        )
        width_in = width
    return "\n".join(lines)


def spec(builder: str, macs: int) -> str:
    weights, (depth, w0, wa, wm, gw), widths, depths, group_widths, params, ops, crop = MODELS[builder]
    se = builder.startswith("regnet_y")
    family = (FAMILY_Y if se else FAMILY_X).format(
        depth=depth,
        w0=w0,
        wa=wa,
        wm=wm,
        gw=gw,
        widths=", ".join(map(str, widths)),
        depths=", ".join(map(str, depths)),
    )
    return HEADER.format(
        builder=builder,
        weights=weights,
        params=params,
        ops=ops,
        macs=macs,
        crop=crop,
        family=family,
        block=BLOCK_Y if se else BLOCK_X,
        se=SE if se else "",
        stages=stage_lines(widths, depths, group_widths, se),
    )


if __name__ == "__main__":
    for builder in sys.argv[1:] or MODELS:
        reference = REFERENCE / f"{builder}.json"
        if not reference.exists():
            print(f"no {reference.name}: run tools/zoo_reference.py {builder} first")
            continue
        macs = json.loads(reference.read_text(encoding="utf-8"))["macs"]
        (ZOO / f"{builder}.yaml").write_text(spec(builder, macs), encoding="utf-8")
        print(f"zoo/{builder}.yaml")
