"""Convolution and pooling on small matrices, number by number, as the exercises are worked by hand.

Plain Python on :class:`~decimal.Decimal`: the matrices are the size of a slide, and exact
decimals give ``0.56`` where floats would give ``0.5600000000000001``. Sums and products are
exact at any length (:data:`EXACT`); an average that does not end is compared as a fraction.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from operator import add, mul

from cnncalc.engine import formulas as f
from cnncalc.engine.results import Count, Dims
from cnncalc.errors import CnncalcError, said
from cnncalc.spec.exercise import MAX_CELLS, Exercise, Matrix, Tensor, filters_of, pool_size

NEG_INF = Decimal("-Infinity")
# About 0.2 µs a product with the row sums below; with loading and printing, a run at the
# limit answers in about a second.
MAX_PRODUCTS = 500_000
# + and × of decimals lose nothing when the precision can hold every digit: the default 28
# digits turned 123456789012345678901234567890123 · 1 into 1.234567890123456789012345679E+32.
# Numbers in an apply file are bounded (exercise.MAX_DIGITS), so the digits are too.
EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
# Extra significant digits of an average that does not end (⅓): shown to four decimals anyway.
AVERAGE_DIGITS = 40


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
    window = _window_of(exercise)
    sizes = _output_sizes(exercise, window, at)
    fill = NEG_INF if exercise.op == "maxpool" else Decimal(0)
    padded = tuple(_pad(m, exercise.padding, fill) for m in source)
    outputs, exact = _output_maps(exercise, window, padded, (sizes[0].result, sizes[1].result))
    mismatches, problem = _check(exercise.expect, outputs, exact)
    return FeatureMapResult(
        name=exercise.name or name,
        op=exercise.op,
        input_shape=(channels, height, width),
        kernel_shape=window.kernel_shape,
        stride=window.stride,
        padding=exercise.padding,
        sizes=sizes,
        outputs=tuple(outputs),
        window=_working(exercise, window, padded, outputs, at),
        expected=exercise.expect is not None,
        mismatches=tuple(mismatches),
        expect_problem=problem,
    )


@dataclass(frozen=True)
class _Sliding:
    """How the window slides: the conv filters (none for a pool), its size and stride."""

    filters: list[Tensor]
    kernel: tuple[int, int]
    kernel_shape: tuple[int, ...]  # conv: (FN, C, FH, FW); pool: (FH, FW)
    stride: tuple[int, int]


def _window_of(exercise: Exercise) -> _Sliding:
    if exercise.op == "conv":
        filters = filters_of(exercise)
        kernel = (len(filters[0][0]), len(filters[0][0][0]))
        shape: tuple[int, ...] = (len(filters), len(exercise.input), *kernel)
        return _Sliding(filters, kernel, shape, exercise.stride or (1, 1))
    kernel = pool_size(exercise)
    return _Sliding([], kernel, kernel, exercise.stride or kernel)


def _output_sizes(exercise: Exercise, window: _Sliding, at: tuple[int, int]) -> tuple[SizeStep, SizeStep]:
    """Each axis's ``(N + 2P − F)/S + 1``, refused when there is no output, when the work would
    be too large, or when the cell to work out lies outside."""
    source, padding, kernel, stride = exercise.input, exercise.padding, window.kernel, window.stride
    channels, height, width = len(source), len(source[0]), len(source[0][0])
    try:
        sizes = (
            _size("height", height, kernel[0], stride[0], padding[0]),
            _size("width", width, kernel[1], stride[1], padding[1]),
        )
    except f.NonPositiveSize as exc:
        detail = exc.args[0] if exc.args else str(exc)
        raise CnncalcError.single(said("apply.empty_output", detail=detail), loc=("kernel",)) from None
    out_h, out_w = sizes[0].result, sizes[1].result
    padded_cells = channels * (height + 2 * padding[0]) * (width + 2 * padding[1])
    products = max(len(window.filters), 1) * channels * out_h * out_w * kernel[0] * kernel[1]
    if padded_cells > MAX_CELLS or products > MAX_PRODUCTS:
        raise CnncalcError.single(
            said(
                "apply.too_large",
                cells=Count(padded_cells),
                products=Count(products),
                max_cells=Count(MAX_CELLS),
                max_products=Count(MAX_PRODUCTS),
            ),
            hint=said("hint.apply_too_large"),
        )
    if not (1 <= at[0] <= out_h and 1 <= at[1] <= out_w):
        outside = said("apply.at_outside", row=at[0], column=at[1], shape=Dims((out_h, out_w)))
        raise CnncalcError.single(outside)
    return sizes


def _output_maps(
    exercise: Exercise, window: _Sliding, padded: Tensor, out: tuple[int, int]
) -> tuple[list[Matrix], list[tuple[tuple[Decimal | Fraction, ...], ...]]]:
    """Every output map, and what ``expect`` is compared with (an average exactly, as a fraction)."""
    outputs: list[Matrix] = []
    exact: list[tuple[tuple[Decimal | Fraction, ...], ...]] = []
    filters, kernel, stride = window.filters, window.kernel, window.stride
    maps = len(filters) if exercise.op == "conv" else len(padded)
    with decimal.localcontext(EXACT):
        for map_index in range(maps):
            if filters:
                bias = exercise.bias[map_index if len(exercise.bias) > 1 else 0]
                matrix: Matrix = _convolve(padded, filters[map_index], bias, stride, out)
                exact.append(matrix)
            else:
                sums = _pool(padded[map_index], exercise.op, kernel, stride, out)
                if exercise.op == "avgpool":
                    # Padding counts as zeros in an average: PyTorch's count_include_pad default.
                    area = kernel[0] * kernel[1]
                    matrix = tuple(tuple(_divide(v, area) for v in row) for row in sums)
                    if exercise.expect is not None:
                        exact.append(tuple(tuple(Fraction(v) / area for v in row) for row in sums))
                else:
                    matrix = sums
                    exact.append(matrix)
            outputs.append(matrix)
    return outputs, exact


def _working(
    exercise: Exercise, window: _Sliding, padded: Tensor, outputs: list[Matrix], at: tuple[int, int]
) -> Window:
    """The working of one cell of the first map, term by term, for --explain."""
    padding, filters = exercise.padding, window.filters
    top, left = (at[0] - 1) * window.stride[0], (at[1] - 1) * window.stride[1]
    if filters:
        terms = tuple(_conv_terms(padded[c], filters[0][c], top, left, padding) for c in range(len(padded)))
    else:
        terms = (_pool_terms(padded[0], window.kernel, top, left, padding),)
    first_bias = exercise.bias[0] if filters else Decimal(0)
    return Window(
        1,
        at[0],
        at[1],
        top - padding[0] + 1,
        left - padding[1] + 1,
        terms,
        first_bias,
        outputs[0][at[0] - 1][at[1] - 1],
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


def _convolve(
    padded: Tensor, weights: Tensor, bias: Decimal, stride: tuple[int, int], size: tuple[int, int]
) -> Matrix:
    """``bias + Σ_c Σ_a Σ_b x[c][i·S + a][j·S + b] · w[c][a][b]`` for every output cell (i, j).

    A whole output row at a time: for each weight, the input row's every S-th value from b
    times the weight, added in C (``map``); a Python loop per product took 53 s for a 1000×1000
    matrix. The sums are exact, so their order does not matter.
    """
    span = (size[1] - 1) * stride[1] + 1  # the input columns an output row reads
    rows = []
    for i in range(size[0]):
        top = i * stride[0]
        row: list[Decimal] = [bias] * size[1]
        for channel, kernel in zip(padded, weights, strict=True):
            for source, weight_row in zip(channel[top : top + len(kernel)], kernel, strict=True):
                for b, weight in enumerate(weight_row):
                    row = list(map(add, row, map(mul, source[b : b + span : stride[1]], repeat(weight))))
        rows.append(tuple(row))
    return tuple(rows)


def _pool(
    matrix: Matrix, op: str, kernel: tuple[int, int], stride: tuple[int, int], size: tuple[int, int]
) -> Matrix:
    """Each window's maximum (maxpool) or sum (avgpool, divided by the caller)."""
    rows = []
    for i in range(size[0]):
        window_rows = matrix[i * stride[0] : i * stride[0] + kernel[0]]
        row = []
        for j in range(size[1]):
            left = j * stride[1]
            parts = [r[left : left + kernel[1]] for r in window_rows]
            if op == "maxpool":
                row.append(max(max(part) for part in parts))
            else:
                row.append(sum((sum(part, Decimal(0)) for part in parts), Decimal(0)))
        rows.append(tuple(row))
    return tuple(rows)


def _divide(total: Decimal, area: int) -> Decimal:
    """``total/area``, exact when it ends (a kernel area has few factors 2 and 5), else to
    :data:`AVERAGE_DIGITS` more digits than the sum has."""
    digits = len(total.as_tuple().digits) + AVERAGE_DIGITS
    return decimal.Context(prec=digits, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN).divide(total, area)


def _check(
    expect: Tensor | None,
    outputs: list[Matrix],
    exact: list[tuple[tuple[Decimal | Fraction, ...], ...]],
) -> tuple[list[Mismatch], str | None]:
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
    for m, (expected_map, output, values) in enumerate(zip(expect, outputs, exact, strict=True)):
        for r, (expected_row, row, value_row) in enumerate(zip(expected_map, output, values, strict=True)):
            for c, (expected, computed, value) in enumerate(zip(expected_row, row, value_row, strict=True)):
                if not matches(expected, value):
                    mismatches.append(Mismatch(m + 1, r + 1, c + 1, expected, computed))
    return mismatches, None


def matches(expected: Decimal, computed: Decimal | Fraction) -> bool:
    """``0.33`` matches ⅓ (written to two decimals); a whole number must be exact. Compared as
    fractions, so no digit is rounded away (the default 28-digit context did).

    >>> matches(Decimal("0.33"), Fraction(1, 3)), matches(Decimal("70"), Decimal("70.4"))
    (True, False)
    >>> matches(Decimal(10**40), Decimal(10**40 + 1))
    False
    """
    exponent = expected.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    difference = abs(Fraction(expected) - Fraction(computed))
    return difference == 0 if decimals == 0 else difference <= Fraction(5, 10 ** (decimals + 1))
