"""Write zoo/regnet_x_*.yaml: torchvision's RegNetX models, one template and each model's stages.

torchvision derives each RegNetX's stages from four numbers (depth, w_0, w_a, w_m) and a group
width, in float32 (``BlockParams.from_init_params``: widths quantised to multiples of 8 in log
space, then made divisible by the group width). The stages below are what that gives in torchvision
0.28, copied from ``BlockParams.from_init_params(...)`` with torch (widths, depths, group widths);
every spec is then checked against torchvision itself (tools/zoo_reference.py). A stage is one
block use, its copies named as torchvision's AnyStage names them (``block2-0``, ``block2-1``).

    python tools/zoo_regnet.py           # rewrites the seven files; then cnncalc check zoo/
"""

from __future__ import annotations

from pathlib import Path

ZOO = Path(__file__).resolve().parent.parent / "zoo"

# builder: (weights, (depth, w_0, w_a, w_m, group width), stage widths, stage depths, group widths,
#           published num_params, published _ops, FlopCounterMode MACs / 2)
MODELS = {
    "regnet_x_400mf": ("RegNet_X_400MF_Weights", (22, 24, 24.48, 2.54, 16),
                       [32, 64, 160, 400], [1, 2, 7, 12], [16, 16, 16, 16], 5495976, "0.414", 413812608),
    "regnet_x_800mf": ("RegNet_X_800MF_Weights", (16, 56, 35.73, 2.28, 16),
                       [64, 128, 288, 672], [1, 3, 7, 5], [16, 16, 16, 16], 7259656, "0.8", 799699712),
    "regnet_x_1_6gf": ("RegNet_X_1_6GF_Weights", (18, 80, 34.01, 2.25, 24),
                       [72, 168, 408, 912], [2, 4, 10, 2], [24, 24, 24, 24], 9190136, "1.603", 1602849792),
    "regnet_x_3_2gf": ("RegNet_X_3_2GF_Weights", (25, 88, 26.31, 2.25, 48),
                       [96, 192, 432, 1008], [2, 6, 15, 2], [48, 48, 48, 48], 15296552, "3.177", 3176621952),
    "regnet_x_8gf": ("RegNet_X_8GF_Weights", (23, 80, 49.56, 2.88, 120),
                     [80, 240, 720, 1920], [2, 5, 15, 1], [80, 120, 120, 120], 39572648, "7.995", 7995132416),
    "regnet_x_16gf": ("RegNet_X_16GF_Weights", (22, 216, 55.59, 2.1, 128),
                      [256, 512, 896, 2048], [2, 6, 13, 1], [128, 128, 128, 128],
                      54278536, "15.941", 15940755456),
    "regnet_x_32gf": ("RegNet_X_32GF_Weights", (23, 320, 69.86, 2.0, 168),
                      [336, 672, 1344, 2520], [2, 7, 13, 1], [168, 168, 168, 168],
                      107811560, "31.736", 31735929792),
}  # fmt: skip

HEADER = """\
# {builder} as torchvision.models.{builder} builds it (torchvision 0.28.0):
# {weights}.IMAGENET1K_V1: published num_params {params:,} and _ops {ops}
# GMACs at 3×224×224, the weights' crop size.
# Layer names are torchvision's named_modules(); other names (add, concat, flatten, a module's
# earlier calls such as relu1) are the functional steps of its forward().
# RegNetX (Radosavovic et al. 2020) with depth {depth}, w_0 {w0}, w_a {wa}, w_m {wm}, group width {gw}:
# stages of widths {widths}, depths {depths} (torchvision's BlockParams; written by
# tools/zoo_regnet.py). Each stage is one block use; its first block strides and projects its
# skip; 'groups' is the width / the group width. The stem and every conv are Conv2dNormActivation
# (conv without bias, batchnorm, relu; numbered 0–2).
name: {builder}
input: [3, 224, 224]
layout: channels_first

blocks:
  res_bottleneck:              # torchvision's ResBottleneckBlock: [proj] + f (1×1, grouped 3×3, 1×1), relu
    params: {{filters: null, groups: null, stride: 1, proj: false}}
    layers:
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, stride: "${{stride}}", bias: false,
         inputs: [input], name: proj.0, when: "${{proj}}"}}
      - {{type: batchnorm, name: proj.1, when: "${{proj}}"}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, inputs: [input], name: f.a.0}}
      - {{type: batchnorm, name: f.a.1}}
      - {{type: relu, name: f.a.2}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 3, stride: "${{stride}}", padding: 1,
         groups: "${{groups}}", bias: false, name: f.b.0}}
      - {{type: batchnorm, name: f.b.1}}
      - {{type: relu, name: f.b.2}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, name: f.c.0}}
      - {{type: batchnorm, name: f.c.1}}
      - {{type: add, inputs: [proj.1, f.c.1], name: add}}
      - {{type: relu, name: activation}}

layers:
  - {{type: conv2d, filters: 32, kernel: 3, stride: 2, padding: 1, bias: false, name: stem.0}}
  - {{type: batchnorm, name: stem.1}}
  - {{type: relu, name: stem.2}}
{stages}
  - {{type: adaptive_avgpool, output_size: [1, 1], name: avgpool}}
  - {{type: flatten, name: flatten}}
  - {{type: linear, units: 1000, name: fc}}

expect: {{output: [1000], trainable_params: {params}, total_macs: {macs}}}
"""


def stage_lines(widths: list[int], depths: list[int], group_widths: list[int]) -> str:
    lines = []
    stages = zip(widths, depths, group_widths, strict=True)
    for index, (width, depth, group_width) in enumerate(stages, start=1):
        first = "first: {stride: 2, proj: true}" if depth > 1 else "stride: 2, proj: true"
        lines.append(
            f"  - {{block: res_bottleneck, name: trunk_output.block{index}, repeat: {depth}, "
            f"start: block{index}-0,\n     filters: {width}, groups: {width // group_width}, {first}}}"
        )
    return "\n".join(lines)


def spec(builder: str) -> str:
    weights, (depth, w0, wa, wm, gw), widths, depths, group_widths, params, ops, macs = MODELS[builder]
    return HEADER.format(
        builder=builder,
        weights=weights,
        params=params,
        ops=ops,
        macs=macs,
        depth=depth,
        w0=w0,
        wa=wa,
        wm=wm,
        gw=gw,
        widths=", ".join(map(str, widths)),
        depths=", ".join(map(str, depths)),
        stages=stage_lines(widths, depths, group_widths),
    )


if __name__ == "__main__":
    for builder in MODELS:
        (ZOO / f"{builder}.yaml").write_text(spec(builder), encoding="utf-8")
        print(f"zoo/{builder}.yaml")
