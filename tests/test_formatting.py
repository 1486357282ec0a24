"""render/formatting.py: the notations numbers, fractions and shapes are shown in."""

from __future__ import annotations

from fractions import Fraction

from cnncalc.render.formatting import fraction_text, ratio_text, shape_text
from cnncalc.render.svg import _exact_text, _shape_label


def test_a_fraction_in_each_notation() -> None:
    # (32 + 2·0 − 5)/3 + 1 = 27/3 + 1 … take 7/3 = 2.333…: floor 2.
    seven_thirds = Fraction(7, 3)
    assert ratio_text(seven_thirds) == "7/3"  # JSON's "exact"
    assert fraction_text(seven_thirds) == "7/3 (2.33)"  # tables and apply
    assert _exact_text(seven_thirds) == "7/3 ≈ 2.33 → 2"  # the diagram
    assert fraction_text(Fraction(28)) == "28"
    assert ratio_text(Fraction(28)) == "28/1"


def test_a_shape_in_each_notation() -> None:
    assert shape_text((6, 28, 28)) == "6×28×28"
    assert shape_text((6, 28, 28), channels_last=True) == "28×28×6"
    assert _shape_label((6, 28, 28)) == "6@28×28"  # as the LeNet-5 figure labels a feature map
    assert _shape_label((120,)) == "120"
