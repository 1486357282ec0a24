"""Bounded work whatever the numbers: ``solve`` with huge kernels, ``apply`` on large or very
precise matrices, ``check`` over many files. Each case used to hang, exhaust memory or crash."""

from __future__ import annotations

import gc
import pathlib
import tracemalloc
from pathlib import Path

import pytest

from cnncalc.engine import formulas as f
from cnncalc.engine.check import SpecCheck
from cnncalc.engine.solve import solve
from cnncalc.pipeline import check_paths
from tests.conftest import SPECS
from tests.conftest import run_cli as cli

BIG = 2**31 - 1


def test_solve_with_an_output_solves_for_the_strides_instead_of_searching_them() -> None:
    # N = 8, F = 2³¹ − 1, O = 4: c = N − (F − 1) − 1 = 8 − 2147483646 − 1 = −2147483639.
    # 2P = (O − 1)·S − c = 3S + 2147483639 must be even → S odd; P ≤ F − 1 → 3S ≤ 2147483653,
    # S ≤ 715827884. So S = 1, 3, 5, … with P = (3S + 2147483639)/2: 1073741821, 1073741824, …
    # (The old search walked all 2³¹ − 1 strides: it never ended.)
    solution = solve(8, BIG, output=4, limit=3)
    pairs = [(s.operands["S"], s.operands["P"], s.result) for s in solution.fits]
    assert pairs == [(1, 1073741821, 4), (3, 1073741824, 4), (5, 1073741827, 4)]
    assert solution.more
    # The last of them: S = 715827883, P = (3·715827883 + 2147483639)/2 = 2147483644 ≤ 2147483646.
    assert f.conv_output_exact(8, BIG, 715827883, 2147483644) == 4
    assert BIG - 1 < (3 * 715827885 + 2147483639) // 2  # the next odd S needs P > F − 1
    # O = 2³⁰: 2P = (2³⁰ − 1)·S + 2147483639 ≤ 2·2147483646 → S ≤ 2, and S odd: only S = 1,
    # P = (1073741823 + 2147483639)/2 = 1610612731 (8 + 2·1610612731 − 2147483646 − 1 + 1 = 2³⁰).
    assert list(f.fitting_stride_padding_pairs(8, BIG, output=2**30)) == [(1, 1610612731, 2**30)]


def test_solve_the_issue_case_answers_none_at_once() -> None:
    # O = 5: 2P = 4S + 2147483639 is odd for every S, so no pair gives 5.
    result = cli("solve", "--input", "8", "--kernel", str(BIG), "--output", "5")
    assert (result.returncode, result.stderr) == (0, "")
    assert "no (stride, padding) gives output 5" in result.stdout


@pytest.mark.parametrize(("kernel", "dilation"), [(10**8, 1), (BIG, 1), (3, 10**9), (BIG, BIG)])
def test_solve_with_a_huge_kernel_or_dilation_lists_the_first_pairs(kernel: int, dilation: int) -> None:
    # Every padding of stride 1 used to be built as one tuple (10⁸ of them: MemoryError).
    # At S = 1 the output must be ≥ 1: P ≥ ⌈(D(F − 1) + 1 − N)/2⌉, then every P up to D(F − 1).
    reach = dilation * (kernel - 1)
    lowest = -(-(reach + 1 - 8) // 2)
    solution = solve(8, kernel, dilation)
    assert [(s.operands["S"], s.operands["P"]) for s in solution.fits[:2]] == [(1, lowest), (1, lowest + 1)]
    assert len(solution.fits) == 100 and solution.more
    result = cli("solve", "--input", "8", "--kernel", str(kernel), "--dilation", str(dilation))
    assert result.returncode == 0 and "only the first 100 are shown" in result.stdout


def test_solved_strides_agree_with_a_brute_force_search() -> None:
    for n in range(1, 20):
        for kernel in range(1, 6):
            for dilation in (1, 2, 3):
                reach = dilation * (kernel - 1)
                for output in range(1, 25):
                    brute = [
                        (s, p, output)
                        for s in range(1, reach + 2)
                        for p in range(reach + 1)
                        if (n + 2 * p - reach - 1) >= 0
                        and (n + 2 * p - reach - 1) % s == 0
                        and (n + 2 * p - reach - 1) // s + 1 == output
                    ]
                    assert list(f.fitting_stride_padding_pairs(n, kernel, dilation, output)) == brute


def test_check_memory_does_not_grow_with_the_number_of_files(tmp_path: Path) -> None:
    # 1,000 copies of resnet50.yaml peaked at 691 MB: every layer of every spec was kept for the
    # summary, and with the collector off (as cnncalc's main() runs) each file's reference
    # cycles too. What is retained after checking 16 copies must be about what 4 retain.
    text = (SPECS / "resnet50.yaml").read_text(encoding="utf-8")
    for number in range(16):
        (tmp_path / f"r{number:02}.yaml").write_text(text, encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("*.yaml"))
    check_paths(files[:1])  # caches (pydantic, the i18n table) filled before measuring
    # pathlib interns each part of a path it parses: the interpreter's table of interned strings
    # may grow (one allocation of some MB, whenever the strings interned so far reach its size:
    # it moves with every line of code imported before) while the 16 new names are first parsed.
    # Parsed here, and whatever pathlib allocates is not counted.
    assert all(Path(file).parts for file in files)
    not_pathlib = [tracemalloc.Filter(False, pathlib.__file__)]

    def retained(count: int) -> int:
        gc.disable()
        tracemalloc.start()
        try:
            outcomes = check_paths(files[:count])
            held = sum(
                stat.size
                for stat in tracemalloc.take_snapshot().filter_traces(not_pathlib).statistics("filename")
            )
        finally:
            tracemalloc.stop()
            gc.enable()
        assert len(outcomes) == count and all(o.passed for o in outcomes if isinstance(o, SpecCheck))
        return held

    small, large = retained(4), retained(16)
    # Each copy kept about 600 KB before; what remains is its ✓ lines and 8 flagged layers.
    assert large - small < 12 * 100_000, (small, large)
