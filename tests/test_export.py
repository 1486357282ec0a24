"""``cnncalc export``: the code compiles always, and runs in the real framework when it is installed.

The framework is the independent source here: PyTorch's own parameter count and output shape
must equal cnncalc's. torch is found in this interpreter, or in the one named by the
environment variable ``CNNCALC_TORCH_PYTHON`` (a separate venv keeps the test extras light);
without either the running tests are skipped. Keras the same, with ``CNNCALC_KERAS_PYTHON`` (and
``KERAS_BACKEND`` if its backend is not TensorFlow: Keras 3 runs on torch too).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cnncalc.engine.calculator import calculate
from cnncalc.errors import CnncalcError
from cnncalc.render.export import render_keras, render_pytorch
from cnncalc.spec.validate import load_spec
from tests.conftest import ROOT, SPECS

SHIPPED = sorted(p.name for p in SPECS.glob("*.yaml"))

# Every layer kind PyTorch can express, with the awkward cases: TensorFlow's asymmetric 'same'
# at stride 2, a max pool with 'same', ceil_mode, LeNet's trainable subsampling, batch norm.
MIXED = """
name: mixed kinds
input: [3, 33, 33]
layers:
  - {type: conv, filters: 8, kernel: 3, stride: 2, padding: same, activation: relu}
  - {type: batchnorm}
  - {type: depthwise_conv, kernel: 3, depth_multiplier: 2, padding: 1}
  - {type: separable_conv, filters: 12, kernel: 3, padding: same}
  - {type: maxpool, kernel: 3, stride: 2, padding: same}
  - {type: conv, filters: 12, kernel: [3, 1], groups: 4, bias: false, dilation: [1, 2]}
  - {type: maxpool, kernel: 2, ceil_mode: true}
  - {type: avgpool, kernel: 2, trainable: true}
  - {type: zero_padding, padding: 1}
  - {type: conv_transpose, filters: 6, kernel: 3, stride: 2, padding: 1, output_padding: 1}
  - {type: lrn, size: 3}
  - {type: leaky_relu}
  - {type: dropout, rate: 0.2}
  - {type: global_avgpool}
  - {type: dense, units: 5, activation: softmax}
"""
LRN = "input: [3, 8, 8]\nlayers:\n  - {type: lrn, name: norm1}\n"
ONE_D = """
input: [4, 50]
layers:
  - {type: conv1d, filters: 6, kernel: 5, stride: 2}
  - {type: batchnorm}
  - {type: maxpool, kernel: 2}
  - {type: flatten}
  - {type: dense, units: 3}
  - {type: batchnorm}
"""
THREE_D = """
input: [2, 8, 16, 16]
layers:
  - {type: conv3d, filters: 4, kernel: 3, padding: 1}
  - {type: avgpool, kernel: 2}
  - {type: adaptive_maxpool, output_size: [1, 2, 2]}
"""


def result_from(path: Path):
    spec, document = load_spec(path)
    return calculate(spec, document.stem)


def spec_paths(tmp_path: Path) -> list[Path]:
    paths = [SPECS / name for name in SHIPPED]
    paths += sorted((ROOT / "tests" / "reference_specs").glob("*.yaml"))
    for name, text in (("mixed.yaml", MIXED), ("one_d.yaml", ONE_D), ("three_d.yaml", THREE_D)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("name", SHIPPED)
def test_pytorch_code_compiles(name: str) -> None:
    text = render_pytorch(result_from(SPECS / name), name)
    ast.parse(text)


HARNESS = r"""
import json, runpy, sys, torch
namespace = runpy.run_path(sys.argv[1])
model_class = namespace[sys.argv[2]]
model = model_class().eval()
shape = json.loads(sys.argv[3])
with torch.no_grad():
    out = model(torch.zeros(*shape))
buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
print(json.dumps({"params": sum(p.numel() for p in model.parameters()), "buffers": buffers,
                  "shape": list(out.shape)}))
"""


def _python_with(module: str, variable: str) -> str | None:
    if importlib.util.find_spec(module) is not None:
        return sys.executable
    candidate = os.environ.get(variable)
    return candidate if candidate and Path(candidate).exists() else None


def torchvision_says(script: str, *args: str) -> Any:
    """What ``script`` prints as JSON on its last line, run by a Python that has torchvision
    (this one, or CNNCALC_TORCH_PYTHON's); the test is skipped where there is none."""
    python = _python_with("torchvision", "CNNCALC_TORCH_PYTHON")
    if python is None:
        pytest.skip("torchvision is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    run = subprocess.run([python, "-c", script, *args], capture_output=True, text=True, timeout=300)
    if run.returncode != 0 and "No module named 'torchvision'" in run.stderr:
        pytest.skip("torchvision is not installed there")
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_exported_pytorch_runs_with_cnncalcs_numbers(tmp_path: Path) -> None:
    python = _python_with("torch", "CNNCALC_TORCH_PYTHON")
    if python is None:
        pytest.skip("torch is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    harness = tmp_path / "harness.py"
    harness.write_text(HARNESS, encoding="utf-8")
    for path in spec_paths(tmp_path):
        result = result_from(path)
        code = tmp_path / f"exported_{path.stem}.py"
        text = render_pytorch(result)
        code.write_text(text, encoding="utf-8")
        model_class = text.split("\nclass ")[-1].split("(")[0]
        run = subprocess.run(
            [python, str(harness), str(code), model_class, json.dumps([2, *result.input_shape])],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, (path.name, run.stderr[-2000:])
        torch_says = json.loads(run.stdout.strip().splitlines()[-1])
        # PyTorch counts batch-norm running statistics as buffers, not parameters.
        assert torch_says["params"] == result.trainable_params, path.name
        assert torch_says["buffers"] == result.non_trainable_params, path.name
        assert torch_says["shape"] == [2, *result.output_shape], path.name


def test_the_exported_file_runs_as_a_script_on_a_batch_norm_of_one_value(tmp_path: Path) -> None:
    """``python exported.py`` checks one sample: in training mode PyTorch's batch norm refuses a
    channel of one value (inception_v3's aux head: 768×1×1), so the script puts the model in eval mode."""
    python = _python_with("torch", "CNNCALC_TORCH_PYTHON")
    if python is None:
        pytest.skip("torch is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    spec = tmp_path / "aux.yaml"
    spec.write_text(
        "input: [8, 5, 5]\nlayers:\n  - {type: global_avgpool}\n  - {type: flatten}\n"
        "  - {type: dense, units: 4, bias: false}\n  - {type: batchnorm}\n",
        encoding="utf-8",
    )
    code = tmp_path / "aux.py"
    code.write_text(render_pytorch(result_from(spec)), encoding="utf-8")
    run = subprocess.run([python, str(code)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "output shape: (1, 4) (cnncalc: (1, 4))" in run.stdout
    assert "parameters: 40 (cnncalc: 40)" in run.stdout  # 8·4 weights + 2·4 for the batch norm


def test_exported_keras_runs_with_cnncalcs_numbers(tmp_path: Path) -> None:
    python = _python_with("keras", "CNNCALC_KERAS_PYTHON")
    if python is None:
        pytest.skip("keras is not installed here (set CNNCALC_KERAS_PYTHON to a python that has it)")
    probe = (
        "import json, runpy, sys; m = runpy.run_path(sys.argv[1])['model']; "
        "print(json.dumps({'params': m.count_params(), 'shape': list(m.output_shape)[1:]}))"
    )
    for name in SHIPPED:
        result = result_from(SPECS / name)
        code = tmp_path / f"k_{Path(name).stem}.py"
        code.write_text(render_keras(result), encoding="utf-8")
        run = subprocess.run([python, "-c", probe, str(code)], capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, (name, run.stderr[-2000:])
        keras_says = json.loads(run.stdout.strip().splitlines()[-1])
        # Keras counts batch-norm running statistics as (non-trainable) parameters, as cnncalc does.
        assert keras_says["params"] == result.total_params, name
        assert keras_says["shape"] == [*result.output_shape[1:], result.output_shape[0]], name


def test_a_layer_keras_cannot_express_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "lrn.yaml"
    path.write_text(LRN, encoding="utf-8")
    with pytest.raises(CnncalcError, match=r"layer 1 \(norm1\).*Keras has no layer for local response"):
        render_keras(result_from(path))


def test_cli_export_error_is_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "lrn.yaml"
    path.write_text(LRN, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "cnncalc", "export", str(path), "--to", "keras"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        f"error: {path}:3: layer 1 (norm1), type: Keras has no layer for local response normalisation "
        "with the same arithmetic (change the layer, or export to the other framework)"
    ]


@pytest.mark.parametrize(
    ("spec", "to", "expected"),
    [
        # The lecture notes' LeNet-5 in PyTorch, as a student writes it.
        ("lenet5_torch.yaml", "pytorch", [
            "class LeNet5PyTorch(nn.Module):",
            "nn.Conv2d(1, 6, kernel_size=5)",
            "nn.Conv2d(6, 16, kernel_size=5)",
            "def forward(self, x: torch.Tensor) -> torch.Tensor:",
        ]),
        # The notes' LeNet-5 in Keras: channels-last input, tanh.
        ("lenet5.yaml", "keras", [
            "keras.Input(shape=(32, 32, 1))",
            "layers.Conv2D(6, kernel_size=5, strides=1, padding='valid', activation='tanh', name='C1')",
            "layers.Dense(84, activation='tanh', name='F6')",
        ]),
        # A numeric padding becomes ZeroPadding2D; torchvision's AdaptiveAvgPool2d((6, 6)) on a 6×6 map
        # is a 1×1 pool.
        ("alexnet.yaml", "keras", [
            "layers.ZeroPadding2D(2, name='conv1_pad')",
            "layers.AveragePooling2D(pool_size=1, strides=1, name='avgpool')",
        ]),
        # torchvision's BasicBlock: out = bn2(conv2(…)) + identity, then relu; each output named.
        ("resnet18.yaml", "pytorch", [
            "layer1_0_add = layer1_0_bn2 + maxpool",
            "layer2_0_add = layer2_0_bn2 + layer2_0_downsample_1",
            "return fc",
        ]),
        # Inception's branches concatenated; the 3×3 /1 p1 max pool is TensorFlow's 'same' pool
        # (⌈N/1⌉ = N, total padding 2 split 1 and 1).
        ("inception_3a.yaml", "keras", [
            "layers.Concatenate(axis=-1, name='inception3a_concat')([",
            "layers.MaxPooling2D(pool_size=3, strides=1, padding='same'",
        ]),
    ],
)  # fmt: skip
def test_exported_code_parses_and_reads_as_written_by_hand(spec: str, to: str, expected: list[str]) -> None:
    render = render_pytorch if to == "pytorch" else render_keras
    text = render(result_from(SPECS / spec))
    ast.parse(text)
    for line in expected:
        assert line in text


def test_keras_transposed_conv_keeps_pytorchs_size_when_kernel_is_narrower_than_stride(write_spec) -> None:
    # N = 4, F = 1, S = 3: PyTorch and cnncalc give (4 − 1)·3 + 1 = 10; Keras without an
    # output_padding gives N·S + max(F − S, 0) = 12, so the export must say output_padding=0,
    # with which Keras computes (N − 1)·S + F + 0 = 10.
    path = write_spec(
        "input: [2, 4, 4]\nlayers:\n  - {type: conv_transpose, filters: 3, kernel: 1, stride: 3}\n"
    )
    spec, _ = load_spec(path)
    result = calculate(spec)
    assert result.output_shape == (3, 10, 10)
    assert "output_padding=0" in render_keras(result)


BATCHNORM_MOMENTUM = "input: [4, 5, 5]\nlayers:\n  - {type: batchnorm, name: bn, momentum: 0.2}\n"


def test_batchnorm_momentum_reaches_both_frameworks_only_when_given(write_spec) -> None:
    # PyTorch's BatchNorm2d: running = (1 − momentum)·running + momentum·batch, so m = 0.2 is
    # momentum=0.2; Keras' BatchNormalization: moving = moving·momentum + batch·(1 − momentum),
    # so the same update is momentum = 1 − 0.2 = 0.8 (both frameworks' documentation).
    result = calculate(load_spec(write_spec(BATCHNORM_MOMENTUM))[0])
    assert "nn.BatchNorm2d(4, momentum=0.2)" in render_pytorch(result)
    assert "layers.BatchNormalization(epsilon=1e-05, momentum=0.8, name='bn')(x)" in render_keras(result)
    # Without it, each framework keeps its own default and the code is as before.
    plain = calculate(load_spec(write_spec(BATCHNORM_MOMENTUM.replace(", momentum: 0.2", "")))[0])
    assert "momentum" not in render_pytorch(plain) + render_keras(plain)


TORCH_RUNNING_MEAN = r"""
import json, runpy, sys, torch
model = runpy.run_path(sys.argv[1])[sys.argv[2]]().train()
model(torch.full((2, 4, 5, 5), 3.0))
bn = next(m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d))
print(json.dumps(bn.running_mean.tolist()))
"""
KERAS_MOVING_MEAN = r"""
import json, runpy, sys, keras, numpy
layer = runpy.run_path(sys.argv[1])["model"].get_layer("bn")
layer(numpy.full((2, 5, 5, 4), 3.0, dtype="float32"), training=True)
print(json.dumps(keras.ops.convert_to_numpy(layer.moving_mean).tolist()))
"""


@pytest.mark.parametrize("to", ["pytorch", "keras"])
def test_batchnorm_momentum_gives_the_same_running_mean_in_both_frameworks(
    write_spec, tmp_path: Path, to: str
) -> None:
    module, variable = (
        ("torch", "CNNCALC_TORCH_PYTHON") if to == "pytorch" else ("keras", "CNNCALC_KERAS_PYTHON")
    )
    python = _python_with(module, variable)
    if python is None:
        pytest.skip(f"{module} is not installed here (set {variable} to a python that has it)")
    result = calculate(load_spec(write_spec(BATCHNORM_MOMENTUM))[0])
    code = tmp_path / "bn.py"
    text = render_pytorch(result) if to == "pytorch" else render_keras(result)
    code.write_text(text, encoding="utf-8")
    probe = TORCH_RUNNING_MEAN if to == "pytorch" else KERAS_MOVING_MEAN
    model_class = text.split("\nclass ")[-1].split("(")[0]
    run = subprocess.run(
        [python, "-c", probe, str(code), model_class], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]
    # One batch whose every value is 3, from a running mean of 0: 0·(1 − 0.2) + 3·0.2 = 0.6.
    assert json.loads(run.stdout.strip().splitlines()[-1]) == pytest.approx([0.6] * 4)
