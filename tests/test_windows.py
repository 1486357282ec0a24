"""The rule helpers shared by several kinds (cnncalc.engine.windows), worked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cnncalc.engine.windows import input_field, per_axis, receptive_field, windowed_sizes
from cnncalc.kinds.base import Invalid, ReceptiveWindow


def test_a_field_given_once_or_per_axis() -> None:
    assert per_axis(3, 2, "kernel") == (3, 3)
    assert per_axis((3, 5), 2, "kernel") == (3, 5)
    with pytest.raises(Invalid) as caught:
        per_axis((3,), 2, "kernel")  # one entry for a 2-D input
    assert caught.value.field == "kernel"


def test_a_window_that_fits() -> None:
    # (32 + 2·0 − 5)/1 + 1 = 28 on both axes: LeNet-5's C1
    sizes, steps, warnings, notes, windows = windowed_sizes((32, 32), (5, 5), (1, 1), 0, (1, 1))
    assert sizes == (28, 28)
    assert [step.result for step in steps] == [28, 28] and warnings == [] and notes == []
    assert windows == (ReceptiveWindow(5, 1), ReceptiveWindow(5, 1))


def test_a_stride_that_does_not_fit_is_flagged_with_its_exact_value() -> None:
    # (7 + 2·0 − 3)/3 + 1 = 7/3, floored to 2
    sizes, _, warnings, _, _ = windowed_sizes((7,), (3,), (3,), 0, (1,))
    assert sizes == (2,)
    assert [(flag.kind, flag.exact) for flag in warnings] == [("stride_does_not_fit", Fraction(7, 3))]


def test_same_padding_notes_an_odd_pixel_after() -> None:
    # ⌈8/2⌉ = 4; padding (4 − 1)·2 + 3 − 8 = 1: none before, one after
    sizes, steps, _, notes, _ = windowed_sizes((8,), (3,), (2,), "same", (1,))
    assert sizes == (4,)
    assert (steps[0].operands["P_before"], steps[0].operands["P_after"]) == (0, 1)
    assert [flag.kind for flag in notes] == ["same_padding_asymmetric"]
    # ⌈7/2⌉ = 4; padding (4 − 1)·2 + 3 − 7 = 2: one each side, nothing to note
    assert windowed_sizes((7,), (3,), (2,), "same", (1,))[3] == []


def test_the_receptive_field_steps_through_each_window() -> None:
    # two 3×3 convs, stride 1: r = 1 + 2 + 2 = 5; then a 2×2 pool, stride 2: r = 5 + 1·1 = 6, j = 2
    field = input_field((1, 16, 16))
    for window in (ReceptiveWindow(3, 1), ReceptiveWindow(3, 1), ReceptiveWindow(2, 2)):
        field = receptive_field([field], (window, window))
    assert field is not None
    assert (field.size, field.jump) == ((6, 6), (2, 2))
    assert input_field((10,)) is None  # a flat vector has no field
