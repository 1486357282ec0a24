"""render/formatting.py: the notations numbers, fractions and shapes are shown in."""

from __future__ import annotations

from fractions import Fraction
from io import StringIO

import pytest
from rich.console import Console

from cnncalc.render.formatting import flagged_lines, fraction_text, ratio_text, shape_text
from cnncalc.render.svg import _exact_text, _shape_label
from tests.conftest import run_cli as cli


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


# Two dense layers on a 3-D input, each a warning under the totals: conv 5 on 1×28×28 gives
# 30×24×24 (28 − 5 + 1 = 24), maxpool 2 gives 30×12×12; dense_1 (layer 4) reads 30×12×12,
# dense_2 (layer 6) reads 100×12×12: neither input is flat.
NOT_FLAT = """\
input: [1, 28, 28]
layers: [{type: conv, filters: 30, kernel: 5}, {type: relu}, {type: maxpool, kernel: 2},
         {type: dense, units: 100}, {type: relu}, {type: dense, units: 10}]
"""


def _not_flat():  # type: ignore[no-untyped-def]
    import yaml

    from cnncalc.engine.calculator import calculate
    from cnncalc.spec.models import Spec

    return calculate(Spec.model_validate(yaml.safe_load(NOT_FLAT)), "nf")


def test_each_warning_is_a_line_of_its_own() -> None:
    lines = flagged_lines(_not_flat())
    assert [line[: len("⚠ layer 4 (dense_1):")] for line in lines] == [
        "⚠ layer 4 (dense_1):",
        "⚠ layer 6 (dense_2):",
    ]
    assert not any("\n" in line for line in lines)


# 150 columns: the fast table; 5: too narrow for any table, rich's own draws it.
@pytest.mark.parametrize("width", [150, 60, 5])
def test_the_table_writes_each_warning_on_its_own_styled_line(width: int) -> None:
    from cnncalc.render.table import render_table

    console = Console(file=StringIO(), width=width, color_system="standard", force_terminal=True)
    console.print(render_table(_not_flat()))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\\n" not in text  # no newline written as the two characters \ and n
    bold_yellow = "\x1b[1;33m"
    starts = [line for line in text.splitlines() if line.startswith(bold_yellow + "⚠")]
    assert len(starts) == 2  # each warning starts a line of its own, in the flagged style


def test_html_gives_each_warning_a_paragraph_of_its_own(write_spec) -> None:  # type: ignore[no-untyped-def]
    """A browser runs the lines of one paragraph together: two warnings are two paragraphs."""
    html = cli(str(write_spec(NOT_FLAT)), "--format", "html").stdout
    assert html.count('<p class="warning">⚠ layer') == 2
