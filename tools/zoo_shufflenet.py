"""Write zoo/shufflenet_v2_*.yaml: torchvision's ShuffleNetV2 models, one template and each width.

torchvision.models.shufflenetv2 builds every width from ``stages_repeats`` [4, 8, 4] and
``stages_out_channels`` (below, as torchvision's builders give them). Each stage is one block use of
InvertedResidual; its first copy strides (two branches), the others chunk the input in two. The
published figures are read from the reference (tests/reference/zoo/<builder>.json, written by
tools/zoo_reference.py from torchvision's weights and FlopCounterMode); every spec is then checked
against it (tests/test_zoo_reference.py).

    python tools/zoo_shufflenet.py       # rewrites the four files; then cnncalc check zoo/
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZOO = ROOT / "zoo"
REFERENCE = ROOT / "tests" / "reference" / "zoo"

REPEATS = [4, 8, 4]
# builder: (weights, stages_out_channels as torchvision's builder gives them)
MODELS = {
    "shufflenet_v2_x0_5": ("ShuffleNet_V2_X0_5_Weights", [24, 48, 96, 192, 1024]),
    "shufflenet_v2_x1_0": ("ShuffleNet_V2_X1_0_Weights", [24, 116, 232, 464, 1024]),
    "shufflenet_v2_x1_5": ("ShuffleNet_V2_X1_5_Weights", [24, 176, 352, 704, 1024]),
    "shufflenet_v2_x2_0": ("ShuffleNet_V2_X2_0_Weights", [24, 244, 488, 976, 2048]),
}

HEADER = """\
# {builder} as torchvision.models.{builder} builds it (torchvision 0.28.0):
# ShuffleNetV2 with stages_repeats [4, 8, 4], stages_out_channels {channels}.
# {weights}.IMAGENET1K_V1: published num_params {params:,} and _ops {ops}
# GMACs at 3×224×224, the weights' crop size.
# Layer names are torchvision's named_modules(); other names (add, concat, flatten, a module's
# earlier calls such as relu1) are the functional steps of its forward().
# ShuffleNetV2 (Ma et al. 2018), written by tools/zoo_shufflenet.py. Each stage is one block use of
# torchvision's InvertedResidual: the first copy strides, and both branches read the block's input
# (the chunk is dropped); the others chunk the input in two halves (x.chunk(2, dim=1), named
# 'split'), branch2 works on the second, and the first passes through. Then torch.cat ('cat') and
# channel_shuffle(·, 2) ('shuffle'). The depthwise 3×3s are nn.Conv2d with groups = channels.
# The head's x.mean([2, 3]) is named 'mean'.
name: {builder}
input: [3, 224, 224]
layout: channels_first

blocks:
  inverted_residual:           # torchvision.models.shufflenetv2.InvertedResidual(inp, oup, stride)
    params: {{half: null, stride: 1, chunked: true, branch1: false}}   # half = oup // 2
    layers:
      - {{type: chunk, chunks: 2, outputs: [x1, x2], name: split, when: "${{chunked}}"}}
      - {{type: depthwise_conv, kernel: 3, stride: "${{stride}}", padding: 1, bias: false,
         inputs: [x1], name: branch1.0, when: "${{branch1}}"}}
      - {{type: batchnorm, name: branch1.1, when: "${{branch1}}"}}
      - {{type: conv2d, filters: "${{half}}", kernel: 1, bias: false, name: branch1.2, when: "${{branch1}}"}}
      - {{type: batchnorm, name: branch1.3, when: "${{branch1}}"}}
      - {{type: relu, inplace: true, name: branch1.4, when: "${{branch1}}"}}
      - {{type: conv2d, filters: "${{half}}", kernel: 1, bias: false, inputs: [x2], name: branch2.0}}
      - {{type: batchnorm, name: branch2.1}}
      - {{type: relu, inplace: true, name: branch2.2}}
      - {{type: depthwise_conv, kernel: 3, stride: "${{stride}}", padding: 1, bias: false, name: branch2.3}}
      - {{type: batchnorm, name: branch2.4}}
      - {{type: conv2d, filters: "${{half}}", kernel: 1, bias: false, name: branch2.5}}
      - {{type: batchnorm, name: branch2.6}}
      - {{type: relu, inplace: true, name: branch2.7}}
      - {{type: concat, inputs: [branch1.4, branch2.7], name: cat}}
      - {{type: channel_shuffle, groups: 2, name: shuffle}}

layers:
  - {{type: conv2d, filters: 24, kernel: 3, stride: 2, padding: 1, bias: false, name: conv1.0}}
  - {{type: batchnorm, name: conv1.1}}
  - {{type: relu, inplace: true, name: conv1.2}}
  - {{type: maxpool, kernel: 3, stride: 2, padding: 1, name: maxpool}}
{stages}
  - {{type: conv2d, filters: {last}, kernel: 1, bias: false, name: conv5.0}}
  - {{type: batchnorm, name: conv5.1}}
  - {{type: relu, inplace: true, name: conv5.2}}
  - {{type: global_avgpool, name: mean}}
  - {{type: linear, units: 1000, name: fc}}

expect: {{output: [1000], trainable_params: {params}, total_macs: {macs}}}
"""


def stage_lines(channels: list[int]) -> str:
    lines = []
    for index, (repeats, out) in enumerate(zip(REPEATS, channels[1:4], strict=True), start=2):
        lines.append(
            f"  - {{block: inverted_residual, name: stage{index}, repeat: {repeats}, half: {out // 2},\n"
            f"     first: {{stride: 2, chunked: false, branch1: true}}}}"
        )
    return "\n".join(lines)


def spec(builder: str) -> str:
    weights, channels = MODELS[builder]
    reference = json.loads((REFERENCE / f"{builder}.json").read_text(encoding="utf-8"))
    return HEADER.format(
        builder=builder,
        weights=weights,
        channels=channels,
        params=reference["num_params"],
        ops=reference["ops_gmacs"],
        macs=reference["macs"],
        stages=stage_lines(channels),
        last=channels[4],
    )


if __name__ == "__main__":
    for builder in MODELS:
        if (REFERENCE / f"{builder}.json").exists():
            (ZOO / f"{builder}.yaml").write_text(spec(builder), encoding="utf-8")
            print(f"zoo/{builder}.yaml")
