"""Every shipped spec against its published numbers (not against what cnncalc printed)."""

from __future__ import annotations

import pytest

from cnncalc.engine.calculator import calculate
from cnncalc.spec.validate import load_spec
from tests.conftest import SPECS

# Independent sources: Keras' model.summary() of the seeds' LeNet-5; torchvision's published
# counts; CS231n lecture 5 worked by hand: (5·5·3 + 1)·10 = 760.
PUBLISHED = {
    "lenet5.yaml": (61_706, [10, 1, 1]),
    "lenet5_torch.yaml": (61_706, [10]),
    "cs231n_conv.yaml": (760, [10, 32, 32]),
    "alexnet.yaml": (61_100_840, [1000]),
    "vgg16.yaml": (138_357_544, [1000]),
    "stride_mismatch.yaml": ((3 * 3 * 1 + 1) * 1, [1, 2, 2]),
}


@pytest.mark.parametrize("spec_name", sorted(PUBLISHED))
def test_shipped_spec_matches_published_count(spec_name: str) -> None:
    spec, document = load_spec(SPECS / spec_name)
    result = calculate(spec, document.stem)
    total, output = PUBLISHED[spec_name]
    assert result.total_params == total
    assert list(result.output_shape) == output


def test_lenet5_layer_by_layer_as_the_lecture_notes() -> None:
    # ToBig's: C1 28×28×6 (156), S2 14×14×6, C3 10×10×16 (2,416), S4 5×5×16, C5 1×1×120 (48,120),
    # F6 84 (10,164), output 10 (850).
    spec, _ = load_spec(SPECS / "lenet5.yaml")
    layers = calculate(spec).layers
    assert [(layer.output_shape, layer.params) for layer in layers] == [
        ((6, 28, 28), 156),
        ((6, 14, 14), 0),
        ((16, 10, 10), 2_416),
        ((16, 5, 5), 0),
        ((120, 1, 1), 48_120),
        ((84, 1, 1), 10_164),
        ((10, 1, 1), 850),
    ]


def test_stride_mismatch_is_flagged_with_its_fraction() -> None:
    spec, _ = load_spec(SPECS / "stride_mismatch.yaml")
    (layer,) = calculate(spec).layers
    assert layer.output_shape == (1, 2, 2)
    assert {(flag.kind, str(flag.exact)) for flag in layer.warnings} == {("stride_does_not_fit", "7/3")}


def test_alexnet_conv1_floors_55_25_to_55() -> None:
    spec, _ = load_spec(SPECS / "alexnet.yaml")
    conv1 = calculate(spec).layers[0]
    assert conv1.output_shape == (64, 55, 55)
    assert {str(flag.exact) for flag in conv1.warnings} == {"221/4"}
