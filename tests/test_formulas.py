"""Every formula and every layer rule against numbers worked by hand or published elsewhere.

Sources: the lecture notes in ../shared/seeds/ (ToBig's "CNN 기초", CS231n lecture 5), PyTorch's
documentation (Conv2d, ConvTranspose2d, MaxPool2d with ceil_mode: "sliding windows are allowed to go
off-bounds if they start within the left padding or the input"), Keras' documentation (padding='same'
gives ⌈N/S⌉; DepthwiseConv2D and SeparableConv2D weights). Each expectation is worked in a comment;
none was copied from cnncalc's output.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cnncalc.engine import formulas as f
from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import LayerResult
from cnncalc.errors import LayerError
from cnncalc.render.i18n import Lang, flag_text
from cnncalc.spec.loader import parse_text
from cnncalc.spec.validate import validate_document


def layers(text: str) -> tuple[LayerResult, ...]:
    return calculate(validate_document(parse_text(text))).layers


def one(input_shape: str, layer: str) -> LayerResult:
    (result,) = layers(f"input: {input_shape}\nlayers:\n  - {layer}\n")
    return result


# --- formulas.py ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "k", "s", "p", "d", "expected"),
    [
        (7, 3, 1, 0, 1, 5),  # seeds: (7 − 3)/1 + 1 = 5
        (7, 3, 2, 0, 1, 3),  # seeds: (7 − 3)/2 + 1 = 3
        (7, 3, 3, 0, 1, 2),  # seeds: (7 − 3)/3 + 1 = 2.33 → floor 2
        (7, 3, 1, 1, 1, 7),  # seeds: P = 1 keeps 7: (7 + 2 − 3)/1 + 1 = 7
        (32, 5, 1, 2, 1, 32),  # CS231n: (32 + 4 − 5)/1 + 1 = 32
        (32, 5, 1, 0, 1, 28),  # LeNet C1: 32 − 5 + 1 = 28
        (224, 11, 4, 2, 1, 55),  # AlexNet conv1: (224 + 4 − 11)/4 + 1 = 55.25 → 55
        (7, 3, 1, 0, 2, 3),  # dilation 2 spans 2·2 + 1 = 5: (7 − 5)/1 + 1 = 3
        (10, 3, 2, 1, 3, 3),  # (10 + 2 − 3·2 − 1)/2 + 1 = 5/2 + 1 → 3
        (6, 3, 1, 0, 1, 4),  # NVIDIA DLI: 6×6 image, 3×3 kernel → 4×4
    ],
)
def test_conv_output_size(n: int, k: int, s: int, p: int, d: int, expected: int) -> None:
    assert f.conv_output_size(n, k, s, p, d) == expected


def test_conv_output_exact_keeps_the_fraction() -> None:
    assert f.conv_output_exact(7, 3, 3) == Fraction(7, 3)  # (7 − 3)/3 + 1 = 4/3 + 1
    assert f.conv_output_exact(224, 11, 4, 2) == Fraction(221, 4)  # 217/4 + 1 = 55.25
    assert f.conv_output_exact(7, 3, 2) == 3


def test_effective_kernel() -> None:
    assert f.effective_kernel(3, 1) == 3
    assert f.effective_kernel(3, 2) == 5  # D(F − 1) + 1 = 2·2 + 1
    assert f.effective_kernel(5, 3) == 13  # 3·4 + 1


def test_padded_output_size_asymmetric() -> None:
    # 7 + 0 + 1 − 3 = 5; 5 // 2 + 1 = 3
    assert f.padded_output_size(7, 3, 2, 0, 1) == 3
    # kernel exactly fills the input: 3 − 3 = 0 → 1 output
    assert f.padded_output_size(3, 3, 1, 0, 0) == 1


@pytest.mark.parametrize(("n", "k"), [(3, 5), (2, 3)])
def test_kernel_larger_than_input_is_non_positive(n: int, k: int) -> None:
    with pytest.raises(f.NonPositiveSize, match=f"kernel {k} does not fit in input {n}"):
        f.conv_output_size(n, k)


def test_dilated_kernel_larger_than_input_names_the_dilation() -> None:
    with pytest.raises(f.NonPositiveSize, match=r"kernel 3 \(dilation 3\) does not fit in input 6"):
        f.conv_output_size(6, 3, dilation=3)  # span 7 > 6


@pytest.mark.parametrize(
    ("n", "s", "expected"),
    [(7, 1, 7), (7, 2, 4), (7, 3, 3), (224, 2, 112), (5, 5, 1), (1, 3, 1)],  # Keras: ⌈N/S⌉
)
def test_same_output_size(n: int, s: int, expected: int) -> None:
    assert f.same_output_size(n, s) == expected


@pytest.mark.parametrize(
    ("n", "k", "s", "d", "expected"),
    [
        (32, 5, 1, 1, (2, 2)),  # total (32 − 1)·1 + 5 − 32 = 4
        (224, 3, 2, 1, (0, 1)),  # out 112: (111)·2 + 3 − 224 = 1 → extra one after (TF)
        (7, 4, 1, 1, (1, 2)),  # total 6 + 4 − 7 = 3 → 1 before, 2 after
        (7, 3, 3, 1, (1, 1)),  # out 3: 2·3 + 3 − 7 = 2
        (5, 1, 2, 1, (0, 0)),  # out 3: 2·2 + 1 − 5 = 0
        (8, 2, 4, 1, (0, 0)),  # out 2: 1·4 + 2 − 8 = −2 → max(…, 0) = 0
        (10, 3, 1, 2, (2, 2)),  # span 5: 9 + 5 − 10 = 4
    ],
)
def test_same_padding_tensorflow_rule(n: int, k: int, s: int, d: int, expected: tuple[int, int]) -> None:
    assert f.same_padding(n, k, s, d) == expected


@pytest.mark.parametrize(
    ("n", "k", "s", "p", "expected"),
    [
        (7, 2, 2, 0, 4),  # ⌈5/2⌉ + 1 = 4; last window starts at 6 < 7: kept
        (6, 3, 3, 1, 3),  # ⌈5/3⌉ + 1 = 3; last starts at 6 < 6 + 1: kept
        (5, 2, 2, 1, 3),  # ⌈5/2⌉ + 1 = 4; last starts at 6 ≥ 5 + 1: dropped → 3
        (6, 2, 2, 0, 3),  # fits: 4/2 + 1 = 3, ceil changes nothing
        (112, 3, 2, 0, 56),  # GoogLeNet/ResNet-ish: ⌈109/2⌉ + 1 = 56 (floor would give 55)
        (13, 3, 2, 0, 6),  # ⌈10/2⌉ + 1 = 6, same as floor
        (14, 3, 2, 0, 7),  # ⌈11/2⌉ + 1 = 7 (floor: 6); last starts at 12 < 14
        # kernel 2 on 1 input: ⌈−1/2⌉ + 1 = 1; the window starts inside the input, so PyTorch keeps it
        (1, 2, 2, 0, 1),
    ],
)
def test_pool_output_size_ceil_pytorch_rule(n: int, k: int, s: int, p: int, expected: int) -> None:
    assert f.pool_output_size_ceil(n, k, s, p) == expected


def test_pool_ceil_kernel_too_big() -> None:
    with pytest.raises(f.NonPositiveSize):
        f.pool_output_size_ceil(2, 3, 1)


@pytest.mark.parametrize(
    ("n", "k", "s", "p", "op", "d", "expected"),
    [
        (16, 2, 2, 0, 0, 1, 32),  # U-Net up-conv: 15·2 + 1 + 1 = 32
        (7, 3, 2, 1, 1, 1, 14),  # 6·2 − 2 + 2 + 1 + 1 = 14
        (7, 3, 2, 1, 0, 1, 13),  # same without output_padding
        (5, 3, 1, 0, 0, 1, 7),  # 4 + 2 + 1 = 7 (inverse of a valid 3×3)
        (4, 3, 1, 0, 0, 2, 8),  # 3 + 2·2 + 1 = 8
        (1, 4, 1, 0, 0, 1, 4),  # DCGAN first layer: 0 + 3 + 1 = 4
    ],
)
def test_conv_transpose_output_size(n: int, k: int, s: int, p: int, op: int, d: int, expected: int) -> None:
    assert f.conv_transpose_output_size(n, k, s, p, op, d) == expected


def test_conv_transpose_non_positive() -> None:
    # (1 − 1)·1 − 2·2 + 0 + 0 + 1 = −3
    with pytest.raises(f.NonPositiveSize, match="= -3 ≤ 0"):
        f.conv_transpose_output_size(1, 1, 1, 2)


def test_conv_param_count() -> None:
    assert f.conv_param_count((5, 5), 1, 6) == 156  # LeNet C1: (25 + 1)·6
    assert f.conv_param_count((5, 5), 6, 16) == 2_416  # LeNet C3: (150 + 1)·16
    assert f.conv_param_count((5, 5), 16, 120) == 48_120  # LeNet C5: (400 + 1)·120
    assert f.conv_param_count((5, 5), 3, 10) == 760  # CS231n: (75 + 1)·10
    assert f.conv_param_count((3, 3), 3, 1) == 28  # seeds' 7×7×3 * 3×3×3: 27 + 1
    assert f.conv_param_count((3, 3), 8, 4, groups=2) == 148  # (9·4 + 1)·4
    assert f.conv_param_count((3, 3), 8, 4, bias=False) == 288  # 9·8·4
    assert f.conv_param_count((3,), 4, 2) == 26  # 1-D: (3·4 + 1)·2
    assert f.conv_param_count((3, 3, 3), 2, 4) == 220  # 3-D: (27·2 + 1)·4


def test_conv_transpose_param_count() -> None:
    assert f.conv_transpose_param_count((2, 2), 64, 32) == 8_224  # 64·4·32 + 32
    assert f.conv_transpose_param_count((3, 3), 8, 4, groups=2) == 148  # 8·9·2 + 4
    assert f.conv_transpose_param_count((3, 3), 8, 4, bias=False) == 288


def test_depthwise_and_separable_param_counts() -> None:
    # Keras DepthwiseConv2D: depthwise_kernel (FH, FW, C, M) plus bias C·M.
    assert f.depthwise_param_count((3, 3), 32) == 320  # 32·9 + 32
    assert f.depthwise_param_count((3, 3), 32, 2) == 640  # 64·9 + 64
    assert f.depthwise_param_count((3, 3), 32, bias=False) == 288
    # Keras SeparableConv2D: depthwise (3, 3, 32, 1) = 288, pointwise (1, 1, 32, 64) = 2048, bias 64.
    assert f.separable_param_count((3, 3), 32, 64) == 2_400
    assert f.separable_param_count((3, 3), 32, 64, multiplier=2) == 576 + 4_096 + 64
    assert f.separable_param_count((3, 3), 32, 64, bias=False) == 2_336


def test_dense_param_count() -> None:
    assert f.dense_param_count(120, 84) == 10_164  # LeNet F6: 121·84
    assert f.dense_param_count(84, 10) == 850  # LeNet output: 85·10
    assert f.dense_param_count(9216, 4096) == 37_752_832  # AlexNet fc6: 9217·4096
    assert f.dense_param_count(84, 10, bias=False) == 840


def test_batchnorm_and_subsampling() -> None:
    assert f.batchnorm_param_counts(64) == (128, 128)  # γ, β | moving mean, variance
    assert f.batchnorm_param_counts(3, affine=False) == (0, 6)
    assert f.subsampling_param_count(6) == 12  # seeds: LeNet S2, 2 per channel × 6
    assert f.subsampling_param_count(16) == 32  # LeNet S4


def test_macs() -> None:
    # LeNet C1: 6·28·28 outputs × 25 weights = 117,600
    assert f.conv_macs((6, 28, 28), 1, (5, 5)) == 117_600
    # CS231n: 10·32·32 × 75 = 768,000
    assert f.conv_macs((10, 32, 32), 3, (5, 5)) == 768_000
    # grouped: 4·5·5 outputs × (8/2)·9
    assert f.conv_macs((4, 5, 5), 8, (3, 3), groups=2) == 3_600
    # transpose: every one of 64·16·16 inputs × 32·4 weights
    assert f.conv_transpose_macs((64, 16, 16), 32, (2, 2)) == 2_097_152
    assert f.dense_macs(120, 84) == 10_080
    assert f.dense_macs(120, 84, positions=4) == 40_320


# --- calculator.py: one rule per layer kind -----------------------------------------------------


def test_conv_rule_cs231n() -> None:
    layer = one("[3, 32, 32]", "{type: conv2d, filters: 10, kernel: 5, padding: 2}")
    assert (layer.output_shape, layer.params, layer.trainable_params) == ((10, 32, 32), 760, 760)
    assert layer.macs == 768_000
    assert not layer.warnings


def test_conv_rule_seeds_strides() -> None:
    assert one("[1, 7, 7]", "{type: conv2d, filters: 1, kernel: 3}").output_shape == (1, 5, 5)
    assert one("[1, 7, 7]", "{type: conv2d, filters: 1, kernel: 3, stride: 2}").output_shape == (1, 3, 3)
    three = one("[1, 7, 7]", "{type: conv2d, filters: 1, kernel: 3, stride: 3}")
    assert three.output_shape == (1, 2, 2)
    assert [(w.kind, w.exact, w.axis) for w in three.warnings] == [
        ("stride_does_not_fit", Fraction(7, 3), 0),
        ("stride_does_not_fit", Fraction(7, 3), 1),
    ]
    assert "7/3 ≈ 2.33" in flag_text(three.warnings[0], Lang.en)
    assert one("[1, 7, 7]", "{type: conv2d, filters: 1, kernel: 3, padding: 1}").output_shape == (1, 7, 7)
    # seeds: 7×7×3 input, one 3×3×3 filter → 1×5×5, (27 + 1) params
    rgb = one("[3, 7, 7]", "{type: conv2d, filters: 1, kernel: 3}")
    assert (rgb.output_shape, rgb.params) == ((1, 5, 5), 28)


def test_conv_rule_per_dimension_dilation_and_groups() -> None:
    # H: (10 − 3)/1 + 1 = 8; W: (12 + 2 − 2·(5 − 1) − 1)/2 + 1 = 5/2 + 1 = 3.5 → 3
    layer = one(
        "[4, 10, 12]",
        "{type: conv2d, filters: 6, kernel: [3, 5], stride: [1, 2], padding: [0, 1], dilation: [1, 2],"
        " groups: 2}",
    )
    assert layer.output_shape == (6, 8, 3)
    assert layer.params == (15 * 2 + 1) * 6  # (FH·FW·C/G + 1)·FN = (15·2 + 1)·6 = 186
    assert layer.macs == 6 * 8 * 3 * 2 * 15  # FN·∏out·(C/G)·∏F = 4,320
    assert [w.axis for w in layer.warnings] == [1]


def test_conv_rule_1d_and_3d() -> None:
    # Conv1d: (100 − 5)/1 + 1 = 96; (5·3 + 1)·8 = 128
    c1 = one("[3, 100]", "{type: conv1d, filters: 8, kernel: 5}")
    assert (c1.output_shape, c1.params) == ((8, 96), 128)
    # Conv3d: 16 − 3 + 1 = 14, 32 − 3 + 1 = 30; (27·3 + 1)·4 = 328
    c3 = one("[3, 16, 32, 32]", "{type: conv3d, filters: 4, kernel: 3}")
    assert (c3.output_shape, c3.params) == ((4, 14, 30, 30), 328)


def test_conv_rule_same_with_tensorflow_asymmetric_padding() -> None:
    # Keras: padding='same', stride 2 on 224 → 112; total pad 1 goes after (bottom/right).
    layer = one("[3, 224, 224]", "{type: Conv2D, filters: 32, kernel: 3, strides: 2, padding: same}")
    assert layer.output_shape == (32, 112, 112)
    assert layer.params == (27 + 1) * 32  # 896
    assert not layer.warnings
    assert {note.kind for note in layer.notes} == {"same_padding_asymmetric"}
    assert "0 before and 1 after" in flag_text(layer.notes[0], Lang.en)
    # stride 1 keeps the size, whatever the kernel: ⌈7/1⌉ = 7
    assert one("[1, 7, 7]", "{type: conv2d, filters: 1, kernel: 4, padding: same}").output_shape == (1, 7, 7)


def test_conv_rule_valid_is_no_padding() -> None:
    assert one("[1, 32, 32]", "{type: conv2d, filters: 6, kernel: 5, padding: valid}").output_shape == (
        6,
        28,
        28,
    )


def test_conv_rule_without_bias() -> None:
    assert one("[3, 8, 8]", "{type: conv2d, filters: 4, kernel: 3, bias: false}").params == 108  # 27·4


def test_conv_transpose_rule() -> None:
    # PyTorch docs: H_out = (H_in − 1)·S − 2P + D(K − 1) + output_padding + 1
    layer = one(
        "[16, 7, 7]",
        "{type: ConvTranspose2d, filters: 8, kernel: 3, stride: 2, padding: 1, output_padding: 1}",
    )
    assert layer.output_shape == (8, 14, 14)  # 12 − 2 + 2 + 1 + 1
    assert layer.params == 16 * 9 * 8 + 8  # C·FH·FW·FN + FN = 1,160
    assert layer.macs == 16 * 49 * 8 * 9
    grouped = one("[4, 5, 5]", "{type: deconv, filters: 6, kernel: 2, stride: 2, groups: 2, bias: false}")
    assert (grouped.output_shape, grouped.params) == ((6, 10, 10), 4 * 4 * 3)  # C·4·FN/G


def test_conv_transpose_same_is_n_times_s() -> None:
    # Keras Conv2DTranspose(padding='same'): N·S
    assert one(
        "[8, 7, 7]", "{type: Conv2DTranspose, filters: 4, kernel: 3, strides: 2, padding: same}"
    ).output_shape == (
        4,
        14,
        14,
    )


def test_transpose_same_padding_and_output_padding_give_n_times_s_in_pytorchs_formula() -> None:
    # Keras' 'same' transposed conv gives N·S; PyTorch's (N − 1)S − 2P + D(F − 1) + OP + 1 with
    # P = max(⌈(D(F − 1) + 1 − S)/2⌉, 0) and OP = 2P − (D(F − 1) + 1 − S) must give the same:
    # by hand, F = 3, S = 2 on N = 7: P = ⌈(3 − 2)/2⌉ = 1, OP = 2 − 1 = 1, 6·2 − 2 + 2 + 1 + 1 = 14.
    assert (f.transpose_same_padding(3, 2), f.transpose_same_output_padding(3, 2)) == (1, 1)
    assert f.conv_transpose_output_size(7, 3, 2, 1, 1) == 14
    for n, k, s, d in itertools.product(range(1, 6), range(1, 6), range(1, 5), range(1, 4)):
        p, op = f.transpose_same_padding(k, s, d), f.transpose_same_output_padding(k, s, d)
        assert op >= 0
        assert f.conv_transpose_output_size(n, k, s, p, op, d) == n * s, (n, k, s, d)


def test_conv_transpose_same_with_output_padding_is_refused() -> None:
    # Keras' Conv2DTranspose(4, strides=2, padding='same', output_padding=1) on 8 gives
    # (8 − 1)·2 + 4 mod 2 + 1 = 15, not N·S = 16, which cnncalc used to print.
    with pytest.raises(LayerError, match="output_padding 1 with padding 'same'") as refused:
        one(
            "[8, 8, 8]",
            "{type: Conv2DTranspose, filters: 4, kernel: 4, strides: 2, padding: same, output_padding: 1}",
        )
    assert refused.value.problems[0].loc == ("layers", 0, "output_padding")


def test_depthwise_rule() -> None:
    # Keras DepthwiseConv2D(3, depth_multiplier=2) on 32 channels: 64 channels, 64·9 + 64 params
    layer = one("[32, 16, 16]", "{type: DepthwiseConv2D, kernel: 3, depth_multiplier: 2, padding: same}")
    assert (layer.output_shape, layer.params) == ((64, 16, 16), 640)
    assert layer.macs == 64 * 16 * 16 * 9  # one 3×3 window per output value


def test_separable_rule() -> None:
    # Keras SeparableConv2D(64, 3) on 32 channels, valid: 16 − 2 = 14; 288 + 2048 + 64 = 2400
    layer = one("[32, 16, 16]", "{type: SeparableConv2D, filters: 64, kernel: 3}")
    assert (layer.output_shape, layer.params) == ((64, 14, 14), 2_400)
    positions = 14 * 14
    assert layer.macs == 32 * positions * 9 + 32 * 64 * positions


def test_maxpool_rule_with_padding_and_ceil_mode() -> None:
    # NVIDIA DLI / slides: 4×4 max pooling 2×2 → 2×2
    assert one("[1, 4, 4]", "{type: maxpool, kernel: 2}").output_shape == (1, 2, 2)
    # AlexNet pool1: (55 − 3)/2 + 1 = 27
    assert one("[64, 55, 55]", "{type: MaxPool2d, kernel: 3, stride: 2}").output_shape == (64, 27, 27)
    # ResNet stem pool: (112 + 2 − 3)/2 + 1 = 56.5 → 56
    pool = one("[64, 112, 112]", "{type: MaxPool2d, kernel: 3, stride: 2, padding: 1}")
    assert pool.output_shape == (64, 56, 56)
    assert pool.params == 0 and pool.macs == 0
    # GoogLeNet: MaxPool2d(3, 2, ceil_mode=True) on 112 → ⌈109/2⌉ + 1 = 56
    assert one("[64, 112, 112]", "{type: maxpool, kernel: 3, stride: 2, ceil_mode: true}").output_shape == (
        64,
        56,
        56,
    )
    # ceil_mode drops a window that would start in the right padding: 5, k2, s2, p1 → 3 (not 4)
    assert one(
        "[1, 5, 5]", "{type: maxpool, kernel: 2, stride: 2, padding: 1, ceil_mode: true}"
    ).output_shape == (
        1,
        3,
        3,
    )
    # dilation on max pooling: span 2·(3 − 1) + 1 = 5; (9 − 5)/1 + 1 = 5
    assert one("[1, 9, 9]", "{type: maxpool, kernel: 3, stride: 1, dilation: 2}").output_shape == (1, 5, 5)


def test_avgpool_rule_and_lenet_subsampling() -> None:
    plain = one("[6, 28, 28]", "{type: avgpool, kernel: 2}")
    assert (plain.output_shape, plain.params) == ((6, 14, 14), 0)
    # seeds: LeNet S2 trainable subsampling = 2 params per channel × 6 = 12
    s2 = one("[6, 28, 28]", "{type: avgpool, kernel: 2, trainable: true}")
    assert (s2.output_shape, s2.params, s2.trainable_params) == ((6, 14, 14), 12, 12)


def test_avgpool3d_refuses_an_input_smaller_than_its_kernel_as_pytorch_does() -> None:
    # torch 2.13: AvgPool3d((1, 1, 2), ceil_mode=True) on 1×1×1 raises "input image (T: 1 H: 1 W: 1)
    # smaller than kernel size (kT: 1 kH: 1 kW: 2)"; 2-D pooling and 'same' padding have no such check.
    with pytest.raises(LayerError, match="smaller than the kernel 2 on axis 3"):
        one("[1, 1, 1, 1]", "{type: avgpool3d, kernel: [1, 1, 2], ceil_mode: true}")
    assert one("[1, 1, 1]", "{type: avgpool2d, kernel: [1, 2], ceil_mode: true}").output_shape == (1, 1, 1)
    assert one("[1, 1, 1, 1]", "{type: avgpool3d, kernel: 2, padding: same}").output_shape == (1, 1, 1, 1)


def test_global_and_adaptive_pools() -> None:
    # A global pool leaves one value per channel (Keras GlobalAveragePooling2D: (None, C)); an adaptive
    # pool's output is its output_size whatever the input (torchvision AlexNet's AdaptiveAvgPool2d((6, 6))).
    assert one("[512, 7, 7]", "{type: global_avgpool}").output_shape == (512,)
    assert one("[512, 7, 7]", "{type: GlobalMaxPooling2D}").output_shape == (512,)
    assert one("[256, 6, 6]", "{type: AdaptiveAvgPool2d, output_size: [6, 6]}").output_shape == (256, 6, 6)
    assert one("[256, 13, 13]", "{type: adaptive_maxpool, output_size: 1}").output_shape == (256, 1, 1)


def test_flatten_rule() -> None:
    layer = one("[256, 6, 6]", "{type: flatten}")
    assert (layer.output_shape, layer.params) == ((9_216,), 0)  # 256·36


def test_dense_rule_flat_and_per_position() -> None:
    (_, fc) = layers(
        "input: [256, 6, 6]\nlayers:\n  - {type: flatten}\n  - {type: Linear, out_features: 4096}\n"
    )
    assert (fc.output_shape, fc.params, fc.macs) == ((4_096,), 37_752_832, 9_216 * 4_096)
    assert not fc.notes
    # Keras' Dense on C5's 120×1×1 output, per position: (120 + 1)·84 = 10,164
    per_position = one("[120, 1, 1]", "{type: dense, units: 84}")
    assert (per_position.output_shape, per_position.params) == ((84, 1, 1), 10_164)
    assert {note.kind for note in per_position.notes} == {"dense_per_position"}
    # on a 4×4 map, the same weights at 16 positions: params (8 + 1)·3 = 27, MACs 8·3 × 16 = 384
    wide = one("[8, 4, 4]", "{type: dense, units: 3}")
    assert (wide.output_shape, wide.params, wide.macs) == ((3, 4, 4), 27, 8 * 3 * 16)


def test_batchnorm_rule_keras_counting() -> None:
    # Keras: γ, β trainable (2·64 = 128), moving mean and variance non-trainable (2·64 = 128)
    layer = one("[64, 8, 8]", "{type: BatchNormalization}")
    assert (layer.output_shape, layer.params, layer.trainable_params) == ((64, 8, 8), 256, 128)
    assert layer.non_trainable_params == 128


def test_shape_preserving_layers() -> None:
    for kind in ("dropout", "relu", "tanh", "softmax", "lrn", "{type: activation, function: relu}"):
        text = kind if kind.startswith("{") else f"{{type: {kind}}}"
        layer = one("[3, 5, 5]", text)
        assert (layer.output_shape, layer.params, layer.macs) == ((3, 5, 5), 0, 0), kind


def test_zero_padding_rule() -> None:
    assert one("[3, 28, 28]", "{type: ZeroPadding2D, padding: 2}").output_shape == (3, 32, 32)
    assert one("[3, 28, 30]", "{type: zero_padding, padding: [1, 3]}").output_shape == (3, 30, 36)


def test_lenet5_keras_chain() -> None:
    # ToBig's notes, layer by layer: 28×28×6 (156), 14×14×6, 10×10×16 (2,416), 5×5×16,
    # 1×1×120 (48,120), 84 (10,164), 10 (850); total 61,706.
    text = (
        "input: [1, 32, 32]\nlayers:\n"
        "  - {type: conv2d, filters: 6, kernel: 5}\n  - {type: avgpool, kernel: 2}\n"
        "  - {type: conv2d, filters: 16, kernel: 5}\n  - {type: avgpool, kernel: 2}\n"
        "  - {type: conv2d, filters: 120, kernel: 5}\n"
        "  - {type: dense, units: 84}\n  - {type: dense, units: 10}\n"
    )
    result = calculate(validate_document(parse_text(text)))
    assert [layer.output_shape for layer in result.layers] == [
        (6, 28, 28),
        (6, 14, 14),
        (16, 10, 10),
        (16, 5, 5),
        (120, 1, 1),
        (84, 1, 1),
        (10, 1, 1),
    ]
    assert result.total_params == 156 + 2_416 + 48_120 + 10_164 + 850 == 61_706
    # MACs: 117,600 + 16·100·150 + 120·400 + 120·84 + 84·10
    assert result.total_macs == 117_600 + 240_000 + 48_000 + 10_080 + 840


def test_lenet5_original_with_trainable_subsampling() -> None:
    # seeds: S2 has 12 trainable params, S4 2·16 = 32.
    text = (
        "input: [1, 32, 32]\nlayers:\n"
        "  - {type: conv2d, filters: 6, kernel: 5}\n  - {type: avgpool, kernel: 2, trainable: true}\n"
        "  - {type: conv2d, filters: 16, kernel: 5}\n  - {type: avgpool, kernel: 2, trainable: true}\n"
    )
    assert [layer.params for layer in layers(text)] == [156, 12, 2_416, 32]


def test_engine_errors_name_the_field() -> None:
    with pytest.raises(LayerError) as kernel_too_big:
        layers("input: [1, 3, 3]\nlayers:\n  - {type: conv2d, filters: 1, kernel: 5}\n")
    (problem,) = kernel_too_big.value.problems
    assert problem.loc == ("layers", 0, "kernel")
    with pytest.raises(LayerError) as groups:
        layers("input: [3, 8, 8]\nlayers:\n  - {type: conv2d, filters: 4, kernel: 3, groups: 2}\n")
    assert groups.value.problems[0].loc == ("layers", 0, "groups")


# --- invariants (hypothesis) ---------------------------------------------------------------------

sizes = st.integers(1, 64)
small = st.integers(1, 7)


@given(n=sizes, k=small, s=small, p=st.integers(0, 4), d=st.integers(1, 3))
def test_output_size_is_the_count_of_window_positions(n: int, k: int, s: int, p: int, d: int) -> None:
    # Brute force: a window starts at every S-th position of the padded input and must fit in it.
    span = d * (k - 1) + 1
    starts = [i for i in range(0, n + 2 * p, s) if i + span <= n + 2 * p]
    if starts:
        assert f.conv_output_size(n, k, s, p, d) == len(starts)
    else:
        with pytest.raises(f.NonPositiveSize):
            f.conv_output_size(n, k, s, p, d)


@given(n=sizes, k=small, s=small, p=st.integers(0, 3))
def test_ceil_mode_counts_windows_that_start_inside(n: int, k: int, s: int, p: int) -> None:
    # PyTorch: windows may run off the end if they start in the left padding or the input; one
    # window more than floor at most (the one covering the last elements). PyTorch allows P ≤ F/2.
    assume(p <= k // 2)
    span = n + 2 * p - k
    starts = [j * s for j in range(n + 2 * p + 1) if j * s < n + p and j * s <= span + s - 1]
    if starts:
        assert f.pool_output_size_ceil(n, k, s, p) == len(starts)
        if span >= 0:
            assert f.pool_output_size_ceil(n, k, s, p) >= f.conv_output_size(n, k, s, p)
    else:
        with pytest.raises(f.NonPositiveSize):
            f.pool_output_size_ceil(n, k, s, p)


@given(n=sizes, half=st.integers(0, 3), d=st.integers(1, 3))
def test_stride_1_with_half_padding_keeps_the_size(n: int, half: int, d: int) -> None:
    # P = D(F − 1)/2 with an odd kernel F = 2·half + 1
    k = 2 * half + 1
    assert f.conv_output_size(n, k, 1, d * half, d) == n


@given(n=sizes, k=small, s=small, d=st.integers(1, 3))
def test_same_padding_gives_ceil_n_over_s(n: int, k: int, s: int, d: int) -> None:
    before, after = f.same_padding(n, k, s, d)
    assert after - before in (0, 1)  # TensorFlow puts the odd one after
    assert f.padded_output_size(n, k, s, before, after, d) == f.same_output_size(n, s)


@given(n=sizes, k=small, s=small, p=st.integers(0, 4))
def test_output_never_shrinks_as_the_input_grows(n: int, k: int, s: int, p: int) -> None:
    if n + 2 * p >= k:
        assert f.conv_output_size(n + 1, k, s, p) >= f.conv_output_size(n, k, s, p)


@given(n=sizes, k=small, s=small, p=st.integers(0, 3), d=st.integers(1, 2))
def test_transpose_inverts_the_conv_size(n: int, k: int, s: int, p: int, d: int) -> None:
    # A conv from N gives O; the transposed conv from O gives back N once output_padding
    # restores the (N + 2P − D(F − 1) − 1) mod S rows the conv's floor dropped.
    if n + 2 * p < d * (k - 1) + 1:
        return
    out = f.conv_output_size(n, k, s, p, d)
    dropped = (n + 2 * p - d * (k - 1) - 1) % s
    try:
        back = f.conv_transpose_output_size(out, k, s, p, dropped, d)
    except f.NonPositiveSize:
        return
    assert back == n


@settings(max_examples=50, deadline=None)
@given(
    filters=st.lists(st.integers(1, 8), min_size=1, max_size=4),
    n=st.integers(16, 40),
)
def test_rows_sum_to_totals(filters: list[int], n: int) -> None:
    body = "".join(
        f"  - {{type: conv2d, filters: {c}, kernel: 3, padding: 1}}\n  - {{type: batchnorm}}\n"
        for c in filters
    )
    result = calculate(
        validate_document(parse_text(f"input: [3, {n}, {n}]\nlayers:\n{body}  - {{type: flatten}}\n"))
    )
    assert result.total_params == sum(layer.params for layer in result.layers)
    assert result.trainable_params == sum(layer.trainable_params for layer in result.layers)
    assert result.total_macs == sum(layer.macs for layer in result.layers)
    assert result.non_trainable_params == 2 * sum(filters)  # the running statistics


# Worked by hand from nn.PixelShuffle's documentation: (*, C·r², H, W) → (*, C, H·r, W·r).
@pytest.mark.parametrize(
    ("shape", "factor", "expected"),
    [
        ((64, 8, 8), 2, (16, 16, 16)),  # 64/2² = 16 channels; 8·2 = 16
        ((18, 5, 7), 3, (2, 15, 21)),  # 18/3² = 2; 5·3 = 15; 7·3 = 21
        ((4, 1, 1), 2, (1, 2, 2)),  # 4/2² = 1; 1·2 = 2
        ((7, 3, 4), 1, (7, 3, 4)),  # r = 1 changes nothing
    ],
)
def test_pixel_shuffle_output_shape(shape: tuple[int, ...], factor: int, expected: tuple[int, ...]) -> None:
    assert f.pixel_shuffle_output_shape(shape, factor) == expected


def test_pixel_shuffle_refuses_channels_not_a_multiple_of_r_squared() -> None:
    # 6/2² = 1.5 and 12/3² = 1.33…: no whole number of output channels
    for shape, factor in (((6, 4, 4), 2), ((12, 2, 2), 3)):
        with pytest.raises(f.NotDivisible, match=f"{shape[0]} channels cannot be shuffled by r = {factor}"):
            f.pixel_shuffle_output_shape(shape, factor)


# ── kinds-a: broadcasting (NumPy's rule), torch.chunk's parts, a channel shuffle's groups ──


@pytest.mark.parametrize(
    ("shapes", "expected"),
    [
        (((64, 1, 1), (64, 56, 56)), (64, 56, 56)),  # an SE gate: 1 → 56 on both spatial axes
        (((1, 8, 8), (3, 8, 8)), (3, 8, 8)),  # one channel repeated three times
        (((2, 1, 5), (1, 4, 5), (2, 4, 1)), (2, 4, 5)),  # three inputs, each axis max of equal-or-1
        (((7,), (7,)), (7,)),  # flat vectors of one length
        (((4, 6, 6), (3, 8, 8)), None),  # 4 vs 3: neither is 1
        (((2, 1, 1), (3, 1, 1)), None),
        (((64,), (64, 7, 7)), None),  # different ranks: the batch axis would meet the height
    ],
)
def test_broadcast_shape(shapes: tuple[tuple[int, ...], ...], expected: tuple[int, ...] | None) -> None:
    assert f.broadcast_shape(shapes) == expected


@given(st.lists(st.integers(1, 6), min_size=1, max_size=3), st.integers(0, 2**3 - 1))
def test_broadcasting_a_shape_against_its_ones_gives_it(shape: list[int], mask: int) -> None:
    """Any shape with some axes set to 1 broadcasts back to the shape (by NumPy's rule)."""
    ones = tuple(1 if mask >> axis & 1 else size for axis, size in enumerate(shape))
    assert f.broadcast_shape((ones, tuple(shape))) == tuple(shape)


# torch.chunk(x, n): ⌈C/n⌉ a part, the last what is left — possibly fewer than n parts.
@pytest.mark.parametrize(
    ("channels", "chunks", "expected"),
    [
        (116, 2, (58, 58)),  # ShuffleNetV2's split
        (5, 2, (3, 2)),  # ⌈5/2⌉ = 3, then 2
        (100, 3, (34, 34, 32)),  # ⌈100/3⌉ = 34, 34, then 100 − 68 = 32
        (5, 4, (2, 2, 1)),  # ⌈5/4⌉ = 2: three parts, not four
        (6, 4, (2, 2, 2)),  # ⌈6/4⌉ = 2: three parts
        (3, 5, (1, 1, 1)),  # more chunks than channels: one channel each
    ],
)
def test_chunk_sizes(channels: int, chunks: int, expected: tuple[int, ...]) -> None:
    assert f.chunk_sizes(channels, chunks) == expected
    assert sum(expected) == channels


def test_channel_shuffle_group_size() -> None:
    assert f.channel_shuffle_group_size(116, 2) == 58  # 116/2
    assert f.channel_shuffle_group_size(240, 3) == 80  # ShuffleNet v1's g = 3
    with pytest.raises(f.NotDivisible, match="6 channels cannot be shuffled in 4 groups"):
        f.channel_shuffle_group_size(6, 4)


# --- kinds-b: worked by hand from nn.PixelUnshuffle's and F.interpolate's documentation ---------


def test_pixel_unshuffle_output_shape() -> None:
    assert f.pixel_unshuffle_output_shape((16, 16, 16), 2) == (64, 8, 8)
    assert f.pixel_unshuffle_output_shape((3, 9, 6), 3) == (27, 3, 2)
    with pytest.raises(f.NotDivisible):
        f.pixel_unshuffle_output_shape((3, 9, 7), 3)


@pytest.mark.parametrize(
    ("n", "s", "out"), [(8, 2.0, 16), (7, 1.5, 10), (7, 0.5, 3), (100, 0.29, 28), (10, 0.7, 7)]
)
def test_interpolated_size_floors_the_double_product(n: int, s: float, out: int) -> None:
    assert f.interpolated_size(n, s) == out


def test_interpolation_step_and_first_point() -> None:
    # PyTorch's area_pixel_compute_scale: 1/s, N/OUT, or (N − 1)/(OUT − 1) with align_corners.
    assert f.interpolation_step(8, 12, 1.5, False) == Fraction(2, 3)
    assert f.interpolation_step(12, 5, None, False) == Fraction(12, 5)
    assert f.interpolation_step(8, 12, 1.5, True) == Fraction(7, 11)
    # Half-pixel centres: output 0 samples (0 + ½)·(1/2) − ½ = −¼.
    assert f.interpolation_first_point(Fraction(1, 2), "linear", False) == Fraction(-1, 4)
    assert f.interpolation_first_point(Fraction(1, 2), "bilinear", True) == 0


def test_norm_param_count() -> None:
    assert f.norm_param_count(96) == 192
    assert f.norm_param_count(96, bias=False) == 96
    assert f.norm_param_count(96, affine=False) == 0
