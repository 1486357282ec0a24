"""cnncalc against PyTorch: the committed reference (no torch needed) and, with torch, live.

``tools/reference.py`` builds every spec as ``torch.nn`` modules without any of cnncalc's code and
writes ``tests/reference/<spec>.json``. Regenerate after changing a shipped spec:

    python3 -m venv /work/torchenv && /work/torchenv/bin/pip install torch==2.13.0 pyyaml
    /work/torchenv/bin/python tools/reference.py specs/*.yaml tests/reference_specs/*.yaml
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import NetworkResult
from cnncalc.errors import LayerError
from cnncalc.spec.models import Spec
from cnncalc.spec.validate import load_spec
from tests.conftest import ROOT, SPECS

REFERENCE = ROOT / "tests" / "reference"
# Shipped specs, and specs kept here only to cover every layer kind without torch in CI.
EXTRA = ROOT / "tests" / "reference_specs"
SPEC_PATHS = {p.name: p for p in [*SPECS.glob("*.yaml"), *EXTRA.glob("*.yaml")]}
SHIPPED = sorted(SPEC_PATHS)


def engine(path: Path) -> NetworkResult:
    spec, document = load_spec(path)
    return calculate(spec, document.stem)


def assert_agrees(result: NetworkResult, reference: dict[str, Any]) -> None:
    assert len(result.layers) == len(reference["layers"])
    for mine, theirs in zip(result.layers, reference["layers"], strict=True):
        where = f"layer {theirs['index']} ({theirs['name']})"
        assert list(mine.output_shape) == theirs["output_shape"], where
        assert mine.params == theirs["params"], where
        assert mine.trainable_params == theirs["trainable_params"], where
        assert mine.macs == theirs["macs"], where
        if "output_shapes" in theirs:  # a split: every part (output_shape is the first)
            assert [list(shape) for shape in mine.output_shapes] == theirs["output_shapes"], where
    assert result.total_params == reference["total_params"]
    assert result.trainable_params == reference["trainable_params"]
    assert result.total_macs == reference["total_macs"]
    assert list(result.output_shape) == reference["output_shape"]


def test_every_spec_has_a_reference() -> None:
    assert sorted(f"{p.stem}.yaml" for p in REFERENCE.glob("*.json")) == SHIPPED


@pytest.mark.parametrize("spec_name", SHIPPED)
def test_engine_agrees_with_committed_torch_reference(spec_name: str) -> None:
    reference = json.loads((REFERENCE / spec_name.replace(".yaml", ".json")).read_text(encoding="utf-8"))
    assert_agrees(engine(SPEC_PATHS[spec_name]), reference)


# --- live, with torch ----------------------------------------------------------------------------


def load_reference_tool() -> ModuleType:
    pytest.importorskip("torch")
    location = importlib.util.spec_from_file_location("cnncalc_reference", ROOT / "tools" / "reference.py")
    assert location is not None and location.loader is not None
    module = importlib.util.module_from_spec(location)
    location.loader.exec_module(module)
    return module


@pytest.mark.parametrize("spec_name", SHIPPED)
def test_live_torch_reference_matches_committed_and_engine(spec_name: str) -> None:
    tool = load_reference_tool()
    live = tool.run_network(tool.read_spec(SPEC_PATHS[spec_name]))
    committed = json.loads((REFERENCE / spec_name.replace(".yaml", ".json")).read_text(encoding="utf-8"))
    for key in ("layers", "total_params", "trainable_params", "total_macs", "output_shape", "input_shape"):
        assert live[key] == committed[key], f"{key}: regenerate with tools/reference.py"
    assert_agrees(engine(SPEC_PATHS[spec_name]), live)


WINDOWED = ["conv", "conv_transpose", "depthwise_conv", "separable_conv", "maxpool", "avgpool"]
OTHERS = ["adaptive_avgpool", "adaptive_maxpool", "global_avgpool", "dense", "batchnorm", "zero_padding"]


@st.composite
def single_layer(draw: st.DrawFn) -> dict[str, Any]:
    rank = draw(st.sampled_from([1, 2, 2, 3]))
    kind = draw(st.sampled_from(WINDOWED * 3 + OTHERS))
    sizes = [draw(st.integers(1, 16 if rank < 3 else 7)) for _ in range(rank)]
    channels = draw(st.integers(1, 4))

    def ints(low: int, high: int) -> list[int]:
        return [draw(st.integers(low, high)) for _ in range(rank)]

    layer: dict[str, Any] = {"type": f"{kind}{rank}d" if kind != "dense" else "dense"}
    if kind in OTHERS:
        if kind.startswith("adaptive"):
            layer["output_size"] = ints(1, 8)
        elif kind == "dense":
            layer |= {"units": draw(st.integers(1, 5)), "bias": draw(st.booleans())}
        elif kind == "zero_padding":
            layer["padding"] = ints(0, 3)
        return {"input": [channels, *sizes], "layers": [layer]}
    layer |= {"kernel": ints(1, 6), "stride": ints(1, 4)}
    dilation = ints(1, 3)
    padding: Any = ints(0, 3)
    if kind in ("conv", "conv_transpose"):
        groups = draw(st.integers(1, 3))
        channels *= groups
        layer |= {"filters": groups * draw(st.integers(1, 3)), "groups": groups, "dilation": dilation}
        if kind == "conv_transpose":
            layer["output_padding"] = ints(0, 2)
    elif kind in ("depthwise_conv", "separable_conv"):
        layer |= {"depth_multiplier": draw(st.integers(1, 2)), "dilation": dilation}
        if kind == "separable_conv":
            layer["filters"] = draw(st.integers(1, 4))
    else:
        layer["ceil_mode"] = draw(st.booleans())
        if kind == "maxpool":
            layer["dilation"] = dilation
        if draw(st.booleans()):
            del layer["stride"]  # defaults to the kernel
    if kind != "conv_transpose" and not layer.get("ceil_mode"):
        padding = draw(st.sampled_from([padding, "same", "valid"]))
    if kind not in ("maxpool", "avgpool"):
        layer["bias"] = draw(st.booleans())
    layer["padding"] = padding
    return {"input": [channels, *sizes], "layers": [layer]}


# CNNCALC_TORCH_EXAMPLES=5000 for a longer hunt.
@settings(
    max_examples=int(os.environ.get("CNNCALC_TORCH_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(spec=single_layer())
def test_random_single_layers_agree_with_torch(spec: dict[str, Any]) -> None:
    compare_with_torch(spec)


def compare_with_torch(spec: dict[str, Any]) -> None:
    """Both refuse the spec, or both compute the same shapes and counts for every layer."""
    tool = load_reference_tool()
    try:
        theirs = tool.run_network(spec)
    except (RuntimeError, ValueError) as exc:
        theirs = exc
    try:
        mine = calculate(Spec.model_validate(spec))
    except LayerError as exc:
        assert isinstance(theirs, Exception), f"cnncalc refused what torch computes: {exc} vs {theirs}"
        return
    assert not isinstance(theirs, Exception), f"torch refused what cnncalc computed: {theirs}"
    assert_agrees(mine, theirs)


@st.composite
def chain(draw: st.DrawFn) -> dict[str, Any]:
    """A few layers in a row on a 2-D input, so shapes must carry from one layer to the next."""
    layers: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(2, 5))):
        kind = draw(
            st.sampled_from(["conv", "maxpool", "avgpool", "depthwise", "separable", "bn", "relu", "pad"])
        )
        kernel = draw(st.integers(1, 4))
        padding = draw(st.sampled_from([0, 1, "same", "valid"]))
        if kind == "conv":
            layers.append(
                {
                    "type": "Conv2d",
                    "out_channels": draw(st.integers(1, 6)),
                    "kernel_size": kernel,
                    "padding": padding,
                }
                | {"strides": draw(st.integers(1, 3))}
            )
        elif kind in ("maxpool", "avgpool"):
            layers.append({"type": f"{kind}2d", "pool_size": kernel, "ceil_mode": draw(st.booleans())})
        elif kind == "depthwise":
            layers.append({"type": "DepthwiseConv2D", "kernel": kernel, "padding": padding})
        elif kind == "separable":
            layers.append({"type": "SeparableConv2D", "filters": draw(st.integers(1, 6)), "kernel": kernel})
        elif kind == "bn":
            layers.append({"type": "BatchNorm2d"})
        elif kind == "relu":
            layers.append({"type": "relu"})
        else:
            layers.append({"type": "ZeroPadding2D", "padding": draw(st.integers(0, 2))})
    layers += draw(
        st.sampled_from(
            [
                [{"type": "flatten"}, {"type": "Linear", "units": 10}],
                [{"type": "global_avgpool"}, {"type": "dense", "units": 3}],
                [{"type": "dense", "units": 4}],
            ]
        )
    )
    size = draw(st.integers(8, 40))
    return {
        "input": {"channels": draw(st.integers(1, 4)), "height": size, "width": size + 3},
        "layers": layers,
    }


@settings(
    max_examples=int(os.environ.get("CNNCALC_TORCH_EXAMPLES", "400")) // 4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(spec=chain())
def test_random_chains_agree_with_torch(spec: dict[str, Any]) -> None:
    compare_with_torch(spec)
