"""Narrow terminals (issue 10): no number or shape is ever broken, no line ends with a space.

At 80 columns rich folded every cell, shapes too (``3×224×2`` / ``24``). The expectations come
from the JSON output (the numbers the table must show), written the README's way: shapes
``C×H×W``, counts with thousands separators.
"""

from __future__ import annotations

import functools
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from cnncalc.engine.calculator import calculate
from cnncalc.render.table import render_table
from cnncalc.spec.validate import load_spec
from tests.conftest import SPECS, run_cli
from tests.test_properties import compute, network

WIDTHS = [60, 80, 100, 120]
VIEWS: list[dict[str, Any]] = [{}, {"rf": True, "dtype": "float16"}]
SHIPPED = sorted(SPECS.glob("*.yaml"))


@functools.cache
def result_of(spec: Path) -> Any:
    loaded, document = load_spec(spec)
    return calculate(loaded, document.stem)


def table_text(spec: Path, width: int, **view: Any) -> str:
    console = Console(file=StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(render_table(result_of(spec), **view))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def cells(text: str) -> tuple[list[str], set[str]]:
    """The header's titles and every cell's text on every line of the table."""
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("┃"))
    titles = [cell.strip() for cell in header.strip("┃").split("┃")]
    found = {cell.strip() for line in lines if line.startswith("│") for cell in line.strip("│").split("│")}
    return titles, found


@functools.cache
def json_output(spec: Path) -> Any:
    return json.loads(run_cli(str(spec), "--format", "json").stdout)


def shape(values: list[int]) -> str:
    return "×".join(str(v) for v in values)


@pytest.mark.parametrize("view", VIEWS, ids=["core", "rf+dtype"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("spec", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_no_number_or_shape_is_broken(spec: Path, width: int, view: dict[str, Any]) -> None:
    text = table_text(spec, width, **view)
    data = json_output(spec)
    lines = text.splitlines()
    assert all(not line.endswith(" ") for line in lines), [line for line in lines if line.endswith(" ")][:3]
    assert all(cell_len(line) <= width for line in lines)
    titles, found = cells(text)
    expected: set[str] = {shape(data["input_shape"])}
    for layer in data["layers"]:
        # Index, output shape and parameters are always shown, each as one whole cell.
        expected |= {str(layer["index"]), shape(layer["output_shape"]), f"{layer['params']:,}"}
        if "Input" in titles:
            expected.add(" + ".join(shape(s) for s in layer["input_shapes"]))
        field = layer["receptive_field"]
        if "RF" in titles and field:
            sizes = {str(v) for v in field["size"]}
            expected.add(sizes.pop() if len(sizes) == 1 else "×".join(str(v) for v in field["size"]))
    missing = expected - found
    assert not missing, sorted(missing)[:5]
    # The totals, unbroken on their lines.
    assert f"Total params: {data['total_params']:,}" in lines
    assert any(line.startswith(f"Total MACs: {data['total_macs']:,}") for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_left_out_columns_are_named(width: int) -> None:
    text = table_text(SPECS / "resnet18.yaml", width)
    titles, _ = cells(text)
    every = ["#", "Name", "Type", "Inputs", "Input", "Output", "Params", "MACs", "Notes"]
    left_out = [title for title in every if title not in titles]
    for kept in ("#", "Name", "Output", "Params", "Notes"):
        assert kept in titles
    if left_out:
        note = " ".join(line for line in text.splitlines() if not line.startswith(("┃", "│", "┏", "┡", "└")))
        assert f"Not shown at {width} columns: {', '.join(left_out)}" in note


def test_the_notes_wrap_at_spaces_and_keep_their_numbers() -> None:
    # conv1 of ResNet-18: (224 + 2·3 − 7)/2 + 1 = 225/2 = 112.5, floored to 112.
    text = table_text(SPECS / "resnet18.yaml", 80)
    _, found = cells(text)
    words = {word for cell in found for word in cell.split(" ")}
    assert {"225/2", "(112.50)", "112"} <= words


def test_a_wide_terminal_keeps_every_column() -> None:
    titles, _ = cells(table_text(SPECS / "lenet5.yaml", 140))
    assert titles == ["#", "Name", "Type", "Input", "Output", "Params", "MACs", "Notes"]


@pytest.mark.parametrize("width", [60, 80])
def test_piped_output_honours_columns(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for args, input_shape in (
        (["specs/resnet18.yaml"], "3×224×224"),
        (["specs/inception_3a.yaml", "--rf", "--dtype", "int8"], "192×28×28"),
    ):
        stdout = run_cli(str(SPECS.parent / args[0]), *args[1:]).stdout
        lines = stdout.splitlines()
        assert max(cell_len(line) for line in lines) <= width
        assert not [line for line in lines if line.endswith(" ")]
        assert input_shape in stdout  # the input row's shape, whole


def test_piped_output_without_columns_is_140_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    stdout = run_cli(str(SPECS / "lenet5.yaml")).stdout
    titles, _ = cells(stdout)
    assert "Input" in titles and "MACs" in titles
    assert not [line for line in stdout.splitlines() if line.endswith(" ")]  # the title had 106


# Names of any printable text, wide (Korean, CJK) characters and spaces included.
names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda name: name != "input")  # the network's input's name: refused for a layer (exit 2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network(), st.lists(names, min_size=8, max_size=8, unique=True), st.integers(60, 130))
def test_any_names_at_any_width(data: dict[str, Any], layer_names: list[str], width: int) -> None:
    for layer, name in zip(data["layers"], layer_names, strict=False):
        layer["name"] = name.strip() or "x"
    assume(len({layer.get("name") for layer in data["layers"]}) == len(data["layers"]))
    result = compute(data)
    console = Console(file=StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(render_table(result))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    lines = text.splitlines()
    assert all(cell_len(line) <= width for line in lines)
    assert not [line for line in lines if line.endswith(" ")]
    _, found = cells(text)
    for layer in result.layers:
        assert "×".join(map(str, layer.output_shape)) in found
        assert f"{layer.params:,}" in found


@pytest.mark.parametrize(
    "args",
    [
        ["check", "examples/"],
        ["specs/lenet5.yaml", "--explain"],
        ["solve", "--input", "224", "--kernel", "7"],
        ["conv", "--input", "224x224", "--channels", "3", "--kernel", "7", "--stride", "2", "--padding", "3"],
        ["apply", "exercises/tobigs_7x7.yaml", "--explain"],
    ],
    ids=["check", "explain", "solve", "conv", "apply"],
)
def test_no_terminal_output_ends_a_line_with_a_space(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # rich pads table cells (solve) and leaves a space where it wraps a long line (60 columns).
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.chdir(SPECS.parent)
    stdout = run_cli(*args).stdout
    assert stdout.strip()
    assert not [line for line in stdout.splitlines() if line.endswith(" ")]


def test_the_terminal_guard_keeps_rich_colours() -> None:
    from rich.text import Text

    from cnncalc.text import guard_console

    console = guard_console(Console(file=StringIO(), force_terminal=True, color_system="standard", width=40))
    console.print(Text("warning   ", style="bold red"), Text("a\x1bb"))
    out = console.file.getvalue()
    assert "\x1b[1;31mwarning" in out  # rich's own escape sequence, untouched
    assert "a\\x1bb" in out  # the name's ESC, escaped


class _Segments:
    """A renderable that writes the segments it is given, as they are."""

    def __init__(self, segments: list[Any]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield from self.segments


_pieces = st.sampled_from(["ab", "c d", "e  ", " ", "", "\x1b", "×", "\n"])
_piece_texts = st.lists(_pieces, max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_piece_texts, max_size=6), st.booleans())
def test_the_guard_writes_many_lines_at_once_as_it_writes_them_one_by_one(
    pieces: list[str], colour: bool
) -> None:
    """The fast table gives the guard many plain lines as one segment; what reaches the terminal
    must be what rich writes for the same text split into one segment per line and line break
    (the guard's general path: no line ends with a blank, every character visible)."""
    from rich.segment import Segment

    from cnncalc.text import guard_console

    def written(segments: list[Any]) -> str:
        options: dict[str, Any] = {"force_terminal": True, "color_system": "standard"} if colour else {}
        console = guard_console(Console(file=StringIO(), width=30, **options))
        console.print(_Segments(segments))
        return str(console.file.getvalue())

    whole = [Segment(piece) for piece in pieces]
    one_by_one = [
        Segment(part) if part != "\n" else Segment.line()
        for piece in pieces
        for part in piece.replace("\n", "\0\n\0").split("\0")
        if part
    ]
    assert written(whole) == written(one_by_one)
