"""Write the zoo specs of the AlexNet, VGG, ResNet (ResNeXt, Wide ResNet) and DenseNet families.

Each spec is written as torchvision's code builds the model (``torchvision/models/vgg.py``'s
``cfgs`` and ``make_layers``, ``resnet.py``'s ``_make_layer`` over ``BasicBlock`` or
``Bottleneck``, ``densenet.py``'s ``_DenseBlock`` and ``_Transition``), with its layers named as
``named_modules()`` names them. The published figures in each header and ``expect`` are read from
``tests/reference/zoo/<builder>.json`` (written by ``tools/zoo_reference.py`` from torchvision's
weights metadata and its FlopCounterMode), never from cnncalc. The written YAML is what is tested::

    python tools/zoo_specs.py          # rewrites zoo/alexnet.yaml, zoo/vgg*.yaml, zoo/resnet*.yaml, …
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZOO = ROOT / "zoo"
REFERENCE = ROOT / "tests" / "reference" / "zoo"

NAMING = """\
# Layer names are torchvision's named_modules(); other names (add, concat, flatten, a module's
# earlier calls such as relu1) are the functional steps of its forward()."""


def header(builder: str, how: str, extra: str = "") -> str:
    """The header every zoo spec carries: what it is, the published figures, the naming rule."""
    ref = json.loads((REFERENCE / f"{builder}.json").read_text(encoding="utf-8"))
    size = "×".join(str(n) for n in ref["input"])
    lines = [
        f"# {builder} as torchvision.models.{builder} builds it (torchvision {ref['torchvision']}):",
        f"# {how}.",
        f"# {ref['weights']}: published num_params {ref['num_params']:,} and _ops {ref['ops_gmacs']}",
        f"# GMACs at {size}, the weights' crop size.",
        NAMING,
    ]
    if extra:
        lines.append(extra.rstrip("\n"))
    lines += [f"name: {builder}", f"input: {ref['input']}", "layout: channels_first"]
    return "\n".join(lines) + "\n"


def expect(builder: str, output: str = "[1000]") -> str:
    ref = json.loads((REFERENCE / f"{builder}.json").read_text(encoding="utf-8"))
    return (
        f"\nexpect: {{output: {output}, trainable_params: {ref['num_params']}, total_macs: {ref['macs']}}}\n"
    )


# --- AlexNet ---------------------------------------------------------------------------------------

ALEXNET = """\
layers:
  - {type: conv2d, filters: 64, kernel: 11, stride: 4, padding: 2, name: features.0}   # (224 + 4 − 11)/4 + 1 = 55.25 → 55, flagged
  - {type: relu, inplace: true, name: features.1}
  - {type: maxpool, kernel: 3, stride: 2, name: features.2}
  - {type: conv2d, filters: 192, kernel: 5, padding: 2, name: features.3}
  - {type: relu, inplace: true, name: features.4}
  - {type: maxpool, kernel: 3, stride: 2, name: features.5}
  - {type: conv2d, filters: 384, kernel: 3, padding: 1, name: features.6}
  - {type: relu, inplace: true, name: features.7}
  - {type: conv2d, filters: 256, kernel: 3, padding: 1, name: features.8}
  - {type: relu, inplace: true, name: features.9}
  - {type: conv2d, filters: 256, kernel: 3, padding: 1, name: features.10}
  - {type: relu, inplace: true, name: features.11}
  - {type: maxpool, kernel: 3, stride: 2, name: features.12}
  - {type: adaptive_avgpool, output_size: [6, 6], name: avgpool}
  - {type: flatten}
  - {type: dropout, rate: 0.5, name: classifier.0}
  - {type: linear, units: 4096, name: classifier.1}
  - {type: relu, inplace: true, name: classifier.2}
  - {type: dropout, rate: 0.5, name: classifier.3}
  - {type: linear, units: 4096, name: classifier.4}
  - {type: relu, inplace: true, name: classifier.5}
  - {type: linear, units: 1000, name: classifier.6}
"""


def alexnet() -> str:
    return header("alexnet", "features, avgpool, classifier") + ALEXNET + expect("alexnet")


# --- VGG -------------------------------------------------------------------------------------------

# torchvision's cfgs: a number is a 3×3 conv with that many filters, "M" a 2×2 max pool.
VGG_CFGS: dict[str, list[int | str]] = {
    "vgg11": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "vgg13": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "vgg16": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    "vgg19": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M"] + [512, 512, 512, 512, "M"] * 2,
}
VGG_CLASSIFIER = """\
  - {type: adaptive_avgpool, output_size: [7, 7], name: avgpool}
  - {type: flatten}
  - {type: linear, units: 4096, name: classifier.0}
  - {type: relu, inplace: true, name: classifier.1}
  - {type: dropout, rate: 0.5, name: classifier.2}
  - {type: linear, units: 4096, name: classifier.3}
  - {type: relu, inplace: true, name: classifier.4}
  - {type: dropout, rate: 0.5, name: classifier.5}
  - {type: linear, units: 1000, name: classifier.6}
"""


def vgg(builder: str) -> str:
    batch_norm = builder.endswith("_bn")
    cfg = VGG_CFGS[builder.removesuffix("_bn")]
    letter = {"vgg11": "A", "vgg13": "B", "vgg16": "D", "vgg19": "E"}[builder.removesuffix("_bn")]
    listed = ", ".join(str(v) for v in cfg)
    how = f"VGG(make_layers(cfgs['{letter}'], batch_norm={batch_norm})), avgpool 7×7, classifier"
    extra = (
        f"# cfgs['{letter}'] = [{listed}]:\n"
        f"# a number is a 3×3 conv (padding 1){', batch norm' if batch_norm else ''} and ReLU, M a 2×2 max"
        " pool; features is one\n# nn.Sequential of them, numbered in order.\n"
    )
    lines = ["layers:"]
    index = 0
    for value in cfg:
        if value == "M":
            lines.append(f"  - {{type: maxpool, kernel: 2, stride: 2, name: features.{index}}}")
            index += 1
            continue
        lines.append(f"  - {{type: conv2d, filters: {value}, kernel: 3, padding: 1, name: features.{index}}}")
        index += 1
        if batch_norm:
            lines.append(f"  - {{type: batchnorm, name: features.{index}}}")
            index += 1
        lines.append(f"  - {{type: relu, inplace: true, name: features.{index}}}")
        index += 1
    body = "\n".join(lines) + "\n" + VGG_CLASSIFIER
    return header(builder, how, extra) + body + expect(builder)


# --- ResNet, ResNeXt, Wide ResNet -------------------------------------------------------------------

BASIC = """\
blocks:
  basic:                       # torchvision's BasicBlock: two 3×3 convs, the first strides
    params: {filters: null, stride: 1, downsample: false}
    layers:
      - {type: conv2d, filters: "${filters}", kernel: 3, stride: "${stride}", padding: 1, bias: false, name: conv1}
      - {type: batchnorm, name: bn1}
      - {type: relu, inplace: true, name: relu1}
      - {type: conv2d, filters: "${filters}", kernel: 3, padding: 1, bias: false, name: conv2}
      - {type: batchnorm, name: bn2}
      - {type: conv2d, filters: "${filters}", kernel: 1, stride: "${stride}", bias: false,
         inputs: [input], name: downsample.0, when: "${downsample}"}
      - {type: batchnorm, name: downsample.1, when: "${downsample}"}
      - {type: add, inputs: [bn2, downsample.1], name: add}
      - {type: relu, inplace: true, name: relu}
"""
BOTTLENECK = """\
blocks:
  bottleneck:                  # torchvision's Bottleneck (v1.5: the 3×3 conv strides{grouped})
    params: {{width: null, filters: null, stride: 1, downsample: false}}
    layers:
      - {{type: conv2d, filters: "${{width}}", kernel: 1, bias: false, name: conv1}}
      - {{type: batchnorm, name: bn1}}
      - {{type: relu, inplace: true, name: relu1}}
      - {{type: conv2d, filters: "${{width}}", kernel: 3, stride: "${{stride}}", padding: 1,{groups} bias: false, name: conv2}}
      - {{type: batchnorm, name: bn2}}
      - {{type: relu, inplace: true, name: relu2}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, name: conv3}}
      - {{type: batchnorm, name: bn3}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, stride: "${{stride}}", bias: false,
         inputs: [input], name: downsample.0, when: "${{downsample}}"}}
      - {{type: batchnorm, name: downsample.1, when: "${{downsample}}"}}
      - {{type: add, inputs: [bn3, downsample.1], name: add}}
      - {{type: relu, inplace: true, name: relu}}
"""
STEM = """\
layers:
  - {type: conv2d, filters: 64, kernel: 7, stride: 2, padding: 3, bias: false, name: conv1}
  - {type: batchnorm, name: bn1}
  - {type: relu, inplace: true, name: relu}
  - {type: maxpool, kernel: 3, stride: 2, padding: 1, name: maxpool}
"""
HEAD = """\
  - {type: adaptive_avgpool, output_size: [1, 1], name: avgpool}
  - {type: flatten}
  - {type: linear, units: 1000, name: fc}
"""
# builder → (block, blocks per stage, groups, width_per_group)
RESNETS: dict[str, tuple[str, list[int], int, int]] = {
    "resnet18": ("basic", [2, 2, 2, 2], 1, 64),
    "resnet34": ("basic", [3, 4, 6, 3], 1, 64),
    "resnet50": ("bottleneck", [3, 4, 6, 3], 1, 64),
    "resnet101": ("bottleneck", [3, 4, 23, 3], 1, 64),
    "resnet152": ("bottleneck", [3, 8, 36, 3], 1, 64),
    "resnext50_32x4d": ("bottleneck", [3, 4, 6, 3], 32, 4),
    "resnext101_32x8d": ("bottleneck", [3, 4, 23, 3], 32, 8),
    "resnext101_64x4d": ("bottleneck", [3, 4, 23, 3], 64, 4),
    "wide_resnet50_2": ("bottleneck", [3, 4, 6, 3], 1, 128),
    "wide_resnet101_2": ("bottleneck", [3, 4, 23, 3], 1, 128),
}


def resnet(builder: str) -> str:
    block, counts, groups, width_per_group = RESNETS[builder]
    how = f"_make_layer over {'BasicBlock' if block == 'basic' else 'Bottleneck'}, layers {counts}"
    if groups > 1 or width_per_group != 64:
        how += f", groups={groups}, width_per_group={width_per_group}"
    extra = (
        "# Each stage is one block use, as _make_layer builds it: the first copy strides (from layer2)\n"
        "# and projects its skip (downsample) when the shape changes."
    )
    if block == "bottleneck":
        extra += "\n# width = planes · width_per_group/64 · groups; the block's output is planes · 4."
        blocks = BOTTLENECK.format(
            grouped=f", in {groups} groups" if groups > 1 else "",
            groups=f" groups: {groups}," if groups > 1 else "",
        )
    else:
        blocks = BASIC
    lines = []
    for stage, (planes, count) in enumerate(zip([64, 128, 256, 512], counts, strict=True), start=1):
        first = ["stride: 2"] if stage > 1 else []
        if block == "basic":
            fields = f"filters: {planes}"
            if stage > 1:
                first.append("downsample: true")
        else:
            width = planes * width_per_group // 64 * groups
            fields = f"width: {width}, filters: {planes * 4}"
            first.append("downsample: true")
        given = f", first: {{{', '.join(first)}}}" if first else ""
        lines.append(f"  - {{block: {block}, {fields}, repeat: {count}{given}, name: layer{stage}}}")
    body = "\n" + blocks + "\n" + STEM + "\n".join(lines) + "\n" + HEAD
    return header(builder, how, extra) + body + expect(builder)


# --- DenseNet ----------------------------------------------------------------------------------------

DENSE_BLOCKS = """\
blocks:
  dense_layer:                 # torchvision's _DenseLayer: BN-ReLU-1×1 conv (bn_size·k), BN-ReLU-3×3 conv (k),
    layers:                    # its output joined to its input: the block's features so far
      - {{type: batchnorm, name: norm1}}
      - {{type: relu, inplace: true, name: relu1}}
      - {{type: conv2d, filters: {bottleneck}, kernel: 1, bias: false, name: conv1}}
      - {{type: batchnorm, name: norm2}}
      - {{type: relu, inplace: true, name: relu2}}
      - {{type: conv2d, filters: {growth}, kernel: 3, padding: 1, bias: false, name: conv2}}
      - {{type: concat, inputs: [input, conv2], name: cat}}
  transition:                  # torchvision's _Transition: BN-ReLU-1×1 halving the channels, 2×2 average
    params: {{filters: null}}
    layers:
      - {{type: batchnorm, name: norm}}
      - {{type: relu, inplace: true, name: relu}}
      - {{type: conv2d, filters: "${{filters}}", kernel: 1, bias: false, name: conv}}
      - {{type: avgpool, kernel: 2, stride: 2, name: pool}}
"""
# builder → (growth_rate k, block_config, num_init_features); bn_size is 4 for all.
DENSENETS: dict[str, tuple[int, list[int], int]] = {
    "densenet121": (32, [6, 12, 24, 16], 64),
    "densenet161": (48, [6, 12, 36, 24], 96),
    "densenet169": (32, [6, 12, 32, 32], 64),
    "densenet201": (32, [6, 12, 48, 32], 64),
}


def densenet(builder: str) -> str:
    growth, config, init = DENSENETS[builder]
    how = f"growth_rate={growth}, block_config={tuple(config)}, num_init_features={init}"
    extra = (
        "# features.denseblockN.denselayerM is one repeat numbered from denselayer1 (start:); after each\n"
        "# dense block but the last, a transition halves the channels (the count it reaches, written out)."
    )
    lines = [
        "layers:",
        f"  - {{type: conv2d, filters: {init}, kernel: 7, stride: 2, padding: 3, bias: false, name: features.conv0}}",
        "  - {type: batchnorm, name: features.norm0}",
        "  - {type: relu, inplace: true, name: features.relu0}",
        "  - {type: maxpool, kernel: 3, stride: 2, padding: 1, name: features.pool0}",
    ]
    channels = init
    for number, count in enumerate(config, start=1):
        channels += count * growth
        lines.append(
            f"  - {{block: dense_layer, repeat: {count}, start: denselayer1, name: features.denseblock{number}}}"
            f"   # → {channels} channels"
        )
        if number < len(config):
            channels //= 2
            lines.append(f"  - {{block: transition, filters: {channels}, name: features.transition{number}}}")
    lines += [
        "  - {type: batchnorm, name: features.norm5}",
        "  - {type: relu, inplace: true, name: relu}   # F.relu(features, inplace=True) in forward()",
        "  - {type: adaptive_avgpool, output_size: [1, 1], name: avgpool}",
        "  - {type: flatten}",
        "  - {type: linear, units: 1000, name: classifier}",
    ]
    blocks = DENSE_BLOCKS.format(bottleneck=4 * growth, growth=growth)
    return header(builder, how, extra) + "\n" + blocks + "\n" + "\n".join(lines) + "\n" + expect(builder)


def specs() -> dict[str, str]:
    written = {"alexnet": alexnet()}
    written |= {name: vgg(name) for cfg in VGG_CFGS for name in (cfg, f"{cfg}_bn")}
    written |= {name: resnet(name) for name in RESNETS}
    written |= {name: densenet(name) for name in DENSENETS}
    return written


def main() -> int:
    ZOO.mkdir(exist_ok=True)
    for name, text in specs().items():
        (ZOO / f"{name}.yaml").write_text(text, encoding="utf-8")
        print(f"zoo/{name}.yaml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
