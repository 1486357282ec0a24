"""``--explain``: each template against working done by hand, and golden files for LeNet-5.

Regenerate the goldens with ``pytest tests/test_explain.py --update-goldens`` and review the
diff by eye. (An environment variable rather than a pytest option, so that no two branches add the
same option to the shared conftest.)
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from cnncalc.cli import app
from cnncalc.engine.calculator import calculate
from cnncalc.errors import CnncalcError
from cnncalc.render.explain import explain_lines, layer_lines, render_explain
from cnncalc.render.i18n import Lang, detect_lang
from cnncalc.spec.models import Spec
from cnncalc.spec.validate import load_spec
from tests.conftest import SPECS

GOLDEN = Path(__file__).parent / "golden"


def working(input_shape: list[int], layer: dict[str, object], lang: Lang = Lang.en) -> list[str]:
    spec = Spec.model_validate({"input": input_shape, "layers": [layer]})
    return layer_lines(calculate(spec).layers[0], lang)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_golden_lenet5(lang: str, update_goldens: bool) -> None:
    spec, document = load_spec(SPECS / "lenet5.yaml")
    console = Console(file=io.StringIO(), width=120, color_system=None, force_terminal=False)
    console.print(render_explain(explain_lines(calculate(spec, document.stem), Lang(lang))))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    golden = GOLDEN / f"lenet5_explain_{lang}.out"
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_lecture_notes_notation_for_lenet5_c1() -> None:
    # ToBig's Hint1 and Hint2 with C1's numbers: (32 + 2·0 − 5)/1 + 1 = 28, (5·5·1 + 1)·6 = 156.
    lines = working([1, 32, 32], {"type": "conv2d", "filters": 6, "kernel": 5})
    assert lines[0] == "OH = (H + 2P − FH)/S + 1 = (32 + 2·0 − 5)/1 + 1 = 28"
    assert lines[1] == "OW = (W + 2P − FW)/S + 1 = (32 + 2·0 − 5)/1 + 1 = 28"
    assert lines[2] == "params = (FH·FW·FC + 1)·FN = (5·5·1 + 1)·6 = 156"
    assert lines[3] == "MACs = FN·OH·OW·FC·FH·FW = 6·28·28·1·5·5 = 117,600"


def test_korean_labels() -> None:
    lines = working([1, 32, 32], {"type": "conv2d", "filters": 6, "kernel": 5}, Lang.ko)
    assert lines[0] == "출력 크기 OH = (H + 2P − FH)/S + 1 = (32 + 2·0 − 5)/1 + 1 = 28"
    assert lines[2] == "파라미터 개수 = (FH·FW·FC + 1)·FN = (5·5·1 + 1)·6 = 156"


def test_dilation_shown_only_when_not_1() -> None:
    # (32 + 2·0 − 2·(3 − 1) − 1)/1 + 1 = 28
    lines = working([1, 32], {"type": "conv1d", "filters": 1, "kernel": 3, "dilation": 2})
    assert lines[0] == "O = (N + 2P − D(F − 1) − 1)/S + 1 = (32 + 2·0 − 2·(3 − 1) − 1)/1 + 1 = 28"


def test_groups_shown_only_when_not_1() -> None:
    # depthwise-like grouped conv: (3·3·32/32 + 1)·32 = 320
    lines = working([32, 8, 8], {"type": "conv2d", "filters": 32, "kernel": 3, "groups": 32})
    assert "params = (FH·FW·FC/G + 1)·FN = (3·3·32/32 + 1)·32 = 320" in lines
    plain = working([32, 8, 8], {"type": "conv2d", "filters": 32, "kernel": 3})
    assert not any("/G" in line for line in plain)


def test_same_padding_says_which_side() -> None:
    # TensorFlow: ⌈224/2⌉ = 112; total (112 − 1)·2 + 3 − 224 = 1, the extra one bottom/right.
    lines = working(
        [3, 224, 224], {"type": "conv2d", "filters": 8, "kernel": 3, "stride": 2, "padding": "same"}
    )
    assert lines[0] == "OH = ⌈H/S⌉ = ⌈224/2⌉ = 112; 'same' padding: P = 0 top, 1 bottom"
    assert lines[1] == "OW = ⌈W/S⌉ = ⌈224/2⌉ = 112; 'same' padding: P = 0 left, 1 right"


def test_ceil_mode_and_the_dropped_window() -> None:
    # PyTorch: ⌈(7 − 2)/2⌉ + 1 = 4
    (first, *_) = working([1, 7], {"type": "maxpool1d", "kernel": 2, "stride": 2, "ceil_mode": True})
    assert first == "O = ⌈(N + 2P − F)/S⌉ + 1 = ⌈(7 + 2·0 − 2)/2⌉ + 1 = 4"
    # ⌈(5 + 2·1 − 2)/2⌉ + 1 = 4, but the 4th window would start at 6 ≥ 5 + 1: dropped → 3
    (first, *_) = working(
        [1, 5], {"type": "maxpool1d", "kernel": 2, "stride": 2, "padding": 1, "ceil_mode": True}
    )
    assert first.startswith("O = ⌈(N + 2P − F)/S⌉ + 1 = ⌈(5 + 2·1 − 2)/2⌉ + 1 = 4; ceil_mode")
    assert first.endswith("4 − 1 = 3")


def test_transposed_convolution() -> None:
    # PyTorch's ConvTranspose2d: (16 − 1)·2 − 2·0 + 2 = 32; params 64·2·2·32 + 32 = 8,224
    lines = working([64, 16, 16], {"type": "ConvTranspose2d", "filters": 32, "kernel": 2, "stride": 2})
    assert lines[0] == "OH = (H − 1)·S − 2P + FH = (16 − 1)·2 − 2·0 + 2 = 32"
    assert "params = FC·FH·FW·FN + FN = 64·2·2·32 + 32 = 8,224" in lines
    # (7 − 1)·2 − 2·1 + 3 + 1 = 14 with output_padding 1
    lines = working(
        [1, 7],
        {
            "type": "conv_transpose1d",
            "filters": 1,
            "kernel": 3,
            "stride": 2,
            "padding": 1,
            "output_padding": 1,
        },
    )
    assert lines[0] == "O = (N − 1)·S − 2P + F + output_padding = (7 − 1)·2 − 2·1 + 3 + 1 = 14"


def test_flagged_stride_with_what_would_fit() -> None:
    # ToBig's: (7 − 3)/3 + 1 = 2.33…; S = 1 → 5 and S = 2 → 3 fit; with S = 3, P = 1 gives 6/3 + 1 = 3.
    lines = working([1, 7, 7], {"type": "conv2d", "filters": 1, "kernel": 3, "stride": 3})
    assert (
        lines[0]
        == "OH = (H + 2P − FH)/S + 1 = (7 + 2·0 − 3)/3 + 1 = 7/3 = 2.33… → does not fit, floored to 2"
    )
    assert lines[1] == "⚠ (7 + 2·0 − 3)/3 is not a whole number: the stride does not fit"
    assert lines[2] == "  strides that fit: S = 1, S = 2; with S = 3, paddings that fit: P = 1"


def test_alexnet_conv1_no_padding_fits_stride_4() -> None:
    # (224 + 2P − 11) is odd for every P, so stride 4 never fits; 217 = 7·31, so S = 1 and 7 do.
    lines = working([3, 224, 224], {"type": "conv2d", "filters": 64, "kernel": 11, "stride": 4, "padding": 2})
    assert "221/4 = 55.25 → does not fit, floored to 55" in lines[0]
    assert lines[2] == "  strides that fit: S = 1, S = 7; with S = 4, no padding fits"


def test_trainable_subsampling_and_batchnorm() -> None:
    lines = working([6, 28, 28], {"type": "avgpool", "kernel": 2, "trainable": True})
    assert lines[-1].startswith("params = 2·C = 2·6 = 12")  # ToBig's: (1 + 1)·6 = 12
    lines = working([64, 8, 8], {"type": "batchnorm"})
    # Keras' BatchNormalization(64): γ, β trainable (2·64 = 128), moving mean and variance not (128).
    assert lines[0] == "params = 4·C = 4·64 = 256"
    assert lines[1] == "γ, β trainable: 128; running mean, variance non-trainable: 128"


def test_locale_picks_korean() -> None:
    assert detect_lang({"LANG": "ko_KR.UTF-8"}) is Lang.ko
    assert detect_lang({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}) is Lang.ko
    assert detect_lang({"LANG": "en_US.UTF-8"}) is Lang.en
    assert detect_lang({}) is Lang.en
    result = CliRunner().invoke(
        app, [str(SPECS / "cs231n_conv.yaml"), "--explain"], env={"LANG": "ko_KR.UTF-8", "LC_ALL": ""}
    )
    assert "파라미터 개수 = (FH·FW·FC + 1)·FN = (5·5·3 + 1)·10 = 760" in result.stdout


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(1, 64),
    kernel=st.integers(1, 9),
    stride=st.integers(1, 5),
    padding=st.one_of(st.integers(0, 4), st.sampled_from(["same", "valid"])),
    dilation=st.integers(1, 3),
    kind=st.sampled_from(["conv1d", "maxpool1d", "avgpool1d", "conv_transpose1d"]),
    ceil_mode=st.booleans(),
)
def test_every_output_line_ends_with_the_engines_result(
    n: int, kernel: int, stride: int, padding: int | str, dilation: int, kind: str, ceil_mode: bool
) -> None:
    layer: dict[str, object] = {"type": kind, "kernel": kernel, "stride": stride, "padding": padding}
    if kind.startswith("conv"):
        layer |= {"filters": 2, "dilation": dilation}
    else:
        layer |= {"ceil_mode": ceil_mode and padding != "same"}
    spec = Spec.model_validate({"input": [2, n], "layers": [layer]})
    try:
        result = calculate(spec).layers[0]
    except CnncalcError:
        return  # a size ≤ 0 or a padding PyTorch refuses: reported elsewhere, nothing to explain
    for lang in Lang:
        lines = layer_lines(result, lang)
        first = lines[0]
        assert first.startswith(("O =", "출력 크기 O ="))
        size = str(result.output_shape[1])
        assert (
            first.endswith(f"= {size}")
            or f"{size}; " in first
            or f"floored to {size}" in first
            or (f"내림하여 {size}" in first)
            or first.endswith(f"− 1 = {size}")
        )
