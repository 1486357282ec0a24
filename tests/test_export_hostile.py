"""``cnncalc export`` with hostile names: a spec is data, never code.

Whatever the spec's name, its layers' names or the file's name, the exported file compiles, reads
back those names as data (the docstring, a comment, a Keras ``name=``) and does nothing when run
but define the model. It is executed here against stand-ins for torch and keras that record
what is called, in an empty folder, so a payload that ran would leave its file behind.
"""

from __future__ import annotations

import ast
import io
import keyword
import os
import re
import subprocess
import sys
import tempfile
import tokenize
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cnncalc.engine.calculator import calculate
from cnncalc.render.emit import NN_MODULE_ATTRIBUTES
from cnncalc.render.export import render_keras, render_pytorch
from cnncalc.spec.models import Spec
from cnncalc.spec.validate import load_spec
from tests.conftest import run_cli
from tests.test_export import _python_with

PAYLOAD = 'x""";__import__("os").system("touch PWNED");"""'

# Names that have broken generated code somewhere: quotes, escapes, line ends, keywords, dunders,
# nn.Module's attributes, Keras' derived names, non-ASCII, bidi and C1 controls.
HOSTILE = [
    PAYLOAD, "'''", '"', "\\", "\\N{x}", "\\x41", "None", "class", "True", "__init__", "__class__",
    "parameters", "eval", "to", "cuda", "state_dict", "forward", "training", "_modules", "self", "x",
    "torch", "nn", "keras", "layers", "model", "inputs", "PerPosition", "c_pad", "c_relu", "1x1",
    "합성곱 계층", "é", "\u2028", "\u0085", "\u202e", "\u009b", "#", "{x}", "%s", "a b",
]  # fmt: skip
CONTROLS = ["\n", "\r", "\x1b[31m", "\x00", "\x7f", "\t"]

# What generated code may call or read at module level and in the model: the frameworks, the
# template's own names, and the builtins the __main__ block uses.
ALLOWED_NAMES = {
    "torch", "nn", "keras", "layers", "self", "x", "inputs", "model", "super", "print", "tuple", "sum",
    "float", "p", "__name__", "PerPosition", "Subsampling",
}  # fmt: skip


class Fake:
    """torch, nn, keras or one of their results: any attribute is another Fake, a call is recorded."""

    def __init__(self, path: str, calls: list[str]) -> None:
        self._path, self._calls = path, calls

    def __getattr__(self, name: str) -> Fake:
        if name.startswith("__"):
            raise AttributeError(name)
        return Fake(f"{self._path}.{name}", self._calls)

    def __call__(self, *args: Any, **kwargs: Any) -> Fake:
        self._calls.append(self._path)
        return Fake(f"{self._path}()", self._calls)

    def __add__(self, other: object) -> Fake:
        return self


def _run_with_fakes(text: str, framework: str) -> list[str]:
    """Execute the exported module (not as __main__) and, for PyTorch, build the model and call
    forward; return what was called."""
    calls: list[str] = []

    class Module:
        def __init__(self) -> None:
            pass

    nn = Fake("nn", calls)
    nn.__dict__["Module"] = Module
    torch = Fake("torch", calls)
    torch.__dict__["nn"] = nn
    keras = Fake("keras", calls)
    namespace: dict[str, Any] = {"__name__": "exported"}
    with mock.patch.dict(sys.modules, {"torch": torch, "torch.nn": nn, "keras": keras}):
        exec(compile(text, "<exported>", "exec"), namespace)
        if framework == "pytorch":
            classes = [v for v in namespace.values() if isinstance(v, type) and issubclass(v, Module)]
            model = next(c for c in classes if c.__name__ not in ("PerPosition", "Subsampling"))()
            model.forward(Fake("input", calls))
    return calls


def _inspect(text: str, framework: str, spec_name: str, layer_names: list[str]) -> None:
    tree = ast.parse(text)
    compile(text, "<exported>", "exec")
    # No line break but "\n" anywhere (U+2028, U+0085, CR would split a line in an editor).
    assert text.splitlines() == text.rstrip("\n").split("\n")
    # The module: a docstring, imports, the class (or the Keras calls), the __main__ block.
    allowed = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.If, ast.Assign)
    assert isinstance(tree.body[0], ast.Expr)
    assert all(isinstance(node, allowed) for node in tree.body[1:]), ast.dump(tree)[:500]
    imports = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imports |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}  # type: ignore[misc]
    assert imports <= {"torch", "keras"}
    # The name is read back as data, exactly.
    docstring = ast.get_docstring(tree, clean=False) or ""
    assert docstring.startswith(f"{spec_name}, exported by cnncalc")
    # Every name read is the template's or one the code assigned (a sanitised identifier).
    stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    stored |= {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    assert loaded <= ALLOWED_NAMES | stored, loaded - ALLOWED_NAMES - stored
    for name in stored | {a.attr for a in ast.walk(tree) if isinstance(a, ast.Attribute)}:
        assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name), name
    if framework == "pytorch":
        attributes = {
            target.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Attribute)
        }
        assert not attributes & NN_MODULE_ATTRIBUTES
    else:
        names = [
            kw.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            for kw in node.keywords
            if kw.arg == "name" and isinstance(kw.value, ast.Constant)
        ]
        assert len(names) == len(set(names)), names  # Keras: "The name ... is used 2 times"
        assert all(isinstance(n, str) and "/" not in n for n in names)
    # A comment carries a whole name, as a literal on its one line.
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            shown = ast.literal_eval(token.string.removeprefix("#").strip())
            assert any(shown.startswith(name) for name in layer_names), shown


def _spec(spec_name: str, names: list[str]) -> Spec:
    a, b, c = names
    return Spec.model_validate(
        {
            "name": spec_name,
            "input": [3, 8, 8],
            "layers": [
                {"type": "conv", "name": a, "filters": 4, "kernel": 3, "padding": 1, "activation": "relu"},
                {"type": "conv", "name": b, "filters": 4, "kernel": 3, "padding": 1, "inputs": ["input"]},
                {"type": "add", "name": c, "inputs": [a, b]},
                {"type": "prelu", "name": f"{c}_relu", "num_parameters": 4},
                {"type": "batchnorm", "name": f"{a}_pad"},
                {"type": "flatten", "name": f"{b}_leaky_relu"},
                {"type": "dense", "name": f"{a}_{b}", "units": 3, "activation": "leaky_relu"},
            ],
        }
    )


def _valid_name(text: str) -> bool:
    return 1 <= len(text) <= 60 and not any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=3)), min_size=1, max_size=3).map(
    "".join
)
spec_names = hostile_text.filter(_valid_name)
sources = st.one_of(hostile_text, st.sampled_from(CONTROLS)).map(lambda s: s + ".yaml")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    spec_name=spec_names,
    names=st.lists(
        spec_names.filter(lambda s: s != "input" and len(s) < 40), min_size=3, max_size=3, unique=True
    ),
    source=sources,
)
def test_exported_code_only_defines_the_model_whatever_the_names(
    spec_name: str, names: list[str], source: str
) -> None:
    layer_names = [*names, f"{names[2]}_relu", f"{names[0]}_pad", f"{names[1]}_leaky_relu"]
    layer_names.append(f"{names[0]}_{names[1]}")
    if len(set(layer_names)) < len(layer_names):
        return  # two layers with one name: refused by the loader, not an export question
    try:
        spec = _spec(spec_name, names)
    except ValidationError:
        reject()  # a name the loader refuses (it may refuse C1 controls or bidi) never reaches export
    result = calculate(spec)
    with tempfile.TemporaryDirectory() as folder:
        here = os.getcwd()
        os.chdir(folder)
        try:
            for framework, render in (("pytorch", render_pytorch), ("keras", render_keras)):
                text = render(result, source)
                _inspect(text, framework, spec_name, layer_names)
                calls = _run_with_fakes(text, framework)
                assert calls and all(call.split(".")[0] in ("nn", "torch", "keras") for call in calls)
                assert os.listdir(folder) == []
        finally:
            os.chdir(here)


@pytest.mark.parametrize("to", ["pytorch", "keras"])
@pytest.mark.parametrize("where", ["name", "file"])
def test_the_issues_payload_is_only_text(tmp_path: Path, to: str, where: str) -> None:
    # The reproduction of issue 9: the name closed the docstring and ran os.system on import.
    layers = "layers:\n  - {type: conv, filters: 2, kernel: 3}\n"
    if where == "name":
        path = tmp_path / "spec.yaml"
        path.write_text(f"name: '{PAYLOAD}'\ninput: [1, 8, 8]\n{layers}", encoding="utf-8")
    else:
        path = tmp_path / f"{PAYLOAD}.yaml"
        path.write_text(f"input: [1, 8, 8]\n{layers}", encoding="utf-8")
    run = run_cli("export", str(path), "--to", to)
    assert run.returncode == 0, run.stderr
    tree = ast.parse(run.stdout)
    assert PAYLOAD in (ast.get_docstring(tree, clean=False) or "")
    folder = tmp_path / "run"
    folder.mkdir()
    here = os.getcwd()
    os.chdir(folder)
    try:
        _run_with_fakes(run.stdout, to)
    finally:
        os.chdir(here)
    assert list(folder.iterdir()) == []


MODULE_NAMES = ["parameters", "eval", "to", "cuda", "state_dict", "forward", "training", "type", "float"]


def test_layer_names_that_are_nn_module_attributes_are_renamed_and_shown(write_spec) -> None:
    layers = "".join(f"  - {{type: relu, name: {name}}}\n" for name in MODULE_NAMES)
    path = write_spec(
        f"input: [2, 4, 4]\nlayers:\n  - {{type: conv, name: c, filters: 2, kernel: 1}}\n{layers}"
    )
    run = run_cli("export", str(path), "--to", "pytorch")
    assert run.returncode == 0, run.stderr
    for name in MODULE_NAMES:
        assert f"self.{name}_ = nn.ReLU()  # {name!r}" in run.stdout
        assert f"x = self.{name}_(x)" in run.stdout


def test_exported_module_with_those_names_runs_in_pytorch(write_spec, tmp_path: Path) -> None:
    python = _python_with("torch", "CNNCALC_TORCH_PYTHON")
    if python is None:
        pytest.skip("torch is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    layers = "".join(f"  - {{type: relu, name: {name}}}\n" for name in MODULE_NAMES)
    spec = (
        f"name: '{PAYLOAD}'\ninput: [2, 4, 4]\nlayers:\n  - {{type: conv, name: c, filters: 2, kernel: 1}}\n"
    )
    path = write_spec(spec + layers)
    code = tmp_path / "exported.py"
    assert run_cli("export", str(path), "--to", "pytorch", "-o", str(code)).returncode == 0
    run = subprocess.run([python, str(code)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    # (1·1·2 + 1)·2 = 6 parameters for the 1×1 conv, none for the ReLUs.
    assert "parameters: 6 (cnncalc: 6)" in run.stdout
    assert not (tmp_path / "PWNED").exists()


def test_keras_names_stay_unique_next_to_a_padded_conv(write_spec) -> None:
    # Issue 9: a padded conv 'c' gets a ZeroPadding2D 'c_pad'; a layer named 'c_pad' made it twice.
    path = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {type: conv, name: c, filters: 2, kernel: 3, padding: 1}\n"
        "  - {type: relu, name: c_pad}\n  - {type: conv, name: c_pad_2, filters: 2, kernel: 3, padding: 1}\n"
    )
    run = run_cli("export", str(path), "--to", "keras")
    assert run.returncode == 0, run.stderr
    _inspect(run.stdout, "keras", "spec", ["c", "c_pad", "c_pad_2"])


@pytest.mark.parametrize(("layer", "field"), [("{type: lrn, name: norm, alpha: .nan}", "alpha"),
                                              ("{type: batchnorm, name: norm, eps: .inf}", "eps"),
                                              ("{type: lrn, name: norm, k: -.inf}", "k")])  # fmt: skip
@pytest.mark.parametrize("to", ["pytorch", "keras"])
def test_nan_and_inf_are_refused_at_validation_with_their_place(
    write_spec, layer: str, field: str, to: str
) -> None:
    path = write_spec(f"input: [3, 8, 8]\nlayers:\n  - {layer}\n")
    run = run_cli("export", str(path), "--to", to)
    assert run.returncode == 2
    assert run.stdout == ""
    got = "nan" if "nan" in layer else "-inf" if "-.inf" in layer else "inf"
    assert run.stderr.splitlines() == [
        f"error: {path}:3: layer 1 (norm), {field}: must be a finite number, got {got} "
        "(write a number, e.g. 1e-05)"
    ]


def test_keras_model_with_hostile_names_builds_in_keras(write_spec, tmp_path: Path) -> None:
    python = _python_with("keras", "CNNCALC_KERAS_PYTHON")
    if python is None:
        pytest.skip("keras is not installed here (set CNNCALC_KERAS_PYTHON to a python that has it)")
    path = write_spec(
        f"name: '{PAYLOAD}'\ninput: [1, 8, 8]\nlayers:\n"
        "  - {type: conv, name: c, filters: 2, kernel: 3, padding: 1}\n  - {type: relu, name: c_pad}\n"
        "  - {type: conv, name: 'a/b', filters: 2, kernel: 3, padding: 1}\n  - {type: relu, name: 합성곱}\n"
    )
    code = tmp_path / "exported_keras.py"
    assert run_cli("export", str(path), "--to", "keras", "-o", str(code)).returncode == 0
    probe = "import runpy, sys; print(runpy.run_path(sys.argv[1])['model'].count_params())"
    run = subprocess.run(
        [python, "-c", probe, str(code)], capture_output=True, text=True, timeout=600, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr[-2000:]
    # Two 3×3 convs: (3·3·1 + 1)·2 = 20 and (3·3·2 + 1)·2 = 38.
    assert run.stdout.strip().splitlines()[-1] == "58"
    assert not (tmp_path / "PWNED").exists()


def test_a_keras_flatten_before_an_affine_takes_a_name_no_other_layer_has(write_spec) -> None:
    # affine 'x' flattens first: its Flatten would be 'x_flatten', which the dense layer already is.
    path = write_spec(
        "input: [2, 4, 4]\nlayers:\n  - {type: flatten, name: x_flatten}\n"
        "  - {type: affine, units: 2, inputs: [input], name: x}\n"
    )
    spec, _ = load_spec(path)
    code = render_keras(calculate(spec, path.stem))
    names = re.findall(r"name='([^']*)'", code)
    assert len(names) == len(set(names)), names
