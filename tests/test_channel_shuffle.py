"""``channel_shuffle`` (PyTorch's nn.ChannelShuffle(g), ShuffleNet's shuffle): the channels viewed
as g × C/g, transposed and flattened; shape kept, no parameters. Expected numbers are worked by
hand; with Keras and torch (here, or at ``CNNCALC_KERAS_PYTHON``) the exported Keras layers are
run against ``nn.ChannelShuffle`` itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.conftest import run_cli as cli

SHUFFLE = "input: [116, 28, 28]\nlayers:\n  - {type: ChannelShuffle, groups: 2, name: shuffle}\n"


def test_shape_kept_no_parameters(write_spec) -> None:
    done = cli(str(write_spec(SHUFFLE)), "--format", "json", "--rf")
    assert done.returncode == 0, done.stderr
    layer = json.loads(done.stdout)["layers"][0]
    assert layer["type"] == "channel_shuffle"
    assert layer["output_shape"] == [116, 28, 28]
    assert (layer["params"], layer["macs"]) == (0, 0)
    assert layer["receptive_field"]["size"] == [1, 1]  # a pixel's channels move, never its place


def test_the_working_in_both_languages(write_spec) -> None:
    path = str(write_spec(SHUFFLE))
    assert "C/g = 116/2 = 58 channels a group, interleaved" in cli(path, "--explain").stdout
    assert "C/g = 116/2 = 그룹마다 채널 58개" in cli(path, "--explain", "--lang", "ko").stdout


def test_groups_that_do_not_divide_the_channels_are_one_line(write_spec) -> None:
    path = str(write_spec("input: [6, 4, 4]\nlayers:\n  - {type: channel_shuffle, groups: 4, name: s}\n"))
    done = cli(path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: {path}:3: layer 1 (s), groups: 6 channels cannot be shuffled in 4 groups: C must be "
        "a multiple of g (choose groups that divide 6 (such as 2, 3), or give the layer before a "
        "multiple of groups channels)"
    )
    assert "채널 6개는 4개 그룹으로 섞을 수 없다" in cli(path, "--lang", "ko").stderr
    prime = str(write_spec("input: [7, 4, 4]\nlayers:\n  - {type: channel_shuffle, groups: 2}\n", "p.yaml"))
    assert "7 channels have no divisor but 1 and themselves" in cli(prime).stderr


def test_it_exports_to_torch_and_keras(write_spec) -> None:
    path = str(write_spec(SHUFFLE))
    assert "self.shuffle = nn.ChannelShuffle(2)" in cli("export", path, "--to", "pytorch").stdout
    keras = cli("export", path, "--to", "keras").stdout
    assert "layers.Reshape((28, 28, 2, 58), name='shuffle_groups')(x)" in keras
    assert "layers.Permute((1, 2, 4, 3), name='shuffle_swap')" in keras
    assert "layers.Reshape((28, 28, 116), name='shuffle')" in keras


SAME_PERMUTATION = r"""
import runpy, sys, numpy as np, torch
model = runpy.run_path(sys.argv[1])["model"]
x = np.random.rand(1, 6, 2, 3).astype("float32")
expected = torch.nn.ChannelShuffle(3)(torch.tensor(x)).numpy()
got = model(np.transpose(x, (0, 2, 3, 1)))
got = got.detach().cpu().numpy() if hasattr(got, "detach") else np.asarray(got)
print(bool(np.allclose(np.transpose(got, (0, 3, 1, 2)), expected)))
"""


def test_the_keras_layers_shuffle_as_torch_does(write_spec, tmp_path: Path) -> None:
    here = find_spec("keras") and find_spec("torch")
    python = sys.executable if here else os.environ.get("CNNCALC_KERAS_PYTHON")
    if not python or not Path(python).exists():
        pytest.skip("keras is not installed here (set CNNCALC_KERAS_PYTHON to a python that has it)")
    spec = write_spec("input: [6, 2, 3]\nlayers:\n  - {type: channel_shuffle, groups: 3, name: s}\n")
    code = tmp_path / "shuffle_keras.py"
    code.write_text(cli("export", str(spec), "--to", "keras").stdout, encoding="utf-8")
    run = subprocess.run(
        [python, "-c", SAME_PERMUTATION, str(code)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "True"
