"""An independent reference for cnncalc's numbers, computed by PyTorch itself.

It shares no code with cnncalc: the spec is read with ``yaml.safe_load``, each layer is built as a
``torch.nn`` module, a batch of one zero tensor goes through the network, and the shapes come from
the tensors, the parameter counts from ``module.parameters()`` and ``module.buffers()``, and the
MACs from PyTorch's ``FlopCounterMode`` (half its FLOPs).

    /work/torchenv/bin/python tools/reference.py specs/*.yaml       # writes tests/reference/<stem>.json
    /work/torchenv/bin/python tools/reference.py --stdout specs/lenet5.yaml

Conventions where the frameworks differ, each chosen as the spec format documents it:
- ``dense`` on a non-flat input acts on the channel axis at every position (Keras' Dense): the
  channels are moved last, ``nn.Linear`` applied, and moved back; ``reading: flatten`` (and the
  type ``affine``, the book's Affine) flattens first, ``reading: last_axis`` is ``nn.Linear``
  itself on the last axis.
- ``layout: channels_last`` at the top: a list ``input`` is ``[*spatial, C]``.
- ``batchnorm`` counts the running mean and variance as non-trainable parameters (Keras' count);
  ``num_batches_tracked`` is PyTorch bookkeeping and is not counted.
- ``padding: same`` is TensorFlow's: ⌈N/S⌉ with the odd pixel after; with stride 1 PyTorch's own
  ``padding='same'`` is used, otherwise the padding is computed and applied with ``F.pad``.
- a trainable ``avgpool`` is LeNet-5's subsampling: average, then a weight and a bias per channel.
- ``upsample`` is ``nn.Upsample``; under Keras' spellings (``UpSampling2D``) ``size`` is the factor
  (default 2), else the output size. ``layernorm`` without ``normalized_shape`` normalises the
  channels at each position (ConvNeXt's LayerNorm2d, Keras' LayerNormalization); ``instancenorm``
  has PyTorch's defaults, and its tracked running statistics count as batch norm's.

Graphs: every layer's output is kept in ``tensors`` under its name, and a builder receives the list
of its input shapes: ``add`` sums them, ``concat`` joins them on the channel axis (``torch.cat``).

Blocks are expanded here by ``expand_blocks``, written from the README's description and not from
cnncalc's code: ``${param}`` substitution, ``repeat`` (copies named ``<name>.0``, ``<name>.1``…),
``start`` (copies numbered from an integer or a name ending in one: ``denselayer1``,
``denselayer2``…; several uses so numbered may share a name), ``first`` (parameters of the first
copy), ``when: false`` (the layer is dropped and its name means its input), ``inputs`` inside a
block naming the block's layers or its declared inputs.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
import yaml
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

# An even kernel with padding='same' makes PyTorch copy the input; harmless for shapes.
warnings.filterwarnings("ignore", message="Using padding='same'")

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "reference"

# --- reading a spec (plain data; deliberately not cnncalc's loader) ------------------------------

TYPE_NAMES = {
    "conv": ["conv", "convolution"],
    "conv_transpose": ["convtranspose", "deconv", "deconvolution", "transposedconv", "convtransposend"],
    "depthwise_conv": ["depthwiseconv", "depthwise"],
    "separable_conv": ["separableconv", "separable"],
    "maxpool": ["maxpool", "maxpooling"],
    "avgpool": ["avgpool", "averagepooling", "avgpooling"],
    "global_avgpool": ["globalavgpool", "globalaveragepooling"],
    "global_maxpool": ["globalmaxpool", "globalmaxpooling"],
    "adaptive_avgpool": ["adaptiveavgpool"],
    "adaptive_maxpool": ["adaptivemaxpool"],
    "flatten": ["flatten"],
    "reshape": ["reshape", "view"],
    "dense": ["dense", "linear", "fc", "affine", "fullyconnected"],
    "dropout": ["dropout"],
    "activation": [
        "activation",
        "relu",
        "tanh",
        "sigmoid",
        "softmax",
        "leakyrelu",
        "gelu",
        "elu",
        "relu6",
        "hardsigmoid",
        "hardswish",
        "silu",
    ],
    "lrn": ["lrn", "localresponsenorm"],
    "batchnorm": ["batchnorm", "batchnormalization"],
    "zero_padding": ["zeropadding", "zeropad"],
    "pixel_shuffle": ["pixelshuffle"],
    # kinds-b
    "pixel_unshuffle": ["pixelunshuffle"],
    "upsample": ["upsample", "interpolate", "upsampling", "upsamplingnearest", "upsamplingbilinear"],
    "layernorm": ["layernorm", "layernormalization"],
    "groupnorm": ["groupnorm", "groupnormalization"],
    "instancenorm": ["instancenorm", "instancenormalization"],
    "scale": ["scale", "layerscale"],
    "add": ["add", "sum", "residual"],
    "concat": ["concat", "concatenate", "cat"],
    # kinds-a
    "multiply": ["multiply", "mul", "product"],
    "split": ["split", "chunk"],
    "channel_shuffle": ["channelshuffle"],
    "stochastic_depth": ["stochasticdepth", "droppath"],
    # convnext
    "permute": ["permute"],
}
KIND_OF = {spelling: kind for kind, spellings in TYPE_NAMES.items() for spelling in spellings}
FIELD_NAMES = {
    "kernel_size": "kernel",
    "pool_size": "kernel",
    "strides": "stride",
    "out_channels": "filters",
    "out_features": "units",
    "dilation_rate": "dilation",
    "use_bias": "bias",
    "p": "rate",
    "interpolation": "mode",
    "num_groups": "groups",
    "permutation": "dims",
}


def layer_kind(raw_type: str) -> tuple[str, str]:
    """``'MaxPool2d'`` → ``('maxpool', 'maxpool')``; the second is the activation's own name."""
    squashed = raw_type.lower().replace("_", "").replace("-", "")
    squashed = re.sub(r"([123])d", "", squashed, count=1)
    return KIND_OF[squashed], squashed


def input_shape(value: Any) -> list[int]:
    if isinstance(value, list):
        return [int(v) for v in value]
    sizes = [value.get(key) for key in ("length", "depth", "height", "width")]
    return [int(value["channels"]), *(int(s) for s in sizes if s is not None)]


def normalised(layer: dict[str, Any]) -> dict[str, Any]:
    return {FIELD_NAMES.get(key, key): value for key, value in layer.items()}


# --- one builder per layer kind ------------------------------------------------------------------
# A builder takes the layer's fields and its input shapes (channels-first, no batch) and returns a
# module whose forward takes the input tensors.


def per_dim(value: Any, rank: int) -> tuple[int, ...]:
    return tuple(value) if isinstance(value, list) else (int(value),) * rank


def conv_class(rank: int, transpose: bool = False) -> type[nn.Module]:
    if transpose:
        return {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d, 3: nn.ConvTranspose3d}[rank]
    return {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}[rank]


class Single(nn.Module):
    """Wrap a one-input module so every built module takes a list of inputs."""

    def __init__(self, inner: nn.Module, before: Callable[[torch.Tensor], torch.Tensor] | None = None):
        super().__init__()
        self.inner = inner
        self.before = before

    def forward(self, inputs: list[torch.Tensor]) -> torch.Tensor:
        (x,) = inputs
        if self.before is not None:
            x = self.before(x)
        return self.inner(x)


def tf_same_pad(
    spatial: list[int], kernel: tuple[int, ...], stride: tuple[int, ...], dilation: tuple[int, ...]
):
    """TensorFlow's 'same': out = ⌈N/S⌉, total padding split with the odd one after."""
    pads: list[int] = []
    for n, k, s, d in reversed(list(zip(spatial, kernel, stride, dilation, strict=True))):
        total = max((math.ceil(n / s) - 1) * s + d * (k - 1) + 1 - n, 0)
        pads += [total // 2, total - total // 2]  # F.pad lists the last dimension first
    return lambda x: F.pad(x, pads)


def windowed(
    cfg: dict[str, Any], shape: list[int], make: Callable[[Any], nn.Module], is_pool: bool = False
) -> nn.Module:
    """A conv or pool whose ``padding`` may be 'same' or 'valid'."""
    rank = len(shape) - 1
    padding = cfg.get("padding", 0)
    if isinstance(padding, str) and padding.lower() == "valid":
        return Single(make(0))
    if isinstance(padding, str) and padding.lower() == "same":
        kernel = per_dim(cfg["kernel"], rank)
        default_stride = cfg["kernel"] if is_pool else 1
        stride = per_dim(cfg.get("stride") or default_stride, rank)
        dilation = per_dim(cfg.get("dilation", 1), rank)
        if set(stride) == {1} and not is_pool:
            return Single(make("same"))
        return Single(make(0), before=tf_same_pad(shape[1:], kernel, stride, dilation))
    return Single(make(per_dim(padding, rank)))


def build_conv(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    rank = len(shape) - 1
    return windowed(
        cfg,
        shape,
        lambda padding: conv_class(rank)(
            shape[0],
            cfg["filters"],
            per_dim(cfg["kernel"], rank),
            stride=per_dim(cfg.get("stride", 1), rank),
            padding=padding,
            dilation=per_dim(cfg.get("dilation", 1), rank),
            groups=cfg.get("groups", 1),
            bias=cfg.get("bias", True),
        ),
    )


class KerasSameTranspose(nn.Module):
    """Keras' Conv2DTranspose(padding='same') gives N·S: crop (or zero-pad) the full output to it."""

    def __init__(self, inner: nn.Module, target: list[int]):
        super().__init__()
        self.inner = inner
        self.target = target

    def forward(self, inputs: list[torch.Tensor]) -> torch.Tensor:
        (x,) = inputs
        y = self.inner(x)
        for axis, size in enumerate(self.target):
            dim = 2 + axis
            if y.shape[dim] > size:
                extra = y.shape[dim] - size
                y = y.narrow(dim, extra // 2, size)
            elif y.shape[dim] < size:
                pad = [0, 0] * (y.dim() - dim - 1) + [0, size - y.shape[dim]]
                y = F.pad(y, pad)
        return y


def build_conv_transpose(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    rank = len(shape) - 1
    padding = cfg.get("padding", 0)
    same = isinstance(padding, str) and padding.lower() == "same"
    numeric = 0 if isinstance(padding, str) else per_dim(padding, rank)
    module = conv_class(rank, transpose=True)(
        shape[0],
        cfg["filters"],
        per_dim(cfg["kernel"], rank),
        stride=per_dim(cfg.get("stride", 1), rank),
        padding=numeric,
        output_padding=per_dim(cfg.get("output_padding", 0), rank),
        dilation=per_dim(cfg.get("dilation", 1), rank),
        groups=cfg.get("groups", 1),
        bias=cfg.get("bias", True),
    )
    if same:
        stride = per_dim(cfg.get("stride", 1), rank)
        return KerasSameTranspose(module, [n * s for n, s in zip(shape[1:], stride, strict=True)])
    return Single(module)


def build_depthwise(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    channels = shape[0]
    out = channels * cfg.get("depth_multiplier", 1)
    conv = {**cfg, "filters": out, "groups": channels}
    return build_conv(conv, shapes)


class Chain(nn.Module):
    def __init__(self, *steps: nn.Module):
        super().__init__()
        self.steps = nn.ModuleList(steps)

    def forward(self, inputs: list[torch.Tensor]) -> torch.Tensor:
        x = inputs
        for step in self.steps:
            x = [step(x)]
        return x[0]


def build_separable(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    rank = len(shape) - 1
    depth = shape[0] * cfg.get("depth_multiplier", 1)
    depthwise = build_conv({**cfg, "filters": depth, "groups": shape[0], "bias": False}, shapes)
    pointwise = Single(conv_class(rank)(depth, cfg["filters"], 1, bias=cfg.get("bias", True)))
    return Chain(depthwise, pointwise)


class Subsampling(nn.Module):
    """LeNet-5's S2/S4: average, then a trainable coefficient and bias per channel (2·C)."""

    def __init__(self, pool: nn.Module, channels: int, rank: int):
        super().__init__()
        self.pool = pool
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.view = (1, channels) + (1,) * rank

    def forward(self, inputs: list[torch.Tensor]) -> torch.Tensor:
        y = self.pool(inputs)
        return y * self.weight.view(self.view) + self.bias.view(self.view)


def build_pool(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    rank = len(shape) - 1
    is_max = cfg["_kind"] == "maxpool"
    kernel = per_dim(cfg["kernel"], rank)
    stride = per_dim(cfg["stride"], rank) if cfg.get("stride") is not None else kernel

    def make(padding: Any) -> nn.Module:
        if is_max:
            cls = {1: nn.MaxPool1d, 2: nn.MaxPool2d, 3: nn.MaxPool3d}[rank]
            return cls(
                kernel,
                stride,
                padding,
                dilation=per_dim(cfg.get("dilation", 1), rank),
                ceil_mode=cfg.get("ceil_mode", False),
            )
        cls = {1: nn.AvgPool1d, 2: nn.AvgPool2d, 3: nn.AvgPool3d}[rank]
        return cls(kernel, stride, padding, ceil_mode=cfg.get("ceil_mode", False))

    pool = windowed(cfg, shape, make, is_pool=True)
    if cfg.get("trainable", False):
        return Subsampling(pool, shape[0], rank)
    return pool


def build_global_pool(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    rank = len(shapes[0]) - 1
    if cfg["_kind"] == "global_maxpool":
        pool = {1: nn.AdaptiveMaxPool1d, 2: nn.AdaptiveMaxPool2d, 3: nn.AdaptiveMaxPool3d}[rank](1)
    else:
        pool = {1: nn.AdaptiveAvgPool1d, 2: nn.AdaptiveAvgPool2d, 3: nn.AdaptiveAvgPool3d}[rank](1)
    return Chain(Single(pool), Single(nn.Flatten()))


def build_adaptive_pool(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    rank = len(shapes[0]) - 1
    size = per_dim(cfg["output_size"], rank)
    if cfg["_kind"] == "adaptive_maxpool":
        return Single({1: nn.AdaptiveMaxPool1d, 2: nn.AdaptiveMaxPool2d, 3: nn.AdaptiveMaxPool3d}[rank](size))
    return Single({1: nn.AdaptiveAvgPool1d, 2: nn.AdaptiveAvgPool2d, 3: nn.AdaptiveAvgPool3d}[rank](size))


def build_flatten(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(nn.Flatten())


class Reshaped(nn.Module):
    """torch.reshape to ``sizes`` after the batch axis (-1 inferred by torch itself)."""

    def __init__(self, sizes: list[int]):
        super().__init__()
        self.sizes = sizes

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.sizes)


def build_reshape(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    # ONNX's and PyTorch's 0 (copy the input's size on that axis), which torch.reshape lacks.
    sizes = [shapes[0][i] if s == 0 else int(s) for i, s in enumerate(cfg["shape"])]
    return Single(Reshaped(sizes))


class ChannelsLast(nn.Module):
    """Keras' Dense on a non-flat input: the same weights on the channels at every position."""

    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner = inner

    def forward(self, inputs: list[torch.Tensor]) -> torch.Tensor:
        (x,) = inputs
        return self.inner(x.movedim(1, -1)).movedim(-1, 1)


def build_dense(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    bias = cfg.get("bias", True)
    reading = cfg.get("reading", "flatten" if layer_kind(cfg["type"])[1] == "affine" else "channels")
    if len(shape) > 1 and reading == "flatten":
        return Single(nn.Sequential(nn.Flatten(), nn.Linear(math.prod(shape), cfg["units"], bias=bias)))
    if len(shape) > 1 and reading == "last_axis":
        return Single(nn.Linear(shape[-1], cfg["units"], bias=bias))
    linear = nn.Linear(shape[0], cfg["units"], bias=bias)
    return Single(linear) if len(shape) == 1 else ChannelsLast(linear)


ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "softmax": lambda: nn.Softmax(dim=1),
    "leakyrelu": nn.LeakyReLU,
    "gelu": nn.GELU,
    "elu": nn.ELU,
    "relu6": nn.ReLU6,
    "hardsigmoid": nn.Hardsigmoid,
    "hardswish": nn.Hardswish,
    "silu": nn.SiLU,
}


def build_activation(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    name = cfg["_name"] if cfg["_name"] != "activation" else str(cfg.get("function") or "relu")
    return Single(ACTIVATIONS[name.lower().replace("_", "")]())


def build_dropout(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(nn.Dropout(cfg.get("rate", 0.5)))


def build_lrn(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(
        nn.LocalResponseNorm(
            cfg.get("size", 5), cfg.get("alpha", 1e-4), cfg.get("beta", 0.75), cfg.get("k", 1.0)
        )
    )


def build_batchnorm(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    cls = {0: nn.BatchNorm1d, 1: nn.BatchNorm1d, 2: nn.BatchNorm2d, 3: nn.BatchNorm3d}[len(shape) - 1]
    return Single(cls(shape[0], affine=cfg.get("affine", True)))


def build_zero_padding(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    rank = len(shapes[0]) - 1
    pads: list[int] = []
    for p in reversed(per_dim(cfg.get("padding", 1), rank)):
        pads += [p, p]
    return Single(nn.Identity(), before=lambda x: F.pad(x, pads))


def build_pixel_shuffle(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(nn.PixelShuffle(int(cfg["upscale_factor"])))


# --- kinds-b: pixel unshuffle, upsampling, the normalisations, layer scale (from the frameworks'
# documentation: nn.Upsample, Keras' UpSampling2D, nn.LayerNorm, ConvNeXt's LayerNorm2d,
# nn.GroupNorm, nn.InstanceNorm2d, ConvNeXt's layer_scale) ----------------------------------------


def build_pixel_unshuffle(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(nn.PixelUnshuffle(int(cfg["downscale_factor"])))


def squashed_type(cfg: dict[str, Any]) -> str:
    return str(cfg["type"]).lower().replace("_", "").replace("-", "")


def build_upsample(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    """nn.Upsample; under Keras' spelling (UpSampling1D/2D/3D) ``size`` is the factor, default 2."""
    rank = len(shapes[0]) - 1
    keras_spelling = re.fullmatch(r"upsampling([123]d)?", squashed_type(cfg)) is not None
    size_is = cfg.get("size_is") or ("factor" if keras_spelling else "output")
    mode = cfg.get("mode", "nearest")
    align = cfg.get("align_corners")
    if squashed_type(cfg).startswith("upsamplingbilinear"):
        mode, align = "bilinear", True
    if "scale_factor" in cfg:
        given = cfg["scale_factor"]
        factor = tuple(float(v) for v in given) if isinstance(given, list) else float(given)
        return Single(nn.Upsample(scale_factor=factor, mode=mode, align_corners=align))
    if size_is == "factor":
        factor = tuple(float(v) for v in per_dim(cfg.get("size", 2), rank))
        return Single(nn.Upsample(scale_factor=factor, mode=mode, align_corners=align))
    return Single(nn.Upsample(size=per_dim(cfg["size"], rank), mode=mode, align_corners=align))


class ChannelsLayerNorm(nn.Module):
    """ConvNeXt's LayerNorm2d: nn.LayerNorm over the channels at each position."""

    def __init__(self, channels: int, **options: Any):
        super().__init__()
        self.norm = nn.LayerNorm(channels, **options)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(x.movedim(1, -1)).movedim(-1, 1)


def build_layernorm(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    options = {"elementwise_affine": cfg.get("elementwise_affine", True), "bias": cfg.get("bias", True)}
    given = cfg.get("normalized_shape")
    if given is not None:
        return Single(nn.LayerNorm(given if isinstance(given, list) else [given], **options))
    if len(shape) == 1:
        return Single(nn.LayerNorm(shape[0], **options))
    return Single(ChannelsLayerNorm(shape[0], **options))


def build_groupnorm(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(nn.GroupNorm(int(cfg["groups"]), shapes[0][0], affine=cfg.get("affine", True)))


def build_instancenorm(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    (shape,) = shapes
    cls = {1: nn.InstanceNorm1d, 2: nn.InstanceNorm2d, 3: nn.InstanceNorm3d}[len(shape) - 1]
    tracked = cfg.get("track_running_stats", False)
    return Single(cls(shape[0], affine=cfg.get("affine", False), track_running_stats=tracked))


class LayerScale(nn.Module):
    """ConvNeXt's layer scale: ``x * gamma`` with gamma of shape (C, 1, 1)."""

    def __init__(self, channels: int, rank: int):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels, *([1] * rank)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gamma


def build_scale(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(LayerScale(shapes[0][0], len(shapes[0]) - 1))


class Merge(nn.Module):
    """``add``: the element-wise sum of the inputs; ``multiply``: their product (both with
    PyTorch's broadcasting, on inputs of one rank: the README's rule); ``concat``: ``torch.cat``
    on the channels."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def forward(self, inputs: list[torch.Tensor]) -> torch.Tensor:
        if self.kind in ("add", "multiply"):
            if any(x.dim() != inputs[0].dim() for x in inputs):  # the batch axis would meet a feature axis
                raise ValueError(f"{self.kind} of shapes {[list(x.shape) for x in inputs]}")
            total = inputs[0]
            for x in inputs[1:]:
                total = total + x if self.kind == "add" else total * x
            return total
        return torch.cat(inputs, dim=1)


def build_merge(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Merge(cfg["_kind"])


# --- kinds-a: split, channel shuffle, stochastic depth --------------------------------------------


class Split(nn.Module):
    """``torch.chunk(x, chunks, dim=1)`` or ``torch.split(x, sizes, dim=1)``: a tuple of parts."""

    def __init__(self, chunks: int | None, sizes: list[int] | None):
        super().__init__()
        self.chunks = chunks
        self.sizes = sizes

    def forward(self, inputs: list[torch.Tensor]) -> tuple[torch.Tensor, ...]:
        (x,) = inputs
        if self.sizes is not None:
            return torch.split(x, self.sizes, dim=1)
        parts = torch.chunk(x, self.chunks, dim=1)
        if len(parts) != self.chunks:
            raise ValueError(f"torch.chunk gave {len(parts)} parts, not {self.chunks}")
        return parts


def build_split(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Split(cfg.get("chunks"), cfg.get("sizes"))


def build_channel_shuffle(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(nn.ChannelShuffle(int(cfg["groups"])))


def build_stochastic_depth(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    """torchvision.ops.StochasticDepth where torchvision imports (the identity in eval mode)."""
    try:
        sys.modules.setdefault("torchvision._meta_registrations", types.ModuleType("stub"))
        from torchvision.ops import StochasticDepth
    except ImportError:
        return Single(nn.Identity())
    return Single(StochasticDepth(float(cfg["rate"]), str(cfg.get("mode", "row"))))


class Permute(nn.Module):
    """torchvision.ops.misc.Permute: ``torch.permute(x, dims)``, dims with the batch axis."""

    def __init__(self, dims: list[int]):
        super().__init__()
        self.dims = dims

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.permute(x, self.dims)


def build_permute(cfg: dict[str, Any], shapes: list[list[int]]) -> nn.Module:
    return Single(Permute([int(d) for d in cfg["dims"]]))


def part_names(layer: dict[str, Any], local: str) -> list[str]:
    """A split's parts as the README names them: ``outputs``, else ``<name>.0``, ``<name>.1``…"""
    if layer.get("outputs"):
        return [str(part) for part in layer["outputs"]]
    count = len(layer["sizes"]) if layer.get("sizes") is not None else int(layer["chunks"])
    return [f"{local}.{k}" for k in range(count)]


Builder = Callable[[dict[str, Any], list[list[int]]], nn.Module]
BUILDERS: dict[str, Builder] = {
    "conv": build_conv,
    "conv_transpose": build_conv_transpose,
    "depthwise_conv": build_depthwise,
    "separable_conv": build_separable,
    "maxpool": build_pool,
    "avgpool": build_pool,
    "global_avgpool": build_global_pool,
    "global_maxpool": build_global_pool,
    "adaptive_avgpool": build_adaptive_pool,
    "adaptive_maxpool": build_adaptive_pool,
    "flatten": build_flatten,
    "reshape": build_reshape,
    "dense": build_dense,
    "dropout": build_dropout,
    "activation": build_activation,
    "lrn": build_lrn,
    "batchnorm": build_batchnorm,
    "zero_padding": build_zero_padding,
    "pixel_shuffle": build_pixel_shuffle,
    "pixel_unshuffle": build_pixel_unshuffle,
    "upsample": build_upsample,
    "layernorm": build_layernorm,
    "groupnorm": build_groupnorm,
    "instancenorm": build_instancenorm,
    "scale": build_scale,
    "add": build_merge,
    "concat": build_merge,
    "multiply": build_merge,
    "split": build_split,
    "channel_shuffle": build_channel_shuffle,
    "stochastic_depth": build_stochastic_depth,
    "permute": build_permute,
}


def count_params(module: nn.Module) -> tuple[int, int]:
    """(total, trainable); running statistics count as non-trainable parameters, as Keras has it."""
    trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in module.parameters() if not p.requires_grad)
    statistics = sum(
        b.numel()
        for name, b in module.named_buffers()
        if name.rsplit(".", 1)[-1] in ("running_mean", "running_var")
    )
    return trainable + frozen + statistics, trainable


# --- blocks --------------------------------------------------------------------------------------

PARAM = re.compile(r"\$\{\s*(\w+)\s*\}")


def substitute(value: Any, env: dict[str, Any]) -> Any:
    """``"${filters}"`` → the parameter's value; ``"conv_${i}"`` → text; lists and mappings deeply."""
    if isinstance(value, str):
        whole = PARAM.fullmatch(value.strip())
        if whole:
            return env[whole.group(1)]
        return PARAM.sub(lambda m: str(env[m.group(1)]), value)
    if isinstance(value, list):
        return [substitute(v, env) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, env) for k, v in value.items()}
    return value


def numbered(start: int | str, copy: int) -> str:
    """A copy's name: ``start`` counted up by ``copy`` (``2`` → ``3``; ``denselayer1`` → ``denselayer2``)."""
    if isinstance(start, int):
        return str(start + copy)
    digits = re.search(r"[0-9]+$", start)
    assert digits is not None, f"start: {start!r} does not end in a number"
    return f"{start[: digits.start()]}{int(digits[0]) + copy}"


def expand_blocks(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The spec's layers with every block use replaced by its layers, each with a full name and
    explicit ``inputs`` (full names; ``input`` is the network's input)."""
    blocks = spec.get("blocks") or {}
    flat: list[dict[str, Any]] = []

    def run(
        layers: list[dict[str, Any]], prefix: str, env: dict[str, Any], names: dict[str, str], previous: str
    ) -> str:
        counters: dict[str, int] = {}
        for raw in layers:
            layer = substitute(dict(raw), env)
            when = layer.pop("when", True)
            sources = [names.get(n, n) for n in layer.pop("inputs")] if "inputs" in layer else [previous]
            local = layer.get("name")
            if not when:
                out = sources[0]
            elif "block" in layer:
                out = use(layer, prefix, sources, counters)
            else:
                if local is None:
                    kind = layer_kind(str(normalised(layer)["type"]))[0]
                    if prefix:
                        counters[kind] = counters.get(kind, 0) + 1
                        local = f"{kind}_{counters[kind]}"
                    else:
                        local = f"{kind}_{len(flat) + 1}"
                # '.' in a block: the copy's own name (README, "Blocks").
                out = prefix if local == "." and prefix else f"{prefix}.{local}" if prefix else str(local)
                flat.append({**layer, "name": out, "inputs": sources})
            if local is not None:
                names[str(local)] = out
                if "type" in layer and layer_kind(str(normalised(layer)["type"]))[0] == "split":
                    parts = part_names(layer, str(local))
                    full = [f"{prefix}.{part}" if prefix else part for part in parts]
                    if when:
                        flat[-1]["outputs"] = full
                    names.update(
                        {part: f if when else sources[0] for part, f in zip(parts, full, strict=True)}
                    )
            previous = out
        return previous

    def use(layer: dict[str, Any], prefix: str, sources: list[str], counters: dict[str, int]) -> str:
        definition = blocks[layer.pop("block")]
        name = layer.pop("name", None)
        if name is None:
            counters["block"] = counters.get("block", 0) + 1
            name = f"block_{counters['block']}"
        repeat = layer.pop("repeat", None)
        start = layer.pop("start", 0)
        first = layer.pop("first", None) or {}
        full = f"{prefix}.{name}" if prefix else str(name)
        declared = definition.get("inputs") or ["input"]
        out = sources[0]
        for copy in range(repeat or 1):
            params = {**(definition.get("params") or {}), **layer, **(first if copy == 0 else {})}
            inner_sources = [out, *sources[1:]] if copy else sources
            inner_names = dict(zip(declared, inner_sources, strict=True))
            inner_prefix = f"{full}.{numbered(start, copy)}" if repeat is not None else full
            out = run(definition["layers"], inner_prefix, params, inner_names, inner_sources[0])
        return out

    run(spec["layers"], "", {}, {"input": "input"}, "input")
    return flat


# --- running a network ---------------------------------------------------------------------------


def run_network(spec: dict[str, Any]) -> dict[str, Any]:
    """Build and run every layer of ``spec`` (plain data); return shapes and counts per layer."""
    shape = input_shape(spec["input"])
    if isinstance(spec["input"], list) and spec.get("layout") == "channels_last":
        shape = [shape[-1], *shape[:-1]]
    tensors: dict[str, torch.Tensor] = {"input": torch.zeros(1, *shape)}
    rows = []
    for index, raw in enumerate(expand_blocks(spec), start=1):
        cfg = normalised(raw)
        kind, own_name = layer_kind(str(cfg["type"]))
        cfg["_kind"], cfg["_name"] = kind, own_name
        name = str(cfg["name"])
        inputs = [tensors[source] for source in cfg["inputs"]]
        module = BUILDERS[kind](cfg, [list(t.shape[1:]) for t in inputs]).eval()
        # PyTorch's own FLOP counter (matmuls and convolutions, 2 FLOPs per multiply-accumulate).
        with torch.no_grad(), FlopCounterMode(display=False) as flops:
            out = module(inputs)
        parts: tuple[torch.Tensor, ...] = ()
        if isinstance(out, tuple):  # a split: each part under its name; the first is "the" output
            parts = out
            tensors.update(zip(part_names(cfg, name), parts, strict=True))
            out = parts[0]
        if out.numel() == 0:  # PyTorch lets a transposed conv return an empty tensor; a spec may not
            raise ValueError(f"layer {index} ({name}) gives an empty output {list(out.shape[1:])}")
        tensors[name] = out
        total, trainable = count_params(module)
        rows.append(
            {
                "index": index,
                "name": name,
                "type": kind,
                "output_shape": list(out.shape[1:]),
                "params": total,
                "trainable_params": trainable,
                "macs": flops.get_total_flops() // 2,
            }
        )
        if parts:
            rows[-1]["output_shapes"] = [list(part.shape[1:]) for part in parts]
    return {
        "name": spec.get("name"),
        "torch_version": torch.__version__.split("+")[0],
        "input_shape": shape,
        "output_shape": rows[-1]["output_shape"] if rows else shape,
        "total_params": sum(r["params"] for r in rows),
        "trainable_params": sum(r["trainable_params"] for r in rows),
        "total_macs": sum(r["macs"] for r in rows),
        "layers": rows,
    }


def read_spec(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: not a spec mapping")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="+", type=Path)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument("--stdout", action="store_true", help="print instead of writing files")
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    for path in args.specs:
        reference = {"spec": path.name, **run_network(read_spec(path))}
        text = json.dumps(reference, indent=2) + "\n"
        if args.stdout:
            sys.stdout.write(text)
        else:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            target = args.out_dir / f"{path.stem}.json"
            target.write_text(text, encoding="utf-8")
            print(f"{path} → {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
