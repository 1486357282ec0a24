"""The terminal table's own renderer (render/fasttable.py) against rich's ``Table``: wherever the
table fits, the two write the same characters in the same styles (the independent source is
rich itself, laying out the same cells); and no table is ever handed to rich's layout.

tests/test_properties.py holds the first such test (random chains, three widths); these widen it
to graphs with merges of many inputs, ``--rf`` and ``--dtype``, Korean, every width up to 250
columns, colour on and off, and cells of any character: wide (CJK, emoji), zero-width
(combining marks), joining (ZWJ, variation selector 16), and control characters (escaped).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style

from cnncalc.engine.results import NetworkResult
from cnncalc.render.fasttable import LayerTable
from cnncalc.render.i18n import Lang
from cnncalc.render.table import render_table
from tests.conftest import SPECS, run_cli
from tests.test_properties import compute, network

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_WIDTH = 250

# Characters rich measures other than one column each, alone or next to another.
SPECIAL = [
    "合",
    "표",
    "😀",
    "👨\u200d👩\u200d👧",
    "e\u0301",
    "\u200d",
    "\ufe0f",
    "☺\ufe0f",
    "×",
    "–",
    "⚠",
    "▸",
]
characters = st.characters(codec="utf-8", exclude_categories=["Cs"])
words = st.lists(characters | st.sampled_from(SPECIAL), min_size=1, max_size=6).map("".join)
words = words.filter(lambda word: " " not in word)
# A cell: words one space apart (rich and cnncalc alike keep a cell's inner spaces).
cell_texts = st.lists(words, max_size=4).map(" ".join)
# A column's title: cnncalc's own (from the catalogue), printable and never zero columns wide.
headers = st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S")), min_size=1, max_size=10)
headers = headers.filter(lambda header: cell_len(header) > 0)
styles = st.sampled_from([None, None, None, "dim", "bold yellow", "cyan"])


def styled_chars(renderable: Any, width: int, colour: bool) -> list[tuple[str, str]]:
    """Every character written and its style, as a console of ``width`` columns renders it."""
    options: dict[str, Any] = {"force_terminal": True, "color_system": "truecolor"} if colour else {}
    console = Console(file=io.StringIO(), width=width, **options)
    return [
        (char, str(segment.style or Style.null()))
        for segment in console.render(renderable)
        for char in segment.text
    ]


def layer_table(result: NetworkResult, **view: Any) -> LayerTable:
    """The table of ``render_table``'s group (the totals follow it)."""
    table = render_table(result, **view).renderables[0]
    assert isinstance(table, LayerTable)
    return table


def natural_width(table: LayerTable) -> int:
    widths = table.widths()
    return sum(widths) + len(widths) + 1


def assert_as_rich(table: LayerTable, width: int, colour: bool) -> None:
    assert natural_width(table) <= width  # where it does not fit, the layout is cnncalc's own
    fast, slow = styled_chars(table, width, colour), styled_chars(table.to_rich(), width, colour)
    assert fast == slow, (table.title, table.headers, table.rows)


@st.composite
def tables(draw: st.DrawFn) -> LayerTable:
    """A table of random cells, justification and row styles, with or without a title."""
    title = draw(st.none() | st.text(st.characters(codec="ascii", min_codepoint=33), min_size=1, max_size=20))
    table = LayerTable(title=title, show_lines=False)
    columns = draw(st.integers(1, 8))
    for _ in range(columns):
        header = draw(headers)
        table.add_column(header, justify=draw(st.sampled_from(["left", "right"])))
    for _ in range(draw(st.integers(0, 8))):
        cells = draw(st.lists(cell_texts, min_size=columns, max_size=columns))
        table.add_row(*cells, style=draw(styles))
    return table


@SETTINGS
@given(tables(), st.data(), st.booleans())
def test_any_cells_are_written_as_rich_writes_them(table: LayerTable, data: Any, colour: bool) -> None:
    assume(natural_width(table) <= MAX_WIDTH)
    width = data.draw(st.integers(max(natural_width(table), 30), MAX_WIDTH), label="width")
    assert_as_rich(table, width, colour)


name_characters = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
names = (
    st.lists(name_characters | st.sampled_from(SPECIAL), min_size=1, max_size=8).map("".join).map(str.strip)
)


@st.composite
def graph(draw: st.DrawFn) -> dict[str, Any]:
    """A graph on a chain of named layers: branches from its last layer, a concat of that
    layer and the branches, and an add of the branches."""
    data: dict[str, Any] = draw(network())
    assume(data["layers"][-1]["type"] != "dense")  # the branches are convs: on a feature map
    chain = data["layers"]
    branches = [f"b{number}" for number in range(draw(st.integers(2, 6)))]
    taken = {"input", "cat", "sum", *branches}
    for layer in chain:
        layer["name"] = draw(names.filter(lambda name: name and name not in taken))
        taken.add(layer["name"])
    stem = chain[-1]["name"]
    for branch in branches:
        kernel = draw(st.sampled_from([1, 3]))
        conv = {"type": "conv", "name": branch, "filters": 2, "kernel": kernel, "padding": kernel // 2}
        chain.append({**conv, "inputs": [stem]})
    chain.append({"type": "concat", "name": "cat", "inputs": [stem, *branches]})
    chain.append({"type": "add", "name": "sum", "inputs": branches})
    return data


@SETTINGS
@given(
    graph() | network(),
    st.booleans(),
    st.sampled_from([None, "float16", "int8"]),
    st.sampled_from(list(Lang)),
    st.data(),
    st.booleans(),
)
def test_graph_and_chain_tables_are_written_as_rich_writes_them(
    data: dict[str, Any], rf: bool, dtype: str | None, lang: Lang, drawn: Any, colour: bool
) -> None:
    """A graph's Inputs column and merges' several input shapes, --rf's and --dtype's columns,
    the flagged rows' style and the notes, in English and Korean."""
    table = layer_table(compute(data), rf=rf, dtype=dtype, lang=lang)
    assume(natural_width(table) <= MAX_WIDTH)
    width = drawn.draw(st.integers(max(natural_width(table), 30), MAX_WIDTH), label="width")
    assert_as_rich(table, width, colour)


def test_a_graph_fits_and_is_written_as_rich_writes_it() -> None:
    """A merge of five inputs, a flagged layer, a name of wide characters (by hand: every cell
    fits at 200 columns)."""
    data = {
        "input": [3, 10, 10],  # (10 − 3)/2 + 1 = 4.5: the stride does not fit
        "layers": [
            {"type": "conv", "name": "合成", "filters": 4, "kernel": 3, "stride": 2},
            *(
                {"type": "conv", "name": f"b{n}", "filters": 4, "kernel": 1, "inputs": ["合成"]}
                for n in range(4)
            ),
            {"type": "concat", "name": "cat", "inputs": ["合成", "b0", "b1", "b2", "b3"]},
        ],
    }
    table = layer_table(compute(data), rf=True, dtype="float16")
    assert table.rows[1][1] == "bold yellow" and "b0, b1, b2, b3" in table.rows[-1][0][3]
    assert natural_width(table) <= 200
    for colour in (False, True):
        assert_as_rich(table, 200, colour)


GRAPH_WITH_NOTES = """\
name: graph with notes
input: [3, 225, 225]
layers:
  - {type: conv, name: stem, filters: 8, kernel: 3, stride: 2}
  - {type: conv, name: a_rather_long_branch_name, filters: 8, kernel: 3, padding: 1, inputs: [stem]}
  - {type: conv, name: b, filters: 8, kernel: 3, padding: 1, inputs: [stem]}
  - {type: concat, name: cat, inputs: [stem, a_rather_long_branch_name, b]}
  - {type: maxpool, kernel: 3, stride: 2}
"""


@pytest.mark.parametrize("columns", ["30", "60", "100", "250"])
@pytest.mark.parametrize("options", [[], ["--rf", "--dtype", "float16"]])
def test_no_table_is_laid_out_by_rich(
    columns: str, options: list[str], write_spec: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph whose notes wrap, on narrow and wide terminals, with the optional columns: every
    table is written by cnncalc's renderer, never by ``rich.table.Table`` (its layout took 1.8 s
    of DenseNet-121's 2.5 s)."""
    import rich.table

    def refuse(*_: Any) -> Any:
        raise AssertionError("a table fell back to rich's layout")

    monkeypatch.setattr(rich.table.Table, "__rich_console__", refuse)
    monkeypatch.setenv("COLUMNS", columns)
    for spec in (str(write_spec(GRAPH_WITH_NOTES)), str(SPECS / "inception_3a.yaml")):
        result = run_cli(spec, *options)
        assert result.returncode == 0, result.stderr
        assert "\n┏━" in result.stdout
