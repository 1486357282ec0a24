"""Every zoo spec against torchvision itself (tests/reference/zoo/<builder>.json, written by
tools/zoo_reference.py): the totals equal the weights' published num_params and _ops, and layer by
layer, every module of torchvision's model is a layer of the spec under its named_modules() name,
with its output shape and parameter count. No torch needed; with torch, one model is rebuilt live.
The generated index of the listing (cnncalc/zoo/index.py) must hold the figures computed here."""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import sys
import types
from collections.abc import Callable
from typing import Any

import pytest

from cnncalc import zoo
from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import NetworkResult
from cnncalc.render.formatting import number_value
from cnncalc.spec.models import Spec
from cnncalc.spec.validate import load_spec
from tests.conftest import ROOT

ZOO = ROOT / "zoo"
REFERENCE = ROOT / "tests" / "reference" / "zoo"
BUILDERS = sorted(path.stem for path in ZOO.glob("*.yaml"))


@functools.cache
def computed(builder: str) -> tuple[Spec, NetworkResult]:
    spec, document = load_spec(ZOO / f"{builder}.yaml")
    return spec, calculate(spec, document.stem)


@functools.cache
def reference(builder: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCE / f"{builder}.json").read_text(encoding="utf-8"))
    return data


def test_every_zoo_spec_has_a_torchvision_reference_and_the_zoo_is_what_the_package_finds() -> None:
    assert BUILDERS, "zoo/ is empty"
    assert sorted(path.stem for path in REFERENCE.glob("*.json")) == BUILDERS
    assert sorted(zoo.names()) == BUILDERS


@pytest.mark.parametrize("builder", BUILDERS)
def test_totals_are_torchvisions_published_figures(builder: str) -> None:
    spec, result = computed(builder)
    ref = reference(builder)
    assert list(result.input_shape) == ref["input"]  # the weights' own input size
    assert result.trainable_params == ref["num_params"] == ref["model_params"]
    # FlopCounterMode's FLOPs / 2; with the aux heads a spec counts too where eval mode skips them
    # (inception_v3: its published _ops leaves them out, its published num_params does not).
    assert result.total_macs == ref.get("macs_with_aux", ref["macs"])
    assert round(ref["macs"] / 1e9, 3) == ref["ops_gmacs"]  # torchvision publishes 3 decimals
    if "macs_with_aux" not in ref:
        assert round(result.total_macs / 1e9, 3) == ref["ops_gmacs"]
    # The spec's own answers say the same (what `cnncalc check zoo/` holds).
    assert spec.expect is not None
    assert spec.expect.trainable_params == ref["num_params"]
    assert spec.expect.total_macs == ref.get("macs_with_aux", ref["macs"])
    assert spec.name == builder


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_torchvision_module_is_a_layer_of_that_name_with_its_shape_and_parameters(builder: str) -> None:
    _, result = computed(builder)
    layers = {layer.name: layer for layer in result.layers}
    wrong = []
    for name, shape, params, *_ in reference(builder)["modules"]:
        if shape is None and not params:
            continue  # never called, nothing to count
        layer = layers.get(name)
        if layer is None:
            wrong.append(f"{name}: no layer of that name")
        elif shape is not None and list(layer.output_shape) != shape:
            wrong.append(f"{name}: output {list(layer.output_shape)}, torchvision {shape}")
        elif layer.trainable_params != params:
            wrong.append(f"{name}: {layer.trainable_params} parameters, torchvision {params}")
    assert not wrong, "\n".join(wrong[:20])


# Functional in-place calls of forward() (no module to read the attribute from), from
# torchvision's source: BasicConv2d.forward's F.relu(x, inplace=True) (googlenet.py, inception.py)
# and DenseNet.forward's F.relu(features, inplace=True) (densenet.py): builder → the layers' names.
FUNCTIONAL_IN_PLACE: dict[str, Callable[[str], bool]] = {
    "googlenet": lambda name: name.endswith(".relu"),
    "inception_v3": lambda name: name.endswith(".relu"),
} | {f"densenet{depth}": (lambda name: name == "relu") for depth in (121, 161, 169, 201)}


def _module_of(name: str, recorded: dict[str, bool]) -> str | None:
    """The torchvision module a spec layer is a call of: its own name, or, for a module's earlier
    calls, the name without the call's number (resnet's one self.relu: relu1, relu2, then relu)."""
    if name in recorded:
        return name
    stem = name.rstrip("0123456789")
    return stem if stem != name and stem in recorded else None


@pytest.mark.parametrize("builder", BUILDERS)
def test_activations_are_in_place_exactly_where_torchvisions_modules_are(builder: str) -> None:
    # The reference's fourth item is the module's own inplace attribute (nn.ReLU(inplace=True), …).
    recorded = {entry[0]: entry[3] for entry in reference(builder)["modules"] if len(entry) == 4}
    functional = FUNCTIONAL_IN_PLACE.get(builder, lambda name: False)
    _, result = computed(builder)
    wrong = []
    for layer in result.layers:
        inplace = getattr(layer.layer, "inplace", None)
        if inplace is None:
            continue  # a kind without the field (dropout: its inplace=True is not modelled)
        module = _module_of(layer.name, recorded)
        if module is not None and inplace != recorded[module]:
            wrong.append(f"{layer.name}: inplace {inplace}, torchvision's {module} {recorded[module]}")
        elif module is None and inplace != functional(layer.name):
            called = "calls it in place" if functional(layer.name) else "has no in-place module or call of it"
            wrong.append(f"{layer.name}: inplace {inplace}, but torchvision {called}")
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize("builder", BUILDERS)
def test_the_generated_index_holds_the_computed_figures(builder: str) -> None:
    from cnncalc.zoo.index import ENTRIES

    entry = {each.name: each for each in ENTRIES}.get(builder)
    assert entry is not None, "run python tools/zoo_index.py"
    _, result = computed(builder)
    field = zoo.feature_field(result.layers)
    assert field is not None
    assert entry == zoo.ZooEntry(
        builder,
        tuple(result.input_shape),
        result.total_params,
        result.trainable_params,
        result.total_macs,
        tuple(number_value(size) for size in field.size),  # as the index writes it (a fraction: a float)
    ), "the index is stale: run python tools/zoo_index.py"


def test_the_index_lists_exactly_the_zoo() -> None:
    from cnncalc.zoo.index import ENTRIES

    assert [entry.name for entry in ENTRIES] == zoo.names(), "run python tools/zoo_index.py"


def test_live_torchvision_agrees_with_the_committed_reference() -> None:
    # torchvision's C++ ops do not load against torch's CPU build; the models need none (README).
    stub = "torchvision._meta_registrations"
    sys.modules.setdefault(stub, types.ModuleType(stub))
    pytest.importorskip("torchvision")
    location = importlib.util.spec_from_file_location("zoo_reference", ROOT / "tools" / "zoo_reference.py")
    assert location is not None and location.loader is not None
    tool = importlib.util.module_from_spec(location)
    location.loader.exec_module(tool)
    assert json.loads(tool.compact(tool.reference("alexnet"))) == reference("alexnet")


@pytest.mark.parametrize("builder", BUILDERS)
def test_the_exported_pytorch_code_has_torchvisions_parameter_count(builder: str, tmp_path: Any) -> None:
    from cnncalc.render.export import render_pytorch
    from tests.test_export import HARNESS, _python_with

    python = _python_with("torch", "CNNCALC_TORCH_PYTHON")
    if python is None:
        pytest.skip("torch is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    _, result = computed(builder)
    text = render_pytorch(result)
    code, harness = tmp_path / "exported.py", tmp_path / "harness.py"
    code.write_text(text, encoding="utf-8")
    harness.write_text(HARNESS, encoding="utf-8")
    model_class = text.split("\nclass ")[-1].split("(")[0]
    shape = json.dumps([1, *result.input_shape])
    run = subprocess.run(
        [python, str(harness), str(code), model_class, shape], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    torch_says = json.loads(run.stdout.strip().splitlines()[-1])
    assert torch_says["params"] == reference(builder)["num_params"]
    assert torch_says["shape"] == [1, *result.output_shape]
