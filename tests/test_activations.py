"""The one table of activations: names checked at load time, PReLU counted, every one exported.

Expectations come from the frameworks' documentation: ``torch.nn`` has a module for each of these
(``nn.Hardswish``, ``nn.SiLU``, …); ``nn.PReLU(num_parameters=1)`` has ``num_parameters`` slopes,
which must be 1 or the channels; Keras' ``PReLU`` has ``alpha`` of shape ``input_shape[1:]``
(channels-last, no batch) with size 1 along each of ``shared_axes``.
"""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest

from cnncalc.engine.calculator import calculate
from cnncalc.errors import CnncalcError
from cnncalc.render.export import render_keras, render_pytorch
from cnncalc.render.i18n import Lang, flag_text, t
from cnncalc.spec import activations
from cnncalc.spec.aliases import ACTIVATION_TYPES, resolve_type
from cnncalc.spec.validate import load_spec
from tests.conftest import run_cli
from tests.test_export import HARNESS, _python_with

# From the PyTorch documentation (torch.nn, "Non-linear Activations"), independent of the table.
TORCH_CLASS = {
    "linear": "nn.Identity", "relu": "nn.ReLU", "relu6": "nn.ReLU6", "leaky_relu": "nn.LeakyReLU",
    "prelu": "nn.PReLU", "elu": "nn.ELU", "selu": "nn.SELU", "gelu": "nn.GELU", "silu": "nn.SiLU",
    "mish": "nn.Mish", "softplus": "nn.Softplus", "softsign": "nn.Softsign", "sigmoid": "nn.Sigmoid",
    "hardsigmoid": "nn.Hardsigmoid", "tanh": "nn.Tanh", "hardswish": "nn.Hardswish",
    "softmax": "nn.Softmax", "log_softmax": "nn.LogSoftmax",
}  # fmt: skip
# From keras.activations (the string identifiers) and keras.layers (LeakyReLU, PReLU).
KERAS_SPELLING = {
    "linear": "'linear'", "relu": "'relu'", "relu6": "'relu6'",
    "leaky_relu": "layers.LeakyReLU(negative_slope=0.01", "prelu": "layers.PReLU(", "elu": "'elu'",
    "selu": "'selu'", "gelu": "'gelu'", "silu": "'silu'", "mish": "'mish'", "softplus": "'softplus'",
    "softsign": "'softsign'", "sigmoid": "'sigmoid'", "hardsigmoid": "'hard_sigmoid'", "tanh": "'tanh'",
    "hardswish": "'hard_silu'", "softmax": "'softmax'", "log_softmax": "'log_softmax'",
}  # fmt: skip


# The activations with no weights of their own: each gets a 1×1 conv in _every_activation().
_WEIGHTLESS = sum(not info.parametric for info in activations.ACTIVATIONS)


def _result(write_spec, text: str, convention: str | None = None):
    spec, document = load_spec(write_spec(text))
    return calculate(spec, document.stem, convention)  # type: ignore[arg-type]


def test_the_table_is_what_every_list_of_names_comes_from() -> None:
    assert set(TORCH_CLASS) == set(activations.BY_NAME)
    assert set(ACTIVATION_TYPES) == {"activation"} | {a.name for a in activations.ACTIVATIONS if a.is_type}
    for info in activations.ACTIVATIONS:
        for spelling in (info.name, *info.spellings, info.name.upper()):
            assert activations.lookup(spelling) is info
            if info.is_type:
                assert resolve_type(spelling) == ("activation", info.name, None)
    # "linear" as a type is the dense layer (PyTorch's nn.Linear), not the identity function.
    assert resolve_type("linear") == ("dense", "dense", None)


@pytest.mark.parametrize(
    ("layer", "field", "message"),
    [
        ("{type: activation, function: bananas}", "function",
         "unknown activation 'bananas' (known activations: " + ", ".join(activations.names()) + ")"),
        ("{type: activation, function: tanhh}", "function",
         "unknown activation 'tanhh' (did you mean 'tanh'?)"),
        ("{type: conv, filters: 2, kernel: 3, activation: relux}", "activation",
         "unknown activation 'relux' (did you mean 'relu'?)"),
        ("{type: dense, units: 2, activation: prelu}", "activation",
         "prelu has weights of its own, so it cannot be another layer's activation "
         "(write it as a layer of its own after this one: {type: prelu})"),
    ],
)  # fmt: skip
def test_an_unknown_activation_is_refused_at_load_time_with_its_place(
    write_spec, layer: str, field: str, message: str
) -> None:
    # Issue 10: 'function: bananas' was accepted with 0 parameters and exit 0.
    path = write_spec(f"input: [3, 8, 8]\nlayers:\n  - {layer}\n")
    for command in ((str(path),), ("check", str(path))):
        run = run_cli(*command)
        assert run.returncode == 2, run.stdout
        assert f"error: {path}:3: layer 1, {field}: {message}" in run.stderr.splitlines()


def test_a_prelu_counts_pytorchs_one_slope_by_default(write_spec) -> None:
    # nn.PReLU(): num_parameters=1. Keras' PReLU() on 6×28×28 (28, 28, 6 channels-last): 28·28·6 = 4,704.
    result = _result(write_spec, "input: [6, 28, 28]\nlayout: channels_first\nlayers:\n  - {type: prelu}\n")
    assert result.layers[0].params == 1
    assert result.total_params == result.trainable_params == 1
    (note,) = result.layers[0].notes
    # The engine passes the count as a value; the sentence writes it with separators.
    assert note.kind == "prelu_slopes" and dict(note.args) == {"keras": 4704, "channels": 6}  # 28·28·6
    assert "4,704" in flag_text(note, Lang.en) and "num_parameters" in flag_text(note, Lang.en)
    assert "4,704개" in t("flag.prelu_slopes", Lang.ko, **note.args)
    keras = _result(
        write_spec, "input: [6, 28, 28]\nlayout: channels_first\nlayers:\n  - {type: prelu}\n", "keras"
    )
    assert keras.layers[0].params == 4704
    (note,) = keras.layers[0].notes
    assert note.kind == "prelu_slopes_keras" and "4,704 parameters" in flag_text(note, Lang.en)
    assert "4,704개" in t("flag.prelu_slopes_keras", Lang.ko, **note.args)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("num_parameters: 1", 1),  # nn.PReLU(1)
        ("num_parameters: 6", 6),  # nn.PReLU(6): one per channel
        ("shared_axes: [1, 2]", 6),  # Keras: alpha (1, 1, 6)
        ("shared_axes: [1]", 28 * 6),  # alpha (1, 28, 6)
        ("shared_axes: []", 28 * 28 * 6),  # alpha (28, 28, 6)
        ("shared_axes: [1, 2, 3]", 1),
    ],
)
def test_a_prelu_with_its_frameworks_field(write_spec, fields: str, expected: int) -> None:
    for convention in (None, "pytorch", "keras"):  # an explicit field wins over the convention
        result = _result(
            write_spec,
            f"input: [6, 28, 28]\nlayout: channels_first\nlayers:\n  - {{type: PReLU, {fields}}}\n",
            convention,
        )
        assert result.layers[0].params == expected
        assert not result.layers[0].notes


def test_a_prelu_on_a_flat_input_counts_per_feature_in_keras(write_spec) -> None:
    # Keras' PReLU after Flatten and Dense(10): alpha shape (10,); nn.PReLU(): 1.
    text = "input: [1, 2, 2]\nlayers:\n  - {type: flatten}\n  - {type: dense, units: 10}\n  - {type: prelu}\n"
    assert _result(write_spec, text).layers[2].params == 1
    assert _result(write_spec, text, "keras").layers[2].params == 10


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ("num_parameters: 5", "num_parameters",
         "PyTorch's PReLU takes num_parameters 1 or the input's channels (6), got 5"),
        ("shared_axes: [4]", "shared_axes",
         "shared_axes has axis 4, but the input 6×28×28 has 3 axes in Keras "
         "(numbered 1 to 3, channels last)"),
    ],
)  # fmt: skip
def test_a_prelu_field_that_does_not_fit_is_an_error(
    write_spec, fields: str, field: str, message: str
) -> None:
    path = write_spec(f"input: [6, 28, 28]\nlayers:\n  - {{type: prelu, name: p, {fields}}}\n")
    run = run_cli(str(path))
    assert run.returncode == 2
    assert f"error: {path}:3: layer 1 (p), {field}: {message}" in run.stderr


def test_prelu_fields_are_prelus_only(write_spec) -> None:
    path = write_spec(
        "input: [6, 8, 8]\nlayout: channels_first\nlayers:\n  - {type: relu, num_parameters: 6}\n"
    )
    run = run_cli(str(path))
    assert run.returncode == 2
    assert "'num_parameters' is a field of prelu only, not of relu" in run.stderr


def _every_activation() -> str:
    layers = []
    for info in activations.ACTIVATIONS:
        layers.append(f"  - {{type: activation, function: {info.name}, name: own_{info.name}}}")
        if not info.parametric:
            layers.append(
                f"  - {{type: conv, filters: 4, kernel: 1, activation: {info.name}, name: c_{info.name}}}"
            )
    return "input: [4, 6, 6]\nlayers:\n" + "\n".join(layers) + "\n"


@pytest.mark.parametrize("info", activations.ACTIVATIONS, ids=lambda info: info.name)
def test_every_activation_in_the_table_exports_to_both_frameworks(write_spec, info) -> None:
    # Issue 10: "PyTorch has no layer for activation 'hardswish'", though nn.Hardswish exists.
    assert info.torch is not None and (info.keras or info.keras_layer), info.why_not
    fused = "" if info.parametric else f"  - {{type: conv, filters: 4, kernel: 1, activation: {info.name}}}\n"
    result = _result(
        write_spec, f"input: [4, 6, 6]\nlayers:\n{fused}  - {{type: activation, function: {info.name}}}\n"
    )
    torch_code, keras_code = render_pytorch(result), render_keras(result)
    ast.parse(torch_code)
    ast.parse(keras_code)
    assert TORCH_CLASS[info.name] + "(" in torch_code
    assert KERAS_SPELLING[info.name] in keras_code


def test_an_activation_a_framework_lacks_is_refused_saying_why(write_spec, monkeypatch) -> None:
    # No entry lacks a framework today; the table's why_not is what the refusal would say.
    result = _result(write_spec, "input: [4, 6, 6]\nlayers:\n  - {type: mish, name: m}\n")
    lacking = activations.ActivationInfo(
        "mish", torch=None, keras=None, why_not="not in torch 1.8 nor Keras 2"
    )
    monkeypatch.setitem(activations.BY_NAME, "mish", lacking)
    for render, framework in ((render_pytorch, "PyTorch"), (render_keras, "Keras")):
        with pytest.raises(
            CnncalcError, match=rf"layer 1 \(m\).*{framework} has no layer for activation 'mish': not in"
        ):
            render(result)


@pytest.mark.parametrize(("fields", "torch_text", "keras_text"), [
    ("", "nn.PReLU()", "layers.PReLU(shared_axes=[1, 2, 3], name="),
    ("num_parameters: 6", "nn.PReLU(6)", "layers.PReLU(shared_axes=[1, 2], name="),
    ("shared_axes: [1, 2]", "nn.PReLU(6)", "layers.PReLU(shared_axes=[1, 2], name="),
])  # fmt: skip
def test_prelu_exports_the_slopes_it_counted(
    write_spec, fields: str, torch_text: str, keras_text: str
) -> None:
    result = _result(
        write_spec, f"input: [6, 8, 8]\nlayout: channels_first\nlayers:\n  - {{type: prelu, {fields}}}\n"
    )
    assert torch_text in render_pytorch(result)
    assert keras_text in render_keras(result)


def test_a_per_element_prelu_is_refused_by_pytorch_export_and_exported_to_keras(write_spec) -> None:
    result = _result(
        write_spec, "input: [6, 8, 8]\nlayout: channels_first\nlayers:\n  - {type: prelu, name: p}\n", "keras"
    )
    assert "layers.PReLU(name='p')" in render_keras(result)
    with pytest.raises(
        CnncalcError, match=r"layer 1 \(p\).*nn.PReLU has 1 slope or one per channel \(6\), not 384"
    ):
        render_pytorch(result)


def test_every_activation_runs_in_pytorch_with_cnncalcs_count(write_spec, tmp_path: Path) -> None:
    python = _python_with("torch", "CNNCALC_TORCH_PYTHON")
    if python is None:
        pytest.skip("torch is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    text = _every_activation() + "  - {type: prelu, num_parameters: 4}\n"
    result = _result(write_spec, text)
    code = tmp_path / "every_activation.py"
    code.write_text(render_pytorch(result), encoding="utf-8")
    harness = tmp_path / "harness.py"
    harness.write_text(HARNESS, encoding="utf-8")
    model_class = code.read_text(encoding="utf-8").split("\nclass ")[-1].split("(")[0]
    run = subprocess.run(
        [python, str(harness), str(code), model_class, json.dumps([2, *result.input_shape])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    torch_says = json.loads(run.stdout.strip().splitlines()[-1])
    # a conv of (1·1·4 + 1)·4 = 20 per activation without weights (17 today), the first prelu's
    # 1 slope (nn.PReLU()) and the last one's 4.
    assert result.trainable_params == _WEIGHTLESS * 20 + 1 + 4
    assert torch_says["params"] == result.trainable_params
    assert torch_says["shape"] == [2, *result.output_shape]


def test_every_activation_runs_in_keras_with_cnncalcs_count(write_spec, tmp_path: Path) -> None:
    python = _python_with("keras", "CNNCALC_KERAS_PYTHON")
    if python is None:
        pytest.skip("keras is not installed here (set CNNCALC_KERAS_PYTHON to a python that has it)")
    # Keras' PReLU: alpha has input_shape[1:] with 1 on each shared axis; on 4×6×6 (6, 6, 4 in
    # Keras): shared [1, 2] → 4, none shared → 6·6·4 = 144; the default one below has all shared → 1.
    text = (
        _every_activation() + "  - {type: prelu, shared_axes: [1, 2]}\n  - {type: prelu, shared_axes: []}\n"
    )
    result = _result(write_spec, text)
    assert result.total_params == _WEIGHTLESS * 20 + 1 + 4 + 144
    code = tmp_path / "every_activation_keras.py"
    code.write_text(render_keras(result), encoding="utf-8")
    probe = (
        "import json, runpy, sys; m = runpy.run_path(sys.argv[1])['model']; "
        "print(json.dumps({'params': m.count_params(), 'shape': list(m.output_shape)[1:]}))"
    )
    run = subprocess.run([python, "-c", probe, str(code)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    keras_says = json.loads(run.stdout.strip().splitlines()[-1])
    assert keras_says["params"] == result.total_params
    assert keras_says["shape"] == [*result.output_shape[1:], result.output_shape[0]]
