"""The model zoo against published counts (torchvision's model cards, the papers, the tutorials)
and, where nothing is published, against counts worked by hand from the formulas."""

from __future__ import annotations

import pytest

from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import NetworkResult
from cnncalc.spec.validate import load_spec
from tests.conftest import SPECS


def conv3(c_in: int, c_out: int) -> int:
    return (9 * c_in + 1) * c_out


def up2(c_in: int, c_out: int) -> int:
    return (4 * c_in + 1) * c_out


def conv333(c_in: int, c_out: int) -> int:
    return (27 * c_in + 1) * c_out


UNET_BY_HAND = (
    conv3(1, 16) + conv3(16, 16) + conv3(16, 32) + conv3(32, 32) + conv3(32, 64) + conv3(64, 64)
    + conv3(64, 128) + conv3(128, 128)
    + up2(128, 64) + conv3(128, 64) + conv3(64, 64)
    + up2(64, 32) + conv3(64, 32) + conv3(32, 32)
    + up2(32, 16) + conv3(32, 16) + conv3(16, 16)
    + (16 + 1) * 2
)  # fmt: skip
C3D_BY_HAND = (
    conv333(3, 64) + conv333(64, 128) + conv333(128, 256) + conv333(256, 256) + conv333(256, 512)
    + 3 * conv333(512, 512)
    + (512 * 1 * 4 * 4 + 1) * 4096 + (4096 + 1) * 4096 + (4096 + 1) * 487
)  # fmt: skip
# GoogLeNet Table 1, inception (3a): weights only, F·F·C·FN per conv.
INCEPTION_WEIGHTS = 192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 25 * 16 * 32 + 192 * 32

# spec → (key, published or hand-worked value, output shape)
ZOO = {
    "resnet18.yaml": ("trainable_params", 11_689_512, [1000]),
    "resnet50.yaml": ("trainable_params", 25_557_032, [1000]),
    "mobilenet_v2.yaml": ("trainable_params", 3_504_872, [1000]),
    "inception_3a.yaml": ("total_params", INCEPTION_WEIGHTS, [256, 28, 28]),
    "unet_small.yaml": ("total_params", UNET_BY_HAND, [2, 64, 64]),
    # PyTorch's speech-command tutorial prints "Number of parameters: 26915" for M5(n_output=35); by hand:
    # conv1d (80·1 + 1)·32 = 2,592, (3·32 + 1)·32 = 3,104, (3·32 + 1)·64 = 6,208, (3·64 + 1)·64 = 12,352,
    # four batch norms 2·(32 + 32 + 64 + 64) = 384 (γ, β), fc (64 + 1)·35 = 2,275 → 26,915.
    "audio_m5.yaml": ("trainable_params", 26_915, [35]),
    "c3d.yaml": ("total_params", C3D_BY_HAND, [487]),
}


def compute(name: str) -> NetworkResult:
    spec, document = load_spec(SPECS / name)
    return calculate(spec, document.stem)


@pytest.mark.parametrize("spec_name", sorted(ZOO))
def test_zoo_spec_matches_its_published_count(spec_name: str) -> None:
    key, value, output = ZOO[spec_name]
    result = compute(spec_name)
    assert getattr(result, key) == value
    assert list(result.output_shape) == output


@pytest.mark.parametrize("spec_name", sorted(ZOO))
def test_zoo_spec_expect_block_states_the_same_count(spec_name: str) -> None:
    spec, _ = load_spec(SPECS / spec_name)
    key, value, output = ZOO[spec_name]
    assert spec.expect is not None
    assert getattr(spec.expect, key) == value
    assert spec.expect.output == output


def test_inception_3a_is_the_papers_159k_and_128m() -> None:
    result = compute("inception_3a.yaml")
    assert result.total_params // 1024 == 159  # "159K" in Table 1
    assert round(result.total_macs / 1e6) == 128  # "128M" ops: weights × 28·28 positions
    assert result.total_macs == INCEPTION_WEIGHTS * 28 * 28


@pytest.mark.parametrize(
    ("spec_name", "gmacs"), [("resnet18.yaml", 1.81), ("resnet50.yaml", 4.09), ("mobilenet_v2.yaml", 0.30)]
)
def test_macs_match_torchvisions_published_gflops(spec_name: str, gmacs: float) -> None:
    # torchvision's model cards list GFLOPS as multiply-accumulates of the convs and the classifier.
    assert round(compute(spec_name).total_macs / 1e9, 2) == gmacs


def test_resnet18_layer_by_layer_as_torchvision() -> None:
    # torchvision's resnet18: the modules that hold parameters, in registration order.
    expected = ["conv1", "bn1"]
    for stage in range(1, 5):
        for block in range(2):
            prefix = f"layer{stage}.{block}"
            expected += [f"{prefix}.{n}" for n in ("conv1", "bn1", "conv2", "bn2")]
            if stage > 1 and block == 0:
                expected += [f"{prefix}.downsample.0", f"{prefix}.downsample.1"]
    expected.append("fc")
    result = compute("resnet18.yaml")
    with_params = [layer.name for layer in result.layers if layer.params]
    assert with_params == expected
    outputs = {layer.name: list(layer.output_shape) for layer in result.layers}
    # torchvision's documented stage outputs for 224×224.
    assert outputs["maxpool"] == [64, 56, 56]
    assert outputs["layer1.1.relu_out"] == [64, 56, 56]
    assert outputs["layer2.1.relu_out"] == [128, 28, 28]
    assert outputs["layer3.1.relu_out"] == [256, 14, 14]
    assert outputs["layer4.1.relu_out"] == [512, 7, 7]
