"""Write zoo/convnext_*.yaml: torchvision's ConvNeXt models, one template and each model's stages.

torchvision's ConvNeXt (``torchvision.models.convnext``): a 4×4 stride-4 stem with LayerNorm2d,
four stages of CNBlocks (depthwise 7×7 conv, Permute to channels-last, LayerNorm over the
channels, Linear ×4, GELU, Linear, Permute back, layer scale, stochastic depth, residual add),
between stages a LayerNorm2d and a 2×2 stride-2 conv, and the classifier's LayerNorm2d, flatten,
linear. The stage settings are the builders' CNBlockConfig lists in torchvision 0.28.

Written as torchvision has it: the block's two Permute modules are ``permute`` layers (block.1,
block.6), so block.2–block.5 see the channels-last H×W×C map (nn.LayerNorm over its last axis,
nn.Linear on its last axis); the layer scale γ, a parameter of the CNBlock module itself, is the
``scale`` layer named ``.``, which takes the copy's own name (``features.1.0``).

    python tools/zoo_convnext.py           # writes the four files; then cnncalc check zoo/
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZOO = ROOT / "zoo"

# builder: (weights, stages as (channels, blocks), stochastic depth probability)
MODELS = {
    "convnext_tiny": ("ConvNeXt_Tiny_Weights.IMAGENET1K_V1", [(96, 3), (192, 3), (384, 9), (768, 3)], 0.1),
    "convnext_small": ("ConvNeXt_Small_Weights.IMAGENET1K_V1", [(96, 3), (192, 3), (384, 27), (768, 3)], 0.4),
    "convnext_base": ("ConvNeXt_Base_Weights.IMAGENET1K_V1", [(128, 3), (256, 3), (512, 27), (1024, 3)], 0.5),
    "convnext_large": ("ConvNeXt_Large_Weights.IMAGENET1K_V1",
                       [(192, 3), (384, 3), (768, 27), (1536, 3)], 0.5),
}  # fmt: skip

HEADER = """\
# {builder} as torchvision.models.{builder} builds it (torchvision 0.28.0):
# CNBlockConfig stages {stages} (channels, blocks).
# {weights}: published num_params {params:,} and _ops {ops}
# GMACs at 3×224×224, the weights' crop size.
# Layer names are torchvision's named_modules(); other names (add, concat, flatten, a module's
# earlier calls such as relu1) are the functional steps of its forward().
# Written by tools/zoo_convnext.py. The block is torchvision's CNBlock module by module: the
# Permute to channels-last (block.1) and back (block.6), nn.LayerNorm and nn.Linear on the last
# axis of the H×W×C map between them, and the layer scale γ, a parameter of the CNBlock itself,
# as the layer named '.' (it takes the copy's name, features.1.0). LayerNorm2d (stem, downsampling,
# classifier) is a layer norm over the channels (eps 1e-6). Each CNBlock is one use (its
# stochastic depth rate is {sd} · its index / (blocks − 1), as torchvision computes it; it
# changes no count).
name: {builder}
input: [3, 224, 224]
layout: channels_first

blocks:
  cn_block:                    # torchvision's CNBlock(dim, layer_scale 1e-6, stochastic_depth_prob)
    params: {{dim: null, hidden: null, rate: null}}
    layers:
      - {{type: depthwise_conv, kernel: 7, padding: 3, bias: true, name: block.0}}
      - {{type: permute, dims: [0, 2, 3, 1], name: block.1}}
      - {{type: layernorm, normalized_shape: "${{dim}}", eps: 1.0e-6, name: block.2}}
      - {{type: linear, units: "${{hidden}}", reading: last_axis, name: block.3}}
      - {{type: gelu, name: block.4}}
      - {{type: linear, units: "${{dim}}", reading: last_axis, name: block.5}}
      - {{type: permute, dims: [0, 3, 1, 2], name: block.6}}
      - {{type: scale, init: 1.0e-6, name: .}}
      - {{type: stochastic_depth, rate: "${{rate}}", mode: row, name: stochastic_depth}}
      - {{type: add, inputs: [stochastic_depth, input], name: add}}

layers:
  - {{type: conv2d, filters: {first}, kernel: 4, stride: 4, bias: true, name: features.0.0}}
  - {{type: layernorm, over: channels, eps: 1.0e-6, name: features.0.1}}
{body}
  - {{type: adaptive_avgpool, output_size: 1, name: avgpool}}
  - {{type: layernorm, over: channels, eps: 1.0e-6, name: classifier.0}}
  - {{type: flatten, name: classifier.1}}
  - {{type: linear, units: 1000, name: classifier.2}}

expect: {{output: [1000], trainable_params: {params}, total_macs: {macs}}}
"""


def body_lines(stages: list[tuple[int, int]], sd: float) -> str:
    lines = []
    index = 1
    total = sum(blocks for _, blocks in stages)
    block_id = 0
    for position, (dim, blocks) in enumerate(stages):
        for copy in range(blocks):
            rate = sd * block_id / (total - 1.0)  # torchvision's sd_prob, in the same float arithmetic
            lines.append(
                f"  - {{block: cn_block, name: features.{index}, repeat: 1, start: {copy}, "
                f"dim: {dim}, hidden: {4 * dim}, rate: {rate!r}}}"
            )
            block_id += 1
        index += 1
        if position + 1 < len(stages):
            out = stages[position + 1][0]
            lines.append(f"  - {{type: layernorm, over: channels, eps: 1.0e-6, name: features.{index}.0}}")
            lines.append(
                f"  - {{type: conv2d, filters: {out}, kernel: 2, stride: 2, bias: true, "
                f"name: features.{index}.1}}"
            )
            index += 1
    return "\n".join(lines)


def spec(builder: str) -> str:
    weights, stages, sd = MODELS[builder]
    ref = json.loads((ROOT / "tests" / "reference" / "zoo" / f"{builder}.json").read_text(encoding="utf-8"))
    return HEADER.format(
        builder=builder,
        weights=weights,
        stages=", ".join(f"({d}, {n})" for d, n in stages),
        params=ref["num_params"],
        ops=ref["ops_gmacs"],
        macs=ref["macs"],
        sd=sd,
        first=stages[0][0],
        body=body_lines(stages, sd),
    )


if __name__ == "__main__":
    import sys

    for builder in sys.argv[1:] or MODELS:
        (ZOO / f"{builder}.yaml").write_text(spec(builder), encoding="utf-8")
        print(f"zoo/{builder}.yaml")
