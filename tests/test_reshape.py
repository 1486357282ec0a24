"""``reshape`` (torch.reshape, ONNX Reshape, Keras' Reshape): the same elements in another shape.
Expected shapes follow torch.reshape's documented rule (-1 inferred from the element count, and
ONNX's and PyTorch's 0 = copy that axis), worked by hand; with torch at ``CNNCALC_TORCH_PYTHON``
the exported module is run."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import run_cli as cli

SPEC = """input: [6, 8, 8]
layers:
  - {type: reshape, shape: [2, 3, 0, 8], name: groups}
  - {type: Reshape, shape: [-1], name: flat}
  - {type: view, shape: [3, -1], name: rows}
"""


def test_shapes_inferred_and_copied_no_parameters(write_spec) -> None:
    done = cli(str(write_spec(SPEC)), "--format", "json", "--rf")
    assert done.returncode == 0, done.stderr
    layers = json.loads(done.stdout)["layers"]
    # 6·8·8 = 384 elements: 0 copies the input's third axis (8); -1 = 384; 384 / 3 = 128.
    assert [layer["output_shape"] for layer in layers] == [[2, 3, 8, 8], [384], [3, 128]]
    assert all((layer["type"], layer["params"], layer["macs"]) == ("reshape", 0, 0) for layer in layers)
    # Flattening mixes every position: what follows sees the whole 8×8 input.
    flat = cli(
        str(write_spec("input: [6, 8, 8]\nlayers:\n  - {type: reshape, shape: [-1]}\n", "f.yaml")),
        "--format",
        "json",
        "--rf",
    )
    assert json.loads(flat.stdout)["layers"][0]["receptive_field"]["size"] == [8, 8]


def test_the_working_in_both_languages(write_spec) -> None:
    path = str(write_spec(SPEC))
    assert "elements = 6·8·8 = 384, the same in the new shape" in cli(path, "--explain").stdout
    assert "원소 = 6·8·8 = 384, 새 모양에서도 같다" in cli(path, "--explain", "--lang", "ko").stdout


@pytest.mark.parametrize(
    ("shape", "says"),
    [
        ("[5, -1]", "reshape cannot view 6×8×8 (384 elements) as [5, -1]"),  # 384 / 5 is no integer
        ("[2, 3, 8]", "reshape cannot view 6×8×8 (384 elements) as [2, 3, 8]"),  # 48 ≠ 384
        ("[-1, -1]", "has more than one -1"),
        ("[0, 0, 0, 0]", "a 0 (copy the input's size) past the input's 3 axes"),
    ],
)
def test_a_shape_that_cannot_hold_the_elements_is_one_line(write_spec, shape: str, says: str) -> None:
    done = cli(
        str(write_spec(f"input: [6, 8, 8]\nlayers:\n  - {{type: reshape, shape: {shape}, name: r}}\n"))
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "layer 1 (r), shape: " in done.stderr and says in done.stderr


def test_it_exports_to_torch_and_keras(write_spec) -> None:
    path = str(write_spec(SPEC))
    torch = cli("export", path, "--to", "pytorch").stdout
    assert "nn.Sequential(nn.Flatten(), nn.Unflatten(1, (2, 3, 8, 8)))" in torch
    assert "self.flat = nn.Flatten()" in torch
    assert "layers.Reshape((128, 3), name='rows')" in cli("export", path, "--to", "keras").stdout


def test_it_is_drawn(write_spec) -> None:
    done = cli("draw", str(write_spec(SPEC)))
    assert done.returncode == 0, done.stderr
    assert "groups" in done.stdout


@pytest.mark.skipif(not os.environ.get("CNNCALC_TORCH_PYTHON"), reason="CNNCALC_TORCH_PYTHON not set")
def test_the_exported_module_gives_torch_reshape_s_shape(write_spec, tmp_path) -> None:
    code = cli("export", str(write_spec(SPEC)), "--to", "pytorch").stdout
    (tmp_path / "net.py").write_text(code, encoding="utf-8")
    probe = (
        "import sys, torch; sys.path.insert(0, sys.argv[1]); import net\n"
        "M = torch.nn.Module\n"
        "m = [v for v in vars(net).values() if isinstance(v, type) and issubclass(v, M)][-1]()\n"
        "x = torch.zeros(1, 6, 8, 8)\n"
        "print(list(m(x).shape), list(x.reshape(1, 3, -1).shape))\n"
    )
    out = subprocess.run(
        [os.environ["CNNCALC_TORCH_PYTHON"], "-c", probe, str(tmp_path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("] [") == ["[1, 3, 128", "1, 3, 128]\n"]
