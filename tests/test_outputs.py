"""The one dispatcher (render/outputs.py): every option composes with every format and with
``--explain``. Expectations are worked by hand in the comments."""

from __future__ import annotations

import json

import pytest

from cnncalc.render.outputs import FORMATS, View, explainable, render_outputs
from tests.conftest import SPECS
from tests.conftest import run_cli as cli
from tests.test_rows import TWO_CONVS, _result


def test_the_registry_lists_every_format_in_the_helps_order() -> None:
    assert list(FORMATS) == ["table", "json", "markdown", "csv", "latex", "html"]
    assert explainable() == ["table", "json", "markdown"]


def test_a_format_without_working_refuses_explain() -> None:
    with pytest.raises(ValueError, match="--format csv cannot show --explain"):
        render_outputs([_result(TWO_CONVS)], View("csv", explain=True))


def test_every_format_takes_every_option() -> None:
    result = _result(TWO_CONVS)
    for name in FORMATS:
        for explain in (False, True) if name in explainable() else (False,):
            view = View(name, explain, rf=True, dtype="int8", depth=0)
            assert render_outputs([result, result], view), (name, explain)


def test_explain_shows_the_receptive_field_with_rf(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(TWO_CONVS)), "--explain", "--rf").stdout
    # c1: 3×3, jump 1, centre of the first field at pixel 1; c2: 3 + (3 − 1)·1 = 5, centre 1 + 1 = 2
    assert "   receptive field = 3×3, jump = 1, start = 1\n" in out
    assert "   receptive field = 5×5, jump = 1, start = 2\n" in out
    assert "receptive field" not in cli(str(write_spec(TWO_CONVS)), "--explain").stdout
    korean = cli(str(write_spec(TWO_CONVS)), "--explain", "--rf", "--lang", "ko").stdout
    assert "   수용 영역 = 5×5, 점프 = 1, 시작 = 2\n" in korean


def test_explain_shows_the_memory_at_that_precision_with_dtype(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(str(write_spec(TWO_CONVS)), "--explain", "--dtype", "int8").stdout
    # elements × bytes: 2·6·6 = 72 values · 1 B; 2·4·4 = 32 · 1 B
    assert "   memory (int8) = 2·6·6 · 1 B = 72 B\n" in out
    assert "   memory (int8) = 2·4·4 · 1 B = 32 B\n" in out
    # the totals: (20 + 38) params · 1 B = 58 B; (72 + 32) activations · 1 B = 104 B
    assert "Memory (int8): params 58 B, activations 104 B" in out
    # and the table above the working has the memory column
    assert "Memory" in out.split("working")[0]


def test_explain_memory_in_kibibytes() -> None:
    out = cli(str(SPECS / "lenet5.yaml"), "--explain", "--dtype", "float16").stdout
    # C1's output 6·28·28 = 4,704 values · 2 B = 9,408 B = 9,408/1,024 KiB ≈ 9.2 KiB
    assert "   memory (float16) = 6·28·28 · 2 B = 9,408 B = 9.2 KiB\n" in out


def test_explain_folds_blocks_with_depth() -> None:
    out = cli(str(SPECS / "resnet18.yaml"), "--explain", "--depth", "1").stdout
    working = out[out.index("— working") :]
    # layer1.0: two 3×3·64·64 convs without bias (36,864 each) and two batch norms (4·64 = 256)
    assert "▸ layer1.0 (basic): 64×56×56 → 64×56×56\n" in working
    assert "   params = 36,864 + 256 + 36,864 + 256 = 74,240\n" in working
    # its MACs: 64·56·56·64·3·3 = 115,605,504 for each conv
    assert "   MACs = 115,605,504 + 115,605,504 = 231,211,008\n" in working
    assert "layer1.0.conv1 (conv)" not in working  # folded: its own working is not shown
    # a warning inside a folded block is still said: layer2.0.conv1's (56 + 2 − 3)/2 + 1 = 57/2
    assert "⚠ 19. layer2.0.conv1: OH = " in working and "57/2 = 28.5" in working
    # the network's totals are the same with or without folding
    unfolded = cli(str(SPECS / "resnet18.yaml"), "--explain").stdout
    assert working.splitlines()[-3:] == unfolded.splitlines()[-3:]


def test_explain_json_says_the_dtype_asked_for(write_spec) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(
        cli(str(write_spec(TWO_CONVS)), "--explain", "--format", "json", "--dtype", "int8").stdout
    )
    assert data["dtype"] == "int8"
    assert [layer["memory_bytes"] for layer in data["layers"]] == [72, 32]  # elements × 1 B
    assert data["layers"][1]["working"][-1] == "memory (int8) = 2·4·4 · 1 B = 32 B"
    with_rf = json.loads(cli(str(write_spec(TWO_CONVS)), "--explain", "--format", "json", "--rf").stdout)
    assert with_rf["dtype"] == "float32"  # no --dtype: the default, as the plain JSON says
    assert with_rf["layers"][1]["working"][-1] == "receptive field = 5×5, jump = 1, start = 2"
    korean = cli(
        str(write_spec(TWO_CONVS)), "--explain", "--format", "json", "--dtype", "int8", "--lang", "ko"
    )
    assert json.loads(korean.stdout)["layers"][1]["working"][-1] == "메모리 (int8) = 2·4·4 · 1 B = 32 B"


def test_explain_markdown_takes_the_options(write_spec) -> None:  # type: ignore[no-untyped-def]
    out = cli(
        str(write_spec(TWO_CONVS)), "--explain", "--format", "markdown", "--rf", "--dtype", "int8"
    ).stdout
    assert "| RF | Jump | Start | Memory (int8) |" in out
    assert "   receptive field = 5×5, jump = 1, start = 2\n" in out
    assert "   memory (int8) = 2·4·4 · 1 B = 32 B\n" in out


# Moved from tests/test_explain.py with render/explained.py, whose work this module does now.
def test_explain_in_json_adds_working_keys_only() -> None:
    plain = cli(str(SPECS / "cs231n_conv.yaml"), "--format", "json")
    explained = cli(str(SPECS / "cs231n_conv.yaml"), "--format", "json", "--explain")
    assert explained.returncode == 0
    before, after = json.loads(plain.stdout), json.loads(explained.stdout)
    assert after["layers"][0].pop("working")[2] == "params = (FH·FW·FC + 1)·FN = (5·5·3 + 1)·10 = 760"
    assert after == before


def test_explain_with_csv_is_a_usage_error() -> None:
    result = cli(str(SPECS / "lenet5.yaml"), "--format", "csv", "--explain")
    assert result.returncode == 2
    assert result.stderr == "error: --explain works with --format table, json or markdown\n"


def test_the_explain_refusal_names_the_registry_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    # A registry where only table and json show the working: the message says those two.
    monkeypatch.setattr("cnncalc.render.outputs.explainable", lambda: ["table", "json"])
    result = cli(str(SPECS / "lenet5.yaml"), "--format", "markdown", "--explain")
    assert result.returncode == 2
    assert result.stderr == "error: --explain works with --format table or json\n"
    korean = cli(str(SPECS / "lenet5.yaml"), "--format", "csv", "--explain", "--lang", "ko")
    assert korean.stderr == "error: --explain은 --format table, json에서만 쓴다\n"
