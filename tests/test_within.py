"""A table printed without rich's cropping (``Console.print(crop=False)``) where
:func:`cnncalc.render.fasttable.within_width` proves no line wider than the console: the output
must be what rich's own cropping of each line gives (the independent source: rich, cropping the
same segments), at every width, in colour and without, and no line may be wider than the width.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, Group

from cnncalc.render.fasttable import LayerTable, TextLines, within_width
from cnncalc.render.i18n import Lang
from cnncalc.text import guard_console
from tests.test_fasttable import SPECIAL, styles

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Mostly one-column characters (the case the proof covers), sometimes a wide or joining one.
characters = st.sampled_from(list("abcdefgh_.0123456789×→") * 40 + SPECIAL)
words = st.lists(characters, min_size=1, max_size=14).map("".join)
cells = st.lists(words, max_size=5).map(" ".join)


@st.composite
def groups(draw: st.DrawFn) -> Group:
    """A table with columns that wrap, fold and drop (as cnncalc's have), and totals under it."""
    title = draw(st.none() | words)
    table = LayerTable(title=title, lang=draw(st.sampled_from(list(Lang))), show_lines=False)
    columns = draw(st.integers(1, 6))
    for column in range(columns):
        table.add_column(
            draw(words),
            justify=draw(st.sampled_from(["left", "right"])),
            wrap=draw(st.booleans()),
            fold=draw(st.booleans()),
            drop=draw(st.none() | st.integers(0, 7)) if column else None,
        )
    for _ in range(draw(st.integers(0, 8))):
        table.add_row(*draw(st.lists(cells, min_size=columns, max_size=columns)), style=draw(styles))
    totals = TextLines(draw(st.lists(st.tuples(cells, styles), max_size=3)))
    return Group(table, totals)


def printed(group: Group, width: int, colour: bool, crop: bool) -> str:
    options: dict[str, Any] = {"force_terminal": True, "color_system": "truecolor"} if colour else {}
    console = guard_console(Console(file=io.StringIO(), width=width, **options))
    console.print(group, crop=crop)
    text: str = console.file.getvalue()
    return text


@SETTINGS
@given(groups(), st.integers(1, 120), st.booleans())
def test_a_table_within_the_width_prints_as_rich_crops_it(group: Group, width: int, colour: bool) -> None:
    if not within_width(group, width):
        return
    uncropped = printed(group, width, colour, crop=False)
    assert uncropped == printed(group, width, colour, crop=True)
    plain = printed(group, width, False, crop=False)
    assert all(cell_len(line) <= width for line in plain.split("\n"))


def test_the_long_folded_names_of_a_deep_network_are_within_the_width() -> None:
    """The case it is for: names folded at 16 columns, notes wrapped, at 80 columns."""
    table = LayerTable(show_lines=False)
    table.add_column("Name", fold=True)
    table.add_column("Notes", wrap=True)
    for number in range(30):
        table.add_row(f"features.{number}.block.0.conv.weight", "stride does not fit: 481/2 (240.50) → 240")
    assert within_width(Group(table, TextLines([("Total params: 1", None)])), 80)
    # 2 + 18 columns of names and the notes' longest word: nothing fits in 12.
    assert not within_width(Group(table), 12)


def test_a_word_longer_than_a_narrowed_column_that_does_not_fold_is_not_within() -> None:
    table = LayerTable(show_lines=False)
    table.add_column("Notes", wrap=True)
    table.add_row("a " + "x" * 30)
    assert within_width(table, 40)
    assert not within_width(table, 20)  # the word would overrun: rich crops the line


def test_wide_characters_are_left_to_rich() -> None:
    table = LayerTable(show_lines=False)
    table.add_column("Name")
    table.add_row("合成")
    assert not within_width(table, 80)
    assert not within_width(TextLines([("합계", None)]), 80)


def _every_rows_way(columns: Any, cells: tuple[str, ...], edges: Any, template: str) -> list[str]:
    """``one_column_lines`` replaced by ``plain_lines``, which writes any row."""
    lines: list[str] = columns.plain_lines(cells, edges)
    return lines


class Opaque:
    """``renderable`` behind a renderable that says nothing of its lines: the guard checks all."""

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield self.renderable


@SETTINGS
@given(groups(), st.integers(1, 120), st.booleans())
def test_the_guard_passes_on_a_table_and_totals_as_its_checks_would_leave_them(
    group: Group, width: int, colour: bool
) -> None:
    """The fast table and its totals say their lines need no guarding (writes_clean_lines): the
    guard, checking every segment, writes the same."""
    assert printed(group, width, colour, crop=True) == printed(Opaque(group), width, colour, crop=True)  # type: ignore[arg-type]


@SETTINGS
@given(groups(), st.integers(1, 120), st.booleans())
def test_folded_rows_of_one_column_characters_are_written_as_any_row(
    group: Group, width: int, colour: bool
) -> None:
    """A row of one-column characters is written by ``one_column_lines`` (wrapped cells
    measured by len, padded by str.format): the same as by ``plain_lines``, every row's way."""
    from cnncalc.render.fasttable import _Columns

    fast = printed(group, width, colour, crop=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_Columns, "one_column_lines", _every_rows_way)
        assert fast == printed(group, width, colour, crop=True)


@pytest.mark.parametrize("name", ["efficientnet_v2_l", "densenet201", "inception_v3"])
@pytest.mark.parametrize("width", [30, 60, 100, 140])
def test_the_zoo_s_folded_tables_are_written_as_any_row(name: str, width: int) -> None:
    """The case it is for (deep blocks' long names fold on nearly every row), and the guard's
    checks would leave them as they are."""
    from cnncalc import zoo
    from cnncalc.pipeline import compute_file
    from cnncalc.render.fasttable import _Columns
    from cnncalc.render.table import render_table

    path = zoo.path_of(name)
    assert path is not None
    group = render_table(compute_file(path).result, rf=True)
    crop = not within_width(group, width)  # as cnncalc.cli.dispatch prints it
    fast = printed(group, width, False, crop)
    assert fast == printed(Opaque(group), width, False, crop)  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_Columns, "one_column_lines", _every_rows_way)
        assert fast == printed(group, width, False, crop)
