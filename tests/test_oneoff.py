"""``cnncalc conv``, ``pool`` and ``solve``: the one-offs, against working done by hand."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cnncalc.cli import app
from cnncalc.engine import formulas as f
from cnncalc.engine.solve import solve


def cnncalc(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"LANG": "C", "LC_ALL": ""})
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "first_line", "working"),
    [
        # --dims 1: one size is one dimension: (32 + 2·0 − 5)/1 + 1 = 28
        (("conv", "--input", "32", "--dims", "1", "--kernel", "5"),
         "conv: input 1×32 → output 1×28",
         ["O = (N + 2P − F)/S + 1 = (32 + 2·0 − 5)/1 + 1 = 28"]),
        # ToBig's C1: 32×32×1, six 5×5 filters → 28×28×6, (5·5·1 + 1)·6 = 156
        (("conv", "--input", "32x32", "--kernel", "5", "--filters", "6"),
         "conv: input 1×32×32 → output 6×28×28",
         ["params = (FH·FW·FC + 1)·FN = (5·5·1 + 1)·6 = 156"]),
        # CS231n: 32×32×3, ten 5×5 filters, stride 1, pad 2 → 32×32×10, 760 parameters
        (("conv", "--input", "32x32", "--channels", "3", "--kernel", "5", "--filters", "10",
          "--padding", "2"),
         "conv: input 3×32×32 → output 10×32×32",
         ["(5·5·3 + 1)·10 = 760"]),
        # 224×224×3, 3×3 stride 2 'same': ⌈224/2⌉ = 112, total pad (112 − 1)·2 + 3 − 224 = 1 goes after;
        # (3·3·3 + 1)·32 = 896
        (("conv", "--input", "224x224x3", "--channels-last", "--kernel", "3", "--stride", "2",
          "--padding", "same", "--filters", "32"),
         "conv: input 3×224×224 → output 32×112×112",
         ["'same' padding: P = 0 top, 1 bottom", "(3·3·3 + 1)·32 = 896"]),
        # 8 channels, 8×8, 3×3 → (8 − 3)/1 + 1 = 6; groups 4, no bias: 3·3·(8/4)·8 = 144
        (("conv", "--input", "8x8", "--channels", "8", "--kernel", "3", "--filters", "8", "--groups", "4",
          "--no-bias"),
         "conv: input 8×8×8 → output 8×6×6",
         ["params = FH·FW·(FC/G)·FN = 3·3·(8/4)·8 = 144"]),
        # ToBig's S2: 28×28×6, 2×2 stride 2 → (28 − 2)/2 + 1 = 14
        (("pool", "--input", "28x28", "--channels", "6", "--kernel", "2"),
         "maxpool: input 6×28×28 → output 6×14×14",
         ["params = 0 (pooling has no weights to learn)"]),
    ],
)  # fmt: skip
def test_one_layer_shape_and_working(args: tuple[str, ...], first_line: str, working: list[str]) -> None:
    code, out, _ = cnncalc(*args)
    assert code == 0
    assert out.splitlines()[0] == first_line
    for line in working:
        assert line in out


def test_pool_ceil_mode() -> None:
    # PyTorch: 7, kernel 2, stride 2: floor (7 − 2)/2 + 1 = 3; ceil_mode ⌈5/2⌉ + 1 = 4
    assert "output 1×3\n" in cnncalc("pool", "--input", "7", "--dims", "1", "--kernel", "2")[1]
    assert "output 1×4\n" in cnncalc("pool", "--input", "7", "--dims", "1", "--kernel", "2", "--ceil-mode")[1]


def test_solve_the_lecture_notes_example() -> None:
    # N = 7, F = 3: (7 + 2P − 3)/S + 1 whole for S = 1 (P = 0, 1, 2 → 5, 7, 9), S = 2 (→ 3, 4, 5),
    # S = 3 only with P = 1 (→ 3). P = (3 − 1)/2 = 1 keeps the size. Only S ≤ F = 3 (a larger stride skips
    # input) and P ≤ F − 1 = 2 (more sees only zeros) are offered, so S = 4, P = 0 (→ 2) is not listed.
    solution = solve(7, 3)
    pairs = [(s.operands["S"], s.operands["P"], s.result) for s in solution.fits]
    assert pairs == [(1, 0, 5), (1, 1, 7), (1, 2, 9), (2, 0, 3), (2, 1, 4), (2, 2, 5), (3, 1, 3)]
    assert solution.keeps_size == 1
    code, out, _ = cnncalc("solve", "--input", "7", "--kernel", "3")
    assert code == 0
    assert "(7 + 2·1 − 3)/1 + 1 = 7  ← keeps the size" in out
    assert "P = (F − 1)/2 = (3 − 1)/2 = 1" in out


def test_solve_with_an_output_and_in_korean() -> None:
    code, out, _ = cnncalc("solve", "--input", "7", "--kernel", "3", "--output", "7", "--lang", "ko")
    assert code == 0
    assert "(7 + 2·1 − 3)/1 + 1 = 7  ← 크기 유지" in out
    assert "(7 + 2·0 − 3)/1 + 1 = 5" not in out
    assert "크기를 유지하는 패딩: P = (F − 1)/2 = (3 − 1)/2 = 1" in out


def test_solve_even_kernel_has_no_symmetric_size_keeping_padding() -> None:
    code, out, _ = cnncalc("solve", "--input", "8", "--kernel", "4", "--output", "8")
    assert code == 0
    assert "no (stride, padding) gives output 8" in out
    assert "D(F − 1) = 3 is odd" in out


def test_every_fitting_pair_is_whole() -> None:
    for n in range(1, 40):
        for kernel in range(1, 8):
            for stride, padding, size in f.fitting_stride_padding_pairs(n, kernel):
                assert f.conv_output_exact(n, kernel, stride, padding) == size


def test_fitting_paddings_agree_with_a_brute_force_search() -> None:
    for n in range(1, 30):
        for kernel in range(1, 7):
            for stride in range(1, 7):
                for dilation in (1, 2):
                    reach = dilation * (kernel - 1)
                    brute = tuple(
                        p for p in range(reach + 1)
                        if n + 2 * p - reach - 1 >= 0 and (n + 2 * p - reach - 1) % stride == 0
                    )  # fmt: skip
                    assert f.fitting_paddings(n, kernel, stride, dilation) == brute


def test_huge_sizes_answer_at_once() -> None:
    # A flagged layer with a kernel of a billion must not search a billion strides.
    big = 2**31 - 1
    assert f.fitting_paddings(big, 10**9, stride=3, limit=8)[:1] == (0,)  # (2³¹ − 1 − 10⁹ + 1)/3 whole
    assert len(f.fitting_strides(big, 10**9, max_stride=8)) <= 8
    code, out, _ = cnncalc("solve", "--input", "100000", "--kernel", "999")
    assert code == 0
    assert "only the first 100 are shown" in out
