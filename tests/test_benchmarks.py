"""The benchmark's generated specs compute, with figures worked by hand (or from the papers and
torchvision's model cards), and benchmarks/run.py's pieces work. Nothing here is timed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import run
from benchmarks import specs as generated
from tests.conftest import ROOT, run_cli


def _computed(write_spec: Any, text: str) -> dict[str, Any]:
    result = run_cli(str(write_spec(text)), "--format", "json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _shapes(data: dict[str, Any]) -> dict[str, list[int]]:
    return {layer["name"]: layer["output_shape"] for layer in data["layers"]}


def test_chain_keeps_its_shape(write_spec: Any) -> None:
    # conv 3·3·16·16 + 16 = 2,320; batchnorm 2·16 = 32 trainable; 8 layers: two of each.
    data = _computed(write_spec, generated.chain_spec(8))
    assert len(data["layers"]) == 8
    assert data["output_shape"] == [16, 32, 32]
    assert data["trainable_params"] == 2 * 2_320 + 2 * 32


def test_graph_adds_each_block_to_its_input(write_spec: Any) -> None:
    # s0, then two blocks of conv, relu, conv, add (9 layers), and one relu to make 10.
    # Five convs of 2,320.
    data = _computed(write_spec, generated.graph_spec(10))
    assert len(data["layers"]) == 10
    assert [layer["type"] for layer in data["layers"]].count("add") == 2
    assert data["layers"][4]["inputs"] == ["s0", "c1"]
    assert data["trainable_params"] == 5 * 2_320


def test_noted_chain_comes_back_to_its_shape_with_notes(write_spec: Any) -> None:
    # conv: ⌊(8 + 2·1 − 3)/2⌋ + 1 = 4 (4.5 floored: noted), 3·3·16·16 + 16 = 2,320;
    # transpose: (4 − 1)·2 + 2 = 8, 16·2·2·16 + 16 = 1,040; dense per position: 16·16 + 16 = 272.
    data = _computed(write_spec, generated.noted_spec(6))
    assert [layer["output_shape"] for layer in data["layers"][:3]] == [[16, 4, 4], [16, 8, 8], [16, 8, 8]]
    assert data["trainable_params"] == 2 * (2_320 + 1_040 + 272)
    noted = [bool(layer["warnings"] or layer["notes"]) for layer in data["layers"]]
    assert noted == [True, False, True] * 2


def test_small_spec(write_spec: Any) -> None:
    # Seed 0: 1×28×28 → conv 4 (3×3, pad 1) 4×28×28 → pool 4×14×14 → conv 8 (3×3) 8×12×12 → flatten
    # 1,152 → dense 32 → dense 10. Params 40 + 296 + 16 (batchnorm) + 36,896 + 330 = 37,578.
    data = _computed(write_spec, generated.small_spec(0))
    assert data["output_shape"] == [10]
    assert data["trainable_params"] == 37_578
    for seed in (1, 2, 7):
        assert _computed(write_spec, generated.small_spec(seed))["output_shape"] == [10]


def test_densenet121(write_spec: Any) -> None:
    # Channels: 64 + 6·32 = 256, the transition halves it to 128 (and the size 56 → 28);
    # 128 + 12·32 = 512 → 256 at 14; 256 + 24·32 = 1,024 → 512 at 7; 512 + 16·32 = 1,024.
    # Layers: stem 4 + (6 + 12 + 24 + 16) dense layers of 7 + 3 transitions of 4 + head 5 = 427.
    # Parameters: 7,978,856, torchvision's densenet121 model card.
    data = _computed(write_spec, generated.densenet121_spec())
    shapes = _shapes(data)
    assert shapes["denseblock1.5.concat"] == [256, 56, 56]
    assert shapes["transition1.pool"] == [128, 28, 28]
    assert shapes["denseblock2.11.concat"] == [512, 28, 28]
    assert shapes["transition2.pool"] == [256, 14, 14]
    assert shapes["denseblock3.23.concat"] == [1024, 14, 14]
    assert shapes["transition3.pool"] == [512, 7, 7]
    assert shapes["denseblock4.15.concat"] == [1024, 7, 7]
    assert len(data["layers"]) == 427
    assert data["output_shape"] == [1000]
    assert data["trainable_params"] == 7_978_856


def _squeeze_excitation_params() -> int:
    """torchvision's EfficientNet-B0 SE layers: for each MBConv, two 1×1 convs with bias between
    the expanded channels E and S = max(1, input channels // 4): E·S + S + S·E + E."""
    total, channels = 0, 32
    for expand, _, _, filters, repeats in generated.EFFICIENTNET_B0_STAGES:
        for _ in range(repeats):
            expanded, squeezed = channels * expand, max(1, channels // 4)
            total += 2 * expanded * squeezed + squeezed + expanded
            channels = filters
    return total


def test_efficientnet_b0_without_squeeze_excitation(write_spec: Any) -> None:
    # Sizes 224 → 112 (stem) → 112, 56, 28, 14, 14, 7, 7 after the stages; channels 16 … 320.
    # Layers: stem 3 + stage 1: 5 (no expand, no skip) + per later stage 8 for the first copy
    # and 9 for each other (expand 3, depthwise 3, project 2, add): 17 + 17 + 26 + 26 + 35 + 8,
    # + head 7 = 144. Parameters: torchvision's 5,288,548 less the SE layers' 636,540.
    data = _computed(write_spec, generated.efficientnet_spec())
    shapes = _shapes(data)
    assert shapes["stage1.0.project_bn"] == [16, 112, 112]
    assert shapes["stage2.1.add"] == [24, 56, 56]
    assert shapes["stage3.1.add"] == [40, 28, 28]
    assert shapes["stage4.2.add"] == [80, 14, 14]
    assert shapes["stage5.2.add"] == [112, 14, 14]
    assert shapes["stage6.3.add"] == [192, 7, 7]
    assert shapes["stage7.0.project_bn"] == [320, 7, 7]
    assert len(data["layers"]) == 144
    assert _squeeze_excitation_params() == 636_540
    assert data["trainable_params"] == 5_288_548 - 636_540


def test_efficientnet_deeper(write_spec: Any) -> None:
    # Depth ×3.1 (B7's): repeats ⌈1, 2, 2, 3, 3, 4, 1 × 3.1⌉ = 4, 7, 7, 10, 10, 13, 4. Stage 1:
    # 5 + 3·6 (its later copies skip) = 23; then 8 + 9·(n − 1): 62, 62, 89, 89, 116, 35; with
    # the stem and head, 10 + 476 = 486 layers.
    data = _computed(write_spec, generated.efficientnet_spec(3.1))
    assert len(data["layers"]) == 486
    assert data["output_shape"] == [1000]
    assert _shapes(data)["stage6.12.add"] == [192, 7, 7]


def test_the_recorder_returns_library_modules_only(tmp_path: Path) -> None:
    cnncalc = run._cnncalc(None, False)
    names = run.library_modules(cnncalc, [str(ROOT / "specs" / "lenet5.yaml")], tmp_path)
    assert "typer" in names and "yaml" in names and "rich.console" in names
    for name in names:
        top = name.partition(".")[0]
        assert top not in sys.stdlib_module_names and top != "cnncalc", name


def test_the_floor_imports_what_it_is_given(tmp_path: Path) -> None:
    listing = tmp_path / "modules.txt"
    listing.write_text("yaml\nno_such_module_here\nrich.table\n", encoding="utf-8")
    code = run.FLOOR + "assert 'rich.table' in sys.modules and 'yaml' in sys.modules\n"
    result = subprocess.run([sys.executable, "-c", code, str(listing)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_probe_counts_the_libraries_work(tmp_path: Path) -> None:
    """Two model classes (the second's validator built at once, inside its class's creation)
    and one TypeAdapter: each counted once, under its own name."""
    target = tmp_path / "target.py"
    target.write_text(
        "from pydantic import BaseModel, ConfigDict, TypeAdapter\n"
        "class Deferred(BaseModel):\n"
        "    model_config = ConfigDict(defer_build=True)\n"
        "    x: int\n"
        "class Built(BaseModel):\n"
        "    y: int\n"
        "TypeAdapter(list[int])\n",
        encoding="utf-8",
    )
    listing = tmp_path / "modules.txt"
    listing.write_text("pydantic\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", run.PROBE, str(listing), str(target)], capture_output=True, text=True
    )
    line = next(line for line in result.stderr.splitlines() if line.startswith("cnncalc-bench-probe"))
    words = line.split()[2:]
    counts = {words[at]: int(words[at + 2]) for at in range(1, len(words), 3)}
    assert counts == {"classes": 2, "validators": 1, "adapters": 1}


def test_run_help() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "--quick" in result.stdout and "--only" in result.stdout and "--cnncalc" in result.stdout


def test_target_lines_say_met_or_not() -> None:
    assert run.Target("a", "1 / 1", 1.1, 1.15).line().endswith("met")
    assert run.Target("a", "2 / 1", 2.0, 1.15).line().endswith("NOT MET")


@pytest.mark.parametrize("name", sorted(run.TORCH_MODELS.values()))
def test_torch_models_have_a_spec(name: str) -> None:
    assert (ROOT / "specs" / f"{name}.yaml").exists()
