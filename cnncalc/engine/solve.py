"""``cnncalc solve``: the (stride, padding) pairs that fit an input and a kernel, as Steps.

The arithmetic is :mod:`cnncalc.engine.formulas`'; this module only packs it as data the explain
renderer can show.
"""

# No `from __future__ import annotations`: see cnncalc.engine.results (its NamedTuples).

from fractions import Fraction
from typing import NamedTuple

from cnncalc.engine import formulas as f
from cnncalc.engine.results import Step


class Solution(NamedTuple):
    """What ``solve`` found (a named tuple: a frozen dataclass costs ≈ 0.8 ms to create at import)."""

    n: int
    kernel: int
    dilation: int
    output: int | None  # the output size asked for, if any
    fits: tuple[Step, ...]  # one conv_output Step per (S, P) that fits, the first ``limit``
    more: bool  # more pairs fit than ``fits`` holds
    keeps_size: int | None  # P = D(F − 1)/2, or None when D(F − 1) is odd

    @property
    def span(self) -> int:
        return f.effective_kernel(self.kernel, self.dilation)


def solve(n: int, kernel: int, dilation: int = 1, output: int | None = None, limit: int = 100) -> Solution:
    """The first ``limit`` (S, P) with S up to the kernel's span and P up to D(F − 1) that fit;
    only those giving ``output``, when it is given.

    >>> [(s.operands["S"], s.operands["P"]) for s in solve(7, 3, output=7).fits]
    [(1, 1)]
    """
    steps: list[Step] = []
    more = False
    for stride, padding, size in f.fitting_stride_padding_pairs(n, kernel, dilation, output):
        if len(steps) == limit:
            more = True
            break
        operands = {"N": n, "F": kernel, "S": stride, "P": padding, "D": dilation}
        steps.append(Step("output_size", "conv_output", operands, size, Fraction(size)))
    return Solution(n, kernel, dilation, output, tuple(steps), more, f.size_keeping_padding(kernel, dilation))
