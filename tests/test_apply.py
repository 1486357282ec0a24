"""``cnncalc apply``: the seeds' numeric exercises, with the answers copied from the seed texts."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.console import Console

from cnncalc.engine.feature_map import apply, matches
from cnncalc.render.feature_map import render_feature_map
from cnncalc.spec.exercise import Exercise, load_exercise
from tests.conftest import ROOT
from tests.conftest import run_cli as cli

EXAMPLES = ROOT / "exercises"

# The seeds' inputs and answers, typed from /work/shared/seeds (not from cnncalc's output).
TOBIGS_INPUT = [
    [2, 3, 0, 1, 3, 2, 1],
    [0, 2, 2, 2, 2, 1, 0],
    [1, 2, 1, 1, 1, 0, 0],
    [3, 2, 2, 0, 0, 2, 3],
    [2, 0, 0, 0, 0, 2, 0],
    [0, 0, 0, 2, 2, 2, 2],
    [1, 3, 2, 3, 2, 1, 0],
]
TOBIGS_OUTPUT = [[6, 9, 7, 6, 6], [9, 7, 7, 6, 5], [6, 5, 2, 3, 3], [5, 4, 4, 6, 9], [5, 6, 6, 8, 4]]
TOBIGS_3CH_OUTPUT = [
    [8, 13, 9, 8, 7],
    [12, 10, 10, 9, 7],
    [8, 9, 3, 4, 6],
    [8, 6, 6, 6, 11],
    [7, 6, 11, 10, 6],
]
DLI_IMAGE = [
    [1, 0, 1, 1, 0, 1],
    [0, 1, 0, 0, 1, 0],
    [0, 1, 1, 1, 1, 0],
    [0, 1, 1, 1, 1, 0],
    [1, 0, 1, 1, 0, 1],
    [1, 1, 0, 0, 1, 1],
]
DLI_BLUR = [[0.06, 0.13, 0.06], [0.13, 0.25, 0.13], [0.06, 0.13, 0.06]]
DLI_BLURRED = [
    [0.56, 0.57, 0.57, 0.56],
    [0.7, 0.82, 0.82, 0.7],
    [0.69, 0.95, 0.95, 0.69],
    [0.64, 0.69, 0.69, 0.64],
]


def run_apply(write, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    path = write(text)
    return cli("apply", str(path), *args)


def compute(tmp_path: Path, data: dict[str, object], at: tuple[int, int] = (1, 1)):
    path = tmp_path / "exercise.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    exercise, document = load_exercise(path)
    return apply(exercise, document.stem, at)


def as_numbers(result) -> list[list[list[float]]]:
    return [[[float(v) for v in row] for row in m] for m in result.outputs]


def test_tobigs_7x7_with_the_x_filter(tmp_path: Path) -> None:
    result = compute(tmp_path, {"input": TOBIGS_INPUT, "kernel": [[1, 0, 1], [0, 1, 0], [1, 0, 1]]})
    assert as_numbers(result) == [TOBIGS_OUTPUT]
    assert result.output_shape == (1, 5, 5)


def test_tobigs_bias_of_one_adds_one_everywhere(tmp_path: Path) -> None:
    # "Bias 개념도 추가할 수 있다. if) bias가 1이라면?"
    result = compute(
        tmp_path, {"input": TOBIGS_INPUT, "kernel": [[1, 0, 1], [0, 1, 0], [1, 0, 1]], "bias": 1}
    )
    assert as_numbers(result) == [[[v + 1 for v in row] for row in TOBIGS_OUTPUT]]


def test_tobigs_three_channels_add_up() -> None:
    exercise, document = load_exercise(EXAMPLES / "tobigs_7x7x3.yaml")
    result = apply(exercise, document.stem)
    assert as_numbers(result) == [TOBIGS_3CH_OUTPUT]
    assert result.kernel_shape == (1, 3, 3, 3)
    assert result.ok


def test_slides_3x3_input_2x2_weight(tmp_path: Path) -> None:
    data = {"input": [[0, 80, 40], [20, 40, 0], [0, 0, 40]], "kernel": [[0, 0.25], [0.5, 1]]}
    assert as_numbers(compute(tmp_path, data)) == [[[70, 30], [10, 40]]]


def test_slides_max_pooling(tmp_path: Path) -> None:
    data = {
        "op": "maxpool",
        "kernel": 2,
        "input": [
            [0.02, 0.19, 0.19, 0.02],
            [0.02, 0.19, 0.19, 0.02],
            [0.02, 0.75, 0.02, 0.02],
            [0.75, 0.02, 0.02, 0.02],
        ],
    }
    assert as_numbers(compute(tmp_path, data)) == [[[0.19, 0.19], [0.75, 0.02]]]


def test_dli_max_pooling(tmp_path: Path) -> None:
    data = {
        "op": "maxpool",
        "kernel": 2,
        "input": [[110, 256, 153, 67], [12, 89, 88, 43], [10, 15, 50, 55], [23, 9, 49, 23]],
    }
    assert as_numbers(compute(tmp_path, data)) == [[[256, 153], [23, 55]]]


def test_dli_blur_is_exact_to_the_slide(tmp_path: Path) -> None:
    result = compute(tmp_path, {"input": DLI_IMAGE, "kernel": DLI_BLUR})
    # Exact decimals: 0.56, not 0.5600000000000001.
    assert result.outputs[0][0][0] == Decimal("0.56")
    assert as_numbers(result) == [DLI_BLURRED]


@pytest.mark.parametrize(
    ("stride", "first_row"), [(1, [0.56, 0.57, 0.57, 0.56]), (2, [0.56, 0.57]), (3, [0.56, 0.56])]
)
def test_dli_blur_strides(tmp_path: Path, stride: int, first_row: list[float]) -> None:
    # 스트라이드 1/2/3: the slide's first output rows.
    result = compute(tmp_path, {"input": DLI_IMAGE, "kernel": DLI_BLUR, "stride": stride})
    assert as_numbers(result)[0][0] == first_row


def test_dli_sharpen_centre_cell_by_hand(tmp_path: Path) -> None:
    sharpen = [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]
    result = compute(tmp_path, {"input": DLI_IMAGE, "kernel": sharpen})
    # Window rows 2–4, columns 2–4 of the image: centre 1·5 − (0 + 1 + 1 + 1) = 2.
    assert result.outputs[0][1][1] == 2
    # Window rows 1–3, columns 1–3: centre 1·5 − (0 + 0 + 0 + 1) = 4.
    assert result.outputs[0][0][0] == 4


def test_dli_sobel_edges_by_hand(tmp_path: Path) -> None:
    vertical = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
    horizontal = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]]
    result = compute(tmp_path, {"input": DLI_IMAGE, "kernels": [vertical, horizontal]})
    assert result.output_shape == (2, 4, 4)
    # Top-left window [[1,0,1],[0,1,0],[0,1,1]]: vertical (1−1) + 2(0−0) + (0−1) = −1;
    # horizontal (1 + 0 + 1) − (0 + 2 + 1) = −1.
    assert result.outputs[0][0][0] == -1
    assert result.outputs[1][0][0] == -1
    # The image is mirror-symmetric left to right, so the vertical edge map is antisymmetric.
    for row in result.outputs[0]:
        assert list(row) == [-v for v in reversed(row)]


def test_zero_padding_keeps_the_size(tmp_path: Path) -> None:
    # CS231n: P = (F − 1)/2 keeps the size; the corner window sees four zeros of padding.
    result = compute(
        tmp_path, {"input": DLI_IMAGE, "kernel": [[1, 1, 1], [1, 1, 1], [1, 1, 1]], "padding": 1}
    )
    assert result.output_shape == (1, 6, 6)
    assert result.outputs[0][0][0] == 1 + 0 + 0 + 1  # image[0][0..1] + image[1][0..1]


def test_avgpool(tmp_path: Path) -> None:
    result = compute(tmp_path, {"op": "avgpool", "kernel": 2, "input": [[1, 2, 3, 4], [5, 6, 7, 8]]})
    assert as_numbers(result) == [[[3.5, 5.5]]]


def test_explain_shows_the_window_sum_as_the_slides_do() -> None:
    exercise, document = load_exercise(EXAMPLES / "tobigs_7x7.yaml")
    text = _text(render_feature_map(apply(exercise, document.stem), explain=True))
    assert "2·1 + 3·0 + 0·1 + 0·0 + 2·1 + 2·0 + 1·1 + 2·0 + 1·1 = 6" in text
    assert "(7 + 2·0 − 3)/1 + 1 = 5" in text
    assert "✓ expect: every cell matches (25 of 25)" in text


def test_explain_a_chosen_cell_of_the_3x3_slide(tmp_path: Path) -> None:
    data = {"input": [[0, 80, 40], [20, 40, 0], [0, 0, 40]], "kernel": [[0, 0.25], [0.5, 1]]}
    text = _text(render_feature_map(compute(tmp_path, data, at=(1, 2)), explain=True))
    # The slide: 0 × 80 + 0.25 × 40 + 0.5 × 40 + 1 × 0 = 30 (written input·weight here).
    assert "80·0 + 40·0.25 + 40·0.5 + 0·1 = 30" in text


def test_matches_to_the_written_precision() -> None:
    assert matches(Decimal("0.33"), Decimal(1) / 3)
    assert not matches(Decimal("0.34"), Decimal(1) / 3)
    assert not matches(Decimal("70"), Decimal("70.4"))


def test_cli_every_example_checks_out() -> None:
    # Each example's expect: is the seed's answer; exit 0 alone would also pass an example whose
    # expect: went missing. The Sobel slide gives kernels but no output (checked by hand above).
    without_an_answer = {"dli_sobel.yaml"}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        result = cli("apply", str(path))
        assert result.returncode == 0, (path, result.stdout, result.stderr)
        if path.name not in without_an_answer:
            assert "✓ expect: every cell matches" in result.stdout, path.name


def test_cli_wrong_answer_exits_1_and_names_the_cell(write_spec) -> None:
    result = run_apply(
        write_spec,
        "input: [[0, 80, 40], [20, 40, 0], [0, 0, 40]]\nkernel: [[0, 0.25], [0.5, 1]]\n"
        "expect: [[70, 30], [10, 45]]\n",
    )
    assert result.returncode == 1
    assert "row 2, column 2: expected 45, computed 40" in result.stdout
    assert result.stderr == ""


def test_cli_json(write_spec) -> None:
    result = run_apply(
        write_spec,
        "input: [[0, 80, 40], [20, 40, 0], [0, 0, 40]]\nkernel: [[0, 0.25], [0.5, 1]]\n",
        "--format",
        "json",
    )
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["outputs"] == [[[70, 30], [10, 40]]]
    assert data["output_shape"] == [1, 2, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "input: [[1, 2], [3]]\nkernel: [[1]]\n",
            ":1: input: the matrix: row 2 has 1 number(s) but row 1 has 2",
        ),
        ("input: [[1, 2], [3, 4]]\nkernal: [[1]]\n", ":2: kernal: unknown field 'kernal'"),
        ("input: [[1, 2], [3, 4]]\nkernel: [[1, 2, 3]]\n", ":2: kernel: the output would be empty"),
        ("input: [[1, 2], [3, 4]]\n", "a convolution needs a 'kernel'"),
        ("input: [[1, 2], [3, 4]]\nop: maxpool\nkernel: [[1]]\n", "kernel is the window size"),
        (
            "input: [[[1, 2], [3, 4]], [[1, 2], [3, 4]]]\nkernel: [[1]]\n",
            "the input has 2 channels but the kernel has 1 matrix",
        ),
        ("input: [[1, x], [3, 4]]\nkernel: [[1]]\n", "row 1, column 2 must be a number"),
        ("input: [[1, 2]\n", "error: "),
        (
            "input: [[1, 2], [3, 4]]\nop: maxpool\nkernel: 1\npadding: 1\n",
            ":4: padding: 1 is more than half the window 1",
        ),
    ],
)
def test_cli_bad_files_are_one_line_exit_2(write_spec, text: str, message: str) -> None:
    result = run_apply(write_spec, text)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.strip().splitlines())


def _text(renderable: object) -> str:
    console = Console(file=StringIO(), width=120, color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_an_exercise_too_large_to_work_by_hand_is_refused(write_spec) -> None:
    result = run_apply(write_spec, "input: [[1, 2], [3, 4]]\nkernel: [[1]]\npadding: 100000\n")
    assert result.returncode == 2
    assert "too large to work by hand" in result.stderr
    # (2 + 2·100000)² = 200002² = 40,000,800,004 cells, and as many 1×1 products: counts with separators
    assert "40,000,800,004 padded input cells and 40,000,800,004 products" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_explain_in_korean_as_the_lecture_notes_write_it() -> None:
    result = cli("apply", str(EXAMPLES / "tobigs_7x7x3.yaml"), "--explain", "--lang", "ko")
    assert result.returncode == 0
    assert "합성곱: 입력 3×7×7" in result.stdout
    assert "채널 2: 0·1 + 2·0 + 0·0 + 1·0 + 2·0 + 2·0 + 0·0 + 2·0 + 1·0 = 0" in result.stdout
    assert "6 + 0 + 2 = 8" in result.stdout  # "다 더하면 된다!"
    assert "✓ expect: 25칸 모두 맞다" in result.stdout


GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    ("example", "lang"),
    [("tobigs_7x7", "en"), ("tobigs_7x7x3", "ko"), ("dli_blur", "en"), ("slides_maxpool", "en")],
)
def test_golden_apply(example: str, lang: str, update_goldens: bool) -> None:
    # Regenerate with pytest tests/test_apply.py --update-goldens and review the diff.
    from cnncalc.render.i18n import Lang

    exercise, document = load_exercise(EXAMPLES / f"{example}.yaml")
    console = Console(file=StringIO(), width=120, color_system=None, force_terminal=False)
    console.print(render_feature_map(apply(exercise, document.stem), explain=True, lang=Lang(lang)))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    golden = GOLDEN / f"apply_{example}_{lang}.out"
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


# Bounded work and exact numbers (issue 9).


def test_a_real_image_is_refused_at_once_with_the_limit(write_spec) -> None:
    # A 1000×1000 matrix took 53 s and 505 MB; it is refused before any number is converted.
    path = write_spec(json.dumps({"input": [[1] * 1000] * 1000, "kernel": [[1]]}), "image.json")
    result = cli("apply", str(path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path}: input: more than 100,000 numbers: too large to work by hand "
        "(apply is for the small matrices of exercises; use cnncalc SPEC for real networks)\n"
    )


def test_an_exercise_at_the_limits_is_computed_as_by_hand(tmp_path: Path) -> None:
    # 400×250 = 100,000 cells, five 1×1 filters w = 1…5: 500,000 products, the most allowed.
    # Cell (i, j) holds i + j (from 0), so filter w gives w·(i + j): by hand, the last cell of
    # filter 5 is 5·(399 + 249) = 3240 and its sum over the map is 5·(250·Σi + 400·Σj)
    # = 5·(250·79800 + 400·31125) = 5·(19,950,000 + 12,450,000) = 162,000,000.
    kernels = [[[w]] for w in range(1, 6)]
    data = {"input": [[i + j for j in range(250)] for i in range(400)], "kernels": kernels}
    result = compute(tmp_path, data)
    assert result.output_shape == (5, 400, 250)
    assert result.outputs[4][399][249] == 3240
    assert sum(sum(row) for row in result.outputs[4]) == 162_000_000
    kernels.append([[6]])  # one more filter: 600,000 products
    path = tmp_path / "more.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    refused = cli("apply", str(path))
    assert refused.returncode == 2
    assert "600,000 products (at most 100,000 and 500,000)" in refused.stderr


@settings(max_examples=25, deadline=None)
@given(
    data=st.data(),
    channels=st.integers(1, 2),
    size=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    kernel=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
)
def test_convolution_agrees_with_the_definition_cell_by_cell(
    data: st.DataObject,
    channels: int,
    size: tuple[int, int],
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: tuple[int, int],
) -> None:
    # y[i][j] = b + Σ_c Σ_a Σ_b x_pad[c][i·S + a][j·S + b] · w[c][a][b], in fractions.
    assume(all(n + 2 * p >= k for n, p, k in zip(size, padding, kernel, strict=True)))
    numbers = st.integers(-9, 9).map(lambda v: v / 4)
    x = [data.draw(st.lists(st.lists(numbers, min_size=size[1], max_size=size[1]), min_size=size[0],
                            max_size=size[0])) for _ in range(channels)]  # fmt: skip
    w = [data.draw(st.lists(st.lists(numbers, min_size=kernel[1], max_size=kernel[1]), min_size=kernel[0],
                            max_size=kernel[0])) for _ in range(channels)]  # fmt: skip
    exercise = Exercise.model_validate({"input": x, "kernel": w, "stride": list(stride),
                                        "padding": list(padding), "bias": 0.5})  # fmt: skip
    result = apply(exercise, "x")

    def at(c: int, r: int, q: int) -> Fraction:
        r, q = r - padding[0], q - padding[1]
        inside = 0 <= r < size[0] and 0 <= q < size[1]
        return Fraction(str(x[c][r][q])) if inside else Fraction(0)

    axes = zip(size, padding, kernel, stride, strict=True)
    out_h, out_w = ((n + 2 * p - k) // s + 1 for n, p, k, s in axes)
    expected = [
        [
            Fraction(1, 2)
            + sum(
                at(c, i * stride[0] + a, j * stride[1] + b) * Fraction(str(w[c][a][b]))
                for c in range(channels)
                for a in range(kernel[0])
                for b in range(kernel[1])
            )
            for j in range(out_w)
        ]
        for i in range(out_h)
    ]
    assert [[Fraction(v) for v in row] for row in result.outputs[0]] == expected


def test_integers_past_28_digits_are_computed_compared_and_printed_exactly(write_spec) -> None:
    # 123456789012345678901234567890123 · 1 + 1 (bias) = 123456789012345678901234567890124;
    # the 28-digit context rounded both to 1234567890123456789012345679E+5 and said they differ.
    big = 123456789012345678901234567890123
    ok = run_apply(write_spec, f"input: [[{big}]]\nkernel: [[1]]\nbias: 1\nexpect: [[{big + 1}]]\n")
    assert ok.returncode == 0, ok.stdout
    assert f"\n{big + 1}\n" in ok.stdout
    wrong = run_apply(write_spec, f"input: [[{big}]]\nkernel: [[1]]\nexpect: [[{big + 1}]]\n")
    assert wrong.returncode == 1
    assert f"row 1, column 1: expected {big + 1}, computed {big}" in wrong.stdout
    data = json.loads(run_apply(write_spec, f"input: [[{big}]]\nkernel: [[2]]\n", "--format", "json").stdout)
    assert data["outputs"] == [[[2 * big]]]


def test_a_mismatch_past_four_decimals_shows_two_different_numbers(write_spec) -> None:
    # 0.00001 · 1 = 0.00001 ≠ 0.00002: four decimals printed "expected 0, computed 0".
    result = run_apply(write_spec, "input: [[0.00001]]\nkernel: [[1]]\nexpect: [[0.00002]]\n")
    assert result.returncode == 1
    assert "row 1, column 1: expected 0.00002, computed 0.00001" in result.stdout
    # 70 + 10⁻⁹ is not the whole number 70: printed with the decimals that show why.
    result = run_apply(write_spec, "input: [[70.000000001]]\nkernel: [[1]]\nexpect: [[70]]\n")
    assert "expected 70, computed 70.000000001" in result.stdout


def test_an_average_that_does_not_end_is_compared_exactly() -> None:
    # (1 + 0 + 0)/3 = ⅓: 0.33 (two decimals) and 0.333333 match; 0.3334 does not (|⅓ − 0.3334|
    # = 0.0000667 > 0.00005).
    assert matches(Decimal("0.333333"), Fraction(1, 3))
    assert not matches(Decimal("0.3334"), Fraction(1, 3))
    exercise = Exercise.model_validate(
        {"op": "avgpool", "input": [[1, 0, 0]], "kernel": [1, 3], "expect": [[0.3334]]}
    )
    result = apply(exercise, "x")
    assert [(m.row, m.column) for m in result.mismatches] == [(1, 1)]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("9" * 101, "input: the matrix: row 1, column 1: a number has at most 100 digits, got 101"),
        ("9" * 5000, ":1: input[0][0]: an integer of 5,000 digits; cnncalc reads integers of at most 1,000"),
    ],
)
def test_an_integer_cell_with_too_many_digits_is_refused(write_spec, cell: str, message: str) -> None:
    result = run_apply(write_spec, f"input: [[{cell}]]\nkernel: [[1]]\n")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and message in result.stderr


@pytest.mark.parametrize(
    ("field", "hint"),
    [
        ("filter", "did you mean 'kernel'?"),  # the notes' 필터: a synonym
        ("kernal", "did you mean 'kernel'?"),  # a close spelling of the field
        # Close to the spec's alias pool_size only: said as the exercise's own field, kernel.
        ("pool_sise", "did you mean 'kernel'?"),
        ("use_bais", "did you mean 'bias'?"),
        ("zebra", "known fields: name, description, op, input, kernel, kernels"),
    ],
)
def test_an_unknown_exercise_field_gets_the_spec_fuzzy_match(write_spec, field: str, hint: str) -> None:
    result = run_apply(write_spec, f"input: [[1, 2], [3, 4]]\n{field}: [[1]]\nkernel: [[1]]\n")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and f":2: {field}: unknown field '{field}'" in line
    assert hint in line
