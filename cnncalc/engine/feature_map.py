"""Convolution and pooling on small matrices, number by number, as the exercises are worked by hand.

Plain Python on :class:`~decimal.Decimal`: the matrices are the size of a slide, and exact
decimals give ``0.56`` where floats would give ``0.5600000000000001``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cnncalc.engine import formulas as f
from cnncalc.errors import CnncalcError
from cnncalc.spec.exercise import Exercise, Matrix, Tensor, filters_of, pool_size

NEG_INF = Decimal("-Infinity")


@dataclass(frozen=True, slots=True)
class Term:
    """One product of a window: ``value · weight`` (a pool's terms have no weight)."""

    value: Decimal
    weight: Decimal | None = None
    padded: bool = False


@dataclass(frozen=True, slots=True)
class Window:
    """The working of one output cell: the terms per input channel, the bias, the result."""

    map_index: int  # from 1: the filter (conv) or the channel (pool)
    row: int  # from 1
    column: int  # from 1
    top: int  # the window's first input row, from 1 (≤ 0 when it starts in the padding)
    left: int
    terms: tuple[tuple[Term, ...], ...]  # per input channel
    bias: Decimal
    result: Decimal


@dataclass(frozen=True, slots=True)
class SizeStep:
    """``(N + 2P − F)/S + 1`` for one axis, before and after flooring."""

    axis: str  # "height" | "width"
    n: int
    kernel: int
    stride: int
    padding: int
    exact: Fraction
    result: int


@dataclass(frozen=True, slots=True)
class Mismatch:
    map_index: int
    row: int
    column: int
    expected: Decimal
    computed: Decimal


@dataclass(frozen=True)
class FeatureMapResult:
    name: str
    op: str
    input_shape: tuple[int, int, int]
    kernel_shape: tuple[int, ...]  # conv: (FN, C, FH, FW); pool: (FH, FW)
    stride: tuple[int, int]
    padding: tuple[int, int]
    sizes: tuple[SizeStep, SizeStep]
    outputs: tuple[Matrix, ...]
    window: Window | None
    expected: bool  # an expect map was given
    mismatches: tuple[Mismatch, ...]
    expect_problem: str | None = None  # the expect map has the wrong shape

    @property
    def output_shape(self) -> tuple[int, int, int]:
        return (len(self.outputs), len(self.outputs[0]), len(self.outputs[0][0]))

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.expect_problem is None

    @property
    def flagged(self) -> bool:
        return any(step.exact.denominator != 1 for step in self.sizes)


def apply(exercise: Exercise, name: str, at: tuple[int, int] = (1, 1)) -> FeatureMapResult:
    """Compute every output cell; keep the working of the cell ``at`` (row, column from 1)."""
    source = exercise.input
    channels, height, width = len(source), len(source[0]), len(source[0][0])
    if exercise.op == "conv":
        filters = filters_of(exercise)
        kernel = (len(filters[0][0]), len(filters[0][0][0]))
        kernel_shape: tuple[int, ...] = (len(filters), channels, *kernel)
    else:
        filters = []
        kernel = pool_size(exercise)
        kernel_shape = kernel
    stride = exercise.stride or (kernel if exercise.op != "conv" else (1, 1))
    padding = exercise.padding
    try:
        sizes = (
            _size("height", height, kernel[0], stride[0], padding[0]),
            _size("width", width, kernel[1], stride[1], padding[1]),
        )
    except f.NonPositiveSize as exc:
        raise CnncalcError.single(f"the output would be empty: {exc}", loc=("kernel",)) from None
    out_h, out_w = sizes[0].result, sizes[1].result
    if not (1 <= at[0] <= out_h and 1 <= at[1] <= out_w):
        raise CnncalcError.single(f"--at {at[0]},{at[1]} is outside the {out_h}×{out_w} output")
    fill = NEG_INF if exercise.op == "maxpool" else Decimal(0)
    padded = tuple(_pad(m, padding, fill) for m in source)

    outputs: list[Matrix] = []
    window: Window | None = None
    maps = len(filters) if exercise.op == "conv" else channels
    for map_index in range(maps):
        rows = []
        for i in range(out_h):
            row = []
            for j in range(out_w):
                top, left = i * stride[0], j * stride[1]
                if exercise.op == "conv":
                    bias = exercise.bias[map_index if len(exercise.bias) > 1 else 0]
                    terms = tuple(
                        _conv_terms(padded[c], filters[map_index][c], top, left, padding)
                        for c in range(channels)
                    )
                    value = sum((t.value * (t.weight or 0) for ts in terms for t in ts), Decimal(0)) + bias
                else:
                    bias = Decimal(0)
                    terms = (_pool_terms(padded[map_index], kernel, top, left, padding),)
                    value = _pool_value(exercise.op, terms[0])
                if map_index == 0 and (i + 1, j + 1) == at:
                    window = Window(
                        1, i + 1, j + 1, top - padding[0] + 1, left - padding[1] + 1, terms, bias, value
                    )
                row.append(value)
            rows.append(tuple(row))
        outputs.append(tuple(rows))

    mismatches, problem = _check(exercise.expect, outputs)
    return FeatureMapResult(
        name=exercise.name or name,
        op=exercise.op,
        input_shape=(channels, height, width),
        kernel_shape=kernel_shape,
        stride=stride,
        padding=padding,
        sizes=sizes,
        outputs=tuple(outputs),
        window=window,
        expected=exercise.expect is not None,
        mismatches=tuple(mismatches),
        expect_problem=problem,
    )


def _size(axis: str, n: int, kernel: int, stride: int, padding: int) -> SizeStep:
    exact = f.conv_output_exact(n, kernel, stride, padding)
    return SizeStep(axis, n, kernel, stride, padding, exact, f.conv_output_size(n, kernel, stride, padding))


def _pad(matrix: Matrix, padding: tuple[int, int], fill: Decimal) -> Matrix:
    ph, pw = padding
    if not ph and not pw:
        return matrix
    width = len(matrix[0]) + 2 * pw
    blank = (fill,) * width
    side = (fill,) * pw
    return (blank,) * ph + tuple(side + row + side for row in matrix) + (blank,) * ph


def _in_padding(r: int, c: int, matrix: Matrix, padding: tuple[int, int]) -> bool:
    return not (padding[0] <= r < len(matrix) - padding[0] and padding[1] <= c < len(matrix[0]) - padding[1])


def _conv_terms(
    matrix: Matrix, weights: Matrix, top: int, left: int, padding: tuple[int, int]
) -> tuple[Term, ...]:
    return tuple(
        Term(matrix[top + a][left + b], weight, _in_padding(top + a, left + b, matrix, padding))
        for a, weight_row in enumerate(weights)
        for b, weight in enumerate(weight_row)
    )


def _pool_terms(
    matrix: Matrix, kernel: tuple[int, int], top: int, left: int, padding: tuple[int, int]
) -> tuple[Term, ...]:
    return tuple(
        Term(matrix[top + a][left + b], None, _in_padding(top + a, left + b, matrix, padding))
        for a in range(kernel[0])
        for b in range(kernel[1])
    )


def _pool_value(op: str, terms: tuple[Term, ...]) -> Decimal:
    if op == "maxpool":
        return max(t.value for t in terms)
    # Padding counts as zeros in the average, as PyTorch's count_include_pad=True default.
    return sum((t.value for t in terms), Decimal(0)) / len(terms)


def _check(expect: Tensor | None, outputs: list[Matrix]) -> tuple[list[Mismatch], str | None]:
    """Cell by cell; a value written with d decimals matches what rounds to it (½ unit of the last digit)."""
    if expect is None:
        return [], None
    got = (len(expect), len(expect[0]), len(expect[0][0]))
    want = (len(outputs), len(outputs[0]), len(outputs[0][0]))
    if got != want:
        return [], (
            f"expect has shape {'×'.join(map(str, got))} but the output is {'×'.join(map(str, want))}"
        )
    mismatches = []
    for m, (expected_map, output) in enumerate(zip(expect, outputs, strict=True)):
        for r, (expected_row, row) in enumerate(zip(expected_map, output, strict=True)):
            for c, (expected, computed) in enumerate(zip(expected_row, row, strict=True)):
                if not matches(expected, computed):
                    mismatches.append(Mismatch(m + 1, r + 1, c + 1, expected, computed))
    return mismatches, None


def matches(expected: Decimal, computed: Decimal) -> bool:
    """``0.33`` matches ⅓ (written to two decimals); a whole number must be exact.

    >>> matches(Decimal("0.33"), Decimal(1) / 3), matches(Decimal("70"), Decimal("70.4"))
    (True, False)
    """
    exponent = expected.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals == 0:
        return expected == computed
    return abs(expected - computed) <= Decimal(5) * Decimal(10) ** -(decimals + 1)
