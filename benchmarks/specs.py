"""The specs the benchmark generates: chains and graphs of any length, many small specs, a spec
whose layers carry long notes, and networks of torchvision's shapes written with ``blocks:``.

Each function returns a spec's YAML text; ``tests/test_benchmarks.py`` checks every one computes.
"""

from __future__ import annotations

import math

# The layers a generated chain cycles through: every one keeps the 16×32×32 shape.
CHAIN_CYCLE = (
    "  - {type: conv2d, filters: 16, kernel: 3, padding: 1}\n",
    "  - {type: batchnorm}\n",
    "  - {type: relu}\n",
    "  - {type: maxpool, kernel: 3, stride: 1, padding: 1}\n",
)

# Three layers that come back to 16×8×8, two of them noted: a stride that does not fit
# ((8 + 2 − 3)/2 + 1 = 4.5 → 4) and a dense layer on a non-flat input (read per position).
NOTED_CYCLE = (
    "  - {type: conv2d, filters: 16, kernel: 3, stride: 2, padding: 1, name: downsampling_conv_%d}\n",
    "  - {type: conv_transpose2d, filters: 16, kernel: 2, stride: 2, name: upsampling_conv_%d}\n",
    "  - {type: dense, units: 16, name: dense_on_every_position_%d}\n",
)

# DenseNet-121 (Huang et al. 2017; torchvision.models.densenet121): growth 32, bottleneck 4·32.
DENSENET121_BLOCKS = (6, 12, 24, 16)
DENSENET_GROWTH = 32
DENSENET_STEM = 64

# EfficientNet-B0's stages (Tan & Le 2019, Table 1; torchvision's _efficientnet_conf):
# (expand ratio t, kernel, stride, output channels, repeats).
EFFICIENTNET_B0_STAGES = (
    (1, 3, 1, 16, 1),
    (6, 3, 2, 24, 2),
    (6, 5, 2, 40, 2),
    (6, 3, 2, 80, 3),
    (6, 5, 1, 112, 3),
    (6, 5, 2, 192, 4),
    (6, 3, 1, 320, 1),
)
EFFICIENTNET_STEM = 32
EFFICIENTNET_HEAD = 1280


def chain_spec(layers: int) -> str:
    """A chain of ``layers`` layers that all keep the shape 16×32×32."""
    body = "".join(CHAIN_CYCLE[i % len(CHAIN_CYCLE)] for i in range(layers))
    return f"name: chain of {layers}\ninput: [16, 32, 32]\nlayers:\n{body}"


def graph_spec(layers: int) -> str:
    """Residual blocks of four layers (conv, relu, conv, add), the add taking the block's input."""
    lines = ["  - {type: conv2d, filters: 16, kernel: 3, padding: 1, name: s0}\n"]
    block = 0
    while len(lines) + 4 <= layers:
        block += 1
        lines += [
            "  - {type: conv2d, filters: 16, kernel: 3, padding: 1}\n",
            "  - {type: relu}\n",
            f"  - {{type: conv2d, filters: 16, kernel: 3, padding: 1, name: c{block}}}\n",
            f"  - {{type: add, inputs: [s{block - 1}, c{block}], name: s{block}}}\n",
        ]
    lines += [CHAIN_CYCLE[2]] * (layers - len(lines))
    return f"name: graph of {layers}\ninput: [16, 32, 32]\nlayers:\n{''.join(lines)}"


def noted_spec(layers: int) -> str:
    """A chain on 16×8×8 whose layers carry long notes, with long names (two of every three
    layers are noted; each dense layer also adds a paragraph under the table)."""
    body = "".join(NOTED_CYCLE[i % 3] % (i // 3) for i in range(layers))
    return f"name: noted chain of {layers}\ninput: [16, 8, 8]\nlayers:\n{body}"


def small_spec(seed: int) -> str:
    """One of many small, different, valid specs (a LeNet-like net with varied sizes)."""
    size = 28 + seed % 8
    filters = 4 + seed % 13
    kernel = 3 + 2 * (seed % 2)
    return (
        f"name: net {seed}\ninput: [{1 + seed % 3}, {size}, {size}]\nlayers:\n"
        f"  - {{type: conv2d, filters: {filters}, kernel: {kernel}, padding: {kernel // 2}}}\n"
        "  - {type: relu}\n  - {type: maxpool, kernel: 2}\n"
        f"  - {{type: conv2d, filters: {2 * filters}, kernel: 3}}\n"
        "  - {type: batchnorm}\n  - {type: flatten}\n"
        f"  - {{type: dense, units: {32 + seed % 64}}}\n  - {{type: dense, units: 10}}\n"
    )


_DENSENET_BLOCKS = """\
blocks:
  dense_layer:                 # torchvision's _DenseLayer; the concat keeps every earlier feature
    layers:
      - {type: batchnorm, name: norm1}
      - {type: relu, name: relu1}
      - {type: conv2d, filters: %(bottleneck)d, kernel: 1, bias: false, name: conv1}
      - {type: batchnorm, name: norm2}
      - {type: relu, name: relu2}
      - {type: conv2d, filters: %(growth)d, kernel: 3, padding: 1, bias: false, name: conv2}
      - {type: concat, inputs: [input, conv2], name: concat}
  transition:                  # torchvision's _Transition: halves the channels and the size
    params: {filters: null}
    layers:
      - {type: batchnorm, name: norm}
      - {type: relu, name: relu}
      - {type: conv2d, filters: "${filters}", kernel: 1, bias: false, name: conv}
      - {type: avgpool, kernel: 2, stride: 2, name: pool}
"""


def densenet121_spec(blocks: tuple[int, ...] = DENSENET121_BLOCKS) -> str:
    """DenseNet-121 as torchvision builds it: dense blocks of bn-relu-conv1×1-bn-relu-conv3×3 and
    a ``concat`` with the block's input, a transition after every block but the last."""
    lines = [
        "name: DenseNet-121 (generated)\ninput: [3, 224, 224]\n",
        _DENSENET_BLOCKS % {"bottleneck": 4 * DENSENET_GROWTH, "growth": DENSENET_GROWTH},
        "layers:\n",
        "  - {type: conv2d, filters: 64, kernel: 7, stride: 2, padding: 3, bias: false, name: conv0}\n",
        "  - {type: batchnorm, name: norm0}\n  - {type: relu, name: relu0}\n",
        "  - {type: maxpool, kernel: 3, stride: 2, padding: 1, name: pool0}\n",
    ]
    channels = DENSENET_STEM
    for number, count in enumerate(blocks, start=1):
        lines.append(f"  - {{block: dense_layer, repeat: {count}, name: denseblock{number}}}\n")
        channels += count * DENSENET_GROWTH
        if number < len(blocks):
            channels //= 2
            lines.append(f"  - {{block: transition, filters: {channels}, name: transition{number}}}\n")
    lines.append(
        "  - {type: batchnorm, name: norm5}\n  - {type: relu}\n"
        "  - {type: adaptive_avgpool, output_size: [1, 1]}\n  - {type: flatten}\n"
        "  - {type: linear, units: 1000, name: classifier}\n"
    )
    return "".join(lines)


# torchvision's MBConv without its squeeze-and-excitation: SE multiplies the features by a
# per-channel gate, and cnncalc has no `multiply` kind yet, so the SE layers are left out.
_EFFICIENTNET_BLOCKS = """\
blocks:
  mbconv:                      # expand 1×1, depthwise k×k, project 1×1, skip when shapes allow
    params: {hidden: null, filters: null, kernel: 3, padding: 1, stride: 1, expand: true, residual: true}
    layers:
      - {type: conv2d, filters: "${hidden}", kernel: 1, bias: false, name: expand, when: "${expand}"}
      - {type: batchnorm, name: expand_bn, when: "${expand}"}
      - {type: silu, name: expand_silu, when: "${expand}"}
      - {type: depthwise_conv2d, kernel: "${kernel}", stride: "${stride}", padding: "${padding}",
         bias: false, name: depthwise}
      - {type: batchnorm, name: depthwise_bn}
      - {type: silu, name: depthwise_silu}
      - {type: conv2d, filters: "${filters}", kernel: 1, bias: false, name: project}
      - {type: batchnorm, name: project_bn}
      - {type: add, inputs: [project_bn, input], name: add, when: "${residual}"}
"""


def efficientnet_spec(depth: float = 1.0) -> str:
    """EfficientNet-B0's MBConv stages (without squeeze-and-excitation); ``depth`` multiplies
    every stage's repeats as EfficientNet's compound scaling does (⌈n·depth⌉; B7's is 3.1)."""
    name = "EfficientNet-B0" if depth == 1.0 else f"EfficientNet-B0 at depth ×{depth}"
    lines = [
        f"name: {name} (generated, no SE)\ninput: [3, 224, 224]\n",
        _EFFICIENTNET_BLOCKS,
        "layers:\n",
        f"  - {{type: conv2d, filters: {EFFICIENTNET_STEM}, kernel: 3, stride: 2, padding: 1,"
        " bias: false, name: stem}\n",
        "  - {type: batchnorm, name: stem_bn}\n  - {type: silu, name: stem_silu}\n",
    ]
    channels = EFFICIENTNET_STEM
    for number, (expand, kernel, stride, filters, repeats) in enumerate(EFFICIENTNET_B0_STAGES, start=1):
        # The first copy changes the shape (no skip); the others keep it (skip).
        first = f"hidden: {channels * expand}, stride: {stride}, residual: false"
        lines.append(
            f"  - {{block: mbconv, name: stage{number}, repeat: {math.ceil(repeats * depth)},"
            f" filters: {filters}, hidden: {filters * expand}, kernel: {kernel},"
            f" padding: {kernel // 2}, expand: {'true' if expand > 1 else 'false'},"
            f" first: {{{first}}}}}\n"
        )
        channels = filters
    lines.append(
        f"  - {{type: conv2d, filters: {EFFICIENTNET_HEAD}, kernel: 1, bias: false, name: head}}\n"
        "  - {type: batchnorm, name: head_bn}\n  - {type: silu, name: head_silu}\n"
        "  - {type: adaptive_avgpool, output_size: [1, 1]}\n  - {type: flatten}\n"
        "  - {type: dropout, rate: 0.2}\n  - {type: linear, units: 1000, name: classifier}\n"
    )
    return "".join(lines)
