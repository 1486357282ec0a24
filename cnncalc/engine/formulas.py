"""The arithmetic of convolutional layers, one small pure function per quantity.

Symbols follow the lecture notes: N input size, F kernel size, S stride, P padding, D dilation,
C input channels, FN filters (output channels), G groups. Sizes are per spatial dimension.
A result that would be ≤ 0 raises :class:`NonPositiveSize`, repeating what it received.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from cnncalc.engine.results import Count
from cnncalc.errors import said


class NonPositiveSize(ValueError):
    """A formula gave an output size ≤ 0: the kernel does not fit in the (padded) input."""


def effective_kernel(kernel: int, dilation: int = 1) -> int:
    """The span of a dilated kernel: ``D(F − 1) + 1``.

    >>> effective_kernel(3, dilation=2)
    5
    """
    return dilation * (kernel - 1) + 1


def conv_output_exact(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> Fraction:
    """``(N + 2P − D(F − 1) − 1)/S + 1`` before flooring; a whole number when the stride fits.

    >>> conv_output_exact(7, 3, stride=3)
    Fraction(7, 3)
    """
    return Fraction(n + 2 * padding - dilation * (kernel - 1) - 1 + stride, stride)  # one Fraction, not two


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """``⌊(N + 2P − D(F − 1) − 1)/S⌋ + 1``, as PyTorch and Keras compute it.

    >>> conv_output_size(32, 5)
    28
    >>> conv_output_size(224, 11, stride=4, padding=2)
    55
    """
    return padded_output_size(n, kernel, stride, padding, padding, dilation)


def padded_output_size(
    n: int, kernel: int, stride: int, pad_before: int, pad_after: int, dilation: int = 1
) -> int:
    """``⌊(N + P_before + P_after − D(F − 1) − 1)/S⌋ + 1``, for asymmetric padding.

    >>> padded_output_size(7, 3, 2, 0, 1)
    3
    """
    span = n + pad_before + pad_after - effective_kernel(kernel, dilation)
    if span < 0:
        formula = (
            f"⌊(N + 2P − D(F − 1) − 1)/S⌋ + 1 = "
            f"⌊({n} + {pad_before + pad_after} − {dilation * (kernel - 1)} − 1)/{stride}⌋ + 1 = "
            f"{span // stride + 1} ≤ 0"
        )
        raise NonPositiveSize(
            _does_not_fit(kernel, dilation, n, _padding_text(pad_before, pad_after), formula)
        )
    return span // stride + 1


def same_output_size(n: int, stride: int = 1) -> int:
    """``⌈N/S⌉``: the output of ``padding: same`` (TensorFlow's rule).

    >>> same_output_size(7, 2)
    4
    """
    return -(-n // stride)


def same_padding(n: int, kernel: int, stride: int = 1, dilation: int = 1) -> tuple[int, int]:
    """The (before, after) padding ``same`` applies: total ``max((⌈N/S⌉ − 1)·S + D(F − 1) + 1 − N, 0)``,
    the odd one extra after (bottom/right), as TensorFlow does.

    >>> same_padding(32, 5)
    (2, 2)
    >>> same_padding(224, 3, stride=2)
    (0, 1)
    """
    total = max((same_output_size(n, stride) - 1) * stride + effective_kernel(kernel, dilation) - n, 0)
    return total // 2, total - total // 2


def pool_output_size_ceil(n: int, kernel: int, stride: int, padding: int = 0, dilation: int = 1) -> int:
    """``⌈(N + 2P − D(F − 1) − 1)/S⌉ + 1``, less one when the last window would start past the input
    and its left padding, i.e. when ``(out − 1)·S ≥ N + P`` (PyTorch's ``ceil_mode``).

    >>> pool_output_size_ceil(7, 2, 2)
    4
    >>> pool_output_size_ceil(6, 3, 3, padding=1)
    3

    A window may run past the end as long as it starts inside the input, so a kernel larger than
    the input still gives one output: ``pool_output_size_ceil(1, 2, 2)`` is 1, as in PyTorch.
    """
    span = n + 2 * padding - effective_kernel(kernel, dilation)
    out = -(-span // stride) + 1
    if (out - 1) * stride >= n + padding:
        out -= 1
    if out <= 0:
        formula = (
            f"⌈(N + 2P − D(F − 1) − 1)/S⌉ + 1 = ⌈({n} + {2 * padding} − {effective_kernel(kernel, dilation)})"
            f"/{stride}⌉ + 1 = {out} ≤ 0"
        )
        raise NonPositiveSize(_does_not_fit(kernel, dilation, n, padding, formula))
    return out


def conv_transpose_output_size(
    n: int, kernel: int, stride: int = 1, padding: int = 0, output_padding: int = 0, dilation: int = 1
) -> int:
    """``(N − 1)S − 2P + D(F − 1) + output_padding + 1`` (PyTorch's ConvTranspose).

    >>> conv_transpose_output_size(16, 2, stride=2)
    32
    >>> conv_transpose_output_size(7, 3, stride=2, padding=1, output_padding=1)
    14
    """
    out = (n - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1
    if out <= 0:
        raise NonPositiveSize(
            f"(N − 1)S − 2P + D(F − 1) + output_padding + 1 = ({n} − 1)·{stride} − 2·{padding} + "
            f"{dilation}·({kernel} − 1) + {output_padding} + 1 = {out} ≤ 0"
        )
    return out


def transpose_same_output_size(n: int, stride: int = 1) -> int:
    """``N·S``: the output of a transposed convolution with ``padding: same`` (Keras' rule).

    >>> transpose_same_output_size(7, 2)
    14
    """
    return n * stride


def transpose_same_padding(kernel: int, stride: int = 1, dilation: int = 1) -> int:
    """``max(⌈(D(F − 1) + 1 − S)/2⌉, 0)``: the padding P that ``same`` crops from the start of a
    transposed convolution's full output, as Keras passes it to PyTorch's ConvTranspose.

    >>> transpose_same_padding(3, 2), transpose_same_padding(4, 2)
    (1, 1)

    A kernel narrower than the stride crops nothing: ``transpose_same_padding(1, 3)`` is 0.
    """
    return max(-(-(effective_kernel(kernel, dilation) - stride) // 2), 0)


def transpose_same_output_padding(kernel: int, stride: int = 1, dilation: int = 1) -> int:
    """``2P − (D(F − 1) + 1 − S)``, P from :func:`transpose_same_padding`: the output_padding OP with
    which PyTorch's ``(N − 1)S − 2P + D(F − 1) + OP + 1`` is ``same``'s ``N·S``.

    >>> transpose_same_output_padding(3, 2), transpose_same_output_padding(4, 2)
    (1, 0)

    PyTorch takes it only below ``max(S, D)``: ``transpose_same_output_padding(1, 1)`` is 0,
    ``transpose_same_output_padding(2, 1)`` is 1 (too large for S = D = 1).
    """
    return 2 * transpose_same_padding(kernel, stride, dilation) - (
        effective_kernel(kernel, dilation) - stride
    )


def conv_param_count(
    kernel: tuple[int, ...], in_channels: int, filters: int, groups: int = 1, bias: bool = True
) -> int:
    """``(FH·FW·C/G + 1)·FN``; no ``+ 1`` without bias.

    >>> conv_param_count((5, 5), 1, 6)
    156
    >>> conv_param_count((5, 5), 3, 10)
    760
    """
    return (math.prod(kernel) * (in_channels // groups) + int(bias)) * filters


def conv_transpose_param_count(
    kernel: tuple[int, ...], in_channels: int, filters: int, groups: int = 1, bias: bool = True
) -> int:
    """``C·FH·FW·FN/G + FN``; no ``+ FN`` without bias.

    >>> conv_transpose_param_count((2, 2), 64, 32)
    8224
    """
    return in_channels * math.prod(kernel) * (filters // groups) + int(bias) * filters


def depthwise_param_count(
    kernel: tuple[int, ...], in_channels: int, multiplier: int = 1, bias: bool = True
) -> int:
    """``C·M·FH·FW + C·M``; no ``+ C·M`` without bias.

    >>> depthwise_param_count((3, 3), 32)
    320
    """
    return in_channels * multiplier * (math.prod(kernel) + int(bias))


def separable_param_count(
    kernel: tuple[int, ...], in_channels: int, filters: int, multiplier: int = 1, bias: bool = True
) -> int:
    """``C·M·FH·FW + C·M·FN + FN`` (depthwise without bias, pointwise with); no ``+ FN`` without bias.

    >>> separable_param_count((3, 3), 32, 64)
    2400
    """
    depth = in_channels * multiplier
    return depth * math.prod(kernel) + depth * filters + int(bias) * filters


def dense_param_count(in_features: int, units: int, bias: bool = True) -> int:
    """``(in + 1)·units``; no ``+ 1`` without bias.

    >>> dense_param_count(120, 84)
    10164
    """
    return (in_features + int(bias)) * units


def prelu_param_count(shape: tuple[int, ...], shared_axes: tuple[int, ...] = ()) -> int:
    """Keras' PReLU: a slope per element of the channels-last ``shape`` (no batch), one shared
    along each of ``shared_axes`` (numbered from 1, as Keras does): ``∏ sizes not shared``.

    >>> prelu_param_count((28, 28, 6)), prelu_param_count((28, 28, 6), (1, 2))
    (4704, 6)
    """
    return math.prod(n for axis, n in enumerate(shape, start=1) if axis not in shared_axes)


def batchnorm_param_counts(channels: int, affine: bool = True) -> tuple[int, int]:
    """(trainable, non-trainable): γ and β per channel are trained (``2·C``), the running mean
    and variance are not (``2·C``), as Keras counts them.

    >>> batchnorm_param_counts(64)
    (128, 128)
    """
    return (2 * channels if affine else 0), 2 * channels


def subsampling_param_count(channels: int) -> int:
    """``2·C``: LeNet-5's trainable subsampling has a coefficient and a bias per channel.

    >>> subsampling_param_count(6)
    12
    """
    return 2 * channels


def conv_macs(out_shape: tuple[int, ...], in_channels: int, kernel: tuple[int, ...], groups: int = 1) -> int:
    """``FN·∏out·(C/G)·∏F``: one multiply-accumulate per weight per output position.

    >>> conv_macs((6, 28, 28), 1, (5, 5))
    117600
    """
    return math.prod(out_shape) * (in_channels // groups) * math.prod(kernel)


def conv_transpose_macs(
    in_shape: tuple[int, ...], filters: int, kernel: tuple[int, ...], groups: int = 1
) -> int:
    """``C·∏in·(FN/G)·∏F``: every input value is spread by every weight of its group.

    >>> conv_transpose_macs((64, 16, 16), 32, (2, 2))
    2097152
    """
    return math.prod(in_shape) * (filters // groups) * math.prod(kernel)


def separable_macs(
    out_spatial: tuple[int, ...], in_channels: int, filters: int, kernel: tuple[int, ...], multiplier: int = 1
) -> int:
    """``C·M·∏out·∏F + C·M·FN·∏out``: the depthwise pass, then the 1×1 pointwise one.

    >>> separable_macs((8, 8), 32, 64, (3, 3))
    149504
    """
    depth = in_channels * multiplier
    positions = math.prod(out_spatial)
    return depth * positions * math.prod(kernel) + depth * filters * positions


def dense_macs(in_features: int, units: int, positions: int = 1) -> int:
    """``in·units`` per position.

    >>> dense_macs(120, 84)
    10080
    """
    return in_features * units * positions


class NotDivisible(ValueError):
    """A size that a formula must divide exactly does not divide (pixel shuffle's C by r²)."""


def pixel_shuffle_output_shape(shape: tuple[int, ...], factor: int) -> tuple[int, ...]:
    """Sub-pixel upsampling by ``r`` (PyTorch's ``nn.PixelShuffle(r)``): ``C·r²×H×W`` →
    ``C×(H·r)×(W·r)``; the channels must be a multiple of ``r²``. No parameters, no MACs.

    >>> pixel_shuffle_output_shape((64, 8, 8), 2)
    (16, 16, 16)
    """
    channels, sizes = shape[0], shape[1:]
    moved = factor ** len(sizes)
    if channels % moved:
        raise NotDivisible(
            said(
                "error.pixel_shuffle_channels", channels=Count(channels), r=Count(factor), moved=Count(moved)
            )
        )
    return (channels // moved, *(n * factor for n in sizes))


def exact(value: int | Fraction) -> int | Fraction:
    """A whole Fraction as an int, so that the arithmetic that follows stays on fast ints.

    >>> exact(Fraction(6, 2)), exact(Fraction(1, 2))
    (3, Fraction(1, 2))
    """
    if type(value) is int:  # the common case, without isinstance's abstract-class check
        return value
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


def receptive_field_size(
    r_in: int | Fraction, kernel: int, jump_in: int | Fraction, dilation: int = 1
) -> int | Fraction:
    """``r_out = r_in + (D(F − 1) + 1 − 1)·j_in``: each step of the kernel adds one input jump
    (Dumoulin & Visin, "A guide to convolution arithmetic"; Araujo et al., Distill 2019).

    >>> receptive_field_size(3, 3, 1)  # two 3×3 stride-1 convs
    5
    """
    return exact(r_in + (effective_kernel(kernel, dilation) - 1) * jump_in)


def receptive_field_jump(jump_in: int | Fraction, stride: int | Fraction) -> int | Fraction:
    """``j_out = j_in·S``: the distance, in input pixels, between neighbouring outputs.

    >>> receptive_field_jump(4, 2)  # AlexNet's pool1 after conv1 (stride 4)
    8
    """
    return exact(jump_in * stride)


def receptive_field_start(
    start_in: int | Fraction,
    kernel: int,
    pad_before: int | Fraction,
    jump_in: int | Fraction,
    dilation: int = 1,
) -> int | Fraction:
    """``start_out = start_in + ((D(F − 1) + 1 − 1)/2 − P)·j_in``: the centre of the first
    output's field, in input pixel indices (negative when padding puts it outside the image).

    >>> receptive_field_start(0, 11, 2, 1)  # AlexNet's conv1
    3
    >>> receptive_field_start(0, 2, 0, 1)  # a 2×2 window's centre falls between pixels
    Fraction(1, 2)
    """
    span = effective_kernel(kernel, dilation) - 1
    if span % 2 == 0:
        return exact(start_in + (span // 2 - pad_before) * jump_in)
    if type(start_in) is int and type(pad_before) is int and type(jump_in) is int:
        # In whole numbers: twice the centre, halved once (a Fraction only when it is odd).
        twice = 2 * start_in + (span - 2 * pad_before) * jump_in
        return twice // 2 if twice % 2 == 0 else Fraction(twice, 2)
    return exact(start_in + (Fraction(span, 2) - pad_before) * jump_in)


def transposed_receptive_field(
    r_in: int | Fraction,
    jump_in: int | Fraction,
    start_in: int | Fraction,
    kernel: int,
    stride: int,
    pad_before: int = 0,
    dilation: int = 1,
) -> tuple[int | Fraction, int | Fraction, int | Fraction]:
    """(r_out, j_out, start_out) through a transposed convolution. Output t (counted from the
    padded edge, t = P for the first) takes the inputs i with ``t − D(F − 1) ≤ i·S ≤ t``: at most
    ``⌈(D(F − 1) + 1)/S⌉`` of them, so ``r_out = r_in + (⌈(D(F − 1) + 1)/S⌉ − 1)·j_in``,
    ``j_out = j_in/S``, and the first output's centre is the middle of its inputs
    ``⌈(P − D(F − 1))/S⌉ … ⌊P/S⌋``.

    >>> transposed_receptive_field(2, 2, Fraction(1, 2), 2, 2)  # a 2×2 stride-2 upsampling
    (2, 1, Fraction(1, 2))
    >>> transposed_receptive_field(1, 1, 0, 3, 1)  # the first output sees i = −2 … 0
    (3, 1, -1)
    """
    span = effective_kernel(kernel, dilation)
    highest = pad_before // stride
    lowest = -(-(pad_before - span + 1) // stride)
    return (
        r_in + (-(-span // stride) - 1) * jump_in,
        exact(Fraction(jump_in) / stride),
        exact(start_in + Fraction(lowest + highest, 2) * jump_in),
    )


def fitting_strides(
    n: int, kernel: int, padding: int = 0, dilation: int = 1, max_stride: int | None = None
) -> tuple[int, ...]:
    """The strides ``S ≤ D(F − 1) + 1`` (and ≤ ``max_stride``) that fit: ``(N + 2P − D(F − 1) − 1)/S``
    is a whole number. A stride larger than the kernel would skip input, so none is offered.

    >>> fitting_strides(7, 3)
    (1, 2)
    """
    window = effective_kernel(kernel, dilation)
    span = n + 2 * padding - window
    if span < 0:
        return ()
    upper = window if max_stride is None else min(max_stride, window)
    return tuple(s for s in range(1, upper + 1) if span % s == 0)


def fitting_paddings(
    n: int, kernel: int, stride: int = 1, dilation: int = 1, limit: int | None = None
) -> tuple[int, ...]:
    """The paddings ``0 ≤ P ≤ D(F − 1)`` with which stride ``S`` fits (the first ``limit`` of them).

    They solve ``2P ≡ −(N − D(F − 1) − 1) (mod S)``, so they step by ``S/gcd(2, S)``; more padding
    than ``D(F − 1)`` would add windows that see only zeros.

    >>> fitting_paddings(7, 3, stride=3)
    (1,)
    >>> fitting_paddings(224, 11, stride=4)
    ()
    >>> fitting_paddings(7, 3, stride=1)
    (0, 1, 2)
    """
    values = _fitting_padding_range(n, kernel, stride, dilation)
    return tuple(values if limit is None else values[:limit])


def _fitting_padding_range(n: int, kernel: int, stride: int, dilation: int) -> range:
    """:func:`fitting_paddings` as a lazy ``range``: a kernel of a billion has a billion of them."""
    reach = dilation * (kernel - 1)
    base = n - reach - 1
    residue = -base % stride
    divisor = math.gcd(2, stride)
    if residue % divisor:
        return range(0)
    step = stride // divisor
    solution = (residue // divisor) * pow(2 // divisor, -1, step) % step if step > 1 else 0
    lowest = max(0, (-base + 1) // 2)  # the output must not be ≤ 0
    first = solution + -(-(lowest - solution) // step) * step
    return range(first, reach + 1, step)


def fitting_stride_padding_pairs(
    n: int, kernel: int, dilation: int = 1, output: int | None = None
) -> Iterator[tuple[int, int, int]]:
    """Every (S, P, output) with ``S ≤ D(F − 1) + 1`` and ``0 ≤ P ≤ D(F − 1)`` for which
    ``(N + 2P − D(F − 1) − 1)/S + 1`` is a whole number (equal to ``output`` when given), by
    stride then padding; lazily, so a caller can stop early.

    Without ``output``, at most every other stride has no fit (the output 1 or 2 is always
    reachable at odd S), so the first k pairs cost O(k). With ``output`` = O the fitting strides
    are solved for, not searched: ``2P = (O − 1)·S − c`` with ``c = N − D(F − 1) − 1``, and
    ``0 ≤ P ≤ D(F − 1)`` bounds S to ``c ≤ (O − 1)·S ≤ c + 2D(F − 1)``, with ``(O − 1)·S − c`` even.

    >>> list(fitting_stride_padding_pairs(7, 3))[:4]
    [(1, 0, 5), (1, 1, 7), (1, 2, 9), (2, 0, 3)]
    >>> list(fitting_stride_padding_pairs(7, 3, output=7))
    [(1, 1, 7)]
    """
    reach = dilation * (kernel - 1)
    span = effective_kernel(kernel, dilation)
    if output is None:
        for stride in range(1, span + 1):
            for padding in _fitting_padding_range(n, kernel, stride, dilation):
                yield stride, padding, conv_output_size(n, kernel, stride, padding, dilation)
        return
    c, k = n - reach - 1, output - 1
    if k == 0:  # output 1: the same padding at every stride
        strides = range(1, span + 1) if 0 <= -c <= 2 * reach and c % 2 == 0 else range(0)
    else:
        lowest, highest = max(1, -(-c // k)), min(span, (c + 2 * reach) // k)
        if k % 2 == 0:  # (O − 1)·S − c is even for every S or for none
            strides = range(lowest, highest + 1) if c % 2 == 0 else range(0)
        else:  # S must have c's parity
            strides = range(lowest + (lowest - c) % 2, highest + 1, 2)
    for stride in strides:
        yield stride, (k * stride - c) // 2, output


def size_keeping_padding(kernel: int, dilation: int = 1) -> int | None:
    """``P = D(F − 1)/2``: at stride 1 the output keeps the input's size; None for an even span.

    >>> size_keeping_padding(3), size_keeping_padding(5), size_keeping_padding(4)
    (1, 2, None)
    """
    reach = dilation * (kernel - 1)
    return reach // 2 if reach % 2 == 0 else None


def _does_not_fit(kernel: int, dilation: int, n: int, padding: object, formula: str) -> str:
    """``kernel 5 does not fit in input 3 with padding 0: …``, sayable in Korean (errors.said)."""
    dilated = said("part.dilation", dilation=dilation) if dilation != 1 else ""
    return said(
        "error.kernel_does_not_fit", kernel=kernel, dilation=dilated, n=n, padding=padding, formula=formula
    )


def _padding_text(before: int, after: int) -> str:
    return str(before) if before == after else said("part.padding_sides", before=before, after=after)


# ── kinds-a: broadcasting, splitting and shuffling channels ───────────────────────────────────


def broadcast_shape(shapes: tuple[tuple[int, ...], ...]) -> tuple[int, ...] | None:
    """NumPy's (and PyTorch's) broadcasting of per-sample shapes of one rank: on each axis the sizes
    are equal, or some are 1 and are stretched to the others' size, ``out = max(N₁, N₂, …)``; None
    when an axis has two sizes other than 1 (or the ranks differ: with the batch axis in front,
    trailing alignment would pair the batch with a feature axis).

    >>> broadcast_shape(((64, 1, 1), (64, 56, 56))), broadcast_shape(((1, 8, 8), (3, 8, 8)))
    ((64, 56, 56), (3, 8, 8))
    >>> broadcast_shape(((4, 6, 6), (3, 8, 8))), broadcast_shape(((64,), (64, 7, 7)))
    (None, None)
    """
    if shapes and shapes.count(shapes[0]) == len(shapes):  # the common merge: nothing to stretch
        return shapes[0]
    if len({len(shape) for shape in shapes}) != 1:
        return None
    out = []
    for sizes in zip(*shapes, strict=True):
        if len(set(sizes) - {1}) > 1:
            return None
        out.append(max(sizes))
    return tuple(out)


def chunk_sizes(channels: int, chunks: int) -> tuple[int, ...]:
    """``torch.chunk(x, n, dim=1)``'s parts: ⌈C/n⌉ channels each, the last what is left, so an
    indivisible C can give fewer than n parts (C = 5, n = 4: 2 + 2 + 1).

    >>> chunk_sizes(116, 2), chunk_sizes(5, 2), chunk_sizes(5, 4), chunk_sizes(6, 4)
    ((58, 58), (3, 2), (2, 2, 1), (2, 2, 2))
    """
    size = -(-channels // chunks)
    return tuple(min(size, channels - start) for start in range(0, channels, size))


def channel_shuffle_group_size(channels: int, groups: int) -> int:
    """Channels per group of a channel shuffle, ``C/g`` (ShuffleNet: the view ``g × C/g``, transposed).

    >>> channel_shuffle_group_size(116, 2)
    58
    >>> channel_shuffle_group_size(6, 4)
    Traceback (most recent call last):
    ...
    cnncalc.engine.formulas.NotDivisible: 6 channels cannot be shuffled in 4 groups: C must be a multiple of g
    """
    if channels % groups:
        raise NotDivisible(said("error.channel_shuffle_groups", channels=channels, groups=groups))
    return channels // groups


# ── kinds-b: pixel unshuffle, interpolation, the normalisations, layer scale ──────────────────


def pixel_unshuffle_output_shape(shape: tuple[int, ...], factor: int) -> tuple[int, ...]:
    """The inverse of pixel shuffle (PyTorch's ``nn.PixelUnshuffle(r)``): ``C×H×W`` →
    ``C·r²×(H/r)×(W/r)``; H and W must be multiples of ``r``. No parameters, no MACs.

    >>> pixel_unshuffle_output_shape((16, 16, 16), 2)
    (64, 8, 8)
    """
    channels, sizes = shape[0], shape[1:]
    for n in sizes:
        if n % factor:
            raise NotDivisible(said("error.pixel_unshuffle_size", n=Count(n), r=Count(factor)))
    return (channels * factor ** len(sizes), *(n // factor for n in sizes))


def interpolated_size(n: int, factor: float) -> int:
    """``⌊N·s⌋``, the output of ``F.interpolate(scale_factor=s)``, worked as PyTorch works it: the
    product in double-precision floating point, then the floor (so 100·0.29 = 28.999999999999996
    gives 28, where the exact product 29 would give 29).

    >>> interpolated_size(7, 1.5), interpolated_size(7, 0.5), interpolated_size(100, 0.29)
    (10, 3, 28)
    """
    return math.floor(float(n) * factor)


def interpolation_taps(mode: str) -> int:
    """How many inputs per axis one interpolated output reads, at most: nearest 1, (bi/tri)linear
    2 (the two neighbours of the point it samples), bicubic 4 (two on each side).

    >>> interpolation_taps("nearest"), interpolation_taps("bilinear"), interpolation_taps("bicubic")
    (1, 2, 4)
    """
    return {"nearest": 1, "bicubic": 4}.get(mode, 2)


def interpolation_step(n_in: int, n_out: int, factor: float | None, align_corners: bool) -> Fraction:
    """The distance, in input pixels, between the points two neighbouring outputs sample: ``1/s``
    for a ``scale_factor`` s, ``N/OUT`` for a ``size``, ``(N − 1)/(OUT − 1)`` with
    ``align_corners`` (PyTorch's ``area_pixel_compute_scale``). The jump is multiplied by it.

    >>> interpolation_step(8, 16, 2.0, False), interpolation_step(7, 10, None, False)
    (Fraction(1, 2), Fraction(7, 10))
    >>> interpolation_step(4, 8, 2.0, True)
    Fraction(3, 7)
    """
    if align_corners:
        return Fraction(n_in - 1, n_out - 1) if n_out > 1 else Fraction(0)
    if factor is not None:
        return 1 / Fraction(repr(float(factor)))  # the decimal written: 1.5 → 2/3
    return Fraction(n_in, n_out)


def interpolation_first_point(step: Fraction, mode: str, align_corners: bool) -> Fraction:
    """Where output 0 samples its input, in input pixel indices (the centre of its field): 0 for
    nearest (input ⌊0·step⌋) and with ``align_corners``; else half-pixel centres,
    ``(0 + ½)·step − ½``, output k then sampling ``(k + ½)·step − ½``.

    >>> interpolation_first_point(Fraction(1, 2), "bilinear", False)
    Fraction(-1, 4)
    >>> interpolation_first_point(Fraction(1, 2), "nearest", False)
    Fraction(0, 1)
    """
    if mode == "nearest" or align_corners:
        return Fraction(0)
    return step / 2 - Fraction(1, 2)


def norm_param_count(features: int, affine: bool = True, bias: bool = True) -> int:
    """A normalisation's learned parameters: a scale γ and a shift β per normalised feature,
    ``2·F`` (F = C for group and instance norm and a layer norm over the channels, ∏normalized_shape
    for PyTorch's nn.LayerNorm); ``F`` without β (``bias: false``), 0 without ``affine``.

    >>> norm_param_count(96), norm_param_count(49, bias=False), norm_param_count(64, affine=False)
    (192, 49, 0)
    """
    if not affine:
        return 0
    return 2 * features if bias else features
