"""``cnncalc/render/emit.py``: what each kind declares for export and drawing, and the one place
where text from a spec becomes generated code (names, docstrings, comments, numbers)."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest

from cnncalc import kinds
from cnncalc.engine.calculator import calculate
from cnncalc.errors import CnncalcError
from cnncalc.render.declare import Drawing, Export
from cnncalc.render.emit import NN_MODULE_ATTRIBUTES, comment, docstring, number
from cnncalc.render.svg import PALETTE
from cnncalc.spec.validate import load_spec
from tests.test_export import _python_with


@pytest.mark.parametrize("module", kinds.MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_every_kind_declares_its_emitters_and_its_drawing(module: object) -> None:
    # A kind without them would fail a user's export or be drawn as nothing in particular.
    export, drawing = getattr(module, "EXPORT", None), getattr(module, "DRAWING", None)
    assert isinstance(export, Export)
    assert callable(export.torch) and callable(export.keras)
    assert isinstance(drawing, Drawing)
    assert drawing.role == "add" or drawing.role in PALETTE


def test_a_refusal_names_the_layer_the_framework_and_what_it_lacks(write_spec) -> None:
    from cnncalc.kinds import lrn
    from cnncalc.render.emit import KerasCalls

    spec, _ = load_spec(write_spec("input: [3, 8, 8]\nlayers:\n  - {type: lrn, name: norm}\n"))
    layer = calculate(spec).layers[0]
    with pytest.raises(CnncalcError, match=r"layer 1 \(norm\), type: Keras has no layer for local response"):
        lrn.EXPORT.keras(KerasCalls(layer, set(), ["x"], "x"), layer)


def test_the_list_of_nn_module_attributes_is_torchs(tmp_path: Path) -> None:
    python = _python_with("torch", "CNNCALC_TORCH_PYTHON")
    if python is None:
        pytest.skip("torch is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    probe = "import json, torch; print(json.dumps(dir(torch.nn.Module())))"
    run = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=300)
    names = json.loads(run.stdout.strip().splitlines()[-1])
    public = {name for name in names if not name.startswith("_")}
    assert public <= NN_MODULE_ATTRIBUTES, public - NN_MODULE_ATTRIBUTES
    # The private ones (_modules, _parameters, …) cannot be made: identifier() strips leading "_".


def test_a_float_that_is_not_finite_never_becomes_a_name_in_code(write_spec) -> None:
    spec, _ = load_spec(write_spec("input: [3, 8, 8]\nlayers:\n  - {type: lrn, name: norm}\n"))
    layer = calculate(spec).layers[0]
    assert number(1e-4, layer, "alpha") == "0.0001"
    assert number(1.2345678e-5, layer, "eps") == "1.2345678e-05"  # exact, where :g gave 1.23457e-05
    with pytest.raises(CnncalcError, match=r"layer 1 \(norm\).*nan is not a number"):
        number(float("nan"), layer, "alpha")


@pytest.mark.parametrize("name", ["a\nb", "a\rb", "a\u2028b", "a\x85b", "a\x1b[2Jb", "a\u202eb"])
def test_a_name_in_a_comment_or_docstring_cannot_break_its_line(name: str) -> None:
    assert len(comment(name).splitlines()) == 1
    assert ast.literal_eval(comment(name).removeprefix("  # ")) == name
    text = docstring(name, "second line")
    assert len(text.splitlines()) == 2
    assert ast.literal_eval(text) == f"{name}\nsecond line"


def test_a_file_name_that_is_not_utf8_is_text_in_the_docstring() -> None:
    # b'bad\xff.yaml' is the str 'bad\udcff.yaml'; Python 3.13 refuses to compile a docstring that
    # holds a lone surrogate, so the docstring holds the six characters '\udcff' instead.
    value = ast.literal_eval(docstring("bad\udcff.yaml"))
    assert value == "bad\\udcff.yaml"
    assert not any("\ud800" <= char <= "\udfff" for char in value)
