"""The receptive field's quick paths (cnncalc.engine.windows, formulas) against the definitions
they shortcut: every value the same, on hypothesis-generated fields and windows."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cnncalc.engine import formulas as f
from cnncalc.engine.results import Exact, ReceptiveField
from cnncalc.engine.windows import broadcast_field, receptive_field
from cnncalc.kinds.base import ReceptiveWindow

exacts = st.one_of(st.integers(-50, 200), st.fractions(-50, 200, max_denominator=8).map(f.exact))
positive = st.one_of(st.integers(1, 200), st.fractions(1, 200, max_denominator=8).map(f.exact))


@st.composite
def fields(draw: st.DrawFn, rank: int) -> ReceptiveField:
    def axes(values: st.SearchStrategy[Exact]) -> tuple[Exact, ...]:
        return tuple(draw(values) for _ in range(rank))

    return ReceptiveField(axes(positive), axes(positive), axes(exacts))


def _size_on(field: ReceptiveField, axis: int) -> Exact:
    return field.size[axis] if axis < len(field.size) else 0


def largest_by_definition(known: list[ReceptiveField]) -> ReceptiveField:
    """Per axis of the first field, max() of the fields by their size there (the first of equals)."""
    bests = [max(known, key=lambda rf: _size_on(rf, axis)) for axis in range(len(known[0].size))]
    return ReceptiveField(
        tuple(best.size[axis] for axis, best in enumerate(bests)),
        tuple(best.jump[axis] for axis, best in enumerate(bests)),
        tuple(best.start[axis] for axis, best in enumerate(bests)),
    )


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 9), st.integers(1, 3), exacts, exacts, positive)
def test_a_start_in_whole_numbers_equals_the_fraction_formula(
    kernel: int, dilation: int, start: Exact, pad: Exact, jump: Exact
) -> None:
    span = f.effective_kernel(kernel, dilation) - 1
    expected = f.exact(start + (Fraction(span, 2) - pad) * jump)
    got = f.receptive_field_start(start, kernel, pad, jump, dilation)
    assert got == expected and type(got) is type(expected)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 3).flatmap(lambda rank: st.lists(fields(rank), min_size=2, max_size=4)))
def test_a_merge_takes_the_largest_field_per_axis(known: list[ReceptiveField]) -> None:
    got = receptive_field([*known, None], None)
    assert got == largest_by_definition(known)
    for field in known:  # one field larger than the others on every axis: that field itself
        others = [other for other in known if other is not field]
        if all(
            field.size[axis] > _size_on(other, axis) for other in others for axis in range(len(field.size))
        ):
            assert got is field


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 3).flatmap(lambda rank: st.tuples(fields(rank), st.integers(1, 3))))
def test_windows_that_keep_the_field_give_back_the_same_field(case: tuple[ReceptiveField, int]) -> None:
    field, dilation = case
    rank = len(field.size)
    for windows in ((ReceptiveWindow(1, 1),) * rank, (ReceptiveWindow(1, 1, 0, dilation),) * rank, ()):
        assert receptive_field([field], windows) is field


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 3).flatmap(lambda rank: st.lists(st.tuples(fields(rank), st.booleans()), min_size=2)))
def test_a_broadcast_field_by_definition(inputs: list[tuple[ReceptiveField, bool]]) -> None:
    """An input either of the output's size on every axis or 1 there (an SE gate)."""
    rank = len(inputs[0][0].size)
    out_shape = (8, *([5] * rank))
    shapes = tuple((8, *([5 if full else 1] * rank)) for _, full in inputs)
    known = [field for field, _ in inputs]
    size, jump, start = [], [], []
    for axis in range(rank):
        full = [field for field, shape in zip(known, shapes, strict=True) if shape[axis + 1] == 5] or [
            known[0]
        ]
        grid = max(full, key=lambda rf: _size_on(rf, axis))
        size.append(max(_size_on(field, axis) for field in known))
        jump.append(grid.jump[axis])
        start.append(grid.start[axis])
    expected = ReceptiveField(tuple(size), tuple(jump), tuple(start))
    assert broadcast_field(list(known), shapes, out_shape) == expected
