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
from cnncalc.spec.exercise import MAX_CELLS, Exercise, Matrix, Tensor, filters_of, pool_size

NEG_INF = Decimal("-Infinity")
# Exact decimals in plain Python take about a microsecond a product: keep a run under seconds.
MAX_PRODUCTS = 2_000_000


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
    window: Window
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
    padded_cells = channels * (height + 2 * padding[0]) * (width + 2 * padding[1])
    products = max(len(filters), 1) * channels * out_h * out_w * kernel[0] * kernel[1]
    if padded_cells > MAX_CELLS or products > MAX_PRODUCTS:
        raise CnncalcError.single(
            f"too large to work by hand: {padded_cells:,} padded input cells and {products:,} products "
            f"(at most {MAX_CELLS:,} and {MAX_PRODUCTS:,})",
            hint="apply is for the small matrices of exercises; use cnncalc SPEC for shapes of real networks",
        )
    if not (1 <= at[0] <= out_h and 1 <= at[1] <= out_w):
        raise CnncalcError.single(f"--at {at[0]},{at[1]} is outside the {out_h}×{out_w} output")
    fill = NEG_INF if exercise.op == "maxpool" else Decimal(0)
    padded = tuple(_pad(m, padding, fill) for m in source)

    outputs: list[Matrix] = []
    maps = len(filters) if exercise.op == "conv" else channels
    for map_index in range(maps):
        bias = exercise.bias[map_index if len(exercise.bias) > 1 else 0] if filters else Decimal(0)
        rows = []
        for i in range(out_h):
            row = []
            for j in range(out_w):
                top, left = i * stride[0], j * stride[1]
                if filters:
                    value = bias + sum(
                        (_window_sum(padded[c], filters[map_index][c], top, left) for c in range(channels)),
                        Decimal(0),
                    )
                else:  # padding counts as zeros in an average: PyTorch's count_include_pad default
                    values = [
                        v
                        for r in padded[map_index][top : top + kernel[0]]
                        for v in r[left : left + kernel[1]]
                    ]
                    value = max(values) if exercise.op == "maxpool" else sum(values, Decimal(0)) / len(values)
                row.append(value)
            rows.append(tuple(row))
        outputs.append(tuple(rows))

    # The working of one cell, term by term, for --explain.
    top, left = (at[0] - 1) * stride[0], (at[1] - 1) * stride[1]
    if filters:
        terms = tuple(_conv_terms(padded[c], filters[0][c], top, left, padding) for c in range(channels))
    else:
        terms = (_pool_terms(padded[0], kernel, top, left, padding),)
    first_bias = exercise.bias[0] if filters else Decimal(0)
    window = Window(
        1,
        at[0],
        at[1],
        top - padding[0] + 1,
        left - padding[1] + 1,
        terms,
        first_bias,
        outputs[0][at[0] - 1][at[1] - 1],
    )

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


def _window_sum(matrix: Matrix, weights: Matrix, top: int, left: int) -> Decimal:
    total = Decimal(0)
    for a, weight_row in enumerate(weights):
        source = matrix[top + a]
        for b, weight in enumerate(weight_row):
            total += source[left + b] * weight
    return total


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
