"""Write zoo/mnasnet{0_5,0_75,1_0,1_3}.yaml: torchvision's MNASNet-B1 at each width multiplier.

The four specs differ only in their channel counts, which torchvision derives from the width
multiplier alpha (``_get_depths``: each of 32, 16, 24, 40, 80, 96, 192, 320 times alpha, rounded to
a multiple of 8, preferring up). This writes them from one template, so that a spec reads as a
human would write it: each stack one block use, its hidden widths spelled out.

    python tools/zoo_mnasnet.py          # rewrites the four files; then check them with cnncalc check zoo/
"""

from __future__ import annotations

from pathlib import Path

ZOO = Path(__file__).resolve().parent.parent / "zoo"

# builder: (alpha, weights name, published num_params, published _ops, FlopCounterMode MACs / 2)
MODELS = {
    "mnasnet0_5": (0.5, "MNASNet0_5_Weights.IMAGENET1K_V1", 2218512, "0.104", 104455968),
    "mnasnet0_75": (0.75, "MNASNet0_75_Weights.IMAGENET1K_V1", 3170208, "0.215", 215493104),
    "mnasnet1_0": (1.0, "MNASNet1_0_Weights.IMAGENET1K_V1", 4383312, "0.314", 314415872),
    "mnasnet1_3": (1.3, "MNASNet1_3_Weights.IMAGENET1K_V1", 6282256, "0.526", 526362432),
}

# torchvision's _stack calls: (kernel, stride, expansion, repeats), from depths[i] to depths[i + 1]
STACKS = [(3, 2, 3, 3), (5, 2, 3, 3), (5, 2, 6, 3), (3, 1, 6, 2), (5, 2, 6, 4), (3, 1, 6, 1)]


def round_to_multiple_of(value: float, divisor: int = 8, round_up_bias: float = 0.9) -> int:
    """torchvision's _round_to_multiple_of: the nearest multiple, rounded up unless within 10%."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded if rounded >= round_up_bias * value else rounded + divisor


def depths(alpha: float) -> list[int]:
    return [round_to_multiple_of(depth * alpha) for depth in (32, 16, 24, 40, 80, 96, 192, 320)]


HEADER = """\
# {builder} as torchvision.models.{builder} builds it (torchvision 0.28.0):
# {weights}: published num_params {params:,} and _ops {ops}
# GMACs at 3×224×224, the weights' crop size.
# Layer names are torchvision's named_modules(); other names (add, concat, flatten, a module's
# earlier calls such as relu1) are the functional steps of its forward().
# MNASNet-B1 (Tan et al. 2019) at width multiplier {alpha}: channels {depth_list}
# (torchvision's _get_depths). Each stack of inverted residuals is one block use: the first
# copy strides and has no skip; 'hidden' is the input channels × the expansion (3 or 6), the
# padding kernel // 2.
# Written by tools/zoo_mnasnet.py. The head's x.mean([2, 3]) is a global average pool, 'mean'.
name: {builder}
input: [3, 224, 224]
layout: channels_first

blocks:
  inverted_residual:           # torchvision's _InvertedResidual: 1×1 expand, depthwise k×k, 1×1 project
    params: {{hidden: null, filters: null, kernel: null, padding: null, stride: 1, residual: true}}
    layers:
      - {{type: conv2d, filters: "${{hidden}}", kernel: 1, bias: false, name: layers.0}}
      - {{type: batchnorm, momentum: 0.0003, name: layers.1}}
      - {{type: relu, inplace: true, name: layers.2}}
      - {{type: depthwise_conv2d, kernel: "${{kernel}}", stride: "${{stride}}", padding: "${{padding}}",
         bias: false, name: layers.3}}
      - {{type: batchnorm, momentum: 0.0003, name: layers.4}}
      - {{type: relu, inplace: true, name: layers.5}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, name: layers.6}}
      - {{type: batchnorm, momentum: 0.0003, name: layers.7}}
      - {{type: add, inputs: [layers.7, input], name: add, when: "${{residual}}"}}

layers:
  - {{type: conv2d, filters: {d0}, kernel: 3, stride: 2, padding: 1, bias: false, name: layers.0}}
  - {{type: batchnorm, momentum: 0.0003, name: layers.1}}
  - {{type: relu, inplace: true, name: layers.2}}
  - {{type: depthwise_conv2d, kernel: 3, padding: 1, bias: false, name: layers.3}}
  - {{type: batchnorm, momentum: 0.0003, name: layers.4}}
  - {{type: relu, inplace: true, name: layers.5}}
  - {{type: conv2d, filters: {d1}, kernel: 1, bias: false, name: layers.6}}
  - {{type: batchnorm, momentum: 0.0003, name: layers.7}}
{stacks}
  - {{type: conv2d, filters: 1280, kernel: 1, bias: false, name: layers.14}}
  - {{type: batchnorm, momentum: 0.0003, name: layers.15}}
  - {{type: relu, inplace: true, name: layers.16}}
  - {{type: global_avgpool, name: mean}}
  - {{type: dropout, rate: 0.2, name: classifier.0}}
  - {{type: linear, units: 1000, name: classifier.1}}

expect: {{output: [1000], trainable_params: {params}, total_macs: {macs}}}
"""


def stack_lines(depth: list[int]) -> str:
    lines = ["  # the stacks: torchvision's _stack(in, out, kernel, stride, expansion, repeats)"]
    for index, (kernel, stride, expansion, repeats) in enumerate(STACKS):
        into, out = depth[index + 1], depth[index + 2]
        lines.append(
            f"  - {{block: inverted_residual, name: layers.{index + 8}, repeat: {repeats}, filters: {out}, "
            f"hidden: {out * expansion}, kernel: {kernel}, padding: {kernel // 2},\n"
            f"     first: {{hidden: {into * expansion}, stride: {stride}, residual: false}}}}"
        )
    return "\n".join(lines)


def spec(builder: str) -> str:
    alpha, weights, params, ops, macs = MODELS[builder]
    depth = depths(alpha)
    return HEADER.format(
        builder=builder,
        weights=weights,
        params=params,
        ops=ops,
        macs=macs,
        alpha=alpha,
        depth_list=", ".join(map(str, depth)),
        d0=depth[0],
        d1=depth[1],
        stacks=stack_lines(depth),
    )


if __name__ == "__main__":
    for builder in MODELS:
        (ZOO / f"{builder}.yaml").write_text(spec(builder), encoding="utf-8")
        print(f"zoo/{builder}.yaml")
